"""Who did it to whom, and who says so: actor, target and reporter of a trigger."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sitrep import lexicons, phoenix
from sitrep.calendar_words import iso_day
from sitrep.extract.events import lexicon
from sitrep.extract.speakers import ArticleActors, translit_key
from sitrep.records import ActorRef, PlaceMention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions that introduce an event's target, best first.
_TARGET_PREPS = (
    "against",
    "on",
    "with",
    "at",
    "to",
    "into",
    "toward",
    "towards",
    "upon",
    "over",
    "of",
    "in",
    "for",
)
_SUBJECTS = ("nsubj", "csubj")
_NOT_ACTORS = {"PRON"}
# The Arabic article as names write it ("al-Bashir", "El Bashir").
_ARTICLES = {"al", "el", "ul", "ad", "as", "ash", "an", "ar"}
# Share of the Phoenix entries of a surname that must name one country for the surname to say it.
SURNAME_AGREEMENT = 0.75
_GROUP_PRONOUNS = {"it", "they", "we", "he", "she"}
# Inside a direct quote these are the speaker (and the side the speaker speaks for).
_FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
_SCENE_PREPS = {"in", "at", "inside"}
_HOME_PREPS = {"in", "from", "of", "throughout", "across"}
_NOT_ACTOR_ENTS = {
    "DATE",
    "TIME",
    "CARDINAL",
    "ORDINAL",
    "PERCENT",
    "MONEY",
    "QUANTITY",
}  # pronouns resolve through ArticleActors, or not at all


class Roles:
    """Resolves noun phrases of one article to ActorRefs (built once per article)."""

    def __init__(
        self,
        actors: ArticleActors,
        places: Sequence[PlaceMention],
        event_noun: Callable[[Token], bool],
        quotes: Sequence[Quote] = (),
        published: str | None = None,
    ) -> None:
        self.actors = actors
        self.event_noun = event_noun
        self.lex = phoenix.load()
        self.places = sorted((self._checked(p) for p in places), key=lambda p: p.start)
        self._starts = [p.start for p in self.places]
        # direct quotes with a named speaker: "we" inside one is the speaker's side
        self.quotes = sorted(
            (q for q in quotes if q.kind != "indirect" and q.speaker_mention is not None),
            key=lambda q: q.start,
        )
        self._quote_starts = [q.start for q in self.quotes]
        self.day = iso_day(published)

    def _checked(self, place: PlaceMention) -> PlaceMention:
        """A place whose name as written is in Phoenix takes Phoenix's country: the gazetteer
        matches loosely ("Sinai" as Sinnai, Italy; "Golan" as a town in Iran), Phoenix lists the
        places news names by the country that holds them."""
        if place.feature == "country" or (place.name or "").lower() == place.text.lower():
            return place  # a name the gazetteer matched as written is its own
        entry = self.lex.lookup(place.text)
        country = entry.country if entry is not None else None
        if country is None or len(country) != 3 or country in ("IGO", "NGO") or country == place.country:
            return place
        return dataclasses.replace(place, country=country)

    # -- noun phrases -------------------------------------------------------
    def ref(self, head: Token | None) -> ActorRef | None:
        if head is None or head.is_punct:
            return None
        if head.lower_ in ("'s", "’s"):
            head = head.head
        head = _group_of(head)
        if head.ent_type_ in _NOT_ACTOR_ENTS:
            return None
        # a plural role noun ("Russian officials") is a group, not the person the resolver would pick
        if head.lower_ in _FIRST_PERSON and (speaker := self._quoted_speaker(head)) is not None:
            head = speaker
        resolved = self.actors.resolve(head) if head.tag_ != "NNS" else None
        if head.pos_ == "PRON" and (resolved is None or resolved.name in (None, head.text)):
            return None  # a pronoun nothing resolves ("its demand"): let the clause's subject speak
        country = resolved.country if resolved else None
        sector = resolved.sector if resolved else None
        name = resolved.name if resolved else None
        if country is None and name and resolved is not None and resolved.kind == "person":
            country, sector = (
                _by_office(name, sector, self.day)
                or self._by_full_name(name, sector)
                or _by_surname(name, sector)
            )
            if country is None:
                country = self._by_named_country(name, head)
        elif (
            country is None and _capitalised_name(head) and (held := _by_office(head.text, sector, self.day))
        ):
            # an office-holder's surname the parser took for a common noun or an organisation
            # ("Zelenskyy met Rubio", "Trump will call Putin"): the person, with the office's country
            (country, sector), name = held, head.text
            resolved = None
        if head.ent_type_ == "PERSON" and (body := self._titled_by_body(head)) is not None:
            country = body  # "UN Secretary General Ban Ki-moon" speaks for the UN (CAMEO IGO)
        if country is None:
            country = self._country(head)
        # a capitalised word the resolver took for an unknown person ("the General Staff")
        guessed = resolved is not None and resolved.kind == "person" and not resolved.aliases
        org = guessed or head.ent_type_ in ("ORG", "GPE", "NORP", "FAC")
        if name is None or org or (resolved is not None and resolved.kind != "person"):
            if country is None and name is None:
                return None  # "the proposal", "office": not an actor
            # an organisation keeps its whole name ("the General Staff" is not a person's title);
            # a pronoun takes the name it resolves to ("its demand": the ILO's)
            name = resolved.name if head.pos_ == "PRON" and resolved and resolved.name else _name(head)
            if country is None and head.pos_ == "PRON":
                entry = self._entity_entry(name)
                country = entry.country if entry and entry.country and len(entry.country) == 3 else None
        if sector is None:
            sector = self._sector(head, resolved.kind if resolved else "group")
        return ActorRef(name=name, country=country, sector=sector)

    def _titled_by_body(self, head: Token) -> str | None:
        """The IGO or NGO code of an international body named in a person's title ("UN Secretary
        General Ban Ki-moon", "NATO chief Jens Stoltenberg")."""
        for word in head.doc[head.left_edge.i : head.i]:
            if (
                word.ent_type_ == "PERSON"
                or word.dep_ not in ("compound", "nmod")
                or not word.text[:1].isupper()
            ):
                continue
            entry = self.lex.lookup(lexicon.load().aliases.get(word.text, word.text))
            if entry is not None and entry.country in ("IGO", "NGO"):
                return entry.country
        return None

    def _by_full_name(self, name: str, sector: str | None) -> tuple[str, str | None] | None:
        """A person's country from the Phoenix entry of the whole name ("Hamad bin Khalifa
        al-Thani" is Phoenix's "hamad bin khalifa al thani"), else of first and last name."""
        words = name.replace("-", " ").split()
        # Arabic names drop or respell the article: "Omar El Bashir", "Omar Hassan al-Bashir" are
        # Phoenix's "omar al bashir"
        plain = [w for w in words if w.lower() not in _ARTICLES]
        keys = (" ".join(words), f"{words[0]} {words[-1]}" if len(words) > 2 else "")
        if len(plain) >= 2 and len(plain) < len(words):
            keys += (f"{plain[0]} al {plain[-1]}", " ".join(plain))
        for key in keys:
            entry = self.lex.lookup(key) if key else None
            if entry and entry.kind == "actor" and entry.country and len(entry.country) == 3:
                return entry.country, sector or entry.sector
        return None

    def _by_named_country(self, name: str, head: Token) -> str | None:
        """A surname Phoenix lists for people of several countries ("Abbas": Algeria, Iraq, the
        Palestinian territories ...) takes the one of them its sentence names ("Abbas met
        Israeli officials in Ramallah")."""
        words = name.split()
        countries = _surname_countries().get(words[-1].lower()) if words else None
        if not countries:
            return None
        named = self.countries_named(head) & countries
        return named.pop() if len(named) == 1 else None

    def _quoted_speaker(self, tok: Token) -> Token | None:
        """The named speaker of the direct quote a token is inside, as a token of the doc."""
        pos = bisect_right(self._quote_starts, tok.idx) - 1
        if pos < 0 or not (self.quotes[pos].start <= tok.idx < self.quotes[pos].end):
            return None
        mention = self.quotes[pos].speaker_mention
        span = tok.doc.char_span(mention.start, mention.end, alignment_mode="expand") if mention else None
        if span is None or not len(span) or span.root.lower_ in _FIRST_PERSON:
            return None
        return span.root

    def _country(self, head: Token) -> str | None:
        place = self._place(head)
        if place is not None and place.country:
            return place.country
        phrase = _phrase(head) or [head]
        for tok in phrase:
            if len(tok.text) <= 3 and not tok.text.isupper():
                continue  # "Kim Jong Un" is no UN: a short name matches only as written, an acronym
            if _allegiance(tok):
                continue  # "pro-Russian separatists" side with Russia, they are not Russia's
            entry = self.lex.lookup(lexicon.load().aliases.get(tok.text, tok.text))
            if entry is None and tok.text.endswith("s") and tok.text[:1].isupper():
                entry = self.lex.lookup(tok.text[:-1])  # "Ukrainians"
            if entry and entry.country and len(entry.country) == 3 and tok.text[:1].isupper():
                return entry.country
        # multi-word names: "Ivory Coast rebels", "the European Community", "Red Cross officials"
        for text in {_entity_text(tok) for tok in phrase if tok.ent_type_}:
            # the entity may hold its possessive ("The Ivory Coast's" Supreme Court)
            text = re.sub(r"\s*['’]s$", "", text)
            entry = self._entity_entry(text[4:] if text.lower().startswith("the ") else text)
            if entry and entry.country and len(entry.country) == 3:
                return entry.country
        if head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.ent_type_ == "ORG"):
            # "Security forces in Guinea", "Opposition groups in Zimbabwe", "the Foreign Ministry
            # in Beijing", and through a participle: "a newspaper based in east Beirut", "a report
            # released in the Rwandan capital"
            preps = [c for c in head.children if c.dep_ == "prep"]
            preps += [p for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN" for p in c.children
                      if p.dep_ == "prep"]  # fmt: skip
            for prep in preps:
                if prep.lower_ in _HOME_PREPS:
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            found = self._country(obj)
                            if found:
                                return found
        return None

    def _entity_entry(self, text: str) -> phoenix.Entry | None:
        """The Phoenix entry of an entity's name (or of the name Phoenix lists it under), else of
        its longest part that has one ("the United Nations Security Council" is the United
        Nations')."""
        aliases = lexicon.load().aliases
        entry = self.lex.lookup(aliases.get(text, text))
        words = text.split()
        for n in range(len(words) - 1, 1, -1):
            if entry is not None:
                break
            for lo in range(len(words) - n + 1):
                part = " ".join(words[lo : lo + n])
                entry = self.lex.lookup(aliases.get(part, part))
                if entry is not None and entry.country and len(entry.country) == 3:
                    break
                entry = None
        return entry

    def _is_town(self, tok: Token) -> bool:
        place = self._place(tok)
        return place is not None and place.feature not in (None, "country")

    def _place(self, head: Token) -> PlaceMention | None:
        pos = bisect_right(self._starts, head.idx) - 1
        if pos >= 0 and self.places[pos].start <= head.idx < self.places[pos].end:
            return self.places[pos]
        return None

    def _sector(self, head: Token, kind: str) -> str | None:
        entry = self.lex.lookup(head.text)
        if entry and entry.kind == "country" and head.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "pobj"):
            return entry.sector or "GOV"  # a country or its capital acting: its government
        groups = lexicon.load().sectors
        for tok in reversed(_phrase(head)):
            lemma = tok.lemma_.lower()
            sector = (
                groups.get(lemma) or self.lex.sector_of_role(lemma) or self.lex.sector_of_role(tok.lower_)
            )
            if sector:
                return {"LEG": "GOV", "PTY": "GOV"}.get(sector, sector)
        place = self._place(head)
        if place is not None and place.feature not in (None, "country"):
            return "CVL"  # a town as target is its people (PLOVER GSR convention)
        if kind == "country" or (head.ent_type_ == "GPE" and place is None):
            return "GOV"
        return None

    def countries_named(self, tok: Token) -> set[str]:
        """The countries a sentence names by name, demonym, capital or town, or through a place
        the gazetteer found."""
        return set(self._named(tok))

    def _named(self, tok: Token) -> dict[str, str]:
        """Country code -> a word of ``tok``'s sentence naming it."""
        sent = tok.sent
        found: dict[str, str] = {}
        for p in self.places:
            if sent.start_char <= p.start < sent.end_char and p.country:
                found.setdefault(p.country, p.text)
        for word in sent:
            if not word.text[:1].isupper() or _allegiance(word) or word.ent_type_ in _NOT_ACTOR_ENTS:
                continue
            if len(word.text) <= 3 and not word.text.isupper():
                continue  # as in _country: a short word names a country only as an acronym
            entry = self.lex.lookup(lexicon.load().aliases.get(word.text, word.text))
            if entry is None and word.text.endswith("s"):
                entry = self.lex.lookup(word.text[:-1])  # "Ukrainians"
            if entry is not None and entry.kind == "country" and entry.country:
                found.setdefault(entry.country, word.text)
        return {c: w for c, w in found.items() if len(c) == 3 and c not in ("IGO", "NGO")}

    def sentence_country(self, tok: Token, sides: Sequence[str | None] = ()) -> tuple[str, str] | None:
        """The one country a sentence names (:meth:`countries_named`), with a word naming it;
        None when it names none or several (two say nothing about a side). ``sides`` are the
        countries of the sides already resolved ("Congress is asking Obama to help Iran" names
        Iran and, through Obama, the United States)."""
        named = self._named(tok)
        for c in sides:
            if c and c not in ("IGO", "NGO"):
                named.setdefault(c, "")
        return next(iter(named.items())) if len(named) == 1 else None

    # -- arguments of a trigger -------------------------------------------------
    def actor(self, trig: Token, depth: int = 0) -> ActorRef | None:
        first: ActorRef | None = None
        for cand in self._actor_heads(trig):
            if cand.pos_ == "PRON" and cand.lower_ in _GROUP_PRONOUNS:
                # "Syria says it is willing to withdraw": the pronoun is the speaker
                speaker = self._speaker_of(trig)
                if speaker is not None:
                    cand = speaker
            # "Russian missile strikes hit ...": the strikes' own actor
            ref = self.actor(cand, depth + 1) if self.is_event_noun(cand) and depth < 2 else self.ref(cand)
            if ref is None or ref.country is None:
                ref = self._owned(cand, trig, ref)
            if ref is not None and (ref.country is not None or cand.pos_ != "ADJ"):
                return ref
            # a modifier that names a sector, no side ("military drills"): the clause's subject
            # may still say who ("China staged military drills near Taiwan")
            first = first or ref
        return first

    def _owned(self, cand: Token, trig: Token, ref: ActorRef | None) -> ActorRef | None:
        """A group a pronoun owns takes its owner's country: "Bosnian Serbs said their forces had
        completed their withdrawal" (the pronoun is the article's last group, else the speaker)."""
        poss = next((c for c in cand.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if poss is None:
            return ref
        owner = self.ref(poss)
        if owner is None or owner.country is None:
            speaker = self._speaker_of(trig)
            owner = self.ref(speaker) if speaker is not None else None
        if owner is None or owner.country is None:
            return ref
        if ref is None:
            return ActorRef(_name(cand), country=owner.country, sector=self._sector(cand, "group"))
        return ActorRef(ref.name, country=owner.country, sector=ref.sector or owner.sector)

    def actor_heads(self, trig: Token) -> list[Token]:
        """The nouns that may name who does the act of ``trig``, best first."""
        return self._actor_heads(trig)

    def name(self, head: Token) -> str:
        """A group's name as written: the group a number or part stands for ("hundreds of students")."""
        return _name(_group_of(head))

    def sector(self, head: Token) -> str | None:
        return self._sector(_group_of(head), "group")

    def is_event_noun(self, tok: Token) -> bool:
        return tok.pos_ == "NOUN" and self.event_noun(tok)

    def target(self, trig: Token, actor: ActorRef | None, hostile: bool = True) -> ActorRef | None:
        """The side acted on. Of a peaceful act a venue after "at" or "in" ("their meeting at the
        Oval Office") is where it happened, no party to it; a hostile act's may be the target
        ("the raid at the Zaporizhzhia plant")."""
        for cand in self._target_heads(trig):
            if not hostile and self._scene(cand):
                continue
            if _names_act(trig, cand):
                # the verb's sense word ("ended the war") is nobody's side, unless it names a
                # state's agent ("summoned the Russian ambassador")
                named = (
                    self.ref(cand) if cand.pos_ == "NOUN" and cand.lemma_.lower() in self.lex.agents else None
                )
                if named is not None and named.country and (actor is None or named.country != actor.country):
                    return named
                continue
            # an act aimed at another act ("condemned the Russian attack") is aimed at who does
            # that one, if the text says; else at the people it is about ("a curfew in Algiers")
            ref = (self._act_side(cand, actor) if self.is_event_noun(cand) else None) or self.ref(cand)
            if ref is not None and (actor is None or ref.name != actor.name):
                return ref
        return None

    def _act_side(self, act: Token, actor: ActorRef | None) -> ActorRef | None:
        """Whom an act aimed at another act is aimed at: that act's actor ("condemned the Russian
        attack"), else its own target ("lifted sanctions on Belarus")."""
        found = self.actor(act, 1)
        if found is not None and (actor is None or found.name != actor.name):
            return found
        for prep in act.children:
            if prep.dep_ == "prep" and prep.lower_ in ("on", "against"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (ref := self.ref(obj)) is not None:
                        return ref
        return None

    def pair(self, trig: Token) -> tuple[ActorRef, ActorRef] | None:
        """The two sides a nominal trigger's modifiers name: "US-Ukraine talks", "Russian-Ukrainian talks"."""
        if trig.pos_ in ("VERB", "AUX"):
            return None
        found: dict[str, Token] = {}
        for mod in trig.lefts:
            if mod.dep_ not in ("compound", "amod", "nmod"):
                continue
            for tok in mod.subtree:
                entry = self.lex.lookup(tok.text) if tok.text[:1].isupper() else None
                if entry and entry.kind == "country" and entry.country and len(entry.country) == 3:
                    found.setdefault(entry.country, tok)
        if len(found) != 2:
            return None
        (a, ta), (b, tb) = sorted(found.items(), key=lambda kv: kv[1].i)
        return ActorRef(ta.text, country=a, sector="GOV"), ActorRef(tb.text, country=b, sector="GOV")

    def _between(self, trig: Token) -> list[Token]:
        """'talks between Ukrainian and American delegations': the first party, then the second."""
        for prep in trig.children:
            if prep.dep_ == "prep" and prep.lower_ == "between":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        first = next(
                            (c for c in obj.children if c.dep_ in ("amod", "compound") and c.conjuncts), None
                        )
                        if first is not None:  # "Ukrainian and American delegations"
                            return [first, *first.conjuncts]
                        return [obj, *obj.conjuncts]
        return []

    def _actor_heads(self, trig: Token) -> list[Token]:
        # "fighting between Israel and Hamas": the first side acts; a verb's own subject acts
        # between the two ("Qatar mediated between the Taliban and the US")
        own = trig.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in trig.children)
        heads: list[Token] = [] if own else self._between(trig)[:1]
        verb = trig.head
        if heads and trig.dep_ == "dobj" and verb.lemma_.lower() in lexicon.load().light:
            # "the emir launched a mediation effort between the Emirates and Saudi Arabia": who
            # launches it acts; the sides between are its targets
            heads = [c for c in verb.children if c.dep_ in _SUBJECTS] + heads
        if trig.pos_ == "VERB" or trig.pos_ == "AUX":
            heads += [c for c in trig.children if c.dep_ in _SUBJECTS]
            heads += [g for c in trig.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if _stance(trig):
                # "Vietnam is committed to opening up": the committed one acts
                heads += [c for c in trig.children if c.dep_ == "nsubjpass"]
            # "agreed to accept", "refused to meet": the controller's subject
            up = trig
            for _ in range(4):
                if up.dep_ not in ("xcomp", "conj", "advcl", "acl", "relcl", "acomp") or up.head.i == up.i:
                    break
                if up.dep_ in ("acl", "relcl"):
                    if not _passive_participle(up):  # "soldiers killed in Ukraine" are its victims
                        heads.append(up.head)
                    # "the PKK issued a declaration demanding ...": who issues it demands
                    if up.dep_ == "acl" and up.head.dep_ == "dobj" and _issues(up.head.head):
                        heads += [c for c in up.head.head.children if c.dep_ in _SUBJECTS]
                    break
                up = up.head
                # "Obama is scheduled to attend": a passive controller's subject acts too
                heads += [c for c in up.children if c.dep_ in _SUBJECTS or c.dep_ == "nsubjpass"]
        else:
            mods = [c for c in trig.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
            # "the Jeddah talks": a town before an event noun is where, not who
            heads += [c for c in mods if c.dep_ == "poss" or not self._is_town(c)]
            before = (
                trig.left_edge.i - 1
            )  # "Russia's ... invasion" parsed apart: the possessive still says who
            if before > trig.sent.start and trig.doc[before].lower_ in ("'s", "’s"):
                heads.append(trig.doc[before - 1])
            heads += [g for c in trig.children if c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
            if _of_is_actor(trig):  # "a retreat of NATO": NATO retreats
                heads += [
                    g for c in trig.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
                ]
            # "launched 10 days of war games": the number or part stands in the clause for it
            holder = trig.head.head if trig.dep_ == "pobj" and trig.head.lower_ == "of" else trig
            if holder.dep_ in ("dobj", "nsubjpass", "attr") and holder.head.pos_ == "VERB":
                heads += [c for c in holder.head.children if c.dep_ in _SUBJECTS]
                # "Sanctions were imposed on Iran by the European Union"
                heads += [g for c in holder.head.children if c.dep_ == "agent" for g in c.children
                          if g.dep_ == "pobj"]  # fmt: skip
        if not heads and trig.dep_ == "ROOT" and trig.pos_ == "VERB" and not _has_subject(trig):
            heads = _stranded_subject(trig)
        return heads

    def _target_heads(self, trig: Token) -> list[Token]:
        own = trig.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in trig.children)
        between = self._between(trig)
        heads: list[Token] = between[:1] if own else between[1:2]
        if trig.pos_ in ("VERB", "AUX"):
            heads += [c for c in trig.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
            if _passive_participle(trig):
                heads.append(trig.head)  # "10 Russian soldiers killed in Ukraine"
            heads += [
                c
                for c in trig.children
                if c.dep_ == "xcomp" and c.pos_ == "VERB"
                for c in c.children
                if c.dep_ == "dobj"
            ]
        if trig.pos_ == "VERB" and _accuses(trig):
            # "claimed that ISIL had attacked Iraq": the charge is against the clause's subject
            heads += [
                g for c in trig.children if c.dep_ == "ccomp" for g in c.children if g.dep_ in _CLAUSE_SUBJ
            ]
        preps = [
            c
            for c in trig.children
            if c.dep_ == "prep"
            and c.lower_ in _TARGET_PREPS
            and not (c.lower_ == "of" and _of_is_actor(trig))
        ]
        preps.sort(key=lambda p: _TARGET_PREPS.index(p.lower_))
        heads += [g for p in preps for g in p.children if g.dep_ == "pobj"]
        if (
            trig.pos_ not in ("VERB", "AUX")
            and trig.dep_ in ("dobj", "nsubjpass", "attr")
            and trig.head.pos_ == "VERB"
        ):
            verb = trig.head
            heads += [
                g
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS
                for g in c.children
                if g.dep_ == "pobj"
            ]
        return [
            h
            for h in heads
            if h.pos_ not in _NOT_ACTORS or h.lower_ in ("he", "she", "they", "him", "her", "them")
        ]

    def parties(self, trig: Token) -> list[Token]:
        """Every noun the trigger's syntax names as a side, with its conjuncts ("Trump and Zelenskyy")."""
        heads = self._between(trig) + self._actor_heads(trig) + self._target_heads(trig)
        return list({t.i: t for h in heads for t in (h, *h.conjuncts)}.values())

    def _scene(self, tok: Token) -> bool:
        """A venue named after "in" or "at" ("at the Oval Office"): where something happened.

        A town or country there stays a candidate: the gold sets (CAMEO, PLOVER) code the country
        of the scene as the target when the text names no other ("lifted a state of emergency in
        West Darfur": Sudan), and fusion drops a host country from the sides of talks."""
        if tok.dep_ != "pobj" or tok.head.lower_ not in _SCENE_PREPS:
            return False
        return self._place(tok) is None and tok.ent_type_ in ("FAC", "ORG")

    def is_person(self, tok: Token) -> bool:
        """A named person: a PERSON entity, or a capitalised surname of an office-holder ("Trump")."""
        if tok.ent_type_ == "PERSON":
            return True
        return (
            tok.text[:1].isupper()
            and tok.ent_type_ not in ("GPE", "NORP", "ORG")
            and (_by_office(tok.text, None, self.day) is not None)
        )

    def _speaker_of(self, trig: Token) -> Token | None:
        up = trig
        for _ in range(4):
            if up.head.i == up.i:
                return None
            up = up.head
            if up.pos_ == "VERB" and up.lemma_.lower() in lexicon.load().status["speech_verbs"]:
                return next((c for c in up.children if c.dep_ in _SUBJECTS), None)
        return None

    # -- who reports it ---------------------------------------------------------
    def reporter(self, trig: Token, speech: frozenset[str]) -> tuple[ActorRef | None, Token | None]:
        """The source the sentence attributes the event to, and its speech verb."""
        sent = trig.sent
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ == "to":
                obj = next((c for c in sent.doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return self.ref(obj) or ActorRef(_name(obj)), tok
        up = trig
        for _ in range(6):
            if up.head.i == up.i:
                break
            up = up.head
            if up.pos_ == "VERB" and up.lemma_.lower() in speech:
                subj = next((c for c in up.children if c.dep_ in _SUBJECTS), None)
                return self.ref(subj), up
        return None, None


@functools.cache
def _surnames() -> dict[str, tuple[str, str | None]]:
    """Surname -> (country, sector) of the Phoenix people, where most people of that name agree."""
    found: dict[str, list[tuple[str, str | None]]] = {}
    for name, entry in phoenix.load().names.items():
        words = name.split()
        if entry.kind == "actor" and entry.country and len(entry.country) == 3 and len(words) >= 2:
            found.setdefault(words[-1], []).append((entry.country, entry.sector))
    out = {}
    for surname, entries in found.items():
        ((country, n),) = Counter(c for c, _ in entries).most_common(1)
        if n >= SURNAME_AGREEMENT * len(entries):
            ((sector, _),) = Counter(s for c, s in entries if c == country).most_common(1)
            out[surname] = (country, sector)
    return out


@functools.cache
def _surname_countries() -> dict[str, frozenset[str]]:
    """Surname -> the countries of all the Phoenix people of that name."""
    found: dict[str, set[str]] = {}
    for name, entry in phoenix.load().names.items():
        words = name.split()
        if entry.kind == "actor" and entry.country and len(entry.country) == 3 and len(words) >= 2:
            found.setdefault(words[-1], set()).add(entry.country)
    return {k: frozenset(v) for k, v in found.items()}


@functools.cache
def _holders_by_surname() -> dict[str, list[lexicons.OfficeHolder]]:
    """Office-holders under the spelling-insensitive key of their surname (Zelensky = Zelenskyy)."""
    out: dict[str, list[lexicons.OfficeHolder]] = {}
    for holder in lexicons.office_holders():
        if holder.country and holder.name.split():
            out.setdefault(translit_key(holder.name.split()[-1]), []).append(holder)
    return out


def _by_office(name: str, sector: str | None, day: dt.date | None) -> tuple[str | None, str | None] | None:
    """A person's country from the office-holders data ("Trump" -> USA), in office on ``day`` if known.

    Surnames are compared on their transliteration key: "Zelenskyy", "Zelenskiy" and "Zelensky"
    are one holder."""
    words = name.split()
    if not words:
        return None
    for holder in _holders_by_surname().get(translit_key(words[-1]), ()):
        if day is None or any(s <= day and (e is None or day <= e) for s, e in holder.tenures):
            return holder.country, sector or holder.sector
    return None


def _allegiance(tok: Token) -> bool:
    """A demonym after "pro-" or "anti-" ("pro-Russian", "Pro-Western"): a stance, no nationality."""
    doc = tok.doc
    if tok.lower_.startswith(("pro-", "anti-")):
        return True
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in ("pro", "anti")


def _capitalised_name(tok: Token) -> bool:
    """A capitalised word that may be a name: not a place, people or number entity."""
    return tok.text[:1].isupper() and tok.ent_type_ not in ("GPE", "NORP", "LOC", *_NOT_ACTOR_ENTS)


def _by_surname(name: str, sector: str | None) -> tuple[str | None, str | None]:
    """A person's country from the Phoenix people of the same surname ("President Bush" -> USA)."""
    found = _surnames().get(name.split()[-1].lower()) if name.split() else None
    if found is None:
        return None, sector
    return found[0], sector or found[1]


_CLAUSE_SUBJ = ("nsubj", "nsubjpass")


def passive_participle(verb: Token) -> bool:
    """A past participle modifying a noun ("soldiers killed", "civilians imprisoned"): the noun
    is what the act was done to. Not when the noun is the sentence's root: then the parser missed
    the main verb ("Hundreds of students protested in Caracas")."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.dep_ != "ROOT"


_passive_participle = passive_participle


def _stance(verb: Token) -> bool:
    """A passive form that states its subject's own stance ("is committed to", "is determined to")."""
    st = lexicon.load().status
    lemma = verb.lemma_.lower()
    return lemma in st["planned_governors"] or verb.lower_ in st["planned_governors"]


def _issues(verb: Token) -> bool:
    """A verb that puts out what its object says ("issued a declaration", "announced a plan")."""
    lex, lemma = lexicon.load(), verb.lemma_.lower()
    return verb.pos_ == "VERB" and (lemma in lex.light or lemma in lex.status["speech_verbs"])


def _accuses(verb: Token) -> bool:
    """A governor whose clause's subject is whom it is aimed at: a speech verb ("claimed that
    ISIL had attacked": a charge) or a demand ("demanded that Sweden extradite")."""
    lex, lemma = lexicon.load(), verb.lemma_.lower()
    return lemma in lex.governors and (
        lemma in lex.status["speech_verbs"] or lex.governors[lemma] == "REQUEST"
    )


def _names_act(trig: Token, obj: Token) -> bool:
    """The object is part of the verb's sense ("ended the war", "cease fire"), nobody's side."""
    pair = f"{trig.lemma_.lower()} {obj.lemma_.lower()}"
    return obj.dep_ == "dobj" and obj.head.i == trig.i and pair in lexicon.load().verbs


def _of_is_actor(trig: Token) -> bool:
    """An event noun whose "of" phrase names who acts ("the withdrawal of troops")."""
    return trig.pos_ not in ("VERB", "AUX") and trig.lemma_.lower() in lexicon.load().of_actor_nouns


def _group_of(head: Token) -> Token:
    """'Thousands of Iraqi Kurds' -> 'Kurds': a number or part of a group stands for the group."""
    if head.lemma_.lower() not in lexicon.load().partitives and head.ent_type_ != "CARDINAL":
        return head
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return head


def _entity_text(tok: Token) -> str:
    """The named entity a token is part of (walked through IOB tags, bounded by the entity)."""
    doc = tok.doc
    lo = tok.i
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    hi = tok.i + 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return doc[lo:hi].text


def _name(head: Token) -> str:
    """A group's or organisation's name as written ("the General Staff" -> "General Staff")."""
    return " ".join(t.text for t in _phrase(head) if t.dep_ != "det").replace(" ’s", "’s") or head.text


def _phrase(head: Token) -> list[Token]:
    """The head's own words: left modifiers and compounds, not its clauses."""
    toks = [t for t in head.lefts if t.dep_ in ("compound", "amod", "poss", "det", "nmod", "nummod")]
    words = [w for t in toks for w in t.subtree if w.dep_ not in ("conj", "cc") or w.i == t.i] + [head]
    words += [t for t in head.rights if t.dep_ in ("compound", "flat")]
    return sorted({t.i: t for t in words if not t.is_punct}.values(), key=lambda t: t.i)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl") for c in verb.children)


def _stranded_subject(verb: Token) -> list[Token]:
    """The noun phrase right before a main verb the parser gave no subject, having hung it on a
    fronted phrase ("With the signing of a Memorandum ..., the Sudanese government and SPLM/A have
    agreed": "government" a conjunct of "Memorandum"). Its first conjunct short of a comma."""
    first = min(
        [verb, *(c for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg", "advmod"))], key=lambda t: t.i
    )
    if first.i == verb.sent.start:
        return []
    noun = verb.doc[first.i - 1]
    if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ not in ("conj", "appos", "pobj"):
        return []
    while noun.dep_ == "conj" and not any(t.text in (",", ";") for t in verb.doc[noun.head.i + 1 : noun.i]):
        noun = noun.head
    return [noun]
