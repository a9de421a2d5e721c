"""The situation report on the example corpus: a dated timeline and a digest whose every sentence is cited."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from _linked import STAND_IN, linked_tables, write_linked
from conftest import copy_store
from sitrep import briefing, pipeline, stages
from sitrep import report as summary
from sitrep.briefing.build import self_contained, support, within_quotation
from sitrep.query import Query
from sitrep.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "s.db"
    with open_store(path) as store:
        pipeline.ingest([CORPUS], store, workers=1)
    return path


@pytest.fixture(scope="module")
def report(corpus_db: Path) -> briefing.Report:
    with open_store(corpus_db, create=False) as store:
        return briefing.build_report(Query(store))


@pytest.fixture(scope="module")
def linked_db(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The store once fused events, claims and positions are in it (written by hand here)."""
    with linked_tables():
        path = copy_store(corpus_db, tmp_path_factory.mktemp("linked") / "s.db")
        with open_store(path) as store:
            write_linked(store)
        yield path


@pytest.fixture(scope="module")
def linked(linked_db: Path) -> briefing.Report:
    with open_store(linked_db, create=False) as store:
        return briefing.build_report(Query(store))


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
    assert {i["kind"] for d in story["timeline"] for i in d["items"]} >= {"statement", "event"}
    markdown = briefing.render(report, "md")
    assert "### Digest" in markdown and "2025-03-13" in markdown
    page = briefing.render(report, "html")
    assert "<script" not in page and "default-src 'none'" in page
    assert page.count("<blockquote") >= len(report.stories[0].digest)


def _story(report: briefing.Report) -> briefing.build.StoryReport:
    return report.stories[0]


def test_every_digest_sentence_is_supported_by_what_it_cites(linked: briefing.Report) -> None:
    for story in linked.stories:
        for sentence in story.digest:
            # support(): the share of the sentence's words found in the spans it cites
            assert sentence.mentions and support(sentence, linked.articles) == 1.0, sentence.text
        days = [s.date for s in story.digest]
        assert days == sorted(days)


def test_no_digest_sentence_is_a_quotation_cut_from_its_speaker(report: briefing.Report) -> None:
    # The digest once gave "“There's still more details to work out, ... a little bit more time"
    # and "I think that's important ... in the future.”": words with no one saying them.
    for story in report.stories:
        for sentence in story.digest:
            assert self_contained(sentence.text), sentence.text


@pytest.mark.parametrize(
    ("sentence", "alone"),
    [
        (
            "“There's still more details to work out, and at this point, we're probably just wanting to sign",
            False,
        ),
        ("I think that's important, because I think one of the key demands is some guarantee.”", False),
        ("“In a financial sense we can do very unpleasant, very bad things,” he said.", True),
        ("“Russia has no way out but cease-fire.”", False),
        ('"We agree with the proposals," Putin said at a news conference in Moscow.', True),
        ("Trump said he would speak to Putin on Tuesday.", True),
        ("and that would take a little bit more time.", False),
    ],
)
def test_a_digest_sentence_must_say_who_speaks(sentence: str, alone: bool) -> None:
    assert self_contained(sentence) is alone


def test_no_digest_sentence_is_the_middle_of_a_quotation(report: briefing.Report) -> None:
    # Rubio's "I think all the notion of the pause in aid broadly is something I hope we can
    # resolve." stands between the marks of his three sentences: read alone it is no one's.
    for story in report.stories:
        for sentence in story.digest:
            span = sentence.mentions[0]
            assert not within_quotation(report.articles[span.article_id].text, span.start), sentence.text
    text = "Rubio told reporters. “They receive it. I think the pause can end. Tomorrow is key,” he said."
    assert within_quotation(text, text.index("I think")) and not within_quotation(text, 0)


