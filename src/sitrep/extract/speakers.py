"""Who is speaking: resolve an attribution's speaker mention to an actor of the article.

One :class:`ArticleActors` is built per parsed article. It collects the people
named in the text (clustered by surname, with the titles and appositions that
introduce them: "Kremlin spokesman Dmitry Peskov", "Mike Waltz, the White
House national-security adviser"), and resolves a speaker mention - a name,
a surname, a role noun ("the Kremlin leader"), a pronoun, a relative pronoun
or an organisation - to one of them. Countries and sectors of names and role
nouns are seeded from the Phoenix dictionaries (:mod:`sitrep.phoenix`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitrep import lexicons, phoenix

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Role nouns and the class they belong to; a role mention ("the US president")
# matches a person introduced with a role of the same class.
ROLE_CLASS = {
    "president": "head",
    "leader": "head",
    "premier": "head",
    "chancellor": "head",
    "king": "head",
    "ruler": "head",
    "strongman": "head",
    "dictator": "head",
    "autocrat": "head",
    "minister": "minister",
    "secretary": "minister",
    "spokesman": "spokes",
    "spokeswoman": "spokes",
    "spokesperson": "spokes",
    "envoy": "envoy",
    "ambassador": "envoy",
    "diplomat": "envoy",
    "negotiator": "envoy",
    "adviser": "aide",
    "advisor": "aide",
    "aide": "aide",
    "official": "official",
    "lawmaker": "legislator",
    "senator": "legislator",
    "congressman": "legislator",
    "congresswoman": "legislator",
    "legislator": "legislator",
    "mp": "legislator",
    "deputy": "legislator",
    "politician": "any",
    "commander": "military",
    "general": "military",
    "chief": "head-org",
    "head": "head-org",
    "director": "head-org",
    "chairman": "head-org",
    "governor": "head-org",
    "mayor": "head-org",
    "candidate": "candidate",
    "nominee": "candidate",
    "billionaire": "any",
    "businessman": "any",
    "tycoon": "any",
    "analyst": "expert",
    "expert": "expert",
}
ROLE_SECTOR = {
    "head": "GOV",
    "minister": "GOV",
    "spokes": "GOV",
    "envoy": "GOV",
    "aide": "GOV",
    "official": "GOV",
    "legislator": "GOV",
    "military": "MIL",
    "candidate": "GOV",
}
# Heads of noun phrases that name an organisation rather than a person.
ORG_NOUNS = lexicons.words("world/organisation_nouns")
# Speakers that are documents, not actors: the mention is kept, no actor.
DOCUMENT_NOUNS = {
    "statement",
    "report",
    "poll",
    "polls",
    "survey",
    "study",
    "data",
    "letter",
    "post",
    "video",
}
TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "gen",
    "sen",
    "rep",
    "gov",
    "president",
    "general",
    "prof",
    "lt",
    "col",
}
FEMALE_TITLES = {"mrs", "ms", "miss", "madam"}
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = {"it", "they", "we", "its", "their"}
RELATIVE = {"who", "which", "that", "whom"}
INDEFINITE = {"a", "an", "one", "some", "many", "several", "another", "other", "others", "most", "few"}

_ENDINGS = [
    (re.compile(r"(iy|yi|yy|ij|ii|y)$"), "i"),
    (re.compile(r"yov$"), "ev"),
    (re.compile(r"yev$"), "ev"),
    (re.compile(r"iev$"), "ev"),
    (re.compile(r"ov$"), "ov"),
]


@functools.cache
def _successors() -> dict[str, str]:
    return dict(line.split()[:2] for line in lexicons.words("world/successor_states"))


def _successor(country: str) -> str:
    """The state that continues a former one (SUN -> RUS): who holds its offices now."""
    return _successors().get(country, country)


def translit_key(word: str) -> str:
    """A spelling-insensitive key for a (transliterated) name token.

    Zelensky / Zelenskyy / Zelenskiy -> zelenski; Syrskiy / Syrskyi -> syrski;
    Kosachev / Kosachyov -> kosachev.
    """
    text = unicodedata.normalize("NFKD", word.lower())
    text = "".join(c for c in text if c.isalnum())
    text = text.replace("yo", "e").replace("kh", "h").replace("ts", "c").replace("j", "y")
    text = re.sub(r"(.)\1+", r"\1", text)  # doubled letters: Zelenskyy, Medvedev(v)
    for pattern, repl in _ENDINGS:
        new = pattern.sub(repl, text)
        if new != text:
            return new
    return text


def name_keys(words: list[str]) -> tuple[str, str | None]:
    """Spelling-insensitive keys of a name's surname and, when given, first name."""
    return translit_key(words[-1]), (translit_key(words[0]) if len(words) > 1 else None)


