"""Claim stance rules of general English on made-up headlines: one test a rule."""

from __future__ import annotations

from sitrep import nlp
from sitrep.extract.claims.stance import assess, strongest

CAPTURED = "Russian forces captured Avdiivka"


def judged(claim: str, headline: str) -> tuple[str, tuple[str, ...]]:
    """The stance of a headline known to bear on the claim, and the signals that decided it."""
    doc = next(iter(nlp.parse([headline])))
    best = strongest(assess(claim, doc, known_related=True))
    return best.label, best.signals


def test_failing_or_nearly_doing_a_deed_says_it_was_not_done() -> None:
    assert judged(CAPTURED, "Russian forces failed to capture Avdiivka") == (
        "disputes",
        ("counterfactual:fail to",),
    )
    assert judged(CAPTURED, "Russian forces nearly captured Avdiivka")[0] == "disputes"
    assert judged(CAPTURED, "Russian forces have yet to capture Avdiivka")[0] == "disputes"
    # "nearly" on a number, not on the deed, takes nothing from it.
    assert judged("Nearly 100 soldiers were killed in Avdiivka", "Nearly 100 soldiers killed in Avdiivka")[
        0
    ] == ("asserts")
    # Failing to prevent it lets it go ahead.
    assert judged(CAPTURED, "Ukraine failed to stop Russian forces capturing Avdiivka")[0] == "asserts"
    # A claim about the failure itself is not disputed by it.
    assert judged("The talks failed to reach a deal", "Talks fail to reach a deal")[0] == "asserts"


def test_a_claim_set_as_a_condition_is_not_stated() -> None:
    assert judged(CAPTURED, "If Russian forces capture Avdiivka, Ukraine loses its anchor") == (
        "reports",
        ("conditional",),
    )
    # A condition on the reader says nothing of the claim.
    assert judged(
        "Apple Watch appointments will be taken at Apple Stores",
        "If you want an Apple Watch, Apple Stores will take appointments",
    )[0] == ("asserts")


def test_a_saying_named_as_a_noun_relays() -> None:
    assert judged(CAPTURED, "Allegation that Russian forces captured Avdiivka") == (
        "reports",
        ("report:allegation",),
    )


def test_a_participle_describing_the_source_before_a_colon_keeps_it_a_source() -> None:
    # "Ousted" is tagged a verb (an attributive participle): the phrase is still a role, no statement.
    assert judged(CAPTURED, "Ousted minister: Russian forces captured Avdiivka") == (
        "reports",
        ("attribution:source",),
    )


def test_first_person_words_anywhere_after_a_label_are_its_words() -> None:
    assert judged(
        "ISIS seized U.S. weapons dropped for Kurdish fighters",
        "ISIS video: U.S. weapons dropped for Kurds now in our hands",
    ) == ("reports", ("attribution:source",))
    # "US" in capitals is the country, not "us".
    assert judged(
        "ISIS seized weapons dropped by the US",
        "Pentagon: ISIS seized weapons dropped by US",
    )[0] == ("asserts")


def test_a_verb_of_saying_ending_the_headline_after_a_comma_relays_what_precedes() -> None:
    assert judged(CAPTURED, "Russian forces captured Avdiivka, Ukraine's army chief admits") == (
        "reports",
        ("attribution:admit",),
    )


def test_a_source_cited_with_per_or_via_relays() -> None:
    assert judged(CAPTURED, "Russian forces captured Avdiivka, per TASS") == ("reports", ("attribution:per",))
    assert judged(CAPTURED, "Russian forces captured Avdiivka, via local media")[0] == "reports"
    # "via" a place is a route, not a source.
    assert judged(CAPTURED, "Russian forces captured Avdiivka via the northern road")[0] == "asserts"