def test_fused_events_claims_and_statements_share_the_timeline(linked: briefing.Report) -> None:
    days = {d.date: d.items for d in _story(linked).timeline}
    assert {"2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14", "2025-03-18"} <= set(days)
    talks = next(i for i in days["2025-03-11"] if i.id == "ev-jeddah")
    # an analyst's line: day, type, the two sides, the place, the sources
    assert talks.kind == "event"
    assert talks.text == "11 Mar — CONSULT: United States ↔ Ukraine in Jeddah (2 sources)"
    assert days["2025-03-11"][0].kind == "event"  # better sourced than any quote of that day
    call = next(i for i in days["2025-03-18"] if i.id == "ev-call")
    assert call.text == "18 Mar — CONSULT (planned): Donald Trump ↔ Vladimir Putin (1 source)"
    claim = next(i for i in days["2025-03-14"] if i.kind == "claim")
    assert claim.status == "contested" and "encircled" in claim.text
    # a single-source claim waits on the claims board, not on the timeline
    assert all(i.id != "cl-single" for d in days.values() for i in d)
    assert "cease hostilities" in " ".join(i.text for i in days["2025-03-13"])  # Putin's answer


def test_the_claims_board_puts_contested_claims_first_with_both_sides(linked: briefing.Report) -> None:
    story = _story(linked)
    assert story.claims == ["cl-encircled", "cl-single"]
    encircled = story.claims_board[0]
    assert encircled.asserted_by == ["Donald Trump"] and encircled.disputed_by == ["Ukraine's general staff"]
    assert list(encircled.sides) == ["asserts", "disputes"]
    assert len(encircled.sides["disputes"]) == 2
    assert len(encircled.sides["asserts"]) == 1  # one passage cited twice is shown once
    for side in encircled.sides.values():
        for ev in side:
            assert linked.articles[ev.article_id].text[ev.start : ev.end].startswith(ev.quote[:20])
            assert ev.outlet and not ev.outlet.startswith("article:")


def test_the_positions_matrix_holds_actors_by_issues_over_time(linked: briefing.Report) -> None:
    matrix = _story(linked).positions_matrix
    assert matrix.issues == ["ceasefire_30day", "sanctions_on_russia"]  # in the issue set's order
    rows = {r.actor: r.cells for r in matrix.rows}
    assert rows["Vladimir Putin"]["ceasefire_30day"][0].stance == "conditional"
    assert rows["Ukraine"]["ceasefire_30day"][0].date == "2025-03-11"
    assert sorted(_story(linked).positions) == ["po-putin", "po-trump", "po-ukr", "po-zelensky"]
    assert rows["Donald Trump"]["sanctions_on_russia"][0].conditions == "if Russia does not agree"


def test_sources_name_outlets_and_what_copies_what(linked: briefing.Report) -> None:
    story = _story(linked)
    names = [s.outlet for s in story.sources]
    assert all(not n.startswith("article:") and len(n) < 60 for n in names)
    assert any(n.endswith(".txt") for n in names)  # a seed file with no outlet: its file name
    assert sum(s.originals for s in story.sources) >= story.independent_sources - 1


def test_the_linked_report_renders_its_boards(linked: briefing.Report) -> None:
    data = json.loads(briefing.render(linked, "json"))
    story = data["stories"][0]
    assert story["claims"][0] == "cl-encircled"
    assert story["claims_board"][0]["sides"]["disputes"]
    kinds = {i["kind"] for d in story["timeline"] for i in d["items"]}
    assert kinds == {"event", "claim", "statement"}
    item = story["timeline"][0]["items"][0]
    assert set(item) >= {"kind", "id", "text", "mentions", "independent_sources"}
    markdown = briefing.render(linked, "md")
    assert "### Claims" in markdown and "### Positions" in markdown and "contested" in markdown
    assert "| actor | 30-day ceasefire | Sanctions on Russia |" in markdown  # the issue set's labels
    page = briefing.render(linked, "html")
    assert (
        "<script" not in page
        and "Claims" in page
        and "<th title='ceasefire_30day'>30-day ceasefire</th>" in page
    )


