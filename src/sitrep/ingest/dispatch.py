"""The one dispatch: a named input goes to its reader by extension, else by sniffing.

Every reader raises :class:`ReadError` (or lets a library error escape); the
guard in :func:`read_stream` turns it into an :class:`ItemError` for that
input, after whatever records were read before the damage. A spent budget
(:class:`~sitrep.ingest.budget.BudgetExceeded`) passes the guards of archive
members and stops the whole input it belongs to.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from sitrep.ingest import archives, feeds, records, warc
from sitrep.ingest.base import (
    GZIP_MAGIC,
    MAX_ITEM_BYTES,
    Kind,
    ReadError,
    binary_reason,
    bom_encoding,
    decode,
    kind_from_name,
    looks_like_html,
    sniff,
    too_large,
)
from sitrep.ingest.budget import BudgetExceeded, InputBudget, RunBudget
from sitrep.records import ItemError, RawItem

Item = RawItem | ItemError
Opener = Callable[[], IO[bytes]]

# Readers that stream records, so they take a file object rather than bytes.
_STREAMED: frozenset[Kind] = frozenset({"warc", "jsonl", "gzip", "zip"})


def describe(exc: BaseException) -> str:
    """A reason for the user from an exception a reader let through."""
    if isinstance(exc, ReadError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "too large to hold in memory"
    if isinstance(exc, EOFError):
        return f"truncated data, the rest could not be read ({exc})"
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return f"corrupt compressed data, the rest could not be read ({exc})"
    if isinstance(exc, PermissionError | FileNotFoundError | IsADirectoryError):
        return f"cannot read ({exc.strerror})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def read_stream(
    source: str,
    name: str,
    open_: Opener,
    *,
    size: int | None = None,
    depth: int = 0,
    kind: Kind | None = None,
    budget: InputBudget | None = None,
) -> Iterator[Item]:
    """Read one input that can be opened: a file, an archive member, a decompressed stream."""
    budget = budget or RunBudget().for_input()
    try:
        yield from _read_stream(source, name, open_, size=size, depth=depth, kind=kind, budget=budget)
    except BudgetExceeded as exc:
        if depth:
            raise  # the budget is the whole input's: the archive holding this member stops too
        yield ItemError(source, "read", describe(exc))
    except Exception as exc:  # one bad input must not stop the batch
        yield ItemError(source, "read", describe(exc))


def _read_stream(
    source: str,
    name: str,
    open_: Opener,
    *,
    size: int | None,
    depth: int,
    kind: Kind | None,
    budget: InputBudget,
) -> Iterator[Item]:
    if size == 0:
        raise ReadError("empty file")
    kind = kind or kind_from_name(name)
    if kind == "gzip":
        yield from archives.read_gzip(source, name, open_, depth=depth, budget=budget)
        return
    if kind == "zip":
        yield from archives.read_zip(source, open_, depth=depth, budget=budget)
        return
    if kind in _STREAMED:
        with open_() as stream:
            if kind == "warc":
                # warcio decompresses a .warc.gz itself: its records are charged as they are met.
                gzipped = name.lower().endswith(".warc.gz")
                yield from warc.read_warc(source, stream, budget if gzipped else None)
            else:
                yield from records.read_jsonl(source, stream)
        return
    # A single document: refuse by size before reading, then read with a cap.
    if size is not None and size > MAX_ITEM_BYTES:
        raise too_large(size)
    with open_() as stream:
        data = stream.read(MAX_ITEM_BYTES + 1)
    if len(data) > MAX_ITEM_BYTES:
        raise too_large()
    yield from read_bytes(source, name, data, kind=kind, depth=depth, budget=budget)


def read_bytes(
    source: str,
    name: str,
    data: bytes,
    *,
    kind: Kind | None = None,
    depth: int = 0,
    url: str | None = None,
    charset: str | None = None,
    budget: InputBudget | None = None,
) -> Iterator[Item]:
    """Read one document held in memory (a file's bytes or a fetched body)."""
    budget = budget or RunBudget().for_input()
    try:
        yield from _read_bytes(
            source, name, data, kind=kind, depth=depth, url=url, charset=charset, budget=budget
        )
    except BudgetExceeded as exc:
        if depth:
            raise
        yield ItemError(source, "read", describe(exc))
    except Exception as exc:
        yield ItemError(source, "read", describe(exc))


def _read_bytes(
    source: str,
    name: str,
    data: bytes,
    *,
    kind: Kind | None,
    depth: int,
    url: str | None,
    charset: str | None,
    budget: InputBudget,
) -> Iterator[Item]:
    if not data.strip():
        raise ReadError("empty file" if not data else "empty file (only whitespace)")
    if bom_encoding(data) is None:
        # Containers are recognised by content too: a gzip named .txt is still gzip.
        if data.startswith(GZIP_MAGIC) and kind != "warc":
            kind = "gzip"
        elif kind not in ("zip", "warc", "jsonl") and (reason := binary_reason(data[:8192])):
            # (The JSONL reader judges its own head: one junk line is not a binary file.)
            raise ReadError(reason)
    if kind is None:
        kind = sniff(data)
    elif kind == "text" and looks_like_html(data, strict=True):
        kind = "html"  # an HTML page saved as .txt is still HTML
    if kind in _STREAMED:
        yield from read_stream(
            source, name, lambda: io.BytesIO(data), size=len(data), depth=depth, kind=kind, budget=budget
        )
    elif kind == "json":
        yield from records.read_json(source, data)
    elif kind == "feed":
        yield from feeds.read_feed(source, data, url=url, charset=charset)
    else:
        text = decode(data, declared=charset, markup=kind == "html")
        if not text.strip():
            raise ReadError("empty file (only whitespace)")
        yield RawItem(source=source, content=text, content_type=kind, url=url)
