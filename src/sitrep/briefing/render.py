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

from sitrep.briefing.boards import ClaimEntry, Evidence, PositionMatrix, PositionStep
from sitrep.briefing.build import Report, StoryReport, source_name
from sitrep.briefing.items import item_line, short_date
from sitrep.extract.claims.positions import issue_label
from sitrep.records import Mention

FORMATS = ("json", "md", "html")
EXCERPT = 160  # characters of context around a cited span
BOARD_CLAIMS = 20  # claims shown for people (report.json holds them all)
SIDE_EVIDENCE = 3  # evidence shown per side of a claim
DAY_ITEMS = 8  # timeline items shown per day, best-sourced first
CITED = 6  # articles cited per line (report.json lists every mention)


def to_json(report: Report) -> str:
    """``{"generated", "stories": [...]}`` as CONTRACT.md's report.json describes it."""
    stories = [_story_json(s) for s in report.stories]
    return json.dumps({"generated": report.generated, "stories": stories}, ensure_ascii=False, indent=1)


def _story_json(story: StoryReport) -> dict[str, Any]:
    data = dataclasses.asdict(story)
    for day in data["timeline"]:
        for item in day["items"]:
            item.pop("date")
            item.pop("detail")
    return data


# -- Markdown -----------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")  # [ ] escaped: no link can form


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
        for item in d.items[:DAY_ITEMS]:
            # an event's line already names its sources
            count = "" if item.kind == "event" else f" ({item.independent_sources} independent)"
            yield f"- {item.kind} · {md(item_line(item))}{count} {_md_cites(report, item.mentions)}"
        if len(d.items) > DAY_ITEMS:
            yield f"- … and {len(d.items) - DAY_ITEMS} more that day (report.json)"
    yield from _markdown_claims(story)
    yield from _markdown_positions(story.positions_matrix)
    if story.actors_detail:
        yield from ("", "### Actors", "")
        for a in story.actors_detail[:30]:
            yield f"- {md(a.name)}{f' ({a.country})' if a.country else ''}: {md(_involvement(a))}"
    yield from ("", "### Sources", "")
    yield f"{story.independent_sources} independent sources among {len(story.sources)} outlets."
    yield ""
    for source in story.sources:
        copies = "; ".join(_copy_text(c) for c in source.copies)
        yield f"- {md(source.outlet)}: {_n(len(source.articles), 'article')}, {source.originals} own" + (
            f" ({md(copies)})" if copies else ""
        )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _involvement(actor: object) -> str:
    parts = [(getattr(actor, k), k) for k in ("statements", "events", "claims", "positions")]
    return ", ".join(f"{n} {k}" if n != 1 else f"1 {k[:-1]}" for n, k in parts if n)


def _copy_text(copy: dict[str, str | None]) -> str:
    of = copy.get("copy_of_outlet") or copy["copy_of"] or "an original outside the store"
    return f"{copy['article_id'][:8]} is a {copy['relation']} of {of}"


def _side_label(stance: str) -> str:
    return {"asserts": "Asserted", "disputes": "Disputed", "reports": "Reported"}.get(stance, stance)


def _evidence_line(ev: Evidence) -> str:
    who = f"{md(ev.speaker)}, " if ev.speaker else ""
    when = ev.published[:10] if ev.published else "undated"
    return f"  - {who}{md(ev.outlet)} {when}: “{md(ev.quote)}” [{ev.article_id[:8]}:{ev.start}-{ev.end}]"


def _claim_head(c: ClaimEntry) -> str:
    sides = []
    if c.asserted_by:
        sides.append(f"asserted by {', '.join(c.asserted_by)}")
    if c.disputed_by:
        sides.append(f"disputed by {', '.join(c.disputed_by)}")
    who = f"; {'; '.join(sides)}" if sides else ""
    return f"{c.status}, {c.independent_sources} independent{who}"


def _markdown_claims(story: StoryReport) -> Iterator[str]:
    if not story.claims_board:
        return
    yield from ("", "### Claims", "")
    for c in story.claims_board[:BOARD_CLAIMS]:
        yield f"- **{md(c.text)}** ({md(_claim_head(c))})"
        for stance, evidence in c.sides.items():
            yield f"  - {_side_label(stance)}:"
            yield from ("  " + _evidence_line(ev) for ev in evidence[:SIDE_EVIDENCE])
    rest = len(story.claims_board) - BOARD_CLAIMS
    if rest > 0:
        yield f"- … and {rest} more claims in report.json"


def _stance_days(step: PositionStep) -> str:
    """ "12 Mar", a run "11–14 Mar" (or "28 Feb–3 Mar"), or "undated"."""
    if not step.date:
        return "undated"
    first = short_date(step.date)
    if not step.until or step.until == step.date:
        return first
    last = short_date(step.until)
    if first.split()[1:] == last.split()[1:] and len(first.split()) == 2:
        return f"{first.split()[0]}–{last}"  # the same month: "11–14 Mar"
    return f"{first}–{last}"


def _steps(steps: list[PositionStep]) -> str:
    return " → ".join(f"{s.stance} ({_stance_days(s)})" for s in steps)


def _markdown_positions(matrix: PositionMatrix) -> Iterator[str]:
    if not matrix.rows:
        return
    yield from ("", "### Positions", "")
    yield "| actor | " + " | ".join(md(issue_label(i)) for i in matrix.issues) + " |"
    yield "|---" * (len(matrix.issues) + 1) + "|"
    for row in matrix.rows:
        cells = [md(_steps(row.cells.get(i, []))) for i in matrix.issues]
        yield f"| {md(row.actor)} | " + " | ".join(cells) + " |"


