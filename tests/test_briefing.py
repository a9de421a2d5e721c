"""The situation report on the example corpus: a dated timeline and a digest whose every sentence is cited."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitrep import briefing, pipeline
from sitrep.query import Query
from sitrep.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> briefing.Report:
    store = open_store(tmp_path_factory.mktemp("report") / "s.db")
    pipeline.ingest([CORPUS], store, workers=1)
    built = briefing.build_report(Query(store))
    store.close()
    return built


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_every_digest_sentence_cites_spans_that_hold_its_words(report: briefing.Report) -> None:
    ceasefire = report.stories[0]
    assert 100 <= sum(len(s.text.split()) for s in ceasefire.digest) <= 500
    for story in report.stories:
        for sentence in story.digest:
            assert sentence.mentions
            cited = " ".join(report.articles[m.article_id].text[m.start : m.end] for m in sentence.mentions)
            support = set(_words(cited))
            words = _words(sentence.text)
            assert sum(w in support for w in words) == len(words), sentence.text


def test_the_timeline_holds_the_days_of_the_ceasefire_story(report: briefing.Report) -> None:
    ceasefire = report.stories[0]
    days = {d.date: " ".join(i.text for i in d.items) for d in ceasefire.timeline}
    assert {"2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14"} <= set(days)
    assert "cease hostilities" in days["2025-03-13"]  # Putin's answer
    assert [d.date for d in ceasefire.timeline] == sorted(days)
    for day in ceasefire.timeline:
        counts = [i.independent_sources for i in day.items]
        assert counts == sorted(counts, reverse=True) and all(i.mentions for i in day.items)


def test_the_digest_says_a_remark_once_even_when_it_is_retold(report: briefing.Report) -> None:
    for story in report.stories:
        texts = [s.text for s in story.digest]
        assert len(texts) == len(set(texts))


def test_the_report_renders_as_json_markdown_and_inert_html(report: briefing.Report) -> None:
    data = json.loads(briefing.render(report, "json"))
    story = data["stories"][0]
    assert {"story_id", "title", "articles", "timeline", "digest", "claims", "positions", "actors"} <= set(
        story
    )
    assert story["timeline"][0]["items"][0]["kind"] == "statement"
    markdown = briefing.render(report, "md")
    assert "### Digest" in markdown and "2025-03-13" in markdown
    page = briefing.render(report, "html")
    assert "<script" not in page and "default-src 'none'" in page
    assert page.count("<blockquote") >= len(report.stories[0].digest)
