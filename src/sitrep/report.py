"""Readable terminal summaries of runs and of the store."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from sitrep.briefing.build import build_report, source_name
from sitrep.pipeline import RunReport
from sitrep.query import Query
from sitrep.store.sql import SQLStore


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


def print_summary(console: Console, store: SQLStore, *, last_days: int = 3) -> None:
    """What the store holds, as lines that read the same in a log as in a terminal.

    The stories with their last days (the best-sourced item of each), then the
    articles, then the last run's failures and the counts.
    """
    situation = build_report(Query(store))
    for story in situation.stories:
        when = " to ".join(dict.fromkeys(d for d in (story.first_seen, story.last_seen) if d)) or "undated"
        console.print(
            f"[bold]story: {escape(story.title or story.story_id)}[/bold]\n"
            f"  {escape(when)}, {len(story.articles)} articles, {story.independent_sources} independent sources"
        )
        for day in story.timeline[-last_days:]:
            top = day.items[0]
            who = f"{top.who}: " if top.who else ""
            console.print(
                f"  {day.date}  {escape(who + _clip(top.text, 110))} "
                f"({top.independent_sources} independent; {len(day.items)} items that day)"
            )
    articles = sorted(store.articles(), key=lambda a: (a.published or "", a.id))
    console.print(f"[bold]{len(articles)} articles[/bold]")
    for a in articles:
        published = f"{a.published} ({a.published_basis})" if a.published else "[yellow]date unknown[/yellow]"
        outlet = source_name(a) + (f", reprinting {a.original_outlet}" if a.original_outlet else "")
        console.print(f"  {published}  {escape(outlet)}: {escape(_clip(a.title or a.text, 90))}")
        details = [f"by {a.byline}"] if a.byline else []
        details += [f"cites {', '.join(a.cited_outlets)}"] if a.cited_outlets else []
        details += (
            [f"{a.copy_relation} of {a.copy_of or 'an article not in the store'}"] if a.copy_relation else []
        )
        details += a.notes
        if details:
            console.print(f"      {escape('; '.join(details))}")
    run_id = store.latest_run_id()
    errors = store.run_errors(run_id) if run_id is not None else []
    if errors:
        console.print(f"[red]{len(errors)} items failed in the last run:[/red]")
        for error in errors:
            console.print(f"  {escape(error.source)} ({error.stage}): {escape(error.reason)}")
    counts = store.counts()
    console.print(", ".join(f"{name}: {n}" for name, n in counts.items() if n))


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"
