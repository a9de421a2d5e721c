"""Claims and positions on the seed articles: the Kursk encirclement claim, its denial and its
relay; grouping into one contested claim; Putin's conditional yes to the 30-day ceasefire."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitrep import nlp
from sitrep.extract.claims import bearing, stance
from sitrep.extract.claims.positions import load_issues, position_of
from sitrep.link.claims import group_claims, mention_keys
from sitrep.records import ActorRef, ClaimMention

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "seeds"
ENCIRCLED = "Ukrainian troops are encircled in Kursk"
SUDZHA = "Russian troops captured Sudzha"

TRUMP = ActorRef("Donald Trump", "trump", "US")
PUTIN = ActorRef("Vladimir Putin", "putin", "RU")
GENERAL_STAFF = ActorRef("General Staff of the Armed Forces of Ukraine", "ua-general-staff", "UA")
KYIV_OFFICIALS = ActorRef("Ukrainian officials", None, "UA")


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def sentence(prefix: str, start: str) -> str:
    """The sentence of seed ``prefix`` that begins with ``start`` (up to its final stop)."""
    match = re.search(re.escape(start) + r".*?[.?!][”\"]?(?=\s|$)", seed(prefix))
    assert match, f"{start!r} not in seed {prefix}"
    return match.group()


def mention(
    prefix: str, text: str, claim: str, speaker: ActorRef | None, outlet: str, context: str | None = None
) -> ClaimMention:
    """A claim mention as the pipeline would build it: the proposition's span in the seed, its
    stance by stance() on the words around it (``context``, else the span itself)."""
    body = seed(prefix)
    start = body.index(text)
    label, _score = stance(claim, context or text)
    assert label != "unrelated", text
    return ClaimMention(text, prefix, start, start + len(text), label, speaker, outlet)


# --- stance ---------------------------------------------------------------------------------------


def test_general_staff_calls_the_encirclement_false_and_fabricated() -> None:
    text = sentence("003", "Officials in Kyiv claim that despite")
    assert "false and fabricated" in text
    label, score = stance(ENCIRCLED, text)
    assert label == "disputes"
    assert score > 0.5


def test_wsj_relays_a_disputed_report_promoted_by_moscow() -> None:
    text = sentence("002", "Speaking to reporters on Monday, Trump said")
    assert "a disputed report promoted by Moscow" in text
    assert stance(ENCIRCLED, text)[0] == "reports"


def test_trump_asserts_the_troops_are_surrounded() -> None:
    # The spun reprint's quote of Trump's post, in other words than the claim ("surrounded").
    quote = "Hundreds of Russian troops are completely surrounded by the Russian army"
    assert quote in seed("003")
    assert stance(ENCIRCLED, quote)[0] == "asserts"


def test_ukrainian_officials_deny_the_claims_of_trump_and_putin() -> None:
    text = sentence("002", "Kyiv has announced in recent days")
    assert stance(ENCIRCLED, text)[0] == "reports"  # the first sentence is the most related one
    denial = sentence("002", "Ukrainian officials have acknowledged a retreat")
    assert stance(ENCIRCLED, denial)[0] == "disputes"


def test_a_sentence_on_another_matter_is_unrelated() -> None:
    text = sentence("000", "Two Russian missile strikes hit")
    assert stance(ENCIRCLED, text)[0] == "unrelated"


def test_fighting_continued_in_sudzha_is_the_contrary_of_its_capture() -> None:
    syrskyi = sentence("000", "Ukraine’s top military commander, General Oleksandr Syrskiy")
    assert stance(SUDZHA, syrskyi)[0] == "disputes"
    russian_claim = sentence("000", "Unconfirmed reports on March 12")
    assert stance(SUDZHA, russian_claim)[0] == "reports"


def test_a_negation_the_claim_lacks_disputes_it() -> None:
    text = sentence("003", "Russia’s consent to a cease-fire is not")
    assert stance("Russia's consent to a cease-fire is necessary", text)[0] == "disputes"
    assert stance("Russia's consent to a cease-fire is not necessary", text)[0] == "asserts"


# ../shared from the repo root, one level further up from a worktree under wt/.
VOA = next(
    p
    for root in Path(__file__).resolve().parents[2:4]
    if (p := root / "shared" / "corpora" / "voa" / "voa_stories.jsonl").exists()
)


def voa_sentence(story: str, start: str) -> str:
    """The sentence of VOA story ``story`` (its id) that begins with ``start``."""
    for line in VOA.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == story:
            match = re.search(re.escape(start) + r".*?[.?!][”\"]?(?=\s|$)", record["text"])
            assert match, f"{start!r} not in VOA story {story}"
            return match.group()
    raise AssertionError(f"no VOA story {story}")


def test_a_teaser_question_before_its_statement_does_not_hedge_it() -> None:
    text = voa_sentence("8005899", "Mineral deal? Trump has voiced interest")
    claim = "Trump wants military aid conditional on access to Ukraine's raw materials"
    assert stance(claim, text)[0] == "asserts"


def test_a_question_that_carries_the_claim_asks_it() -> None:
    title = "Can the US pry Russia away from China?"
    assert title in VOA.read_text(encoding="utf-8")
    assert stance("The US can pry Russia away from China", title)[0] == "reports"


def test_an_alleged_bystander_does_not_hedge_the_event() -> None:
    text = voa_sentence("6202623", "The alleged coup plotters involved in the attempt")
    # "alleged" doubts who the plotters are, not that there was an attempt ...
    assert stance("There was an attempt to overthrow President Jovenel Moise on Feb. 7", text)[0] == "asserts"
    # ... but it hedges a claim about the plotters themselves.
    assert stance("Coup plotters tried to overthrow President Jovenel Moise", text)[0] == "reports"


def test_a_hedge_on_the_main_verbs_argument_hedges_the_claim_in_other_words() -> None:
    # "possible" on the subject of the sentence's own verb doubts what it states, though the
    # claim names the actions otherwise ...
    text = voa_sentence("6204569", '"The possible actions will include')
    assert stance("The measures will include an asset freeze and a travel ban", text)[0] == "reports"
    # ... while one on the object of a purpose clause doubts a side matter only.
    fu = voa_sentence("8009004", "Fu noted that China will convene")
    assert "to try to facilitate a possible deal" in fu
    assert stance("China will convene a meeting in Beijing with Iran and Russia", fu)[0] == "asserts"


def test_a_hedge_matches_a_tentative_claim() -> None:
    text = voa_sentence("8010842", "A potential ceasefire in the Russia-Ukraine war")
    # "could" states what the claim's "may" does ...
    assert stance("A ceasefire in the war may affect the United States", text)[0] == "asserts"
    # ... and doubts a claim stated as fact.
    assert stance("A ceasefire in the war will affect the United States", text)[0] == "reports"


def test_a_source_named_in_the_claim_is_no_relay() -> None:
    text = voa_sentence("6181316", "Most of the dogs are transported from West Java")
    assert text.endswith("according to the organization.")
    # The claim is the organisation's statement: citing the organisation states it ...
    claim = "The organization says most of the dogs are transported from West Java"
    assert stance(claim, text)[0] == "asserts"
    # ... a claim of the fact itself is relayed.
    assert stance("Most of the dogs are transported from West Java", text)[0] == "reports"


def test_a_debunked_theory_is_called_false() -> None:
    # "debunked" before its noun calls the theory false; "a disputed report" only relays a dispute
    # (test_wsj_relays_a_disputed_report_promoted_by_moscow).
    text = voa_sentence("8009973", "He also repeated debunked conspiracy theories")
    assert stance("The U.S. military brought the coronavirus to China", text)[0] == "disputes"


def test_a_question_of_how_takes_its_matter_for_granted() -> None:
    text = voa_sentence("7638284", "How to interpret the military drills")
    assert stance("China conducted military drills around Taiwan", text)[0] == "asserts"


def test_a_label_asked_before_a_statement_is_no_question_of_the_claim() -> None:
    record = next(
        r for r in map(json.loads, VOA.read_text(encoding="utf-8").splitlines()) if r["id"] == "6205696"
    )
    start = record["text"].index("The end of bordless travel?")
    text = record["text"][start : record["text"].index("as crucial.", start) + len("as crucial.")]
    assert stance("Borderless travel in Europe is ending", text)[0] == "asserts"


def test_declaring_admitting_and_acknowledging_relay_what_is_said() -> None:
    declared = voa_sentence("8006924", "which will, essentially, permanently shut down")
    assert declared.endswith("Trump declared.")
    claim = "The automobile manufacturing business in Canada will shut down"
    assert stance(claim, declared)[0] == "reports"
    admitted = voa_sentence("8010657", "While some youth in China admit")
    assert stance("Young Chinese spend an excessive amount of time on the internet", admitted)[0] == "reports"
    acknowledged = voa_sentence("8004380", "But Lutnick acknowledged that the tariffs")
    assert stance("The tariffs will lead to higher prices", acknowledged)[0] == "reports"


def test_telling_a_thing_is_no_attribution_telling_reporters_is() -> None:
    text = voa_sentence("6205362", "The EU’s passenger locator form")
    assert "tell the truth" in text
    assert stance("The EU's passenger locator form had to be completed online", text)[0] == "asserts"
    told = voa_sentence("8005899", "And that would take a little bit more time")
    assert told.endswith("he told reporters.")
    assert stance("A deal on minerals would take more time", told)[0] == "reports"


def test_cited_as_saying_relays() -> None:
    text = voa_sentence("8010476", "The Financial Times cited")
    assert stance("The Jairan departed China in early February", text)[0] == "reports"


def test_a_negation_denies_its_predicate_not_its_subject() -> None:
    text = voa_sentence("8008456", "Russia has not agreed to the ceasefire")
    assert stance("Russia agreed to the ceasefire", text)[0] == "disputes"
    # "it had not been loaded" says nothing against the vessel's arrival in China.
    vessel = voa_sentence("8010476", "That meant the Iranian vessel was sitting")
    assert stance("The Iranian vessel arrived in eastern China late last year", vessel)[0] == "asserts"


def test_stance_judges_a_whole_article_by_its_most_related_sentence() -> None:
    label, _score = stance(ENCIRCLED, seed("003"))
    assert label == "disputes"


def test_bearing_lists_the_evidence_spans_of_an_article() -> None:
    body = seed("002")
    doc = next(iter(nlp.parse([body])))
    spans = bearing(ENCIRCLED, doc)
    by_text = {body[a.start : a.end]: a.label for a in spans}
    denial = sentence("002", "Ukrainian officials have acknowledged a retreat")
    relay = sentence("002", "Speaking to reporters on Monday, Trump said")
    assert by_text[denial] == "disputes"
    assert by_text[relay] == "reports"
    assert sentence("002", "Herbst noted that Witkoff") not in by_text


# --- grouping ------------------------------------------------------------------------------------


def encirclement_mentions() -> list[ClaimMention]:
    denial = sentence("002", "Ukrainian officials have acknowledged a retreat")
    return [
        mention(
            "003",
            "A group of Russian troops were “isolated” in the Kursk location",
            ENCIRCLED,
            TRUMP,
            "RFE/RL",
        ),
        # One sentence, both sides: Putin's claim as the WSJ relays it, and Kyiv's denial of it.
        mention(
            "002",
            "a large-scale encirclement of troops",
            ENCIRCLED,
            PUTIN,
            "WSJ",
            context="claims by Trump and Putin of a large-scale encirclement of troops",
        ),
        mention(
            "002", "a large-scale encirclement of troops", ENCIRCLED, KYIV_OFFICIALS, "WSJ", context=denial
        ),
        mention(
            "003",
            "the alleged “encirclement” of Ukrainian units are false and fabricated",
            ENCIRCLED,
            GENERAL_STAFF,
            "RFE/RL",
        ),
        mention(
            "002",
            "Ukrainian forces have been surrounded by a Russian counteroffensive in Kursk",
            ENCIRCLED,
            None,
            "WSJ",
            context="a disputed report promoted by Moscow that Ukrainian forces have been surrounded by a "
            "Russian counteroffensive in Kursk and are on the cusp of being massacred",
        ),
    ]


def test_the_encirclement_is_one_contested_claim_with_both_sides() -> None:
    mentions = encirclement_mentions()
    strike = sentence("000", "Two Russian missile strikes hit")
    start = seed("000").index(strike)
    other = ClaimMention(strike, "000", start, start + len(strike), "asserts", None, "RFE/RL")
    claims = group_claims([*mentions, other])
    encirclement = next(c for c in claims if len(c.mentions) == len(mentions))
    assert encirclement.status == "contested"
    assert {a.actor_id for a in encirclement.asserted_by} >= {"trump", "putin"}
    assert "ua-general-staff" in {a.actor_id for a in encirclement.disputed_by}
    assert len({m.article_id for m in encirclement.mentions}) >= 2
    assert {m.stance for m in encirclement.mentions} == {"asserts", "reports", "disputes"}
    assert encirclement.sources == ["RFE/RL", "WSJ"]
    assert claims[0] is encirclement  # contested claims come first
    assert any(c.mentions[0].start == start and c.status == "single-source" for c in claims)


def test_a_verbatim_reprint_is_one_source_not_two() -> None:
    text = "Ukraine seized a swath of the Kursk region in a stealth incursion in August"
    assert text in seed("000")
    original = ClaimMention(text, "000", 0, len(text), "asserts", None, "RFE/RL")
    reprint = ClaimMention(text, "reprint-of-000", 0, len(text), "asserts", None, "Other Daily")
    (claim,) = group_claims([original, reprint], {"reprint-of-000": "000"})
    assert claim.status == "single-source"
    assert claim.independent_sources == 1
    (claim,) = group_claims([original, reprint])
    assert claim.status == "corroborated"


def test_mention_keys_ignore_stance_cues_and_unify_paraphrases() -> None:
    denial = mention_keys("reports of the alleged encirclement of Ukrainian units are false and fabricated")
    relay = mention_keys("Ukrainian forces have been surrounded")
    assert denial == relay


# --- positions -----------------------------------------------------------------------------------


def test_putin_agrees_to_cease_hostilities_on_conditions() -> None:
    body = seed("001")
    start = body.index("“We agree with the proposals to cease hostilities")
    statement = body[start : body.index("\n", start)]
    positions = {issue: (st, cond) for issue, st, cond in position_of(statement)}
    stance_, conditions = positions["ceasefire_30day"]
    assert stance_ == "conditional"
    assert conditions is not None and "eliminate the original causes of this crisis" in conditions


def test_russia_is_against_european_peacekeepers() -> None:
    text = sentence("000", "Moscow has so far been against a European peacekeeping force")
    assert ("peacekeepers", "oppose", None) in position_of(text)


def test_zelensky_praises_the_ceasefire_proposal() -> None:
    text = sentence("000", "Earlier in the day, Ukrainian President Volodymyr Zelenskyy praised")
    assert ("ceasefire_30day", "support", None) in position_of(text)


def test_putin_agrees_in_principle_but_wants_details_addressed() -> None:
    text = sentence("003", "Putin said a moment earlier that he agrees in principle")
    positions = {issue: (st, cond) for issue, st, cond in position_of(text)}
    stance_, conditions = positions["ceasefire_30day"]
    assert stance_ == "conditional"
    assert conditions is not None and "American arms sales to Kyiv" in conditions


def test_the_default_issue_set_is_contracts() -> None:
    keys = [issue.key for issue in load_issues()]
    assert keys == [
        "ceasefire_30day",
        "ceasefire_conditions",
        "peace_talks",
        "sanctions_on_russia",
        "military_aid_ukraine",
        "territorial_concessions",
        "peacekeepers",
        "nato_membership",
        "security_guarantees",
        "energy_infrastructure",
        "prisoner_exchange",
    ]
    assert all(issue.description and issue.cues.by_first for issue in load_issues())


def test_users_can_bring_their_own_issues(tmp_path: Path) -> None:
    path = tmp_path / "issues.toml"
    path.write_text('[minerals_deal]\ndescription = "A US-Ukraine minerals deal"\ncues = ["minerals deal"]\n')
    issues = load_issues(path)
    text = sentence("000", "Trump and Zelenskyy intended to sign the deal")
    assert position_of(text, issues=issues) == []  # no minerals-deal cue in it
    text = "We welcome the minerals deal, but only if it includes security guarantees."
    ((issue, stance_, conditions),) = position_of(text, issues=issues)
    assert (issue, stance_) == ("minerals_deal", "conditional")
    assert conditions == "it includes security guarantees"


@pytest.mark.parametrize(
    "name",
    [
        "refute",
        "hedge",
        "report",
        "attribution",
        "negation",
        "claim_nouns",
        "counterfactual",
        "estimate",
        "plan",
        "prevent",
        "intention",
        "permission",
    ],
)
def test_cue_lists_load(name: str) -> None:
    from sitrep.extract.claims.lexicon import cues

    assert cues(name).by_first


def test_one_wording_parsed_two_ways_is_not_a_dispute() -> None:
    # The same quote reported as "no-signal" and "no signal": the negation is the speaker's own,
    # not a denial of the other wording.
    one = ClaimMention(
        "It's a no-signal area, the attackers stopped the train there", "a", 0, 60, "asserts", None, "VOA"
    )
    two = ClaimMention(
        "It's a no signal area, the attackers stopped the train there", "b", 0, 60, "disputes", None, "AP"
    )
    (claim,) = group_claims([one, two])
    assert claim.status == "corroborated"
    assert {m.stance for m in claim.mentions} == {"asserts"}


def test_an_issue_named_only_in_a_condition_takes_no_stance() -> None:
    from sitrep import nlp
    from sitrep.extract.claims.stances import extract_positions
    from sitrep.records import Article

    text = (
        "Earlier in the week, Trump suggested that he could unleash more severe economic sanctions "
        "against Moscow if it would not cooperate on a cease-fire deal."
    )
    article = Article(id="a", source="voa", text=text, content_hash="h", published="2025-03-13")
    doc = next(iter(nlp.parse([text])))
    stances = {(m.issue, m.stance) for m in extract_positions(article, doc, [])}
    assert not any(issue == "ceasefire_30day" for issue, _ in stances), stances


def test_not_confirming_a_death_doubts_it_without_denying_it() -> None:
    text = voa_sentence("8006651", "Despite media reports, Hayat did not confirm")
    assert stance("The train driver died of his injuries", text)[0] == "reports"


def test_everyday_words_alone_make_no_proposition_in_common() -> None:
    # The example corpus: Trump on sanctions (seed 001) and Herbst on Putin (Hindustan Times) share
    # only "want" and "things", rare in a corpus of a few hundred sentences but everyday English.
    trump = ClaimMention(
        "I don’t want to do that because I want to get peace. In a financial sense, yes, we could do things "
        "that would be very bad for Russia, that would be devastating for Russia",
        "001",
        4679,
        4849,
        "asserts",
        ActorRef("Donald Trump"),
        None,
    )
    herbst = ClaimMention(
        "He wants to drag things out", "002", 4403, 4430, "asserts", ActorRef("John Herbst"), None
    )
    again = ClaimMention(
        "We could do things very bad for Russia. Would be devastating for Russia. But I don’t want to do that",
        "004",
        614,
        742,
        "asserts",
        ActorRef("Donald Trump"),
        None,
    )
    claims = group_claims([trump, herbst, again])
    assert sorted(len(c.mentions) for c in claims) == [1, 2]
    assert next(c for c in claims if len(c.mentions) == 1).mentions[0].article_id == "002"


def test_support_not_given_so_far_is_undecided_and_a_refusal_is_opposition() -> None:
    from sitrep import nlp
    from sitrep.extract.claims.stances import extract_positions
    from sitrep.records import Article

    def stances(text: str) -> set[tuple[str, str]]:
        article = Article(id="a", source="voa", text=text, content_hash="h", published="2025-03-11")
        doc = next(iter(nlp.parse([text])))
        return {(m.issue, m.stance) for m in extract_positions(article, doc, [])}

    assert ("ceasefire_30day", "undecided") in stances("Russia has not agreed to the 30-day ceasefire.")
    assert ("ceasefire_30day", "oppose") in stances("Russia did not agree to the 30-day ceasefire.")
