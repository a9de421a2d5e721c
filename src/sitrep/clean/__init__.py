"""Cleaning: a :class:`RawItem` becomes an :class:`Article` with clean text and metadata.

- HTML: trafilatura for the main text and metadata, htmldate for the date
  (:mod:`sitrep.clean.html`).
- Plain text scrapes: page furniture removed by general line rules
  (:mod:`sitrep.clean.text`).
- Both: record fields (JSON/WARC/RSS) take priority; reprint notices, bylines,
  cited outlets (:mod:`sitrep.clean.outlets`) and dates (:mod:`sitrep.clean.dates`)
  are read from the text. :func:`infer_from_neighbours` dates what is left
  from other articles on the same events (run by the pipeline per batch).

Everything here is spaCy-free: cleaning runs in worker processes.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit

from sitrep.clean.dates import apply_neighbour_dates, infer_from_neighbours, infer_from_text, parse_date_value
from sitrep.clean.html import extract_html
from sitrep.clean.outlets import canonical_outlet, cited_outlets, find_reprint, known_outlet, match_byline
from sitrep.clean.text import clean_text, normalise_lines
from sitrep.nlp import MAX_CHARS, MAX_CHARS_ENV
from sitrep.records import Article, RawItem

__all__ = [
    "CleanError",
    "apply_neighbour_dates",
    "clean_item",
    "infer_from_neighbours",
]

MIN_TEXT_CHARS = 40
# Raw input this much larger than MAX_CHARS is refused before any parsing work.
MAX_RAW_FACTOR = 20

# Record fields that map onto Article fields, in priority order; the rest go to ``extra``.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url", "uri"),
    "published": (
        "published",
        "date",
        "pubdate",
        "published_at",
        "publication_date",
        "datePublished",
        "pub_date",
    ),
    "outlet": ("outlet", "source", "site", "sitename", "site_name", "publisher", "source_name"),
    "byline": ("author", "byline", "authors", "creator", "dc:creator"),
    "original_outlet": ("original_outlet",),
    "language": ("language", "lang"),
    "content": ("text", "html", "content", "body", "article", "articleBody"),
}


class CleanError(ValueError):
    """The item holds no usable article; the message says why."""


def max_chars() -> int:
    """The longest article text accepted: ``MAX_CHARS``, or the environment's ``MAX_CHARS_ENV``."""
    given = os.environ.get(MAX_CHARS_ENV, "").replace("_", "").replace(",", "").strip()
    if not given:
        return MAX_CHARS
    if not given.isdigit() or int(given) <= 0:
        raise CleanError(
            f"{MAX_CHARS_ENV}={os.environ[MAX_CHARS_ENV]!r} is not a positive number of characters"
        )
    return int(given)


def _too_large(what: str, size: int, limit: str) -> CleanError:
    return CleanError(
        f"{what} too large: {size:,} characters (limit {limit}; "
        f"set {MAX_CHARS_ENV} to a larger number of characters to accept it)"
    )


def _field(fields: dict[str, Any], name: str) -> Any:
    lowered = {k.lower(): v for k, v in fields.items()}
    for key in FIELD_KEYS[name]:
        value = lowered.get(key.lower())
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = ", ".join(str(v.get("name", v) if isinstance(v, dict) else v) for v in value if v)
    elif isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _check_readable(content: str) -> None:
    """Refuse mis-decoded or binary payloads with a clear reason."""
    if not content:
        return
    sample = content[:200_000]
    bad = sample.count("\ufffd") + sample.count("\x00")
    if bad > 0.01 * len(sample) and bad > 20:
        raise CleanError(
            f"text is not readable: {bad} replacement/NUL characters in {len(sample)} (wrong encoding?)"
        )


_MOJIBAKE = re.compile(r"(?:â€|Ã[\x80-\xbf]|Â[\xa0-\xbf])")


def repair_mojibake(content: str) -> str:
    """Undo UTF-8 text that was decoded as cp1252/latin-1 ("Trumpâ€™s" -> "Trump’s")."""
    if len(_MOJIBAKE.findall(content[:100_000])) < 3:
        return content
    # Browsers map the five bytes cp1252 leaves undefined to the same code points (latin-1).
    data = bytearray()
    for ch in content:
        try:
            data += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return content  # real non-Latin text: not mojibake of this kind
            data.append(ord(ch))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return content


