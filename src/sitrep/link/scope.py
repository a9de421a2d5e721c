"""A linker's neighbourhood: the stored records a batch of new articles can change.

The statements and fused-events linkers group records only within a window of days. After an
ingest they need not see the corpus, only the new articles' records, the stored ones whose days lie
within a window of theirs, and every member of the groups those belong to (so a group is rebuilt
whole). They run their usual code over that scope and write back what changed (:func:`changes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sitrep.calendar_words import iso_day
from sitrep.link import LinkResult
from sitrep.records import Article


def windows(spans: Iterable[tuple[dt.date, dt.date]], pad: int) -> list[tuple[str, str]]:
    """The stretches of ISO days within ``pad`` days of the given spans, overlapping ones joined:
    one query per stretch of news, however many records (and none across the years between)."""
    out: list[tuple[dt.date, dt.date]] = []
    margin = dt.timedelta(days=pad)
    for low, high in sorted((lo - margin, hi + margin) for lo, hi in spans):
        if out and low <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return [(low.isoformat(), high.isoformat()) for low, high in out]


def days_of(values: Iterable[str | None]) -> list[tuple[dt.date, dt.date]] | None:
    """Each ISO day as a span of one day; ``None`` if one is unknown (it may be near any)."""
    days = [iso_day(v) for v in values]
    if any(d is None for d in days):
        return None
    return [(d, d) for d in days if d is not None]


def with_originals(store: Any, ids: Iterable[str]) -> dict[str, Article]:
    """The articles and the originals their ``copy_of`` chains lead to (sources count by them),
    without ``extra``: no linker of a scope reads it, and its copy evidence is the bulk of a row."""
    articles = store.articles_by_id(ids, extra=False)
    wanted = {a.copy_of for a in articles.values() if a.copy_of} - set(articles)
    while wanted:
        found = store.articles_by_id(wanted, extra=False)
        articles.update(found)
        wanted = {a.copy_of for a in found.values() if a.copy_of} - set(articles)
    return articles


def unique(records: Iterable[Any]) -> list[Any]:
    """Records by id, once each, in id order (as the store reads a table)."""
    return [r for _, r in sorted({r.id: r for r in records}.items())]


def changes(result: LinkResult, old: dict[str, Sequence[Any]]) -> LinkResult:
    """A scoped run's whole tables as changes: rows new or different upserted, rows of the
    scope that are gone deleted; rows outside the scope are left as they are. Of the per-article
    records it rewrites, only those that differ from the scope's are written."""
    for table, records in result.tables.items():
        before = {r.id: r for r in old.get(table, ())}
        after = {r.id: r for r in records}
        result.upserts[table] = [r for rid, r in after.items() if before.get(rid) != r]
        result.deletes[table] = [rid for rid in before if rid not in after]
    result.tables = {}
    for table, records in result.article_records.items():
        before = {r.id: r for r in old.get(table, ())}
        result.article_records[table] = [r for r in records if before.get(r.id) != r]
    return result
