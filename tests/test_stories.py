"""Stories: the seed ceasefire coverage forms one story; unrelated news stays out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.link import Corpus
from sitrep.link.stories import cluster, link_stories
from sitrep.records import Article, to_dict
from sitrep.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "corpus" / "seeds"
CEASEFIRE = ROOT / "examples" / "corpus" / "voa" / "voa_ceasefire_talks.jsonl"
VOA = ROOT.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
# The ceasefire-talks VOA reports; 8007271 (European rearmament) is a story of its own.
CEASEFIRE_IDS = {"8010842", "8010030", "8008456", "8005899"}


def _record_id(article) -> str:
    return article.source.rsplit("#", 1)[-1]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, copy_seeds_store):
    tmp = tmp_path_factory.mktemp("stories")
    others = tmp / "others.jsonl"
    with others.open("w", encoding="utf-8") as fh:
        for line in VOA.read_text(encoding="utf-8").splitlines():
            if json.loads(line)["section"] != "Ukraine":
                fh.write(line + "\n")
    # Seeds first (the session's seeds store, copied), then the rest: stories are built
    # incrementally across runs.
    st = open_store(copy_seeds_store(tmp / "s.db"))
    first = {a.id: a.story_id for a in st.articles()}
    pipeline.ingest([CEASEFIRE, others], st, workers=1)
    st.first_run_stories = first  # type: ignore[attr-defined]
    yield st
    st.close()


def test_ceasefire_coverage_is_one_story_without_unrelated_news(store) -> None:
    articles = list(store.articles())
    seeds = [a for a in articles if "seeds" in a.source]
    ceasefire = [a for a in articles if _record_id(a) in CEASEFIRE_IDS and "ceasefire" in a.source]
    assert len(seeds) == 5 and len(ceasefire) == 4
    story_ids = {a.story_id for a in seeds + ceasefire}
    assert len(story_ids) == 1 and None not in story_ids
    (sid,) = story_ids
    others = [a for a in articles if "others" in a.source]
    assert len(others) == 84
    assert not [a.title for a in others if a.story_id == sid]
    # Unrelated news is not lumped together either: several stories.
    assert len({a.story_id for a in others}) > 40


def test_example_corpus_in_one_run_is_one_ceasefire_story(example_out: Path) -> None:
    # All at once, the two G7 reports first form a group of their own beside
    # the seeds; the merge pass joins the two (regression: three stories).
    # example_out is `sitrep analyze examples/corpus`: the seeds and the ceasefire file in one run.
    st = open_store(example_out / "sitrep.db", create=False)
    try:
        articles = list(st.articles())
    finally:
        st.close()
    story_ids = {a.story_id for a in articles if "seeds" in a.source or _record_id(a) in CEASEFIRE_IDS}
    assert len(story_ids) == 1 and None not in story_ids
    rearmament = next(a for a in articles if _record_id(a) == "8007271")
    assert rearmament.story_id not in story_ids


def test_story_ids_are_kept_across_runs(store) -> None:
    now = {a.id: a.story_id for a in store.articles()}
    for aid, sid in store.first_run_stories.items():
        assert now[aid] == sid


def test_story_records(store) -> None:
    articles = {a.id: a for a in store.articles()}
    records = {r.id: to_dict(r) for r in store.records("stories")}
    assert {a.story_id for a in articles.values()} == set(records)
    seed = next(a for a in articles.values() if "seeds" in a.source)
    story = records[seed.story_id]
    assert set(story["articles"]) == {a.id for a in articles.values() if a.story_id == seed.story_id}
    assert story["first_seen"] <= story["last_seen"]
    assert story["first_seen"].startswith("2025-03") and story["title"]
    assert story["summary"]
    for sentence in story["summary"]:
        for m in sentence["mentions"]:
            text = articles[m["article_id"]].text[m["start"] : m["end"]]
            assert text and text.split()[0] in sentence["text"]


def _art(aid: str, text: str, published: str | None, story_id: str | None = None) -> Article:
    return Article(id=aid, source=aid, text=text, content_hash=aid, published=published, story_id=story_id)


QUAKE_A = (
    "A magnitude 6.1 earthquake struck near Aquila in central Italy on Monday, killing 290 people. "
    "Rescuers in Aquila searched collapsed buildings. Prime Minister Silvio Berlusconi visited Aquila."
)
QUAKE_B = (
    "A magnitude 7.0 earthquake struck near Port-au-Prince in Haiti on Tuesday, killing thousands of people. "
    "Rescuers in Port-au-Prince searched collapsed buildings. President Rene Preval said Port-au-Prince was devastated."
)


def test_same_words_different_events_are_different_stories() -> None:
    arts = [
        _art("a1", QUAKE_A, "2009-04-06"),
        _art("a2", QUAKE_A.replace("Monday", "Monday night").replace("290", "nearly 300"), "2009-04-07"),
        _art("b1", QUAKE_B, "2010-01-12"),
        _art("b2", QUAKE_B.replace("Tuesday", "Tuesday evening"), "2010-01-13"),
    ]
    got = cluster(arts)
    assert got["a1"] == got["a2"] != got["b1"] == got["b2"]
    # Same words and entities, but a year apart: the time window keeps them apart.
    late = _art("a3", QUAKE_A, "2010-04-06")
    assert cluster([*arts, late])["a3"] != got["a1"]


def test_existing_story_ids_are_kept_and_new_articles_join() -> None:
    arts = [
        _art("a1", QUAKE_A, "2009-04-06", story_id="kept"),
        _art("a2", QUAKE_A + " More news.", "2009-04-07"),
    ]
    result = link_stories(Corpus(articles={a.id: a for a in arts}))
    assert result.article_updates["a1"]["story_id"] == "kept"
    assert result.article_updates["a2"]["story_id"] == "kept"
    (record,) = result.tables["stories"]
    assert record.id == "kept" and record.articles == ["a1", "a2"]


HEIST = (
    "Four armed robbers stole jewels worth {amount} from a luxury jewellery store in central Paris on {day}, "
    "police said. The robbers fled the Paris store in a car. {month} {year}."
)
HEIST_OLD = (
    "Armed robbers disguised as women stole diamonds from a jewellery store in Paris on Thursday, "
    "police said. The December 2008 raid on the Avenue Montaigne store was France's biggest jewel heist."
)
HEIST_OLD_2 = (
    "Paris police said robbers, two dressed as women, took rings and watches from a jewellery store "
    "on Thursday in December 2008. The gang escaped on foot."
)
HEIST_NEW = (
    "Robbers rammed a car into a jewellery store in Paris on Monday and stole watches, police said. "
    "The September 2013 raid was the latest jewel heist in France."
)
HEIST_NEW_2 = (
    "Paris police said robbers smashed a car through a jewellery store window on Monday in September 2013 "
    "and took watches and rings. The gang escaped in a second car."
)


def test_undated_events_told_alike_are_split_by_the_time_they_state() -> None:
    # No publication dates: the years, months and weekdays in the text say
    # these are two heists, years apart.
    arts = [
        _art("o1", HEIST_OLD, None),
        _art("n1", HEIST_NEW, None),
        _art("o2", HEIST_OLD_2, None),
        _art("n2", HEIST_NEW_2, None),
    ]
    got = cluster(arts)
    assert got["o1"] == got["o2"] != got["n1"] == got["n2"]
    # The same texts with no time stated would be one story.
    strip = re.compile(
        r" (?:on \w+day|in December 2008|in September 2013)|The (?:December 2008|September 2013) "
    )
    plain = [_art(a.id, strip.sub(" ", a.text), None) for a in arts]
    assert len(set(cluster(plain).values())) < 4


def test_dated_story_days_apart_is_not_split_by_weekdays() -> None:
    # A developing story names a different weekday each day: with publication
    # dates the time window judges time, not the weekday names.
    day = dict(amount="85 million euros", month="December", year="2008")
    arts = [
        _art("d1", HEIST.format(day="Monday", **day), "2008-12-08"),
        _art("d2", HEIST.format(day="Wednesday", **day).replace("central", "the heart of"), "2008-12-10"),
    ]
    got = cluster(arts)
    assert got["d1"] == got["d2"]
