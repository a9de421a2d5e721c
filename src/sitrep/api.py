"""REST API and web UI: a thin shell over the query layer.

Every table of the export contract is served as JSON under ``/api/``, filtered
and paged in SQL (:mod:`sitrep.query`); the UI in ``sitrep/web/`` renders it.
Article text is untrusted: the API returns it as JSON data and the UI only ever
inserts it as text nodes. Requests must name one of the server's own host
names, so a web page cannot read a local store through DNS rebinding.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.middleware.trustedhost import TrustedHostMiddleware

from sitrep import __version__, query, stages
from sitrep.api_cache import RunCache, SecurityHeaders
from sitrep.export import article_row
from sitrep.extract.claims.positions import issue_labels
from sitrep.records import to_dict
from sitrep.store.sql import SQLStore

WEB_DIR = Path(__file__).parent / "web"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
PAGING = {"limit", "offset"}
# Headers that stop the browser from running anything the page did not ship.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class Problem(BaseModel):
    """An error: a sentence for a 404 or a refused filter, FastAPI's list for a malformed parameter."""

    detail: str | list[dict[str, Any]]


# The errors each data endpoint can answer with, so clients and the schema fuzzer know them.
NOT_FOUND = {404: {"model": Problem, "description": "No such table or article"}}
REFUSED = {422: {"model": Problem, "description": "A malformed parameter or an unknown filter"}}


def _serve_docs(app: FastAPI) -> None:
    """Swagger UI at ``/api/docs`` from the files fastapi-offline bundles: no CDN, the same strict CSP
    (the page's init script is a served file, not inline)."""

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(WEB_DIR / "docs.html")

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/api/docs/assets", StaticFiles(directory=assets), name="docs-assets")


def _serve_check(app: FastAPI, store: SQLStore) -> None:
    """``GET /api/check?claim=...``: the stored articles that bear on a claim (as ``sitrep check``)."""

    @app.get("/api/check")
    def check(
        claim: str = Query(..., min_length=3, max_length=1000), limit: int = Query(50, ge=1, le=500)
    ) -> dict[str, Any]:
        """Each article bearing on the claim, with its stance, evidence spans and outlet (checks.jsonl)."""
        from sitrep import check as checker

        results = checker.check(store.engine, claim, limit=limit)
        return {"claim": claim, "claim_id": checker.claim_id_of(claim), "rows": [to_dict(r) for r in results]}


TIMELINE_FILTERS = ("story", "since", "until", "q", "speaker", "outlet")


def _serve_timeline(app: FastAPI, reads: query.Query) -> None:
    """``GET /api/timeline``: the report's timeline (its rules for what is news, its merging and
    order), so the UI shows what the report says rather than re-deciding it."""
    from functools import lru_cache

    from sitrep.briefing.build import corpus_timeline
    from sitrep.briefing.items import item_line
    from sitrep.briefing.names import source_name

    @lru_cache(maxsize=8)
    def days_of(
        run: tuple[int, str | None] | None, story: str | None, since: str | None, until: str | None
    ) -> Any:
        return corpus_timeline(reads, story=story, since=since, until=until)

    @app.get("/api/timeline", responses={**REFUSED})
    def timeline(request: Request, limit: int = Query(2000, ge=1, le=10_000)) -> dict[str, Any]:
        """Timeline items day by day (events, contested claims, words said), best first within a day.

        Filters: story, since, until (days), q (words of the line), speaker (a name in the line),
        outlet (an outlet that reports it). An unknown filter is a 422 error.
        """
        params = {k: v for k, v in request.query_params.items() if k != "limit"}
        unknown = sorted(set(params) - set(TIMELINE_FILTERS))
        if unknown:
            raise HTTPException(
                422, f"unknown filter {', '.join(unknown)}; filters: {', '.join(TIMELINE_FILTERS)}"
            )
        days, articles = days_of(
            reads.store.latest_run(), params.get("story"), params.get("since"), params.get("until")
        )
        q, speaker, outlet = (params.get(k, "").lower() for k in ("q", "speaker", "outlet"))
        out, total = [], 0
        for day in days:
            items = []
            for item in day.items:
                line = item_line(item)
                names = sorted(
                    {source_name(articles[m.article_id]) for m in item.mentions if m.article_id in articles}
                )
                if (q and q not in line.lower()) or (
                    speaker and speaker not in f"{item.who or ''} {line}".lower()
                ):
                    continue
                if outlet and outlet not in {n.lower() for n in names}:
                    continue
                total += 1
                if total <= limit:
                    shown = {k: v for k, v in to_dict(item).items() if k not in ("detail", "same_as")}
                    items.append({**shown, "line": line, "sources": names})
            if items:
                out.append({"date": day.date, "items": items})
        return {"total": total, "filters": list(TIMELINE_FILTERS), "days": out}


