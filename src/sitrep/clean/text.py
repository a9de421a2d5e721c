"""Plain-text page scrapes: drop page furniture, keep body paragraphs, read metadata.

A scrape is a list of lines: page header (site name, logos, headline, dateline),
the article body, and a footer (byline sign-off, tags, share widgets, subscription
prompts). The body is the span from the first to the last line that reads like
prose; header and footer lines outside it are mined for metadata and dropped.
Inside the span, only lines that are boilerplate by pattern or repeated
elsewhere on the page go (short unpunctuated lines there are sub-headings).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sitrep.clean.dates import date_line
from sitrep.clean.outlets import canonical_outlet, known_outlet, match_byline

# Boilerplate phrases that mark a line whatever its length: they never occur in
# reporting prose but are common to news-site headers and footers.
_BOILER_ANY = re.compile(
    r"(?i)(?:\bsubscribe (?:now|today|to (?:our|the|continue|read|unlock))|\bunlock (?:this|the|all) "
    r"(?:article|story|content)|\bexclusive content\b|\bread breaking news\b|\blatest (?:news and )?updates from\b|"
    r"\ball rights reserved\b|©|\bcopyright \d{4}|\bwe use cookies\b|"
    r"\be-paper\b|\bread (?:the )?full (?:news|story|article)\b|\bsign up for (?:our|the)\b|"
    r"\bdownload (?:the|our) app\b|\bfollow us on\b|\bfor (?:evolved|discerning|curious) readers\b|"
    r"\bsubscribers? only\b|\bthis (?:article|story) is for subscribers\b|@\s?\d+\s*/\s*(?:year|month|yr|mo)\b|"
    r"\bskip to (?:main )?content\b|"
    r"\bstory continues below\b|^(?:also read|read also|see also|related(?: story| article)?|watch|listen)\s*[:|]|"
    r"^(?:share (?:on|via|this)\s*)?(?:(?:facebook|twitter|x|whatsapp|telegram|linkedin|reddit|email|e-mail|"
    r"copy link|print)\s*[|,/•]?\s*){1,8}$|\b\d+\s*min(?:ute)?s?\s+read\b|^updated\s+\d+\s+\w+\s+ago$|\bcontinue reading\b|\brecommended (?:topics|stories|for you|articles)\b)"
)
# Phrases that mark a line as furniture only when the line is short (a widget label).
_BOILER_SHORT = re.compile(
    r"(?i)(?:\bshare\b|\btweet\b|\bsee (?:more|all)\b|\bread more\b|\bmore from\b|\brelated\b|\brecommended\b|"
    r"\btrending\b|\bnewsletter\b|\bsubscribe\b|\bsign (?:in|up)\b|\blog ?in\b|\bcomments?\b|\bprint\b|"
    r"\bpremium\b|\blogo\b|[\w-]+-(?:icon|logo|img|image|button)\b|\bmost (?:read|popular)\b|\bwatch\b|"
    r"\bgallery\b|\bphoto:|\bimage:|\bcredit:|\bmenu\b|\bhome\b|\btopics\b|\bfollow\b|\bnews$|"
    # Prose says "advertisement contracts", "its privacy policy" too: only short labels are furniture.
    r"\badvertisement\b|\bprivacy\b|\bterms of (?:use|service)\b|\bcookies?\b|\bclick here\b)"
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’][.!?]?$")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})/?$", re.I)
_EMAIL_DOMAIN = re.compile(r"@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_PIPE_NAV = re.compile(r"^[^|]{1,40}(?:\s\|\s[^|]{1,40}){2,}$")  # "E-paper | Expert Analysis | Sports"
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


@dataclass(slots=True)
class TextParts:
    text: str
    title: str | None = None
    outlet: str | None = None
    masthead: str | None = None
    byline: str | None = None
    agency: str | None = None
    published: str | None = None
    removed: int = 0
    notes: list[str] = field(default_factory=list)


def normalise_lines(raw: str) -> list[str]:
    """Lines with whitespace collapsed and invisible characters removed; empty lines dropped."""
    raw = _INVISIBLE.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    return [line for line in (_SPACE.sub(" ", x).strip() for x in raw.split("\n")) if line]


def _key(line: str) -> str:
    return re.sub(r"[\W_]+", " ", line.lower()).strip()


def _words(line: str) -> int:
    return len(line.split())


def is_boilerplate(line: str) -> bool:
    if _BOILER_ANY.search(line) or _PIPE_NAV.match(line):
        return True
    return _words(line) <= 6 and bool(_BOILER_SHORT.search(line)) and not _SENTENCE_END.search(line)


def is_prose(line: str) -> bool:
    """A line that reads like a body paragraph."""
    n = _words(line)
    return (n >= 5 and bool(_SENTENCE_END.search(line))) or n >= 15


def _masthead(line: str) -> str | None:
    """Canonical outlet when the line is only a masthead or logo label ("WSJ", "wsj-logo")."""
    if _words(line) > 4:
        return None
    stripped = re.sub(r"(?i)[-_ ]?(?:logo|masthead|icon)$", "", line).strip()
    return known_outlet(stripped) if stripped else None


# Where a line's sentences meet: an end mark, then space and a capital or an opening quote.
_SENTENCE_GAP = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def strip_notices(line: str) -> str:
    """A paragraph without its furniture sentences ("... Copyright 2018 The Associated Press.
    All rights reserved."): a notice inside a paragraph goes by the sentence, so a one-paragraph
    story keeps its story. A line that is all furniture comes back unchanged (the line rules
    drop it)."""
    if not _BOILER_ANY.search(line) or _words(line) < 12:
        return line
    sentences = _split_sentences(line)
    kept = [x for x in sentences if not _BOILER_ANY.search(x)]
    if not kept or len(kept) == len(sentences):
        return line
    return " ".join(kept)


def _split_sentences(line: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_GAP.finditer(line):
        out.append(line[start : m.start()].strip() + line[m.start() : m.end()].strip())
        start = m.end()
    out.append(line[start:].strip())
    return [x for x in out if x]


def clean_text(raw: str) -> TextParts:
    lines = [strip_notices(x) for x in normalise_lines(raw)]
    counts = Counter(_key(x) for x in lines)
    repeated = {k for k, c in counts.items() if c > 1 and k}

    def is_repeat(line: str) -> bool:
        key = _key(line)
        if key in repeated:
            return True
        # A repeated line with a short tag glued on ("<headline> PREMIUM").
        return any(
            key != r and (key.startswith(r) or key.endswith(r)) and _words(key) - _words(r) <= 2
            for r in repeated
            if _words(r) >= 3
        )

    prose = [
        is_prose(x) and not is_boilerplate(x) and not is_repeat(x) and not match_byline(x) for x in lines
    ]
    parts = TextParts(text="")
    if not any(prose):
        # No line reads like prose (a list, a very short note): keep what is not furniture.
        kept = [x for x in lines if not is_boilerplate(x)]
        parts.text = "\n".join(kept)
        parts.removed = len(lines) - len(kept)
        return parts
    first = prose.index(True)
    last = len(prose) - 1 - prose[::-1].index(True)

    header, body, footer = lines[:first], lines[first : last + 1], lines[last + 1 :]
    kept: list[str] = []
    seen: set[str] = set()
    for line in body:
        key = _key(line)
        if is_boilerplate(line) or (is_repeat(line) and (not is_prose(line) or key in seen)):
            continue
        if (by := match_byline(line)) is not None:
            parts.byline = parts.byline or by[0]
            parts.agency = parts.agency or by[1]
            continue
        if (when := date_line(line)) is not None:
            parts.published = parts.published or when
            continue
        if _masthead(line):
            parts.masthead = parts.masthead or _masthead(line)
            continue
        seen.add(key)
        kept.append(line)
    _read_margin(header, parts, is_repeat, header=True)
    _read_margin(footer, parts, is_repeat, header=False)
    parts.text = "\n".join(kept)
    parts.removed = len(lines) - len(kept)
    return parts


def _read_margin(lines: list[str], parts: TextParts, is_repeat: object, *, header: bool) -> None:
    """Metadata from the lines above or below the body; the lines themselves are dropped."""
    titles: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if header and i == 0 and (m := _DOMAIN.match(line)):
            parts.outlet = m.group("domain").lower()
            continue
        if (by := match_byline(line)) is not None:
            parts.byline = parts.byline or by[0]
            parts.agency = parts.agency or by[1]
            if m := _EMAIL_DOMAIN.search(line):
                parts.masthead = parts.masthead or known_outlet(m.group("domain"))
            continue
        if (when := date_line(line)) is not None:
            parts.published = parts.published or when
            continue
        if mast := _masthead(line):
            parts.masthead = parts.masthead or mast
            continue
        if header and not is_boilerplate(line) and 2 <= _words(line) <= 30 and not _DOMAIN.match(line):
            # Rank headline candidates: repeated on the page, then earliest.
            titles.append((0 if callable(is_repeat) and is_repeat(line) else 1, line))
    if header and titles and parts.title is None:
        parts.title = min(titles, key=lambda t: t[0])[1].strip()
    if parts.masthead:
        parts.masthead = canonical_outlet(parts.masthead)
