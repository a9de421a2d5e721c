"""The stance of a text towards a claim: ``asserts``, ``disputes``, ``reports`` or ``unrelated``.

A text bears on a claim when it shares enough of the claim's content words (lemmas, numbers,
names spelt a little differently, paraphrases of ``paraphrase.txt``). Among related texts, one
that calls the claim false (``refute.txt``), negates the claim's predicate where the claim does
not (negation scope in the dependency parse), states a contrary predicate (``contrary.txt``) or
says its deed fell short ("failed to", "nearly": ``counterfactual.txt``) disputes it; one that
hedges it, attributes it to reports, asks it as a question or sets it as a condition ("if ...")
(``hedge.txt``, ``report.txt``) reports it; otherwise it asserts it. A cue the claim itself contains ("Apple
*may* sell ...") says nothing about the text's stance and is ignored, and a claim that is itself
tentative ("Apple is *considering* a platinum edition") is asserted by a hedged text ("the next
Apple Watch *could* be platinum"). A unit written in capitals is judged on its sentence-cased
parse, on which the tagger and parser work.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz

from sitrep import lexicons, nlp
from sitrep.clean.outlets import known_outlet
from sitrep.extract.claims.lexicon import contrary_pairs, cues, forms, paraphrase_group, paraphrase_groups

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Label = Literal["asserts", "disputes", "reports", "unrelated"]

# How much each kind of content word counts towards relatedness: names and numbers pin a claim down.
WEIGHTS = {"PROPN": 2.0, "NUM": 2.0, "NOUN": 1.5, "VERB": 1.0, "ADJ": 1.0}
# Share of the claim's weighted content a text must carry to bear on it (tuned on the Emergent
# tune split with the unrelated check of bench/claims.py).
RELATED = 0.2
# A text this short (a headline, a sentence or two) is judged as one unit, not sentence by sentence.
UNIT_TOKENS = 50
FUZZY = 87  # rapidfuzz ratio for two spellings of one name ("Syrskyi" / "Syrskiy")
PREFIX = 5  # shared leading letters of derived forms ("encircle" / "encirclement")
PRIORITY = {"disputes": 3, "reports": 2, "asserts": 1, "unrelated": 0}


@dataclass(frozen=True, slots=True)
class Assessment:
    """The stance of one unit of text (a sentence, or a whole short text) towards a claim."""

    start: int
    end: int
    label: Label
    score: float
    relatedness: float
    signals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    lemma: str
    lower: str
    weight: float
    groups: frozenset[int]


@dataclass(frozen=True, slots=True)
class ClaimTerms:
    terms: tuple[Term, ...]
    negated: bool  # the claim has a negation of its own ("X did not ...", "who hadn't ...")
    attributed: bool  # the claim is itself a statement ("X says ..."): attribution is no hedge
    words: frozenset[str]  # every lemma and word form of the claim, to ignore cues it contains itself
    phrases: frozenset[str]  # lemma n-grams, for contrary predicates
    hedged: bool = False  # the claim is itself tentative ("Apple is considering ..."): a hedge matches it
    future: bool = False  # the claim says what will be ("X will ..."): a plan for it (plan.txt) matches it


def stance(claim: str, text: str, doc: Doc | None = None) -> tuple[Label, float]:
    """The stance of ``text`` towards ``claim`` and a confidence in [0, 1].

    A long text is judged by its sentence most related to the claim.
    """
    doc = doc if doc is not None else next(iter(nlp.parse([text])))
    best = strongest(assess(claim, doc))
    return best.label, best.score


def assess(claim: str, doc: Doc, *, known_related: bool = False) -> list[Assessment]:
    """One assessment per unit of ``doc``: the whole of a short text, else each sentence.

    ``known_related`` skips the relatedness test (the caller knows the text is about the claim).
    """
    terms = claim_terms(claim)
    return [_assess_readable(terms, unit, known_related) for unit in units(doc)]


def _assess_readable(claim: ClaimTerms, unit: Span, known_related: bool) -> Assessment:
    """A unit in capitals ("BATMOBILE NOT STOLEN, MTV CONTEST PRIZE REMAINS UNCLAIMED") is judged
    on its sentence-cased parse: the tagger takes every capitalised word for a name and the
    parse of negation, hedges and questions goes astray. The offsets stay the original's."""
    if not _shouted(unit):
        return assess_unit(claim, unit, known_related)
    readable = next(iter(nlp.parse([_sentence_case(unit.text)])))[:]
    a = assess_unit(claim, readable, known_related)
    return dataclasses.replace(a, start=unit.start_char, end=unit.end_char)


SHOUTED_WORDS = 3  # capital words a unit must have to count as written in capitals


def _shouted(unit: Span) -> bool:
    letters = [t.text for t in unit if t.is_alpha]
    return len(letters) >= SHOUTED_WORDS and all(w.isupper() for w in letters)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def bearing(claim: str, doc: Doc) -> list[Assessment]:
    """The units of ``doc`` that bear on ``claim`` (not unrelated), most related first: the evidence
    spans ``sitrep check`` lists, each with its stance."""
    related = [a for a in assess(claim, doc) if a.label != "unrelated"]
    return sorted(related, key=lambda a: (-a.relatedness, -PRIORITY[a.label], a.start))


def strongest(assessments: Sequence[Assessment]) -> Assessment:
    """The most related unit; among equally related ones the strongest stance."""
    if not assessments:
        return Assessment(0, 0, "unrelated", 1.0, 0.0)
    return max(assessments, key=lambda a: (round(a.relatedness, 2), PRIORITY[a.label]))


def units(doc: Doc) -> list[Span]:
    """The whole of a short text, else its sentences, without trailing line breaks."""
    spans = [doc[:]] if len(doc) <= UNIT_TOKENS else list(doc.sents)
    return [trimmed for span in spans if (trimmed := _trim(span)) is not None]


def _trim(span: Span) -> Span | None:
    words = [t for t in span if not t.is_space]
    if not words or all(t.is_punct for t in words):
        return None
    return span.doc[words[0].i : words[-1].i + 1]


