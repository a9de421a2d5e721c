"""Event fusion: the mentions of one real-world event, across articles, become one fused event.

Two mentions are the same event when they have the same PLOVER type, their actor
and target countries do not conflict (a side one mention leaves unknown matches
any; for symmetric types such as CONSULT the two sides are a set, so "the US met
Ukraine" and "Ukraine met the US" agree), their dates can mean the same time
(a day, give or take one for a weekday reckoned from the article's date; an ISO
week, a month, a year; an undated mention, or one dated only by its article's publication, an
upper bound, matches what came shortly before), and their places, when both are
known, are near each other. Background events fuse the same way and keep their
own dates.

Blocking keeps it sub-quadratic: mentions are taken in date order and each is
compared only with the clusters filed under its type and country keys whose
core date lies inside its window (a bisection per key and precision), at most
``max_candidates`` of them. A mention joins the nearest compatible cluster (by
date, then distance), else starts one; one that fits two clusters equally well
joins neither, and one dated only roughly (a month, or its article's date) joins
only a cluster that is its one fit: in a busy week such reports could be any. Each cluster keeps a core date (its most
precise stated one), so clusters do not drift along chains of near dates.

The fused record takes the earliest well-supported date (among the dates stated
by the most independent sources, the one that ends first), the place most
sources give, the lowest reported fatalities as ACLED does ("the most
conservative reports", ACLED codebook 2023, section 6) with ``fatalities_range``
when sources disagree, and counts sources once per original after copies and
reprints are collapsed (:func:`sitrep.link.provenance.independent_sources`).
Parameters are data: ``data/events/fusion.json``.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import heapq
import json
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sitrep.calendar_words import iso_day
from sitrep.extract.events.when import date_interval
from sitrep.link import Corpus, LinkResult, scope
from sitrep.link.actor_refs import ActorResolver
from sitrep.link.provenance import independent_sources
from sitrep.records import ActorRef, Article, Event, FusedEvent, Mention, PlaceMention, stable_id
from sitrep.stages import TableSpec, corpus_stage

_ANY = "*"  # a blocking key's wildcard: any country on that side
# The most days a date of each precision spans after its first ("article": the lookback, from params).
_LEVEL_WIDTH = {"day": 0, "week": 6, "month": 30, "year": 365, "article": None}


@functools.cache
def params() -> dict[str, Any]:
    """Fusion parameters (``data/events/fusion.json``)."""
    return json.loads(resources.files("sitrep").joinpath("data", "events", "fusion.json").read_text("utf-8"))


# --------------------------------------------------------------------------- mentions


@dataclass(slots=True)
class _Item:
    event: Event
    lo: dt.date | None
    hi: dt.date | None
    level: str
    stated: bool  # dated by the text, not by the article's publication
    slack: int  # days a stated day may be off by: a weekday reckoned from the article's date may be
    countries: tuple[str | None, str | None] | frozenset[str]
    place: PlaceMention | None

    @property
    def irrealis(self) -> bool:
        """Only supposed ("Ukraine would have to surrender territory"): no report of a real act."""
        return self.event.status == "hypothetical"

    @property
    def destination(self) -> str | None:
        """The country a visit goes to (its target's), which its place must lie in."""
        e = self.event
        return e.target.country if e.mode == "visit" and e.target is not None else None

    @property
    def where(self) -> str | None:
        return self.place.country if self.place is not None else None


def _level(value: str) -> str:
    if len(value) == 10:
        return "day"
    if "W" in value:
        return "week"
    return "month" if len(value) == 7 else "year"


def _countries(
    e: Event, symmetric: bool, place: PlaceMention | None = None
) -> tuple[str | None, str | None] | frozenset[str]:
    a = e.actor.country if e.actor else None
    t = e.target.country if e.target else None
    if not symmetric:
        return (a, t)
    # "talks in Saudi Arabia": the coder names the host as a side (CAMEO does); for fusion the
    # host is where the talks were, and reports that name only the parties must still match
    host = place.country if place is not None else None
    return frozenset(c for c in (a, t) if c and c != host)


def _item(e: Event, articles: Mapping[str, Article], places: Mapping[str, PlaceMention]) -> _Item:
    symmetric = e.type in params()["symmetric_types"]
    place = places.get(e.place_id) if e.place_id else None
    span = date_interval(e.date)
    if span is None and e.date is None:
        art = articles.get(e.article_id)
        pub = iso_day(art.published) if art else None
        span = (pub, pub) if pub else None
        stated = False
    else:
        stated = e.date_basis != "article"
    if span is None:
        return _Item(e, None, None, "day", False, 0, _countries(e, symmetric, place), place)
    lo, hi = span
    if not stated:
        # the publication date bounds the event from above: it happened shortly before
        lo = hi - dt.timedelta(days=params()["article_lookback_days"])
    level = _level(e.date) if e.date and stated else "day"
    slack = params()["slack_days"].get(e.date_basis or "", 0) if stated else 0
    return _Item(e, lo, hi, level, stated, slack, _countries(e, symmetric, place), place)


# --------------------------------------------------------------------------- clusters


@dataclass(slots=True)
class _Cluster:
    type: str
    members: list[_Item] = field(default_factory=list)
    core: _Item | None = None  # the most precise stated date
    countries: tuple[str | None, str | None] | frozenset[str] = (None, None)
    articles: set[str] = field(default_factory=set)

    def add(self, item: _Item) -> None:
        self.members.append(item)
        self.articles.add(item.event.article_id)
        precise = item.stated and (
            self.core is None or not self.core.stated or _width(item) < _width(self.core)
        )
        if precise or self.core is None:
            self.core = item
        self.countries = _merge(self.countries, item.countries)


def _width(item: _Item) -> int:
    return (item.hi - item.lo).days if item.lo and item.hi else 10**6


def _merge(a: Any, b: Any) -> Any:
    if isinstance(a, frozenset) or isinstance(b, frozenset):
        sa = a if isinstance(a, frozenset) else frozenset()
        return sa | b if isinstance(b, frozenset) else sa
    return (a[0] or b[0], a[1] or b[1])


def _countries_fit(a: Any, b: Any) -> bool:
    if isinstance(a, frozenset) and isinstance(b, frozenset):
        return a <= b or b <= a
    if isinstance(a, frozenset) or isinstance(b, frozenset):
        return False
    return all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def _other_halves(a: Any, b: Any) -> bool:
    """One names only the actor and the other only the target ("he pushes for a deal", "the G7
    urged Russia"): fused, they would make an event no source reports ("Witkoff → Russia")."""
    if isinstance(a, frozenset) or isinstance(b, frozenset) or not any(a) or not any(b):
        return False
    return not any(x is not None and x == y for x, y in zip(a, b, strict=True))


def _date_gap(a: _Item, b: _Item) -> int | None:
    """Days between two mentions' date intervals (0 when they overlap); None when one is undated."""
    if a.lo is None or b.lo is None or a.hi is None or b.hi is None:
        return None
    return max(0, (a.lo - b.hi).days, (b.lo - a.hi).days)


def _km(a: PlaceMention | Event, b: PlaceMention | Event) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _places_fit(a: _Item, b: _Item) -> tuple[bool, float]:
    """Whether two mentions' places can be one place, and how far apart they are."""
    pa, pb = a.place or a.event, b.place or b.event
    km = _km(pa, pb)
    if km is None:
        return True, 10**4
    features = {p.feature for p in (a.place, b.place) if p is not None}
    if features & {"country", "continent", "sea"}:
        ca = a.place.country if a.place else None
        cb = b.place.country if b.place else None
        if features & {"country"} and ca is not None and ca == cb:
            return True, 0.0  # a country holds its cities: "in Saudi Arabia" is where "in Jeddah" is
        return (ca is None or cb is None or ca == cb), km
    radius = params()["place_radius_km"]
    limit = max((radius.get(f or "", radius["default"]) for f in features), default=radius["default"])
    return km <= limit, km


def _both_sides(countries: Any) -> bool:
    return len(countries) == 2 if isinstance(countries, frozenset) else all(countries)


def _place_contradicts_side(item: _Item, c: _Cluster) -> bool:
    """A place in another country than a visit's destination ("Rubio's visit to Saudi Arabia" and
    talks "in Moscow"): not one event."""
    dests = {m.destination for m in c.members if m.destination}
    wheres = {m.where for m in c.members if m.where}
    if item.where and dests and item.where not in dests:
        return True
    return bool(item.destination and wheres and item.destination not in wheres)


def _fit(item: _Item, c: _Cluster) -> tuple[int, int, float] | None:
    """How well a mention fits a cluster (smaller is better), or None when it cannot be the same event.

    First how strong the evidence is (0: both sides known and the same, and the places known and
    compatible; 1: the places only; 2: neither), then the days between their dates, then the
    distance between their places."""
    core = c.core or c.members[0]
    if not _countries_fit(item.countries, c.countries) or _other_halves(item.countries, c.countries):
        return None
    if item.irrealis != core.irrealis or _place_contradicts_side(item, c):
        return None
    gap = _date_gap(item, core)
    if gap is not None and gap > max(item.slack, core.slack):
        return None
    fits, km = _places_fit(item, core)
    if not fits:
        return None
    known = bool(item.countries if isinstance(item.countries, frozenset) else any(item.countries))
    cluster_known = bool(c.countries if isinstance(c.countries, frozenset) else any(c.countries))
    located = item.event.lat is not None and core.event.lat is not None
    if not (known or cluster_known or located) and item.event.article_id not in c.articles:
        return None  # nothing but the type in common: only one article's own mentions fuse
    if gap is None and item.event.lat is None and not (known and cluster_known):
        return None
    # both sides named alike and the places known and compatible: the strongest evidence
    located = km < 10**4
    strength = 0 if located and _both_sides(item.countries) and item.countries == c.countries else 1
    return (strength if located else 2, gap if gap is not None else 99, km)


# --------------------------------------------------------------------------- blocking


def _filed_under(etype: str, countries: Any) -> list[Hashable]:
    """The keys a cluster is filed under: its countries, and each with a wildcard side."""
    if isinstance(countries, frozenset):
        return [(etype, "sym", c) for c in sorted(countries)] + [(etype, "sym", None), (etype, "sym", _ANY)]
    a, t = countries
    return [(etype, a, t), (etype, _ANY, t), (etype, a, _ANY), (etype, _ANY, _ANY)]


def _lookups(etype: str, countries: Any) -> list[Hashable]:
    """The keys under which clusters a mention may join are filed."""
    if isinstance(countries, frozenset):
        if not countries:
            return [(etype, "sym", _ANY)]
        return [(etype, "sym", c) for c in sorted(countries)] + [(etype, "sym", None)]
    a, t = countries
    sides_a = [a, None] if a else [_ANY]
    sides_t = [t, None] if t else [_ANY]
    if a and t:
        return [(etype, x, y) for x in sides_a for y in sides_t]
    if a:
        return [(etype, x, _ANY) for x in sides_a]
    if t:
        return [(etype, _ANY, y) for y in sides_t]
    return [(etype, _ANY, _ANY)]


class _Index:
    """Clusters per blocking key and date precision, sorted by the first day of their core date."""

    def __init__(self) -> None:
        self.dated: dict[tuple[Hashable, str], tuple[list[int], list[_Cluster]]] = defaultdict(
            lambda: ([], [])
        )
        self.undated: dict[Hashable, list[_Cluster]] = defaultdict(list)
        # cluster -> where it is filed: (level, first day or None, keys)
        self.where: dict[int, tuple[str, int | None, set[Hashable]]] = {}

    def file(self, c: _Cluster) -> None:
        """File a new cluster, or move one whose core date or countries changed."""
        core = c.core or c.members[0]
        level, day = _level_of(core), core.lo.toordinal() if core.lo else None
        keys = set(_filed_under(c.type, c.countries))
        old = self.where.get(id(c))
        if old is not None and old[:2] == (level, day) and old[2] == keys:
            return
        if old is not None:
            self._remove(c, *old)
        self.where[id(c)] = (level, day, keys)
        for key in keys:
            if day is None:
                self.undated[key].append(c)
                continue
            days, clusters = self.dated[(key, level)]
            pos = bisect.bisect_right(days, day)
            days.insert(pos, day)
            clusters.insert(pos, c)

    def _remove(self, c: _Cluster, level: str, day: int | None, keys: set[Hashable]) -> None:
        for key in keys:
            if day is None:
                self.undated[key].remove(c)
                continue
            days, clusters = self.dated[(key, level)]
            pos = bisect.bisect_left(days, day)
            while clusters[pos] is not c:
                pos += 1
            del days[pos], clusters[pos]

    def candidates(self, item: _Item) -> list[_Cluster]:
        """The clusters a mention may join: at most ``max_candidates``, the nearest in date."""
        cap = params()["max_candidates"]
        slack = max(params()["slack_days"].values())
        here = item.lo.toordinal() if item.lo else None
        seen: dict[int, tuple[int, int, _Cluster]] = {}
        for key in _lookups(item.event.type, item.countries):
            for c in self.undated.get(key, [])[-cap:]:
                seen.setdefault(id(c), (10**6, len(seen), c))
            for level, span in _LEVEL_WIDTH.items():
                width = params()["article_lookback_days"] if span is None else span
                days, clusters = self.dated.get((key, level), ([], []))
                if not days:
                    continue
                if here is None or item.hi is None:
                    lo, hi = max(0, len(days) - cap), len(days)
                else:
                    lo = bisect.bisect_left(days, here - slack - width)
                    hi = bisect.bisect_right(days, item.hi.toordinal() + slack)
                    lo = max(lo, hi - cap)
                for k in range(lo, hi):
                    far = abs(days[k] - here) if here is not None else 0
                    seen.setdefault(id(clusters[k]), (far, len(seen), clusters[k]))
        # the bound that keeps fusion linear however dense the news: a fixed number of comparisons
        return [c for _, _, c in heapq.nsmallest(cap, seen.values(), key=lambda t: (t[0], t[1]))]


def _level_of(item: _Item) -> str:
    return item.level if item.stated else "article"


def _cluster(items: list[_Item], stored: Sequence[_Cluster] = ()) -> list[_Cluster]:
    """The clusters of mentions taken in order; ``stored`` clusters (an earlier run's) are there
    from the start, for new mentions to join."""
    index = _Index()
    clusters = list(stored)
    for c in clusters:
        index.file(c)
    for item in items:
        scored = sorted(
            ((f, k, c) for k, c in enumerate(index.candidates(item)) if (f := _fit(item, c)) is not None),
            key=lambda s: (s[0], s[1]),
        )
        # A mention that fits two clusters equally well could be either: it joins neither. One
        # dated only roughly (a month, its article's date) joins only a cluster that is the one fit,
        # or the one best fit whose place is known and compatible with its own.
        precise = item.stated and item.level == "day"
        unique = len(scored) == 1 or (len(scored) > 1 and scored[0][0] < scored[1][0])
        if scored and (len(scored) == 1 or (unique and (precise or scored[0][0][0] < 2))):
            best = scored[0][2]
            best.add(item)
            index.file(best)
            continue
        c = _Cluster(item.event.type)
        c.add(item)
        clusters.append(c)
        index.file(c)
    return clusters


# --------------------------------------------------------------------------- fused records


def _outlet(article: Article | None, article_id: str) -> str:
    name = (article.outlet or article.original_outlet) if article else None
    return name or f"article:{article_id}"


def _sources(article_ids: set[str], articles: Mapping[str, Article]) -> int:
    """Independent sources of a set of articles; one article is one source (most events have one)."""
    return len(article_ids) if len(article_ids) < 2 else independent_sources(article_ids, articles)


def _best_date(c: _Cluster, articles: Mapping[str, Article]) -> str | None:
    """The earliest well-supported date: stated by the most independent sources, ending first."""
    stated = [m for m in c.members if m.stated and m.event.date]
    if len(stated) == 1:
        return stated[0].event.date
    if not stated:
        bounds = [m.hi for m in c.members if m.hi]
        return min(bounds).isoformat() if bounds else None
    support: dict[str, int] = {}
    for m in stated:
        if m.event.date not in support:  # a date string is one interval: counted once
            backers = {o.event.article_id for o in stated if _date_gap(m, o) == 0}
            support[m.event.date] = _sources(backers, articles)  # type: ignore[index]
    top = max(support.values())
    well = [m for m in stated if support[m.event.date] >= min(top, 2)]  # type: ignore[index]
    return min(well, key=lambda m: (m.hi, m.lo, m.event.date)).event.date


def _best_place(c: _Cluster, articles: Mapping[str, Article]) -> Event | None:
    groups: dict[tuple[float, float], list[_Item]] = defaultdict(list)
    for m in c.members:
        if m.event.lat is not None and m.event.lon is not None:
            groups[(round(m.event.lat, 2), round(m.event.lon, 2))].append(m)
    if not groups:
        return None

    def rank(ms: list[_Item]) -> tuple[int, int]:
        precise = min(_width_km(m.place) for m in ms)
        return (-_sources({m.event.article_id for m in ms}, articles), precise)

    def key(ms: list[_Item]) -> tuple[Any, ...]:
        return (rank(ms), ms[0].event.article_id, ms[0].event.start)

    best = min(groups.values(), key=key)
    country = best[0].place if best[0].place is not None and best[0].place.feature == "country" else None
    if country is not None:
        # "in Saudi Arabia" and "in Jeddah" agree; the city says more
        inside = [ms for ms in groups.values() if ms[0].place and ms[0].place.feature != "country"
                  and ms[0].place.country == country.country]  # fmt: skip
        best = min(inside, key=key) if inside else best
    return best[0].event


def _width_km(p: PlaceMention | None) -> int:
    order = {"landmark": 0, "city": 1, "district": 1, "region": 3, "country": 5}
    return order.get(p.feature or "", 2) if p else 2


def _common(values: Sequence[Any]) -> Any:
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], -values.index(v))) if counts else None


