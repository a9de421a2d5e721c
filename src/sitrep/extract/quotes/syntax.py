"""Syntax shared by every cue construction: the source of a cue, its reported complement, and
whether a subject can hold a stance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.calendar_words import MONTHS, WEEKDAYS
from sitrep.extract.quotes.lexicon import (
    CLAUSE_CUES,
    COMPLEMENTS,
    CUE_OBJECTS,
    CUES,
    GROUP_NOUNS,
    OBJECT_VERBS,
    ORG_NOUNS,
    RAISING,
    SHARE_NOUNS,
    SPEECH,
    lemma_of,
    word_list,
)
from sitrep.extract.quotes.marks import TextIndex
from sitrep.extract.speakers import ROLE_CLASS

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(slots=True)
class Cue:
    verb: Token | None
    cue_start: int
    cue_end: int
    speaker: Token | None
    content: tuple[int, int] | None  # char range of the reported clause
    mention: tuple[int, int] | None = None  # the speaker span when not a parse subtree


def _reporting_verb_before(verb: Token, ix: TextIndex) -> Token | None:
    """The nearest clause-reporting verb outside quotation marks before ``verb`` in its sentence."""
    start = verb.sent.start
    for tok in reversed(verb.doc[start : verb.i]):
        if tok.pos_ == "VERB" and lemma_of(tok) in CLAUSE_CUES and not ix.in_quote(tok.idx):
            return tok
    return None


def subject_of(verb: Token, ix: TextIndex | None = None, depth: int = 0) -> Token | None:
    """The source of a cue: its subject (skipping one inside a quote), else its governor's."""
    for child in verb.children:
        if (
            child.dep_ in ("nsubj", "nsubjpass", "csubj")
            and not (ix and ix.in_quote(child.idx))
            and child.ent_type_ not in ("TIME", "DATE")  # "2:00 p.m. A court document says ..."
        ):
            return child if child.dep_ != "nsubjpass" else _agent(verb) or child
    if verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl", "conj"):
        agent = _agent(verb)  # "Pushed by host Chuck Todd on ..., Cuban demurred"
        if agent is not None:
            return agent
    if (
        depth < 3
        and verb.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp", "acomp")
        and verb.head.i != verb.i
    ):
        head = verb.head
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and head.dep_ == "ccomp"
            and lemma_of(head.head) in CLAUSE_CUES
            and head.head.i < verb.i
        ):
            # "Trump insisted that he has expanded the party, claiming ...": the participle
            # goes with the reporting verb, not with the reported clause the parser hung it on
            head = head.head
        elif verb.dep_ == "advcl" and verb.tag_ == "VBG" and ix and ix.in_quote(head.idx):
            # "“We're not going ...,” Rubio said, adding that ...": hung on the quote's own verb,
            # the participle goes with the reporting verb between them
            head = _reporting_verb_before(verb, ix) or head
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            if head.pos_ == "NOUN" and not is_holder(head) and head.dep_ in ("dobj", "pobj"):
                # "The campaign sent an email saying ...", "in a bid to persuade": the sender
                gov = head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else head.head
                if gov.pos_ in ("VERB", "AUX"):
                    return subject_of(gov, ix, depth + 1) or head
            return head  # "a statement saying ...", "Trump, saying ..."
        if verb.dep_ == "xcomp":
            # object control: "forced his rival to distance herself", "prompted Rubio to call"
            obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if obj is not None and (obj.pos_ in ("PROPN", "PRON") or is_holder(obj)):
                return obj
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
            head = head.head  # "before claiming that ...": the verb the preposition hangs on
        if (
            verb.dep_ == "conj"
            and lemma_of(head) not in CUES
            and head.dep_ in ("ccomp", "xcomp")
            and lemma_of(head.head) in CUES
        ):
            # "He said his attacks have given ... and said that ...": the coordination hangs too low
            head = head.head
        return subject_of(head, ix, depth + 1)
    return None


