"""The situation report of each story: a dated timeline, a cited digest, claims, positions, sources.

Everything is read through the query layer and every line of the report
points at its evidence (``{article_id, start, end}`` spans). The timeline is
filled by item providers, one per kind of record (statements, fused events,
claims; :data:`ITEM_PROVIDERS`); a table that no stage writes yet, or that is
empty, gives nothing. The digest is extractive: each of its sentences is a
sentence of an article that reports the item, cited with its own span and the
item's other mentions, so no sentence stands without support. What was already
said on an earlier day is not said again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sitrep.briefing.boards import (
    ActorEntry,
    ClaimEntry,
    PositionMatrix,
    actor_entries,
    claim_board,
    position_matrix,
)
from sitrep.briefing.items import ITEM_PROVIDERS, Members, StoryRecords, TimelineItem
from sitrep.briefing.names import source_name
from sitrep.link.provenance import independent_sources
from sitrep.link.text import STOPWORDS, split_sentences
from sitrep.query import Query
from sitrep.records import Article, Mention, Story

DIGEST_WORDS = 450  # a few hundred words per story
MIN_WORDS = 6  # shorter "sentences" are headings ("Mineral deal?"), not news
ITEMS_PER_DAY = 3  # digest sentences per day at most
REPEAT_OVERLAP = 0.6  # share of a sentence's content words already said that makes it a repeat
KIND_ORDER = {"event": 0, "claim": 1, "statement": 2}

__all__ = [
    "ActorEntry",
    "ClaimEntry",
    "Day",
    "DigestSentence",
    "PositionMatrix",
    "Report",
    "Source",
    "StoryReport",
    "TimelineItem",
    "build_report",
    "source_name",
    "support",
]


@dataclass(slots=True)
class Day:
    date: str
    items: list[TimelineItem] = field(default_factory=list)


@dataclass(slots=True)
class DigestSentence:
    date: str
    text: str
    mentions: list[Mention]


@dataclass(slots=True)
class Source:
    outlet: str
    articles: list[str]
    copies: list[dict[str, str | None]]  # {article_id, copy_of, relation, copy_of_outlet}
    # articles of this outlet that are its own reporting (not copies of another article here)
    originals: int = 0


@dataclass(slots=True)
class StoryReport:
    story_id: str
    title: str | None
    summary: list[dict[str, Any]]
    first_seen: str | None
    last_seen: str | None
    articles: list[str]
    independent_sources: int
    sources: list[Source]
    timeline: list[Day]
    digest: list[DigestSentence]
    claims: list[str] = field(default_factory=list)  # ids, contested first (CONTRACT.md)
    positions: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    # The same, in full for people: the claims board, the positions matrix, the actors.
    claims_board: list[ClaimEntry] = field(default_factory=list)
    positions_matrix: PositionMatrix = field(default_factory=PositionMatrix)
    actors_detail: list[ActorEntry] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    generated: str
    stories: list[StoryReport]
    # The articles the report cites, for renderers that show each cited passage.
    articles: dict[str, Article] = field(default_factory=dict)


def build_report(reads: Query, *, story: str | None = None, since: str | None = None) -> Report:
    """The report of every story (or of one), biggest first, over what happened since a date."""
    records = StoryRecords(reads)
    cited: Members = {}
    out = []
    for s, members in _stories(reads, story):
        cited.update(members)
        out.append(story_report(records, s, members, since))
    return Report(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), out, cited)


def _stories(reads: Query, story: str | None) -> Iterator[tuple[Story, Members]]:
    """Every story (or one), biggest first, with its articles."""
    stories = [s for s in reads.store.records("stories") if story is None or s.id == story]
    for s in sorted(stories, key=lambda s: (-len(s.articles), s.first_seen or "", s.id)):
        yield s, {a.id: a for a in reads.articles({"story": s.id}, limit=1_000_000).rows}


def _items(records: StoryRecords, story: Story, members: Members) -> list[TimelineItem]:
    """What every provider puts on a story's timeline."""
    return [item for provider in ITEM_PROVIDERS for item in provider(records, story, members)]


def corpus_timeline(
    reads: Query, *, story: str | None = None, since: str | None = None, until: str | None = None
) -> tuple[list[Day], Members]:
    """The report's timeline over every story (or one), day by day, with the articles it cites:
    what the UI's Timeline view shows, by the same rules as the report."""
    records = StoryRecords(reads)
    cited: Members = {}
    items: dict[tuple[str, str], TimelineItem] = {}
    for s, members in _stories(reads, story):
        cited.update(members)
        for item in _items(records, s, members):
            if (since and item.date < since) or (until and item.date[:10] > until):
                continue
            known = items.setdefault((item.kind, item.id), item)
            if known is not item:  # reported in two stories: one item with the mentions of both
                known.mentions += [m for m in item.mentions if m not in known.mentions]
    return timeline(items.values(), cited), cited