def test_seeing_or_putting_a_figure_is_an_estimate() -> None:
    claim = "The gold Apple Watch will cost 950 dollars"
    assert judged(claim, "Citi sees gold Apple Watch at 950 dollars") == ("reports", ("estimate:see",))
    assert judged("The attack killed 300 soldiers", "Officials put the toll of the attack at 300 soldiers")[
        0
    ] == ("reports")
    # Without a subject it is the reader told to look ("See how ..."); without a figure, a sight.
    assert judged(claim, "See the gold Apple Watch that costs 950 dollars")[0] == "asserts"


def test_a_doubt_about_how_or_why_takes_the_thing_for_granted() -> None:
    assert judged(CAPTURED, "It is unclear why Russian forces captured Avdiivka")[0] == "asserts"
    assert judged(CAPTURED, "Kyiv isn't sure how Russian forces captured Avdiivka")[0] == "asserts"
    # A doubt whether it happened still doubts it.
    assert judged(CAPTURED, "It is unclear whether Russian forces captured Avdiivka")[0] == "reports"


def test_claiming_a_thing_claims_it_but_claiming_lives_is_a_toll() -> None:
    assert judged(CAPTURED, "Russia claims control of Avdiivka") == ("reports", ("attribution:claim",))
    assert (
        judged("Shelling killed ten people in Avdiivka", "Shelling in Avdiivka claims ten lives")[0]
        == "asserts"
    )


def test_an_outlet_set_apart_by_a_bar_is_the_source() -> None:
    assert judged(CAPTURED, "Russian forces capture Avdiivka | TASS") == ("reports", ("attribution:source",))


def test_staying_on_is_the_contrary_of_shutting_down_and_health_of_illness() -> None:
    assert judged("Apple will shut down Beats Music", "Apple's Beats Music service is sticking around") == (
        "disputes",
        ("contrary:stick around",),
    )
    assert judged("Kim Jong-un is ill", "Kim Jong-un is healthy, state media say")[0] == "disputes"


def test_making_it_up_is_invention_making_up_ones_mind_or_a_share_is_not() -> None:
    earned = "A high schooler earned 72 million in the stock market"
    assert judged(earned, "Boy genius investor made it all up about his 72 million") == (
        "disputes",
        ("refute:made up",),
    )
    assert judged(earned, "The 72 million stock market story was made up")[0] == "disputes"
    assert judged(earned, "High schooler made up his mind to earn 72 million in the stock market")[0] == (
        "asserts"
    )
    assert judged("Women make up 20% of the stock market", "Women make up 20% of the stock market")[0] == (
        "asserts"
    )


def test_denying_a_limit_says_more_not_less() -> None:
    germany = "The Apple Watch will be available in Germany at launch"
    assert (
        judged(germany, "Apple Watch won't be a U.S.-only launch, available in Germany too")[0] == "asserts"
    )
    assert judged(CAPTURED, "Russian forces captured not just Avdiivka")[0] == "asserts"
    assert judged(CAPTURED, "Russian forces did not capture Avdiivka")[0] == "disputes"


def test_a_modal_on_a_superlative_rates_the_thing_it_does_not_doubt_it() -> None:
    letter = "A developer quit his job with a resignation letter hidden in a video game"
    assert judged(letter, "This resignation letter hidden in a video game could be the greatest ever")[0] == (
        "asserts"
    )
    assert judged(letter, "This resignation letter hidden in a video game could be a hoax")[0] != "asserts"
    assert judged(CAPTURED, "Russian forces captured Avdiivka, it may be their biggest gain this year")[
        0
    ] == ("asserts")


def test_a_plan_asserts_a_claim_of_what_will_be_and_hedges_one_of_what_was() -> None:
    will = "New York police will stop arrests for marijuana possession"
    assert judged(will, "New York plans to stop arrests for marijuana possession")[0] == "asserts"
    was = "New York police stopped arrests for marijuana possession"
    assert judged(was, "New York plans to stop arrests for marijuana possession") == (
        "reports",
        ("hedge:plan to",),
    )


def test_a_denial_or_retraction_named_as_a_noun_disputes() -> None:
    assert judged(CAPTURED, "Kyiv issues denial of Russian forces capturing Avdiivka")[0] == "disputes"
    assert judged(CAPTURED, "Retraction: Russian forces captured Avdiivka story was wrong")[0] == "disputes"


