"""Events: the seed articles' ceasefire, threats, strikes and talks, coded as PLOVER events."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitrep import nlp
from sitrep.extract.events import extract_events, trigger_token
from sitrep.extract.places import extract_places
from sitrep.extract.times import extract_times
from sitrep.records import Article, Event

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "seeds"
SHARED_SEEDS = Path("/work/shared/seeds")
# The seeds carry no date line; the reports are of 12-13 March 2025 (their README).
PUBLISHED = {
    "000": "2025-03-12",
    "001": "2025-03-13",
    "002": "2025-03-17",
    "003": "2025-03-15",
    "004": "2025-03-12",
}


def seed_text(prefix: str) -> str:
    folder = SEEDS if SEEDS.is_dir() else SHARED_SEEDS
    return next(folder.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def code(text: str, published: str | None = "2025-03-12", article_id: str = "t") -> list[Event]:
    article = Article(
        id=article_id, source=article_id, text=text, content_hash=article_id, published=published
    )
    doc = nlp.load()(text)
    return extract_events(article, doc, extract_times(article, doc), extract_places(article, doc))


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, list[Event]]]:
    out = {}
    for prefix, day in PUBLISHED.items():
        text = seed_text(prefix)
        out[prefix] = (text, code(text, day, article_id=prefix))
    return out


def in_sentence(text: str, events: list[Event], words: str) -> list[Event]:
    return [e for e in events if words in text[e.start : e.end]]


def test_every_event_cites_its_sentence_and_trigger(seeds) -> None:
    for text, events in seeds.values():
        assert events
        for ev in events:
            assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text
            assert ev.start <= ev.trigger.start < ev.trigger.end <= ev.end


def test_ukraine_accepting_the_ceasefire_is_agree(seeds) -> None:
    text, events = seeds["000"]
    [ev] = [
        e for e in in_sentence(text, events, "Kyiv agreed to the temporary cease-fire") if e.type == "AGREE"
    ]
    assert ev.trigger.text == "agreed" and ev.status == "occurred"
    assert ev.actor is not None and ev.actor.country == "UKR"
    text, events = seeds["004"]
    agree = [e for e in in_sentence(text, events, "Kyiv agreed to a 30-day ceasefire") if e.type == "AGREE"]
    assert agree and agree[0].actor is not None and agree[0].actor.country == "UKR"
    assert agree[0].mode == "ceasefire" or agree[0].trigger.text == "agreed"


def test_trumps_conditional_sanction_is_a_threat_not_a_sanction(seeds) -> None:
    text, events = seeds["000"]
    sent = in_sentence(text, events, "If needed we will sanction it")
    assert [e.type for e in sent if e.trigger.text == "sanction"] == ["THREATEN"]
    threat = next(e for e in sent if e.trigger.text == "sanction")
    assert threat.status == "threatened"
    assert not any(e.type == "SANCTION" for e in sent)


def test_russian_strikes_carry_their_fatalities(seeds) -> None:
    text, events = seeds["000"]
    sent = in_sentence(text, events, "Two Russian missile strikes hit")
    strike = next(e for e in sent if e.type == "ASSAULT" and e.trigger.text == "hit")
    assert strike.fatalities == 1
    assert strike.mode == "missile"
    assert strike.actor is not None and strike.actor.country == "RUS"
    assert strike.target is not None and strike.target.country == "UKR"
    assert any(e.type == "ASSAULT" and e.fatalities == 4 for e in sent)  # the cargo ship crew


def test_the_three_year_invasion_is_background(seeds) -> None:
    text, events = seeds["000"]
    [ev] = [
        e for e in in_sentence(text, events, "three-year full-scale invasion") if e.trigger.text == "invasion"
    ]
    assert ev.type == "ASSAULT" and ev.background
    assert ev.actor is not None and ev.actor.country == "RUS"
    # the news of the day in the same article is not background
    fresh = [
        e for e in in_sentence(text, events, "Kyiv agreed to the temporary cease-fire") if e.type == "AGREE"
    ]
    assert fresh and not fresh[0].background


def test_the_kursk_fighting_is_assault(seeds) -> None:
    text, events = seeds["000"]
    sent = in_sentence(text, events, "where fierce fighting is currently taking place")
    assert any(e.type == "ASSAULT" and e.trigger.text == "fighting" for e in sent)
    pushed = in_sentence(text, events, "Russian forces slowly push the Ukrainians out of Kursk")
    assault = next(e for e in pushed if e.type == "ASSAULT")
    assert assault.actor is not None and (assault.actor.country, assault.actor.sector) == ("RUS", "MIL")
    assert assault.target is not None and assault.target.country == "UKR"


def test_the_jeddah_talks_are_consult_between_the_us_and_ukraine(seeds) -> None:
    text, events = seeds["004"]
    [meeting] = [
        e for e in in_sentence(text, events, "Ukrainian and American delegations") if e.type == "CONSULT"
    ]
    assert meeting.actor is not None and meeting.target is not None
    assert {meeting.actor.country, meeting.target.country} == {"USA", "UKR"}
    assert meeting.status == "occurred"
    # the talks are named in three of the five reports
    mentioned = [
        p
        for p, (t, evs) in seeds.items()
        if any(e.type == "CONSULT" and "Jeddah" in t[e.start : e.end] for e in evs)
    ]
    assert len(mentioned) >= 3


def test_status_planned_denied_claimed_and_reporter() -> None:
    events = code(
        "Rubio will meet Lavrov on Tuesday. Moscow did not agree to the plan. "
        "Russian officials claimed their troops had captured Sudzha. "
        "According to the General Staff, Russian forces shelled Kharkiv, killing at least 14 people."
    )
    by_trigger = {e.trigger.text: e for e in events}
    assert (by_trigger["meet"].type, by_trigger["meet"].status) == ("CONSULT", "planned")
    assert (by_trigger["agree"].type, by_trigger["agree"].status) == ("AGREE", "denied")
    assert by_trigger["captured"].status == "claimed"
    assert by_trigger["captured"].reporter is not None and by_trigger["captured"].reporter.country == "RUS"
    shelled = by_trigger["shelled"]
    assert (shelled.type, shelled.mode, shelled.fatalities) == ("ASSAULT", "shelling", 14)
    assert shelled.reporter is not None and "General Staff" in shelled.reporter.name


def test_an_act_named_as_what_talks_or_a_proposal_are_about_is_not_reported_as_done() -> None:
    events = code(
        "Moscow has so far declined to comment on the specifics of the proposal for the 30-day "
        "cease-fire. Though Trump has mentioned the possibility of a meeting, Peskov said there "
        "are no dates. Ukraine agreed to the ceasefire on Tuesday."
    )
    by_trigger = {e.trigger.text: e for e in events}
    assert by_trigger["fire"].status == "hypothetical"  # the proposal's subject
    assert by_trigger["meeting"].status == "hypothetical"  # "the possibility of a meeting"
    assert (by_trigger["agreed"].type, by_trigger["agreed"].status) == ("AGREE", "occurred")
    (truce,) = code("Putin expressed appreciation for a cease-fire in Ukraine.")
    assert (truce.type, truce.status) == ("RETREAT", "hypothetical")  # an attitude's object
    # seed 000: the parser hangs "over" on the verb whose object the talks are
    dragged = code(
        "Putin may seek to drag out talks with the US over a cease-fire to improve Russia’s position."
    )
    assert [e.status for e in dragged if e.type == "RETREAT"] == ["hypothetical"]


def test_the_means_of_an_act_takes_its_modality() -> None:
    (could,) = [
        e for e in code("Russia could win the war by attacking Kharkiv.") if e.trigger.text == "attacking"
    ]
    (did,) = [e for e in code("Russia won the battle by attacking Kharkiv.") if e.trigger.text == "attacking"]
    assert could.status == "hypothetical" and did.status == "occurred"


def test_an_act_of_nothing_is_none() -> None:
    events = code("“It gives us nothing,” said Yuri Ushakov, Putin's aide.")
    aid = [e for e in events if e.type == "AID"]
    assert aid and all(e.status == "denied" for e in aid)


def test_an_act_in_a_clause_someone_hopes_for_is_planned() -> None:
    (ceasefire,) = [e for e in code("“I hope Putin gets a cease-fire,” Trump said.") if e.type == "RETREAT"]
    assert ceasefire.status == "planned"


def test_an_act_that_only_qualifies_a_noun_is_background_not_news() -> None:
    events = code(
        "Air-defense systems shot down six drones overnight, one over Ukraine's Russia-annexed "
        "Crimea. Putin expressed appreciation for a US-backed cease-fire."
    )
    by_trigger = {e.trigger.text: e for e in events}
    assert by_trigger["annexed"].background and by_trigger["backed"].background
    (captured,) = [
        e
        for e in code("Russian forces have retaken half the territory initially captured by Ukraine.")
        if e.trigger.text == "captured"
    ]
    assert captured.background
    assert not by_trigger["shot"].background


def test_injured_and_vague_counts() -> None:
    events = code("A drone attack on Odesa killed dozens of civilians and two people were injured.")
    attack = next(e for e in events if e.type == "ASSAULT")
    assert attack.mode == "drone"
    assert attack.fatalities == 12  # "dozens": the codebook's lower bound
    assert attack.injured == 2 or any(e.injured == 2 for e in events)


def test_trigger_token_finds_the_trigger(seeds) -> None:
    text, events = seeds["000"]
    doc = nlp.load()(text)
    for ev in events[:20]:
        tok = trigger_token(doc, ev)
        assert tok is not None and tok.idx == ev.trigger.start


def test_ids_are_stable() -> None:
    text = "Ukraine agreed to the ceasefire. Russia attacked Kharkiv."
    assert [e.id for e in code(text)] == [e.id for e in code(text)]


@pytest.mark.parametrize(
    "text",
    [
        " ".join(str(n) for n in range(500)) + " people were killed.",
        "attacked " * 111_000 + ".",  # just under nlp.MAX_CHARS (1 MB)
        "Attacked, agreed, sanctioned, threatened, met, protested, rejected.",
        "",
    ],
    ids=["500-numbers", "1MB-sentence", "verbs-without-actors", "empty"],
)
def test_bad_input_finishes_fast(text: str) -> None:
    article = Article(id="b", source="b", text=text, content_hash="b", published="2025-03-12")
    doc = nlp.load()(text)
    start = time.perf_counter()
    events = extract_events(article, doc, [], [])
    assert time.perf_counter() - start < 5
    for ev in events:
        assert ev.actor is None or ev.actor.name


def test_a_month_is_no_protest_march() -> None:
    events = code(
        "The US agreed on March 11 to restart military supply and information cooperation with Ukraine."
    )
    assert not any(e.type == "PROTEST" for e in events)
    agreed = next(e for e in events if e.trigger.text == "agreed")
    assert agreed.type == "AGREE" and agreed.status == "occurred"  # was THREATEN: "March" read as a march
    assert any(e.type == "PROTEST" for e in code("Thousands joined a march against the war in Tbilisi."))


def test_a_statement_pattern_is_no_event() -> None:
    # CAMEO 01: "express sorrow" is an empathetic comment, not DISAPPROVE (the verb's default)
    events = code("President Obama expressed sorrow for the horrific shootings in South Carolina.")
    assert not any(e.trigger.text == "expressed" for e in events)
    assert any(
        e.type == "ACCUSE" for e in code("France expressed outrage at Rwanda and condemned its report.")
    )


def test_a_two_country_modifier_names_both_sides() -> None:
    events = code("After the US-Ukraine talks in Saudi Arabia, Rubio expressed hope that Russia would agree.")
    talks = next(e for e in events if e.trigger.text == "talks")
    assert talks.type == "CONSULT"
    assert (talks.actor.country, talks.target.country) == ("USA", "UKR")


def test_an_entity_with_its_possessive_names_its_country() -> None:
    events = code(
        "The Ivory Coast's Supreme Court decided to allow Alassane Ouattara to run in the elections."
    )
    allow = next(e for e in events if e.trigger.text == "allow")
    assert allow.actor is not None and allow.actor.country == "CIV"


@pytest.mark.parametrize(
    "text",
    [
        "Strikes hit " + ", ".join(str(n) for n in range(500)) + " on March 12, killing 3 people.",
        "Attacked, agreed, sanctioned, threatened, met, protested, rejected, invaded, mobilised.",
        "attacked " * 111_000 + ".",
    ],
    ids=["500-numbers", "verbs-without-actors", "1MB-sentence"],
)
def test_bad_input_through_the_stage_with_its_dates_and_places(text: str) -> None:
    from sitrep.extract.events.stage import analyse_events

    article = Article(id="b", source="b", text=text, content_hash="b", published="2025-03-12")
    doc = nlp.load()(text)
    small = len(text) < 10_000  # the times and places stages have their own long-text bench
    times = extract_times(article, doc) if small else []
    places = extract_places(article, doc) if small else []
    start = time.perf_counter()
    events = analyse_events(article, doc, times, places)
    assert time.perf_counter() - start < 5
    assert len({e.id for e in events}) == len(events)
    for ev in events:
        assert ev.date is None or ev.date.startswith("2025")


def _trig(events: list[Event], word: str) -> Event:
    return next(e for e in events if e.trigger.text == word)


def test_a_domestic_act_takes_the_country_it_happens_in() -> None:
    # PLOVER GSR (tuning half): a group named without a country acts where the event is
    rioted = _trig(code("Prisoners rioted at a jail in East Timor's capital Dili on Monday."), "rioted")
    assert rioted.actor is not None and (rioted.actor.name, rioted.actor.country) == ("Prisoners", "TLS")
    # the unnamed agent of a state's act is the state of the place
    arrest = code(
        "A Christian missionary from Calgary was arrested in Lebanon for collaborating with Israel."
    )
    arrested = _trig(arrest, "arrested")
    assert arrested.actor is not None and arrested.actor.country == "LBN"
    assert arrested.target is not None and arrested.target.country == "CAN"
    # soldiers killed abroad are the target, the country they died in the likely attacker
    killed = _trig(code("There were 10 Russian soldiers killed in Ukraine today."), "killed")
    assert killed.target is not None and killed.target.country == "RUS"
    assert killed.actor is not None and killed.actor.country == "UKR"
    # but people killed at home name no attacker
    bombing = code(
        "At least three Iraqi civilians have been killed in a suicide car bombing in central Baghdad, "
        "Iraqi police said."
    )
    assert _trig(bombing, "killed").actor is None


def test_a_side_named_without_a_country_takes_the_one_its_sentence_names() -> None:
    # PLOVER GSR (tuning half): the story's one country is the group's
    strike = code(
        "Islamic fundamentalists continued their hunger strike to demand the resignation of Algerian "
        "President Ahmed Ben Bella."
    )
    protest = next(e for e in strike if e.type == "PROTEST")
    assert protest.actor is not None and protest.actor.country == "DZA"
    # two countries (one through a person's office) say nothing about the side
    asked = _trig(code("Congress is asking Obama to help Iran.", published="2012-05-01"), "asking")
    assert asked.actor is None or asked.actor.country != "IRN"
    # a group said to be foreign is not of the country named; an act with no side named has no actor
    praise = _trig(code("Foreign bloggers who praise China gain millions of followers."), "praise")
    assert praise.actor is None or praise.actor.country != "CHN"
    aid = _trig(code("Trump made continued military aid conditional on access to Ukraine's minerals."), "aid")
    assert aid.actor is None or aid.actor.country != "UKR"
    # a visit's one country is the host's, not the visitor's
    visit = _trig(code("The foreign minister visited Beijing."), "visited")
    assert visit.actor is None or visit.actor.country != "CHN"


def test_a_pronoun_or_an_issuer_gives_the_side_its_country() -> None:
    serbs = code(
        "Bosnian Serbs said on Tuesday their forces had completed their withdrawal from the beseiged "
        "Bosnian town of Gorazde."
    )
    completed = next(e for e in serbs if e.type == "RETREAT")
    assert completed.actor is not None and completed.actor.country == "BIH"
    pkk = code(
        "The rebel Kurdistan Workers' Party issued a declaration demanding that the Turkish government "
        "provide information on the safety of its leader."
    )
    demand = _trig(pkk, "demanding")
    assert demand.actor is not None and (demand.actor.country, demand.actor.sector) == ("TUR", "REB")
    ilo = _trig(code("The International Labor Office (ILO) reiterated its demand today."), "demand")
    assert ilo.actor is not None and ilo.actor.name == "International Labor Office"


def test_a_crowd_protesting_takes_its_city_and_a_sent_force_is_aid() -> None:
    # the parser hangs "protested" off "Hundreds" as a participle: still the crowd protests
    crowd = _trig(code("Hundreds of students protested in Caracas."), "protested")
    assert crowd.actor is not None and (crowd.actor.name, crowd.actor.country) == ("students", "VEN")
    # CAMEO lists "send peacekeepers" as an intent (0334); sent, they are provided (074, AID)
    assert _trig(code("The UN sent peacekeepers to Mali."), "sent").type == "AID"


def test_office_holders_name_their_country_and_a_passive_agent_its_sanctions() -> None:
    # office-holders data (world/office_holders.json), in office on the article's day
    for name, iso3 in (("Macron", "FRA"), ("Sybiha", "UKR"), ("Hegseth", "USA"), ("Orban", "HUN")):
        rejected = _trig(code(f"{name} rejected the proposal."), "rejected")
        assert rejected.actor is not None and rejected.actor.country == iso3, name
    imposed = code("Sanctions were imposed on Iran by the European Union.")
    sanctions = next(e for e in imposed if e.type == "SANCTION")
    assert sanctions.actor is not None and sanctions.actor.country == "IGO"
    assert sanctions.target is not None and sanctions.target.country == "IRN"


def test_a_stated_stance_and_an_office_in_a_capital_name_their_country() -> None:
    # PLOVER GSR (tuning half): the committed one agrees
    committed = code(
        "Planning and Investment Minister Tran Xuan Gia said Vietnam is committed to opening up the economy."
    )
    agree = _trig(committed, "committed")
    assert agree.actor is not None and agree.actor.country == "VNM"
    ministry = _trig(code("The Foreign Ministry in Beijing rejected the proposal."), "rejected")
    assert ministry.actor is not None and ministry.actor.country == "CHN"


def test_a_surname_of_several_countries_takes_the_one_its_sentence_names() -> None:
    met = _trig(code("Abbas met Israeli officials in Ramallah.", published=None), "met")
    assert met.actor is not None and met.actor.country == "PSE"


def test_a_sector_adjective_does_not_hide_the_clause_subject() -> None:
    drills = _trig(code("China staged military drills near Taiwan."), "drills")
    assert drills.type == "MOBILIZE"
    assert drills.actor is not None and drills.actor.country == "CHN"
    massed = _trig(code("The army massed troops along the border with Ukraine."), "massed")
    assert massed.actor is None or massed.actor.country != "UKR"
    assert _trig(code("North Korea test-fired a ballistic missile."), "fired").type == "MOBILIZE"
    assert _trig(code("The government called up 300,000 reservists."), "called").type == "MOBILIZE"


def test_a_title_before_any_name_is_the_nearest_holder_named_after_it() -> None:
    # VOA 8008456 opens with McCaul's "I think the president now has decided to lift the freeze on
    # intelligence and weapons"; "U.S. President Donald Trump" is named next, Putin only later.
    # The later name used to win, so Putin lifted a freeze on US aid.
    text = (
        "U.S. lawmakers welcomed Tuesday's announcement. “I think the president now has decided to "
        "lift the freeze on intelligence and weapons — very significant,” Republican Representative "
        "Michael McCaul told VOA. The United States announced last week that it would cease military "
        "aid, following the Oval Office clash between U.S. President Donald Trump and Ukrainian "
        "President Volodymyr Zelenskyy on Feb. 28. Trump said he would speak with Russian President "
        "Vladimir Putin this week."
    )
    lift = next(e for e in code(text) if e.trigger.text == "lift")
    assert lift.actor is not None and (lift.actor.name, lift.actor.country) == ("Donald Trump", "USA")