def _md_cites(report: Report, mentions: list[Mention]) -> str:
    """The articles cited, each with its first span (``outlet id:start-end``), at most CITED."""
    names = []
    grouped = _by_article(mentions)
    for article_id, spans in list(grouped.items())[:CITED]:
        article = report.articles.get(article_id)
        outlet = md(source_name(article)) if article else article_id
        times = f" ×{len(spans)}" if len(spans) > 1 else ""
        names.append(f"{outlet} {article_id[:8]}:{spans[0].start}-{spans[0].end}{times}")
    more = f"; +{len(grouped) - CITED} more articles" if len(grouped) > CITED else ""
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
mark{background:#ffe58a}.contested{color:#b2182b}.corroborated{color:#1a7f37}
.stance.support{color:#1a7f37}.stance.oppose{color:#b2182b}.stance.conditional{color:#9a6700}table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #dde}
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


def _by_article(mentions: list[Mention]) -> dict[str, list[Mention]]:
    grouped: dict[str, list[Mention]] = {}
    for m in mentions:
        grouped.setdefault(m.article_id, []).append(m)
    return grouped


def _html_cites(report: Report, mentions: list[Mention], cited: dict[str, Mention]) -> str:
    """One link per article cited (to its first cited passage), named by source and day, at most CITED."""
    links = []
    grouped = _by_article(mentions)
    for article_id, spans in list(grouped.items())[:CITED]:
        first = spans[0]
        cited.setdefault(_anchor(first), first)
        article = report.articles.get(article_id)
        name = source_name(article) if article else article_id
        day = f" {short_date(article.published[:10])}" if article and article.published else ""
        times = f" ×{len(spans)}" if len(spans) > 1 else ""
        links.append(f'<a href="#{e(_anchor(first))}">{e(name)}{e(day)}</a>{times}')
    more = f", +{len(grouped) - CITED} more articles" if len(grouped) > CITED else ""
    return f"<span class=cite>[{', '.join(links)}{more}]</span>"


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
        for item in d.items[:DAY_ITEMS]:
            count = (
                ""
                if item.kind == "event"
                else f" <span class=src>{item.independent_sources} independent</span>"
            )
            out.append(
                f"<li><span class='kind {e(item.status or '')}'>{e(item.kind)}</span>{e(item_line(item))}{count}"
                f"{_html_cites(report, item.mentions, cited)}</li>"
            )
        if len(d.items) > DAY_ITEMS:
            out.append(f"<li class=meta>… and {len(d.items) - DAY_ITEMS} more that day (report.json)</li>")
        out.append("</ul>")
    out.extend(_html_claims(report, story, cited))
    out.extend(_html_positions(report, story.positions_matrix, cited))
    if story.actors_detail:
        out.append("<h3>Actors</h3><ul>")
        out.extend(
            f"<li><b>{e(a.name)}</b>{e(f' ({a.country})' if a.country else '')}: {e(_involvement(a))}</li>"
            for a in story.actors_detail[:30]
        )
        out.append("</ul>")
    out.append(
        f"<h3>Sources</h3><p class=meta>{story.independent_sources} independent sources among "
        f"{len(story.sources)} outlets</p><table><tr><th>outlet</th><th>articles</th><th>own reporting</th>"
        "<th>copies</th></tr>"
    )
    for s in story.sources:
        copies = "; ".join(_copy_text(c) for c in s.copies)
        out.append(
            f"<tr><td>{e(s.outlet)}</td><td>{len(s.articles)}</td><td>{s.originals}</td><td>{e(copies)}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def _html_claims(report: Report, story: StoryReport, cited: dict[str, Mention]) -> Iterator[str]:
    if not story.claims_board:
        return
    yield "<h3>Claims</h3><ul>"
    for c in story.claims_board[:BOARD_CLAIMS]:
        yield f"<li><span class='kind {e(c.status)}'>{e(c.status)}</span><b>{e(c.text)}</b> <span class=meta>{e(_claim_head(c))}</span><ul>"
        for stance, evidence in c.sides.items():
            for ev in evidence[:SIDE_EVIDENCE]:
                who = f"{ev.speaker}, " if ev.speaker else ""
                m = Mention(ev.article_id, ev.start, ev.end)
                yield (
                    f"<li><span class=kind>{e(_side_label(stance))}</span>{e(who)}“{e(ev.quote)}”"
                    f"{_html_cites(report, [m], cited)}</li>"
                )
        yield "</ul></li>"
    yield "</ul>"
    rest = len(story.claims_board) - BOARD_CLAIMS
    if rest > 0:
        yield f"<p class=meta>… and {rest} more claims in report.json</p>"


def _html_positions(report: Report, matrix: PositionMatrix, cited: dict[str, Mention]) -> Iterator[str]:
    if not matrix.rows:
        return
    yield (
        "<h3>Positions</h3><table><tr><th>actor</th>"
        + "".join(f"<th title='{e(i)}'>{e(issue_label(i))}</th>" for i in matrix.issues)
        + "</tr>"
    )
    for row in matrix.rows:
        cells = []
        for issue in matrix.issues:
            steps = row.cells.get(issue, [])
            parts = [
                f"<span class='stance {e(s.stance)}'>{e(s.stance)}</span> {e(_stance_days(s))}"
                + _html_cites(report, [Mention(v.article_id, v.start, v.end) for v in s.evidence[:2]], cited)
                for s in steps
            ]
            cells.append(f"<td>{' → '.join(parts)}</td>")
        yield f"<tr><th>{e(row.actor)}</th>{''.join(cells)}</tr>"
    yield "</table>"


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
