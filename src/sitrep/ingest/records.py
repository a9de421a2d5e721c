"""JSON and JSONL records: one article per object, every field kept.

The body is the first non-empty string among :data:`BODY_KEYS`; every other
field stays in ``RawItem.fields`` for the cleaner (unknown ones end up in
``Article.extra``). A record's source is ``path#<id>``, else ``path#<line>``
for JSONL and ``path#<position>`` (from 1) for a JSON list.

A bad record costs that record alone: invalid JSON, a parser limit (an
integer longer than Python converts, nesting deeper than the parser
recurses) and a record nested more than :data:`MAX_RECORD_DEPTH` levels
(which could not be sent to a worker process or exported) are errors naming
it, and the reader goes on with the next.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from sitrep.ingest.base import MAX_ITEM_BYTES, ReadError, binary_reason, decode, has_markup
from sitrep.records import ItemError, RawItem

BODY_KEYS = ("text", "body", "content", "article", "html", "raw_html")
HTML_KEYS = frozenset({"html", "raw_html"})
URL_KEYS = ("url", "link", "canonical_url", "uri")
ID_KEYS = ("id", "_id", "guid", "uuid")
# A JSON object wrapping the records, as many exports do: {"articles": [...]}.
LIST_KEYS = ("articles", "items", "records", "stories", "entries", "results", "data")

Item = RawItem | ItemError

# Far deeper than any real metadata, far shallower than pickle's and json's recursion limits.
MAX_RECORD_DEPTH = 64


@dataclass(frozen=True, slots=True)
class _LongInt:
    """An integer literal too long for ``int()`` (Python's digit limit): kept as a mark, refused later."""

    digits: int


def _parse_int(literal: str) -> int | _LongInt:
    try:
        return int(literal)
    except ValueError:
        return _LongInt(len(literal.lstrip("-")))


def loads(text: str) -> Any:
    """``json.loads``, except that an over-long integer marks its record instead of failing the document."""
    return json.loads(text, parse_int=_parse_int)


def record_problem(record: dict[str, Any]) -> str | None:
    """Why a record cannot become an item (too deep, an unreadable integer), or None."""
    stack: list[tuple[Any, int, str]] = [(value, 1, key) for key, value in record.items()]
    while stack:
        value, depth, key = stack.pop()
        if isinstance(value, _LongInt):
            limit = sys.get_int_max_str_digits()
            return (
                f"field {key!r} holds an integer of {value.digits:,} digits (Python reads at most {limit:,})"
            )
        if depth > MAX_RECORD_DEPTH:
            return f"field {key!r} is nested more than {MAX_RECORD_DEPTH} levels deep"
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1, key) for child in children)
    return None


