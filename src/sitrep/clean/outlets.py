"""Outlet names: a small alias table, reprint notices, bylines and cited sources.

Everything here is regex/rule based (no spaCy) because cleaning runs in worker
processes before the parser is loaded.
"""

from __future__ import annotations

import functools
import re

from sitrep import lexicons

# Alias (lower-cased) -> canonical outlet name, from the outlet table (data/world/outlets.json).
_ALIAS = {
    alias: o["name"]
    for o in lexicons.table("world/outlets")["outlets"]
    for alias in (*o["aliases"], o["name"].lower())
}


def wire_datelines() -> dict[str, str]:
    """Dateline tags of the wire services ("AP" in "KYIV (AP) -") -> their canonical names."""
    return {o["dateline"]: o["name"] for o in lexicons.table("world/outlets")["outlets"] if "dateline" in o}


# Words that make an unknown capitalised name look like a news outlet.
_OUTLET_HEADS = re.compile(
    r"\b(News|Times|Post|Journal|Herald|Tribune|Gazette|Telegraph|Guardian|Radio|TV|Television|"
    r"Press|Agency|Daily|Weekly|Observer|Monitor|Chronicle|Independent|Express|Mirror|Pravda|"
    r"Wire|Broadcasting|Network|Channel)\b"
)
_MEDIA_NOUN = (
    r"(?:state-run |state-owned |state |independent |online |Russian |Ukrainian |US |U\.S\. )?"
    r"(?:news agency|newspaper|news site|news outlet|outlet|broadcaster|daily|tabloid|"
    r"TV channel|television channel|radio station|agency|magazine|website|publication)"
)
# Descriptors that sit between "the" and an outlet's name ("the state-run RIA Novosti").
_ADJ = r"(?:(?:state-run|state-owned|state|pro-Kremlin|independent|Kremlin-controlled|online)\s+)?"
# A capitalised name of 1-5 words (allowing "of", "/", "-", "'s" joints).
_NAME = r"(?:[A-Z][\w.&'’/-]*|[A-Z]{2,})(?:\s+(?:of\s+|de\s+|the\s+)?(?:[A-Z][\w.&'’/-]*)){0,4}"


@functools.lru_cache(maxsize=8192)
def canonical_outlet(name: str | None) -> str | None:
    """Map an alias or masthead to the table's canonical name; else tidy the name as given."""
    if not name:
        return None
    cleaned = re.sub(r"\s+", " ", name).strip(" \t.,;:-–—|'\"’")
    cleaned = re.sub(r"[’']s$", "", cleaned)
    # "the Russian service of BBC" / "BBC's Russian service" -> "BBC"
    m = re.match(
        r"(?i)^(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:language\s+)?service\s+of\s+(?:the\s+)?(.+)$", cleaned
    )
    if m:
        cleaned = m.group(1)
    cleaned = re.sub(r"(?i)[’']s\s+[\w-]+(?:\s+[\w-]+)?\s+service$", "", cleaned)
    cleaned = re.sub(r"(?i)-?logo$", "", cleaned).strip(" -")
    key = cleaned.lower()
    if key in _ALIAS:
        return _ALIAS[key]
    if key.startswith("the ") and key[4:] in _ALIAS:
        return _ALIAS[key[4:]]
    return cleaned or None


def known_outlet(name: str) -> str | None:
    """The canonical name when ``name`` is in the alias table, else None."""
    key = name.strip().lower()
    key = key[4:] if key.startswith("the ") and key not in _ALIAS else key
    return _ALIAS.get(key)


def _looks_like_outlet(name: str) -> bool:
    """A cited name counts when the table knows it or it carries an outlet word."""
    return known_outlet(canonical_outlet(name) or "") is not None or bool(_OUTLET_HEADS.search(name))


# --- reprint notices -----------------------------------------------------------------------

