"""Provenance: copies, reprints, spun (machine-paraphrased) rewrites, text reuse.

One wire story reposted by fifty sites is one source, not fifty. This linker
finds, for every article, whether it copies an earlier one and how:

* ``duplicate``: the same text (exact after normalisation, or near-identical);
* ``reprint``: a copy with new boilerplate, cut short, or stated as a reprint
  ("originally published by ...", wire credits: the cleaner fills
  ``original_outlet``; a small fallback here reads such notices when it did not);
* ``paraphrase``: a spun copy, synonyms swapped in while names, numbers and
  sentence order stay.

Candidates come from three sub-quadratic indexes (see ``docs/provenance.md``):
exact normalised hashes, MinHash LSH over word 5-shingles (near-duplicates by
Jaccard), and an inverted index of content-sampled fingerprints (word
5-shingles and name/number "anchor" 3-shingles) that estimates containment,
so truncated and re-wrapped copies and spun rewrites are found too. Each
candidate pair is then verified by sentence alignment.

Per-article evidence goes to ``Article.extra["provenance"]``: reused
sentences (where else each appears, which article had it first) and, for
spun text, the garbled sentences.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlalchemy as sa
from rapidfuzz import fuzz

from sitrep.clean.outlets import wire_datelines
from sitrep.link import Corpus, LinkResult
from sitrep.link.text import anchors, content_stems, normalize, shingle_hashes, split_sentences, words
from sitrep.records import Article
from sitrep.stages import corpus_stage
from sitrep.store import schema
from sitrep.store.sql import chunks, insert_rows

# datasketch (and the scipy it imports) and numpy are imported where hashes are made, not here: they take
# about 2 s, which a command that only reads the store (report, summary, serve) must not pay.
if TYPE_CHECKING:
    import numpy as np
    from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
LSH_THRESHOLD = 0.5
WORD_K = 5
ANCHOR_K = 3
# Content-defined sampling keeps the same fingerprints in every copy of a text,
# so a truncated copy shares its sample with the original (containment).
WORD_SAMPLE_MOD = 4
# A fingerprint shared by more articles than this is boilerplate (or a story
# syndicated so widely that LSH finds it anyway): it is not used for blocking.
MAX_POSTING = 64
MAX_CANDIDATES = 12
MIN_SENT_WORDS = 4

NEAR_RATIO = 88.0
PARA_SCORE = 0.6
COPY_COVERAGE = 0.6


# -- stated reprints ---------------------------------------------------------------

_OUTLET = r"(?P<outlet>[A-Z][\w&'’./-]*(?:[ /-]+(?:of |and |the |for )?[A-Z][\w&'’./-]*){0,7})"
_NOTICES = [
    re.compile(p)
    for p in (
        r"(?i:originally (?:published|appeared|posted|ran)(?: on| in| by| at)?)(?: the)?\s+" + _OUTLET,
        r"(?i:(?:re)?printed|republished|reposted|reproduced)(?i: with(?: the)? permission)?(?i: from| of)\s+(?i:the\s+)?"
        + _OUTLET,
        r"(?i:this (?:article|story|content|report|piece) (?:was|is) (?:first |originally )?"
        r"(?:published|produced|written) (?:by|in|on))\s+(?i:the\s+)?" + _OUTLET,
        r"(?i:republished|reprinted) (?i:courtesy of)\s+(?i:the\s+)?" + _OUTLET,
    )
]
_WIRES = wire_datelines()
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'-]{2,40}\((?P<outlet>" + "|".join(map(re.escape, _WIRES)) + r")\)\s*[-—–]"
)


def stated_original(text: str) -> str | None:
    """The outlet a reprint notice or wire dateline names, else None.

    Only the head and tail of the text are read: that is where notices sit,
    and an outlet merely quoted in the body is not a reprint notice.
    """
    head, tail = text[:600], text[-400:]
    for part in (head, tail):
        for pattern in _NOTICES:
            if match := pattern.search(part):
                outlet = match.group("outlet").strip(" .,'’")
                outlet = re.split(r"\s+(?:and|with|under|on|in)\s+", outlet)[0]
                return outlet.strip(" .,") or None
    if match := _WIRE_DATELINE.search(head):
        return _WIRES[match.group("outlet")]
    return None


# -- garbled (spun) text -----------------------------------------------------------

_GARBLE_SIGNS = {
    # a closing curly quote used to open a quotation or glued to the next word
    "misplaced_quote": re.compile(r"(?:^|\s)”\s?\w|\w”\w"),
    # an apostrophe or quote left floating between spaces
    "floating_quote": re.compile(r"\s[‘’']\s"),
    # a space before a comma or full stop (incl. no-break spaces)
    "space_before_punct": re.compile(r"\w[ \u00a0]+[,.;:](?:\s|$)"),
    # the same word twice, a typical spinner seam
    "repeated_word": re.compile(r"\b(\w{3,})\b[\s\u00a0]*,?[\s\u00a0]+\1\b", re.IGNORECASE),
}


def garbled_signs(sentence: str) -> list[str]:
    signs = [name for name, pattern in _GARBLE_SIGNS.items() if pattern.search(sentence)]
    # Two closing quotes and no opening one: quotation marks were moved around.
    if sentence.count("”") >= 2 and "“" not in sentence:
        signs.append("unbalanced_quotes")
    return signs


# -- per-article features ------------------------------------------------------------


class Sentences(NamedTuple):
    """Sentence-level features of one article, for alignment."""

    spans: list[tuple[int, int]]
    norms: list[str]
    stems: list[frozenset[str]]
    anchors: list[tuple[str, ...]]
    substantive: list[bool]


def sentence_features(text: str) -> Sentences:
    sents = Sentences(split_sentences(text), [], [], [], [])
    for start, end in sents.spans:
        sentence = text[start:end]
        norm = normalize(sentence)
        sents.norms.append(norm)
        sents.stems.append(frozenset(content_stems(sentence)))
        sents.anchors.append(tuple(anchors(sentence)))
        sents.substantive.append(norm.count(" ") + 1 >= MIN_SENT_WORDS)
    return sents


@dataclass(slots=True)
class Doc:
    id: str
    order: tuple[Any, ...]
    outlet: str | None
    stated: str | None
    text: str
    word_shingles: np.ndarray
    anchor_shingles: np.ndarray
    hash: str
    garbled: dict[int, list[str]] = field(default_factory=dict)
    _sents: Sentences | None = None

    @property
    def sents(self) -> Sentences:
        """Computed on first use: only articles that are aligned need them."""
        if self._sents is None:
            self._sents = sentence_features(self.text)
        return self._sents

    @property
    def n_substantive(self) -> int:
        return sum(self.sents.substantive) or 1


def doc_features(article: Article, *, blocking: bool = True) -> Doc:
    """An article's features; ``blocking=False`` leaves out the shingles (a stored article
    that is only aligned: its blocking keys are in the index)."""
    text = article.text
    all_anchors = anchors(text) if blocking else []
    stated = article.original_outlet or stated_original(text)
    doc = Doc(
        id=article.id,
        # Which of two copies came first: earlier date, then the one that does
        # not say it is a reprint, then the less garbled, then input order.
        order=(),
        outlet=article.outlet,
        stated=stated,
        text=text,
        word_shingles=shingle_hashes(words(text), WORD_K) if blocking else _empty(),
        anchor_shingles=shingle_hashes(all_anchors, ANCHOR_K) if len(all_anchors) >= ANCHOR_K else _empty(),
        hash=normalize(text),
    )
    # Most texts show no seam at all: only those are split and checked.
    if garbled_signs(text):
        doc.garbled = {i: s for i, (a, b) in enumerate(doc.sents.spans) if (s := garbled_signs(text[a:b]))}
    doc.order = (
        (article.published or "9999")[:10],
        1 if stated else 0,
        len(doc.garbled),
        article.source,
        article.id,
    )
    return doc


@functools.cache
def _empty() -> np.ndarray:
    return shingle_hashes((), WORD_K)


def is_garbled(doc: Doc) -> bool:
    """Spun text shows many typographic seams, not one typo."""
    n = len(doc.garbled)
    return n >= 3 and n >= 0.1 * len(doc.sents.spans)


# -- candidate pairs ---------------------------------------------------------------


def _identity(x: Any) -> Any:
    return x


@functools.cache
def _template() -> MinHash:
    from datasketch import MinHash

    # Drawing the permutations once, not per article, saves a third of the time.
    return MinHash(num_perm=NUM_PERM, seed=1)


def _minhash(d: Doc) -> MinHash | None:
    if not len(d.word_shingles):
        return None
    from datasketch import MinHash

    template = _template()
    m = MinHash(
        num_perm=NUM_PERM,
        seed=1,
        hashfunc=_identity,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    m.update_batch(d.word_shingles.tolist())
    return m


def candidate_pairs(docs: list[Doc]) -> set[tuple[int, int]]:
    """Pairs of doc indexes worth aligning (i < j), without comparing all pairs."""
    pairs: set[tuple[int, int]] = set()
    by_hash: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        by_hash[d.hash].append(i)
    for group in by_hash.values():
        pairs.update((a, b) for k, a in enumerate(group) for b in group[k + 1 :])

    # Near-duplicates by Jaccard: MinHash LSH.
    lsh = _lsh()
    for i, d in enumerate(docs):
        m = _minhash(d)
        if m is not None:
            for other in lsh.query(m):
                pairs.add((int(other), i))
            lsh.insert(i, m, check_duplication=False)

    # Containment (truncated, re-wrapped, spun): sampled fingerprints.
    postings: dict[int, list[int]] = defaultdict(list)
    sizes: list[tuple[int, int]] = []
    for i, d in enumerate(docs):
        w = d.word_shingles[d.word_shingles % WORD_SAMPLE_MOD == 0]
        fps = [int(x) << 1 for x in w] + [(int(x) << 1) | 1 for x in d.anchor_shingles]
        sizes.append((len(w), len(d.anchor_shingles)))
        for fp in fps:
            postings[fp].append(i)
    shared: dict[int, Counter[int]] = defaultdict(Counter)
    for fp, members in postings.items():
        if len(members) < 2 or len(members) > MAX_POSTING:
            continue
        kind = fp & 1
        for k, a in enumerate(members):
            for b in members[k + 1 :]:
                shared[a][b * 2 + kind] += 1
    for a, counts in shared.items():
        scored: list[tuple[float, int]] = []
        for key, n in counts.items():
            b, kind = divmod(key, 2)
            smaller = min(sizes[a][kind], sizes[b][kind]) or 1
            containment = n / smaller
            if n >= 3 and containment >= (0.25 if kind == 0 else 0.3):
                scored.append((containment, b))
        scored.sort(reverse=True)
        pairs.update((a, b) for _, b in scored[:MAX_CANDIDATES])
    return {(a, b) if a < b else (b, a) for a, b in pairs if a != b}


# -- sentence alignment ------------------------------------------------------------------


@dataclass(slots=True)
class Alignment:
    # (sentence index in a, sentence index in b, kind: identical|near|paraphrase)
    pairs: list[tuple[int, int, str]]
    cov_a: float
    cov_b: float

    @property
    def n_paraphrase(self) -> int:
        return sum(1 for *_, kind in self.pairs if kind == "paraphrase")


def _anchor_match(x: tuple[str, ...], y: tuple[str, ...]) -> float:
    if not x and not y:
        return -1.0
    common = sum((Counter(x) & Counter(y)).values())
    return common / max(len(x), len(y))


def sentence_match(a: Doc, i: int, b: Doc, j: int) -> str | None:
    """How sentence i of a and sentence j of b relate, or None."""
    if a.sents.norms[i] == b.sents.norms[j]:
        return "identical"
    sa, sb = a.sents.stems[i], b.sents.stems[j]
    if not sa or not sb:
        return None
    common = len(sa & sb)
    overlap = common / min(len(sa), len(sb))
    am = _anchor_match(a.sents.anchors[i], b.sents.anchors[j])
    if overlap < 0.3 and am < 0.6:
        return None
    if fuzz.ratio(a.sents.norms[i], b.sents.norms[j]) >= NEAR_RATIO:
        return "near"
    # A spun sentence keeps its names and numbers, and enough of its words.
    jaccard = common / len(sa | sb)
    score = 0.5 * am + 0.5 * overlap if am >= 0 else overlap
    if score >= PARA_SCORE and jaccard >= 0.25 and (am >= 0.5 or am < 0):
        return "paraphrase"
    return None


def _increasing(pairs: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The longest chain of pairs increasing in both sentence indexes (order kept)."""
    import bisect

    pairs = sorted(pairs, key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j, _) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    chain: list[tuple[int, int, str]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(pairs[k])
        k = prev[k]
    return chain[::-1]


def align(a: Doc, b: Doc) -> Alignment:
    """Align the sentences of two articles.

    Identical and near-identical sentences count wherever they are (editors
    move paragraphs); paraphrase-level matches are weaker evidence and count
    only on the longest order-preserving chain, as spinners keep sentence order.
    """
    exact: list[tuple[int, int, str]] = []
    para: list[tuple[int, int, str]] = []
    index_a: dict[str, int] = {}
    for i, n in enumerate(a.sents.norms):
        index_a.setdefault(n, i)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for j, n in enumerate(b.sents.norms):
        i = index_a.get(n)
        if i is not None and i not in used_a:
            exact.append((i, j, "identical"))
            used_a.add(i)
            used_b.add(j)
    for j in range(len(b.sents.norms)):
        if j in used_b or not b.sents.substantive[j]:
            continue
        best: tuple[int, str] | None = None
        for i in range(len(a.sents.norms)):
            if i in used_a or not a.sents.substantive[i]:
                continue
            kind = sentence_match(a, i, b, j)
            if kind == "near":
                best = (i, kind)
                break
            if kind and best is None:
                best = (i, kind)
        if best:
            i, kind = best
            if kind == "near":
                exact.append((i, j, kind))
                used_a.add(i)
            else:
                para.append((i, j, kind))
    pairs = exact + [p for p in _increasing(para) if p[0] not in used_a]
    ma = sum(1 for i, _, _ in pairs if a.sents.substantive[i])
    mb = sum(1 for _, j, _ in pairs if b.sents.substantive[j])
    return Alignment(sorted(pairs), ma / a.n_substantive, mb / b.n_substantive)


def is_copy(al: Alignment, earlier: Doc, later: Doc) -> bool:
    """Most of the later article is the earlier one's text (a copy), or it holds
    nearly all of it with some additions (a re-wrapped copy). A later story
    that reuses background paragraphs but is half new is text reuse, not a copy.
    """
    if len(al.pairs) < min(3, earlier.n_substantive, later.n_substantive):
        return False
    return al.cov_b >= COPY_COVERAGE or (al.cov_a >= 0.85 and al.cov_b >= 0.5)


def relation(al: Alignment, original: Doc, copy: Doc) -> str:
    # Spinning rewrites sentence after sentence; a reprint keeps them verbatim.
    changed = sum(1 for *_, kind in al.pairs if kind != "identical")
    if al.n_paraphrase >= max(2, 0.25 * len(al.pairs)) or changed >= max(3, 0.5 * len(al.pairs)):
        return "paraphrase"
    outlets_differ = bool(
        copy.stated
        or (original.outlet and copy.outlet and _outlet_key(original.outlet) != _outlet_key(copy.outlet))
    )
    full = al.cov_a >= 0.9 and al.cov_b >= 0.9
    return "duplicate" if full and not outlets_differ else "reprint"


# -- the linker ----------------------------------------------------------------------


# (earlier doc, later doc, their alignment)
Aligned = tuple[Doc, Doc, Alignment]
# sentence index -> (other article id, start, end, match kind)
Reuse = dict[int, list[tuple[str, int, int, str]]]


def _verify(pairs: Iterable[tuple[Doc, Doc]]) -> list[Aligned]:
    out = []
    for dx, dy in pairs:
        earlier, later = (dx, dy) if dx.order <= dy.order else (dy, dx)
        out.append((earlier, later, align(earlier, later)))
    return out


def _strength(al: Alignment) -> float:
    return max(al.cov_a, al.cov_b) + len(al.pairs) / 1000


def _add_reuse(reuse: dict[str, Reuse], aligned: Iterable[Aligned]) -> None:
    for de, dl, al in aligned:
        for i, j, kind in al.pairs:
            reuse.setdefault(de.id, {}).setdefault(i, []).append((dl.id, *dl.sents.spans[j], kind))
            reuse.setdefault(dl.id, {}).setdefault(j, []).append((de.id, *de.sents.spans[i], kind))


def _best_originals(aligned: Iterable[Aligned]) -> dict[str, tuple[float, tuple[str, str], str, str]]:
    """Per copy: (strength, pair key, original id, relation) of its strongest original.

    Equal strengths go to the pair first in id order, as the pairs were once visited.
    """
    best: dict[str, tuple[float, tuple[str, str], str, str]] = {}
    for de, dl, al in aligned:
        if not is_copy(al, de, dl):
            continue
        key = (min(de.id, dl.id), max(de.id, dl.id))
        known = best.get(dl.id)
        if known is None or _strength(al) > known[0] or (_strength(al) == known[0] and key < known[1]):
            best[dl.id] = (_strength(al), key, de.id, relation(al, de, dl))
    return best


def _values(
    article: Article, doc: Doc, copy_of: str | None, rel: str | None, reuse: Reuse, order: Mapping[str, Any]
) -> dict[str, Any]:
    if copy_of is None and rel is None and doc.stated:
        # No original in the corpus: a stated reprint, spun if garbled.
        rel = "paraphrase" if is_garbled(doc) else "reprint"
    values: dict[str, Any] = {"copy_of": copy_of, "copy_relation": rel}
    if doc.stated and not article.original_outlet:
        values["original_outlet"] = doc.stated
    extra = {key: v for key, v in article.extra.items() if key != "provenance"}
    evidence = _evidence(doc, reuse, rel, order)
    if evidence:
        extra["provenance"] = evidence
    values["extra"] = extra
    return values


@corpus_stage("provenance", assigns=["copies"], incremental=True)
def link_provenance(corpus: Corpus) -> LinkResult:
    if corpus.incremental and index_ready(corpus.store, corpus.articles):
        return _link_new(corpus)
    corpus = corpus.whole()
    articles = list(corpus.articles.values())
    docs = [doc_features(a) for a in articles]
    aligned = _verify((docs[x], docs[y]) for x, y in sorted(candidate_pairs(docs)))
    reuse: dict[str, Reuse] = {}
    _add_reuse(reuse, aligned)
    best = _best_originals(aligned)
    order = {d.id: d.order for d in docs}
    updates: dict[str, dict[str, Any]] = {}
    for article, doc in zip(articles, docs, strict=True):
        _, _, copy_of, rel = best.get(article.id, (0.0, ("", ""), None, None))
        updates[article.id] = _values(article, doc, copy_of, rel, reuse.get(article.id, {}), order)
    if corpus.store is not None:
        write_index(corpus.store, docs, replace_all=True)
    return LinkResult(article_updates=updates)


def _evidence(doc: Doc, reused: Reuse, rel: str | None, order: Mapping[str, Any]) -> dict[str, Any]:
    sentences = []
    paraphrased: set[int] = set()
    for i in sorted(reused):
        matches = sorted(reused[i])
        first = min([doc.id, *(o for o, *_ in matches)], key=order.__getitem__)
        kinds = {kind for *_, kind in matches}
        if "paraphrase" in kinds:
            paraphrased.add(i)
        start, end = doc.sents.spans[i]
        sentences.append(
            {
                "start": start,
                "end": end,
                "first_article": first,
                "also_in": [
                    {"article_id": o, "start": a, "end": b, "match": kind} for o, a, b, kind in matches
                ],
            }
        )
    out: dict[str, Any] = {}
    if sentences:
        out["sentences"] = sentences
    garbled = dict(doc.garbled) if is_garbled(doc) else {}
    if rel == "paraphrase":
        for i in paraphrased:
            garbled.setdefault(i, []).append("paraphrased")
    if garbled:
        out["garbled"] = [
            {"start": doc.sents.spans[i][0], "end": doc.sents.spans[i][1], "signs": signs}
            for i, signs in sorted(garbled.items())
        ]
    return out


# -- the persistent index: incremental linking --------------------------------------------
#
# Every article's blocking keys (its exact hash, its MinHash LSH bands, its sampled
# fingerprints) are kept in the store, so a new article finds its candidates with one
# indexed lookup instead of re-hashing the corpus. Keys are integers in disjoint ranges.

_INDEX = sa.MetaData()
KEYS = sa.Table(
    "provenance_keys",
    _INDEX,
    sa.Column("key", sa.BigInteger, nullable=False),
    sa.Column("article_id", sa.String(32), nullable=False),
    sa.Index("ix_provenance_keys_key", "key", "article_id"),
    sa.Index("ix_provenance_keys_article", "article_id"),
)
DOCS = sa.Table(
    "provenance_docs",
    _INDEX,
    sa.Column("article_id", sa.String(32), primary_key=True),
    sa.Column("n_word", sa.Integer, nullable=False),
    sa.Column("n_anchor", sa.Integer, nullable=False),
    sa.Column("ord", sa.JSON, nullable=False),  # Doc.order: which of two copies came first
)
_ANCHOR_KEY = 1 << 32
_BAND_KEY = 2 << 60
_HASH_KEY = 3 << 60
_LOW56 = (1 << 56) - 1


def _digest(*parts: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(b"|".join(parts), digest_size=7).digest(), "big") & _LOW56


@functools.cache
def _params() -> tuple[int, int]:
    from datasketch import MinHashLSH

    # Choosing the bands integrates false positive and negative rates (40 ms): once.
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _lsh() -> MinHashLSH:
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, params=_params())


