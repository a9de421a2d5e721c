"""When a quote was said, and how that is known (CONTRACT.md, quotes.date and date_basis).

* ``explicit``: a day stated in the attribution clause ("told reporters on March 12");
* ``relative``: a day named against the article's date ("said on Monday", "yesterday");
* ``occasion``: no day in its own clause, but the quote is of an occasion the article dates
  elsewhere: a later quote of the same speaker, through the same channel or none ("Trump told
  reporters at the White House on March 12" ... "he said"), or a continued quote paragraph;
* ``article``: nothing stated, so the article's date, an upper bound.

Days come from the shared time resolution (:mod:`sitrep.extract.times`): the article's resolved
times when the caller has them, else each attributing sentence resolved once.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Sequence

from sitrep.calendar_words import month_pattern
from sitrep.extract.quotes.marks import TextIndex
from sitrep.extract.times import resolve_times
from sitrep.records import Quote, TimeMention

# A day written out: a month name or a numeric date; anything else a resolver turns into a day
# ("Monday", "yesterday", "two days ago") was read against the article's date.
_WRITTEN_DAY = re.compile(rf"\b{month_pattern()}(?!\w)|\d{{1,4}}[-/.]\d{{1,2}}", re.I)


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
        # a statement date is a day: weeks and months are too coarse to report as one
        return [(s, t) for s, t in found if t.type == "date" and t.value and len(t.value) == 10]


def stated_date(
    ix: TextIndex, cue_start: int, content: tuple[int, int], times: SentenceTimes
) -> tuple[str, str] | None:
    """The day stated in the attribution clause nearest the cue, and whether written or relative."""
    sent = ix.sent_at(cue_start)
    cuts = [*ix.quotes_in(sent.start_char, sent.end_char), content]
    best: tuple[int, TimeMention] | None = None
    for s, tm in times.days(sent.start_char, sent.end_char):
        if any(cs <= s < ce for cs, ce in cuts):
            continue  # a date inside the quoted or reported words is what was spoken of
        dist = abs(s - cue_start)
        if best is None or dist < best[0]:
            best = (dist, tm)
    if best is None:
        return None
    tm = best[1]
    return tm.value or "", "explicit" if _WRITTEN_DAY.search(tm.text) else "relative"


def date_by_occasion(quotes: list[Quote], continued: dict[int, int], article_day: str | None) -> None:
    """Fill in the quotes with no stated day, in text order (in place).

    ``continued`` maps a quote's index to the quote it continues (a quote paragraph or part
    without its own attribution). A quote of a speaker whose last quote in the article was
    dated takes that day when both are speech and the channels agree; else the article's day.
    Quotes dated only by the article do not end the speaker's last occasion.
    """
    last: dict[str, Quote] = {}
    for i, q in enumerate(quotes):
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
