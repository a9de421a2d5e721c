"""Place mentions: found with spaCy and the gazetteer, geocoded offline.

Mentions come from spaCy's GPE/LOC/FAC entities, from capitalised names the
gazetteer knows (spaCy often tags a small town as a person), from descriptive
references ("the Belarusian capital"), and from other occurrences of a name
already read as a place. Each is resolved against
:mod:`sitrep.geo.gazetteer` (GeoNames data, CC BY 4.0) by a score that
prefers a name's main spelling, larger places, countries over towns of the
same name, and places in the countries and regions the article is about.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.calendar_words import MONTHS, WEEKDAYS
from sitrep.extract.speakers import ROLE_CLASS
from sitrep.geo.gazetteer import Gazetteer, Place, fold, load
from sitrep.records import Article, PlaceMention
from sitrep.stages import ArticleContext, TableSpec, article_stage

if TYPE_CHECKING:
    from spacy.tokens import Doc

ENTITY_LABELS = {"GPE", "LOC", "FAC"}
REGION_WORDS = {"region", "oblast", "province", "governorate", "state", "krai", "regions", "provinces", "county",
                "district", "raion"}  # fmt: skip
_ADMIN = ("region", "district")
# A capitalised name after one of these is a place even when spaCy says PERSON.
LOCATIVE = {
    "in",
    "at",
    "near",
    "from",
    "to",
    "outside",
    "around",
    "into",
    "across",
    "toward",
    "towards",
    "via",
    "through",
    "of",
    "between",
    "and",
    "inside",
    "over",
    "on",
    "off",
}
NEVER_PLACE = {
    "DATE",
    "TIME",
    "CARDINAL",
    "ORDINAL",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "NORP",
    "LANGUAGE",
    "LAW",
}
DESIGNATORS = {
    "city",
    "town",
    "village",
    "port",
    "capital",
    "settlement",
    "region",
    "province",
    "oblast",
    "district",
    "island",
    "islands",
    "state",
    "county",
    "peninsula",
    "villages",
    "towns",
    "cities",
    "provinces",
    "regions",
    "districts",
    "counties",
    "community",
    "municipality",
    "area",
}
# Words that name a place somewhere (March, Cambridgeshire; West, Cameroon) but in news
# are a month, a day or a direction: never geocoded on their own.
GENERIC = {*MONTHS, *WEEKDAYS, "west", "east", "north", "south", "western", "eastern", "northern",
           "southern", "central", "midwest", "capital", "city", "centre", "center", "union", "republic"}  # fmt: skip
# Settlements this large are accepted as places without any other cue.
BARE_CITY_MIN_POP = 100_000
_BIG_FEATURES = {"country", "continent", "sea", "strait", "river", "area", "landmark"}

_CAPITAL = re.compile(
    r"\b(?:[Tt]he\s+)?(?P<adj>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)(?P<poss>[’']s)?\s+capital(?:\s+city)?\b"
)


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    text: str
    places: list[Place]
    region_only: bool = False
    fixed: Place | None = None  # resolved by construction ("the Belarusian capital")
    label: str = ""
    sure: bool = False  # read as a place by a strong cue, so its other occurrences are too


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    span = text[start:end]
    m = re.match(r"(?:the|The)\s+", span)
    if m and end - start > m.end():
        start += m.end()
    for suffix in ("’s", "'s", "’", "'"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
            break
    return start, end


def _lookup(g: Gazetteer, name: str) -> list[Place]:
    if fold(name) in GENERIC or fold(name).removeprefix("the ") in GENERIC:
        return []
    if len(fold(name).replace(" ", "")) <= 3 and not name.replace(".", "").isupper():
        return []  # "Mar", "Us": short names count only as abbreviations ("US", "UK")
    found = g.lookup(name)
    if not found and name.lower().startswith("the "):
        found = g.lookup(name[4:])
    return found


class _Taken:
    """The character spans already read as places, sorted by start for overlap queries.

    A query looks only at spans starting less than the longest span's length before it,
    so its cost does not grow with the article (a scan of every span taken would).
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a span taken (``start < te and ts < end``)."""
        lo = bisect_right(self._spans, (start - self._longest, math.inf))
        hi = bisect_left(self._spans, (end, -math.inf))
        return any(te > start for _, te in self._spans[lo:hi])

    def covers(self, char: int) -> bool:
        """Whether a span taken holds the character (``ts <= char < te``)."""
        lo = bisect_right(self._spans, (char - self._longest, math.inf))
        hi = bisect_right(self._spans, (char, math.inf))
        return any(te > char for _, te in self._spans[lo:hi])


def _abbreviates(code: str, name: str) -> bool:
    """ "NSW" for New South Wales, "QLD" for Queensland: a region's three-letter code."""
    letters = fold(name).replace(" ", "")
    if len(code) != 3 or not code.isupper() or len(letters) <= 4 or code[0].lower() != letters[0]:
        return False
    it = iter(letters)
    return all(c in it for c in code.lower())