# --- the claim -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def claim_terms(claim: str) -> ClaimTerms:
    """The claim's content words, its negation and its words, parsed once per claim text."""
    span = next(iter(nlp.parse([claim])))[:]
    groups = _token_groups(span)
    terms = tuple(
        Term(_lemma(t), _norm(t.lower_), WEIGHTS[t.pos_], groups[t.i - span.start])
        for t in span
        if _is_content(t)
    )
    tokens = list(span)
    attributed = any(_is_attribution(tokens, first) for first, _l, _e in cues("attribution").find(tokens))
    negated = bool(_negations(span))
    words = frozenset(w for t in span for w in (_lemma(t), t.lower_))
    hedged = bool(cues("hedge").find(tokens))
    future = any(t.tag_ == "MD" and t.lower_ in FUTURE for t in span)
    return ClaimTerms(terms, negated, attributed, words, frozenset(_ngrams(_stated(span))), hedged, future)


FUTURE = ("will", "'ll", "shall")


def _is_content(tok: Token) -> bool:
    return tok.pos_ in WEIGHTS and not tok.is_stop and not tok.is_punct and len(tok.text) > 1


def _norm(word: str) -> str:
    return word.replace(",", "") if word[:1].isdigit() else word


def _lemma(tok: Token) -> str:
    return _norm(tok.lemma_.lower())


DESCRIPTIONS = ("relcl", "acl")  # clauses describing a noun of the claim, not what it states


def _stated(span: Span) -> list[Token]:
    """The claim's words less the clauses describing its nouns: what it states ("a cat *that was
    hit by a car and believed dead* dug himself out of his grave" states the digging)."""
    described = {t.i for tok in span if tok.dep_ in DESCRIPTIONS for t in tok.subtree}
    return [t for t in span if t.i not in described]


def _ngrams(span: Sequence[Token], n: int = 3) -> list[str]:
    lemmas = [_base(t) for t in span if not t.is_punct]
    return [" ".join(lemmas[i : i + k]) for k in range(1, n + 1) for i in range(len(lemmas) - k + 1)]


def _base(tok: Token) -> str:
    """The lemma, or for a word the tagger left as it is (title-case headlines: "Drops", "Quits")
    its shortest inflection-free form."""
    lemma = _lemma(tok)
    if lemma != tok.lower_ or tok.is_lower:
        return lemma
    return min(forms(lemma, tok.lower_), key=lambda f: (len(f), f))


def _token_groups(span: Span) -> list[frozenset[int]]:
    """For each token, the paraphrase groups it belongs to (alone or in a two-word phrase)."""
    table = paraphrase_groups()
    lemmas = [_lemma(t) for t in span]
    groups: list[set[int]] = [set() for _ in lemmas]
    for i, lemma in enumerate(lemmas):
        if (gid := paraphrase_group(lemma)) is not None:
            groups[i].add(gid)
        if i + 1 < len(lemmas) and (pair := f"{lemma} {lemmas[i + 1]}") in table:
            groups[i].add(table[pair])
            groups[i + 1].add(table[pair])
    return [frozenset(g) for g in groups]


# --- one unit of text ----------------------------------------------------------------------------


def assess_unit(claim: ClaimTerms, unit: Span, known_related: bool = False) -> Assessment:
    matched, relatedness = _relatedness(claim, unit)
    if relatedness < RELATED and not known_related:
        return Assessment(
            unit.start_char, unit.end_char, "unrelated", _unrelated_score(relatedness), relatedness
        )
    disputing = _dispute_signals(claim, unit, matched)
    reporting = _report_signals(claim, unit, matched)
    label: Label = "disputes" if disputing else "reports" if reporting else "asserts"
    signals = tuple(disputing if disputing else reporting)
    strength = 0.6 if label == "asserts" else min(1.0, 0.7 + 0.15 * (len(signals) - 1))
    score = round(min(1.0, relatedness / (2 * RELATED)) * strength + (1 - strength) * 0.5, 3)
    return Assessment(unit.start_char, unit.end_char, label, score, relatedness, signals)


def _unrelated_score(relatedness: float) -> float:
    return round(1.0 - 0.5 * relatedness / RELATED, 3)


def _relatedness(claim: ClaimTerms, unit: Span) -> tuple[set[int], float]:
    """Unit tokens that carry claim content, and the weighted share of claim content carried."""
    if not claim.terms:
        return set(), 0.0
    groups = _token_groups(unit)
    candidates = [(t, groups[t.i - unit.start]) for t in unit if _is_content(t) or t.like_num]
    matched: set[int] = set()
    carried = 0.0
    for term in claim.terms:
        hits = [t.i for t, g in candidates if _same_term(term, t, g)]
        if hits:
            carried += term.weight
            matched.update(hits)
    return matched, carried / sum(t.weight for t in claim.terms)


def _same_term(term: Term, tok: Token, groups: frozenset[int]) -> bool:
    lemma, lower = _lemma(tok), _norm(tok.lower_)
    words = forms(lemma, lower)
    if term.lemma in words or term.lower in words or term.groups & groups:
        return True
    if len(term.lemma) >= PREFIX and len(lemma) >= PREFIX and term.lemma[:PREFIX] == lemma[:PREFIX]:
        return not term.lemma[:1].isdigit()
    return len(term.lower) >= PREFIX and fuzz.ratio(term.lower, lower) >= FUZZY


def _dispute_signals(claim: ClaimTerms, unit: Span, matched: set[int]) -> list[str]:
    tokens = list(unit)
    signals = []
    # A refuting word inside a longer hedge ("X's condition *in doubt*") doubts, it does not deny.
    doubted = {
        i for first, last, _e in cues("hedge").find(tokens) if last - first > 1 for i in range(first, last)
    }
    for first, last, entry in cues("refute").find(tokens):
        tok = tokens[first]
        if set(range(first, last)) <= doubted:
            continue
        if _in_claim(claim, entry) or _labels_a_report(tok) or _negated(tok) or _in_question(tok):
            continue  # "Real or hoax?" asks whether it is false
        signals.append(f"refute:{entry}")
    if any(_made_up(t) for t in tokens):
        signals.append("refute:made up")
    signals += [
        f"refute:{e} report" for f, _l, e in cues("refute_report").find(tokens) if _acts_on_report(tokens, f)
    ]
    # Only a negation the claim lacks disputes it: a negated claim is often paraphrased without
    # one ("doesn't last more than a day" / "needs recharging nightly").
    if not claim.negated and _negated_content(unit, matched, claim.words):
        signals.append("negation")
    signals += [f"counterfactual:{e}" for e in _deeds_looked_to(claim, tokens, "counterfactual", matched)]
    if contrary := _contrary(claim, unit):
        signals.append(f"contrary:{contrary}")
    return signals


