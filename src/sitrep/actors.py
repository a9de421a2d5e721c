"""The actor registry: one record per person or organisation across the corpus.

Built from the speakers the quote extractor resolved in each article (their
names as written, kind, country, sector and the titles that introduced them).
Name variants and transliterations are one actor: surnames are compared on a
spelling-insensitive key (:func:`sitrep.extract.speakers.translit_key`:
Zelensky / Zelenskyy / Zelenskiy, Syrskiy / Syrskyi, Kosachev / Kosachyov)
and, failing that, with rapidfuzz; first names must agree (Bill and Hillary
Clinton stay apart). A bare surname joins the one full name it fits. Ids
derive from the cluster key, so re-running on the same corpus gives the same
ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz

from sitrep import lexicons, phoenix
from sitrep.extract.speakers import name_keys
from sitrep.records import Actor, stable_id

FUZZY_SURNAME = 88  # rapidfuzz ratio between surname keys that still names one person


@dataclass(slots=True)
class _Cluster:
    kind: str
    surname: str
    first: str | None
    names: Counter[str] = field(default_factory=Counter)
    infos: list[dict[str, Any]] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)


def _person_key(name: str) -> tuple[str, str | None]:
    return name_keys(name.replace("-", " ").split())


def is_description(name: str) -> bool:
    """A speaker described, not named ("two leaders", "separatist group", "some Ukrainians"): no
    actor. A name may begin in lower case ("al-Shabab"), but not with a quantifier or determiner."""
    words = name.split()
    if not words or words[0][:1].isupper() or words[0][:1].isdigit():
        return False
    return not any(ch.isupper() for ch in name) or words[0].lower() in lexicons.SPACY_STOP_WORDS


def _pronoun(name: str) -> bool:
    return name.strip().lower() in lexicons.words("briefing/unnamed_sides")


def _state_name(names: Mapping[str, int], iso3: str) -> str:
    """A state by its own name, not its capital's ("Ukraine", not "Kyiv"; "United States", not "The US")."""
    capitals = lexicons.metonyms()
    own = [n for n in names if n.lower() not in capitals]
    if own:
        return max(own, key=lambda n: (names[n], len(n), n))
    states = sorted(state for state, code in capitals.values() if code == iso3)
    return states[0] if states else max(names, key=lambda n: (names[n], n))


def _first_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return a[:1] == b[:1] and (len(a) <= 2 or len(b) <= 2 or fuzz.ratio(a, b) >= 70)


