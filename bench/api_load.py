"""API load benchmark: requests per second, error rate and latency of the REST API on loopback.

Builds (or reuses, with ``--store``) a store of about 350 articles: the VOA
corpus and the seeds expanded with varied text as ``bench/scale.py`` does,
ingested through the whole pipeline. Then serves it with uvicorn on 127.0.0.1
and sends a bounded number of requests (default 2,000 at 50 concurrent) over
the list endpoints (with and without filters) and the detail endpoint, and
prints requests per second, the error rate and p50/p95/max latency.

Run: ``.venv/bin/python bench/api_load.py [--requests 2000] [--concurrency 50] [--store PATH]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from scale import synthetic
from sitrep import pipeline
from sitrep.api import create_app
from sitrep.store import open_store


def build_store(path: Path, articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for a in synthetic(articles):
                fh.write(json.dumps({"text": a.text, "published": a.published, "outlet": a.outlet}) + "\n")
        with open_store(path) as store:
            pipeline.ingest([corpus], store, workers=2)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def urls(base: str, client: httpx.Client, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """A mix of list, filtered-list and detail requests over what the store holds."""
    articles = client.get(f"{base}/api/articles", params={"limit": 10_000}).json()["rows"]
    speakers = [q["speaker"] for q in client.get(f"{base}/api/quotes", params={"limit": 2000}).json()["rows"]]
    speakers = [s for s in speakers if s] or ["Putin"]
    kinds = {
        "articles?offset": lambda: f"{base}/api/articles?limit=50&offset={rng.randrange(0, 300)}",
        "articles/{id}": lambda: f"{base}/api/articles/{rng.choice(articles)['id']}",
        "quotes?speaker": lambda: f"{base}/api/quotes?limit=100&speaker={rng.choice(speakers).split()[-1]}",
        "quotes?article_id": lambda: f"{base}/api/quotes?article_id={rng.choice(articles)['id']}",
        "statements?since": lambda: f"{base}/api/statements?limit=100&since=2024-06-01",
        "places?story": lambda: f"{base}/api/places?limit=200&story={rng.choice(articles)['story_id']}",
        "stories": lambda: f"{base}/api/stories",
        "summary": lambda: f"{base}/api/summary",
    }
    names = sorted(kinds)
    return [(name, kinds[name]()) for name in (rng.choice(names) for _ in range(n))]


# endpoint -> (latency, failed) per request
BY_KIND: dict[str, list[tuple[float, bool]]] = {}


async def load(targets: list[tuple[str, str]], concurrency: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def one(kind: str, url: str) -> None:
            nonlocal errors
            async with gate:
                start = time.perf_counter()
                try:
                    response = await client.get(url)
                    failed = response.status_code != 200
                except httpx.HTTPError:
                    failed = True
                errors += failed
                latencies.append(time.perf_counter() - start)
                BY_KIND.setdefault(kind, []).append((latencies[-1], failed))

        began = time.perf_counter()
        await asyncio.gather(*(one(k, u) for k, u in targets))
    return latencies, errors, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--articles", type=int, default=350)
    parser.add_argument("--store", type=Path, help="reuse (or build once) the store at this path")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "load.db"
        if not path.exists():
            began = time.perf_counter()
            build_store(path, args.articles)
            print(f"built a store of {args.articles} articles in {time.perf_counter() - began:.0f} s: {path}")
        store = open_store(path)
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="error")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(timeout=60) as client:
            targets = urls(base, client, args.requests, random.Random(3))
        latencies, errors, seconds = asyncio.run(load(targets, args.concurrency))
        server.should_exit = True
        thread.join(timeout=10)
        counts = store.counts()
        store.close()
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"store: {counts['articles']} articles, {counts.get('quotes', 0)} quotes, {counts.get('places', 0)} places"
    )
    print(f"{len(latencies)} requests at {args.concurrency} concurrent in {seconds:.1f} s")
    print(
        f"requests/s {len(latencies) / seconds:.1f}  errors {errors} ({errors / len(latencies):.1%})  "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms  max {latencies[-1] * 1000:.0f} ms"
    )
    for kind, rows in sorted(BY_KIND.items()):
        times = sorted(t for t, _ in rows)
        print(
            f"  {kind:<18} {len(rows):>5} requests  p50 {statistics.median(times) * 1000:>6.0f} ms  "
            f"p95 {times[int(0.95 * (len(times) - 1))] * 1000:>6.0f} ms  errors {sum(f for _, f in rows)}"
        )


if __name__ == "__main__":
    main()