def _actor(members: list[_Item], side: str) -> ActorRef | None:
    refs = [getattr(m.event, side) for m in members if getattr(m.event, side) is not None]
    with_country = [r for r in refs if r.country] or refs
    keys = [(r.country, r.sector, r.name, r.actor_id) for r in with_country]
    key = _common(keys)
    return next((r for r, k in zip(with_country, keys, strict=True) if k == key), None)


def _fused(c: _Cluster, articles: Mapping[str, Article]) -> FusedEvent:
    members = sorted(c.members, key=lambda m: (m.event.article_id, m.event.start, m.event.trigger.start))
    first = members[0].event
    events = [m.event for m in members]
    place = _best_place(c, articles)
    deaths = [e.fatalities for e in events if e.fatalities is not None]
    injured = [e.injured for e in events if e.injured is not None]
    statuses = {e.status for e in events}
    ids = {e.article_id for e in events}
    return FusedEvent(
        id=stable_id("fused_event", c.type, first.article_id, first.start, first.trigger.start),
        type=c.type,
        mode=_common([e.mode for e in events if e.mode]),
        actor=_actor(members, "actor"),
        target=_actor(members, "target"),
        date=_best_date(c, articles),
        place_id=place.place_id if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        status=next((s for s in params()["status_priority"] if s in statuses), first.status),
        fatalities=min(deaths) if deaths else None,
        fatalities_range=[min(deaths), max(deaths)] if deaths and min(deaths) != max(deaths) else None,
        injured=min(injured) if injured else None,
        mentions=[Mention(e.article_id, e.start, e.end) for e in events],
        sources=sorted({_outlet(articles.get(a), a) for a in ids}),
        independent_sources=_sources(ids, articles),
        background=all(e.background for e in events),
    )


