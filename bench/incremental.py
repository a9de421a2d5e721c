"""Incremental linking benchmark: the time and memory of linking a small batch into a big store.

For each store size N: a store of N synthetic articles (``bench/scale.py``'s expansion of the
VOA corpus and the seeds: new text, 10% copies) is written and linked whole once, which builds
the linkers' indexes and is the baseline. Then, in a fresh process that opens the stored
store, batches of new synthetic articles (copies of stored ones among them) are written and
linked incrementally, one batch after another: the link time per batch (p50, p95) is what
an ingest adds after parsing. The first link of the process, which also pays for imports and the
linkers' set-up, is timed apart ("first link") and left out of the percentiles. Peak memory of that process (``ru_maxrss``) says whether it
grows with the store.

Linkers measured: by default provenance (copies) and stories, the linkers over text, on
``bench/scale.py``'s synthetic articles. With ``--parsed`` every corpus stage (statements, fused
events, positions, claims too) on parsed articles: the real corpus analysed once and replicated
(``bench/_parsed.py``), each replica with its base's records on new days; the time of each stage
in the batches is printed as well.

``--agreement`` instead links ``--batches`` batches into a copy of each built store and relinks it
whole, printing per table how many rows the whole relink gives otherwise.

Run: ``.venv/bin/python bench/incremental.py [--parsed] [--agreement] [SIZES...]`` (default 1000 10000 30000);
``--batch K`` (default 10) articles per batch, ``--batches R`` (default 20) batches.
Stores are kept under ``/tmp/sitrep-bench-incremental`` between runs (``--rebuild`` remakes them).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from _child import peak_rss_mb, run_child
from _parsed import base, replicas
from scale import synthetic
from sitrep import pipeline, stages
from sitrep.records import Article
from sitrep.stages import Stage
from sitrep.store import open_store

LINKERS = ("provenance", "stories")
# SITREP_BENCH_WORK: another folder, for a run beside someone else's.
WORK = Path(os.environ.get("SITREP_BENCH_WORK", "/tmp/sitrep-bench-incremental"))
PARSED = False  # --parsed: every corpus stage, on parsed articles


def _path(n: int) -> Path:
    return WORK / f"store-{n}{'-parsed' if PARSED else ''}.db"


def _articles(n: int, start: int = 0) -> list[tuple[Article, dict[str, list[Any]]]]:
    """Articles ``start`` to ``n`` of the bench series (parsed replicas are built from ``start``
    only, so a batch's process holds its own articles, not the store's)."""
    if PARSED:
        return replicas(base(WORK / "parsed-base.pickle"), n, start=start)
    return [(a, {}) for a in synthetic(n)[start:]]


def _linkers(times: dict[str, float] | None = None) -> list[Stage]:
    """The linkers measured; with ``times``, each adds its run time there."""
    chosen = [s for s in stages.plan() if s.kind == "corpus"] if PARSED else stages.select(LINKERS)
    if times is None:
        return chosen

    def timed(stage: Stage) -> Any:
        def run(corpus: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return stage.run(corpus)
            finally:
                times[stage.name] = times.get(stage.name, 0.0) + time.perf_counter() - t0

        return run

    return [dataclasses.replace(s, run=timed(s)) for s in chosen]


def build(n: int, extra: int) -> dict[str, Any]:
    """Write N articles and link them whole (the baseline); the next ``extra`` wait for the batches."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = _path(n)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    articles = _articles(n + extra)
    with open_store(path) as store:
        for a, derived in articles[:n]:
            store.write_article(a, derived)
        t0 = time.perf_counter()
        errors = pipeline.link(store, _linkers())
        full_s = time.perf_counter() - t0
    assert not errors, errors
    return {"articles": n, "full_link_s": full_s, "build_peak_rss_mb": peak_rss_mb()}


def batches(n: int, size: int, count: int) -> dict[str, Any]:
    """Link ``count`` batches of ``size`` new articles into the built store, one after another."""
    articles = _articles(n + size * (count + 1), start=n)
    stage_s: dict[str, float] = {}
    linkers = _linkers(stage_s)
    times: list[float] = []
    with open_store(WORK / f"run-{n}.db") as store:
        # The first link in a process also pays for imports and the linkers' set-up (MinHash
        # permutations, lexicons): timed apart, as a one-off of each process, not of each batch.
        first = articles[-size:]
        for a, derived in first:
            store.write_article(a, derived)
        t0 = time.perf_counter()
        errors = pipeline.link(store, linkers, new_ids=[a.id for a, _ in first])
        first_ms = 1000 * (time.perf_counter() - t0)
        assert not errors, errors
        stage_s.clear()
        for k in range(count):
            batch = articles[k * size : (k + 1) * size]
            for a, derived in batch:
                store.write_article(a, derived)
            t0 = time.perf_counter()
            errors = pipeline.link(store, linkers, new_ids=[a.id for a, _ in batch])
            times.append(time.perf_counter() - t0)
            assert not errors, errors
        new_ids = [a.id for a, _ in articles]
        copies = sum(1 for a in store.articles_by_id(new_ids).values() if a.copy_of)
    times.sort()
    return {
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "max_ms": 1000 * times[-1],
        "first_ms": first_ms,
        "peak_rss_mb": peak_rss_mb(),
        "copies_found": copies,
        "stage_mean_ms": {name: 1000 * t / count for name, t in stage_s.items()},
    }


