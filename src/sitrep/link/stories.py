"""Stories: articles about the same developing story, grouped as they arrive.

Incremental: an article whose ``story_id`` is set keeps it; each new article
(in date, then input order) joins the most similar existing story or starts
one. Similarity to a story is measured against the story's centroid, on two
TF-IDF vectors: content words, and entities (names, places, numbers). Two
events told in similar words ("a 6.1 earthquake" and "a 7.0 earthquake") share
words but not entities, so both must agree. When both dates are known, an
article only joins a story whose date range it is within ``WINDOW_DAYS`` of.

Candidate stories come from an inverted index of each story's features, so
an article is compared with the few stories that share one of its rarest
terms or entities, not with all of them.

Order of arrival: the same corpus should give the same stories however it was
split into runs. A stored story that new articles join, or come close to, is
checked again against its candidates and merged with one that now meets the
merge rule (a late article bridging two stories that were days apart; a lone
article whose IDF changed). The survivor is the story that held articles
before, then the one with the earliest member; the other's articles move to
it. Not re-checked: stories no new article comes near, though every new
document shifts every IDF a little.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from sitrep.calendar_words import MONTH_NAMES, MONTHS, iso_day
from sitrep.link import Corpus, LinkResult
from sitrep.link.text import content_stems, entities, normalize, split_sentences
from sitrep.records import Article, Story, stable_id
from sitrep.stages import TableSpec, corpus_stage
from sitrep.store import schema
from sitrep.store.sql import insert_rows

WINDOW_DAYS = 4
# Weight of word similarity vs entity similarity, and the join threshold.
TERM_WEIGHT = 0.7
JOIN_THRESHOLD = 0.25
# Both kinds of evidence must be present: a floor on each.
MIN_TERM_SIM = 0.1
MIN_ENTITY_SIM = 0.1
TOP_FEATURES = 8
MAX_SCAN = 16
# Candidate stories scored per article.
MAX_CANDIDATES = 24
SUMMARY_SENTENCES = 3
# Articles whose lead sentences compete for a story's summary.
SUMMARY_SAMPLE = 40
REFINE_ROUNDS = 3
# A story made in this run merges into an overlapping one this similar.
MERGE_THRESHOLD = 0.3
IDF_PRIOR_DOCS = 20
# Time mentions (years, months, weekdays) that disagree scale the similarity
# down to WHEN_FLOOR; a cosine of WHEN_AGREE or more counts as agreement.
WHEN_FLOOR = 0.7
WHEN_AGREE = 0.5


Vector = dict[str, float]
# Content words, entities, time mentions.
Vectors = tuple[Vector, Vector, Vector]


@dataclass(slots=True)
class ArticleFeatures:
    terms: Counter[str]
    ents: Counter[str]
    when: Counter[str]


# Publisher-assigned labels kept by the reader in ``Article.extra``.
_TAG_FIELDS = ("section", "sections", "keywords", "tags", "categories", "category", "subjects", "topics")


def publisher_tags(article: Article) -> list[str]:
    """Section and keyword labels the publisher gave the article, lower-cased."""
    tags: list[str] = []
    for key, value in article.extra.items():
        if key.lower() not in _TAG_FIELDS:
            continue
        items = value if isinstance(value, list) else str(value).split(",") if value else []
        tags.extend(t for t in (str(i).strip().lower() for i in items) if t)
    return list(dict.fromkeys(tags))


def article_features(article: Article) -> ArticleFeatures:
    # The headline states the story: count it twice.
    head = f"{article.title}\n" * 2 if article.title else ""
    text = head + article.text
    ents = Counter(entities(text))
    # Editors' section and keyword labels name the story's subject: they weigh
    # like entities named twice (and match the same names in the text).
    for tag in publisher_tags(article):
        ents[tag] += 2
    return ArticleFeatures(Counter(content_stems(text)), ents, Counter(when_mentions(text)))


# Full names and abbreviations ("Sept.", "Jan") -> month name.
_MONTH = {word: MONTH_NAMES[number - 1] for word, number in MONTHS.items()}
# Capitalised or all-caps (datelines: "WEDNESDAY, MARCH 4"); lower case
# "may" and "march" are verbs.
_WHEN = re.compile(
    r"\b(?:(1[89]\d\d|20\d\d)"
    r"|((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY)"
    r"|([JFMASOND](?:[a-z]{2,8}|[A-Z]{2,8}))\.?)\b"
)


def when_mentions(text: str) -> list[str]:
    """Years, months and weekdays the text names: when its event happened.

    Two events told in the same words (two heists in the same city) differ
    in when they happened; these are the tokens that say so. "May" counts
    only next to a day number (it is also a verb).
    """
    out: list[str] = []
    for m in _WHEN.finditer(text):
        year, day, month = m.groups()
        if year:
            out.append("y" + year)
        elif day:
            out.append("d" + day.lower())
        elif month and (name := _MONTH.get(month.lower())):
            if name == "may" and not _DAY_NEAR.search(text, max(0, m.start() - 4), m.end() + 6):
                continue
            out.append("m" + name)
    return out


_DAY_NEAR = re.compile(r"\d{1,2}\s*May|May\s*\d{1,2}")


def _weigh(counts: Counter[str], idf: dict[str, float], default_idf: float) -> Vector:
    vec = {k: (1.0 + math.log(n)) * idf.get(k, default_idf) for k, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def _cos(vec: Vector, centroid: Vector, centroid_norm: float) -> float:
    if len(vec) > len(centroid):
        return sum(v * vec.get(k, 0.0) for k, v in centroid.items()) / centroid_norm
    return sum(v * centroid.get(k, 0.0) for k, v in vec.items()) / centroid_norm


@dataclass(slots=True)
class _Story:
    id: str
    members: set[str] = field(default_factory=set)
    terms: dict[str, float] = field(default_factory=dict)
    ents: dict[str, float] = field(default_factory=dict)
    when: dict[str, float] = field(default_factory=dict)
    first: dt.date | None = None
    last: dt.date | None = None
    # Members stored by earlier runs (incremental linking), not in ``members``,
    # and the place in date order of the earliest of them.
    base: int = 0
    base_head: Order | None = None
    # Stories merged into this one: their stored members now belong here.
    absorbed: set[str] = field(default_factory=set)
    # Squared norms kept up to date on every change: a big story's norm is
    # never recomputed from scratch (that made clustering quadratic).
    _sq: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])

    def _shift(self, vec: Vector, centroid: dict[str, float], slot: int, sign: float) -> None:
        sq = self._sq[slot]
        for k, v in vec.items():
            old = centroid.get(k, 0.0)
            new = old + sign * v
            centroid[k] = new
            sq += new * new - old * old
        self._sq[slot] = max(sq, 0.0)

    def add(self, aid: str, vecs: Vectors, date: dt.date | None) -> None:
        self.members.add(aid)
        for slot, (vec, centroid) in enumerate(zip(vecs, (self.terms, self.ents, self.when), strict=True)):
            self._shift(vec, centroid, slot, 1.0)
        if date:
            self.first = min(self.first or date, date)
            self.last = max(self.last or date, date)

    def remove(self, aid: str, vecs: Vectors) -> None:
        self.members.discard(aid)
        for slot, (vec, centroid) in enumerate(zip(vecs, (self.terms, self.ents, self.when), strict=True)):
            self._shift(vec, centroid, slot, -1.0)

    def absorb(self, other: _Story) -> None:
        """Take in another story's members and centroid, leaving it empty."""
        for slot, (mine, theirs) in enumerate(
            zip((self.terms, self.ents, self.when), (other.terms, other.ents, other.when), strict=True)
        ):
            self._shift(theirs, mine, slot, 1.0)
        self.members |= other.members
        self.base += other.base
        heads = [h for h in (self.base_head, other.base_head) if h is not None]
        self.base_head = min(heads) if heads else None
        self.first = min((d for d in (self.first, other.first) if d), default=None)
        self.last = max((d for d in (self.last, other.last) if d), default=None)
        self.absorbed |= other.absorbed | {other.id}
        other.members, other.base, other.base_head, other.absorbed = set(), 0, None, set()
        other.terms, other.ents, other.when, other._sq = {}, {}, {}, [0.0, 0.0, 0.0]
        other.first = other.last = None

    @property
    def size(self) -> int:
        return self.base + len(self.members)

    @property
    def empty(self) -> bool:
        return not self.members and not self.base

    def norms(self) -> tuple[float, float, float]:
        return (math.sqrt(self._sq[0]) or 1.0, math.sqrt(self._sq[1]) or 1.0, math.sqrt(self._sq[2]) or 1.0)

    def in_window(self, date: dt.date | None) -> bool:
        if date is None or self.first is None or self.last is None:
            return True
        w = dt.timedelta(days=WINDOW_DAYS)
        return self.first - w <= date <= self.last + w


