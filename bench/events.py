"""PLOVER event coding on two gold sets, next to two baselines measured in the same run.

Usage: .venv/bin/python bench/events.py [--split tune|test|all] [-v] [--per-class] [--articles FILE.jsonl] [--n N]

Error analysis belongs on the tuning half (``--split tune -v --per-class``); read only the summary
figures of the test half.

Gold sets (read from ../shared/eval/events, never copied into the repo):

* ``plover/PLOVER_GSR_CAMEO.json``: 322 sentences with one PLOVER 0.5 event each; its names are
  mapped as its README says (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE,
  FIGHT -> ASSAULT);
* ``petrarch/PETR2_GSR_validation.jsonl``: 90 news sentences with CAMEO codings (through
  ``CAMEO2PLOVER-2021.txt``; CAMEO 01, statements, is no PLOVER event) and sentences with none.

Each set is split by position: even-indexed sentences are the tuning half, odd-indexed the test
half. Per sentence the coder's main event (trigger nearest the parse root) is compared with the
gold types. On the PLOVER set a planned or hypothetical cooperative act counts as AGREE (the coder
already makes a planned hostile one THREATEN), as PLOVER codes announced intentions; on the
PETRARCH set a hostile act promised without a threat word or a condition counts as the act, as
CAMEO codes it ("has pledged to expel": 174); on both a denied cooperative act counts as REJECT
("will not accept refugees"); on the PETRARCH set CAMEO2PLOVER-2021's own readings of CAMEO 163
(sanctions: COERCE) and 1712 (destroying property: ASSAULT) apply. Scores:

* coded: share of the sentences holding an event that the coder gives a type at all;
* type accuracy (predicted type among the gold ones) and macro-F1 over the 16 types, on the
  sentences that hold an event (no prediction is a miss); ``--per-class`` prints each type's
  counts, precision and recall;
* no-event precision: share of the sentences holding no event that the coder leaves uncoded;
* actor and target country F1: predicted ISO3 (or IGO/NGO code) against the gold source/target
  codes of the sentence (CAMEO's "---", no country, is no code to find: a side coded only so
  counts as one with no gold country);
* throughput: event coding time over spaCy's parse time of the same texts;
* speed on whole articles (``--articles``, default the VOA corpus of ../shared/corpora): the
  ``events`` stage (coding, dates and places) and the fusion of all the mentions, each as a share
  of spaCy's parse time of the same articles in the same run; the stages the events stage reads
  (times, places, quotes) are timed too, but they run whether or not events are coded.

Baselines: ``majority`` predicts the tuning half's most common type; ``verb-dict`` codes the
verb nearest the root that the CAMEO verb dictionary gives a default code, with the first two
country names of the sentence as actor and target.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitrep import nlp, phoenix
from sitrep.extract.events import code_doc, lexicon, primary, trigger_token
from sitrep.extract.events.build import read_plover_map, to_plover
from sitrep.extract.events.triggers import HOSTILE, verb_code
from sitrep.extract.places import geoparse
from sitrep.records import Article, Event

# ../shared/eval relative to the repo root; a worktree one level deeper finds it further up.
EVAL = next(
    (
        p / "shared" / "eval" / "events"
        for p in Path(__file__).resolve().parents[1:4]
        if (p / "shared").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "eval" / "events",
)
TYPES = (
    "AGREE", "ACCUSE", "AID", "ASSAULT", "CONCEDE", "CONSULT", "COOPERATE", "COERCE", "MOBILIZE",
    "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
)  # fmt: skip
PLOVER05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# Governors of an intent (CAMEO 03, "express intent to"), not of a schedule ("is scheduled to attend").
INTENT = {"want", "intend", "hope", "wish", "willing", "ready", "committed", "determined", "eager", "aim"}
CAMEO_2021 = {("SANCTION", "economic"): "COERCE", ("COERCE", "destroy"): "ASSAULT"}
COOPERATIVE = {"AID", "COOPERATE", "CONSULT", "SUPPORT", "CONCEDE", "RETREAT"}


@dataclass(slots=True)
class Gold:
    text: str
    types: list[str]  # empty: no event
    sources: set[str]
    targets: set[str]


@dataclass(slots=True)
class Guess:
    kind: str | None
    actor: str | None
    target: str | None


def _codes(actors: object) -> set[str]:
    """Country codes of a gold actor list (a few records hold a bare string instead)."""
    items = actors if isinstance(actors, list) else [actors] if actors else []
    return {a["code"][:3] for a in items if isinstance(a, dict) and a.get("code")}


def load_plover() -> list[Gold]:
    out = []
    for item in json.loads((EVAL / "plover" / "PLOVER_GSR_CAMEO.json").read_text("utf-8")):
        if item["event"] == "DOCUMENT":
            continue
        kind = PLOVER05.get(item["event"], item["event"])
        src, tar = _codes(item.get("source")), _codes(item.get("target"))
        out.append(Gold(item["text"], [kind], src, tar))
    return out


def load_petrarch() -> list[Gold]:
    table = read_plover_map(EVAL / "plover" / "CAMEO2PLOVER-2021.txt")
    out = []
    for line in (EVAL / "petrarch" / "PETR2_GSR_validation.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        types: list[str] = []
        src: set[str] = set()
        tar: set[str] = set()
        for coding in item["event_codings"]:
            code = to_plover(coding.get("eventcode", ""), table)
            if code is None:
                continue
            types.append(code[0])
            src.add(coding.get("sourcecode", "")[:3])
            tar.add(coding.get("targetcode", "")[:3])
        # "---" is CAMEO's "no country" ("---REB": rebels of no stated country): no code to find
        out.append(Gold(item["text"], types, src - {"", "---"}, tar - {"", "---"}))
    return out


def bench_type(ev: Event, plover: bool, doc) -> str:
    """The gold set's reading of an announced act.

    PLOVER codes any cooperation announced as AGREE ("will provide food aid"); CAMEO (PETRARCH's
    gold) codes an intent as AGREE ("wants to help Israel") but a plain future as the act
    ("will meet" is a meeting, "will supply arms" aid).
    """
    if ev.status in ("planned", "hypothetical") and ev.type in COOPERATIVE:
        tok = trigger_token(doc, ev)
        intent = tok is not None and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in INTENT
        if plover or intent:
            return "AGREE"
    if ev.status == "denied" and ev.type in COOPERATIVE | {"AGREE"}:
        return "REJECT"  # "will not accept refugees"
    if not plover and ev.type == "THREATEN":
        return _cameo_threat(ev, doc)
    if not plover:
        # CAMEO2PLOVER-2021 reads two CAMEO codes other than the PLOVER GSR does: 163 (impose
        # an embargo, boycott or sanctions) as COERCE, 1712 (destroy property) as ASSAULT
        return CAMEO_2021.get((ev.type, ev.mode), ev.type)
    return ev.type


def _cameo_threat(ev: Event, doc) -> str:
    """CAMEO (PETRARCH's gold) codes THREATEN only for a threat word ("threatened to", "warned")
    or a condition; a hostile act promised plainly is coded as the act ("has pledged to expel":
    174, expel), as a plain future of a cooperative one is ("will supply arms": 072)."""
    lex = lexicon.load()
    tok = trigger_token(doc, ev)
    if tok is None or (lex.verbs.get(tok.lemma_.lower()) or ("",))[0] == "THREATEN":
        return ev.type
    if any(t.lower_ in lex.status["conditional_marks"] for t in tok.sent):
        return ev.type
    for act in (tok, *(c for c in tok.children if c.dep_ in ("xcomp", "advcl", "ccomp"))):
        code = verb_code(act, lex) if act.pos_ == "VERB" else None
        if code and code[0] in HOSTILE:
            return code[0]
    return ev.type


def coder_guess(doc, events: list[Event], plover: bool) -> Guess:
    ev = primary(events, doc)
    if ev is None:
        return Guess(None, None, None)
    return Guess(bench_type(ev, plover, doc), ev.actor and ev.actor.country, ev.target and ev.target.country)


def verb_dict_guess(doc) -> Guess:
    lex, names = lexicon.load(), phoenix.load()
    best = None
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in lex.cameo_default:
            depth, up = 0, tok
            while up.head.i != up.i and depth < 50:
                up, depth = up.head, depth + 1
            if best is None or depth < best[0]:
                best = (depth, lex.cameo_default[tok.lemma_.lower()][0])
    countries = [c for t in doc if t.text[:1].isupper() and (c := names.country_of(t.text))]
    return Guess(
        best[1] if best else None,
        countries[0] if countries else None,
        countries[1] if len(countries) > 1 else None,
    )


def macro_f1(pairs: list[tuple[str, str | None]]) -> float:
    f1s = [2 * tp / (2 * tp + fp + fn) for _, tp, fp, fn in per_class(pairs)]
    return sum(f1s) / len(f1s) if f1s else 0.0


def per_class(pairs: list[tuple[str, str | None]]) -> list[tuple[str, int, int, int]]:
    """Per type: true positives, false positives, false negatives (types seen in gold or guessed)."""
    rows = []
    for t in TYPES:
        tp = sum(1 for g, p in pairs if g == t and p == t)
        fp = sum(1 for g, p in pairs if g != t and p == t)
        fn = sum(1 for g, p in pairs if g == t and p != t)
        if tp + fp + fn:
            rows.append((t, tp, fp, fn))
    return rows


def print_per_class(golds: list[Gold], guesses: list[Guess]) -> None:
    pairs = [
        (p.kind if p.kind in g.types else g.types[0], p.kind)
        for g, p in zip(golds, guesses, strict=True)
        if g.types
    ]
    print(f"   {'type':<10} {'tp':>3} {'fp':>3} {'fn':>3} {'P':>6} {'R':>6} {'F1':>6}")
    for t, tp, fp, fn in per_class(pairs):
        prec, rec = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
        print(
            f"   {t:<10} {tp:>3} {fp:>3} {fn:>3} {prec:>6.2f} {rec:>6.2f} {2 * tp / (2 * tp + fp + fn):>6.2f}"
        )


def country_f1(gold: list[set[str]], pred: list[str | None]) -> float:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if p and p in g)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if p and p not in g)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g and not (p and p in g))
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def score(golds: list[Gold], guesses: list[Guess]) -> dict[str, float]:
    with_ev = [(g, p) for g, p in zip(golds, guesses, strict=True) if g.types]
    none = [p for g, p in zip(golds, guesses, strict=True) if not g.types]
    pairs = [(p.kind if p.kind in g.types else g.types[0], p.kind) for g, p in with_ev]
    return {
        "n": len(with_ev),
        "acc": sum(1 for g, p in with_ev if p.kind in g.types) / max(1, len(with_ev)),
        "coded": sum(1 for _, p in with_ev if p.kind) / max(1, len(with_ev)),
        "macroF1": macro_f1(pairs),
        "noevP": sum(1 for p in none if p.kind is None) / len(none) if none else float("nan"),
        "actorF1": country_f1([g.sources for g, _ in with_ev], [p.actor for _, p in with_ev]),
        "targetF1": country_f1([g.targets for g, _ in with_ev], [p.target for _, p in with_ev]),
    }


def run_set(
    name: str, golds: list[Gold], split: str, verbose: bool, classes: bool = False
) -> tuple[float, float]:
    keep = [g for i, g in enumerate(golds) if split == "all" or (i % 2 == 0) == (split == "tune")]
    tune = [g for i, g in enumerate(golds) if i % 2 == 0]
    majority = Counter(t for g in tune for t in g.types[:1]).most_common(1)[0][0]
    t0 = time.perf_counter()
    docs = list(nlp.parse([g.text for g in keep]))
    parse_s = time.perf_counter() - t0
    places = [geoparse(d) for d in docs]
    t0 = time.perf_counter()
    coded = [
        code_doc(Article(id=str(i), source=name, text=g.text, content_hash=str(i)), d, [], pl)
        for i, (g, d, pl) in enumerate(zip(keep, docs, places, strict=True))
    ]
    events_s = time.perf_counter() - t0
    systems: dict[str, Callable[[int], Guess]] = {
        "majority": lambda i: Guess(majority, None, None),
        "verb-dict": lambda i: verb_dict_guess(docs[i]),
        "sitrep": lambda i: coder_guess(docs[i], [e for s in coded[i] for e in s], name.startswith("PLOVER")),
    }
    print(f"\n{name} ({split} half, {len(keep)} sentences)")
    print(
        f"{'system':<10} {'n':>4} {'coded':>6} {'acc':>6} {'macroF1':>8} {'noevP':>6} {'actorF1':>8} {'targetF1':>9}"
    )
    for sys_name, guess in systems.items():
        guesses = [guess(i) for i in range(len(keep))]
        s = score(keep, guesses)
        print(
            f"{sys_name:<10} {s['n']:>4} {s['coded']:>6.3f} {s['acc']:>6.3f} {s['macroF1']:>8.3f} {s['noevP']:>6.3f}"
            f" {s['actorF1']:>8.3f} {s['targetF1']:>9.3f}"
        )
        if classes and sys_name == "sitrep":
            print_per_class(keep, guesses)
        if verbose and sys_name == "sitrep":
            for g, p in zip(keep, guesses, strict=True):
                if p.kind not in g.types or (g.sources and p.actor not in g.sources):
                    print(
                        f"   gold={g.types} {sorted(g.sources)}>{sorted(g.targets)} got={p.kind} {p.actor}>{p.target} | {g.text[:150]}"
                    )
    return parse_s, events_s


def run_articles(path: Path, limit: int) -> None:
    """Events and fusion time on whole articles, as shares of the parse time of the same run.

    CPU time of this process: on a machine shared with other work, wall time measures the neighbours.
    """
    from sitrep.extract.events.stage import analyse_events
    from sitrep.extract.places import extract_places
    from sitrep.extract.quotes import extract_quotes
    from sitrep.extract.times import extract_times
    from sitrep.link.events import fuse_events

    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()][
        : limit or None
    ]
    articles = [
        Article(id=r["id"], source=str(path), text=r["text"], content_hash=r["id"], published=r["published"][:10],
                outlet="VOA")
        for r in rows
    ]  # fmt: skip
    t0 = time.process_time()
    docs = list(nlp.parse([a.text for a in articles]))
    parse_s = time.process_time() - t0
    t0 = time.process_time()
    inputs = []
    for a, d in zip(articles, docs, strict=True):
        times = extract_times(a, d)
        inputs.append((times, extract_places(a, d), extract_quotes(a, d, times=times)))
    inputs_s = time.process_time() - t0
    t0 = time.process_time()
    events = [
        e
        for a, d, (t, p, q) in zip(articles, docs, inputs, strict=True)
        for e in analyse_events(a, d, t, p, q)
    ]
    events_s = time.process_time() - t0
    places = {p.id: p for _, ps, _ in inputs for p in ps}
    t0 = time.process_time()
    fused, _ = fuse_events(events, {a.id: a for a in articles}, places=places)
    fusion_s = time.process_time() - t0
    chars = sum(len(a.text) for a in articles)
    print(
        f"\nwhole articles: {len(articles)} from {path.name} ({chars / 1e6:.2f} M chars), "
        f"{len(events)} event mentions, {len(fused)} fused events"
    )
    print(
        f"CPU time: parse {parse_s:.2f}s; times+places+quotes (read by events) {inputs_s:.2f}s = {inputs_s / parse_s:.1%}"
    )
    print(f"events stage {events_s:.2f}s = {events_s / parse_s:.1%}; fusion {fusion_s:.3f}s = "
          f"{fusion_s / parse_s:.1%}; events + fusion = {(events_s + fusion_s) / parse_s:.1%} of parse "
          f"(target <= 30%)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("tune", "test", "all"), default="test")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the coder's errors on the split")
    ap.add_argument(
        "--per-class", action="store_true", help="print the coder's per-type figures on the split"
    )
    ap.add_argument(
        "--articles",
        type=Path,
        default=EVAL.parents[1] / "corpora" / "voa" / "voa_stories.jsonl",
        help="JSONL articles (id, text, published) for the whole-article speed figure",
    )
    ap.add_argument("--n", type=int, default=0, help="at most this many articles (0: all)")
    ap.add_argument("--no-articles", action="store_true", help="skip the whole-article speed figure")
    args = ap.parse_args(argv)
    nlp.load(), lexicon.load(), phoenix.load()  # warm: load time is not per-article cost
    # warm: the parser and the coder's cached tables (lexicons, surname index) load once per process
    warm = next(nlp.parse(["President Bush said Russia attacked Kyiv."]))
    code_doc(Article(id="warm", source="warm", text=warm.text, content_hash="warm"), warm, [], geoparse(warm))
    parse_s = events_s = 0.0
    for name, golds in (("PLOVER_GSR_CAMEO", load_plover()), ("PETR2_GSR_validation", load_petrarch())):
        p, e = run_set(name, golds, args.split, args.verbose, args.per_class)
        parse_s, events_s = parse_s + p, events_s + e
    print(
        f"\nthroughput: parse {parse_s:.2f}s, events {events_s:.2f}s, events/parse = {events_s / parse_s:.1%}"
    )
    if not args.no_articles and args.articles.exists():
        run_articles(args.articles, args.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
