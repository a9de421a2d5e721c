"""Which words of a sentence code an event, and as what (PLOVER type and mode)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sitrep.calendar_words import MONTHS
from sitrep.extract.events.build import STATEMENT
from sitrep.extract.events.lexicon import Code, Lexicon, Pattern, Step

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# How far right of a verb its object patterns are looked for (CAMEO patterns are short).
PATTERN_WINDOW = 12
# CAMEO block defaults code every synonym of a block ("use", "take"), its object patterns are
# specific; on the tuning half of bench/events.py both help (patterns +0.03 and +0.13 macro-F1,
# defaults -0.02 on PLOVER but +0.13 on the PETRARCH news sentences).
USE_CAMEO_DEFAULTS = True
USE_CAMEO_PATTERNS = True
# Hostile acts: promised, they are threats (PLOVER THREATEN), not agreements.
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
# Dependencies through which a same-type word is one event with its head
# ("strikes hit ..., killing one": one assault).
_MERGE_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "xcomp", "acl", "npadvmod", "attr", "amod", "compound"}
# Dependencies through which a governed event verb is the complement of its governor.
_COMPLEMENT = {"xcomp", "ccomp"}
_SENSE_DEPS = ("prt", "dobj", "prep")
_TIME_PREPS = {
    "after",
    "before",
    "during",
    "since",
    "following",
    "amid",
    "until",
    "despite",
    "without",
    "ahead",
}
_NUMERIC_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
# A present participle in these positions describes, it does not report an act.
_ADJECTIVAL = {"amod", "acomp", "oprd"}
# Modes that say what was done to the victims, not with what: a weapon named beside them is how
# ("gunmen kidnapped two aid workers" is an abduction, not a shooting).
_ACT_MODES = {"abduct", "torture", "sexual", "beat"}
_NESTED = {"relcl", "acl", "advcl", "ccomp", "conj", "cc", "parataxis", "punct"}


@dataclass(slots=True)
class Trigger:
    token: Token
    kind: str
    mode: str | None
    is_verb: bool
    # words of merged triggers and of the complement: they give the mode, casualties
    parts: list[Token] = field(default_factory=list)
    governed: str | None = None  # the type of the complement ("refused to meet": CONSULT)


def _context(verb: Token, right: bool, preps: bool = True) -> set[str]:
    """Lemmas and lower forms of the verb's arguments on one side, within a short window.

    Nested clauses (relative, adverbial, coordinated) are not the verb's arguments; without
    ``preps``, a verb with a direct object has its prepositional phrases left out.
    """
    out: set[str] = set()
    lo, hi = (verb.i + 1, verb.i + 1 + PATTERN_WINDOW) if right else (verb.i - PATTERN_WINDOW, verb.i)
    stack = list(verb.rights if right else verb.lefts)
    if not preps and any(c.dep_ == "dobj" for c in stack):
        stack = [c for c in stack if c.dep_ != "prep"]
    while stack:
        tok = stack.pop()
        if tok.dep_ in _NESTED or not lo <= tok.i < hi:
            continue
        out.add(tok.lemma_.lower())
        out.add(tok.lower_)
        stack.extend(tok.children)
    return out


def _matches(pat: Pattern, pre: set[str], post: set[str], preps: set[str]) -> int:
    """Matched words of a pattern, or -1 when any element is missing."""
    if pat.prep and pat.prep not in preps:
        return -1
    for group, ctx in ((pat.pre, pre), (pat.post, post)):
        for alts in group:
            if not alts & ctx:
                return -1
    return len(pat.pre) + len(pat.post) + (1 if pat.prep else 0)


def _cameo_pattern(tok: Token, lemma: str, lex: Lexicon) -> Code | None:
    pats = lex.cameo_patterns.get(lemma)
    if not pats or not USE_CAMEO_PATTERNS:
        return None
    pre, post = _context(tok, False), _context(tok, True)
    # a pattern naming no preposition matches the verb's object where it has one, not a phrase of
    # time or place beside it ("made his remarks at the start of a regional trip" made no trip)
    bare = _context(tok, True, preps=False)
    preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt", "agent", "dative")}
    own = lex.verbs.get(lemma)
    best: tuple[int, Code] | None = None
    for pat in pats:
        score = _matches(pat, pre, post if pat.prep else bare, preps)
        # a bare preposition is too weak to override the verb's own meaning
        if score < 1 or not (pat.pre or pat.post):
            continue
        if best is None or score > best[0] or (score == best[0] and _better_tie(pat.code, best[1], own)):
            best = (score, pat.code)
    return best[1] if best else None


def _better_tie(code: Code, held: Code, own: Code | None) -> bool:
    """Whether a pattern tied with the one held wins. The verb's own curated type beats another:
    CAMEO lists "warn of war" both as a threat and as disapproval, and "warn" threatens. Else an act
    beats an intent to act: CAMEO lists "lift sanctions" both as easing them and (03x) as the
    intent to, and the verb says it was done."""
    if own is not None and (code[0] == own[0]) != (held[0] == own[0]):
        return code[0] == own[0]
    return held[0] == "AGREE"


def _path_found(tok: Token, path: tuple[Step, ...]) -> bool:
    """Whether a chain of dependents of ``tok`` follows ``path`` (labels and lemmas)."""
    if not path:
        return True
    (dep, lemmas), rest = path[0], path[1:]
    if dep == "^":  # the word's head: "a report released Tuesday" (a participle of its noun)
        head = tok.head
        ok = head.i != tok.i and (lemmas is None or head.lemma_.lower() in lemmas or head.lower_ in lemmas)
        return ok and _path_found(head, rest)
    # the object of an active verb is the subject of its passive ("a ban on opposition parties was
    # lifted", "an earlier set of tariffs was suspended"); a date is when, never the argument that
    # fixes a sense ("called Thursday on Arabs to unite": the parser's object predicate is the day)
    deps = {dep, "nsubjpass"} if dep == "dobj" else {dep}
    return any(
        (lemmas is None or c.lemma_.lower() in lemmas or c.lower_ in lemmas)
        and not _is_time_word(c)
        and _path_found(c, rest)
        for c in _counted([c for c in tok.children if c.dep_ in deps])
    )


def _counted(args: list[Token]) -> list[Token]:
    """Arguments, a number standing for what it counts ("torched dozens of houses": the houses)."""
    out = []
    for arg in args:
        if arg.ent_type_ == "CARDINAL":
            out += [g for p in arg.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                    if g.dep_ == "pobj"]  # fmt: skip
        else:
            out.append(arg)
    return out


def sense_code(tok: Token, lex: Lexicon) -> tuple[Code | None] | None:
    """The code a dependent fixes ("pushes for a deal": REQUEST), as a 1-tuple; None when no sense
    rule of the word applies. A 1-tuple holding None means the word codes no event here."""
    for path, code in lex.senses.get(tok.lemma_.lower(), ()):
        if _path_found(tok, path):
            return (code,)
    return None


def verb_code(tok: Token, lex: Lexicon) -> Code | None:
    lemma = tok.lemma_.lower()
    # speech verbs report events and plan verbs announce them; neither is the event
    st = lex.status
    if lemma in st["transparent"] and not any(c.dep_ in _COMPLEMENT for c in tok.children):
        # a transparent verb used with an object of its own says what it does ("moved troops")
        pair = _pair_code(tok, lemma, lex)
        if pair is not None:
            return pair
    if lemma in st["planned_governors"] and not any(c.dep_ in _COMPLEMENT for c in tok.children):
        # a plan verb with no act to plan says what it does through its object ("set fire to");
        # a wish or intent its patterns code is the planning sense again ("we need a surge")
        sense = sense_code(tok, lex)
        if sense is not None:
            return sense[0]
        found = _cameo_pattern(tok, lemma, lex)
        if found is not None and found[0] not in ("AGREE", "REQUEST"):
            return None if found[0] == STATEMENT else found
    if lemma in st["speech_verbs"] or lemma in st["planned_governors"] or lemma in st["transparent"]:
        return None
    sense = sense_code(tok, lex)
    if sense is not None:
        return sense[0]
    # "blow up", "open fire", "launch missiles": a particle or object fixes the sense
    pair = _pair_code(tok, lemma, lex)
    if pair is not None:
        return pair
    found = _cameo_pattern(tok, lemma, lex)
    own = lex.verbs.get(lemma) or _default(lemma, lex)
    if found and found[0] == "AGREE" and own and own[0] not in ("AGREE", STATEMENT) and _done(tok):
        # CAMEO's intent codes (03x) listed under an act verb ("send peacekeepers" as the intent
        # to provide them): the verb in the past does the act ("sent peacekeepers" is aid); in the
        # present or future the pattern stands ("gives assurances", "will send troops")
        found = None
    if found:
        return None if found[0] == STATEMENT else found
    if lemma in lex.verbs:
        return lex.verbs[lemma]
    return _default(lemma, lex)


def _default(lemma: str, lex: Lexicon) -> Code | None:
    """The CAMEO block default of a verb, unless the block's code says more than the verb does."""
    if not USE_CAMEO_DEFAULTS or lemma in lex.vague_defaults:
        return None
    return lex.cameo_default.get(lemma)


