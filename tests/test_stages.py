"""The stage registry, the shared article context, typed reads and per-stage migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitrep import pipeline, stages
from sitrep.export import export
from sitrep.link import Corpus, LinkResult
from sitrep.query import Query
from sitrep.records import Article, Quote
from sitrep.stages import ArticleContext, StageError, TableSpec, article_stage, corpus_stage
from sitrep.store import open_store, schema

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "seeds"
SEED = next(SEEDS.glob("000_*"))


@dataclass(slots=True)
class Exclamation:
    """A toy record: the cue words of an article's quotes, one record per cue."""

    id: str
    article_id: str
    cue: str
    quotes: int


@pytest.fixture
def toy_stage() -> Iterator[str]:
    """A stage registered here, in a test module, without touching any other file."""

    @article_stage(
        "toy_cues",
        tables=[TableSpec("toy_cues", Exclamation, per_article=True, columns=("cue",))],
        requires=["quotes", "times"],
    )
    def count_cues(ctx: ArticleContext) -> list[Exclamation]:
        counts: dict[str, int] = {}
        for quote in ctx["quotes"]:
            if quote.cue:
                counts[quote.cue] = counts.get(quote.cue, 0) + 1
        aid = ctx.article.id
        return [Exclamation(f"{aid}:{cue}", aid, cue, n) for cue, n in counts.items()]

    yield "toy_cues"
    stages.unregister("toy_cues")
    schema.metadata.remove(schema.metadata.tables["toy_cues"])


def test_a_stage_registered_in_a_test_module_runs_is_stored_queried_and_exported(
    toy_stage: str, tmp_path: Path
) -> None:
    names = [s.name for s in stages.plan()]
    assert names.index("toy_cues") > max(names.index("quotes"), names.index("times"))
    with open_store(tmp_path / "s.db") as store:
        report = pipeline.ingest([SEED], store, workers=1)
        assert not report.errors
        rows = list(store.records("toy_cues"))
        assert rows and all(isinstance(r, Exclamation) for r in rows)
        said = next(r for r in rows if r.cue == "said")
        quotes = [q for q in store.records("quotes") if q.cue == "said"]
        assert said.quotes == len(quotes) > 0
        page = Query(store).records("toy_cues", {"cue": "said"})
        assert [r.id for r in page.rows] == [said.id]
        written = export(store, tmp_path / "out")
    assert written["toy_cues.jsonl"] == len(rows)


def test_a_stage_whose_requirement_nothing_provides_is_refused_at_start_up(tmp_path: Path) -> None:
    @article_stage("needs_sentiment", requires=["sentiment"])
    def needs_sentiment(ctx: ArticleContext) -> list[object]:
        return []

    try:
        with open_store(tmp_path / "s.db") as store:
            with pytest.raises(StageError, match="'needs_sentiment' requires 'sentiment'"):
                pipeline.ingest([SEED], store, workers=1)
            assert list(store.articles()) == [] and store.latest_run_id() is None
    finally:
        stages.unregister("needs_sentiment")


def test_stages_that_need_each_other_are_refused() -> None:
    a = stages.Stage("a", "article", lambda ctx: [], requires=("b",), assigns=("a",))
    b = stages.Stage("b", "article", lambda ctx: [], requires=("a",), assigns=("b",))
    with pytest.raises(StageError, match="require each other"):
        stages.plan([a, b])


def test_a_linker_that_raises_leaves_the_run_finished_the_error_stored_and_the_articles(
    tmp_path: Path,
) -> None:
    @corpus_stage("broken_linker", requires=["copies"], assigns=["broken"])
    def broken(corpus: Corpus) -> LinkResult:
        raise RuntimeError("the linker broke")

    @corpus_stage("after_broken", requires=["broken"])
    def after(corpus: Corpus) -> LinkResult:
        return LinkResult()

    try:
        with open_store(tmp_path / "s.db") as store:
            report = pipeline.ingest([SEED], store, workers=1)
            stored = store.run_errors(report.run_id)
            assert [a.id for a in store.articles()] == report.added and report.added
            with store.engine.connect() as conn:
                finished = conn.execute(sa.select(schema.runs.c.finished_at)).scalar_one()
            assert list(store.records("statements"))  # the other linkers ran
    finally:
        stages.unregister("broken_linker")
        stages.unregister("after_broken")
    assert finished is not None and report.exit_code == 1
    by_stage = {e.stage: e.reason for e in stored}
    assert by_stage["link:broken_linker"] == "the linker broke"
    assert "needs broken" in by_stage["link:after_broken"]


