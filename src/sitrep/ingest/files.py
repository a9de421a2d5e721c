"""Paths on disk: files are dispatched by name, directories walked in sorted order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from sitrep.ingest import dispatch
from sitrep.records import ItemError, RawItem


def walk(directory: Path) -> Iterator[Path]:
    """Regular files under ``directory``, depth first, sorted by name.

    Hidden files and directories (``.git``, ``.DS_Store``) are skipped, and
    symlinked directories are not followed (no loops, no escaping the tree).
    """
    for root, dirs, files in os.walk(directory, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and path.is_file():
                yield path


def read_path(path: Path) -> Iterator[RawItem | ItemError]:
    source = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        yield ItemError(source, "read", f"cannot read ({exc.strerror})")
        return
    if not path.is_file():
        # FIFOs and devices would block or never end.
        yield ItemError(source, "read", "not a regular file")
        return
    yield from dispatch.read_stream(source, path.name, lambda: path.open("rb"), size=info.st_size)
