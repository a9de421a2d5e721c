"""What the text asserts about an event: occurred, planned, threatened, claimed, denied, hypothetical.

Also whether the event is the background of the report ("Russia's three-year
invasion", "seized ... in August" in a March article) rather than news of the day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sitrep.calendar_words import iso_day
from sitrep.extract.events.lexicon import Lexicon
from sitrep.extract.events.triggers import HOSTILE
from sitrep.records import TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Token

# A hostile act announced for the future or under a condition is a threat (PLOVER THREATEN).
THREAT_MODE = {
    "ASSAULT": "violence",
    "COERCE": "restrict",
    "SANCTION": "restrict",
    "MOBILIZE": "violence",
    "PROTEST": "relations",
}
# A stated time this long before publication makes the event background.
BACKGROUND_DAYS = 45
_DURATION = re.compile(r"\b\w+-(?:year|month|week|decade)s?(?:-long|-old)?\b|\b(?:years|decades)-long\b")
_CHAIN = ("xcomp", "ccomp", "conj", "advcl", "aux", "relcl", "acl", "pcomp", "pobj", "prep")


def _clause_chain(trig: Token, limit: int = 6) -> list[Token]:
    """The trigger and the verbs it hangs from, up to the sentence root."""
    chain = [trig]
    tok = trig
    for _ in range(limit):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        chain.append(tok)
    return chain


def _aux(tok: Token) -> set[str]:
    """Auxiliaries of a verb, as written and as lemmas ("'ll" and "will", "wo" of "won't")."""
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    return {c.lower_ for c in aux} | {c.lemma_.lower() for c in aux}


def _negated(tok: Token, lex: Lexicon) -> bool:
    """'did not agree', 'never met', 'no talks were held', 'it gives us nothing' (an act of
    nothing is none)."""
    st = lex.status
    return any(
        c.dep_ == "neg"
        or (c.dep_ == "det" and c.lower_ in st["negations"])
        or (c.dep_ == "dobj" and c.lower_ in st["negative_objects"])
        for c in tok.children
    )


def _in_condition(chain: list[Token], lex: Lexicon) -> tuple[bool, bool]:
    """(inside an if-clause, governs an if-clause)."""
    marks = lex.status["conditional_marks"]
    inside = False
    for tok in chain:
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children):
            inside = True
    head = chain[0] if chain[0].pos_ in ("VERB", "AUX") else chain[min(1, len(chain) - 1)]
    governs = any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
        for c in head.children
    ) or any(c.lower_ in marks for c in head.children if c.dep_ in ("mark", "advmod"))
    return inside, governs


def assess(trig: Token, kind: str, lex: Lexicon, speech_verb: Token | None) -> tuple[str, str, str | None]:
    """(status, type, mode override) of a trigger; a conditional or future hostile act becomes THREATEN."""
    st = lex.status
    chain = _clause_chain(trig)
    verb = trig if trig.pos_ in ("VERB", "AUX") else next((t for t in chain if t.pos_ == "VERB"), trig)
    if kind == "THREATEN":
        return "threatened", kind, None
    if _negated(trig, lex) or (
        verb is not trig and trig.dep_ in ("dobj", "nsubjpass") and _negated(verb, lex)
    ):
        return "denied", kind, None
    if trig.pos_ == "VERB" and _negated(trig.head, lex) and trig.dep_ == "xcomp":
        return "denied", kind, None
    if _faced(trig, st):  # "or face additional sanctions": a threat of the act
        return (
            ("threatened", "THREATEN", THREAT_MODE[kind]) if kind in HOSTILE else ("threatened", kind, None)
        )
    inside, governs = _in_condition(chain[:3], lex)
    aux = _aux(verb)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "by":
        aux |= _aux(verb.head.head)  # the means takes its end's modality: "can end it by withdrawing"
    future = bool(aux & st["future"])
    modal = bool(aux & st["hypothetical"])
    reported_would = speech_verb is not None and "would" in aux
    # "announced it would prohibit all aid": a decision made known, not a threat
    decided = (
        reported_would and speech_verb is not None and speech_verb.lemma_.lower() in st["decision_verbs"]
    )
    threat = future or (reported_would and not decided) or (governs and modal)
    if kind in HOSTILE and verb.pos_ == "VERB" and threat:
        return "threatened", "THREATEN", THREAT_MODE[kind]
    if speech_verb is not None and ("must" in aux or _bidden(trig, speech_verb)):
        # "X said Y must do Z", "X insisted that Y allow Z", "X told Y to do Z": X's demand on Y
        return "occurred", "REQUEST", None
    if inside or governs or _topic(trig, st):
        return "hypothetical", kind, None
    governor = _governor(trig, verb, chain)
    if _named_goal(trig, st):
        return "planned", kind, None
    if _obliged(governor, st):
        return "hypothetical", kind, None  # "would have to surrender territory": a demand, not an act
    if future or (governor is not None and governor.lemma_.lower() in st["planned_governors"]):
        return "planned", kind, None
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in st["planned_governors"]:
        return "planned", kind, None  # "I hope Putin gets a cease-fire": wished for, not done
    if modal:
        return ("planned" if reported_would else "hypothetical"), kind, None
    if speech_verb is not None and speech_verb.lemma_.lower() in st["claim_verbs"]:
        return "claimed", kind, None
    if any(c.lower_ in st["claim_adverbs"] for t in chain[:2] for c in t.children):
        return "claimed", kind, None
    if _bare_infinitive(trig, st):
        return "hypothetical", kind, None
    return "occurred", kind, None


def _topic(trig: Token, st: dict[str, frozenset[str]]) -> bool:
    """An act named only as what something is about: "talks over a cease-fire", "the proposal for
    a ceasefire", "the idea of sanctions". The text speaks of it; it reports no such act. The
    parser may hang the preposition on the verb whose object the topic noun is ("drag out talks
    with the US over a cease-fire")."""
    prep = trig.head
    if trig.pos_ not in ("NOUN", "PROPN") or trig.dep_ != "pobj" or prep.lower_ not in st["topic_preps"]:
        return False
    holders = [prep.head] if prep.head.pos_ == "NOUN" else []
    if prep.head.pos_ == "VERB":
        holders = [c for c in prep.head.children if c.dep_ == "dobj" and c.i < prep.i]
    return any(h.lemma_.lower() in st["topic_nouns"] for h in holders)


def _bidden(trig: Token, speech_verb: Token) -> bool:
    """An act the speaker bids someone do: a to-infinitive after the speech verb's object ("told
    Israel to halt"), or a clause in the mandative subjunctive, a singular subject with the bare
    verb ("insisted that Iran allow inspectors", where a report would say "allows")."""
    if trig.pos_ != "VERB" or trig.head.i != speech_verb.i:
        return False
    if trig.dep_ == "xcomp":
        return any(c.dep_ == "dobj" for c in speech_verb.children)
    if trig.dep_ != "ccomp" or trig.tag_ not in ("VB", "VBP") or _aux(trig):
        return False
    subj = next((c for c in trig.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.tag_ in ("NN", "NNP")


def _faced(trig: Token, st: dict[str, frozenset[str]]) -> bool:
    """An act named as what someone faces or risks, itself or as "the possibility of" it."""
    noun = trig.head.head if trig.dep_ == "pobj" and trig.head.lower_ == "of" else trig
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in st["threat_governors"]


def _governor(trig: Token, verb: Token, chain: list[Token]) -> Token | None:
    """The word that governs the act as its complement: the head of an infinitive ("ready to
    meet"), of a light verb carrying the trigger ("ready to resume talks"), or the noun an
    infinitive completes ("willingness to negotiate")."""
    if len(chain) > 1 and _infinitive_of(trig):
        return chain[1]
    carried = verb is not trig and trig.dep_ in ("dobj", "nsubjpass") and trig.head.i == verb.i
    if carried and _infinitive_of(verb) and verb.head.i != verb.i:
        return verb.head  # "expressed its willingness to resume peace talks"
    return None


def _infinitive_of(tok: Token) -> bool:
    """The word completes its head: "ready to meet", "willingness to negotiate"."""
    return tok.dep_ == "xcomp" or (tok.dep_ == "acl" and any(c.tag_ == "TO" for c in tok.children))


def _bare_infinitive(trig: Token, st: dict[str, frozenset[str]]) -> bool:
    """A to-infinitive no verb of doing governs ("pressure on Russia to end the war", "urge[s]
    Russians to end all hostilities"): an act wished for, not one reported. "Decided to allow",
    "began to withdraw" pass their act through."""
    if trig.pos_ != "VERB" or not any(c.dep_ == "aux" and c.tag_ == "TO" for c in trig.children):
        return False
    # "had to withdraw": an obligation met (one not met was caught before, by _obliged)
    passes = st["transparent"] | st["obligation_governors"]
    head = trig.head
    if head.lemma_.lower() == "take" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in st["action_nouns"] for c in head.children
    ):
        # "has taken several tentative steps to enhance political freedoms": done, unless the
        # steps are themselves only to come ("will have to take steps to defend their security")
        governors = st["obligation_governors"] | st["planned_governors"]
        modal = bool(_aux(head) & (st["future"] | st["hypothetical"]))
        return modal or (head.dep_ == "xcomp" and head.head.lemma_.lower() in governors)
    return head.i == trig.i or head.lemma_.lower() not in passes


def _named_goal(trig: Token, st: dict[str, frozenset[str]]) -> bool:
    """A gerund whose clause calls it an aim: "made ending the war a priority", "ending it is the goal"."""
    if trig.tag_ != "VBG" or trig.dep_ not in ("xcomp", "ccomp", "dobj", "csubj", "nsubj"):
        return False
    head = trig.head
    near = [*head.children, *(g for c in head.children for g in c.children)]
    return any(t.i != trig.i and t.lemma_.lower() in st["goal_nouns"] for t in near)


def _obliged(governor: Token | None, st: dict[str, frozenset[str]]) -> bool:
    """An obligation not yet met: "has to", "would have to", "will need to" (not "had to": done)."""
    if governor is None or governor.lemma_.lower() not in st["obligation_governors"]:
        return False
    return governor.tag_ not in ("VBD", "VBN") or bool(_aux(governor) & (st["future"] | st["hypothetical"]))


def is_background(trig: Token, lex: Lexicon, times: Sequence[TimeMention], published: str | None) -> bool:
    """Long-past events: a duration or 'full-scale' on the noun, an act that only qualifies a
    noun ("Russia-annexed Crimea", "the occupied territories", "the territory captured by
    Ukraine": a standing state the report presupposes), or a stated time well before publication."""
    if trig.dep_ in ("amod", "acl") and trig.tag_ == "VBN" and not _aux(trig):
        return True
    if trig.pos_ != "VERB":
        # the tokenizer splits "three-year" and "full-scale": read the modifiers as text
        mods = trig.doc[trig.left_edge.i : trig.i].text.lower().replace(" - ", "-")
        if _DURATION.search(mods) or any(m in mods.split() for m in lex.status["background_modifiers"]):
            return True
        if any(c.dep_ == "prep" and c.lower_ == "since" for c in trig.rights):
            return True
    day = iso_day(published)
    if day is None:
        return False
    lo, hi = _clause_span(trig)
    for tm in times:
        if tm.type != "date" or not tm.value or not (lo <= tm.start < hi):
            continue
        when = _last_day(tm.value)
        if when is not None and (day - when).days > BACKGROUND_DAYS:
            return True
    return False


def _clause_span(trig: Token) -> tuple[int, int]:
    """Character span of the trigger's own clause: its subtree, not the clauses nested in it."""
    lo, hi = trig.idx, trig.idx + len(trig)
    stack = [trig]
    while stack:
        tok = stack.pop()
        lo, hi = min(lo, tok.idx), max(hi, tok.idx + len(tok))
        stack.extend(
            c for c in tok.children if c.dep_ not in ("ccomp", "advcl", "relcl", "conj", "parataxis")
        )
    return lo, hi


def _last_day(value: str) -> date | None:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 12), int(m.group(3) or 28))
    except ValueError:
        return None