def _region_suffix(doc: Doc, text: str, starts: list[int], end_char: int) -> tuple[int, str] | None:
    """The word right after a name when it makes it a region: "Kursk region".

    ``starts`` holds every token's character offset (a bisect finds the next token).
    """
    k = bisect_left(starts, end_char)
    if k == len(starts):
        return None
    tok = doc[k]
    if text[end_char : tok.idx].strip() == "" and tok.lower_ in REGION_WORDS:
        return tok.idx + len(tok.text), tok.lower_
    return None


# Lower-case words inside multi-word place names: "Rio Grande do Sul", "Democratic
# Republic of the Congo", "Guinea-Bissau".
_NAME_JOINERS = {"of", "the", "do", "de", "del", "da", "dos", "das", "du", "des", "-"}
# Separators of the places one entity lists: "Central Africa - Nigeria", "Central and South America".
_PART_SEPARATORS = {",", "-", "–", "—", "/", "and", "or", "&", "(", ")", ";", ":"}
# Words that qualify a name they precede ("Eastern China", "City of Santa Ana"): the rest
# of the entity is the place.
_QUALIFIERS = {"mid", "greater", "upper", "lower", "inner", "outer", "city", "of", "the", "metropolitan"}
# Landforms: "Rift Valley", "Waiheke Island", "Fort Hood" are not the places "Valley",
# "Island", "Fort", and "Ural Mountains" or "Fraser Valley" are not the towns of that
# name, unless an administrative unit bears it ("Swat Valley", Swat district).
LANDFORMS = {"valley", "island", "islands", "mountains", "mountain", "mount", "plateau", "lake", "bay",
             "river", "fort", "hills", "hill", "delta", "peninsula", "coast", "gulf", "park", "forest",
             "desert", "basin", "canal", "square", "camp"}  # fmt: skip


def _name_token(t: object) -> bool:
    """A word that can be part of a name: capitalised ("KwaZulu" too), not a stop word."""
    return t.text[:1].isupper() and not t.is_stop and t.is_alpha  # type: ignore[attr-defined]