UP_REACH = 4  # words an object may put between "make" and its "up" ("made the whole thing up")


def _made_up(verb: Token) -> bool:
    """The phrasal verb of invention ("*made it all up*", "the story was *made up*", "*made up* a
    story"), not "made up his mind", "make up 20%", "make up for" or "make it up to her"."""
    if _lemma(verb) != "make" or verb.pos_ not in ("VERB", "AUX"):
        return False
    doc = verb.doc
    up = next(
        (t for t in doc[verb.i + 1 : verb.i + 2 + UP_REACH] if t.lower_ == "up" and t.head.i == verb.i), None
    )
    if up is None or up.i + 1 < len(doc) and doc[up.i + 1].lower_ in ("for", "to"):
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    if any(_a_share(o) for o in objects):
        return False
    # After "up" the object is what is made up of parts ("make up the team") unless it is an
    # account ("made up a story").
    return all(o.i < up.i or cues("claim_nouns").find([o]) for o in objects)


def _a_share(obj: Token) -> bool:
    """An object naming a decision or a share ("his mind", "half", "20%"), not a thing invented."""
    return _lemma(obj) in lexicons.words("claims/not_invented") or obj.like_num


def _report_signals(claim: ClaimTerms, unit: Span, matched: set[int]) -> list[str]:
    """Hedges, report nouns, attribution to a speaker and questions."""
    tokens = list(unit)
    signals = [
        f"hedge:{e}"
        for first, last, e in cues("hedge").find(tokens)
        if not claim.hedged
        and not _in_claim(claim, e)
        and not (claim.future and _is_plan(e))
        and not _hedges_a_bystander(tokens[first], matched)
        and not _hedges_the_reader(tokens[first])
        and not _in_compound_word(tokens[first])
        and not _backshifted(tokens[first])
        and _reaches_claim(tokens[first], matched)
        and not _in_another_sentence(tokens[first], matched)
        and not _about_another_matter(tokens[first], matched)
        and not _presupposed(tokens[first:last])
        and not _rates(tokens[first])
    ]
    signals += [
        f"estimate:{e}"
        for f, _l, e in cues("estimate").find(tokens)
        if not claim.hedged and not _in_claim(claim, e) and _estimates(tokens[f], matched)
    ]
    if not claim.hedged and (label := _doubtful_label(unit)) and f"hedge:{label}" not in signals:
        signals.append(f"hedge:{label}")
    if "if" not in claim.words and _conditional(unit, matched):
        signals.append("conditional")
    if not claim.attributed:
        signals += [f"report:{e}" for _f, _l, e in cues("report").find(tokens) if not _in_claim(claim, e)]
        signals += [
            f"attribution:{entry}"
            for first, _l, entry in cues("attribution").find(tokens)
            if _is_attribution(tokens, first)
            and (
                _reaches_claim(tokens[first], matched, SAYING_SIDE_CLAUSES)
                or _says_what_precedes(tokens[first])
            )
        ]
        if _headline_source(unit):
            signals.append("attribution:source")
        if _cited(unit):
            signals.append("attribution:per")
    if _asks(unit, matched):
        signals.append("question")
    return signals


def _deeds_looked_to(claim: ClaimTerms, tokens: Sequence[Token], name: str, matched: set[int]) -> list[str]:
    """Entries of the cue list ``name`` that govern the claim's own deed: one that fell short
    (``counterfactual.txt``: "*failed to* capture Avdiivka", "*nearly* captured"). The deed is
    what the cue governs after it, and its verb must be the claim's ("failed to *hold* Avdiivka"
    says nothing against its capture)."""
    found = []
    for first, last, entry in cues(name).find(tokens):
        cue = tokens[first:last]
        if _cue_in_claim(claim, entry) or _negated(cue[0]) or not _governs_a_deed(cue):
            continue
        deed = _looked_to(cue)
        verb = next((t for t in deed if t.pos_ in ("VERB", "AUX")), None)
        if verb is None or verb.i not in matched or _prevents(deed):
            continue
        if _on_the_claims_matter(verb, deed, matched):
            found.append(entry)
    return found


LINKING = frozenset(("to", "of", "on", "the"))


def _on_the_claims_matter(verb: Token, deed: Sequence[Token], matched: set[int]) -> bool:
    """A deed done to the claim's own matter: with an object, one carrying claim content ("failed
    to capture *Avdiivka*", not "captured Avdiivka but failed to capture *Kupiansk*")."""
    if not any(c.dep_ in ("dobj", "attr", "prep") for c in verb.children):
        return True
    return any(t.i in matched and t.i != verb.i for t in deed)


