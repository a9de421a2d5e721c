"""The one read API: filtered, joined, paged reads of a store.

The CLI, the REST API, the report and the UI all read through :class:`Query`.
Filters run in SQL on the indexed columns each stage declares (see
:class:`sitrep.stages.TableSpec`), so a page of quotes by one speaker reads
that page, not the table. Each table accepts the filters in :data:`FILTERS`;
anything else is refused with :class:`UnknownFilter`, never ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from sitrep import phoenix, stages
from sitrep.extract.speakers import translit_key
from sitrep.records import Article, FusedEvent, Statement, from_dict
from sitrep.store import schema
from sitrep.store.sql import SQLStore, article_from_row

# Filters every table accepts; besides these, each declared query column is an equality filter.
_COMMON = ("q", "since", "until")
ARTICLE_FILTERS = ("q", "since", "until", "story", "outlet")
# Corpus tables whose records a per-article table points to: (that table, its column). Their
# ``story`` and ``article_id`` filters reach them through those mentions.
MEMBERS = {"statements": ("quotes", "statement_id"), "fused_events": ("events", "event_id")}
# Tables whose records name an actor and a target (``actor.name``, ``actor.country``...).
_SIDES = ("actor", "target")


class UnknownFilter(ValueError):
    pass


@dataclass(slots=True)
class Page:
    table: str
    total: int
    rows: list[Any]


def filters_of(table: str) -> tuple[str, ...]:
    """The filters a table accepts.

    ``speaker`` matches any alias of an actor; ``actor`` matches an event whose actor
    or target is named so or is of that country (``RUS``, ``Russia``, ``Russian``);
    ``story`` and ``article_id`` reach statements and fused events through their mentions.
    """
    if table == "articles":
        return ARTICLE_FILTERS
    spec = stages.tables()[table]
    columns = [schema.column_name(f) for f in spec.columns]
    linked = ("article_id", "story") if spec.per_article or table in MEMBERS else ()
    speaker = ("speaker",) if "speaker_id" in columns else ()
    actor = ("actor",) if {"actor_name", "actor_country"} <= set(columns) else ()
    return tuple(dict.fromkeys([*_COMMON, *linked, *speaker, *actor, *columns]))


class Query:
    def __init__(self, store: SQLStore) -> None:
        self.store = store
        self.engine = store.engine
        # The actors' names as transliteration keys, read once per run of the store (a server
        # answers many speaker filters between two ingests).
        self._names: tuple[Any, list[tuple[str, list[frozenset[str]]]]] | None = None

    # -- articles -----------------------------------------------------------
    def article(self, article_id: str) -> Article | None:
        """One article by its id (a primary-key lookup)."""
        t = schema.articles
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == article_id)).mappings().first()
        return article_from_row(row) if row else None

    def articles(
        self, filters: Mapping[str, str] | None = None, *, limit: int = 500, offset: int = 0
    ) -> Page:
        filters = _checked("articles", filters)
        t = schema.articles
        where = []
        if "story" in filters:
            where.append(t.c.story_id == filters["story"])
        if "outlet" in filters:
            name = filters["outlet"]
            where.append(sa.or_(t.c.outlet == name, t.c.original_outlet == name))
        if "since" in filters:
            where.append(t.c.published >= filters["since"])
        if "until" in filters:
            where.append(t.c.published <= filters["until"] + "\uffff")
        if "q" in filters:
            like = f"%{filters['q']}%"
            where.append(sa.or_(t.c.text.like(like), t.c.title.like(like)))
        order = (t.c.published, t.c.id)
        total, rows = self._page(sa.select(t).where(*where), order, limit, offset)
        return Page("articles", total, [article_from_row(r) for r in rows])

    # -- derived tables -----------------------------------------------------
    def records(
        self, table: str, filters: Mapping[str, str] | None = None, *, limit: int = 500, offset: int = 0
    ) -> Page:
        """A page of one derived table's records, as their record type."""
        filters = _checked(table, filters)
        spec = stages.tables()[table]
        t = self.store.tables[table]
        where = [self._condition(spec, t, name, value) for name, value in filters.items()]
        # dated records in the order they happened (undated last), so that pages read as a chronology
        order = (t.c.date.is_(None), t.c.date, t.c.id) if "date" in t.c else (t.c.id,)
        total, rows = self._page(sa.select(t.c.data).where(*where), order, limit, offset)
        cls = spec.record
        return Page(table, total, [from_dict(cls, r["data"]) for r in rows])

    def _condition(self, spec: stages.TableSpec, t: sa.Table, name: str, value: str) -> Any:
        if name == "q":
            return sa.cast(t.c.data, sa.Text).like(f"%{value}%")
        if name == "speaker":
            return t.c.speaker_id.in_(self.actor_ids(value))
        if name == "actor":
            return self._actor_condition(t, value)
        if name in ("since", "until"):
            return self._date_condition(spec, t, name, value)
        if name in ("story", "article_id") and not spec.per_article:
            return t.c.id.in_(self._members_of(spec.name, name, value))
        if name == "story":
            return t.c.article_id.in_(
                sa.select(schema.articles.c.id).where(schema.articles.c.story_id == value)
            )
        return t.c[name] == value

    def _date_condition(self, spec: stages.TableSpec, t: sa.Table, name: str, value: str) -> Any:
        """Dated records by their own date; undated ones by when their article was published."""
        own = t.c.date if "date" in t.c else (t.c.value if "value" in t.c else None)
        if spec.per_article:
            published = (
                sa.select(schema.articles.c.published)
                .where(schema.articles.c.id == t.c.article_id)
                .scalar_subquery()
            )
            when = sa.func.coalesce(own, published) if own is not None else published
        elif spec.name == "statements":
            when = sa.func.coalesce(own, self._reported(t))
        elif spec.name == "stories":
            return t.c.last_seen >= value if name == "since" else t.c.first_seen <= value + "\uffff"
        elif own is not None:
            when = own
        else:
            raise UnknownFilter(f"{spec.name} has no date to filter on")
        return when >= value if name == "since" else when <= value + "\uffff"

    def _reported(self, statements: sa.Table) -> Any:
        """The earliest publication date of the articles reporting a statement."""
        quotes, articles = self.store.tables["quotes"], schema.articles
        return (
            sa.select(sa.func.min(articles.c.published))
            .select_from(quotes.join(articles, articles.c.id == quotes.c.article_id))
            .where(quotes.c.statement_id == statements.c.id)
            .scalar_subquery()
        )

    def _members_of(self, table: str, name: str, value: str) -> Any:
        """Ids of a corpus table's records mentioned in one article, or in a story's articles."""
        mentions, column = MEMBERS[table]
        m = self.store.tables[mentions]
        if name == "article_id":
            return sa.select(m.c[column]).where(m.c.article_id == value)
        in_story = sa.select(schema.articles.c.id).where(schema.articles.c.story_id == value)
        return sa.select(m.c[column]).where(m.c.article_id.in_(in_story))

    def _actor_condition(self, t: sa.Table, value: str) -> Any:
        """Either side named so (any part of its name, any alias of a registered actor), or of that country."""
        word = value.strip()
        countries = {word.upper()} if len(word) == 3 and word.isalpha() else set()
        if (code := phoenix.load().country_of(word)) is not None:
            countries.add(code)
        names = {word}
        ids = set(self.actor_ids(word)) if "actors" in self.store.tables else set()
        for actor in self.store.records("actors") if ids else ():
            if actor.id in ids:
                names.update([actor.name, *actor.aliases])
        like = "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"
        conditions = []
        for side in _SIDES:
            conditions.append(t.c[f"{side}_country"].in_(sorted(countries)))
            conditions.append(t.c[f"{side}_name"].in_(sorted(names)))
            conditions.append(t.c[f"{side}_name"].like(like, escape="\\"))
        return sa.or_(*conditions)

    def statements(self, filters: Mapping[str, str] | None = None) -> list[tuple[Statement, str | None]]:
        """Statements with the day they were first reported, in the order they were made.

        A statement whose own date is unknown is filtered and sorted by the day it
        was first reported (it was said by then).
        """
        found = self.records("statements", filters, limit=1_000_000).rows
        dated = [(s, self.reported([m.article_id for m in s.mentions])) for s in found]
        return sorted(dated, key=lambda sr: (sr[0].date or sr[1] or "", sr[0].speaker or "", sr[0].id))

    def fused_events(self, filters: Mapping[str, str] | None = None) -> list[FusedEvent]:
        """Fused events in the order they happened (undated ones last), then by type and id."""
        found = self.records("fused_events", filters, limit=10_000_000).rows
        return sorted(found, key=lambda f: (f.date is None, f.date or "", f.type, f.id))

    def by_ids(self, table: str, ids: Iterable[str]) -> dict[str, Any]:
        """Records of a derived table by their ids (primary-key lookups)."""
        wanted = sorted(set(ids))
        t, cls = self.store.tables[table], stages.tables()[table].record
        out: dict[str, Any] = {}
        with self.engine.connect() as conn:
            for k in range(0, len(wanted), 500):  # SQLite caps the parameters of one statement
                for row in conn.execute(sa.select(t.c.id, t.c.data).where(t.c.id.in_(wanted[k : k + 500]))):
                    out[row.id] = from_dict(cls, row.data)
        return out

    def actor_ids(self, name: str) -> list[str]:
        """Actors one of whose names holds every word of ``name``, in any transliteration."""
        wanted = {translit_key(w) for w in name.split()}
        return [actor_id for actor_id, names in self._actor_names() if any(wanted <= keys for keys in names)]

    def _actor_names(self) -> list[tuple[str, list[frozenset[str]]]]:
        run = self.store.latest_run()
        # kept only once the run that wrote the actors has finished
        if self._names is None or self._names[0] != run or run is None or run[1] is None:
            names = [
                (a.id, [frozenset(translit_key(w) for w in alias.split()) for alias in [a.name, *a.aliases]])
                for a in self.store.records("actors")
            ]
            self._names = (run, names)
        return self._names[1]

    def reported(self, article_ids: list[str]) -> str | None:
        """The earliest publication day of some articles."""
        t = schema.articles
        with self.engine.connect() as conn:
            value = conn.execute(
                sa.select(sa.func.min(t.c.published)).where(t.c.id.in_(article_ids))
            ).scalar()
        return value[:10] if value else None

    def _page(
        self, select: sa.Select, order: tuple[Any, ...], limit: int, offset: int
    ) -> tuple[int, list[Any]]:
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(select.subquery())).scalar_one()
            rows = conn.execute(select.order_by(*order).limit(limit).offset(offset)).mappings().all()
        return int(total), list(rows)


def _checked(table: str, filters: Mapping[str, str] | None) -> dict[str, str]:
    given = {k: v for k, v in (filters or {}).items() if v is not None}
    allowed = filters_of(table)
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise UnknownFilter(
            f"{table} cannot be filtered by {', '.join(unknown)}; its filters: {', '.join(allowed)}"
        )
    return given
