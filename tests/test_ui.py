"""The web UI in real Chromium (Playwright) against a real uvicorn server on 127.0.0.1.

The store holds the example seeds plus one hostile JSONL record whose outlet, title, byline and
quote carry markup and ``javascript:`` URLs. Every test fails on a console error, a page error, a
dialog, or a request that would leave 127.0.0.1, and writes a screenshot of its view to
docs/screenshots/ (shown in the README).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import uvicorn

from sitrep import pipeline
from sitrep.api import create_app
from sitrep.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "corpus" / "seeds"
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SVG_ATTACK = '"><svg onload=alert(1)>'
HOSTILE = {
    "id": "hostile-1",
    "url": "javascript:alert(document.domain)",
    "outlet": f"{SVG_ATTACK} Evil <script>alert(2)</script> Outlet",
    "title": f"Kyiv weighs the ceasefire {SVG_ATTACK} <script>alert(3)</script>",
    "byline": "<img src=x onerror=alert(4)> Mallory",
    "published": "2025-03-13",
    "text": (
        "Officials in Kyiv met on Thursday to discuss the ceasefire proposal brought back from Jeddah.\n"
        "“We reject <script>alert(5)</script> and every javascript:alert(7) trick in these talks,” "
        "Volodymyr Zelensky told reporters in Kyiv on March 13.\n"
        f"The talks in Saudi Arabia continued {SVG_ATTACK} as Russia weighed the proposal, and officials "
        "in Moscow said they needed more time."
    ),
}

STORES: dict[Path, Any] = {}  # the server's store, for tests that render the report of it

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="Chromium is not installed (make test installs it)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("ui")
    inputs = tmp / "inputs"
    shutil.copytree(SEEDS, inputs)
    (inputs / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    store = open_store(tmp / "s.db")
    pipeline.ingest([inputs], store, workers=1)
    STORES[tmp / "s.db"] = store
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM or "chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield launched
        launched.close()


class Watch:
    """What a page did that it must not: errors, dialogs, requests off 127.0.0.1."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []

    def route(self, route: Any) -> None:
        url = urlparse(route.request.url)
        local = url.scheme in ("blob", "data") or (
            url.scheme in ("http", "https") and url.hostname == "127.0.0.1"
        )
        if local:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 860}, accept_downloads=True)
    watch = Watch()
    context.route("**/*", watch.route)
    tab = context.new_page()
    tab.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: watch.errors.append(str(e)))

    def dialog(d: Any) -> None:
        watch.dialogs.append(d.message)
        d.dismiss()

    tab.on("dialog", dialog)
    tab.watch = watch
    tab.base = server
    yield tab
    assert watch.errors == [], watch.errors
    assert watch.dialogs == [], watch.dialogs
    assert watch.outside == [], watch.outside
    context.close()


def _open(page: Any, hash_: str = "") -> None:
    page.goto(f"{page.base}/{hash_}")
    _settled(page)


def _settled(page: Any) -> None:
    # A selector, not wait_for_function: the page's CSP forbids the eval that the latter needs.
    hash_ = page.evaluate("location.hash")
    page.wait_for_selector(f"body[data-rendered={json.dumps(hash_)}]", state="attached", timeout=20_000)


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _rows(server: str, table: str, **params: str) -> dict[str, Any]:
    response = httpx.get(f"{server}/api/{table}", params={**params, "limit": "10000"})
    assert response.status_code == 200, response.text
    return response.json()


def _source_name(article: dict[str, Any]) -> str:
    host = urlparse(article["url"] or "").hostname if (article["url"] or "").startswith("http") else None
    return article["outlet"] or host or article["source"].rsplit("/", 1)[-1]


def _independent(articles: list[dict[str, Any]]) -> int:
    by_id = {a["id"]: a for a in articles}

    def root(a: dict[str, Any]) -> str:
        while a["copy_of"] in by_id:
            a = by_id[a["copy_of"]]
        return a["original_outlet"] or _source_name(a)

    return len({root(a) for a in articles})


