"""Time expressions: the seed articles and one unit case per expression kind."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sitrep import nlp, pipeline
from sitrep.extract.times import resolve_times
from sitrep.records import TimeMention, to_dict
from sitrep.store import open_store

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "seeds"
MAR12 = dt.date(2025, 3, 12)  # a Wednesday
MAR18 = dt.date(2025, 3, 18)  # a Tuesday


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def find(mentions: list[TimeMention], text: str, after: str = "") -> TimeMention:
    for m in mentions:
        if m.text == text:
            return m
    raise AssertionError(f"{text!r} not found in {[m.text for m in mentions]}")


def one(text: str, anchor: dt.date | None = MAR12, *, parse: bool = True) -> TimeMention:
    doc = nlp.load()(text) if parse else None
    found = resolve_times(text, anchor, doc=doc)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start : m.end] == m.text
    return m


def near(mentions: list[TimeMention], text: str, context: str) -> TimeMention:
    """The mention of ``text`` inside the first occurrence of ``context``."""
    base = next(
        m for m in mentions if m.text == text and context in _texts[id(mentions)][m.start - 60 : m.end + 60]
    )
    return base


_texts: dict[int, str] = {}


def resolved(prefix: str, anchor: dt.date) -> list[TimeMention]:
    text = seed(prefix)
    doc = nlp.load()(text)
    out = resolve_times(text, anchor, doc=doc)
    _texts[id(out)] = text
    for m in out:
        assert text[m.start : m.end] == m.text
        assert m.anchor == anchor.isoformat()
    return out


def test_seed_002_weekdays_follow_tense() -> None:
    ms = resolved("002", MAR18)
    # the span is the expression: a leading preposition ("On Monday") stays outside it
    assert near(ms, "Monday", "foreign-ministry official said").value == "2025-03-17"
    assert near(ms, "Tuesday", "planned for Tuesday").value == "2025-03-18"
    assert find(ms, "30-day").value == "P30D"
    assert find(ms, "30-day").type == "duration"
    assert find(ms, "earlier this month").value == "2025-03"
    assert find(ms, "last month").value == "2025-02"


def test_seed_000_month_without_year_is_last_august() -> None:
    ms = resolved("000", MAR12)
    assert near(ms, "August", "stealth incursion").value == "2024-08"
    assert find(ms, "March 12").value == "2025-03-12"
    assert find(ms, "less than two months ago").value == "2025-01"
    assert find(ms, "a day after").value == "P1D"
    m = next(m for m in ms if "three-year" in m.text)
    assert (m.value, m.type) == ("P3Y", "duration")


@pytest.mark.parametrize(
    ("text", "anchor", "value", "kind"),
    [
        ("Talks began on March 12.", MAR18, "2025-03-12", "date"),
        ("The WSJ story of Mar 18, 2025 was reprinted.", MAR12, "2025-03-18", "date"),
        ("Troops arrived on 12 March.", MAR18, "2025-03-12", "date"),
        ("Russia invaded in February 2022.", MAR12, "2022-02", "date"),
        ("They met yesterday.", MAR12, "2025-03-11", "date"),
        ("He visited Moscow last week.", MAR12, "2025-W10", "date"),
        ("She said so earlier this month.", MAR12, "2025-03", "date"),
        ("The offensive started last August.", MAR12, "2024-08", "date"),
        ("The front moved in late 2022.", MAR12, "2022", "date"),
        # "N units ago" is the exact day (a timeline needs the day); an approximate
        # amount keeps the unit's granularity rather than invent a day.
        ("He took office two months ago.", MAR12, "2025-01-12", "date"),
        ("He took office about two months ago.", MAR12, "2025-01", "date"),
        ("The talks will resume in two weeks.", MAR12, "2025-03-26", "date"),
        ("A 30-day ceasefire was proposed.", MAR12, "P30D", "duration"),
        ("The siege lasted seven months.", MAR12, "P7M", "duration"),
        ("The war has gone on for more than three years.", MAR12, "P3Y", "duration"),
        ("Talks lasted nine hours.", MAR12, "PT9H", "duration"),
        ("Drones attack the city every night.", MAR12, "P1D", "set"),
        ("The strike came at 5 p.m. local time.", MAR12, "T17:00", "time"),
        ("The deal was signed on 2025-03-11.", MAR18, "2025-03-11", "date"),
        ("Fighting has raged since 2014.", MAR12, "2014", "date"),
    ],
)
def test_expression_kinds(text: str, anchor: dt.date, value: str, kind: str) -> None:
    m = one(text, anchor)
    assert (m.value, m.type) == (value, kind), m


def test_weekday_direction_from_tense() -> None:
    # Wednesday 12 March: the past Monday is the 10th, the coming Friday the 14th.
    assert one("Zelensky spoke on Monday.").value == "2025-03-10"
    assert one("Zelensky will speak on Friday.").value == "2025-03-14"
    assert one("A meeting is scheduled for Friday.").value == "2025-03-14"
    assert one("Putin met Witkoff on Friday.").value == "2025-03-07"
    # Without a parse the lexical cue decides.
    assert one("The call planned for Friday matters.", parse=False).value == "2025-03-14"
    assert one("The call on Friday mattered.", parse=False).value == "2025-03-07"


def test_a_hope_looks_ahead_even_when_the_lemmatizer_misreads_it() -> None:
    # spaCy lemmatises "hopes" as "hop": the talks of "hopes to resolve ... during talks Tuesday"
    # are the coming Tuesday (VOA, Monday 10 March 2025: the Jeddah talks of 11 March).
    text = "The United States hopes to resolve the pause in aid to Ukraine during talks Tuesday with Ukrainian officials."
    assert one(text, dt.date(2025, 3, 10)).value == "2025-03-11"


def test_month_and_date_without_year_follow_tense() -> None:
    assert one("The summit will take place in June.").value == "2025-06"
    assert one("The summit took place in June.").value == "2024-06"
    assert one("Elections are due on May 20.").value == "2025-05-20"


def test_no_anchor_gives_null_for_relative_but_keeps_absolute() -> None:
    assert one("They met yesterday.", None).value is None
    m = one("They met on March 12, 2025.", None)
    assert m.value == "2025-03-12" and m.anchor is None


def test_no_false_dates_in_ordinary_words() -> None:
    text = "Trump may sign a second deal. He said it would take a second."
    values = [(m.text, m.value) for m in resolve_times(text, MAR12)]
    assert ("may", None) not in values
    assert all(
        m.text != "a second" or "deal" not in text[m.end : m.end + 6] for m in resolve_times(text, MAR12)
    )


def test_pipeline_exports_times(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    report = pipeline.ingest([SEEDS / next(SEEDS.glob("002_*")).name], store, workers=1)
    assert report.added
    rows = [to_dict(r) for r in store.records("times")]
    assert rows and all(
        {"article_id", "start", "end", "text", "value", "type", "anchor"} <= set(r) for r in rows
    )
    article = next(store.articles())
    for r in rows:
        assert article.text[r["start"] : r["end"]] == r["text"]
    if article.published:
        assert any(r["value"] and r["value"].startswith("2025-03") for r in rows), json.dumps(rows)[:500]


SUN = dt.date(2025, 3, 16)  # a Sunday


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        # number words: days and years
        ("The referendum was held on the twenty second of June.", MAR12, "2024-06-22"),
        ("Kyiv was first shelled on May twenty-first, two thousand and fourteen.", MAR12, "2014-05-21"),
        ("The treaty was signed on January first nineteen ninety four.", MAR12, "1994-01-01"),
        ("The city was founded in seventeen hundred thirty three.", MAR12, "1733"),
        ("The base has been leased since two thousand and ten.", MAR12, "2010"),
        # numeric layouts
        ("The order is dated 21-04-2016.", MAR12, "2016-04-21"),
        ("Troops crossed the border on 3/7.", MAR12, "2025-03-07"),
        ("The memo of 2015/08/12 was leaked.", MAR12, "2015-08-12"),
        ("A draft from 05/05/89 resurfaced.", MAR12, "1989-05-05"),
        ("Sanctions were renewed in 11/2016.", MAR12, "2016-11"),
        ("The report is dated 05-Aug-2016.", MAR12, "2016-08-05"),
        # ordinal weekday of a month, weekday with its day, week numbers
        ("Elections will be held on the second Sunday of May.", MAR12, "2025-05-11"),
        ("The last Friday of the month saw heavy shelling.", MAR12, "2025-03-28"),
        ("Talks resumed on Friday the 7th.", MAR12, "2025-03-07"),
        ("The offensive began in the third week of 2023.", MAR12, "2023-W03"),
        ("The convoy left in week 10.", MAR12, "2025-W10"),
        ("Shipments resume the week after next.", MAR12, "2025-W13"),
        ("Both sides will meet the week of April 10th.", MAR12, "2025-W15"),
        ("Deliveries are due next week Mon.", MAR12, "2025-03-17"),
        ("A summit is planned for the 15th day of next month.", MAR12, "2025-04-15"),
        # offsets: exact day, compound, from a named day
        ("The brigade withdrew 1 month and 21 days ago.", MAR12, "2025-01-22"),
        ("The strike came two days after February 24, 2022.", MAR12, "2022-02-26"),
        # holidays
        ("Moscow declared a truce for Orthodox Easter 2025.", MAR12, "2025-04-20"),
        ("Shelling continued over Christmas.", MAR12, "2024-12-25"),
        ("Kyiv hopes for a ceasefire by next Christmas.", MAR12, "2025-12-25"),
        # a leap day without a year: the nearest leap year in the tense's direction
        ("The decree was signed on 2/29.", MAR12, "2024-02-29"),
    ],
)
def test_new_date_rules(text: str, anchor: dt.date, value: str) -> None:
    m = one(text, anchor)
    assert (m.value, m.type) == (value, "date"), m


def test_years_listed_after_a_year() -> None:
    found = resolve_times("Mobilisation waves came in 2014 and 2022.", MAR12)
    assert [m.value for m in found] == ["2014", "2022"]


def test_no_dates_in_money_fractions_or_counts() -> None:
    text = "He paid $12 December 27 bills. A 1/3 share. In March two brigades attacked."
    values = {m.text: m.value for m in resolve_times(text, MAR12)}
    assert "12 December" not in values
    assert "1/3" not in values
    assert values.get("March") == "2025-03"  # "March two" is not March 2


def test_week_of_the_anchor_sunday_is_iso() -> None:
    # ISO weeks start on Monday: Sunday 16 March 2025 is in W11, "next week" is W12.
    assert one("They will meet next week.", SUN).value == "2025-W12"


def test_hostile_input_is_fast() -> None:
    import time

    t0 = time.perf_counter()
    resolve_times("two days " * 5000 + "May" + " " * 20000 + "1/" * 5000, MAR12)
    assert time.perf_counter() - t0 < 2.0


def test_calendar_patterns_are_built_from_the_one_list_of_names() -> None:
    # times, cleaning and quote dating share these patterns instead of spelling months out each.
    from sitrep.calendar_words import month_number, month_pattern, weekday_pattern

    months = re.compile(rf"\b{month_pattern()}(?!\w)", re.I)
    assert [m.group() for m in months.finditer("Sept. 9, June 3, jun 4, May 5, Marching")] == [
        "Sept.",
        "June",
        "jun",
        "May",
    ]
    assert not re.fullmatch(month_pattern(capitalised=True), "may")
    assert re.fullmatch(weekday_pattern(), "Thurs.", re.I) and not re.fullmatch(
        weekday_pattern(abbreviated=False), "thu"
    )
    assert [month_number(w) for w in ("Sept.", "sep", "March", "dec")] == [9, 9, 3, 12]
