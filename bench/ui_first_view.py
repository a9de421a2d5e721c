"""Web UI speed: how long the first view takes to render in Chromium with a large store.

Writes ``--articles`` synthetic articles (default 10,000: sentences of the example corpus in
``examples/corpus/`` recombined, 300 outlets, two years of dates) straight into a store, serves it with uvicorn on 127.0.0.1, and times, in a fresh
browser context each run (nothing cached), from navigation to the moment the landing view
(Articles) has rendered its table (``body[data-rendered]``). Alongside it, in the same run, the
time of the one API request that view is built on, as the floor any UI over this API has.

Run: ``PYTHONPATH=src .venv/bin/python bench/ui_first_view.py [--articles 10000] [--runs 5]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from playwright.sync_api import sync_playwright

from sitrep.api import create_app
from sitrep.records import Article
from sitrep.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def synthetic(n: int, seed: int = 7) -> list[Article]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "seeds").glob("*.txt"))]
    for path in sorted((CORPUS / "voa").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for t in texts for line in t.split("\n") if line.strip()]
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    return [
        Article(
            id=f"s{i:06d}",
            source=f"synthetic#{i}",
            text="\n".join(rng.sample(lines, 12)),
            content_hash=str(i),
            title=rng.choice(lines)[:90],
            outlet=f"outlet{rng.randrange(300)}.example",
            published=(start + dt.timedelta(days=rng.randrange(730))).isoformat(),
        )
        for i in range(n)
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(store: object) -> tuple[uvicorn.Server, str]:
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def first_view_seconds(base: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall time to the rendered view as the test driver sees it, and the page's own mark of it
    (``sitrep:rendered``, from the start of navigation)."""
    chromium = shutil.which("chromium") or "chromium"
    times, marks = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1360, "height": 860})
            page = context.new_page()
            start = time.perf_counter()
            page.goto(f"{base}/")
            page.wait_for_selector("body[data-rendered]", state="attached", timeout=60_000)
            times.append(time.perf_counter() - start)
            marks.append(page.evaluate("performance.getEntriesByName('sitrep:rendered')[0].startTime") / 1000)
            rows = page.locator("table.data tbody tr").count()
            assert rows > 0, "the first view rendered no rows"
            context.close()
        browser.close()
    return times, marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "s.db")
        t0 = time.perf_counter()
        for article in synthetic(args.articles):
            store.write_article(article, {})
        print(f"store: {store.counts()['articles']} articles written in {time.perf_counter() - t0:.1f} s")
        server, base = serve(store)
        try:
            api = []
            for _ in range(args.runs):
                t = time.perf_counter()
                httpx.get(f"{base}/api/articles", params={"limit": 200}).raise_for_status()
                api.append(time.perf_counter() - t)
            ui, marks = first_view_seconds(base, args.runs)
        finally:
            server.should_exit = True
            store.close()
    print(
        f"API /api/articles?limit=200 (floor):       median {statistics.median(api):.3f} s, max {max(api):.3f} s"
    )
    print(
        f"UI first view (Articles), cold, page mark: median {statistics.median(marks):.3f} s, max {max(marks):.3f} s"
    )
    print(
        f"UI first view (Articles), cold, wall:      median {statistics.median(ui):.3f} s, max {max(ui):.3f} s"
    )


if __name__ == "__main__":
    main()