class Registry:
    """Speaker names -> actors, learnt from the whole corpus at once."""

    def __init__(self, observations: Iterable[tuple[str, str, dict[str, Any] | None]]) -> None:
        obs = [o for o in observations if not is_description(o[1]) and not _pronoun(o[1])]
        self.clusters: list[_Cluster] = []
        self._lookup: dict[tuple[str, str], _Cluster] = {}  # (article_id, name) -> cluster
        by_surname: dict[str, list[_Cluster]] = defaultdict(list)
        orgs: dict[str, _Cluster] = {}
        people = [o for o in obs if (o[2] or {}).get("kind", "person") == "person"]
        # Full names first, so that bare surnames can join them afterwards.
        people.sort(key=lambda o: (-len(o[1].split()), o[1], o[0]))
        for article_id, name, info in people:
            surname, first = _person_key(name)
            cluster = self._find_person(by_surname, surname, first, article_id)
            if cluster is None:
                cluster = _Cluster("person", surname, first)
                self.clusters.append(cluster)
                by_surname[surname].append(cluster)
            cluster.first = cluster.first or first
            self._add(cluster, article_id, name, info)
        others = [o for o in obs if (o[2] or {}).get("kind", "person") != "person"]
        for article_id, name, info in sorted(others, key=lambda o: (o[1], o[0])):
            person = self._surname_of_person(by_surname, name, article_id)
            if person is not None:  # "Trump" tagged as an organisation is the Trump of the corpus
                self._add(person, article_id, name, info)
                continue
            key = " ".join(name.lower().replace("’s", "").replace("'s", "").split())
            kind = (info or {}).get("kind") or "organization"
            if (iso3 := phoenix.load().country_of(name)) is not None:
                # "The US", "United States", "Washington": one state, however the text names it
                key, kind = f"country:{iso3}", "country"
            cluster = orgs.get(key)
            if cluster is None:
                cluster = orgs[key] = _Cluster(kind, key, None)
                self.clusters.append(cluster)
            self._add(cluster, article_id, name, info)

    def _surname_of_person(
        self, by_surname: dict[str, list[_Cluster]], name: str, article_id: str
    ) -> _Cluster | None:
        """The person a one-word name given as an organisation is the surname of, if any."""
        if len(name.split()) != 1:
            return None
        surname, _ = _person_key(name)
        return self._find_person(by_surname, surname, None, article_id) if by_surname.get(surname) else None

    def _find_person(
        self, by_surname: dict[str, list[_Cluster]], surname: str, first: str | None, article_id: str
    ) -> _Cluster | None:
        candidates = [c for c in by_surname.get(surname, []) if _first_compatible(first, c.first)]
        if not candidates:
            # A spelling the key does not catch: fuzzy surname, same first name.
            candidates = [
                c
                for key, cs in by_surname.items()
                if key[:1] == surname[:1] and fuzz.ratio(key, surname) >= FUZZY_SURNAME
                for c in cs
                if first and c.first and _first_compatible(first, c.first)
            ]
        if not candidates:
            return None
        if first is None and len(candidates) > 1:
            # A bare surname: the person of that name in the same article, else the most quoted.
            same = [c for c in candidates if article_id in c.articles]
            candidates = same or candidates
        return max(candidates, key=lambda c: (article_id in c.articles, sum(c.names.values())))

    def _add(self, cluster: _Cluster, article_id: str, name: str, info: dict[str, Any] | None) -> None:
        cluster.names[name] += 1
        cluster.articles.add(article_id)
        if info:
            cluster.infos.append(info)
            for alias in info.get("aliases") or []:
                if not _pronoun(alias) and not is_description(alias):  # "He" names no one
                    cluster.names[alias] += 0
        self._lookup[(article_id, name)] = cluster

    def actor_id(self, article_id: str, name: str | None) -> str | None:
        cluster = self._lookup.get((article_id, name or ""))
        return self._id(cluster) if cluster else None

    def canonical(self, article_id: str, name: str | None) -> str | None:
        cluster = self._lookup.get((article_id, name or ""))
        return self._name(cluster) if cluster else name

    @staticmethod
    def _id(cluster: _Cluster) -> str:
        return stable_id("actor", cluster.kind, cluster.surname, (cluster.first or "")[:1])

    @staticmethod
    def _name(cluster: _Cluster) -> str:
        if cluster.surname.startswith("country:"):
            return _state_name(cluster.names, cluster.surname.removeprefix("country:"))
        return _most_used(cluster.names, cluster.names)

    def actors(self) -> list[Actor]:
        # Clusters that came out with one id (same surname and initial) are one actor.
        merged: dict[str, _Cluster] = {}
        for c in self.clusters:
            key = self._id(c)
            if key in merged:
                merged[key].names.update(c.names)
                merged[key].infos.extend(c.infos)
            else:
                merged[key] = _Cluster(
                    c.kind, c.surname, c.first, Counter(c.names), list(c.infos), set(c.articles)
                )
        out = []
        for c in merged.values():
            countries = Counter(i["country"] for i in c.infos if i.get("country"))
            sectors = Counter(i["sector"] for i in c.infos if i.get("sector"))
            roles: dict[str, dict[str, Any]] = {}
            for info in c.infos:
                for role in info.get("roles") or []:
                    seen = roles.setdefault(
                        role["title"], {"title": role["title"], "first_seen": None, "last_seen": None}
                    )
                    date = role.get("date")
                    if date:
                        seen["first_seen"] = min(filter(None, [seen["first_seen"], date]))
                        seen["last_seen"] = max(filter(None, [seen["last_seen"], date]))
            out.append(
                Actor(
                    id=self._id(c),
                    name=self._name(c),
                    kind=c.kind
                    if c.kind in ("person", "organization", "country", "group")
                    else "organization",  # type: ignore[arg-type]
                    aliases=sorted(c.names),
                    country=countries.most_common(1)[0][0] if countries else None,
                    sector=sectors.most_common(1)[0][0] if sectors else None,
                    roles=sorted(roles.values(), key=lambda r: (r["first_seen"] or "", r["title"])),
                    mentions=sum(c.names.values()),
                )
            )
        return sorted(out, key=lambda a: a.id)


