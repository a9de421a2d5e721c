"""The claim checker: which stored articles bear on a claim, and how (``sitrep check``).

For a claim text, the store is searched for articles that carry its content words: each word of
the claim stands for its stem and the stems of its paraphrases (``data/claims/paraphrase.txt``:
"encircled" also finds "surrounded", "encirclement"), one SQL query over the article text finds the
articles that have any of the rarer ones, and the candidates are ranked by the weighted share of the
claim's words they carry (names and numbers weigh most). Only the sentences of the best candidates
that carry enough of the claim are parsed, and each is judged by
:func:`sitrep.extract.claims.stance.assess` (``asserts``, ``disputes``, ``reports``).

One result per claim and article (CONTRACT.md ``checks.jsonl``): the article's stance is that of
its most related sentence (a dispute or relay first among equally related ones), and ``mentions``
lists every bearing span with its own stance and words, so an article that quotes one side and
the other ("Trump wrote ... surrounded"; "the general staff stated ... false and fabricated")
shows both.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sitrep import nlp
from sitrep.extract.claims.lexicon import STEM, paraphrase_groups
from sitrep.extract.claims.stance import (
    PRIORITY,
    RELATED,
    Term,
    _contrary,
    _lemma,
    _same_term,
    _token_groups,
    assess,
    claim_terms,
)
from sitrep.link.text import split_sentences
from sitrep.records import stable_id
from sitrep.store import schema

if TYPE_CHECKING:
    from spacy.tokens import Span

MAX_ARTICLES = 50  # candidates parsed per claim, best first
MIN_SHARE = 0.3  # weighted share of the claim's words an article (and a sentence) must carry
SEARCH_TERMS = 6  # the rarest (longest) words of the claim the SQL query looks for
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")


@dataclass(slots=True)
class CheckResult:
    """One article that bears on one claim (CONTRACT.md ``checks.jsonl``)."""

    claim_id: str
    claim: str
    article_id: str
    stance: str
    mentions: list[dict[str, Any]] = field(default_factory=list)
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class _Term:
    alternatives: tuple[str, ...]  # lower-case stems, any of which carries the word
    weight: float


def claim_id_of(text: str) -> str:
    return stable_id("check", " ".join(text.lower().split()))


def check(
    engine: sa.Engine, claim: str, claim_id: str | None = None, limit: int = MAX_ARTICLES
) -> list[CheckResult]:
    """The articles of the store that bear on ``claim``, most related first."""
    claim_id = claim_id or claim_id_of(claim)
    terms = search_terms(claim)
    if not terms:
        return []
    candidates = _candidates(engine, terms, limit)
    out = []
    for article_id, outlet, text, _score in candidates:
        result = _judge(claim, claim_id, terms, article_id, outlet, text)
        if result is not None:
            out.append(result)
    return out


def check_many(engine: sa.Engine, claims: Iterable[tuple[str | None, str]]) -> list[CheckResult]:
    return [r for cid, text in claims for r in check(engine, text, cid)]


# --- the claim's words ---------------------------------------------------------------------------


@functools.cache
def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@functools.cache
def _paraphrases() -> dict[str, tuple[str, ...]]:
    """A word's stem -> the stems of its paraphrase group (one-word entries)."""
    by_group: dict[int, list[str]] = {}
    for phrase, gid in paraphrase_groups().items():
        by_group.setdefault(gid, []).append(phrase)
    out: dict[str, tuple[str, ...]] = {}
    for phrases in by_group.values():
        stems = tuple(dict.fromkeys(_stem(p) for p in phrases))
        for stem in stems:
            out[stem] = stems
    return out


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        word = word[:-1]
    return word[:STEM] if len(word) > STEM else word


def search_terms(claim: str) -> list[_Term]:
    terms: dict[str, _Term] = {}
    for i, raw in enumerate(WORD.findall(claim)):
        low = raw.lower()
        if low in _stopwords() or len(low) < 3 and not low[:1].isdigit():
            continue
        stem = _stem(raw)
        name = raw[:1].isupper() and i > 0 or raw[:1].isdigit()
        terms.setdefault(stem, _Term(_paraphrases().get(stem, (stem,)), 2.0 if name else 1.0))
    return list(terms.values())


