"""The ``sitrep`` command: a thin shell over the library."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitrep.export import FORMATS, export
from sitrep.store import SQLStore, StoreError, open_store
from sitrep.store.sql import DB_ERRORS

if TYPE_CHECKING:
    from sitrep import pipeline

# The pipeline (spaCy, datasketch, scipy) is imported by the commands that run it, so that
# `--help` and the reading commands start in a fraction of the time.

app = typer.Typer(
    help="Turn news coverage of a war and its diplomacy into a situation report that can be checked.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

DEFAULT_STORE = Path("sitrep.db")

StoreOption = Annotated[
    str,
    typer.Option("--store", "-s", help="SQLite file or SQLAlchemy URL of the store.", envvar="SITREP_STORE"),
]
Inputs = Annotated[
    list[str],
    typer.Argument(help="Files, directories, archives (.zip, .gz) or http(s) URLs to read."),
]


def _fail(message: str) -> NoReturn:
    # Plain echo, not rich: a message must stay one line whatever the terminal width.
    typer.echo(f"sitrep: {message}", err=True)
    raise typer.Exit(2)


@contextmanager
def _opened(target: str, *, create: bool = False) -> Iterator[SQLStore]:
    """The store a command works on; one that cannot be opened or read ends the command with exit 2.

    Only ingesting commands create a store; reading ones refuse a path that holds none.
    """
    try:
        with open_store(target, create=create) as st:
            yield st
    except StoreError as exc:
        _fail(str(exc))
    except DB_ERRORS as exc:
        # A damaged page found while reading, after the store opened cleanly.
        _fail(str(StoreError.from_db(target, exc)))


EngineOption = Annotated[str, typer.Option(help="local (a process pool) or ray (a Ray cluster).")]
RayAddressOption = Annotated[
    str | None,
    typer.Option(help="Ray cluster to join (auto, ray://host:10001); default: start a local one."),
]


def _run_ingest(
    inputs: list[str],
    store_target: str,
    reprocess: bool,
    allow_private: bool,
    workers: int | None,
    engine_name: str = "local",
    ray_address: str | None = None,
) -> pipeline.RunReport:
    from sitrep import pipeline, report
    from sitrep.engine import make_engine

    try:
        engine = make_engine(engine_name, workers, ray_address)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--engine") from exc
    with _opened(store_target, create=True) as store:
        with Progress(
            TextColumn("[bold]ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as bar:
            task = bar.add_task("ingest", total=None)
            run = pipeline.ingest(
                inputs,
                store,
                reprocess=reprocess,
                allow_private=allow_private,
                engine=engine,
                progress=lambda n: bar.advance(task, n),
            )
            engine.close()
        report.print_run(console, run)
    return run


@app.command()
def ingest(
    inputs: Inputs,
    store: StoreOption = str(DEFAULT_STORE),
    reprocess: Annotated[bool, typer.Option(help="Recompute derived data for items already stored.")] = False,
    allow_private: Annotated[
        bool, typer.Option(help="Allow fetching URLs on private, link-local and loopback addresses.")
    ] = False,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: up to 4).")] = None,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
) -> None:
    """Read articles into the store; items already stored are skipped.

    Exit status: 0 when every item was stored or already present, 1 when some
    items failed (each is listed with its reason), 2 on a usage error.
    """
    run = _run_ingest(inputs, store, reprocess, allow_private, workers, engine, ray_address)
    raise typer.Exit(run.exit_code)


@app.command()
def relink(store: StoreOption = str(DEFAULT_STORE)) -> None:
    """Link the whole store again: stories, copies, statements, events, claims, positions.

    An ingest links only what its articles touch; this recomputes everything, as one run.
    """
    from sitrep import pipeline, report

    with _opened(store) as st:
        run = pipeline.relink(st)
    report.print_run(console, run)
    raise typer.Exit(run.exit_code)


@app.command("export")
def export_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Directory to write the tables to.")],
    store: StoreOption = str(DEFAULT_STORE),
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
) -> None:
    """Export every table per CONTRACT.md (articles, quotes, places, ...)."""
    if format not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)}", param_hint="--format")
    with _opened(store) as st:
        written = export(st, out_dir, format)  # type: ignore[arg-type]
    for name, count in written.items():
        console.print(f"{out_dir / name}: {count} rows")


@app.command()
def analyze(
    inputs: Inputs,
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the store and the exports.")],
    store: Annotated[
        str | None, typer.Option("--store", "-s", help="Store to use (default: OUT/sitrep.db).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    reprocess: Annotated[bool, typer.Option(help="Recompute derived data for items already stored.")] = False,
    allow_private: Annotated[bool, typer.Option(help="Allow fetching private and loopback URLs.")] = False,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: up to 4).")] = None,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
) -> None:
    """Ingest inputs into a store, then export every table to OUT."""
    if format not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)}", param_hint="--format")
    store_target = store or str(out / "sitrep.db")
    run = _run_ingest(inputs, store_target, reprocess, allow_private, workers, engine, ray_address)
    with _opened(store_target) as st:
        written = export(st, out, format)  # type: ignore[arg-type]
        reports = _reports(st)
    for fmt, text in reports.items():
        path = out / f"report.{fmt}"
        path.write_text(text, encoding="utf-8")
        written[path.name] = 1
    for name, count in written.items():
        console.print(f"{out / name}: {count} rows")
    raise typer.Exit(run.exit_code)


def _reports(store: SQLStore) -> dict[str, str]:
    """The situation report in every format, for ``analyze --out``."""
    from sitrep import briefing
    from sitrep.query import Query

    situation = briefing.build_report(Query(store))
    return {fmt: briefing.render(situation, fmt) for fmt in briefing.FORMATS}


@app.command("report")
def report_cmd(
    store: StoreOption = str(DEFAULT_STORE),
    story: Annotated[str | None, typer.Option(help="Only this story id.")] = None,
    since: Annotated[str | None, typer.Option(help="Only what happened on or after this date.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="md, html or json.")] = "md",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (default: print).")
    ] = None,
) -> None:
    """Write the situation report: timelines, cited digests, sources."""
    from sitrep import briefing
    from sitrep.query import Query

    if format not in briefing.FORMATS:
        raise typer.BadParameter(
            f"format must be one of {', '.join(briefing.FORMATS)}", param_hint="--format"
        )
    with _opened(store) as st:
        text = briefing.render(briefing.build_report(Query(st), story=story, since=since), format)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"{out}: written")


@app.command()
def summary(store: StoreOption = str(DEFAULT_STORE)) -> None:
    """Print the stored articles: outlets, dates and problems found."""
    from sitrep import report

    with _opened(store) as st:
        report.print_summary(console, st)


@app.command()
def serve(
    store: StoreOption = str(DEFAULT_STORE),
    host: Annotated[
        str, typer.Option(help="Address to bind; other than loopback exposes the store.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and the REST API (/api/docs) over a store."""
    import uvicorn

    from sitrep.api import create_app

    with _opened(store) as st:
        console.print(f"sitrep UI on http://{host}:{port}/ (API docs at /api/docs); Ctrl-C stops")
        uvicorn.run(create_app(st), host=host, port=port, log_level="warning")


