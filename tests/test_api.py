"""The REST API and the web UI, served by a real uvicorn server on loopback.

The browser test drives Debian's Chromium through Playwright; it is skipped
only where Chromium is not installed (``make test`` installs it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from sitrep import pipeline
from sitrep.api import create_app
from sitrep.store import open_store
from sitrep.store.sql import SQLStore

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "seeds"
HOSTILE = (
    "Hostile page <img src=x onerror=\"document.title='pwned'\"> and <script>document.title='pwned'</script> "
    "inside an article that otherwise reports a ceasefire proposal in plain words.\n"
    "A second paragraph keeps the article long enough to be stored as an article."
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


STORES: dict[str, Path] = {}  # the store behind each test server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, copy_seeds_store) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("api")
    inputs = tmp / "inputs"
    shutil.copytree(SEEDS, inputs)
    (inputs / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    # The seeds are stored already (the session's copy): this run adds the hostile page.
    store = open_store(copy_seeds_store(tmp / "s.db"))
    pipeline.ingest([inputs], store, workers=1)
    with serving(store) as base:
        STORES[base] = tmp / "s.db"
        yield base
    store.close()


@contextlib.contextmanager
def serving(store: SQLStore) -> Iterator[str]:
    """A real uvicorn server over ``store`` on a free loopback port, for the block's length."""
    port = _free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def test_api_serves_every_article_as_in_the_export(server: str) -> None:
    body = httpx.get(f"{server}/api/articles").json()
    assert body["total"] == 6
    titles = {row["title"] for row in body["rows"]}
    assert "Ukraine Cease-Fire Hinges on Trump Call With Putin" in titles
    one = body["rows"][0]
    assert httpx.get(f"{server}/api/articles/{one['id']}").json() == one


def test_api_filters_by_article_and_rejects_unknown_tables(server: str) -> None:
    articles = httpx.get(f"{server}/api/articles").json()["rows"]
    times = httpx.get(f"{server}/api/times", params={"article_id": articles[0]["id"]}).json()["rows"]
    assert all(t["article_id"] == articles[0]["id"] for t in times)
    missing = httpx.get(f"{server}/api/passwords")
    assert missing.status_code == 404 and "tables:" in missing.json()["detail"]
    assert httpx.get(f"{server}/api/articles/nope").status_code == 404


def test_api_sends_a_content_security_policy(server: str) -> None:
    response = httpx.get(f"{server}/")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_openapi_document_lists_the_endpoints(server: str) -> None:
    paths = httpx.get(f"{server}/api/openapi.json").json()["paths"]
    assert {"/api/summary", "/api/{table}", "/api/articles/{article_id}"} <= set(paths)


# In CI a missing browser is a failure, not a skip.
@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="Chromium is not installed (make test installs it)"
)
def test_browser_shows_article_text_escaped(server: str) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM or "chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        page = browser.new_page()
        page.goto(server)
        page.wait_for_selector("#view table tbody tr")
        rows = page.locator("#view table tbody tr")
        assert rows.count() == 6
        rows.filter(has_text="Hostile page <img").first.click()
        detail = page.locator("#detail")
        detail.wait_for()
        # The markup is shown as text: no element was created and nothing ran.
        assert "<script>document.title='pwned'</script>" in detail.inner_text()
        assert page.locator("#detail img, #detail script").count() == 0
        assert page.title() == "sitrep"
        page.locator("#tabs button[data-view=timeline]").click()
        page.wait_for_selector(".timeline li")
        assert page.locator(".timeline li").count() > 5
        browser.close()


def _rows(server: str, table: str, **params: str) -> list[dict]:
    response = httpx.get(f"{server}/api/{table}", params={**params, "limit": "10000"})
    assert response.status_code == 200, response.text
    return response.json()["rows"]


def test_quote_filters_return_only_matching_rows(server: str) -> None:
    every = _rows(server, "quotes")
    putin = _rows(server, "quotes", speaker="Putin")
    assert putin and len(putin) < len(every)
    assert {q["speaker"] for q in putin} == {"Vladimir Putin"}
    assert putin == [q for q in every if q["speaker"] == "Vladimir Putin"]
    story = next(a["story_id"] for a in _rows(server, "articles"))
    in_story = {a["id"] for a in _rows(server, "articles", story=story)}
    assert {q["article_id"] for q in _rows(server, "quotes", story=story)} <= in_story
    dated = _rows(server, "quotes", since="2025-03-13")
    published = {a["id"]: a["published"] for a in _rows(server, "articles")}
    assert dated and all((q["date"] or published[q["article_id"]]) >= "2025-03-13" for q in dated)
    assert len(dated) < len(every)
    ceasefire = _rows(server, "quotes", q="ceasefire")
    assert ceasefire and all("ceasefire" in str(q).lower() for q in ceasefire)
    statements = _rows(server, "statements", speaker="Putin")
    assert statements and all(s["speaker"] == "Vladimir Putin" for s in statements)


def test_an_unknown_filter_is_refused_not_ignored(server: str) -> None:
    response = httpx.get(f"{server}/api/quotes", params={"speeker": "Putin"})
    assert response.status_code == 422 and "speeker" in response.json()["detail"]