def _total(page: Any) -> int:
    return int(page.locator(".toolbar .total").get_attribute("data-total"))


def test_story_page_shows_coverage_by_source_and_independence(page: Any) -> None:
    stories = _rows(page.base, "stories")["rows"]
    _open(page, "#stories")
    assert page.locator("table.data tbody tr").count() == len(stories)
    biggest = max(stories, key=lambda s: len(s["articles"]))
    page.get_by_text(biggest["title"], exact=True).click()
    _settled(page)
    members = _rows(page.base, "articles", story=biggest["id"])["rows"]
    expected = _independent(members)
    assert page.locator(".independent-count").inner_text() == f"{expected} independent"
    shown = page.locator(".story-page").inner_text()
    # Sources without an outlet are named by their file, never by an article hash.
    assert "article:" not in shown
    assert all(_source_name(a) in shown for a in members)
    reprint = next(a for a in members if a["copy_relation"] == "reprint")
    assert f"reprint of {reprint['original_outlet']}" in shown
    assert page.locator(".outlet-group").count() == expected
    _shot(page, "story")


def test_timeline_lists_statements_by_day_and_opens_the_cited_span(page: Any) -> None:
    # the view shows the report's timeline, item for item (the API serves the report's rules)
    answer = httpx.get(f"{page.base}/api/timeline", params={"limit": 10_000}).json()
    total = answer["total"]
    _open(page, "#timeline")
    assert _total(page) == total
    days = page.locator("li.day > h3").all_inner_texts()
    dated = [d for d in days if d != "undated"]
    assert len(dated) >= 5 and dated == sorted(dated)
    assert "2025-03-12" in days and "2025-03-18" in days
    _shot(page, "timeline")
    item = page.locator("li.item").first
    item.click()
    page.locator("#detail mark").wait_for()
    opened = parse_qs(page.evaluate("location.hash").split("?", 1)[1])["open"][0]
    mark = page.locator("#detail mark").inner_text()
    article_id, start, end = opened.split(",")[0].split(":")
    text = httpx.get(f"{page.base}/api/articles/{article_id}").json()["text"]
    assert mark == text[int(start) : int(end)]


def test_map_draws_borders_and_markers_sized_by_mentions(page: Any) -> None:
    places = [p for p in _rows(page.base, "places")["rows"] if p["lat"] is not None]
    distinct = {(p["name"] or p["text"], round(p["lat"], 2), round(p["lon"], 2)) for p in places}
    _open(page, "#map")
    assert page.locator("svg.map path.country").count() > 200
    assert page.locator("svg.map path.borders").get_attribute("d").count("M") > 100
    markers = page.locator("svg.map circle.marker")
    assert markers.count() == len(distinct)
    sizes = page.eval_on_selector_all(
        "svg.map circle.marker", "els => els.map(e => [Number(e.dataset.mentions), Number(e.dataset.r)])"
    )
    most = max(sizes)
    assert all(r <= most[1] for _, r in sizes) and most[0] == max(n for n, _ in sizes)
    before = float(page.locator("svg.map").get_attribute("data-zoom"))
    page.locator("svg.map").hover()
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(200)
    assert float(page.locator("svg.map").get_attribute("data-zoom")) > before
    page.get_by_role("button", name="Fit").click()
    _shot(page, "map")
    page.locator("svg.map circle.marker").first.dispatch_event("click")
    page.locator("#detail mark.current").wait_for()
    # The biggest marker opens its place's first mention; every mention in that article is marked.
    key = lambda p: (p["name"] or p["text"], round(p["lat"], 2), round(p["lon"], 2))  # noqa: E731
    counts: dict[tuple, int] = {}
    for p in places:
        counts[key(p)] = counts.get(key(p), 0) + 1
    biggest = max(counts, key=lambda k: counts[k])
    mentions = [p for p in places if key(p) == biggest]
    assert page.locator("#detail mark.current").inner_text() == mentions[0]["text"]
    same_article = [p for p in mentions if p["article_id"] == mentions[0]["article_id"]]
    assert page.locator("#detail mark").count() == len(same_article)
    # One button per article that mentions the place; another article's button shows its spans.
    tabs = page.locator("#detail .mention-tabs button")
    assert tabs.count() == len({p["article_id"] for p in mentions})
    other = next(p for p in mentions if p["article_id"] != mentions[0]["article_id"])
    page.locator(f"#detail .mention-tabs button[data-article='{other['article_id']}']").click()
    _settled(page)
    assert page.locator("#detail mark.current").inner_text() == other["text"]
    assert page.locator("#detail mark").count() == sum(
        p["article_id"] == other["article_id"] for p in mentions
    )