@app.command()
def places(
    store: StoreOption = str(DEFAULT_STORE),
    limit: Annotated[int, typer.Option(help="Show at most this many places (0: all).")] = 50,
) -> None:
    """List the places mentioned in the stored articles, most mentioned first."""
    from collections import Counter

    from rich.markup import escape
    from rich.table import Table

    counts: Counter[tuple] = Counter()
    with _opened(store) as st:
        for p in st.records("places"):
            counts[(p.name or p.text, p.feature, p.country, p.lat, p.lon)] += 1
    table = Table("place", "feature", "country", "lat", "lon", "mentions")
    for (name, feature, country, lat, lon), n in counts.most_common(limit or None):
        coords = ("" if lat is None else f"{lat:.3f}", "" if lon is None else f"{lon:.3f}")
        table.add_row(escape(str(name)), escape(feature or "?"), escape(country or ""), *coords, str(n))
    console.print(table)


@app.command()
def stories(store: StoreOption = str(DEFAULT_STORE)) -> None:
    """List the stories: their articles, outlets and date range."""
    from rich.markup import escape

    with _opened(store) as st:
        articles = {a.id: a for a in st.articles()}
        records = sorted(st.records("stories"), key=lambda r: (-len(r.articles), r.first_seen or "", r.id))
    # One block per story: a table squeezes titles into slivers at 80 columns.
    for r in records:
        members = [articles[aid] for aid in r.articles if aid in articles]
        outlets = sorted({a.original_outlet or a.outlet for a in members if a.original_outlet or a.outlet})
        dates = " .. ".join(dict.fromkeys(d for d in (r.first_seen, r.last_seen) if d)) or "undated"
        console.print(
            f"[bold]{escape(r.title or '-')}[/bold]\n"
            f"  story {escape(r.id)} · {escape(dates)} · {len(members)} articles · "
            f"outlets: {escape(', '.join(outlets) or '-')}"
        )
        for a in members:
            relation = f" [dim]({escape(a.copy_relation)})[/dim]" if a.copy_relation else ""
            console.print(
                f"  {escape((a.published or '')[:10] or '----------')}  {escape(a.id)}  "
                f"{escape(a.title or _lead(a.text))}{relation}"
            )
    if not records:
        console.print("no stories yet")


