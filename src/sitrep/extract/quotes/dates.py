"""When a quote was said, and how that is known (CONTRACT.md, quotes.date and date_basis).

* ``explicit``: a day stated in the attribution clause ("told reporters on March 12");
* ``relative``: a day named against the article's date ("said on Monday", "yesterday");
* ``occasion``: no day in its own clause, but the quote is of an occasion the article dates
  elsewhere: a later quote of the same speaker, through the same channel or none ("Trump told
  reporters at the White House on March 12" ... "he said"), or a continued quote paragraph;
* ``article``: nothing stated, so the article's date, an upper bound.

An attribution that puts the remark at another time than the occasion just told ("Putin said a
day earlier that ...", "Earlier in the week, Trump suggested ...", "he later said") takes no
earlier remark's day: "N days earlier/later" counts from the last day the article stated for a
remark (basis ``relative``), and anything vaguer leaves the article's date. So does a cue in the
present perfect ("Putin has demanded", "has made ..., vowing on the campaign trail"): it tells
what was said at some time, not at one occasion. Such a quote starts an
occasion of its own, so the speaker's next undated quotes do not go back to the older one.

Days come from the shared time resolution (:mod:`sitrep.extract.times`): the article's resolved
times when the caller has them, else each attributing sentence resolved once.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.calendar_words import month_pattern
from sitrep.extract.quotes.lexicon import word_list
from sitrep.extract.quotes.marks import TextIndex
from sitrep.extract.times import resolve_times
from sitrep.records import Quote, TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Token

# A day written out: a month name or a numeric date; anything else a resolver turns into a day
# ("Monday", "yesterday", "two days ago") was read against the article's date.
_WRITTEN_DAY = re.compile(rf"\b{month_pattern()}(?!\w)|\d{{1,4}}[-/.]\d{{1,2}}", re.I)
# "a day earlier", "two days later": a shift from another day, not from the article's
_BACK = re.compile(r"\b(?:earlier|before|prior)\b", re.I)
_FORTH = re.compile(r"\b(?:later|after)\b", re.I)
_DAYS = re.compile(r"^P(\d+)D$")
# How far from the cue a time word still belongs to its clause ("Earlier in the week, Trump
# suggested", "according to Trump a day earlier"), not to a clause about something else.
ELSEWHEN_REACH = 40


class SentenceTimes:
    """The day-valued times of one sentence, from the article's times or resolved on demand."""

    def __init__(self, ix: TextIndex, anchor: dt.date | None, times: Sequence[TimeMention] | None) -> None:
        self.ix = ix
        self.anchor = anchor
        self.given = sorted(times, key=lambda t: t.start) if times is not None else None
        self.starts = [t.start for t in self.given] if self.given is not None else []
        self.resolved: dict[int, list[tuple[int, TimeMention]]] = {}

    def days(self, start: int, end: int) -> list[tuple[int, TimeMention]]:
        """(absolute offset, mention) of every day between two offsets of one sentence."""
        # a statement date is a day: weeks and months are too coarse to report as one
        return [(s, t) for s, t in self.mentions(start, end) if _is_day(t)]

    def mentions(self, start: int, end: int) -> list[tuple[int, TimeMention]]:
        """(absolute offset, mention) of every time between two offsets of one sentence."""
        if self.given is not None:
            i = bisect_left(self.starts, start)
            found = []
            while i < len(self.given) and self.given[i].start < end:
                found.append((self.given[i].start, self.given[i]))
                i += 1
        else:
            if start not in self.resolved:
                sent = self.ix.text[start:end]
                self.resolved[start] = [(start + t.start, t) for t in resolve_times(sent, self.anchor)]
            found = self.resolved[start]
        return found


def _is_day(tm: TimeMention) -> bool:
    return tm.type == "date" and bool(tm.value) and len(tm.value or "") == 10