def similarity(vecs: Vectors, story: _Story, dated: bool = False) -> float:
    tv, ev, wv = vecs
    tn, en, _ = story.norms()
    t = _cos(tv, story.terms, tn)
    e = _cos(ev, story.ents, en) if ev and story.ents else 0.0
    if t < MIN_TERM_SIM or e < MIN_ENTITY_SIM:
        return 0.0
    sim = TERM_WEIGHT * t + (1 - TERM_WEIGHT) * e
    # Without publication dates on both sides, the time the texts state
    # stands in for them: disagreeing years, months or weekdays weaken the
    # match. (With dates, the time window has already judged; a developing
    # story's weekdays differ from day to day.)
    agree = None if dated else _when_agreement(wv, story.when)
    if agree is not None:
        sim *= WHEN_FLOOR + (1 - WHEN_FLOOR) * min(1.0, agree / WHEN_AGREE)
    return sim


def _when_agreement(wv: Vector, when: dict[str, float]) -> float | None:
    """Mean cosine, per kind (year, month, weekday) both sides name, of the time mentions."""
    if not wv or not when:
        return None
    scores = []
    for kind in "ymd":
        a = {k: v for k, v in wv.items() if k[0] == kind}
        b = {k: v for k, v in when.items() if k[0] == kind and v > 1e-9}
        if a and b:
            na = math.sqrt(sum(v * v for v in a.values()))
            nb = math.sqrt(sum(v * v for v in b.values()))
            scores.append(sum(v * b.get(k, 0.0) for k, v in a.items()) / (na * nb))
    return sum(scores) / len(scores) if scores else None