def fuse_events(
    events: Sequence[Event],
    articles: Mapping[str, Article],
    *,
    places: Mapping[str, PlaceMention] | None = None,
) -> tuple[list[FusedEvent], dict[str, str]]:
    """Fused events (sorted by id) and the map from each event id to its fused event's id.

    ``articles`` gives outlets, publication dates and ``copy_of`` links;
    ``places`` (optional, place id -> mention) lets places of different sizes
    be compared (a city is near another within tens of km, a region within
    hundreds, a country holds its cities). The result depends on the set of
    events, not on their order.
    """
    table = places or {}
    items = _in_order([_item(e, articles, table) for e in events])
    return _records(_cluster(items), articles)


def _in_order(items: list[_Item]) -> list[_Item]:
    """Mentions in the order fusion takes them: by first day, the most precise first."""
    far = dt.date.max.toordinal()
    return sorted(
        items,
        key=lambda m: (
            m.lo.toordinal() if m.lo else far,
            _width(m),
            m.event.article_id,
            m.event.start,
            m.event.trigger.start,
            m.event.id,
        ),
    )


def _records(
    clusters: Sequence[_Cluster], articles: Mapping[str, Article]
) -> tuple[list[FusedEvent], dict[str, str]]:
    fused: list[FusedEvent] = []
    mapping: dict[str, str] = {}
    for c in clusters:
        record = _fused(c, articles)
        fused.append(record)
        for m in c.members:
            mapping[m.event.id] = record.id
    fused.sort(key=lambda f: f.id)
    return fused, mapping