def test_a_quote_opens_its_article_with_the_span_highlighted(page: Any) -> None:
    quotes = _rows(page.base, "quotes", speaker="Putin")["rows"]
    quote = max(quotes, key=lambda q: len(q["text"]))
    _open(page, "#quotes")
    _shot(page, "quotes")
    table_width = page.locator("table.data").bounding_box()["width"]
    page.locator("table.data tbody tr", has_text=quote["text"][:60]).first.click()
    page.locator("#detail mark").wait_for()
    assert page.locator("#detail mark").all_inner_texts() == [quote["text"]]
    article = httpx.get(f"{page.base}/api/articles/{quote['article_id']}").json()
    assert page.locator("#detail .article-text").inner_text() == article["text"]
    # The drawer lies over the table: the table keeps its width.
    assert page.locator("table.data").bounding_box()["width"] == table_width
    _shot(page, "evidence")
    # It does not stay open over the next view.
    page.locator("#tabs button[data-view=articles]").click()
    _settled(page)
    assert page.locator("#detail").is_hidden()


def test_filters_search_and_sorting_go_through_the_api_and_the_url_restores_them(page: Any) -> None:
    every = _rows(page.base, "quotes")["total"]
    putin = _rows(page.base, "quotes", speaker="Putin")
    _open(page, "#quotes")
    assert _total(page) == every
    page.locator("form.filters input[name=speaker]").fill("Putin")
    page.locator("form.filters input[name=speaker]").press("Enter")
    _settled(page)
    assert "speaker=Putin" in page.evaluate("location.hash")
    assert _total(page) == putin["total"] < every
    speakers = set(page.locator("table.data tbody tr td:first-child").all_inner_texts())
    assert speakers == {"Vladimir Putin"}
    page.locator("th", has_text="Date").click()
    _settled(page)
    dates = page.locator("table.data tbody tr td:nth-child(3)").all_inner_texts()
    assert dates == sorted(dates, key=lambda d: (d == "", d))
    hash_ = page.evaluate("location.hash")
    page.reload()
    _settled(page)
    assert page.evaluate("location.hash") == hash_
    assert page.locator("form.filters input[name=speaker]").input_value() == "Putin"
    assert page.locator("table.data tbody tr td:nth-child(3)").all_inner_texts() == dates
    # Text search on articles.
    _open(page, "#articles?q=Jeddah")
    expected = _rows(page.base, "articles", q="Jeddah")["total"]
    assert 0 < _total(page) == expected < _rows(page.base, "articles")["total"]
    assert page.locator("table.data tbody tr").count() == expected


def test_the_csv_download_holds_the_filtered_rows(page: Any) -> None:
    direct = _rows(page.base, "quotes", kind="direct")["rows"]
    _open(page, "#quotes")
    page.locator("form.filters select[name=kind]").select_option("direct")
    _settled(page)
    assert _total(page) == len(direct)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    body = Path(info.value.path()).read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(body)))
    assert len(table) == len(direct)
    assert {r["Kind"] for r in table} == {"direct"}
    said = sorted(r["Said"].removeprefix("'") for r in table)
    assert said == sorted(q["text"] for q in direct)


