"""Cleaning: a :class:`RawItem` becomes an :class:`Article` with clean text and metadata."""

from __future__ import annotations

import trafilatura

from sitrep.records import Article, RawItem

MIN_TEXT_CHARS = 40


class CleanError(ValueError):
    """The item holds no usable article; the message says why."""


def clean_item(item: RawItem) -> Article:
    if item.content_type == "html":
        text = trafilatura.extract(item.content, include_comments=False) or ""
    else:
        text = "\n".join(line.strip() for line in item.content.splitlines() if line.strip())
    if len(text) < MIN_TEXT_CHARS:
        raise CleanError(f"no article text found ({len(text)} characters after cleaning)")
    content_hash = item.content_hash
    return Article(
        id=content_hash[:16], source=item.source, text=text, content_hash=content_hash, url=item.url
    )
