"""Throughput and peak memory of the pipeline on the VOA corpus.

Each mode runs in its own process so that peak memory (max RSS) is its own:

- ``baseline``: a bare ``nlp.pipe`` over the articles' texts (the floor any
  spaCy-based pipeline pays);
- ``parse``: sitrep's ingest + clean + parse + store, no extractors or linkers;
- ``full``: every registered stage (extractors and linkers).

The model is loaded before the clock starts in every mode. Figures are
articles per second and peak RSS, with the ratio to the baseline.

    python bench/throughput.py [--corpus ../shared/corpora/voa/voa_stories.jsonl] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _child import peak_rss_mb, run_child

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
MODES = ("baseline", "parse", "full")


def run_mode(mode: str, corpus: Path, repeat: int) -> dict[str, float]:
    from sitrep import nlp, pipeline
    from sitrep.store import open_store

    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    nlp.load()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        if mode == "baseline":
            for _doc in nlp.parse(texts):
                pass
        else:
            with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
                options = {} if mode == "full" else {"stages": []}
                report = pipeline.ingest([corpus], store, workers=1, **options)
                if len(report.added) != len(texts):
                    raise SystemExit(f"{mode}: stored {len(report.added)} of {len(texts)} articles")
        best = min(best, time.perf_counter() - start)
    return {"articles": len(texts), "seconds": best, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=2, help="runs per mode; the fastest counts")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)  # child process
    args = parser.parse_args()

    if args.mode:
        print(json.dumps(run_mode(args.mode, args.corpus, args.repeat)))
        return

    results = {}
    for mode in MODES:
        results[mode] = run_child(
            __file__, "--mode", mode, "--corpus", str(args.corpus), "--repeat", str(args.repeat)
        )

    base = results["baseline"]
    print(f"corpus: {args.corpus} ({base['articles']} articles), best of {args.repeat} runs")
    print(
        f"{'mode':<10}{'articles/s':>12}{'seconds':>10}{'peak MB':>10}{'time x base':>13}{'mem x base':>12}"
    )
    for mode, r in results.items():
        rate = r["articles"] / r["seconds"]
        print(
            f"{mode:<10}{rate:>12.1f}{r['seconds']:>10.2f}{r['peak_rss_mb']:>10.0f}"
            f"{r['seconds'] / base['seconds']:>13.2f}{r['peak_rss_mb'] / base['peak_rss_mb']:>12.2f}"
        )


if __name__ == "__main__":
    main()
