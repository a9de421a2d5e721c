"""Claims across articles: group mentions of one proposition and tell who asserts and who disputes it.

A mention is a proposition one article states, denies or relays (:class:`ClaimMention`, its stance
given by :func:`sitrep.extract.claims.stance`). Mentions are keyed by their content words, each
reduced to a paraphrase group ("surrounded" and "encircled" share one) or a stem ("Ukraine" and
"Ukrainian"); negators and stance cues are left out, so "troops are not encircled" and "reports of
the encirclement are false" fall with "troops are encircled". Candidate pairs come from prefix
filtering on an inverted index of keys (each mention probes only its rarest keys, and none shared
by more than MAX_BLOCK mentions), so grouping stays sub-quadratic; a pair is similar when the keys it shares carry
enough of both mentions' weight (IDF-weighted overlap), and groups are stars of similar mentions
round a leader, so no chain of near neighbours makes one giant claim. Two long sentences must share
more of the longer one (a name and a topic word are a fifth of it), and no two share only words
everyday English uses ("want", "things", by wordfreq's frequencies), however rare in the corpus. Thresholds were tuned on the
Emergent tune split (headlines grouped by claim, bench/claims.py) and by reading the seeds' groups.

Status: ``contested`` when the claim is asserted (or relayed from a named speaker) and another
holder disputes the same proposition (:func:`_disputing`: never a speaker's own words, nor an outlet
sentence relaying them, nor a negated sentence sharing only topic words); else ``corroborated`` when its mentions come from two or more independent articles
(copies and reprints counted once, through ``originals``); else ``single-source``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from sitrep.clean.outlets import canonical_outlet
from sitrep.extract.claims.lexicon import STEM, cues, forms, paraphrase_group
from sitrep.extract.speakers import name_keys
from sitrep.lexicons import SPACY_STOP_WORDS as STOP_WORDS
from sitrep.link import Corpus, LinkResult, scope
from sitrep.link.actor_refs import ActorResolver
from sitrep.link.provenance import source_key
from sitrep.link.word_counts import TOTAL, WordCounts
from sitrep.records import ActorRef, Claim, ClaimEvidence, ClaimMention, ClaimStance, stable_id
from sitrep.stages import TableSpec, corpus_stage
from sitrep.store.sql import chunks, insert_rows

# A key shared by more mentions than this is not probed ("Russia", "said"): it would make candidate
# generation quadratic and says little about the proposition (only mentions made of such words
# alone lose candidates by it).
MAX_BLOCK = 100
# Weighted share of each mention's keys the pair must have in common (shorter one, longer one).
MIN_OVERLAP = 0.4
MIN_OVERLAP_LONGER = 0.2
# Both mentions of at least LONG keys (narrative sentences, not headlines): the longer share.
LONG = 8
MIN_OVERLAP_BOTH_LONG = 0.3
MIN_SHARED = 2  # keys in common, unless a mention has fewer keys than this
# One key in common at least must be this rare: in at most RARE_SHARE of the mentions, or
# MIN_RARE_MENTIONS (in a small corpus, such as one claim's mentions alone, no word is everyday). "Russia supports the U.S. ceasefire proposal" (Putin) and
# "All G7 foreign ministers agree with the U.S. proposal of a ceasefire" (Joly) share only words
# every sentence of the story uses: two propositions.
RARE_SHARE = 0.05
MIN_RARE_MENTIONS = 10
# Zipf frequency (log10 of uses per billion words) from which a word is everyday English: "want" 6.0,
# "things" 5.7; "deal" 5.3, "military" 5.2 and "peace" 5.0 are below.
EVERYDAY = 5.5
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*")
CUE_LISTS = ("refute", "refute_report", "hedge", "report", "attribution", "negation", "claim_nouns")


@dataclass(frozen=True, slots=True)
class _Keyed:
    index: int
    keys: frozenset[str]
    everyday: frozenset[str] = frozenset()  # keys of words everyday English uses ("want", "things")


def group_claims(
    mentions: Sequence[ClaimMention],
    originals: Mapping[str, str] | None = None,
    verbatim: frozenset[str] = frozenset(),
    spun: frozenset[str] = frozenset(),
    stats: Stats | None = None,
    components: dict[frozenset[str], frozenset[str]] | None = None,
) -> list[Claim]:
    """Claims from mentions, one per group of mentions of the same proposition.

    ``originals`` maps an article id to the id of the article it copies or reprints (an article
    absent from it is its own original); ``verbatim`` holds the ids of direct quotes, whose
    mentions are a speaker's own words and head their claim before a paraphrase of them; ``spun``
    holds the ids of machine-paraphrased copies, whose wording heads a claim only when nothing else
    states it. ``stats``: the weights of a corpus the mentions are part of (an incremental run
    over a scope weighs and blocks keys as a run over the whole corpus would); by default the
    mentions' own. ``components``, when given, is filled with each key set's connected component
    in the similarity graph (its first key set): stars form within one, so an incremental run
    regroups the components new mentions touch, whole.
    """
    originals = originals or {}
    keys = [mention_keys(m.text) for m in mentions]
    # Mentions with the same keys (copies, repeated quotes) are one proposition: pair them once.
    everyday: dict[frozenset[str], frozenset[str]] = {}
    for m, k in zip(mentions, keys, strict=True):
        everyday.setdefault(k, everyday_keys(m.text))
    distinct = list(everyday)
    keyed = [_Keyed(i, k, everyday[k]) for i, k in enumerate(distinct)]
    stats = stats or Stats.of(mentions, distinct)
    idf = stats.idf
    pairs = list(_matching_pairs(keyed, idf, stats.df))
    if components is not None:
        components.update(_components(distinct, pairs))
    groups = _stars(len(keyed), pairs)
    members_of: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        members_of[k].append(i)
    member_lists = [sorted(i for g in group for i in members_of[distinct[g]]) for group in groups]
    mentions = list(mentions)
    member_lists = _contrary_moves(mentions, member_lists, stats.common, stats.frames)
    member_lists = _answered_moves(mentions, keys, member_lists, idf, stats.common)
    claims = []
    for members in member_lists:
        if members:
            claims.append(
                _claim(
                    [mentions[i] for i in members], [keys[i] for i in members], idf, originals, verbatim, spun
                )
            )
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
def everyday_keys(text: str) -> frozenset[str]:
    """The keys of a mention's words that everyday English uses (Zipf frequency EVERYDAY or more)."""
    keys = set()
    for raw in WORD.findall(text):
        word = raw.lower().removesuffix("'s").strip("'-")
        if len(word) >= 2 and word not in STOP_WORDS and _zipf(word) >= EVERYDAY:
            keys.add(_key(word))
    return frozenset(keys)


