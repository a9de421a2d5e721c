"""Fast, spaCy-free text features shared by the linkers.

Linkers see the whole corpus at once (up to 10^5 articles), so everything
here is regex tokenisation and integer hashing: no parsing, no models.
Hashes are derived from ``zlib.crc32`` rather than Python's ``hash`` so that
results do not depend on ``PYTHONHASHSEED`` (stable ids, repeatable runs).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from sitrep.calendar_words import WEEKDAY_NAMES

# numpy is imported where shingles are hashed: a command that only reads the store need not load it
if TYPE_CHECKING:
    import numpy as np

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "told",
        "according",
        "one",
        "two",
        "three",
        "four",
        "new",
        "would",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "us",
        "also",
        "however",
        "since",
        "still",
        "yet",
    ]
)

# Capitalised words that start sentences or name calendar slots carry no identity.
_NOT_NAMES = STOPWORDS | frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "sen",
        "rep",
        "gov",
        "president",
        "minister",
        "prime",
        "secretary",
        "chief",
        *WEEKDAY_NAMES,
    ]
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_TOKEN_WITH_CASE = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’.-][^\W\d_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"'s$")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_SPACE = re.compile(r"\s+")
_QUOTE_MAP = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‐": "-", "–": "-", "—": "-"}
_QUOTE_CHARS = re.compile("[" + "".join(_QUOTE_MAP) + "]")

# A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace and
# an upper-case letter, digit or opening quote, or at a line break.
_BOUNDARY = re.compile(r"([.!?]+[\"'”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
_ABBREV = re.compile(
    r"(?:\b(?:[A-Z]\.)+[A-Z]?|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|St|Jr|Sr|No|Vol|Jan|Feb|"
    r"Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Inc|Corp|Co|Ltd|vs|etc|Prof|Adm|Maj|Rev)\.?)$"
)


def normalize(text: str) -> str:
    """Case-, quote-, punctuation- and space-insensitive form used for hashing."""
    text = _ascii_quotes(unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(_WORD.findall(text))


def _ascii_quotes(text: str) -> str:
    # str.translate with a dict is slow on long texts; a regex finds the few hits.
    return _QUOTE_CHARS.sub(lambda m: _QUOTE_MAP[m.group()], text)


def text_hash(text: str) -> str:
    return hashlib.sha1(normalize(text).encode("utf-8")).hexdigest()


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits)."""
    return _WORD.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to match 'talks'/'talked'/'talking'."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, keep in (
        ("ations", 3),
        ("ation", 3),
        ("ings", 3),
        ("ing", 3),
        ("ness", 3),
        ("ment", 3),
        ("ies", 3),
        ("ied", 3),
        ("ed", 3),
        ("es", 3),
        ("ly", 3),
        ("s", 3),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 2 or w.isdigit())]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text``, trimmed of whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(1):
            end = match.end(1)
            if _ABBREV.search(text[max(start, end - 12) : end]):
                continue
        else:
            end = match.start()
        _add_span(text, start, end, spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def anchors(text: str) -> list[str]:
    """Names and numbers in order: the tokens a paraphrasing spinner leaves alone.

    Capitalised words (not function words, so sentence-initial 'The' is
    skipped) and numbers, lower-cased; a number keeps its digits only.
    """
    out: list[str] = []
    for token in _cased_tokens(text):
        if token[0].isdigit():
            out.append(re.sub(r"[.,:]", "", token))
        elif token[0].isupper():
            low = token.lower()
            if low not in _NOT_NAMES and len(low) > 1:
                out.append(low)
    return out


def _cased_tokens(text: str) -> list[str]:
    # Possessives name the same entity: "Russia's" is "Russia".
    return [_POSSESSIVE.sub("", t) for t in _TOKEN_WITH_CASE.findall(text.replace("’", "'"))]


def entities(text: str) -> list[str]:
    """Named-entity-like strings: runs of capitalised words (and single names), numbers."""
    out: list[str] = []
    run: list[str] = []
    for token in _cased_tokens(text):
        if token[0].isupper() and token.lower() not in _NOT_NAMES and len(token) > 1:
            run.append(token.lower())
            continue
        if run:
            out.extend(_runs(run))
            run = []
        if token[0].isdigit() and _NUMBER.fullmatch(token):
            out.append("#" + re.sub(r"[,]", "", token))
    if run:
        out.extend(_runs(run))
    return out


def _runs(run: list[str]) -> list[str]:
    # "Vladimir Putin" counts as the full name and as "putin", so a later
    # bare "Putin" matches it.
    return [" ".join(run), run[-1]] if len(run) > 1 else run


@lru_cache(maxsize=500_000)
def _token_hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


@cache
def _mix() -> np.ndarray:
    import numpy as np

    return np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646C], dtype=np.uint64)


def shingle_hashes(tokens: Sequence[str], k: int) -> np.ndarray:
    """Unique 32-bit hashes of the ``k``-token shingles of ``tokens`` (all tokens if fewer)."""
    import numpy as np

    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter((_token_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    if len(ids) < k:
        k = len(ids)
    n = len(ids) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    mix = _mix()
    for i in range(k):
        acc = acc * np.uint64(0x100000001B3) + ids[i : i + n] * mix[i % len(mix)]
        acc ^= acc >> np.uint64(29)
    return np.unique(acc & np.uint64(0xFFFFFFFF))
