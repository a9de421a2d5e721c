"""Timeline items of a story, one provider per kind of record: statements, fused events, claims.

Each provider reads its table through :class:`StoryRecords` (each table read
once per report, indexed by the articles its mentions cite) and gives the
story's records as :class:`TimelineItem` on the day they happened: a record's
own date when it names a day, else the day it was first reported. A table that
no stage writes, or that is empty, gives no items.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import sqlalchemy as sa

from sitrep import lexicons, stages
from sitrep.briefing.names import reported
from sitrep.query import Query
from sitrep.records import ActorRef, Article, FusedEvent, Mention, PlaceMention, Story, from_dict

Members = dict[str, Article]
DAY = len("2025-03-11")
# Claims on the timeline: the ones a reader must weigh (asserted by one side, disputed by another).
# Corroborated and single-source ones stay on the claims board: most retell an event or a quote.
TIMELINE_CLAIMS = ("contested",)


@dataclass(slots=True)
class TimelineItem:
    kind: str  # event | statement | claim
    id: str
    date: str
    text: str
    mentions: list[Mention]
    independent_sources: int
    who: str | None = None
    status: str | None = None  # a claim's status, an event's status when not "occurred"


class StoryRecords:
    """The derived records a report reads: each table once, indexed by the articles its mentions cite."""

    def __init__(self, reads: Query) -> None:
        self.reads = reads
        self._by_article: dict[str, dict[str, list[Any]]] = {}
        self._actors: dict[str, Any] | None = None

    def has(self, table: str) -> bool:
        return table in stages.tables() and table in self.reads.store.tables

    def _index(self, table: str) -> dict[str, list[Any]]:
        if table not in self._by_article:
            index: dict[str, list[Any]] = {}
            for record in self.reads.store.records(table) if self.has(table) else ():
                for article_id in dict.fromkeys(m.article_id for m in record.mentions):
                    index.setdefault(article_id, []).append(record)
            self._by_article[table] = index
        return self._by_article[table]

    def of_story(self, table: str, members: Mapping[str, Article]) -> list[Any]:
        """The records of a table with a mention in one of these articles, in id order."""
        index = self._index(table)
        found = {id(r): r for article_id in members for r in index.get(article_id, ())}
        return sorted(found.values(), key=lambda r: r.id)

    def places(self, ids: list[str]) -> dict[str, PlaceMention]:
        """Place mentions by id (a fused event's ``place_id``), read by primary key."""
        if not ids or not self.has("places"):
            return {}
        t = self.reads.store.tables["places"]
        with self.reads.engine.connect() as conn:
            rows = conn.execute(sa.select(t.c.data).where(t.c.id.in_(sorted(set(ids))))).all()
        return {row[0]["id"]: from_dict(PlaceMention, row[0]) for row in rows}

    def actors(self) -> dict[str, Any]:
        if self._actors is None:
            self._actors = {a.id: a for a in self.reads.store.records("actors")} if self.has("actors") else {}
        return self._actors


def _day(date: str | None) -> str | None:
    """A date that names a day (``2025-03-11``), else None (a week, a month, a year)."""
    return date[:DAY] if date and len(date) >= DAY and date[4] == "-" and date[7] == "-" else None


def _spans(mentions: list[Any], members: Members) -> list[Mention]:
    return [Mention(m.article_id, m.start, m.end) for m in mentions if m.article_id in members]


def statement_items(records: StoryRecords, story: Story, members: Members) -> list[TimelineItem]:
    """Words said (not views held), on the day they were said, else on the day first reported."""
    items = []
    for s in records.of_story("statements", members):
        mentions = _spans(s.mentions, members)
        date = _day(s.date) or reported(mentions, members)
        if s.attribution == "speech" and date and mentions:
            items.append(
                TimelineItem("statement", s.id, date, s.text, mentions, s.independent_sources, s.speaker)
            )
    return items


@functools.cache
def _symmetric_types() -> frozenset[str]:
    """Event types whose two sides are a set (CONSULT: the US met Ukraine = Ukraine met the US)."""
    path = resources.files("sitrep").joinpath("data", "events", "fusion.json")
    return frozenset(json.loads(path.read_text("utf-8")).get("symmetric_types", ()))


def short_date(date: str) -> str:
    """``11 Mar`` for a day, ``Mar 2025`` for a month, the value itself otherwise."""
    try:
        if len(date) == DAY:
            day = dt.date.fromisoformat(date)
            return f"{day.day} {day:%b}"
        if len(date) == len("2025-03"):
            return dt.date.fromisoformat(f"{date}-01").strftime("%b %Y")
    except ValueError:
        pass
    return date


def _named(actor: ActorRef | None) -> str | None:
    """The name of an event's side, unless the text only pointed at it ("it", "they")."""
    if not isinstance(actor, ActorRef) or not actor.name:
        return None
    return None if actor.name.lower() in lexicons.words("briefing/unnamed_sides") else actor.name


def _sides(event: FusedEvent) -> list[str]:
    return list(dict.fromkeys(n for n in (_named(event.actor), _named(event.target)) if n))


def event_line(event: FusedEvent, date: str, place: str | None) -> str:
    """An analyst's line: ``11 Mar — CONSULT: United States ↔ Ukraine in Jeddah (4 sources)``."""
    what = "/".join(p for p in (event.type, event.mode) if p)
    if event.status and event.status != "occurred":
        what += f" ({event.status})"
    names = _sides(event)
    arrow = " ↔ " if event.type in _symmetric_types() else " → "
    sides = arrow.join(names)
    where = f" in {place}" if place and place not in names else ""
    toll = f", {event.fatalities} killed" if event.fatalities else ""
    n = event.independent_sources
    return (
        f"{short_date(date)} — {what}{': ' if sides else ''}{sides}{where} ({n} source{'s' * (n != 1)}{toll})"
    )


def newsworthy(event: FusedEvent) -> bool:
    """An event for the timeline: news of its day (not recalled background, not hypothetical),
    with a named side or told by more than one source (a lone unattributed "talks" is noise)."""
    if event.background or event.status == "hypothetical":
        return False
    return bool(_sides(event)) or event.independent_sources >= 2


def event_items(records: StoryRecords, story: Story, members: Members) -> list[TimelineItem]:
    """Fused events on their day (their own date when it names a day, else the day first reported)."""
    events = [e for e in records.of_story("fused_events", members) if newsworthy(e)]
    places = records.places([e.place_id for e in events if e.place_id])
    items = []
    for e in events:
        mentions = _spans(e.mentions, members)
        date = _day(e.date) or reported(mentions, members)
        if not (date and mentions):
            continue
        place = places.get(e.place_id) if e.place_id else None
        text = event_line(e, e.date or date, place.name or place.text if place else None)
        status = e.status if e.status != "occurred" else None
        items.append(TimelineItem("event", e.id, date, text, mentions, e.independent_sources, None, status))
    return items


def claim_items(records: StoryRecords, story: Story, members: Members) -> list[TimelineItem]:
    """Contested claims, on the day first reported (a claim is dated by its telling)."""
    items = []
    for c in records.of_story("claims", members):
        mentions = _spans(c.mentions, members)
        date = reported(mentions, members)
        if c.status in TIMELINE_CLAIMS and date and mentions:
            items.append(
                TimelineItem("claim", c.id, date, c.text, mentions, c.independent_sources, c.status, c.status)
            )
    return items


ItemProvider = Callable[[StoryRecords, Story, Members], list[TimelineItem]]
ITEM_PROVIDERS: list[ItemProvider] = [event_items, claim_items, statement_items]