@functools.lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    """A word's everyday frequency, as its most frequent form's ("wants" is as everyday as "want")."""
    return max(zipf_frequency(form, "en") for form in forms(word, word) | {word})


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


class _Idf(dict[str, float]):
    """Key weights, and the weight a key must reach to tell one proposition from the story's others."""

    rare: float = 0.0


def _idf(df: Mapping[str, int], keysets: int) -> _Idf:
    """Key weights from each key's count over ``keysets`` distinct key sets."""
    n = keysets + 1
    idf = _Idf({k: math.log(n / c) + 1.0 for k, c in df.items()})
    idf.rare = math.log(n / max(MIN_RARE_MENTIONS, RARE_SHARE * n)) + 1.0
    return idf


@dataclass(frozen=True, slots=True)
class Stats:
    """What grouping weighs a mention's keys by, counted over the whole corpus."""

    idf: _Idf
    # distinct key sets holding each key: a key held by more than MAX_BLOCK is not probed
    df: Mapping[str, int]
    common: frozenset[str]  # keys of names that are the corpus's setting (:func:`_common_keys`)
    # mentions stating each (predicate, name) frame, uncontrary; ``None``: count the mentions'
    frames: Mapping[str, int] | None = None

    @classmethod
    def of(cls, mentions: Sequence[ClaimMention], distinct: Sequence[frozenset[str]]) -> Stats:
        df = Counter(k for keys in distinct for k in keys)
        return cls(_idf(df, len(distinct)), df, _common_keys(mentions))


# --- candidate pairs and the groups they make ----------------------------------------------------


def _matching_pairs(
    keyed: Sequence[_Keyed], idf: _Idf, df: Mapping[str, int] | None = None
) -> Iterable[tuple[int, int]]:
    """Pairs of mentions similar enough to merge, found by prefix filtering: a pair that shares at
    least MIN_OVERLAP of the lighter mention's key weight shares one of its rarest keys, so each
    mention probes the index with those only. ``df``: how many key sets hold each key in the
    whole corpus (a key is blocked by its corpus-wide posting, not by the one of these)."""
    index: dict[str, list[int]] = defaultdict(list)
    for m in keyed:
        for k in m.keys:
            index[k].append(m.index)
    # Summed in key order: a float sum in set order differs by a bit between runs and can flip ties.
    weight = [sum(idf[k] for k in sorted(m.keys)) for m in keyed]
    for m in keyed:
        candidates: set[int] = set()
        for k in _prefix(m.keys, idf, weight[m.index]):
            if (len(index[k]) if df is None else df[k]) <= MAX_BLOCK:
                candidates.update(index[k])
        mine = (weight[m.index], m.index)
        for j in candidates:
            # Found from the lighter side of the pair only: its prefix is the one that must hit.
            if (
                mine < (weight[j], j)
                and _similar(m.keys, keyed[j].keys, weight[m.index], weight[j], idf)
                and m.keys & keyed[j].keys - (m.everyday & keyed[j].everyday)
            ):
                # ... and not only everyday words in common, however rare in a small corpus: "I
                # don't want to do that ... we could do things" and "He wants to drag things out"
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


def _similar(a: frozenset[str], b: frozenset[str], wa: float, wb: float, idf: _Idf) -> bool:
    shared = a & b
    if not wa or not wb or len(shared) < min(MIN_SHARED, len(a), len(b)):
        return False
    if max(idf[k] for k in shared) < idf.rare:
        return False  # only the story's everyday words in common ("agree", "ceasefire", "proposal")
    common = sum(idf[k] for k in sorted(shared))
    # Two long sentences must share more of the longer one: a name and a topic word or two
    # ("Trump's special envoy Steve Witkoff ... Moscow") are a fifth of a long sentence's weight.
    longer = MIN_OVERLAP_LONGER if min(len(a), len(b)) < LONG else MIN_OVERLAP_BOTH_LONG
    return common / min(wa, wb) >= MIN_OVERLAP and common / max(wa, wb) >= longer


def _components(
    distinct: Sequence[frozenset[str]], pairs: Iterable[tuple[int, int]]
) -> dict[frozenset[str], frozenset[str]]:
    """Each key set's connected component, named by its first key set."""
    root = list(range(len(distinct)))

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        root[max(ra, rb)] = min(ra, rb)
    return {keys: distinct[find(i)] for i, keys in enumerate(distinct)}


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


# --- contrary predicates ------------------------------------------------------------------------


def _frame_key(frame: str) -> str:
    """A predicate and a name, the name spelt loosely ("capture:sudzha")."""
    name, _, anchor = frame.partition(":")
    return f"{name}:{_key(anchor)}"


def _contrary_moves(
    mentions: list[ClaimMention],
    member_lists: list[list[int]],
    common: frozenset[str],
    frames: Mapping[str, int] | None = None,
) -> list[list[int]]:
    """Mentions stating the contrary of another group's predicate about the same named thing
    ("fighting continued in and around Sudzha" against "troops captured Sudzha": the frames of
    :func:`sitrep.extract.claims.mentions.frames`) move to that group as disputing it. Candidates
    come from an index of (predicate, name) frames, probed only where a posting is at most
    MAX_BLOCK long (``frames``: the corpus-wide lengths), so the step stays linear."""
    contrary = [i for i, m in enumerate(mentions) if any(f.startswith("~") for f in m.frames)]
    if not contrary:
        return member_lists
    group_of = {i: g for g, members in enumerate(member_lists) for i in members}
    index: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for f in m.frames:
            if (
                not f.startswith("~")
                and f"~{f}" not in m.frames
                and _frame_key(f).partition(":")[2] not in common
            ):
                index[_frame_key(f)].append(i)
    for i in contrary:
        scores: Counter[int] = Counter()
        for f in (f[1:] for f in mentions[i].frames if f.startswith("~")):
            posting = index.get(_frame_key(f), [])
            if (len(posting) if frames is None else frames.get(_frame_key(f), 0)) <= MAX_BLOCK:
                scores.update(j for j in posting if group_of[j] != group_of[i])
        if not scores:
            continue
        target = min(scores, key=lambda j: (-scores[j], mentions[j].article_id, mentions[j].start))
        member_lists[group_of[i]].remove(i)
        member_lists[group_of[target]].append(i)
        group_of[i] = group_of[target]
        if mentions[i].stance == "asserts":
            mentions[i] = dataclasses.replace(mentions[i], stance="disputes")
    return [sorted(m) for m in member_lists]


