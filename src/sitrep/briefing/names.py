"""How the report names things: the source of an article, the day a record was first reported."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sitrep.records import Article, Mention


def source_name(article: Article) -> str:
    """Who published an article: its outlet, else its URL's domain, else its file name."""
    if article.outlet:
        return article.outlet
    for address in (article.url, article.source):
        if address and re.match(r"https?://", address):
            host = address.split("://", 1)[1].split("/", 1)[0].split("@")[-1].split(":")[0]
            if host:
                return host.removeprefix("www.")
    return re.split(r"[\\/]", article.source.split("#", 1)[0])[-1] or article.id


def label_source(source: str, articles: Mapping[str, Article]) -> str:
    """A record's source as people read it: ``article:<id>`` (an article with no outlet) by its site or file."""
    if source.startswith("article:"):
        article = articles.get(source.removeprefix("article:"))
        return source_name(article) if article else "an unnamed source"
    return source


def reported(mentions: Iterable[Mention], articles: Mapping[str, Article]) -> str | None:
    """The day the first of these mentions was published."""
    dates = [articles[m.article_id].published for m in mentions if m.article_id in articles]
    return min((d[:10] for d in dates if d), default=None)
