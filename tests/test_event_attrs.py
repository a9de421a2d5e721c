"""Event attributes on real text: the date and place an event's syntax gives it, and fusion across articles.

Dates and places are read from the seed and VOA articles, parsed and resolved by
the real pipeline stages (sitrep.nlp, extract_times, extract_places); the
trigger is the word an event coder would code. Fusion tests build Event records
directly over spans of the seed articles.
"""

from __future__ import annotations

import functools
import json
import random
import time
from dataclasses import replace
from pathlib import Path

from spacy.tokens import Doc, Token

from sitrep import nlp
from sitrep.extract.events.when import event_date
from sitrep.extract.events.where import event_place
from sitrep.extract.places import extract_places
from sitrep.extract.times import extract_times
from sitrep.link.events import fuse_events
from sitrep.records import ActorRef, Article, Event, PlaceMention, Span, TimeMention

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
# The seeds' publication days, as the cleaning stage finds them (tests/test_clean.py).
SEED_DAYS = {
    "000": "2025-03-12",
    "001": "2025-03-13",
    "002": "2025-03-18",
    "003": "2025-03-14",
    "004": "2025-03-12",
}
VOA_KEYS = ("8005899",)


@functools.cache
def article(key: str) -> Article:
    """A seed by its number ("000") or a VOA story by its id ("8005899")."""
    if key in SEED_DAYS:
        path = next((CORPUS / "seeds").glob(f"{key}_*.txt"))
        text = path.read_text(encoding="utf-8")
        return Article(id=path.stem, source=str(path), text=text, content_hash=key, published=SEED_DAYS[key])
    for line in (CORPUS / "voa" / "voa_ceasefire_talks.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if d["id"] == key:
            return Article(
                id=d["id"],
                source="voa",
                text=d["text"],
                content_hash=key,
                outlet="VOA",
                published=d["published"][:10],
            )
    raise KeyError(key)


@functools.cache
def analysed(key: str) -> tuple[Doc, tuple[TimeMention, ...], tuple[PlaceMention, ...]]:
    a = article(key)
    doc = nlp.load()(a.text)
    return doc, tuple(extract_times(a, doc)), tuple(extract_places(a, doc))


def trigger(key: str, context: str, word: str) -> Token:
    """The token ``word`` in the sentence of ``article(key)`` that holds ``context``."""
    doc = analysed(key)[0]
    at = article(key).text.index(context)
    sent = doc.char_span(at, at + len(context), alignment_mode="expand").sent
    return next(t for t in sent if t.text == word)


def date_of(key: str, context: str, word: str) -> tuple[str | None, str | None, bool]:
    return event_date(trigger(key, context, word), analysed(key)[1], article(key).published)


def place_of(key: str, context: str, word: str) -> PlaceMention | None:
    return event_place(trigger(key, context, word), analysed(key)[2])


# --------------------------------------------------------------------------- dates


def test_talks_on_tuesday_in_a_monday_article_are_the_next_day() -> None:
    # VOA, 10 March 2025: "On Tuesday, Rubio will join ... for the Jeddah talks"
    assert date_of("8005899", "On Tuesday, Rubio will join", "talks") == ("2025-03-11", "relative", False)


def test_an_explicit_date_in_the_clause_dates_the_event() -> None:
    # "At a conference in Jeddah on March 11, Kyiv agreed to Trump's request for a 30-day cease-fire"
    assert date_of("003", "At a conference in Jeddah", "agreed") == ("2025-03-11", "explicit", False)
    assert date_of("004", "On March 11, a meeting", "meeting") == ("2025-03-11", "explicit", False)


def test_a_date_of_another_clause_is_not_the_events() -> None:
    # "Two Russian missile strikes hit ... Kryviy Rih on March 12, ..., while a separate attack killed
    # four crew members": March 12 belongs to the strikes; the attack's clause states no date.
    assert date_of("000", "Two Russian missile strikes", "strikes") == ("2025-03-12", "explicit", False)
    assert date_of("000", "a separate attack killed", "attack") == ("2025-03-12", "article", False)


def test_three_year_full_scale_invasion_is_a_background_event_of_february_2022() -> None:
    date, basis, background = date_of("000", "more than three-year full-scale invasion", "invasion")
    assert date is not None and date.startswith("2022-02")
    assert background and basis == "occasion"


def test_a_length_is_not_an_age() -> None:
    # "a 30-day cease-fire" is how long it would last, not when it began
    date, basis, background = date_of("003", "At a conference in Jeddah", "fire")
    assert not background and basis != "relative" and date is not None and date.startswith("2025-03")


def test_a_past_month_makes_a_background_event() -> None:
    # "Ukraine seized a swath of the Kursk region in a stealth incursion in August" (12 March 2025)
    assert date_of("000", "Ukraine seized a swath", "seized") == ("2024-08", "explicit", True)


def test_an_article_without_a_date_dates_nothing() -> None:
    a = article("000")
    undated = replace(a, published=None)
    tok = trigger("000", "a separate attack killed", "attack")
    assert event_date(tok, extract_times(undated, tok.doc), None) == (None, None, False)


# --------------------------------------------------------------------------- places


def test_strikes_on_a_named_city_are_located_there() -> None:
    hit = place_of("000", "Two Russian missile strikes", "strikes")
    assert hit is not None and hit.text == "Kryviy Rih" and hit.country == "UKR"
    odesa = place_of("000", "a separate attack killed", "attack")
    assert odesa is not None and odesa.text == "Odesa"


def test_talks_are_where_the_text_puts_them() -> None:
    for key, context, word in (
        ("8005899", "On Tuesday, Rubio will join", "talks"),
        ("003", "At a conference in Jeddah", "conference"),
        ("004", "On March 11, a meeting", "meeting"),
    ):
        found = place_of(key, context, word)
        assert found is not None and found.name == "Jeddah", (key, found)


def test_kursk_fighting_is_in_the_kursk_region() -> None:
    # "Putin was visiting troops in Russia's Kursk region, where fierce fighting is currently taking place"
    found = place_of("000", "where fierce fighting", "fighting")
    assert found is not None and found.feature == "region" and found.country == "RUS"
    assert "Kursk" in found.text
    withdrew = place_of("002", "Ukrainian troops withdrew", "withdrew")
    assert withdrew is not None and withdrew.text == "Kursk province"


def test_a_place_that_names_an_actor_is_not_the_events_place() -> None:
    # "Russia has escalated its attacks on Ukrainian forces in Russia's Kursk area": Russia is the
    # attacker and the possessor, "Ukrainian" a demonym; the places stage did not find "Kursk area".
    assert place_of("001", "Russia has escalated its attacks", "attacks") is None
    assert place_of("001", "Russia has escalated its attacks", "escalated") is None


def test_a_dateline_places_the_first_event() -> None:
    text = "KYIV, Ukraine (AP) — Russian drones struck an apartment block overnight, officials said."
    a = Article(id="dl", source="t", text=text, content_hash="dl", published="2025-03-12")
    doc = nlp.load()(text)
    places = extract_places(a, doc)
    found = event_place(next(t for t in doc if t.text == "struck"), places)
    assert found is not None and found.name == "Kyiv"


# --------------------------------------------------------------------------- fusion


def event(key: str | Article, phrase: str, etype: str, actor: str | None, target: str | None,
          date: str | None, basis: str = "explicit", **fields: object) -> Event:  # fmt: skip
    a = article(key) if isinstance(key, str) else key
    start = a.text.index(phrase)
    return Event(
        id=f"{a.id}:{start}",
        article_id=a.id,
        start=start,
        end=start + len(phrase),
        type=etype,
        trigger=Span(start, start + len(phrase), phrase),
        actor=ActorRef(actor, country=actor) if actor else None,
        target=ActorRef(target, country=target) if target else None,
        date=date,
        date_basis=basis,
        **fields,  # type: ignore[arg-type]
    )


def jeddah_talks() -> list[Event]:
    jeddah = {"lat": 21.54, "lon": 39.17}
    return [
        event("003", "At a conference in Jeddah", "CONSULT", "UKR", "USA", "2025-03-11", **jeddah),
        event(
            "004",
            "a meeting between Ukrainian and American delegations",
            "CONSULT",
            "USA",
            "UKR",
            "2025-03-11",
            **jeddah,
        ),  # fmt: skip
        event("8005899", "for the Jeddah talks", "CONSULT", "USA", "UKR", "2025-03-11", "relative", **jeddah),
        event("000", "following the Jeddah talks", "CONSULT", "USA", None, "2025-03-12", "article"),
    ]


def articles(*events: Event, **changes: dict[str, object]) -> dict[str, Article]:
    """The articles the events are in, with ``changes`` (article id -> field values) applied."""
    known = {a.id: a for a in map(article, (*SEED_DAYS, *VOA_KEYS))}
    out = {e.article_id: known[e.article_id] for e in events}
    for aid, values in changes.items():
        out[aid] = replace(out[aid], **values)  # type: ignore[arg-type]
    return out


def test_mentions_of_one_event_in_different_articles_fuse() -> None:
    talks = jeddah_talks()
    fused, mapping = fuse_events(talks, articles(*talks))
    assert len(fused) == 1
    one = fused[0]
    assert one.type == "CONSULT" and one.date == "2025-03-11"
    assert {m.article_id for m in one.mentions} == {e.article_id for e in talks}
    assert one.independent_sources == 4 and set(mapping) == {e.id for e in talks}
    assert one.lat == 21.54


def test_a_copy_counts_once() -> None:
    talks = jeddah_talks()[:2]
    original, copy = talks[0].article_id, talks[1].article_id
    arts = articles(*talks, **{copy: {"copy_of": original, "copy_relation": "paraphrase"}})
    fused, _ = fuse_events(talks, arts)
    assert len(fused) == 1 and len(fused[0].mentions) == 2
    assert fused[0].independent_sources == 1


def test_different_types_or_countries_or_days_do_not_fuse() -> None:
    talks = jeddah_talks()[:2]
    agree = event("003", "Kyiv agreed to Trump", "AGREE", "UKR", "USA", "2025-03-11")
    other = event(
        "8005899", "held talks with Russian officials in Riyadh", "CONSULT", "USA", "RUS", "2025-02-18"
    )
    fused, mapping = fuse_events([*talks, agree, other], articles(*talks, agree, other))
    assert len(fused) == 3
    assert mapping[talks[0].id] == mapping[talks[1].id] != mapping[agree.id] != mapping[other.id]


def test_a_mention_naming_only_the_actor_and_one_naming_only_the_target_do_not_fuse() -> None:
    # seed 002: "as he pushes for a deal" (an American, no target); seed 003: someone "urged Russia
    # to spare the lives of" (no actor). Fused, they made a request of Russia by the American
    # that neither source reports.
    pushes = event("002", "as he pushes for a deal", "REQUEST", "USA", None, "2025-03-14", "article")
    urged = event(
        "003", "urged Russia to spare the lives of", "REQUEST", None, "RUS", "2025-03-14", "article"
    )
    both = event(
        "000", "urged his troops to retake the regio", "REQUEST", "USA", "RUS", "2025-03-14", "article"
    )
    fused, mapping = fuse_events([pushes, urged], articles(pushes, urged))
    assert len(fused) == 2 and mapping[pushes.id] != mapping[urged.id]
    fused, mapping = fuse_events([pushes, both, urged], articles(pushes, both, urged))
    assert len(fused) == 1  # a mention naming both sides joins each half to it


def test_fatalities_disagreeing_keep_a_range_and_the_lowest_count() -> None:
    kryvyi = {"lat": 47.91, "lon": 33.39, "mode": "missile"}
    a = event("000", "Two Russian missile strikes hit", "ASSAULT", "RUS", "UKR", "2025-03-12", fatalities=1,
              **kryvyi)  # fmt: skip
    # a later report of the same strikes by another outlet, with a higher toll
    seed = article("000")
    update = replace(
        seed, id="000-update", outlet="Other", text=seed.text.replace("killing one person", "killing two")
    )
    b = event(update, "Two Russian missile strikes hit", "ASSAULT", "RUS", "UKR", "2025-03-12", fatalities=2,
              **kryvyi)  # fmt: skip
    far = event(
        "001", "Russia has escalated its attacks", "ASSAULT", "RUS", "UKR", "2025-03-12", lat=51.73, lon=36.19
    )  # fmt: skip  (Kursk: the same day, another place)
    fused, mapping = fuse_events([a, b, far], {**articles(a, far), update.id: update})
    assert mapping[a.id] == mapping[b.id] != mapping[far.id]
    strikes = next(f for f in fused if f.id == mapping[a.id])
    assert strikes.fatalities == 1 and strikes.fatalities_range == [1, 2] and strikes.mode == "missile"


def test_background_events_fuse_and_keep_their_own_dates() -> None:
    invasion = [
        event("000", "full-scale invasion of Ukraine", "ASSAULT", "RUS", "UKR", "2022-02-24", "occasion"),
        event("003", "Russia", "ASSAULT", "RUS", "UKR", "2022", "explicit"),
    ]
    today = event("001", "Russia has escalated its attacks", "ASSAULT", "RUS", "UKR", "2025-03-13", "article")
    fused, mapping = fuse_events([*invasion, today], articles(*invasion, today))
    assert mapping[invasion[0].id] == mapping[invasion[1].id] != mapping[today.id]
    assert next(f for f in fused if f.id == mapping[invasion[0].id]).date == "2022-02-24"


def test_fused_ids_do_not_depend_on_input_order() -> None:
    talks = [*jeddah_talks(), event("003", "Kyiv agreed to Trump", "AGREE", "UKR", "USA", "2025-03-11")]
    arts = articles(*talks)
    first, _ = fuse_events(talks, arts)
    shuffled = talks[:]
    random.Random(3).shuffle(shuffled)
    again, _ = fuse_events(shuffled, arts)
    assert [f.id for f in first] == [f.id for f in again]
    assert [f.mentions for f in first] == [f.mentions for f in again]


def test_a_run_on_sentence_of_hundreds_of_dates_and_places_is_read_in_bounded_time() -> None:
    text = "Russian strikes hit Kyiv on March 3 and " + " and ".join(
        f"{i} shells fell in Kharkiv on March {i % 28 + 1}" for i in range(400)
    )
    a = Article(id="runon", source="t", text=text + ".", content_hash="runon", published="2025-03-12")
    doc = nlp.load()(a.text)
    times, places = extract_times(a, doc), extract_places(a, doc)
    started = time.process_time()
    triggers = [t for t in doc if t.lemma_ in ("hit", "fall")]
    found = [(event_date(t, times, a.published), event_place(t, places)) for t in triggers]
    assert time.process_time() - started < 20  # about 0.2 s; quadratic work took 30 times longer
    assert found[0][0] == ("2025-03-03", "explicit", False) and found[0][1] and found[0][1].name == "Kyiv"
    assert all(p is not None and p.name == "Kharkiv" for _, p in found[1:])
