"""Statement merging: are reports of one utterance across articles one statement?

Gold: ``bench/data/statement_pairs.json`` (its ``about`` says how it was built), clusters of
hand-labelled reports of one utterance over the five seeds and the 89 VOA stories
(``shared/corpora/voa``). The pipeline ingests both into a store (or reuses ``--store``); the
statements linker then runs over the stored quotes, and each gold member is the extracted quote of
its article whose text holds the member's words (a member no quote holds is counted as missed by
extraction and its pairs are left out).

* positives: the pairs of members of one cluster;
* negatives (near misses): every other pair of extracted quotes from two articles published at
  most four days apart that share two content words, skipped members left out.

A pair is merged when its quotes carry one ``statement_id``. Precision = merged positives / merged
pairs, recall = merged positives / positives, on the tune half (clusters 1, 3, 5, ... and the
negatives whose hash is even) and the test half (the rest). The baseline merges two quotes whose
normalised texts are equal.

Run: ``PYTHONPATH=src .venv/bin/python bench/statements.py [--store PATH]``
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import json
import sys
import tempfile
import time
import zlib
from pathlib import Path

from sitrep import pipeline
from sitrep.link import Corpus
from sitrep.link.statements import link_statements
from sitrep.link.text import content_stems, normalize
from sitrep.records import Article, Quote
from sitrep.store import open_store

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "bench" / "data" / "statement_pairs.json"
SEEDS = REPO / "examples" / "corpus" / "seeds"
VOA = REPO.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
WINDOW = 4


def article_key(article: Article) -> str:
    """A seed's number or a VOA record id: how the gold names articles."""
    if "#" in article.source:
        return article.source.rsplit("#", 1)[1]
    return Path(article.source).name[:3]


def build_store(path: Path, voa: Path) -> None:
    with open_store(path) as store:
        report = pipeline.ingest([SEEDS, voa], store, workers=1)
    if report.errors:
        raise SystemExit(f"ingest failed: {report.errors[:3]}")


def find(quotes: list[Quote], words: str) -> Quote | None:
    for q in quotes:
        if words in q.text:
            return q
    return None


def gold_pairs(gold: dict, by_key: dict[str, list[Quote]]) -> tuple[dict, set, int]:
    """Positive pairs with their half, the skipped pairs, and how many members no quote holds."""
    positives: dict[frozenset[str], str] = {}
    skipped: set[frozenset[str]] = set()
    missed = 0
    for i, cluster in enumerate(gold["clusters"]):
        half = "tune" if i % 2 == 0 else "test"
        found = []
        for key, words in cluster["members"]:
            q = find(by_key.get(key, []), words)
            if q is None:
                missed += 1
                print(f"  not extracted: {cluster['id']}: {key} {words!r}", file=sys.stderr)
            else:
                found.append(q.id)
        for a, b in itertools.combinations(found, 2):
            if a != b:
                positives[frozenset((a, b))] = half
        related = [q.id for key, words in cluster.get("skip", []) if (q := find(by_key.get(key, []), words))]
        skipped.update(frozenset((r, m)) for r in related for m in found + related if r != m)
    return positives, skipped, missed


def near_misses(quotes: list[Quote], published: dict[str, dt.date | None]) -> set[frozenset[str]]:
    """Cross-article pairs of quotes sharing two content words, articles at most WINDOW days apart."""
    stems = {q.id: set(content_stems(q.text)) for q in quotes}
    postings: dict[str, list[Quote]] = {}
    for q in quotes:
        for s in stems[q.id]:
            postings.setdefault(s, []).append(q)
    out: set[frozenset[str]] = set()
    for group in postings.values():
        if len(group) > 300:  # a word in that many quotes says nothing
            continue
        for a, b in itertools.combinations(group, 2):
            if a.article_id == b.article_id or frozenset((a.id, b.id)) in out:
                continue
            da, db = published.get(a.article_id), published.get(b.article_id)
            if da and db and abs((da - db).days) > WINDOW:
                continue
            if len(stems[a.id] & stems[b.id]) >= 2:
                out.add(frozenset((a.id, b.id)))
    return out


def half_of(pair: frozenset[str]) -> str:
    return "tune" if zlib.crc32("|".join(sorted(pair)).encode()) % 2 == 0 else "test"