FUSED_EVENTS = TableSpec(
    "fused_events",
    FusedEvent,
    per_article=False,
    columns=("type", "date", "status", "actor.country", "actor.name", "target.country", "target.name"),
    indexes=(("type", "date"),),
)


def _named(ref: ActorRef) -> bool:
    """A side the text names ("Zelenskyy", "the Kremlin", "NATO"), not a description ("Russian
    missiles", "officials"): its last word is capitalised."""
    words = ref.name.split()
    return bool(words) and words[-1][:1].isupper()


def with_actor_ids(event: Event, resolver: ActorResolver) -> Event:
    """The event with each named side linked to the actor registry quotes and speakers use.

    The side keeps the country and sector its sentence gave it (the registry's fill gaps); a
    capital or seat of government stands for its state ("Moscow" -> Russia), as in positions."""
    sides = {}
    for side in ("actor", "target"):
        ref: ActorRef | None = getattr(event, side)
        if ref is None or ref.actor_id or not _named(ref):
            continue
        found = resolver.resolve(ref)
        if found is None or found.actor_id is None:
            found = resolver.state_of(ref)
        if found.actor_id is not None:
            sides[side] = ActorRef(
                found.name, found.actor_id, ref.country or found.country, ref.sector or found.sector
            )
    return dataclasses.replace(event, **sides) if sides else event