def _answered_moves(
    mentions: Sequence[ClaimMention],
    keys: Sequence[frozenset[str]],
    member_lists: list[list[int]],
    idf: Mapping[str, float],
    common: frozenset[str],
) -> list[list[int]]:
    """A speaker's assertion and another holder's dispute set against it in one article are one
    proposition, in whatever other words: Trump's "Hundreds of Russian troops are completely
    surrounded" and the General Staff's "reports of the alleged encirclement ... are false", both
    in the reprint. Within an article, an asserted mention alone in its group joins the group of a
    dispute by another holder when the two share a paraphrase group ("surrounded" / "encirclement")
    and another key. Only mentions of one article are compared, so the step stays linear."""
    group_of = {i: g for g, members in enumerate(member_lists) for i in members}
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_article[m.article_id].append(i)
    for members in by_article.values():
        disputes = [j for j in members if mentions[j].stance == "disputes" and mentions[j].speaker]
        for i in members:
            m = mentions[i]
            if (
                m.stance != "asserts"
                or m.speaker is None
                or _other_words(i, member_lists[group_of[i]], mentions)
            ):
                continue
            target = next((j for j in disputes if _answers(mentions[j], keys[j], m, keys[i], common)), None)
            if target is None or group_of[target] == group_of[i]:
                continue
            for k in [
                k
                for k in member_lists[group_of[i]]
                if keys[k] == keys[i]
                or mentions[k].text in mentions[i].text
                or mentions[i].text in mentions[k].text
            ]:
                member_lists[group_of[k]].remove(k)
                member_lists[group_of[target]].append(k)
                group_of[k] = group_of[target]
    return [sorted(m) for m in member_lists]


def _other_words(i: int, members: Sequence[int], mentions: Sequence[ClaimMention]) -> bool:
    """Whether the group holds a mention other than the mention itself in other spans (the quote
    and the sentence round it)."""
    text = mentions[i].text
    return any(text not in mentions[k].text and mentions[k].text not in text for k in members)


def _answers(
    dispute: ClaimMention, dk: frozenset[str], m: ClaimMention, mk: frozenset[str], common: frozenset[str]
) -> bool:
    """The dispute answers the assertion: another holder, and a shared paraphrase group the
    corpus does not use everywhere ("encircle" / "surround", not "troops" / "forces")."""
    if _holder(dispute) == _holder(m):
        return False
    shared = dk & mk
    return len(shared) >= 2 and any(k.startswith("g") and k[1:].isdigit() and k not in common for k in shared)


COMMON_NAME = 0.05  # a name in more than this share of mentions (and MIN_COMMON) is the setting


MIN_COMMON = 10


def _common_keys(mentions: Sequence[ClaimMention]) -> frozenset[str]:
    """Keys of names so common in the corpus ("Ukraine", "Russia") that a predicate about one
    ("defend Ukraine" against "captured ... in Ukraine") says nothing about which proposition."""
    df = Counter(k for m in {m.text for m in mentions} for k in mention_keys(m))
    floor = max(MIN_COMMON, COMMON_NAME * len(mentions))
    return frozenset(k for k, c in df.items() if c > floor)


# --- one claim -----------------------------------------------------------------------------------


def _claim(
    mentions: Sequence[ClaimMention],
    keys: Sequence[frozenset[str]],
    idf: _Idf,
    originals: Mapping[str, str],
    verbatim: frozenset[str] = frozenset(),
    spun: frozenset[str] = frozenset(),
) -> Claim:
    if all(m.stance == "disputes" for m in mentions):
        # Nothing states it but its negation: the claim is the negated proposition, asserted.
        mentions = [dataclasses.replace(m, stance="asserts") for m in mentions]
    mentions = _one_reading(mentions)
    disputing = _disputing(mentions, keys, idf)
    mentions = _own_words(mentions, {id(m) for m in disputing})
    spoken: dict[str, list[ClaimMention]] = defaultdict(list)
    for m in mentions:
        if m.speaker is not None:
            spoken[m.article_id].append(m)
    asserted = _actors(
        m
        for m in mentions
        if (m.stance == "asserts" or m.stance == "reports" and m.speaker)
        and not _carries_a_speaker(m, spoken[m.article_id])
    )
    asserters = {_actor_key(a) for a in asserted}
    disputed = [a for a in _actors(disputing) if _actor_key(a) not in asserters]
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
        text=_representative(mentions, keys, idf, verbatim, spun),
        status=status,
        asserted_by=asserted,
        disputed_by=disputed,
        mentions=evidence,
        sources=sorted({m.outlet for m in mentions if m.outlet}),
        independent_sources=len({originals.get(m.article_id, m.article_id) for m in mentions}),
    )


NEGATORS = re.compile(r"\b(?:not|no|never)\b|n['’]t\b", re.IGNORECASE)  # "can’t": no \b before n
SAME_WORDS = 90  # rapidfuzz ratio of two mentions that are one wording
MAX_PAIRS = 2500  # dispute-assertion pairs compared per claim


def _one_reading(mentions: Sequence[ClaimMention]) -> list[ClaimMention]:
    """A negated wording cannot both dispute and state a claim: where a mention disputes only by
    its negation and an assertion has the same words (one sentence parsed two ways: "no-signal" /
    "no signal"), the dispute is a misreading and takes the assertion's stance."""
    supporting = [m for m in mentions if m.stance != "disputes"][:50]
    out = []
    for m in mentions:
        if (
            m.stance == "disputes"
            and NEGATORS.search(m.text)
            and not any(f.startswith("~") for f in m.frames)
        ):
            twin = next((s for s in supporting if fuzz.ratio(s.text, m.text) >= SAME_WORDS), None)
            if twin is not None:
                m = dataclasses.replace(m, stance=twin.stance)
        out.append(m)
    return out