def create_app(store: SQLStore, allowed_hosts: Sequence[str] = LOOPBACK_HOSTS) -> FastAPI:
    app = FastAPI(title="sitrep", version=__version__, docs_url=None, openapi_url="/api/openapi.json")
    # outermost last: the host is checked first, headers go on every answer, kept ones included
    app.add_middleware(RunCache, store=store)
    app.add_middleware(SecurityHeaders, headers=SECURITY_HEADERS)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    _serve_docs(app)
    reads = query.Query(store)
    # The table reads below are indexed queries of a millisecond or two: they run on the event
    # loop (async), since a thread per request cost more in hand-offs and lock contention than
    # the query itself (330 against 890 fresh article pages a second at 50 concurrent). The
    # timeline and the claim checker may take seconds and stay on worker threads.

    @app.get("/api/summary")
    async def summary() -> dict[str, Any]:
        """Row counts per table."""
        return {"version": __version__, "counts": store.counts()}

    @app.get("/api/articles/{article_id}", responses={**NOT_FOUND, **REFUSED})
    async def article(article_id: str) -> dict[str, Any]:
        found = reads.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return article_row(found)

    _serve_check(app, store)
    _serve_timeline(app, reads)

    @app.get("/api/issues")
    async def issues() -> dict[str, Any]:
        """The default issue set positions are read against: each issue's key and label, in order."""
        return {"issues": [{"key": k, "label": v} for k, v in issue_labels().items()]}

    @app.get("/api/{table}", responses={**NOT_FOUND, **REFUSED})
    async def rows(
        table: str,
        request: Request,
        limit: int = Query(500, ge=1, le=10_000),
        offset: int = Query(0, ge=0),
    ) -> JSONResponse:
        """Rows of one table, as in the exports, filtered by the table's filters (see ``filters``).

        Articles: q, since, until, story, outlet. Quotes: q, since, until, article_id, story,
        speaker (any alias, any spelling), statement_id, kind. Statements: q, since, until,
        speaker, story, article_id. Events and fused events: q, since, until, story, article_id,
        type, status, actor (either side, by any name or country: RUS, Russia, Russian).
        An unknown filter is a 422 error.
        """
        if table != "articles" and table not in stages.tables():
            raise HTTPException(
                404, f"no table {table!r}; tables: {', '.join(['articles', *stages.tables()])}"
            )
        filters = {k: v for k, v in request.query_params.items() if k not in PAGING}
        try:
            if table == "articles":
                page = reads.articles(filters, limit=limit, offset=offset)
                out = [article_row(a) for a in page.rows]
            else:
                page = reads.records(table, filters, limit=limit, offset=offset)
                out = [to_dict(r) for r in page.rows]
        except query.UnknownFilter as exc:
            raise HTTPException(422, str(exc)) from None
        # Rows are plain JSON already (as exported): sent as they are, not walked again by FastAPI's
        # encoder, which took as long as the query itself on a page of 500.
        return JSONResponse(
            {"table": table, "total": page.total, "filters": list(query.filters_of(table)), "rows": out}
        )

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app