# -- a registry over part of the corpus ---------------------------------------------------------


def known_names(stored: Mapping[str, Actor]) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Observations standing for the stored people, one each by its own name, so that a bare
    surname in a scope of new quotes joins the person the whole corpus would give it ("Trump":
    Donald Trump), and a one-word name read as an organisation the person it names ("Sun"). Other
    names an actor was given stay its aliases, as in a whole run."""
    return [
        (f"actor:{actor.id}", actor.name, {"kind": "person"})
        for actor in stored.values()
        if actor.kind == "person" and not is_description(actor.name) and not _pronoun(actor.name)
    ]


def bare_surname_ids(names: Iterable[str]) -> set[str]:
    """The ids a bare surname of these full names would have as an actor of its own: a stored
    "Galissa", linked before any "Nino Galissa" was, is that person once the full name comes."""
    out = set()
    for name in names:
        surname, first = _person_key(name)
        if first:
            out.add(stable_id("actor", "person", surname, ""))
    return out


def merged_actors(
    fresh: Iterable[Actor],
    stored: Mapping[str, Actor],
    before: Iterable[Any],
    after: Iterable[Any],
    name_counts: Callable[[str], Mapping[str, int]],
) -> list[Actor]:
    """The actors a scope's quotes name, merged into their stored records.

    ``before`` and ``after`` are the scope's quotes as stored and as now resolved: an actor's
    mentions move by what the scope moved, its aliases and titles grow, and its name is the one
    the whole corpus uses most (``name_counts``: how often each name is written for an actor id),
    as the registry over the whole corpus names it. An actor left with no quote goes.
    """
    moved: Counter[str] = Counter(q.speaker_id for q in after if q.speaker_id)
    moved.subtract(Counter(q.speaker_id for q in before if q.speaker_id))
    by_id = {a.id: a for a in fresh}
    out = []
    for actor_id, delta in sorted(moved.items()):
        new, old = by_id.get(actor_id), stored.get(actor_id)
        if old is None:
            if new is not None:
                out.append(replace(new, mentions=delta))
            continue
        if old.mentions + delta <= 0:
            continue
        aliases = sorted({*old.aliases, *(new.aliases if new else ())})
        out.append(
            replace(
                old,
                name=_name_of(old, aliases, name_counts(actor_id)),
                aliases=aliases,
                country=old.country or (new.country if new else None),
                sector=old.sector or (new.sector if new else None),
                roles=_merged_roles(old.roles, new.roles if new else []),
                mentions=old.mentions + delta,
            )
        )
    return out


def _name_of(actor: Actor, aliases: list[str], counts: Mapping[str, int]) -> str:
    names = {n: counts.get(n, 0) for n in aliases}
    if actor.kind == "country" and actor.country:
        return _state_name(names, actor.country)
    return _most_used(names, names)


def _most_used(names: Iterable[str], counts: Mapping[str, int]) -> str:
    """The registry's rule: a full name over a bare surname, then the most written, the longest."""
    return max(names, key=lambda n: (len(n.split()) > 1, counts.get(n, 0), len(n), n))


def _merged_roles(*lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    roles: dict[str, dict[str, Any]] = {}
    for role in (r for rs in lists for r in rs):
        seen = roles.setdefault(
            role["title"], {"title": role["title"], "first_seen": None, "last_seen": None}
        )
        for key, pick in (("first_seen", min), ("last_seen", max)):
            values = [v for v in (seen[key], role.get(key)) if v]
            seen[key] = pick(values) if values else None
    return sorted(roles.values(), key=lambda r: (r["first_seen"] or "", r["title"]))