def inverted_subject(verb: Token, ix: TextIndex) -> Token | None:
    """ "“...,” said Skelly", "“...?” asked the boy": the parser takes the late subject for an object."""
    prev = verb.nbor(-1) if verb.i > 0 else None
    if prev is None or not (prev.is_punct or prev.is_space) or verb.i + 1 >= len(verb.doc):
        return None
    for child in verb.rights:
        if child.left_edge.i == verb.i + 1 and child.dep_ in (
            "dobj",
            "advmod",
            "npadvmod",
            "attr",
            "dative",
            "nsubj",
        ):
            ok = child.pos_ in ("NOUN", "PROPN", "PRON") or child.text[:1].isupper()
            return child if ok and not ix.in_quote(child.idx) else None
    # "..., said Robert Reich, who served ...": the parser gave the name to the relative clause
    nxt = verb.nbor(1)
    if (
        nxt.ent_type_ == "PERSON"
        and nxt.ent_iob_ == "B"
        and nxt.head.i != verb.i
        and not ix.in_quote(nxt.idx)
    ):
        ent = next((e for e in verb.doc.ents if e.start == nxt.i), None)
        if ent is not None:
            return ent.root
    return None


def name_before(verb: Token, stamp: Token) -> Token | None:
    """The name between a time stamp taken for the subject and the verb ("2:00 p.m. Trump says")."""
    for tok in reversed(verb.doc[stamp.i + 1 : verb.i]):
        if tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.pos_ == "NOUN" and is_holder(tok):
            return tok
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def char_range(tokens: list[Token]) -> tuple[int, int] | None:
    toks = [t for t in tokens if not (t.is_punct and t.text not in '”’"»')]
    if not toks:
        return None
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


# Speech verbs that introduce a quote whatever else the parser hangs on them.
BARE_SPEECH = {
    "say",
    "tell",
    "add",
    "ask",
    "write",
    "continue",
    "explain",
    "note",
    "state",
    "reply",
    "respond",
}
# Speech verbs whose bare object is rarely what was said ("added a line", "continued the tour",
# "read the names"); other speech verbs report their object ("said the same thing", "noted her
# record", "tweeted a chart": checked on PolNeAR train, bench/quotes.py --cues).
_NO_OBJECT_CONTENT = {"add", "continue", "read"}
# Cues that report only with a clause: their objects and infinitives are mostly not attributions
# (precision per construction on PolNeAR train, bench/quotes.py --failures).
_CLAUSE_ONLY = {"continue", "maintain", "advise", "determine", "hear", "feel", "find"}
# Prepositions that introduce what a stance or speech is about ("pointed to", "talked about").
_CONTENT_PREPS = {"about", "to", "for", "on", "against", "of", "over", "with", "at", "into", "as"}