def score(name: str, merged, positives: dict, negatives: set) -> None:
    for half in ("tune", "test"):
        pos = [p for p, h in positives.items() if h == half]
        neg = [p for p in negatives if half_of(p) == half]
        tp = sum(1 for p in pos if merged(p))
        fp = sum(1 for p in neg if merged(p))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / len(pos) if pos else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(
            f"{name:9} {half:4}  positives {len(pos):3}  near-misses {len(neg):5}  merged {tp:3} right "
            f"{fp:3} wrong  precision {prec:.3f}  recall {rec:.3f}  F1 {f1:.3f}"
        )


def scale(corpus: Corpus, factors: list[int]) -> None:
    """Time the linker on k copies of every article and quote, each copy 30 days later (so
    blocks grow k-fold while date windows do not): time per quote should stay flat."""
    base_articles = list(corpus.articles.values())
    base_quotes = corpus.records.get("quotes", [])
    for k in factors:
        arts, quotes = {}, []
        for n in range(k):
            shift = dt.timedelta(days=30 * n)
            for a in base_articles:
                day = dt.date.fromisoformat(a.published[:10]) + shift if a.published else None
                arts[f"{a.id}-{n}"] = dataclasses.replace(
                    a, id=f"{a.id}-{n}", published=day.isoformat() if day else None, copy_of=None
                )
            for q in base_quotes:
                day = dt.date.fromisoformat(q.date) + shift if q.date else None
                quotes.append(
                    dataclasses.replace(
                        q,
                        id=f"{q.id}-{n}",
                        article_id=f"{q.article_id}-{n}",
                        date=day.isoformat() if day else None,
                    )
                )
        t0 = time.perf_counter()
        link_statements(Corpus(articles=arts, records={"quotes": quotes}))
        took = time.perf_counter() - t0
        print(
            f"scale x{k}: {len(quotes)} quotes linked in {took:.1f} s ({1e3 * took / len(quotes):.2f} ms a quote)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="a store of the seeds and VOA (built there when missing)")
    parser.add_argument("--voa", type=Path, default=VOA)
    parser.add_argument(
        "--scale", type=int, nargs="*", help="also time the linker on the quotes copied this many times"
    )
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = args.store or Path(tmp.name) / "statements.db"
    if not path.exists():
        t0 = time.perf_counter()
        build_store(path, args.voa)
        print(f"ingested the seeds and VOA in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    with open_store(path, create=False) as store:
        corpus = pipeline.load_corpus(store)
    t0 = time.perf_counter()
    result = link_statements(corpus)
    took = time.perf_counter() - t0
    quotes: list[Quote] = result.article_records["quotes"]
    by_id = {q.id: q for q in quotes}
    keys = {a.id: article_key(a) for a in corpus.articles.values()}
    by_key: dict[str, list[Quote]] = {}
    for q in sorted(quotes, key=lambda q: q.start):
        by_key.setdefault(keys[q.article_id], []).append(q)
    published = {
        a.id: dt.date.fromisoformat(a.published[:10]) if a.published else None
        for a in corpus.articles.values()
    }

    gold = json.loads(GOLD.read_text("utf-8"))
    positives, skipped, missed = gold_pairs(gold, by_key)
    negatives = near_misses(quotes, published) - set(positives) - skipped
    print(
        f"{len(corpus.articles)} articles, {len(quotes)} quotes, {len(result.tables['statements'])} statements "
        f"(linked in {took:.2f} s); gold: {len(gold['clusters'])} clusters, {len(positives)} positive pairs, "
        f"{missed} members not extracted"
    )

    def system(pair: frozenset[str]) -> bool:
        a, b = (by_id[x] for x in pair)
        return a.statement_id is not None and a.statement_id == b.statement_id

    def baseline(pair: frozenset[str]) -> bool:
        a, b = (by_id[x] for x in pair)
        return normalize(a.text) == normalize(b.text)

    if args.scale:
        scale(corpus, args.scale)
    score("system", system, positives, negatives)
    score("baseline", baseline, positives, negatives)
    wrong = [p for p in negatives if system(p)]
    missed_pairs = [p for p, h in positives.items() if not system(p) and h == "test"]
    for label, pairs in (("false merges", wrong), ("missed merges (test half)", missed_pairs)):
        print(f"{label}: {len(pairs)}")
        for p in sorted(pairs, key=sorted)[:40]:
            a, b = sorted((by_id[x] for x in p), key=lambda q: q.id)
            print(
                f"  {a.speaker} | {keys[a.article_id]} {a.text[:70]!r} || {b.speaker} | {keys[b.article_id]} {b.text[:70]!r}"
            )


if __name__ == "__main__":
    main()
