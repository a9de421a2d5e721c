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

Dates are evidence too: two days the reports state for themselves must agree. A statement's day
is the one most of its articles state (never after its first report, while another is given);
a report its article dates only by publication takes that day (basis ``occasion``), and so do
the other quotes of the same attribution ("Putin said ... but added ...").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from typing import Any

from rapidfuzz import fuzz

from sitrep.actors import Registry, bare_surname_ids, known_names, merged_actors
from sitrep.calendar_words import MONTH_NAMES, WEEKDAY_NAMES, iso_day, month_pattern
from sitrep.lexicons import DATA
from sitrep.lexicons import words as word_list
from sitrep.link import Corpus, LinkResult, scope
from sitrep.link.postings import Postings
from sitrep.link.provenance import independent_sources
from sitrep.link.text import STOPWORDS, stem
from sitrep.link.word_counts import WordCounts, idf_from
from sitrep.records import Actor, Mention, Quote, Statement, stable_id
from sitrep.stages import TableSpec, corpus_stage

DATE_WINDOW_DAYS = 4
_MONTHS = {m for m in MONTH_NAMES if len(m) > 3} - {"march", "may"}  # "march" and "may" are words too
# Share of the smaller quote's content (weighted by rarity) the other must hold: tuned on the
# tune half of bench/statements.py.
CONTAINMENT = 0.6
# ... or a smaller share when the shared words are rare enough: their summed log inverse document
# frequencies (a word in one quote of a thousand weighs about 7).
LOOSE_CONTAINMENT = 0.45
RARE_MASS = 22.0
TOKEN_SET = 90
# A quote with no speaker joins another only when it repeats it nearly word for word.
UNATTRIBUTED = 0.85
MIN_UNATTRIBUTED_WORDS = 4
MAX_POSTING = 200  # words in more quotes than this (within one speaker) do not propose pairs
# Words that say nothing of what was said: the shared list, a few quantifiers, and the names of
# days and months (when it was said is the date window's business, and one outlet writes
# "Tuesday's attack" where another writes "the attack").
_STOP = STOPWORDS | {"another", "many", "much", "whose"} | set(WEEKDAY_NAMES) | _MONTHS
# A day written in the quote ("announced contact ... on March 12") is when, not what: its month
# and number are neither words nor figures of the statement.
_MONTH_RE = month_pattern()
_DAY_WRITTEN = re.compile(
    rf"\b(?:{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE})\b",
    re.I,
)


# Between a closing and the next opening mark inside one quote: the attribution
# that splits it ("..., ” Trump said. “ ...").
_INTERRUPTION = re.compile(r"\s*[”\"]\s*[^“”\"\n]{1,80}?\s*[“\"]\s*")
# "U.S." and "US" are the country, not the pronoun "us"; a hyphen inside a word joins it
# ("cease-fire" is "ceasefire").
_COUNTRY_US = re.compile(r"\bU\.\s?S\.(?!\w)|\bUS\b|\bUnited States\b")
_HYPHEN = re.compile(r"(?<=[a-z])[-‐](?=[a-z])")
_DIGITS = re.compile(r"\d+")


def quoted_words(text: str) -> str:
    """A quote's own words: an attribution that splits it becomes an ellipsis."""
    return _INTERRUPTION.sub(" … ", text).strip()


def _norm(word: str) -> str:
    """A word's suffix-stripped form, final "e" dropped ("agree", "agreed", "agrees" meet)."""
    base = stem(word)
    return base[:-1] if len(base) > 3 and base.endswith("e") else base


def _forms(word: str) -> set[str]:
    """A synonym's inflected forms, stripped as the linker strips words."""
    w = _HYPHEN.sub("", word)
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w[:-1] + "ed"}
    if w.endswith("y"):
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    return {_norm(form) for form in forms}