@pytest.mark.parametrize("view", ["actors", "articles", "places"])
def test_each_table_view_renders_its_rows(page: Any, view: str) -> None:
    total = _rows(page.base, view)["total"]
    _open(page, f"#{view}")
    assert _total(page) == total
    assert page.locator("table.data tbody tr").count() == min(total, 500)
    assert page.locator("#tabs button.active").get_attribute("data-view") == view
    text = page.locator("#view").inner_text()
    assert "article:" not in text
    _shot(page, view)


def test_hostile_text_renders_inert_in_every_view(page: Any) -> None:
    for view in [
        "stories",
        "timeline",
        "map",
        "events",
        "claims",
        "positions",
        "quotes",
        "actors",
        "articles",
        "places",
    ]:
        _open(page, f"#{view}")
        assert page.locator("#view script, #view img, #view iframe, #view table svg").count() == 0
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert all(h.startswith("#") or h.startswith("/") for h in hrefs), hrefs
    _open(page, "#articles")
    row = page.locator("table.data tbody tr", has_text="Kyiv weighs the ceasefire")
    assert HOSTILE["title"] in row.inner_text()
    assert HOSTILE["byline"] in row.inner_text()
    assert HOSTILE["outlet"] in row.inner_text()
    row.click()
    page.locator("#detail .article-text").wait_for()
    assert (
        page.locator("#detail .article-text").inner_text()
        == httpx.get(f"{page.base}/api/articles/{_hostile_id(page.base)}").json()["text"]
    )
    assert page.locator("#detail script, #detail svg, #detail img").count() == 0
    _shot(page, "hostile")
    quotes = _rows(page.base, "quotes", article_id=_hostile_id(page.base))["rows"]
    scripted = next(q for q in quotes if "<script>" in q["text"])
    _open(page, "#quotes?q=javascript")
    page.locator("table.data tbody tr", has_text="<script>alert(5)</script>").first.click()
    page.locator("#detail mark").wait_for()
    assert page.locator("#detail mark").inner_text() == scripted["text"]
    assert page.title() == "sitrep"
    assert page.evaluate("typeof window.alert") == "function"


def _hostile_id(server: str) -> str:
    return next(a["id"] for a in _rows(server, "articles")["rows"] if a["source"].endswith("#hostile-1"))


def _marked_span(page: Any, mention: dict[str, Any]) -> None:
    page.locator("#detail mark.current").wait_for()
    text = httpx.get(f"{page.base}/api/articles/{mention['article_id']}").json()["text"]
    assert page.locator("#detail mark.current").inner_text() == text[mention["start"] : mention["end"]]


def test_events_view_maps_fused_events_by_type_and_mentions(page: Any) -> None:
    events = _rows(page.base, "fused_events")["rows"]
    placed = [e for e in events if e["lat"] is not None]
    _open(page, "#events")
    assert _total(page) == len(events) and page.locator("table.data tbody tr").count() == len(events)
    assert page.locator("svg.map path.country").count() > 200
    markers = page.eval_on_selector_all(
        "svg.map circle.marker",
        "els => els.map(e => [e.dataset.kind, e.getAttribute('fill'), Number(e.dataset.mentions), Number(e.dataset.r)])",
    )
    assert len(markers) == len(placed) > 0
    assert sorted(m[0] for m in markers) == sorted(e["type"] for e in placed)
    # one colour per event type, sizes growing with mentions
    fills: dict[str, set[str]] = {}
    for kind, fill, _, _ in markers:
        fills.setdefault(kind, set()).add(fill)
    assert all(len(f) == 1 for f in fills.values())
    assert len({f for fs in fills.values() for f in fs}) == len(fills)
    markers = [m[1:] for m in markers]
    biggest = max(markers, key=lambda m: m[1])
    assert biggest[2] == max(m[2] for m in markers)
    _shot(page, "events")
    most = max(len(e["mentions"]) for e in placed)
    page.locator("svg.map circle.marker").first.dispatch_event("click")
    page.locator("#detail mark.current").wait_for()
    opened = parse_qs(page.evaluate("location.hash").split("?", 1)[1])["open"][0].split(",")
    # the biggest marker opens one of the most mentioned events, all its mentions
    clicked = next(
        e for e in placed if [f"{m['article_id']}:{m['start']}:{m['end']}" for m in e["mentions"]] == opened
    )
    assert len(clicked["mentions"]) == most
    _marked_span(page, clicked["mentions"][0])
    # a filter goes through the API and into the URL
    consult = _rows(page.base, "fused_events", type="CONSULT")["total"]
    _open(page, "#events")
    page.locator("form.filters select[name=type]").select_option("CONSULT")
    _settled(page)
    assert "type=CONSULT" in page.evaluate("location.hash") and _total(page) == consult < len(events)
    page.locator("table.data tbody tr").first.click()
    page.locator("#detail mark.current").wait_for()