def test_the_timeline_endpoint_serves_the_reports_timeline_with_its_filters(server: str) -> None:
    from sitrep import briefing
    from sitrep.query import Query

    answer = httpx.get(f"{server}/api/timeline", params={"limit": 10_000}).json()
    days = [d["date"] for d in answer["days"]]
    assert days == sorted(days) and {"2025-03-11", "2025-03-12"} <= set(days)
    items = [i for d in answer["days"] for i in d["items"]]
    assert answer["total"] == len(items) > 10
    # the story's timeline in the report holds the same items
    store = open_store(STORES[server])
    report = briefing.build_report(Query(store))
    in_report = {(i.kind, i.id) for s in report.stories for d in s.timeline for i in d.items}
    assert {(i["kind"], i["id"]) for i in items} == in_report
    store.close()
    # filters: words, a speaker, an outlet, a day range; an unknown one is refused
    putin = httpx.get(f"{server}/api/timeline", params={"speaker": "Putin"}).json()
    assert 0 < putin["total"] < answer["total"]
    assert all("putin" in f"{i['who']} {i['line']}".lower() for d in putin["days"] for i in d["items"])
    day = httpx.get(f"{server}/api/timeline", params={"since": "2025-03-12", "until": "2025-03-12"}).json()
    assert [d["date"] for d in day["days"]] == ["2025-03-12"]
    words = httpx.get(f"{server}/api/timeline", params={"q": "Jeddah"}).json()
    assert words["total"] and all("jeddah" in i["line"].lower() for d in words["days"] for i in d["items"])
    outlet = httpx.get(f"{server}/api/timeline", params={"outlet": "hindustantimes.com"}).json()
    assert outlet["total"] and all(
        "hindustantimes.com" in i["sources"] for d in outlet["days"] for i in d["items"]
    )
    refused = httpx.get(f"{server}/api/timeline", params={"speeker": "Putin"})
    assert refused.status_code == 422 and "speeker" in refused.json()["detail"]


def test_a_rebinding_host_header_is_refused(server: str) -> None:
    response = httpx.get(f"{server}/api/summary", headers={"Host": "attacker.example"})
    assert response.status_code == 400
    assert httpx.get(f"{server}/api/summary", headers={"Host": "localhost"}).status_code == 200


def test_the_article_page_reads_one_row_through_the_primary_key(tmp_path: Path) -> None:
    from sitrep.query import Query

    store = open_store(tmp_path / "s.db")
    pipeline.ingest([next(SEEDS.glob("000_*"))], store, workers=1)
    article_id = next(store.articles()).id
    plans: list[str] = []

    def explain(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT") and "FROM articles" in statement:
            rows = cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            plans.extend(str(r[-1]) for r in rows)

    import sqlalchemy as sa

    sa.event.listen(store.engine, "before_cursor_execute", explain)
    assert Query(store).article(article_id).id == article_id
    sa.event.remove(store.engine, "before_cursor_execute", explain)
    store.close()
    assert plans and all("USING INDEX" in p or "PRIMARY KEY" in p for p in plans), plans
    assert not any(p.startswith("SCAN") for p in plans)


def test_the_speaker_filter_reads_actors_again_after_a_new_run(copy_seeds_store, tmp_path: Path) -> None:
    # The actors' names are read once per finished run (a server answers many speaker filters
    # between two ingests), and again once another run has written actors.
    from sitrep.query import Query
    from sitrep.records import Actor

    store = open_store(copy_seeds_store(tmp_path / "s.db"))
    reads = Query(store)
    putin = reads.actor_ids("Putin")
    assert putin and reads.actor_ids("Putin") == putin
    assert reads.actor_ids("Zelenskyy") == reads.actor_ids("Zelensky")  # any transliteration
    assert reads.actor_ids("Kallas Tallinn") == []
    run = store.start_run()
    store.upsert_records("actors", [Actor("actor-kallas-t", "Kaja Kallas Tallinn", "person")])
    assert reads.actor_ids("Kallas Tallinn") == ["actor-kallas-t"]  # a run in progress is not cached
    store.finish_run(run, 0, 0, [])
    assert reads.actor_ids("Kallas Tallinn") == ["actor-kallas-t"]
    store.close()


def test_kept_answers_last_only_until_the_next_run(copy_seeds_store, tmp_path: Path) -> None:
    # The server keeps whole answers per finished run: a new run (here a second process's
    # ingest on the same file) must show at once, and a run in progress is never kept.
    from sitrep.records import Actor

    path = copy_seeds_store(tmp_path / "s.db")
    store = open_store(path)
    with serving(store) as base:
        first = httpx.get(f"{base}/api/articles")
        assert (
            first.headers["content-security-policy"]
            and httpx.get(f"{base}/api/articles").json() == first.json()
        )
        assert "content-security-policy" in httpx.get(f"{base}/api/articles").headers  # a kept answer too
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
        with open_store(path) as writer:
            pipeline.ingest([tmp_path / "in"], writer, workers=1)
        assert httpx.get(f"{base}/api/articles").json()["total"] == first.json()["total"] + 1

        def actors() -> set[str]:
            rows = httpx.get(f"{base}/api/actors", params={"limit": 5000}).json()["rows"]
            return {a["name"] for a in rows}

        with open_store(path) as writer:
            run = writer.start_run()
            writer.upsert_records("actors", [Actor("actor-kallas-t", "Kaja Kallas Tallinn", "person")])
            assert "Kaja Kallas Tallinn" in actors()
            writer.delete_records("actors", ["actor-kallas-t"])
            assert "Kaja Kallas Tallinn" not in actors()  # nothing was kept while the run wrote
            writer.finish_run(run, 0, 0, [])
    store.close()


def test_dated_rows_come_in_the_order_they_happened(server: str) -> None:
    # Record ids are content hashes: a page in id order reads as noise. Dated tables page by date.
    rows = _rows(server, "quotes", limit="1000")
    dates = [r["date"] for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # undated ones last


def test_the_issue_set_is_served_with_its_labels(server: str) -> None:
    issues = httpx.get(f"{server}/api/issues").json()["issues"]
    assert issues[0] == {"key": "ceasefire_30day", "label": "30-day ceasefire"}
    assert {i["key"] for i in issues} >= {r["issue"] for r in _rows(server, "positions")}
