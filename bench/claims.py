"""Claim stance on Emergent (../shared/eval/claims/emergent): headline towards claim.

Emergent labels each news headline ``for`` (asserts the claim), ``against`` (disputes it) or
``observing`` (reports it without taking a side); sitrep's labels map to them as asserts -> for,
disputes -> against, reports -> observing. Claims are split by ``claimId`` (a hash of it), so no
claim is in both the part the rules were tuned on (``tune``) and the part reported (``test``).

Printed for the split: 3-way accuracy, per-class P/R/F1 and macro-F1 of

* ``majority``: the most frequent label of the tune part, always;
* ``cue words``: the README's rule (a refuting word -> against; a hedging word or a question
  mark -> observing; else for), word lists of Ferreira & Vlachos 2016, plain word match;
* ``sitrep``: :func:`sitrep.extract.claims.stance` told the headline bears on the claim
  (Emergent has related pairs only), and once more on its own, ``unrelated`` counted wrong.

Then the relatedness check: each headline against its own claim (related) and against another
claim of the split chosen at random (unrelated); precision and recall of "related", next to the
baseline "shares a content word".

With ``--scale``, times :func:`sitrep.link.claims.group_claims` on 10k and 30k synthetic articles
of three real sentences each (drawn from the VOA corpus and the Emergent headlines), to show that
grouping grows about linearly, not quadratically.

With ``--speed N``, runs the full pipeline on N articles of the VOA corpus with every stage timed
where it runs, and prints the claim and position stages' time as a share of the rest.

    .venv/bin/python bench/claims.py [--split tune|test] [--errors N] [--scale] [--speed N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from spacy.tokens import Doc

from sitrep import nlp
from sitrep.extract.claims.stance import RELATED, assess, strongest
from sitrep.link.claims import group_claims
from sitrep.records import ClaimMention

# ../shared/eval relative to the repo root (one level further up from a worktree under wt/).
DATA = next(
    (
        d
        for root in Path(__file__).resolve().parents[2:4]
        if (d := root / "shared/eval/claims/emergent").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared/eval/claims/emergent",
)
CSV = DATA / "url-versions-2015-06-14-clean.csv"
LABELS = ("for", "against", "observing")
TO_EMERGENT = {"asserts": "for", "disputes": "against", "reports": "observing", "unrelated": "unrelated"}
# Ferreira & Vlachos 2016 (and the FNC-1 baseline): the cue-word rule's lists.
REFUTING = set(
    [
        "fake",
        "fraud",
        "hoax",
        "false",
        "deny",
        "denies",
        "refute",
        "not",
        "despite",
        "nope",
        "doubt",
        "doubts",
        "bogus",
        "debunk",
        "pranks",
        "retract",
    ]
)
HEDGING = set(
    [
        "alleged",
        "allegedly",
        "apparently",
        "appear",
        "appears",
        "claim",
        "claims",
        "could",
        "evidently",
        "largely",
        "likely",
        "mainly",
        "may",
        "maybe",
        "might",
        "mostly",
        "perhaps",
        "presumably",
        "probably",
        "purported",
        "purportedly",
        "reported",
        "reportedly",
        "rumor",
        "rumour",
        "rumors",
        "rumours",
        "rumored",
        "rumoured",
        "says",
        "seem",
        "somewhat",
        "supposedly",
        "unconfirmed",
    ]
)
STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "by",
        "with",
        "from",
        "as",
        "that",
        "this",
        "it",
        "its",
    ]
)


@dataclass(frozen=True, slots=True)
class Pair:
    claim: str
    headline: str
    gold: str
    claim_id: str


def part_of(claim_id: str) -> str:
    return "tune" if int(hashlib.sha256(claim_id.encode()).hexdigest()[:8], 16) % 2 == 0 else "test"


def load(split: str) -> list[Pair]:
    with CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        Pair(r["claimHeadline"], r["articleHeadline"], r["articleHeadlineStance"], r["claimId"])
        for r in rows
        if part_of(r["claimId"]) == split
    ]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+|\?", text.lower())


def cue_rule(pair: Pair) -> str:
    w = set(words(pair.headline))
    if w & REFUTING:
        return "against"
    if w & HEDGING or "?" in w:
        return "observing"
    return "for"


def shares_content_word(claim: str, headline: str) -> bool:
    return bool((set(words(claim)) - STOP - {"?"}) & (set(words(headline)) - STOP - {"?"}))


def scores(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, dict[str, tuple[float, float, float]]]:
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    per: dict[str, tuple[float, float, float]] = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = pred.count(label), gold.count(label)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        per[label] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return accuracy, per


def print_row(name: str, gold: Sequence[str], pred: Sequence[str]) -> None:
    accuracy, per = scores(gold, pred)
    macro = sum(f for _p, _r, f in per.values()) / len(per)
    cells = "  ".join(f"{label} {p:.2f}/{r:.2f}/{f:.2f}" for label, (p, r, f) in per.items())
    print(f"{name:<22} acc {accuracy:.3f}  macro-F1 {macro:.3f}  {cells}")


def predict(pairs: Sequence[Pair], docs: Sequence[Doc], related: bool) -> list[str]:
    return [
        TO_EMERGENT[strongest(assess(p.claim, d, known_related=related)).label]
        for p, d in zip(pairs, docs, strict=True)
    ]


def relatedness_check(pairs: Sequence[Pair], docs: Sequence[Doc]) -> None:
    """Own claim (related) against a random other claim of the split (unrelated)."""
    rng = random.Random(12)
    claims = sorted({(p.claim_id, p.claim) for p in pairs})
    gold: list[bool] = []
    ours: list[bool] = []
    base: list[bool] = []
    for pair, doc in zip(pairs, docs, strict=True):
        other = rng.choice([c for cid, c in claims if cid != pair.claim_id])
        for claim, is_related in ((pair.claim, True), (other, False)):
            gold.append(is_related)
            ours.append(strongest(assess(claim, doc)).label != "unrelated")
            base.append(shares_content_word(claim, pair.headline))
    print(f"\nrelatedness ({len(gold)} pairs, half related; threshold {RELATED})")
    for name, pred in (("shares a content word", base), ("sitrep", ours)):
        tp = sum(g and p for g, p in zip(gold, pred, strict=True))
        prec, rec = tp / max(1, sum(pred)), tp / max(1, sum(gold))
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"{name:<22} related P {prec:.3f}  R {rec:.3f}  F1 {f1:.3f}")


def print_errors(pairs: Sequence[Pair], docs: Sequence[Doc], pred: Sequence[str], n: int) -> None:
    confusion = Counter((p.gold, q) for p, q in zip(pairs, pred, strict=True))
    print("\nconfusion (gold -> predicted):", dict(sorted(confusion.items())))
    wrong = [(p, d, q) for p, d, q in zip(pairs, docs, pred, strict=True) if p.gold != q]
    for pair, doc, q in random.Random(3).sample(wrong, min(n, len(wrong))):
        a = strongest(assess(pair.claim, doc, known_related=True))
        print(f"- gold {pair.gold} pred {q} {a.signals}\n    claim: {pair.claim}\n    head:  {pair.headline}")


def _variant(sentence: str, rng: random.Random) -> str:
    """The sentence less two of its words: a near copy, as outlets rewrite one another."""
    words = sentence.split()
    for _ in range(2 if len(words) > 4 else 0):
        words.pop(rng.randrange(len(words)))
    return " ".join(words)


def scale() -> None:
    """group_claims on 10k and 30k articles of three sentences each, real sentences drawn at random."""
    voa = DATA.parents[2] / "corpora" / "voa" / "voa_stories.jsonl"
    pool = [p.headline for p in load("tune") + load("test")]
    for line in voa.read_text(encoding="utf-8").splitlines():
        pool += [s for s in re.split(r"(?<=[.!?])\s+", json.loads(line)["text"]) if len(s.split()) >= 6]
    print(f"\ngrouping at scale ({len(pool)} real sentences, 3 per article, each less two words)")
    rng = random.Random(7)
    times = []
    for n in (10_000, 30_000):
        mentions = [
            ClaimMention(text, f"a{i}", 0, len(text), "asserts", None, f"outlet{i % 50}")
            for i in range(n)
            for text in (_variant(s, rng) for s in rng.sample(pool, 3))
        ]
        t0 = time.perf_counter()
        claims = group_claims(mentions)
        times.append(time.perf_counter() - t0)
        print(f"{n:>6} articles, {len(mentions)} mentions: {len(claims)} claims in {times[-1]:.1f}s")
    print(f"30k / 10k time ratio {times[1] / times[0]:.1f} (linear 3, quadratic 9)")


MINE = ("claim_mentions", "position_mentions", "claims", "positions")


def speed(sample: int) -> None:
    """The full pipeline on the VOA corpus (a sample of it), each stage timed where it runs: the
    claim and position stages' share of the whole."""
    import dataclasses
    import tempfile

    from sitrep import pipeline, stages
    from sitrep.store import open_store

    voa = DATA.parents[2] / "corpora" / "voa" / "voa_stories.jsonl"
    lines = voa.read_text(encoding="utf-8").splitlines()[:sample]
    nlp.load()
    spent: dict[str, float] = defaultdict(float)

    def timed(name: str, run: Callable[..., object]) -> Callable[..., object]:
        def wrapper(arg: object) -> object:
            t0 = time.perf_counter()
            try:
                return run(arg)
            finally:
                spent[name] += time.perf_counter() - t0

        return wrapper

    chosen = [dataclasses.replace(s, run=timed(s.name, s.run)) for s in stages.plan()]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "voa.jsonl"
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with open_store(Path(tmp) / "s.db") as store:
            t0 = time.perf_counter()
            pipeline.ingest([corpus], store, workers=1, stages=chosen)
            total = time.perf_counter() - t0
            counts = store.counts()
    mine = sum(spent[n] for n in MINE)
    print(f"\nspeed: full pipeline on {len(lines)} VOA articles, one worker: {total:.1f}s")
    for name in MINE:
        print(f"  {name:<18} {spent[name]:6.2f}s  ({counts.get(name, 0)} rows)")
    print(
        f"claims and positions: {mine:.1f}s = {100 * mine / (total - mine):.1f}% added to the rest of the pipeline"
    )