def _order(article: Article) -> Order:
    return ((article.published or "9999")[:10], article.source, article.id)


Order = tuple[str, ...]  # an article's place in date order: (date, source, id)
_LAST = "\U0010ffff"  # sorts after every date and name


def cluster(articles: Iterable[Article], stored: StoredStories | None = None) -> dict[str, str]:
    """Article id -> story id; articles with a story keep it.

    ``stored``: the story index of the store; ``articles`` are then only the new ones,
    compared with the stored stories' centroids instead of every stored article.
    """
    articles = sorted(articles, key=_order)
    feats = {a.id: article_features(a) for a in articles}
    term_df: Counter[str] = Counter()
    ent_df: Counter[str] = Counter()
    for f in feats.values():
        term_df.update(f.terms.keys())
        ent_df.update(f.ents.keys())
    n = len(articles)
    if stored is not None:
        n += stored.size
        fresh_df = (Counter(term_df), Counter(ent_df))
        term_df, ent_df = stored.document_frequencies(term_df, ent_df)
    # A pseudo-count of unseen documents keeps IDF meaningful in a small
    # corpus (five articles sharing "ceasefire" do not make it a stopword).
    total = (n or 1) + IDF_PRIOR_DOCS
    term_idf = {k: math.log(total / (d + 0.5)) for k, d in term_df.items()}
    ent_idf = {k: math.log(total / (d + 0.5)) for k, d in ent_df.items()}
    default_idf = math.log(total)
    if stored is not None:
        # Stored stories are weighed with this run's IDF, as a full relink would weigh them.
        stored.weigh_with(total, fresh_df)

    vectors = {
        a.id: (
            _weigh(feats[a.id].terms, term_idf, default_idf),
            _weigh(feats[a.id].ents, ent_idf, default_idf),
            _weigh(feats[a.id].when, {}, 1.0),
        )
        for a in articles
    }
    stories: dict[str, _Story] = stored.stories if stored is not None else {}
    # Postings hold (the adding article's place in date order, story id),
    # kept sorted, so a scan can stop at the article's time window: the
    # refinement rounds, which revisit early articles after all have been
    # added, then see the stories of their own time, not the newest ones.
    index: dict[str, list[tuple[Order, str]]] = defaultdict(list)
    assigned: dict[str, str] = {}
    dates = {a.id: iso_day(a.published) for a in articles}
    position = {a.id: _order(a) for a in articles}
    horizon = _horizons(articles, dates)
    top_keys = {aid: _top_keys(tv, ev) for aid, (tv, ev, _) in vectors.items()}
    # A story merged into another: its id -> the id it went to (postings still name it).
    alias: dict[str, str] = {}

    def resolve(sid: str) -> str:
        while sid in alias:
            sid = alias[sid]
        return sid

    def add(story: _Story, aid: str) -> None:
        story.add(aid, vectors[aid], dates[aid])
        entry = (position[aid], story.id)
        for key in top_keys[aid]:
            posting = index[key]
            at = bisect.bisect(posting, entry)
            if all(sid != story.id for _, sid in posting[max(0, at - 3) : at + 3]):
                posting.insert(at, entry)
        assigned[aid] = story.id

    def scan(key: str, until: Order) -> list[tuple[Order, str]]:
        # The last MAX_SCAN postings of a key before ``until`` (this run's, and the stored ones).
        posting = index.get(key, [])
        stop = bisect.bisect_left(posting, (until, ""))
        found = posting[max(0, stop - MAX_SCAN) : stop]
        if stored is not None:
            found = sorted(found + stored.postings(key, until))[-MAX_SCAN:]
        return found

    def ranked_candidates(keys: list[str], until: Order, exclude: str = "") -> list[str]:
        # The most recent stories holding each key, up to ``until`` (the end of a time window).
        hits: Counter[str] = Counter()
        for key in keys:
            hits.update({resolve(sid) for _, sid in scan(key, until)} - {exclude})
        # Only the stories sharing the most keys are scored: a bounded cost
        # however dense the window (ties by id, for determinism).
        return sorted(hits, key=lambda sid: (-hits[sid], sid))[:MAX_CANDIDATES]

    def best_story(aid: str, current: _Story | None = None) -> _Story | None:
        ranked = ranked_candidates(top_keys[aid], horizon[aid])
        candidates = set(ranked) | ({current.id} if current is not None else set())
        if stored is not None:
            stored.prefetch(candidates)
        best, best_sim = None, JOIN_THRESHOLD
        for sid in sorted(candidates):
            story = stories[sid]
            if story.empty or not story.in_window(dates[aid]):
                continue
            dated = dates[aid] is not None and story.first is not None
            sim = similarity(vectors[aid], story, dated)
            if sim > 0:
                near.add(sid)
            if sim >= best_sim:
                best, best_sim = story, sim
        return best

    # Stories a new article came close to: in its window, sharing both kinds of evidence.
    near: set[str] = set()

    def best_merge(story: _Story, singles: bool = False) -> _Story | None:
        # Only dated stories merge: the time window is what says two groups
        # are one developing story. Undated groups told in similar words may
        # be two events years apart (ECB+ is made of such pairs).
        if story.first is None:
            return None
        tn, en, wn = story.norms()
        vecs = (
            {k: v / tn for k, v in story.terms.items() if v > 1e-9},
            {k: v / en for k, v in story.ents.items() if v > 1e-9},
            {k: v / wn for k, v in story.when.items() if v > 1e-9},
        )
        # The end of the window of its last member (stored members: of its last date).
        ends = [horizon[m] for m in story.members]
        if story.base and story.last is not None:
            ends.append(((story.last + dt.timedelta(days=WINDOW_DAYS)).isoformat(), _LAST))
        best, best_sim = None, 0.0
        ranked = ranked_candidates(_top_keys(vecs[0], vecs[1]), max(ends), exclude=story.id)
        if stored is not None:
            stored.prefetch(ranked)
        for sid in ranked:
            other = stories[sid]
            if other.empty or not _overlap(story, other):
                continue
            sim = similarity(vecs, other, dated=True)
            # ``singles``: a story of one article merges by the rule it would join by.
            single = singles and min(story.size, other.size) == 1
            if sim >= max(JOIN_THRESHOLD if single else MERGE_THRESHOLD, best_sim):
                best, best_sim = other, sim
        return best

    def new_story(aid: str) -> _Story:
        sid = stable_id("story", aid)
        return stories.setdefault(sid, _Story(sid))

    # Existing stories first, so new articles are compared with them.
    for a in articles:
        if a.story_id:
            add(stories.setdefault(a.story_id, _Story(a.story_id)), a.id)
    by_id = {a.id: a for a in articles}
    fresh = [a for a in articles if not a.story_id]
    # A stored original's story (incremental linking: the original is not in ``articles``).
    held = stored.stories_of({a.copy_of for a in fresh if a.copy_of} - by_id.keys()) if stored else {}
    # An original that arrives after a copy of it (dated earlier, so found to be the
    # original's original) goes to its copy's story, as the copy would have come to it.
    copied: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        if a.copy_of:
            copied[a.copy_of].append(a.id)
    if stored is not None:
        for original, (copy, sid) in stored.stored_copies({a.id for a in fresh if not a.copy_of}).items():
            copied[original].append(copy)
            held[copy] = sid
    copies: dict[str, str] = {}
    for a in fresh:
        original = by_id.get(a.copy_of) if a.copy_of else None
        if original is not None and original.id in assigned:
            # A copy belongs to its original's story.
            copies[a.id] = original.id
            add(stories[assigned[original.id]], a.id)
            continue
        if a.copy_of in held:
            copies[a.id] = a.copy_of
            add(stories[held[a.copy_of]], a.id)
            continue
        placed = (
            sorted(c for c in copied.get(a.id, ()) if c in assigned or c in held) if not a.copy_of else []
        )
        if placed:
            copies[a.id] = placed[0]
            add(stories[assigned.get(placed[0]) or held[placed[0]]], a.id)
            continue
        add(best_story(a.id) or new_story(a.id), a.id)

    def story_of(aid: str) -> str:
        return assigned.get(aid) or held[aid]

    # A single pass depends on arrival order: revisit this run's articles
    # against the final centroids (a few k-means-like rounds) so an early
    # article can move to the story that grew after it. After the first
    # round only articles of stories that changed are revisited: the others
    # face the same centroids as before, so the rounds cost what the moves do.
    todo = [a.id for a in fresh if a.id not in copies]
    for _ in range(REFINE_ROUNDS):
        touched: set[str] = set()
        for aid in todo:
            current = stories[assigned[aid]]
            current.remove(aid, vectors[aid])
            target = best_story(aid, current) or (current if current.empty else new_story(aid))
            if target is not current:
                touched.update((current.id, target.id))
            add(target, aid)
        for cid, oid in copies.items():
            if assigned[cid] != story_of(oid):
                stories[assigned[cid]].remove(cid, vectors[cid])
                add(stories[story_of(oid)], cid)
        if not touched:
            break
        todo = [aid for aid in todo if assigned[aid] in touched]

    # Refinement moves articles one at a time: two halves of one story that
    # formed apart (two G7 reports beside the ceasefire coverage) each hold
    # their members. Merge a story made in this run into an overlapping one
    # when their centroids match as an article would have to.
    fresh_ids = {a.id for a in fresh}
    for sid in sorted({assigned[aid] for aid in fresh_ids}, key=lambda sid: (stories[sid].size, sid)):
        story = stories[sid]
        if story.empty or story.base or not story.members <= fresh_ids:
            continue
        target = best_merge(story)
        if target is not None:
            for aid in sorted(story.members):
                story.remove(aid, vectors[aid])
                add(target, aid)
            alias[story.id] = target.id

    # A story that held articles before this run, joined by new ones, may now
    # meet the merge rule with another (a late article bridging two stories
    # that were apart): merge them, as linking all articles at once would
    # have. Only the stories this run touched are checked, against the
    # candidates their postings name, and the stories the new articles came
    # close to (the IDF they were judged with has changed).
    def held(story: _Story) -> bool:
        return bool(story.base) or not story.members <= fresh_ids

    def rank(story: _Story) -> tuple[bool, Order]:
        # The survivor: a story that held articles before (its id is kept), then the earliest.
        heads = [position[m] for m in story.members] + ([story.base_head] if story.base_head else [])
        return (not held(story), min(heads, default=(_LAST,)))

    queue = sorted({resolve(sid) for sid in near} | {assigned[aid] for aid in fresh_ids})
    queue = [sid for sid in queue if held(stories[sid])]
    while queue:
        story = stories[queue.pop(0)]
        if story.empty or (other := best_merge(story, singles=True)) is None:
            continue
        into, gone = sorted((story, other), key=rank)
        for aid in gone.members:
            assigned[aid] = into.id
        into.absorb(gone)
        alias[gone.id] = into.id
        queue.append(into.id)

    kept = {sid for sid, story in stories.items() if story.base}
    out = _stable_ids(assigned, fresh_ids, position, kept)
    if stored is not None:
        stored.learn(out, assigned, stories, index, feats, resolve)
    return out


