"""Cue constructions: each finds an attribution cue in the parse with its source and content."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sitrep.extract.quotes.lexicon import (
    ADJ_CUES,
    CUES,
    LEARNED_WEAK,
    NOUN_CUES,
    PSYCH_VERBS,
    RAISING,
    SPEECH,
    STANCE_ROLES,
    lemma_of,
)
from sitrep.extract.quotes.marks import DOUBLE_AMBIG, DOUBLE_CLOSE, DOUBLE_OPEN, TextIndex
from sitrep.extract.quotes.syntax import (
    Cue,
    char_range,
    complement_of,
    cue_span,
    inverted_subject,
    is_holder,
    is_setting,
    name_before,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def find_cues(doc: Doc, ix: TextIndex) -> list[Cue]:
    cues: list[Cue] = []
    for tok in doc:
        lower = tok.lower_
        if lower == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            cue = _according(doc, ix, tok)
            if cue:
                cues.append(cue)
            continue
        if lower == "in" and tok.dep_ == "prep" and not ix.in_quote(tok.idx):
            cue = _in_source(tok)
            if cue:
                cues.append(cue)
            continue
        if tok.pos_ in ("ADJ", "NOUN") and not ix.in_quote(tok.idx):
            cue = _adj_or_noun_cue(tok, ix)
            if cue:
                cues.append(cue)
            continue
        if (
            tok.pos_ == "VERB"
            and tok.tag_ == "VBN"
            and tok.lemma_ in PSYCH_VERBS
            and not ix.in_quote(tok.idx)
        ):
            cue = _psych_passive_cue(tok, ix)
            if cue:
                cues.append(cue)
                continue
        if tok.pos_ == "VERB" and tok.lemma_ == "make" and not ix.in_quote(tok.idx):
            cue = _make_clear(tok, ix)
            if cue:
                cues.append(cue)
                continue
        if tok.pos_ == "VERB" and tok.lemma_ in _LIGHT_VERBS and not ix.in_quote(tok.idx):
            cue = _light_verb_cue(tok, ix)
            if cue:
                cues.append(cue)
                continue
        if tok.pos_ == "VERB" and tok.lemma_ in _PREP_CUE_VERBS and not ix.in_quote(tok.idx):
            cue = _prep_cue(tok, ix)
            if cue:
                cues.append(cue)
                continue
        if tok.pos_ not in ("VERB", "AUX") or lemma_of(tok) not in CUES or ix.in_quote(tok.idx):
            continue
        if tok.pos_ == "AUX" and lemma_of(tok) != "say":
            continue
        lemma = lemma_of(tok)
        if (
            tok.dep_ == "acl"
            and tok.tag_ == "VBN"
            and lemma in ("call", "name", "title", "dub", "label", "know")
        ):
            continue  # "a program called Sandy Hook Promise", "commonly known as MBS": a name, not a statement
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and lemma in LEARNED_WEAK:
            continue  # "a poll released Monday", "the plan unveiled in May": the thing, not a stance
        if tok.head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            continue  # "Kyiv, not Moscow, is to blame", "talks are to continue": a predicate, not a report
        if lemma in RAISING and any(c.dep_ == "xcomp" and lemma_of(c) in CUES for c in tok.children):
            continue  # "Mr. Cruz seemed to mock ...": the cue is the complement verb
        speaker = subject_of(tok, ix)
        if lemma in SPEECH:
            # "..., said Michael Kofman": the parser may take the reported words for the subject
            late = inverted_subject(tok, ix)
            after_quote = tok.i > 0 and tok.nbor(-1).text in ("”", '"', "''", "’")
            swap = (
                after_quote
                and speaker is not None
                and speaker.i < tok.i
                and lemma not in ("tell", "ask", "inform", "call")
                and late is not None
                and late.ent_type_ == "PERSON"
            )
            if late is not None and (speaker is None or swap):
                speaker = late
        if speaker is not None and speaker.ent_type_ in ("TIME", "DATE"):
            speaker = name_before(tok, speaker)  # "12:15 p.m.: President Obama says ..."
        if lemma in LEARNED_WEAK and (speaker is None or not is_holder(speaker)):
            continue  # "the report backs ...": weak cues need a person or group as source
        if lemma in RAISING and speaker is not None and not is_holder(speaker):
            speaker = None  # "the music seemed to match ...": no source
        if speaker is not None and ix.in_quote(speaker.idx):
            speaker = None
        content = complement_of(tok)
        cs, ce = cue_span(tok)
        cues.append(Cue(tok, cs, ce, speaker, content))
    return cues


# A quote signed with a dash: “...” ― Carlos Raúl (a name of one to four capitalised words).
DASH_NAME = re.compile(
    r"[,.!?]?[”\"’'»]{1,2}[^\S\n]*(?:―|—|–|--)[^\S\n]*([A-Z][\w.’'\-]*(?:[^\S\n][A-Z][\w.’'\-]*){0,3})"
)
TURN = re.compile(r"([A-Z][A-Z.’'\-]+(?: [A-Z][A-Z.’'\-]+){0,2}):[ \t]")
_LABEL = re.compile(r"([A-Z][^:\n]{1,60}?):[ \t]+(?=\S)")


# Labels of page furniture and editorial notes, not speakers.
_FURNITURE_LABELS = {
    "note",
    "update",
    "reminder",
    "correction",
    "clarification",
    "disclosure",
    "byline",
    "dateline",
    "email",
    "e-mail",
    "photo",
    "caption",
    "credit",
    "source",
    "section",
    "length",
    "related",
    "watch",
    "read",
    "tags",
}


def headline_cues(doc: Doc, ix: TextIndex, paras: list[tuple[int, int]]) -> list[Cue]:
    """Unmarked "Name: what they said" lines ("John McCain: Republican Populist Anger ...")."""
    text = doc.text
    out = []
    for ps, pe in paras:
        m = _LABEL.match(text, ps, min(pe, ps + 64))
        if m is None or pe - m.end() < 12 or ix.in_quote(m.end()):
            continue
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        # a named speaker: no verb in the label, headed by a name or a noun ("Poll")
        if name is None or len(name) > 8 or any(t.pos_ in ("VERB", "AUX") for t in name):
            continue
        head = name.root
        if head.lower_ in _FURNITURE_LABELS:
            continue  # "Editor's note: ...", "BYLINE: ...": the page speaks, not a source
        if head.pos_ not in ("PROPN", "NOUN") or not (
            head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or head.pos_ == "NOUN"
        ):
            continue
        end = pe
        while end > m.end() and text[end - 1] in " \t.":
            end -= 1
        out.append(Cue(None, m.end(1), m.end(1) + 1, head, (m.end(), end), (m.start(1), m.end(1))))
    return out


# Any adjective after a copula takes a stance on the object of these prepositions when a person
# or group holds it ("were split on whether", "is uncomfortable on foreign policy", "was upfront
# about"); "to" and "for" are left out as they mostly mark purpose or degree ("important to").
_PSYCH_PREPS = {"of", "about", "with", "by", "at", "over", "in"}
_ADJ_PREPS = {"of", "about", "with", "toward", "towards", "on", "over", "in", "at"}
_COPULAS = {"be", "become", "remain", "seem", "feel", "appear", "grow"}


def _adj_prep_cue(tok: Token, ix: TextIndex) -> Cue | None:
    """ "X was upfront about Y": a copula adjective with a holder and a preposition of stance."""
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _ADJ_PREPS), None)
    speaker = subject_of(tok.head, ix)
    if (
        prep is None
        or speaker is None
        or not is_holder(speaker)
        or speaker.lower_ in ("it", "this", "that")
        or ix.in_quote(speaker.idx)
    ):
        return None
    content = char_range([t for t in prep.subtree if t.i > prep.i])
    start = tok.head.idx if tok.head.i < tok.i else tok.idx
    return Cue(tok, start, prep.idx + len(prep), speaker, content) if content else None


def _psych_passive_cue(verb: Token, ix: TextIndex) -> Cue | None:
    """ "She is terrified of losing her job", "Republicans were alarmed by his remarks": the
    passive subject feels the stance; its object is what the preposition names."""
    if verb.dep_ == "acomp" and verb.head.lemma_ in _COPULAS:
        holder = subject_of(verb.head, ix)  # "she is terrified of": parsed as a participle after "is"
    elif any(c.dep_ == "auxpass" for c in verb.children):
        holder = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    else:
        return None
    prep = next((c for c in verb.rights if c.dep_ in ("prep", "agent") and c.lower_ in _PSYCH_PREPS), None)
    if prep is None or holder is None or not is_holder(holder) or ix.in_quote(holder.idx):
        return None
    content = char_range([t for t in prep.subtree if t.i > prep.i])
    return Cue(verb, cue_span(verb)[0], prep.idx + len(prep), holder, content) if content else None


# Nouns of decision and intent with an infinitive: "Trump's plan to deport", "her decision not
# to attend", "the party's refusal to seat them". The holder is the possessor.
_INTENT_NOUNS = {
    "decision",
    "plan",
    "promise",
    "pledge",
    "vow",
    "threat",
    "refusal",
    "intention",
    "intent",
    "determination",
    "commitment",
    "willingness",
    "unwillingness",
    "reluctance",
    "eagerness",
    "desire",
    "wish",
    "bid",
    "offer",
    "proposal",
    "call",
    "demand",
    "request",
    "push",
    "effort",
    "attempt",
    "readiness",
}


def _intent_noun_cue(noun: Token, ix: TextIndex) -> Cue | None:
    """ "Mr. Obama's decision not to follow through": the possessor intends the infinitive."""
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    clause = next(
        (
            c
            for c in noun.rights
            if c.dep_ in ("acl", "relcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ),
        None,
    )
    if holder is None or clause is None or ix.in_quote(holder.idx):
        return None
    content = char_range(
        [t for t in clause.subtree if not (t.dep_ == "aux" and t.lower_ == "to" and t.head.i == clause.i)]
    )
    return Cue(noun, noun.idx, noun.idx + len(noun), holder, content) if content else None


def _adj_or_noun_cue(tok: Token, ix: TextIndex) -> Cue | None:
    """ "X is skeptical of Y", "it is unclear whether Y", "his claim that Y", "the hope is that Y"."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "ADJ":
        if lemma not in ADJ_CUES and tok.dep_ == "acomp" and tok.head.lemma_ in _COPULAS:
            return _adj_prep_cue(tok, ix)
        if lemma not in ADJ_CUES or tok.dep_ != "acomp" or tok.head.lemma_ not in ("be", "become", "remain"):
            return None
        parts = [t for c in tok.children if c.dep_ in ("ccomp", "xcomp", "prep") for t in c.subtree]
        if not parts:
            # "it is unclear whether ...": the clause hangs on the copula
            parts = [t for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.i for t in c.subtree]
        content = char_range(parts)
        speaker = subject_of(tok.head, ix)
        if speaker is not None and (speaker.lower_ in ("it", "this", "that") or ix.in_quote(speaker.idx)):
            speaker = None  # an expletive "it": no source
        if content is None or speaker is None and lemma not in ("clear", "unclear"):
            return None
        return Cue(tok, tok.head.idx if tok.head.i < tok.i else tok.idx, tok.idx + len(tok), speaker, content)
    if lemma in STANCE_ROLES and tok.dep_ == "attr" and tok.head.lemma_ in ("be", "become", "remain"):
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        speaker = subject_of(tok.head, ix)
        if prep is None or speaker is None or ix.in_quote(speaker.idx):
            return None
        content = char_range([t for t in prep.subtree if t.i > prep.i])
        return Cue(tok, tok.head.idx, prep.idx + len(prep), speaker, content) if content else None
    if lemma in _INTENT_NOUNS:
        cue = _intent_noun_cue(tok, ix)
        if cue is not None:
            return cue
    if lemma in _NOUN_PREP_CUES:
        cue = _noun_prep_cue(tok, lemma, ix)
        if cue is not None or lemma not in NOUN_CUES:
            return cue
    if lemma not in NOUN_CUES:
        return None
    clause = next(
        (
            c
            for c in tok.children
            if c.dep_ in ("acl", "ccomp")
            and c.i > tok.i
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ),
        None,
    )
    if clause is None and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        # "The hope has been that employers would respond"
        clause = next((c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.head.i), None)
    if clause is None:
        return None
    holder = next((c for c in tok.children if c.dep_ == "poss"), None)
    if holder is None and tok.dep_ in ("dobj", "pobj"):
        # "Trump's rivals cling to the hope that", "says in a statement that": the verb's subject
        verb = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
        if verb.pos_ in ("VERB", "AUX"):
            holder = subject_of(verb, ix)
    return Cue(tok, tok.idx, tok.idx + len(tok), holder, char_range(list(clause.subtree)))


