"""Benchmark the cleaning stage on real pages (gold data stays outside the repo).

1. Body extraction on the Zyte article-extraction benchmark
   (``../shared/eval/extraction/aeb/``: ``html/<id>.html.gz``, ``ground-truth.json``).
   Score: precision, recall and F1 over word 4-shingles, as multisets. Words are
   lower-cased ``\\w+`` tokens; 4-shingles (the AEB scorer's choice) reward
   getting whole runs of text right, not just the vocabulary, so a menu that
   repeats body words does not count as recall. P and R are averaged over
   documents (macro), F1 is taken from those means, as the AEB scorer does.
2. Publication dates on the htmldate evaluation set
   (``../shared/eval/pubdate/htmldate/eval_mediacloud_2020.json`` + ``test_set/``).
   Score: exact-date accuracy of ``Article.published``.
3. Titles and bylines on 81 pages of both sets, labelled by hand
   (``bench/data/page_metadata.json``; even positions tune, odd positions test).
   Title: exact match after folding case, whitespace, quotes and dashes. Byline:
   the set of author names equal to the gold set (names folded the same way, dots
   dropped), on the pages whose gold has authors, and on the pages whose gold has
   none (the right answer is no name); plus precision and recall over names on all
   pages. Baselines: the raw ``<title>`` tag and ``trafilatura.extract_metadata``.

Each block prints a baseline (bare trafilatura / htmldate defaults) for comparison.
Run from the repo root: ``.venv/bin/python bench/extraction.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura
from htmldate import find_date
from trafilatura.utils import decode_file

from sitrep.clean import CleanError, clean_item
from sitrep.clean.html import page_date
from sitrep.records import RawItem

ROOT = Path(__file__).resolve().parent.parent
# ../shared/eval from the main checkout; from a git worktree, the nearest parent that holds it.
EVAL = next(
    (p / "shared" / "eval" for p in ROOT.parents if (p / "shared" / "eval").is_dir()),
    ROOT.parent / "shared" / "eval",
)
PAGE_GOLD = ROOT / "bench" / "data" / "page_metadata.json"
SHINGLE = 4
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def prf(predicted: str, truth: str) -> tuple[float, float]:
    pred, gold = shingles(predicted), shingles(truth)
    overlap = sum((pred & gold).values())
    precision = overlap / sum(pred.values()) if pred else (1.0 if not gold else 0.0)
    recall = overlap / sum(gold.values()) if gold else 1.0
    return precision, recall


def read_html(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return decode_file(data)


def ours_text(html: str, url: str | None) -> str:
    try:
        return clean_item(RawItem(source=url or "page", content=html, content_type="html", url=url)).text
    except CleanError:
        return ""


def baseline_text(html: str, url: str | None) -> str:
    return trafilatura.extract(html, url=url) or ""


def bench_extraction(limit: int | None) -> None:
    folder = EVAL / "extraction" / "aeb"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit]
    pages = {i: read_html(folder / "html" / f"{i}.html.gz") for i in ids}
    print(f"extraction: {len(ids)} pages from {folder} (word {SHINGLE}-shingles, macro P/R)")
    systems: list[tuple[str, Callable[[str, str | None], str]]] = [
        ("sitrep clean_item", ours_text),
        ("baseline trafilatura.extract defaults", baseline_text),
    ]
    for name, system in systems:
        started = time.perf_counter()
        scores = [prf(system(pages[i], truth[i].get("url")), truth[i]["articleBody"]) for i in ids]
        elapsed = time.perf_counter() - started
        p = sum(s[0] for s in scores) / len(scores)
        r = sum(s[1] for s in scores) / len(scores)
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"  {name:40s} P={p:.3f} R={r:.3f} F1={f:.3f}  ({elapsed:.1f}s, {elapsed / len(ids) * 1000:.0f} ms/page)"
        )


def ours_date(html: str, url: str | None) -> str | None:
    try:
        return clean_item(RawItem(source=url or "page", content=html, content_type="html", url=url)).published
    except CleanError:
        return page_date(html, url)  # no article text: still score the page's date


def baseline_date(html: str, url: str | None) -> str | None:
    try:
        return find_date(html, url=url)
    except Exception:
        return None


def _date_ok(predicted: str | None, gold: object) -> bool:
    # Gold NaN/null marks a page with no publication date: the right answer is none.
    if gold is None or (isinstance(gold, float) and math.isnan(gold)):
        return predicted is None
    return predicted == gold


def bench_dates(limit: int | None) -> None:
    folder = EVAL / "pubdate" / "htmldate"
    gold = json.loads((folder / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    items = sorted(gold.items())[:limit]
    pages = {}
    for url, entry in items:
        path = folder / "test_set" / entry["file"]
        path = path if path.exists() else path.with_name(path.name + ".gz")
        pages[url] = read_html(path)
    print(f"pubdate: {len(items)} pages from {folder} (exact-date accuracy)")
    for name, system in (
        ("sitrep clean_item", ours_date),
        ("baseline htmldate.find_date defaults", baseline_date),
    ):
        started = time.perf_counter()
        predictions = {url: system(pages[url], url) for url, _ in items}
        elapsed = time.perf_counter() - started
        correct = sum(_date_ok(predictions[url], entry["date"]) for url, entry in items)
        missing = sum(predictions[url] is None for url, _ in items)
        print(
            f"  {name:40s} accuracy={correct / len(items):.3f} ({correct}/{len(items)}, {missing} without date)"
            f"  ({elapsed:.1f}s)"
        )


# Folded for comparison: typographic quotes and dashes are the same headline.
_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "…": "...",
        "\u00a0": " ",
    }
)


def fold_title(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD).casefold()
    return re.sub(r"\s+", " ", text).strip()


def fold_name(name: str) -> str:
    return re.sub(r"[\s.]+", " ", fold_title(name)).strip()


def split_names(byline: str | None) -> set[str]:
    """Author names in a byline string: parts split on ';', ',', '&' and ' and '."""
    parts = re.split(r"\s*(?:;|,|&|\band\b|\bund\b|\by\b)\s*", byline or "")
    return {fold_name(part) for part in parts if part.strip()}


def raw_title_tag(html: str, url: str | None) -> tuple[str | None, str | None]:
    from trafilatura.utils import load_html

    tree = load_html(html)  # the same decoding as the other systems
    found = tree.xpath("//title") if tree is not None else []
    return (found[0].text_content().strip() if found else None), None


def trafilatura_meta(html: str, url: str | None) -> tuple[str | None, str | None]:
    doc = trafilatura.extract_metadata(html, default_url=url)
    return (doc.title, doc.author) if doc else (None, None)


def ours_meta(html: str, url: str | None) -> tuple[str | None, str | None]:
    from sitrep.clean.html import page_metadata

    try:
        article = clean_item(RawItem(source=url or "page", content=html, content_type="html", url=url))
        return article.title, article.byline
    except CleanError:
        return page_metadata(html, url)  # no article text: still score the page's own headline


def _meta_scores(pages: list[dict], predictions: list[tuple[str | None, str | None]]) -> str:
    titles = sum(
        fold_title(pred[0]) == fold_title(page["title"])
        for page, pred in zip(pages, predictions, strict=True)
    )
    with_authors = [(page, pred) for page, pred in zip(pages, predictions, strict=True) if page["authors"]]
    without = [(page, pred) for page, pred in zip(pages, predictions, strict=True) if not page["authors"]]
    exact = sum(
        split_names(pred[1]) == {fold_name(a) for a in page["authors"]} for page, pred in with_authors
    )
    empty = sum(not split_names(pred[1]) for _, pred in without)
    found = right = gold = 0
    for page, pred in zip(pages, predictions, strict=True):
        names, truth = split_names(pred[1]), {fold_name(a) for a in page["authors"]}
        found, right, gold = found + len(names), right + len(names & truth), gold + len(truth)
    precision, recall = (right / found if found else 1.0), (right / gold if gold else 1.0)
    return (
        f"title={titles / len(pages):.3f} ({titles}/{len(pages)})  "
        f"byline={exact / len(with_authors):.3f} ({exact}/{len(with_authors)}) "
        f"none={empty}/{len(without)} names P={precision:.3f} R={recall:.3f}"
    )


def bench_page_metadata(limit: int | None) -> None:
    gold = json.loads(PAGE_GOLD.read_text(encoding="utf-8"))["pages"][:limit]
    htmls = [read_html(EVAL / page["file"]) for page in gold]
    halves = {"tune": list(range(0, len(gold), 2)), "test": list(range(1, len(gold), 2))}
    print(f"titles and bylines: {len(gold)} hand-labelled pages ({PAGE_GOLD.name}; even=tune, odd=test)")
    systems: list[tuple[str, Callable[[str, str | None], tuple[str | None, str | None]]]] = [
        ("sitrep clean_item", ours_meta),
        ("baseline <title> tag", raw_title_tag),
        ("baseline trafilatura.extract_metadata", trafilatura_meta),
    ]
    for name, system in systems:
        started = time.perf_counter()
        predictions = [system(html, page.get("url")) for html, page in zip(htmls, gold, strict=True)]
        elapsed = time.perf_counter() - started
        for half, index in halves.items():
            scores = _meta_scores([gold[i] for i in index], [predictions[i] for i in index])
            print(f"  {name:40s} {half}: {scores}  ({elapsed:.1f}s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages of each set")
    parser.add_argument("--only", choices=("extraction", "pubdate", "pagemeta"), default=None)
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"gold data not found at {EVAL}", file=sys.stderr)
        return 2
    if args.only in (None, "extraction"):
        bench_extraction(args.limit)
    if args.only in (None, "pubdate"):
        bench_dates(args.limit)
    if args.only in (None, "pagemeta"):
        bench_page_metadata(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
