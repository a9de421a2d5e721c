"""The pipeline: ingest -> clean -> parse -> extract -> store, then link.

Per-article work is independent and runs on an engine (a local process
pool, or Ray for corpora bigger than one machine: see :mod:`sitrep.engine`).
The driver writes each article in its own transaction, so a run killed
mid-batch resumes where it stopped (stored content hashes are skipped) and
never leaves an article half-written.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.clean import apply_neighbour_dates
from sitrep.engine import Engine, LocalEngine, error_reason
from sitrep.errors import ErrorLog
from sitrep.ingest import iter_items
from sitrep.link import Corpus, LinkResult, stored
from sitrep.records import Article, ItemError, RawItem
from sitrep.stages import Stage, StageError, plan
from sitrep.stages import tables as stages_tables
from sitrep.store import Store

BATCH_SIZE = 64

Progress = Callable[[int], None]


@dataclass(slots=True)
class RunReport:
    run_id: int
    added: list[str] = field(default_factory=list)
    skipped: int = 0
    log: ErrorLog = field(default_factory=ErrorLog)

    @property
    def errors(self) -> list[ItemError]:
        """The failures named (up to the log's cap); ``log`` counts them all."""
        return self.log.named

    @property
    def exit_code(self) -> int:
        """0: all items ingested or already stored; 1: some items failed."""
        return 1 if self.log.total else 0


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    reprocess: bool = False,
    allow_private: bool = False,
    workers: int | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
    stages: Sequence[Stage] | None = None,
) -> RunReport:
    """Ingest inputs into the store, then run the corpus stages (the linkers).

    ``stages`` defaults to every registered stage; passing fewer runs part of
    the pipeline (benchmarks use this). The plan is checked before any input is
    read. ``engine`` runs the per-article stages (default: a local process pool
    of ``workers``).
    """
    planned = plan(stages)
    article_stages = [s for s in planned if s.kind == "article"]
    previous = store.latest_run_id()
    remembered = store.run_errors(previous) if previous is not None else []
    report = RunReport(run_id=store.start_run())
    own_engine = engine is None
    engine = engine or LocalEngine(workers)
    seen: set[str] = set()
    stored_dated: list[Article] | None = None  # dated stored articles, loaded once for date inference
    try:
        for batch in _batched(
            iter_items(paths, allow_private=allow_private, remembered=remembered), BATCH_SIZE
        ):
            todo: list[RawItem] = []
            for item in batch:
                if isinstance(item, ItemError):
                    report.log.add(item)
                elif item.content_hash in seen or (not reprocess and store.has_content(item.content_hash)):
                    report.skipped += 1
                else:
                    seen.add(item.content_hash)
                    todo.append(item)
            cleaned = engine.clean(todo)
            articles = [a for a in cleaned if isinstance(a, Article)]
            report.log.extend(e for e in cleaned if isinstance(e, ItemError))
            # Undated articles take the year from dated ones on the same events, before parsing.
            if any(not a.published for a in articles) and stored_dated is None:
                stored_dated = [a for a in store.articles() if a.published]
            apply_neighbour_dates(articles, stored_dated or [])
            if stored_dated is not None:
                stored_dated.extend(a for a in articles if a.published)
            analysed = engine.analyse(articles, article_stages)
            for article, (derived, errors) in zip(articles, analysed, strict=True):
                report.log.extend(errors)
                store.write_article(article, derived)
                report.added.append(article.id)
            if progress:
                progress(len(batch))
    finally:
        if own_engine:
            engine.close()
    # A failing linker is an error of the run: the run is still finished and its errors stored.
    report.log.extend(link(store, [s for s in planned if s.kind == "corpus"], new_ids=report.added))
    store.finish_run(
        report.run_id, len(report.added), report.skipped, report.log.stored(), failed=report.log.total
    )
    return report


def relink(store: Store) -> RunReport:
    """Run every corpus stage over the whole store, as a run of its own (readers see it start and
    finish): after many ingests, whose incremental links see only their neighbourhoods, this gives
    what linking the corpus in one go gives, and rebuilds the linkers' stored indexes and counts."""
    report = RunReport(run_id=store.start_run())
    report.log.extend(link(store))
    store.finish_run(report.run_id, 0, 0, report.log.stored(), failed=report.log.total)
    return report


def load_corpus(store: Store, tables: Iterable[str] | None = None) -> Corpus:
    """Every stored article and the records of ``tables`` (default: every table)."""
    return stored(store, stages_tables() if tables is None else tables)