AGREEMENT_TABLES = ("statements", "actors", "quotes", "events", "fused_events", "positions", "claims")


def agreement(n: int, size: int, count: int) -> dict[str, Any]:
    """Link ``count`` batches incrementally into a copy of the built store, then relink it whole:
    per table, the rows and how many of them the whole relink gives otherwise."""
    articles = _articles(n + size * count, start=n)
    path = WORK / f"agree-{n}.db"
    _copy(_path(n), path)
    with open_store(path) as store:
        for k in range(count):
            batch = articles[k * size : (k + 1) * size]
            for a, derived in batch:
                store.write_article(a, derived)
            assert not pipeline.link(store, _linkers(), new_ids=[a.id for a, _ in batch])
        linked = {t: {r.id: r for r in store.records(t)} for t in AGREEMENT_TABLES}
        assert not pipeline.link(store, _linkers())
        whole = {t: {r.id: r for r in store.records(t)} for t in AGREEMENT_TABLES}
    out = {}
    for t in AGREEMENT_TABLES:
        ids = set(linked[t]) | set(whole[t])
        out[t] = {"rows": len(whole[t]), "differ": sum(1 for i in ids if linked[t].get(i) != whole[t].get(i))}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000, 30_000])
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--parsed", action="store_true", help="every corpus stage, on parsed articles")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--agreement", action="store_true", help="after the batches, the rows a whole relink gives otherwise"
    )
    args = parser.parse_args()
    global PARSED
    PARSED = args.parsed
    flag = ["--parsed"] if PARSED else []
    extra = 1000  # synthetic articles beyond the store, for the batches
    if args.build is not None:
        print(json.dumps(build(args.build, extra)))
        return
    if args.run is not None:
        print(json.dumps(batches(args.run, args.batch, args.batches)))
        return
    rows = []
    for n in args.sizes:
        built_file = _path(n).with_suffix(".json")
        if args.rebuild or not built_file.exists() or not _path(n).exists():
            built = run_child(__file__, *flag, "--build", str(n))
            built_file.write_text(json.dumps(built))
        built = json.loads(built_file.read_text())
        if args.agreement:
            print(n, json.dumps(agreement(n, args.batch, args.batches)), flush=True)
            continue
        # Each run starts from a copy of the built store: the batches of another run are not in it.
        _copy(_path(n), WORK / f"run-{n}.db")
        one = run_child(__file__, *flag, "--run", str(n), "--batch", "1", "--batches", str(args.batches))
        _copy(_path(n), WORK / f"run-{n}.db")
        many = run_child(
            __file__, *flag, "--run", str(n), "--batch", str(args.batch), "--batches", str(args.batches)
        )
        rows.append((n, built, one, many))
        _print(n, built, one, many, args.batch)
    if not rows:
        return
    print()
    print(f"{'articles':>9} | {'full link':>9} | {'+1 p50/p95 ms':>14} | {f'+{args.batch} p50/p95 ms':>15} | "
          f"{'first link ms':>13} | {'ratio':>6} | {'peak RSS MB (batches)':>21}")  # fmt: skip
    for n, built, one, many in rows:
        print(
            f"{n:>9} | {built['full_link_s']:>8.1f}s | {one['p50_ms']:>6.0f}/{one['p95_ms']:<7.0f} | "
            f"{many['p50_ms']:>6.0f}/{many['p95_ms']:<8.0f} | {one['first_ms']:>13.0f} | "
            f"{1000 * built['full_link_s'] / many['p50_ms']:>5.0f}x | {many['peak_rss_mb']:>21.0f}"
        )
    print()
    print("mean ms per stage and batch, +1 article / +" + str(args.batch) + " articles:")
    for n, _built, one, many in rows:
        parts = [
            f"{name} {one['stage_mean_ms'].get(name, 0):.0f}/{ms:.0f}"
            for name, ms in many["stage_mean_ms"].items()
        ]
        print(f"{n:>9} | " + ", ".join(parts))


def _copy(src: Path, dest: Path) -> None:
    """A consistent copy of a SQLite store, through SQLite's backup API."""
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:
        a.backup(b)
    a.close()
    b.close()


def _print(n: int, built: dict[str, Any], one: dict[str, Any], many: dict[str, Any], size: int) -> None:
    print(
        f"{n:>6} articles: full link {built['full_link_s']:.1f}s (peak RSS {built['build_peak_rss_mb']:.0f} MB); "
        f"+1 article p50 {one['p50_ms']:.0f} ms p95 {one['p95_ms']:.0f} ms; "
        f"+{size} articles p50 {many['p50_ms']:.0f} ms p95 {many['p95_ms']:.0f} ms "
        f"(peak RSS {many['peak_rss_mb']:.0f} MB, {many['copies_found']} copies among the new)",
        file=sys.stderr,
        flush=True,
    )


if __name__ == "__main__":
    main()