def _own_words(mentions: Sequence[ClaimMention], counted: set[int]) -> list[ClaimMention]:
    """A negation that disputes nothing but its own holder's words or their relay ("Russia has no
    way out but cease-fire. If needed we will sanction it", by Trump, in the sentence round it) is
    part of what its holder says: it asserts the claim, as the relaying sentence does."""
    supporting = [m for m in mentions if m.stance != "disputes"][:50]
    out = []
    for m in mentions:
        if m.stance == "disputes" and id(m) not in counted and _negation_only(m.text):
            twin = next((s for s in supporting if _holder(s) == _holder(m) or _relays(s, m)), None)
            if twin is not None:
                m = dataclasses.replace(m, stance="asserts")
        out.append(m)
    return out


def _disputing(
    mentions: Sequence[ClaimMention], keys: Sequence[frozenset[str]], idf: _Idf
) -> list[ClaimMention]:
    """The disputes that bear on what another actor's supporting mention says.

    A dispute counts against a supporting mention only when it comes from another holder and is
    not that mention relaying the dispute's own words ("Peskov said there are still no plans ..."
    by an outlet against Peskov's "there are still no plans ..."): a speaker cannot contest his
    own statement, and a hedge or negation inside one quote is part of it. Beyond that, a contrary
    statement moved to the claim, or a denial of the same span, bears on it; a refutation ("...
    are false") must match the supporting mention's keys; and a dispute that only negates its
    predicate ("there is no danger of ...") is a proposition in its own right, contesting only an
    assertion of the same predicate and arguments (both mentions' keys mostly shared)."""
    supporting = [(m, k) for m, k in zip(mentions, keys, strict=True) if m.stance != "disputes"]
    weight = {k: sum(idf[x] for x in sorted(k)) for _m, k in supporting}
    out = []
    budget = MAX_PAIRS
    for m, k in zip(mentions, keys, strict=True):
        if m.stance != "disputes":
            continue
        contrary = {_frame_key(f[1:]) for f in m.frames if f.startswith("~")}
        negation_only = not contrary and _negation_only(m.text)
        wk = sum(idf[x] for x in sorted(k))
        for s, sk in supporting[: max(0, budget)]:
            if _holder(s) == _holder(m) or _relays(s, m):
                continue
            if contrary:
                # "fighting continued around Sudzha" bears on "captured Sudzha", not on all the claim says
                if contrary & {_frame_key(f) for f in s.frames if not f.startswith("~")}:
                    out.append(m)
                    break
                continue
            if (s.article_id, s.start, s.end) == (m.article_id, m.start, m.end):
                out.append(m)
                break
            if negation_only:
                if _same_proposition(k, sk, wk, weight[sk], idf):
                    out.append(m)
                    break
            elif sk == k or _similar(k, sk, wk, weight[sk], idf):
                out.append(m)
                break
        budget -= len(supporting)
    return out


SAME_PROPOSITION = 0.5  # share of each mention's key weight a negation and an assertion must share


def _same_proposition(
    a: frozenset[str], b: frozenset[str], wa: float, wb: float, idf: Mapping[str, float]
) -> bool:
    """Both mentions state mostly the same keys: one predicate with its arguments, not a topic."""
    shared = a & b
    if not wa or not wb or len(shared) < min(MIN_SHARED + 1, len(a), len(b)):
        return False
    common = sum(idf[x] for x in sorted(shared))
    return common / max(wa, wb) >= SAME_PROPOSITION


def _negation_only(text: str) -> bool:
    """The mention disputes by a negator alone, with no word of refutation or denial in it."""
    if not NEGATORS.search(text):
        return False
    words = {w.lower() for w in WORD.findall(text)}
    return not any(forms(w, w) & _refute_words() for w in words)


@functools.cache
def _refute_words() -> frozenset[str]:
    words = set()
    for name in ("refute", "refute_report"):
        for entries in cues(name).by_first.values():
            words.update(w[0] for w, _pos in entries if len(w) == 1)
    return frozenset(words)


def _carries_a_speaker(m: ClaimMention, spoken: Sequence[ClaimMention]) -> bool:
    """An outlet's sentence round a named speaker's mention of the claim ("Trump continued, '...'",
    "... denied claims by Trump and Putin of ..."): the outlet relays, the speaker holds it.
    ``spoken``: the claim's mentions with a speaker in the mention's article."""
    return m.speaker is None and any(m.start <= o.start and o.end <= m.end for o in spoken)


def _holder(m: ClaimMention) -> str:
    """Who holds a mention: its speaker, else its outlet."""
    if m.speaker is not None:
        return _actor_key(m.speaker)
    return (m.outlet or "").lower()


def _relays(s: ClaimMention, m: ClaimMention) -> bool:
    """``s`` carries the words of dispute ``m`` (the sentence round a quote, a fragment of it with
    no speaker of its own, a reprint): one statement read twice, not two holders. A speaker's claim
    that the dispute quotes to deny it ("denied claims by Trump *of an encirclement*") is no relay."""
    if s.speaker is not None and len(s.text) < len(m.text):
        return False
    if s.article_id == m.article_id and s.start < m.end and m.start < s.end:
        return (s.start, s.end) != (m.start, m.end)
    return fuzz.partial_ratio(s.text, m.text) >= SAME_WORDS


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
    mentions: Sequence[ClaimMention],
    keys: Sequence[frozenset[str]],
    idf: Mapping[str, float],
    verbatim: frozenset[str] = frozenset(),
    spun: frozenset[str] = frozenset(),
) -> str:
    """The text of the mention whose keys the group shares most: one in plain words that does not
    dispute it first (a spun copy's garble reads worse than a relay of the claim), then asserting
    mentions, an actor's before an outlet's sentence, a direct quote before a paraphrase."""
    counts = Counter(k for ks in keys for k in ks)

    def centrality(i: int) -> tuple[bool, bool, bool, bool, float, int]:
        shared = sum(idf[k] * (counts[k] - 1) for k in sorted(keys[i]))
        # An actor's own assertion states the claim better than an outlet's sentence about it,
        # and his very words better than a paraphrase of them.
        held = mentions[i].speaker is not None
        own = mentions[i].quote_id in verbatim
        plain = mentions[i].article_id not in spun
        readable = plain and mentions[i].stance != "disputes"
        return readable, mentions[i].stance == "asserts", held, own, shared, -len(mentions[i].text)

    return mentions[max(range(len(mentions)), key=centrality)].text


# --- the corpus stage ----------------------------------------------------------------------------

READS = ["claim_mentions", "quotes", "fused_events", "actors"]