def _overlap(a: _Story, b: _Story) -> bool:
    """Whether two dated stories' date ranges come within the time window of each other."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return False
    w = dt.timedelta(days=WINDOW_DAYS)
    return a.first - w <= b.last and b.first - w <= a.last


def _horizons(articles: list[Article], dates: dict[str, dt.date | None]) -> dict[str, Order]:
    """Per article, the place in date order just past the last article within its window."""
    span = dt.timedelta(days=WINDOW_DAYS)
    # Undated articles may join any story: they see every posting.
    return {
        a.id: (_LAST,) if (d := dates[a.id]) is None else ((d + span).isoformat(), _LAST) for a in articles
    }


def _stable_ids(
    assigned: dict[str, str], fresh: set[str], order: dict[str, Order], kept: set[str] = frozenset()
) -> dict[str, str]:
    """A story made in this run is named after its first article, whatever the refinement did.

    ``kept``: stories with stored members, which keep their ids.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for aid, sid in assigned.items():
        groups[sid].append(aid)
    out: dict[str, str] = {}
    for sid, members in groups.items():
        if sid not in kept and all(m in fresh for m in members):
            sid = stable_id("story", min(members, key=order.__getitem__))
        for m in members:
            out[m] = sid
    return out


def _top_keys(tv: Vector, ev: Vector) -> list[str]:
    terms = sorted(tv, key=lambda k: (-tv[k], k))[:TOP_FEATURES]
    ents = sorted(ev, key=lambda k: (-ev[k], k))[:TOP_FEATURES]
    return [f"t:{k}" for k in terms] + [f"e:{k}" for k in ents]