def clean_name(text: str) -> str:
    text = re.sub(r"[’']s$", "", text.strip())
    words = [w for w in text.split() if w.lower().rstrip(".") not in TITLES]
    return " ".join(words).strip(" ,.;:")


# Particles inside a surname ("Ursula von der Leyen", "Charles de Gaulle"): the NER may end the
# name on one of them, and the name runs on to the next capitalised word.
_NAME_PARTICLES = {
    "von",
    "van",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "du",
    "la",
    "le",
    "bin",
    "al",
    "el",
}
MAJOR_PLACE_POPULATION = 250_000


def _full_name(ent: Span) -> Span:
    """A person entity cut at a surname particle, extended to the capitalised word after it."""
    doc, end = ent.doc, ent.end
    if ent[-1].lower_ not in _NAME_PARTICLES:
        return ent
    while end < len(doc) and doc[end].lower_ in _NAME_PARTICLES:
        end += 1
    if end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN":
        return doc[ent.start : end + 1]
    return ent


@functools.cache
def _is_major_place(name: str) -> bool:
    """A country, region or large city of the gazetteer: a one-word "person" that is a place."""
    from sitrep.geo import gazetteer  # loaded only when a one-word name needs it

    return any(
        p.feature in ("country", "region") or p.population >= MAJOR_PLACE_POPULATION
        for p in gazetteer.load().lookup(name)
    )


@dataclass(slots=True)
class Person:
    name: str
    key: str  # translit key of the surname
    first: str | None = None
    roles: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    gender: str | None = None
    aliases: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Resolved:
    """A speaker resolved within the article (name None when unknown)."""

    name: str | None
    kind: str = "person"
    country: str | None = None
    sector: str | None = None
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def _np_tokens(head: Token) -> list[Token]:
    """The noun phrase of a head: its left modifiers, compounds and appositions."""
    keep = []
    for tok in head.subtree:
        anc = tok
        skip = False
        while anc.i != head.i:
            if anc.dep_ in ("relcl", "acl") and anc.head.i == head.i:
                skip = True
                break
            anc = anc.head
        if not skip:
            keep.append(tok)
    while keep and keep[-1].is_punct:
        keep.pop()
    return keep


_MENTION_DEPS = {"nsubj", "nsubjpass", "pobj", "dobj", "appos", "conj", "attr"}
# What follows a name and is not part of it: "C.D. Howe Institute, a think tank", "Kyiv, not
# Moscow", "the ministry, which ...", "the Kremlin in Moscow".
_NOT_NAME_DEPS = {"appos", "conj", "cc", "relcl", "acl", "advcl", "neg", "prep"}
_NOT_NAME_PUNCT = {",", ";", ":", "(", ")", "—", "–"}


def _proper_core(head: Token, toks: list[Token]) -> list[Token]:
    """The name within an organisation's noun phrase: "the state-run RIA Novosti news agency" is RIA
    Novosti, "Russia's state-owned Tass news agency" Tass; the common noun only says what it is.
    A phrase headed by a name ("the Russian Defense Ministry") or holding none ("the Ukrainian
    general staff") stays whole."""
    if head.pos_ != "NOUN":
        return toks
    owned = {t.i for t in toks if t.dep_ == "poss" for t in t.subtree}  # "Russia's": whose, not who
    run: list[Token] = []
    for t in toks:
        # a place or a people is not the organisation's name ("the Kyiv city administration")
        proper = t.pos_ == "PROPN" and t.ent_type_ in ("ORG", "") and t.i not in owned
        if proper and (not run or t.i == run[-1].i + 1):
            run.append(t)
        elif run:
            break
    return run or toks


