"""Copies, reprints, spun rewrites and independent sources, on real texts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import voa_articles
from sitrep.link import Corpus
from sitrep.link.provenance import independent_sources, link_provenance, stated_original
from sitrep.link.text import shingle_hashes, split_sentences, words
from sitrep.records import Article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "corpus" / "seeds"

# A few common news words and near-synonyms, enough to spin a story the way
# article spinners do (names, numbers and sentence order untouched).
SYNONYMS = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "officials": "authorities",
    "government": "administration",
    "people": "individuals",
    "killed": "slain",
    "attack": "assault",
    "week": "period",
    "year": "twelvemonth",
    "country": "nation",
    "military": "armed",
    "forces": "troops",
    "talks": "negotiations",
    "city": "town",
    "help": "aid",
    "called": "termed",
    "after": "following",
    "during": "throughout",
    "including": "counting",
    "group": "band",
    "security": "protection",
    "support": "backing",
    "leaders": "chiefs",
    "last": "final",
    "new": "fresh",
    "president": "chairman",
    "against": "versus",
    "large": "big",
    "many": "numerous",
    "plan": "scheme",
    "area": "region",
    "began": "started",
    "continue": "proceed",
    "also": "likewise",
    "children": "kids",
    "war": "conflict",
    "civil": "domestic",
    "violence": "brutality",
    "cases": "instances",
    "girls": "lasses",
    "boys": "lads",
    "women": "females",
    "aid": "assistance",
    "humanitarian": "charitable",
    "world": "globe",
    "medical": "health",
    "hospital": "clinic",
    "about": "regarding",
    "more": "additional",
    "before": "prior",
    "because": "since",
    "being": "getting",
    "reports": "accounts",
    "fighting": "combat",
    "million": "meg",
    "percent": "pct",
    "reported": "described",
    "added": "appended",
    "made": "produced",
}


def _spin(text: str, share: float, seed: int = 0) -> str:
    tokens = text.split(" ")
    idx = [i for i, t in enumerate(tokens) if t.lower() in SYNONYMS and t.islower()]
    for i in random.Random(seed).sample(idx, round(share * len(idx))):
        tokens[i] = SYNONYMS[tokens[i]]
    return " ".join(tokens)


def _link_copy(make, outlet: str = "copy.example") -> tuple[dict[str, dict], str, str]:
    originals = voa_articles()
    original = next(a for a in originals if a.id == "8009853")
    copy = Article(
        id="copy", source="copy", text=make(original.text), content_hash="c",
        outlet=outlet, published="2025-03-20",
    )  # fmt: skip
    result = link_provenance(Corpus(articles={a.id: a for a in [*originals, copy]}))
    return result.article_updates, original.id, copy.id


def _truncate(text: str) -> str:
    spans = split_sentences(text)
    return text[: spans[len(spans) // 2][1]]


@pytest.mark.parametrize(
    ("make", "outlet", "relation"),
    [
        (lambda t: t, "VOA", "duplicate"),
        (lambda t: t, "copy.example", "reprint"),  # unstated reprint: another outlet
        (lambda t: t.replace("Sudan", "Sudan ").replace(" the ", " the the ", 1), "VOA", "duplicate"),
        (
            lambda t: f"Home | World | Subscribe\nAdvertisement\n{t}\nShare this story. All rights reserved.",
            "x.example",
            "reprint",
        ),
        (_truncate, "x.example", "reprint"),
        (lambda t: _spin(t, 0.9), "x.example", "paraphrase"),
    ],
    ids=["exact", "exact-other-outlet", "near", "boilerplate", "truncated", "spun"],
)
def test_copies_of_a_real_story_are_linked_to_it(make, outlet: str, relation: str) -> None:
    updates, original_id, copy_id = _link_copy(make, outlet)
    assert updates[copy_id]["copy_of"] == original_id
    assert updates[copy_id]["copy_relation"] == relation
    # The unaltered other stories are not copies of anything.
    linked = {aid for aid, v in updates.items() if v["copy_of"]}
    assert linked == {copy_id}
    reused = updates[copy_id]["extra"]["provenance"]["sentences"]
    assert reused and all(s["first_article"] == original_id for s in reused)


def test_spun_copy_with_low_word_overlap_is_a_paraphrase() -> None:
    original = next(a for a in voa_articles() if a.id == "8009853")
    spun = _spin(original.text, 1.0, seed=3)
    # Word 5-shingle Jaccard of this rewrite is below the MinHash LSH threshold.
    a, b = (set(shingle_hashes(words(t), 5).tolist()) for t in (original.text, spun))
    assert len(a & b) / len(a | b) < 0.5
    updates, original_id, copy_id = _link_copy(lambda t: _spin(t, 1.0, seed=3))
    assert updates[copy_id]["copy_of"] == original_id
    assert updates[copy_id]["copy_relation"] == "paraphrase"


def test_stated_reprint_notices() -> None:
    assert (
        stated_original("This article was originally published by The Conversation.\nBody")
        == "The Conversation"
    )
    assert stated_original("KYIV (Reuters) - Ukraine said on Friday ...") == "Reuters"
    assert stated_original("Ukraine said on Friday that talks with the BBC went on.") is None


@pytest.fixture(scope="module")
def seed_store(seeds_store):
    return seeds_store


def test_seed_003_is_a_paraphrased_reprint_of_rferl(seed_store) -> None:
    (a,) = [a for a in seed_store.articles() if Path(a.source).name.startswith("003_")]
    assert a.copy_relation in {"paraphrase", "reprint"}
    assert a.original_outlet == "Radio Free Europe/Radio Liberty"
    # Its garbled (spun) sentences are flagged with offsets into its text.
    garbled = a.extra["provenance"]["garbled"]
    assert len(garbled) >= 3
    assert any("”" in a.text[g["start"] : g["end"]] for g in garbled)
    # The other seeds are not copies of one another.
    others = [b for b in seed_store.articles() if not Path(b.source).name.startswith(("003_", "002_"))]
    assert all(b.copy_of is None for b in others)


def _art(aid: str, outlet: str | None, copy_of: str | None = None, original: str | None = None) -> Article:
    return Article(id=aid, source=aid, text="x", content_hash=aid, outlet=outlet, copy_of=copy_of,
                   original_outlet=original)  # fmt: skip


def test_independent_sources_counts_copies_once() -> None:
    arts = {
        "ap": _art("ap", "Associated Press"),
        "r1": _art("r1", "site-a.com", copy_of="ap"),
        "r2": _art("r2", "site-b.com", copy_of="r1"),
        "w": _art("w", "site-c.com", original="The Associated Press"),
        "bbc": _art("bbc", "BBC"),
        "anon1": _art("anon1", None),
        "anon2": _art("anon2", None),
        "bbc2": _art("bbc2", "bbc"),
    }
    assert independent_sources(["ap", "r1", "r2"], arts) == 1
    assert independent_sources(["r2", "w"], arts) == 1  # same wire, stated or traced
    assert independent_sources(["r2", "bbc"], arts) == 2
    assert independent_sources(["anon1", "anon2"], arts) == 2
    assert independent_sources(["bbc", "bbc2"], arts) == 1
    assert independent_sources([], arts) == 0
    # Exported dicts work too.
    as_dicts = {
        k: {"copy_of": v.copy_of, "outlet": v.outlet, "original_outlet": v.original_outlet}
        for k, v in arts.items()
    }
    assert independent_sources(["ap", "r2", "bbc"], as_dicts) == 2
