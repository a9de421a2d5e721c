"""The SQL store: schema versioning, one-transaction writes, idempotent ingest."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sitrep import pipeline
from sitrep.records import Article, ItemError, Quote
from sitrep.store import open_store, schema

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "seeds"


def _article(aid: str = "a1", text: str = "Body text of the article.") -> Article:
    return Article(id=aid, source=f"{aid}.txt", text=text, content_hash=aid * 4)


def test_new_store_is_at_current_schema_version_and_uses_wal(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_a_store_keeps_its_data(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        store.write_article(_article(), {})
    with open_store(tmp_path / "s.db") as store:
        assert [a.id for a in store.articles()] == ["a1"]


def test_store_from_a_newer_sitrep_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(RuntimeError, match="newer than this sitrep"):
        open_store(db)


def test_failed_derived_write_leaves_no_half_written_article(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        good = Quote(id="q1", article_id="a1", start=0, end=4, text="Body", kind="direct")
        duplicate_ids = [good, good]  # violates the primary key inside the transaction
        with pytest.raises(sa.exc.IntegrityError):
            store.write_article(_article(), {"quotes": duplicate_ids})
        assert list(store.articles()) == []
        assert list(store.records("quotes")) == []


def test_rewriting_an_article_replaces_its_derived_records(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        old = Quote(id="q-old", article_id="a1", start=0, end=4, text="Body", kind="direct")
        new = Quote(id="q-new", article_id="a1", start=5, end=9, text="text", kind="direct")
        store.write_article(_article(), {"quotes": [old]})
        store.write_article(_article(), {"quotes": [new]})
        assert [r.id for r in store.records("quotes")] == ["q-new"]


def test_run_errors_are_stored_with_their_run(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        run = store.start_run()
        store.finish_run(run, 0, 0, [ItemError("bad.bin", "read", "binary file")])
        assert store.run_errors(run) == [ItemError("bad.bin", "read", "binary file")]
        assert store.counts()["errors"] == 1


def test_reingesting_the_same_inputs_changes_nothing(seeds_analysed, seeds_store_copy) -> None:
    # The copy holds the session's first ingest of the seeds; its report is first's.
    with seeds_store_copy as store:
        first = seeds_analysed.report
        before = store.counts()
        articles_before = [(a.id, a.text, a.published, a.story_id) for a in store.articles()]
        second = pipeline.ingest([SEEDS], store, workers=1)
        assert len(first.added) == 5
        assert second.added == [] and second.skipped == 5
        assert store.counts() == {**before, "errors": before["errors"]}
        assert [(a.id, a.text, a.published, a.story_id) for a in store.articles()] == articles_before


def test_article_ids_are_stable_across_stores(tmp_path: Path, seeds_store) -> None:
    # One store is the session's seeds store, the other a new one.
    ids = [sorted(a.id for a in seeds_store.articles())]
    with open_store(tmp_path / "two.db") as store:
        pipeline.ingest([SEEDS], store, workers=1)
        ids.append(sorted(a.id for a in store.articles()))
    assert ids[0] == ids[1]


def test_reprocess_recomputes_stored_articles(seeds_store_copy) -> None:
    with seeds_store_copy as store:
        again = pipeline.ingest([SEEDS], store, workers=1, reprocess=True)
        assert len(again.added) == 5 and again.skipped == 0
        assert store.counts()["articles"] == 5


def test_records_read_back_as_plain_data_equal_to_dataclasses_asdict(seeds_store) -> None:
    # to_dict is a faster asdict (no deep copy of every leaf): the same document for every
    # record the seeds produce, nested records included, and no object shared with the record.
    import dataclasses
    import json

    from sitrep.records import to_dict
    from sitrep.stages import tables

    checked = 0
    for table in tables():
        for record in seeds_store.records(table):
            plain = to_dict(record)
            assert json.dumps(plain) == json.dumps(dataclasses.asdict(record)), (table, record.id)
            for name, value in plain.items():
                if isinstance(value, list | dict):
                    assert value is not getattr(record, name)
            checked += 1
    assert checked > 1000


def test_records_at_reads_only_the_records_of_the_spans_asked(seeds_store) -> None:
    events = list(seeds_store.records("events"))
    wanted = events[::7]
    spans = {(e.article_id, e.start, e.end) for e in wanted}
    found = seeds_store.records_at("events", spans)
    expected = sorted((e for e in events if (e.article_id, e.start, e.end) in spans), key=lambda e: e.id)
    assert found == expected and len(found) >= len(wanted) > 3
    assert seeds_store.records_at("events", {(events[0].article_id, -1, -1)}) == []


def test_values_between_gives_the_column_of_the_records_between(seeds_store) -> None:
    dated = sorted(e.date for e in seeds_store.records("fused_events") if e.date and len(e.date) == 10)
    low, high = dated[0], dated[len(dated) // 2]
    records = seeds_store.records_between(
        "fused_events", "date", low, high, unset=False, nearest="high", limit=5
    )
    ids = seeds_store.values_between(
        "fused_events", "id", "date", low, high, unset=False, nearest="high", limit=5
    )
    assert ids == [f.id for f in records] and len(ids) == 5
    assert all(f.date >= records[-1].date for f in records)


def test_the_nearest_events_of_a_type_are_read_along_the_type_and_date_index(seeds_store) -> None:
    # Fusion's scope reads the few fused events of a type nearest a day: along (type, date), not
    # by sorting every row of the type or scanning every date.
    plans: list[str] = []

    def explain(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if statement.lstrip().startswith("SELECT fused_events.id"):
            plans.extend(
                str(row[-1]) for row in cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, params)
            )

    sa.event.listen(seeds_store.engine, "before_cursor_execute", explain)
    try:
        seeds_store.values_between(
            "fused_events", "id", "date", "2025-03-01", "2025-03-20", unset=False,
            also={"type": ["CONSULT"], "actor_country": ["USA", None]}, nearest="high", limit=48,
        )  # fmt: skip
    finally:
        sa.event.remove(seeds_store.engine, "before_cursor_execute", explain)
    assert any("USING INDEX ix_fused_events_type_date (type=? AND date>? AND date<?)" in p for p in plans), (
        plans
    )