def _lead(text: str, width: int = 80) -> str:
    """The opening words of an untitled article, marked as such."""
    lead = " ".join(text.split()[:30])
    return "“" + (lead if len(lead) <= width else lead[: width - 1].rsplit(" ", 1)[0] + "…") + "”"


@app.command()
def quotes(
    speaker: Annotated[
        str | None, typer.Option(help="Only this speaker (name or alias, any spelling).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only statements made (or, when undated, reported) on or after this date."),
    ] = None,
    story: Annotated[str | None, typer.Option(help="Only quotes from articles of this story id.")] = None,
    stance: Annotated[
        bool,
        typer.Option(
            "--stance", help="Also show stances: beliefs, wishes, decisions and views held, not said."
        ),
    ] = False,
    store: StoreOption = str(DEFAULT_STORE),
) -> None:
    """Who said what, when and where, with the sources reporting it (speech; --stance adds views)."""
    from rich.markup import escape

    from sitrep.query import Query

    with _opened(store) as st:
        filters = {"speaker": speaker, "since": since, "story": story}
        # Speech by default: a statement is speech when one of its reports quotes words said.
        rows = Query(st).statements({**filters, "attribution": None if stance else "speech"})
    for stmt, reported in rows:
        head = f"[bold]{escape(stmt.speaker or 'unknown speaker')}[/bold]"
        when = escape(stmt.date or (f"reported {reported}" if reported else "date unknown"))
        where = f" via {escape(stmt.channel)}" if stmt.channel else ""
        console.print(f"{head} ({when}{where}): {escape(stmt.text)}")
        console.print(
            f"  sources: {escape(', '.join(stmt.sources))} "
            f"({stmt.independent_sources} independent, {len(stmt.mentions)} mentions)"
        )
    if not rows:
        console.print("no quotes found")


def _side(ref: object) -> str:
    """An event's actor or target as a log reads it: "Russian forces (RUS MIL)"."""
    if ref is None:
        return "?"
    name, country, sector = (getattr(ref, k) for k in ("name", "country", "sector"))
    tags = " ".join(t for t in (country, sector) if t)
    return f"{name or country or '?'}" + (f" ({tags})" if tags and tags != name else "")


def _toll(fatalities: int | None, spread: list[int] | None, injured: int | None) -> str:
    parts = []
    if fatalities is not None:
        reports = f" (reports {spread[0]}-{spread[1]})" if spread else ""
        parts.append(f"{fatalities} killed{reports}")
    if injured is not None:
        parts.append(f"{injured} injured")
    return ", ".join(parts)


