"""Month, weekday and number words, and ISO day parsing, shared by publication-date inference
(``sitrep.clean``), time normalisation (``sitrep.extract.times``), quotes and the linkers. Pure Python, no spaCy: cleaning runs
without a parse. English names are spelled out, not read from ``calendar``, whose names follow
the process locale."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Full names and three-letter abbreviations -> 1..12 and 0 (Monday)..6
MONTHS: dict[str, int] = {n: i for i, m in enumerate(MONTH_NAMES, 1) for n in (m, m[:3])} | {"sept": 9}
WEEKDAYS: dict[str, int] = {n: i for i, d in enumerate(WEEKDAY_NAMES) for n in (d, d[:3])} | {
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}


def _alternation(words: Iterable[str], capitalised: bool) -> str:
    forms = sorted({w.capitalize() if capitalised else w for w in words}, key=lambda w: (-len(w), w))
    return "|".join(forms)


def month_pattern(*, capitalised: bool = False, dotted: bool = True) -> str:
    """Month names and their abbreviations as a regex alternation, longest first ("June" before
    "Jun"); with ``dotted`` an abbreviation may end in a dot ("Mar."). ``capitalised`` matches the
    capitalised forms only (for case-sensitive patterns, where "may" is not a month)."""
    full = _alternation(MONTH_NAMES, capitalised)
    short = _alternation((k for k in MONTHS if k not in MONTH_NAMES), capitalised)
    dot = r"\.?" if dotted else ""
    return f"(?:{full}|(?:{short}){dot})"


def weekday_pattern(*, capitalised: bool = False, abbreviated: bool = True) -> str:
    """Weekday names (and, with ``abbreviated``, "Tue", "Thurs." and the like) as a regex alternation."""
    full = _alternation(WEEKDAY_NAMES, capitalised)
    if not abbreviated:
        return f"(?:{full})"
    short = _alternation((k for k in WEEKDAYS if k not in WEEKDAY_NAMES), capitalised)
    return rf"(?:{full}|(?:{short})\.?)"


def month_number(word: str) -> int:
    """1..12 for a month name or abbreviation, with or without a dot ("Sept." -> 9)."""
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTHS[word[:3]]


ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Number words inside dates: "twenty second of June", "nineteen seventy eight",
# "two thousand and ten". Why not a library: text2num / word2number read cardinals
# ("two thousand and ten") but not the spoken pair form of years ("nineteen
# seventy eight" -> 19 78) nor low ordinals ("first", "second"), and we need the
# vocabulary as regexes anyway to find spans; the arithmetic is a few lines.
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}


def _word_value(word: str) -> int | None:
    if word in ONES:
        return ONES[word]
    if word in TENS:
        return TENS[word]
    if word in ORDINALS:
        return ORDINALS[word]
    if word == "oh":
        return 0
    return None


def words_to_int(text: str) -> int | None:
    """English number words to an int: cardinals, ordinals and spoken years.

    "twenty-second" -> 22, "two thousand and ten" -> 2010, "seventeen hundred
    thirty three" -> 1733, "nineteen seventy eight" -> 1978 (the pair form of a
    year: two groups of at most two digits), "nineteen oh five" -> 1905.
    """
    words = [w for w in re.split(r"[\s,-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    if "thousand" in words or "hundred" in words:
        total = current = 0
        for w in words:
            if w == "thousand":
                total += max(current, 1) * 1000
                current = 0
            elif w == "hundred":
                current = max(current, 1) * 100
            else:
                v = _word_value(w)
                if v is None:
                    return None
                current += v
        return total + current
    groups: list[int] = []
    previous: int | None = None
    for w in words:
        v = _word_value(w)
        if v is None:
            return None
        # a unit after a bare tens word joins it ("seventy eight"); anything else starts a group
        if previous is not None and previous >= 20 and previous % 10 == 0 and 0 < v < 10 and groups:
            groups[-1] += v
            previous = None
            continue
        if w in ("oh", "zero") and groups:
            groups.append(0)
            previous = 0
            continue
        if groups and groups[-1] == 0 and len(groups) >= 2 and v < 10:
            groups[-1] = v
            previous = None
            continue
        groups.append(v)
        previous = v
    if len(groups) == 1:
        return groups[0]
    if len(groups) == 2 and 10 <= groups[0] <= 99 and groups[1] <= 99:
        return groups[0] * 100 + groups[1]
    return None


def iso_day(value: dt.date | str | None) -> dt.date | None:
    """The day an ISO date or timestamp names ("2025-03-12", "2025-03-12T09:30:00Z"), else None."""
    if value is None or isinstance(value, dt.date):
        return value
    if len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