@functools.cache
def _bands() -> tuple[list[tuple[int, int]], Any]:
    lsh = _lsh()
    return list(lsh.hashranges), lsh._H


def exact_keys(doc: Doc) -> list[int]:
    """The keys on which two articles are candidates whenever they share one: hash and LSH bands."""
    keys = [_HASH_KEY | _digest(doc.hash.encode())]
    m = _minhash(doc)
    if m is not None:
        ranges, h = _bands()
        for band, (start, end) in enumerate(ranges):
            keys.append(_BAND_KEY | _digest(str(band).encode(), h(m.hashvalues[start:end])))
    return keys


def sampled_keys(doc: Doc) -> tuple[list[int], list[int]]:
    """The sampled word fingerprints and the anchor fingerprints (containment)."""
    w = doc.word_shingles[doc.word_shingles % WORD_SAMPLE_MOD == 0]
    return [int(x) for x in w], [_ANCHOR_KEY | int(x) for x in doc.anchor_shingles]


def _conn(store: Any) -> Any:
    return store.begin()


def index_ready(store: Any, new: Mapping[str, Any]) -> bool:
    """Whether every stored article but the new ones is in the index (else: link them all)."""
    with _conn(store) as conn:
        _INDEX.create_all(conn, checkfirst=True)
        missing = conn.execute(
            sa.select(sa.func.count())
            .select_from(schema.articles.outerjoin(DOCS, DOCS.c.article_id == schema.articles.c.id))
            .where(DOCS.c.article_id.is_(None))
        ).scalar_one()
        fresh_missing = sum(1 for _ in _missing_of(conn, list(new)))
    return bool(missing == fresh_missing)