def _done(tok: Token) -> bool:
    """A verb in a past form: "sent", "has sent"."""
    return tok.tag_ in ("VBD", "VBN")


def _pair_code(tok: Token, lemma: str, lex: Lexicon) -> Code | None:
    """The code of the verb with a particle or object that makes a sense of its own."""
    for child in _sense_children(tok, lex.partitives, lex.carriers):
        if f"{lemma} {child.lemma_.lower()}" in lex.verbs:
            return lex.verbs[f"{lemma} {child.lemma_.lower()}"]
    return None


def _sense_children(
    tok: Token, partitives: frozenset[str] = frozenset(), carriers: frozenset[str] = frozenset()
) -> list[Token]:
    """Particles, objects and prepositions that can make a phrasal verb with ``tok``.

    A preposition heading a date is when, not part of the verb ("will call Putin on Tuesday" is
    a call, not "call on")."""
    out = []
    for c in tok.children:
        if c.dep_ not in _SENSE_DEPS:
            continue
        if c.dep_ == "prep":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and _is_time_word(obj):
                continue
        out += _inner(c, partitives, carriers) if c.dep_ == "dobj" else [c]
    return out


def _inner(noun: Token, partitives: frozenset[str], carriers: frozenset[str]) -> list[Token]:
    """A noun and the words that say what it is: the members of a number or part ("dozens of
    drones", "10 days of war games"), the modifier of a generic head ("mediation efforts")."""
    out = [noun]
    lemma = noun.lemma_.lower()
    if lemma in partitives or noun.ent_type_ in ("CARDINAL", "DATE"):
        out += [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                if g.dep_ == "pobj"]  # fmt: skip
    if lemma in carriers:
        out += [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return out


def _phrasal(tok: Token, lex: Lexicon) -> bool:
    lemma = tok.lemma_.lower()
    return any(
        f"{lemma} {c.lemma_.lower()}" in lex.verbs for c in _sense_children(tok, lex.partitives, lex.carriers)
    )


def noun_code(tok: Token, lex: Lexicon) -> Code | None:
    lemma = tok.lemma_.lower()
    sense = sense_code(tok, lex)
    if sense is not None:
        return sense[0]
    for child in tok.lefts:
        if child.dep_ in ("compound", "amod"):
            key = f"{child.lemma_.lower()} {lemma}"
            if key in lex.compounds:
                return lex.compounds[key]
    found = lex.nouns.get(lemma) or lex.nouns.get(tok.lower_) or _hyphenated(tok, lex)
    if found is None and lemma in lex.carriers:
        # "mediation efforts", "peace process": the modifier says what the effort is
        for child in tok.lefts:
            if child.dep_ == "compound" and child.pos_ == "NOUN" and child.lemma_.lower() not in lex.carriers:
                found = noun_code(child, lex)
                if found:
                    break
    return found


def _hyphenated(tok: Token, lex: Lexicon) -> Code | None:
    """The code of a hyphenated noun the tokenizer split ("cease-fire", "pull-out", "sit-in":
    spaCy's head is the last part, the first a compound before a hyphen), written with or
    without its hyphen."""
    doc = tok.doc
    if tok.i < 2 or doc[tok.i - 1].text != "-" or doc[tok.i - 2].dep_ != "compound":
        return None
    first = doc[tok.i - 2].lower_
    return lex.nouns.get(f"{first}-{tok.lower_}") or lex.nouns.get(f"{first}{tok.lower_}")


def _is_time_word(tok: Token) -> bool:
    """A date, number or amount ("on March 11": the month is no protest march)."""
    if tok.ent_type_ in _NUMERIC_ENTS:
        return True
    return tok.text[:1].isupper() and tok.lower_ in MONTHS


def _claim_about_another(tok: Token, lex: Lexicon) -> bool:
    """A speech verb that governs an event ("claimed", "alleged") with a clause whose subject is a
    noun of its own: a charge against that subject ("alleged that France was aware"). A pronoun
    subject is most often the speaker ("Russia claimed it had captured"): a report, no charge."""
    if tok.lemma_.lower() not in lex.governors or tok.lemma_.lower() not in lex.status["speech_verbs"]:
        return False
    speaker = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    for comp in tok.children:
        if comp.dep_ == "ccomp":
            subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN") and not _own_side(subj, speaker):
                return True
    return False


def _own_side(subj: Token, speaker: Token | None) -> bool:
    """The clause's subject is the speaker's side: "their troops", or a name both phrases share
    ("Russian officials claimed Russian forces had captured ...")."""
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subj.children):
        return True
    if speaker is None:
        return False
    names = {t.lower_ for t in speaker.subtree if t.text[:1].isupper()}
    return subj.lower_ in names or any(t.text[:1].isupper() and t.lower_ in names for t in subj.lefts)