def _extend(g: Gazetteer, doc: Doc, text: str, start: int, end: int) -> tuple[int, int]:
    """The longest name around an entity span that the gazetteer knows.

    spaCy's small model cuts multi-word names short: "Guinea" of "Guinea-Bissau",
    "Natal" of "KwaZulu-Natal", "Mashonaland" of "Mashonaland West", "Beida" of
    "Goz Beida", "Democratic Republic" of "Democratic Republic of the Congo". The span
    grows by up to two tokens to the left and three to the right, over capitalised
    words and name joiners within the name, and is kept only if the longer name is a
    gazetteer entry.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    i, j = span.start, span.end
    best = (0, start, end)
    for left in range(0, 3):
        if i - left < 0:
            break
        if left and not (_name_token(doc[i - left]) or (doc[i - left].text == "-" and left < 2)):
            break
        for right in range(0, 4):
            if j + right > len(doc):
                break
            if right and not (_name_token(doc[j + right - 1]) or doc[j + right - 1].lower_ in _NAME_JOINERS):
                break
            if not left and not right:
                continue
            first, last = doc[i - left], doc[j + right - 1]
            if not _name_token(first) and first.i != i:
                continue
            if last.i >= j and not _name_token(last):
                continue
            s, e = first.idx, last.idx + len(last.text)
            if "\n" in text[s:e]:
                continue
            if e - s > best[2] - best[1] and _lookup(g, text[s:e]):
                best = (left + right, s, e)
    return best[1], best[2]


def _sub_spans(
    g: Gazetteer, doc: Doc, text: str, start: int, end: int, facility: bool
) -> list[tuple[int, int]]:
    """Known names inside an entity the gazetteer does not know as a whole.

    "Central Africa - Nigeria", "Eastern China", "Orange County Sanitation District",
    "City of Santa Ana", "the Indian Ocean coast": the entity is cut at separators,
    and in each part the longest run of words that opens or closes it and names a
    place is kept. A facility is a place only through the name that opens it
    ("Randwick Racecourse", "Da Nang International Airport"), not one that closes it
    ("Fort Hood").
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    parts: list[list[object]] = [[]]
    for t in span:
        if t.lower_ in _PART_SEPARATORS:
            parts.append([])
        else:
            parts[-1].append(t)
    out: list[tuple[int, int]] = []
    for part in parts:
        n = len(part)
        for length in range(n, 0, -1):
            found = None
            for k in [0] if facility else sorted({0, n - length}):
                toks = part[k : k + length]
                rest = part[:k] + part[k + length :]
                if not (_name_token(toks[0]) and _name_token(toks[-1])):
                    continue
                if length == 1 and toks[0].lower_ in LANDFORMS:  # type: ignore[attr-defined]
                    continue
                # Only qualifiers may stand before the name ("Eastern China"); any words
                # may follow it ("Pingliang city", "Orange County Sanitation District").
                if k and any(t.lower_ not in _QUALIFIERS and fold(t.text) not in GENERIC for t in rest):  # type: ignore[attr-defined]
                    continue
                s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)  # type: ignore[attr-defined]
                places = _lookup(g, text[s:e])
                if places and any(t.lower_ in LANDFORMS for t in rest):  # type: ignore[attr-defined]
                    places = [p for p in places if p.feature != "city"]
                if places:
                    found = (s, e)
                    break
            if found:
                out.append(found)
                break
    return out


def _entity_candidates(g: Gazetteer, doc: Doc, text: str, starts: list[int]) -> list[_Cand]:
    out: list[_Cand] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        start, end = _clean_span(text, ent.start_char, ent.end_char)
        if start >= end:
            continue
        start, end = _extend(g, doc, text, start, end)
        name = text[start:end]
        suffix = _region_suffix(doc, text, starts, end)
        words = name.split()
        region_only = False
        if suffix is not None:
            end = suffix[0]
            name = text[start:end]
            region_only = True
        elif len(words) > 1 and words[-1].lower() in REGION_WORDS:
            region_only = True
        places = _lookup(g, name)
        if not places and region_only:
            # "the Kabanjahe district": a town's name with a unit word the gazetteer lacks.
            places = _lookup(g, name.rsplit(None, 1)[0]) if len(name.split()) > 1 else []
        if region_only:
            places = [p for p in places if p.feature in _ADMIN] or places
        if not places and not region_only:
            subs = _sub_spans(g, doc, text, start, end, ent.label_ == "FAC")
            if subs:
                for s, e in subs:
                    out.append(_Cand(s, e, text[s:e], _lookup(g, text[s:e]), label=ent.label_))
                continue
        out.append(_Cand(start, end, name, places, region_only, label=ent.label_))
    return out