def test_a_linker_that_raises_midway_leaves_none_of_its_writes(tmp_path: Path) -> None:
    # A linker keeps indexes as it runs (word counts, postings) before its result is applied:
    # when it raises after writing, the store is as it was before the linker began.
    @corpus_stage("half_linker", assigns=["half"])
    def half(corpus: Corpus) -> LinkResult:
        corpus.store.delete_records("actors", [a.id for a in corpus.store.records("actors")])
        raise RuntimeError("broke after writing")

    try:
        with open_store(tmp_path / "s.db") as store:
            pipeline.ingest([SEED], store, workers=1)
            before = [a.id for a in store.records("actors")]
            errors = pipeline.link(store, stages.select(["half_linker"]))
            after = [a.id for a in store.records("actors")]
    finally:
        stages.unregister("half_linker")
    assert [e.reason for e in errors] == ["broke after writing"]
    assert before and after == before


def test_every_registered_table_round_trips_its_record_type(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        pipeline.ingest([SEED], store, workers=1)
        for table, spec in stages.tables().items():
            for record in store.records(table):
                assert isinstance(record, spec.record), table


def _old_store(db: Path) -> None:
    """A store as the previous release wrote it: schema version 1, derived tables without query columns."""
    with sqlite3.connect(db) as conn:
        conn.executescript(
            """
            CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('schema_version', '1');
            CREATE TABLE articles (id VARCHAR(32) PRIMARY KEY, content_hash VARCHAR(64) NOT NULL UNIQUE,
              source TEXT NOT NULL, url TEXT, outlet TEXT, original_outlet TEXT, title TEXT, byline TEXT,
              published VARCHAR(10), published_basis VARCHAR(16), language VARCHAR(8), text TEXT NOT NULL,
              cited_outlets JSON NOT NULL, story_id VARCHAR(32), copy_of VARCHAR(32),
              copy_relation VARCHAR(16), extra JSON NOT NULL, notes JSON NOT NULL,
              ingested_at VARCHAR(32) NOT NULL);
            CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at VARCHAR(32) NOT NULL,
              finished_at VARCHAR(32), added INTEGER NOT NULL, skipped INTEGER NOT NULL,
              failed INTEGER NOT NULL);
            CREATE TABLE errors (id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs (id),
              source TEXT NOT NULL, stage VARCHAR(32) NOT NULL, reason TEXT NOT NULL);
            """
        )
        for table in ("quotes", "places", "times", "events"):
            conn.execute(
                f"CREATE TABLE {table} (id VARCHAR(64) PRIMARY KEY, article_id VARCHAR(32) NOT NULL "
                "REFERENCES articles (id) ON DELETE CASCADE, data JSON NOT NULL)"
            )
        for table in ("actors", "statements", "stories", "fused_events", "claims"):
            conn.execute(f"CREATE TABLE {table} (id VARCHAR(64) PRIMARY KEY, data JSON NOT NULL)")
        conn.execute(
            "INSERT INTO articles VALUES ('a1', 'h1', 'a1.txt', NULL, 'Reuters', NULL, 'T', NULL, "
            "'2025-03-12', 'metadata', 'en', 'Putin said: yes.', '[]', NULL, NULL, NULL, '{}', '[]', 'x')"
        )
        quote = '{"id": "q1", "article_id": "a1", "start": 12, "end": 16, "text": "yes.", "kind": "direct", '
        quote += '"speaker": "Vladimir Putin", "speaker_id": "act1", "date": "2025-03-13"}'
        conn.execute("INSERT INTO quotes VALUES ('q1', 'a1', ?)", (quote,))


def _columns(db: Path) -> dict[str, set[str]]:
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: {r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')} for n in names}


def test_a_store_of_the_last_release_migrates_forward_with_its_data(tmp_path: Path) -> None:
    old, fresh = tmp_path / "old.db", tmp_path / "fresh.db"
    _old_store(old)
    with open_store(old) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
        (quote,) = store.records("quotes")
        assert isinstance(quote, Quote) and quote.speaker == "Vladimir Putin" and quote.text == "yes."
        # the new query columns were backfilled from the stored documents
        assert [q.id for q in Query(store).records("quotes", {"since": "2025-03-13"}).rows] == ["q1"]
        assert Query(store).records("quotes", {"since": "2025-03-14"}).rows == []
    open_store(fresh).close()
    old_columns, fresh_columns = _columns(old), _columns(fresh)
    for table in fresh_columns:
        assert old_columns[table] == fresh_columns[table], table
    open_store(old).close()  # migrating again changes nothing
    assert _columns(old) == old_columns


def test_the_article_context_refuses_what_no_stage_assigned() -> None:
    ctx = ArticleContext(Article(id="a", source="a", text="x", content_hash="h"), doc=None)
    assert "doc" in ctx and "times" not in ctx
    with pytest.raises(StageError, match="nothing assigned 'times'"):
        ctx["times"]


def test_claims_run_after_the_events_they_read() -> None:
    # Claims read fused events (coded events are claims too). Undeclared, the plan once put claims
    # first when fused events came to require statements: claims then read the last run's events,
    # and a second run over the same input changed rows.
    order = [s.name for s in stages.plan() if s.kind == "corpus"]
    assert order.index("fused_events") < order.index("claims")
