"""Claims across articles: group mentions of one proposition and tell who asserts and who disputes it.

A mention is a proposition one article states, denies or relays (:class:`ClaimMention`, its stance
given by :func:`sitrep.extract.claims.stance`). Mentions are keyed by their content words, each
reduced to a paraphrase group ("surrounded" and "encircled" share one) or a stem ("Ukraine" and
"Ukrainian"); negators and stance cues are left out, so "troops are not encircled" and "reports of
the encirclement are false" fall with "troops are encircled". Candidate pairs come from prefix
filtering on an inverted index of keys (each mention probes only its rarest keys, and none shared
by more than MAX_BLOCK mentions), so grouping stays sub-quadratic; a pair is similar when the keys it shares carry
enough of both mentions' weight (IDF-weighted overlap), and groups are stars of similar mentions
round a leader, so no chain of near neighbours makes one giant claim. Thresholds were tuned on the
Emergent tune split (headlines grouped by claim, bench/claims.py).

Status: ``contested`` when the claim is both asserted (or relayed from a named speaker) and
disputed; else ``corroborated`` when its mentions come from two or more independent articles
(copies and reprints counted once, through ``originals``); else ``single-source``.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from sitrep.extract.claims.lexicon import STEM, cues, forms, paraphrase_group
from sitrep.records import ActorRef, Claim, ClaimEvidence, ClaimMention, stable_id

# A key shared by more mentions than this is not probed ("Russia", "said"): it would make candidate
# generation quadratic and says little about the proposition (only mentions made of such words
# alone lose candidates by it).
MAX_BLOCK = 100
# Weighted share of each mention's keys the pair must have in common (shorter one, longer one).
MIN_OVERLAP = 0.4
MIN_OVERLAP_LONGER = 0.2
MIN_SHARED = 2  # keys in common, unless a mention has fewer keys than this
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*")
CUE_LISTS = ("refute", "refute_report", "hedge", "report", "attribution", "negation", "claim_nouns")


@dataclass(frozen=True, slots=True)
class _Keyed:
    index: int
    keys: frozenset[str]


def group_claims(mentions: Sequence[ClaimMention], originals: Mapping[str, str] | None = None) -> list[Claim]:
    """Claims from mentions, one per group of mentions of the same proposition.

    ``originals`` maps an article id to the id of the article it copies or reprints (an article
    absent from it is its own original).
    """
    originals = originals or {}
    keys = [mention_keys(m.text) for m in mentions]
    # Mentions with the same keys (copies, repeated quotes) are one proposition: pair them once.
    distinct = list(dict.fromkeys(keys))
    keyed = [_Keyed(i, k) for i, k in enumerate(distinct)]
    idf = _idf(keyed)
    groups = _stars(len(keyed), _matching_pairs(keyed, idf))
    members_of: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        members_of[k].append(i)
    claims = []
    for group in groups:
        members = sorted(i for g in group for i in members_of[distinct[g]])
        claims.append(_claim([mentions[i] for i in members], [keys[i] for i in members], idf, originals))
    return sorted(claims, key=lambda c: (c.status != "contested", -len(c.mentions), c.id))


# --- keys ----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def mention_keys(text: str) -> frozenset[str]:
    """The content keys of a proposition: paraphrase groups and stems of its content words."""
    keys = set()
    for raw in WORD.findall(text):
        word = raw.lower().removesuffix("'s").strip("'-")
        if len(word) < 2 or word in STOP_WORDS or forms(word, word) & _cue_words():
            continue
        keys.add(_key(word))
    return frozenset(keys)


@functools.lru_cache(maxsize=65536)
def _key(word: str) -> str:
    if word[:1].isdigit():
        return word.replace(",", "").rstrip(".")
    for form in sorted(forms(word, word), key=len):
        if (gid := paraphrase_group(form)) is not None:
            return f"g{gid}"
    return word[:STEM] if len(word) >= STEM else min(forms(word, word), key=len)


@functools.cache
def _cue_words() -> frozenset[str]:
    """Single-word stance cues: they say how a text holds a claim, not what the claim is."""
    words = set()
    for name in CUE_LISTS:
        for entries in cues(name).by_first.values():
            words.update(w[0] for w, _pos in entries if len(w) == 1)
    return frozenset(words)


def _idf(keyed: Sequence[_Keyed]) -> dict[str, float]:
    df = Counter(k for m in keyed for k in m.keys)
    n = len(keyed) + 1
    return {k: math.log(n / c) + 1.0 for k, c in df.items()}


# --- candidate pairs and the groups they make ----------------------------------------------------


def _matching_pairs(keyed: Sequence[_Keyed], idf: Mapping[str, float]) -> Iterable[tuple[int, int]]:
    """Pairs of mentions similar enough to merge, found by prefix filtering: a pair that shares at
    least MIN_OVERLAP of the lighter mention's key weight shares one of its rarest keys, so each
    mention probes the index with those only."""
    index: dict[str, list[int]] = defaultdict(list)
    for m in keyed:
        for k in m.keys:
            index[k].append(m.index)
    weight = [sum(idf[k] for k in m.keys) for m in keyed]
    for m in keyed:
        candidates: set[int] = set()
        for k in _prefix(m.keys, idf, weight[m.index]):
            if len(index[k]) <= MAX_BLOCK:
                candidates.update(index[k])
        mine = (weight[m.index], m.index)
        for j in candidates:
            # Found from the lighter side of the pair only: its prefix is the one that must hit.
            if mine < (weight[j], j) and _similar(m.keys, keyed[j].keys, weight[m.index], weight[j], idf):
                yield m.index, j


def _prefix(keys: frozenset[str], idf: Mapping[str, float], total: float) -> list[str]:
    """The rarest keys of a mention, until the rest weigh less than MIN_OVERLAP of it."""
    rest = total
    prefix = []
    for k in sorted(keys, key=lambda k: (-idf[k], k)):
        if rest < MIN_OVERLAP * total:
            break
        prefix.append(k)
        rest -= idf[k]
    return prefix


def _similar(a: frozenset[str], b: frozenset[str], wa: float, wb: float, idf: Mapping[str, float]) -> bool:
    shared = a & b
    if not wa or not wb or len(shared) < min(MIN_SHARED, len(a), len(b)):
        return False
    common = sum(idf[k] for k in shared)
    return common / min(wa, wb) >= MIN_OVERLAP and common / max(wa, wb) >= MIN_OVERLAP_LONGER


def _stars(n: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Star clustering: the mention with most similar neighbours leads a group of them, and so on
    with what is left. Every member is similar to its leader, so unlike a transitive closure no
    chain of near neighbours can join unrelated propositions into one giant claim."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    leader = [-1] * n
    for i in sorted(range(n), key=lambda i: (-len(neighbours[i]), i)):
        if leader[i] != -1:
            continue
        leader[i] = i
        for j in neighbours[i]:
            if leader[j] == -1:
                leader[j] = i
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[leader[i]].append(i)
    return list(members.values())


# --- one claim -----------------------------------------------------------------------------------


def _claim(
    mentions: Sequence[ClaimMention],
    keys: Sequence[frozenset[str]],
    idf: Mapping[str, float],
    originals: Mapping[str, str],
) -> Claim:
    asserted = _actors(m for m in mentions if m.stance == "asserts" or m.stance == "reports" and m.speaker)
    disputed = _actors(m for m in mentions if m.stance == "disputes")
    asserters = {_actor_key(a) for a in asserted}
    supporting = [m for m in mentions if m.stance != "disputes"]
    if disputed and supporting:
        status = "contested"
    elif len({originals.get(m.article_id, m.article_id) for m in supporting}) >= 2:
        status = "corroborated"
    else:
        status = "single-source"
    evidence = [ClaimEvidence(m.article_id, m.start, m.end, m.stance, m.speaker) for m in mentions]
    evidence.sort(key=lambda e: (e.article_id, e.start))
    return Claim(
        id=stable_id("claim", *sorted((e.article_id, e.start, e.end) for e in evidence)),
        text=_representative(mentions, keys, idf),
        status=status,
        asserted_by=asserted,
        disputed_by=[a for a in disputed if _actor_key(a) not in asserters],
        mentions=evidence,
        sources=sorted({m.outlet for m in mentions if m.outlet}),
        independent_sources=len({originals.get(m.article_id, m.article_id) for m in mentions}),
    )


def _actors(mentions: Iterable[ClaimMention]) -> list[ActorRef]:
    """Distinct speakers; a mention without one stands for its outlet."""
    seen: dict[str, ActorRef] = {}
    for m in mentions:
        actor = m.speaker or (ActorRef(name=m.outlet) if m.outlet else None)
        if actor is not None:
            seen.setdefault(_actor_key(actor), actor)
    return list(seen.values())


def _actor_key(actor: ActorRef) -> str:
    return actor.actor_id or actor.name.lower()


def _representative(
    mentions: Sequence[ClaimMention], keys: Sequence[frozenset[str]], idf: Mapping[str, float]
) -> str:
    """The text of the mention whose keys the group shares most, asserting mentions first."""
    counts = Counter(k for ks in keys for k in ks)

    def centrality(i: int) -> tuple[bool, float, int]:
        shared = sum(idf[k] * (counts[k] - 1) for k in keys[i])
        return mentions[i].stance == "asserts", shared, -len(mentions[i].text)

    return mentions[max(range(len(mentions)), key=centrality)].text
