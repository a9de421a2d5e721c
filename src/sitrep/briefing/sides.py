"""The sides of an event as an analyst names them: resolved actors, or nothing.

A side is resolved when its name is a state (a country, a demonym with a role noun such as
"Ukrainian forces", a capital standing for its state such as "the Kremlin"), an organisation of the
Phoenix/PETRARCH2 dictionaries ("NATO"), or an actor of the corpus registry (a person, a named
organisation). A pronoun ("its"), a place ("Jeddah", "Kurskaya oblast'") or a phrase ("Ukraine 's
mineral resources", "conference in Jeddah") is not an actor: an event with such a side is a misread.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sitrep import lexicons, phoenix
from sitrep.lexicons import metonyms
from sitrep.link.actor_refs import ActorResolver
from sitrep.records import ActorRef


@dataclass(frozen=True, slots=True)
class Side:
    name: str
    key: str  # one actor, however spelled: "state:UKR", "state:UKR/MIL", "actor:<id>"
    country: str | None


@functools.cache
def intra_state_types() -> frozenset[str]:
    return lexicons.words("briefing/intra_state_types")


def _clean(name: str) -> str:
    name = " ".join(name.replace("’", "'").split())
    for suffix in (" 's", "'s", "'"):
        name = name.removesuffix(suffix)
    return name.removeprefix("the ").removeprefix("The ")


class SideResolver:
    """Resolves the sides of a story's events against the lexicons and the story's actors and places."""

    def __init__(self, registry: ActorResolver, place_names: set[str]) -> None:
        self.registry = registry  # the corpus actors, indexed once per report, not once per story
        self.places = place_names  # lower-cased names of the story's places that are not countries
        self.lex = phoenix.load()

    def side(self, ref: ActorRef | None) -> Side | None:
        if not isinstance(ref, ActorRef) or not ref.name:
            return None
        name = _clean(ref.name)
        low = name.lower()
        if not name or low in lexicons.words("briefing/unnamed_sides"):
            return None
        if low in metonyms():
            return Side(name, f"state:{metonyms()[low][1]}", metonyms()[low][1])
        if low in self.places:
            return None
        return self._lexicon(name) or self._registry(name, ref)

    def _lexicon(self, name: str) -> Side | None:
        entry = self.lex.lookup(name)
        if entry is not None and entry.country:
            key = f"state:{entry.country}" if entry.kind == "country" else f"actor:{name.lower()}"
            return Side(name, key, entry.country)
        first, *rest = name.split()
        country = self.lex.country_of(first)
        sectors = [self.lex.sector_of_role(w.rstrip("s")) or self.lex.sector_of_role(w) for w in rest]
        if country and rest and all(sectors):
            return Side(name, f"state:{country}/{sectors[-1]}", country)
        return None

    def _registry(self, name: str, ref: ActorRef) -> Side | None:
        actor = self.registry._by_name(name)
        if (
            actor is None
            or not name[:1].isupper()
            or actor.name.lower() in lexicons.words("briefing/unnamed_sides")
        ):
            return None
        if actor.kind == "country" and actor.country:
            return Side(name, f"state:{actor.country}", actor.country)
        return Side(name, f"actor:{actor.id}", actor.country or ref.country)


def well_formed_sides(event_type: str, actor: Side | None, target: Side | None) -> bool:
    """Two sides are two actors: not one actor twice, nor one country facing itself (save at home)."""
    if actor is None or target is None:
        return True
    if actor.key == target.key:
        return False
    same_country = actor.country is not None and actor.country == target.country
    return not same_country or event_type in intra_state_types()
