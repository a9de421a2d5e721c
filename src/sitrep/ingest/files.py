"""Paths on disk: files are dispatched by name, directories walked in sorted order."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from sitrep import lexicons
from sitrep.ingest import dispatch
from sitrep.ingest.budget import RunBudget, file_digest
from sitrep.records import ItemError, RawItem

# What a directory entry is when it is not a regular file (the reason it is not read).
_FILE_TYPES = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def walk(directory: Path) -> Iterator[Path]:
    """Every entry under ``directory`` but hidden ones and subdirectories, depth first, sorted by name.

    Hidden files and directories (``.git``, ``.DS_Store``) are skipped, and so is the folder's
    own documentation (``README.md``, ``LICENSE``: see :func:`folder_documentation`).
    Symlinked directories are not followed (no loops, no escaping the tree),
    but they are yielded, like FIFOs and dangling links, so that the reader
    reports each path it does not read.
    """
    for root, dirs, files in os.walk(directory, followlinks=False):
        linked = [d for d in dirs if Path(root, d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in linked)
        for name in sorted([*files, *linked]):
            if not name.startswith(".") and not folder_documentation(Path(name)):
                yield Path(root, name)


def folder_documentation(path: Path) -> bool:
    """A folder's README, LICENSE and the like: documentation of the corpus, not an article of it."""
    return path.name.split(".", 1)[0].lower() in lexicons.words("ingest/folder_documentation")


def not_regular(path: Path) -> str | None:
    """Why ``path`` is not read as a file (a dangling link, a loop, a FIFO...), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if path.is_symlink():
            if exc.errno == errno.ELOOP:
                return "symbolic link loop: not read"
            return f"dangling symbolic link (to {os.readlink(path)!r}): not read"
        return f"cannot read ({exc.strerror})"
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _FILE_TYPES if test(mode)), "not a regular file")
    if path.is_symlink() and stat.S_ISDIR(mode):
        return "symbolic link to a directory: not followed"
    return f"{what}, not a regular file: not read"


def read_path(path: Path, budget: RunBudget | None = None) -> Iterator[RawItem | ItemError]:
    source = str(path)
    if reason := not_regular(path):
        # FIFOs and devices would block or never end; links that lead nowhere are named, not skipped.
        yield ItemError(source, "read", reason)
        return
    budget = budget or RunBudget()
    if remembered := budget.known_failure(source, path):
        yield ItemError(source, "read", remembered)
        return
    try:
        size = path.stat().st_size
    except OSError as exc:  # removed since it was listed
        yield ItemError(source, "read", f"cannot read ({exc.strerror})")
        return
    yield from dispatch.read_stream(
        source,
        path.name,
        lambda: path.open("rb"),
        size=size,
        budget=budget.for_input(digest=lambda: file_digest(path)),
    )