def test_event_markers_name_sides_not_descriptions_and_mark_a_lone_target(page: Any) -> None:
    events = [e for e in _rows(page.base, "fused_events")["rows"] if e["lat"] is not None]
    _open(page, "#events")
    titles = page.eval_on_selector_all("svg.map circle.marker title", "els => els.map(e => e.textContent)")
    assert len(titles) == len(events)
    # a side written in lower case throughout ("expanse" of territory) is a description
    described = {
        side["name"] for e in events for side in (e["actor"], e["target"]) if side and side["name"].islower()
    }
    assert described and not [t for t in titles for d in described if f"→ {d}" in t or f"{d} →" in t]
    # an event whose only named side is its target reads "→ target", not as the target's act
    lone = [e for e in events if not e["actor"] and e["target"] and e["target"]["name"][:1].isupper()]
    for e in lone:
        if e["type"] not in ("CONSULT", "COOPERATE", "AGREE"):
            assert any(f"→ {e['target']['name']}" in t for t in titles), e["target"]["name"]


def test_claims_board_puts_contested_first_with_both_sides_and_their_evidence(page: Any) -> None:
    claims = _rows(page.base, "claims")["rows"]
    _open(page, "#claims")
    cards = page.locator("li.claim")
    assert cards.count() == len(claims) == _total(page)
    statuses = [c.split()[-1] for c in (cards.nth(i).get_attribute("class") for i in range(cards.count()))]
    order = {"contested": 0, "corroborated": 1, "single-source": 2}
    assert statuses == sorted(statuses, key=order.__getitem__) and statuses[0] == "contested"
    # the encirclement: asserted by one side, disputed by the other, each with its passages
    card = cards.filter(has_text="encirclement").first
    assert "contested" in card.get_attribute("class")
    assert card.locator(".side.asserts li, .side.reports li").count() >= 1
    assert card.locator(".side.disputes li").count() >= 1
    claim = next(c for c in claims if c["id"] == card.get_attribute("data-id"))
    assert f"disputed by {claim['disputed_by'][0]['name']}" in card.inner_text()
    # the spun copy's garbled words ("... surrounded by the Russian army") are marked as such
    spun = card.locator("li.evidence", has_text="surrounded by the Russian army")
    assert spun.count() and all(
        "spun copy" in t.lower() for t in spun.all_inner_texts()
    )  # CSS upper-cases it
    card.scroll_into_view_if_needed()
    _shot(page, "claims")
    disputes = [m for m in claim["mentions"] if m["stance"] == "disputes"]
    card.locator(".side.disputes li").first.click()
    _marked_span(page, disputes[0])
    _shot(page, "claim-evidence")
    single = _rows(page.base, "claims", status="single-source")["total"]
    _open(page, "#claims?status=single-source")
    assert page.locator("li.claim").count() == single == _total(page)
    assert page.locator("li.claim.contested").count() == 0
    # the story filter (claims reach a story through the articles of their mentions), from the story page
    story = max(_rows(page.base, "stories")["rows"], key=lambda s: len(s["articles"]))
    members = set(story["articles"])
    expected = [c for c in claims if any(m["article_id"] in members for m in c["mentions"])]
    _open(page, f"#stories?id={story['id']}")
    page.get_by_role("link", name="Claims →").click()
    _settled(page)
    assert f"story={story['id']}" in page.evaluate("location.hash")
    assert page.locator("li.claim").count() == len(expected) == _total(page)