def _prevents(deed: Sequence[Token]) -> bool:
    """A deed that is the preventing of another ("failed to *stop* the capture"): its falling
    short lets the other go ahead (``prevent.txt``)."""
    verb = next((t for t in deed if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and bool(cues("prevent").find([verb]))


def _cue_in_claim(claim: ClaimTerms, entry: str) -> bool:
    """A cue whose own words the claim has, in any construction: a claim about a failure ("the
    talks *failed*") is not disputed by "failed to"."""
    return all(word in claim.words for word in entry.split() if word not in LINKING)


def _governs_a_deed(cue: Sequence[Token]) -> bool:
    """A one-word adverb of falling short ("nearly", "almost") bears on a verb, not on a number or
    another adverb ("*nearly* 100 killed", "*almost* definitely fake")."""
    if len(cue) > 1 or cue[0].pos_ != "ADV":
        return True
    return cue[0].head.pos_ in ("VERB", "AUX") and cue[0].head.i > cue[0].i


def _looked_to(cue: Sequence[Token]) -> list[Token]:
    """The words a cue phrase governs after its last word ("failed to *retake the town*"). Where the
    verb after the cue is the head of a cue word ("*nearly* captured", "have *yet to* capture",
    "Rebels *Fail To* Capture City" in a title-case parse) it is that verb's words after the cue."""
    end = cue[-1].i
    roots = [*cue, *(t.head for t in cue if t.head.i > end)]
    return sorted({t for root in roots for t in root.subtree if t.i > end}, key=lambda t: t.i)


def _estimates(verb: Token, matched: set[int]) -> bool:
    """A verb of ``estimate.txt`` with a subject of its own (not "*See* how ...") and a figure among
    its objects ("Citi *sees* 550 and 950 Apple Watches", "*puts* the toll at 300"): someone's
    estimate, where the figure or its object carries the claim's content. Putting or placing
    estimates only a figure put "at" ("put the toll at 300", not "put 10,000 troops on the border")."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subject is None or not _estimator(subject) or _sees_it_happen(verb):
        return False
    objects = [t for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree]
    if _lemma(verb) == "see":
        figures = objects
    else:
        figures = [t for at in objects if at.dep_ == "prep" and at.lower_ == "at" for t in at.subtree]
    return any(t.like_num for t in figures) and any(t.i in matched for t in objects)


def _estimator(subject: Token) -> bool:
    """Someone who can estimate ("Citi", "analysts"), not a place or a time the tagger knows as
    one, which sees a thing happen ("2015 sees ...")."""
    return subject.ent_type_ not in SCENES


SCENES = ("GPE", "LOC", "FAC", "DATE", "TIME", "EVENT")  # entity types of where and when, not who


def _sees_it_happen(verb: Token) -> bool:
    """An object with a clause of what befell it ("Kharkiv sees 10 people *killed*"): a sight, not
    an estimate."""
    return any(
        g.dep_ in ("acl", "relcl") and g.pos_ == "VERB"
        for c in verb.children
        if c.dep_ == "dobj"
        for g in c.children
    )


LABEL_WORDS = 3  # words of a label set before a headline's colon ("Unconfirmed:", "Rumour mill:")


def _doubtful_label(unit: Span) -> str | None:
    """A hedge set apart as the headline's label ("*Unconfirmed*: Russian forces captured ...",
    "*Alleged*: ..."): it hedges all that follows, however the parser hung it."""
    tokens = [t for t in unit if not t.is_space]
    colon = next((i for i, t in enumerate(tokens) if t.text == ":"), None)
    if colon is None or len(tokens) - colon < 3:
        return None
    words = [t for t in tokens[:colon] if not t.is_punct]
    if not 0 < len(words) <= LABEL_WORDS:
        return None
    return next((entry for _f, _l, entry in cues("hedge").find(words)), None)


def _conditional(unit: Span, matched: set[int]) -> bool:
    """The claim's content set as a condition ("*If* Russian forces take the town, ..."): what an
    if-clause says is not stated, so the text does not assert it. Only where the condition carries
    at least as much of the claim as the rest of the unit, and not a condition on the reader ("if
    you want an Apple Watch, ..."), which says nothing of the claim."""
    for tok in unit:
        if tok.dep_ != "mark" or tok.lower_ != "if" or tok.head.dep_ != "advcl":
            continue
        if any(c.dep_ in SUBJECTS and c.lower_ == "you" for c in tok.head.children):
            continue
        condition = {t.i for t in tok.head.subtree}
        inside = len(matched & condition)
        if inside and inside >= len(matched - condition):
            return True
    return False


SIDE_CLAUSES = ("conj", "advcl", "pcomp", "relcl", "ccomp")
# A verb of saying hung on a noun or a verb as its complement ("left a heartbreaking note *saying*
# she would never be happy") relays only what its own clause says.
SAYING_SIDE_CLAUSES = (*SIDE_CLAUSES, "acl", "xcomp")


def _reaches_claim(tok: Token, matched: set[int], side: Sequence[str] = SIDE_CLAUSES) -> bool:
    """Whether a hedge or a verb of saying governs some of the claim's content. One in a clause of
    its own that carries none of it hedges something else ("Boko Haram agrees to cease-fire, *may*
    release schoolgirls"; "Battery life about a day, but *may* improve")."""
    predicate = tok.head if tok.dep_ == "aux" else tok
    if predicate.dep_ not in side or not matched:
        return True
    return any(t.i in matched for t in predicate.subtree)


def _is_plan(entry: str) -> bool:
    """Whether a hedge entry states a decided plan (``plan.txt``)."""
    words = tuple(entry.split())
    return any(listed == words for listed, _pos in cues("plan").by_first.get(words[0], ()))


def _rates(tok: Token) -> bool:
    """A modal on a superlative rates the thing, it does not doubt it ("this resignation letter
    *could* be the greatest ever", "*may* be the worst"): the claim is taken as stated."""
    if tok.tag_ != "MD" or _lemma(tok.head) != "be":
        return False
    return any(
        c.dep_ in ("attr", "acomp")
        and (c.tag_ in ("JJS", "RBS") or any(g.tag_ in ("JJS", "RBS") for g in c.children))
        for c in tok.head.children
    )


def _presupposed(cue: Sequence[Token]) -> bool:
    """A doubt about how or why a thing happened takes the thing for granted ("plumber *isn't
    sure how* extremists ended up with his truck", "it is *unclear why* ..."), as a question
    asking how or why does."""
    for word in {*cue, *(t.head for t in cue)}:
        for clause in word.children:
            if clause.dep_ == "ccomp" and any(
                c.dep_ == "advmod" and c.lower_ in WH_PRESUPPOSING and c.i < clause.i for c in clause.children
            ):
                return True
    return False


def _about_another_matter(tok: Token, matched: set[int]) -> bool:
    """A hedging noun whose matter, named after it, carries none of the claim ("raising
    *questions* about Ukraine's defences", "*speculation* over his successor"): a doubt about
    something else."""
    if tok.pos_ != "NOUN" or not matched:
        return False
    topics = [
        c for c in tok.children if c.dep_ == "prep" and c.lower_ in lexicons.words("claims/topical_preps")
    ]
    return bool(topics) and not any(t.i in matched for c in topics for t in c.subtree)


def _in_another_sentence(tok: Token, matched: set[int]) -> bool:
    """A hedge in a sentence of its own, or in a clause set apart by a semicolon, that carries none
    of the claim, beside one that does ("Russian forces captured Avdiivka. What happens next is
    *unclear*", "...; Ukraine *may* counterattack"): it hedges that sentence."""
    if not matched:
        return False
    sentence = tok.sent
    start = max((t.i + 1 for t in tok.doc[sentence.start : tok.i] if t.text == ";"), default=sentence.start)
    end = next((t.i for t in tok.doc[tok.i : sentence.end] if t.text == ";"), sentence.end)
    return not any(start <= i < end for i in matched)


def _hedges_the_reader(tok: Token) -> bool:
    """A hedge on what the reader will do ("you'll *probably* be trekking to an Apple Store", "You
    *may* be able to make appointments"): the outlet guesses at the reader, not at the claim."""
    predicate = tok.head if tok.dep_ in ("aux", "advmod") else tok
    return any(c.dep_ in SUBJECTS and c.lower_ == "you" for c in predicate.children)


def _backshifted(tok: Token) -> bool:
    """ "would" in what a past verb reports is the reported "will" ("The United States announced
    last week that it *would* cease military aid"): no hedge of its own."""
    verb = tok.head
    return tok.lower_ == "would" and verb.dep_ == "ccomp" and verb.head.tag_ in ("VBD", "VBN")


def _in_compound_word(tok: Token) -> bool:
    """A hedge joined by a hyphen into a word of its own ("*would*-be rapist")."""
    doc = tok.doc
    return tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_


def _hedges_a_bystander(tok: Token, matched: set[int]) -> bool:
    """An attributive hedge on a noun outside the claim ("mob castrates *alleged* rapist",
    "drones over Syria in *possible* hunt for ISIS leader") doubts that noun's description, not
    the event the headline states. On a report noun ("a *disputed* report") or on the claim's own
    content ("*alleged* truce") it hedges the claim."""
    noun = tok.head
    attributive = tok.dep_ == "amod" or tok.dep_ == "compound" and tok.lower_.endswith("ed")
    if not attributive or tok.i > noun.i or tok.pos_ not in ("ADJ", "VERB", "PROPN"):
        return False  # after its noun it is the headline's predicate ("fate still unknown")
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    phrase = [noun, *(c for c in noun.children if c.dep_ == "compound")]
    if any(t.i in matched for t in phrase) or cues("claim_nouns").find([noun]):
        return False
    # Only a description of a person ("alleged rapist") or of a side matter, in an adjunct ("in
    # possible hunt for") or a clause of its own ("to facilitate a possible deal"): a hedged
    # argument of the main verb is often the claim in other words ("directive reveals *apparent*
    # ban on sharing Kim Jong-un's name").
    return _names_a_person(noun) or noun.dep_ == "pobj" or not _argues_the_main_verb(noun)


def _argues_the_main_verb(noun: Token) -> bool:
    """Whether ``noun`` is a subject or object of the sentence's own verb."""
    return noun.dep_ in (*SUBJECTS, "dobj", "attr", "ROOT") and noun.head.dep_ == "ROOT"


AGENT_SUFFIXES = ("ist", "er", "or", "man", "ant", "ent")  # rapist, plotter, gunman, militant


def _names_a_person(noun: Token) -> bool:
    """A noun naming a person (or people) by name, group or agent role."""
    return noun.ent_type_ in ("PERSON", "NORP") or _lemma(noun).endswith(AGENT_SUFFIXES)


def _asks(unit: Span, matched: set[int]) -> bool:
    """Whether the unit asks the claim. A teaser question followed by a statement that carries more
    of the claim ("Comfort eating? Chinese woman spends a week in KFC", "Do all dogs go to heaven?
    Pope tells boy: Paradise is open to all"), or a mere label asked before a statement ("20 year
    old burger? McDonald's burger ... hasn't aged a bit"), states it; so does a question that
    takes it for granted ("*How* did a Texas plumber's truck end up with Syrian rebels?"). A
    question carrying the claim ("Has Ebola infected Isis militants?"), or followed only by a
    remark, asks it."""
    segments: list[list[Token]] = [[]]
    for tok in unit:
        segments[-1].append(tok)
        if tok.text == "?":
            segments.append([])
    for k, segment in enumerate(segments):
        if not segment or segment[-1].text != "?":
            continue
        asked = _question_words(segment)
        later = [s for s in segments[k + 1 :] if s and s[-1].text != "?" and _has_verb(s)]
        if later and not _has_verb(asked):
            continue  # a label, not a question about the claim
        if _presupposes(asked):
            continue
        # A sentence stating the claim before a tag question ("This man kept harassing women on
        # the streets. Until one day MOM?") is a statement like one after it; a one-word echo
        # ("... Claims God Is a Woman. Huh?") doubts it.
        question: Sequence[Token] = segment
        before = [t for t in segment if t.i < asked[0].i] if len(asked) > 1 else []
        if before and before[-1].text in (".", "!") and _has_verb(before):
            later.append(before)
            question = asked
        if all(_carried(question, matched) >= _carried(s, matched) for s in later):
            return True
    return False


# A wh-question takes for granted what it asks about ("How did X happen?", "What does the capture
# of X mean?", "Who is to blame for X?"); "Did X happen?" asks it.
WH_PRESUPPOSING = ("how", "why", "what", "who", "when", "where", "which")


def _question_words(segment: Sequence[Token]) -> list[Token]:
    """The words of the question itself: those after the last colon, full stop or free-standing
    dash before its mark ("Apple Watch pricing: *Will you spend 5000 ...?*"), not after the hyphen
    of a name ("Is Kim Jong-un dead?")."""
    cut = max((i + 1 for i, t in enumerate(segment[:-1]) if _breaks(t)), default=0)
    return [t for t in segment[cut:] if not t.is_punct]


def _breaks(tok: Token) -> bool:
    """A colon, a full stop or a dash with a space either side: what follows starts anew."""
    if tok.text in (":", ".", "!"):
        return True
    free = bool(tok.whitespace_) and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)
    return tok.text in ("-", "–", "—", "--") and free


def _presupposes(words: Sequence[Token]) -> bool:
    """A question asking how, why, what, who, when or where of a thing takes the thing for
    granted; "what if" supposes it instead ("What if Russia takes Avdiivka?")."""
    if not words or words[0].lower_ not in WH_PRESUPPOSING:
        return False
    return not (words[0].lower_ == "what" and len(words) > 1 and words[1].lower_ == "if")


def _has_verb(tokens: Sequence[Token]) -> bool:
    """A verb, or a word with an object or subject the tagger took for a name in a title-case
    headline ("Melissa Rivers *Taking* Legal Action")."""
    return any(
        t.pos_ in ("VERB", "AUX") or any(c.dep_ in ("dobj", *SUBJECTS) for c in t.children) for t in tokens
    )


def _carried(tokens: Sequence[Token], matched: set[int]) -> int:
    return sum(t.i in matched for t in tokens)


REPORT_REACH = 5  # tokens after a refuting verb in which its report noun may stand (misparsed headlines)


def _acts_on_report(tokens: Sequence[Token], first: int) -> bool:
    """A verb like "dismiss" acting on a report or claim ("dismissed the reports as ..."); not the
    noun ("injured in accidental *shooting*, per reports", "a *challenge* to the claim")."""
    tok = tokens[first]
    if tok.pos_ == "NOUN" or _negated(tok) or _in_question(tok):
        return False
    near = [t for t in tok.subtree if t.i != tok.i] + list(tokens[first + 1 : first + 1 + REPORT_REACH])
    return bool(cues("claim_nouns").find([t for t in near if t.pos_ in ("NOUN", "PROPN")]))


def _headline_source(unit: Span) -> bool:
    """A headline naming its source apart: a report ("... : report", "Report - ..."), a person or
    body by role ("Senator: ...", "...: official"), a news outlet ("NYT: ...", "...: CNN"), or
    the speaker of first-person words ("Tim Cook: I wear ..."). Any other organisation so set
    apart is taken as the headline's own ("Pentagon: ISIS got U.S. weapons")."""
    tokens = [t for t in unit if not t.is_space]
    for i, tok in enumerate(tokens):
        if tok.text not in (":", "-", "--", "–", "—", "|") or tok.whitespace_ == "" and tok.text == "-":
            continue
        for side, other in ((tokens[:i], tokens[i + 1 :]), (tokens[i + 1 :], tokens[:i])):
            words = [t for t in side if not t.is_punct]
            short = 0 < len(words) <= 4 and len(other) >= 3 and not any(_predicates(t) for t in words)
            if short and (cues("report").find(words) or _names_a_source(words) or _names_an_outlet(words)):
                return True
        # "Tim Cook: I wear my Apple Watch in the shower", "ISIS video: America's weapons now in
        # our hands": first-person words after the colon are the words of whoever stands before it.
        after = [t for t in tokens[i + 1 :] if not t.is_punct]
        if 0 < i <= 5 and any(_first_person(t) for t in after):
            return True
    return False


FIRST_PERSON = frozenset(("i", "we", "me", "us", "my", "our", "mine", "ours", "myself", "ourselves"))


def _first_person(tok: Token) -> bool:
    """A first-person pronoun ("I", "we're", "our"), not the country "US"."""
    return tok.pos_ == "PRON" and tok.lower_ in FIRST_PERSON and tok.text != "US"


def _predicates(tok: Token) -> bool:
    """A verb that makes a phrase a statement of its own, not a participle describing a noun
    ("Three-*boobed* woman: ...", "*Jailed* activist: ...")."""
    return tok.pos_ == "VERB" and tok.dep_ != "amod"


def _names_an_outlet(words: Sequence[Token]) -> bool:
    """A news outlet set apart as the headline's source ("NYT: ...", "...: CNN"): the headline
    relays its report."""
    return known_outlet(" ".join(t.text for t in words)) is not None


def _names_a_source(words: Sequence[Token]) -> bool:
    """A short phrase naming a person or body by role ("US Lawmaker", "Iraqi health official",
    "Former PGA Tour player"): its head noun is a source noun (``source_nouns.txt``)."""
    head = words[-1]
    if cues("source_nouns").find([head]):
        return True
    # A role before a name ("Rep. Duncan Hunter", "Senator Ted Cruz"): the person by role.
    title = words[0].lower_.rstrip(".")
    return len(words) > 1 and head.ent_type_ == "PERSON" and (title,) in _source_titles()


@functools.cache
def _source_titles() -> frozenset[tuple[str, ...]]:
    return frozenset(w for entries in cues("source_nouns").by_first.values() for w, _pos in entries)


# Clauses in which a verb of saying describes what someone did rather than relaying what was said
# ("suspended for *saying* he could ...", "*alleged* rapist"); "cited them as *saying*", "a
# statement *saying*" relay.
DESCRIBING = ("advcl", "pcomp")
OBJECT_REACH = 3  # a thing said or written stands this close after its verb ("writes moving letter")


def _says_what_precedes(tok: Token) -> bool:
    """A verb of saying that ends its sentence after a comma with its speaker and nothing said of
    its own ("Russian forces captured Avdiivka, Ukraine's army chief *admits*"): it relays the
    clause before the comma, however the parser hung it."""
    words = [t for t in tok.sent if not t.is_punct]
    if not words or words[-1].i != tok.i or any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in tok.children):
        return False
    comma = next((t.i for t in reversed(tok.doc[tok.sent.start : tok.i]) if t.text == ","), None)
    if comma is None or comma == tok.sent.start:
        return False
    speaker = tok.doc[comma + 1 : tok.i]
    return 0 < len(speaker) <= SPEAKER_WORDS and not any(t.pos_ in ("VERB", "AUX") for t in speaker)