def complement_of(verb: Token) -> tuple[int, int] | None:
    lemma = lemma_of(verb)
    if lemma in RAISING and any(
        c.dep_ in ("xcomp", "acomp", "ccomp", "attr", "oprd") or c.dep_ == "prep" and c.lower_ == "like"
        for c in verb.children
    ):
        # "Trump's supporters seemed equally unperturbed": PolNeAR's content is the whole clause
        return char_range([t for t in subtree(verb) if t.dep_ not in ("cc", "mark") or t.head.i != verb.i])
    if lemma in RAISING:
        return None  # "appeared on MSNBC", "appeared with Clinton": a presence, not a stance
    parts: list[Token] = []
    if lemma in _CLAUSE_ONLY:
        # "continues to grow", "found himself in trouble": only a reported clause counts
        for child in verb.children:
            if child.dep_ in ("ccomp", "parataxis"):
                parts.extend(_cut_at_next_cue(child))
        return char_range(parts)
    comps = [c for c in verb.children if c.dep_ in COMPLEMENTS]
    obj = next((c for c in verb.rights if c.dep_ == "dobj" and c.pos_ != "PRON"), None)
    if comps and obj is not None and all(c.i < verb.i for c in comps) and not _quote_before(verb):
        # "That night, I could barely stop grinning. We discussed my sentence": the parser took
        # the sentence before for a complement; the object to the right is what was said
        return char_range(list(subtree(obj)))
    for child in comps:
        parts.extend(_cut_at_next_cue(child))
    if (
        not parts
        and verb.dep_ == "parataxis"
        and lemma in SPEECH
        and not any(t.is_quote for t in verb.doc[min(verb.i, verb.head.i) : max(verb.i, verb.head.i)])
    ):
        # "This campaign, he says, is different": the sentence around the interjected cue (but
        # not a quotation the cue opens or closes: 'she said, "I read it once"')
        head = verb.head
        parts = [t for t in subtree(head) if t.i < verb.left_edge.i or t.i > verb.right_edge.i]
    if (
        not parts
        and verb.dep_ == "advcl"
        and lemma_of(verb.head) not in CUES
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(
            c.dep_ in ("dobj", "dative") or c.dep_ == "prep" and not is_setting(c) for c in verb.children
        )
    ):
        # "As the Times noted, Clinton raised $1.1 million": the clause the aside hangs on
        head = verb.head
        return char_range(
            [
                t
                for t in subtree(head)
                if not (verb.left_edge.i <= t.i <= verb.right_edge.i) and t.dep_ != "punct"
            ]
        )
    if not parts and any(c.dep_ == "agent" for c in verb.children):
        # "Trump was endorsed by Christie", "legislation proposed by the government": what the
        # source spoke about is the passive subject (or the noun the participle modifies)
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            return char_range(list(subtree(subj)))
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return char_range([t for t in subtree(verb.head) if t.i < verb.i])
    if not parts:
        # "is calling for the United States to step up": the parser makes "for ... to" a clause
        for child in verb.rights:
            if child.dep_ == "advcl" and child.left_edge.lower_ == "for" and child.left_edge.i == verb.i + 1:
                parts.extend(t for t in subtree(child) if t.i > child.left_edge.i)
                break
    if not parts and (lemma in OBJECT_VERBS or lemma not in _NO_OBJECT_CONTENT):
        # "accused Putin of stalling", "praised the proposal", "expressed cautious optimism"
        objs = [c for c in verb.rights if c.dep_ in ("dobj", "oprd", "dative")]
        if lemma == "tell" and len(objs) == 1 and _addressee(objs[0]):
            objs = []  # "told Politico", "told a Senate panel": whom, not what
        if objs:
            for child in verb.rights:
                if child.dep_ in ("dobj", "oprd", "dative") or child.dep_ == "prep" and child.i > objs[0].i:
                    parts.extend(subtree(child))
        else:
            # "pointed to Cruz's record", "talked about health care", "called for a ban"
            preps = [
                c
                for c in verb.rights
                if c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS and not is_setting(c)
            ]
            # "apologized to his supporters for the breach": a topic beats an addressee
            topic = next((c for c in preps if c.lower_ in _TOPIC_PREPS), preps[0] if preps else None)
            if topic is not None:
                parts.extend(subtree(topic))
    if not parts and lemma in _NO_OBJECT_CONTENT:
        # "what he said about Trump", "wrote about their partnership"
        for child in verb.rights:
            if child.dep_ == "prep" and child.lower_ == "about":
                parts.extend(t for t in subtree(child) if t.i > child.i)
                break
    if not parts and lemma in ("say", "tell", "write", "add", "answer", "reply", "respond"):
        # "55 percent said so", "Everyone but Hewlett said yes", "said the same of Sanders"
        for child in verb.rights:
            if child.dep_ in ("dobj", "advmod", "intj", "ccomp") and child.lower_ in ANAPHORIC_CONTENT:
                parts.extend(subtree(child))
                break
    if not parts and lemma in ("call", "ask", "urge", "tell", "promise", "vow", "pledge", "threaten"):
        for child in verb.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "on") and not is_setting(child):
                parts.extend(subtree(child))
    subj = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    if parts and subj is not None and not any(c.dep_ == "agent" for c in verb.children):
        # "The White House is expected to sign the measure": with no source named, what is
        # reported is the whole passive clause
        parts.extend(subtree(subj))
    return char_range(parts)


def _addressee(obj: Token) -> bool:
    """An object that can only be who was told: a name, a pronoun, an outlet or a body."""
    return (
        obj.pos_ in ("PROPN", "PRON")
        or obj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or obj.lower_ in CUE_OBJECTS
        or is_holder(obj)
    )


# One-word contents of a speech verb that stand for what was said.
ANAPHORIC_CONTENT = {"so", "yes", "no", "same", "otherwise", "this", "that"}


def _quote_before(verb: Token) -> bool:
    """Whether a quotation mark closes just before the verb's clause ("“...,” he said")."""
    left = verb.left_edge
    prev = verb.doc[left.i - 1] if left.i > 0 else None
    if prev is not None and prev.is_punct and prev.text == "," and left.i > 1:
        prev = verb.doc[left.i - 2]
    return prev is not None and prev.text in ("”", '"', "''", "’", "»")


