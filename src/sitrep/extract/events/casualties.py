"""Fatalities and injured of an event, as numbers ("killing one person", "two people were injured")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sitrep.extract.events.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

# Counts above this are not casualty figures of one event (years, serial numbers).
MAX_COUNT = 1_000_000
_CLAUSES = {"advcl", "conj", "ccomp", "relcl", "parataxis", "xcomp", "acl"}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")


def number(tok: Token, lex: Lexicon) -> int | None:
    """The value of a count word ("14", "two", "dozens", "1,200")."""
    text = tok.lower_
    if _DIGITS.match(text):
        value = int(text.replace(",", ""))
        return value if value <= MAX_COUNT else None
    if text in lex.numbers:
        return lex.numbers[text]
    if text in lex.vague:
        return lex.vague[text]
    parts = text.split("-")  # "twenty-five"
    if len(parts) == 2 and all(p in lex.numbers for p in parts):
        return lex.numbers[parts[0]] + lex.numbers[parts[1]]
    return None


def _count(noun: Token, lex: Lexicon) -> int | None:
    """The count of a noun phrase: the noun itself ("killed 14") or its number ("14 people")."""
    value = number(noun, lex)
    if value is not None:
        return value
    for child in noun.children:
        if child.dep_ in ("nummod", "quantmod", "amod", "det") or child.like_num:
            value = number(child, lex)
            if value is not None:
                return _scaled(child, value, lex)
        if child.dep_ == "prep" and child.lower_ == "of":  # "dozens of civilians"
            continue
    return None


def _scaled(tok: Token, value: int, lex: Lexicon) -> int:
    """'two hundred', '3 thousand'."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in ("hundred", "thousand") and value < 1000:
        return value * lex.numbers[nxt.lower_]
    return value


def _victim_counts(word: Token, lex: Lexicon) -> list[int]:
    """Counts the casualty word applies to: its object, passive subject, head noun, or itself."""
    out = []
    for child in word.children:
        if child.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "npadvmod", "nummod"):
            if child.dep_ == "nsubj" and word.pos_ == "VERB" and word.lemma_.lower() not in ("die",):
                continue  # "an attack killed four": the subject is the killer
            value = _count(child, lex)
            if value is not None:
                out.append(value)
        if child.dep_ == "prep" and child.lower_ == "to":  # "the toll rose to 20"
            out += [v for g in child.children if (v := _count(g, lex)) is not None]
    if word.dep_ in ("amod", "acl") and word.head.pos_ in ("NOUN", "PROPN", "NUM"):
        value = _count(word.head, lex)  # "four crew members killed", "14 dead"
        if value is not None:
            out.append(value)
    return out


def casualties(parts: list[Token], lex: Lexicon) -> tuple[int | None, int | None]:
    """(fatalities, injured) stated by the casualty words around an event's trigger."""
    killed: list[int] = []
    injured: list[int] = []
    seen: set[int] = set()
    for tok in parts:
        # the trigger's own words, not the clauses hanging from it (another attack's dead)
        for word in (tok, *(c for c in tok.children if c.dep_ not in _CLAUSES)):
            if word.i in seen:
                continue
            seen.add(word.i)
            lemma = word.lemma_.lower()
            if lemma in lex.killed:
                killed += _victim_counts(word, lex)
            elif lemma in lex.injured:
                injured += _victim_counts(word, lex)
    return (max(killed) if killed else None), (max(injured) if injured else None)
