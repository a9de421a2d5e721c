"""Where an event happened: a place the trigger's syntax puts it in, never any place in the article.

In order: a place in a locative phrase or the object of the trigger ("strikes on
Kryvyi Rih", "talks in Jeddah", "the Jeddah talks"); then one in the clause the
trigger belongs to ("missile strikes hit the city of Kryviy Rih"); then the
antecedent of a "where" clause ("the Kursk region, where fierce fighting is
taking place"); then, for an event of the article's first sentence, a dateline
("KYIV, Ukraine (AP) —"). A place that names an actor (the subject, a possessor,
the agent: "Russia attacked", "Moscow's forces") is never the event's place, nor
is a demonym ("Russian strikes"). A country is a place only after an area
preposition ("fighting in Ukraine"): after "on", "to", "against" it is the target
("sanctions on Russia"). The prepositions are data (``data/events/where.json``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING

from sitrep.extract.events import lexicon
from sitrep.extract.events.triggers import noun_code
from sitrep.extract.events.when import CLAUSE_DEPS, MAX_DEPTH, char_bounds, governing_verb, scopes
from sitrep.records import PlaceMention

if TYPE_CHECKING:
    from spacy.tokens import Token

# Smaller features are more precise: the city beats the country named beside it.
_PRECISION = {"landmark": 0, "district": 1, "city": 1, "region": 3, "sea": 4, "country": 5, "continent": 6}
_DATELINE_REACH = 80  # characters from the sentence start a dateline can take
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'’-]{1,40}[A-Z])(?:,\s*[A-Z][\w .'’-]{1,40})?\s*(?:\([^)\n]{1,40}\)\s*)?[—–-]"
)


@functools.cache
def _words() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("sitrep").joinpath("data", "events", "where.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


def _spans(trigger: Token, places: Sequence[PlaceMention]) -> list[tuple[PlaceMention, Token]]:
    """The places the trigger's syntax can reach, with the root token of each: those inside its
    phrase and clause, the head of a "where" clause it is in, and a dateline's opening words."""
    sent, doc = trigger.sent, trigger.doc
    tokens = set().union(*scopes(trigger))
    relcl = _relative_clause(trigger)
    if relcl is not None:
        tokens.add(relcl.head.i)
        tokens.update(c.i for c in relcl.head.children if c.dep_ in ("compound", "appos"))
    lo, hi = char_bounds(doc, tokens)
    lo, hi = max(lo, sent.start_char), min(hi, sent.end_char)
    opening = sent.start_char + _DATELINE_REACH
    out = []
    for p in places:
        inside = lo <= p.start and p.end <= hi
        if inside or (sent.start_char <= p.start and p.end <= min(opening, sent.end_char)):
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is not None and len(span):
                out.append((p, span.root))
    return out


def _demonym(tok: Token) -> bool:
    return tok.ent_type_ == "NORP" or (tok.dep_ == "amod" and tok.tag_ == "JJ")


def _names_actor(tok: Token, stop: Token) -> bool:
    """The place, or a noun it modifies, is a subject, possessor or agent below ``stop``."""
    actor = _words()["actor_deps"]
    t = tok
    for _ in range(MAX_DEPTH):
        if t.i == stop.i or t.head.i == t.i:
            break
        if t.dep_ in actor or (t.dep_ == "pobj" and t.head.dep_ == "agent"):
            return True
        if t.dep_ in CLAUSE_DEPS:
            return False
        t = t.head
    return False


def _via(tok: Token, head: Token) -> str | None:
    """How ``tok`` hangs from ``head``: the preposition of its phrase, "obj", "mod", or None."""
    if tok.i == head.i:
        return None
    path = []
    t = tok
    while t.i != head.i:
        if t.head.i == t.i or t.dep_ in CLAUSE_DEPS or len(path) >= MAX_DEPTH:
            return None
        path.append(t)
        t = t.head
    top = path[-1] if path else tok
    if top.dep_ == "prep":
        return top.lower_
    if top.dep_ in ("dobj", "attr", "oprd", "npadvmod"):
        # "struck the city of Kryviy Rih": the object's own "of" phrase is the address
        inner = [p.lower_ for p in path[:-1] if p.dep_ == "prep"]
        return inner[-1] if inner else "obj"
    if top.dep_ in ("compound", "nmod") and tok.dep_ in ("compound", "nmod", "pobj"):
        return "mod"  # "the Jeddah talks"
    return None


