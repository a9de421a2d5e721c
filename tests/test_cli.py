"""The ``sitrep`` command end to end: analyze, export in every format, summary."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import copy_store

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "corpus"
CONTRACT_ARTICLE_FIELDS = {
    "id", "source", "url", "outlet", "original_outlet", "title", "byline", "published",
    "published_basis", "language", "text", "cited_outlets", "story_id", "copy_of", "copy_relation",
}  # fmt: skip


def sitrep(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=600, cwd=REPO
    )


@pytest.fixture(scope="module")
def analyzed(example_out: Path) -> Path:
    # `sitrep analyze examples/corpus --out DIR`, run once per session (conftest.py).
    return example_out


def test_analyze_writes_contract_articles(analyzed: Path) -> None:
    rows = [json.loads(line) for line in (analyzed / "articles.jsonl").read_text().splitlines()]
    assert len(rows) == 10  # five seeds, five VOA ceasefire stories
    for row in rows:
        assert set(row) >= CONTRACT_ARTICLE_FIELDS
        assert row["text"].strip()
    assert (analyzed / "sitrep.db").exists()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_formats_have_the_same_columns(analyzed: Path, tmp_path: Path, fmt: str) -> None:
    result = sitrep("export", str(tmp_path), "--format", fmt, "--store", str(analyzed / "sitrep.db"))
    assert result.returncode == 0, result.stderr
    jsonl_rows = [json.loads(line) for line in (analyzed / "articles.jsonl").read_text().splitlines()]
    jsonl_columns = {column for row in jsonl_rows for column in row}
    if fmt == "csv":
        with (tmp_path / "articles.csv").open(newline="") as fh:
            rows = list(csv.DictReader(fh))
        columns = set(rows[0])
        # Nested fields are JSON strings in CSV.
        assert all(isinstance(json.loads(r["cited_outlets"]), list) for r in rows)
    else:
        table = pq.read_table(tmp_path / "articles.parquet")
        columns, rows = set(table.column_names), table.to_pylist()
    assert columns == jsonl_columns
    assert len(rows) == 10


def test_unknown_export_format_is_a_usage_error(analyzed: Path, tmp_path: Path) -> None:
    result = sitrep("export", str(tmp_path), "--format", "xml", "--store", str(analyzed / "sitrep.db"))
    assert result.returncode == 2
    assert "jsonl, csv, parquet" in result.stderr


def test_summary_lists_articles(analyzed: Path) -> None:
    result = sitrep("summary", "--store", str(analyzed / "sitrep.db"))
    assert result.returncode == 0, result.stderr
    assert "10 articles" in result.stdout


def test_every_subcommand_has_help() -> None:
    top = sitrep("--help")
    assert top.returncode == 0
    commands = [
        line.split()[1]
        for line in top.stdout.splitlines()
        if line.startswith("│ ") and len(line.split()) > 2 and line.split()[1].isalpha()
    ]
    assert {"ingest", "analyze", "export", "summary"} <= set(commands)
    for command in commands:
        result = sitrep(command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, command


def test_missing_input_is_reported_with_exit_status_1(tmp_path: Path) -> None:
    result = sitrep("ingest", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s.db"))
    assert result.returncode == 1
    assert "nope.txt" in result.stdout and "no such file" in result.stdout


def test_quotes_since_keeps_undated_statements_reported_since(analyzed: Path) -> None:
    # Most statements state no date of their own: --since judges them by the
    # date they were reported, and the listing says which date it shows.
    db = str(analyzed / "sitrep.db")
    everything = sitrep("quotes", "--store", db)
    late = sitrep("quotes", "--since", "2025-03-14", "--store", db)
    assert everything.returncode == late.returncode == 0, late.stderr
    assert "(reported 2025-03-14" in late.stdout
    assert "(reported 2025-03-10" in everything.stdout
    assert "reported 2025-03-10" not in late.stdout
    assert 0 < late.stdout.count("sources:") < everything.stdout.count("sources:")


def test_statement_text_drops_the_attribution_that_splits_a_quote(analyzed: Path) -> None:
    rows = [json.loads(line) for line in (analyzed / "statements.jsonl").read_text().splitlines()]
    devastating = next(r for r in rows if "devastating for Russia" in r["text"])
    assert "Trump said" not in devastating["text"]
    # the marked parts of the interrupted quote, in order, joined where the attribution was
    assert re.search(r"very bad for Russia,? … I don’t want to do that", devastating["text"])


def test_relink_recomputes_the_store_as_one_run(example_out: Path, tmp_path: Path) -> None:
    db = copy_store(example_out / "sitrep.db", tmp_path / "s.db")
    before = sitrep("export", str(tmp_path / "before"), "--store", str(db))
    result = sitrep("relink", "--store", str(db))
    assert before.returncode == 0 and result.returncode == 0, result.stdout + result.stderr
    assert re.match(r"run \d+: 0 added, 0 already stored, 0 failed", result.stdout)
    sitrep("export", str(tmp_path / "after"), "--store", str(db))
    for table in ("statements", "fused_events", "claims", "positions", "stories"):
        assert (tmp_path / "after" / f"{table}.jsonl").read_text() == (
            tmp_path / "before" / f"{table}.jsonl"
        ).read_text(), table