_REPRINT_PATTERNS = [
    re.compile(
        r"(?i)\b(?:this|the following|the)\s+(?:content|article|story|report|piece|post)\s+"
        r"(?:was|is|has been)\s+(?:originally|first)?\s*(?:published|produced|written|appeared)\s+"
        r"(?:by|in|on|at)\s+(?P<outlet>[^.,;\n]+?)(?:\s+and\s+(?:is|has been)\s+(?:reprinted|republished|"
        r"reproduced)[^.\n]*|\s+with permission[^.\n]*)?\s*[.\n]"
    ),
    re.compile(
        r"(?i)\b(?:originally|first)\s+(?:published|appeared)\s+(?:by|in|on|at)\s+(?P<outlet>[^.,;\n]+?)\s*[.\n]"
    ),
    re.compile(
        r"(?i)\b(?:reprinted|republished|reproduced)\s+(?:with\s+permission\s+)?(?:from|of|courtesy of)\s+"
        r"(?P<outlet>[^.,;\n]+?)\s*[.\n]"
    ),
]


def find_reprint(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The outlet a reprint notice names and the spans of the notice sentences."""
    outlet: str | None = None
    spans: list[tuple[int, int]] = []
    for pattern in _REPRINT_PATTERNS:
        for m in pattern.finditer(text + "\n"):
            # Expand to the whole sentence so the notice leaves no fragment behind.
            start = max(text.rfind("\n", 0, m.start()) + 1, _sentence_start(text, m.start()))
            end = min(m.end(), len(text))
            if any(s <= start < e for s, e in spans):
                continue
            spans.append((start, end))
            outlet = outlet or canonical_outlet(m.group("outlet"))
    return outlet, sorted(spans)


def _sentence_start(text: str, pos: int) -> int:
    cut = max(text.rfind(". ", 0, pos), text.rfind("! ", 0, pos), text.rfind("? ", 0, pos))
    return cut + 2 if cut >= 0 else 0


# --- bylines -------------------------------------------------------------------------------

_PERSON = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|al|bin|da|di|la|le)){0,3}"
_PEOPLE = rf"{_PERSON}(?:\s*(?:,|and|&)\s*{_PERSON})*"
_BYLINE_LINE_PATTERNS = [
    # "Write to Alan Cullison at alan.cullison@wsj.com" (WSJ, Barron's sign-off)
    re.compile(rf"^(?:Write|Email|Contact)\s+(?:to\s+)?(?P<names>{_PEOPLE})\s+at\s+\S+@\S+"),
    # "By Jane Doe" / "By Jane Doe and John Roe, Reuters" / "By Jane Doe | AP"
    re.compile(rf"^By:?\s+(?P<names>{_PEOPLE})(?:\s*(?:[,|/–—-]|\bfor\b)\s*(?P<agency>[\w .&/-]+))?\.?$"),
    # "Jane Doe | Reuters"
    re.compile(rf"^(?P<names>{_PEOPLE})\s*\|\s*(?P<agency>[A-Z][\w .&/-]+)$"),
    # "Reporting by Jane Doe; Editing by John Roe" (wire sign-off)
    re.compile(rf"^\(?Reporting by\s+(?P<names>{_PEOPLE})"),
]


def match_byline(line: str) -> tuple[str, str | None] | None:
    """(author names, agency or None) when the whole line is a byline, else None."""
    line = line.strip()
    if len(line) > 160:
        return None
    for pattern in _BYLINE_LINE_PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        names = re.sub(r"\s+", " ", m.group("names")).strip(" ,")
        agency = m.groupdict().get("agency")
        # "Jane Doe and John Roe, Reuters": the trailing part is the agency, not a person.
        head, _, tail = names.rpartition(",")
        if head and known_outlet(tail.strip()):
            names, agency = head.strip(), tail
        words = names.split()
        if not words or len(words) > 12 or any(w.lower() in _NOT_NAME_WORDS for w in words):
            continue
        return names, canonical_outlet(agency) if agency else None
    return None


_NOT_NAME_WORDS = {"the", "this", "that", "president", "minister", "said", "news", "staff"}


# --- cited outlets -------------------------------------------------------------------------

_CITE_PATTERNS = [
    # "according to the Russian service of BBC", "according to Sky News"
    re.compile(
        rf"\b[Aa]ccording to\s+(?:a\s+report\s+(?:by|in|from)\s+)?(?:the\s+)?"
        rf"(?:[A-Z][\w-]+\s+(?:language\s+)?service\s+of\s+(?:the\s+)?)?{_ADJ}(?P<name>{_NAME})"
    ),
    # "This was reported by The Guardian", "as reported by Reuters"
    re.compile(rf"\breported\s+by\s+(?P<name>(?:the\s+)?{_NAME})"),
    # "The Guardian reported", "the Interfax news agency reported"
    re.compile(
        rf"(?P<name>(?:[Tt]he\s+)?{_NAME})(?:\s+{_MEDIA_NOUN})?\s+(?:reported|wrote|said in a report|"
        r"quoted|cited|published|broadcast|first reported|reports)\b"
    ),
    # "told Fox News Radio", "in an interview with CNN", "speaking to the BBC"
    re.compile(
        rf"\b(?:told|in an interview with|interview with|speaking to|spoke to|writing in|wrote in)\s+"
        rf"(?P<name>(?:the\s+)?(?:{_NAME}))"
    ),
    # "Russia's Izvestia newspaper", "the state-run RIA Novosti news agency"
    re.compile(rf"(?:[Tt]he\s+|[’']s\s+){_ADJ}(?P<name>{_NAME})\s+{_MEDIA_NOUN}\b"),
    # "in a report by Politico", "a report in the Financial Times"
    re.compile(rf"\breport\s+(?:by|in|from)\s+(?P<name>(?:the\s+)?{_NAME})"),
    # "(Reuters)" / "(AP) —" datelines
    re.compile(r"\((?P<name>Reuters|AP|AFP|TASS|Interfax|Xinhua|Bloomberg|dpa|UPI)\)"),
]
# Leading words that belong to the sentence, not the name.
_NAME_PREFIX = re.compile(r"^(?:The|the|A|An|In|On|At|As|And|But|Earlier|Later|Meanwhile|Also)\s+")
_NAME_PREFIX_KEEP = {"the guardian", "the times", "the economist", "the independent", "the telegraph"}


def cited_outlets(text: str, exclude: set[str] | None = None) -> list[str]:
    """Outlets the text names as its sources, canonical names in order of first mention."""
    exclude = {e for e in (exclude or set()) if e}
    found: dict[int, str] = {}
    for pattern in _CITE_PATTERNS:
        for m in pattern.finditer(text):
            raw = m.group("name").strip()
            name = _resolve_cited(raw)
            if name and name not in exclude:
                found.setdefault(m.start("name"), name)
    ordered: list[str] = []
    for _, name in sorted(found.items()):
        if name not in ordered:
            ordered.append(name)
    return ordered


def _resolve_cited(raw: str) -> str | None:
    raw = re.sub(r"[’']s$", "", raw.strip(" .,;:"))
    # Try the longest prefix the table knows ("Fox News Radio: ..." -> "Fox News").
    words = raw.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        name = known_outlet(canonical_outlet(candidate) or "")
        if name and not (
            n == 1 and words[0] in {"Fox", "Sky", "RIA", "FT", "AP", "Times"} and len(words) > 1
        ):
            return name
    name = canonical_outlet(raw)
    if not name:
        return None
    # Trim sentence words glued on the left ("Earlier The Guardian").
    while _NAME_PREFIX.match(name) and name.lower() not in _NAME_PREFIX_KEEP:
        name = _NAME_PREFIX.sub("", name, count=1)
    if known := known_outlet(name):
        return known
    if _OUTLET_HEADS.search(name) and len(name.split()) <= 5 and name.split()[0][0].isupper():
        return name
    return None