@corpus_stage(
    "fused_events", tables=[FUSED_EVENTS], requires=["events", "copies", "statements"], incremental=True
)
def link_events(corpus: Corpus) -> LinkResult:
    """Fuse every stored event mention; each mention learns its fused event's id and the registry
    ids of its named sides (the actors table of the statements stage). After an ingest, only the
    new mentions' neighbourhood is fused again (:func:`_scope`)."""
    if not corpus.incremental:
        return _link(corpus)
    fresh = corpus.store.records_where("events", "article_id", corpus.new_ids)
    if not fresh:
        return LinkResult()
    near = _scope(corpus, fresh)
    if near is None:  # an undated mention may join any cluster
        return _link(corpus.whole(["events", "actors", "places"]))
    return _link_new(near)


def _link(corpus: Corpus) -> LinkResult:
    stored: list[Event] = list(corpus.records.get("events", []))
    resolver = ActorResolver.of(corpus)
    events = [with_actor_ids(e, resolver) for e in stored]
    wanted = {e.place_id for e in events if e.place_id}
    places = {p.id: p for p in corpus.records.get("places", []) if p.id in wanted}
    fused, mapping = fuse_events(events, corpus.articles, places=places)
    linked = [dataclasses.replace(e, event_id=mapping.get(e.id)) for e in events]
    # only the mentions that changed are rewritten (a re-run rewrites none)
    changed = [e for e, old in zip(linked, stored, strict=True) if e != old]
    return LinkResult(tables={"fused_events": fused}, article_records={"events": changed} if changed else {})


