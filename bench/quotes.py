"""Quote and speaker extraction on PolNeAR (../shared/eval/quotes/polnear).

A predicted quote matches a gold attribution when their character spans
overlap by at least half of the shorter one (each gold and each prediction
matched at most once, greedily by overlap). Speaker accuracy is over matched
pairs whose gold attribution names a speaker: the predicted speaker mention
overlaps the gold mention, or the predicted canonical speaker names the same
person (shares the gold mention's last name). Also prints how long quote
extraction takes relative to the spaCy parse of the same texts.

    .venv/bin/python bench/quotes.py [--split dev|train] [--limit N] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from sitrep import nlp
from sitrep.extract.quotes import extract_quotes
from sitrep.records import Article

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "quotes" / "polnear"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _matches(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and _overlap(a, b) * 2 >= shorter


def _same_person(pred_name: str | None, gold_text: str) -> bool:
    if not pred_name or not gold_text:
        return False
    last = pred_name.split()[-1].lower()
    return bool(re.search(rf"\b{re.escape(last)}\b", gold_text.lower()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, help="print this many misses and false alarms")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    rows = [json.loads(line) for line in (args.data / f"polnear_{args.split}.jsonl").open()]
    if args.limit:
        rows = rows[: args.limit]
    model = nlp.load()
    texts = [r["text"] for r in rows]
    t0 = time.perf_counter()
    docs = list(model.pipe(texts, batch_size=32))
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    preds = [
        extract_quotes(Article(id=str(i), source="polnear", text=r["text"], content_hash=str(i)), doc)
        for i, (r, doc) in enumerate(zip(rows, docs, strict=True))
    ]
    extract_s = time.perf_counter() - t0

    tp = n_pred = n_gold = 0
    spk_ok = spk_n = 0
    by_kind: dict[str, list[int]] = {}
    shown_miss = shown_fa = 0
    for r, quotes in zip(rows, preds, strict=True):
        gold = r["quotes"]
        n_gold += len(gold)
        n_pred += len(quotes)
        pairs = []
        for gi, g in enumerate(gold):
            gs = tuple(g["content"])
            for pi, q in enumerate(quotes):
                if _matches(gs, (q.start, q.end)):
                    pairs.append((_overlap(gs, (q.start, q.end)), gi, pi))
        pairs.sort(reverse=True)
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            tp += 1
            g, q = gold[gi], quotes[pi]
            if g["speaker_text"]:
                spk_n += 1
                m = q.speaker_mention
                ok = (m is not None and _overlap(tuple(g["speaker"]), (m.start, m.end)) > 0) or _same_person(
                    q.speaker, g["speaker_text"]
                )
                spk_ok += ok
        for pi, q in enumerate(quotes):
            by_kind.setdefault(q.kind, [0, 0])[0] += 1
            by_kind[q.kind][1] += pi in used_p
            if args.errors and pi not in used_p and shown_fa < args.errors:
                shown_fa += 1
                print(
                    f"FA [{q.kind}] cue={q.cue!r} spk={q.speaker_mention and q.speaker_mention.text!r}: {q.text[:120]!r}"
                )
        for gi, g in enumerate(gold):
            if args.errors and gi not in used_g and shown_miss < args.errors:
                shown_miss += 1
                print(f"MISS cue={g['cue_text']!r} spk={g['speaker_text']!r}: {g['content_text'][:120]!r}")

    p = tp / n_pred if n_pred else 0.0
    rc = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    print(f"PolNeAR {args.split}: {len(rows)} articles, {n_gold} gold quotes, {n_pred} predicted")
    print(f"quote precision {p:.3f}  recall {rc:.3f}  F1 {f1:.3f}")
    print(f"speaker accuracy on matched quotes {spk_ok / spk_n if spk_n else 0:.3f} ({spk_ok}/{spk_n})")
    for kind, (n, ok) in sorted(by_kind.items()):
        print(f"  {kind:8s} predicted {n:5d}  precision {ok / n if n else 0:.3f}")
    print(
        f"time: spaCy parse {parse_s:.2f}s, quote extraction {extract_s:.2f}s "
        f"(+{100 * extract_s / parse_s:.1f}% of parse time)"
    )


if __name__ == "__main__":
    main()