def _gazetteer_candidates(g: Gazetteer, doc: Doc, text: str, starts: list[int], taken: _Taken) -> list[_Cand]:
    """Capitalised names spaCy did not tag as places but the gazetteer knows."""
    out: list[_Cand] = []
    # Entity labels to trust: the small model's PERSON over "Missiles struck Kiev" is not.
    ent_label = {
        t.i: ent.label_
        for ent in doc.ents
        if all(t.pos_ in ("PROPN", "ADP", "DET", "PUNCT", "PART") for t in ent)
        for t in ent
    }
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if not (tok.is_title or tok.is_upper or (tok.text[:1].isupper() and tok.is_alpha)) or tok.is_stop:
            i += 1
            continue
        prev = doc[i - 1].lower_ if i > 0 else ""
        prev2 = doc[i - 2].lower_ if i > 1 else ""
        # Cues strong enough to overrule the small model's ORG/NORP and its POS tags
        # ("the town of Toruń", "the region KwaZulu-Natal", "Pandi, Bulacan and Talavera").
        # A designator right before must be a common noun: "City Council" names no city.
        designated = (prev in ("of", "called", "named") and prev2 in DESIGNATORS) or (
            prev in DESIGNATORS and doc[i - 1].is_lower
        )
        after_place = prev in (",", "and", "or") and i > 1 and taken.covers(doc[i - 2].idx)
        strong = designated or after_place
        if tok.pos_ != "PROPN" and not (strong and tok.pos_ in ("ADJ", "NOUN")):
            i += 1
            continue
        best: _Cand | None = None
        for length in (4, 3, 2, 1):
            j = i + length
            if j > n:
                continue
            span = doc[i:j]
            if (
                not all(
                    t.pos_ == "PROPN" or t.lower_ in ("of", "-") or (strong and t.is_title and not t.is_stop)
                    for t in span
                )
                or span[-1].lower_ == "of"
            ):
                continue
            s, e = span.start_char, span.end_char
            if taken.overlaps(s, e):
                continue
            places = _lookup(g, span.text)
            if not places:
                continue
            locative = prev in LOCATIVE or (prev == "the" and prev2 in LOCATIVE) or after_place
            big = any(
                p.feature in _BIG_FEATURES
                or (p.feature == "region" and (fold(p.name) == fold(span.text)))
                or p.population >= BARE_CITY_MIN_POP
                for p in places
            )
            labels = {ent_label.get(t.i) for t in span} - {None, "GPE", "LOC", "FAC"}
            if labels & (NEVER_PLACE - ({"NORP"} if strong else set())):
                continue  # dates, numbers, nationalities
            # Part of a longer person or organisation name ("Alan Cullison", "Atlantic Council").
            longer = labels - ({"ORG", "NORP"} if strong else set())
            # A comma inside the entity ("Pandi, Bulacan" as one ORG) separates places.
            if longer and (
                (doc[i].ent_iob_ == "I" and ent_label.get(i - 1) in longer and not doc[i - 1].is_punct)
                or (j < n and doc[j].ent_iob_ == "I" and ent_label.get(j) in longer and not doc[j].is_punct)
            ):
                continue
            suffix = _region_suffix(doc, text, starts, e)
            named = bool(labels)  # spaCy saw a person, organisation or product here
            strong_locative = (locative and prev not in ("of", "and", "on", "over")) or strong
            # A lone big place the small model calls a person is trusted unless it acts
            # like one ("Washington said"): "Missiles struck Odessa".
            acting = span.root.dep_ in ("nsubj", "nsubjpass", "poss", "compound", "appos")
            big_anyway = big and not acting
            if suffix is not None or ((strong_locative or big_anyway) if named else (locative or big)):
                best = _Cand(s, e, span.text, places, label="GAZ", sure=strong or suffix is not None)
                if suffix is not None:
                    best.end = suffix[0]
                    best.text = text[s : best.end]
                    best.region_only = True
                    best.places = [p for p in g.lookup(best.text) if p.feature in _ADMIN] or places
                break
        if best is not None:
            out.append(best)
            taken.add(best.start, best.end)
            i = doc.char_span(best.start, best.end, alignment_mode="expand").end
        else:
            i += 1
    return out


_WORD_CHAR = re.compile(r"[\w-]")
_PREFIX = 4  # names are found by their first characters, then compared in full


def _occurrences(text: str, names: list[str]) -> dict[str, list[tuple[int, int]]]:
    r"""Where each name stands as a word of its own, as ``re.finditer(rf"(?<![\w-]){name}(?![\w-])")``
    finds it (leftmost, not overlapping itself), in one pass over the text for all names.
    """
    if not names:
        return {}
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[:_PREFIX], []).append(name)
    short = sorted({len(key) for key in groups if len(key) < _PREFIX})
    firsts = "".join(sorted({re.escape(name[0]) for name in names}))
    found: dict[str, list[tuple[int, int]]] = {name: [] for name in names}
    for m in re.finditer(rf"(?<![\w-])[{firsts}]", text):
        s = m.start()
        keys = [text[s : s + _PREFIX], *(text[s : s + n] for n in short)]
        for name in (name for key in keys for name in groups.get(key, ())):
            e = s + len(name)
            spans = found[name]
            if (
                text.startswith(name, s)
                and not _WORD_CHAR.match(text, e)
                and (not spans or s >= spans[-1][1])
            ):
                spans.append((s, e))
    return found


