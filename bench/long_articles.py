"""Cost of one long article: ingest time and peak memory against article length.

A live blog or a transcript is one article of hundreds of kilobytes; its cost
must grow in proportion to its length. Each measurement ingests one article
through the real pipeline (``sitrep.pipeline.ingest`` into a fresh SQLite
store, ``workers=1``) in a process of its own, so that its peak memory (max
RSS, the spaCy model included) is its own. The model and the gazetteer are
loaded before the clock starts. Stage times come from the same run: the
engine and every extractor and linker are wrapped in a timer.

Texts (sizes in thousands of characters of article text, the unit of
``sitrep.nlp.MAX_CHARS``):

- ``news``: real reporting, the 89 Voice of America stories of
  ``../shared/corpora/voa`` (US government work, public domain; credit Voice of
  America, voanews.com) cut into paragraphs of three sentences, one a line, as
  a live blog reads. Past the corpus's 373,000 characters it is read again with
  the paragraph cuts shifted by one sentence, so that no line repeats (the
  cleaner would drop a repeated line as page furniture).
- ``marks``: the same text with quotation marks wrapped around every third word
  (straight, curly and single marks in turn) and a stray mark every 40 words:
  about 110,000 marks in 1,000,000 characters, mostly unpaired in the way the
  quote finder reads them.

Targets: time per KB at the largest size at most twice that at the smallest,
and peak memory under 1,536 MB, for each text.

    python bench/long_articles.py [--sizes 10,100,300,1000] [--texts news,marks]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _child import peak_rss_mb, run_child

REPO = Path(__file__).resolve().parents[1]
VOA = REPO.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
SIZES = (10, 100, 300, 1000)
TEXTS = ("news", "marks")
TIME_RATIO_TARGET = 2.0
PEAK_MB_TARGET = 1536
SENTENCES_PER_PARAGRAPH = 3


def _stories(corpus: Path = VOA) -> list[str]:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _paragraphs(shift: int, corpus: Path) -> list[str]:
    """Every story cut into paragraphs of three sentences, the first cut ``shift`` sentences in."""
    from sitrep.link.text import split_sentences

    out = []
    for story in _stories(corpus):
        sentences = [story[a:b].strip() for a, b in split_sentences(story)]
        cuts = [0, *range(shift % SENTENCES_PER_PARAGRAPH or SENTENCES_PER_PARAGRAPH, len(sentences), 3)]
        for a, b in zip(cuts, [*cuts[1:], len(sentences)], strict=True):
            if paragraph := " ".join(s for s in sentences[a:b] if s):
                out.append(paragraph)
    return out


def news_text(chars: int, corpus: Path = VOA) -> str:
    """Real paragraphs, one a line, up to ``chars`` characters, no line repeated."""
    lines: list[str] = []
    total, shift, seen = 0, 0, set()
    while True:
        for paragraph in _paragraphs(shift, corpus):
            if paragraph in seen:
                continue
            if total + len(paragraph) + 1 > chars:
                return "\n".join(lines)
            seen.add(paragraph)
            lines.append(paragraph)
            total += len(paragraph) + 1
        shift += 1
        if shift == SENTENCES_PER_PARAGRAPH:
            raise ValueError(f"the corpus holds fewer than {chars:,} characters of distinct paragraphs")


_MARKS = (('"', '"'), ("\u201c", "\u201d"), ("'", "'"), ("\u2018", "\u2019"))


def marks_text(chars: int, corpus: Path = VOA) -> str:
    """The news text with a quotation mark pair around every third word and a stray one every 40."""
    out_lines = []
    total = 0
    for line in news_text(chars, corpus).split("\n"):
        words = line.split(" ")
        for k in range(0, len(words), 3):
            left, right = _MARKS[(k // 3) % len(_MARKS)]
            words[k] = f"{left}{words[k]}{right}"
        for k in range(17, len(words), 40):
            words[k] = '"' + words[k]
        marked = " ".join(words)
        if total + len(marked) + 1 > chars:
            break
        out_lines.append(marked)
        total += len(marked) + 1
    return "\n".join(out_lines)


def build(text: str, size_kb: int, corpus: Path = VOA) -> str:
    return (news_text if text == "news" else marks_text)(size_kb * 1000, corpus)


class _Timer:
    def __init__(self, names: Sequence[str]) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(names, 0.0)

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start

        return timed


def _warm_up(text: str) -> None:
    from sitrep import pipeline
    from sitrep.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warm-up.txt"
        path.write_text(text, encoding="utf-8")
        with open_store(Path(tmp) / "warm-up.db") as store:
            pipeline.ingest([path], store, workers=1)


def measure(text_kind: str, size_kb: int, corpus: Path) -> dict[str, Any]:
    """Child process: ingest one article and report its stage times and peak memory."""
    from sitrep import nlp, pipeline
    from sitrep.engine import LocalEngine
    from sitrep.geo.gazetteer import load as load_gazetteer
    from sitrep.stages import plan
    from sitrep.store import open_store

    text = build(text_kind, size_kb, corpus)
    nlp.load()
    load_gazetteer()
    planned = plan()
    article_names = [s.name for s in planned if s.kind == "article"]
    timer = _Timer(["clean", "parse", *article_names, "store", "linkers"])
    # Every stage's function timed: article stages by name, the linkers together.
    timed = [
        dataclasses.replace(s, run=timer.wrap(s.name if s.kind == "article" else "linkers", s.run))
        for s in planned
    ]
    engine = LocalEngine(1)
    engine.clean = timer.wrap("clean", engine.clean)  # type: ignore[method-assign]
    engine.analyse = timer.wrap("parse", engine.analyse)  # type: ignore[method-assign]
    _warm_up(build(text_kind, 2, corpus))  # lexicons and caches load on first use: not per-KB cost
    rss_before = peak_rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"long-{text_kind}-{size_kb}.txt"
        path.write_text(text, encoding="utf-8")
        with open_store(Path(tmp) / "bench.db") as store:
            start = time.perf_counter()
            report = pipeline.ingest([path], store, workers=1, engine=engine, stages=timed)
            total = time.perf_counter() - start
            quotes = len(list(store.records("quotes")))
    if not report.added:
        raise SystemExit(f"{text_kind} {size_kb} KB: not ingested: {[e.reason for e in report.errors]}")
    seconds = timer.seconds
    # The analyse call holds parsing and the article stages; the rest of the run is the store.
    seconds["parse"] -= sum(seconds[name] for name in article_names)
    seconds["store"] = total - sum(v for k, v in seconds.items() if k != "store")
    return {
        "chars": len(text),
        "marks": sum(text.count(m) for m in "\"'\u201c\u201d\u2018\u2019"),
        "seconds": total,
        "stages": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "model_rss_mb": rss_before,
        "quotes": quotes,
        "errors": [e.reason for e in report.errors],
    }


def _report(text_kind: str, rows: Sequence[tuple[int, dict[str, Any]]]) -> bool:
    print(f"\n{text_kind}: {rows[0][1]['marks'] if text_kind == 'marks' else ''}".rstrip())
    stages = list(rows[0][1]["stages"])
    head = f"{'KB':>6}{'chars':>10}{'seconds':>9}{'ms/KB':>8}{'peak MB':>9}{'quotes':>7}"
    print(head + "".join(f"{s:>9}" for s in stages) + "   (stage ms/KB)")
    for size_kb, r in rows:
        kb = r["chars"] / 1000
        line = (
            f"{size_kb:>6}{r['chars']:>10,}{r['seconds']:>9.1f}{1000 * r['seconds'] / kb:>8.1f}"
            f"{r['peak_rss_mb']:>9.0f}{r['quotes']:>7}"
        )
        print(line + "".join(f"{1000 * r['stages'][s] / kb:>9.2f}" for s in stages))
        for reason in r["errors"]:
            print(f"      error: {reason}")
    (small_kb, small), (large_kb, large) = rows[0], rows[-1]
    ratio = (large["seconds"] / large["chars"]) / (small["seconds"] / small["chars"])
    peak = max(r["peak_rss_mb"] for _, r in rows)
    ok = ratio <= TIME_RATIO_TARGET and peak < PEAK_MB_TARGET
    print(
        f"time per KB at {large_kb} KB / at {small_kb} KB: {ratio:.2f} (target <= {TIME_RATIO_TARGET}); "
        f"peak {peak:.0f} MB (target < {PEAK_MB_TARGET}): {'PASS' if ok else 'FAIL'}"
    )
    return ok


def _run(corpus: Path, text_kind: str, size_kb: int) -> dict[str, Any]:
    try:
        return run_child(__file__, "--corpus", str(corpus), "--one", text_kind, str(size_kb))
    except subprocess.CalledProcessError as exc:
        raise SystemExit(
            f"{text_kind} {size_kb} KB failed (exit {exc.returncode}):\n{exc.stderr[-3000:]}"
        ) from exc


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="article sizes in KB, comma-separated"
    )
    parser.add_argument("--texts", default=",".join(TEXTS), help="which texts: news, marks")
    parser.add_argument("--corpus", type=Path, default=VOA, help="the VOA stories (JSONL)")
    parser.add_argument("--one", nargs=2, metavar=("TEXT", "KB"), help=argparse.SUPPRESS)  # child process
    parser.add_argument("--dump", nargs=2, metavar=("TEXT", "KB"), help="print the text of one article")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), args.corpus)))
        return
    if args.dump:
        print(build(args.dump[0], int(args.dump[1]), args.corpus))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"one article per run, pipeline.ingest with workers=1; text from {args.corpus}")
    ok = True
    for text_kind in args.texts.split(","):
        if text_kind not in TEXTS:
            raise SystemExit(f"unknown text {text_kind!r}: use {', '.join(TEXTS)}")
        rows = [(kb, _run(args.corpus, text_kind, kb)) for kb in sizes]
        ok = _report(text_kind, rows) and ok
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