def test_a_hedge_set_apart_as_the_label_hedges_what_follows() -> None:
    assert judged(CAPTURED, "Unconfirmed: Russian forces captured Avdiivka") == (
        "reports",
        ("hedge:unconfirmed",),
    )
    assert judged(CAPTURED, "Rumour: Russian forces captured Avdiivka") == ("reports", ("hedge:rumour",))


def test_denying_the_intention_is_no_denial_of_the_deed() -> None:
    shot = "A soldier shot a protester"
    assert judged(shot, "Soldier: I never intended to shoot the protester")[0] != "disputes"
    assert judged(shot, "The soldier did not shoot the protester")[0] == "disputes"


def test_a_negated_permission_states_a_ban_not_a_denial() -> None:
    ban = "North Korea banned citizens from sharing Kim Jong Un's name"
    assert judged(ban, "No one in North Korea is allowed to share Kim Jong Un's name")[0] == "asserts"
    allowed = "North Koreans are allowed to share Kim Jong Un's name"
    assert judged(allowed, "No one in North Korea is allowed to share Kim Jong Un's name")[0] == "disputes"
    # An opening "No" answering the claim still disputes it.
    assert judged(ban, "No, North Korea did not ban sharing Kim Jong Un's name")[0] == "disputes"


def test_a_contrary_of_a_description_in_the_claim_does_not_dispute_what_it_states() -> None:
    cat = "A cat that was believed dead dug himself out of his grave"
    assert judged(cat, "Cat digs himself out of his grave after being buried alive")[0] == "asserts"
    assert judged("The cat is dead", "The cat is alive")[0] == "disputes"


def test_putting_troops_somewhere_is_a_deed_not_an_estimate() -> None:
    troops = "Russia moved 10,000 troops to the border"
    assert judged(troops, "Russia put 10,000 troops on the border")[0] == "asserts"


def test_failing_at_another_deed_says_nothing_against_the_claim() -> None:
    assert judged(CAPTURED, "Ukrainian troops failed to hold Avdiivka as Russian forces captured it")[0] == (
        "asserts"
    )
    assert (
        judged(CAPTURED, "Russian forces captured Avdiivka, but failed to capture Kupiansk")[0] == "asserts"
    )


def test_a_place_that_sees_a_toll_makes_no_estimate() -> None:
    assert judged("Shelling killed 10 people in Kharkiv", "Kharkiv sees 10 people killed in shelling")[0] == (
        "asserts"
    )


def test_a_hedge_in_a_sentence_of_its_own_hedges_that_sentence() -> None:
    assert judged(CAPTURED, "Russian forces captured Avdiivka. What happens next is unclear")[0] == "asserts"
    assert judged(CAPTURED, "Russian forces captured Avdiivka; Ukraine may counterattack")[0] == "asserts"
    assert judged(CAPTURED, "Avdiivka is under attack. Russian forces may have captured it")[0] == "reports"


def test_a_doubt_about_another_matter_does_not_hedge_the_claim() -> None:
    assert judged(CAPTURED, "Russian forces captured Avdiivka, raising questions about Ukraine's defences")[
        0
    ] == ("asserts")
    assert judged(CAPTURED, "Questions over whether Russian forces captured Avdiivka")[0] == "reports"


def test_a_wh_question_takes_what_it_asks_about_for_granted() -> None:
    assert judged(CAPTURED, "What does the capture of Avdiivka by Russian forces mean?")[0] == "asserts"
    assert judged(CAPTURED, "Who is to blame for Russian forces capturing Avdiivka?")[0] == "asserts"
    # "What if" supposes it; a yes/no question asks it.
    assert judged(CAPTURED, "What if Russian forces capture Avdiivka?")[0] == "reports"
    assert judged(CAPTURED, "Did Russian forces capture Avdiivka?")[0] == "reports"