def _elsewhere(tok: Token, head: Token) -> bool:
    """The place belongs to another phrase: it modifies a noun other than the event ("a suspension
    in US aid"), or sits inside another event the act is about ("negotiations about a cease-fire
    in Ukraine")."""
    words = _words()
    if tok.dep_ in ("compound", "nmod", "amod") and tok.head.i != head.i:
        return tok.head.lemma_.lower() not in words["geo_heads"]
    lex = lexicon.load()
    t = tok.head
    for _ in range(MAX_DEPTH):
        if t.i == head.i or t.head.i == t.i:
            return False
        topical = t.dep_ == "pobj" and t.head.lower_ in words["topic"]
        if topical and t.pos_ == "NOUN" and noun_code(t, lex) is not None:
            return True
        t = t.head
    return False


def _event_verb(verb: Token) -> bool:
    """A verb the curated lexicon codes or carries an event noun ("hit", "killed", "took place");
    the CAMEO defaults code nearly any verb ("could affect the US presence") and do not count."""
    lex = lexicon.load()
    lemma = verb.lemma_.lower()
    return lemma in lex.verbs or lemma in lex.light


def _fits(p: PlaceMention, tok: Token, head: Token, kind: str | None = None) -> bool:
    how = _via(tok, head)
    if how is None or _demonym(tok) or _names_actor(tok, head) or _elsewhere(tok, head):
        return False
    words = _words()
    if kind in words["addressee_types"] and (how == "obj" and head.pos_ == "VERB" or how in words["aimed"]):
        return False  # "urged Kyiv to accept", "sanctions on Tehran": whom it is aimed at, not where
    if p.feature in ("country", "continent"):
        return how in words["area"]
    return how in words["area"] | words["point"] | {"obj", "mod"}


def _best(
    cands: list[tuple[PlaceMention, Token]], head: Token, kind: str | None = None
) -> PlaceMention | None:
    fitting = [(p, t) for p, t in cands if _fits(p, t, head, kind)]
    if not fitting:
        return None
    # the most precise place, then the one nearest the trigger
    return min(fitting, key=lambda pt: (_PRECISION.get(pt[0].feature or "", 2), abs(pt[1].i - head.i)))[0]


def _relative_clause(trigger: Token) -> Token | None:
    """The relative clause the trigger sits in, if any."""
    t = trigger
    for _ in range(MAX_DEPTH):
        if t.dep_ == "relcl":
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _where_clause(trigger: Token, cands: list[tuple[PlaceMention, Token]]) -> PlaceMention | None:
    """ "the Kursk region, where fierce fighting is taking place": the clause's antecedent."""
    t = _relative_clause(trigger)
    if t is None or not any(c.lower_ == "where" for c in t.children):
        return None
    antecedent = t.head
    hits = [p for p, tok in cands if tok.i == antecedent.i]
    hits += [p for p, tok in cands if tok.head.i == antecedent.i and tok.dep_ in ("compound", "appos")]
    return hits[0] if hits else None


def _dateline(trigger: Token, cands: list[tuple[PlaceMention, Token]]) -> PlaceMention | None:
    """ "KYIV, Ukraine —" opening the article's first sentence (the first event there)."""
    sent = trigger.sent
    if any(not t.is_space for t in trigger.doc[: sent.start]):
        return None
    m = _DATELINE.match(trigger.doc.text, sent.start_char)
    if m is None:
        return None
    lo, hi = sent.start_char + m.start("place"), sent.start_char + m.end("place")
    return next((p for p, _ in cands if p.start < hi and lo < p.end), None)


def event_place(
    trigger: Token, places: Sequence[PlaceMention], kind: str | None = None
) -> PlaceMention | None:
    """The place of the event ``trigger`` codes, among the article's ``places`` (offsets into
    ``trigger.doc.text``), or None when its syntax names none. ``kind`` is the event's type: the
    object of a speech act's verb is its addressee, no place."""
    cands = _spans(trigger, places)
    if not cands:
        return None
    found = _best(cands, trigger, kind)
    verb = governing_verb(trigger)
    # the clause's places are the event's only if the event is an argument of its verb ("strikes
    # hit the city"), not a noun deep in one ("a ceasefire in the war could affect the Indo-Pacific")
    direct = verb is not None and trigger.head.i == verb.i and trigger.dep_ in _words()["argument_deps"]
    if found is None and direct and _event_verb(verb):
        found = _best(cands, verb, kind)
    return found or _where_clause(trigger, cands) or _dateline(trigger, cands)