# Nouns of speech and stance with what they are about ("his attack on Cruz", "criticism of the
# plan from Democrats", "questions about her health"): noun -> prepositions of the content.
_NOUN_PREP_CUES: dict[str, set[str]] = {
    "attack": {"on", "against"},
    "endorsement": {"of"},
    "criticism": {"of", "for", "on"},
    "call": {"for"},
    "concern": {"about", "over"},
    "opposition": {"to"},
    "doubt": {"about"},
    "question": {"about"},
    "defense": {"of"},
    "defence": {"of"},
    "reference": {"to"},
    "mention": {"of"},
    "embrace": {"of"},
    "backing": {"of"},
    "accusation": {"of"},
    "comment": {"about", "on"},
    "remark": {"about", "on"},
    "rejection": {"of"},
    "praise": {"for", "of"},
    "condemnation": {"of"},
    "denunciation": {"of"},
    "dismissal": {"of"},
    "warning": {"about", "of", "against"},
    "complaint": {"about", "of"},
    "claim": {"of", "about"},
    "admiration": {"for"},
    "disdain": {"for"},
    "contempt": {"for"},
    "anxiety": {"about", "over"},
    "worry": {"about", "over"},
    "fear": {"of", "about"},
    "hope": {"for", "of"},
    "plea": {"for"},
    "demand": {"for"},
    "pledge": {"to", "of"},
    "promise": {"of", "to"},
    "support": {"for"},
    "view": {"of", "on", "about"},
    "opinion": {"of", "on", "about"},
    "position": {"on"},
    "stance": {"on"},
    "attitude": {"toward", "towards", "to", "about"},
    "feeling": {"about", "toward", "towards"},
    "take": {"on"},
}
_SOURCE_PREPS = ("from", "by", "among")