def _share(terms: Sequence[_Term], text: str) -> float:
    low = text.lower()
    total = sum(t.weight for t in terms)
    return sum(t.weight for t in terms if any(a in low for a in t.alternatives)) / total


# --- retrieval -----------------------------------------------------------------------------------


def _candidates(
    engine: sa.Engine, terms: Sequence[_Term], limit: int
) -> list[tuple[str, str | None, str, float]]:
    """Articles carrying any of the claim's rarest words, ranked by the share of all they carry."""
    a = schema.articles
    # Longer, weightier words are rarer: they narrow the scan; any one of them admits an article.
    search = sorted(terms, key=lambda t: (-t.weight, -max(len(x) for x in t.alternatives)))[:SEARCH_TERMS]
    likes = [a.c.text.like(f"%{alt}%") for t in search for alt in t.alternatives]
    query = sa.select(a.c.id, a.c.outlet, a.c.original_outlet, a.c.text).where(sa.or_(*likes))
    found = []
    with engine.connect() as conn:
        for row in conn.execute(query):
            share = _share(terms, row.text)
            if share >= MIN_SHARE:
                found.append((row.id, row.original_outlet or row.outlet, row.text, share))
    found.sort(key=lambda r: (-r[3], r[0]))
    return found[:limit]


# --- judging one article -------------------------------------------------------------------------


def _judge(
    claim: str, claim_id: str, terms: Sequence[_Term], article_id: str, outlet: str | None, text: str
) -> CheckResult | None:
    spans = [(s, e) for s, e in split_sentences(text) if _share(terms, text[s:e]) >= MIN_SHARE]
    if not spans:
        return None
    mentions = []
    best: tuple[float, int, str] | None = None
    for (start, _end), doc in zip(spans, nlp.parse([text[s:e] for s, e in spans]), strict=True):
        if not _states_predicate(claim, doc[:]):
            continue  # names and places in common, but not what the claim says of them
        for a in assess(claim, doc):
            if a.label == "unrelated":
                continue
            begin, finish = start + a.start, start + a.end
            mentions.append(
                {
                    "article_id": article_id,
                    "start": begin,
                    "end": finish,
                    "stance": a.label,
                    "text": text[begin:finish],
                    "relatedness": round(a.relatedness, 3),
                    "signals": list(a.signals),
                }
            )
            key = (round(a.relatedness, 2), PRIORITY[a.label], a.label)
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None or best[0] < RELATED:
        return None
    mentions.sort(key=lambda m: (-m["relatedness"], -PRIORITY[m["stance"]], m["start"]))
    return CheckResult(claim_id, claim, article_id, best[2], mentions, outlet)


@functools.lru_cache(maxsize=1024)
def _predicates(claim: str) -> list[Term]:
    """The claim's predicate words: its main verb (or the predicate noun or adjective of a copula)."""
    span = next(iter(nlp.parse([claim])))[:]
    groups = _token_groups(span)
    root = span.root
    heads = [root, *(c for c in root.children if c.dep_ in ("acomp", "attr", "oprd") and c.pos_ != "PRON")]
    return [
        Term(_lemma(t), t.lower_, 1.0, groups[t.i - span.start])
        for t in heads
        if t.pos_ in ("VERB", "NOUN", "ADJ", "PROPN") and not t.is_stop
    ]


def _states_predicate(claim: str, unit: Span) -> bool:
    """The unit says what the claim says (its predicate, in any wording) or the contrary of it."""
    predicates = _predicates(claim)
    if not predicates:
        return True
    groups = _token_groups(unit)
    if any(_same_term(p, t, groups[t.i - unit.start]) for p in predicates for t in unit):
        return True
    return _contrary(claim_terms(claim), unit) is not None


# --- input ---------------------------------------------------------------------------------------


def read_claims(lines: Iterable[str]) -> list[tuple[str | None, str]]:
    """Claims from a file: one a line, or JSONL ``{"id": ..., "text": ...}``."""
    import json

    out: list[tuple[str | None, str]] = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("{"):
            record = json.loads(line)
            out.append((str(record["id"]) if record.get("id") is not None else None, str(record["text"])))
        else:
            out.append((None, line))
    return out