def _repeated(doc: Doc, text: str, cands: list[_Cand], taken: _Taken) -> list[_Cand]:
    """Other occurrences of a name already read as a place (one sense per discourse).

    "in the area of Esperance" makes "Esperance residents" and "Esperance recorded
    457mm" places too, though the small model calls them an organisation or nothing.
    Occurrences inside a longer person's name ("Maya Harden") are left alone.
    """
    person = {t.i for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
    starts = {t.idx: t.i for t in doc}
    sources: list[_Cand] = []
    seen: set[str] = set()
    for c in cands:
        # Sources: names read as places by their entity label or a gazetteer cue; not
        # acronyms ("FDA", "SOS"), which are more often organisations when repeated.
        if (
            not c.places
            or not (c.sure or c.label in ("GPE", "LOC"))
            or c.text in seen
            or not c.text[:1].isupper()
            or c.text.replace(".", "").isupper()
            or fold(c.text) in GENERIC
        ):
            continue
        seen.add(c.text)
        sources.append(c)
    occurrences = _occurrences(text, [c.text for c in sources])
    out: list[_Cand] = []
    for c in sources:
        for s, e in occurrences[c.text]:
            if s not in starts or taken.overlaps(s, e):
                continue
            first = starts[s]
            last = first + len(c.text.split()) - 1
            if any(t in person for t in range(first, last + 1)):
                continue
            # Inside a longer capitalised name ("King Abdullah", "Franklin Roosevelt").
            if last + 1 < len(doc) and doc[last + 1].pos_ == "PROPN" and doc[last + 1].is_title:
                continue
            if first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].is_title:
                continue
            out.append(_Cand(s, e, c.text, c.places, c.region_only, label="REPEAT"))
            taken.add(s, e)
    return out


# What being the capital of a country the article names adds to a city's score.
CONTEXT_CAPITAL = 2.5
# Prepositions before a surname that make it a place after all ("in Harden", not "according to Rubio").
_PLAIN_LOCATIVE = {"in", "at", "near", "from", "outside", "around", "into", "across", "toward", "towards", "via",
                   "through", "inside"}  # fmt: skip
# A name this large is kept even when it is also someone's surname ("Jordan", "Georgia").
SURNAME_PLACE_MAX_POP = 500_000


