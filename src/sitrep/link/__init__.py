"""Corpus stages (linkers): they see the stored articles and records at once.

A linker is a function from a :class:`Corpus` to a :class:`LinkResult`,
registered with :func:`sitrep.stages.corpus_stage`; the pipeline applies the
result to the store and to the in-memory corpus before the next linker runs.

A linker declared ``incremental=True`` is, after an ingest, given a corpus of the
new articles only (``new_ids`` set, ``store`` to read the rest from, ``records``
empty) and returns what changed: article updates and upserted or deleted rows.
Given the whole corpus (``new_ids is None``) it recomputes everything, as the
others always do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sitrep.records import Article


@dataclass(slots=True)
class Corpus:
    articles: dict[str, Article]
    # Table name -> its stored records, as their record types.
    records: dict[str, list[Any]] = field(default_factory=dict)
    # Incremental linkers only: the ids added in this run (then ``articles`` holds just
    # those) and the store holding the rest. ``None``: ``articles`` is the whole corpus.
    new_ids: frozenset[str] | None = None
    store: Any = None
    # Incremental linkers only: the ids of the corpus rows earlier stages of this run wrote, by
    # table (a linker whose rows quote an actor refreshes them when the actor changed).
    changed: dict[str, set[str]] = field(default_factory=dict)

    @property
    def incremental(self) -> bool:
        return self.new_ids is not None and self.store is not None

    def whole(self, tables: Iterable[str] = ()) -> Corpus:
        """Every stored article and the records of ``tables`` (an incremental linker that cannot
        draw its scope links them all)."""
        if not self.incremental:
            return self
        return stored(self.store, tables)


def stored(store: Any, tables: Iterable[str]) -> Corpus:
    """The whole stored corpus: every article and the records of ``tables``."""
    return Corpus(
        articles={a.id: a for a in store.articles()},
        records={t: list(store.records(t)) for t in tables},
        store=store,
    )


@dataclass(slots=True)
class LinkResult:
    # article id -> {column: new value}
    article_updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    # corpus table -> all its records (the table is replaced as a whole)
    tables: dict[str, list[Any]] = field(default_factory=dict)
    # per-article table -> records rewritten by the linker (matched by id, e.g.
    # quotes given their statement_id and speaker_id)
    article_records: dict[str, list[Any]] = field(default_factory=dict)
    # corpus table -> records written by id (inserted or replaced); the rest of the table stays
    upserts: dict[str, list[Any]] = field(default_factory=dict)
    # corpus table -> ids of records removed
    deletes: dict[str, list[str]] = field(default_factory=dict)
