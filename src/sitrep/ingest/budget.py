"""Budgets on decompressed bytes, per input and per run, and a deadline for fetched inputs.

Every byte that comes out of a decompressor (a gzip stream, a zip member, at
every level of nesting) is charged to the input it came from and to the run.
Over the input's budget, that input stops with an error (the records read
before stay read); over the run's budget, so does every compressed input
after it. Both are set by environment variables (see :data:`INPUT_BYTES_ENV`
and :data:`RUN_BYTES_ENV`).

An input that failed its own budget is *remembered*: its error names the
file's SHA-256, and a later run given that error (the pipeline passes the
previous run's errors) refuses the unchanged file at once instead of
decompressing it again. Raising the budget or changing the file retries it.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sitrep.ingest.base import ReadError
from sitrep.records import ItemError

INPUT_BYTES_ENV = "SITREP_MAX_INPUT_BYTES"
RUN_BYTES_ENV = "SITREP_MAX_RUN_BYTES"
DEFAULT_INPUT_BYTES = 256 * 1024 * 1024
DEFAULT_RUN_BYTES = 4 * 1024 * 1024 * 1024

_CHUNK = 1024 * 1024
_MARK = "[sha256 "


class BudgetExceeded(ReadError):
    """Stops the whole input it was raised in, not only the member being read."""


def _env_bytes(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip().replace("_", "")
    return int(value) if value.isdigit() else default


@dataclass(frozen=True, slots=True)
class Limits:
    per_input: int = DEFAULT_INPUT_BYTES
    per_run: int = DEFAULT_RUN_BYTES

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            _env_bytes(INPUT_BYTES_ENV, DEFAULT_INPUT_BYTES), _env_bytes(RUN_BYTES_ENV, DEFAULT_RUN_BYTES)
        )


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:16]


def over_input_reason(limit: int, digest: str | None) -> str:
    reason = (
        f"decompresses to more than {limit:,} bytes, the budget per input (raise it with {INPUT_BYTES_ENV})"
    )
    if digest is None:
        return reason
    return f"{reason}; not retried while the file is unchanged {_MARK}{digest}]"


@dataclass(slots=True)
class RunBudget:
    """The bytes one run may decompress, and the per-input failures of the previous run."""

    limits: Limits = field(default_factory=Limits.from_env)
    used: int = 0
    remembered: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def remembering(cls, errors: Iterable[ItemError], limits: Limits | None = None) -> RunBudget:
        budget = cls(limits or Limits.from_env())
        for error in errors:
            if _MARK in error.reason:
                budget.remembered.setdefault(error.source, set()).add(error.reason)
        return budget

    def for_input(
        self, *, digest: Callable[[], str] | None = None, stop_at: float | None = None
    ) -> InputBudget:
        return InputBudget(self, digest=digest, stop_at=stop_at)

    def known_failure(self, source: str, path: Path) -> str | None:
        """The reason an unchanged file failed its budget last time, if it did."""
        reasons = self.remembered.get(source)
        if not reasons:
            return None
        reason = over_input_reason(self.limits.per_input, file_digest(path))
        return reason if reason in reasons else None


@dataclass(slots=True)
class InputBudget:
    run: RunBudget
    digest: Callable[[], str] | None = None  # the input file's fingerprint, computed only on failure
    stop_at: float | None = None  # a fetched input's deadline covers its decompression too
    used: int = 0

    def check_declared(self, size: int) -> None:
        """Refuse before reading what an archive says it will expand to."""
        if self.used + size > self.run.limits.per_input:
            raise self._over_input()

    def charge(self, size: int) -> None:
        self.used += size
        self.run.used += size
        if self.used > self.run.limits.per_input:
            raise self._over_input()
        if self.run.used > self.run.limits.per_run:
            raise BudgetExceeded(
                f"the run has decompressed more than {self.run.limits.per_run:,} bytes, its budget "
                f"(raise it with {RUN_BYTES_ENV})"
            )
        if self.stop_at is not None and time.monotonic() > self.stop_at:
            raise BudgetExceeded("timed out: the fetch deadline also covers decompressing what was fetched")

    def _over_input(self) -> BudgetExceeded:
        digest = self.digest() if self.digest else None
        return BudgetExceeded(over_input_reason(self.run.limits.per_input, digest))

    def meter(self, stream: IO[bytes]) -> Metered:
        return Metered(stream, self)


class Metered(io.BufferedIOBase):
    """A decompressed stream whose bytes are charged to a budget as they are read."""

    def __init__(self, stream: IO[bytes], budget: InputBudget) -> None:
        super().__init__()
        self._stream = stream
        self._budget = budget

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(_CHUNK), b""))
        data = self._stream.read(size)
        self._budget.charge(len(data))
        return data

    def read1(self, size: int = -1) -> bytes:
        return self.read(size if size >= 0 else _CHUNK)

    def readline(self, size: int | None = -1) -> bytes:
        # Never unbounded: without a size, a "line" of a bomb would be read whole before being charged.
        data = self._stream.readline(size if size is not None and size >= 0 else _CHUNK)
        self._budget.charge(len(data))
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            super().close()
