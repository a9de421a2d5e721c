"""HTML pages: main text with trafilatura, publication date with htmldate, headline and
byline from the page's own structure (JSON-LD, Open Graph and meta tags, the <h1>, the
<title>) with trafilatura's metadata as one source among them.

Options are tuned on the article-extraction benchmark, the htmldate evaluation set and
the hand-labelled headline/byline pages (see ``bench/extraction.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

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
    from trafilatura.utils import load_html

    published = page_date(html, url)
    # One parse of the page: the headline and byline candidates are read from the tree before
    # trafilatura prunes it for the text.
    tree = load_html(html)
    page = _candidates(tree, url) if tree is not None else None
    doc = trafilatura.bare_extraction(
        tree if tree is not None else html, url=url, with_metadata=True, **EXTRACT_OPTIONS
    )
    if doc is None:
        return HtmlParts(text="", published=published)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title, author = data.get("title") or None, data.get("author") or None
    if page:
        # The page's own structure decides; trafilatura's metadata is one of the sources.
        title = choose_title(page, title) or title
        author = ", ".join(choose_authors(page, author)) or None
    return HtmlParts(
        text=(data.get("text") or "").strip(),
        title=title,
        author=author,
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


# --- headline and byline ---------------------------------------------------------------------
# Measured on the tune half of bench/data/page_metadata.json (bench/extraction.py --only pagemeta):
# headline right on 40/41 pages (trafilatura's metadata alone 28/41), byline 20/22 (16/22).
# Headline: the visible <h1> that agrees with the page's metadata titles (without it: 36/41);
# else the JSON-LD headline, og/twitter title, the <title> tag and trafilatura's title, each with
# the site name cut. Byline: JSON-LD authors, then author meta tags, then trafilatura's author; a
# value counts only when it holds a person's name that the page shows (not a URL, an outlet,
# "Staff" or a user name); requiring the name to be shown keeps 18/19 author-less pages empty
# instead of 15/19.

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "report",
    "webpage",
}
_ORG_TYPES = {"organization", "newsmediaorganization", "corporation"}
_AUTHOR_META = ("article:author", "author", "byl", "parsely-author", "sailthru.author", "dc.creator")
_SEPARATOR = re.compile(r"\s+[|–—:»/-]+\s+|\s*(?:\||--|::)\s*")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class PageCandidates:
    """What a page says about its headline and authors, one list per source."""

    jsonld_titles: list[str]
    jsonld_authors: list[str]
    meta_titles: list[str]  # og:title, twitter:title
    meta_authors: list[str]  # article:author, author, byl, parsely-author ...
    h1s: list[str]
    title_tag: str | None
    sitenames: list[str]  # og:site_name, application-name, JSON-LD publisher, the host's labels
    visible: str  # the page's visible text, folded, to check that a name is shown


def _squash(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip()


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            found.append(node)
            walk(node.get("@graph"))
            walk(node.get("mainEntity"))

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text_content() or "null", strict=False))
        except (ValueError, RecursionError):
            continue  # broken (or hostile, deeply nested) JSON-LD: the other sources still count
    return found


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type") or ""
    return {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}


def _jsonld_names(value: Any) -> list[str]:
    """Names in a JSON-LD author value; an Organization is not a person author."""
    if isinstance(value, list):
        return [name for item in value for name in _jsonld_names(item)]
    if isinstance(value, dict):
        return [] if _types(value) & _ORG_TYPES else _jsonld_names(value.get("name"))
    return [_squash(value)] if isinstance(value, str) and value.strip() else []


def _host_labels(url: str | None) -> list[str]:
    """ "profootballtalk.nbcsports.com" -> ["profootballtalk.nbcsports.com", "profootballtalk", "nbcsports"]."""
    from urllib.parse import urlsplit

    host = ((urlsplit(url).hostname or "") if url else "").removeprefix("www.")
    skip = {"www", "m", "amp", "news", "blog", "com", "co", "org", "net", "ac", "gov"}
    labels = [part for part in host.split(".")[:-1] if len(part) > 2 and part not in skip]
    return [host, *labels] if host else []


def page_candidates(html: str, url: str | None = None) -> PageCandidates | None:
    """Headline and author candidates from the page's markup, one list per source."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    return _candidates(tree, url) if tree is not None else None