def _name_tokens(head: Token) -> list[Token]:
    """The words of an organisation's name: its noun phrase without appositions, coordinations,
    clauses and prepositional phrases other than "of" ("Ministry of Defence")."""
    keep = [head]
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _NOT_NAME_DEPS and not (child.dep_ == "prep" and child.lower_ == "of"):
                continue
            if child.dep_ == "punct" and child.text in _NOT_NAME_PUNCT:
                continue
            keep.append(child)
            stack.append(child)
    keep.sort(key=lambda t: t.i)
    # a contiguous run around the head: a skipped token in between ends the name
    ids = {t.i for t in keep}
    lo = hi = head.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    return [t for t in keep if lo <= t.i <= hi]


def np_span(head: Token, text: str | None = None) -> tuple[int, int]:
    """The character span of a head's noun phrase, within its line (pass the doc text: Doc.text is linear)."""
    text = head.doc.text if text is None else text
    line_start = text.rfind("\n", 0, head.idx) + 1
    line_end = text.find("\n", head.idx)
    line_end = len(text) if line_end < 0 else line_end
    toks = [t for t in _np_tokens(head) if line_start <= t.idx < line_end]
    if not toks:
        return head.idx, head.idx + len(head)
    first, last = min(toks, key=lambda t: t.i), max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