def _link_new(near: Corpus) -> LinkResult:
    """The scope fused again from where its new mentions enter it. Fusion takes mentions in one
    pass in date order, and each type apart: of a type, the stored mentions before its first new
    one stand as the stored fused events hold them (the pass up to there would make them again),
    and only the mentions from there on are taken again, joining those or each other. Only the
    fused events they joined or left are rebuilt."""
    new_ids = near.new_ids or frozenset()
    resolver = ActorResolver.of(near)
    stored = near.records["events"]
    events = [with_actor_ids(e, resolver) for e in stored]
    wanted = {e.place_id for e in events if e.place_id}
    places = {p.id: p for p in near.records["places"] if p.id in wanted}
    by_type: dict[str, list[_Item]] = defaultdict(list)
    for item in _in_order([_item(e, near.articles, places) for e in events]):
        by_type[item.event.type].append(item)
    touched: list[_Cluster] = []
    again: list[_Item] = []  # the mentions taken again, from each type's first new one
    for items in by_type.values():
        clusters, taken = _resume(items, new_ids)
        touched += clusters
        again += taken
    store, articles = near.store, near.articles
    members = {m.event.article_id for c in touched for m in c.members}
    articles |= scope.with_originals(store, members - set(articles))
    fused, mapping = _records(touched, articles)
    rebuilt = {m.event.event_id for c in touched for m in c.members} | {i.event.event_id for i in again}
    linked = [dataclasses.replace(e, event_id=mapping.get(e.id, e.event_id)) for e in events]
    changed = [e for e, old in zip(linked, stored, strict=True) if e != old]
    result = LinkResult(
        tables={"fused_events": fused}, article_records={"events": changed} if changed else {}
    )
    old = store.records_where("fused_events", "id", {i for i in rebuilt if i})
    return scope.changes(result, {"fused_events": old})


