"""Event fusion benchmark: time and peak memory at 1k, 10k and 30k event mentions, and fusion quality.

No corpus holds tens of thousands of coded event mentions, so they are derived
from the real corpus (89 VOA stories + the 5 seeds), as ``bench/scale.py`` does
for articles: every mention's evidence is a real sentence, and its place is a
place that sentence names (gazetteer look-ups of its capitalised words: cities of
100k or more, regions, countries), its actor and target the countries of that
sentence's places (else drawn from all the corpus's countries). Real-world
events are drawn first (a PLOVER type with news-like frequencies, a day over two
years, fatalities for assaults), then each is reported by 1-8 articles
(geometric, mean about 1.5), each report with the noise reports have: the date
stated on the day (60%), a day off (10%), only as a month (10%) or not at all
(the article's date, 20%); the actor (10%) or target (20%) unknown; no place
(30%); a different toll (30% of assaults). 10% of the reporting articles are
copies of another report's article (``copy_of``). Seeded: the same mentions
every run.

Each size runs in a fresh process that only loads the mentions and fuses them,
timed; then once counting the mention-cluster comparisons blocking lets through
(the work done, free of the shared machine's noise); then once more under ``tracemalloc``, whose peak is the memory fusion
itself allocates (the process's peak RSS, printed too, is set by the imports). Quality is B-cubed
precision, recall and F1 of the fused clusters against the drawn events, next to
two baselines measured in the same run: no fusion (every mention alone) and exact
keys (type, actor, target and date all equal). The figures are on synthetic
ground truth: they show the fusion keeps apart what it should and joins noisy
reports, not accuracy on real coverage.

Over a fixed two years, more mentions mean more of them per day and key, so the
comparisons per mention grow with the density until the cap on candidates
(``max_candidates`` in ``data/events/fusion.json``) holds them: the last run puts
the largest size within 30 days to show that bound.

Run: ``.venv/bin/python bench/fusion.py [SIZES...]`` (default 1000 10000 30000).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import re
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from _child import peak_rss_mb, run_child
from sitrep.geo.gazetteer import load as load_gazetteer
from sitrep.link import events as fusion
from sitrep.link.events import fuse_events
from sitrep.link.text import split_sentences
from sitrep.records import ActorRef, Article, Event, Span

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (a git worktree sits one level deeper: ../../shared)
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.exists()), ROOT.parent / "shared"
)
VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"
SEEDS = ROOT / "examples" / "corpus" / "seeds"
# Rough shares of PLOVER types in news event data (ASSAULT and CONSULT dominate, as in POLECAT).
TYPES = {"ASSAULT": 20, "CONSULT": 18, "ACCUSE": 8, "SUPPORT": 7, "REQUEST": 7, "AGREE": 6, "COOPERATE": 6,
         "REJECT": 5, "AID": 5, "THREATEN": 4, "SANCTION": 3, "COERCE": 3, "MOBILIZE": 3, "PROTEST": 2,
         "RETREAT": 2, "CONCEDE": 1}  # fmt: skip
_NAME = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?")


def real_texts() -> list[tuple[str, str]]:
    texts = [(f"voa{d['id']}", d["text"]) for d in map(json.loads, VOA.read_text("utf-8").splitlines())]
    return texts + [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def sentence_places() -> list[tuple[str, list[dict[str, Any]]]]:
    """Every real sentence with the places its capitalised words name."""
    g = load_gazetteer()
    out = []
    for _, text in real_texts():
        for a, b in split_sentences(text):
            sentence, found = text[a:b], {}
            for m in _NAME.finditer(sentence):
                for p in g.lookup(m.group()):
                    if p.feature in ("country", "region") or p.population >= 100_000:
                        found.setdefault(p.name, {"lat": p.lat, "lon": p.lon, "country": p.country})
                        break
            out.append((sentence, list(found.values())))
    return out


def draw(n: int, days: int = 730, seed: int = 11) -> tuple[list[Event], list[Article], list[int]]:
    """``n`` mentions, their articles, and for each mention the index of the event it reports."""
    rng = random.Random(seed)
    sentences = sentence_places()
    located = [s for s in sentences if s[1]]
    pool = [p["country"] for _, ps in sentences for p in ps if p["country"]]
    types, weights = list(TYPES), list(TYPES.values())
    start = dt.date(2024, 1, 1)
    events: list[Event] = []
    articles: list[Article] = []
    truth: list[int] = []
    k = 0
    while len(events) < n:
        sentence, places = rng.choice(located) if rng.random() < 0.7 else rng.choice(sentences)
        countries = [p["country"] for p in places if p["country"]] or [rng.choice(pool)]
        actor, target = rng.choice(countries + [rng.choice(pool)]), rng.choice(countries)
        etype = rng.choices(types, weights)[0]
        day = start + dt.timedelta(days=rng.randrange(days))
        place = rng.choice(places) if places else None
        deaths = rng.choice([0, 1, 2, 3, 5, 8, 14, 20]) if etype == "ASSAULT" else None
        reports = min(8, 1 + int(rng.expovariate(1.25)))
        for _ in range(reports):
            if len(events) >= n:
                break
            i = len(events)
            published = day + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2)))
            copy_of = rng.choice(articles).id if articles and rng.random() < 0.1 else None
            art = Article(id=f"a{i:06d}", source=f"synthetic#{i}", text=sentence, content_hash=str(i),
                          outlet=f"outlet{rng.randrange(300)}.example", published=published.isoformat(),
                          copy_of=copy_of)  # fmt: skip
            r = rng.random()
            date, basis = (
                (day.isoformat(), "explicit")
                if r < 0.6
                else ((day + dt.timedelta(days=rng.choice((-1, 1)))).isoformat(), "relative")
                if r < 0.7
                else (day.isoformat()[:7], "explicit")
                if r < 0.8
                else (published.isoformat(), "article")
            )
            where = place if place and rng.random() < 0.7 else None
            toll = deaths if deaths is None or rng.random() < 0.7 else deaths + rng.randint(1, 5)
            events.append(
                Event(
                    id=f"e{i:06d}",
                    article_id=art.id,
                    start=0,
                    end=len(sentence),
                    type=etype,
                    trigger=Span(0, min(8, len(sentence)), sentence[:8]),
                    actor=ActorRef(actor, country=actor) if rng.random() < 0.9 else None,
                    target=ActorRef(target, country=target) if rng.random() < 0.8 else None,
                    date=date,
                    date_basis=basis,
                    place_id=f"p{i}" if where else None,
                    lat=where["lat"] if where else None,
                    lon=where["lon"] if where else None,
                    fatalities=toll,
                )
            )
            articles.append(art)
            truth.append(k)
        k += 1
    return events, articles, truth


def bcubed(pred: list[Any], gold: list[int]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(list), defaultdict(list)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    shares = {p: Counter(gold[j] for j in members) for p, members in by_pred.items()}
    precision = recall = 0.0
    for p, g in zip(pred, gold, strict=True):
        same = shares[p][g]
        precision += same / len(by_pred[p])
        recall += same / len(by_gold[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def _event_from(d: dict[str, Any]) -> Event:
    d = dict(d)
    d["trigger"] = Span(**d["trigger"])
    d["actor"] = ActorRef(**d["actor"]) if d["actor"] else None
    d["target"] = ActorRef(**d["target"]) if d["target"] else None
    return Event(**d)


def run_one(path: str) -> dict[str, Any]:
    # read one record a line, so that reading does not set the peak memory the fusion is measured by
    events: list[Event] = []
    articles: dict[str, Article] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            kind, d = json.loads(line)
            if kind == "event":
                events.append(_event_from(d))
            else:
                articles[d["id"]] = Article(**d)
    # CPU time: the machine is shared, and wall-clock time there measures the neighbours
    t0 = time.process_time()
    fused, mapping = fuse_events(events, articles)
    seconds = time.process_time() - t0
    # again, counting the mention-cluster comparisons blocking lets through (the work, free of CPU noise)
    compared = Counter()
    fit = fusion._fit

    def counted(item: Any, cluster: Any) -> Any:
        compared["n"] += 1
        return fit(item, cluster)

    fusion._fit = counted
    fuse_events(events, articles)
    fusion._fit = fit
    # again, traced: the fusion's own peak allocation (the process's peak RSS is an import's)
    tracemalloc.start()
    fuse_events(events, articles)
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "mentions": len(events),
        "fused": len(fused),
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "fusion_peak_mb": traced_peak,
        "comparisons": compared["n"],
        "pred": [mapping[e.id] for e in events],
    }


def exact_keys(events: list[Event]) -> list[Any]:
    return [
        (e.type, e.actor.country if e.actor else None, e.target.country if e.target else None, e.date)
        for e in events
    ]


def measure(n: int, days: int, tmp: Path) -> tuple[dict[str, Any], str]:
    events, articles, truth = draw(n, days)
    path = tmp / f"mentions-{n}-{days}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for e in events:
            f.write(json.dumps(["event", dataclasses.asdict(e)]) + "\n")
        for a in articles:
            f.write(json.dumps(["article", dataclasses.asdict(a)]) + "\n")
    r = run_child(__file__, "--one", str(path))
    p, rc, f1 = bcubed(r["pred"], truth)
    _, _, f_none = bcubed(list(range(n)), truth)
    pe, re_, f_exact = bcubed(exact_keys(events), truth)
    r["events"] = len(set(truth))
    r["line"] = (
        f"fusion {r['seconds']:.2f} CPU s, fusion peak allocation {r['fusion_peak_mb']:.1f} MB "
        f"(process peak RSS {r['peak_rss_mb']:.0f} MB), {r['comparisons'] / n:.1f} comparisons a mention, "
        f"{r['fused']} fused"
    )
    scores = (
        f"B3 P {p:.3f} R {rc:.3f} F1 {f1:.3f} | baselines F1: no fusion {f_none:.3f}, "
        f"exact keys {f_exact:.3f} (P {pe:.3f} R {re_:.3f})"
    )
    return r, scores


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2])))
        return
    sizes = [int(s) for s in sys.argv[1:]] or [1_000, 10_000, 30_000]
    runs = [(n, 730) for n in sizes] + [(sizes[-1], 30)]  # last: the same mentions within 30 days
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, days in runs:
            r, scores = measure(n, days, Path(tmp))
            results.append(r)
            label = f"{n:>6} mentions over {days} days"
            print(f"{label} ({r['events']} events): {r['line']} | {scores}", flush=True)
    results = results[:-1]
    for a, b in zip(results, results[1:], strict=False):
        k = b["mentions"] / a["mentions"]
        print(
            f"growth x{k:g} mentions: time x{b['seconds'] / a['seconds']:.1f} "
            f"(quadratic would be x{k * k:g}), comparisons x{b['comparisons'] / a['comparisons']:.1f}, "
            f"fusion memory x{b['fusion_peak_mb'] / a['fusion_peak_mb']:.1f}"
        )


if __name__ == "__main__":
    main()
