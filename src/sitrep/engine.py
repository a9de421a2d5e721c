"""Execution engines for the per-article stages (clean, then parse and the article stages).

``LocalEngine`` uses a process pool for cleaning and one in-process spaCy
model for parsing. ``RayEngine`` runs the same functions on a Ray cluster
(a local one by default, or ``address="auto"`` / ``ray://...`` for a real
cluster): cleaning as tasks, parsing and extraction on actors that each load
the model once. The driver keeps the store, so writes stay transactional.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
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
    docs = nlp.parse(a.text for a in articles)
    return [run_article_stages(a, doc, stages) for a, doc in zip(articles, docs, strict=True)]


class Engine(Protocol):
    def clean(self, items: Sequence[RawItem]) -> list[Article | ItemError]: ...

    def analyse(self, articles: Sequence[Article], stages: Sequence[Stage]) -> list[Analysed]: ...

    def close(self) -> None: ...


class LocalEngine:
    def __init__(self, workers: int | None = None) -> None:
        workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self._pool = ProcessPoolExecutor(workers) if workers > 1 else None

    def clean(self, items: Sequence[RawItem]) -> list[Article | ItemError]:
        return list(self._pool.map(clean_one, items) if self._pool else map(clean_one, items))

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