SPEAKER_WORDS = 6  # words of a speaker named between a comma and its verb of saying
CITING = ("per", "via")


def _cited(unit: Span) -> bool:
    """A source cited with "per" or "via" ("..., *per* TASS", "*via* local media"): a news outlet, a
    report or a source by role (``source_nouns.txt``)."""
    for tok in unit:
        if tok.lower_ not in CITING or tok.pos_ != "ADP":
            continue
        words = [t for t in tok.subtree if t.i > tok.i and not t.is_punct]
        if not words or len(words) > 4:
            continue
        if _names_an_outlet(words) or _names_a_source(words) or cues("report").find(words):
            return True
    return False


def _is_attribution(tokens: Sequence[Token], first: int) -> bool:
    """A verb of saying that relays what follows ("Nigeria *says*", "..., officials say"), not a
    noun ("the *claim*", "Islamic *State*"), not a verb of writing or telling a thing ("writes a
    letter", "tells the time") and not a saying the headline itself reports ("suspended for
    *saying* ...")."""
    tok = tokens[first]
    if tok.lower_ == "according":
        return True
    # A title-case headline verb the tagger took for a name: only its -s form ("Says", "Claims").
    verb = tok.pos_ in ("VERB", "AUX") or (
        tok.pos_ == "PROPN" and tok.is_title and not tok.ent_type_ and tok.lower_.endswith("s")
    )
    if not verb or tok.dep_ == "amod" or _describes(tok):
        return False
    return not _says_a_thing(tok)