def record_item(base: str, record: Any, position: str, *, where: str) -> Item:
    """One record as an item; ``where`` names it in errors (``line 3``, ``item 2``)."""
    if not isinstance(record, dict):
        return ItemError(f"{base}#{position}", "read", f"{where}: not a JSON object")
    ident = next(
        (record[k] for k in ID_KEYS if isinstance(record.get(k), str | int) and record[k] != ""), None
    )
    source = f"{base}#{ident if ident is not None else position}"
    if problem := record_problem(record):
        return ItemError(source, "read", f"{where}: {problem}")
    body_key = next((k for k in BODY_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if body_key is None:
        return ItemError(source, "read", f"{where}: no text (looked for {', '.join(BODY_KEYS)})")
    body: str = record[body_key]
    html = body_key in HTML_KEYS or has_markup(body)
    url = next((record[k] for k in URL_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    fields = {k: v for k, v in record.items() if k != body_key}
    return RawItem(
        source=source, content=body, content_type="html" if html else "text", url=url, fields=fields
    )


# How much of a JSONL file is looked at to tell a binary file from a file with one binary line.
_HEAD_BYTES = 8192


class _Prefixed:
    """A stream whose first bytes were already read (``head``): ``readline`` as on the whole."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = io.BytesIO(head)
        self._rest = rest

    def readline(self, size: int) -> bytes:
        line = self._head.readline(size)
        if line.endswith(b"\n") or len(line) >= size:
            return line
        return line + self._rest.readline(size - len(line))


def _binary_file(head: bytes) -> str | None:
    """Why the file is binary, judged by its head; a file whose later lines are JSON objects is not.

    A junk line (NUL bytes, control characters) among records must cost that line alone, not the file.
    """
    reason = binary_reason(head)
    if reason and not any(line.lstrip().startswith(b"{") for line in head.split(b"\n")):
        return reason
    return None


def read_jsonl(source: str, stream: IO[bytes]) -> Iterator[Item]:
    """Stream JSON Lines: a bad line is an error for that line, the others are read."""
    head = stream.read(_HEAD_BYTES).removeprefix(codecs.BOM_UTF8)
    if reason := _binary_file(head):
        raise ReadError(reason)
    lines = _Prefixed(head, stream)
    lineno = 0
    seen_record = False
    while line := lines.readline(MAX_ITEM_BYTES + 1):
        lineno += 1
        if len(line) > MAX_ITEM_BYTES and not line.endswith(b"\n"):
            _skip_line(lines)
            yield ItemError(
                f"{source}#{lineno}", "read", f"line {lineno}: record over {MAX_ITEM_BYTES} bytes"
            )
            continue
        if line.strip():
            seen_record = True
            yield _line_item(source, lineno, line)
    if not seen_record:
        raise ReadError("empty file")


def _line_item(source: str, lineno: int, line: bytes) -> Item:
    where = f"line {lineno}"
    if not line.lstrip().startswith(b"{"):
        # Cheap, before any parsing: a file of junk lines must cost little per line.
        return ItemError(f"{source}#{lineno}", "read", f"{where}: not a JSON object")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ItemError(f"{source}#{lineno}", "read", f"{where}: not valid UTF-8 (byte {exc.start})")
    try:
        record = loads(text)
    except json.JSONDecodeError as exc:
        reason = f"invalid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"
        return ItemError(f"{source}#{lineno}", "read", f"{where}: {reason}")
    except (RecursionError, ValueError, MemoryError) as exc:  # a parser limit: this line alone
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc) or type(exc).__name__
        return ItemError(f"{source}#{lineno}", "read", f"{where}: unreadable JSON ({reason})")
    return record_item(source, record, str(lineno), where=where)


def _skip_line(stream: _Prefixed) -> None:
    while chunk := stream.readline(1024 * 1024):
        if chunk.endswith(b"\n"):
            return


def read_json(source: str, data: bytes) -> Iterator[Item]:
    """A JSON document: one record, a list of records, or an object wrapping a list."""
    text = decode(data)
    try:
        document = loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            # JSON Lines saved as .json.
            yield from read_jsonl(source, io.BytesIO(data))
            return
        raise ReadError(
            f"invalid JSON ({exc.msg.removesuffix(' at')} at line {exc.lineno} column {exc.colno})"
        ) from None
    except RecursionError:
        # One record past the parser's recursion limit: the others of a list are still read.
        elements = split_list(text)
        if elements is None:
            raise ReadError("unreadable JSON (nested too deeply)") from None
        yield from _read_elements(source, elements)
        return
    if isinstance(document, dict):
        wrapped = next(
            (document[k] for k in LIST_KEYS if isinstance(document.get(k), list)),
            None,
        )
        if wrapped is None or any(isinstance(document.get(k), str) for k in BODY_KEYS):
            item = record_item(source, document, "1", where="record")
            item.source = source  # a file holding a single record is named by its path alone
            yield item
            return
        document = wrapped
    if not isinstance(document, list):
        raise ReadError(f"JSON holds a {type(document).__name__}, not an object or a list of objects")
    if not document:
        raise ReadError("empty JSON list")
    for position, record in enumerate(document, start=1):
        yield record_item(source, record, str(position), where=f"item {position}")


# What a JSON list's top level is made of: whole strings (escapes included) and structural marks.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]')


def split_list(text: str) -> list[str] | None:
    """The elements of a top-level JSON list, as texts, without parsing them (None if not a list).

    Iterative: the depth of an element costs nothing here, so a record too deep for the parser
    is cut out of the list and fails alone.
    """
    start = len(text) - len(text.lstrip())
    if not text.startswith("[", start):
        return None
    depth, begin, elements = 0, start + 1, []
    for match in _JSON_TOKENS.finditer(text, start):
        mark = match.group()
        if mark in "[{":
            depth += 1
        elif mark in "]}":
            depth -= 1
            if depth == 0:
                last = text[begin : match.start()]
                if last.strip() or elements:
                    elements.append(last)
                return elements if not text[match.end() :].strip() else None
        elif mark == "," and depth == 1:
            elements.append(text[begin : match.start()])
            begin = match.end()
    return None


def _read_elements(source: str, elements: list[str]) -> Iterator[Item]:
    for position, element in enumerate(elements, start=1):
        where = f"item {position}"
        try:
            record = loads(element)
        except RecursionError:
            yield ItemError(f"{source}#{position}", "read", f"{where}: unreadable JSON (nested too deeply)")
            continue
        except ValueError as exc:  # JSONDecodeError included
            yield ItemError(f"{source}#{position}", "read", f"{where}: invalid JSON ({exc})")
            continue
        yield record_item(source, record, str(position), where=where)