@functools.cache
def _concepts() -> dict[str, str]:
    """Each paraphrase synonym's stripped form -> its group's name (data/statements/synonyms.txt)."""
    out: dict[str, str] = {}
    for line in (DATA / "statements" / "synonyms.txt").read_text("utf-8").splitlines():
        group = line.split("#", 1)[0].split()
        for word in group:
            for form in _forms(word):
                out.setdefault(form, group[0])
    return out


def _words(text: str) -> set[str]:
    """What a quote says, as paraphrase-proof units: stripped content words, synonyms as one.

    Adverbs of degree ("strongly urges") and days written in the quote ("on March 12") say how
    firmly and when, not what: they are left out."""
    return set(_cached_words(text))


@functools.lru_cache(maxsize=1 << 16)
def _cached_words(text: str) -> frozenset[str]:
    """(Cached: a run asks for each quote's words to weigh, index and group it.)"""
    text = _COUNTRY_US.sub(" usa ", _DAY_WRITTEN.sub(" ", text))
    degree = word_list("statements/degree_words")
    text = _HYPHEN.sub("", text.lower().replace("’", "'"))
    concepts = _concepts()
    out = set()
    for w in re.findall(r"[a-z0-9]+", text):
        if w in _STOP or len(w) <= 2 or w in degree:
            continue
        n = _norm(w)
        out.add(concepts.get(n, n))
    return frozenset(out)


@functools.lru_cache(maxsize=1 << 16)
def _numbers(text: str) -> frozenset[str]:
    """The figures of a quote, not the days written in it (cached: every candidate pair asks)."""
    return frozenset(_DIGITS.findall(_DAY_WRITTEN.sub(" ", text).replace(",", "")))


def _containment(wa: set[str], wb: set[str], idf: dict[str, float]) -> float:
    """How much of the smaller set the other holds, each word weighted by its rarity."""
    small, big = (wa, wb) if sum(idf[w] for w in wa) <= sum(idf[w] for w in wb) else (wb, wa)
    total = sum(idf[w] for w in small)
    return sum(idf[w] for w in small & big) / total if total else 0.0


def _same(a: Quote, b: Quote, words: dict[str, set[str]], idf: dict[str, float]) -> bool:
    wa, wb = words[a.id], words[b.id]
    if not wa or not wb:
        return False
    # Different figures are different statements ("21 passengers died" / "18 personnel were killed").
    na, nb = _numbers(a.text), _numbers(b.text)
    if na and nb and not (na & nb):
        return False
    shared = len(wa & wb)
    small, big = sorted((len(wa), len(wb)))
    if shared < 2:
        return False
    # A short quote ("responsibility for the attack") must be most of the other, not a part of it.
    if small < 4:
        return shared / big >= 0.6
    held = _containment(wa, wb, idf)
    if held >= CONTAINMENT:
        return True
    # A paraphrase that keeps less of the words but several rare ones ("long-term peace ... the
    # original causes of this crisis" / "long-term tranquility that addresses the root causes").
    if held >= LOOSE_CONTAINMENT and sum(idf[w] for w in wa & wb) >= RARE_MASS:
        return True
    return fuzz.token_set_ratio(a.text, b.text) >= TOKEN_SET


def _verbatim(a: Quote, b: Quote, words: dict[str, set[str]], idf: dict[str, float]) -> bool:
    """Nearly the same words: enough to join a quote whose speaker the article did not give."""
    wa, wb = words[a.id], words[b.id]
    if _same_figures(a, b, words, idf):
        return True
    if min(len(wa), len(wb)) < MIN_UNATTRIBUTED_WORDS:
        return False
    na, nb = _numbers(a.text), _numbers(b.text)
    if na != nb:
        return False
    return _containment(wa, wb, idf) >= UNATTRIBUTED and len(wa & wb) / max(len(wa), len(wb)) >= 0.6


def _same_figures(a: Quote, b: Quote, words: dict[str, set[str]], idf: dict[str, float]) -> bool:
    """The same figures, and the smaller report's words all but held by the other: a short report
    ("the killing of 33 terrorists", "they were holding over 200 hostages") is the utterance of
    the figure it repeats, though too short to count as word for word."""
    na, nb = _numbers(a.text), _numbers(b.text)
    wa, wb = words[a.id], words[b.id]
    return bool(na) and na == nb and len(wa & wb) >= 2 and _containment(wa, wb, idf) >= UNATTRIBUTED