def _candidates(tree: Any, url: str | None) -> PageCandidates:
    from lxml import etree

    titles: list[str] = []
    authors: list[str] = []
    sites: list[str] = []
    for node in _jsonld_objects(tree):
        if isinstance(publisher := node.get("publisher"), dict) and publisher.get("name"):
            sites.append(_squash(publisher["name"]))
        if not _types(node) & _ARTICLE_TYPES:
            continue
        if headline := _squash(node.get("headline")):
            titles.append(headline)
        authors.extend(_jsonld_names(node.get("author")))

    def meta(*keys: str) -> list[str]:
        wanted = {key.lower() for key in keys}
        return [
            value
            for el in tree.iter("meta")
            if ((el.get("property") or el.get("name") or "").lower() in wanted)
            and (value := _squash(el.get("content")))
        ]

    title_el = next(tree.iter("title"), None)
    h1s = [text for el in tree.iter("h1") if (text := _squash(el.text_content()))]
    body = next(tree.iter("body"), tree)
    visible = " ".join(
        text
        for text in body.xpath(
            ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
        )
        if isinstance(text, str | etree._ElementUnicodeResult)
    )
    return PageCandidates(
        jsonld_titles=titles,
        jsonld_authors=authors,
        meta_titles=meta("og:title", "twitter:title"),
        meta_authors=meta(*_AUTHOR_META),
        h1s=h1s,
        title_tag=_squash(title_el.text_content()) if title_el is not None else None,
        sitenames=[*meta("og:site_name", "application-name"), *sites, *_host_labels(url)],
        visible=_fold(visible),
    )


def _key(text: str) -> str:
    return "".join(_WORD.findall(text.casefold())).replace("_", "")


def _is_site(segment: str, sites: list[str]) -> bool:
    """The segment names the site: equal to a site name, or a short form holding the host's name."""
    seg = _key(segment)
    if len(seg) < 2 or len(segment.split()) > 5:
        return False
    for site in sites:
        name = _key(site)
        if not name:
            continue
        if seg == name or seg == f"the{name}" or name == f"the{seg}":
            return True
        if len(name) >= 4 and (name in seg or seg in name) and len(seg) <= 2 * len(name) + 4:
            return True
    return False


def cut_site_name(title: str, sites: list[str]) -> str:
    """ "Headline | Section | Site" -> "Headline"; "Site: Headline" -> "Headline"."""
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    for i, part in enumerate(parts):
        if i > 0 and _is_site(part, sites):
            kept = parts[:i]
            # "Headline | Afghanistan News | Al Jazeera": short section names before the site go too.
            while len(kept) > 1 and len(kept[-1].split()) <= 3:
                kept = kept[:-1]
            return _rejoin(title, kept)
    if _is_site(parts[0], sites):
        return _rejoin(title, parts[1:])
    return title


def _rejoin(title: str, parts: list[str]) -> str:
    # Cut on the original string so the separators kept inside the headline stay as written.
    start, end = title.find(parts[0]), title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip(" |-–—:»/")


def _dice(a: str, b: str) -> float:
    left, right = set(_fold(a).split()), set(_fold(b).split())
    return 2 * len(left & right) / (len(left) + len(right)) if left and right else 0.0


# Measured fallback order for the headline when no <h1> agrees with the metadata.
TITLE_ORDER: tuple[str, ...] = ("jsonld", "meta", "title_tag", "trafilatura")
H1_AGREEMENT = 0.5  # Dice overlap of words between an <h1> and a metadata title


