"""Database schema: the core tables, the stages' tables, and the migrations of each.

Articles have real columns (they are browsed and filtered). Derived records
(quotes, places, stories, ...) are one JSON document per row, plus the columns
their stage declares for queries (``speaker_id``, ``date``...), indexed, so the
export contract can grow without a migration for every field while filters
still run in SQL.

Migrations are owned per component, as sqlite-utils' ``Migrations`` are: the
core keeps a numbered list (``meta.schema_version``); each stage has named
steps, applied once each and recorded in ``migrations``. A stage that declares
none gets two: create its tables, then add its query columns (backfilled from
the stored documents), a step named by its columns, so a column declared later
is a new step. Every step is idempotent, so a store written before a
stage owned its tables migrates forward and ends up like a fresh one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from sitrep.records import stable_id
from sitrep.stages import Migration, Stage, TableSpec

SCHEMA_VERSION = 2

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

migrations = sa.Table(
    "migrations",
    metadata,
    sa.Column("component", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("applied_at", sa.String(32), nullable=False),
)

CORE_TABLES = (meta_table, articles, runs, errors)


def column_name(field: str) -> str:
    """SQL column of a record field; a dotted path reads a nested one (``actor.country``)."""
    return field.replace(".", "_")


def derived_table(spec: TableSpec) -> sa.Table:
    """The SQLAlchemy table of a stage's records, with its query columns (defined once per name)."""
    if spec.name in metadata.tables:
        return metadata.tables[spec.name]
    return _table(metadata, spec, spec.columns)


def _table(target: sa.MetaData, spec: TableSpec, fields: Sequence[str]) -> sa.Table:
    columns: list[sa.Column] = [sa.Column("id", sa.String(64), primary_key=True)]
    if spec.per_article:
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
    columns.extend(sa.Column(column_name(f), sa.Text, index=True) for f in fields)
    table = sa.Table(spec.name, target, *columns)
    for group in spec.indexes if fields else ():
        sa.Index(_index_name(spec, group), *(table.c[column_name(f)] for f in group))
    return table


def _index_name(spec: TableSpec, group: Sequence[str]) -> str:
    return "ix_" + "_".join([spec.name, *map(column_name, group)])


# -- core migrations: CORE_MIGRATIONS[i] brings the core from version i to i + 1 -----------------
def _core_v1(conn: sa.Connection) -> None:
    for table in CORE_TABLES:
        table.create(conn, checkfirst=True)


def _core_v2(conn: sa.Connection) -> None:
    migrations.create(conn, checkfirst=True)


CORE_MIGRATIONS: list[Callable[[sa.Connection], None]] = [_core_v1, _core_v2]
assert len(CORE_MIGRATIONS) == SCHEMA_VERSION


# -- stage migrations --------------------------------------------------------------------------
def create_tables(specs: Sequence[TableSpec]) -> Callable[[sa.Connection], None]:
    """A step that creates the stage's tables as first released: id, article_id and the document."""

    def step(conn: sa.Connection) -> None:
        scratch = sa.MetaData()
        articles.to_metadata(scratch)  # the target of article_id's foreign key
        for spec in specs:
            _table(scratch, spec, ()).create(conn, checkfirst=True)

    return step


def add_query_columns(specs: Sequence[TableSpec]) -> Callable[[sa.Connection], None]:
    """A step that adds each declared query column missing from a table, indexes and backfills it."""

    def step(conn: sa.Connection) -> None:
        for spec in specs:
            present = {c["name"] for c in sa.inspect(conn).get_columns(spec.name)}
            added = [f for f in spec.columns if column_name(f) not in present]
            for f in added:
                name = column_name(f)
                conn.execute(sa.text(f'ALTER TABLE "{spec.name}" ADD COLUMN "{name}" TEXT'))
                conn.execute(sa.text(f'CREATE INDEX "ix_{spec.name}_{name}" ON "{spec.name}" ("{name}")'))
            if added:
                _backfill(conn, spec, added)
            for group in spec.indexes:
                cols = ", ".join(f'"{column_name(f)}"' for f in group)
                conn.execute(
                    sa.text(
                        f'CREATE INDEX IF NOT EXISTS "{_index_name(spec, group)}" ON "{spec.name}" ({cols})'
                    )
                )

    return step


def _backfill(conn: sa.Connection, spec: TableSpec, fields: Sequence[str]) -> None:
    table = derived_table(spec)
    rows = conn.execute(sa.select(table.c.id, table.c.data)).all()
    if not rows:
        return
    update = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values({column_name(f): sa.bindparam(f"v_{column_name(f)}") for f in fields})
    )
    conn.execute(
        update,
        [
            {"row_id": rid, **{f"v_{column_name(f)}": query_value(data, f) for f in fields}}
            for rid, data in rows
        ],
    )


def query_value(data: dict[str, Any], field: str) -> str | None:
    """The value of a (dotted) field of a record document, as stored in its query column."""
    value: Any = data
    for part in field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return None if value is None else str(value)


def stage_migrations(stage: Stage) -> tuple[Migration, ...]:
    if stage.migrations:
        return stage.migrations
    if not stage.tables:
        return ()
    # The columns step is named by the columns it adds, so declaring a new column is a new step.
    columns = stable_id(
        *(f"{spec.name}.{c}" for spec in stage.tables for c in spec.columns),
        *(f"{spec.name}:{'+'.join(group)}" for spec in stage.tables for group in spec.indexes),
        length=12,
    )
    return (("create", create_tables(stage.tables)), (f"columns {columns}", add_query_columns(stage.tables)))


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def migrate(conn: sa.Connection, stages: Sequence[Stage]) -> None:
    """Bring the core and every stage's tables up to date, recording each step applied."""
    version = _core_version(conn)
    if version > SCHEMA_VERSION:
        raise NewerSchema(version)
    for step in CORE_MIGRATIONS[version:]:
        step(conn)
    if version != SCHEMA_VERSION:
        conn.execute(sa.delete(meta_table).where(meta_table.c.key == "schema_version"))
        conn.execute(sa.insert(meta_table).values(key="schema_version", value=str(SCHEMA_VERSION)))
    applied = {(c, n) for c, n in conn.execute(sa.select(migrations.c.component, migrations.c.name))}
    for stage in stages:
        for name, step in stage_migrations(stage):
            if (stage.name, name) not in applied:
                step(conn)
                conn.execute(sa.insert(migrations).values(component=stage.name, name=name, applied_at=now()))
    for stage in stages:
        for spec in stage.tables:
            derived_table(spec)


def _core_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table("meta"):
        return 0
    row = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


class NewerSchema(RuntimeError):
    def __init__(self, version: int) -> None:
        super().__init__(
            f"schema version {version}, newer than this sitrep's ({SCHEMA_VERSION}): upgrade sitrep"
        )
        self.version = version