def test_the_rubio_storys_talks_tuesday_is_the_11th(corpus_db: Path, report: briefing.Report) -> None:
    # "talks Tuesday" in a Monday 10 March story: the coming Tuesday, the day of the Jeddah talks
    with open_store(corpus_db, create=False) as store:
        rubio = next(a for a in store.articles() if (a.title or "").startswith("Rubio in Saudi Arabia"))
        times = Query(store).records("times", {"article_id": rubio.id}).rows
    at = rubio.text.index("talks Tuesday") + len("talks ")
    (tuesday,) = [t for t in times if t.start == at]
    assert rubio.published == "2025-03-10" and tuesday.value == "2025-03-11"
    statement = next(
        i for s in report.stories for d in s.timeline for i in d.items if "talks Tuesday" in i.text
    )
    assert statement.mentions[0].article_id == rubio.id


def test_the_summary_says_what_was_found_on_unwrapped_lines(linked_db: Path) -> None:
    out = io.StringIO()
    # a log: no terminal, 80 columns
    with open_store(linked_db, create=False) as store:
        summary.print_summary(Console(file=out, width=80, force_terminal=False), store)
    text = out.getvalue()
    lines = text.splitlines()
    assert any(len(line) > 80 for line in lines)  # long lines stay whole, not wrapped
    assert "claims, contested first:" in text
    claims = lines.index("  claims, contested first:")
    assert lines[claims + 1].split()[0] == "contested" and "encircled" in lines[claims + 1]
    assert "2025-03-18" in text and "CONSULT (planned)" in text  # the last day's event
    assert "article:" not in text and "000_0b2e504a090b61aa.txt" in text  # a seed file by its name
    assert re.search(r"found: \d+ timeline items, 3 events, 2 claims, 1 contested, 4 positions", text)
    assert "counts: articles 10" in text


def test_the_pipelines_timeline_holds_the_weeks_key_moments(report: briefing.Report) -> None:
    """Must show: the Jeddah talks and Ukraine's acceptance (11), Putin's answer (13), the call (18)."""
    ceasefire = report.stories[0]
    days = {d.date: d.items for d in ceasefire.timeline}
    assert {"2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14", "2025-03-18"} <= set(days)
    lines = {day: " | ".join(i.text for i in items) for day, items in days.items()}
    assert re.search(r"11 Mar — CONSULT: \S.* ↔ .* in Jeddah \([2-9] sources\)", lines["2025-03-11"])
    assert re.search(r"11 Mar — AGREE\S*: (Kyiv|Ukraine)", lines["2025-03-11"])
    assert "cease hostilities" in lines["2025-03-13"]
    assert re.search(r"18 Mar — CONSULT\S*: (Donald )?Trump ↔ Vladimir Putin", lines["2025-03-18"])
    # nothing recalled from years before is news of the story
    assert min(days) >= "2025-01-01"
    if any(t.name == "claims" for s in stages.registered() if s.name != STAND_IN for t in s.tables):
        contested = [i for d in ceasefire.timeline for i in d.items if i.status == "contested"]
        assert any(re.search(r"encircl|surround", i.text) for i in contested)


# -- an analyst's timeline: well-formed events, a side never facing itself, a cap per day ----------
def _event_sides(corpus_db: Path, report: briefing.Report) -> list[tuple[str, Any, Any, Any]]:
    """(line, fused event, resolved actor, resolved target) of each event on the seeds' timeline."""
    from sitrep.briefing.items import StoryRecords
    from sitrep.briefing.sides import SideResolver

    story = report.stories[0]
    members = {a: report.articles[a] for a in story.articles}
    with open_store(corpus_db, create=False) as store:
        records = StoryRecords(Query(store))
        fused = {e.id: e for e in store.records("fused_events")}
        resolver = SideResolver(records.actor_resolver, records.place_names(members))
    out = []
    for day in story.timeline:
        for item in day.items:
            if item.kind == "event":
                e = fused[item.id]
                out.append((item.text, e, resolver.side(e.actor), resolver.side(e.target)))
    return out