def _resume(items: list[_Item], new_ids: frozenset[str]) -> tuple[list[_Cluster], list[_Item]]:
    """One type's mentions in pass order, fused again from the first new one: the clusters that
    took or lost a mention, and the mentions taken again."""
    pivot = next((k for k, i in enumerate(items) if _is_new(i, new_ids)), len(items))
    before: dict[str, _Cluster] = {}
    for item in items[:pivot]:
        before.setdefault(item.event.event_id or "", _Cluster(item.event.type)).add(item)
    again = items[pivot:]
    taken, lost = {id(i) for i in again}, {i.event.event_id for i in again} - {None}
    stored = {id(c): cid for cid, c in before.items()}
    clusters = _cluster(again, list(before.values()))
    return [c for c in clusters if stored.get(id(c)) in lost or any(id(m) in taken for m in c.members)], again


def _is_new(item: _Item, new_ids: frozenset[str]) -> bool:
    return item.event.article_id in new_ids or item.event.event_id is None


def _scope(corpus: Corpus, fresh: list[Event]) -> Corpus | None:
    """The mentions new ones can fuse with (and the articles of those dated by their article):
    every mention of the stored fused events nearest each new one, of its type and with sides that
    fit (as many on each side of its days as a mention is compared with in a whole run,
    ``max_candidates``), of those dated to a week, month or year holding its days, and of those
    the nearest such mentions belong to (a fused event's own date may lie outside the days its
    mentions span). ``None`` when a new mention has no date at all."""
    store = corpus.store
    articles = scope.with_originals(store, corpus.new_ids)
    spans = [_item(e, articles, {}) for e in fresh]
    if any(item.lo is None or item.hi is None for item in spans):
        return None
    pad = dt.timedelta(days=params()["article_lookback_days"] + max(params()["slack_days"].values()) + 1)
    cap = params()["max_candidates"]
    fused_ids: set[str | None] = set()
    seen: set[tuple[Any, ...]] = set()
    for i in spans:
        if i.lo is None or i.hi is None or (key := (i.event.type, i.countries, i.lo, i.hi)) in seen:
            continue
        seen.add(key)
        low, first, last, high = (d.isoformat() for d in (i.lo - pad, i.lo, i.hi, i.hi + pad))
        for kind in _fitting_sides(i.event.type, i.countries):
            between = functools.partial(store.values_between, unset=False, also=kind, limit=cap)
            fused_ids.update(between("fused_events", "id", "date", low, last, nearest="high"))
            fused_ids.update(between("fused_events", "id", "date", first, high, nearest="low"))
            coarse = store.records_where(
                "fused_events", "date", _coarse_dates(low, high), also=kind, limit=cap
            )
            fused_ids.update(f.id for f in coarse)
            fused_ids.update(between("events", "event_id", "date", low, last, nearest="high"))
            fused_ids.update(between("events", "event_id", "date", first, high, nearest="low"))
    events = scope.unique([*fresh, *store.records_where("events", "event_id", {f for f in fused_ids if f})])
    place_ids = {e.place_id for e in events if e.place_id}
    undated = {e.article_id for e in events if e.date is None} - set(articles)  # dated by their article
    return Corpus(
        articles=articles | scope.with_originals(store, undated),
        records={
            "events": events,
            "actors": list(store.records("actors")),
            "places": store.records_where("places", "id", place_ids),
        },
        new_ids=corpus.new_ids,
        store=store,
    )