def _noun_prep_cue(tok: Token, lemma: str, ix: TextIndex) -> Cue | None:
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _NOUN_PREP_CUES[lemma]), None)
    if prep is None:
        return None
    content = char_range([t for t in prep.subtree if t.i > prep.i])
    if content is None:
        return None
    holder = next((c for c in tok.children if c.dep_ == "poss"), None)
    if holder is None:
        src = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _SOURCE_PREPS), None)
        holder = next((c for c in src.children if c.dep_ == "pobj"), None) if src is not None else None
    if holder is None and tok.dep_ == "dobj" and lemma_of(tok.head) in ("voice", "express", "raise", "offer"):
        holder = subject_of(tok.head, ix)  # "voiced concern about"
    if holder is None or ix.in_quote(holder.idx) or not is_holder(holder) and holder.pos_ != "PRON":
        return None
    return Cue(tok, tok.idx, prep.idx + len(prep), holder, content)


# "made the case for", "took a swipe at", "has the support of", "offered an assessment of":
# a light verb with a speech or stance noun; the content is what the noun is about.
_LIGHT_VERBS = {"make", "take", "have", "give", "offer", "issue", "lodge", "level", "launch", "voice", "draw"}
_STANCE_NOUNS = {
    "aim",
    "issue",
    "exception",
    "offense",
    "umbrage",
    "case",
    "allegation",
    "statement",
    "comment",
    "remark",
    "claim",
    "promise",
    "argument",
    "point",
    "pitch",
    "joke",
    "attack",
    "accusation",
    "shot",
    "swipe",
    "jab",
    "dig",
    "stance",
    "position",
    "support",
    "backing",
    "assessment",
    "view",
    "criticism",
    "complaint",
    "appeal",
    "plea",
    "warning",
    "threat",
    "vow",
    "pledge",
    "prediction",
    "endorsement",
    "reference",
    "mention",
    "comparison",
    "distinction",
    "opposition",
    "objection",
    "concern",
    "doubt",
    "question",
    "praise",
    "defense",
    "defence",
    "apology",
    "announcement",
    "speech",
    "address",
    "proposal",
    "suggestion",
}
_ABOUT_PREPS = {"for", "on", "about", "against", "at", "of", "to", "over", "toward", "towards", "with"}