def test_no_event_on_the_timeline_has_a_side_that_is_no_actor(
    corpus_db: Path, report: briefing.Report
) -> None:
    events = _event_sides(corpus_db, report)
    assert len(events) >= 10
    for line, e, actor, target in events:
        assert actor or target, line  # it names somebody
        one_side = actor is None or target is None
        assert not one_side or e.independent_sources >= 2, line  # a lone one-sided report is noise
        assert "(1 source)" not in line or e.status in ("occurred", "planned"), line
    lines = " | ".join(line for line, *_ in events)
    # the weak lines an analyst would not brief: a side by name only, a place or a phrase as a side
    for weak in (
        "REQUEST: Brian Hughes (1",
        "CONSULT: Trump (1",
        "mineral resources",
        "conference in",
        "Oval Office",
    ):
        assert weak not in lines
    assert not re.search(r": (its|they|it) ", lines)


def test_a_timeline_event_is_told_by_sources_that_name_its_sides(
    corpus_db: Path, report: briefing.Report
) -> None:
    # Mentions that name no one fuse on type and day alone: "Ukraine's Russia-annexed Crimea" and
    # "shadow fleets" were a two-source COERCE by Ukraine. Who did it must be told.
    from sitrep.briefing.items import naming_sources

    story = report.stories[0]
    members = {a: report.articles[a] for a in story.articles}
    with open_store(corpus_db, create=False) as store:
        for line, e, *_ in _event_sides(corpus_db, report):
            said = store.records_where("events", "event_id", [e.id])
            naming = naming_sources(e, said, members)
            assert naming >= (2 if "(1 source)" not in line else 1), line


def test_no_side_faces_itself(corpus_db: Path, report: briefing.Report) -> None:
    from sitrep.briefing.sides import intra_state_types

    for line, e, actor, target in _event_sides(corpus_db, report):
        if actor and target:
            assert actor.key != target.key, line
            assert actor.country != target.country or e.type in intra_state_types(), line
    lines = " | ".join(line for line, *_ in _event_sides(corpus_db, report))
    assert "Ukraine ↔ Ukraine" not in lines and "Russian officials → Russia" not in lines


def test_a_day_shows_its_best_items_and_report_json_keeps_them_all(
    corpus_db: Path, report: briefing.Report
) -> None:
    from sitrep.briefing.render import DAY_ITEMS

    story = report.stories[0]
    busiest = max(story.timeline, key=lambda d: len(d.items))
    assert len(busiest.items) > DAY_ITEMS  # the seeds' 12 March has more than a reader needs
    markdown = briefing.render(report, "md").split("### Timeline", 1)[1].split("###", 1)[0]
    days = re.split(r"\n\*\*(\d{4}-\d\d-\d\d)\*\*\n", markdown)[1:]
    shown = dict(zip(days[::2], days[1::2], strict=True))
    for day in story.timeline:
        bullets = [line for line in shown[day.date].splitlines() if line.startswith("- ")]
        assert len(bullets) == min(len(day.items), DAY_ITEMS) + (len(day.items) > DAY_ITEMS)
    assert f"and {len(busiest.items) - DAY_ITEMS} more that day" in shown[busiest.date]
    data = json.loads(briefing.render(report, "json"))
    assert max(len(d["items"]) for d in data["stories"][0]["timeline"]) == len(busiest.items)
    out = io.StringIO()
    with open_store(corpus_db, create=False) as store:
        summary.print_summary(Console(file=out, width=200, force_terminal=False), store)
    last = out.getvalue().split("days of", 1)[1].split("story:", 1)[0]
    assert len(re.findall(r"^    \d{4}-\d\d-\d\d", last, re.M)) >= 3
    assert all(
        len(block.strip().splitlines()) <= summary.DAY_BEST + 1
        for block in re.split(r"\n    (?=\d{4})", last)
    )


