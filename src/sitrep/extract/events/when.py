"""When an event happened: the time expressions its trigger governs, or a known anchor event.

The shared resolver (:mod:`sitrep.extract.times`) has already given every time
expression of the article its value against the publication date; this module
only decides which of them dates a given event, by syntax: first an expression
inside the trigger's own phrase ("strikes on March 12", "the talks Tuesday"),
then one in the clause the trigger belongs to ("On Tuesday, Rubio will join ...
the Jeddah talks"), never one of another clause of the sentence.

Background events are dated on their own terms, never to the article: a
duration that gives an event's age ("Russia's more than three-year full-scale
invasion"), a start ("since 2014"), an explicit past date ("in 2022"), or a
well-known event named without a date, from ``data/events/anchors.json``
(each anchor cites its source). An event dated more than
:data:`BACKGROUND_DAYS` before the article is background.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import chain, islice
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from sitrep.calendar_words import MONTHS, iso_day
from sitrep.records import TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DateBasis = str  # "explicit", "relative", "occasion" (a known anchor event), "article"

MAX_PHRASE = 150  # tokens of a phrase searched for its times and places
MAX_DEPTH = 24  # dependency arcs climbed between a trigger and its time or place
# A news report's "new" events are days old; one dated a month before the article is background.
BACKGROUND_DAYS = 30
# Dependencies that open another clause: its times belong to its own events.
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "csubj", "parataxis", "acl", "xcomp", "conj", "pcomp"}
_CLIMB_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "prep", "attr", "compound", "appos", "npadvmod", "oprd"}
_EXPLICIT = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\d{4}-\d\d|\b\d{1,2}[/.]\d{1,2}\b|\b(?:" + "|".join(MONTHS) + r")\b", re.I
)
_DURATION = re.compile(r"^P(?P<n>\d+(?:\.\d+)?)(?P<unit>[DWMY])$")
_UNIT_DELTA = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Anchor:
    id: str
    name: str
    date: str
    triggers: frozenset[str]
    qualifiers: tuple[str, ...]


def _data_text(name: str) -> str:
    return resources.files("sitrep").joinpath("data", "events", name).read_text("utf-8")


@functools.cache
def anchors() -> tuple[Anchor, ...]:
    """The well-known anchor events (``data/events/anchors.json``)."""
    rows = json.loads(_data_text("anchors.json"))["anchors"]
    return tuple(
        Anchor(
            r["id"], r["name"], r["date"], frozenset(r["triggers"]), tuple(q.lower() for q in r["qualifiers"])
        )
        for r in rows
    )


@functools.cache
def age_nouns() -> frozenset[str]:
    """Event nouns whose duration modifier is their age ("a three-year war")."""
    lines = (line.strip() for line in _data_text("age_nouns.txt").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


# --------------------------------------------------------------------------- date intervals


def date_interval(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day an ISO value can mean: a day, ISO week, month or year."""
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            d = dt.date.fromisoformat(value)
            return d, d
        if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
            first = dt.date(int(m[1]), int(m[2]), 1)
            return first, first + relativedelta(months=1, days=-1)
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _before(published: dt.date, duration: str) -> str | None:
    """The date a duration reaches back to from ``published``, at the duration's unit."""
    m = _DURATION.match(duration)
    if m is None or "." in m["n"]:
        return None
    unit = m["unit"]
    start = published - relativedelta(**{_UNIT_DELTA[unit]: int(m["n"])})
    return {"Y": f"{start.year:04d}", "M": f"{start.year:04d}-{start.month:02d}"}.get(unit, start.isoformat())


def is_background(date: str | None, published: dt.date | None) -> bool:
    span = date_interval(date)
    return bool(span and published and span[1] < published - dt.timedelta(days=BACKGROUND_DAYS))


# --------------------------------------------------------------------------- syntax


def _phrase(head: Token) -> set[int]:
    """Token indices of ``head``'s phrase, without the clauses embedded in it, nearest first
    and at most :data:`MAX_PHRASE` of them (a run-on "sentence" of a megabyte has no phrase that long)."""
    out: set[int] = set()
    queue = deque([head])
    while queue and len(out) < MAX_PHRASE:
        tok = queue.popleft()
        out.add(tok.i)
        queue.extend(c for c in tok.children if c.dep_ not in CLAUSE_DEPS)
    return out


def governing_verb(trigger: Token) -> Token | None:
    """The verb of the clause a nominal trigger sits in ("strikes" -> "hit"); the trigger if a verb."""
    tok = trigger
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.dep_ not in _CLIMB_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def scopes(trigger: Token) -> list[set[int]]:
    """Where to look, nearest first: the trigger's phrase, then its clause."""
    own = _phrase(trigger)
    out = [own]
    verb = governing_verb(trigger)
    if verb is not None and verb.i != trigger.i:
        out.append(_phrase(verb) - own)
    elif verb is not None and verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        # "agreed to meet on Friday": the governing verb's own times date the infinitive too
        out.append(_phrase(verb.head) - own)
    return out


