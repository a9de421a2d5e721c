"""Building copies of real articles: exact, re-wrapped, truncated, spun.

Shared by ``bench/copies.py`` and the scale benchmark. A spun copy replaces
a share of the words (of all word tokens) with WordNet synonyms from their
most frequent senses, as article spinners do, leaving capitalised words
(names) and numbers alone and keeping sentence order.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from sitrep.link.text import STOPWORDS, split_sentences

_TOKEN = re.compile(r"[A-Za-z]+|[^A-Za-z]+")

HEADERS = [
    "Breaking News | World | Politics | Business | Sign in\nAdvertisement",
    "Home > World News > Europe\nShare on Facebook Share on Twitter Email",
    "SUBSCRIBE NOW and get unlimited access to our journalism.\nTop Stories",
]
FOOTERS = [
    "Follow us on social media for the latest updates.\nCopyright 2025 Daily World Wire. All rights reserved.",
    "Related articles: More from our World section.\nSign up for our newsletter. Privacy policy | Terms of use",
    "Comments are closed.\nAdvertisement\nRead more on our app. Download it today.",
]


def wrap(text: str, rng: random.Random) -> str:
    """The same story inside new site boilerplate (header and footer lines)."""
    return f"{rng.choice(HEADERS)}\n{text}\n{rng.choice(FOOTERS)}"


def truncate(text: str, rng: random.Random) -> str:
    """The first 40-60% of the sentences, as teaser reposts and paywalled copies do."""
    spans = split_sentences(text)
    keep = max(3, round(len(spans) * rng.uniform(0.4, 0.6)))
    return text[: spans[min(keep, len(spans)) - 1][1]]


def _inflect(word: str, synonyms: dict[str, list[str]]) -> list[str]:
    if word in synonyms:
        return synonyms[word]
    for suffix in ("ing", "ed", "es", "s", "d"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) > 2:
            for candidate in (base, base + "e"):
                if candidate in synonyms:
                    return [
                        s + suffix if not (s.endswith("e") and suffix[0] == "e") else s + suffix[1:]
                        for s in synonyms[candidate]
                    ]
    return []


def spin(text: str, share: float, rng: random.Random, synonyms: dict[str, list[str]]) -> str:
    """Replace ``share`` of all word tokens by synonyms (lower-case content words only)."""
    tokens = _TOKEN.findall(text)
    word_idx = [i for i, t in enumerate(tokens) if t[0].isalpha()]
    eligible = [
        i
        for i in word_idx
        if tokens[i].islower() and tokens[i] not in STOPWORDS and _inflect(tokens[i], synonyms)
    ]
    n = min(len(eligible), round(share * len(word_idx)))
    for i in rng.sample(eligible, n):
        tokens[i] = rng.choice(_inflect(tokens[i], synonyms))
    return "".join(tokens)


def _spinner(share: float, synonyms: dict[str, list[str]]) -> Callable[[str, random.Random], str]:
    return lambda text, rng: spin(text, share, rng, synonyms)


def variants(synonyms: dict[str, list[str]]) -> dict[str, Callable[[str, random.Random], str]]:
    return {
        "exact": lambda t, r: t,
        "boilerplate": wrap,
        "truncated": truncate,
        **{f"spun {int(p * 100)}%": _spinner(p, synonyms) for p in (0.05, 0.10, 0.20, 0.30)},
    }
