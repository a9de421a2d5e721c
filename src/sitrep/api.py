"""REST API and web UI: a thin shell over the store.

Every table of the export contract is served as JSON under ``/api/``; the UI
in ``sitrep/web/`` renders it in the browser. Article text is untrusted: the
API returns it as JSON data and the UI only ever inserts it as text nodes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from sitrep import __version__
from sitrep.export import table_rows
from sitrep.store import Store, schema

WEB_DIR = Path(__file__).parent / "web"
TABLES = ("articles", *schema.ARTICLE_TABLES, *schema.CORPUS_TABLES)
# Headers that stop the browser from running anything the page did not ship.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(store: Store) -> FastAPI:
    app = FastAPI(title="sitrep", version=__version__, docs_url="/api/docs", openapi_url="/api/openapi.json")

    @app.middleware("http")
    async def security_headers(request: Any, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/api/summary")
    def summary() -> dict[str, Any]:
        """Row counts per table."""
        return {"version": __version__, "counts": store.counts()}

    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict[str, Any]:
        for row in table_rows(store, "articles"):
            if row["id"] == article_id:
                return row
        raise HTTPException(404, f"no article {article_id!r}")

    @app.get("/api/{table}")
    def rows(
        table: str,
        article_id: str | None = None,
        limit: int = Query(500, ge=1, le=10_000),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        """Rows of one table, optionally of one article, as in the exports."""
        if table not in TABLES:
            raise HTTPException(404, f"no table {table!r}; tables: {', '.join(TABLES)}")
        selected = [
            r
            for r in table_rows(store, table)
            if article_id is None or r.get("article_id", r["id"]) == article_id
        ]
        return {"table": table, "total": len(selected), "rows": selected[offset : offset + limit]}

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app
