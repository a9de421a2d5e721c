"""Readers: turn paths and URLs into :class:`RawItem` records.

``iter_items`` never raises for a bad item: it yields an :class:`ItemError`
(stage ``"read"``) naming the item and the reason, and goes on with the rest.

Inputs and their sources (``RawItem.source``):

- ``.txt`` plain text and ``.html``/``.htm`` pages (HTML is also sniffed in
  files of other names): the path.
- ``.json`` (an object, a list of objects, or ``{"articles": [...]}``) and
  ``.jsonl``: ``path#<id>`` or ``path#<line>``; see :mod:`.records`.
- ``.warc``/``.warc.gz``: ``path#<WARC-Record-ID>``; see :mod:`.warc`.
- RSS/Atom (``.rss``, ``.atom``, ``.xml``, or sniffed): ``path#<entry id>``.
- ``http(s)://`` URLs: the URL; see :mod:`.fetch` for the address checks.
- Directories (recursed, sorted), ``.gz`` of any of these, ``.zip``
  (``archive.zip!member``); see :mod:`.archives`.

Text is decoded strictly (BOM, UTF-8, then a declared charset; never a
guess), binary and empty files are refused, and sizes are capped; see
:mod:`.base` for the limits and :mod:`.budget` for the budgets on
decompressed bytes. Every path given or found in a directory that is not
read (a FIFO, a dangling or looping symlink) is named with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from sitrep.ingest.base import MAX_ITEM_BYTES, ReadError
from sitrep.ingest.budget import Limits, RunBudget
from sitrep.ingest.fetch import is_url, read_url
from sitrep.ingest.files import read_path, walk
from sitrep.records import ItemError, RawItem

__all__ = ["MAX_ITEM_BYTES", "Limits", "ReadError", "iter_items"]


def iter_items(
    paths: Sequence[str | Path],
    allow_private: bool = False,
    *,
    remembered: Iterable[ItemError] = (),
    limits: Limits | None = None,
) -> Iterator[RawItem | ItemError]:
    """Every item of every input, as one run: one budget for all (``limits``, else the environment).

    ``remembered`` are the previous run's errors: an unchanged file that went over
    its budget then is refused again without being decompressed.
    """
    budget = RunBudget.remembering(remembered, limits)
    for target in paths:
        text = str(target)
        if isinstance(target, str) and is_url(text):
            yield from read_url(text, allow_private=allow_private, budget=budget)
            continue
        path = Path(target)
        if path.is_dir():  # a linked directory named on the command line is followed
            for child in walk(path):
                yield from read_path(child, budget)
        elif path.exists() or path.is_symlink():
            yield from read_path(path, budget)
        else:
            yield ItemError(text, "read", "no such file or directory")
