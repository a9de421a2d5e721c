"""Statements: one record per utterance, however many articles report it.

The linker builds the actor registry from every stored quote, then groups the
quotes of one speaker that say the same thing - word for word, trimmed or
paraphrased - into a statement. Blocking keeps it sub-quadratic: quotes are
compared only within one speaker, only when their dates are close, and only
when an inverted index says they share content words; a pair is linked when
one's content words are mostly contained in the other's or rapidfuzz's token
set ratio is high. Sources count once per outlet after copies are collapsed
(``copy_of`` chains lead to the original; its ``original_outlet``, ``outlet``
or id is the source).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any

from rapidfuzz import fuzz

from sitrep.actors import Registry
from sitrep.calendar_words import iso_day
from sitrep.link import Corpus, LinkResult
from sitrep.link.provenance import independent_sources
from sitrep.link.text import STOPWORDS
from sitrep.records import Mention, Statement, stable_id

DATE_WINDOW_DAYS = 4
CONTAINMENT = 0.6
TOKEN_SET = 90
MAX_POSTING = 200  # words in more quotes than this (within one speaker) do not propose pairs
# Words that say nothing of what was said: the shared list, plus a few quantifiers.
_STOP = STOPWORDS | {"another", "many", "much", "whose"}


# Between a closing and the next opening mark inside one quote: the attribution
# that splits it ("..., ” Trump said. “ ...").
_INTERRUPTION = re.compile(r"\s*[”\"]\s*[^“”\"\n]{1,80}?\s*[“\"]\s*")


def quoted_words(text: str) -> str:
    """A quote's own words: an attribution that splits it becomes an ellipsis."""
    return _INTERRUPTION.sub(" … ", text).strip()


def _words(text: str) -> set[str]:
    return {
        w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if w not in _STOP and len(w) > 2
    }


def _same(a: dict[str, Any], b: dict[str, Any], words: dict[str, set[str]]) -> bool:
    wa, wb = words[a["id"]], words[b["id"]]
    if not wa or not wb:
        return False
    shared = len(wa & wb)
    small = min(len(wa), len(wb))
    # Short fragments ("obviously very difficult") share words by chance: need a few.
    if small < 5:
        return small >= 2 and wa == wb
    if shared / small >= CONTAINMENT:
        return True
    return fuzz.token_set_ratio(a["text"], b["text"]) >= TOKEN_SET


def _first_key(quote: dict[str, Any]) -> tuple[str, str, int]:
    return quote.get("speaker_id") or "", quote["article_id"], quote["start"]


def link_statements(corpus: Corpus) -> LinkResult:
    quotes = [dict(q) for q in corpus.records.get("quotes", [])]
    registry = Registry(
        (q["article_id"], q["speaker"], q.get("speaker_info")) for q in quotes if q.get("speaker")
    )
    for q in quotes:
        q["speaker_id"] = registry.actor_id(q["article_id"], q.get("speaker"))
        q["speaker"] = registry.canonical(q["article_id"], q.get("speaker"))

    # When each quote was said, else when its article was published.
    when: dict[str, dt.date | None] = {}
    for q in quotes:
        art = corpus.articles.get(q["article_id"])
        when[q["id"]] = iso_day(q.get("date")) or iso_day(art.published if art else None)

    parent = {q["id"]: q["id"] for q in quotes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    words = {q["id"]: _words(q["text"]) for q in quotes}
    blocks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        if q.get("speaker_id"):
            blocks[q["speaker_id"]].append(q)
    for block in blocks.values():
        postings: dict[str, list[int]] = defaultdict(list)
        for i, q in enumerate(block):
            for w in words[q["id"]]:
                postings[w].append(i)
        shared: Counter[tuple[int, int]] = Counter()
        for ids in postings.values():
            if len(ids) > MAX_POSTING:
                continue
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    shared[(ids[x], ids[y])] += 1
        for (i, j), n in shared.items():
            a, b = block[i], block[j]
            if n < 2:
                continue
            da, db = when[a["id"]], when[b["id"]]
            if da and db and abs((da - db).days) > DATE_WINDOW_DAYS:
                continue
            if _same(a, b, words):
                parent[find(a["id"])] = find(b["id"])

    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        groups[find(q["id"])].append(q)
    for members in groups.values():
        members.sort(key=lambda q: (q["article_id"], q["start"]))
    # A statement is named by where its first report starts; two quotes of one speaker can
    # start at one offset (a quote and a longer reported clause), and then their end tells them apart.
    starts = Counter(_first_key(members[0]) for members in groups.values())
    statements: list[Statement] = []
    for members in groups.values():
        first = members[0]
        key = _first_key(first)
        sid = stable_id("statement", *key, *([first["end"]] if starts[key] > 1 else []))
        for q in members:
            q["statement_id"] = sid
        # The fullest wording stands for the statement; direct words beat paraphrase.
        rep = max(members, key=lambda q: (q["kind"] == "direct", len(q["text"])))
        dates = Counter(q["date"] for q in members if q.get("date"))
        channels = Counter(q["channel"] for q in members if q.get("channel"))
        outlets = []
        for q in members:
            art = corpus.articles.get(q["article_id"])
            name = (art.outlet or art.original_outlet) if art else None
            outlets.append(name or f"article:{q['article_id']}")
        statements.append(
            Statement(
                id=sid,
                speaker=first.get("speaker"),
                speaker_id=first.get("speaker_id"),
                text=quoted_words(rep["text"]) if rep["kind"] == "direct" else rep["text"],
                date=dates.most_common(1)[0][0] if dates else None,
                channel=channels.most_common(1)[0][0] if channels else None,
                mentions=[Mention(q["article_id"], q["start"], q["end"]) for q in members],
                sources=sorted(set(outlets)),
                independent_sources=independent_sources({q["article_id"] for q in members}, corpus.articles),
            )
        )
    statements.sort(key=lambda s: s.id)
    return LinkResult(
        tables={"actors": registry.actors(), "statements": statements},
        article_records={"quotes": quotes},
    )


def select_statements(
    store: Any, *, speaker: str | None = None, since: str | None = None, story: str | None = None
) -> list[dict[str, Any]]:
    """Stored statements filtered by speaker (any alias, any spelling), date and story.

    Each row gains ``reported``: the earliest publication date of the articles
    reporting it. A statement whose own date is unknown is filtered and sorted
    by that date instead (it was said by then).
    """
    statements = list(store.records("statements"))
    if speaker:
        from sitrep.extract.speakers import translit_key

        wanted = {translit_key(w) for w in speaker.split()}
        ids = {
            a["id"]
            for a in store.records("actors")
            if any(wanted <= {translit_key(w) for w in alias.split()} for alias in [a["name"], *a["aliases"]])
        }
        statements = [s for s in statements if s.get("speaker_id") in ids]
    articles = {a.id: a for a in store.articles()}
    for s in statements:
        dates = [articles[m["article_id"]].published for m in s["mentions"] if m["article_id"] in articles]
        s["reported"] = min((d[:10] for d in dates if d), default=None)
    if since:
        statements = [s for s in statements if (s.get("date") or s["reported"] or "") >= since]
    if story:
        statements = [
            s
            for s in statements
            if any(
                articles[m["article_id"]].story_id == story
                for m in s["mentions"]
                if m["article_id"] in articles
            )
        ]
    return sorted(
        statements, key=lambda s: (s.get("date") or s["reported"] or "", s.get("speaker") or "", s["id"])
    )
