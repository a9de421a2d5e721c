"""API load benchmark: requests per second, error rate and latency of the REST API on loopback.

Builds (or reuses, with ``--store``) a store of about 350 articles: the VOA
corpus and the seeds expanded with varied text as ``bench/scale.py`` does,
ingested through the whole pipeline. Then serves it with ``sitrep serve`` on 127.0.0.1
and sends a bounded number of requests (default 2,000 at 50 concurrent) over
the list endpoints (with and without filters) and the detail endpoint, and
prints requests per second, the error rate and p50/p95/max latency.

Run: ``.venv/bin/python bench/api_load.py [--requests 2000] [--concurrency 50] [--store PATH]``
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import httpx

from scale import synthetic
from sitrep import pipeline
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


@contextlib.contextmanager
def serving(path: Path, port: int) -> Iterator[None]:
    """``sitrep serve`` on the store, in its own process as users run it (in this one the load's
    client would share the server's interpreter lock)."""
    cmd = [sys.executable, "-m", "sitrep", "serve", "--store", str(path), "--port", str(port)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/summary", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


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
# whether a URL was asked before (the server keeps answers per finished run) -> latencies
BY_FRESHNESS: dict[str, list[float]] = {}


async def load(targets: list[tuple[str, str]], concurrency: int) -> tuple[list[float], int, float]:
    """Send the requests, ``concurrency`` at a time. The client is aiohttp: httpx's asyncio client
    spent 4 ms of CPU per request, so on a small machine it measured itself, not the server."""
    latencies: list[float] = []
    errors = 0
    asked: set[str] = set()
    gate = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:

        async def one(kind: str, url: str) -> None:
            nonlocal errors
            async with gate:
                again = url in asked
                asked.add(url)
                start = time.perf_counter()
                try:
                    async with client.get(url) as response:
                        await response.read()
                        failed = response.status != 200
                except (aiohttp.ClientError, TimeoutError):
                    failed = True
                errors += failed
                latencies.append(time.perf_counter() - start)
                BY_KIND.setdefault(kind, []).append((latencies[-1], failed))
                BY_FRESHNESS.setdefault("asked again" if again else "first asked", []).append(latencies[-1])

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
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        with serving(path, port):
            with httpx.Client(timeout=60) as client:
                targets = urls(base, client, args.requests, random.Random(3))
            latencies, errors, seconds = asyncio.run(load(targets, args.concurrency))
        store = open_store(path)
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
        print(f"  {_spread(kind, [t for t, _ in rows])}  errors {sum(f for _, f in rows)}")
    for kind, times in sorted(BY_FRESHNESS.items()):
        print(f"  {_spread(kind, times)}")


def _spread(label: str, times: list[float]) -> str:
    times = sorted(times)
    return (
        f"{label:<18} {len(times):>5} requests  p50 {statistics.median(times) * 1000:>6.0f} ms  "
        f"p95 {times[int(0.95 * (len(times) - 1))] * 1000:>6.0f} ms"
    )


if __name__ == "__main__":
    main()