def clean_item(item: RawItem) -> Article:
    fields = dict(item.fields)
    known_keys = {k.lower() for keys in FIELD_KEYS.values() for k in keys}
    extra = {k: v for k, v in fields.items() if k.lower() not in known_keys}
    content = item.content
    if not content.strip() and (given := _field(fields, "content")):
        content = str(given)
    limit = max_chars()
    if len(content) > limit * MAX_RAW_FACTOR:
        raise _too_large(
            "item", len(content), f"{limit * MAX_RAW_FACTOR:,}, {MAX_RAW_FACTOR} times the article limit"
        )
    _check_readable(content)
    content = repair_mojibake(content)
    notes: list[str] = []
    url = _as_text(_field(fields, "url")) or item.url

    title = byline = outlet = original = published = basis = None
    language = _as_text(_field(fields, "language"))
    agency = masthead = None
    if item.content_type == "html" or _looks_like_html(content):
        page = extract_html(content, url)
        if len(page.text) < MIN_TEXT_CHARS:
            raise CleanError(
                f"no article text found in the HTML ({len(page.text)} characters after extraction; "
                "the page may hold only scripts, navigation or a paywall)"
            )
        lines = normalise_lines(page.text)
        # trafilatura keeps the <h1> when it sits inside the article: the headline is metadata.
        if lines and page.title and _same_words(lines[0], page.title):
            lines = lines[1:]
        text, byline_found, agency = _strip_bylines(lines)
        title, byline, url = page.title, page.author or byline_found, url or page.url
        outlet = page.sitename
        language = language or page.language
        if page.published:
            published, basis = page.published, "metadata"
    else:
        parts = clean_text(content)
        text = parts.text
        title, byline, outlet, agency, masthead = (
            parts.title,
            parts.byline,
            parts.outlet,
            parts.agency,
            parts.masthead,
        )
        if parts.published:
            published, basis = parts.published, "text"
        if parts.removed:
            notes.append(f"boilerplate lines removed: {parts.removed}")

    # Reprint notices name the original outlet and are not part of the story.
    reprint_of, spans = find_reprint(text)
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    text = "\n".join(line for line in normalise_lines(text))
    if reprint_of:
        notes.append(f"reprint of {reprint_of}")

    if len(text) > limit:
        raise _too_large("article text", len(text), f"{limit:,}")
    if len(text) < MIN_TEXT_CHARS:
        raise CleanError(f"no article text found ({len(text)} characters after cleaning)")

    # Record-level fields take priority over what the page or text says.
    title = _as_text(_field(fields, "title")) or title
    byline = _as_text(_field(fields, "byline")) or byline
    outlet = _as_text(_field(fields, "outlet")) or outlet or _hostname(url)
    if (given_date := _field(fields, "published")) is not None:
        if iso := parse_date_value(given_date):
            published, basis = iso, "metadata"
        else:
            notes.append(f"unreadable date field: {str(given_date)[:40]!r}")
    original = _as_text(_field(fields, "original_outlet")) or reprint_of
    if not original:
        # A masthead or wire credit that differs from the site is the original outlet.
        for candidate in (masthead, agency):
            if candidate and canonical_outlet(candidate) != _outlet_key(outlet):
                original = canonical_outlet(candidate)
                break
    if original and not reprint_of:
        notes.append(f"reprint of {original}")

    if published is None:
        inferred, why = infer_from_text(text)
        if inferred:
            published, basis = inferred, "inferred"
        else:
            notes.append("no publication date found" + (f" ({why[0]})" if why else ""))
        notes.extend(why if inferred else [])

    exclude = {canonical_outlet(x) or "" for x in (outlet, original) if x} | {_outlet_key(outlet) or ""}
    content_hash = item.content_hash
    return Article(
        id=content_hash[:16],
        source=item.source,
        text=text,
        content_hash=content_hash,
        url=url,
        outlet=outlet,
        original_outlet=original,
        title=title,
        byline=byline,
        published=published,
        published_basis=basis,  # type: ignore[arg-type]
        language=(language or "en")[:2].lower(),
        cited_outlets=cited_outlets(text, exclude=exclude),
        extra=extra,
        notes=notes,
    )


def _same_words(a: str, b: str) -> bool:
    return re.findall(r"\w+", a.lower()) == re.findall(r"\w+", b.lower())


def _looks_like_html(content: str) -> bool:
    head = content[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _strip_bylines(lines: list[str]) -> tuple[str, str | None, str | None]:
    """Drop byline lines at the top or bottom of extracted text; return (text, names, agency)."""
    names = agency = None
    edge = set(range(min(3, len(lines)))) | set(range(max(0, len(lines) - 3), len(lines)))
    kept = []
    for i, line in enumerate(lines):
        if i in edge and (by := match_byline(line)):
            names, agency = names or by[0], agency or by[1]
            continue
        kept.append(line)
    return "\n".join(kept), names, agency


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _outlet_key(outlet: str | None) -> str | None:
    """Canonical outlet for a site name or domain ("wsj.com" -> "The Wall Street Journal")."""
    if not outlet:
        return None
    if known := known_outlet(outlet):
        return known
    base = re.sub(r"\.(?:com|org|net|co\.uk|co|news|info)$", "", outlet.lower().removeprefix("www."))
    return known_outlet(base) or canonical_outlet(outlet)
