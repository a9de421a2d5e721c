"""Ids depend on content: ingesting again with no new input leaves every table as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sitrep import pipeline
from sitrep.store import open_store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "corpus"
# Run bookkeeping grows with every run by design; everything else must not move.
BOOKKEEPING = {"runs"}


def _rows(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if name not in BOOKKEEPING
        ]
        rows = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    conn.close()
    return rows


def test_a_second_run_without_new_input_changes_no_row(example_db_copy: Path) -> None:
    db = example_db_copy
    before = _rows(db)
    assert len(before["actors"]) > 20 and len(before["statements"]) > 100  # enough to move
    with open_store(db) as store:
        again = pipeline.ingest([EXAMPLE], store, workers=1)
    assert again.added == [] and again.skipped == len(before["articles"])
    after = _rows(db)
    assert after.keys() == before.keys()
    for table in before:
        moved = set(before[table]) ^ set(after[table])
        assert not moved, (table, sorted(moved)[:4])
        assert after[table] == before[table], table