def test_positions_matrix_holds_actors_by_issues_and_opens_the_evidence(page: Any) -> None:
    positions = _rows(page.base, "positions")["rows"]
    _open(page, "#positions")
    assert _total(page) == len(positions) > 0
    headers = page.locator("table.matrix thead th").all_inner_texts()
    # the issues' labels, in the issue set's order
    labels = {i["key"]: i["label"] for i in httpx.get(f"{page.base}/api/issues").json()["issues"]}
    shown = {p["issue"] for p in positions}
    assert headers == ["Actor", *(label for key, label in labels.items() if key in shown)]
    # Putin's answer of 13 March: conditional on the ceasefire
    putin = page.locator("table.matrix tbody tr", has_text="Vladimir Putin").first
    chip = putin.locator("button.stance.conditional").first
    assert chip.inner_text().startswith("conditional")
    # A stance restated on later days is one chip with its last day, not a chip a day
    # (a stance dated only by its year stays a chip of its own).
    for cell in page.locator("table.matrix tbody td").all():
        chips = [c.split(maxsplit=1) for c in cell.locator("button.stance").all_inner_texts()]
        for (stance, when), (next_stance, _) in zip(chips, chips[1:], strict=False):
            assert stance != next_stance or re.fullmatch(r"\d{4}(-\d\d)?", when.strip()), chips
    _shot(page, "positions")
    chip.click()
    page.locator("#detail mark.current").wait_for()
    opened = parse_qs(page.evaluate("location.hash").split("?", 1)[1])["open"][0].split(",")
    mentioned = {f"{m['article_id']}:{m['start']}:{m['end']}" for p in positions for m in p["mentions"]}
    assert set(opened) <= mentioned
    article_id, start, end = opened[0].split(":")
    _marked_span(page, {"article_id": article_id, "start": int(start), "end": int(end)})


def test_the_report_html_renders_hostile_text_inert(page: Any) -> None:
    from sitrep import briefing
    from sitrep.query import Query

    (store,) = STORES.values()
    report = briefing.build_report(Query(store))
    html = briefing.render(report, "html")
    assert "<script" not in html and "<svg" not in html and "<img" not in html
    assert 'href="javascript' not in html
    page.set_content(html)
    # the hostile article's words are shown as text, and nothing ran
    assert page.locator("script, svg, img, iframe").count() == 0
    body = page.locator("body").inner_text()
    assert "<script>alert(5)</script>" in body or SVG_ATTACK in body
    assert all(
        h.startswith("#")
        for h in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    )
    markdown = briefing.render(report, "md")
    assert "<script>" not in markdown and "](javascript" not in markdown


def test_api_docs_load_offline_under_the_strict_csp(page: Any) -> None:
    response = httpx.get(f"{page.base}/api/docs")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "<script>" not in response.text and "cdn" not in response.text.lower()
    page.goto(f"{page.base}/api/docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 3
    assert "/api/summary" in page.locator(".swagger-ui").inner_text()
    _shot(page, "api-docs")


def test_the_ui_never_builds_html_from_strings() -> None:
    web = ROOT / "src" / "sitrep" / "web"
    for name in ("app.js", "docs.js"):
        source = (web / name).read_text(encoding="utf-8")
        for sink in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
        ):
            assert sink not in source, f"{name} uses {sink}"


def test_the_ui_and_the_report_leave_out_the_same_unnamed_sides() -> None:
    source = (ROOT / "src" / "sitrep" / "web" / "app.js").read_text(encoding="utf-8")
    listed = source.split("const UNNAMED = new Set([", 1)[1].split("])", 1)[0]
    in_ui = {w.strip().strip('"') for w in listed.split(",")}
    lines = (ROOT / "src" / "sitrep" / "data" / "briefing" / "unnamed_sides.txt").read_text().splitlines()
    assert in_ui == {line.strip() for line in lines if line.strip() and not line.startswith("#")}