# -- story records ---------------------------------------------------------------------


def story_records(articles: dict[str, Article], assigned: dict[str, str]) -> list[Story]:
    members: dict[str, list[Article]] = defaultdict(list)
    for aid, sid in assigned.items():
        members[sid].append(articles[aid])
    out = []
    for sid, group in sorted(members.items()):
        group.sort(key=_order)
        dates = sorted(a.published[:10] for a in group if a.published)
        sample = _sample(group)
        freq = _word_counts(sample)
        summary = _summary(group, sample, freq)
        title = _central_title(sample, freq) or (summary[0]["text"][:120] if summary else None)
        out.append(
            Story(
                id=sid,
                title=title,
                articles=[a.id for a in group],
                first_seen=dates[0] if dates else None,
                last_seen=dates[-1] if dates else None,
                summary=summary,
            )
        )
    return out


def _sample(group: list[Article]) -> list[Article]:
    """Originals only, and at most SUMMARY_SAMPLE of them spread over the story's life.

    A story of thousands of articles then costs what a story of SUMMARY_SAMPLE
    does, and what is central in it is still central in the sample.
    """
    ids = {a.id for a in group}
    return _spread([a for a in group if not (a.copy_of and a.copy_of in ids)], SUMMARY_SAMPLE)


def _word_counts(sample: list[Article]) -> Counter[str]:
    """In how many of the sampled articles each content word appears."""
    freq: Counter[str] = Counter()
    for a in sample:
        freq.update(set(content_stems(a.text)))
    return freq


def _centrality(text: str, freq: Counter[str]) -> float:
    stems = set(content_stems(text))
    return sum(freq[s] for s in stems) / math.sqrt(len(stems) or 1)


def _central_title(sample: list[Article], freq: Counter[str]) -> str | None:
    """The headline that says what most of the story's articles say."""
    titles = {a.title for a in sample if a.title}
    return max(sorted(titles), key=lambda t: _centrality(t, freq), default=None)