def _candidates(sent: Span, lex: Lexicon) -> list[Trigger]:
    found: list[Trigger] = []
    for tok in sent:
        if _is_time_word(tok):
            continue
        if tok.pos_ == "VERB" and _claim_about_another(tok, lex):
            found.append(Trigger(tok, lex.governors[tok.lemma_.lower()], None, True))
            continue
        if tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in _ADJECTIVAL:
            continue  # "devastating for Russia", "a crushing blow": an adjective, no act
        ended = _reversal(tok, lex) if tok.pos_ == "VERB" else None
        if ended is not None:
            found.append(Trigger(tok, ended[0], ended[1], True))
            continue
        if tok.pos_ == "VERB":
            # a light verb's event noun codes the event ("held talks", "imposed sanctions")
            light = tok.lemma_.lower() in lex.light
            carrier = light or tok.lemma_.lower() in lex.giving
            if carrier and light_noun(tok, lex) is not None and not _phrasal(tok, lex):
                continue
            # a light verb alone codes an event only through a sense rule ("opened the border") or
            # an object pattern ("took control")
            code = verb_code(tok, lex) if not light or _phrasal(tok, lex) else _light_code(tok, lex)
            if code and code[0] != STATEMENT:
                found.append(Trigger(tok, code[0], code[1], True))
        elif tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound":
            code = _noun_reversal(tok, lex) or noun_code(tok, lex)
            if code:
                found.append(Trigger(tok, code[0], code[1], False))
    return found


