"""A store that cannot be used is one line naming it and what to do, exit status 2, no traceback.

Run through the real command (typer's runner, and once as a process); reading commands never
create a store, and an export from a store with a damaged page leaves no partial export behind.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep import stages
from sitrep.cli import app
from sitrep.store import schema

READING = [
    ["summary"],
    ["quotes"],
    ["stories"],
    ["places"],
    ["serve", "--port", "9"],  # refused before it binds
]


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    # One line on stderr, the command's own exit status, no exception escaping.
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def seeds_db(seeds_store_copy) -> Path:
    """A private copy of the seeds store, closed: a file for a test to damage."""
    seeds_store_copy.close()
    return Path(seeds_store_copy.url.removeprefix("sqlite:///"))


@pytest.mark.parametrize("command", [*READING, ["export", "out"]], ids=lambda c: c[0])
def test_reading_commands_never_create_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    line = run(*command, "--store", "typo/x.db")
    assert line.startswith("sitrep: no store at typo/x.db") and "sitrep ingest" in line
    assert list(tmp_path.iterdir()) == []  # neither the store, nor its folder, nor an export


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_a_text_file_is_not_a_store(tmp_path: Path, command: list[str]) -> None:
    text = tmp_path / "notes.db"
    text.write_text("meeting notes, not a database\n" * 200)
    line = run(*command, "--store", str(text))
    assert f"{text} is not a sitrep store" in line and "--store" in line
    assert text.read_text().startswith("meeting notes")  # untouched


def test_another_programs_database_is_not_a_store(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    for command in (["summary"], ["ingest", str(tmp_path / "nothing.txt")]):
        line = run(*command, "--store", str(other))
        assert f"{other} is a database but not a sitrep store" in line


def test_a_truncated_store_is_named_as_damaged(seeds_db: Path) -> None:
    data = seeds_db.read_bytes()
    seeds_db.write_bytes(data[: len(data) // 3])
    for command in (["summary"], ["stories"], ["ingest", str(seeds_db.parent / "nothing.txt")]):
        line = run(*command, "--store", str(seeds_db))
        assert f"{seeds_db} is damaged" in line and "backup" in line


def test_a_store_from_a_newer_sitrep_is_refused(seeds_db: Path) -> None:
    with sqlite3.connect(seeds_db) as conn:
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(schema.SCHEMA_VERSION + 1),)
        )
    conn.close()
    for command in (["summary"], ["export", str(seeds_db.parent / "out")]):
        line = run(*command, "--store", str(seeds_db))
        assert f"{seeds_db} has schema version {schema.SCHEMA_VERSION + 1}" in line
        assert "upgrade sitrep" in line
    assert not (seeds_db.parent / "out").exists()


def test_a_read_only_location_is_named(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        place = Path("/proc")  # root writes anywhere else; /proc takes no new files
    else:
        place = tmp_path / "locked"
        place.mkdir(mode=0o500)
    article = tmp_path / "a.txt"
    article.write_text("Talks resumed in Geneva on Monday, officials said.\nThey went on into the night.\n")
    line = run("ingest", str(article), "--store", str(place / "s.db"))
    assert f"cannot write to {place / 's.db'}" in line and "writable" in line
    line = run("ingest", str(article), "--store", str(place / "sub" / "s.db"))
    assert str(place / "sub" / "s.db") in line and "writable path" in line


def _damage_last_table(db: Path) -> str:
    """Overwrite the root page of the last table an export writes: the earlier ones read fine."""
    order = ["articles", *stages.tables()]
    with sqlite3.connect(db) as conn:
        filled = [t for t in order if conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (filled[-1],)).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with db.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xa5" * page_size)
    return filled[-1]


def test_export_from_a_damaged_store_leaves_no_partial_export(seeds_db: Path, tmp_path: Path) -> None:
    _damage_last_table(seeds_db)
    fresh = tmp_path / "fresh"
    line = run("export", str(fresh), "--store", str(seeds_db))
    assert f"{seeds_db} is damaged" in line
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "notes.txt").write_text("mine")
    run("export", str(kept), "--store", str(seeds_db), "--format", "csv")
    assert not fresh.exists()
    assert [p.name for p in kept.iterdir()] == ["notes.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_the_installed_command_prints_no_traceback(seeds_db: Path) -> None:
    seeds_db.write_bytes(seeds_db.read_bytes()[:5000])
    result = subprocess.run(
        [sys.executable, "-m", "sitrep", "summary", "--store", str(seeds_db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert str(seeds_db) in result.stderr
