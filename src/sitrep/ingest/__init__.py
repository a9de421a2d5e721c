"""Readers: turn paths and URLs into :class:`RawItem` records.

``iter_items`` never raises for a bad item: it yields an :class:`ItemError`
naming the item and the reason, and goes on with the rest.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from sitrep.records import ItemError, RawItem

MAX_ITEM_BYTES = 20 * 1024 * 1024


def iter_items(paths: Sequence[str | Path], allow_private: bool = False) -> Iterator[RawItem | ItemError]:
    for target in paths:
        path = Path(target)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                yield from _read_file(child)
        elif path.is_file():
            yield from _read_file(path)
        else:
            yield ItemError(str(target), "read", "no such file or directory")


def _read_file(path: Path) -> Iterator[RawItem | ItemError]:
    source = str(path)
    size = path.stat().st_size
    if size == 0:
        yield ItemError(source, "read", "empty file")
        return
    if size > MAX_ITEM_BYTES:
        yield ItemError(source, "read", f"file too large ({size} bytes > {MAX_ITEM_BYTES})")
        return
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield ItemError(source, "read", f"not valid UTF-8 text ({exc.reason} at byte {exc.start})")
        return
    kind = "html" if path.suffix.lower() in {".html", ".htm"} else "text"
    yield RawItem(source=source, content=text, content_type=kind)