def _missing_of(conn: Any, ids: list[str]) -> Iterable[str]:
    indexed = {r[0] for r in conn.execute(sa.select(DOCS.c.article_id).where(DOCS.c.article_id.in_(ids)))}
    return (i for i in ids if i not in indexed)


def write_index(store: Any, docs: Iterable[Doc], *, replace_all: bool = False) -> None:
    docs = list(docs)
    keys, rows = [], []
    for d in docs:
        words_, anchors_ = sampled_keys(d)
        keys.extend((k, d.id) for k in (*exact_keys(d), *words_, *anchors_))
        rows.append(
            {"article_id": d.id, "n_word": len(words_), "n_anchor": len(anchors_), "ord": list(d.order)}
        )
    with _conn(store) as conn:
        _INDEX.create_all(conn, checkfirst=True)
        if replace_all:
            conn.execute(sa.delete(KEYS))
            conn.execute(sa.delete(DOCS))
        else:
            ids = [d.id for d in docs]
            conn.execute(sa.delete(KEYS).where(KEYS.c.article_id.in_(ids)))
            conn.execute(sa.delete(DOCS).where(DOCS.c.article_id.in_(ids)))
        if keys:
            # A full relink writes a few hundred keys per article.
            insert_rows(conn, KEYS, ("key", "article_id"), keys)
        if rows:
            conn.execute(sa.insert(DOCS), rows)