@corpus_stage(
    "claims",
    tables=[TableSpec("claims", Claim, per_article=False, columns=("status",))],
    # sources follow copy_of; speakers their actors; coded events are claims too (event_mentions)
    requires=["claim_mentions", "copies", "statements", "fused_events"],
    reads=READS,
    incremental=True,
)
def link_claims(corpus: Corpus) -> LinkResult:
    """Every claim of the corpus; after an ingest, only the claims the new mentions can join or
    change (:func:`_link_new`), rebuilt whole and weighed with the corpus's counts."""
    if corpus.incremental:
        return _link_new(corpus)
    mentions = corpus_mentions(corpus)
    components: dict[frozenset[str], frozenset[str]] = {}
    claims = group_claims(mentions, *_facts(corpus), components=components)
    if corpus.store is not None:
        recorded = {m.id for m in corpus.records.get("claim_mentions", [])}
        _index_all(corpus.store, mentions, claims, components, recorded)
    return LinkResult(tables={"claims": claims})


def corpus_mentions(corpus: Corpus, only: Iterable[str] | None = None) -> list[ClaimMention]:
    """The corpus's claim mentions with their speakers resolved, then the coded events that are
    not claim mentions already (``only``: of these articles alone)."""
    resolver = ActorResolver.of(corpus)
    mentions = [
        _canonical(resolver, resolver.claim_mention(m)) for m in corpus.records.get("claim_mentions", [])
    ]
    mentions += event_mentions(
        corpus,
        {(m.article_id, m.start, m.end) for m in mentions},
        {(m.article_id, m.start, m.end) for m in mentions if m.stance == "reports"},
        {(m.article_id, m.start, m.end) for m in mentions if m.quote_id},
    )
    if only is not None:
        wanted = set(only)
        mentions = [m for m in mentions if m.article_id in wanted]
    # An outlet by its canonical name ("voanews.com" is Voice of America): one source, one holder.
    return [dataclasses.replace(m, outlet=canonical_outlet(m.outlet)) if m.outlet else m for m in mentions]


def _facts(corpus: Corpus) -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """Per-article facts a claim is built with: each article's source, the direct quotes, the
    machine-paraphrased copies."""
    sources = {aid: source_key(aid, corpus.articles) for aid in corpus.articles}
    # A direct quote is a speaker's own words, unless read from a machine-paraphrased copy (spun:
    # "Hundreds of Russian troops are completely surrounded by the Russian army").
    spun = frozenset(aid for aid, a in corpus.articles.items() if a.copy_relation == "paraphrase")
    verbatim = frozenset(
        q.id for q in corpus.records.get("quotes", []) if q.kind == "direct" and q.article_id not in spun
    )
    return sources, verbatim, spun


# --- incremental linking -------------------------------------------------------------------------
#
# A whole run keeps in the store what grouping weighs by, counted over every mention: how many
# mentions have each key set and each text (``claim_mention_counts``, with the uncontrary frames
# for the contrary moves' blocking), each key's count over distinct key sets (``claim_key_df``:
# the IDF and MAX_BLOCK) and over distinct texts (``claim_text_df``: the common names), the
# distinct key sets themselves (``claim_keysets``), and postings from each key, frame and speaker
# to the mentions holding it and their claim (``claim_postings``). An ingest counts its mentions
# in, finds the stored mentions they can pair with through the postings, and rebuilds the claims
# those belong to from all their mentions.

