"""Database schema and its migrations.

Articles have real columns (they are browsed and filtered); derived records
(quotes, places, stories, ...) are stored as one JSON document per row with
the columns needed to find them, so that the export contract can grow
without a migration for every new field.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

SCHEMA_VERSION = 1

metadata = sa.MetaData()

meta_table = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("original_outlet", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("published", sa.String(10), index=True),
    sa.Column("published_basis", sa.String(16)),
    sa.Column("language", sa.String(8)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("cited_outlets", sa.JSON, nullable=False),
    sa.Column("story_id", sa.String(32), index=True),
    sa.Column("copy_of", sa.String(32)),
    sa.Column("copy_relation", sa.String(16)),
    sa.Column("extra", sa.JSON, nullable=False),
    sa.Column("notes", sa.JSON, nullable=False),
    sa.Column("ingested_at", sa.String(32), nullable=False),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.String(32), nullable=False),
    sa.Column("finished_at", sa.String(32)),
    sa.Column("added", sa.Integer, nullable=False, default=0),
    sa.Column("skipped", sa.Integer, nullable=False, default=0),
    sa.Column("failed", sa.Integer, nullable=False, default=0),
)

errors = sa.Table(
    "errors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), index=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("stage", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)

# Per-article derived records: written with their article, deleted with it.
ARTICLE_TABLES = ("quotes", "places", "times", "events")
# Corpus-level records: recomputed as a whole by the linking stages.
CORPUS_TABLES = ("actors", "statements", "stories", "fused_events", "claims")


def _derived_table(name: str, per_article: bool) -> sa.Table:
    columns: list[sa.Column] = [sa.Column("id", sa.String(64), primary_key=True)]
    if per_article:
        columns.append(
            sa.Column(
                "article_id",
                sa.String(32),
                sa.ForeignKey("articles.id", ondelete="CASCADE"),
                index=True,
                nullable=False,
            )
        )
    columns.append(sa.Column("data", sa.JSON, nullable=False))
    return sa.Table(name, metadata, *columns)


derived: dict[str, sa.Table] = {
    **{name: _derived_table(name, True) for name in ARTICLE_TABLES},
    **{name: _derived_table(name, False) for name in CORPUS_TABLES},
}


def _v1(conn: sa.Connection) -> None:
    metadata.create_all(conn)


# MIGRATIONS[i] brings a database from version i to version i + 1.
MIGRATIONS: list[Callable[[sa.Connection], None]] = [_v1]
assert len(MIGRATIONS) == SCHEMA_VERSION
