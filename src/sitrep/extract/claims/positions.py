"""A statement's stance on the issues of an issue set: support, oppose, conditional or undecided.

An issue bears on a sentence when one of its cue phrases occurs in it (``issues.toml``). The stance
is read from the stance words that govern the cue in the dependency parse (``agree`` over "with the
proposals to cease hostilities", ``against`` over "a European peacekeeping force"), or failing that
from those in the same sentence: a negated stance word turns support into opposition ("will under no
conditions accept"). Support becomes ``conditional`` when the speaker adds conditions, in the same
sentence or the next ("..., but ...", "in principle", "provided that ..."); the words after the
condition marker are the conditions.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep import nlp
from sitrep.extract.claims.lexicon import CueList, cue_list, load_cues
from sitrep.extract.quotes.lexicon import SPEECH
from sitrep.records import PositionStance

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DATA = Path(__file__).resolve().parents[2] / "data" / "positions"
DEFAULT_ISSUES = DATA / "issues.toml"
KINDS = ("support", "oppose", "undecided")


@dataclass(frozen=True, slots=True)
class Issue:
    key: str
    description: str
    cues: CueList


@functools.cache
def issue_labels(path: Path = DEFAULT_ISSUES) -> dict[str, str]:
    """Each issue's key and its label, in the order the set lists them; read from the TOML alone
    (``load_issues`` also tokenises every cue with the spaCy model, seconds that a reading command
    must not pay). An issue without a label is called by its key."""
    with path.open("rb") as f:
        table = tomllib.load(f)
    return {key: str(spec.get("label") or _worded(key)) for key, spec in table.items()}


def issue_label(key: str) -> str:
    """An issue's column header: its label in the default issue set, else its key in words."""
    return issue_labels().get(key) or _worded(key)


def issue_order() -> dict[str, int]:
    """The default issue set's keys in the order it lists them."""
    return {key: i for i, key in enumerate(issue_labels())}


def _worded(key: str) -> str:
    return key.replace("_", " ")


@functools.cache
def load_issues(path: Path = DEFAULT_ISSUES) -> tuple[Issue, ...]:
    """The issue set in a TOML file: ``[key]`` tables with ``description`` and ``cues``."""
    with path.open("rb") as f:
        table = tomllib.load(f)
    tokenizer = nlp.load().tokenizer
    issues = []
    for key, spec in table.items():
        phrases = [" ".join(t.lower_ for t in tokenizer(cue)) for cue in spec.get("cues", [])]
        issues.append(Issue(key, str(spec.get("description", "")), cue_list(key, phrases)))
    return tuple(issues)


def _cues(name: str) -> CueList:
    return load_cues(DATA / f"{name}.txt")


def stance_cues(kind: str) -> CueList:
    """The stance words of one kind (``support``, ``oppose``, ``undecided``)."""
    return _cues(kind)


def position_of(
    text: str, doc: Doc | None = None, issues: Sequence[Issue] | None = None
) -> list[tuple[str, PositionStance, str | None]]:
    """(issue, stance, conditions) for each issue the statement takes a stance on."""
    doc = doc if doc is not None else next(iter(nlp.parse([text])))
    issues = issues if issues is not None else load_issues()
    sents = [s for s in doc.sents if not all(t.is_space for t in s)]
    found: dict[str, tuple[PositionStance, str | None]] = {}
    for i, sent in enumerate(sents):
        following = sents[i + 1] if i + 1 < len(sents) else None
        for issue in issues:
            if issue.key in found:
                continue
            hits = issue.cues.find(list(sent))
            if hits and (stance := _stance(sent, [sent[first] for first, _l, _e in hits], following)):
                found[issue.key] = stance
    return [(key, stance, conditions) for key, (stance, conditions) in found.items()]


def _stance(
    sent: Span, targets: list[Token], following: Span | None
) -> tuple[PositionStance, str | None] | None:
    found = _polar(sent, targets)
    return _reading(sent, found, following) if found else None


def _marks(sent: Span) -> dict[str, list[Token]]:
    """The stance words of a sentence by kind; where entries of two kinds start at one word the
    longer wins ("declined to comment" is undecided, not "declined")."""
    words = list(sent)
    found = [(f, last, name) for name in KINDS for f, last, _e in _cues(name).find(words)]
    longest: dict[int, tuple[int, str]] = {}
    for f, last, name in found:
        if f not in longest or last > longest[f][0]:
            longest[f] = (last, name)
    marks: dict[str, list[Token]] = {name: [] for name in KINDS}
    for f, (_last, name) in sorted(longest.items()):
        marks[name].append(words[f])
    return marks


def _polar(sent: Span, targets: list[Token]) -> tuple[str, Token] | None:
    marks = _marks(sent)
    if len(targets) < len(sent):  # an issue named by its cues, not a whole sentence carried over
        marks = {kind: [t for t in toks if not _describes_issue(t, targets)] for kind, toks in marks.items()}
    return _governing(marks, targets) or _nearest(marks, [t for t in targets if not _aside(t)])


def _aside(tok: Token) -> bool:
    """A cue in an apposition names what another noun is ("leverage over Ukraine — namely military
    aid and intelligence sharing — to get Kyiv to agree"): no stance word stands near it by right."""
    return any(t.dep_ == "appos" for t in (tok, *tok.ancestors))


def _describes_issue(word: Token, targets: list[Token]) -> bool:
    """A stance word inside the issue's own phrase is part of what the issue is, not a stance on
    it ("deterrence *against* Russian aggression", "sanctions *against* Russia"); nor is a
    participle that names a thing by another's stance on it ("Washington's *proposed* cease-fire")."""
    if any(word.i != t.i and t.i in {a.i for a in word.ancestors} for t in targets):
        return True
    return _attributive(word)


