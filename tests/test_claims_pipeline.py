"""Claims, positions and the claim checker through the real pipeline, on the five seed articles.

The seeds store is ingested once (tests/conftest.py); everything here reads it, except the reprint
test, which ingests a verbatim reprint into its own copy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import SEEDS, Analysed
from sitrep import pipeline
from sitrep.api import create_app
from sitrep.check import check, read_claims
from sitrep.cli import app
from sitrep.export import export
from sitrep.records import Claim, Position
from sitrep.store import SQLStore, open_store

ENCIRCLED = "Ukrainian troops are encircled in Kursk"


def claims(store: SQLStore) -> list[Claim]:
    return list(store.records("claims"))


def positions(store: SQLStore) -> list[Position]:
    return list(store.records("positions"))


def claim_with(store: SQLStore, words: str) -> Claim:
    """The claim one of whose mentions says ``words``."""
    texts = {a.id: a.text for a in store.articles()}
    found = [
        c for c in claims(store) if any(words in texts[m.article_id][m.start : m.end] for m in c.mentions)
    ]
    assert len(found) == 1, [c.text for c in found]
    return found[0]


def spans(store: SQLStore, claim: Claim, stance: str) -> list[str]:
    texts = {a.id: a.text for a in store.articles()}
    return [texts[m.article_id][m.start : m.end] for m in claim.mentions if m.stance == stance]


# --- claims ----------------------------------------------------------------------------------------


def test_the_kursk_encirclement_is_one_contested_claim(seeds_store: SQLStore) -> None:
    claim = claim_with(seeds_store, "a large-scale encirclement of troops")
    assert claim.status == "contested"
    asserted = {a.name for a in claim.asserted_by}
    assert {"Donald Trump", "Vladimir Putin"} <= asserted
    assert any("general staff" in a.name.lower() for a in claim.disputed_by)
    assert "Ukrainian officials" in {a.name for a in claim.disputed_by}
    assert len({m.article_id for m in claim.mentions}) >= 2
    assert claim.independent_sources >= 2
    assert any("false and fabricated" in s for s in spans(seeds_store, claim, "disputes"))
    # Contested claims come first in the table's natural reading order.
    assert claim.id in {c.id for c in claims(seeds_store) if c.status == "contested"}


def test_trumps_own_surrounded_quote_is_in_the_encirclement_claim(seeds_store: SQLStore) -> None:
    # The reprint sets Trump's "completely surrounded" against the General Staff's "false and
    # fabricated": one proposition in other words.
    claim = claim_with(seeds_store, "a large-scale encirclement of troops")
    asserting = spans(seeds_store, claim, "asserts")
    assert any(s.startswith("Hundreds of Russian troops are completely surrounded") for s in asserting)


def test_the_encirclement_claim_reads_as_an_assertion_not_a_spun_copys_words(seeds_store: SQLStore) -> None:
    # Every actor's assertion of it in the seeds is read from the machine-paraphrased copy (seed
    # 003: "Hundreds of Russian troops are completely surrounded by the Russian army"): garbled
    # words do not head the claim while an article in plain words relays it.
    claim = claim_with(seeds_store, "a large-scale encirclement of troops")
    articles = {a.id: a for a in seeds_store.articles()}
    held = [m for m in claim.mentions if articles[m.article_id].text[m.start : m.end] == claim.text]
    assert held and any(m.stance != "disputes" for m in held)
    assert all(articles[m.article_id].copy_relation != "paraphrase" for m in held)
    assert "surrounded by the Russian army" not in claim.text and "isolated" not in claim.text
    # The sentence telling Ukraine's denial is not the outlet asserting the encirclement.
    told = "Ukrainian officials have acknowledged a retreat there but repeatedly denied claims"
    assert not any(told in articles[m.article_id].text[m.start : m.end] for m in claim.mentions)


def test_trump_asserts_the_encirclement_once_as_donald_trump(seeds_store: SQLStore) -> None:
    claim = claim_with(seeds_store, "a large-scale encirclement of troops")
    names = [a.name for a in claim.asserted_by]
    assert names.count("Donald Trump") == 1 and "Trump" not in names
    # The outlets' sentences round Trump's and Putin's words relay them: no outlet asserts it.
    assert not {"The Wall Street Journal", "Radio Free Europe/Radio Liberty"} & set(names)


def test_the_capture_of_sudzha_is_contested_by_fighting_continuing_there(seeds_store: SQLStore) -> None:
    claim = claim_with(seeds_store, "their troops had captured more settlements, including Sudzha")
    assert claim.status == "contested"
    assert "Russian officials" in {a.name for a in claim.asserted_by}
    assert "Oleksandr Syrskiy" in {a.name for a in claim.disputed_by}
    assert any("fighting continued in and around Sudzha" in s for s in spans(seeds_store, claim, "disputes"))


def test_claims_cite_actor_ids_and_contract_fields(seeds_store: SQLStore, tmp_path: Path) -> None:
    export(seeds_store, tmp_path)
    rows = [json.loads(line) for line in (tmp_path / "claims.jsonl").read_text().splitlines()]
    assert rows and {"id", "text", "status", "asserted_by", "disputed_by", "mentions", "sources"} <= set(
        rows[0]
    )
    assert {r["status"] for r in rows} <= {"corroborated", "single-source", "contested"}
    assert all(m["stance"] in ("asserts", "disputes", "reports") for r in rows for m in r["mentions"])
    trump = [a for r in rows for a in r["asserted_by"] if a["name"] == "Donald Trump"]
    assert trump and all(a["actor_id"] and a["country"] == "USA" for a in trump)
    rows = [json.loads(line) for line in (tmp_path / "positions.jsonl").read_text().splitlines()]
    assert rows and {"id", "actor", "issue", "stance", "conditions", "date", "mentions"} <= set(rows[0])


@pytest.fixture(scope="module")
def with_reprint(copy_seeds_store, tmp_path_factory: pytest.TempPathFactory) -> SQLStore:  # type: ignore[no-untyped-def]
    """The seeds and a verbatim reprint of seed 000 by another site."""
    root = tmp_path_factory.mktemp("reprint")
    body = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    # The same words under another name; one more line break makes it a new item, not a re-read.
    (root / "reprint.txt").write_text(body + "\n", encoding="utf-8")
    path = copy_seeds_store(root / "s.db")
    from sitrep.store import open_store

    store = open_store(path)
    pipeline.ingest([root / "reprint.txt"], store, workers=1)
    return store


def test_a_claim_and_its_verbatim_reprint_are_one_source(with_reprint: SQLStore) -> None:
    claim = claim_with(
        with_reprint, "Two Russian missile strikes hit the central Ukrainian city of Kryviy Rih"
    )
    assert len({m.article_id for m in claim.mentions}) == 2
    assert claim.independent_sources == 1
    assert claim.status == "single-source"


# --- positions -------------------------------------------------------------------------------------


def stances(store: SQLStore, actor: str, issue: str) -> list[Position]:
    found = [p for p in positions(store) if p.actor.name == actor and p.issue == issue]
    return sorted(found, key=lambda p: p.date or "")


def test_putin_is_conditional_on_the_ceasefire_on_13_march(seeds_store: SQLStore) -> None:
    (putin,) = [
        p
        for p in stances(seeds_store, "Vladimir Putin", "ceasefire_30day")
        if p.date == "2025-03-13" and p.stance == "conditional"
    ]
    assert putin.conditions and "eliminate the original causes of this crisis" in putin.conditions
    assert putin.actor.country == "RUS"


def test_zelensky_supports_the_ceasefire(seeds_store: SQLStore) -> None:
    found = stances(seeds_store, "Volodymyr Zelenskyy", "ceasefire_30day")
    assert found and all(p.stance == "support" for p in found)
    assert "2025-03-12" in {p.date for p in found}


def test_peskov_moves_from_undecided_to_conditional(seeds_store: SQLStore) -> None:
    found = stances(seeds_store, "Dmitry Peskov", "ceasefire_30day")
    assert [(p.stance, p.date) for p in found] == [("undecided", "2025-03-12"), ("conditional", "2025-03-14")]


def test_russia_opposes_european_peacekeepers(seeds_store: SQLStore) -> None:
    found = stances(seeds_store, "Russia", "peacekeepers")  # "Moscow has so far been against ..."
    assert [p.stance for p in found] == ["oppose"]
    assert found[0].actor.country == "RUS"


def test_no_outlet_asserts_what_lies_within_a_speakers_quotation(seeds_store: SQLStore) -> None:
    # An event coded inside a quote ("... I hope we can resolve.") is the speaker's claim, not a
    # sentence of the outlet's own
    quoted = [(q.article_id, q.start, q.end) for q in seeds_store.records("quotes") if q.kind == "direct"]
    read = {(m.article_id, m.start, m.end) for m in seeds_store.records("claim_mentions")}
    events = [
        m for c in claims(seeds_store) for m in c.mentions if (m.article_id, m.start, m.end) not in read
    ]
    assert quoted and events
    for m in events:
        assert not any(a == m.article_id and s <= m.start and m.end <= e for a, s, e in quoted), m


def test_trumps_threat_of_sanctions_is_support_on_its_condition(seeds_store: SQLStore) -> None:
    # "If needed we will sanction it, but I hope we won't need to": a threat on a condition
    found = stances(seeds_store, "Donald Trump", "sanctions_on_russia")
    threats = [p for p in found if p.stance == "conditional"]
    assert threats and "If needed" in {p.conditions for p in threats}
    # Rubio foreseeing that the Russians "will raise these European sanctions" threatens nothing
    assert not [
        p for p in stances(seeds_store, "Marco Rubio", "sanctions_on_russia") if p.stance == "conditional"
    ]


def test_positions_command_prints_the_stance_over_time(seeds_analysed: Analysed) -> None:
    result = CliRunner().invoke(app, ["positions", "--store", str(seeds_analysed.path), "--actor", "Peskov"])
    assert result.exit_code == 0, result.output
    assert "undecided 12 Mar → conditional 14 Mar" in result.output
    result = CliRunner().invoke(
        app, ["positions", "--store", str(seeds_analysed.path), "--issue", "peacekeepers"]
    )
    assert "Russia" in result.output and "oppose 12 Mar" in result.output


# --- the claim checker -----------------------------------------------------------------------------


def test_check_lists_the_asserting_and_disputing_articles_with_spans(seeds_store: SQLStore) -> None:
    results = check(seeds_store.engine, ENCIRCLED)
    texts = {a.id: a.text for a in seeds_store.articles()}
    assert len({r.article_id for r in results}) >= 2
    by_stance: dict[str, list[str]] = {}
    for r in results:
        assert r.outlet  # the RFE/RL reprint and the WSJ repost name their outlets
        for m in r.mentions:
            assert texts[r.article_id][m["start"] : m["end"]] == m["text"]
            by_stance.setdefault(m["stance"], []).append(m["text"])
    assert any("false and fabricated" in t for t in by_stance["disputes"])
    assert any("denied claims by Trump and Putin" in t for t in by_stance["disputes"])
    assert any("completely surrounded" in t for t in by_stance["asserts"])
    assert any("a disputed report promoted by Moscow" in t for t in by_stance["reports"])
    assert {r.stance for r in results} >= {"disputes"}
    # Sentences naming Kursk and troops but not the encirclement do not bear on it.
    assert not any("seized a swath of the Kursk region" in t for ts in by_stance.values() for t in ts)


def test_check_command_writes_checks_jsonl(seeds_analysed: Analysed, tmp_path: Path) -> None:
    claims_file = tmp_path / "claims.jsonl"
    claims_file.write_text(
        json.dumps({"id": "kursk", "text": ENCIRCLED}) + "\nRussian troops captured Sudzha\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["check", "--claims", str(claims_file), "--store", str(seeds_analysed.path), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "disputes" in result.output and "Radio Free Europe/Radio Liberty" in result.output
    rows = [json.loads(line) for line in (out / "checks.jsonl").read_text().splitlines()]
    assert {"claim_id", "claim", "article_id", "stance", "mentions", "outlet"} <= set(rows[0])
    assert {r["claim_id"] for r in rows if r["claim"] == ENCIRCLED} == {"kursk"}
    sudzha = [r for r in rows if r["claim"] == "Russian troops captured Sudzha"]
    assert any(
        m["stance"] == "disputes" and "fighting continued" in m["text"] for r in sudzha for m in r["mentions"]
    )


def test_read_claims_takes_lines_and_jsonl() -> None:
    assert read_claims(["A claim.", "", '{"id": 7, "text": "Another"}']) == [
        (None, "A claim."),
        ("7", "Another"),
    ]


def test_api_checks_a_claim(seeds_store: SQLStore) -> None:
    client = TestClient(create_app(seeds_store), base_url="http://127.0.0.1")
    response = client.get("/api/check", params={"claim": ENCIRCLED})
    assert response.status_code == 200
    assert {r["stance"] for r in response.json()["rows"]} >= {"disputes"}
    response = client.get("/api/positions", params={"issue": "peacekeepers", "stance": "oppose"})
    assert response.status_code == 200 and "Russia" in {r["actor"]["name"] for r in response.json()["rows"]}
    response = client.get("/api/claims", params={"status": "contested"})
    assert response.json()["total"] >= 2


def test_an_agree_event_is_a_position_where_events_exist() -> None:
    from sitrep.link import Corpus
    from sitrep.link.positions import link_positions
    from sitrep.records import ActorRef, Article, Event, Span

    text = "Kyiv agreed to the temporary cease-fire on Tuesday."
    article = Article("a1", "a1.txt", text, "h1", published="2025-03-11")
    trigger = Span(5, 11, "agreed")
    event = Event("e1", "a1", 0, len(text), "AGREE", trigger, actor=ActorRef("Kyiv", None, "UKR"))
    result = link_positions(Corpus({"a1": article}, {"events": [event]}))
    (position,) = result.tables["positions"]
    assert (position.actor.name, position.issue, position.stance) == ("Ukraine", "ceasefire_30day", "support")
    assert position.date == "2025-03-11"


# --- positions on the example corpus (seeds and the VOA ceasefire story) ---------------------------


@pytest.fixture(scope="module")
def example_positions(example_out: Path) -> list[Position]:
    store = open_store(example_out / "sitrep.db", create=False)
    try:
        return positions(store)
    finally:
        store.close()


def held(found: list[Position], actor: str, issue: str) -> list[tuple[str, str | None]]:
    return sorted((p.stance, p.date) for p in found if actor in p.actor.name and p.issue == issue)


def evidence(found: list[Position], actor: str, issue: str, stance: str, texts: dict[str, str]) -> list[str]:
    return [
        texts[m.article_id][m.start : m.end]
        for p in found
        if actor in p.actor.name and p.issue == issue and p.stance == stance
        for m in p.mentions
    ]


def test_dismissing_anothers_response_is_no_stance_on_the_ceasefire(
    example_positions: list[Position],
) -> None:
    # "Zelenskyy dismissed Putin's response as 'deliberately' setting conditions": the thing
    # dismissed is Putin's words, not the ceasefire Zelenskyy has agreed to.
    assert {s for s, _d in held(example_positions, "Zelensk", "ceasefire_30day")} == {"support"}


def test_a_demand_that_no_foreign_power_station_troops_opposes_peacekeepers(
    example_positions: list[Position],
) -> None:
    # "demanded that Ukraine be barred from joining NATO and that no foreign power ever station
    # troops": the negated clause under the demand, not the conjunct "barred", reads the stance.
    assert held(example_positions, "Vladimir Putin", "peacekeepers") == [("oppose", "2025-03-13")]
    assert held(example_positions, "Vladimir Putin", "nato_membership") == [("oppose", "2025-03-13")]


def test_a_stance_word_inside_the_issue_phrase_is_none(example_positions: list[Position]) -> None:
    # "... will strengthen deterrence against Russian aggression": "against" is the deterrence's.
    assert held(example_positions, "Andy Barr", "security_guarantees") == []
    assert "oppose" not in {s for s, _d in held(example_positions, "Marco Rubio", "security_guarantees")}


def test_reluctance_to_endorse_is_undecided(example_positions: list[Position], example_out: Path) -> None:
    store = open_store(example_out / "sitrep.db", create=False)
    texts = {a.id: a.text for a in store.articles()}
    store.close()
    undecided = evidence(example_positions, "Russia", "ceasefire_30day", "undecided", texts)
    assert any("reluctance to fully endorse" in t for t in undecided)
    for stance in ("support", "conditional"):
        found = evidence(example_positions, "", "ceasefire_30day", stance, texts)
        assert not any("reluctance to fully endorse" in t for t in found)


def test_an_act_of_cooperation_coded_agree_is_no_support(example_positions: list[Position]) -> None:
    # "meaningless without Russia taking part", "Russia has offered ... a list of conditions",
    # "hoped the Kremlin would agree": none is Russia supporting the ceasefire.
    assert "support" not in {s for s, _d in held(example_positions, "Russia", "ceasefire_30day")}


def test_a_ceasefire_that_would_have_to_address_root_causes_is_conditional(
    example_positions: list[Position],
) -> None:
    # "Putin stated that any cease-fire would have to address the underlying causes of the war"
    assert held(example_positions, "Vladimir Putin", "ceasefire_30day").count(("support", "2025-03-13")) == 0


def test_he_in_reported_speech_is_the_speaker(example_positions: list[Position]) -> None:
    # "Putin said a moment earlier that he agrees in principle with the US plan ..., but added
    # that 'there are details'": Putin's conditional yes, not an event's bare support.
    assert ("support", "2025-03-14") not in held(example_positions, "Vladimir Putin", "ceasefire_30day")
    assert ("conditional", "2025-03-14") in held(example_positions, "Vladimir Putin", "ceasefire_30day")


def test_not_simply_accepting_but_attaching_conditions_is_conditional(
    example_positions: list[Position],
) -> None:
    # "Moscow would not simply accept the US-backed ceasefire proposal but attach conditions"
    assert held(example_positions, "Kosachev", "ceasefire_30day") == [("conditional", "2025-03-12")]


def test_an_agree_event_bears_on_its_own_clause_only() -> None:
    from sitrep.link import Corpus
    from sitrep.link.positions import link_positions
    from sitrep.records import ActorRef, Article, Event, Span

    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    sentence = "where Kyiv agreed to a 30-day ceasefire with Russia, and the US pledged to resume intelligence sharing"
    start = text.index(sentence)
    at = start + sentence.index("agreed")
    article = Article("a1", "a1.txt", text, "h1", published="2025-03-12")
    event = Event(
        "e1",
        "a1",
        start,
        start + len(sentence),
        "AGREE",
        Span(at, at + 6, "agreed"),
        actor=ActorRef("Kyiv", None, "UKR"),
    )
    found = link_positions(Corpus({"a1": article}, {"events": [event]})).tables["positions"]
    assert {(p.actor.name, p.issue) for p in found} == {("Ukraine", "ceasefire_30day")}


def test_an_issue_named_in_an_apposition_takes_no_nearby_stance(example_positions: list[Position]) -> None:
    # "used Washington's leverage over Ukraine — namely military aid and intelligence sharing — to
    # get Kyiv to agree to the cease-fire proposal": Kyiv agrees to the ceasefire, not to the aid.
    assert held(example_positions, "Ukraine", "military_aid_ukraine") == []


def test_an_issue_named_as_a_topic_to_take_up_takes_no_stance(example_positions: list[Position]) -> None:
    # "further discussions would need to tackle to topic of the European Union lifting sanctions"
    assert held(example_positions, "Marco Rubio", "sanctions_on_russia") == []


def test_he_in_a_speakers_own_words_is_someone_else(example_positions: list[Position]) -> None:
    # Trump: "He has wisely praised Trump's cease-fire plans, but says he has problems with the
    # nuances" is Putin's hedge in Trump's words; Duclos: "They want to continue to sell weapons".
    assert "conditional" not in {s for s, _d in held(example_positions, "Donald Trump", "ceasefire_30day")}
    assert held(example_positions, "Michel Duclos", "military_aid_ukraine") == []


def test_claims_name_an_outlet_by_its_canonical_name(example_out: Path) -> None:
    # The VOA story's masthead "voanews.com" is Voice of America, as the outlet table has it.
    store = open_store(example_out / "sitrep.db", create=False)
    try:
        found = list(store.records("claims"))
    finally:
        store.close()
    names = {s for c in found for s in c.sources} | {a.name for c in found for a in c.asserted_by}
    assert "Voice of America" in names and "voanews.com" not in names


def test_a_demand_only_named_carries_no_stance_over(example_positions: list[Position]) -> None:
    # Pifer: "one of the key demands, as I understand from Ukraine, is that there has to be some
    # guarantee for Ukraine security": Ukraine's demand as he understands it, not his stance.
    assert held(example_positions, "Steven Pifer", "ceasefire_30day") == []


def test_different_parties_agreeing_to_the_ceasefire_are_different_claims(example_out: Path) -> None:
    # Putin's "Russia supports the U.S. ceasefire proposal in principle" and Joly's "All G7 foreign
    # ministers agree with the U.S. proposal of a ceasefire" were one corroborated claim, glued by
    # short mentions made of the story's everyday words ("It is now for Russia to accept it").
    store = open_store(example_out / "sitrep.db", create=False)
    texts = {a.id: a.text for a in store.articles()}

    def holding(words: str) -> set[str]:
        return {
            c.id
            for c in store.records("claims")
            if any(words in texts[m.article_id][m.start : m.end] for m in c.mentions)
        }

    putin = holding("Russia supports the U.S. ceasefire proposal in principle")
    joly = holding("All G7 foreign ministers agree with the U.S. proposal")
    assert putin and joly and not putin & joly
    store.close()