def subtree(tok: Token) -> list[Token]:
    """``tok.subtree``, the same tokens in the same order, without nested generators.

    spaCy's ``Token.subtree`` nests one generator per level of the tree, so a deep chain ("he said
    word word ...", 20,000 words) costs its depth for every token it yields: quadratic. The same
    walk (left children's subtrees, the token, right children's subtrees) on an explicit stack.
    """
    out: list[Token] = []
    stack: list[tuple[Token, bool]] = [(tok, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            out.append(node)
            continue
        stack.extend((right, False) for right in reversed(list(node.rights)))
        stack.append((node, True))
        stack.extend((left, False) for left in reversed(list(node.lefts)))
    return out


def _cut_at_next_cue(comp: Token) -> list[Token]:
    """A complement's words up to a trailing clause with its own cue.

    The parser hangs ", echoing a memo ...", ", noting ..." or "and tells the crowd ..." on the
    reported verb; PolNeAR makes them attributions of their own.
    """
    cut = None
    words = subtree(comp)
    for tok in words:
        if (
            tok.i > comp.i
            and tok.dep_ in ("advcl", "conj", "parataxis")
            and tok.pos_ == "VERB"
            and lemma_of(tok) in CLAUSE_CUES
            and tok.head.i >= comp.i
            and tok.left_edge.i > comp.left_edge.i
            and (
                tok.dep_ == "conj"
                and tok.head.i == comp.i
                or tok.nbor(-1).is_punct
                or tok.left_edge.nbor(-1).is_punct
            )
        ):
            cut = tok.left_edge.i
            break
    return [t for t in words if cut is None or t.i < cut]


# Prepositions that name a topic or target whatever their object ("talked about Iran", "criticized
# for Tuesday's vote"): only a time can make them a setting.
_TOPIC_PREPS = {"about", "of", "against", "as", "for", "over"}


# "on Tuesday", "in March": times even where the tagger missed the date.
_TIME_WORDS = {*MONTHS, *WEEKDAYS, "today", "yesterday", "tomorrow", "tonight"}


def is_setting(prep: Token) -> bool:
    """A prepositional phrase of time, place or channel ("on Monday", "in a statement")."""
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return True
    if obj.lower_ in _TIME_WORDS:
        return True  # "on Tuesday" where the tagger missed the date
    if obj.lower_ in word_list("setting_nouns") or obj.lemma_.lower() in word_list("setting_nouns"):
        return True  # "vowing on the campaign trail to ...", "posted on social media"
    if prep.lower_ in _TOPIC_PREPS:
        return obj.ent_type_ in ("DATE", "TIME")
    return obj.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC", "ORDINAL", "CARDINAL") or obj.lower_ in (
        "statement",
        "interview",
        "twitter",
        "television",
        "tv",
        "radio",
        "camera",
        "phone",
        "record",
    )


def cue_span(verb: Token) -> tuple[int, int]:
    toks = [verb]
    for child in verb.children:
        if (
            child.dep_ in ("aux", "auxpass", "neg", "prt")
            and child.i < verb.i + 3
            and child.i > verb.i - 3
            or child.dep_ in ("dobj", "dative")
            and child.lower_ in CUE_OBJECTS
        ):
            toks.append(child)
    start = min(t.idx for t in toks)
    last = max(toks, key=lambda t: t.i)
    return start, last.idx + len(last)


_HOLDER_PRONOUNS = {"he", "she", "they", "we", "i", "you", "who"}


def is_holder(tok: Token) -> bool:
    """Whether a subject can hold a stance: a person, group or organisation ("Trump seemed ...")."""
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if tok.lower_ in _HOLDER_PRONOUNS:
        return True
    if tok.lower_ in ("that", "which") and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        return tok.head.head.i < tok.i and is_holder(tok.head.head)  # "a group that backs ..."
    if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.text[:1].isupper() and tok.dep_ in ("nsubj", "pobj"):
        return True  # a surname the NER missed ("Wilmore backed ...")
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    if lemma in ROLE_CLASS or lemma in GROUP_NOUNS or lemma in ORG_NOUNS:
        return True
    if lemma in SHARE_NOUNS:
        # "39 percent of Americans", "a majority of voters", "most Republicans": a share of people
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return pobj is None and lemma == "percent" or pobj is not None and is_holder(pobj)
    return False


def antecedent(pron: Token) -> Token | None:
    """ "The documentarian lays out what he believes": a pronoun subject of a clause hanging on a
    verb whose own subject is a person noun stands for that noun."""
    if pron.lower_ not in ("he", "she") or pron.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = pron.head
    for _ in range(3):
        if verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj", "pcomp", "pobj") or verb.head.i == verb.i:
            return None
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pron.i), None)
        if subj is not None:
            if subj.pos_ == "PRON" or not is_holder(subj) or subj.ent_type_ not in ("PERSON", ""):
                return None
            return subj
    return None
