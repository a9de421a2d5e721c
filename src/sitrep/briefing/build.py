"""The situation report of each story: a dated timeline, a cited digest, sources and actors.

Everything is read through the query layer and every line of the report
points at its evidence (``{article_id, start, end}`` spans). The digest is
extractive: each of its sentences is a sentence of an article that reports
the item, cited with its own span and the item's other mentions, so no
sentence stands without support. What was already said on an earlier day is
not said again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sitrep.link.provenance import independent_sources
from sitrep.link.text import STOPWORDS, split_sentences
from sitrep.query import Query
from sitrep.records import Article, Mention, Story

DIGEST_WORDS = 350  # a few hundred words per story
ITEMS_PER_DAY = 3  # digest sentences per day at most
REPEAT_OVERLAP = 0.6  # share of a sentence's content words already said that makes it a repeat
KIND_ORDER = {"event": 0, "claim": 1, "statement": 2}


@dataclass(slots=True)
class TimelineItem:
    kind: str  # event | statement | claim
    id: str
    date: str
    text: str
    mentions: list[Mention]
    independent_sources: int
    who: str | None = None


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
    copies: list[dict[str, str | None]]  # {article_id, copy_of, relation}


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
    claims: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    generated: str
    stories: list[StoryReport]
    # The articles the report cites, for renderers that show each cited passage.
    articles: dict[str, Article] = field(default_factory=dict)


Members = dict[str, Article]
ItemProvider = Callable[[Query, Story, Members], list[TimelineItem]]


def build_report(reads: Query, *, story: str | None = None, since: str | None = None) -> Report:
    """The report of every story (or of one), biggest first, over what happened since a date."""
    stories = [s for s in reads.store.records("stories") if story is None or s.id == story]
    stories.sort(key=lambda s: (-len(s.articles), s.first_seen or "", s.id))
    cited: Members = {}
    out = []
    for s in stories:
        members = {a.id: a for a in reads.articles({"story": s.id}, limit=1_000_000).rows}
        cited.update(members)
        out.append(story_report(reads, s, members, since))
    return Report(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), out, cited)


def story_report(reads: Query, story: Story, members: Members, since: str | None = None) -> StoryReport:
    items = [item for provider in ITEM_PROVIDERS for item in provider(reads, story, members)]
    days = timeline(item for item in items if not since or item.date >= since)
    statements = reads.records("statements", {"story": story.id}, limit=1_000_000).rows
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
        digest=digest(days, members),
        actors=sorted({s.speaker_id for s in statements if s.speaker_id}),
    )


# -- timeline items: one provider per kind of record ---------------------------------------------
def reported(mentions: Iterable[Mention], members: Members) -> str | None:
    """The day the first of these mentions was published."""
    dates = [members[m.article_id].published for m in mentions if m.article_id in members]
    return min((d[:10] for d in dates if d), default=None)


def statement_items(reads: Query, story: Story, members: Members) -> list[TimelineItem]:
    """Words said (not views held), on the day they were said, else on the day first reported."""
    items = []
    for s in reads.records("statements", {"story": story.id, "attribution": "speech"}, limit=1_000_000).rows:
        mentions = [m for m in s.mentions if m.article_id in members]
        date = s.date or reported(mentions, members)
        if date and mentions:
            items.append(
                TimelineItem("statement", s.id, date, s.text, mentions, s.independent_sources, s.speaker)
            )
    return items


ITEM_PROVIDERS: list[ItemProvider] = [statement_items]


def timeline(items: Iterable[TimelineItem]) -> list[Day]:
    """Items day by day; within a day, the best-sourced first."""
    days: dict[str, Day] = {}
    for item in items:
        days.setdefault(item.date[:10], Day(item.date[:10])).items.append(item)
    for day in days.values():
        day.items.sort(key=lambda i: (-i.independent_sources, KIND_ORDER[i.kind], i.id))
    return [days[d] for d in sorted(days)]


# -- the digest ----------------------------------------------------------------------------------
def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in STOPWORDS and len(w) > 2}


def evidence_sentence(mention: Mention, members: Members) -> Mention:
    """The sentence of the article that holds the start of a mention (its attribution with it)."""
    text = members[mention.article_id].text
    for start, end in split_sentences(text):
        if start <= mention.start < end:
            return Mention(mention.article_id, start, max(end, min(mention.end, len(text))))
    return mention


def _best_mention(item: TimelineItem, members: Members) -> Mention:
    """The mention to quote: from an original rather than a copy, then the earliest published."""

    def rank(m: Mention) -> tuple[bool, str, str, int]:
        article = members[m.article_id]
        return (article.copy_of is not None, article.published or "9999", article.id, m.start)

    return min(item.mentions, key=rank)


def digest(days: list[Day], members: Members, budget: int = DIGEST_WORDS) -> list[DigestSentence]:
    """A few hundred words, day by day; each sentence is an article's and cites its span.

    Each day gives its best-sourced items first. A sentence most of whose content
    words were already said (the same remark re-told the next day) is left out.
    """
    said: set[str] = set()
    out: list[DigestSentence] = []
    words = 0
    ranked = sorted(days, key=lambda d: d.date)
    for day in ranked:
        for item in day.items[: ITEMS_PER_DAY * 3]:
            if sum(1 for s in out if s.date == day.date) >= ITEMS_PER_DAY or words >= budget:
                break
            span = evidence_sentence(_best_mention(item, members), members)
            text = " ".join(members[span.article_id].text[span.start : span.end].split())
            content = _content_words(text)
            if not content or len(content & said) >= REPEAT_OVERLAP * len(content):
                continue
            said |= content
            others = [m for m in item.mentions if m.article_id != span.article_id]
            out.append(DigestSentence(day.date, text, [span, *others]))
            words += len(text.split())
    return out


def sources(members: Members) -> list[Source]:
    """Outlets of a story with their articles and which of those copy which."""
    by_outlet: dict[str, list[Article]] = {}
    for a in members.values():
        by_outlet.setdefault(source_name(a), []).append(a)
    out = []
    for outlet, arts in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        copies = [
            {"article_id": a.id, "copy_of": a.copy_of, "relation": a.copy_relation}
            for a in arts
            if a.copy_relation
        ]
        out.append(Source(outlet, sorted(a.id for a in arts), copies))
    return out


def source_name(article: Article) -> str:
    """Who published an article: its outlet, else its URL's domain, else its file name."""
    if article.outlet:
        return article.outlet
    if article.url and "://" in article.url:
        return article.url.split("://", 1)[1].split("/", 1)[0].removeprefix("www.")
    return re.split(r"[\\/]", article.source.split("#", 1)[0])[-1] or article.id
