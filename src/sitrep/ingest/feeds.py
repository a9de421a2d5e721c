"""RSS and Atom feeds (feedparser): one item per entry.

The body is the entry's longest content or summary, read as HTML only if it
holds tags (an RSS ``<description>`` is often plain text). Fields: ``title``,
``link``, ``published``/``updated`` (as the feed states them), ``author``,
``id``, ``keywords`` (the entry's tags) and ``site`` (the feed's title). An
entry's source is ``path#<entry id or link or position>``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, Literal

import feedparser

from sitrep.ingest.base import ReadError, decode, has_markup
from sitrep.records import ItemError, RawItem

ENTRY_FIELDS = ("title", "link", "published", "updated", "author", "id")


def read_feed(
    source: str, data: bytes, *, url: str | None = None, charset: str | None = None
) -> Iterator[RawItem | ItemError]:
    # Same encoding rules as every other input (feedparser would guess instead).
    decode(data, declared=charset, markup=True)
    headers = {"content-location": url} if url else {}
    if charset:
        headers["content-type"] = f"application/xml; charset={charset}"
    # A file object, never a string: feedparser fetches strings that look like URLs.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.entries:
        if parsed.bozo:
            raise ReadError(f"not a valid RSS or Atom feed ({parsed.bozo_exception})")
        raise ReadError("feed has no entries")
    site = parsed.feed.get("title")
    for position, entry in enumerate(parsed.entries, start=1):
        key = entry.get("id") or entry.get("link") or str(position)
        item_source = f"{source}#{key}"
        try:
            yield _entry_item(item_source, entry, position, site)
        except Exception as exc:  # one odd entry costs that entry alone
            yield ItemError(item_source, "read", f"feed entry {position}: {type(exc).__name__}: {exc}")


def _entry_item(source: str, entry: Any, position: int, site: str | None) -> RawItem | ItemError:
    body, kind = _body(entry)
    if not body.strip():
        return ItemError(source, "read", f"feed entry {position} has no content or summary")
    # Only keys really present: feedparser maps a missing "updated" to "published", with a warning.
    present = set(entry)
    fields: dict[str, Any] = {k: entry[k] for k in ENTRY_FIELDS if k in present and entry[k]}
    tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
    if tags:
        fields["keywords"] = tags
    if site:
        fields["site"] = site
    return RawItem(source=source, content=body, content_type=kind, url=entry.get("link"), fields=fields)


def _body(entry: Any) -> tuple[str, Literal["html", "text"]]:
    candidates = list(entry.get("content", []))
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    if not candidates:
        return "", "text"
    best = max(candidates, key=lambda c: len(c.get("value") or ""))
    value: str = best.get("value") or ""
    # feedparser calls every RSS description text/html (and unescapes it); without tags it is text.
    html = best.get("type") != "text/plain" and has_markup(value)
    return value, "html" if html else "text"