def _light_verb_cue(verb: Token, ix: TextIndex) -> Cue | None:
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in _STANCE_NOUNS:
        return None
    prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in _ABOUT_PREPS), None)
    if prep is None:
        prep = next(
            (c for c in verb.children if c.dep_ == "prep" and c.i > obj.i and c.lower_ in _ABOUT_PREPS), None
        )
    clause = next((c for c in obj.children if c.dep_ in ("acl", "ccomp") and c.i > obj.i), None)
    parts = list(prep.subtree)[1:] if prep is not None else list(clause.subtree) if clause is not None else []
    content = char_range(parts)
    speaker = subject_of(verb, ix)
    if (
        verb.lemma_ == "have"
        and obj.lemma_.lower() in ("support", "backing", "endorsement")
        and prep is not None
        and prep.lower_ in ("of", "from")
        and speaker is not None
    ):
        # "Clinton has the support of older voters": the voters back Clinton
        backer = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if backer is None or ix.in_quote(backer.idx):
            return None
        content, speaker = char_range(list(speaker.subtree)), backer
    if content is None or speaker is None:
        return None
    cs, _ = cue_span(verb)
    end = prep.idx + len(prep) if prep is not None else obj.idx + len(obj)
    return Cue(verb, cs, end, speaker, content)


