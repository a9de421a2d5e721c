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
from sitrep.briefing.sides import Side, SideResolver, well_formed_sides
from sitrep.link.actor_refs import ActorResolver
from sitrep.link.provenance import independent_sources
from sitrep.query import Query
from sitrep.records import ActorRef, Article, Event, FusedEvent, Mention, PlaceMention, Story, from_dict

Members = dict[str, Article]
DAY = len("2025-03-11")
# Claims on the timeline: the ones a reader must weigh (asserted by one side, disputed by another).
# Corroborated and single-source ones stay on the claims board: most retell an event or a quote.
TIMELINE_CLAIMS = ("contested",)
# An event told by one source alone is briefed when both its sides are named and it happened or
# was announced (a call set for Tuesday); a lone report of a threat or a claim waits for a second.
LONE_SOURCE_STATUSES = ("occurred", "planned")


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
    # how much the item says, for ranking items of equal sourcing (an event's named sides); not exported
    detail: int = 0
    # items of one day with the same key tell one thing (one event type between the same sides); not exported
    same_as: str | None = None


class StoryRecords:
    """The derived records a report reads: each table once, indexed by the articles its mentions cite."""

    def __init__(self, reads: Query) -> None:
        self.reads = reads
        self._by_article: dict[str, dict[str, list[Any]]] = {}
        self._actors: dict[str, Any] | None = None
        self._place_names: dict[str, set[str]] | None = None

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

    def place_names(self, members: Mapping[str, Article]) -> set[str]:
        """Lower-cased names of the places the story's articles name that are not countries."""
        if self._place_names is None:
            self._place_names = {}
            for p in self.reads.store.records("places") if self.has("places") else ():
                if p.feature != "country":
                    self._place_names.setdefault(p.article_id, set()).update(
                        n.lower() for n in (p.name, p.text) if n
                    )
        return {n for article_id in members for n in self._place_names.get(article_id, ())}

    def event_mentions(self, fused: list[FusedEvent]) -> dict[str, list[Event]]:
        """The coded mentions of fused events, by fused event (read by their indexed ``event_id``)."""
        out: dict[str, list[Event]] = {}
        if fused and self.has("events"):
            for e in self.reads.store.records_where("events", "event_id", [f.id for f in fused]):
                out.setdefault(e.event_id, []).append(e)
        return out

    def actors(self) -> dict[str, Any]:
        if self._actors is None:
            self._actors = {a.id: a for a in self.reads.store.records("actors")} if self.has("actors") else {}
        return self._actors

    @functools.cached_property
    def actor_resolver(self) -> ActorResolver:
        """The corpus actors by name, indexed once for all the stories of a report."""
        return ActorResolver(list(self.actors().values()), [], {})


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
        if s.attribution == "speech" and _named_speaker(s.speaker) and date and mentions:
            # how much it says: a remark of a few words says less than a sentence
            detail = min(len(s.text.split()) // 10, 3)
            items.append(
                TimelineItem(
                    "statement", s.id, date, s.text, mentions, s.independent_sources, s.speaker, None, detail
                )
            )
    return items


def item_line(item: TimelineItem) -> str:
    """An item as a reader takes it in: words said in reported speech read "Trump said he would ...",
    words quoted read as a quote; events and claims are their own line."""
    if item.kind != "statement" or not item.who:
        return item.text
    text = item.text.strip()
    if text[:1].islower():
        return f"{item.who} said {text.removeprefix('that ')}"
    return f"{item.who}: “{text}”"


def _named_speaker(speaker: str | None) -> bool:
    """Words on the timeline need a speaker by name, not "he" or "officials said"."""
    return bool(speaker and speaker.strip()) and speaker.strip().lower() not in lexicons.words(
        "briefing/unnamed_sides"
    )


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
        if len(date) == len("2025-W11") and date[4:6] == "-W":
            monday = dt.date.fromisoformat(f"{date}-1")
            return f"week of {monday.day} {monday:%b}"
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


def _is_target_only(event: FusedEvent, name: str) -> bool:
    actor, target = _named(event.actor) or "", _named(event.target) or ""
    return bool(target) and name in target and not (actor and name in actor)


def _name_key(name: str) -> str:
    """Names that are one place in two spellings ("Kryviy Rih", "Kryvyy Rih") share a key."""
    return "".join(c for c in name.lower() if c.isalpha())[:4]


def event_line(event: FusedEvent, date: str, place: str | None, names: list[str] | None = None) -> str:
    """An analyst's line: ``11 Mar — CONSULT: United States ↔ Ukraine in Jeddah (4 sources)``."""
    what = "/".join(p for p in (event.type, event.mode) if p)
    if event.status and event.status != "occurred":
        what += f" ({event.status})"
    names = _sides(event) if names is None else names
    symmetric = event.type in _symmetric_types()
    arrow = " ↔ " if symmetric else " → "
    sides = arrow.join(names)
    if len(names) == 1 and not symmetric and _is_target_only(event, names[0]):
        sides = f"→ {sides}"  # the side acted on, the actor unnamed: not to be read as the actor
    where = f" in {place}" if place and not any(_name_key(n) == _name_key(place) for n in names) else ""
    toll = f", {event.fatalities} killed" if event.fatalities else ""
    n = event.independent_sources
    return (
        f"{short_date(date)} — {what}{': ' if sides else ''}{sides}{where} ({n} source{'s' * (n != 1)}{toll})"
    )


def naming_sources(event: FusedEvent, mentions: list[Event], members: Members) -> int:
    """Independent sources among an event's mentions in the story that name one of its sides (by
    country): who did it is told by them. Mentions that name no one fused on type and day alone."""
    countries = {s.country for s in (event.actor, event.target) if s and s.country}
    ids = {
        m.article_id
        for m in mentions
        if m.article_id in members and countries & {s.country for s in (m.actor, m.target) if s}
    }
    return independent_sources(ids, members)


def newsworthy(event: FusedEvent, sides: SideResolver, naming: int | None = None) -> bool:
    """An event an analyst would brief: news of its day (not recalled background, not hypothetical),
    well-formed (each side it has is a resolved actor, two sides are two actors, and it has a side),
    and either told by two independent sources (``naming``: of those that name its sides) or an
    occurred (or announced) event with both sides named."""
    sourced = event.independent_sources if naming is None else min(naming, event.independent_sources)
    if event.background or event.status == "hypothetical":
        return False
    actor, target = sides.side(event.actor), sides.side(event.target)
    unresolved = [ref for ref, side in ((event.actor, actor), (event.target, target)) if ref and not side]
    known = [side for side in (actor, target) if side]
    if not known or not well_formed_sides(event.type, actor, target):
        return False
    if unresolved:
        # a side that is no actor (a pronoun, a place, a phrase): a lone report of it is a misread;
        # a well-sourced one is told by its actor alone, unless the phrase is that actor again
        # ("Ukraine ↔ Ukraine 's mineral resources": a side facing itself)
        again = any(_name_key(k.name) in _name_key_words(r.name) for r in unresolved for k in known)
        return sourced >= 2 and not again
    lone = len(known) == 2 and event.status in LONE_SOURCE_STATUSES and (naming is None or naming > 0)
    return sourced >= 2 or lone


def _name_key_words(name: str) -> set[str]:
    return {_name_key(w) for w in name.replace("'", " ").split()}


def _orig(event: FusedEvent, side: Side) -> str:
    """A resolved side as the article named it (the name before cleaning: "the Kremlin")."""
    for ref in (event.actor, event.target):
        if ref and ref.name and side.name in ref.name:
            return ref.name
    return side.name


def _of_the_day(own: str | None, day: str) -> bool:
    """An event's own date agrees with the day it is shown on (a week or month holding that day)."""
    if not own or _day(own):
        return True
    if len(own) == len("2025-03") and own[4] == "-":
        return day.startswith(own)
    try:
        start = dt.date.fromisoformat(f"{own[:8]}-1") if own[4:6] == "-W" else None
    except ValueError:
        return True
    return start is None or 0 <= (dt.date.fromisoformat(day) - start).days < 7


def event_items(records: StoryRecords, story: Story, members: Members) -> list[TimelineItem]:
    """Fused events on their day (their own date when it names a day, else the day first reported)."""
    sides = SideResolver(records.actor_resolver, records.place_names(members))
    story_events = records.of_story("fused_events", members)
    said = records.event_mentions(story_events)
    # fused events whose coded mentions are not stored (imported, hand-made) are taken as counted
    events = [
        e
        for e in story_events
        if newsworthy(e, sides, naming_sources(e, said[e.id], members) if e.id in said else None)
    ]
    places = records.places([e.place_id for e in events if e.place_id])
    items = []
    for e in events:
        mentions = _spans(e.mentions, members)
        date = _day(e.date) or reported(mentions, members)
        if not (date and mentions):
            continue
        if not _of_the_day(e.date, date):
            continue  # dated by a week or month that was over when reported: recalled, not news
        place = places.get(e.place_id) if e.place_id else None
        known = [s for s in (sides.side(e.actor), sides.side(e.target)) if s]
        names = list(dict.fromkeys(_orig(e, s) for s in known))
        text = event_line(e, e.date or date, place.name or place.text if place else None, names)
        status = e.status if e.status != "occurred" else None
        detail = len(known) + bool(place)
        keys = [s.key for s in known]
        if e.type in _symmetric_types():
            keys.sort()
        item = TimelineItem("event", e.id, date, text, mentions, e.independent_sources, None, status, detail)
        item.same_as = "|".join([e.type, e.status, *keys])
        items.append(item)
    return items


def claim_items(records: StoryRecords, story: Story, members: Members) -> list[TimelineItem]:
    """Contested claims, on the day the words shown were reported (a claim is dated by its telling;
    "Speaking to reporters on Monday, Trump said ..." is told on the day of the article that says
    it, not on the day another article first told the claim)."""
    items = []
    for c in records.of_story("claims", members):
        mentions = _spans(c.mentions, members)
        date = reported(_telling(c.text, mentions, members) or mentions, members)
        if c.status in TIMELINE_CLAIMS and date and mentions:
            items.append(
                TimelineItem("claim", c.id, date, c.text, mentions, c.independent_sources, c.status, c.status)
            )
    return items


def _telling(text: str, mentions: list[Mention], members: Members) -> list[Mention]:
    """The mentions whose span holds a claim's wording."""
    words = " ".join(text.split())
    return [m for m in mentions if words in " ".join(members[m.article_id].text[m.start : m.end].split())]


ItemProvider = Callable[[StoryRecords, Story, Members], list[TimelineItem]]
ITEM_PROVIDERS: list[ItemProvider] = [event_items, claim_items, statement_items]