def _restore_own_date(quote: Quote) -> None:
    """Give back the date the quote's article gave it, before an earlier run dated it by its
    statement: the statement is rebuilt from the extraction's dates, never from its own output."""
    own = (quote.speaker_info or {}).get("own_date")
    if own is not None:
        quote.date, quote.date_basis = own
        rest = {k: v for k, v in (quote.speaker_info or {}).items() if k != "own_date"}
        quote.speaker_info = rest or None


def _date_by_statement(quote: Quote, day: str) -> None:
    """A quote its article dates only by publication (or not at all) takes the day the other
    reports of its statement state (the same utterance has one day), keeping its own for the next
    run."""
    undated = quote.date is None and quote.date_basis is None  # an article of unknown date
    if not day or not (undated or quote.date_basis == "article" and quote.date and day <= quote.date):
        return
    if "own_date" not in (quote.speaker_info or {}):
        quote.speaker_info = {**(quote.speaker_info or {}), "own_date": [quote.date, quote.date_basis]}
    quote.date, quote.date_basis = day, "occasion"


def _keep_written_name(quote: Quote) -> None:
    """Keep the speaker's name as the article resolved it (``speaker_info["name"]``).

    Linking overwrites ``speaker`` with the actor's canonical name; the registry must be rebuilt
    from the names as extracted, or a second run would cluster canonical names and move ids.
    """
    if quote.speaker and "name" not in (quote.speaker_info or {}):
        quote.speaker_info = {**(quote.speaker_info or {}), "name": quote.speaker}


# Every stored quote's words counted once: an ingest's scope weighs words as the whole corpus does.
WORD_COUNTS = WordCounts("statement_words", lambda q: _words(q.text))
# How often each name is written for each actor: an actor is named as the whole corpus names it.
NAME_COUNTS = WordCounts(
    "actor_names", lambda q: {f"{q.speaker_id}\t{_written(q)}"} if q.speaker_id else set()
)
# Each stored quote under its words and figures, with the day it was said: an ingest's scope is
# the stored quotes that share enough of them with a new one to be grouped with it.
POSTINGS = Postings("statement_postings")


@corpus_stage(
    "statements",
    tables=[
        TableSpec("actors", Actor, per_article=False, columns=("name", "kind", "country")),
        TableSpec(
            "statements",
            Statement,
            per_article=False,
            columns=("speaker_id", "speaker", "date", "attribution"),
        ),
    ],
    requires=["quotes", "copies"],  # independent sources follow copy_of
    assigns=["actors", "speaker_ids"],
    incremental=True,
)
def link_statements(corpus: Corpus) -> LinkResult:
    """Group every quote into statements; after an ingest, only the new articles' neighbourhood
    (:func:`_scope`): the quotes said within the date window of theirs and their statements."""
    if not corpus.incremental:
        result = _link(corpus, _idf_of(corpus.records.get("quotes", [])))
        if corpus.store is not None:
            WORD_COUNTS.write(corpus.store, corpus.records.get("quotes", []))
            NAME_COUNTS.write(corpus.store, result.article_records["quotes"])
            POSTINGS.write(corpus.store, _entries(corpus.records.get("quotes", []), corpus.articles))
        return result
    store = corpus.store
    fresh = store.records_where("quotes", "article_id", corpus.new_ids)
    ready = WORD_COUNTS.ready(store) and NAME_COUNTS.ready(store) and POSTINGS.ready(store)
    near = _scope(corpus, fresh) if ready else None
    if near is None:  # an undated quote may join any, or the counts or postings were never made
        return link_statements(corpus.whole(["quotes", "actors"]))
    WORD_COUNTS.add(store, fresh)
    POSTINGS.add(store, _entries(fresh, corpus.articles))
    quotes = near.records["quotes"]
    stored_actors = {a.id: a for a in near.records["actors"]}
    result = _link(near, WORD_COUNTS.idf(store, {w for q in quotes for w in _words(q.text)}), stored_actors)
    affected = {a.id for a in result.tables["actors"]} | {q.speaker_id for q in quotes if q.speaker_id}
    old = {**near.records, "actors": [a for aid, a in stored_actors.items() if aid in affected]}
    return scope.changes(result, old)