def _stored_candidates(conn: Any, docs: list[Doc]) -> set[tuple[str, str]]:
    """(new id, stored id) pairs found through the index, by the rules ``candidate_pairs`` applies."""
    new_ids = {d.id for d in docs}
    pairs: set[tuple[str, str]] = set()
    exact = {d.id: exact_keys(d) for d in docs}
    wanted = sorted({k for ks in exact.values() for k in ks})
    by_key: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(wanted):
        for key, aid in conn.execute(sa.select(KEYS.c.key, KEYS.c.article_id).where(KEYS.c.key.in_(chunk))):
            if aid not in new_ids:
                by_key[key].append(aid)
    for d in docs:
        pairs.update((d.id, aid) for k in exact[d.id] for aid in by_key.get(k, ()))

    sampled = {d.id: sampled_keys(d) for d in docs}
    fresh_count: Counter[int] = Counter(k for w, a in sampled.values() for k in (*w, *a))
    stored_count: dict[int, int] = {}
    for chunk in chunks(sorted(fresh_count)):
        rows = conn.execute(
            sa.select(KEYS.c.key, sa.func.count()).where(KEYS.c.key.in_(chunk)).group_by(KEYS.c.key)
        )
        stored_count.update((k, n) for k, n in rows)
    # A fingerprint in more articles than MAX_POSTING (new and stored) is boilerplate.
    usable = sorted(k for k, n in stored_count.items() if n + fresh_count[k] <= MAX_POSTING)
    members: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(usable):
        for key, aid in conn.execute(sa.select(KEYS.c.key, KEYS.c.article_id).where(KEYS.c.key.in_(chunk))):
            if aid not in new_ids:
                members[key].append(aid)
    shared: dict[str, Counter[tuple[str, int]]] = {}
    for d in docs:
        counts: Counter[tuple[str, int]] = Counter()
        for kind, keys in enumerate(sampled[d.id]):
            for k in keys:
                counts.update((aid, kind) for aid in members.get(k, ()))
        shared[d.id] = counts
    others = sorted({aid for counts in shared.values() for aid, _ in counts})
    sizes: dict[str, tuple[int, int]] = {}
    for chunk in chunks(others):
        rows = conn.execute(
            sa.select(DOCS.c.article_id, DOCS.c.n_word, DOCS.c.n_anchor).where(DOCS.c.article_id.in_(chunk))
        )
        sizes.update((aid, (nw, na)) for aid, nw, na in rows)
    for d in docs:
        own = tuple(len(x) for x in sampled[d.id])
        scored: list[tuple[float, str]] = []
        for (aid, kind), n in shared[d.id].items():
            smaller = min(own[kind], sizes.get(aid, (0, 0))[kind]) or 1
            containment = n / smaller
            if n >= 3 and containment >= (0.25 if kind == 0 else 0.3):
                scored.append((containment, aid))
        scored.sort(reverse=True)
        pairs.update((d.id, aid) for _, aid in scored[:MAX_CANDIDATES])
    return pairs


