"""Time expressions: find them in text and normalise them against an anchor date.

This is the project's one time resolver. :func:`resolve_times` works on any
text (a whole article, or a sentence the quote extractor wants a date for);
:func:`extract_times` is the per-article extractor, anchored on the article's
publication date.

Values follow CONTRACT.md: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` for dates,
ISO 8601 weeks (``2025-W11``) for week references, ISO durations (``P30D``,
``P7M``, ``PT9H``) for durations, and ``null`` when the expression cannot be
resolved without guessing (no anchor, "the next day", "several weeks").

Why rules and not a library: dateparser's ``search_dates`` (the obvious
candidate, already a dependency) finds many false dates in news prose ("may",
"now", "second", bare numbers), gives no durations and no granularity (every
hit becomes a full datetime, so "in August" turns into a day that was never
said), and ignores tense when choosing between last and next Monday. The
``bench/times.py`` figures compare both on Microsoft's Recognizers-Text specs.
The grammar below covers the expressions news reporting uses; tense (past
reporting vs. "a call planned for Tuesday") decides the direction for
weekdays, months and day-month dates that carry no year. Offsets from the
anchor ("two months ago", "in two weeks") resolve to the exact day; an
approximate amount ("about two months ago") keeps the unit's granularity.
Libraries used where they fit: dateutil (already installed with dateparser)
for month arithmetic and the Easter computus; number words are read by
:func:`words_to_int` because text2num / word2number read neither the pair
form of years nor low ordinals, and the spans need the vocabulary as regexes.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter
from dateutil.relativedelta import relativedelta

from sitrep.calendar_words import (
    MONTH_NAMES,
    ONES,
    ORDINALS,
    TENS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    iso_day,
    month_number,
    month_pattern,
    weekday_pattern,
    words_to_int,
)
from sitrep.records import Article, TimeMention
from sitrep.stages import ArticleContext, TableSpec, article_stage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

TimeType = Literal["date", "duration", "set", "time"]
Direction = Literal["past", "future"]

# --------------------------------------------------------------------------- lexicon

_MONTH = "(?P<{g}>" + month_pattern() + ")"
_WEEKDAY = "(?P<{g}>" + weekday_pattern(abbreviated=False) + ")"
_WEEKDAY_ANY = weekday_pattern()


def month_re(group: str = "month") -> str:
    return _MONTH.format(g=group)


def weekday_re(group: str = "wd") -> str:
    return _WEEKDAY.format(g=group)


UNITS: dict[str, str] = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "year": "Y",
    "decade": "Y",
    "century": "Y",
}
_UNIT_SCALE = {"fortnight": 2, "decade": 10, "century": 100}
_UNIT = r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|century|centuries)"

_WORD_NUM = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(k for k in ONES if k != "zero") + r"))?"
    r"|"
    + "|".join(sorted(ONES, key=len, reverse=True))
    + r"|hundred|a hundred|a couple of|a few|a|an|several|few|many)"
)
# "two and a half", "1.5", "30", "thirty-one", "a"
_NUM = rf"(?P<num>\d+(?:\.\d+)?|{_WORD_NUM}(?: and a half)?)"
_MOD = r"(?:(?:more than|less than|fewer than|over|under|nearly|almost|about|around|roughly|some|at least|at most|up to|just over|just under|well over|barely|only|just|approximately|the past|the last|the next|the first|another)\s+)?"

_ORD = r"(?:st|nd|rd|th)?"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?!\d)" + _ORD + r"\.?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"


def parse_number(text: str) -> float | None:
    """Digits or English number words ("thirty-one", "a", "two and a half"); None when vague."""
    t = text.lower().strip()
    half = 0.0
    if t.endswith(" and a half"):
        half, t = 0.5, t[: -len(" and a half")]
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t) + half
    if t in ("a", "an", "one"):
        return 1 + half
    if t == "a couple of":
        return 2 + half
    if t in ("hundred", "a hundred"):
        return 100 + half
    if t in ONES:
        return ONES[t] + half
    parts = re.split(r"[- ]", t)
    if parts[0] in TENS:
        value = TENS[parts[0]]
        if len(parts) == 2 and parts[1] in ONES:
            value += ONES[parts[1]]
        return value + half
    return None  # "several", "a few", "many": a duration of unknown length


_UNITS_ALT = "one|two|three|four|five|six|seven|eight|nine"
_ORD_UNITS_ALT = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_TEENS_ALT = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_ALT = "|".join(TENS)
# 1..99 in words ("seventy-eight", "twelve", "six")
_W99 = rf"(?:(?:{_TENS_ALT})(?:[- ](?:{_UNITS_ALT}))?|{_TEENS_ALT}|{_UNITS_ALT})"
# a day of the month in words, cardinal or ordinal: "twenty-first", "thirty one", "ninth"
_DAY_WORD = (
    rf"(?:(?:twenty|thirty)[- ](?:{_ORD_UNITS_ALT}|{_UNITS_ALT})|twentieth|thirtieth|twenty|thirty"
    rf"|{'|'.join(k for k in ORDINALS if k not in ('twentieth', 'thirtieth'))}|{_TEENS_ALT}|{_UNITS_ALT})"
)
# a year in words: "two thousand (and) ten", "nineteen hundred ninety three",
# "one thousand seven hundred and eighty nine", "nineteen seventy eight", "nineteen oh five"
_YEAR_WORD = (
    rf"(?:two thousand(?:,?\s+and)?(?:\s+{_W99})?"
    rf"|one thousand\s+(?:{_UNITS_ALT})\s+hundred(?:\s+and)?(?:\s+{_W99})?"
    rf"|(?:{_TEENS_ALT}|twenty)\s+hundred(?:\s+and)?(?:\s+{_W99})?"
    rf"|(?:{_TEENS_ALT}|twenty)\s+(?:(?:oh|zero)\s+(?:{_UNITS_ALT})|(?:{_TENS_ALT})(?:[- ](?:{_UNITS_ALT}))?|{_TEENS_ALT}))"
)


def _day_number(text: str) -> int | None:
    """A day of the month in digits ("21st", "05") or words ("twenty-first")."""
    t = text.lower().rstrip(".")
    digits = re.match(r"\d+", t)
    n = int(digits.group()) if digits else words_to_int(t)
    return n if n is not None and 1 <= n <= 31 else None


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration_value(num: str, unit: str) -> str | None:
    n = parse_number(num)
    if n is None:
        return None
    unit = unit.lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    n *= _UNIT_SCALE.get(unit, 1)
    code = UNITS[unit]
    time_part = unit in ("second", "minute", "hour")
    return f"PT{_fmt_num(n)}{code}" if time_part else f"P{_fmt_num(n)}{code}"


# --------------------------------------------------------------------------- date arithmetic


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_no_year(month: int, anchor: dt.date, direction: Direction, strict: bool = False) -> str:
    """A month named without a year: the nearest one in the tense's direction."""
    if direction == "past":
        year = (
            anchor.year
            if (month < anchor.month or (month == anchor.month and not strict))
            else anchor.year - 1
        )
    else:
        year = (
            anchor.year
            if (month > anchor.month or (month == anchor.month and not strict))
            else anchor.year + 1
        )
    return f"{year:04d}-{month:02d}"


