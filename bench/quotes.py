"""Quote and speaker extraction on PolNeAR (../shared/eval/quotes/polnear).

A predicted quote matches a gold attribution when their character spans
overlap by at least half of the shorter one (each gold and each prediction
matched at most once, greedily by overlap). Speaker accuracy is over matched
pairs whose gold attribution names a speaker: the predicted speaker mention
overlaps the gold mention, or the predicted canonical speaker names the same
person (shares the gold mention's last name). Also prints how long quote
extraction takes relative to the spaCy parse of the same texts.

    .venv/bin/python bench/quotes.py [--split dev|train] [--limit N] [--errors N]
        [--failures [N]] [--cues] [--headroom] [--cache DIR]

PolNeAR annotates a quote interrupted by its attribution (“A,” he said. “B.”) as one content
span that holds the cue; sitrep makes one quote per marked part (CONTRACT.md: the words inside
the marks), so the parts of one interrupted quote (same cue and speaker mention, one paragraph)
are scored as one prediction covering them. Figures are printed for all attributions, for
speech alone (precision against all gold, recall on the gold quotes with quotation marks, which
are speech by definition), and for interrupted quotes (gold quotes whose cue sits inside their
content: recall, and the share of matched ones whose every part is free of the cue). The
baseline, measured in the same run, takes every marked span as a direct quote and the nearest
PERSON entity of its sentence as the speaker. Nothing here was tuned on dev.

``--failures`` prints missed gold quotes (cue and speaker spans) and false
alarms grouped by cue lemma and construction, plus the wrong speakers;
``--cues`` ranks gold cue lemmas by frequency with our recall and precision per
lemma; ``--headroom`` prints how often a catch-all rule (any verb with a person or group as
subject and an object) would be right on what we miss; ``--cache DIR`` keeps the parsed docs on disk between runs (the timing
line is then meaningless).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin

from sitrep import nlp
from sitrep.extract.quotes import extract_quotes, find_marked_spans
from sitrep.extract.quotes.syntax import is_holder
from sitrep.records import Article, Quote, Span

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


@dataclass
class Score:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    spk_ok: int = 0
    spk_n: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    # (article index, gold index) missed; (article index, pred index) false alarms; wrong speakers
    misses: list[tuple[int, int]] = field(default_factory=list)
    false_alarms: list[tuple[int, int]] = field(default_factory=list)
    wrong_speakers: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0


def interrupted_groups(quotes: list[Quote], text: str) -> list[list[int]]:
    """Indices of the quotes, the parts of one interrupted quote together (text order): direct
    quotes of one paragraph with the same cue and speaker mention."""
    order = sorted(range(len(quotes)), key=lambda i: quotes[i].start)
    groups: list[list[int]] = []
    open_groups: dict[tuple, list[int]] = {}
    for i in order:
        q = quotes[i]
        m = q.speaker_mention
        if q.kind != "direct" or q.cue is None or m is None:
            groups.append([i])
            continue
        key = (q.cue, m.start, m.end, text.count("\n", 0, q.start))
        if key in open_groups:
            open_groups[key].append(i)
            continue
        open_groups[key] = [i]
        groups.append(open_groups[key])
    return groups


def merge_parts(quotes: list[Quote], text: str) -> list[Quote]:
    """One prediction per interrupted quote, spanning its parts (PolNeAR's single span)."""
    out = []
    for group in interrupted_groups(quotes, text):
        first, last = quotes[group[0]], quotes[group[-1]]
        if len(group) == 1:
            out.append(first)
            continue
        out.append(dataclasses.replace(first, end=last.end, text=text[first.start : last.end]))
    return out


def score(rows: list[dict], preds: list[list[Quote]]) -> Score:
    sc = Score()
    for ai, (r, quotes) in enumerate(zip(rows, preds, strict=True)):
        gold = r["quotes"]
        sc.n_gold += len(gold)
        sc.n_pred += len(quotes)
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
            sc.tp += 1
            g, q = gold[gi], quotes[pi]
            if g["speaker_text"]:
                sc.spk_n += 1
                m = q.speaker_mention
                ok = (m is not None and _overlap(tuple(g["speaker"]), (m.start, m.end)) > 0) or _same_person(
                    q.speaker, g["speaker_text"]
                )
                sc.spk_ok += ok
                if not ok:
                    sc.wrong_speakers.append((ai, gi, pi))
        for pi, q in enumerate(quotes):
            sc.by_kind.setdefault(q.kind, [0, 0])[0] += 1
            sc.by_kind[q.kind][1] += pi in used_p
            if pi not in used_p:
                sc.false_alarms.append((ai, pi))
        sc.misses.extend((ai, gi) for gi in range(len(gold)) if gi not in used_g)
    return sc


def speech_figures(rows: list[dict], preds: list[list[Quote]]) -> tuple[Score, Score]:
    """Speech predictions against all gold (precision), and against the marked gold (recall)."""
    speech = [[q for q in quotes if q.attribution == "speech"] for quotes in preds]
    marked_rows = [{**r, "quotes": [g for g in r["quotes"] if g["direct"]]} for r in rows]
    return score(rows, speech), score(marked_rows, speech)


def interrupted_figures(rows: list[dict], raw: list[list[Quote]]) -> tuple[int, int, int, int, int]:
    """Gold quotes interrupted by their cue: (gold, matched, clean parts, speaker ok, speaker n)."""
    n = hit = clean = spk_ok = spk_n = 0
    for r, quotes in zip(rows, raw, strict=True):
        text = r["text"]
        groups = interrupted_groups(quotes, text)
        spans = [(quotes[g[0]].start, quotes[g[-1]].end) for g in groups]
        for g in r["quotes"]:
            gs, cue = tuple(g["content"]), g["cue"]
            if not (g["direct"] and cue and gs[0] < cue[0] < gs[1]):
                continue
            n += 1
            best = max(range(len(spans)), key=lambda k: _overlap(gs, spans[k]), default=None)
            if best is None or not _matches(gs, spans[best]):
                continue
            hit += 1
            parts = [quotes[i] for i in groups[best]]
            clean += all(not (q.start <= cue[0] < q.end) for q in parts)
            if g["speaker_text"]:
                spk_n += 1
                m = parts[0].speaker_mention
                spk_ok += (
                    m is not None and _overlap(tuple(g["speaker"]), (m.start, m.end)) > 0
                ) or _same_person(parts[0].speaker, g["speaker_text"])
    return n, hit, clean, spk_ok, spk_n


def baseline(text: str, doc: Doc) -> list[Quote]:
    """Every marked span a direct quote; the nearest PERSON entity of its sentence the speaker."""
    out = []
    for s, e in find_marked_spans(text):
        sent = doc.char_span(s, e, alignment_mode="expand")
        people = [
            ent
            for ent in (sent[0].sent.ents if sent is not None and len(sent) else [])
            if ent.label_ == "PERSON" and not (s <= ent.start_char < e)
        ]
        near = min(people, key=lambda ent: min(abs(ent.start_char - e), abs(s - ent.end_char)), default=None)
        mention = Span(near.start_char, near.end_char, near.text) if near is not None else None
        out.append(
            Quote(
                id=f"b{s}",
                article_id="b",
                start=s,
                end=e,
                text=text[s:e],
                kind="direct",
                speaker_mention=mention,
                speaker=near.text if near is not None else None,
            )
        )
    return out


def _print_score(label: str, sc: Score) -> None:
    acc = sc.spk_ok / sc.spk_n if sc.spk_n else 0.0
    print(
        f"{label:34s} P {sc.precision:.3f}  R {sc.recall:.3f}  F1 {sc.f1:.3f}  "
        f"speaker {acc:.3f} ({sc.spk_ok}/{sc.spk_n})  predicted {sc.n_pred}"
    )


def _cue_head(doc: Doc, start: int, end: int) -> tuple[str, str]:
    """Lemma and construction of a cue span: the syntactic head of its tokens."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return doc.text[start:end].lower() or "-", "-"
    if span.text.lower().startswith("according"):
        return "according to", "according to"
    head = span.root
    if head.pos_ in ("ADP", "PUNCT") and len(span) > 1:
        head = next((t for t in span if t.pos_ in ("VERB", "NOUN", "AUX")), head)
    construction = f"{head.pos_}/{head.dep_}"
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children):
        construction += "+passive"
    return head.lemma_.lower(), construction


def _lemma_of_pred(q: Quote, doc: Doc) -> tuple[str, str]:
    if not q.cue:
        return "(no cue)", "continued" if q.speaker else "unattributed"
    if q.cue in ("according to", ":"):
        return q.cue, q.cue
    start = doc.text.find(q.cue, max(0, q.start - 400))
    return _cue_head(doc, start, start + len(q.cue)) if start >= 0 else (q.cue.lower(), "-")


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


def print_failures(rows: list[dict], docs: list[Doc], preds: list[list[Quote]], sc: Score, n: int) -> None:
    """Misses and false alarms grouped by cue lemma and construction, with examples."""
    miss_groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ai, gi in sc.misses:
        g, doc = rows[ai]["quotes"][gi], docs[ai]
        lemma, cons = _cue_head(doc, *g["cue"]) if g["cue_text"] else ("(no cue)", "-")
        near = [q for q in preds[ai] if _overlap(tuple(g["content"]), (q.start, q.end)) > 0]
        why = "partial" if near else "none"
        cons = f"{cons} {'speaker' if g['speaker_text'] else 'no-speaker'} {why}"
        line = f"cue={g['cue_text']!r} spk={g['speaker_text']!r} content={_short(g['content_text'])!r}"
        if near:
            line += f"\n        ours={_short(near[0].text)!r}"
        miss_groups[(lemma, cons)].append(line)
    fa_groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ai, pi in sc.false_alarms:
        q = preds[ai][pi]
        lemma, cons = _lemma_of_pred(q, docs[ai])
        spk = q.speaker_mention.text if q.speaker_mention else None
        fa_groups[(lemma, f"{q.kind} {cons}")].append(f"cue={q.cue!r} spk={spk!r}: {_short(q.text)!r}")
    for title, groups in (("MISSED gold quotes", miss_groups), ("FALSE ALARMS", fa_groups)):
        total = sum(len(v) for v in groups.values())
        print(f"\n=== {title}: {total} ===")
        for (lemma, cons), lines in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:n]:
            print(f"-- {lemma} [{cons}] x{len(lines)}")
            for line in lines[:3]:
                print(f"      {line}")
    print(f"\n=== WRONG SPEAKERS: {len(sc.wrong_speakers)} ===")
    by_gold: dict[str, list[str]] = defaultdict(list)
    for ai, gi, pi in sc.wrong_speakers:
        g, q = rows[ai]["quotes"][gi], preds[ai][pi]
        ours = q.speaker_mention.text if q.speaker_mention else None
        kind = g["speaker_text"].split()[0].lower() if g["speaker_text"] else "-"
        by_gold[kind if kind in ("he", "she", "they", "it", "we", "i", "who") else "(name/np)"].append(
            f"gold={g['speaker_text']!r} ours={ours!r} -> {q.speaker!r} cue={g['cue_text']!r}"
        )
    for kind, lines in sorted(by_gold.items(), key=lambda kv: -len(kv[1])):
        print(f"-- {kind} x{len(lines)}")
        for line in lines[: max(3, n // 4)]:
            print(f"      {line}")


def print_cues(rows: list[dict], docs: list[Doc], preds: list[list[Quote]], sc: Score, n: int) -> None:
    """Gold cue lemmas by frequency, with the share we find and our precision per lemma."""
    missed = set(sc.misses)
    fa = set(sc.false_alarms)
    gold_n: dict[str, int] = defaultdict(int)
    gold_hit: dict[str, int] = defaultdict(int)
    pred_n: dict[str, int] = defaultdict(int)
    pred_ok: dict[str, int] = defaultdict(int)
    for ai, (r, doc) in enumerate(zip(rows, docs, strict=True)):
        for gi, g in enumerate(r["quotes"]):
            lemma = _cue_head(doc, *g["cue"])[0] if g["cue_text"] else "(no cue)"
            gold_n[lemma] += 1
            gold_hit[lemma] += (ai, gi) not in missed
        for pi, q in enumerate(preds[ai]):
            lemma = _lemma_of_pred(q, doc)[0]
            pred_n[lemma] += 1
            pred_ok[lemma] += (ai, pi) not in fa
    print(f"{'lemma':20s} {'gold':>5s} {'recall':>6s} {'pred':>5s} {'prec':>5s}")
    for lemma in sorted(set(gold_n) | set(pred_n), key=lambda k: -(gold_n[k] + pred_n[k]))[:n]:
        g, p = gold_n[lemma], pred_n[lemma]
        rc = f"{gold_hit[lemma] / g:.2f}" if g else "-"
        pr = f"{pred_ok[lemma] / p:.2f}" if p else "-"
        print(f"{lemma:20s} {g:5d} {rc:>6s} {p:5d} {pr:>5s}")


def print_headroom(rows: list[dict], docs: list[Doc], preds: list[list[Quote]], sc: Score) -> None:
    """What a catch-all rule would add: every verb with a person or group as subject and an
    object or clause, outside our predictions, taken as a cue. A new prediction raises F1 only
    when it is right more often than F1 / 2."""
    missed = set(sc.misses)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for ai, (r, doc) in enumerate(zip(rows, docs, strict=True)):
        ours = [(q.start, q.end) for q in preds[ai]]
        for tok in doc:
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "ccomp", "xcomp")), None)
            if tok.pos_ != "VERB" or subj is None or obj is None or not is_holder(subj):
                continue
            span = (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
            if any(_overlap(span, o) for o in ours):
                continue
            hit = any(
                (ai, gi) in missed
                and (_matches(tuple(g["content"]), span) or g["cue"] and g["cue"][0] <= tok.idx < g["cue"][1])
                for gi, g in enumerate(r["quotes"])
            )
            for key in ("all", obj.dep_):
                counts[key][0] += 1
                counts[key][1] += hit
    print(f"headroom: break-even precision for a new prediction is F1/2 = {sc.f1 / 2:.3f}")
    for key, (n, hit) in sorted(counts.items(), key=lambda kv: -kv[1][0]):
        print(
            f"  verb + holder subject + {key:6s} candidates {n:6d}  missed gold {hit:5d}  precision {hit / n:.3f}"
        )


def parse(texts: list[str], cache: Path | None, name: str) -> tuple[list[Doc], float]:
    model = nlp.load()
    path = cache / f"{name}.spacy" if cache else None
    if path and path.exists():
        db = DocBin().from_disk(path)
        docs = list(db.get_docs(model.vocab))
        if [d.text for d in docs] == texts:
            return docs, 0.0
    t0 = time.perf_counter()
    docs = list(model.pipe(texts, batch_size=32))
    parse_s = time.perf_counter() - t0
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(docs=docs)
        db.to_disk(path)
    return docs, parse_s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, help="print this many misses and false alarms")
    ap.add_argument(
        "--failures", type=int, nargs="?", const=40, default=0, help="grouped failures (N groups)"
    )
    ap.add_argument("--cues", type=int, nargs="?", const=80, default=0, help="per-lemma recall/precision")
    ap.add_argument("--headroom", action="store_true", help="precision of a catch-all verb rule")
    ap.add_argument("--cache", type=Path, default=None, help="keep parsed docs in this folder")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    rows = [json.loads(line) for line in (args.data / f"polnear_{args.split}.jsonl").open()]
    if args.limit:
        rows = rows[: args.limit]
    texts = [r["text"] for r in rows]
    docs, parse_s = parse(texts, args.cache, f"polnear_{args.split}_{len(rows)}")
    t0 = time.perf_counter()
    raw = [
        extract_quotes(Article(id=str(i), source="polnear", text=r["text"], content_hash=str(i)), doc)
        for i, (r, doc) in enumerate(zip(rows, docs, strict=True))
    ]
    extract_s = time.perf_counter() - t0
    preds = [merge_parts(quotes, r["text"]) for quotes, r in zip(raw, rows, strict=True)]
    sc = score(rows, preds)

    if args.errors:
        for ai, pi in sc.false_alarms[: args.errors]:
            q = preds[ai][pi]
            spk = q.speaker_mention and q.speaker_mention.text
            print(f"FA [{q.kind}] cue={q.cue!r} spk={spk!r}: {q.text[:120]!r}")
        for ai, gi in sc.misses[: args.errors]:
            g = rows[ai]["quotes"][gi]
            print(f"MISS cue={g['cue_text']!r} spk={g['speaker_text']!r}: {g['content_text'][:120]!r}")
    if args.failures:
        print_failures(rows, docs, preds, sc, args.failures)
    if args.cues:
        print_cues(rows, docs, preds, sc, args.cues)
    if args.headroom:
        print_headroom(rows, docs, preds, sc)

    print(f"PolNeAR {args.split}: {len(rows)} articles, {sc.n_gold} gold quotes, {sc.n_pred} predicted")
    print(f"quote precision {sc.precision:.3f}  recall {sc.recall:.3f}  F1 {sc.f1:.3f}")
    acc = sc.spk_ok / sc.spk_n if sc.spk_n else 0.0
    print(f"speaker accuracy on matched quotes {acc:.3f} ({sc.spk_ok}/{sc.spk_n})")
    for kind, (n, ok) in sorted(sc.by_kind.items()):
        print(f"  {kind:8s} predicted {n:5d}  precision {ok / n if n else 0:.3f}")
    base = [baseline(r["text"], doc) for r, doc in zip(rows, docs, strict=True)]
    speech_all, speech_marked = speech_figures(rows, preds)
    _, base_marked = speech_figures(rows, base)
    print("all attributions:")
    _print_score("  sitrep", sc)
    _print_score("  baseline: marks + nearest PERSON", score(rows, base))
    base_all, _ = speech_figures(rows, base)
    print("speech alone (precision against all gold, recall on the gold quotes with marks):")
    for label, (p_all, p_marked) in (
        ("  sitrep", (speech_all, speech_marked)),
        ("  baseline: marks + nearest PERSON", (base_all, base_marked)),
    ):
        acc = p_all.spk_ok / p_all.spk_n if p_all.spk_n else 0.0
        print(
            f"{label:34s} P {p_all.precision:.3f}  R {p_marked.recall:.3f}  speaker {acc:.3f} "
            f"({p_all.spk_ok}/{p_all.spk_n})  predicted {p_all.n_pred}"
        )
    print("interrupted quotes (gold direct quotes whose cue is inside their content):")
    n, hit, clean, ok, spk_n = interrupted_figures(rows, raw)
    b_n, b_hit, b_clean, b_ok, b_spk = interrupted_figures(rows, base)
    for label, (n_, hit_, clean_, ok_, spk_) in (
        ("  sitrep", (n, hit, clean, ok, spk_n)),
        ("  baseline: marks + nearest PERSON", (b_n, b_hit, b_clean, b_ok, b_spk)),
    ):
        print(
            f"{label:34s} gold {n_}  recall {hit_ / n_ if n_ else 0:.3f}  "
            f"parts free of the cue {clean_ / hit_ if hit_ else 0:.3f}  "
            f"speaker {ok_ / spk_ if spk_ else 0:.3f} ({ok_}/{spk_})"
        )
    n_stance = sum(q.attribution == "stance" for quotes in raw for q in quotes)
    n_basis: dict[str | None, int] = defaultdict(int)
    for q in (q for quotes in raw for q in quotes):
        n_basis[q.date_basis] += 1
    print(
        f"  attribution: {sum(map(len, raw)) - n_stance} speech, {n_stance} stance; date_basis {dict(n_basis)}"
    )
    if parse_s:
        print(
            f"time: spaCy parse {parse_s:.2f}s, quote extraction {extract_s:.2f}s "
            f"(+{100 * extract_s / parse_s:.1f}% of parse time)"
        )
    else:
        print(f"time: quote extraction {extract_s:.2f}s (docs from cache, no parse timing)")


if __name__ == "__main__":
    main()