def _stored_orders(conn: Any, ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    out: dict[str, tuple[Any, ...]] = {}
    for chunk in chunks(sorted(set(ids))):
        rows = conn.execute(sa.select(DOCS.c.article_id, DOCS.c.ord).where(DOCS.c.article_id.in_(chunk)))
        out.update((aid, tuple(ord_)) for aid, ord_ in rows)
    return out


def _stored_reuse(article: Article, doc: Doc, drop: set[str]) -> Reuse:
    """An article's reuse as its stored evidence records it, without the articles in ``drop``."""
    at = {span: i for i, span in enumerate(doc.sents.spans)}
    reuse: Reuse = {}
    for sentence in (article.extra.get("provenance") or {}).get("sentences", []):
        i = at.get((sentence["start"], sentence["end"]))
        if i is None:
            continue
        for m in sentence["also_in"]:
            if m["article_id"] not in drop:
                reuse.setdefault(i, []).append((m["article_id"], m["start"], m["end"], m["match"]))
    return reuse


def _link_new(corpus: Corpus) -> LinkResult:
    """Link the new articles against the indexed store; stored articles they copy or are copied by
    are updated too (their evidence gains the new articles, and a new earlier copy may be their original).
    """
    store = corpus.store
    new_docs = [doc_features(a) for a in corpus.articles.values()]
    new_ids = {d.id for d in new_docs}
    by_index = list(new_docs)
    pairs = {(by_index[x].id, by_index[y].id) for x, y in candidate_pairs(by_index)}
    with _conn(store) as conn:
        pairs |= _stored_candidates(conn, new_docs)
    partners = store.articles_by_id({b for _, b in pairs} - new_ids)
    docs = {d.id: d for d in new_docs} | {aid: doc_features(a, blocking=False) for aid, a in partners.items()}
    aligned = _verify((docs[a], docs[b]) for a, b in sorted(pairs))
    reuse: dict[str, Reuse] = {}
    for aid, article in partners.items():
        reuse[aid] = _stored_reuse(article, docs[aid], new_ids)
    _add_reuse(reuse, aligned)
    referenced = {o for r in reuse.values() for ms in r.values() for o, *_ in ms}
    with _conn(store) as conn:
        order = _stored_orders(conn, referenced - docs.keys())
    order.update((d.id, d.order) for d in docs.values())
    best = _best_originals(aligned)
    updates: dict[str, dict[str, Any]] = {}
    articles = {**corpus.articles, **partners}
    for aid, article in articles.items():
        doc = docs[aid]
        copy_of, rel = article.copy_of, article.copy_relation
        if aid in new_ids:
            _, _, copy_of, rel = best.get(aid, (0.0, ("", ""), None, None))
        elif aid in best and best[aid][2] != article.copy_of:
            copy_of, rel = _stronger(store, article, doc, best[aid])
        elif copy_of is None and rel is not None:
            rel = None  # a stated reprint: _values derives it again
        updates[aid] = _values(article, doc, copy_of, rel, reuse.get(aid, {}), order)
    write_index(store, new_docs)
    return LinkResult(article_updates=updates)


def _stronger(
    store: Any, article: Article, doc: Doc, found: tuple[float, tuple[str, str], str, str]
) -> tuple[str | None, str | None]:
    """A stored copy's original: the one it has, or the new one if that is stronger."""
    strength, key, original, rel = found
    if article.copy_of is None:
        return original, rel
    current = store.articles_by_id([article.copy_of]).get(article.copy_of)
    if current is None:
        return original, rel
    al = align(doc_features(current, blocking=False), doc)
    own_key = (min(current.id, article.id), max(current.id, article.id))
    if _strength(al) > strength or (_strength(al) == strength and own_key < key):
        return article.copy_of, article.copy_relation
    return original, rel


# -- independent sources ----------------------------------------------------------------


@functools.cache  # outlets are few, and every fact's sources are counted by them
def _outlet_key(name: str) -> str:
    key = name.casefold().strip()
    key = re.sub(r"^(?:www\.)|^the\s+|\.(?:com|org|net|co\.uk|in)$", "", key)
    return re.sub(r"[^\w]+", " ", key).strip()


def _get(article: Any, name: str) -> Any:
    return article.get(name) if isinstance(article, Mapping) else getattr(article, name, None)


def source_key(article_id: str, articles: Mapping[str, Any]) -> str:
    """The independent source an article counts as: its original's outlet, else the original."""
    root, seen = article_id, {article_id}
    while (article := articles.get(root)) is not None:
        parent = _get(article, "copy_of")
        if not parent or parent in seen or parent not in articles:
            break
        seen.add(parent)
        root = parent
    article = articles.get(root)
    outlet = (_get(article, "original_outlet") or _get(article, "outlet")) if article is not None else None
    return f"outlet:{_outlet_key(outlet)}" if outlet else f"article:{root}"


def independent_sources(article_ids: Iterable[str], articles: Mapping[str, Any]) -> int:
    """How many independent sources back a set of articles.

    Each article is traced along ``copy_of`` to its original; the original
    counts by ``original_outlet or outlet``, so a copy and its original, or two
    reprints of one wire story, count once. An article with no outlet is its
    own source. ``articles`` maps id to :class:`Article` (or exported dicts).
    """
    return len({source_key(aid, articles) for aid in article_ids})