def _day_month_no_year(month: int, day: int, anchor: dt.date, direction: Direction) -> str | None:
    this_year = _safe_date(anchor.year, month, day)
    if this_year is None and not (month == 2 and day == 29):
        return None
    if month == 2 and day == 29:  # the nearest leap year in the tense's direction
        step = -1 if direction == "past" else 1
        for k in range(9):
            d = _safe_date(anchor.year + k * step, 2, 29)
            if d and (d <= anchor if step < 0 else d >= anchor):
                return d.isoformat()
        return None
    if direction == "past":
        year = anchor.year if this_year is not None and this_year <= anchor else anchor.year - 1
    else:
        year = anchor.year if this_year is not None and this_year >= anchor else anchor.year + 1
    d = _safe_date(year, month, day)
    return d.isoformat() if d else None


def _weekday_date(wd: int, anchor: dt.date, direction: Direction, modifier: str = "") -> str:
    modifier = modifier.lower()
    monday = anchor - dt.timedelta(days=anchor.weekday())
    if modifier == "last":
        return (monday - dt.timedelta(days=7 - wd)).isoformat()
    if modifier == "next":
        return (monday + dt.timedelta(days=7 + wd)).isoformat()
    if modifier == "this":
        return (monday + dt.timedelta(days=wd)).isoformat()
    delta = (anchor.weekday() - wd) % 7
    # Same weekday as the anchor: news style uses the day name for "today".
    if direction == "past" or modifier == "past":
        return (anchor - dt.timedelta(days=delta)).isoformat()
    return (anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7)).isoformat()


def _shift(anchor: dt.date, n: float, unit: str, sign: int) -> str | None:
    """Anchor moved by n units, at the unit's granularity ("two months ago" -> a month)."""
    unit = unit.lower().rstrip("s")
    if n != int(n):
        return None
    k = int(n) * sign * _UNIT_SCALE.get(unit, 1)
    if unit in ("day", "night"):
        return (anchor + dt.timedelta(days=k)).isoformat()
    if unit in ("week", "fortnight"):
        return iso_week(anchor + dt.timedelta(weeks=k))
    if unit == "month":
        y, m = add_months(anchor.year, anchor.month, k)
        return f"{y:04d}-{m:02d}"
    if unit in ("year", "decade", "century"):
        return f"{anchor.year + k:04d}"
    return None


# --------------------------------------------------------------------------- tense

_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|'ll|wo|going to|planned|plans?|scheduled|schedules?|expected|due|set (?:for|to)|"
    r"upcoming|coming|would|intends?|to be held|to meet|to visit|to travel|to hold|to speak|ahead of)\b",
    re.I,
)
_FUTURE_LEMMAS = {"plan", "schedule", "expect", "set", "due", "slate", "intend", "prepare"}


def _lemmas(verb: Token) -> set[str]:
    """The verb's lemma, and its form less the -s the lemmatizer sometimes misreads ("hopes" -> "hop")."""
    forms = {verb.lemma_}
    if verb.tag_ == "VBZ" and verb.lower_.endswith("s"):
        forms.add(verb.lower_[:-1])
    return forms


def _direction_from_doc(doc: Doc, start: int, end: int) -> Direction | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token: Token = span.root
    for _ in range(8):  # climb to the governing verb
        if token.pos_ in ("VERB", "AUX") and token not in span:
            break
        if token.head is token:
            break
        token = token.head
    else:
        return None
    if token.pos_ not in ("VERB", "AUX"):
        # "the call on Tuesday": a noun; look for a future cue near it.
        return "future" if token.lemma_.lower() in ("plan", "schedule") else None
    auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"will", "'ll", "shall", "wo", "ca", "can", "may", "might", "should", "must"}:
        return "future"
    if "would" in auxes:
        return "future"
    if "to" in auxes and token.dep_ == "xcomp" and token.head is not token:
        # An infinitive takes its time from the governing verb: "plans to meet on
        # Friday" looks ahead, "intended to sign on February 28" looks back.
        head = token.head
        if head.tag_ in ("VBZ", "VBP", "VBG") and _lemmas(head) & (
            _FUTURE_LEMMAS | {"go", "want", "hope", "aim"}
        ):
            return "future"
        if head.tag_ == "VBD" or (head.tag_ == "VBN" and head.lemma_ not in _FUTURE_LEMMAS):
            return "past"
        return None
    if token.lemma_ in _FUTURE_LEMMAS and token.tag_ == "VBN":
        return "future"  # "a call planned for Tuesday", "talks scheduled for Friday"
    if token.tag_ in ("VBD",) or (token.tag_ == "VBN" and auxes & {"has", "have", "had", "was", "were"}):
        return "past"
    if token.tag_ == "VBG" and auxes & {"is", "are", "'s", "'re"}:
        return "future"  # "Trump is meeting Putin on Friday"
    if token.tag_ == "VBN":
        return "past"
    return None


def _direction_from_text(text: str, start: int, end: int) -> Direction:
    """Lexical fallback: a future cue in the few words just before the expression."""
    left = text[max(0, start - 60) : start]
    left = re.split(r"[.!?;\n]", left)[-1]
    words = left.split()[-5:]
    window = " ".join(words) + " " + text[start:end]
    return "future" if _FUTURE_CUE.search(window) else "past"


# --------------------------------------------------------------------------- rules


@dataclass(slots=True)
class _Ctx:
    text: str
    anchor: dt.date | None
    doc: Doc | None

    def direction(self, start: int, end: int) -> Direction:
        if self.doc is not None:
            found = _direction_from_doc(self.doc, start, end)
            if found is not None:
                return found
        return _direction_from_text(self.text, start, end)


Result = tuple[str | None, TimeType] | None
Handler = Callable[[re.Match[str], _Ctx], Result]


