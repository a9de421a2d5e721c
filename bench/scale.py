"""Scale benchmark: time and peak memory of linking 10,000 and 100,000 articles.

Synthetic expansion of the real corpus (89 VOA stories + the 5 seeds):
each synthetic article takes 8-25 sentences from 2-3 random real articles
(in their order), then perturbs every sentence so that it is new text:
capitalised words are swapped for names drawn from the corpus's names,
numbers are redrawn, and 25% of the lower-case words are resampled from the
corpus vocabulary. Dates are spread over two years. 10% of the articles are
copies of earlier synthetic ones (exact, truncated, or with 10% of words
resampled), so the copy verifier has work to do. Seeded: the same corpus
every run.

Each size runs in a fresh subprocess; peak memory is the process's maximum
resident set size (``resource.getrusage``), time is wall-clock for the
provenance and stories linkers together (features, blocking, verification,
clustering).

Run: ``.venv/bin/python bench/scale.py [SIZES...]`` (default 10000 100000).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import time
from pathlib import Path

from _child import peak_rss_mb, run_child
from sitrep.link import Corpus
from sitrep.link.provenance import link_provenance
from sitrep.link.stories import link_stories
from sitrep.link.text import split_sentences
from sitrep.records import Article

ROOT = Path(__file__).resolve().parents[1]
VOA = ROOT.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
SEEDS = ROOT / "examples" / "corpus" / "seeds"
_TOKEN = re.compile(r"[A-Za-z]+|\d+|[^A-Za-z\d]+")


def real_texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return texts


def synthetic(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    texts = real_texts()
    sentences = [[t[a:b] for a, b in split_sentences(t)] for t in texts]
    tokens = [tok for t in texts for tok in _TOKEN.findall(t)]
    names = sorted({t for t in tokens if t[0].isupper() and len(t) > 2})
    vocab = [t for t in tokens if t.islower() and len(t) > 2]
    start = dt.date(2024, 1, 1)

    def perturb(sentence: str, share: float, rename: bool) -> str:
        out = []
        for tok in _TOKEN.findall(sentence):
            if rename and tok[0].isupper() and len(tok) > 2 and rng.random() < 0.7:
                tok = rng.choice(names)
            elif rename and tok.isdigit():
                tok = str(rng.randint(1, 999))
            elif tok.islower() and rng.random() < share:
                tok = rng.choice(vocab)
            out.append(tok)
        return "".join(out)

    articles: list[Article] = []
    for i in range(n):
        day = (start + dt.timedelta(days=rng.randrange(730))).isoformat()
        if articles and rng.random() < 0.1:
            base = rng.choice(articles)
            kind = rng.choice(("exact", "truncated", "spun"))
            text = base.text
            if kind == "truncated":
                spans = split_sentences(text)
                text = text[: spans[max(2, len(spans) // 2)][1]] if len(spans) > 3 else text
            elif kind == "spun":
                text = "\n".join(perturb(s, 0.1, False) for s in text.split("\n"))
            day = base.published
        else:
            parts = []
            for k in rng.sample(range(len(texts)), rng.choice((2, 3))):
                chosen = sentences[k]
                a = rng.randrange(len(chosen))
                parts.extend(chosen[a : a + rng.randint(4, 10)])
            text = "\n".join(perturb(s, 0.25, True) for s in parts[:25])
        articles.append(
            Article(
                id=f"s{i:06d}",
                source=f"synthetic#{i}",
                text=text,
                content_hash=str(i),
                outlet=f"outlet{rng.randrange(300)}.example",
                published=day,
            )
        )
    return articles


def run_one(n: int) -> dict[str, float]:
    articles = synthetic(n)
    corpus = Corpus(articles={a.id: a for a in articles})
    t0 = time.perf_counter()
    prov = link_provenance(corpus)
    for aid, values in prov.article_updates.items():
        for key, value in values.items():
            setattr(corpus.articles[aid], key, value)
    t1 = time.perf_counter()
    stories = link_stories(corpus)
    t2 = time.perf_counter()
    return {
        "articles": n,
        "provenance_s": t1 - t0,
        "stories_s": t2 - t1,
        "total_s": t2 - t0,
        "peak_rss_mb": peak_rss_mb(),
        "copies": sum(1 for v in prov.article_updates.values() if v.get("copy_of")),
        "stories": len(stories.tables["stories"]),
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
        return
    sizes = [int(s) for s in sys.argv[1:]] or [10_000, 100_000]
    results = []
    for n in sizes:
        r = run_child(__file__, "--one", str(n))
        results.append(r)
        print(
            f"{n:>7} articles: provenance {r['provenance_s']:.1f}s, stories {r['stories_s']:.1f}s, "
            f"total {r['total_s']:.1f}s, peak RSS {r['peak_rss_mb']:.0f} MB "
            f"({r['copies']} copies, {r['stories']} stories)",
            flush=True,
        )
    for a, b in zip(results, results[1:], strict=False):
        k = b["articles"] / a["articles"]
        print(
            f"growth x{k:g} articles: time x{b['total_s'] / a['total_s']:.1f}, "
            f"memory x{b['peak_rss_mb'] / a['peak_rss_mb']:.1f}"
        )


if __name__ == "__main__":
    main()