# Verbs that attribute a stance only with a particular particle and preposition ("spoke out
# against", "voted against", "came out for", "doubled down on"): (particle, preposition) pairs,
# kept when PolNeAR train annotates at least half of their occurrences.
_PREP_CUES: dict[str, set[tuple[str, str]]] = {
    "speak": {("", "about"), ("", "of"), ("out", "about"), ("out", "against"), ("out", "for"), ("out", "on")},
    "vote": {("", "against")},
    "come": {("out", "against"), ("out", "for"), ("out", "in")},
    "double": {("down", "on")},
    "touch": {("", "on")},
    "campaign": {("", "against")},
    "stand": {("", "by")},
    "lash": {("out", "at")},
    "weigh": {("in", "on")},
    "believe": {("", "in")},
    "care": {("", "about")},
    "split": {("", "on")},
    "rally": {("", "behind"), ("", "around")},
    "harp": {("", "on")},
    "zero": {("in", "on")},
    "hit": {("back", "at")},
    "push": {("back", "against"), ("back", "on")},
    "walk": {("back", "")},
    "back": {("away", "from")},
    # annotated about half the time with a person or group as subject only
    "focus": {("", "on")},
    "look": {("", "to")},
    "stick": {("", "to")},
}
_PREP_CUES_HOLDER_ONLY = frozenset(("focus", "look", "stick"))
_XCOMP_CUES = frozenset(("look", "vote"))
_PREP_CUE_VERBS = frozenset(_PREP_CUES)


def _prep_cue(verb: Token, ix: TextIndex) -> Cue | None:
    prt = next((c for c in verb.children if c.dep_ == "prt"), None)
    prep = next((c for c in verb.rights if c.dep_ == "prep" and not is_setting(c)), None)
    key = (prt.lower_ if prt is not None else "", prep.lower_ if prep is not None else "")
    xcomp = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
    if verb.lemma_ in _XCOMP_CUES and xcomp is not None and prt is None:
        # "Rubio is looking to expand his lead", "the House voted to repeal the law"
        speaker = subject_of(verb, ix)
        content = char_range(list(xcomp.subtree))
        if speaker is None or content is None or ix.in_quote(speaker.idx) or not is_holder(speaker):
            return None
        return Cue(verb, cue_span(verb)[0], verb.idx + len(verb), speaker, content)
    if key not in _PREP_CUES[verb.lemma_]:
        return None
    speaker = subject_of(verb, ix)
    if speaker is None or ix.in_quote(speaker.idx):
        return None
    if verb.lemma_ in _PREP_CUES_HOLDER_ONLY and not is_holder(speaker):
        return None
    if prep is not None:
        content = char_range([t for t in prep.subtree if t.i > prep.i])
        end_tok = prep
    else:
        obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
        if obj is None:
            return None
        content, end_tok = char_range(list(obj.subtree)), prt or verb
    if content is None:
        return None
    return Cue(verb, cue_span(verb)[0], end_tok.idx + len(end_tok), speaker, content)


