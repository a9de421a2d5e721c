"""HTML pages: main text and metadata with trafilatura, publication date with htmldate.

Options are tuned on the article-extraction benchmark and the htmldate evaluation
set (see ``bench/extraction.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

# Tuned with bench/extraction.py: see the figures there.
EXTRACT_OPTIONS: dict[str, bool] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,  # F1 0.964 vs 0.960 on AEB (precision 0.958 vs 0.942, recall -0.006)
    "favor_recall": False,
}
DATE_OPTIONS: dict[str, bool] = {"original_date": True, "extensive_search": True}


@dataclass(slots=True)
class HtmlParts:
    text: str
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None


def extract_html(html: str, url: str | None = None) -> HtmlParts:
    """Main text (paragraphs separated by newlines) and page metadata."""
    # trafilatura and htmldate are imported where a page is read (0.3 s), not by every command
    import trafilatura

    published = page_date(html, url)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    if doc is None:
        return HtmlParts(text="", published=published)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return HtmlParts(
        text=(data.get("text") or "").strip(),
        title=data.get("title") or None,
        author=data.get("author") or None,
        sitename=data.get("sitename") or None,
        url=data.get("url") or None,
        published=published,  # trafilatura's own date is htmldate again, without the 1 January check
        language=data.get("language") or None,
    )


def page_date(html: str, url: str | None = None) -> str | None:
    """Publication date the page states in its markup (meta tags, JSON-LD, URL, visible dates)."""
    from htmldate import find_date

    try:
        found = _iso(find_date(html, url=url, outputformat="%Y-%m-%d", **DATE_OPTIONS))
        if found and found.endswith("-01-01") and DATE_OPTIONS.get("extensive_search"):
            # A 1 January date from the extensive search is mostly a bare year (copyright
            # line, archive link): keep it only if the strict search finds it too.
            strict = {**DATE_OPTIONS, "extensive_search": False}
            found = _iso(find_date(html, url=url, outputformat="%Y-%m-%d", **strict))
    except Exception:  # htmldate raises on some malformed documents; a missing date is not fatal
        return None
    return found


def _iso(value: object) -> str | None:
    text = str(value or "")[:10]
    return text if len(text) == 10 and text[4] == "-" and text[7] == "-" else None
