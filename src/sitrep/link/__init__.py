"""Corpus stages (linkers): they see the stored articles and records at once.

A linker is a pure function from a :class:`Corpus` to a :class:`LinkResult`,
registered with :func:`sitrep.stages.corpus_stage`; the pipeline applies the
result to the store and to the in-memory corpus before the next linker runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitrep.records import Article


@dataclass(slots=True)
class Corpus:
    articles: dict[str, Article]
    # Table name -> its stored records, as their record types.
    records: dict[str, list[Any]] = field(default_factory=dict)


@dataclass(slots=True)
class LinkResult:
    # article id -> {column: new value}
    article_updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    # corpus table -> all its records (the table is replaced as a whole)
    tables: dict[str, list[Any]] = field(default_factory=dict)
    # per-article table -> records rewritten by the linker (matched by id, e.g.
    # quotes given their statement_id and speaker_id)
    article_records: dict[str, list[Any]] = field(default_factory=dict)