@app.command()
def events(
    type: Annotated[
        str | None, typer.Option("--type", help="Only this PLOVER type (ASSAULT, CONSULT, AGREE, ...).")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            help="Only events with this actor or target: a name, an alias or a country (RUS, Russia)."
        ),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only events dated on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Only events dated on or before this date.")] = None,
    story: Annotated[
        str | None, typer.Option(help="Only events reported in articles of this story id.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many events (0: all).")] = 200,
    store: StoreOption = str(DEFAULT_STORE),
) -> None:
    """What happened: fused events with date, type, actor and target, place, toll and sources."""
    from rich.markup import escape

    from sitrep.query import Query, UnknownFilter

    with _opened(store) as st:
        reads = Query(st)
        filters = {"type": type.upper() if type else None, "actor": actor, "since": since}
        try:
            rows = reads.fused_events({**filters, "until": until, "story": story})
        except UnknownFilter as exc:
            _fail(str(exc))
        shown = rows[: limit or None]
        places = reads.by_ids("places", (f.place_id for f in shown if f.place_id))
        leads = {aid: reads.article(aid) for aid in {f.mentions[0].article_id for f in shown if f.mentions}}
    for f in shown:
        kind = f"{f.type}/{f.mode}" if f.mode else f.type
        place = places.get(f.place_id) if f.place_id else None
        where = (
            f" · in {place.name or place.text}" + (f", {place.country}" if place.country else "")
            if place
            else ""
        )
        toll = _toll(f.fatalities, f.fatalities_range, f.injured)
        flags = " · ".join(x for x in (toll, f.status, "background" if f.background else "") if x)
        console.print(
            f"[bold]{escape(f.date or 'undated')}  {escape(kind)}[/bold]  {escape(_side(f.actor))} → "
            f"{escape(_side(f.target))}{escape(where)} · {escape(flags)}"
        )
        first = f.mentions[0] if f.mentions else None
        art = leads.get(first.article_id) if first else None
        if first and art:
            console.print(f"  {escape(_lead(art.text[first.start : first.end], 160))}")
        console.print(
            f"  sources: {escape(', '.join(f.sources))} "
            f"({f.independent_sources} independent, {len(f.mentions)} mentions)"
        )
    if len(rows) > len(shown):
        console.print(f"... {len(rows) - len(shown)} more (--limit 0 shows all)")
    if not rows:
        console.print("no events found")


@app.command()
def check(
    claim: Annotated[str | None, typer.Argument(help="The claim to check, as one sentence.")] = None,
    claims: Annotated[
        Path | None,
        typer.Option("--claims", help='File of claims: one a line, or JSONL {"id": ..., "text": ...}.'),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Directory to write checks.jsonl to.")
    ] = None,
    store: StoreOption = str(DEFAULT_STORE),
) -> None:
    """Check a claim against the stored articles."""
    import json

    from rich.markup import escape

    from sitrep import check as checker
    from sitrep.records import to_dict

    if (claim is None) == (claims is None):
        raise typer.BadParameter("give a claim or --claims FILE, not both", param_hint="CLAIM")
    try:
        todo = (
            checker.read_claims(claims.read_text(encoding="utf-8").splitlines())
            if claims
            else [(None, claim)]
        )
    except (OSError, ValueError, KeyError) as exc:
        _fail(f"cannot read {claims}: {exc}")
    with _opened(store) as st:
        results = checker.check_many(st.engine, todo)  # type: ignore[arg-type]
    for cid, text in todo:
        cid = cid or checker.claim_id_of(text)
        found = [r for r in results if r.claim_id == cid]
        console.print(f"[bold]{escape(text)}[/bold] ({len(found)} articles)")
        for r in found:
            console.print(f"  {escape(r.stance):<9} {escape(r.article_id)}  {escape(r.outlet or '-')}")
            for m in r.mentions[:3]:
                words = " ".join(m["text"].split())
                words = words if len(words) <= 160 else words[:159] + "…"
                console.print(
                    f"    [dim]{escape(m['stance'])} {m['start']}-{m['end']}[/dim] “{escape(words)}”"
                )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        path = out / "checks.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps(to_dict(r), ensure_ascii=False) + "\n")
        console.print(f"{path}: {len(results)} rows")


@app.command()
def positions(
    actor: Annotated[str | None, typer.Option(help="Only this actor (name or alias, any spelling).")] = None,
    issue: Annotated[str | None, typer.Option(help="Only this issue (a key of the issue set).")] = None,
    store: StoreOption = str(DEFAULT_STORE),
) -> None:
    """Print each actor's stance on each issue over time."""
    from rich.markup import escape
    from rich.table import Table

    from sitrep.positions_view import matrix

    with _opened(store) as st:
        rows, issues = matrix(st, actor=actor, issue=issue)
    if not rows:
        console.print("no positions found")
        return
    # The matrix one cell a row (actor, issue): eleven issue columns do not fit a terminal.
    table = Table("actor", "issue", "stance over time (latest last; conditions)")
    for name, cells in rows:
        for n, key in enumerate(i for i in issues if i in cells):
            table.add_row(escape(name) if n == 0 else "", escape(key), escape(cells[key]))
        table.add_section()
    console.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
