"""Readable terminal summaries of runs and of the store."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sitrep.pipeline import RunReport
from sitrep.store import Store


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


def print_summary(console: Console, store: Store) -> None:
    articles = sorted(store.articles(), key=lambda a: (a.published or "", a.id))
    table = Table(title=f"{len(articles)} articles", show_lines=False)
    for column in ("published", "outlet", "original outlet", "title", "byline", "cites", "problems"):
        table.add_column(column, overflow="fold")
    for a in articles:
        published = f"{a.published} ({a.published_basis})" if a.published else "[yellow]unknown[/yellow]"
        title = a.title or a.text[:60] + "…"
        table.add_row(
            published,
            escape(a.outlet or "-"),
            escape(a.original_outlet or "-"),
            escape(title),
            escape(a.byline or "-"),
            escape(", ".join(a.cited_outlets) or "-"),
            escape("; ".join(a.notes) or "-"),
        )
    console.print(table)
    run_id = store.latest_run_id()
    errors = store.run_errors(run_id) if run_id is not None else []
    if errors:
        console.print(f"[red]{len(errors)} items failed in the last run:[/red]")
        for error in errors:
            console.print(f"  {escape(error.source)} ({error.stage}): {escape(error.reason)}")
    counts = store.counts()
    console.print(", ".join(f"{name}: {n}" for name, n in counts.items() if n))