@dataclass(slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    priority: int = 0


RULES: list[_Rule] = []


def rule(pattern: str, priority: int = 0) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        compiled = re.compile(r"(?<![\w$€£¥-])" + pattern + r"(?![\w])", re.I)
        RULES.append(_Rule(handler.__name__, compiled, handler, priority))
        return handler

    return register


def _g(m: re.Match[str], name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _month_of(m: re.Match[str], group: str = "month") -> int:
    return month_number(m.group(group))


_WD_PREFIX = rf"(?:(?:on\s+)?(?:(?:this|next|last)\s+)?{_WEEKDAY_ANY}(?:,?\s+|\s*-\s*|\s*\(\s*))?"
# a day of the month: digits with an optional ordinal suffix, or words
_DAY_DIGITS = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)" + _ORD
_DAYX = rf"(?P<day>{_DAY_DIGITS}|{_DAY_WORD})"
_DAY_ORDWORD = rf"(?P<day>(?:twenty|thirty)[- ](?:{_ORD_UNITS_ALT})|twentieth|thirtieth|{'|'.join(ORDINALS)})"
# a four-digit year (full dates accept any from 1000, "5 December 1391") or one in words
_YEARX = rf"(?P<year>1\d\d\d|20\d\d|{_YEAR_WORD})"
_SEP = r"(?:\s*[,./-]\s*|\s+)"
_YEAR_SEP = r"(?:\s*[,./-]\s*|\s+|\s+of\s+|\s+in\s+|,\s+of\s+)"


def _year_number(text: str) -> int | None:
    y = int(text) if text.isdigit() else words_to_int(text)
    return y if y is not None and 1000 <= y <= 2199 else None


def _two_digit_year(yy: int, anchor: dt.date | None) -> int:
    """ "05/05/89" is 1989, "3-7-27" 2027: the century that puts it no more than 20 years ahead."""
    base = (anchor or dt.date.today()).year
    year = 2000 + yy
    return year if year <= base + 20 else year - 100


@rule(_WD_PREFIX + month_re() + r"(?:\s*[,./-]\s*|\s+|(?=\d))" + _DAYX + _YEAR_SEP + _YEARX, priority=3)
@rule(
    _WD_PREFIX + r"(?:the\s+)?" + _DAYX + r"(?:\s+of)?" + _SEP + month_re() + _YEAR_SEP + _YEARX, priority=3
)
@rule(_WD_PREFIX + month_re() + r"\s+the\s+" + _DAYX + r",?\s+" + _YEARX, priority=3)
@rule(r"(?P<year>(?:1[89]|20)\d\d)(?P<sep>[-/.])" + month_re() + r"(?P=sep)" + _DAYX, priority=3)
def full_date(m: re.Match[str], ctx: _Ctx) -> Result:
    year = _year_number(m.group("year"))
    day = _day_number(m.group("day"))
    if year is None or day is None:
        return None
    d = _safe_date(year, _month_of(m), day)
    return (d.isoformat() if d else None), "date"


@rule(
    r"(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<day>0?[1-9]|[12]\d|3[01])",
    priority=3,
)
@rule(r"(?P<year>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])", priority=3)
def iso_date(m: re.Match[str], ctx: _Ctx) -> Result:
    d = _safe_date(int(m.group("year")), int(m.group("m")), int(m.group("day")))
    # an impossible compact or dotted "date" is some other number: no mention
    return (d.isoformat(), "date") if d else (None, "date") if _g(m, "sep") == "-" else None


@rule(
    r"(?<![\d./])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)|\s*,\s*(?=\d{4})|,)(?P<year>(?:1[89]|20)?\d\d)(?![./-]?\d)",
    priority=2,
)
def numeric_date(m: re.Match[str], ctx: _Ctx) -> Result:
    a, b = int(m.group("a")), int(m.group("b"))
    year = int(m.group("year"))
    if len(m.group("year")) == 2:
        year = _two_digit_year(year, ctx.anchor)
    # "/" and "-" are read month-first (US), "." day-first (European); a field > 12 settles it.
    month, day = (b, a) if m.group("sep") == "." else (a, b)
    if month > 12 and day <= 12:
        month, day = day, month
    d = _safe_date(year, month, day)
    return (d.isoformat(), "date") if d else None  # "12.45.33" is not a date


# Month/day without a year, "4/22", "22/04": a fraction ("1/3 of") looks the same, so
# it counts after a date preposition or weekday, or when a field is past 12.
_NUMERIC_LEAD = (
    r"(?:(?:on|by|until|till|since|from|before|after|through|this|next|last)\s+|" + _WEEKDAY_ANY + r",?\s+)"
)


@rule(
    r"(?P<lead>"
    + _NUMERIC_LEAD
    + r")?(?<![\d./,])(?P<a>\d{1,2})(?P<sep>/)(?P<b>\d{1,2})(?![\d/%]|\.\d|\s+of\b)",
    priority=1,
)
@rule(
    r"(?P<lead>" + _NUMERIC_LEAD + r")(?<![\d./,])(?P<a>\d{1,2})(?P<sep>[.-])(?P<b>\d{1,2})(?![\d/%.-])",
    priority=1,
)
def numeric_month_day(m: re.Match[str], ctx: _Ctx) -> Result:
    a, b = int(m.group("a")), int(m.group("b"))
    if not m.group("lead") and a <= 12 and b <= 12:
        return None
    month, day = (a, b) if a <= 12 else (b, a)
    if month > 12 or day > 31 or ctx.anchor is None:
        return None if month > 12 or day > 31 else (None, "date")
    lead = (m.group("lead") or "").lower().split()
    if lead and lead[0] in ("this", "next", "last"):
        year = ctx.anchor.year + {"this": 0, "next": 1, "last": -1}[lead[0]]
        d = _safe_date(year, month, day)
        return (d.isoformat() if d else None), "date"
    return _day_month_no_year(month, day, ctx.anchor, ctx.direction(*m.span())), "date"


@rule(_WD_PREFIX + month_re() + r"(?:\s*[-/.]\s*|\s+|(?=\d))(?P<day>" + _DAY_DIGITS + r")", priority=2)
@rule(_WD_PREFIX + month_re() + r"\s+(?:the\s+)?" + _DAY_ORDWORD, priority=2)
@rule(_WD_PREFIX + month_re() + r",\s*(?P<day>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))", priority=2)
# a cardinal in words after a month, "May twenty one", but not "in March two brigades"
@rule(
    _WD_PREFIX + month_re() + r"\s+(?P<day>(?:twenty|thirty)[- ](?:" + _UNITS_ALT + r"))(?!\s+[a-z])",
    priority=2,
)
@rule(
    _WD_PREFIX + r"(?:the\s+)?(?P<day>" + _DAY_DIGITS + r")(?:\s+of)?(?:\s+|\s*[-/]\s*)" + month_re(),
    priority=2,
)
@rule(_WD_PREFIX + r"(?:the\s+)?" + _DAYX + r"\s+(?:day\s+)?of\s+" + month_re(), priority=2)
def day_month(m: re.Match[str], ctx: _Ctx) -> Result:
    day = _day_number(m.group("day"))
    if day is None:
        return None
    if ctx.anchor is None:
        return None, "date"
    month = _month_of(m)
    prefix = m.group(0)[: m.start("month") - m.start()].lower()
    modifier = re.match(r"(?:on\s+)?(this|next|last)\s", prefix)
    if modifier:  # "this Friday-Jun-15", "next friday 5/12": the year is said
        year = ctx.anchor.year + {"this": 0, "next": 1, "last": -1}[modifier.group(1)]
        d = _safe_date(year, month, day)
        return (d.isoformat() if d else None), "date"
    return _day_month_no_year(month, day, ctx.anchor, ctx.direction(*m.span())), "date"


@rule(
    r"(?:(?:early|mid|late|the (?:beginning|start|end|middle) of)[\s-]+)?"
    + month_re()
    + r"(?:,?\s+(?:of\s+)?|\s*[-/]\s*)"
    + _YEARX,
    priority=2,
)
@rule(r"(?P<year>(?:1[89]|20)\d\d)\s+" + month_re() + r"(?!\s*\d)", priority=1)
def month_year(m: re.Match[str], ctx: _Ctx) -> Result:
    year = _year_number(m.group("year"))
    if year is None:
        return None
    if m.group(0)[:1].isdigit() and m.group("month").lower() in ("may", "mar"):
        return None  # "in 2017 May said": Theresa May, not the month
    return f"{year:04d}-{_month_of(m):02d}", "date"


@rule(
    r"(?P<year>(?:19|20)\d\d)\s?[-/.]\s?(?P<m>0?[1-9]|1[0-2])(?![\d]|[-/.]\d)"
    r"|(?<![\d./-])(?P<m2>0?[1-9]|1[0-2])\s?[-/]\s?(?P<year2>(?:19|20)\d\d)(?![\d]|[-/.]\d)",
    priority=1,
)
def numeric_month_year(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "2016-11", "3/2015", "11 - 2016": a month of a year written with digits."""
    year = int(m.group("year") or m.group("year2"))
    return f"{year:04d}-{int(m.group('m') or m.group('m2')):02d}", "date"


@rule(
    r"(?:(?P<mod>last|next|this|this past|this coming|past|coming)\s+)?"
    r"(?:(?:early|mid|late|the (?:beginning|start|end|middle) of)[\s-]+)?" + month_re()
)
def month_only(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m.group("month").lower()
    mod = (_g(m, "mod") or "").lower()
    if word in ("may", "mar", "sat", "sun", "jan", "dec", "aug", "jun", "jul") and not mod:
        # Ambiguous short forms ("may", "mar") count only after "in/by/since/until ...".
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(?:in|since|until|till|by|from|during|of|through|before|after)\s+$", before):
            return None
        if word != "may" and m.group("month").islower():
            return None
    if word == "may" and not mod and m.group("month") == "may":
        return None  # lowercase "may" is the verb
    if ctx.anchor is None:
        return None, "date"
    month = _month_of(m)
    if mod in ("this",):
        return f"{ctx.anchor.year:04d}-{month:02d}", "date"
    if mod in ("last", "past", "this past"):
        return _month_no_year(month, ctx.anchor, "past", strict=True), "date"
    if mod in ("next", "coming", "this coming"):
        return _month_no_year(month, ctx.anchor, "future", strict=True), "date"
    return _month_no_year(month, ctx.anchor, ctx.direction(*m.span())), "date"


_NOT_A_YEAR = r"(?!\s*(?:troops|soldiers|people|km|kilometres|kilometers|miles|metres|meters|tonnes|tons|times|dollars|euros|men|women|%|percent))"


@rule(
    r"(?:(?:in|since|until|till|by|from|during|throughout|before|after|of|early|mid|late|"
    r"the (?:beginning|start|end|middle|spring|summer|autumn|fall|winter) of|the|spring|summer|autumn|fall|winter)[\s-]+"
    # a year listed after another: "in 2007 and 2009", "between 2015 and 2018"
    r"|(?<=\d\d\d\d )(?:and|or|to|through|but not)\s+|(?<=\d\d\d\d, )"
    r"|(?:(?:the|this)\s+)?(?:calendar\s+)?year\s+)" + r"(?P<year>(?:1[89]|2[01])\d\d)" + _NOT_A_YEAR
)
@rule(r"(?:in|since|until|by|from|of|year)\s+(?P<year>" + _YEAR_WORD + r")" + _NOT_A_YEAR)
def year(m: re.Match[str], ctx: _Ctx) -> Result:
    y = m.group("year")
    if not y.isdigit():
        if re.fullmatch(r"two thousand", y, re.I) and re.match(r"\s+[a-z]", ctx.text[m.end() :]):
            return None  # "in two thousand cases": a count
        number = _year_number(y)
        return (str(number), "date") if number else None
    return y, "date"


@rule(r"(?:the\s+)?(?P<year>(?:19|20)\d)0s")
def decade(m: re.Match[str], ctx: _Ctx) -> Result:
    return m.group("year"), "date"  # TIMEX3 decade: "199" for the 1990s


_RELDAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "tmrw": 1}


@rule(r"(?P<w>today|tonight|yesterday|tomorrow|tmrw)(?:\s+(?:morning|afternoon|evening|night))?")
@rule(r"(?P<w>this|last)\s+(?P<part>morning|afternoon|evening|night)")
def relative_day(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.anchor is None:
        return None, "date"
    w = m.group("w").lower()
    offset = _RELDAY.get(w, 0)
    if w == "last":
        offset = -1 if m.group("part").lower() == "night" else 0
    return (ctx.anchor + dt.timedelta(days=offset)).isoformat(), "date"


@rule(r"the\s+day\s+(?P<w>before\s+yesterday|after\s+(?:tomorrow|tmrw))", priority=1)
def two_days(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.anchor is None:
        return None, "date"
    offset = -2 if m.group("w").lower().startswith("before") else 2
    return (ctx.anchor + dt.timedelta(days=offset)).isoformat(), "date"


@rule(
    r"(?:(?:on|by|until|till|since|from)\s+)?(?:(?P<mod>last|next|this|this past|this coming|past|coming|previous)\s+)?"
    + weekday_re()
    + r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
)
def weekday(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.anchor is None:
        return None, "date"
    wd = WEEKDAYS[m.group("wd").lower()]
    mod = (m.group("mod") or "").lower().replace("previous", "last")
    if mod in ("this past", "past"):
        return _weekday_date(wd, ctx.anchor - dt.timedelta(days=1), "past"), "date"
    if mod in ("this coming", "coming"):
        return _weekday_date(wd, ctx.anchor + dt.timedelta(days=1), "future"), "date"
    if mod:
        return _weekday_date(wd, ctx.anchor, "past", mod), "date"
    return _weekday_date(wd, ctx.anchor, ctx.direction(*m.span())), "date"


@rule(
    weekday_re() + r"(?:\s+of)?\s+(?:the\s+)?(?P<mod>last|next|this|previous|following|coming)\s+week"
    r"|(?P<mod2>last|next|this|previous)\s+week(?:\s+on\s+|\s*[-,]\s*|\s+)(?P<wd2>" + _WEEKDAY_ANY + ")",
    priority=2,
)
def weekday_of_week(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.anchor is None:
        return None, "date"
    mod = (m.group("mod") or m.group("mod2")).lower()
    wd = WEEKDAYS[(m.group("wd") or m.group("wd2")).lower().rstrip(".")]
    weeks = {"last": -1, "previous": -1, "next": 1, "following": 1, "coming": 1, "this": 0}[mod]
    monday = ctx.anchor - dt.timedelta(days=ctx.anchor.weekday()) + dt.timedelta(weeks=weeks)
    return (monday + dt.timedelta(days=wd)).isoformat(), "date"


@rule(
    r"(?:the\s+)?"
    + _DAYX
    + r"(?:\s+day)?\s+(?:of\s+)?(?:the\s+)?(?P<mod>last|next|this|previous|following)\s+month",
    priority=2,
)
# "the thirty-first day of the month": the anchor's month
@rule(r"(?:the\s+)?" + _DAYX + r"\s+day\s+of\s+the\s+(?P<mod>)month(?!\s+of)", priority=2)
def day_of_relative_month(m: re.Match[str], ctx: _Ctx) -> Result:
    day = _day_number(m.group("day"))
    if day is None:
        return None
    if ctx.anchor is None:
        return None, "date"
    mod = m.group("mod").lower()
    if mod == "following":
        return None, "date"  # relative to a narrated month
    delta = {"last": -1, "previous": -1, "next": 1, "this": 0, "": 0}[mod]
    y, mo = add_months(ctx.anchor.year, ctx.anchor.month, delta)
    d = _safe_date(y, mo, day)
    return (d.isoformat() if d else None), "date"


@rule(
    r"(?P<mod>last|next|this|previous|the previous|the following|the coming|the past|upcoming|current)\s+(?:calendar\s+)?(?P<unit>week|month|year)(?!s)"
)
@rule(r"the\s+(?P<unit>week|month|year)\s+after\s+(?:the\s+)?(?P<mod>next)")
@rule(
    r"(?P<pre>earlier|later|early|late|(?:at\s+)?the\s+(?:end|start|beginning|middle)\s+of)\s+(?P<mod>this|last|next)\s+(?P<unit>week|month|year)"
)
@rule(r"(?P<mod>last|next|this)\s+(?P<unit>week|month|year)'s")
def relative_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    mod = m.group("mod").lower()
    if mod in ("the previous", "the following"):
        return None, "date"  # relative to a narrated event, not to the anchor
    if mod == "the past":
        return duration_value("1", m.group("unit")), "duration"  # a trailing period
    mod = {"the coming": "next", "upcoming": "next", "current": "this"}.get(mod, mod)
    if ctx.anchor is None:
        return None, "date"
    sign = {"last": -1, "previous": -1, "next": 1, "this": 0}[mod]
    if re.match(r"the\s+\w+\s+after", m.group(0), re.I):
        sign = 2  # "the week after next"
    return _shift(ctx.anchor, 1, m.group("unit"), sign) if sign else _shift(
        ctx.anchor, 0, m.group("unit"), 1
    ), "date"


_ORD_WORD_N = {**ORDINALS, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}


def _nth_weekday(year: int, month: int, wd: int, nth: str) -> dt.date | None:
    """The first..fifth or the last given weekday of a month."""
    days = [
        d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == wd
    ]
    if nth == "last":
        return days[-1]
    k = _ORD_WORD_N.get(nth)
    return days[k - 1] if k and k <= len(days) else None


@rule(
    r"(?:the\s+)?(?P<nth>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s+"
    + weekday_re()
    + r"(?:\s+(?:of|in)\s+(?:(?P<rel>this|next|last|the)\s+month|"
    + month_re()
    + r"(?:,?\s+(?P<year>(?:19|20)\d\d))?))?",
    priority=2,
)
def ordinal_weekday(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "the second Sunday of May", "the last Friday of the month", "first Monday": a day."""
    nth = m.group("nth").lower()
    has_month = bool(_g(m, "rel") or _g(m, "month"))
    if nth == "last" and not has_month:
        return None  # "last Sunday" is the weekday rule
    wd = WEEKDAYS[m.group("wd").lower()]
    if m.group("year"):
        y, mo = int(m.group("year")), _month_of(m)
    elif ctx.anchor is None:
        return None, "date"
    elif m.group("month"):
        y, mo = (
            int(x) for x in _month_no_year(_month_of(m), ctx.anchor, ctx.direction(*m.span())).split("-")
        )
    else:
        delta = {"next": 1, "last": -1}.get((m.group("rel") or "").lower(), 0)
        y, mo = add_months(ctx.anchor.year, ctx.anchor.month, delta)
    d = _nth_weekday(y, mo, wd, nth)
    return (d.isoformat() if d else None), "date"


_YEAR_REF = rf"(?:(?P<rel>this|next|last)\s+year|(?P<year>(?:1[89]|20)\d\d|{_YEAR_WORD}))"


def _year_of(m: re.Match[str], ctx: _Ctx) -> int | None:
    if m.group("year"):
        return _year_number(m.group("year"))
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + {"this": 0, "next": 1, "last": -1}[m.group("rel").lower()]


@rule(
    r"(?:the\s+)?(?P<nth>"
    + "|".join(k for k in ORDINALS if ORDINALS[k] <= 12)
    + r"|\d{1,2}(?:st|nd|rd|th)|last)\s+(?P<unit>week|month)\s+(?:of\s+|in\s+)?"
    + _YEAR_REF,
    priority=2,
)
@rule(r"(?:the\s+)?week\s+(?P<n>[1-5]?\d)\s+of\s+" + _YEAR_REF, priority=2)
def week_of_year(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "the third week of 2027", "week 27 of last year", "the 9th month of next year"."""
    year = _year_of(m, ctx)
    if year is None:
        return None, "date"
    last_week = dt.date(year, 12, 28).isocalendar()[1]
    if _g(m, "n"):
        n, unit = int(m.group("n")), "week"
    else:
        nth, unit = m.group("nth").lower(), m.group("unit").lower()
        if nth == "last":
            n = last_week if unit == "week" else 12
        else:
            n = ORDINALS.get(nth) or int(re.match(r"\d+", nth).group())  # type: ignore[union-attr]
    if unit == "month":
        return (f"{year:04d}-{n:02d}" if 1 <= n <= 12 else None), "date"
    return (f"{year:04d}-W{n:02d}" if 1 <= n <= last_week else None), "date"


@rule(r"(?:the\s+)?week\s+(?P<n>[1-5]?\d)(?!\s+of\b|\d|\s*(?:%|percent|per cent))", priority=1)
def week_number(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "week 10" (of the anchor's year, ISO)."""
    if ctx.anchor is None:
        return None, "date"
    n = int(m.group("n"))
    last_week = dt.date(ctx.anchor.year, 12, 28).isocalendar()[1]
    return (f"{ctx.anchor.year:04d}-W{n:02d}" if 1 <= n <= last_week else None), "date"


@rule(
    weekday_re()
    + r",?\s+the\s+(?P<day>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)|"
    + _DAY_WORD
    + r")(?!\s+(?:of|day|week|month|anniversary|time)\b)",
    priority=2,
)
def weekday_the_day(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "Friday the 15th": the nearest month in which the 15th is a Friday."""
    day = _day_number(m.group("day"))
    if day is None:
        return None
    if ctx.anchor is None:
        return None, "date"
    wd = WEEKDAYS[m.group("wd").lower()]
    best: dt.date | None = None
    for k in range(-12, 13):
        y, mo = add_months(ctx.anchor.year, ctx.anchor.month, k)
        d = _safe_date(y, mo, day)
        if (
            d
            and d.weekday() == wd
            and (best is None or abs((d - ctx.anchor).days) < abs((best - ctx.anchor).days))
        ):
            best = d
    return (best.isoformat() if best else None), "date"


def _holiday(name: str, year: int) -> dt.date:
    if "easter" in name:
        sunday = easter(year, EASTER_ORTHODOX if "orthodox" in name else EASTER_WESTERN)
        return sunday + dt.timedelta(days=1 if "monday" in name else 0)
    if "christmas" in name:
        return dt.date(year, 12, 24 if "eve" in name else 25)
    return dt.date(year, 12, 31) if "eve" in name else dt.date(year, 1, 1)


@rule(
    r"(?:(?P<mod>last|next|this|previous|following|this year's|last year's|next year's)\s+)?"
    r"(?P<h>christmas\s+eve|christmas(?:\s+day)?|new\s+year(?:'s|’s)?\s+eve|new\s+year(?:'s|’s)(?:\s+day)?|new\s+year\s+day"
    r"|(?:orthodox\s+)?easter(?:\s+(?:sunday|monday))?)"
    r"(?:,?\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?",
    priority=1,
)
def holiday(m: re.Match[str], ctx: _Ctx) -> Result:
    """Christmas, New Year, (Orthodox) Easter: fixed or computed days (dateutil's Easter)."""
    name = re.sub(r"\s+", " ", m.group("h").lower())
    if m.group("year"):
        return _holiday(name, int(m.group("year"))).isoformat(), "date"
    if ctx.anchor is None:
        return None, "date"
    a = ctx.anchor
    mod = (m.group("mod") or "").lower()
    if mod.endswith("year's"):
        return _holiday(name, a.year + {"this": 0, "last": -1, "next": 1}[mod.split()[0]]).isoformat(), "date"
    if mod == "this":
        return _holiday(name, a.year).isoformat(), "date"
    candidates = [_holiday(name, a.year + k) for k in (-1, 0, 1)]
    if mod in ("last", "previous"):
        return max(d for d in candidates if d < a).isoformat(), "date"
    if mod in ("next", "following"):
        return min(d for d in candidates if d > a).isoformat(), "date"
    if ctx.direction(*m.span()) == "past":
        return max(d for d in candidates if d <= a).isoformat(), "date"
    return min(d for d in candidates if d >= a).isoformat(), "date"


@rule(r"(?:(?P<mod>last|next|this|over the|this past|during the)\s+)weekend")
def weekend(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.anchor is None:
        return None, "date"
    mod = m.group("mod").lower()
    direction = ctx.direction(*m.span())
    if mod == "next" or (mod == "this" and direction == "future"):
        saturday = ctx.anchor + dt.timedelta(days=(5 - ctx.anchor.weekday()) % 7)
        if mod == "next" and ctx.anchor.weekday() < 5:
            saturday += dt.timedelta(days=7 if direction == "past" else 0)
    else:
        saturday = ctx.anchor - dt.timedelta(days=(ctx.anchor.weekday() - 5) % 7)
        if mod == "last" and ctx.anchor.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
    return iso_week(saturday) + "-WE", "date"  # TIMEX3 weekend of that ISO week


@rule(
    _MOD
    + _NUM
    + r"\s+"
    + _UNIT
    + r"\s+(?P<dir>after|from|before)\s+(?P<base>today|tomorrow|tmrw|yesterday|now)",
    priority=2,
)
def offset_from_day(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "two days after today", "three weeks from tomorrow": a shift from a day named by the anchor."""
    n = parse_number(m.group("num"))
    unit = m.group("unit").lower().rstrip("s")
    if ctx.anchor is None or n is None or n != int(n) or unit not in ("day", "week", "night"):
        return None, "date"
    base = ctx.anchor + dt.timedelta(
        days={"tomorrow": 1, "tmrw": 1, "yesterday": -1}.get(m.group("base").lower(), 0)
    )
    sign = -1 if m.group("dir").lower() == "before" else 1
    days = int(n) * (7 if unit == "week" else 1)
    return (base + dt.timedelta(days=sign * days)).isoformat(), "date"


# "two years, one month and 21 days": up to four amount-unit pairs
_NUM_PLAIN = rf"(?:\d+(?:\.\d+)?|{_WORD_NUM}(?: and a half)?)"
_UNIT_PLAIN = _UNIT.replace("(?P<unit>", "(?:")
_DUR_PAIR = re.compile(rf"(?<![\w-])(?P<num>{_NUM_PLAIN})\s+(?P<unit>{_UNIT_PLAIN[3:-1]})(?!\w)", re.I)
_DURS = rf"(?P<durs>{_NUM_PLAIN}\s+{_UNIT_PLAIN}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+){_NUM_PLAIN}\s+{_UNIT_PLAIN}){{0,3}})"
# Modifiers that make an offset approximate: "about two months ago" keeps the month.
_APPROX = re.compile(
    r"^(?:more than|less than|fewer than|over|under|nearly|almost|about|around|roughly|some|at least|at most|up to|just over|just under|well over|barely)\s",
    re.I,
)
_RD_UNITS = {
    "day": ("days", 1),
    "night": ("days", 1),
    "week": ("weeks", 1),
    "fortnight": ("weeks", 2),
    "month": ("months", 1),
    "year": ("years", 1),
    "decade": ("years", 10),
    "century": ("years", 100),
}


def _durations(text: str) -> list[tuple[float | None, str]]:
    out = []
    for m in _DUR_PAIR.finditer(text):
        unit = m.group("unit").lower().rstrip("s")
        out.append((parse_number(m.group("num")), "century" if unit == "centurie" else unit))
    return out


def _offset_day(base: dt.date, text: str, sign: int) -> dt.date | None:
    """``base`` moved by every amount-unit pair in ``text`` ("1 month and 21 days"), to the day.

    None when an amount is vague ("a few") or fractional, or the unit is below a day.
    """
    kwargs: dict[str, int] = {}
    pairs = _durations(text)
    if not pairs:
        return None
    for n, unit in pairs:
        if n is None or n != int(n) or unit not in _RD_UNITS:
            return None
        key, scale = _RD_UNITS[unit]
        kwargs[key] = kwargs.get(key, 0) + sign * int(n) * scale
    try:
        return base + relativedelta(**kwargs)  # type: ignore[arg-type]
    except (OverflowError, ValueError):
        return None


def _durations_value(text: str) -> str | None:
    """An ISO duration for one or more pairs: "P1M21D"."""
    pairs = _durations(text)
    if len(pairs) == 1:
        n, unit = pairs[0]
        return duration_value(_fmt_num(n), unit) if n is not None else None
    totals: dict[str, float] = {}
    for n, unit in pairs:
        if n is None or unit in ("second", "minute", "hour"):
            return None
        code = UNITS[unit]
        totals[code] = totals.get(code, 0) + n * _UNIT_SCALE.get(unit, 1)
    return "P" + "".join(f"{_fmt_num(totals[c])}{c}" for c in "YMWD" if c in totals)


def _anchor_offset(m: re.Match[str], ctx: _Ctx, sign: int) -> Result:
    """ "two months ago" / "in two weeks": the anchor moved to the exact day, which is what
    a timeline needs; an approximate amount ("about two months ago") keeps the unit's
    granularity (a month, an ISO week, a year) rather than invent a day."""
    if ctx.anchor is None:
        return None, "date"
    pairs = _durations(m.group("durs"))
    mod = m.group(0)[: m.start("durs") - m.start()]
    if _APPROX.match(mod) and len(pairs) == 1 and pairs[0][0] is not None:
        return _shift(ctx.anchor, pairs[0][0], pairs[0][1], sign), "date"
    d = _offset_day(ctx.anchor, m.group("durs"), sign)
    return (d.isoformat() if d else None), "date"


_AGO_MOD = _MOD.replace("|the past|the last|the next|the first|another", "")


@rule(_AGO_MOD + _DURS + r"\s+(?P<dir>ago|earlier|before|later|after|from now|hence|from today)", priority=1)
def ago(m: re.Match[str], ctx: _Ctx) -> Result:
    direction = m.group("dir").lower()
    if direction in ("earlier", "before", "later", "after"):
        # "a day after Kyiv agreed": an offset from a narrated event, kept as the duration
        # (merged with a following date by _merge_offsets: "two days after March 3").
        return _durations_value(m.group("durs")), "duration"
    return _anchor_offset(m, ctx, -1 if direction == "ago" else 1)


@rule(r"in\s+(?:just\s+|about\s+|around\s+|only\s+)?" + _DURS + r"(?:['’]s time|\s+from now)?", priority=1)
def in_n(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "talks in two weeks" looks ahead; "the first time in two weeks" is a duration."""
    if ctx.anchor is None or ctx.direction(*m.span()) == "past":
        return _durations_value(m.group("durs")), "duration"
    return _anchor_offset(m, ctx, 1)


@rule(
    r"(?:in\s+|within\s+)?(?P<mod>recent|the past|the last|the next|the coming|coming)\s+"
    + _NUM
    + r"\s+"
    + _UNIT
)
def past_n(m: re.Match[str], ctx: _Ctx) -> Result:
    return duration_value(m.group("num"), m.group("unit")), "duration"


@rule(_MOD + _NUM + r"(?:[- ](?:and[- ]a[- ]half[- ])?)" + _UNIT + r"(?:[- ]long|[- ]old)?")
def duration(m: re.Match[str], ctx: _Ctx) -> Result:
    num = m.group("num")
    if num.lower() in ("a", "an") and m.group("unit").lower() == "second" and "-" not in m.group(0):
        return None  # "a second term" is an ordinal, not one second
    if re.search(r"and[- ]a[- ]half", m.group(0), re.I) and "half" not in num:
        num += " and a half"
    return duration_value(num, m.group("unit")), "duration"


@rule(r"(?:every|each)\s+(?:other\s+)?(?P<unit>day|night|week|month|year|morning|evening)")
@rule(r"(?P<adv>daily|weekly|monthly|yearly|annually|nightly|fortnightly)")
@rule(r"(?:once|twice|three times|\d+ times)\s+(?:a|per|each)\s+(?P<unit>day|week|month|year)")
def set_rule(m: re.Match[str], ctx: _Ctx) -> Result:
    key = (_g(m, "unit") or _g(m, "adv") or "").lower()
    table = {
        "day": "P1D",
        "daily": "P1D",
        "night": "P1D",
        "nightly": "P1D",
        "morning": "P1D",
        "evening": "P1D",
        "week": "P1W",
        "weekly": "P1W",
        "fortnightly": "P2W",
        "month": "P1M",
        "monthly": "P1M",
        "year": "P1Y",
        "yearly": "P1Y",
        "annually": "P1Y",
    }
    return table.get(key), "set"


@rule(r"(?:every|each)\s+" + weekday_re(), priority=1)
def set_weekday(m: re.Match[str], ctx: _Ctx) -> Result:
    return f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()] + 1}", "set"


@rule(
    r"(?:at\s+)?(?P<h>1[0-2]|0?[1-9])(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?!\w)"
    r"|(?:at\s+)?(?P<h24>[01]?\d|2[0-3]):(?P<min24>[0-5]\d)(?:\s*(?:GMT|UTC|local time))?"
    r"|(?P<word>noon|midday|midnight)"
)
def clock(m: re.Match[str], ctx: _Ctx) -> Result:
    if m.group("word"):
        return ("T00:00" if m.group("word").lower() == "midnight" else "T12:00"), "time"
    if m.group("h24") is not None:
        return f"T{int(m.group('h24')):02d}:{m.group('min24')}", "time"
    h = int(m.group("h")) % 12
    if m.group("ampm").lower().startswith("p"):
        h += 12
    return f"T{h:02d}:{m.group('min') or '00'}", "time"


@rule(
    r"(?:on\s+)?the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?!\s+(?:of\s+)?(?:century|anniversary|time|day|round|brigade|army|floor|division))"
)
def day_of_month(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.anchor is None:
        return None, "date"
    day = int(m.group("day"))
    direction = ctx.direction(*m.span())
    y, mo = ctx.anchor.year, ctx.anchor.month
    if direction == "past" and day > ctx.anchor.day:
        y, mo = add_months(y, mo, -1)
    elif direction == "future" and day < ctx.anchor.day:
        y, mo = add_months(y, mo, 1)
    d = _safe_date(y, mo, day)
    return (d.isoformat() if d else None), "date"


@rule(r"(?P<mod>last|next|this)\s+(?P<season>spring|summer|autumn|fall|winter)")
@rule(r"(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?" + _YEARX, priority=1)
def season(m: re.Match[str], ctx: _Ctx) -> Result:
    code = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}[
        m.group("season").lower()
    ]
    if _g(m, "year"):
        y = _year_number(m.group("year"))
        return (f"{y}-{code}" if y else None), "date"
    if ctx.anchor is None:
        return None, "date"
    mod = m.group("mod").lower()
    return f"{ctx.anchor.year + {'last': -1, 'next': 1, 'this': 0}[mod]}-{code}", "date"


@rule(
    r"(?P<w>the\s+(?:next|following|previous)\s+(?:day|morning|week|month|year)|the\s+day\s+before|that\s+day)"
)
def narrative(m: re.Match[str], ctx: _Ctx) -> Result:
    return None, "date"  # relative to a narrated event: honest null


# --------------------------------------------------------------------------- search

# A few words that start a match but must not be inside the span (the span is the expression).
_LEADING = re.compile(
    r"^(?:(?:on|in|at|by|until|till|since|from|during|throughout|before|after|within)\s+)", re.I
)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    priority: int
    value: str | None
    type: TimeType


_MONTH_KEYS = tuple(name[:3] for name in MONTH_NAMES)
_WEEKDAY_KEYS = tuple(name[:3] for name in WEEKDAY_NAMES)
# Words one of which every match of a rule contains: a rule whose words are all absent
# from the text is not run (a substring test is far cheaper than a regex scan).
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "full_date": _MONTH_KEYS,
    "day_month": _MONTH_KEYS,
    "month_year": _MONTH_KEYS,
    "month_only": _MONTH_KEYS,
    "weekday": _WEEKDAY_KEYS,
    "weekday_of_week": _WEEKDAY_KEYS,
    "ordinal_weekday": _WEEKDAY_KEYS,
    "weekday_the_day": _WEEKDAY_KEYS,
    "set_weekday": _WEEKDAY_KEYS,
    "holiday": ("christmas", "easter", "new year"),
    "week_of_year": ("week", "month"),
    "week_number": ("week",),
    "day_of_relative_month": ("month",),
    "relative_unit": ("week", "month", "year"),
    "weekend": ("weekend",),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "offset_from_day": ("today", "tomorrow", "tmrw", "yesterday", "now"),
    "ago": ("ago", "earlier", "before", "later", "after", "from now", "hence", "from today"),
    "relative_day": (
        "today",
        "tonight",
        "yesterday",
        "tomorrow",
        "tmrw",
        "morning",
        "afternoon",
        "evening",
        "night",
    ),
    "two_days": ("the day",),
    "decade": ("0s",),
    "narrative": ("next", "following", "previous", "that day", "day before"),
    "past_n": ("recent", "past", "last", "next", "coming"),
    "clock": ("am", "a.m", "pm", "p.m", ":", "noon", "midday", "midnight"),
}


# Rules whose every match holds a month (or weekday) name run only in windows around
# those names: news prose has few of them, and the rules are the costliest to scan.
_MONTH_SCAN = re.compile(r"(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_WEEKDAY_SCAN = re.compile(r"(?<![a-z])(?:mon|tue|wed|thu|fri|sat|sun)", re.I)
_WINDOWED = {
    "full_date": _MONTH_SCAN,
    "day_month": _MONTH_SCAN,
    "month_year": _MONTH_SCAN,
    "month_only": _MONTH_SCAN,
    "weekday": _WEEKDAY_SCAN,
    "weekday_of_week": _WEEKDAY_SCAN,
    "ordinal_weekday": _WEEKDAY_SCAN,
    "weekday_the_day": _WEEKDAY_SCAN,
    "set_weekday": _WEEKDAY_SCAN,
}
_BEFORE, _AFTER = 80, 100  # longer than any match reaches from its month or weekday name


def _windows(scan: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in scan.finditer(text):
        lo, hi = max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _finditer(pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]] | None):
    """``pattern.finditer(text)``, limited to matches that start inside ``windows``."""
    if windows is None:
        yield from pattern.finditer(text)
        return
    pos = 0
    for lo, hi in windows:
        pos = max(pos, lo)
        while pos < hi:
            m = pattern.search(text, pos, hi)
            if m is None:
                break
            # the window's end is not the text's: match again from the same start without it
            full = pattern.match(text, m.start())
            if full is None or full.end() == full.start():
                pos = m.start() + 1
                continue
            yield full
            pos = full.end()


def _collect(ctx: _Ctx) -> list[_Hit]:
    hits: list[_Hit] = []
    low = ctx.text.lower()
    present = {name: any(k in low for k in keys) for name, keys in _TRIGGERS.items()}
    windows = {scan: _windows(scan, ctx.text) for scan in set(_WINDOWED.values())}
    for r in RULES:
        if not present.get(r.name, True):
            continue
        scan = _WINDOWED.get(r.name)
        for m in _finditer(r.pattern, ctx.text, windows[scan] if scan else None):
            result = r.handler(m, ctx)
            if result is None:
                continue
            value, kind = result
            start, end = m.span()
            lead = _LEADING.match(ctx.text[start:end])
            if lead and r.handler not in (year,) and not (r.handler is in_n and kind == "date"):
                start += lead.end()
            elif r.handler is year:
                # keep "late 2022" / "the end of 2022", drop the bare preposition
                lead = re.match(
                    r"(?:(?:in|since|until|till|by|from|during|throughout|before|after|of|the|and|or|to|through|but not)\s+)+",
                    ctx.text[start:end],
                    re.I,
                )
                if lead:
                    start += lead.end()
            hits.append(_Hit(start, end, r.priority, value, kind))
    return hits


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Longest non-overlapping matches; priority breaks ties."""
    hits.sort(key=lambda h: (-(h.end - h.start), -h.priority, h.start))
    # taken spans never overlap, so sorted by start they are sorted by end too:
    # an overlap check looks at the two neighbours only (linear on hostile input).
    starts: list[int] = []
    taken: list[_Hit] = []
    for h in hits:
        i = bisect.bisect_right(starts, h.start)
        if i > 0 and taken[i - 1].end > h.start:
            continue
        if i < len(taken) and taken[i].start < h.end:
            continue
        starts.insert(i, h.start)
        taken.insert(i, h)
    return taken


_WEEK_OF = re.compile(
    r"(?:the\s+)?(?:week\s+of|week\s+(?:commencing|starting|beginning)(?:\s+on)?|w/c)\s+(?:the\s+)?$", re.I
)
_OFFSET_GAP = re.compile(r"(?P<dir>after|before|from)\s+(?:the\s+)?$", re.I)
_FULL_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def _merge_offsets(hits: list[_Hit], ctx: _Ctx) -> list[_Hit]:
    """A duration right before a day is an offset from it: "three days after February 24"."""
    out: list[_Hit] = []
    for h in hits:
        week_of = _WEEK_OF.search(ctx.text, max(0, h.start - 40), h.start)
        if week_of and h.type == "date" and h.value and _FULL_DAY.match(h.value):
            # "the week of April 10th": the ISO week that holds the day
            h = _Hit(week_of.start(), h.end, h.priority, iso_week(dt.date.fromisoformat(h.value)), "date")
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "duration"
            and h.type == "date"
            and h.value
            and _FULL_DAY.match(h.value)
            and h.start - prev.end <= 12
        ):
            between = ctx.text[prev.start : h.start]
            gap = _OFFSET_GAP.search(between)
            if gap and not re.search(r"[.;!?]", ctx.text[prev.end : h.start]):
                sign = -1 if gap.group("dir").lower() == "before" else 1
                d = _offset_day(dt.date.fromisoformat(h.value), between[: gap.start()], sign)
                if d is not None:
                    out[-1] = _Hit(prev.start, h.end, max(prev.priority, h.priority), d.isoformat(), "date")
                    continue
        out.append(h)
    return out


def _as_doc(doc: Doc | Span | None) -> Doc | None:
    if doc is None:
        return None
    # imported here, not at the top: a command that only reads the store must not load spaCy
    from spacy.tokens import Span

    return doc.as_doc() if isinstance(doc, Span) else doc


def resolve_times(
    text: str,
    anchor: dt.date | None,
    *,
    article_id: str = "",
    doc: Doc | Span | None = None,
) -> list[TimeMention]:
    """Find every time expression in ``text`` and resolve it against ``anchor``.

    Offsets are relative to ``text``. ``doc`` (optional) is a spaCy parse of
    exactly ``text``; with it the tense of the governing verb decides between
    last and next Monday, without it a lexical cue ("will", "planned for") does.
    Relative expressions get ``value=None`` when there is no anchor.
    """
    anchor_date = iso_day(anchor)
    parsed = _as_doc(doc)
    if parsed is not None and parsed.text != text:
        parsed = None
    ctx = _Ctx(text, anchor_date, parsed)
    anchor_iso = anchor_date.isoformat() if anchor_date else None
    out = []
    for h in _merge_offsets(_select(_collect(ctx)), ctx):
        out.append(
            TimeMention(article_id, h.start, h.end, text[h.start : h.end], h.value, h.type, anchor_iso)
        )
    return out


def extract_times(article: Article, doc: Doc) -> list[TimeMention]:
    """Every time expression of an article, anchored on its publication date."""
    return resolve_times(article.text, iso_day(article.published), article_id=article.id, doc=doc)


@article_stage("times", tables=[TableSpec("times", TimeMention, per_article=True, columns=("value", "type"))])
def times_stage(ctx: ArticleContext) -> list[TimeMention]:
    """The time resolution every later stage shares (quotes, events)."""
    return extract_times(ctx.article, ctx.doc)