def _attributive(word: Token) -> bool:
    """A participle that names a thing by who stands where on it ("the *proposed* cease-fire",
    "Washington's *proposed* 30-day cease-fire", "a US-*backed* plan"), whatever the parse made
    of it: the speaker's stance is elsewhere."""
    # (a title-less "proposed" after a possessive is often tagged VBD)
    if word.tag_ not in ("VBN", "VBD") or any(c.dep_ in ("aux", "auxpass") for c in word.children):
        return False
    before = word.doc[word.i - 1] if word.i > 0 else None
    return word.dep_ == "amod" or before is not None and (before.tag_ in ("POS", "DT", "HYPH", "PRP$"))


def _reading(
    sent: Span, polar: tuple[str, Token], following: Span | None
) -> tuple[PositionStance, str | None]:
    kind, word = polar
    if _negated(word) and not _not_simply(word):
        if kind == "support" and _not_yet(word):
            return "undecided", None
        kind = {"support": "oppose", "oppose": "support", "undecided": "undecided"}[kind]
    if kind == "support" and _held_back(word):
        return "undecided", None
    if kind != "support":
        return kind, None  # type: ignore[return-value]
    conditions = _conditions(sent, word, following)
    if conditions is None:
        return "support", None
    return "conditional", conditions or None


def _governing(marks: dict[str, list[Token]], targets: list[Token]) -> tuple[str, Token] | None:
    """The stance word closest above an issue cue in the parse."""
    best: tuple[int, str, Token] | None = None
    for kind, toks in marks.items():
        for tok in toks:
            for target in targets:
                depth = _depth_below(target, tok)
                if depth is not None and (best is None or depth < best[0]):
                    best = (depth, kind, tok)
    return (best[1], best[2]) if best else None


def _depth_below(target: Token, ancestor: Token) -> int | None:
    """How far ``ancestor`` stands above ``target``; None when it does not govern it. A conjunct
    is governed by what governs its first conjunct, not by that conjunct ("demanded that Ukraine
    be *barred* from NATO and that no foreign power station troops": "barred" is no stance on the
    troops)."""
    below = target
    for depth, tok in enumerate(target.ancestors, start=1):
        if tok.i == ancestor.i:
            return None if below.dep_ == "conj" else depth
        below = tok
    return None


SIDE = ("advcl", "relcl")  # clauses that say something of their own about the sentence


def _nearest(marks: dict[str, list[Token]], targets: list[Token]) -> tuple[str, Token] | None:
    """The stance word nearest an issue cue no stance word governs (a parse gone astray), but
    not one in a side clause of its own ("need a strong deterrent *to prevent* future attacks")."""
    pairs = [
        (abs(tok.i - t.i), kind, tok)
        for kind, toks in marks.items()
        for tok in toks
        if tok.dep_ not in SIDE or len(targets) == len(tok.sent)
        for t in targets
    ]
    if not pairs:
        return None
    _d, kind, tok = min(pairs, key=lambda p: p[0])
    return kind, tok


def _negated(word: Token) -> bool:
    """ "did not agree", "never accept", "will under no conditions accept"."""
    for child in word.children:
        if child.dep_ == "neg" or child.lower_ == "never":
            return True
        if child.dep_ == "prep" and any(t.lower_ == "no" for t in child.subtree):
            return True
    return False


def _not_yet(word: Token) -> bool:
    """ "Russia has not agreed to the ceasefire", "has not yet accepted": support not given so
    far, a perfect or a "yet", not a refusal."""
    perfect = word.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in word.children)
    return perfect or any(c.lower_ == "yet" for c in word.children)


def _not_simply(word: Token) -> bool:
    """ "would not *simply* accept the proposal but attach conditions": a yes with more to it (its
    conditions after the "but"), not a no."""
    return any(c.dep_ == "advmod" and c.lower_ in ("simply", "just", "merely", "only") for c in word.children)


def _held_back(word: Token) -> bool:
    """Support the text says is held back ("its *reluctance* to fully endorse", "*hesitant* to
    back"): not yet given (``reluctance.txt``)."""
    head = word.head if word.dep_ in ("acl", "xcomp", "advcl") else None
    return head is not None and head.i != word.i and bool(_cues("reluctance").find([head]))


def _conditions(sent: Span, word: Token, following: Span | None) -> str | None:
    """The conditions the speaker attaches to support: after a marker later in the sentence, or
    heading the next sentence ("But we proceed from ..."); "in principle" alone makes support
    conditional."""
    words = list(sent)
    markers = _cues("condition").find(words)
    for first, last, _e in markers:
        if words[first].i > word.i:
            last = _chain_end(markers, last)  # "but only if": the conditions follow the last marker
            if rest := _text_after(sent, words[last - 1]):
                return rest
    if following is not None:
        lead = [t for t in following if not t.is_space and not t.is_punct][:2]
        found = _cues("condition").find(lead)
        if found and found[0][0] == 0 and (rest := _text_after(following, lead[found[0][1] - 1])):
            return rest
    if _cues("inprinciple").find(words):
        return ""
    return None


def _chain_end(markers: list[tuple[int, int, str]], last: int) -> int:
    ends = {first: end for first, end, _e in markers}
    while last in ends:
        last = ends[last]
    return last


def _text_after(span: Span, tok: Token) -> str:
    """The words after ``tok`` to the end of the span, less a leading "added that"."""
    rest = [t for t in span if t.i > tok.i]
    if len(rest) > 2 and rest[0].lemma_ in SPEECH and rest[1].lower_ == "that":
        rest = rest[2:]
    if not rest:
        return ""
    text = span.doc.text[rest[0].idx : span.end_char].strip(" ,;:\n")
    return text.rstrip(".”\"’' ").strip("“\"‘”' ")
