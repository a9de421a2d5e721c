"""Session fixtures: the example corpus analysed once, shared by the modules that only read it.

``seeds_store`` (the five seeds ingested into a store) and ``example_out`` (``sitrep analyze`` of
the whole example corpus) are built once per session and must not be written to: a test that
ingests, rewrites or damages a store takes its own copy (``seeds_store_copy`` or
:func:`copy_store`). Each shared store is checked unchanged when the session ends.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.records import Article
from sitrep.store import SQLStore, open_store

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "corpus"
SEEDS = EXAMPLE / "seeds"
VOA = REPO.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"


@dataclass(frozen=True, slots=True)
class Analysed:
    """A store built once for the session, with the report of the run that built it."""

    path: Path
    report: pipeline.RunReport


def voa_articles() -> list[Article]:
    """The 89 VOA stories of the shared corpora, as articles of the outlet "VOA"."""
    out = []
    for line in VOA.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out.append(
            Article(
                id=r["id"], source=f"voa#{r['id']}", text=r["text"], content_hash=r["id"],
                outlet="VOA", title=r["title"], published=r["published"][:10],
            )
        )  # fmt: skip
    return out


def copy_store(source: Path, dest: Path) -> Path:
    """A consistent copy of a SQLite store (its WAL included), through SQLite's backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(dest) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return dest


def _digest(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        digest = hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    conn.close()
    return digest


@pytest.fixture(scope="session")
def seeds_analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Analysed]:
    path = tmp_path_factory.mktemp("seeds") / "s.db"
    with open_store(path) as store:
        report = pipeline.ingest([SEEDS], store, workers=1)
    before = _digest(path)
    yield Analysed(path, report)
    assert _digest(path) == before, "a test wrote to the shared seeds store: use seeds_store_copy"


@pytest.fixture(scope="session")
def seeds_store(seeds_analysed: Analysed) -> Iterator[SQLStore]:
    """The five seeds, ingested once with one worker; read-only."""
    store = open_store(seeds_analysed.path, create=False)
    yield store
    store.close()


@pytest.fixture(scope="session")
def copy_seeds_store(seeds_analysed: Analysed) -> Callable[[Path], Path]:
    """Copies the seeds store to a path: a start for module fixtures that ingest more."""
    return lambda dest: copy_store(seeds_analysed.path, dest)


@pytest.fixture
def seeds_store_copy(seeds_analysed: Analysed, tmp_path: Path) -> Iterator[SQLStore]:
    """A private copy of the seeds store, for a test that writes to it."""
    store = open_store(copy_store(seeds_analysed.path, tmp_path / "seeds.db"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``sitrep analyze examples/corpus --out DIR`` run once through the real command; read-only."""
    out = tmp_path_factory.mktemp("out")
    result = subprocess.run(
        [sys.executable, "-m", "sitrep", "analyze", str(EXAMPLE), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    before = _digest(out / "sitrep.db")
    yield out
    assert _digest(out / "sitrep.db") == before, "a test wrote to the shared example store"


@pytest.fixture
def example_db_copy(example_out: Path, tmp_path: Path) -> Path:
    """A private copy of the example corpus's store (a file), for a test that writes to it."""
    return copy_store(example_out / "sitrep.db", tmp_path / "example.db")
