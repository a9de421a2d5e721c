"""Execution engines for the per-article stages (clean, then parse and the article stages).

``LocalEngine`` uses a process pool for cleaning and one in-process spaCy
model for parsing. ``RayEngine`` runs the same functions on a Ray cluster
(a local one by default, or ``address="auto"`` / ``ray://...`` for a real
cluster): cleaning as tasks, parsing and extraction on actors that each load
the model once. The driver keeps the store, so writes stay transactional.

The local pool's workers die with the process that started them (on Linux the
kernel kills them when it dies; everywhere a watchdog thread sees the parent
change), so a ``sitrep ingest`` killed with SIGKILL leaves no worker behind.
An item that cannot be sent to a worker (it cannot be pickled) is an error
naming that item, and a worker that dies costs the items it held, not the run.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from sitrep import nlp
from sitrep.clean import clean_item
from sitrep.records import Article, ItemError, RawItem
from sitrep.stages import ArticleContext, Stage, StageError

Derived = dict[str, Sequence[Any]]
Analysed = tuple[Derived, list[ItemError]]


def error_reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def clean_one(item: RawItem) -> Article | ItemError:
    try:
        return clean_item(item)
    except Exception as exc:  # one bad item must not stop the batch
        return ItemError(item.source, "clean", error_reason(exc))


def run_article_stages(article: Article, doc: Any, stages: Sequence[Stage]) -> Analysed:
    """Run the article stages, in order, over one shared context.

    A failing stage is an error of its article, not a crash; the stages that need
    its output are skipped with an error that says so.
    """
    ctx = ArticleContext(article, doc)
    derived: Derived = {}
    errors: list[ItemError] = []
    for stage in stages:
        missing = [r for r in stage.requires if r not in ctx]
        try:
            if missing:
                raise StageError(f"skipped: needs {', '.join(missing)}, which failed")
            ctx.results[stage.name] = result = stage.run(ctx)
        except Exception as exc:
            errors.append(ItemError(article.source, f"extract:{stage.name}", error_reason(exc)))
            continue
        if stage.table:
            derived[stage.table] = result
    return derived, errors


def analyse(articles: Sequence[Article], stages: Sequence[Stage]) -> list[Analysed]:
    """Parse articles in one ``nlp.pipe`` batch and run the article stages on each Doc."""
    if not articles:
        return []  # a batch of failed items must not cost a model load
    if not stages:
        return [({}, []) for _ in articles]  # nothing reads the parse (a clean-only run): none is made
    docs = nlp.parse(a.text for a in articles)
    return [run_article_stages(a, doc, stages) for a, doc in zip(articles, docs, strict=True)]


class Engine(Protocol):
    def clean(self, items: Sequence[RawItem]) -> list[Article | ItemError]: ...

    def analyse(self, articles: Sequence[Article], stages: Sequence[Stage]) -> list[Analysed]: ...

    def close(self) -> None: ...


PARENT_POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent() -> None:
    """Pool initializer: end this worker when the process that started it ends.

    The kernel's signal comes when the *thread* that started the worker ends;
    the pool starts workers from the thread that submits (the driver's), which
    lives as long as the pool.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no prctl: the watchdog still notices
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watchdog", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)  # orphaned: reparented to init or a subreaper


def _unsent(item: RawItem, exc: BaseException) -> ItemError:
    if isinstance(exc, BrokenProcessPool):
        return ItemError(item.source, "clean", "the worker process cleaning it died")
    return ItemError(
        item.source,
        "clean",
        f"cannot be sent to a worker process ({type(exc).__name__}: {error_reason(exc)})",
    )


class LocalEngine:
    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self._pool = self._new_pool() if self._workers > 1 else None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self._workers, initializer=die_with_parent)

    def clean(self, items: Sequence[RawItem]) -> list[Article | ItemError]:
        if self._pool is None:
            return [clean_one(item) for item in items]
        futures = [self._submit(item) for item in items]
        results = [self._result(item, future) for item, future in zip(items, futures, strict=True)]
        if any(isinstance(f.exception(), BrokenProcessPool) for f in futures):
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()  # the next batch gets live workers
        return results

    def _submit(self, item: RawItem) -> Future[Article | ItemError]:
        assert self._pool is not None
        try:
            return self._pool.submit(clean_one, item)
        except BrokenProcessPool as exc:  # a worker died earlier in this batch
            failed: Future[Article | ItemError] = Future()
            failed.set_exception(exc)
            return failed

    @staticmethod
    def _result(item: RawItem, future: Future[Article | ItemError]) -> Article | ItemError:
        try:
            return future.result()
        except Exception as exc:  # pickling the item failed, or its worker died
            return _unsent(item, exc)

    def analyse(self, articles: Sequence[Article], stages: Sequence[Stage]) -> list[Analysed]:
        return analyse(articles, stages)

    def close(self) -> None:
        if self._pool:
            self._pool.shutdown()


class RayEngine:
    """Per-article stages on Ray; ``workers`` parser actors (each loads the model once)."""

    CHUNK = 16  # articles per actor call: large enough for nlp.pipe batching

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        import ray  # optional dependency: pip install 'sitrep[ray]'

        self._ray = ray
        if not ray.is_initialized():
            ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
        self._clean = ray.remote(clean_one)
        parser = ray.remote(_ParserActor)
        count = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._actors = [parser.remote() for _ in range(count)]

    def clean(self, items: Sequence[RawItem]) -> list[Article | ItemError]:
        return self._ray.get([self._clean.remote(item) for item in items])

    def analyse(self, articles: Sequence[Article], stages: Sequence[Stage]) -> list[Analysed]:
        from ray.util import ActorPool

        chunks = [list(articles[i : i + self.CHUNK]) for i in range(0, len(articles), self.CHUNK)]
        pool = ActorPool(self._actors)
        results = pool.map(lambda actor, chunk: actor.analyse.remote(chunk, stages), chunks)
        return [analysed for chunk in results for analysed in chunk]

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)


class _ParserActor:
    def __init__(self) -> None:
        nlp.load()

    def analyse(self, articles: Sequence[Article], stages: Sequence[Stage]) -> list[Analysed]:
        return analyse(articles, stages)


def make_engine(name: str = "local", workers: int | None = None, address: str | None = None) -> Engine:
    if name == "local":
        return LocalEngine(workers)
    if name == "ray":
        return RayEngine(workers, address)
    raise ValueError(f"unknown engine {name!r}: use 'local' or 'ray'")