def _others(ix: TextIndex, cue_start: int, reported: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The other reported contents of the cue's sentence that do not hold the cue."""
    sent = ix.sent_at(cue_start)
    return [
        (s, e) for s, e in reported if s < sent.end_char and sent.start_char < e and not s <= cue_start < e
    ]


def stated_date(
    ix: TextIndex,
    cue_start: int,
    content: tuple[int, int],
    times: SentenceTimes,
    reported: Sequence[tuple[int, int]] = (),
) -> tuple[str, str] | None:
    """The day stated in the attribution clause nearest the cue, and whether written or relative.

    A day inside the quoted words or the quote's own content is what was spoken of. A day inside
    another reported content of the sentence (``reported``, the article's quote contents) gives
    way to one outside all of them ("Asked on Monday about reports that Trump on Tuesday would
    offer ..., Hughes denied ...": Monday), but stands when it is the only one ("questioned
    Putin's intentions in a video released later on March 13 and claimed ...").
    """
    sent = ix.sent_at(cue_start)
    cuts = [*ix.quotes_in(sent.start_char, sent.end_char), content]
    others = _others(ix, cue_start, reported)
    best: tuple[bool, int, TimeMention] | None = None
    for s, tm in times.days(sent.start_char, sent.end_char):
        if any(cs <= s < ce for cs, ce in cuts):
            continue
        key = (any(cs <= s < ce for cs, ce in others), abs(s - cue_start), tm)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None:
        return None
    tm = best[2]
    return tm.value or "", "explicit" if _WRITTEN_DAY.search(tm.text) else "relative"


@dataclass(frozen=True, slots=True)
class Elsewhen:
    """The attribution puts the remark at another time than the occasion just told; ``days`` is
    how far from the last stated day when the clause says so ("a day earlier": -1)."""

    days: int | None = None


def elsewhen(
    ix: TextIndex,
    cue_start: int,
    content: tuple[int, int],
    times: SentenceTimes,
    reported: Sequence[tuple[int, int]] = (),
) -> Elsewhen | None:
    """Whether the clause of a cue that states no day says the remark came at another time."""
    sent = ix.sent_at(cue_start)
    cuts = [*ix.quotes_in(sent.start_char, sent.end_char), content, *_others(ix, cue_start, reported)]

    def near(s: int, e: int) -> bool:
        outside = not any(cs <= s < ce for cs, ce in cuts)
        return outside and s - ELSEWHEN_REACH <= cue_start <= e + ELSEWHEN_REACH

    for s, tm in times.mentions(sent.start_char, sent.end_char):
        if not near(s, s + len(tm.text)):
            continue
        if tm.type == "duration" and (_BACK.search(tm.text) or _FORTH.search(tm.text)):
            found = _DAYS.match(tm.value or "")
            sign = -1 if _BACK.search(tm.text) else 1
            return Elsewhen(sign * int(found.group(1)) if found else None)
        if tm.type == "date" and not _is_day(tm):
            return Elsewhen()  # "last week", "earlier this month", "the day before"
    for m in re.finditer(r"[A-Za-z]+", ix.text[sent.start_char : sent.end_char]):
        s = sent.start_char + m.start()
        word = m.group().lower()
        # "said earlier", "a day earlier", not "an earlier proposal"
        if (
            word in word_list("elsewhen_words")
            and near(s, s + len(word))
            and ix.doc[ix.token_at(s)].pos_ == "ADV"
        ):
            return Elsewhen()
    return Elsewhen() if _perfect(ix.doc[ix.token_at(cue_start)]) else None


def _perfect(cue: Token) -> bool:
    """A cue in the present perfect ("Putin has demanded", "Trump has made ..., vowing on the
    campaign trail"): said at some time or many, not at the occasion the article is telling."""
    verbs = [cue, cue.head] if cue.tag_ == "VBG" and cue.dep_ in ("advcl", "conj") else [cue]
    return any(
        v.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in v.children)
        for v in verbs
    )


def _shifted(day: str | None, days: int | None, article_day: str | None) -> str | None:
    """A stated day moved by a number of days, never past the article's own date."""
    if day is None or days is None:
        return None
    out = (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()
    return out if article_day is None or out <= article_day else None


def date_by_occasion(
    quotes: list[Quote],
    continued: dict[int, int],
    article_day: str | None,
    other_time: dict[int, Elsewhen] | None = None,
) -> None:
    """Fill in the quotes with no stated day, in text order (in place).

    ``continued`` maps a quote's index to the quote it continues (a quote paragraph or part
    without its own attribution). A quote of a speaker whose last quote in the article was
    dated takes that day when both are speech and the channels agree; else the article's day.
    Quotes dated only by the article do not end the speaker's last occasion. ``other_time`` maps
    a quote's index to what its attribution says of another time (see :func:`elsewhen`).
    """
    other_time = other_time or {}
    last: dict[str, Quote] = {}
    stated: str | None = None  # the last day the article stated for a remark
    for i, q in enumerate(quotes):
        other = other_time.get(i) if q.date is None else None
        if other is not None:
            day = _shifted(stated, other.days, article_day)
            if day is not None:
                q.date, q.date_basis = day, "relative"
            elif article_day is not None:
                q.date, q.date_basis = article_day, "article"
            if q.speaker:
                last[q.speaker] = q  # an occasion of its own: later quotes do not skip back
            stated = q.date if q.date_basis == "relative" else stated
            continue
        if q.date is None:
            prev = quotes[continued[i]] if i in continued else last.get(q.speaker) if q.speaker else None
            if (
                prev is not None
                and prev.date_basis not in (None, "article")
                and q.attribution == prev.attribution == "speech"  # a view held has no occasion
                and (q.channel is None or prev.channel is None or q.channel == prev.channel)
            ):
                q.date, q.date_basis = prev.date, "occasion"
            elif article_day is not None:
                q.date, q.date_basis = article_day, "article"
        # The occasion lasts until the speaker's next dated remark: a quote the article leaves
        # undated between two of them ("Trump told reporters on March 12 ... he added ...") does
        # not end it.
        if q.speaker and (q.date_basis != "article" or q.speaker not in last):
            last[q.speaker] = q
        if q.date_basis in ("explicit", "relative", "occasion"):
            stated = q.date
