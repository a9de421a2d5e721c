"""Stories: the seed ceasefire coverage forms one story; unrelated news stays out."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitrep import pipeline, stages
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


# -- the order of arrival --------------------------------------------------------------------

LINKERS = ("provenance", "stories")


def _unlinked(store_path: Path) -> list[Article]:
    """A store's articles as they were before linking: no story, no copy found."""
    st = open_store(store_path, create=False)
    try:
        articles = sorted(st.articles(), key=lambda a: a.id)
    finally:
        st.close()
    return [
        dataclasses.replace(
            a,
            story_id=None,
            copy_of=None,
            copy_relation=None,
            extra={k: v for k, v in a.extra.items() if k != "provenance"},
        )
        for a in articles
    ]


def _stories_linked_in_runs(path: Path, runs: list[list[Article]]) -> list[list[str]]:
    """Story memberships after linking the runs one after another (incrementally)."""
    linkers = stages.select(LINKERS)
    with open_store(path) as st:
        for run in runs:
            for a in run:
                st.write_article(dataclasses.replace(a), {})
            assert pipeline.link(st, linkers, new_ids=[a.id for a in run]) == []
        groups: dict[str, list[str]] = defaultdict(list)
        for a in st.articles():
            groups[a.story_id].append(a.id)
        records = {r.id: sorted(r.articles) for r in st.records("stories")}
    # The stories table says what the articles say.
    assert records == {sid: sorted(ids) for sid, ids in groups.items()}
    return sorted(sorted(ids) for ids in groups.values())


def _splits(n: int, every: bool) -> list[tuple[int, ...]]:
    """Which articles go in the first run: every subset, or (many articles) the telling ones:
    one or all but one first, date-order prefixes and suffixes, and a fixed sample of the rest."""
    subsets = [s for r in range(1, n) for s in itertools.combinations(range(n), r)]
    if every:
        return subsets
    ends = [s for s in subsets if len(s) in (1, n - 1) or s == tuple(range(len(s)))]
    ends += [s for s in subsets if s == tuple(range(n - len(s), n))]
    return sorted(set(ends) | set(random.Random(5).sample(subsets, 24)))


def _differing_splits(path: Path, tmp_path: Path, every: bool) -> list[tuple[int, ...]]:
    """The splits into two runs (either order) whose stories differ from one run's."""
    articles = sorted(_unlinked(path), key=lambda a: (a.published or "", a.id))
    one = _stories_linked_in_runs(tmp_path / "one.db", [articles])
    assert len(one) < len(articles)
    alone = {ids[0] for ids in one if len(ids) == 1}
    differ = []
    for k, first in enumerate(_splits(len(articles), every)):
        early = [a for i, a in enumerate(articles) if i in first]
        late = [a for i, a in enumerate(articles) if i not in first]
        # A late run of articles that are stories of their own only shifts the IDF
        # of every story: not re-checked (see the test below).
        if {a.id for a in late} <= alone:
            continue
        if _stories_linked_in_runs(tmp_path / f"{k}.db", [early, late]) != one:
            differ.append(first)
    return differ


def test_seed_stories_do_not_depend_on_the_order_of_arrival(seeds_analysed, tmp_path: Path) -> None:
    # A late article can bridge two stories that were apart (a seed five days after
    # another, then the days between): the same corpus gives the same stories in two
    # runs, in either order, as in one. Every split of the five seeds.
    assert _differing_splits(seeds_analysed.path, tmp_path, every=True) == []


def test_example_stories_do_not_depend_on_the_order_of_arrival(example_out: Path, tmp_path: Path) -> None:
    # The seeds and the VOA ceasefire reports: a late report that joins a stored story,
    # a stored story left alone that a new article comes close to (its IDF changed).
    assert _differing_splits(example_out / "sitrep.db", tmp_path, every=False) == []


@pytest.mark.xfail(
    strict=True, reason="an unrelated late article shifts every IDF; its stories are not re-checked"
)
def test_a_late_unrelated_article_leaves_a_borderline_story_apart(example_out: Path, tmp_path: Path) -> None:
    # Known limit: all but the European rearmament report first leaves the Rubio report
    # (March 10) a story of its own; in one run, with one more document behind the IDF,
    # it joins the ceasefire story. The rearmament report comes near no story, so no
    # story is re-checked (re-checking all of them would make linking quadratic).
    articles = sorted(_unlinked(example_out / "sitrep.db"), key=lambda a: (a.published or "", a.id))
    one = _stories_linked_in_runs(tmp_path / "one.db", [articles])
    rearm = [a for a in articles if a.source.endswith("#8007271")]
    rest = [a for a in articles if a not in rearm]
    assert _stories_linked_in_runs(tmp_path / "two.db", [rest, rearm]) == one


def test_a_late_article_bridging_two_stored_stories_merges_them(seeds_analysed, tmp_path: Path) -> None:
    # Seeds 001 (March 13) and 002 (March 18) are five days apart: two stories. The
    # seeds of March 12-14 come next and bridge them: one story, as in one run,
    # named after the story of the earliest member (001's, stored first).
    articles = {a.source.rsplit("/", 1)[-1][:3]: a for a in _unlinked(seeds_analysed.path)}
    linkers = stages.select(LINKERS)
    with open_store(tmp_path / "s.db") as st:
        for run in (["001", "002"], ["000", "003", "004"]):
            for name in run:
                st.write_article(articles[name], {})
            assert pipeline.link(st, linkers, new_ids=[articles[name].id for name in run]) == []
            if len(run) == 2:
                first = {
                    name: st.articles_by_id([articles[name].id])[articles[name].id].story_id for name in run
                }
                assert first["001"] != first["002"]
        now = {a.id: a.story_id for a in st.articles()}
        records = list(st.records("stories"))
        # The merged story's postings name it: a later article finds it.
        with st.engine.connect() as conn:
            named = {sid for (sid,) in conn.execute(sa.text("SELECT DISTINCT story_id FROM story_postings"))}
    assert set(now.values()) == {first["001"]} == named
    (record,) = records
    assert record.id == first["001"] and sorted(record.articles) == sorted(now)