def _summary(group: list[Article], sample: list[Article], freq: Counter[str]) -> list[dict[str, Any]]:
    """The most central lead sentences, each with every place it appears.

    Centrality: the summed weight, across the story's articles, of the words a
    sentence holds (a sentence that says what most articles say). Only the
    first sentences of each article compete: news states its story up front.
    """
    candidates: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, int, int]] = set()
    for a in sample:
        for start, end in split_sentences(a.text)[:5]:
            sentence = a.text[start:end]
            stems = set(content_stems(sentence))
            if len(stems) < 4 or len(sentence) > 400:
                continue
            key = normalize(sentence)
            entry = candidates.setdefault(
                key,
                {
                    "text": sentence,
                    "score": _centrality(sentence, freq),
                    "mentions": [],
                },
            )
            entry["mentions"].append({"article_id": a.id, "start": start, "end": end})
            seen.add((a.id, start, end))
    # Sentences reused verbatim in copies carry their copies' mentions too
    # (every member: a lookup per reused sentence).
    for a in group:
        for reused in (a.extra.get("provenance") or {}).get("sentences", []):
            span = (a.id, reused["start"], reused["end"])
            if span in seen:
                continue
            key = normalize(a.text[reused["start"] : reused["end"]])
            if key in candidates:
                seen.add(span)
                candidates[key]["mentions"].append({"article_id": a.id, "start": span[1], "end": span[2]})
    ranked = sorted(candidates.values(), key=lambda c: (-c["score"], c["text"]))
    chosen: list[dict[str, Any]] = []
    for c in ranked:
        if all(_distinct(c["text"], o["text"]) for o in chosen):
            chosen.append({"text": c["text"], "mentions": c["mentions"]})
        if len(chosen) == SUMMARY_SENTENCES:
            break
    return chosen


def _spread(items: list[Article], k: int) -> list[Article]:
    """At most ``k`` items, evenly spaced, first and last included."""
    if len(items) <= k:
        return items
    step = (len(items) - 1) / (k - 1)
    return [items[round(i * step)] for i in range(k)]


def _distinct(x: str, y: str) -> bool:
    a, b = set(content_stems(x)), set(content_stems(y))
    return len(a & b) / (min(len(a), len(b)) or 1) < 0.6


# -- the persistent index: incremental linking --------------------------------------------
#
# What clustering needs of the stored stories, kept in the store: each story's centroid,
# the postings of the top features of its articles (the candidate index) and the document
# frequencies behind IDF. A new article is then compared with the few stories its rarest
# features name, never with the stored articles themselves. The stored centroids keep the
# IDF of the run that built them: a full relink (``sitrep`` re-linking with no new ids)
# recomputes them.

_INDEX = sa.MetaData()
DF = sa.Table(
    "story_df",
    _INDEX,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
FEATURES = sa.Table(
    "story_features",
    _INDEX,
    sa.Column("article_id", sa.String(32), primary_key=True),
    sa.Column("ord", sa.Text, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),  # ArticleFeatures as counts
)
POSTINGS = sa.Table(
    "story_postings",
    _INDEX,
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("ord", sa.Text, nullable=False),
    sa.Column("story_id", sa.String(32), nullable=False),
    sa.Index("ix_story_postings_key_ord", "key", "ord"),
    sa.Index("ix_story_postings_story", "story_id"),
)
_ARTICLES_KEY = "#articles"  # the DF row counting the articles indexed
_SEP = "\x01"  # joins an Order into one string that sorts as the tuple does


class _LazyStories(dict[str, _Story]):
    """Stored stories, their centroids rebuilt from their members' features on first use."""

    def __init__(self, index: StoredStories) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, sid: str) -> _Story:
        return self.index.load(sid)


