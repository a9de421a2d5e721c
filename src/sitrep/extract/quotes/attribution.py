"""Speech or stance: whether a quote reports words someone uttered, or a belief, wish,
decision or view they hold (CONTRACT.md, quotes.attribution).

Decided from the cue's word (the lists of ``sitrep/data/quotes``) and the shape of what it
reports: a speech verb or noun with a clause or quoted words is speech ("said that ...",
"his claim that ...", "according to"); a speech verb with only a noun phrase reports what was
spoken *about* ("praised the proposal", "stressed the need for monitors"), a position, so
stance; belief, intention, emotion and evaluation cues are stance ("wants", "believes",
"X's decision to", "is skeptical of").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from sitrep.extract.quotes.lexicon import lemma_of, word_list
from sitrep.extract.quotes.syntax import Cue

if TYPE_CHECKING:
    from spacy.tokens import Doc

Attribution = Literal["speech", "stance"]


def has_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether a reported span is a clause or infinitive ("that it would ...", "to retake ..."),
    not a noun phrase, even one holding a verb ("a plan for rearming Europe")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.pos_ in ("VERB", "AUX")


def attribution_of(doc: Doc, cue: Cue | None, kind: str, span: tuple[int, int]) -> Attribution:
    """``speech`` or ``stance`` for one quote, from its cue and the span it reports."""
    if cue is None:
        return "speech"  # marked words without an attribution of their own: uttered by someone
    word = cue.verb
    if word is None:
        return "speech"  # "according to X", "X: words", transcript turns, dash-signed quotes
    lemma = lemma_of(word)
    if lemma == "make" and any(t.lower_ == "clear" for t in doc[word.i + 1 : word.i + 4]):
        return "speech"  # "made clear that ..."
    if word.pos_ == "ADP":
        # "In a statement, ...": the frame's document; "In his view", "In a poll": a view held
        source = cue.speaker.lemma_.lower() if cue.speaker is not None else ""
        return "speech" if source in word_list("speech_nouns") else "stance"
    speechy = lemma in word_list("speech_verbs") if word.pos_ in ("VERB", "AUX") else False
    if word.pos_ == "NOUN":
        speechy = lemma in word_list("speech_nouns")
    if not speechy:
        return "stance"
    if kind != "indirect" or lemma in word_list("object_speech_verbs"):
        return "speech"  # quoted words under a speech cue; "denied claims of an encirclement"
    return "speech" if has_clause(doc, *span) else "stance"