def test_one_day_tells_each_thing_once(report: briefing.Report) -> None:
    for story in report.stories:
        for day in story.timeline:
            keys = [i.same_as for i in day.items if i.same_as]
            assert len(keys) == len(set(keys)), day.date  # one event type between the same sides: one line
            events = [i for i in day.items if i.kind == "event"]
            for s in (i for i in day.items if i.kind == "statement"):
                assert not any(
                    all(
                        any(
                            m.article_id == n.article_id and n.start <= m.start and m.end <= n.end
                            for n in e.mentions
                        )
                        for m in s.mentions
                    )
                    for e in events
                ), s.text


def test_statements_name_their_speaker_and_read_as_said(report: briefing.Report) -> None:
    statements = [i for s in report.stories for d in s.timeline for i in d.items if i.kind == "statement"]
    assert statements and all(i.who and i.who.lower() not in {"he", "she", "they", "it"} for i in statements)
    markdown = briefing.render(report, "md")
    assert re.search(r"statement · [A-Z][\w. ]+ said [a-z]", markdown)  # reported speech
    assert "said that " not in markdown.split("### Timeline", 1)[1].split("### Claims", 1)[0]


def test_a_stance_restated_on_later_days_is_one_step_until_it_changes() -> None:
    from sitrep.briefing.boards import PositionStep, stance_runs
    from sitrep.briefing.render import _steps

    def step(date: str, stance: str) -> PositionStep:
        return PositionStep(f"p-{date}-{stance}", date, stance, None, 1, [])

    steps = [
        step("2025", "support"),
        step("2025-03-11", "support"),
        step("2025-03-12", "support"),
        step("2025-03-13", "conditional"),
        step("2025-03-14", "support"),
    ]
    runs = stance_runs(steps)
    assert [(r.stance, r.date, r.until) for r in runs] == [
        ("support", "2025", None),  # a year is not a day a run can start from
        ("support", "2025-03-11", "2025-03-12"),
        ("conditional", "2025-03-13", None),
        ("support", "2025-03-14", None),
    ]
    assert _steps(runs) == "support (2025) → support (11–12 Mar) → conditional (13 Mar) → support (14 Mar)"
    assert steps[1].until is None  # the records themselves are left as they were


def test_a_digest_sentence_is_dated_by_the_article_it_quotes(report: briefing.Report) -> None:
    """A claim's wording is told on its own article's day: "Speaking to reporters on Monday" (17
    March, in a report of the 18th) is not dated by another article's earlier telling."""
    told = [
        (s.date, s.mentions)
        for story in report.stories
        for s in story.digest
        if s.text.startswith("Speaking to reporters on Monday")
    ]
    assert told
    for date, mentions in told:
        shown = [m for m in mentions if "on Monday" in report.articles[m.article_id].text[m.start : m.end]]
        assert shown and all(date == (report.articles[m.article_id].published or "")[:10] for m in shown)


def test_an_event_with_only_its_target_named_does_not_read_as_the_targets_act() -> None:
    from sitrep.briefing.items import event_line
    from sitrep.records import ActorRef, FusedEvent

    ukraine = ActorRef("Ukraine", None, "UKR", "GOV")
    paused = FusedEvent(
        "ev", "SANCTION", "discontinue", None, ukraine, "2025-03-10", None, None, None, "occurred"
    )
    paused.independent_sources = 2
    assert (
        event_line(paused, "2025-03-10", None, ["Ukraine"])
        == "10 Mar — SANCTION/discontinue: → Ukraine (2 sources)"
    )
    acted = FusedEvent(
        "ev", "SANCTION", "discontinue", ukraine, None, "2025-03-10", None, None, None, "occurred"
    )
    acted.independent_sources = 2
    assert (
        event_line(acted, "2025-03-10", None, ["Ukraine"])
        == "10 Mar — SANCTION/discontinue: Ukraine (2 sources)"
    )
