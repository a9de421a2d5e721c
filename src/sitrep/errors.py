"""A run's failures, counted in full but named only up to a cap.

A hostile input can hold hundreds of thousands of bad records (a 545-byte
gzip of one-character lines holds 262,144). Every failure is counted; the
first ``cap`` are kept by name (printed and stored); the rest are counted per
reason, with the record numbers in a reason folded so that ``line 7: invalid
JSON`` and ``line 9: invalid JSON`` count as one reason.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sitrep.records import ItemError

ERROR_CAP_ENV = "SITREP_MAX_ERRORS"
DEFAULT_ERROR_CAP = 100

_NUMBER = re.compile(r"\d[\d,._]*")


def error_cap() -> int:
    """The cap from ``$SITREP_MAX_ERRORS``, else :data:`DEFAULT_ERROR_CAP`."""
    value = os.environ.get(ERROR_CAP_ENV, "").strip()
    return int(value) if value.isdigit() else DEFAULT_ERROR_CAP


def reason_kind(reason: str) -> str:
    """A reason with its numbers folded: one kind per way of failing, not per record."""
    return _NUMBER.sub("N", reason)


@dataclass(slots=True)
class ErrorLog:
    """Every failure counted; the first ``cap`` named, the rest counted per (stage, reason kind)."""

    cap: int = field(default_factory=error_cap)
    named: list[ItemError] = field(default_factory=list)
    unnamed: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.named) + self.unnamed.total()

    def add(self, error: ItemError) -> None:
        if len(self.named) < self.cap:
            self.named.append(error)
        else:
            self.unnamed[(error.stage, reason_kind(error.reason))] += 1

    def extend(self, errors: Iterable[ItemError]) -> None:
        for error in errors:
            self.add(error)

    def summary(self) -> list[ItemError]:
        """One record per reason beyond the cap, most frequent first: ``N more items`` failed so."""
        return [
            ItemError(f"({count:,} more items)", stage, kind)
            for (stage, kind), count in self.unnamed.most_common()
        ]

    def stored(self) -> list[ItemError]:
        """What the ``errors`` table keeps: the named failures, then the summary."""
        return [*self.named, *self.summary()]
