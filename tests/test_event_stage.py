"""Events in the pipeline: the seeds analysed by the real stages into a store, then read back.

The ``events`` article stage and the ``fused_events`` corpus stage write their tables; the
exports, the query layer (and so the API) and ``sitrep events`` read them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.query import Query, filters_of
from sitrep.records import Event, FusedEvent
from sitrep.store import SQLStore

CONTRACT_EVENT = {
    "id", "article_id", "start", "end", "type", "mode", "trigger", "actor", "target", "status",
    "reporter", "date", "date_basis", "place_id", "lat", "lon", "fatalities", "injured", "event_id",
}  # fmt: skip
CONTRACT_FUSED = {
    "id", "type", "mode", "actor", "target", "date", "place_id", "lat", "lon", "fatalities",
    "fatalities_range", "status", "mentions", "sources", "independent_sources",
}  # fmt: skip
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def events(seeds_store: SQLStore) -> list[Event]:
    return list(seeds_store.records("events"))


@pytest.fixture(scope="module")
def fused(seeds_store: SQLStore) -> dict[str, FusedEvent]:
    return {f.id: f for f in seeds_store.records("fused_events")}


@pytest.fixture(scope="module")
def texts(seeds_store: SQLStore) -> dict[str, str]:
    return {a.id: a.text for a in seeds_store.articles()}


def test_every_event_belongs_to_one_fused_event_that_cites_it(events, fused) -> None:
    assert len(events) > 50
    for ev in events:
        assert ev.event_id in fused
        f = fused[ev.event_id]
        assert any(m.article_id == ev.article_id and m.start == ev.start for m in f.mentions)
        assert f.type == ev.type
    assert sum(len(f.mentions) for f in fused.values()) == len(events)


def test_events_cite_their_sentence_and_their_place(events, texts, seeds_store: SQLStore) -> None:
    places = {p.id: p for p in seeds_store.records("places")}
    for ev in events:
        text = texts[ev.article_id]
        assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text
        assert ev.start <= ev.trigger.start < ev.trigger.end <= ev.end
        if ev.place_id is not None:
            assert places[ev.place_id].article_id == ev.article_id
            assert (ev.lat, ev.lon) == (places[ev.place_id].lat, places[ev.place_id].lon)
    assert any(ev.place_id for ev in events)
    assert any(ev.date_basis == "explicit" for ev in events)


def test_exports_follow_the_contract(example_out: Path) -> None:
    events = [json.loads(line) for line in (example_out / "events.jsonl").read_text("utf-8").splitlines()]
    fused = [
        json.loads(line) for line in (example_out / "fused_events.jsonl").read_text("utf-8").splitlines()
    ]
    assert events and fused
    assert set(events[0]) >= CONTRACT_EVENT and set(fused[0]) >= CONTRACT_FUSED
    ids = {f["id"] for f in fused}
    assert all(e["event_id"] in ids for e in events)


def test_a_second_link_run_changes_nothing(seeds_store_copy: SQLStore) -> None:
    from sitrep import pipeline

    before = sorted((e.id, e.event_id) for e in seeds_store_copy.records("events"))
    fused_before = sorted(f.id for f in seeds_store_copy.records("fused_events"))
    assert pipeline.link(seeds_store_copy) == []
    assert sorted((e.id, e.event_id) for e in seeds_store_copy.records("events")) == before
    assert sorted(f.id for f in seeds_store_copy.records("fused_events")) == fused_before


def test_query_filters_events_by_type_actor_date_and_story(seeds_store: SQLStore) -> None:
    assert {"type", "actor", "since", "until", "story"} <= set(filters_of("events"))
    assert {"type", "actor", "since", "until", "story"} <= set(filters_of("fused_events"))
    q = Query(seeds_store)
    consult = q.records("fused_events", {"type": "CONSULT"}, limit=10_000).rows
    assert consult and all(f.type == "CONSULT" for f in consult)
    # a country by its code, its name or its demonym; either side of the event
    for name in ("RUS", "Russia", "Russian"):
        rows = q.records("events", {"actor": name}, limit=10_000).rows
        assert rows and all(
            "RUS" in {e.actor and e.actor.country, e.target and e.target.country}
            or "Russia" in f"{e.actor and e.actor.name} {e.target and e.target.name}"
            for e in rows
        )
    rubio = q.records("events", {"actor": "Rubio"}, limit=10_000).rows
    assert rubio and all("Rubio" in f"{e.actor and e.actor.name}{e.target and e.target.name}" for e in rubio)
    day = q.records("fused_events", {"since": "2025-03-11", "until": "2025-03-11"}, limit=10_000).rows
    assert day and all(f.date and f.date.startswith("2025-03-11") for f in day)
    story = max(seeds_store.records("stories"), key=lambda s: len(s.articles))
    in_story = q.records("fused_events", {"story": story.id}, limit=10_000).rows
    members = set(story.articles)
    assert in_story and all(any(m.article_id in members for m in f.mentions) for f in in_story)


def test_api_serves_events_with_the_same_filters(seeds_store: SQLStore) -> None:
    client = TestClient(create_app(seeds_store), base_url="http://127.0.0.1")
    body = client.get("/api/fused_events", params={"type": "ASSAULT", "actor": "Russia"}).json()
    assert body["total"] > 0 and "actor" in body["filters"]
    assert all(row["type"] == "ASSAULT" for row in body["rows"])
    assert client.get("/api/events", params={"colour": "red"}).status_code == 422


def _sitrep(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=300, cwd=REPO
    )


def test_the_events_command_prints_fused_events_with_their_sources(seeds_analysed) -> None:
    db = str(seeds_analysed.path)
    out = _sitrep("events", "--type", "consult", "--actor", "Ukraine", "--store", db)
    assert out.returncode == 0, out.stderr
    heads = [line for line in out.stdout.splitlines() if re.match(r"^(\d{4}|undated)", line)]
    assert heads and all("CONSULT" in h and "→" in h for h in heads)
    assert "independent" in out.stdout and "sources:" in out.stdout
    jeddah = next(h for h in heads if h.startswith("2025-03-11") and "in Jeddah" in h)
    assert "USA" in jeddah and "UKR" in jeddah
    # dates and tolls: the strikes of the seeds with their dead
    assault = _sitrep("events", "--type", "ASSAULT", "--since", "2025-03-01", "--limit", "0", "--store", db)
    assert assault.returncode == 0 and "killed" in assault.stdout
    assert not any(line.startswith("2022") for line in assault.stdout.splitlines())
    none = _sitrep("events", "--actor", "Atlantis", "--store", db)
    assert none.returncode == 0 and "no events found" in none.stdout


# -- Must show: the seeds' events, read from the store the real pipeline wrote ------------------


def _in(events: list[Event], texts: dict[str, str], words: str) -> list[Event]:
    return [e for e in events if words in texts[e.article_id][e.start : e.end]]


def test_the_jeddah_talks_are_one_fused_consult_of_the_us_and_ukraine(events, fused, texts) -> None:
    [meeting] = [
        e
        for e in _in(events, texts, "a meeting between Ukrainian and American delegations")
        if e.type == "CONSULT"
    ]
    talks = fused[meeting.event_id]
    assert talks.type == "CONSULT" and talks.date == "2025-03-11"
    assert {talks.actor.country, talks.target.country} == {"USA", "UKR"}
    assert len({m.article_id for m in talks.mentions}) >= 3
    assert talks.independent_sources >= 3
    # every mention is a mention of those talks: each sentence names Jeddah or Saudi Arabia
    for m in talks.mentions:
        sentence = texts[m.article_id][m.start : m.end]
        assert "Jeddah" in sentence or "Saudi Arabia" in sentence


def test_ukraine_accepting_the_ceasefire_is_agree(events, texts) -> None:
    for words in ("Kyiv agreed to the temporary cease-fire", "Kyiv agreed to a 30-day ceasefire"):
        agree = [e for e in _in(events, texts, words) if e.type == "AGREE" and e.trigger.text == "agreed"]
        assert agree, words
        assert agree[0].actor.country == "UKR" and agree[0].status == "occurred" and not agree[0].background


def test_trumps_if_needed_sanction_is_a_threat(events, texts) -> None:
    sent = _in(events, texts, "If needed we will sanction it")
    [threat] = [e for e in sent if e.trigger.text == "sanction"]
    assert (threat.type, threat.status) == ("THREATEN", "threatened")
    assert not any(e.type == "SANCTION" for e in sent)
    assert threat.actor is not None and threat.actor.country == "USA"  # "we": Trump's side


def test_the_russian_strikes_carry_their_dead_and_their_place(events, texts, seeds_store: SQLStore) -> None:
    places = {p.id: p for p in seeds_store.records("places")}
    sent = _in(events, texts, "Two Russian missile strikes hit")
    hit = next(e for e in sent if e.type == "ASSAULT" and e.trigger.text == "hit")
    assert hit.fatalities == 1 and hit.date == "2025-03-12" and hit.actor.country == "RUS"
    assert places[hit.place_id].name.startswith("Kryv")
    ship = next(e for e in sent if e.type == "ASSAULT" and e.fatalities == 4)
    assert places[ship.place_id].name == "Odesa"


def test_the_three_year_invasion_is_background_dated_2022(events, fused, texts) -> None:
    [invasion] = [
        e
        for e in _in(events, texts, "more than three-year full-scale invasion")
        if e.trigger.text == "invasion"
    ]
    assert invasion.type == "ASSAULT" and invasion.background
    assert invasion.date is not None and invasion.date.startswith("2022-02")
    assert fused[invasion.event_id].date.startswith("2022-02") and fused[invasion.event_id].background


def test_the_kursk_fighting_is_an_assault_in_kursk_region(events, texts, seeds_store: SQLStore) -> None:
    places = {p.id: p for p in seeds_store.records("places")}
    [fighting] = [e for e in _in(events, texts, "where fierce fighting") if e.trigger.text == "fighting"]
    assert fighting.type == "ASSAULT" and not fighting.background
    place = places[fighting.place_id]
    assert (place.feature, place.country) == ("region", "RUS") and "Kursk" in place.name


def test_named_sides_carry_the_actor_ids_quotes_use(events, fused, seeds_store: SQLStore) -> None:
    actors = {a.id: a for a in seeds_store.records("actors")}
    sides = [s for ev in events for s in (ev.actor, ev.target) if s is not None]
    linked = [s for s in sides if s.actor_id]
    assert linked, "no event side was linked to the actor registry"
    for side in linked:
        assert side.actor_id in actors
        assert side.name == actors[side.actor_id].name
    # Zelensky as an event's side is the registry's Zelensky, whatever the spelling in the sentence
    zelensky = {s.actor_id for s in linked if s.name.lower().startswith("volodymyr zelensk")}
    assert len(zelensky) == 1
    speakers = {q.speaker_id for q in seeds_store.records("quotes") if q.speaker_id}
    assert zelensky <= speakers
    assert any(f.actor is not None and f.actor.actor_id in zelensky for f in fused.values())
    # descriptions are no registry actors
    assert not any(s.actor_id for s in sides if not s.name.split()[-1][:1].isupper())