class ArticleActors:
    """The people and organisations of one article, and speaker resolution."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        # sentence start of every token (Token.sent is linear per call in spaCy)
        self._sent_start = [0] * len(doc)
        if doc.has_annotation("DEP") or doc.has_annotation("SENT_START"):
            for sent in doc.sents:
                self._sent_start[sent.start : sent.end] = [sent.start] * len(sent)
        self.lex = phoenix.load()
        self.people: list[Person] = []
        # (token index, person) for every mention of a person, in text order
        self.mentions: list[tuple[int, Person]] = []
        self.orgs: list[tuple[int, Span]] = []
        self._by_token: dict[int, Person] = {}
        self._people_by_key: dict[str, list[Person]] = {}
        # words of full personal names: "Austin" is a person where "Lloyd Austin" is named
        ents = list(doc.ents)  # Doc.ents builds its spans anew on every call
        self._ent_at = {e.start: e for e in ents}
        self._name_words = {w for e in ents if e.label_ == "PERSON" and len(e) > 1 for w in e.text.split()}
        for ent in ents:
            if ent.label_ == "PERSON":
                self._add_person(_full_name(ent))
            elif ent.label_ in ("ORG", "GPE", "NORP"):
                self.orgs.append((ent.start, ent))
        self._add_surname_mentions()
        self._mention_idx = [i for i, _ in self.mentions]
        # Indexes over the mentions, so that resolving one speaker never scans the whole article.
        self._last_by_key = {person.key: person for _, person in self.mentions}
        self._mentions_of: dict[int, tuple[Person, list[int], list[int]]] = {}
        for pos, (tok_i, person) in enumerate(self.mentions):
            _, positions, tokens = self._mentions_of.setdefault(id(person), (person, [], []))
            positions.append(pos)
            tokens.append(tok_i)

    # -- building ------------------------------------------------------------
    def _add_person(self, ent: Span) -> None:
        name = clean_name(ent.text)
        words = name.split()
        if not words or not any(c.isalpha() for c in name) or len(words) > 5 or "\n" in ent.text:
            return
        entry = self.lex.lookup(name)
        if entry and entry.kind == "country":
            return  # "Kyiv" tagged as a person
        if len(words) == 1 and name not in self._name_words and _is_major_place(name):
            return  # "Donetsk, Luhansk and Kherson" tagged as people
        key, first = name_keys(words)
        person = self._find(key, first)
        if person is None:
            person = Person(name=name, key=key, first=first)
            self.people.append(person)
            self._people_by_key.setdefault(key, []).append(person)
        elif len(words) > len(person.name.split()):
            person.name, person.first = name, first
        person.aliases.add(name)
        if any(t.lower_.rstrip(".") in FEMALE_TITLES for t in ent.doc[max(0, ent.start - 1) : ent.end]):
            person.gender = "f"
        self._collect_roles(ent, person)
        if person.country is None:
            entry = self.lex.lookup(name) or (self.lex.lookup(words[-1]) if len(words) > 1 else None)
            if entry and entry.kind == "actor" and entry.sector:
                person.country, person.sector = entry.country, entry.sector
        self.mentions.append((ent.start, person))
        for tok in ent:
            self._by_token[tok.i] = person

    def _add_surname_mentions(self) -> None:
        """A known person's surname the NER missed or mislabelled ("according to Hardie") is a
        mention of them: a later "he" can stand for it."""
        keys = {p.key: p for p in self.people}
        if not keys:
            return
        for tok in self.doc:
            # not a possessor: "Responding to Trump's petition, he said" is someone else
            if tok.pos_ != "PROPN" or tok.dep_ not in _MENTION_DEPS or tok.i in self._by_token:
                continue
            if (
                tok.ent_type_ not in ("", "ORG", "NORP", "GPE")
                or tok.ent_type_ == "GPE"
                and _is_major_place(tok.text)
            ):
                continue  # "Herbst noted ...", tagged a place, after "John Herbst"
            person = keys.get(translit_key(tok.text))
            place = self.lex.lookup(tok.text) if person is not None else None
            if person is not None and not (place is not None and place.kind == "country"):
                self.mentions.append((tok.i, person))
                self._by_token[tok.i] = person
        self.mentions.sort(key=lambda m: m[0])

    def _find(self, key: str, first: str | None) -> Person | None:
        for person in reversed(self._people_by_key.get(key, [])):
            if first and person.first and first[:1] != person.first[:1]:
                continue  # Bill and Hillary Clinton are two people
            return person
        return None

    def _collect_roles(self, ent: Span, person: Person) -> None:
        root = ent.root
        phrases: list[list[Token]] = []
        # "Kremlin spokesman Dmitry Peskov", "Ukrainian President Volodymyr Zelenskyy"
        left = [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod", "poss")]
        if left:
            start = min(t.left_edge.i for t in left)
            phrases.append(list(self.doc[start : ent.start]))
        # "Mike Waltz, the White House national-security adviser"
        for child in root.rights:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                phrases.append(_np_tokens(child))
        # "Ukraine's top military commander, General Oleksandr Syrskiy"
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            head = root.head
            phrases.append([t for t in head.subtree if t.i <= head.i])
        for toks in phrases:
            self._add_role(person, toks)

    def _add_role(self, person: Person, toks: list[Token]) -> None:
        words = [t for t in toks if not t.is_punct and t.lower_ not in ("the", "a", "an")]
        if not words or not any(t.lower_ in ROLE_CLASS or self.lex.sector_of_role(t.lower_) for t in words):
            return
        title = " ".join(t.text for t in words).replace(" ’s", "’s").replace(" 's", "'s")
        if title not in person.roles:
            person.roles.append(title)
        country, sector = self._country_sector(words)
        person.country = person.country or country
        person.sector = person.sector or sector

    def _country_sector(self, toks: list[Token]) -> tuple[str | None, str | None]:
        country = sector = None
        text = " ".join(t.text for t in toks)
        # "former ambassador to Washington": a country after the role noun is not the person's
        role_at = [t.i for t in toks if t.lower_ in ROLE_CLASS or self.lex.sector_of_role(t.lower_)]
        last_role = role_at[0] if role_at else toks[-1].i if toks else 0
        for tok in toks:
            if tok.i > last_role:
                break
            word = tok.text
            entry = self.lex.lookup(word)
            if country is None and entry and entry.country and len(entry.country) == 3 and word[:1].isupper():
                country = _successor(entry.country)
            cls = ROLE_CLASS.get(tok.lower_)
            if cls and cls in ROLE_SECTOR and tok.i == toks[-1].i:
                sector = ROLE_SECTOR[cls]
        for phrase in ("White House", "Secretary of State", "State Department", "Pentagon"):
            if phrase in text:
                country = country or "USA"
        if sector is None:
            for tok in reversed(toks):
                s = self.lex.sector_of_role(tok.lower_)
                if s:
                    sector = {"LEG": "GOV", "PTY": "GOV"}.get(s, s)
                    break
        return country, sector

    # -- resolution ------------------------------------------------------------
    def resolve(self, head: Token | None, depth: int = 0) -> Resolved:
        if head is None or depth > 3:
            return Resolved(None)
        person = self._by_token.get(head.i)
        if person is None:
            # "Ukraine's top military commander, General Oleksandr Syrskiy": the name is an apposition
            for tok in _np_tokens(head):
                if tok.i in self._by_token:
                    person = self._by_token[tok.i]
                    break
        if person is not None:
            return self._person(person)
        lower = head.lower_
        if head.pos_ == "PRON" or lower in RELATIVE:
            if lower in RELATIVE and head.head.dep_ in ("relcl", "acl"):
                return self.resolve(head.head.head, depth + 1)
            if lower in PERSON_PRONOUNS:
                found = self._recent_person(head.i, PERSON_PRONOUNS[lower])
                return self._person(found) if found else Resolved(None)
            if lower in GROUP_PRONOUNS:
                return self._previous_subject_org(head, depth) or self._recent_org(head.i)
            return Resolved(None)
        if lower in ROLE_CLASS:
            return self._role_noun(head)  # "The Secretary of State", "the President"
        place = self.lex.lookup(head.text)
        if head.pos_ == "PROPN" and not (place and place.kind == "country"):
            # A surname the NER missed or mislabelled ("Kosachyov said"): match a known person
            # (not a place: "Ukraine said" is not a "Beyond Ukraine" the NER took for a name).
            known = self._last_by_key.get(translit_key(head.text))
            if known is not None:
                return self._person(known)
        if head.ent_type_ in ("ORG", "GPE", "NORP"):
            return self._org(head)
        if head.pos_ == "PROPN":
            entry = self.lex.lookup(head.text)
            if head.ent_type_ or (entry and entry.kind == "country"):
                return self._org(head)
            return Resolved(clean_name(head.text), kind="person")
        return self._role_noun(head)

    def _person(self, p: Person) -> Resolved:
        return Resolved(p.name, "person", p.country, p.sector, list(p.roles), sorted(p.aliases))

    def _recent_person(self, index: int, gender: str | None, depth: int = 0) -> Person | None:
        """ "he", "she": in its own sentence, the subject of a verb that governs it ("Trump said he
        would"); else a person of the nearest earlier sentence that names one. There the main
        clause's subject is the centre of attention, then any subject, then the nearest: "Herbst
        noted that Witkoff has spent hours with Putin. He said ..." is Herbst. A main subject that
        is itself "he" passes on what it stands for ("He said Putin will ... . '...,' he said":
        Herbst again, not Putin)."""
        pos = bisect_left(self._mention_idx, index)
        own = self._sent_start[index]
        window = max(0, own - 400)
        nearest: list[tuple[int, Person]] = []  # the nearest naming sentence's persons, nearest first
        for i in range(pos - 1, -1, -1):
            tok_i, person = self.mentions[i]
            if tok_i < window or nearest and self._sent_start[tok_i] != self._sent_start[nearest[0][0]]:
                break
            if gender == "m" and person.gender == "f" or gender == "f" and person.gender not in (None, "f"):
                continue
            if self._sent_start[tok_i] == own:
                if self._governs(tok_i, index):
                    return person
                continue  # an object or a name quoted in its sentence is not who "he" is
            nearest.append((tok_i, person))
        if not nearest:
            return None
        tok_i, person = min(nearest, key=lambda tp: self._salience(tp[0]))
        pronoun = self._pronoun_subject(self._sent_start[tok_i], gender)
        if pronoun is not None and self._salience(tok_i) > 0 and depth < 3:
            return self._recent_person(pronoun, gender, depth + 1) or person
        return person

    def _governs(self, tok_i: int, index: int) -> bool:
        """Whether a mention is the subject of a verb whose clause holds the token at ``index``."""
        subject = self._lifted(tok_i)
        return subject.dep_ in ("nsubj", "nsubjpass") and subject.head.is_ancestor(self.doc[index])

    def _pronoun_subject(self, sent_start: int, gender: str | None) -> int | None:
        """The token of a "he"/"she" of the gender that is the main verb's subject in a sentence."""
        i = sent_start
        while i < len(self.doc) and self._sent_start[i] == sent_start:
            tok = self.doc[i]
            if (
                tok.lower_ in PERSON_PRONOUNS
                and tok.dep_ in ("nsubj", "nsubjpass")
                and tok.head.dep_ == "ROOT"
            ) and (gender is None or PERSON_PRONOUNS[tok.lower_] == gender):
                return i
            i += 1
        return None

    def _salience(self, tok_i: int) -> int:
        """0: the subject of its sentence's main verb; 1: a subject; 2: any other mention."""
        tok = self._lifted(tok_i)
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return 2
        return 0 if tok.head.dep_ == "ROOT" else 1

    def _lifted(self, tok_i: int) -> Token:
        """The head of the name a mention's token is part of ("Vladimir" -> "Putin")."""
        tok = self.doc[tok_i]
        while tok.dep_ in ("compound", "flat", "appos") and tok.head.i != tok.i:
            tok = tok.head
        return tok

    def _previous_subject_org(self, pron: Token, depth: int) -> Resolved | None:
        """ "The European Union's executive arm has proposed a plan for supporting Ukraine. It
        includes ... It has proposed ...": an "it" that is its sentence's main subject continues the
        previous sentence's main subject (an organisation, its possessor, or another "it"), not the
        last name before it."""
        if pron.dep_ not in ("nsubj", "nsubjpass") or pron.head.dep_ != "ROOT":
            return None
        start = self._sent_start[pron.i]
        if start == 0:
            return None
        prev_start = self._sent_start[start - 1]
        subject = next(
            (
                t
                for t in self.doc[prev_start:start]
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
            ),
            None,
        )
        if subject is None:
            return None
        if subject.lower_ == pron.lower_:
            return self._previous_subject_org(subject, depth + 1) if depth < 3 else None
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        for tok in (subject, owner):
            if tok is not None and tok.ent_type_ in ("ORG", "GPE", "NORP") and tok.pos_ != "ADJ":
                return self._org(tok)
        if subject.pos_ == "NOUN" and subject.lemma_.lower() in ORG_NOUNS:
            return self._org(subject)
        return None

    def _recent_org(self, index: int) -> Resolved:
        """ "it", "they": the nearest organisation before, named ("the Kremlin") or a subject headed
        by an organisation noun ("the general staff stated ... it said"); not a demonym adjective."""
        for i in range(index - 1, max(-1, index - 120), -1):
            tok = self.doc[i]
            if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and tok.lemma_.lower() in ORG_NOUNS:
                return self._org(tok)
            if tok.ent_iob_ == "B" and tok.ent_type_ in ("ORG", "GPE", "NORP") and tok.pos_ != "ADJ":
                ent = self._ent_at.get(i)
                if ent is not None:
                    return self._org(ent.root)
        return Resolved(None, kind="organization")

    def _org(self, head: Token) -> Resolved:
        toks = [t for t in _name_tokens(head) if t.lower_ not in ("the", "a", "an")]
        # the country and sector are read off the whole phrase ("the radical Palestinian Islamic
        # Jihad movement" is Palestinian), the name off its proper core ("Islamic Jihad")
        phrase, name = (self._span_text(part, head) for part in (toks, _proper_core(head, toks)))
        entry = self.lex.lookup(phrase) or self.lex.lookup(head.text)
        country = entry.country if entry and entry.country and len(entry.country) == 3 else None
        if country is None:
            country, _ = self._country_sector(toks)
        kind = "country" if entry and entry.kind == "country" and len(toks) == 1 else "organization"
        sector = entry.sector if entry else None
        return Resolved(name, kind, country, sector)

    def _span_text(self, toks: list[Token], head: Token) -> str:
        text = self.text[toks[0].idx : toks[-1].idx + len(toks[-1])] if toks else head.text
        # titles are words of an organisation's name ("the General Staff"); a possessive is not
        return re.sub(r"[’']s$", "", " ".join(text.split())).strip(" ,.;:") or head.text

    def _role_noun(self, head: Token) -> Resolved:
        lower = head.lemma_.lower()
        toks = _np_tokens(head)
        det = next((t.lower_ for t in toks if t.dep_ in ("det", "nummod", "amod") and t.i < head.i), None)
        if lower in DOCUMENT_NOUNS:
            # "The G7 joint statement said", "the Kremlin's statement": whose document it is
            owner = next(
                (
                    c
                    for c in reversed(list(head.lefts))
                    if c.dep_ in ("poss", "compound", "nmod", "amod")
                    and (c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") or c.lemma_.lower() in ORG_NOUNS)
                    and c.pos_ != "ADJ"
                ),
                None,
            )
            return self.resolve(owner) if owner is not None else Resolved(None)
        if det in INDEFINITE:
            return Resolved(None)
        if head.tag_ in ("NNS", "NNPS") and lower in ROLE_CLASS:
            return self._group(head)  # "Ukrainian officials", "G7 foreign ministers": not one of them
        if lower in ORG_NOUNS or head.ent_type_:
            return self._org(head)
        cls = ROLE_CLASS.get(lower)
        if cls is None and not self.lex.sector_of_role(lower):
            return Resolved(None)
        country, sector = self._country_sector(toks)
        return self._match_role(head.i, lower, cls, country, sector)

    def _group(self, head: Token) -> Resolved:
        """People named by a plural role noun: a group when a name or nationality says whose
        ("G7 foreign ministers", "Ukrainian officials"), else unknown ("officials and analysts")."""
        toks = [t for t in _name_tokens(head) if t.lower_ not in ("the", "a", "an") and t.dep_ != "det"]
        if not any(t.i < head.i and (t.ent_type_ or t.pos_ == "PROPN") for t in toks):
            return Resolved(None, kind="group")
        name = self.text[toks[0].idx : toks[-1].idx + len(toks[-1])]
        country, sector = self._country_sector(toks)
        return Resolved(" ".join(name.split()), "group", country, sector)

    @staticmethod
    def _role_score(
        person: Person, word: str, cls: str | None, country: str | None, sector: str | None
    ) -> float:
        score = 0.0
        role_words = {w.lower() for r in person.roles for w in re.split(r"[\s\-]+", r)}
        role_classes = {ROLE_CLASS.get(w) for w in role_words}
        if word in role_words:
            score += 3
        elif cls and cls in role_classes:
            score += 2
        elif cls == "head" and person.sector == "GOV" and not role_words:
            score += 1  # a known head of government, titles unstated
        elif cls == "any":
            score += 1
        if country and person.country:
            score += 2 if country == person.country else -5
        if sector and person.sector and sector != person.sector:
            score -= 1
        return score

    def _match_role(
        self, index: int, word: str, cls: str | None, country: str | None, sector: str | None
    ) -> Resolved:
        best: tuple[float, Person] | None = None
        scale = 10 * (len(self.mentions) + 1)
        for person, positions, tokens in self._mentions_of.values():
            score = self._role_score(person, word, cls, country, sector)
            if score <= 0:
                continue
            # The nearest mention wins ties: a person scores by their last mention before the role
            # noun, else (counting less) by their first after it ("I think the president has
            # decided ...," ... U.S. President Donald Trump ... Putin: Trump). One bisect, no scan.
            before = bisect_left(tokens, index)
            if before:
                score += 0.5 + positions[before - 1] / scale
            else:
                score += (len(self.mentions) - positions[0]) / scale
            if best is None or score > best[0]:
                best = (score, person)
        if best is None:
            return Resolved(None)
        return self._person(best[1])