# Documents and polls that carry a finding: "In an NBC News poll released Monday, 50 percent ..."
_SOURCE_DOCS = {
    "poll",
    "polls",
    "survey",
    "statement",
    "interview",
    "report",
    "letter",
    "memo",
    "study",
    "speech",
    "tweet",
    "post",
    "email",
    "filing",
    "book",
    "column",
    "editorial",
    "essay",
    "op-ed",
    "video",
    "ad",
    "analysis",
    "release",
    "message",
    "remarks",
    "testimony",
    "average",
}
# A holder's own view: "In his view, ...", "In Forbes' words, ..." (not "in other words").
_VIEW_NOUNS = {"view", "opinion", "words", "eyes", "mind", "estimation", "judgment"}


def _in_source(prep: Token) -> Cue | None:
    """ "In a poll released Monday, X leads": the poll is the source of the clause it frames."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    verb = prep.head
    if pobj is None:
        return None
    source: Token | None = pobj
    if pobj.lower_ in _VIEW_NOUNS:
        source = next((c for c in pobj.children if c.dep_ == "poss"), None)
        if source is None:
            return None
    elif pobj.lemma_.lower() not in _SOURCE_DOCS and pobj.lower_ not in _SOURCE_DOCS:
        return None
    if verb.pos_ not in ("VERB", "AUX") or lemma_of(verb) in CUES or prep.i > verb.i:
        return None  # "said in a statement" is the verb's cue; the frame comes before the clause
    parts = [t for t in verb.subtree if not (prep.left_edge.i <= t.i <= prep.right_edge.i)]
    content = char_range([t for t in parts if t.i > prep.right_edge.i or t.dep_ != "punct"])
    if content is None:
        return None
    return Cue(prep, prep.idx, prep.idx + len(prep), source, content)


def _make_clear(verb: Token, ix: TextIndex) -> Cue | None:
    """ "Officials made clear Monday that they have no plans", "He made it clear he would not run"."""
    doc = verb.doc
    clear = next((t for t in doc[verb.i + 1 : verb.i + 4] if t.lower_ == "clear"), None)
    if clear is None:
        return None
    i = clear.i + 1
    while (
        i < len(doc)
        and i < clear.i + 4
        and (doc[i].ent_type_ in ("DATE", "TIME") or doc[i].lower_ in ("that", ","))
    ):
        i += 1
    end = verb.right_edge.i
    if i >= len(doc) or i > end:
        return None
    content = char_range(list(doc[i : end + 1]))
    speaker = subject_of(verb, ix)
    if content is None or speaker is None or ix.in_quote(speaker.idx):
        return None
    return Cue(verb, cue_span(verb)[0], clear.idx + len(clear), speaker, content)


def sourceless(cue: Cue) -> bool:
    """Attributions PolNeAR keeps without a source: "seemed", "is expected to", "it was reported that"."""
    verb = cue.verb
    if verb is None:
        return False
    if verb.pos_ in ("ADJ", "NOUN"):
        return True  # "it is unclear whether", "the hope is that": checked when the cue was made
    return lemma_of(verb) in RAISING or any(c.dep_ == "auxpass" for c in verb.children)


def _according(doc: Doc, ix: TextIndex, tok: Token) -> Cue | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase_start = tok.idx
    phrase_end = max(t.idx + len(t) for t in pobj.subtree)
    sent = ix.sent_at(tok.idx)
    # The reported clause is the rest of the sentence on the larger side of the phrase.
    before = (sent.start_char, phrase_start)
    after = (phrase_end, sent.end_char)
    text = ix.text
    side = (
        after
        if len(text[after[0] : after[1]].strip()) >= len(text[before[0] : before[1]].strip())
        else before
    )
    s, e = side
    while s < e and not text[s].isalnum() and text[s] not in DOUBLE_OPEN + DOUBLE_AMBIG + DOUBLE_CLOSE:
        s += 1
    while e > s and (text[e - 1] in " ,.;:" or text[e - 1].isspace()):
        e -= 1
    content = (s, e) if e - s > 3 else None
    return Cue(None, tok.idx, to.idx + len(to), pobj, content)
