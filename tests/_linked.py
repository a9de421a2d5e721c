"""Fused events, claims and positions written by hand into a copy of the example store.

Their spans are found in the real article text by phrase. Where no stage writes
one of these tables yet, a stand-in stage declares it for the test's lifetime.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sitrep import stages
from sitrep.link.text import split_sentences
from sitrep.records import ActorRef, Claim, ClaimEvidence, FusedEvent, Mention, Position
from sitrep.store import SQLStore

USA = ActorRef("United States", None, "USA", "GOV")
UKR = ActorRef("Ukraine", None, "UKR", "GOV")
RUS = ActorRef("Russia", None, "RUS", "GOV")
TRUMP = ActorRef("Donald Trump", None, "USA", "GOV")
PUTIN = ActorRef("Vladimir Putin", None, "RUS", "GOV")
ZELENSKY = ActorRef("Volodymyr Zelensky", None, "UKR", "GOV")
UKR_STAFF = ActorRef("Ukraine's general staff", None, "UKR", "MIL")
SPECS = {
    "fused_events": stages.TableSpec("fused_events", FusedEvent, per_article=False, columns=("type", "date")),
    "claims": stages.TableSpec("claims", Claim, per_article=False, columns=("status",)),
    "positions": stages.TableSpec(
        "positions", Position, per_article=False, columns=("issue", "stance", "date")
    ),
}
STAND_IN = "test_linked_tables"


@contextmanager
def linked_tables() -> Iterator[None]:
    """Declare the tables that no stage writes yet (a no-op once the stages exist)."""
    missing = [spec for name, spec in SPECS.items() if name not in stages.tables()]
    if missing:
        stages.register(stages.Stage(STAND_IN, "corpus", _never, tuple(missing)))
    try:
        yield
    finally:
        stages.unregister(STAND_IN)


def _never(corpus: Any) -> Any:
    raise AssertionError("the stand-in stage only declares tables")


def find(store: SQLStore, phrase: str, *, sentence: bool = True) -> Mention:
    """The sentence (or the words) of the one article that holds a phrase."""
    for article in store.articles():
        at = article.text.find(phrase)
        if at >= 0:
            if not sentence:
                return Mention(article.id, at, at + len(phrase))
            start, end = next((s, e) for s, e in split_sentences(article.text) if s <= at < e)
            return Mention(article.id, start, end)
    raise LookupError(phrase)


def place_id(store: SQLStore, name: str) -> str:
    return next(p.id for p in store.records("places") if p.name == name)


def evidence(store: SQLStore, phrase: str, stance: str, speaker: ActorRef | None = None) -> ClaimEvidence:
    m = find(store, phrase, sentence=False)
    return ClaimEvidence(m.article_id, m.start, m.end, stance, speaker)  # type: ignore[arg-type]


def write_linked(store: SQLStore) -> None:
    """The story's key events, the encirclement claim and some positions, on their real spans."""
    jeddah = place_id(store, "Jeddah")
    talks = FusedEvent(
        "ev-jeddah",
        "CONSULT",
        None,
        USA,
        UKR,
        "2025-03-11",
        jeddah,
        21.49,
        39.19,
        "occurred",
        mentions=[
            find(store, "led more than eight hours of peace talks"),
            find(store, "a meeting between Ukrainian and American delegations"),
        ],
        sources=["voanews.com", "article:f1522f38"],
        independent_sources=2,
    )
    accepts = FusedEvent(
        "ev-accepts",
        "AGREE",
        None,
        UKR,
        USA,
        "2025-03-11",
        None,
        None,
        None,
        "occurred",
        mentions=[
            find(store, "Kyiv agreed to accept the cease-fire proposal"),
            find(store, "Ukraine said it is ready to accept"),
        ],
        sources=["voanews.com", "article:a46e76d6"],
        independent_sources=2,
    )
    call = FusedEvent(
        "ev-call",
        "CONSULT",
        None,
        TRUMP,
        PUTIN,
        "2025-03-18",
        None,
        None,
        None,
        "planned",
        mentions=[find(store, "pinned to a phone call planned for Tuesday")],
        sources=["hindustantimes.com"],
        independent_sources=1,
    )
    encircled = Claim(
        "cl-encircled",
        "Ukrainian troops in Kursk are encircled",
        "contested",
        asserted_by=[TRUMP],
        disputed_by=[UKR_STAFF],
        mentions=[
            evidence(store, "Hundreds of Russian troops are completely surrounded", "asserts", TRUMP),
            evidence(
                store,
                "eports of the alleged “encirclement” of Ukrainian units are false",
                "disputes",
                UKR_STAFF,
            ),
            evidence(
                store, "repeatedly denied claims by Trump and Putin of a large-scale encirclement", "disputes"
            ),
        ],
        sources=["article:62cb0baf", "hindustantimes.com"],
        independent_sources=2,
    )
    single = Claim(
        "cl-single",
        "Russia stole time after the Jeddah talks",
        "single-source",
        mentions=[
            evidence(store, "After the talks in Jeddah and the American proposal", "asserts", ZELENSKY)
        ],
        sources=["hindustantimes.com"],
        independent_sources=1,
    )
    positions = [
        Position(
            "po-putin",
            PUTIN,
            "ceasefire_30day",
            "conditional",
            "on nuances to sort out",
            "2025-03-13",
            [find(store, "We agree with the proposals to cease hostilities")],
            ["article:40da8d82"],
            1,
        ),
        Position(
            "po-ukr",
            UKR,
            "ceasefire_30day",
            "support",
            None,
            "2025-03-11",
            [find(store, "Ukraine said it is ready to accept")],
            ["voanews.com"],
            1,
        ),
    ]
    store.replace_corpus_records("fused_events", [talks, accepts, call])
    store.replace_corpus_records("claims", [encircled, single])
    store.replace_corpus_records("positions", positions)
