"""What makes a claim contested, and which claims the report lists first, on the five seeds.

A claim is contested only when another actor disputes the same proposition: a speaker's hedge or
negation inside his own quote, the outlet sentence relaying that quote, and an unrelated speaker's
negated sentence about the same topic never contest it (the noise the summary once led with).
"""

from __future__ import annotations

from sitrep import briefing
from sitrep.link.claims import NEGATORS, _negation_only
from sitrep.query import Query
from sitrep.records import Claim
from sitrep.store import SQLStore


def claim_with(store: SQLStore, words: str) -> Claim:
    """The claim one of whose mentions says ``words``."""
    texts = {a.id: a.text for a in store.articles()}
    found = [
        c
        for c in store.records("claims")
        if any(words in texts[m.article_id][m.start : m.end] for m in c.mentions)
    ]
    assert len(found) == 1, [c.text for c in found]
    return found[0]


def disputers(claim: Claim) -> set[str]:
    return {a.name for a in claim.disputed_by}


def test_a_speaker_hedging_inside_his_own_quote_does_not_contest_it(seeds_store: SQLStore) -> None:
    # "Russia has no way out but cease-fire. If needed we will sanction it, but I hope we won't
    # need to," Trump said: a negation in his quote, relayed by the outlet's sentence round it.
    claim = claim_with(seeds_store, "If needed we will sanction it")
    assert claim.status != "contested"
    assert "Donald Trump" not in disputers(claim)
    # his words assert what he says: no side of the board shows him disputing himself
    assert "Donald Trump" in {a.name for a in claim.asserted_by}
    assert not [m for m in claim.mentions if m.stance == "disputes"]


def test_an_outlet_relaying_a_speakers_negation_is_not_disputed_by_him(seeds_store: SQLStore) -> None:
    # "Kremlin spokesman Dmitry Peskov said there are still no plans for a meeting ...": the outlet
    # carries Peskov's words; Peskov does not dispute the outlet.
    claim = claim_with(seeds_store, "Dmitry Peskov said Moscow was")
    assert claim.status != "contested"
    assert "Dmitry Peskov" not in disputers(claim)


def test_witkoffs_face_the_nation_sentence_is_not_contested(seeds_store: SQLStore) -> None:
    # Orban's "Europe can't afford to defend Ukraine" is about another proposition.
    claim = claim_with(seeds_store, "told Face the Nation Sunday")
    assert claim.status != "contested"
    assert not claim.disputed_by


def test_only_the_encirclement_and_sudzha_are_contested_on_the_seeds(seeds_store: SQLStore) -> None:
    contested = [c for c in seeds_store.records("claims") if c.status == "contested"]
    encircled = claim_with(seeds_store, "a large-scale encirclement of troops")
    sudzha = claim_with(seeds_store, "their troops had captured more settlements, including Sudzha")
    assert {c.id for c in contested} == {encircled.id, sudzha.id}


def test_the_seed_storys_board_leads_with_the_encirclement_then_sudzha(seeds_store: SQLStore) -> None:
    report = briefing.build_report(Query(seeds_store))
    board = max(report.stories, key=lambda s: len(s.claims_board)).claims_board
    encircled = claim_with(seeds_store, "a large-scale encirclement of troops")
    sudzha = claim_with(seeds_store, "their troops had captured more settlements, including Sudzha")
    # the encirclement has more named actors on both sides (Trump, Putin; the General Staff)
    assert [c.id for c in board[:2]] == [encircled.id, sudzha.id]
    assert board[0].status == board[1].status == "contested"
    assert board[2].status != "contested"


def test_contractions_count_as_negators() -> None:
    assert NEGATORS.search("Europe can’t afford to defend Ukraine")
    assert NEGATORS.search("we won't need to")
    assert not NEGATORS.search("the notion of a cease-fire")


def test_a_refutation_is_more_than_a_negation() -> None:
    assert _negation_only("There is no danger of our units being encircled")
    assert not _negation_only("reports of the encirclement are not true but false and fabricated")
    assert not _negation_only("troops are encircled")


def test_sentences_sharing_only_a_name_and_a_topic_are_not_one_claim(seeds_store: SQLStore) -> None:
    # Witkoff's Face-the-Nation sentence shares "Trump's special envoy Steve Witkoff ... Moscow"
    # with sentences about his trip and Waltz's call: only its own quote belongs with it.
    claim = claim_with(seeds_store, "told Face the Nation Sunday")
    texts = {a.id: a.text for a in seeds_store.articles()}
    said = {texts[m.article_id][m.start : m.end] for m in claim.mentions}
    sentence = max(said, key=len)
    assert all(s in sentence for s in said), said


def test_a_denial_quoting_the_claim_it_denies_still_disputes_it(seeds_store: SQLStore) -> None:
    # "Ukrainian officials ... denied claims by Trump and Putin of a large-scale encirclement":
    # the denial's span holds Trump's and Putin's claim, which it does not relay but contests.
    claim = claim_with(seeds_store, "a large-scale encirclement of troops")
    assert {"Ukrainian officials", "armed forces general staff"} <= disputers(claim)
    assert not disputers(claim) & {a.name for a in claim.asserted_by}