class StoredStories:
    """The story index of a store, read while clustering new articles and updated after."""

    def __init__(self, store: Any, *, rebuild: bool = False) -> None:
        self.store = store
        self.rebuild = rebuild
        self.stories: dict[str, _Story] = {} if rebuild else _LazyStories(self)
        self._df: dict[str, int] = {}
        self._idf_cache: dict[str, dict[str, float]] = {}
        self._total = 1.0
        self._fresh: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
        self.size = 0 if rebuild else self._count()
        self._postings: dict[tuple[str, Order], list[tuple[Order, str]]] = {}
        self.changed: dict[str, _Story] = {}  # final story id -> its story, for the records
        self.renamed: dict[str, str] = {}  # stored story id -> the story it was merged into

    @staticmethod
    def ready(store: Any, new_ids: frozenset[str]) -> bool:
        """Whether the index counts every stored article but the new ones (else: link them all).

        The index is read with SQLite's ``?`` parameters: other databases link whole.
        """
        if store.engine.dialect.paramstyle != "qmark":
            return False
        with store.begin() as conn:
            _INDEX.create_all(conn, checkfirst=True)
            indexed = conn.execute(sa.select(DF.c.n).where(DF.c.key == _ARTICLES_KEY)).scalar()
            stored = conn.execute(sa.select(sa.func.count()).select_from(schema.articles)).scalar_one()
        return indexed is not None and indexed == stored - len(new_ids)

    def _count(self) -> int:
        with self.store.connect() as conn:
            return int(conn.execute(sa.select(DF.c.n).where(DF.c.key == _ARTICLES_KEY)).scalar() or 0)

    def document_frequencies(
        self, terms: Counter[str], ents: Counter[str]
    ) -> tuple[Counter[str], Counter[str]]:
        if self.rebuild:
            return terms, ents
        keys = [f"t:{k}" for k in terms] + [f"e:{k}" for k in ents]
        stored: dict[str, int] = {}
        with self.store.connect() as conn:
            for chunk in _chunks(keys):
                stored.update(conn.execute(sa.select(DF.c.key, DF.c.n).where(DF.c.key.in_(chunk))).all())
        self._df.update(stored)
        return (
            Counter({k: n + stored.get(f"t:{k}", 0) for k, n in terms.items()}),
            Counter({k: n + stored.get(f"e:{k}", 0) for k, n in ents.items()}),
        )

    def weigh_with(self, total: float, fresh: tuple[Counter[str], Counter[str]]) -> None:
        self._total, self._fresh = total, fresh

    def _idf(self, prefix: str, keys: Iterable[str]) -> dict[str, float]:
        fresh = self._fresh[0 if prefix == "t" else 1]
        missing = [f"{prefix}:{k}" for k in keys if f"{prefix}:{k}" not in self._df]
        for chunk in _chunks(missing, 5000):
            marks = ",".join("?" * len(chunk))
            self._df.update(self._read(f"SELECT key, n FROM story_df WHERE key IN ({marks})", chunk))
        self._df.update((k, 0) for k in missing if k not in self._df)
        cache = self._idf_cache.setdefault(prefix, {})
        for k in keys:
            if k not in cache:
                cache[k] = math.log(self._total / (self._df[f"{prefix}:{k}"] + fresh[k] + 0.5))
        return cache

    def load(self, sid: str) -> _Story:
        self.prefetch([sid])
        return self.stories[sid]

    def prefetch(self, sids: Iterable[str]) -> None:
        """Load stored stories, each centroid summed over its members in date order (as clustering
        adds them) and weighed with this run's IDF. One query for all of them."""
        if self.rebuild:
            return
        wanted = sorted(set(sids) - self.stories.keys())
        if not wanted:
            return
        rows: dict[str, list[tuple[str, dict[str, Any]]]] = {sid: [] for sid in wanted}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for sid, ord_, data in self._read(
                "SELECT a.story_id, f.ord, f.data FROM articles a JOIN story_features f ON f.article_id = a.id "
                f"WHERE a.story_id IN ({marks})",
                chunk,
            ):
                rows[sid].append((ord_, json.loads(data)))
        feats = {
            sid: [
                (o, ArticleFeatures(Counter(d["terms"]), Counter(d["ents"]), Counter(d["when"])))
                for o, d in sorted(r)
            ]
            for sid, r in rows.items()
        }
        term_idf = self._idf("t", {k for fs in feats.values() for _, f in fs for k in f.terms})
        ent_idf = self._idf("e", {k for fs in feats.values() for _, f in fs for k in f.ents})
        default = math.log(self._total)
        for sid, fs in feats.items():
            story = _Story(sid)
            for ord_, f in fs:
                vecs = (
                    _weigh(f.terms, term_idf, default),
                    _weigh(f.ents, ent_idf, default),
                    _weigh(f.when, {}, 1.0),
                )
                story.add(ord_, vecs, iso_day(ord_.split(_SEP)[0]))
            story.base, story.members = len(story.members), set()
            story.base_head = tuple(fs[0][0].split(_SEP)) if fs else None
            dict.__setitem__(self.stories, sid, story)

    def _read(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        # The driver's cursor: the index is read hundreds of times per batch (in a link, on the
        # connection of its transaction).
        with self.store.connect() as conn:
            cursor = conn.connection.dbapi_connection.cursor()
            try:
                return cursor.execute(sql, tuple(params)).fetchall()
            finally:
                cursor.close()

    def postings(self, key: str, until: Order) -> list[tuple[Order, str]]:
        """The last MAX_SCAN stored postings of a key before ``until``."""
        if self.rebuild:
            return []
        cached = self._postings.get((key, until))
        if cached is None:
            rows = self._read(
                "SELECT ord, story_id FROM story_postings WHERE key = ? AND ord < ? ORDER BY ord DESC LIMIT ?",
                (key, _SEP.join(until), MAX_SCAN),
            )
            cached = self._postings[(key, until)] = [(tuple(o.split(_SEP)), sid) for o, sid in reversed(rows)]
        return cached

    def stored_copies(self, originals: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Per original, a stored copy of it that has a story: (copy id, story id)."""
        if self.rebuild:
            return {}
        out: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(sorted(set(originals))):
            marks = ",".join("?" * len(chunk))
            rows = self._read(
                f"SELECT copy_of, id, story_id FROM articles WHERE copy_of IN ({marks}) AND story_id IS NOT NULL",
                chunk,
            )
            for original, copy, sid in sorted(rows):
                out.setdefault(original, (copy, sid))
        return out

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        if self.rebuild:
            return {}
        ids = sorted(set(article_ids))
        with self.store.connect() as conn:
            rows = conn.execute(
                sa.select(schema.articles.c.id, schema.articles.c.story_id).where(
                    schema.articles.c.id.in_(ids)
                )
            )
            return {aid: sid for aid, sid in rows if sid}

    def learn(
        self,
        out: dict[str, str],
        assigned: dict[str, str],
        stories: dict[str, _Story],
        index: dict[str, list[tuple[Order, str]]],
        feats: dict[str, ArticleFeatures],
        resolve: Callable[[str], str] = lambda sid: sid,
    ) -> None:
        """Keep what this run changed, to be written by :meth:`save`."""
        final = {assigned[aid]: sid for aid, sid in out.items()}
        self.changed = {final[sid]: stories[sid] for sid in set(assigned.values())}
        # A stored story that took in another without new members of its own keeps its id.
        self.changed |= {
            sid: s for sid, s in stories.items() if s.absorbed and not s.empty and sid not in final
        }
        # Stored stories merged into another: their members and postings move to it.
        self.renamed = {
            old: sid
            for sid, story in self.changed.items()
            for old in story.absorbed
            if old not in self.changed
        }
        self._index = {}
        for key, posting in index.items():
            self._index[key] = [(o, final.get(resolve(sid), resolve(sid))) for o, sid in posting]
        self._feats = feats

    def save(self, orders: dict[str, Order]) -> None:
        features = [
            {
                "article_id": aid,
                "ord": _SEP.join(orders[aid]),
                "data": {"terms": f.terms, "ents": f.ents, "when": f.when},
            }
            for aid, f in self._feats.items()
        ]
        postings = [
            {"key": key, "ord": _SEP.join(o), "story_id": sid}
            for key, posting in self._index.items()
            for o, sid in posting
        ]
        df: Counter[str] = Counter({_ARTICLES_KEY: len(self._feats)})
        for f in self._feats.values():
            df.update(f"t:{k}" for k in f.terms)
            df.update(f"e:{k}" for k in f.ents)
        with self.store.begin() as conn:
            _INDEX.create_all(conn, checkfirst=True)
            if self.rebuild:
                for table in (DF, FEATURES, POSTINGS):
                    conn.execute(sa.delete(table))
            else:
                for chunk in _chunks(list(self._feats)):
                    conn.execute(sa.delete(FEATURES).where(FEATURES.c.article_id.in_(chunk)))
                known: dict[str, int] = {}
                for chunk in _chunks(sorted(df)):
                    known.update(conn.execute(sa.select(DF.c.key, DF.c.n).where(DF.c.key.in_(chunk))).all())
                for chunk in _chunks(sorted(known)):
                    conn.execute(sa.delete(DF).where(DF.c.key.in_(chunk)))
                df.update(known)
            if features:
                insert_rows(
                    conn,
                    FEATURES,
                    ("article_id", "ord", "data"),
                    [(f["article_id"], f["ord"], json.dumps(f["data"])) for f in features],
                )
            if postings:
                insert_rows(
                    conn,
                    POSTINGS,
                    ("key", "ord", "story_id"),
                    [(p["key"], p["ord"], p["story_id"]) for p in postings],
                )
            insert_rows(conn, DF, ("key", "n"), list(df.items()))
            if self.renamed:
                # Looked up by story id: the index may predate it.
                for ix in POSTINGS.indexes:
                    ix.create(conn, checkfirst=True)
                conn.execute(
                    sa.update(POSTINGS)
                    .where(POSTINGS.c.story_id == sa.bindparam("old"))
                    .values(story_id=sa.bindparam("new")),
                    [{"old": old, "new": new} for old, new in sorted(self.renamed.items())],
                )


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@corpus_stage(
    "stories",
    tables=[TableSpec("stories", Story, per_article=False, columns=("first_seen", "last_seen"))],
    requires=["copies"],  # copies go with their originals
    incremental=True,
)
def link_stories(corpus: Corpus) -> LinkResult:
    if corpus.incremental and StoredStories.ready(corpus.store, corpus.new_ids or frozenset()):
        return _link_new(corpus)
    corpus = corpus.whole()
    index = StoredStories(corpus.store, rebuild=True) if corpus.store is not None else None
    assigned = cluster(corpus.articles.values(), index)
    if index is not None:
        index.save({a.id: _order(a) for a in corpus.articles.values()})
    updates = {aid: {"story_id": sid} for aid, sid in assigned.items()}
    return LinkResult(article_updates=updates, tables={"stories": story_records(corpus.articles, assigned)})


def _link_new(corpus: Corpus) -> LinkResult:
    """Cluster the new articles against the stored stories; rewrite only the stories they join."""
    index = StoredStories(corpus.store)
    fresh = [dataclasses.replace(a, story_id=None) for a in corpus.articles.values()]
    assigned = cluster(fresh, index)
    index.save({a.id: _order(a) for a in fresh})
    # The stored members of the stories this run joined, and of those merged into them.
    stored = corpus.store.article_ids_where("story_id", index.changed.keys() | index.renamed.keys())
    members = {
        aid: index.renamed.get(sid, sid) for sid, ids in stored.items() for aid in ids if aid not in assigned
    } | assigned
    articles = corpus.store.articles_by_id(members.keys() - corpus.articles.keys()) | corpus.articles
    moved = {aid for aid, sid in members.items() if aid in assigned or articles[aid].story_id != sid}
    updates = {aid: {"story_id": members[aid]} for aid in moved}
    return LinkResult(
        article_updates=updates,
        upserts={"stories": story_records(articles, members)},
        deletes={"stories": sorted(index.renamed.keys() - index.changed.keys())},
    )
