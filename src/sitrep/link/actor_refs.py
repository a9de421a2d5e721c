"""Actors as claims and positions name them: a name resolved in one article, made a corpus actor.

A mention taken from a quote takes the quote's speaker as the statements linker resolved it (its
``speaker_id`` and canonical name). A holder the claim and position extractors found themselves
("claims by *Trump and Putin*", "*Moscow* has been against ...") is matched to the actor registry
by name: a person by surname key and compatible first name (the most quoted such actor), an
organisation or country by its name or an alias. Capitals and seats of government stand for their
state in positions ("Moscow", "the Kremlin" -> Russia), listed in ``data/positions/metonyms.tsv``.

Independence: each article counts as its source key, the outlet of the original it copies or
reprints (``copy_of`` chains, ``original_outlet``), as :func:`sitrep.link.provenance.independent_sources`
counts them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sitrep.extract.speakers import clean_name, name_keys
from sitrep.lexicons import metonyms
from sitrep.link import Corpus
from sitrep.records import Actor, ActorRef, ClaimMention, PositionMention, Quote


def _org_key(name: str) -> str:
    return " ".join(clean_name(name).lower().removeprefix("the ").split())


class ActorResolver:
    def __init__(self, actors: list[Actor], quotes: list[Quote], articles: Mapping[str, Any]) -> None:
        self.by_id = {a.id: a for a in actors}
        self.quotes = {q.id: q for q in quotes}
        self.articles = articles
        self.people: dict[str, list[tuple[str | None, Actor]]] = defaultdict(list)
        self.orgs: dict[str, Actor] = {}
        for actor in sorted(actors, key=lambda a: -a.mentions):
            for alias in sorted({actor.name, *actor.aliases}):  # sorted: the same winner every run
                if actor.kind == "person":
                    words = clean_name(alias).replace("-", " ").split()
                    if words and words[0][:1].isupper():
                        surname, first = name_keys(words)
                        self.people[surname].append((first, actor))
                else:
                    self.orgs.setdefault(_org_key(alias), actor)

    @classmethod
    def of(cls, corpus: Corpus) -> ActorResolver:
        return cls(corpus.records.get("actors", []), corpus.records.get("quotes", []), corpus.articles)

    def ref(self, actor: Actor) -> ActorRef:
        return ActorRef(actor.name, actor.id, actor.country, actor.sector)

    def resolve(self, ref: ActorRef | None, quote_id: str | None = None) -> ActorRef | None:
        """The corpus actor behind a quote's speaker or a name found in an article."""
        quote = self.quotes.get(quote_id or "")
        if quote is not None and quote.speaker_id in self.by_id:
            return self.ref(self.by_id[quote.speaker_id])
        if ref is None:
            return None
        if ref.actor_id in self.by_id:
            return self.ref(self.by_id[ref.actor_id])
        found = self._by_name(ref.name)
        return self.ref(found) if found else ref

    def _by_name(self, name: str) -> Actor | None:
        if (org := self.orgs.get(_org_key(name))) is not None:
            return org
        words = clean_name(name).replace("-", " ").split()
        if not words:
            return None
        surname, first = name_keys(words)
        for known_first, actor in self.people.get(surname, []):
            if first is None or known_first is None or known_first[:1] == first[:1]:
                return actor
        return None

    def state_of(self, ref: ActorRef) -> ActorRef:
        """A capital or seat of government as the state it speaks for ("Moscow" -> Russia)."""
        found = metonyms().get(_org_key(ref.name))
        if found is None:
            return ref
        state, iso3 = found
        actor = self.orgs.get(_org_key(state))
        return self.ref(actor) if actor is not None else ActorRef(state, None, iso3, ref.sector)

    def claim_mention(self, m: ClaimMention) -> ClaimMention:
        article = self.articles.get(m.article_id)
        outlet = (article.original_outlet or article.outlet) if article is not None else m.outlet
        return dataclasses.replace(m, speaker=self.resolve(m.speaker, m.quote_id), outlet=outlet)

    def position_mention(self, m: PositionMention) -> PositionMention:
        speaker = self.resolve(m.speaker, m.quote_id)
        return dataclasses.replace(m, speaker=self.state_of(speaker) if speaker else None)
