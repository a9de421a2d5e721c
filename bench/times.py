"""Time-expression normalisation on Microsoft Recognizers-Text (English) specs.

Usage: .venv/bin/python bench/times.py [DIR] [-v | --failures] [--no-baseline]

``--failures`` prints every date-like gold we miss or resolve wrongly, grouped
by a coarse category (missed, granularity, year, null value, ...); ``-v``
prints the first ten of each group.

Sets: DateParser.json (dates), DatePeriodParser.json (date periods) and the
end-to-end DateTimeModel.json. Each case is a sentence, a reference date and
the gold spans with their resolution.

* span P/R/F1: a predicted span matches a gold one when they overlap (any
  type); exact-span F1 is printed too.
* date-like gold: results typed ``date`` or ``daterange`` whose timex is a
  single calendar value (a day, week, month, season or year: "2016-11-15",
  "XXXX-10-02", "2016-W44", "2016-11", "2016"), i.e. what CONTRACT.md can
  express; explicit ranges "(2016-11-04,2016-11-22,P18D)" and unresolvable
  ones are scored for spans only. A daterange's resolved [start, end) is
  turned into the calendar value it spans (exactly one month -> "2016-11").
  Not date-like either: a gold day that does not exist ("Feb 30", resolved by
  Recognizers to the placeholder 0001-01-01; we return null, CONTRACT has no
  ISO value for it) and an all-X timex ("the same year that it happened",
  "XXXX"), which is relative to a narrated event, not to the reference date.
* value accuracy: over date-like gold results that a prediction overlaps,
  the prediction is right when its value equals the gold timex or one of the
  gold resolved dates. Recognizers give both the past and the future reading
  of "Monday" or "April 22"; either is accepted (they leave the direction
  open, we pick one by tense). An X in the gold timex ("XXXX-08") leaves that
  digit open only when the gold has no resolved reading; otherwise the
  readings are the answer. The end-to-end figure counts missed gold as wrong.
* conventions where we differ from Recognizers are not bent to fit: "last
  September" in November is the September just gone (Recognizers: the one
  of the previous calendar year), "the next day" / "the following week" are
  relative to a narrated event and null, "a few days ago" is null.
* baseline: dateparser's ``search_dates`` on the same cases, with the
  reference date as RELATIVE_BASE; its datetime is cut to the gold's
  granularity (day/month/year) before comparing, which favours it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "temporal" / "recognizers_text_en"
SETS = ("DateParser.json", "DatePeriodParser.json", "DateTimeModel.json")
_SINGLE = re.compile(
    r"^(?:\d{4}|XXXX)(?:-(?:\d\d|XX)(?:-(?:\d\d|XX))?|-W\d\d|-(?:SP|SU|FA|WI))?$|^\d{4}-W\d\d$"
)


def _period(start: str, end: str) -> str:
    """A resolved [start, end) range as the calendar value it spans: day, ISO week, month or year."""
    try:
        a, b = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
    except ValueError:  # a time range
        return f"{start}/{end}"
    if (b - a).days == 1:
        return a.isoformat()
    if (b - a).days == 7 and a.weekday() == 0:
        y, w, _ = a.isocalendar()
        return f"{y}-W{w:02d}"
    if a.day == 1 and b.day == 1 and (b.year * 12 + b.month) - (a.year * 12 + a.month) == 1:
        return f"{a.year:04d}-{a.month:02d}"
    if a.month == a.day == 1 and b.month == b.day == 1 and b.year - a.year == 1:
        return f"{a.year:04d}"
    return f"{start}/{end}"


def gold_results(case: dict) -> list[dict]:
    out = []
    for r in case.get("Results", []):
        start = r["Start"]
        end = r["End"] + 1 if "End" in r else start + r["Length"]
        kind = (r.get("TypeName") or r.get("Type") or "").replace("datetimeV2.", "")
        values: set[str] = set()
        timex = None
        if "Value" in r and isinstance(r["Value"], dict):
            v = r["Value"]
            timex = v.get("Timex")
            for res in ("FutureResolution", "PastResolution"):
                d = (v.get(res) or {}).get("date")
                if d:
                    values.add(d)
        for v in (r.get("Resolution") or {}).get("values", []):
            timex = timex or v.get("timex")
            if v.get("value") and v["value"] != "not resolved":
                values.add(v["value"])
            if v.get("start") and v.get("end"):
                values.add(_period(v["start"], v["end"]))
        parsed = r.get("Value") if isinstance(r.get("Value"), dict) else {}
        for res in ("FutureResolution", "PastResolution"):
            v = parsed.get(res) or {}
            if v.get("startDate") and v.get("endDate"):
                values.add(_period(v["startDate"], v["endDate"]))
        if timex:
            values.add(timex)
        values.discard("0001-01-01")  # Recognizers' "no such day" placeholder
        date_like = (
            kind in ("date", "daterange")
            and bool(timex)
            and bool(_SINGLE.match(timex or ""))
            and _possible(timex or "")
            and bool(re.search(r"\d", timex or ""))  # "XXXX" ("the same year"): no value to check
        )
        out.append(
            {
                "start": start,
                "end": end,
                "type": kind,
                "values": values,
                "timex": timex,
                "date_like": date_like,
            }
        )
    return out


def _possible(timex: str) -> bool:
    """False for a day that does not exist ("2019-02-30", "XXXX-02-30"), which has no ISO value."""
    m = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)-(\d\d)", timex)
    if not m:
        return True
    year = int(m.group(1)) if m.group(1) != "XXXX" else 2000  # a leap year: Feb 29 exists
    try:
        dt.date(year, int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


def anchor_of(case: dict) -> dt.date | None:
    ref = (case.get("Context") or {}).get("ReferenceDateTime")
    return dt.date.fromisoformat(ref[:10]) if ref else None


def dateparser_predict(text: str, anchor: dt.date | None) -> list[tuple[int, int, str]]:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": dt.datetime.combine(anchor or dt.date.today(), dt.time())}
    found = search_dates(text, languages=["en"], settings=settings) or []
    out, pos = [], 0
    for sub, value in found:
        i = text.find(sub, pos)
        if i < 0:
            i = text.find(sub)
        if i < 0:
            continue
        pos = i + len(sub)
        out.append((i, i + len(sub), value.date().isoformat()))
    return out


def _cut(value: str, gold: set[str]) -> set[str]:
    """A full date cut to each gold granularity (for the baseline)."""
    return {value[: len(g)] for g in gold if re.fullmatch(r"\d{4}(-\d\d){0,2}", g)} | {value}


def _wild(value: str, gold: set[str]) -> bool:
    """Gold "XXXX-08" with no resolved reading leaves the year open: any year's August matches.

    When Recognizers also give the past and future readings ("2016-08", "2017-08"), those
    are the answer and the open timex is not used: "any August" would accept 1990-08.
    """
    if any(re.fullmatch(r"\d{4}(-\d\d){0,2}|\d{4}-W\d\d", g) for g in gold):
        return False
    return any(
        "X" in t and len(t) == len(value) and all(a == b or a == "X" for a, b in zip(t, value, strict=True))
        for t in gold
    )


def score(cases: list[dict], predict, baseline: bool = False) -> dict[str, float]:
    tp = fp = fn = exact = 0
    dl_total = dl_found = dl_right = 0
    misses: list[dict] = []
    t0 = time.perf_counter()
    for case in cases:
        gold = gold_results(case)
        preds = predict(case["Input"], anchor_of(case))
        matched_pred = set()
        anchor = anchor_of(case)
        for g in gold:
            hit = next((k for k, p in enumerate(preds) if p[0] < g["end"] and g["start"] < p[1]), None)
            if hit is None:
                fn += 1
            else:
                tp += 1
                matched_pred.add(hit)
                exact += preds[hit][0] == g["start"] and preds[hit][1] == g["end"]
            if g["date_like"]:
                dl_total += 1
                failure = {
                    "input": case["Input"],
                    "anchor": anchor.isoformat() if anchor else None,
                    "gold_text": case["Input"][g["start"] : g["end"]],
                    "gold": sorted(g["values"]),
                }
                if hit is None:
                    misses.append({**failure, "kind": "missed", "pred_text": None, "pred": None})
                    continue
                dl_found += 1
                value = preds[hit][2]
                candidates = _cut(value, g["values"]) if (baseline and value) else {value}
                if candidates & g["values"] or any(_wild(v, g["values"]) for v in candidates):
                    dl_right += 1
                else:
                    pred_text = case["Input"][preds[hit][0] : preds[hit][1]]
                    misses.append({**failure, "kind": "wrong", "pred_text": pred_text, "pred": value})
        fp += len(preds) - len(matched_pred)
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    ep, er = exact / max(tp + fp, 1), exact / max(tp + fn, 1)
    return {
        "span_p": p,
        "span_r": r,
        "span_f1": 2 * p * r / max(p + r, 1e-9),
        "exact_f1": 2 * ep * er / max(ep + er, 1e-9),
        "date_like": dl_total,
        "found": dl_found,
        "value_acc": dl_right / max(dl_found, 1),
        "value_acc_e2e": dl_right / max(dl_total, 1),
        "seconds": time.perf_counter() - t0,
        "misses": misses,  # type: ignore[dict-item]
    }


def failure_category(f: dict) -> str:
    """Why a date-like gold was not matched, coarsely: to read failures in groups."""
    if f["kind"] == "missed":
        return "missed"
    pred = f["pred"] or ""
    if not pred:
        return "null value"
    if pred.startswith("P") or pred.startswith("T"):
        return "typed as duration/time"
    gold = [g for g in f["gold"] if _SINGLE.match(g)]
    if gold and all(len(g) != len(pred) for g in gold):
        return "granularity"
    if gold and any(g[:4] != pred[:4] and g[4:] == pred[4:] for g in gold):
        return "year"
    return "other value"


def print_failures(misses: list[dict], limit: int) -> None:
    groups: dict[str, list[dict]] = {}
    for f in misses:
        groups.setdefault(failure_category(f), []).append(f)
    for cat, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"  -- {cat}: {len(items)}")
        for f in items[:limit]:
            pred = "" if f["kind"] == "missed" else f" | ours {f['pred_text']!r} -> {f['pred']}"
            print(f"     [{f['anchor']}] {f['input']!r}")
            print(f"        gold {f['gold_text']!r} -> {' '.join(f['gold'])}{pred}")


def main() -> None:
    from sitrep.extract.times import resolve_times

    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    root = Path(args[0]) if args else DEFAULT

    def ours(text: str, anchor: dt.date | None) -> list[tuple[int, int, str]]:
        return [(m.start, m.end, m.value or "") for m in resolve_times(text, anchor)]

    for name in SETS:
        cases = json.loads((root / name).read_text("utf-8-sig"))
        systems = [("sitrep", ours, False), ("dateparser", dateparser_predict, True)]
        if "--no-baseline" in sys.argv:
            systems = systems[:1]
        for label, fn, base in systems:
            s = score(cases, fn, base)
            print(
                f"{name:<24} {label:<10} cases={len(cases):4d} span P/R/F1={s['span_p']:.3f}/{s['span_r']:.3f}/"
                f"{s['span_f1']:.3f} exact-F1={s['exact_f1']:.3f} | date-like={s['date_like']} found={s['found']} "
                f"value-acc={s['value_acc']:.3f} end-to-end={s['value_acc_e2e']:.3f} ({s['seconds']:.1f}s)"
            )
            if label == "sitrep" and ("--failures" in sys.argv or "-v" in sys.argv):
                limit = 1000 if "--failures" in sys.argv else 10
                print_failures(s["misses"], limit)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