def bcubed(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (one label per item) against gold."""
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_pred: dict[str, set[int]] = defaultdict(set)
    for i, (g, q) in enumerate(zip(gold, pred, strict=True)):
        by_gold[g].add(i)
        by_pred[q].add(i)
    p = r = 0.0
    for g, q in zip(gold, pred, strict=True):
        both = len(by_gold[g] & by_pred[q])
        p += both / len(by_pred[q])
        r += both / len(by_gold[g])
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def grouping_check(pairs: Sequence[Pair]) -> None:
    """Headlines as claim mentions, grouped: Emergent's claimId is the gold grouping."""
    mentions = [
        ClaimMention(p.headline, f"h{i}", 0, len(p.headline), "asserts", None, None)
        for i, p in enumerate(pairs)
    ]
    gold = [p.claim_id for p in pairs]
    ours = ["" for _ in pairs]
    t0 = time.perf_counter()
    for c in group_claims(mentions):
        for m in c.mentions:
            ours[int(m.article_id[1:])] = c.id
    took = time.perf_counter() - t0
    # Baseline: all pairs whose rapidfuzz token-set ratio reaches 60, joined transitively.
    scores = cdist(
        [p.headline.lower() for p in pairs], [p.headline.lower() for p in pairs], scorer=fuzz.token_set_ratio
    )
    parent = list(range(len(pairs)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in zip(*(scores >= 60).nonzero(), strict=True):
        if i < j and find(i) != find(j):
            parent[find(j)] = find(i)
    base = [str(find(i)) for i in range(len(pairs))]
    print(f"\ngrouping headlines by claim ({len(pairs)} headlines, {len(set(gold))} claims; B-cubed P/R/F1)")
    for name, pred in (("fuzzy ratio >= 60", base), ("sitrep group_claims", ours)):
        p, r, f = bcubed(gold, pred)
        print(f"{name:<22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  groups {len(set(pred))}")
    print(f"(group_claims: {took:.2f}s)")


def timed(label: str, fn: Callable[[], list[str]]) -> list[str]:
    t0 = time.perf_counter()
    out = fn()
    print(f"({label}: {time.perf_counter() - t0:.1f}s)")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("tune", "test"), default="test")
    ap.add_argument("--errors", type=int, default=0, help="print N misclassified headlines")
    ap.add_argument("--scale", action="store_true", help="also time claim grouping at 10k and 30k articles")
    ap.add_argument(
        "--speed",
        type=int,
        default=0,
        metavar="N",
        help="also time the claim and position stages in the full pipeline on N VOA articles",
    )
    args = ap.parse_args()
    if not CSV.exists():
        raise SystemExit(f"Emergent not found at {CSV}")
    pairs = load(args.split)
    majority = Counter(p.gold for p in load("tune")).most_common(1)[0][0]
    print(f"Emergent {args.split} split: {len(pairs)} headlines, {len({p.claim_id for p in pairs})} claims")
    docs = list(nlp.parse([p.headline for p in pairs], batch_size=256))
    gold = [p.gold for p in pairs]
    print_row("majority", gold, [majority] * len(pairs))
    print_row("cue words", gold, [cue_rule(p) for p in pairs])
    ours = timed("sitrep stance", lambda: predict(pairs, docs, related=True))
    print_row("sitrep (related given)", gold, ours)
    alone = predict(pairs, docs, related=False)
    print_row("sitrep (on its own)", gold, alone)
    print(f"  of which unrelated: {alone.count('unrelated')}")
    relatedness_check(pairs, docs)
    grouping_check(pairs)
    if args.errors:
        print_errors(pairs, docs, ours, args.errors)
    if args.scale:
        scale()
    if args.speed:
        speed(args.speed)


if __name__ == "__main__":
    main()