def story_report(
    records: StoryRecords, story: Story, members: Members, since: str | None = None
) -> StoryReport:
    days = timeline(
        (item for item in _items(records, story, members) if not since or item.date >= since), members
    )
    board = claim_board(records, members)
    matrix = position_matrix(records, members)
    actors = actor_entries(records, story, members)
    return StoryReport(
        story_id=story.id,
        title=story.title,
        summary=story.summary,
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        articles=sorted(members),
        independent_sources=independent_sources(members, members),
        sources=sources(members),
        timeline=days,
        digest=digest(days, members, since=_day_before(story.first_seen)),
        claims=[c.id for c in board],
        positions=matrix.ids(),
        actors=[a.id for a in actors],
        claims_board=board,
        positions_matrix=matrix,
        actors_detail=actors,
    )


def _day_before(date: str | None) -> str | None:
    """The day before a story's first article: its news starts no earlier (a preview names the next day)."""
    try:
        return (dt.date.fromisoformat(date[:10]) - dt.timedelta(days=1)).isoformat() if date else None
    except ValueError:
        return None


def rank(item: TimelineItem) -> tuple[int, int, int, int, str]:
    """Best first: the best-sourced, then events before claims before words, then what says more
    (both sides, the place; a sentence rather than a phrase), then the more often reported."""
    return (-item.independent_sources, KIND_ORDER[item.kind], -item.detail, -len(item.mentions), item.id)


def timeline(items: Iterable[TimelineItem], members: Members | None = None) -> list[Day]:
    """Items day by day, near-duplicates of one day merged, the best first (:func:`rank`)."""
    days: dict[str, Day] = {}
    for item in items:
        days.setdefault(item.date[:10], Day(item.date[:10])).items.append(item)
    for day in days.values():
        day.items = sorted(merge_repeats(day.items, members or {}), key=rank)
    return [days[d] for d in sorted(days)]


def _absorb(kept: TimelineItem, other: TimelineItem, members: Members) -> None:
    """One item tells what two did: the other's mentions join it, its sources are counted anew."""
    seen = {(m.article_id, m.start, m.end) for m in kept.mentions}
    kept.mentions += [m for m in other.mentions if (m.article_id, m.start, m.end) not in seen]
    counted = independent_sources({m.article_id for m in kept.mentions}, members) if members else 0
    n = max(kept.independent_sources, other.independent_sources, counted)
    if kept.kind == "event" and n != kept.independent_sources:
        kept.text = re.sub(r"\(\d+ sources?", f"({n} source{'s' * (n != 1)}", kept.text, count=1)
    kept.independent_sources = n


def _inside(m: Mention, spans: list[Mention]) -> bool:
    return any(m.article_id == s.article_id and s.start <= m.start and m.end <= s.end for s in spans)


def merge_repeats(items: list[TimelineItem], members: Members) -> list[TimelineItem]:
    """One day's items, each told once: fused events of one type between the same sides are one
    line, and a statement quoted from an event's own sentence is that event's (or it is theirs)."""
    kept: list[TimelineItem] = []
    by_key: dict[str, TimelineItem] = {}
    for item in sorted(items, key=rank):
        twin = by_key.get(item.same_as) if item.same_as else None
        if twin is None and item.kind == "statement":
            twin = next(
                (k for k in kept if k.kind == "event" and all(_inside(m, k.mentions) for m in item.mentions)),
                None,
            )
        if twin is None and item.kind == "event":
            twin = next(
                (
                    k
                    for k in kept
                    if k.kind == "statement" and all(_inside(m, item.mentions) for m in k.mentions)
                ),
                None,
            )
        if twin is not None:
            _absorb(twin, item, members)
            continue
        kept.append(item)
        if item.same_as:
            by_key[item.same_as] = item
    return kept


# -- the digest ----------------------------------------------------------------------------------
def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STOPWORDS and len(w) > 2}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def support(sentence: DigestSentence, articles: Members) -> float:
    """Share of a digest sentence's words found in the spans it cites (1.0: every word is there)."""
    cited = " ".join(
        articles[m.article_id].text[m.start : m.end] for m in sentence.mentions if m.article_id in articles
    )
    found = set(_words(cited))
    words = _words(sentence.text)
    return sum(w in found for w in words) / len(words) if words else 0.0


def evidence_sentence(mention: Mention, members: Members) -> Mention:
    """The sentence of the article that holds the start of a mention (its attribution with it)."""
    text = members[mention.article_id].text
    for start, end in split_sentences(text):
        if start <= mention.start < end:
            return Mention(mention.article_id, start, max(end, min(mention.end, len(text))))
    return mention


def _ranked_mentions(item: TimelineItem, members: Members) -> list[Mention]:
    """The mentions to quote, best first: from an original, then a verbatim copy, and last a
    machine-paraphrased one (its words may say the contrary: "Russian troops" for Ukrainian ones),
    then the earliest published."""

    def rank(m: Mention) -> tuple[bool, bool, str, str, int]:
        article = members[m.article_id]
        spun = article.copy_relation == "paraphrase"
        return (spun, article.copy_of is not None, article.published or "9999", article.id, m.start)

    return sorted(item.mentions, key=rank)