def _ended_noun(noun: Token, lex: Lexicon) -> Token | None:
    """The event noun an ending noun ends ("the pause in aid": aid), if any."""
    if noun.lemma_.lower() not in lex.ending_nouns:
        return None
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in lex.ending_preps:
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                for inner in _inner(obj, lex.partitives, lex.carriers):
                    if noun_code(inner, lex) is not None:
                        return inner
    return None


def _noun_reversal(noun: Token, lex: Lexicon) -> Code | None:
    """The code of ending the act an ending noun names ("the pause in aid": SANCTION/discontinue,
    "a halt to the offensive": RETREAT), else None."""
    inner = _ended_noun(noun, lex)
    code = noun_code(inner, lex) if inner is not None else None
    if code is None:
        return None
    return lex.reversals.get(f"{code[0]}/{code[1]}") or lex.reversals.get(code[0])


def _reversal(verb: Token, lex: Lexicon) -> Code | None:
    """The code of ending the act the verb's object names ("ended their hunger strike": CONCEDE,
    "halted its offensive": RETREAT, "cut its military aid": SANCTION), else None."""
    lemma = verb.lemma_.lower()
    prts = [f"{lemma} {c.lower_}" for c in verb.children if c.dep_ == "prt"]
    if lemma not in lex.ending and not any(p in lex.ending for p in prts):
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            for noun in _inner(child, lex.partitives, lex.carriers):
                code = noun_code(noun, lex)
                if code is None:
                    continue
                ended = lex.reversals.get(f"{code[0]}/{code[1]}") or lex.reversals.get(code[0])
                if ended is not None:
                    return ended
    return None


def _light_code(tok: Token, lex: Lexicon) -> Code | None:
    sense = sense_code(tok, lex)
    return sense[0] if sense is not None else _cameo_pattern(tok, tok.lemma_.lower(), lex)


