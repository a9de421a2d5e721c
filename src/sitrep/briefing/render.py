"""The report for people and programs: JSON (CONTRACT.md), Markdown and one self-contained HTML file.

Article text is untrusted: Markdown output escapes the characters that would
make it markup, and HTML output escapes everything it prints (``html.escape``)
and carries no script; its only style is inline, so the file works offline.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Iterator
from typing import Any

from sitrep.briefing.build import Report, StoryReport, source_name
from sitrep.records import Mention

FORMATS = ("json", "md", "html")
EXCERPT = 160  # characters of context around a cited span


def to_json(report: Report) -> str:
    """``{"generated", "stories": [...]}`` as CONTRACT.md's report.json describes it."""
    stories = [_story_json(s) for s in report.stories]
    return json.dumps({"generated": report.generated, "stories": stories}, ensure_ascii=False, indent=1)


def _story_json(story: StoryReport) -> dict[str, Any]:
    data = dataclasses.asdict(story)
    for day in data["timeline"]:
        for item in day["items"]:
            item.pop("date")
    return data


# -- Markdown -----------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str) -> str:
    """Text shown as itself in Markdown: markup characters escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def to_markdown(report: Report) -> str:
    return "\n".join(_markdown_lines(report)) + "\n"


def _markdown_lines(report: Report) -> Iterator[str]:
    yield f"# Situation report ({report.generated[:10]})"
    for story in report.stories:
        yield from _markdown_story(report, story)


def _when(story: StoryReport) -> str:
    return " to ".join(dict.fromkeys(d for d in (story.first_seen, story.last_seen) if d)) or "undated"


def _markdown_story(report: Report, story: StoryReport) -> Iterator[str]:
    yield ""
    yield f"## {md(story.title or story.story_id)}"
    yield ""
    yield (
        f"{_when(story)} · {len(story.articles)} articles · {story.independent_sources} independent sources"
        f" · story `{story.story_id}`"
    )
    yield ""
    yield "### Digest"
    day = None
    for sentence in story.digest:
        if sentence.date != day:
            day = sentence.date
            yield from ("", f"**{day}**", "")
        yield f"- {md(sentence.text)} {_md_cites(report, sentence.mentions)}"
    yield from ("", "### Timeline")
    for d in story.timeline:
        yield from ("", f"**{d.date}**", "")
        for item in d.items:
            who = f"{md(item.who)}: " if item.who else ""
            yield (
                f"- {item.kind} · {who}{md(item.text)} ({item.independent_sources} independent) "
                f"{_md_cites(report, item.mentions)}"
            )
    yield from ("", "### Sources", "")
    for source in story.sources:
        copies = "; ".join(_copy_text(c) for c in source.copies)
        yield f"- {md(source.outlet)}: {len(source.articles)} articles" + (
            f" ({md(copies)})" if copies else ""
        )


def _copy_text(copy: dict[str, str | None]) -> str:
    return f"{copy['article_id']} is a {copy['relation']} of {copy['copy_of'] or 'an original outside the store'}"


def _md_cites(report: Report, mentions: list[Mention]) -> str:
    names = []
    for m in mentions[:4]:
        article = report.articles.get(m.article_id)
        outlet = md(source_name(article)) if article else m.article_id
        names.append(f"{outlet} {m.article_id[:8]}:{m.start}-{m.end}")
    more = f"; +{len(mentions) - 4} more" if len(mentions) > 4 else ""
    return f"[{'; '.join(names)}{more}]"


# -- HTML ---------------------------------------------------------------------------------------
def e(text: object) -> str:
    return html.escape(str(text), quote=True)


_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2733}
h1{font-size:1.6rem}h2{border-top:2px solid #1d2733;padding-top:.8rem;margin-top:2.5rem}
.meta{color:#556}.day{font-weight:600;margin:1rem 0 0}ul{padding-left:1.2rem;margin:.2rem 0}li{margin:.25rem 0}
.kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#556;margin-right:.4rem}
.cite{font-size:.8rem;color:#345;margin-left:.3rem}.cite a{color:#345}
.src{font-size:.8rem;background:#eef2f6;border-radius:3px;padding:0 .3rem}
blockquote{margin:.4rem 0 .8rem;padding:.3rem .8rem;border-left:3px solid #9ab;background:#f7f9fb}
mark{background:#ffe58a}table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #dde}
"""
# No script at all; styles only from this file.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def to_html(report: Report) -> str:
    cited: dict[str, Mention] = {}
    body = [f"<h1>Situation report</h1><p class=meta>generated {e(report.generated)}</p>"]
    body.extend(_html_story(report, story, cited) for story in report.stories)
    body.append("<h2 id=evidence>Cited passages</h2>")
    body.extend(_html_passage(report, anchor, m) for anchor, m in cited.items())
    return (
        f'<!doctype html><html lang=en><head><meta charset=utf-8><meta http-equiv=Content-Security-Policy content="{_CSP}">'
        f"<title>Situation report</title><style>{_STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )


def _anchor(m: Mention) -> str:
    return f"m-{m.article_id}-{m.start}-{m.end}"


def _html_cites(report: Report, mentions: list[Mention], cited: dict[str, Mention]) -> str:
    links = []
    for m in mentions:
        cited.setdefault(_anchor(m), m)
        article = report.articles.get(m.article_id)
        name = source_name(article) if article else m.article_id
        links.append(f'<a href="#{e(_anchor(m))}">{e(name)}</a>')
    return f"<span class=cite>[{', '.join(links)}]</span>"


def _html_story(report: Report, story: StoryReport, cited: dict[str, Mention]) -> str:
    out = [
        f"<h2>{e(story.title or story.story_id)}</h2>",
        f"<p class=meta>{e(_when(story))} · {len(story.articles)} articles · "
        f"{story.independent_sources} independent sources</p><h3>Digest</h3>",
    ]
    day = None
    for sentence in story.digest:
        if sentence.date != day:
            out.append(("</ul>" if day else "") + f"<p class=day>{e(sentence.date)}</p><ul>")
            day = sentence.date
        out.append(f"<li>{e(sentence.text)}{_html_cites(report, sentence.mentions, cited)}</li>")
    out.append("</ul><h3>Timeline</h3>" if day else "<p>No dated items.</p><h3>Timeline</h3>")
    for d in story.timeline:
        out.append(f"<p class=day>{e(d.date)}</p><ul>")
        for item in d.items:
            who = f"<b>{e(item.who)}</b>: " if item.who else ""
            out.append(
                f"<li><span class=kind>{e(item.kind)}</span>{who}{e(item.text)} "
                f"<span class=src>{item.independent_sources} independent</span>"
                f"{_html_cites(report, item.mentions, cited)}</li>"
            )
        out.append("</ul>")
    out.append("<h3>Sources</h3><table><tr><th>outlet</th><th>articles</th><th>copies</th></tr>")
    for s in story.sources:
        copies = "; ".join(_copy_text(c) for c in s.copies)
        out.append(f"<tr><td>{e(s.outlet)}</td><td>{len(s.articles)}</td><td>{e(copies)}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _html_passage(report: Report, anchor: str, m: Mention) -> str:
    article = report.articles.get(m.article_id)
    if article is None:
        return ""
    text = article.text
    start, end = max(0, m.start - EXCERPT), min(len(text), m.end + EXCERPT)
    return (
        f'<blockquote id="{e(anchor)}"><b>{e(source_name(article))}</b>'
        f" <span class=meta>{e(article.published or 'undated')} · {e(article.title or article.id)}</span><br>"
        f"{'…' if start else ''}{e(text[start : m.start])}<mark>{e(text[m.start : m.end])}</mark>"
        f"{e(text[m.end : end])}{'…' if end < len(text) else ''}</blockquote>"
    )


RENDERERS = {"json": to_json, "md": to_markdown, "html": to_html}


def render(report: Report, fmt: str) -> str:
    return RENDERERS[fmt](report)