def _describes(tok: Token) -> bool:
    """A gerund of saying in a clause that tells what someone did ("suspended for saying ...")."""
    return tok.dep_ in DESCRIBING and tok.tag_ == "VBG" and tok.head.lower_ != "as"


# Verbs of saying whose object is what they assert ("claims victory", "admits the attack"), unlike
# "writes a letter"; "claims lives" is a death toll, not a claim.
CLAIMING = frozenset(("claim", "allege", "admit", "confess", "acknowledge", "concede"))
LIVES = frozenset(("life", "live", "victim"))


def _says_a_thing(tok: Token) -> bool:
    """A verb of saying with a thing right after it as its object and no clause ("writes moving
    letter", "tells the time")."""
    if any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in tok.children):
        return False
    if _lemma(tok) in CLAIMING:
        # "Russia *claims* control of Avdiivka": the thing claimed is the claim; "claims ten
        # lives" is a toll, no saying.
        return any(_lemma(c) in LIVES for c in tok.children if c.dep_ == "dobj")
    return any(c.dep_ == "dobj" and _a_thing_said(tok, c) for c in tok.children)


def _a_thing_said(verb: Token, obj: Token) -> bool:
    """An object of writing or telling that is the thing itself, not its audience ("told
    reporters", "tells boy"), not a claim ("writes the claims") and not the claimed matter with a
    clause of its own ("claim US hostage killed")."""
    if obj.pos_ != "NOUN" or not 0 < obj.i - verb.i <= OBJECT_REACH:
        return False
    if obj.tag_ == "NNS" and not any(c.dep_ in ("det", "amod", "poss") for c in obj.children):
        return False  # a bare plural is the audience ("told reporters", "told lawmakers")
    if any(c.dep_ in ("acl", "relcl", "ccomp") for c in obj.children):
        return False
    return not cues("claim_nouns").find([obj]) and not cues("source_nouns").find([obj])