def char_bounds(doc: Doc, tokens: set[int]) -> tuple[int, int]:
    """The first and last character the tokens cover."""
    first, last = doc[min(tokens)], doc[max(tokens)]
    return first.idx, last.idx + len(last.text)


def _tree_distance(a: Token, b: Token) -> int:
    up_a = {t.i: k for k, t in enumerate(islice(chain([a], a.ancestors), MAX_DEPTH))}
    for k, t in enumerate(islice(chain([b], b.ancestors), MAX_DEPTH)):
        if t.i in up_a:
            return k + up_a[t.i]
    return 2 * MAX_DEPTH


# --------------------------------------------------------------------------- the date


@dataclass(slots=True)
class _Found:
    mention: TimeMention
    root: Token


def _attached(trigger: Token, times: Sequence[TimeMention]) -> list[_Found]:
    """The sentence's time mentions, nearest scope first, nearest in the tree within a scope."""
    sent: Span = trigger.sent
    doc = trigger.doc
    found: list[tuple[int, int, _Found]] = []
    ranges = scopes(trigger)
    lo, hi = char_bounds(doc, set().union(*ranges))
    # only the mentions inside the scopes' reach are aligned to tokens (a sentence may hold hundreds)
    near = [t for t in times if max(lo, sent.start_char) <= t.start and t.end <= min(hi, sent.end_char)]
    for rank, scope in enumerate(ranges):
        for tm in near:
            span = doc.char_span(tm.start, tm.end, alignment_mode="expand")
            if span is None or not any(t.i in scope for t in span):
                continue
            found.append((rank, _tree_distance(trigger, span.root), _Found(tm, span.root)))
    found.sort(key=lambda f: (f[0], f[1], f[2].mention.start))
    return [f[2] for f in found]


def _is_age(f: _Found, trigger: Token) -> bool:
    """A duration modifying the event noun itself: "a three-year war", "the 11-month siege"."""
    return trigger.lemma_.lower() in age_nouns() and any(t.i == trigger.i for t in f.root.ancestors)


def _anchor(trigger: Token) -> Anchor | None:
    """The anchor event the trigger names, its qualifier inside the trigger's own clause."""
    lemma = trigger.lemma_.lower()
    named = [a for a in anchors() if lemma in a.triggers or trigger.lower_ in a.triggers]
    if not named:
        return None
    words = set().union(*scopes(trigger))
    text = "".join(trigger.doc[i].text_with_ws for i in sorted(words)).lower()
    return next((a for a in named if any(q in text for q in a.qualifiers)), None)


def _compatible(a: str, b: str) -> bool:
    """Two dates that can mean the same time, allowing one unit of slack for "more than three years"."""
    sa, sb = date_interval(a), date_interval(b)
    if sa is None or sb is None:
        return False
    slack = dt.timedelta(days=366)
    return sa[0] - slack <= sb[1] and sb[0] - slack <= sa[1]


def _from_mention(f: _Found, trigger: Token, published: dt.date | None) -> tuple[str, str] | None:
    tm = f.mention
    if tm.value is None:
        return None
    if tm.type == "duration":
        if published is None or not _is_age(f, trigger):
            return None  # a length ("for seven months", "a 30-day ceasefire"), not a date
        start = _before(published, tm.value)
        return (start, "relative") if start else None
    if tm.type != "date" or date_interval(tm.value) is None:
        return None
    return tm.value, "explicit" if _EXPLICIT.search(tm.text) else "relative"


def event_date(
    trigger: Token, times: Sequence[TimeMention], published: str | None
) -> tuple[str | None, str | None, bool]:
    """``(date, date_basis, background)`` of the event ``trigger`` codes.

    ``times`` are the article's resolved time mentions, with offsets into
    ``trigger.doc.text``; ``published`` is the article's date. ``date_basis`` is
    ``explicit`` ("on March 11"), ``relative`` ("on Tuesday", "three-year"),
    ``occasion`` (a known anchor event's date), ``article`` (none stated: the
    publication date, an upper bound) or None.
    """
    pub = iso_day(published)
    stated: tuple[str, str] | None = None
    for f in _attached(trigger, times):
        stated = _from_mention(f, trigger, pub)
        if stated is not None:
            break
    anchor = _anchor(trigger)
    if anchor is not None and (
        stated is None or (_compatible(stated[0], anchor.date) and stated[1] != "explicit")
    ):
        # a named anchor event dates itself: "three-year" says about when, the anchor says when
        stated = (anchor.date, "occasion")
    if stated is None:
        return (pub.isoformat(), "article", False) if pub else (None, None, False)
    date, basis = stated
    return date, basis, is_background(date, pub)
