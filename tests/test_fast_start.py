"""Commands that only read the store start without the parser's libraries (issue 13: `sitrep report`
in under 2 s after analysis).

Every command that opens a store loads the stage modules, so that the store knows its tables; those
modules must not import spaCy, datasketch or scipy (about 2 s of a 2.9 s `sitrep report`), nor
pyarrow or trafilatura, at import: they import them where a text is parsed, hashed, read or written
as Parquet. Each check runs in a fresh interpreter, since this test process has them loaded already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "datasketch", "scipy", "pyarrow", "trafilatura")
# Runs the CLI with the given arguments, then prints the heavy modules it imported as the last line
# of stderr.
PROBE = f"""
import json, sys
from sitrep import cli
try:
    cli.app(sys.argv[1:], prog_name="sitrep")
finally:
    print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)), file=sys.stderr)
"""


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120)


def _imported(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_loading_every_stage_imports_no_parser_library() -> None:
    code = (
        "import json, sys\n"
        "import sitrep.cli, sitrep.api, sitrep.query, sitrep.briefing, sitrep.positions_view\n"
        "from sitrep import stages\n"
        "stages.load_builtin()\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    proc = _python("-c", code)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


@pytest.fixture
def seeds_db(copy_seeds_store: Callable[[Path], Path], tmp_path: Path) -> Path:
    return copy_seeds_store(tmp_path / "seeds.db")


def test_report_on_the_seeds_works_without_the_parser(seeds_db: Path) -> None:
    proc = _python("-c", PROBE, "report", "--store", str(seeds_db), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert _imported(proc) == []
    report = json.loads(proc.stdout)
    # the seeds' report still has its stories and timelines (built from stored records only)
    text = json.dumps(report)
    assert "Jeddah" in text and "2025-03-11" in text


@pytest.mark.parametrize(
    "command",
    [("summary",), ("quotes", "--speaker", "Putin"), ("events",), ("positions",), ("stories",), ("places",)],
    ids=lambda c: c[0],
)
def test_reading_commands_work_without_the_parser(seeds_db: Path, command: tuple[str, ...]) -> None:
    proc = _python("-c", PROBE, *command, "--store", str(seeds_db))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip(), f"{command[0]} printed nothing"
    assert _imported(proc) == []


def test_export_jsonl_works_without_the_parser(seeds_db: Path, tmp_path: Path) -> None:
    proc = _python("-c", PROBE, "export", str(tmp_path / "out"), "--store", str(seeds_db))
    assert proc.returncode == 0, proc.stderr
    assert _imported(proc) == []
    assert (tmp_path / "out" / "articles.jsonl").read_text().count("\n") == 5


def test_export_parquet_still_loads_pyarrow_where_it_writes(seeds_db: Path, tmp_path: Path) -> None:
    proc = _python(
        "-c", PROBE, "export", str(tmp_path / "out"), "--store", str(seeds_db), "--format", "parquet"
    )
    assert proc.returncode == 0, proc.stderr
    assert _imported(proc) == ["pyarrow"]
    assert (tmp_path / "out" / "articles.parquet").stat().st_size > 0