_OPENING, _CLOSING = "“", "”"
_SPOKEN_AFTER = re.compile(r"[”\"]\s*,?\s*\w")  # a closing mark followed by words: "...,” he said
_BY_PRONOUN = re.compile(r"[”\"]\s*,?\s*(?:he|she|they)\b", re.I)  # "...,” he said: who is "he"?


def self_contained(text: str) -> bool:
    """A sentence a reader can take alone: not a piece of a quotation cut from its speaker.

    Refused: a sentence that opens a quotation and never says who speaks ("“There's still more
    details to work out ...") and one that ends a quotation opened in an earlier sentence ("I think
    that's important ... in the future.”"), and one that begins in lower case (a fragment).
    """
    if not text or text[0].islower():
        return False
    opening, closing = text.count(_OPENING), text.count(_CLOSING)
    if closing > opening or text.count('"') % 2:
        return False  # a quotation ends here that began before the sentence, or one is left open
    if text[0] in (_OPENING, '"'):
        return opening == closing and bool(_SPOKEN_AFTER.search(text, 1))
    return True


def digest(
    days: list[Day], members: Members, budget: int = DIGEST_WORDS, since: str | None = None
) -> list[DigestSentence]:
    """A few hundred words, date by date; each sentence is an article's and cites its span.

    The budget is shared by the days: each day's best item first, day after day,
    then each day's second, up to ``ITEMS_PER_DAY``, so the last days are not
    crowded out by the first. A sentence most of whose content words were already
    said (the same remark re-told the next day, or one sentence that reports both
    an event and a quote) is left out. Days before ``since`` (what the story's
    articles recall from before it began) are not digested.
    """
    said: set[str] = set()
    quoted: set[tuple[str, int]] = set()
    chosen: list[tuple[str, int, DigestSentence]] = []
    words = 0
    news = [d for d in sorted(days, key=lambda d: d.date) if not since or d.date >= since]
    queues = {d.date: list(d.items[: ITEMS_PER_DAY * 4]) for d in news}
    for rank in range(ITEMS_PER_DAY):
        for day in news:
            while queues[day.date] and words < budget:
                item = queues[day.date].pop(0)
                found = _quotable(item, members)
                if found is None:
                    continue
                span, text = found
                content = _content_words(text)
                if (span.article_id, span.start) in quoted or len(text.split()) < MIN_WORDS:
                    continue
                if len(content & said) >= REPEAT_OVERLAP * len(content):
                    continue
                if words + len(text.split()) > budget * 1.1:  # a long one past the budget: try a shorter
                    continue
                said |= content
                quoted.add((span.article_id, span.start))
                others = [m for m in item.mentions if m.article_id != span.article_id]
                chosen.append((day.date, rank, DigestSentence(day.date, text, [span, *others])))
                words += len(text.split())
                break
    chosen.sort(key=lambda c: (c[0], c[1]))
    return [sentence for _, _, sentence in chosen]


def within_quotation(text: str, start: int) -> bool:
    """Whether a sentence starting at ``start`` lies inside a quotation opened before it in its
    paragraph (the middle sentence of a speaker's words reads as the outlet's own)."""
    paragraph = text[text.rfind("\n", 0, start) + 1 : start]
    return paragraph.count(_OPENING) > paragraph.count(_CLOSING) or paragraph.count('"') % 2 == 1


def _quotable(item: TimelineItem, members: Members) -> tuple[Mention, str] | None:
    """The best-ranked sentence reporting the item that stands alone, with its text; one that names
    its speaker is preferred to one that says only "he said"."""
    sentences = []
    for mention in _ranked_mentions(item, members):
        span = evidence_sentence(mention, members)
        article = members[span.article_id].text
        text = " ".join(article[span.start : span.end].split())
        if self_contained(text) and not within_quotation(article, span.start):
            sentences.append((span, text))
    return min(sentences, key=lambda st: bool(_BY_PRONOUN.search(st[1])), default=None)


# -- sources -------------------------------------------------------------------------------------
def sources(members: Members) -> list[Source]:
    """Outlets of a story with their articles, which of those copy which, and their own reporting."""
    by_outlet: dict[str, list[Article]] = {}
    for a in members.values():
        by_outlet.setdefault(source_name(a), []).append(a)
    out = []
    for outlet, arts in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        copies = [
            {
                "article_id": a.id,
                "copy_of": a.copy_of,
                "relation": a.copy_relation,
                "copy_of_outlet": source_name(members[a.copy_of])
                if a.copy_of in members
                else a.original_outlet,
            }
            for a in arts
            if a.copy_relation
        ]
        originals = sum(1 for a in arts if not a.copy_relation)
        out.append(Source(outlet, sorted(a.id for a in arts), copies, originals))
    return out