def _fitting_sides(etype: str, countries: Any) -> list[dict[str, list[str | None]]]:
    """Store filters (any of them) for the mentions of a type whose sides can fit these
    (:func:`_countries_fit`: a side unknown on either part fits any). Stored sides are the
    registry's, the new ones as extracted: an unknown new side reads them all."""
    kind: dict[str, list[str | None]] = {"type": [etype]}
    if isinstance(countries, frozenset):
        if not countries:
            return [kind]
        # one part's countries within the other's: they share one, or one part names none
        sides = [*sorted(countries), None]
        return [kind | {"actor_country": sides}, kind | {"target_country": sides}]
    actor, target = countries
    if actor:
        kind["actor_country"] = [actor, None]
    if target:
        kind["target_country"] = [target, None]
    return [kind]


def _coarse_dates(low: str, high: str) -> list[str]:
    """The ISO years, months and weeks that overlap the days from ``low`` to ``high``."""
    out: set[str] = set()
    day, last = dt.date.fromisoformat(low), dt.date.fromisoformat(high)
    while day <= last:
        iso = day.isocalendar()
        out |= {f"{day.year:04d}", f"{day.year:04d}-{day.month:02d}", f"{iso.year:04d}-W{iso.week:02d}"}
        day += dt.timedelta(days=1)
    return sorted(out)
