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
    """The sentence (or the words) of the one article that holds a phrase (a dangling mention if none)."""
    for article in store.articles():
        at = article.text.find(phrase)
        if at >= 0:
            if not sentence:
                return Mention(article.id, at, at + len(phrase))
            start, end = next((s, e) for s, e in split_sentences(article.text) if s <= at < e)
            return Mention(article.id, start, end)
    return Mention("not-in-this-store", 0, 0)


def with_sources(store: SQLStore, records: list[Any]) -> list[Any]:
    """Each record's sources as the stages write them: outlets, ``article:<id>`` for an article without one."""
    outlets = {a.id: a.outlet for a in store.articles()}
    for r in records:
        ids = dict.fromkeys(m.article_id for m in r.mentions if m.article_id in outlets)
        r.sources = sorted({outlets[i] or f"article:{i}" for i in ids})
    return records


def place_id(store: SQLStore, name: str) -> str:
    return next(p.id for p in store.records("places") if p.name == name)


def evidence(store: SQLStore, phrase: str, stance: str, speaker: ActorRef | None = None) -> ClaimEvidence:
    m = find(store, phrase, sentence=False)
    return ClaimEvidence(m.article_id, m.start, m.end, stance, speaker)  # type: ignore[arg-type]


def write_linked(store: SQLStore, *, events: bool = True) -> None:
    """The story's key events, the encirclement claim and some positions, on their real spans.

    A store that lacks an article (the seeds alone) gets the records whose spans it holds.
    """
    if not events:
        _write_claims_and_positions(store)
        return
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
        independent_sources=1,
    )
    store.replace_corpus_records("fused_events", with_sources(store, [talks, accepts, call]))
    _write_claims_and_positions(store)


def _write_claims_and_positions(store: SQLStore) -> None:
    encircled = Claim(
        "cl-encircled",
        "Ukrainian troops in Kursk are encircled",
        "contested",
        asserted_by=[TRUMP],
        disputed_by=[UKR_STAFF],
        mentions=[
            evidence(store, "Hundreds of Russian troops are completely surrounded", "asserts", TRUMP),
            # the same passage twice (two extractions of one sentence): shown once
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
        independent_sources=2,
    )
    single = Claim(
        "cl-single",
        "Russia stole time after the Jeddah talks",
        "single-source",
        mentions=[
            evidence(store, "After the talks in Jeddah and the American proposal", "asserts", ZELENSKY)
        ],
        independent_sources=1,
    )
    have = {a.id for a in store.articles()}
    positions = [
        Position(
            "po-putin",
            PUTIN,
            "ceasefire_30day",
            "conditional",
            "on nuances to sort out",
            "2025-03-13",
            [find(store, "We agree with the proposals to cease hostilities")],
            independent_sources=1,
        ),
        Position(
            "po-ukr",
            UKR,
            "ceasefire_30day",
            "support",
            None,
            "2025-03-11",
            [find(store, "Ukraine said it is ready to accept")],
            independent_sources=1,
        ),
        Position(
            "po-zelensky",
            ZELENSKY,
            "ceasefire_30day",
            "support",
            None,
            "2025-03-11",
            [find(store, "Zelenskyy has already agreed to the cease-fire agreement")],
            independent_sources=1,
        ),
        Position(
            "po-trump",
            TRUMP,
            "sanctions_on_russia",
            "conditional",
            "if Russia does not agree",
            "2025-03-13",
            [find(store, "In a financial sense we can do very unpleasant")],
            independent_sources=1,
        ),
    ]
    store.replace_corpus_records("claims", with_sources(store, [encircled, single]))
    store.replace_corpus_records(
        "positions", [p for p in positions if {m.article_id for m in p.mentions} <= have]
    )
