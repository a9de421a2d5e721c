"""Claim stance rules on real headlines: Emergent's tune half (read from ../shared at test time,
never copied here; the test half is kept for reporting) and the VOA corpus."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest

from sitrep import nlp
from sitrep.extract.claims import stance
from sitrep.extract.claims.stance import assess, strongest

# ../shared from the repo root, one level further up from a worktree under wt/.
SHARED = next(
    (d for root in Path(__file__).resolve().parents[1:4] if (d := root / "shared").is_dir()),
    Path(__file__).resolve().parents[2] / "shared",
)
EMERGENT = SHARED / "eval" / "claims" / "emergent" / "url-versions-2015-06-14-clean.csv"
VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"

pytestmark = pytest.mark.skipif(not EMERGENT.exists(), reason="Emergent gold set not in ../shared")


def tune_pair(article_id: str, claim_id: str) -> tuple[str, str]:
    """The claim and the headline of one Emergent row, which must be in the tune half (the split of
    bench/claims.py: a hash of the claim id)."""
    assert int(hashlib.sha256(claim_id.encode()).hexdigest()[:8], 16) % 2 == 0, "not a tune-half claim"
    with EMERGENT.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["articleId"] == article_id and row["claimId"] == claim_id:
                return row["claimHeadline"], row["articleHeadline"]
    raise AssertionError(f"no Emergent row {article_id} / {claim_id}")


def judged(claim: str, headline: str) -> tuple[str, tuple[str, ...]]:
    """The stance of a headline known to bear on the claim, and the signals that decided it."""
    doc = next(iter(nlp.parse([headline])))
    best = strongest(assess(claim, doc, known_related=True))
    return best.label, best.signals


def voa_sentence(story: str, start: str) -> str:
    for line in VOA.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == story:
            match = re.search(re.escape(start) + r".*?[.?!][”\"]?(?=\s|$)", record["text"])
            assert match, f"{start!r} not in VOA story {story}"
            return match.group()
    raise AssertionError(f"no VOA story {story}")


def test_a_note_saying_something_else_relays_nothing_of_the_claim() -> None:
    claim, headline = tune_pair(
        "0ca50b60-9094-11e4-9799-c7e75be2bcad", "567bf500-905d-11e4-9799-c7e75be2bcad"
    )
    assert "note saying she would never be happy" in headline
    assert judged(claim, headline)[0] == "asserts"


def test_passing_on_a_role_is_the_contrary_of_playing_it() -> None:
    claim, headline = tune_pair(
        "05469200-6397-11e4-b3d8-a32d8ec8ad5e", "f4b073e0-54c6-11e4-b6a0-9705a8f94440"
    )
    label, signals = judged(claim, headline)
    assert (label, signals[:1]) == ("disputes", ("contrary:pass on",))


def test_a_headline_in_capitals_is_parsed_sentence_cased() -> None:
    # "BATMOBILE NOT STOLEN, MTV CONTEST PRIZE REMAINS UNCLAIMED": in capitals the tagger takes
    # STOLEN for a name and the negation for a name's; sentence-cased, the comma-joined clause
    # with a subject of its own is a statement of the headline's.
    claim, headline = tune_pair(
        "6d937d80-3c20-11e4-bc0b-3f922b93930d", "ee3af700-3ab9-11e4-bc0b-3f922b93930d"
    )
    assert headline.isupper()
    assert judged(claim, headline) == ("disputes", ("negation",))


def test_a_negated_noun_after_another_is_an_elliptic_predicate() -> None:
    claim, headline = tune_pair(
        "ced882c0-38fb-11e4-ae63-d5574342724c", "c3928470-383c-11e4-ae63-d5574342724c"
    )
    assert "explosion not a meteorite" in headline
    assert judged(claim, headline)[0] == "disputes"


def test_a_hedge_on_the_reader_does_not_hedge_the_claim() -> None:
    for article_id, claim_id in (
        ("65d07660-c353-11e4-8747-5b024dd6dd6c", "6285fbc0-c352-11e4-8747-5b024dd6dd6c"),
        ("12cd5b50-c67c-11e4-883c-a7fa7a3c5066", "9b30e4a0-c67a-11e4-883c-a7fa7a3c5066"),
    ):
        claim, headline = tune_pair(article_id, claim_id)
        assert re.search(r"\b[Yy]ou('ll)? (may|probably)\b", headline)
        assert judged(claim, headline)[0] == "asserts", headline


def test_would_hedges_but_not_inside_would_be_or_after_a_past_report() -> None:
    claim, headline = tune_pair(
        "5ce0c8c0-a4c7-11e4-aa4f-ff16e52e0d56", "9ad13f60-a4c3-11e4-aa4f-ff16e52e0d56"
    )
    assert headline.startswith("Would-be")
    assert judged(claim, headline)[0] == "asserts"
    # A conditional states what is not so yet ...
    body = voa_sentence("7810159", "A U.S.-Japan nuclear consultative body would focus")
    claim = "A U.S.-Japan nuclear consultative body focuses on nuclear threats from China and Russia"
    assert "hedge:would" in judged(claim, body.removesuffix(", analysts say."))[1]
    # ... but "announced that it would" reports the announced "will".
    announced = voa_sentence("8008456", "The United States announced last week that it would cease")
    assert stance("The United States will cease military aid to Ukraine", announced)[0] == "asserts"


def test_others_belief_and_deliberation_hedge() -> None:
    # "Woman feared kidnapped by ISIS" (the headline's clause before it says she is safe).
    feared = tune_pair("507bda70-7a1a-11e4-b794-93ed794d7b91", "4d949950-78b7-11e4-b794-93ed794d7b91")
    assert "Feared Kidnapped" in feared[1]
    assert "hedge:feared" in judged(feared[0], feared[1].split(",")[1])[1]
    claim, headline = tune_pair(
        "2975b9b0-429c-11e4-9e78-ff09d5b0049d", "d882d9b0-4292-11e4-9e78-ff09d5b0049d"
    )
    assert judged(claim, headline) == ("reports", ("hedge:rethink",))


def test_a_role_before_a_name_set_apart_by_a_colon_is_a_source() -> None:
    claim, headline = tune_pair(
        "4df920e0-4fcd-11e4-b6a0-9705a8f94440", "1357a7d0-4fc9-11e4-b6a0-9705a8f94440"
    )
    assert headline.startswith("Rep. ")
    assert judged(claim, headline) == ("reports", ("attribution:source",))


def test_a_hoaxer_and_falling_for_a_fake_dispute() -> None:
    claim, headline = tune_pair(
        "107190d0-6c02-11e4-b528-9d5aa2d2e8e7", "1abbebf0-428e-11e4-9e78-ff09d5b0049d"
    )
    assert "refute:hoaxer" in judged(claim, headline)[1]
    claim, headline = tune_pair(
        "455d3110-a58b-11e4-aa4f-ff16e52e0d56", "457d0a90-a58a-11e4-aa4f-ff16e52e0d56"
    )
    assert "refute:fall for" in judged(claim, headline)[1]


def test_wishing_it_had_happened_says_it_did_not() -> None:
    claim, headline = tune_pair(
        "fffb30a0-1bff-11e4-8c09-cd48fe37674e", "26440980-1bd3-11e4-8c09-cd48fe37674e"
    )
    assert headline.startswith("If Only")
    assert judged(claim, headline) == ("disputes", ("refute:if only",))


def test_a_ceasefire_in_jeopardy_is_in_doubt() -> None:
    claim, headline = tune_pair(
        "248372b0-5969-11e4-aaf5-a1ddcfbcd5a9", "110c5f80-5630-11e4-aaf5-a1ddcfbcd5a9"
    )
    assert judged(claim, headline) == ("reports", ("hedge:in jeopardy",))


def test_a_belief_held_by_others_relays_it() -> None:
    text = voa_sentence("6203896", "Some believe the attack was a blunder")
    assert stance("The attack was a blunder by Ivorian authorities", text)[0] == "reports"