_INDEX = sa.MetaData()
MEMBERS = sa.Table(
    "claim_members",
    _INDEX,
    sa.Column("article_id", sa.String(64), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("sig", sa.String(32), nullable=False),  # the mention's key set (claim_keysets)
    sa.Column("claim_id", sa.String(64), nullable=False),
    sa.Column("mention_id", sa.String(64), nullable=False),  # its claim_mentions id; "": an event's
    sa.Index("ix_claim_members_sig", "sig"),
    sa.Index("ix_claim_members_claim", "claim_id"),
    sa.Index("ix_claim_members_article", "article_id"),
)
POSTINGS = sa.Table(
    "claim_postings",
    _INDEX,
    # a key; "=frame" / "~frame"; "@actor_id\tname\tcountry\tsector"
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("sig", sa.String(32), nullable=False),
    sa.Column("claim_id", sa.String(64), nullable=False),
    sa.Index("ix_claim_postings_key", "key", "sig"),
    sa.Index("ix_claim_postings_claim", "claim_id"),
)
KEYSETS = sa.Table(
    "claim_keysets",
    _INDEX,
    sa.Column("sig", sa.String(32), primary_key=True),
    sa.Column("keys", sa.Text, nullable=False),  # space-separated, sorted
    sa.Column("everyday", sa.Text, nullable=False),
    # its connected component in the similarity graph, named by the sig of one of its key sets
    sa.Column("component", sa.String(32), nullable=False),
    sa.Index("ix_claim_keysets_component", "component"),
)
_MEMBER_COLUMNS = ("article_id", "start", "end", "sig", "claim_id", "mention_id")
_POSTING_COLUMNS = ("key", "sig", "claim_id")
_KEYSET_COLUMNS = ("sig", "keys", "everyday", "component")


def _sig(keys: Iterable[str]) -> str:
    return stable_id("keys", *sorted(keys), length=32)


def _plain_frames(m: ClaimMention) -> set[str]:
    """The frame keys a mention is indexed under for the contrary moves (see _contrary_moves)."""
    return {_frame_key(f) for f in m.frames if not f.startswith("~") and f"~{f}" not in m.frames}


def _contrary_frames(m: ClaimMention) -> set[str]:
    return {_frame_key(f[1:]) for f in m.frames if f.startswith("~")}


def _counted(m: ClaimMention) -> set[str]:
    keys = mention_keys(m.text)
    return {
        f"s{_sig(keys)}",
        f"t{stable_id('text', m.text, length=32)}",
        *(f"f{k}" for k in _plain_frames(m)),
    }


MENTION_COUNTS = WordCounts("claim_mention_counts", _counted)
KEY_DF = WordCounts("claim_key_df", set)  # items: the distinct key sets
TEXT_DF = WordCounts("claim_text_df", mention_keys)  # items: the distinct texts


def _speaker_key(ref: ActorRef) -> str:
    return "@" + "\t".join((ref.actor_id or "", ref.name, ref.country or "", ref.sector or ""))


def _posting_keys(m: ClaimMention, df: Mapping[str, int]) -> list[str]:
    """What a mention is found by: its keys (but those in more than MAX_BLOCK key
    sets: never probed, and counts only grow), its frames and its speaker."""
    keys = {k for k in mention_keys(m.text) if df.get(k, 0) <= MAX_BLOCK}
    keys |= {f"={k}" for k in _plain_frames(m)}
    keys |= {f"~{k}" for k in _contrary_frames(m)}
    if m.speaker is not None and m.speaker.actor_id:
        keys.add(_speaker_key(m.speaker))
    return sorted(keys)


def _posting_rows(
    mentions: Sequence[ClaimMention],
    claims: Sequence[Claim],
    recorded: set[str],
    df: Mapping[str, int],
    skip: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[list[tuple[object, ...]], list[tuple[str, str, str]]]:
    """Member rows and postings of the mentions (``recorded``: the ids of those that are claim mentions, not
    events) under their claims, but those of the claims in ``skip``."""
    claims_of: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for c in claims:
        if c.id in skip:
            continue
        for e in c.mentions:
            claims_of[(e.article_id, e.start, e.end)].add(c.id)
    members: list[tuple[object, ...]] = []
    postings: set[tuple[str, str, str]] = set()
    for m in mentions:
        span = (m.article_id, m.start, m.end)
        sig = _sig(mention_keys(m.text))
        for cid in sorted(claims_of.get(span, ())):
            members.append((*span, sig, cid, m.id if m.id in recorded else ""))
            postings.update((k, sig, cid) for k in _posting_keys(m, df))
    return members, sorted(postings)


def _keyset_rows(
    mentions: Sequence[ClaimMention], components: Mapping[frozenset[str], frozenset[str]]
) -> list[tuple[str, str, str, str]]:
    """One row per distinct key set, its everyday keys those of its first mention (as grouping)."""
    out: dict[str, tuple[str, str, str, str]] = {}
    for m in mentions:
        keys = mention_keys(m.text)
        sig = _sig(keys)
        if sig not in out:
            every = " ".join(sorted(everyday_keys(m.text)))
            out[sig] = (sig, " ".join(sorted(keys)), every, _sig(components.get(keys, keys)))
    return list(out.values())


def _distinct(mentions: Sequence[ClaimMention]) -> tuple[list[frozenset[str]], list[str]]:
    keysets = list(dict.fromkeys(mention_keys(m.text) for m in mentions))
    return keysets, list(dict.fromkeys(m.text for m in mentions))


def _index_all(
    store: Any,
    mentions: Sequence[ClaimMention],
    claims: Sequence[Claim],
    components: Mapping[frozenset[str], frozenset[str]],
    recorded: set[str],
) -> None:
    """Count and index every mention anew (a run over the whole corpus)."""
    keysets, texts = _distinct(mentions)
    with store.begin() as conn:
        _INDEX.create_all(conn, checkfirst=True)
        conn.execute(sa.delete(POSTINGS))
        conn.execute(sa.delete(MEMBERS))
        conn.execute(sa.delete(KEYSETS))
        df = Counter(k for keys in keysets for k in keys)
        members, postings = _posting_rows(mentions, claims, recorded, df)
        insert_rows(conn, MEMBERS, _MEMBER_COLUMNS, members)
        insert_rows(conn, POSTINGS, _POSTING_COLUMNS, postings)
        insert_rows(conn, KEYSETS, _KEYSET_COLUMNS, _keyset_rows(mentions, components))
    MENTION_COUNTS.write(store, mentions)
    KEY_DF.write(store, keysets)
    TEXT_DF.write(store, texts)


def _ready(store: Any, new_ids: Iterable[str]) -> bool:
    """Whether a whole run counted and indexed the corpus, and none of the new articles is in it
    already (an article ingested again would be counted twice)."""
    if not (MENTION_COUNTS.ready(store) and KEY_DF.ready(store) and TEXT_DF.ready(store)):
        return False
    with store.begin() as conn:
        _INDEX.create_all(conn, checkfirst=True)
        for chunk in chunks(sorted(new_ids)):
            hit = conn.execute(sa.select(MEMBERS.c.sig).where(MEMBERS.c.article_id.in_(chunk)).limit(1))
            if hit.first() is not None:
                return False
    return True


def _link_new(corpus: Corpus) -> LinkResult:
    """The claims after an ingest: the new articles' mentions, grouped with every stored mention
    of the similarity components they join (:func:`_scope_of`), weighed by the corpus's counts."""
    store, new_ids = corpus.store, corpus.new_ids or frozenset()
    if not _ready(store, new_ids):
        return link_claims(corpus.whole(READS))
    actors = list(store.records("actors"))
    fresh = corpus_mentions(_articles_scope(store, new_ids, actors), only=new_ids)
    _count_in(store, fresh)
    near = _scope_of(store, fresh, actors, corpus.changed.get("actors", set()))
    if not fresh and not near.claims:
        return LinkResult()
    articles = _articles_scope(store, new_ids, actors, near.mention_ids, near.spans)
    mentions = [
        m
        for m in corpus_mentions(articles)
        if m.article_id in new_ids or (m.article_id, m.start, m.end) in near.spans
    ]
    components: dict[frozenset[str], frozenset[str]] = {}
    stats = _stats(store, mentions)
    claims = group_claims(mentions, *_facts(articles), stats=stats, components=components)
    old = store.records_where("claims", "id", near.claims)
    recorded = {m.id for m in articles.records["claim_mentions"]}
    _index_scope(store, mentions, claims, components, old, near, recorded, stats.df)
    return scope.changes(LinkResult(tables={"claims": claims}), {"claims": old})


def _articles_scope(
    store: Any,
    ids: Iterable[str],
    actors: list[Any],
    mention_ids: Iterable[str] = (),
    spans: set[tuple[str, int, int]] | None = None,
) -> Corpus:
    """The new articles with what their mentions are read from (and the stored claim mentions
    ``mention_ids`` and the events of ``spans``), in the order a whole run reads them (grouping
    breaks ties by it): claim mentions by id, then fused events by id."""
    ids = set(ids)
    spans = spans or set()
    mentions = store.records_where("claim_mentions", "article_id", ids)
    mentions += store.records_where("claim_mentions", "id", set(mention_ids))
    mentions = scope.unique(mentions)
    quote_ids = {m.quote_id for m in mentions if m.quote_id}
    others = {aid for aid, _s, _e in spans} - ids
    events = store.records_where("events", "article_id", ids)
    events += store.records_at("events", {span for span in spans if span[0] in others})
    fused = store.records_where("fused_events", "id", {e.event_id for e in events if e.event_id})
    return Corpus(
        articles=scope.with_originals(store, ids | others),
        records={
            "claim_mentions": mentions,
            "quotes": store.records_where("quotes", "id", quote_ids),
            "fused_events": sorted(fused, key=lambda f: f.id),
            "actors": actors,
        },
        store=store,
    )


def _text_sig(text: str) -> str:
    return stable_id("text", text, length=32)


def _count_in(store: Any, fresh: Sequence[ClaimMention]) -> None:
    """Count new mentions in: key sets and texts no stored mention has are new distinct ones."""
    words = {w for m in fresh for w in _counted(m) if w[0] in "st"}
    known = MENTION_COUNTS.counts(store, words)
    keysets = [k for k in dict.fromkeys(mention_keys(m.text) for m in fresh) if f"s{_sig(k)}" not in known]
    texts = [t for t in dict.fromkeys(m.text for m in fresh) if f"t{_text_sig(t)}" not in known]
    MENTION_COUNTS.add(store, fresh)
    KEY_DF.add(store, keysets)
    TEXT_DF.add(store, texts)


def _stats(store: Any, mentions: Sequence[ClaimMention], more_keys: Iterable[str] = ()) -> Stats:
    """The corpus's weights for the keys of some mentions (and ``more_keys``)."""
    keys = {k for m in mentions for k in mention_keys(m.text)} | set(more_keys)
    df = KEY_DF.counts(store, {*keys, TOTAL})
    total = df.pop(TOTAL, 0)
    frames = {k for m in mentions for k in _plain_frames(m) | _contrary_frames(m)}
    text_df = TEXT_DF.counts(store, keys | {k.partition(":")[2] for k in frames})
    floor = max(MIN_COMMON, COMMON_NAME * MENTION_COUNTS.counts(store, [TOTAL]).get(TOTAL, 0))
    frame_counts = MENTION_COUNTS.counts(store, {f"f{k}" for k in frames})
    return Stats(
        idf=_idf(df, total),
        df=df,
        common=frozenset(k for k, c in text_df.items() if k != TOTAL and c > floor),
        frames={k[1:]: n for k, n in frame_counts.items()},
    )


@dataclass(slots=True)
class _Near:
    """A scope in the index: the stored claims to rebuild and every mention they are rebuilt from."""

    claims: set[str] = dataclasses.field(default_factory=set)
    spans: set[tuple[str, int, int]] = dataclasses.field(default_factory=set)
    mention_ids: set[str] = dataclasses.field(default_factory=set)  # those that are claim mentions
    components: dict[str, str] = dataclasses.field(default_factory=dict)  # key set sig -> stored one


def _scope_of(
    store: Any, fresh: Sequence[ClaimMention], actors: Sequence[Any], changed_actors: set[str]
) -> _Near:
    """The stored claims a batch of new mentions can change, and every mention to regroup them
    from: the similarity components the new key sets join (stars form within a component, so a
    component regrouped whole is grouped as a whole run would), the claims of stored mentions
    stating a frame contrary to a new one's, those whose speakers' names changed, and, until
    nothing is added, the components of those claims' mentions and the claims of those
    components' mentions."""
    components, claims = _touched(store, fresh, actors, changed_actors)
    near = _Near()
    done: set[str] = set()
    ks = KEYSETS
    with store.begin() as conn:
        while components or claims:
            done |= components
            near.claims |= claims
            in_components = _rows_in(conn, ks.c.sig, ks.c.component, ks.c.component, components)
            near.components.update(in_components)
            rows = _members(conn, MEMBERS.c.sig, set(in_components)) | _members(
                conn, MEMBERS.c.claim_id, claims
            )
            near.spans |= {(aid, s, e) for aid, s, e, _sig_, _cid, _mid in rows}
            near.mention_ids |= {mid for *_rest, mid in rows if mid}
            claims = {cid for *_span, _sig_, cid, _mid in rows} - near.claims
            found = {sig for *_span, sig, _cid, _mid in rows} - set(near.components)
            stored = _rows_in(conn, ks.c.sig, ks.c.component, ks.c.sig, found)
            components = set(stored.values()) - done
    return near


def _rows_in(conn: Any, key: Any, value: Any, where: Any, values: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in chunks(sorted(values)):
        out.update((k, v) for k, v in conn.execute(sa.select(key, value).where(where.in_(chunk))))
    return out


def _column_in(conn: Any, column: Any, where: Any, values: Iterable[str], distinct: bool = False) -> set[str]:
    out: set[str] = set()
    for chunk in chunks(sorted(values)):
        query = sa.select(column).where(where.in_(chunk))
        out.update(v for (v,) in conn.execute(query.distinct() if distinct else query))
    return out


def _members(conn: Any, where: Any, values: Iterable[str]) -> set[tuple[str, int, int, str, str, str]]:
    """The stored mentions (span, key set, claim, claim mention) whose ``where`` column holds one
    of ``values``."""
    t, out = MEMBERS, set()
    for chunk in chunks(sorted(values)):
        query = sa.select(t.c.article_id, t.c.start, t.c.end, t.c.sig, t.c.claim_id, t.c.mention_id).where(
            where.in_(chunk)
        )
        out.update(tuple(row) for row in conn.execute(query))
    return out


def _touched(
    store: Any, fresh: Sequence[ClaimMention], actors: Sequence[Any], changed_actors: set[str]
) -> tuple[set[str], set[str]]:
    """The components new key sets join (theirs, if stored, and those of the stored key sets
    grouping would pair them with), and the claims their frames or changed speakers touch."""
    stats = _stats(store, fresh)
    new_sets = list(dict.fromkeys(mention_keys(m.text) for m in fresh))
    everyday: dict[frozenset[str], frozenset[str]] = {}
    for m in fresh:
        everyday.setdefault(mention_keys(m.text), everyday_keys(m.text))
    sigs = {_sig(k) for k in new_sets}
    probe = {k for ks in new_sets for k in ks if stats.df.get(k, 0) <= MAX_BLOCK}
    frame_keys = {f"~{k}" for m in fresh for k in _plain_frames(m)}
    frame_keys |= {f"={k}" for m in fresh for k in _contrary_frames(m)}
    t, ks = POSTINGS, KEYSETS
    stored: dict[str, tuple[frozenset[str], frozenset[str], str]] = {}
    with store.begin() as conn:
        components = _column_in(conn, ks.c.component, ks.c.sig, sigs)
        candidates = _column_in(conn, t.c.sig, t.c.key, probe, distinct=True) - sigs
        claims = _column_in(conn, t.c.claim_id, t.c.key, frame_keys)
        by_id = {a.id: a for a in actors}
        for aid in sorted(changed_actors & set(by_id)):
            a = by_id[aid]
            now = _speaker_key(ActorRef(a.name, a.id, a.country, a.sector))
            rows = conn.execute(
                sa.select(t.c.claim_id).where(
                    t.c.key.startswith(f"@{aid}\t", autoescape=True), t.c.key != now
                )
            )
            claims.update(cid for (cid,) in rows)
        for chunk in chunks(sorted(candidates)):
            query = sa.select(ks.c.sig, ks.c["keys"], ks.c.everyday, ks.c.component).where(
                ks.c.sig.in_(chunk)
            )
            for sig, keys, every, component in conn.execute(query):
                stored[sig] = (frozenset(keys.split()), frozenset(every.split()), component)
    far = {k for keys, _e, _c in stored.values() for k in keys}
    weights = _stats(store, fresh, far) if far else stats
    by_key: dict[str, list[frozenset[str]]] = defaultdict(list)
    for new in new_sets:
        for k in new:
            by_key[k].append(new)
    for keys, every, component in stored.values():
        if component in components:
            continue
        near = {id(new): new for k in keys & probe for new in by_key[k]}
        if any(_edge(new, everyday[new], keys, every, weights.idf, weights.df) for new in near.values()):
            components.add(component)
    return components, claims


def _edge(
    a: frozenset[str],
    ea: frozenset[str],
    b: frozenset[str],
    eb: frozenset[str],
    idf: _Idf,
    df: Mapping[str, int],
) -> bool:
    """Whether grouping would pair two key sets (from either side's prefix: a superset of the
    pairs it makes, which probe from the lighter side only)."""
    wa, wb = sum(idf[k] for k in sorted(a)), sum(idf[k] for k in sorted(b))
    if not _similar(a, b, wa, wb, idf) or not a & b - (ea & eb):
        return False
    return any(k in b and df.get(k, 0) <= MAX_BLOCK for k in _prefix(a, idf, wa)) or any(
        k in a and df.get(k, 0) <= MAX_BLOCK for k in _prefix(b, idf, wb)
    )


def _index_scope(
    store: Any,
    mentions: Sequence[ClaimMention],
    claims: Sequence[Claim],
    components: Mapping[frozenset[str], frozenset[str]],
    old: Sequence[Claim],
    near: _Near,
    recorded: set[str],
    df: Mapping[str, int],
) -> None:
    """The postings of a scope's mentions under the claims that changed, and the components
    of its key sets that changed (a component regrouped whole keeps its name, its first key set's)."""
    t, ms, ks = POSTINGS, MEMBERS, KEYSETS
    before = {c.id: c for c in old}
    same = {c.id for c in claims if before.get(c.id) == c}
    keysets = [row for row in _keyset_rows(mentions, components) if near.components.get(row[0]) != row[3]]
    with store.begin() as conn:
        for chunk in chunks(sorted(set(before) - same)):
            conn.execute(sa.delete(t).where(t.c.claim_id.in_(chunk)))
            conn.execute(sa.delete(ms).where(ms.c.claim_id.in_(chunk)))
        for chunk in chunks(sorted(row[0] for row in keysets)):
            conn.execute(sa.delete(ks).where(ks.c.sig.in_(chunk)))
        members, postings = _posting_rows(mentions, claims, recorded, df, same)
        insert_rows(conn, ms, _MEMBER_COLUMNS, members)
        insert_rows(conn, t, _POSTING_COLUMNS, postings)
        insert_rows(conn, ks, _KEYSET_COLUMNS, keysets)


def _canonical(resolver: ActorResolver, m: ClaimMention) -> ClaimMention:
    """The speaker as the corpus actor of that name: a bare surname the actors table also holds
    as a stray one-name organisation ("Trump", once) is the person known by it ("Donald Trump"),
    so one asserter is not listed twice."""
    actor = resolver.by_id.get(m.speaker.actor_id or "") if m.speaker is not None else None
    if actor is None or actor.kind == "person" or len(actor.name.split()) != 1:
        return m
    surname, _first = name_keys([actor.name])
    people = [p for _first, p in resolver.people.get(surname, []) if p.mentions > actor.mentions]
    if len({p.id for p in people}) != 1:
        return m  # no one person, or more than one, goes by that name
    return dataclasses.replace(m, speaker=resolver.ref(people[0]))


EVENT_STANCE: dict[str, ClaimStance] = {"denied": "disputes", "claimed": "reports"}


def event_mentions(
    corpus: Corpus,
    known: set[tuple[str, int, int]],
    relayed: set[tuple[str, int, int]],
    quoted: set[tuple[str, int, int]],
) -> list[ClaimMention]:
    """Fused events (where an events stage ran) as claim mentions: the evidence sentence of each
    mention not already a claim mention, its stance from the event's status. Not one as the
    outlet's own assertion: a sentence that relays another's claim (``relayed``: "officials denied
    claims by Trump of an encirclement"), whose claim it would back, and one within a speaker's
    quoted words (``quoted``), which are the speaker's."""
    by_article: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
    for aid, start, end in relayed:
        by_article[aid].append((start, end, False))
    for aid, start, end in quoted:
        by_article[aid].append((start, end, True))
    out = []
    for event in corpus.records.get("fused_events", []):
        for mention in getattr(event, "mentions", []):
            article = corpus.articles.get(mention.article_id)
            span = (mention.article_id, mention.start, mention.end)
            if article is None or span in known or _others_words(mention, by_article[mention.article_id]):
                continue
            out.append(
                ClaimMention(
                    text=article.text[mention.start : mention.end],
                    article_id=mention.article_id,
                    start=mention.start,
                    end=mention.end,
                    stance=EVENT_STANCE.get(getattr(event, "status", ""), "asserts"),
                    outlet=article.original_outlet or article.outlet,
                    date=getattr(event, "date", None),
                )
            )
    return out


def _others_words(mention: Any, spans: Sequence[tuple[int, int, bool]]) -> bool:
    """Whether an event's sentence is someone else's words: it overlaps a relayed claim, or lies
    within a quotation (the ``True`` spans)."""
    return any(
        (s <= mention.start and mention.end <= e) if within else (s < mention.end and mention.start < e)
        for s, e, within in spans
    )