def _scope(corpus: Corpus, fresh: list[Quote]) -> Corpus | None:
    """The stored quotes a batch of new ones can join (:func:`_sharing`), every quote of the
    statements those belong to, and all the stored actors."""
    store = corpus.store
    days = scope.days_of(q.date or corpus.articles[q.article_id].published for q in fresh)
    if days is None:
        return None
    near = store.records_where("quotes", "id", _sharing(store, fresh, corpus.articles))
    # A full name's bare surname linked earlier as an actor of its own joins it now.
    people = {
        _written(q) or q.speaker for q in fresh if (q.speaker_info or {}).get("kind", "person") == "person"
    }
    near += store.records_where("quotes", "speaker_id", bare_surname_ids(n for n in people if n))
    statement_ids = {q.statement_id for q in near if q.statement_id}
    quotes = scope.unique([*fresh, *near, *store.records_where("quotes", "statement_id", statement_ids)])
    return Corpus(
        articles=scope.with_originals(store, {q.article_id for q in quotes}),
        records={
            "quotes": quotes,
            "statements": store.records_where("statements", "id", statement_ids),
            "actors": list(store.records("actors")),
        },
        new_ids=corpus.new_ids,
        store=store,
    )


def _sharing(store: Any, fresh: list[Quote], articles: dict[str, Any]) -> set[str]:
    """The stored quotes said within the date window of a new quote that share two of its words
    or figures: grouping pairs no others with it (a pair of one speaker shares two words, a pair
    with an unnamed quote three words or figures), so no other stored quote can change group."""
    new = [(iso_day(day), _figured(q)) for q, day in _entries_days(fresh, articles)]
    by_word: dict[str, list[int]] = defaultdict(list)
    for k, (_, tokens) in enumerate(new):
        for w in tokens:
            by_word[w].append(k)
    spans = scope.windows(((d, d) for d, _ in new if d), DATE_WINDOW_DAYS)
    out = set()
    for qid, (day, used) in POSTINGS.sharing(store, by_word, spans).items():
        if len(used) < 2:
            continue
        said = iso_day(day)
        shared = Counter(k for w in used for k in by_word[w])
        if any(
            n >= 2 and (said is None or new[k][0] is None or abs((said - new[k][0]).days) <= DATE_WINDOW_DAYS)
            for k, n in shared.items()
        ):
            out.add(qid)
    return out - {q.id for q in fresh}


def _figured(q: Quote) -> set[str]:
    """A quote's words and figures, as :func:`_link` proposes unattributed pairs by them."""
    return _words(q.text) | {f"#{n}" for n in _numbers(q.text)}


def _entries_days(quotes: list[Quote], articles: dict[str, Any]) -> list[tuple[Quote, str]]:
    """Each quote with the day grouping compares (its own date, before a statement dated it, else
    its article's publication; "" when neither is known)."""
    out = []
    for q in quotes:
        own = (q.speaker_info or {}).get("own_date")
        art = articles.get(q.article_id)
        day = iso_day(own[0] if own is not None else q.date) or iso_day(art.published if art else None)
        out.append((q, day.isoformat() if day else ""))
    return out


def _entries(quotes: list[Quote], articles: dict[str, Any]) -> list[tuple[str, str, set[str]]]:
    """The postings of quotes: each under its words and figures, with its day."""
    return [(q.id, day, _figured(q)) for q, day in _entries_days(quotes, articles)]


