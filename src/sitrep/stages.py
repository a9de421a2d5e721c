"""The registry of pipeline stages: what each needs, what it makes, where it writes.

A stage registers itself where it is defined, as spaCy components do with
``@Language.component(requires=..., assigns=...)``:

* an **article stage** (``@article_stage``) reads and extends one
  :class:`ArticleContext` (the article, its parse, and what earlier stages
  assigned) and returns the records of its table;
* a **corpus stage** (``@corpus_stage``) is a linker: ``Corpus -> LinkResult``,
  run after each ingest.

:func:`plan` orders the stages from their declarations and refuses, before any
work starts, a stage whose requirement nothing provides. Built-in stages are
found by importing every module of :mod:`sitrep.extract` and :mod:`sitrep.link`;
other packages add theirs through the ``sitrep.stages`` entry-point group, so
adding a stage touches no other module.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import pkgutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sitrep.records import Article

Kind = Literal["article", "corpus"]
# What the pipeline itself puts in every article context, before any stage runs.
PROVIDED = ("article", "doc")
BUILTIN_PACKAGES = ("sitrep.extract", "sitrep.link")
ENTRY_POINT_GROUP = "sitrep.stages"


class StageError(ValueError):
    """A stage declaration that cannot run: unknown, duplicated, or missing a requirement."""


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table of derived records: one JSON document per row plus the columns queries filter on.

    ``columns`` are record fields copied into indexed SQL columns (``speaker_id``,
    ``date``...); ``per_article`` tables are deleted and rewritten with their article.
    ``indexes`` are groups of those columns indexed together: a filter and the column a
    neighbourhood is read in order of (``("type", "date")``: the nearest events of a type).
    """

    name: str
    record: type
    per_article: bool
    columns: tuple[str, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()


Migration = tuple[str, Callable[[Any], None]]  # (name, step on a SQLAlchemy connection)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    kind: Kind
    run: Callable[..., Any]
    tables: tuple[TableSpec, ...] = ()
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    # Named schema steps of this stage's tables, applied once each, in order (sqlite-utils style).
    migrations: tuple[Migration, ...] = ()
    # A corpus stage that can link only the articles new in a run (``Corpus.new_ids``),
    # reading the rest from the store; others are given the whole corpus.
    incremental: bool = False
    # The tables a whole-corpus run of a corpus stage reads besides its own (``None``: all of them).
    reads: tuple[str, ...] | None = None

    @property
    def table(self) -> str | None:
        """The table an article stage's records are written to."""
        return self.tables[0].name if self.tables else None


@dataclass(slots=True)
class ArticleContext:
    """One article as the per-article stages share it: each stage's output under its name."""

    article: Article
    doc: Any  # spacy.tokens.Doc
    results: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        if name == "article":
            return self.article
        if name == "doc":
            return self.doc
        try:
            return self.results[name]
        except KeyError:
            raise StageError(f"nothing assigned {name!r} to the article context") from None

    def __contains__(self, name: object) -> bool:
        return name in PROVIDED or name in self.results


_REGISTRY: dict[str, Stage] = {}


def register(stage: Stage) -> Stage:
    """Add a stage; registering the same function again (a re-import) is a no-op."""
    known = _REGISTRY.get(stage.name)
    if known is not None and _qualname(known.run) != _qualname(stage.run):
        raise StageError(
            f"two stages are named {stage.name!r}: {_qualname(known.run)}, {_qualname(stage.run)}"
        )
    _REGISTRY[stage.name] = stage
    return stage


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def _qualname(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def _decorator(
    kind: Kind,
    name: str,
    tables: Sequence[TableSpec],
    requires: Iterable[str],
    assigns: Iterable[str],
    migrations: Sequence[Migration],
    incremental: bool = False,
    reads: Iterable[str] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        stage = Stage(
            name,
            kind,
            fn,
            tuple(tables),
            tuple(requires),
            (name, *assigns),
            tuple(migrations),
            incremental,
            None if reads is None else tuple(reads),
        )
        register(stage)
        return fn

    return decorate


def article_stage(
    name: str,
    *,
    tables: Sequence[TableSpec] = (),
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    migrations: Sequence[Migration] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn(ctx) -> records``; its result is assigned to the context as ``name``."""
    return _decorator("article", name, tables, requires, assigns, migrations)


def corpus_stage(
    name: str,
    *,
    tables: Sequence[TableSpec] = (),
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    migrations: Sequence[Migration] = (),
    incremental: bool = False,
    reads: Iterable[str] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a linker ``fn(corpus) -> LinkResult``.

    ``reads``: the tables a run over the whole corpus loads besides the stage's own (default: all).

    ``incremental=True``: after an ingest the linker is given only the new articles
    (``corpus.new_ids``) and the store, and returns the rows it changed (``LinkResult.upserts``).
    """
    return _decorator("corpus", name, tables, requires, assigns, migrations, incremental, reads)


@functools.cache
def load_builtin() -> None:
    """Import every built-in stage module and every plugin named by an entry point."""
    for package_name in BUILTIN_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            importlib.import_module(info.name)
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        entry.load()


def registered() -> list[Stage]:
    load_builtin()
    return list(_REGISTRY.values())


def plan(stages: Sequence[Stage] | None = None) -> list[Stage]:
    """The stages in an order that meets every requirement: article stages first, then corpus ones.

    Within a kind, registration order is kept wherever the requirements allow.
    Raises :class:`StageError` naming the first stage whose requirement nothing provides.
    """
    chosen = registered() if stages is None else list(stages)
    provided = set(PROVIDED)
    ordered: list[Stage] = []
    for kind in ("article", "corpus"):
        pending = [s for s in chosen if s.kind == kind]
        offered = provided | {name for s in pending for name in s.assigns}
        for stage in pending:
            missing = [r for r in stage.requires if r not in offered]
            if missing:
                raise StageError(
                    f"stage {stage.name!r} requires {', '.join(map(repr, missing))}, which no {kind} stage "
                    f"before it provides"
                )
        while pending:
            ready = next((s for s in pending if set(s.requires) <= provided), None)
            if ready is None:
                names = ", ".join(s.name for s in pending)
                raise StageError(f"stages {names} require each other's output: no order can run them")
            ordered.append(ready)
            provided.update(ready.assigns)
            pending.remove(ready)
    return ordered


def select(names: Iterable[str]) -> list[Stage]:
    """Registered stages by name (benchmarks and tests run part of the pipeline)."""
    load_builtin()
    wanted = list(names)
    unknown = [n for n in wanted if n not in _REGISTRY]
    if unknown:
        raise StageError(f"no stage named {', '.join(map(repr, unknown))}; stages: {', '.join(_REGISTRY)}")
    return plan([_REGISTRY[n] for n in wanted])


def tables(stages: Sequence[Stage] | None = None) -> dict[str, TableSpec]:
    """Every derived table the stages write, by name: article tables first, as exported."""
    chosen = registered() if stages is None else stages
    specs = sorted((spec for stage in chosen for spec in stage.tables), key=lambda spec: not spec.per_article)
    return {spec.name: spec for spec in specs}


def record_type(table: str) -> type:
    try:
        return tables()[table].record
    except KeyError:
        raise StageError(f"no stage writes a table {table!r}") from None