def _absorb(found: list[Trigger], lex: Lexicon) -> list[Trigger]:
    """Fold triggers into the one that governs them: same-type words, complements, light verbs' nouns."""
    by_index = {t.token.i: t for t in found}
    kept: list[Trigger] = []
    for trig in found:
        owner = _owner(trig, by_index, lex)
        if owner is None:
            kept.append(trig)
            continue
        owner.parts.append(trig.token)
        lemma = owner.token.lemma_.lower()
        governs = _complement(trig.token) and trig.token.head.i == owner.token.i and lemma in lex.governors
        if governs and sense_code(owner.token, lex) is None:  # a sense rule has the last word
            # a governor of an act codes as the governors table says ("have sworn to fight" is a
            # vow, whatever "swear" codes alone: CAMEO's "swear at" is an insult)
            owner.kind = lex.governors[lemma]
        if trig.kind != owner.kind and owner.governed is None:
            owner.governed = trig.kind
            owner.mode = owner.mode or trig.mode
            if owner.kind == "AGREE" and trig.kind in HOSTILE and trig.is_verb:
                # "vowed to fight", "pledged to expel"; not an object ("lifted sanctions")
                owner.kind, owner.mode = "THREATEN", None
    return kept


def _owner(trig: Trigger, by_index: dict[int, Trigger], lex: Lexicon) -> Trigger | None:
    tok = trig.token
    head = tok.head
    dep = tok.dep_
    if dep == "pobj" and head.dep_ in ("prep", "agent"):
        if head.lower_ in _TIME_PREPS:
            return None  # "after the talks in Jeddah, Russia stole a week": two events
        head, dep = head.head, "pobj"
    if head.i == tok.i or head.i not in by_index:
        return None
    owner = by_index[head.i]
    ended = _ended_noun(owner.token, lex) if not (trig.is_verb or owner.is_verb) else None
    if ended is not None and ended.i == tok.i:
        return _top(owner, by_index, lex)  # "the pause in aid": the aid is what is paused
    if owner.kind == trig.kind and dep in _MERGE_DEPS | {"advcl"} and not _marked(tok):
        return _top(owner, by_index, lex)
    if owner.is_verb and _complement(tok) and owner.token.lemma_.lower() in lex.governors:
        return _top(owner, by_index, lex)
    if not trig.is_verb and owner.is_verb and dep in ("dobj", "pobj", "attr", "nsubjpass"):
        # "agreed to the cease-fire", "a ban ... was lifted": the verb codes it
        return _top(owner, by_index, lex)
    return None


def _complement(tok: Token) -> bool:
    """The verb is its head's complement: "refused to meet", also an infinitive the parser hangs
    as an adverbial clause ("have sworn to fight")."""
    if tok.dep_ in _COMPLEMENT:
        return True
    kids = list(tok.children)
    return (
        tok.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids)
        and not any(c.dep_ in ("mark", "nsubj") for c in kids)
    )


def _top(trig: Trigger, by_index: dict[int, Trigger], lex: Lexicon) -> Trigger:
    seen = {trig.token.i}
    while True:
        up = _owner(trig, by_index, lex)
        if up is None or up.token.i in seen:
            return trig
        seen.add(up.token.i)
        trig = up


def _marked(tok: Token) -> bool:
    """A clause of its own ("while a separate attack killed four"), not a participle of its head."""
    if tok.dep_ != "advcl":
        return False
    return any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in tok.children)


def light_noun(verb: Token, lex: Lexicon) -> Token | None:
    """The event noun a light verb carries ("held talks"), if it is the object or subject."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubj", "nsubjpass"):
            for noun in _inner(child, lex.partitives, lex.carriers):
                if noun_code(noun, lex):
                    return noun
    return None


def mode_of(trig: Trigger, lex: Lexicon) -> str | None:
    """The mode the words around the trigger state ("missile strikes": ASSAULT/missile)."""
    table = lex.modes.get(trig.kind)
    if not table or trig.mode in _ACT_MODES:
        return trig.mode
    words: set[str] = set()
    for tok in (trig.token, *trig.parts):
        words.add(tok.lemma_.lower())
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "dobj", "nmod", "prep", "npadvmod", "nsubj"):
                for sub in child.subtree if child.dep_ != "prep" else child.children:
                    if abs(sub.i - tok.i) <= 6:
                        words.add(sub.lemma_.lower())
                        words.add(sub.lower_)
    for mode, cues in table.items():
        if cues & words:
            return mode
    return trig.mode


def find_triggers(sent: Span, lex: Lexicon) -> list[Trigger]:
    """The events of one sentence, one trigger each, in text order."""
    kept = _absorb(_candidates(sent, lex), lex)
    for trig in kept:
        if trig.kind == "CONCEDE" and trig.governed == "PROTEST":
            trig.mode = None  # an ended strike is no strike: its mode is not the easing's
        trig.mode = mode_of(trig, lex)
    return kept
