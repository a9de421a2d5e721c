"""Cue lists for claim stance, read from ``sitrep/data/claims/*.txt`` (see the README there)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA = Path(__file__).resolve().parents[2] / "data" / "claims"


# Inflections to undo on a word the tagger left unlemmatised (title-case headlines: "Denies").
SUFFIXES = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ied", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
)


@functools.lru_cache(maxsize=65536)
def forms(lemma: str, lower: str) -> frozenset[str]:
    """The forms an entry may match: the lemma, the lower-cased word and, where the tagger gave no
    lemma of its own, the word with a common inflection undone."""
    out = {lemma, lower}
    if lemma == lower:
        out.update(
            lower[: -len(s)] + r for s, r in SUFFIXES if lower.endswith(s) and len(lower) - len(s) >= 3
        )
    return frozenset(out)


def _words(token: Token) -> frozenset[str]:
    return forms(token.lemma_.lower(), token.lower_)


@dataclass(frozen=True, slots=True)
class CueList:
    """Lemma phrases of one meaning, indexed by their first word."""

    name: str
    by_first: dict[str, tuple[tuple[tuple[str, ...], str | None], ...]]

    def find(self, tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
        """Matches as (first, last+1) positions in ``tokens`` and the matched entry."""
        found: list[tuple[int, int, str]] = []
        for i, tok in enumerate(tokens):
            for form in _words(tok):
                for words, pos in self.by_first.get(form, ()):
                    if _matches_at(tokens, i, words, pos):
                        found.append((i, i + len(words), " ".join(words)))
        return found


def _matches_at(tokens: Sequence[Token], i: int, words: tuple[str, ...], pos: str | None) -> bool:
    if i + len(words) > len(tokens):
        return False
    if pos is not None and tokens[i].pos_ != pos and not (pos == "NOUN" and tokens[i].pos_ == "PROPN"):
        return False  # a noun in a title-case headline is often tagged PROPN
    return all(w in _words(tokens[i + j]) for j, w in enumerate(words))


def _lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].rstrip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line.strip()]


def cue_list(name: str, phrases: Iterable[str]) -> CueList:
    """A cue list from phrases, each "lemma words[<tab>POS]"."""
    index: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
    for line in phrases:
        phrase, _, pos = line.partition("\t")
        words = tuple(phrase.lower().split())
        if words:
            index.setdefault(words[0], []).append((words, pos.strip() or None))
    return CueList(name, {k: tuple(v) for k, v in index.items()})


@functools.cache
def load_cues(path: Path) -> CueList:
    """The cue list in the text file ``path`` (one entry a line, ``#`` comments)."""
    return cue_list(path.stem, _lines(path))


def cues(name: str) -> CueList:
    """The claim cue list ``name`` (refute, hedge, report, attribution, negation, ...)."""
    return load_cues(DATA / f"{name}.txt")


STEM = 6  # leading letters that stand for a word's derived forms ("encircled", "encirclement")


@functools.cache
def paraphrase_groups() -> dict[str, int]:
    """Lemma (or lemma phrase) -> the id of its group of same-meaning words."""
    groups: dict[str, int] = {}
    for gid, line in enumerate(_lines(DATA / "paraphrase.txt")):
        for phrase in line.split("|"):
            groups.setdefault(phrase.strip().lower(), gid)
    return groups


@functools.cache
def paraphrase_stems() -> dict[str, int]:
    """The first STEM letters of each longer one-word entry -> its group (the parser's lemma of a
    participle is often the participle itself: "encircled")."""
    return {w[:STEM]: gid for w, gid in paraphrase_groups().items() if " " not in w and len(w) >= STEM}


def paraphrase_group(lemma: str) -> int | None:
    table = paraphrase_groups()
    if lemma in table:
        return table[lemma]
    return paraphrase_stems().get(lemma[:STEM]) if len(lemma) >= STEM else None


@functools.cache
def contrary_pairs() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """(claim-side lemmas, contrary-side lemma phrases): stating the second denies the first."""
    pairs = []
    for line in _lines(DATA / "contrary.txt"):
        left, _, right = line.partition("\t")
        pairs.append(
            (frozenset(p.strip() for p in left.split("|")), frozenset(p.strip() for p in right.split("|")))
        )
    return tuple(pairs)
