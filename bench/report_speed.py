"""Report speed: how long ``sitrep report`` takes on an analysed store, cold and warm.

Analyses the example corpus (or takes ``--store`` of one already analysed), then times
``sitrep report`` as a user runs it (a new process: imports, opening the store, building and
rendering the report), a new process that only imports the CLI and the stage modules (the start-up
every command pays), and, in this process, building the report and rendering it in every
format once the modules are loaded. The median of ``--runs`` runs of each.

Run: ``PYTHONPATH=src .venv/bin/python bench/report_speed.py [--store out/example/sitrep.db] [--runs 5]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "corpus"


def analysed(store: str | None, tmp: Path) -> Path:
    if store:
        return Path(store)
    out = tmp / "out"
    subprocess.run([sys.executable, "-m", "sitrep", "analyze", str(EXAMPLE), "--out", str(out)], check=True,
                   capture_output=True)  # fmt: skip
    return out / "sitrep.db"


def cold(db: Path, fmt: str, runs: int) -> list[float]:
    times = []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sitrep", "report", "--store", str(db), "--format", fmt],
                       check=True, capture_output=True, env=env)  # fmt: skip
        times.append(time.perf_counter() - t0)
    return times


def imports(runs: int) -> list[float]:
    """A new process that only imports the CLI and loads the stage modules, as every command does."""
    times = []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    code = "import sitrep.cli; from sitrep import stages; stages.load_builtin()"
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
    return times


def warm(db: Path, runs: int) -> tuple[list[float], list[float]]:
    from sitrep import briefing, stages
    from sitrep.query import Query
    from sitrep.store import open_store

    t0 = time.perf_counter()
    stages.load_builtin()
    print(f"loading the stage modules in process: {time.perf_counter() - t0:.2f} s")
    builds, renders = [], []
    with open_store(db, create=False) as store:
        for _ in range(runs):
            t0 = time.perf_counter()
            report = briefing.build_report(Query(store))
            t1 = time.perf_counter()
            for fmt in briefing.FORMATS:
                briefing.render(report, fmt)
            builds.append(t1 - t0)
            renders.append(time.perf_counter() - t1)
    return builds, renders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", help="an analysed store (default: analyse the example corpus)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = analysed(args.store, Path(tmp))
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        medians = {}
        for fmt in ("md", "html", "json"):
            medians[fmt] = statistics.median(cold(db, fmt, args.runs))
            print(f"sitrep report --format {fmt} (new process): median {medians[fmt]:.2f} s")
        start = statistics.median(imports(args.runs))
        print(
            f"interpreter + imports + stage modules (new process): median {start:.2f} s, "
            f"{start / medians['md']:.0%} of `sitrep report --format md`"
        )
        builds, renders = warm(db, args.runs)
        print(f"build_report in process: median {statistics.median(builds):.3f} s")
        print(f"render md + html + json in process: median {statistics.median(renders):.3f} s")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
