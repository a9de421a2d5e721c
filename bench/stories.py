"""Story clustering benchmark: B-cubed scores on ECB+ and MEANTIME.

* ECB+ (topics 1-35, 772 documents): each topic holds two distinct events
  told in similar words; gold = ``event_cluster``. No dates are given, so the
  clusterer runs without its time window. Prints B-cubed precision, recall, F1.
* MEANTIME English (120 Wikinews articles in four topic folders): gold = the
  folder. Articles get their creation date (the TIMEX3 ``CREATION_TIME``)
  as ``published``, the first sentence as title. A story must never mix
  topics: prints B-cubed precision (and recall, F1 for information; topics
  are broad and span years, so many stories per topic are expected).

Articles are given to the linker in a deterministic order (file order); it
clusters them incrementally, one at a time.

Run: ``.venv/bin/python bench/stories.py``
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from sitrep.link.stories import cluster
from sitrep.records import Article

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "clustering"


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for k in gold:
        by_pred[pred[k]].add(k)
        by_gold[gold[k]].add(k)
    p = r = 0.0
    for k in gold:
        same = by_pred[pred[k]] & by_gold[gold[k]]
        p += len(same) / len(by_pred[pred[k]])
        r += len(same) / len(by_gold[gold[k]])
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _detok(tokens: list[str]) -> str:
    text = " ".join(tokens)
    for a, b in (
        (" ,", ","),
        (" .", "."),
        (" '", "'"),
        (" ''", '"'),
        ("`` ", '"'),
        (" :", ":"),
        ("( ", "("),
        (" )", ")"),
    ):
        text = text.replace(a, b)
    return text


def ecbplus() -> tuple[list[Article], dict[str, str]]:
    articles, gold = [], {}
    path = EVAL / "ecbplus" / "ecbplus_dev_topics_1-35.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        aid = r["doc_name"]
        lines = [_detok(s.split()) for s in r["sentences"]]
        # ECB+ keeps the page URL as the first "sentence": a reader would put it in `url`.
        url = lines.pop(0).replace(" ", "") if lines and lines[0].startswith("http") else None
        articles.append(Article(id=aid, source=aid, text="\n".join(lines), url=url, content_hash=aid))
        gold[aid] = r["event_cluster"]
    return articles, gold


def meantime() -> tuple[list[Article], dict[str, str]]:
    articles, gold = [], {}
    root = EVAL / "meantime_en" / "intra_cross-doc_annotation"
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.xml")):
            doc = ET.parse(path).getroot()
            sentences: dict[int, list[str]] = defaultdict(list)
            for tok in doc.iter("token"):
                sentences[int(tok.get("sentence", 0))].append(tok.text or "")
            lines = [_detok(sentences[k]) for k in sorted(sentences)]
            dct = next(
                (
                    t.get("value")
                    for t in doc.iter("TIMEX3")
                    if t.get("functionInDocument") == "CREATION_TIME"
                ),
                None,
            )
            aid = path.stem
            articles.append(
                Article(
                    id=aid,
                    source=str(path.relative_to(root)),
                    text="\n".join(lines[1:]),
                    title=lines[0],
                    content_hash=aid,
                    published=dct,
                )
            )
            gold[aid] = folder.name
    return articles, gold


def main() -> None:
    articles, gold = ecbplus()
    pred = cluster(articles)
    p, r, f = bcubed(pred, gold)
    n_pred = len(set(pred.values()))
    print(
        f"ECB+ topics 1-35 ({len(articles)} docs, {len(set(gold.values()))} events, {n_pred} stories): "
        f"B-cubed P={p:.3f} R={r:.3f} F1={f:.3f}"
    )
    articles, gold = meantime()
    pred = cluster(articles)
    p, r, f = bcubed(pred, gold)
    print(
        f"MEANTIME en ({len(articles)} docs, 4 topics, {len(set(pred.values()))} stories): "
        f"B-cubed P={p:.3f} (R={r:.3f} F1={f:.3f})"
    )


if __name__ == "__main__":
    main()