def _drop_people_and_parts(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Drop names that are a person or a title in this article, and small towns read into half
    of a hyphenated word.

    "According to Rubio" after "Marco Rubio" is the Secretary, not the Venezuelan town;
    "Secretary Rubio" names no town called Secretary. In "Indo-Pacific", "UK-based" or
    "India-Pakistan border" the half is a place only as a country, region, sea or big city
    ("Pacific" the ocean, never the town of Pacific, Missouri). A strong cue ("the town of ...")
    or a region suffix keeps the name.
    """
    surnames = {fold(ent[-1].text) for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    out = []
    for c in cands:
        if c.fixed is not None or c.sure or c.region_only or " " in c.text.strip():
            out.append(c)
            continue
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        glued = span is not None and (
            (span.start > 1 and doc[span.start - 1].text in "-‐" and not doc[span.start - 2].whitespace_)
            or (span.end < len(doc) and doc[span.end].text in "-‐" and not span[-1].whitespace_)
        )
        if glued:
            c.places = [p for p in c.places if _big(p)]
            if not c.places:
                continue
        small = not any(_big(p) for p in c.places) and all(
            p.population < SURNAME_PLACE_MAX_POP for p in c.places
        )
        # "in Harden, New South Wales" is the town though Maya Harden is in the article too
        prev = doc[span.start - 1].lower_ if span is not None and span.start > 0 else ""
        prev2 = doc[span.start - 2].lower_ if span is not None and span.start > 1 else ""
        placed = prev in _PLAIN_LOCATIVE or (prev == "to" and prev2 != "according")
        if (small and fold(c.text) in surnames and not placed) or fold(c.text) in ROLE_CLASS:
            continue
        out.append(c)
    return out


def _big(p: Place) -> bool:
    return p.feature in _BIG_FEATURES or p.feature in _ADMIN or p.population >= BARE_CITY_MIN_POP


def _region_codes(doc: Doc, cands: list[_Cand], taken: _Taken) -> list[_Cand]:
    """ "NSW" in an article that names New South Wales: a region's code, whatever spaCy says.

    The small model calls such codes organisations, and they act as subjects ("NSW
    has extended its ban"), so only an article naming the region in full reads them.
    """
    regions = {
        p.index: p for c in cands for p in c.places if p.feature == "region" and fold(p.name) == fold(c.text)
    }
    if not regions:
        return []
    out: list[_Cand] = []
    for tok in doc:
        if len(tok.text) != 3 or not tok.is_upper or not tok.is_alpha or tok.is_stop:
            continue
        s, e = tok.idx, tok.idx + 3
        if taken.overlaps(s, e):
            continue
        match = [p for p in regions.values() if _abbreviates(tok.text, p.name)]
        if len(match) == 1:
            out.append(_Cand(s, e, tok.text, match, label="CODE"))
            taken.add(s, e)
    return out


def _org_modifiers(g: Gazetteer, doc: Doc, text: str, taken: _Taken) -> list[_Cand]:
    """Countries and first-level regions that open or close an organisation's name.

    "the US Centers for Disease Control", "the California Department of Health",
    "Taco Bell Canada": the name locates the organisation, and geoparsing corpora
    annotate it as a place. Only exact names of countries and regions count, so
    "Ford Motor" or "Bank of America" stay organisations.
    """
    out: list[_Cand] = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or len(ent) < 2:
            continue
        toks = [t for t in ent if t.lower_ != "the"]
        spans = [toks[:k] for k in (3, 2, 1)] + [toks[-k:] for k in (2, 1)]
        for span in spans:
            if not span or len(span) >= len(toks) or not all(t.pos_ == "PROPN" for t in span):
                continue
            s, e = span[0].idx, span[-1].idx + len(span[-1].text)
            if taken.overlaps(s, e):
                continue
            name = text[s:e]
            places = [
                p
                for p in _lookup(g, name)
                if p.feature in ("country", "region")
                and (fold(p.name) == fold(name) or name.replace(".", "").isupper())
            ]
            if places:
                out.append(_Cand(s, e, name, places, label="ORGMOD"))
                taken.add(s, e)
                break
    return out


def _descriptive(g: Gazetteer, text: str) -> list[_Cand]:
    """ "the Belarusian capital", "Russia's capital" -> that country's capital city."""
    out = []
    for m in _CAPITAL.finditer(text):
        iso3 = g.demonyms.get(fold(m.group("adj")))
        if iso3 is None or iso3 not in g.capitals:
            continue
        out.append(_Cand(m.start(), m.end(), m.group(0), [], fixed=g.place(g.capitals[iso3]), label="DESC"))
    return out


def _among_regions(p: Place, admin1s: Counter[str]) -> bool:
    """The article names two or more other first-level regions of the region's country."""
    prefix = (p.admin1 or "").split(".")[0] + "."
    return sum(1 for a in admin1s if a.startswith(prefix) and a != p.admin1) >= 2


def _score(
    p: Place,
    mention: str,
    cand: _Cand,
    countries: Counter[str],
    admin1s: Counter[str],
    capitals: set[int] | None = None,
) -> float:
    score = math.log10(p.population + 1)
    if fold(p.name) == fold(mention):
        score += 0.75  # the main spelling beats a stray alternate name of a similar place
    if p.feature == "country":
        score += 4.0
    elif p.feature == "continent":
        score += 10.0  # no population: weighed like a large country
    elif p.feature in _BIG_FEATURES:
        score += 6.0  # no population to weigh: as strong as a town of a million
    elif (
        p.feature == "region"
        and not cand.region_only
        and any(c.feature == "city" and c.admin1 == p.admin1 for c in cand.places)
        and not _among_regions(p, admin1s)
    ):
        # A bare "Donetsk" is the city its region is named after; the region is
        # "the Donetsk region" (or a bare "Quebec" in an article naming Ontario and Alberta).
        score -= 3.0
    elif (
        p.feature == "district"
        and not cand.region_only
        and any(c.feature == "city" and c.country == p.country for c in cand.places)
    ):
        score -= 3.0  # likewise a bare "Bakhmut" is the town, not its raion
    if p.country and countries:
        score += 3.0 * countries[p.country] / max(countries.values())
        if p.feature in ("country", *_ADMIN) and not countries[p.country] and len(cand.places) > 1:
            # An ambiguous name in an article about elsewhere: "Georgia" among US
            # states is the state, not the Caucasus country.
            score -= 2.0
    if p.feature == "city" and capitals and p.index in capitals:
        score += 1.0  # capitals are named far more often than their size suggests
        if p.country and countries.get(p.country):
            # the capital of a country the article is about: its seat of government ("Washington"
            # in political news is the capital, not the state)
            score += CONTEXT_CAPITAL
    if p.admin1 and admin1s.get(p.admin1):
        score += 1.5
    return score


def geoparse(doc: Doc, *, article_id: str = "", gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Every place mention in ``doc`` with its best gazetteer entry (or nulls)."""
    g = gazetteer or load()
    text = doc.text
    starts = [t.idx for t in doc]
    cands = _descriptive(g, text)
    taken = _Taken((c.start, c.end) for c in cands)
    for c in _entity_candidates(g, doc, text, starts):
        if not taken.overlaps(c.start, c.end):
            cands.append(c)
            taken.add(c.start, c.end)
    cands.extend(_gazetteer_candidates(g, doc, text, starts, taken))

    cands.extend(_org_modifiers(g, doc, text, taken))
    cands.extend(_region_codes(doc, cands, taken))
    cands.extend(_repeated(doc, text, cands, taken))
    cands = _drop_people_and_parts(doc, cands)

    # Context: the countries and regions the article names unambiguously.
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    votes: dict[str, Counter[str]] = {}  # surface -> the countries its mentions voted for
    for c in cands:
        vote: tuple[str, int] | None = None
        if c.fixed is not None:
            if c.fixed.country:
                vote = (c.fixed.country, 1)
        else:
            top = {
                p.country for p in c.places if p.feature in ("country", "region") or p.population >= 50_000
            }
            named_country = [p for p in c.places if p.feature == "country" and fold(p.name) == fold(c.text)]
            if named_country:
                vote = (named_country[0].country or "", 2)
            elif len({p.country for p in c.places}) == 1 and c.places[0].country:
                vote = (c.places[0].country, 1)
            elif len(top) == 1 and None not in top:
                vote = (next(iter(top)), 1)  # type: ignore[arg-type]
            regions = [p for p in c.places if p.feature == "region"]
            # A state named plainly ("Indiana") places the article's counties and towns
            # too; a name that is also a country ("Georgia") is left to the country vote.
            plain = fold(c.text) in {fold(p.name) for p in regions} and not any(
                p.feature == "country" for p in c.places
            )
            if (c.region_only or plain) and len(regions) == 1 and regions[0].admin1:
                admin1s[regions[0].admin1] += 1
        if vote is not None:
            countries[vote[0]] += vote[1]
            votes.setdefault(fold(c.text), Counter())[vote[0]] += vote[1]
    countries.pop("", None)
    capitals = set(g.capitals.values())

    ordered = sorted(cands, key=lambda c: c.start)
    bests: list[Place | None] = []
    for c in ordered:
        best = c.fixed
        if best is None and c.places:
            # A name must not vote for its own reading (one sense per discourse: all
            # its mentions abstain): "Georgia" twice would otherwise confirm the
            # country in an article about Alabama and Iowa.
            own = votes.get(fold(c.text))
            context = +(countries - own) if own else countries
            best = max(c.places, key=lambda p: _score(p, c.text, c, context, admin1s, capitals))
        bests.append(best)
    _addresses(text, ordered, bests)
    _regions_by_neighbours(text, ordered, bests)

    out: list[PlaceMention] = []
    for c, best in zip(ordered, bests, strict=True):
        if best is None:
            if c.label == "FAC" or not c.text[:1].isupper() or fold(c.text) in g.demonyms:
                continue  # unknown facilities (a bridge, a hotel) are not geocodable places
            out.append(PlaceMention(article_id, c.start, c.end, c.text, None, None, None, None, None, None))
            continue
        out.append(
            PlaceMention(
                article_id,
                c.start,
                c.end,
                c.text,
                best.name,
                best.feature,
                best.country,
                best.lat,
                best.lon,
                best.geonameid,
            )
        )
    return out


_LIST_SEP = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s*")


def _addresses(text: str, cands: list[_Cand], bests: list[Place | None]) -> None:
    """ "Stroud, Ontario", "Blakely, Georgia", "Van, Turkey": a place then the region or
    country holding it is an address, so the first is read inside the second.

    Among the first name's entries, the most populous one inside a region of the
    second name (else inside a country of that name) is taken, and the second name
    becomes that region (or country).
    """
    for k in range(len(cands) - 1):
        c, nxt = cands[k], cands[k + 1]
        if c.fixed is not None or nxt.fixed is not None or text[c.end : nxt.start].strip() != ",":
            continue
        current = bests[k]
        if current is not None and bests[k + 1] is not None and bests[k + 1] in c.places:
            bests[k] = bests[k + 1]  # "Washington, D.C.": the second name says which Washington
            continue
        if current is None or current.feature not in ("city", "district"):
            continue
        for feature, attr in (("region", "admin1"), ("country", "country")):
            outer = [p for p in nxt.places if p.feature == feature and getattr(p, attr)]
            inner = [
                (p, o)
                for o in outer
                for p in c.places
                if p.feature in ("city", "district")
                and getattr(p, attr) == getattr(o, attr)
                and fold(p.name) == fold(c.text)
            ]
            if inner:
                best, holder = max(inner, key=lambda t: t[0].population)
                bests[k] = best
                if bests[k + 1] is None or bests[k + 1].feature in ("city", "region", "country"):
                    bests[k + 1] = holder
                break
        else:
            _outside_address(c, nxt, current, bests, k)


# A town this small named with a region or country that does not hold it is not that town.
ADDRESS_OVERRIDE_MAX_POP = 50_000


def _outside_address(c: _Cand, nxt: _Cand, current: Place, bests: list[Place | None], k: int) -> None:
    """ "Charlevoix, Quebec" where the gazetteer knows only a Charlevoix in Michigan: the address
    says the town is in Quebec, so the mention is placed at the finest place known to hold it."""
    if current.population >= ADDRESS_OVERRIDE_MAX_POP:
        return
    for feature, attr in (("region", "admin1"), ("country", "country")):
        outer = [p for p in nxt.places if p.feature == feature and getattr(p, attr)]
        if not outer or any(getattr(current, attr) == getattr(o, attr) for o in outer):
            continue
        holder = max(outer, key=lambda p: p.population)
        bests[k] = holder
        if bests[k + 1] is None or bests[k + 1].feature in ("city", "region", "country"):
            bests[k + 1] = holder
        return


def _regions_by_neighbours(text: str, cands: list[_Cand], bests: list[Place | None]) -> None:
    """A name read as a city becomes its region when its neighbours say so.

    "Buffalo, New York": a town then a region holding it is the town's address, so
    "New York" is the state; "Atlanta, Georgia" likewise names the state, not the
    country. "Michigan, Oregon, New York, Indiana": a name listed
    among regions of the same country is one too ("Ontario and New Brunswick").
    """
    for k, (c, best) in enumerate(zip(cands, bests, strict=True)):
        if best is None or c.fixed is not None or best.feature not in ("city", "country"):
            continue
        regions = [p for p in c.places if p.feature == "region"]
        if not regions:
            continue
        prev = bests[k - 1] if k > 0 and _LIST_SEP.fullmatch(text[cands[k - 1].end : c.start]) else None
        nxt = (
            bests[k + 1]
            if k + 1 < len(cands) and _LIST_SEP.fullmatch(text[c.end : cands[k + 1].start])
            else None
        )
        for r in regions:
            address = (
                prev is not None
                and prev.feature in ("city", "district")
                and text[cands[k - 1].end : c.start].strip() == ","
                and prev.admin1 == r.admin1
            )
            sibling = any(
                n is not None and n.feature == "region" and n.country == r.country for n in (prev, nxt)
            )
            if address or sibling:
                bests[k] = r
                break


def extract_places(article: Article, doc: Doc) -> list[PlaceMention]:
    """Every place mention of an article, geocoded."""
    return geoparse(doc, article_id=article.id)


@article_stage(
    "places",
    tables=[TableSpec("places", PlaceMention, per_article=True, columns=("name", "country", "feature"))],
)
def places_stage(ctx: ArticleContext) -> list[PlaceMention]:
    return extract_places(ctx.article, ctx.doc)