def choose_title(page: PageCandidates, trafilatura_title: str | None = None) -> str | None:
    """The headline as the page shows it: see the comment above TITLE_ORDER."""
    sources = {
        "jsonld": page.jsonld_titles,
        "meta": page.meta_titles,
        "trafilatura": [trafilatura_title] if trafilatura_title else [],
        "title_tag": [page.title_tag] if page.title_tag else [],
    }
    refs = [cut_site_name(t, page.sitenames) for name in TITLE_ORDER for t in sources[name]]
    h1s = [h for h in page.h1s if not _is_site(h, page.sitenames) and len(h) < 300]
    scored = [(max((_dice(h, r) for r in refs), default=0.0), -i, h) for i, h in enumerate(h1s)]
    if scored and (best := max(scored))[0] >= H1_AGREEMENT:
        return best[2]
    return next((r for r in refs if r and not _is_site(r, page.sitenames)), None)


_BY_PREFIX = re.compile(
    r"(?i)^(?:(?:posted|written|written and reported|reported|story|text|photos?)\s+)?"
    r"(?:by|von|af|por|par|door|av|od|от)\s*:?\s+|^(?:author|autor|auteur|автор)\s*:\s*"
)
# Conjunctions in lower case only: "Sarah E. Needleman" keeps its initial.
_NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\||／|/|\b(?:and|AND|And|und|y|et|e|i|и)\b)\s*")
_NO_SPACE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def byline_names(value: str | None, sites: list[str]) -> list[str]:
    """Person names in one byline value; URLs, outlets, desks and user names are dropped."""
    from sitrep import lexicons
    from sitrep.clean.outlets import known_outlet

    text = _squash(value)
    if not text or re.match(r"(?i)^(?:https?:|www\.)", text):
        return []
    text = re.sub(r"\S+@\S+|@\w+|https?://\S+", " ", text)
    not_names = lexicons.words("world/byline_non_names")
    names = []
    for part in _NAME_SPLIT.split(text):
        name = _BY_PREFIX.sub("", part.strip(" .,:;-–—()[]")).strip(" .,:;-–—()[]")
        words = name.split()
        if not words or len(words) > 5 or any(ch.isdigit() for ch in name):
            continue
        if len(words) == 1 and not _NO_SPACE_SCRIPT.search(name):
            continue  # "Admin", "PTI", "Ritzau", "jdadmin": a person's byline has a given and a family name
        if any(_fold(w) in not_names for w in words) or known_outlet(name) or _is_site(name, sites):
            continue
        if name.isupper() and not _NO_SPACE_SCRIPT.search(name):
            name = name.title()  # "ROBERT BURNS" -> "Robert Burns"
        if name not in names:
            names.append(name)
    return names


AUTHOR_ORDER: tuple[str, ...] = ("jsonld", "meta", "trafilatura")
REQUIRE_SHOWN = True  # a name only in the markup (hidden meta, a CMS account) is not the byline


def _shown(name: str, page: PageCandidates) -> bool:
    return not REQUIRE_SHOWN or f" {_fold(name)} " in f" {page.visible} "


def choose_authors(page: PageCandidates, trafilatura_author: str | None = None) -> list[str]:
    """The byline's person names, from the first source in AUTHOR_ORDER that yields one the page shows."""
    sources = {
        "jsonld": page.jsonld_authors,
        "meta": page.meta_authors,
        "trafilatura": (trafilatura_author or "").split(";"),
    }
    for name in AUTHOR_ORDER:
        found = [n for value in sources[name] for n in byline_names(value, page.sitenames)]
        shown = [n for i, n in enumerate(found) if _shown(n, page) and n not in found[:i]]
        if shown:
            return shown
    return []


def page_metadata(html: str, url: str | None = None) -> tuple[str | None, str | None]:
    """(headline, byline) of a page from its markup and trafilatura's metadata."""
    import trafilatura

    page = page_candidates(html, url)
    if page is None:
        return None, None
    meta = trafilatura.extract_metadata(html, default_url=url)
    title = choose_title(page, meta.title if meta else None)
    authors = choose_authors(page, meta.author if meta else None)
    return title, ", ".join(authors) or None
