"""Readable terminal summaries of runs and of the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.markup import escape

from sitrep.briefing.build import StoryReport, build_report, source_name
from sitrep.briefing.items import item_line
from sitrep.pipeline import RunReport
from sitrep.query import Query
from sitrep.store.sql import SQLStore

if TYPE_CHECKING:
    from rich.console import Console

DAY_BEST = 3  # items shown per day in the summary (report.md shows 8, report.json all)


def print_run(console: Console, run: RunReport) -> None:
    console.print(
        f"run {run.run_id}: {len(run.added)} added, {run.skipped} already stored, {run.log.total} failed"
    )
    for error in run.log.named:
        console.print(f"  [red]failed[/red] {escape(error.source)} ({error.stage}): {escape(error.reason)}")
    if run.log.unnamed:
        # Beyond the cap, one line per reason: a hostile input must not print a line per record.
        console.print(f"  … and {run.log.unnamed.total():,} more failed, by reason:")
        for error in run.log.summary():
            console.print(f"  [red]{escape(error.source)}[/red] ({error.stage}): {escape(error.reason)}")


def print_summary(console: Console, store: SQLStore, *, last_days: int = 3, top_claims: int = 5) -> None:
    """What the store holds and what was found, as lines that read the same in a log as in a terminal.

    Per story: its span and sources, its claims (contested first), the last days of
    its timeline; then the articles (each source named by its outlet, site or file),
    the last run's failures and the counts. Lines are never wrapped: a log keeps
    each on one line, however narrow the terminal that wrote it.
    """

    def say(text: str) -> None:
        console.print(text, soft_wrap=True, highlight=False)

    situation = build_report(Query(store))
    articles = sorted(store.articles(), key=lambda a: (a.published or "", a.id))
    outlets = {source_name(a) for a in articles}
    days = sorted(a.published[:10] for a in articles if a.published)
    span = f", {days[0]} to {days[-1]}" if days else ""
    say(
        f"[bold]sitrep: {len(articles)} articles from {len(outlets)} sources{span}; "
        f"{len(situation.stories)} stories[/bold]"
    )
    for story in situation.stories:
        _print_story(say, story, last_days, top_claims)
    say(f"[bold]{len(articles)} articles[/bold]")
    for a in articles:
        published = f"{a.published} ({a.published_basis})" if a.published else "[yellow]date unknown[/yellow]"
        outlet = source_name(a) + (f", reprinting {a.original_outlet}" if a.original_outlet else "")
        say(f"  {published}  {escape(outlet)}: {escape(_clip(a.title or a.text, 90))}")
        details = [f"by {a.byline}"] if a.byline else []
        details += [f"cites {', '.join(a.cited_outlets)}"] if a.cited_outlets else []
        if a.copy_relation:
            original = next((source_name(b) for b in articles if b.id == a.copy_of), None)
            details.append(f"{a.copy_relation} of {original or 'an article not in the store'}")
        details += a.notes
        if details:
            say(f"      {escape('; '.join(details))}")
    run_id = store.latest_run_id()
    errors = store.run_errors(run_id) if run_id is not None else []
    if errors:
        say(f"[red]{len(errors)} items failed in the last run:[/red]")
        for error in errors:
            say(f"  {escape(error.source)} ({error.stage}): {escape(error.reason)}")
    counts = store.counts()
    say("counts: " + ", ".join(f"{name} {n}" for name, n in counts.items() if n))


def _print_story(say: Callable[[str], None], story: StoryReport, last_days: int, top_claims: int) -> None:
    when = " to ".join(dict.fromkeys(d for d in (story.first_seen, story.last_seen) if d)) or "undated"
    outlets = ", ".join(f"{s.outlet} {len(s.articles)}" for s in story.sources[:6])
    more = f", +{len(story.sources) - 6} more" if len(story.sources) > 6 else ""
    say(f"[bold]story: {escape(story.title or story.story_id)}[/bold]")
    say(
        f"  {escape(when)}; {len(story.articles)} articles, {story.independent_sources} independent sources "
        f"({escape(outlets + more)})"
    )
    found = [
        f"{n} {what}"
        for n, what in (
            (sum(len(d.items) for d in story.timeline), "timeline items"),
            (sum(1 for d in story.timeline for i in d.items if i.kind == "event"), "events"),
            (len(story.claims_board), "claims"),
            (sum(1 for c in story.claims_board if c.status == "contested"), "contested"),
            (len(story.positions), "positions"),
            (len(story.actors), "actors"),
        )
        if n
    ]
    if found:
        say(f"  found: {', '.join(found)}")
    if story.claims_board:
        say("  claims, contested first:")
        for c in story.claims_board[:top_claims]:
            sides = "; ".join(
                part
                for part in (
                    f"asserted by {', '.join(c.asserted_by)}" if c.asserted_by else "",
                    f"disputed by {', '.join(c.disputed_by)}" if c.disputed_by else "",
                )
                if part
            )
            say(
                f"    {c.status:<13} {escape(_clip(c.text, 100))} ({c.independent_sources} independent"
                f"{'; ' + escape(sides) if sides else ''})"
            )
    if story.timeline:
        say(f"  last {min(last_days, len(story.timeline))} days of {len(story.timeline)}:")
    for day in story.timeline[-last_days:]:
        # the day's best items (the timeline ranks them: best-sourced, then what says more)
        for n, item in enumerate(day.items[:DAY_BEST]):
            lead = day.date if n == 0 else " " * len(day.date)
            # an event's line names its sources already
            count = "" if item.kind == "event" else f" ({item.independent_sources} independent)"
            say(f"    {lead}  {item.kind:<9} {escape(_clip(item_line(item), 110))}{count}")
        if len(day.items) > DAY_BEST:
            say(f"    {' ' * len(day.date)}  … {len(day.items) - DAY_BEST} more items that day")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"