def _reads(stage: Stage) -> list[str]:
    """The tables a whole-corpus run of a stage needs loaded: what it reads and what it writes
    (a written table that is loaded is rewritten only where it changed)."""
    if stage.reads is None:
        return list(stages_tables())
    return [*stage.reads, *(spec.name for spec in stage.tables)]


def link(
    store: Store, linkers: Sequence[Stage] | None = None, *, new_ids: Iterable[str] | None = None
) -> list[ItemError]:
    """Run the corpus stages over the stored corpus, applying each result in turn.

    ``new_ids``: the articles this run added. Incremental stages then see only those
    (and read the rest from the store); the whole corpus is loaded only if a stage that
    is not incremental runs. ``None`` recomputes every stage over the whole corpus.

    A stage that raises is an error of the run, not a crash; the stages that need
    what it assigns are skipped, each with an error saying why.
    """
    chosen = [s for s in plan() if s.kind == "corpus"] if linkers is None else linkers
    fresh = None if new_ids is None else frozenset(new_ids)
    full: Corpus | None = None  # loaded at the first stage that needs the whole corpus
    errors: list[ItemError] = []
    failed: set[str] = set()
    changed: dict[str, set[str]] = {}
    for stage in chosen:
        missing = sorted(failed & set(stage.requires))
        try:
            if missing:
                raise StageError(f"skipped: needs {', '.join(missing)}, which failed")
            if stage.incremental and fresh is not None:
                corpus = Corpus(
                    articles=store.articles_by_id(fresh), new_ids=fresh, store=store, changed=changed
                )
            else:
                if full is None:
                    full = load_corpus(store, ())
                for table in _reads(stage):
                    if table not in full.records:
                        full.records[table] = list(store.records(table))
                corpus = full
            # what a stage writes (its result, and the indexes it keeps as it runs) lands whole
            with store.transaction():
                result = stage.run(corpus)
                apply_link_result(store, full, result)
            for table, records in (result.tables | result.upserts).items():
                changed.setdefault(table, set()).update(r.id for r in records)
        except Exception as exc:
            failed.update(stage.assigns)
            errors.append(ItemError("corpus", f"link:{stage.name}", error_reason(exc)))
            full = None  # the loaded corpus may hold what was rolled back
    return errors


def apply_link_result(store: Store, corpus: Corpus | None, result: LinkResult) -> None:
    """Write a stage's result to the store, and to the whole corpus if one is loaded.

    Only rows that changed are written: a whole table a stage returns is compared with the
    loaded one, and what is new or different is upserted, what is gone deleted.
    """
    known = corpus.articles if corpus is not None else store.articles_by_id(result.article_updates)
    changes = {
        aid: values
        for aid, values in result.article_updates.items()
        if aid in known and any(getattr(known[aid], k) != v for k, v in values.items())
    }
    if changes:
        store.update_articles(changes)
        if corpus is not None:
            for aid, values in changes.items():
                for key, value in values.items():
                    setattr(corpus.articles[aid], key, value)
    loaded = corpus.records if corpus is not None else {}
    for table, records in result.tables.items():
        if table in loaded:
            old = {r.id: r for r in loaded[table]}
            new = {r.id: r for r in records}
            store.delete_records(table, [rid for rid in old if rid not in new])
            store.upsert_records(table, [r for rid, r in new.items() if old.get(rid) != r])
            loaded[table] = [new[rid] for rid in sorted(new)]
        else:
            store.replace_corpus_records(table, records)
    for table, ids in result.deletes.items():
        store.delete_records(table, ids)
        if table in loaded:
            gone = set(ids)
            loaded[table] = [r for r in loaded[table] if r.id not in gone]
    for table, records in result.upserts.items():
        store.upsert_records(table, records)
        if table in loaded:
            _merge(loaded, table, records)
    for table, records in result.article_records.items():
        old = {r.id: r for r in loaded.get(table, [])}
        changed = [r for r in records if table not in loaded or old.get(r.id) != r]
        store.replace_article_records(table, changed)
        if table in loaded:
            _merge(loaded, table, changed)


def _merge(loaded: dict[str, list[Any]], table: str, records: Sequence[Any]) -> None:
    """Records replaced or added by id in a loaded table (kept in id order, as the store reads it)."""
    by_id = {r.id: r for r in loaded[table]} | {r.id: r for r in records}
    loaded[table] = [by_id[rid] for rid in sorted(by_id)]
