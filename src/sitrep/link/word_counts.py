"""Document frequencies kept in the store, so a linker run over part of the corpus weighs words
as a run over all of it would (inverse document frequency over every stored item).

One table per owner: a row per word with the number of items that use it, and the row ``""`` with
the number of items. A run over the whole corpus writes it anew; an ingest adds its new items.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from sitrep.store.sql import chunks, insert_rows

TOTAL = ""  # the row holding the number of items


class WordCounts:
    def __init__(self, table: str, words: Callable[[Any], set[str]]) -> None:
        self._meta = sa.MetaData()
        self.table = sa.Table(
            table,
            self._meta,
            sa.Column("word", sa.String(128), primary_key=True),
            sa.Column("n", sa.Integer, nullable=False),
        )
        self.words = words

    def _counts(self, items: Iterable[Any]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for item in items:
            counts.update(self.words(item))
            counts[TOTAL] += 1
        return counts

    def write(self, store: Any, items: Iterable[Any]) -> None:
        """Count every item anew (a run over the whole corpus)."""
        counts = self._counts(items)
        with store.begin() as conn:
            self._meta.create_all(conn, checkfirst=True)
            conn.execute(sa.delete(self.table))
            insert_rows(conn, self.table, ("word", "n"), sorted(counts.items()))

    def ready(self, store: Any) -> bool:
        """Whether a run over the whole corpus has counted it (else counts would be partial)."""
        with store.begin() as conn:
            self._meta.create_all(conn, checkfirst=True)
            return (
                conn.execute(sa.select(self.table.c.n).where(self.table.c.word == TOTAL)).first() is not None
            )

    def add(self, store: Any, items: Iterable[Any], sign: int = 1) -> None:
        """Count new items in (``sign=-1``: count items out)."""
        counts = self._counts(items)
        if not counts:
            return
        t = self.table
        with store.begin() as conn:
            known = dict(self._read(conn, counts))
            conn.execute(sa.delete(t).where(t.c.word.in_(list(known))))
            rows = [(w, known.get(w, 0) + sign * n) for w, n in sorted(counts.items())]
            insert_rows(conn, t, ("word", "n"), [(w, n) for w, n in rows if n > 0 or w == TOTAL])

    def starting(self, store: Any, prefix: str) -> dict[str, int]:
        """The counts of the words that begin with ``prefix``."""
        t = self.table
        with store.begin() as conn:
            rows = conn.execute(
                sa.select(t.c.word, t.c.n).where(t.c.word.startswith(prefix, autoescape=True))
            )
            return {w: n for w, n in rows}

    def counts(self, store: Any, words: Iterable[str]) -> dict[str, int]:
        """The counts of ``words`` (``TOTAL`` among them: the number of items); a word counted
        nowhere is absent."""
        with store.begin() as conn:
            return dict(self._read(conn, words))

    def _read(self, conn: Any, words: Iterable[str]) -> list[tuple[str, int]]:
        t, out = self.table, []
        for chunk in chunks(sorted(set(words))):
            out.extend(conn.execute(sa.select(t.c.word, t.c.n).where(t.c.word.in_(chunk))))
        return [(w, n) for w, n in out]

    def idf(self, store: Any, words: Iterable[str]) -> dict[str, float]:
        """Each word's inverse document frequency over every counted item."""
        words = set(words)
        counts = self.counts(store, {*words, TOTAL})
        total = counts.pop(TOTAL, 0)
        return idf_from(Counter(counts), total, words)


def idf_from(df: Counter[str], total: int, words: Iterable[str] = ()) -> dict[str, float]:
    """log((1 + items) / items using the word); a word counted nowhere is as rare as one use."""
    out = {w: math.log((1 + total) / n) for w, n in df.items() if n > 0}
    for w in words:
        out.setdefault(w, math.log(1 + total))
    return out