def _in_question(tok: Token) -> bool:
    """A cue inside a question ("Fake or freak?") asks, it does not refute; but a question asking
    only whether the thing was the cue ("Was the video all an elaborate hoax?") suggests it was,
    one asking how or why takes it for granted ("Why do people fall for this hoax?"), and a cue
    in the statement after a question ("Fidel Castro dead? ... rumors proven false") states."""
    sent = tok.sent
    marks = [t.i for t in sent if t.text == "?"]
    end = next((i for i in marks if i > tok.i), None)
    if end is None:
        return False
    start = max((i + 1 for i in marks if i < tok.i), default=sent.start)
    if _presupposes(_question_words(list(tok.doc[start : end + 1]))):
        return False
    return not _asks_if_it_was(tok, sent)


def _asks_if_it_was(tok: Token, sent: Span) -> bool:
    """A yes/no question with the cue for its predicate and no alternative ("Is X an internet
    hoax?"), not "Real or hoax?"."""
    first = next((t for t in sent if not t.is_punct), None)
    if first is None or first.lemma_.lower() != "be" or any(t.lower_ == "or" for t in sent):
        return False
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return False
    # The predicate of "Was X ... all an elaborate hoax?" ends the question, however it is parsed.
    last = next((t for t in reversed(sent) if not t.is_punct), None)
    return tok.dep_ in ("attr", "acomp", "ROOT") or last is not None and tok.i == last.i


def _in_claim(claim: ClaimTerms, entry: str) -> bool:
    return all(word in claim.words for word in entry.split())


def _labels_a_report(tok: Token) -> bool:
    """A verb of contest used as a modifier ("a *disputed* report", a hedge of ``hedge.txt``) relays
    a dispute, it is not one; one of falsity ("a *doctored* photo", "the *debunked* rumour")
    calls the thing false."""
    return tok.pos_ == "VERB" and tok.dep_ in ("amod", "compound") and bool(cues("hedge").find([tok]))


