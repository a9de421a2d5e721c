"""Postings kept in the store: from each word to the items that use it and their days, so a linker
run over part of the corpus finds the stored items that share words with new ones, within a
window of days, without reading the window whole.

One table per owner: a row per word, day and item (day ``""``: unknown, near any), and the row
``("", "", "")`` saying that a run over the whole corpus wrote it (else the postings would be
partial). A whole run writes the table anew; an ingest adds its new items. An item added twice
is twice the same rows: readers take the distinct words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from sitrep.store.sql import chunks, insert_rows

Entry = tuple[str, str, Iterable[str]]  # an item's id, its ISO day ("": unknown) and its words
_MARK = ("", "", "")  # the row a whole run writes


class Postings:
    def __init__(self, table: str) -> None:
        self._meta = sa.MetaData()
        self.table = sa.Table(
            table,
            self._meta,
            sa.Column("word", sa.String(128), nullable=False),
            sa.Column("day", sa.String(10), nullable=False),
            sa.Column("item", sa.String(64), nullable=False),
            # covering: a probe reads the index only
            sa.Index(f"ix_{table}_word_day", "word", "day", "item"),
        )

    @staticmethod
    def _rows(entries: Iterable[Entry]) -> list[tuple[str, str, str]]:
        return sorted({(w, day, item) for item, day, words in entries for w in words if w})

    def write(self, store: Any, entries: Iterable[Entry]) -> None:
        """Index every item anew (a run over the whole corpus)."""
        rows = self._rows(entries)
        with store.begin() as conn:
            self._meta.create_all(conn, checkfirst=True)
            conn.execute(sa.delete(self.table))
            insert_rows(conn, self.table, ("word", "day", "item"), [_MARK, *rows])

    def ready(self, store: Any) -> bool:
        """Whether a run over the whole corpus has indexed it."""
        t = self.table
        with store.begin() as conn:
            self._meta.create_all(conn, checkfirst=True)
            query = sa.select(t.c.item).where(t.c.word == "", t.c.day == "", t.c.item == "").limit(1)
            return conn.execute(query).first() is not None

    def add(self, store: Any, entries: Iterable[Entry]) -> None:
        """Index new items."""
        rows = self._rows(entries)
        if rows:
            with store.begin() as conn:
                insert_rows(conn, self.table, ("word", "day", "item"), rows)

    def sharing(
        self, store: Any, words: Iterable[str], spans: Sequence[tuple[str, str]]
    ) -> dict[str, tuple[str, set[str]]]:
        """The items of a day within one of ``spans`` (or of no known day) that use one of
        ``words``: each with its day and the words of ``words`` it uses."""
        t = self.table
        out: dict[str, tuple[str, set[str]]] = {}
        used: dict[str, set[str]] = defaultdict(set)
        # one query per span: the index reads each word's stretch of days, not all its postings
        days = [t.c.day == "", *(t.c.day.between(low, high) for low, high in spans)]
        with store.begin() as conn:
            for chunk in chunks(sorted(set(words) - {""})):
                for in_days in days:
                    query = sa.select(t.c.word, t.c.day, t.c.item).where(t.c.word.in_(chunk), in_days)
                    for word, day, item in conn.execute(query):
                        used[item].add(word)
                        out.setdefault(item, (day, used[item]))
        return out