def _written(quote: Quote) -> str | None:
    """The speaker's name as the article wrote it (linking gives ``speaker`` the actor's name)."""
    return (quote.speaker_info or {}).get("name")


def _names_of(store: Any, actor_id: str) -> dict[str, int]:
    """How often each name is written for an actor, over the whole corpus."""
    return {key.split("\t", 1)[1]: n for key, n in NAME_COUNTS.starting(store, f"{actor_id}\t").items()}


def _idf_of(quotes: list[Quote]) -> dict[str, float]:
    return idf_from(Counter(w for q in quotes for w in _words(q.text)), len(quotes))


def _link(corpus: Corpus, idf: dict[str, float], stored_actors: dict[str, Actor] | None = None) -> LinkResult:
    """Statements over the corpus's quotes. ``stored_actors``: the scope is part of a stored corpus,
    whose actors its names are resolved against and merged into."""
    quotes: list[Quote] = [dataclasses.replace(q) for q in corpus.records.get("quotes", [])]
    for q in quotes:
        _keep_written_name(q)
        _restore_own_date(q)
    written = {q.id: _written(q) for q in quotes}
    observations = [(q.article_id, written[q.id], q.speaker_info) for q in quotes if q.speaker]
    registry = Registry([*observations, *known_names(stored_actors or {})])
    for q in quotes:
        q.speaker_id = registry.actor_id(q.article_id, written[q.id])
        q.speaker = registry.canonical(q.article_id, written[q.id])
    actors = registry.actors()
    if stored_actors is not None:
        before = corpus.records["quotes"]
        NAME_COUNTS.add(corpus.store, before, sign=-1)
        NAME_COUNTS.add(corpus.store, quotes)
        actors = merged_actors(
            actors, stored_actors, before, quotes, functools.partial(_names_of, corpus.store)
        )
    # A quote names its speaker as the actor record does (clusters of one id are one actor).
    names = {a.id: a.name for a in actors}
    for q in quotes:
        q.speaker = names.get(q.speaker_id or "", q.speaker)

    # When each quote was said, else when its article was published.
    when: dict[str, dt.date | None] = {}
    for q in quotes:
        art = corpus.articles.get(q.article_id)
        when[q.id] = iso_day(q.date) or iso_day(art.published if art else None)

    parent = {q.id: q.id for q in quotes}
    # The named speaker of each group: two groups of different named speakers never join, even
    # through a quote with no speaker (or only a description: "the military") that repeats both.
    voice = {q.id: None if _unnamed(q) else q.speaker_id for q in quotes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx == ry or (voice[rx] and voice[ry] and voice[rx] != voice[ry]):
            return
        parent[rx] = ry
        voice[ry] = voice[ry] or voice[rx]

    # The marked parts of one interrupted quote ("A," he said. "B.") are one utterance.
    parts: dict[tuple[str, int, int], str] = {}
    for q in quotes:
        if q.kind == "direct" and q.speaker_mention is not None:
            key = (q.article_id, q.speaker_mention.start, q.speaker_mention.end)
            if key in parts:
                union(q.id, parts[key])
            else:
                parts[key] = q.id

    words = {q.id: _words(q.text) for q in quotes}
    blocks: dict[str | None, list[Quote]] = defaultdict(list)
    for q in quotes:
        blocks[_block(q)].append(q)
    for speaker, block in blocks.items():
        if speaker is None:
            continue
        for i, j in _candidates(block, words):
            if _near(when, block[i], block[j]) and _same(block[i], block[j], words, idf):
                union(block[i].id, block[j].id)
    # A quote the article gives no speaker joins the quote it repeats nearly word for word, or
    # whose figures it repeats; a figure is a word for proposing the pair.
    figured = {q.id: words[q.id] | {f"#{n}" for n in _numbers(q.text)} for q in quotes}
    for i, j in _candidates(quotes, figured, min_shared=3, unattributed=True):
        a, b = quotes[i], quotes[j]
        if a.article_id != b.article_id and _near(when, a, b) and _verbatim(a, b, words, idf):
            union(a.id, b.id)

    groups: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        groups[find(q.id)].append(q)
    ids = statement_ids(list(groups.values()))
    _date_reports(list(groups.values()), corpus)
    statements = [_statement(members, sid, corpus) for members, sid in zip(groups.values(), ids, strict=True)]
    statements.sort(key=lambda s: s.id)
    return LinkResult(
        tables={"actors": actors, "statements": statements},
        article_records={"quotes": quotes},
    )


def _candidates(
    block: list[Quote], words: dict[str, set[str]], min_shared: int = 2, unattributed: bool = False
) -> list[tuple[int, int]]:
    """Index pairs of quotes sharing ``min_shared`` words, from an inverted index (no all-pairs);
    with ``unattributed`` only the pairs one of whose quotes has no speaker."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(block):
        for w in words[q.id]:
            postings[w].append(i)
    unnamed = {i for i, q in enumerate(block) if _unnamed(q)} if unattributed else set()
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if len(ids) > MAX_POSTING:
            continue
        if unattributed:
            # only pairs with an unnamed quote: each unnamed one against the rest of the posting
            for x in (i for i in ids if i in unnamed):
                for y in ids:
                    if y != x and (y not in unnamed or x < y):
                        shared[(min(x, y), max(x, y))] += 1
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                shared[(ids[x], ids[y])] += 1
    return sorted(pair for pair, n in shared.items() if n >= min_shared)


def _block(q: Quote) -> str | None:
    """Quotes compared with each other: one actor's, or those given one description ("separatist
    group": no actor, but its reports in two outlets may repeat one utterance)."""
    if q.speaker_id:
        return q.speaker_id
    described = (q.speaker or "").lower()
    # "he" or "officials" in two articles is anyone: a description of two words or more is a start
    if len(described.split()) < 2 or described in word_list("briefing/unnamed_sides"):
        return None
    return f"described:{described}"


def _unnamed(q: Quote) -> bool:
    """No speaker, or only a description of one ("the military", "separatist group")."""
    return not q.speaker_id or not q.speaker or not q.speaker[:1].isupper()


_STATED = ("explicit", "relative")


def _near(when: dict[str, dt.date | None], a: Quote, b: Quote) -> bool:
    """Said close enough in time to be one utterance; two days each report states for it
    ("on March 10" / "on Tuesday") must be the same day."""
    da, db = when[a.id], when[b.id]
    if a.date_basis in _STATED and b.date_basis in _STATED and da != db:
        return False
    return not (da and db and abs((da - db).days) > DATE_WINDOW_DAYS)


def _wording(rep: Quote, members: list[Quote]) -> str:
    """The statement's words: the parts one article quotes of it, in order ("A, … B")."""
    if rep.kind != "direct":
        return rep.text
    parts = [q for q in members if q.article_id == rep.article_id and q.kind == "direct"]
    return " … ".join(quoted_words(q.text) for q in sorted(parts, key=lambda q: q.start))


def _first_key(members: list[Quote]) -> tuple[str, str, int]:
    first = min(members, key=lambda q: (q.article_id, q.start))
    # The speaker is the one the reports give (an unattributed repeat gives none).
    speaker = next((q.speaker_id for q in members if q.speaker_id), None)
    return speaker or "", first.article_id, first.start


def statement_ids(groups: list[list[Quote]]) -> list[str]:
    """One id per group of quotes, named by where its first report starts.

    Two groups of one speaker can start at one offset (a quote and a longer reported clause, or
    marks so dense that spans nest); then the first report's end, and failing that the member
    quotes' own ids (disjoint between groups), tell them apart. Ids depend on content alone, never
    on the order the groups were found, so a re-run gives the same ids.
    """
    keys = [_first_key(members) for members in groups]
    counts = Counter(keys)
    ends = [
        (*key, min((q.end for q in members if q.start == key[2] and q.article_id == key[1]), default=0))
        for key, members in zip(keys, groups, strict=True)
    ]
    end_counts = Counter(ends)
    ids = []
    for key, long_key, members in zip(keys, ends, groups, strict=True):
        if counts[key] == 1:
            ids.append(stable_id("statement", *key))
        elif end_counts[long_key] == 1:
            ids.append(stable_id("statement", *long_key))
        else:
            ids.append(stable_id("statement", *long_key, *sorted(q.id for q in members)))
    return ids


def _date_reports(groups: list[list[Quote]], corpus: Corpus) -> None:
    """Date the reports their articles dated only by publication (in place).

    A report takes its statement's day; then the quotes one attribution gives ("Putin said ...
    that he agrees in principle ..., but added that there are details") are of one occasion and
    take the day the first dated one has, though each is a statement of its own.
    """
    for members in groups:
        day = _said_on(members, corpus)
        if day is not None:
            for q in members:
                _date_by_statement(q, day)
    by_mention: dict[tuple[str, int, int], list[Quote]] = defaultdict(list)
    for members in groups:
        for q in members:
            if q.speaker_mention is not None:
                by_mention[(q.article_id, q.speaker_mention.start, q.speaker_mention.end)].append(q)
    for told in by_mention.values():
        dated = [q for q in sorted(told, key=lambda q: q.start) if q.date and q.date_basis != "article"]
        if dated:
            for q in told:
                _date_by_statement(q, dated[0].date or "")


def _statement(members: list[Quote], sid: str, corpus: Corpus) -> Statement:
    """One utterance from the quotes that report it; each quote learns its statement_id."""
    members.sort(key=lambda q: (q.article_id, q.start))
    # The speaker is the one the reports give (an unattributed repeat gives none).
    spoken = next((q for q in members if q.speaker_id), members[0])
    for q in members:
        q.statement_id = sid
    # The fullest wording stands for the statement; direct words beat paraphrase.
    rep = max(members, key=lambda q: (q.kind == "direct", len(q.text)))
    day = _said_on(members, corpus)
    channels = Counter(q.channel for q in members if q.channel)
    outlets = []
    for q in members:
        art = corpus.articles.get(q.article_id)
        name = (art.outlet or art.original_outlet) if art else None
        outlets.append(name or f"article:{q.article_id}")
    return Statement(
        id=sid,
        speaker=spoken.speaker,
        speaker_id=spoken.speaker_id,
        text=_wording(rep, members),
        date=day,
        channel=channels.most_common(1)[0][0] if channels else None,
        mentions=[Mention(q.article_id, q.start, q.end) for q in members],
        sources=sorted(set(outlets)),
        independent_sources=independent_sources({q.article_id for q in members}, corpus.articles),
        attribution="speech" if any(q.attribution == "speech" for q in members) else "stance",
    )


# A day an article states in its own words ("on March 12", "on Thursday") outweighs one it ties
# to an occasion told elsewhere in it.
_BASIS_WEIGHT = {"explicit": 2, "relative": 2, "occasion": 1}


def _said_on(members: list[Quote], corpus: Corpus) -> str | None:
    """The day of the utterance: the one most articles state for it, the earliest on a tie.

    Each article votes once for each day it gives, by its best basis. A quote dated only by its
    article says when it was reported, not when it was said, and votes nothing; a day after the
    first report was published cannot be the day it was said, unless no other day is given.
    """
    best: dict[tuple[str, str], int] = {}
    for q in members:
        weight = _BASIS_WEIGHT.get(q.date_basis or "", 0)
        if q.date and weight:
            key = (q.article_id, q.date)
            best[key] = max(best.get(key, 0), weight)
    votes: Counter[str] = Counter()
    for (_, day), weight in best.items():
        votes[day] += weight
    published = [
        a.published[:10] for q in members if (a := corpus.articles.get(q.article_id)) and a.published
    ]
    first = min(published, default=None)
    possible = {d: n for d, n in votes.items() if first is None or d <= first} or dict(votes)
    return min(possible, key=lambda d: (-possible[d], d)) if possible else None
