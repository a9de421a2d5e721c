"""WARC files (plain or per-record gzip), streamed with warcio.

Only successful ``response`` records (and ``resource`` records) holding HTML
or plain text become items; requests, metadata, images, scripts and error
pages are crawl plumbing, not articles, and are passed over silently. The
URL comes from ``WARC-Target-URI``; ``WARC-Date`` (when the page was
*captured*) is kept as the ``warc_date`` field, for the cleaner to use as a
last resort only. A record's source is ``path#<WARC-Record-ID>``.

warcio stops quietly at a truncated record, so damage is detected here: a
record whose payload is shorter than its Content-Length, or bytes left after
the last record that parsed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any, Literal

from warcio.archiveiterator import ArchiveIterator

from sitrep.ingest.base import MAX_ITEM_BYTES, ReadError, decode, split_content_type
from sitrep.ingest.budget import BudgetExceeded, InputBudget
from sitrep.records import ItemError, RawItem

ARTICLE_TYPES: dict[str, Literal["html", "text"]] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
# An uncompressed WARC ends with the blank lines after its last record.
_TRAILER_BYTES = 4


class _Counting:
    """Counts the bytes warcio consumes, to find data it silently skipped."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.count

    def drain(self) -> int:
        while self.read(1024 * 1024):
            pass
        return self.count


def read_warc(
    source: str, stream: IO[bytes], budget: InputBudget | None = None
) -> Iterator[RawItem | ItemError]:
    """``budget``: charged each record's declared length before its block is read (a gzipped WARC)."""
    counting = _Counting(stream)
    records = ArchiveIterator(counting)
    parsed_to = 0
    seen = 0
    try:
        for record in records:
            seen += 1
            if budget is not None:
                budget.charge(_declared_length(record))
            item = _guarded_record_item(source, record)  # reads the payload: must come before the offsets
            offset = records.get_record_offset()
            parsed_to = offset + records.get_record_length()
            if _damaged(record) and not isinstance(item, ItemError):
                # Any record, article or not: a cut one means the file is damaged here.
                where = item.source if item is not None else f"{source}#offset {offset}"
                item = ItemError(where, "read", f"truncated or damaged WARC record at offset {offset}")
            if item is not None and item.source.endswith("#"):
                item.source += f"offset {offset}"
            if item is not None:
                yield item
    except BudgetExceeded:
        raise
    except Exception as exc:  # warcio raises assorted errors on damaged input
        if not seen:
            raise ReadError(f"not a readable WARC file ({type(exc).__name__}: {exc})") from None
        yield ItemError(
            f"{source}#offset {parsed_to}", "read", f"damaged WARC data after offset {parsed_to}: {exc}"
        )
        return
    if not seen:
        raise ReadError("not a WARC file (no records)")
    leftover = counting.drain() - parsed_to
    if leftover > _TRAILER_BYTES:
        yield ItemError(
            f"{source}#offset {parsed_to}",
            "read",
            f"truncated WARC: {leftover} bytes after offset {parsed_to} are not a complete record",
        )


def _declared_length(record: Any) -> int:
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    return int(declared) if declared.isdigit() else 0


def _damaged(record: Any) -> bool:
    """Cut in its header block (no Content-Length) or in its payload (bytes missing)."""
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    return not declared.isdigit() or bool(getattr(record.raw_stream, "limit", 0))


def _guarded_record_item(source: str, record: Any) -> RawItem | ItemError | None:
    """One record's item; a record-level failure (odd headers, a parser limit) costs that record alone."""
    try:
        return _record_item(source, record)
    except BudgetExceeded:
        raise
    except (ValueError, LookupError, RecursionError, ReadError) as exc:
        record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
        return ItemError(
            f"{source}#{record_id}", "read", f"unreadable WARC record ({type(exc).__name__}: {exc})"
        )


def _record_item(source: str, record: Any) -> RawItem | ItemError | None:
    headers = record.rec_headers
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not str(http.get_statuscode() or "").startswith("2"):
            return None
        content_type = http.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = headers.get_header("Content-Type")
    else:
        return None
    mime, charset = split_content_type(content_type)
    kind = ARTICLE_TYPES.get(mime or "")
    if kind is None:
        return None
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>")
    item_source = f"{source}#{record_id}"  # completed with the offset by the caller if no id
    data = record.content_stream().read(MAX_ITEM_BYTES + 1)
    if len(data) > MAX_ITEM_BYTES:
        return ItemError(item_source, "read", f"record over {MAX_ITEM_BYTES} bytes")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return ItemError(item_source, "read", f"truncated record: {missing} bytes of its payload are missing")
    if not data.strip():
        return ItemError(item_source, "read", "empty record")
    try:
        text = decode(data, declared=charset, markup=kind == "html")
    except ReadError as exc:
        return ItemError(item_source, "read", str(exc))
    fields: dict[str, Any] = {
        "warc_record_id": record_id or None,
        "warc_date": headers.get_header("WARC-Date"),
        "content_type": content_type,
    }
    return RawItem(
        source=item_source,
        content=text,
        content_type=kind,
        url=headers.get_header("WARC-Target-URI"),
        fields={k: v for k, v in fields.items() if v},
    )