def _negated(tok: Token) -> bool:
    """A cue the text itself negates ("is not a hoax", "did not deny")."""
    if any(c.dep_ == "neg" or c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True  # "is no hoax"
    return tok.dep_ in ("attr", "acomp", "dobj", "oprd") and any(c.dep_ == "neg" for c in tok.head.children)


def _negations(span: Span) -> list[Token]:
    """Negators in ``span`` not themselves part of a negated refutation ("not a hoax")."""
    negators = {entry for _f, _l, entry in cues("negation").find(list(span))}
    found = []
    for tok in span:
        if tok.lower_ not in negators and tok.lemma_.lower() not in negators:
            continue
        if any(_is_refute_word(t) for t in (tok.head, *tok.head.children) if t.i != tok.i):
            continue
        if tok.i + 1 < len(tok.doc) and cues("hedge").find([tok, tok.doc[tok.i + 1]]):
            continue  # "isn't sure", "has not confirmed": a doubt (hedge.txt), not a denial
        if any(t.lower_ == "or" for t in tok.doc[max(span.start, tok.i - 2) : tok.i]):
            continue  # "may or may not", "... or not?": an alternative, not a denial
        found.append(tok)
    return found


def _is_refute_word(tok: Token) -> bool:
    return bool(cues("refute").find([tok]))


CLAUSES = ("ccomp", "parataxis", "advcl", "conj", "relcl", "csubj", "xcomp")


def _negated_content(unit: Span, matched: set[int], claim_words: frozenset[str] = frozenset()) -> bool:
    """Whether a negator in the unit has claim content in its clause."""
    for neg in _negations(unit):
        # After a question, alone or with an adverb: its answer ("Does ISIS have Ebola? Probably not").
        before = [t for t in neg.doc[max(unit.start, neg.i - 2) : neg.i]]
        answer = bool(before) and (
            before[-1].text == "?" or before[0].text == "?" and before[-1].pos_ == "ADV"
        )
        opening = neg.i == unit.start and neg.dep_ != "det"  # "No, ...", not "No one is ..."
        if neg.dep_ == "intj" or ((opening or answer) and neg.lower_ in ("no", "nope", "not")):
            return True  # "No, Putin did not get ...", "Expansion ahead? No, says ...": the answer
        scope = neg if neg.lower_ == "without" else neg.head
        if cues("intention").find([scope]):
            continue  # "never intended to kill": the aim denied, the deed taken as done
        # "no danger of ...": a negative determiner negates the predicate its noun belongs to.
        predicate = scope.head if neg.dep_ == "det" and scope.dep_ != "ROOT" else scope
        if (hit := cues("permission").find([predicate])) and hit[0][2] not in claim_words:
            continue  # "no one is allowed to share the name": a ban, not a denial of the claim
        main = _main_clause(predicate) or _elliptic_predicate(neg, predicate)
        part = _negated_part(scope)
        if main and any(t.i in matched for t in part) and not _denies_a_limit(part):
            return True
    return False


SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
LIMITS = ("only", "just", "merely", "solely")


def _denies_a_limit(part: Sequence[Token]) -> bool:
    """A negation of "only" says more, not less ("won't be a U.S.-*only* launch", "not *just* in
    Kyiv"): the claim holds and goes further."""
    return any(t.lower_ in LIMITS or t.lower_.endswith("-only") for t in part)


def _elliptic_predicate(neg: Token, noun: Token) -> bool:
    """A negated noun set right after another with no verb or comma between them: a headline's
    "X is not Y" without its verb ("Managua explosion *not a meteorite*, NASA suggests"); with a
    comma it is a contrast ("in Nevada, not Texas")."""
    if noun.dep_ != "appos" or noun.head.i > neg.i:
        return False
    return not any(t.is_punct for t in neg.doc[noun.head.i + 1 : neg.i])


def _negated_part(scope: Token) -> list[Token]:
    """What a negation denies: the clause of its verb less the verb's subject ("the burger hasn't
    aged a bit" denies the ageing, not the burger; "X did not capture Sudzha" the capture). A
    negated verb of saying denies the saying of its speaker ("Pope did NOT say our pets ..."), a
    negated state ("expansion not imminent") or noun ("no ISIL fighters") all it carries."""
    if scope.pos_ not in ("VERB", "AUX"):
        return _clause(scope)
    if cues("attribution").find([scope]):  # the saying denied of its speaker, and what was said
        return list(scope.subtree)
    return [
        t
        for t in _clause(scope)
        if not any(a.dep_ in SUBJECTS and a.head.i == scope.i for a in (t, *t.ancestors))
    ]


SUBORDINATORS = ("so", "lest", "unless", "if")  # not factive: what they introduce is not stated


def _main_clause(head: Token) -> bool:
    """The sentence's own predicate or one reported by it ("X says Y is not ..."), not a clause of
    purpose or contrast hung on it ("... so he won't turn", "in Nevada, not Texas")."""
    if head.dep_ == "acl" and any(c.dep_ in SUBJECTS for c in head.children):
        return True  # a headline's clause the parser hung on the words before its colon
    if head.dep_ == "advcl" and _juxtaposed(head):
        return True  # "Batmobile not stolen, MTV contest prize remains unclaimed": two statements
    if head.dep_ in ("advcl", "relcl", "acl", "appos", "npadvmod"):
        return False
    # "... Adopts Young Boy *so* He Won't Turn Into Werewolf", parsed as a sentence of its own.
    if any(
        c.dep_ in ("mark", "advmod") and c.lower_ in SUBORDINATORS and c.i < head.i for c in head.children
    ):
        return False
    return not (head.pos_ in ("NOUN", "PROPN") and head.dep_ != "ROOT")


def _juxtaposed(head: Token) -> bool:
    """A clause with a subject of its own, no word subordinating it and a comma parting it from the
    verb it was hung on, before that verb: a headline's statement of its own, not a clause of time,
    cause or condition ("*When* ... , ...")."""
    children = list(head.children)
    has_subject = any(c.dep_ in SUBJECTS for c in children)
    subordinated = any(c.dep_ == "mark" or c.tag_ in ("WRB", "IN") for c in children if c.i < head.i)
    between = head.doc[head.i + 1 : head.head.i] if head.i < head.head.i else []
    return has_subject and not subordinated and any(t.text in (",", ";") for t in between)


def _clause(head: Token) -> list[Token]:
    """``head`` and its dependents, without the clauses embedded in it."""
    out = [head]
    for child in head.children:
        if child.dep_ not in CLAUSES:
            out.extend(child.subtree)
    return out


def _contrary(claim: ClaimTerms, unit: Span) -> str | None:
    """A contrary predicate the text states and the claim does not ("alive" against "killed")."""
    phrases = set(_ngrams(unit))
    for left, right in contrary_pairs():
        if left & claim.phrases and not right & claim.phrases and (hit := right & phrases):
            return min(hit)
    return None
