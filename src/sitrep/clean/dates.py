"""Publication dates: stated dates, dates inferred from the text, and from neighbours.

A year is never guessed. It comes from an explicit year, from durations anchored
on well-known dated events ("more than three-year full-scale invasion"), from
office-holders named with their title ("Secretary of State Marco Rubio"), from a
weekday + month-day pair, or (corpus step) from dated articles reporting the same
events. When the evidence leaves more than one year open, the date stays null.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitrep import lexicons
from sitrep.calendar_words import MONTHS, WEEKDAYS, month_number, month_pattern, weekday_pattern, words_to_int
from sitrep.records import Article

# Capitalised names only: "may" is also a verb (the patterns add the abbreviation's dot).
_MON = f"(?P<mon>{month_pattern(capitalised=True, dotted=False)})"
_WD = f"(?P<wd>{weekday_pattern(capitalised=True, abbreviated=False)})"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# "Thursday, March 13", "March 13th", "March 13 and 14", "March 13, 2025", "Mar. 18, 2025"
_MONTH_DAY = re.compile(
    rf"\b(?:{_WD},?\s+)?{_MON}\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|[-–]\w))"
    rf"(?:\s*(?:and|&|-|–|to)\s*(?P<day2>[0-3]?\d)\b(?!\s*(?:%|percent)))?(?:\s*,?\s*{_YEAR}\b)?"
)
# "13 March", "14th of March 2025"
_DAY_MONTH = re.compile(
    rf"\b(?:{_WD},?\s+)?(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b\.?(?:\s*,?\s*{_YEAR}\b)?"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")
_FUTURE = re.compile(
    r"\b(?:will|shall|scheduled|planned for|plans to|due to|expected to|set to|next week|next month|deadline)\b",
    re.I,
)


@dataclass(slots=True)
class DateRef:
    """A month-day the text mentions, with whatever it says about year and weekday."""

    month: int
    day: int
    year: int | None
    weekday: int | None
    start: int
    future: bool


def _sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def month_day_refs(text: str) -> list[DateRef]:
    """Every month-day reference in the text, in order."""
    refs: list[DateRef] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            month = month_number(m.group("mon"))
            year = int(m.group("year")) if m.group("year") else None
            weekday = WEEKDAYS[m.group("wd").lower()] if m.group("wd") else None
            future = bool(_FUTURE.search(_sentence_at(text, m.start())))
            days = [int(m.group("day"))]
            if "day2" in m.groupdict() and m.group("day2"):
                days.append(int(m.group("day2")))
            for day in days:
                if 1 <= day <= 31:
                    refs.append(
                        DateRef(month, day, year, weekday if day == days[0] else None, m.start(), future)
                    )
            taken.append((m.start(), m.end()))
    return sorted(refs, key=lambda r: r.start)


# --- stated dates -------------------------------------------------------------------------

_STATED = [
    re.compile(rf"{_MON}\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b"),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\.?,?\s+{_YEAR}\b"),
    _ISO,
]
_DATE_LINE_WORDS = re.compile(
    r"(?i)\b(?:published|updated|posted|last|first|modified|date|on|at|time|am|pm|a\.m|p\.m|"
    + weekday_pattern()
    + r")\b\.?"
)


def parse_stated(text: str) -> str | None:
    """ISO date of the first full (day, month, year) date in ``text``."""
    for pattern in _STATED:
        m = pattern.search(text)
        if not m:
            continue
        mon = m.group("mon")
        month = int(mon) if mon.isdigit() else month_number(mon)
        year, day = int(m.group("year")), int(m.group("day"))
        if _valid(year, month, day):
            return dt.date(year, month, day).isoformat()
    return None


def date_line(line: str) -> str | None:
    """ISO date when the whole line is a dateline ("Mar 18, 2025 12:40 PM IST", "Published: 2025-03-18")."""
    if len(line) > 80:
        return None
    for pattern in _STATED:
        m = pattern.search(line)
        if not m:
            continue
        rest = line[: m.start()] + " " + line[m.end() :]
        # What is left may be a time, a time zone and a "Published"/"Updated" label.
        rest = re.sub(r"(?i)\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?", " ", rest)
        rest = re.sub(r"\b(?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*)\b", " ", rest)
        if not _DATE_LINE_WORDS.sub(" ", rest).strip(" ,|:-.()"):
            return parse_stated(line)
    return None


def parse_date_value(value: object) -> str | None:
    """ISO ``YYYY-MM-DD`` from a record field (ISO 8601, RFC 2822, or free text)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    text = str(value).strip()
    if not text:
        return None
    m = _ISO.search(text)
    if m and _valid(int(m["year"]), int(m["mon"]), int(m["day"])):
        return f"{m['year']}-{m['mon']}-{m['day']}"
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if stated := parse_stated(text):
        return stated
    import dateparser  # slow import: only for odd formats

    parsed = dateparser.parse(text, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date().isoformat() if parsed else None


# --- year evidence ------------------------------------------------------------------------

_NUM = r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_QUAL = r"(?P<q>more than|over|nearly|almost|about|around|roughly|some|less than|under|just over)?\s*"
# "more than three-year full-scale invasion", "three-year war", "in its fourth year"
_N_YEAR = re.compile(rf"(?i)\b{_QUAL}{_NUM}[- ]years?(?:[- ]old|[- ]long)?\s+(?P<event>[^.\n]{{0,60}})")
_NTH_YEAR = re.compile(
    r"(?i)\b(?P<event>[^.\n]{0,80}?)\b(?:in|into|enters|entered|entering)\s+its\s+"
    r"(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+year\b"
)
# "since taking office for a second term less than two months ago": counts from that term's start.
_NTH_TERM = re.compile(
    rf"(?i)\b(?P<ord>second|third|fourth)\s+term\b[^.\n]{{0,30}}?\b{_QUAL}{_NUM}\s+(?P<unit>days?|weeks?|months?|years?)\s+ago"
)
_YEAR_MENTION = re.compile(r"\b(?:19[5-9]\d|20\d{2})\b")


def _number(word: str) -> int | None:
    """ "3", "3rd", "three", "third" -> 3."""
    word = word.lower()
    digits = re.sub(r"(st|nd|rd|th)$", "", word) if word[:1].isdigit() else word
    return int(digits) if digits.isdigit() else words_to_int(word)


def _add(date: dt.date, days: float) -> dt.date:
    return date + dt.timedelta(days=days)


def _duration_window(q: str | None, n: int, unit_days: float) -> tuple[float, float]:
    """Elapsed-time window, in days, that a qualified duration allows."""
    q = (q or "").lower()
    if q in {"more than", "over", "just over"}:
        return n * unit_days, (n + 1) * unit_days
    if q in {"nearly", "almost", "less than", "under"}:
        return max(0.0, (n - 1) * unit_days), n * unit_days
    return (n - 0.5) * unit_days, (n + 1) * unit_days


@dataclass(slots=True)
class YearEvidence:
    """Date windows the text is consistent with; every window must hold."""

    windows: list[list[tuple[dt.date, dt.date]]]  # each entry: a union of intervals
    reasons: list[str]
    min_year: int | None = None

    def allows(self, date: dt.date) -> bool:
        if self.min_year and date.year < self.min_year:
            return False
        return all(any(lo <= date <= hi for lo, hi in union) for union in self.windows)

    @property
    def bounded(self) -> bool:
        """True when the evidence gives a lower bound (an upper one is always 'today')."""
        return bool(self.windows) or self.min_year is not None


def _cited(text: str, start: int, end: int, limit: int = 60) -> str:
    """The matched words as a note quotes them: whole words, long ones shortened with an ellipsis."""
    while end < len(text) and text[end].isalnum():  # patterns may match a word's stem
        end += 1
    words = text[start:end].split()
    cited = " ".join(words)
    while len(cited) > limit and len(words) > 1:
        words.pop()
        cited = " ".join(words) + " …"
    return cited


def _term_start(text: str, at: int, nth: int) -> tuple[str, dt.date] | None:
    """The start of the ``nth`` tenure of the office-holder whose surname is named nearest ``at``."""
    best: tuple[int, str, dt.date] | None = None
    for holder in lexicons.office_holders():
        if len(holder.tenures) < nth:
            continue
        surname = holder.name.split()[-1]
        for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
            if best is None or abs(m.start() - at) < best[0]:
                best = (abs(m.start() - at), holder.name, holder.tenures[nth - 1][0])
    return (best[1], best[2]) if best else None


def year_evidence(text: str, today: dt.date) -> YearEvidence:
    ev = YearEvidence(windows=[[(dt.date(1990, 1, 1), today)]], reasons=[])
    for m in _N_YEAR.finditer(text):
        for anchor in lexicons.anchor_events():
            pattern, start = anchor.pattern, anchor.start
            if pattern.match(m.group("event").lstrip()) or pattern.search(m.group("event")[:40]):
                n = _number(m.group("n")) or 0
                lo, hi = _duration_window(m.group("q"), n, 365.25)
                ev.windows.append([(_add(start, lo), _add(start, hi))])
                ev.reasons.append(f"'{_cited(text, m.start(), m.end())}' counts from {start}")
                break
    for m in _NTH_YEAR.finditer(text):
        n = _number(m.group("ord"))
        for anchor in lexicons.anchor_events():
            pattern, start = anchor.pattern, anchor.start
            if n and pattern.search(m.group("event")):
                ev.windows.append([(_add(start, (n - 1) * 365.25), _add(start, n * 365.25))])
                ev.reasons.append(f"'in its {m.group('ord')} year' counts from {start}")
                break
    for m in _NTH_TERM.finditer(text):
        term = _term_start(text, m.start(), _number(m.group("ord")) or 0)
        if term is None:
            continue
        holder, start = term
        n = _number(m.group("n")) or 0
        unit = {"d": 1.0, "w": 7.0, "m": 30.44, "y": 365.25}[m.group("unit")[0].lower()]
        lo, hi = _duration_window(m.group("q"), n, unit)
        ev.windows.append([(_add(start, lo), _add(start, hi))])
        ev.reasons.append(f"{holder}'s {m.group('ord').lower()} term began {start}")
    for holder in lexicons.office_holders():
        pattern, tenures = holder.pattern, holder.tenures
        for m in pattern.finditer(text):
            if re.search(r"(?i)\b(?:former|ex-|then-|late)\s*$", text[max(0, m.start() - 12) : m.start()]):
                continue
            ev.windows.append([(start, end or today) for start, end in tenures])
            ev.reasons.append(f"'{_cited(text, m.start(), m.end())}' in office")
            break
    years = [int(y) for y in _YEAR_MENTION.findall(text) if int(y) <= today.year]
    # A text that mentions a past year was written in or after it (never before).
    if years:
        ev.min_year = max(years)
    if len(ev.windows) == 1 and not years:
        ev.windows = []  # only "today": no lower bound at all
    return ev


def candidate_dates(ref: DateRef, ev: YearEvidence, today: dt.date) -> list[dt.date]:
    """Dates the month-day can be, given the year evidence (all years up to today)."""
    if ref.year:
        return [dt.date(ref.year, ref.month, ref.day)] if _valid(ref.year, ref.month, ref.day) else []
    out = []
    for year in range(1990, today.year + 1):
        if not _valid(year, ref.month, ref.day):
            continue
        date = dt.date(year, ref.month, ref.day)
        if date > today or (ref.weekday is not None and date.weekday() != ref.weekday):
            continue
        if ev.allows(date):
            out.append(date)
    return out


def latest_ref(refs: Sequence[DateRef]) -> DateRef | None:
    """The latest month-day the text reports; future-tense mentions only as a last resort."""
    past = [r for r in refs if not r.future] or list(refs)
    if not past:
        return None
    # Explicit years order the refs; year-less ones compare by month-day (same year assumed).
    return max(
        past, key=lambda r: (r.year or 0, r.month, r.day) if any(x.year for x in past) else (r.month, r.day)
    )


def infer_from_text(text: str, today: dt.date | None = None) -> tuple[str | None, list[str]]:
    """(ISO date, notes): the latest reported month-day whose year the evidence pins."""
    today = today or dt.date.today()
    refs = month_day_refs(text)
    ref = latest_ref(refs)
    if ref is None:
        return None, []
    ev = year_evidence(text, today)
    if ref.year is None:
        # Another ref with an explicit year and the same or an earlier month-day pins the year.
        years = {r.year for r in refs if r.year and (r.month, r.day) <= (ref.month, ref.day)}
        if len(years) == 1:
            ref = DateRef(ref.month, ref.day, years.pop(), ref.weekday, ref.start, ref.future)
    # Weekday + month-day pairs elsewhere in the text narrow the years too.
    dated = [r for r in refs if r.weekday is not None and r.year is None]
    if ref.year is None and not ev.bounded and not dated:
        return None, [f"no year evidence for {_md(ref)}"]
    options = candidate_dates(ref, ev, today)
    for other in dated:
        years = {d.year for d in candidate_dates(other, ev, today)}
        options = [d for d in options if d.year in years]
    if ref.year is None and not ev.bounded:
        return None, [f"no year evidence for {_md(ref)}"]
    if len(options) == 1:
        return options[0].isoformat(), [
            f"publication date inferred from '{_md(ref)}' ({'; '.join(ev.reasons[:3])})"
        ]
    if not options:
        return None, [f"year evidence conflicts for {_md(ref)}"]
    return None, [f"year of {_md(ref)} ambiguous: {', '.join(str(d.year) for d in options[:5])}"]


def _md(ref: DateRef) -> str:
    return dt.date(2000, ref.month, ref.day).strftime("%B %-d") + (f", {ref.year}" if ref.year else "")


# --- corpus step: neighbours --------------------------------------------------------------

# Capitalised words that say nothing about which events an article reports.
_COMMON_CAPS = {
    *(m.capitalize() for m in MONTHS),
    *(d.capitalize() for d in WEEKDAYS),
    *[
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "As",
        "But",
        "And",
        "Or",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "President",
        "Minister",
        "Secretary",
        "Prime",
        "State",
        "Foreign",
        "Affairs",
        "Office",
        "House",
        "Officials",
        "Official",
        "According",
        "After",
        "Before",
        "While",
        "When",
        "Where",
        "What",
        "Who",
        "Why",
        "How",
        "Since",
        "Meanwhile",
        "However",
        "Also",
        "Earlier",
        "Later",
        "Some",
        "Many",
        "More",
        "Most",
        "Other",
        "Such",
        "There",
        "Here",
        "If",
        "Asked",
        "Speaking",
        "Read",
        "Said",
        "Says",
        "Today",
    ],
}
_TOKEN = re.compile(r"\b(?:[A-Z][\w’'-]+|\d+-(?:day|hour|week|month|point)|\d{2,})\b")


_SIG_CACHE: dict[tuple[str, str], Counter[str]] = {}
_SIG_CACHE_MAX = 100_000


def _signature(article: Article) -> Counter[str]:
    # Cached by content: the pipeline passes the same stored articles for every batch.
    key = (article.content_hash, article.title or "")
    if (cached := _SIG_CACHE.get(key)) is not None:
        return cached
    if len(_SIG_CACHE) >= _SIG_CACHE_MAX:
        _SIG_CACHE.clear()
    text = " ".join(filter(None, [article.title, article.text]))
    toks: Counter[str] = Counter()
    for m in _TOKEN.finditer(text):
        tok = re.sub(r"[’']s$", "", m.group(0))
        if tok in _COMMON_CAPS or len(tok) < 2:
            continue
        toks[tok.lower()] += 1
    _SIG_CACHE[key] = toks
    return toks


def _full_date(value: str | None) -> dt.date | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def infer_from_neighbours(
    undated: Sequence[Article],
    context: Sequence[Article],
    *,
    max_days: int = 4,
    min_similarity: float = 0.12,
    today: dt.date | None = None,
) -> dict[str, tuple[str, str]]:
    """Article id -> (ISO date, "inferred") for undated articles whose month-day
    references a dated neighbour reporting the same events pins to a year.

    Similarity is idf-weighted overlap of capitalised words and numbers
    (names, places, "30-day"); the undated article's latest month-day must fall
    within ``max_days`` of the neighbour's date in the chosen year.
    """
    today = today or dt.date.today()
    dated = [(a, d) for a in context if (d := _full_date(a.published)) is not None]
    if not undated or not dated:
        return {}
    sigs = {id(a): _signature(a) for a in [*undated, *(a for a, _ in dated)]}
    df: Counter[str] = Counter()
    for sig in sigs.values():
        df.update(sig.keys())
    n_docs = len(sigs)

    def idf(tok: str) -> float:
        return math.log((n_docs + 1) / (df[tok] + 0.5))

    out: dict[str, tuple[str, str]] = {}
    for article in undated:
        if _full_date(article.published):
            continue
        refs = month_day_refs(article.text)
        ref = latest_ref(refs)
        if ref is None:
            continue
        ev = year_evidence(article.text, today)
        sig = sigs[id(article)]
        own_weight = sum(idf(t) for t in sig) or 1.0
        votes: dict[int, float] = defaultdict(float)
        for other, when in dated:
            # Cheap date filter first: the month-day must be near the neighbour's date.
            if other.id == article.id or not _near_month_day(ref, when, max_days):
                continue
            other_sig = sigs[id(other)]
            shared = sum(idf(t) for t in sig.keys() & other_sig.keys())
            other_weight = sum(idf(t) for t in other_sig) or 1.0
            similarity = shared / min(own_weight, other_weight)
            if similarity < min_similarity:
                continue
            for year in (when.year - 1, when.year, when.year + 1):
                if not _valid(year, ref.month, ref.day):
                    continue
                date = dt.date(year, ref.month, ref.day)
                if ref.year and year != ref.year:
                    continue
                if (
                    abs((date - when).days) <= max_days
                    and date <= today
                    and (not ev.bounded or ev.allows(date))
                ):
                    votes[year] += similarity
        if votes:
            year = max(votes, key=lambda y: votes[y])
            out[article.id] = (dt.date(year, ref.month, ref.day).isoformat(), "inferred")
    return out


def _near_month_day(ref: DateRef, when: dt.date, max_days: int) -> bool:
    for year in (when.year - 1, when.year, when.year + 1):
        if (
            _valid(year, ref.month, ref.day)
            and abs((dt.date(year, ref.month, ref.day) - when).days) <= max_days
        ):
            return True
    return False


def apply_neighbour_dates(articles: Iterable[Article], stored_dated: Sequence[Article]) -> list[Article]:
    """Date the batch's undated articles from the batch's dated ones plus stored ones.

    Returns the articles that got a date. Used by ``pipeline.ingest`` right after cleaning.
    """
    batch = list(articles)
    undated = [a for a in batch if not a.published]
    if not undated:
        return []
    context = [a for a in batch if a.published] + list(stored_dated)
    found = infer_from_neighbours(undated, context)
    changed = []
    for article in undated:
        if article.id in found:
            article.published, article.published_basis = found[article.id]
            article.notes = [n for n in article.notes if not n.startswith("no publication date")]
            article.notes.append(
                f"publication date {article.published} inferred from dated articles on the same events"
            )
            changed.append(article)
    return changed
