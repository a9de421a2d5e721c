"""Word lists and world knowledge, read from data files under ``sitrep/data/`` through one cache.

Dictionaries are data, not code (as PETRARCH2 keeps them): a list of words is a
``.txt`` file (one entry a line, ``#`` starts a comment), a table is a ``.json``
file whose ``about`` says what it holds and where it comes from. Each meaning
has one file; every stage that needs it reads it here.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterator, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


@functools.cache
def words(name: str) -> frozenset[str]:
    """The entries of ``data/<name>.txt``."""
    lines = (line.split("#", 1)[0].strip() for line in (DATA / f"{name}.txt").read_text("utf-8").splitlines())
    return frozenset(line for line in lines if line)


class _SpacyStopWords(Set[str]):
    """spaCy's English stop words, read on first use: importing spaCy takes about 2 s, which a
    command that only reads the store must not pay for a module that merely mentions them."""

    @functools.cached_property
    def _words(self) -> frozenset[str]:
        from spacy.lang.en.stop_words import STOP_WORDS

        return frozenset(STOP_WORDS)

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


SPACY_STOP_WORDS: Set[str] = _SpacyStopWords()


@functools.cache
def metonyms() -> dict[str, tuple[str, str]]:
    """Capitals and seats of government that stand for their state, lower-cased -> (state, ISO3)
    (``data/positions/metonyms.tsv``: "Moscow" and "the Kremlin" speak for Russia)."""
    out = {}
    for line in (DATA / "positions" / "metonyms.tsv").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            name, state, iso3 = (p.strip() for p in line.split("\t"))
            out[name.lower()] = (state, iso3)
    return out


@functools.cache
def table(name: str) -> dict[str, Any]:
    """The document of ``data/<name>.json``."""
    return json.loads((DATA / f"{name}.json").read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class AnchorEvent:
    name: str
    start: dt.date
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class OfficeHolder:
    name: str
    role: str
    country: str | None
    sector: str | None
    pattern: re.Pattern[str]
    tenures: tuple[tuple[dt.date, dt.date | None], ...]


@functools.cache
def anchor_events() -> tuple[AnchorEvent, ...]:
    """Well-known dated events that durations count from ("three-year full-scale invasion")."""
    return tuple(
        AnchorEvent(e["name"], dt.date.fromisoformat(e["start"]), re.compile(e["pattern"], re.I))
        for e in table("world/anchor_events")["events"]
    )


@functools.cache
def office_holders() -> tuple[OfficeHolder, ...]:
    """Office-holders with their tenures, and how the text names each with the title."""
    return tuple(
        OfficeHolder(
            h["name"],
            h["role"],
            h.get("country"),
            h.get("sector"),
            re.compile(h["pattern"]),
            tuple(
                (dt.date.fromisoformat(s), dt.date.fromisoformat(e) if e else None) for s, e in h["tenures"]
            ),
        )
        for h in table("world/office_holders")["holders"]
    )
