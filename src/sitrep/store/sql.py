"""SQL store on SQLAlchemy Core: SQLite by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sitrep import stages
from sitrep.records import Article, ItemError, from_dict, to_dict
from sitrep.stages import TableSpec
from sitrep.store import schema

_ARTICLE_FIELDS = [c.name for c in schema.articles.columns if c.name != "ingested_at"]


class StoreError(RuntimeError):
    """A store that cannot be opened or read, as one line naming it and saying what to do."""

    @classmethod
    def from_db(cls, label: str, exc: BaseException) -> StoreError:
        """The database driver's complaint about ``label``, read as what the user can do about it."""
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        lowered = reason.lower()
        if "not a database" in lowered:
            return cls(f"{label} is not a sitrep store (not an SQLite database): check the --store path")
        if "malformed" in lowered or "corrupt" in lowered:
            return cls(
                f"{label} is damaged ({reason}): restore it from a backup, "
                "or ingest the inputs again into a new --store"
            )
        if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
            return cls(
                f"cannot write to {label} ({reason}): make the file and its folder writable, "
                "or pass --store a writable path"
            )
        return cls(f"cannot use the store {label} ({reason}): check it, or pass --store another path")


# What the database layer raises for a store it cannot read or write (sqlite3's own errors escape
# SQLAlchemy's wrapping when they come from the connect-time pragmas).
DB_ERRORS: tuple[type[BaseException], ...] = (sa.exc.DBAPIError, sqlite3.Error)


def _url(target: str | Path, create: bool) -> str:
    text = str(target)
    if "://" in text:
        return text
    path = Path(text)
    if path.is_dir():
        raise StoreError(f"{text} is a folder, not a store file: pass --store a file path inside it")
    if not create and (not path.exists() or path.stat().st_size == 0):
        # Reading commands must not leave an empty store (and its folder) behind a typo.
        raise StoreError(
            f"no store at {text}: check the path, or create one with `sitrep ingest ... --store {text}`"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the folder of {text} ({exc.strerror}): pass --store a writable path"
        ) from exc
    return f"sqlite:///{text}"


def open_store(target: str | Path, *, create: bool = True) -> SQLStore:
    """Open (migrating if needed) the store at a path or URL; ``create=False`` refuses to make a new one.

    A store that is missing (when not creating), damaged, not a store, newer than this sitrep or not
    writable raises :class:`StoreError` with a one-line message.
    """
    return SQLStore(_url(target, create), create=create)


class SQLStore:
    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        self.engine = sa.create_engine(url)
        self._open = threading.local()  # this thread's connection of :meth:`transaction`
        # Messages name the file as given, or the URL without its password.
        self.label = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else repr(self.engine.url)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self._migrate(create)
        except DB_ERRORS as exc:
            self.engine.dispose()
            raise StoreError.from_db(self.label, exc) from exc
        except StoreError:
            self.engine.dispose()
            raise

    # -- connections --------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One transaction for every read and write this thread makes through the store within
        it: a linker's result and the indexes it keeps land together, or not at all."""
        if getattr(self._open, "conn", None) is not None:
            yield self._open.conn
            return
        with self.engine.begin() as conn:
            self._open.conn = conn
            try:
                yield conn
            finally:
                self._open.conn = None

    # A connection to write with: the open transaction's, or one committed on exit.
    begin = transaction

    @contextlib.contextmanager
    def connect(self) -> Iterator[sa.Connection]:
        """A connection to read with: the open transaction's (which sees its own writes), or a new one."""
        conn = getattr(self._open, "conn", None)
        if conn is not None:
            yield conn
            return
        with self.engine.connect() as new:
            yield new

    # -- schema -------------------------------------------------------------
    def _migrate(self, create: bool = True) -> None:
        with self.engine.begin() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            if tables and "meta" not in tables:
                raise StoreError(
                    f"{self.label} is a database but not a sitrep store (no meta table): "
                    "pass --store a new path or the right file"
                )
            if not tables and not create:
                raise StoreError(
                    f"{self.label} holds no sitrep store yet: check the path, or ingest into it first"
                )
            try:
                schema.migrate(conn, stages.registered())
            except schema.NewerSchema as exc:
                raise StoreError(f"{self.label} has {exc}, or pass --store another path") from None
        self.tables = {name: schema.derived_table(spec) for name, spec in stages.tables().items()}

    @property
    def schema_version(self) -> int:
        with self.connect() as conn:
            row = conn.execute(
                sa.select(schema.meta_table.c.value).where(schema.meta_table.c.key == "schema_version")
            ).one()
        return int(row[0])

    # -- articles -----------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        with self.connect() as conn:
            found = conn.execute(
                sa.select(schema.articles.c.id).where(schema.articles.c.content_hash == content_hash)
            ).first()
        return found is not None

    def write_article(self, article: Article, derived: Mapping[str, Sequence[Any]]) -> None:
        row = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
        row["ingested_at"] = schema.now()
        with self.begin() as conn:
            for spec in self._specs(per_article=True):
                t = self.tables[spec.name]
                conn.execute(sa.delete(t).where(t.c.article_id == article.id))
            conn.execute(sa.delete(schema.articles).where(schema.articles.c.id == article.id))
            conn.execute(sa.insert(schema.articles).values(**row))
            for table, records in derived.items():
                rows = [self._row(table, r) for r in records]
                if rows:
                    conn.execute(sa.insert(self.tables[table]), rows)

    def update_articles(self, changes: Mapping[str, Mapping[str, Any]]) -> None:
        with self.begin() as conn:
            for article_id, values in changes.items():
                unknown = set(values) - set(_ARTICLE_FIELDS)
                if unknown:
                    raise ValueError(f"not article columns: {sorted(unknown)}")
                conn.execute(
                    sa.update(schema.articles).where(schema.articles.c.id == article_id).values(**values)
                )

    def replace_corpus_records(self, table: str, records: Iterable[Any]) -> None:
        t = self.tables[table]
        rows = [self._row(table, r) for r in records]
        with self.begin() as conn:
            conn.execute(sa.delete(t))
            if rows:
                conn.execute(sa.insert(t), rows)

    def upsert_records(self, table: str, records: Iterable[Any]) -> None:
        """Insert records, replacing any stored under the same ids; the rest of the table stays."""
        t = self.tables[table]
        rows = [self._row(table, r) for r in records]
        if not rows:
            return
        with self.begin() as conn:
            for chunk in chunks([r["id"] for r in rows]):
                conn.execute(sa.delete(t).where(t.c.id.in_(chunk)))
            conn.execute(sa.insert(t), rows)

    def delete_records(self, table: str, ids: Iterable[str]) -> None:
        t = self.tables[table]
        with self.begin() as conn:
            for chunk in chunks(list(ids)):
                conn.execute(sa.delete(t).where(t.c.id.in_(chunk)))

    def records_where(
        self,
        table: str,
        column: str,
        values: Iterable[str],
        *,
        also: Mapping[str, Iterable[str | None]] | None = None,
        limit: int | None = None,
    ) -> list[Any]:
        """The records of a table whose indexed ``column`` holds one of ``values`` (and each column
        of ``also`` one of its values, ``None`` for unset); with ``limit``, the first that many by id."""
        t = self.tables[table]
        extra = _also(t, also, indexed=limit is None)
        cls = stages.record_type(table)
        out: list[Any] = []
        with self.connect() as conn:
            for chunk in chunks(sorted(set(values))):
                query = sa.select(t.c.data).where(t.c[column].in_(chunk), *extra).order_by(t.c.id)
                out.extend(from_dict(cls, data) for (data,) in conn.execute(query.limit(limit)))
        return sorted(out, key=lambda r: r.id)[:limit]

    def records_between(
        self,
        table: str,
        column: str,
        low: str,
        high: str,
        *,
        unset: bool = True,
        also: Mapping[str, Iterable[str | None]] | None = None,
        nearest: str | None = None,
        limit: int | None = None,
    ) -> list[Any]:
        """The records whose indexed ``column`` lies in ``[low, high]`` (text order: ISO dates),
        and with ``unset`` those where it is unset: a linker's neighbourhood in time. ``also``
        narrows them as in :meth:`records_where`. With ``limit``, only that many: those nearest
        ``nearest`` ("low" or "high"), as a linker that compares a record with its nearest few."""
        cls = stages.record_type(table)
        documents = self.values_between(
            table, "data", column, low, high, unset=unset, also=also, nearest=nearest, limit=limit
        )
        return [from_dict(cls, data) for data in documents]

    def values_between(
        self,
        table: str,
        field: str,
        column: str,
        low: str,
        high: str,
        *,
        unset: bool = True,
        also: Mapping[str, Iterable[str | None]] | None = None,
        nearest: str | None = None,
        limit: int | None = None,
    ) -> list[Any]:
        """One column (``field``: ``id``, ``data`` or an indexed one) of the rows
        :meth:`records_between` gives: a neighbourhood's ids without decoding its records."""
        t = self.tables[table]
        col = t.c[column]
        where = sa.or_(col.between(low, high), col.is_(None)) if unset else col.between(low, high)
        # A nearest few are read along an index that leads to ``column``: the filters that lead
        # such an index stay on it, the others off theirs.
        leading = {ix.columns[0].name for ix in t.indexes if len(ix.columns) == 2 and ix.columns[1] is col}
        on = {c: v for c, v in (also or {}).items() if limit is None or c in leading}
        off = {c: v for c, v in (also or {}).items() if c not in on}
        query = sa.select(t.c[field]).where(where, *_also(t, on), *_also(t, off, indexed=False))
        if limit is None:
            query = query.order_by(t.c.id)
        else:
            query = query.order_by(col.desc() if nearest == "high" else col, t.c.id).limit(limit)
        with self.connect() as conn:
            return [value for (value,) in conn.execute(query)]

    def records_at(self, table: str, spans: Iterable[tuple[str, int, int]]) -> list[Any]:
        """The records of a per-article table whose span (article id, start, end) is one of
        ``spans``, in id order; the spans are matched in SQL, so other records of those
        articles are not decoded."""
        t = self.tables[table]
        cls = stages.record_type(table)
        span = sa.tuple_(t.c.article_id, t.c.data["start"].as_integer(), t.c.data["end"].as_integer())
        out: list[Any] = []
        with self.connect() as conn:
            for chunk in chunks(sorted(set(spans)), size=300):
                ids = sorted({aid for aid, _s, _e in chunk})
                query = sa.select(t.c.data).where(t.c.article_id.in_(ids), span.in_(chunk))
                out.extend(from_dict(cls, data) for (data,) in conn.execute(query))
        return sorted(out, key=lambda r: r.id)

    def articles_by_id(self, ids: Iterable[str], *, extra: bool = True) -> dict[str, Article]:
        """The stored articles among ``ids``, by id (in id order). ``extra=False`` leaves
        ``Article.extra`` empty: it holds the reader's fields and the copy evidence of every reused
        sentence, which grows with the copies stored and which linkers that count sources skip."""
        columns = [c for c in schema.articles.columns if extra or c.name != "extra"]
        found: dict[str, Article] = {}
        with self.connect() as conn:
            for chunk in chunks(sorted(set(ids))):
                rows = conn.execute(sa.select(*columns).where(schema.articles.c.id.in_(chunk)))
                found.update((a.id, a) for a in map(article_from_row, rows.mappings()))
        return dict(sorted(found.items()))

    def article_ids_where(self, column: str, values: Iterable[str]) -> dict[str, list[str]]:
        """Article ids by the value of an indexed article column (``story_id``, ``copy_of``)."""
        col = schema.articles.c[column]
        out: dict[str, list[str]] = {}
        with self.connect() as conn:
            for chunk in chunks(sorted(set(values))):
                rows = conn.execute(sa.select(col, schema.articles.c.id).where(col.in_(chunk)))
                for value, aid in rows:
                    out.setdefault(value, []).append(aid)
        return {k: sorted(v) for k, v in out.items()}

    def article_ids_between(self, column: str, low: str, high: str) -> list[str]:
        """Ids of the articles whose indexed ``column`` (``published``) lies in ``[low, high]``."""
        col = schema.articles.c[column]
        with self.connect() as conn:
            rows = conn.execute(sa.select(schema.articles.c.id).where(col.between(low, high)))
            return sorted(aid for (aid,) in rows)

    def replace_article_records(self, table: str, records: Iterable[Any]) -> None:
        t = self.tables[table]
        rows = [self._row(table, r) for r in records]
        if not rows:
            return
        # One executemany: a corpus rewrite touches every quote.
        columns = [c for c in rows[0] if c not in ("id", "article_id")]
        update = (
            sa.update(t)
            .where(t.c.id == sa.bindparam("row_id"))
            .values({c: sa.bindparam(f"v_{c}") for c in columns})
        )
        with self.begin() as conn:
            conn.execute(update, [{"row_id": r["id"], **{f"v_{c}": r[c] for c in columns}} for r in rows])

    def articles(self) -> Iterator[Article]:
        with self.connect() as conn:
            result = conn.execute(sa.select(schema.articles).order_by(schema.articles.c.id))
            for row in result.mappings():
                yield article_from_row(row)

    def records(self, table: str) -> Iterator[Any]:
        """Every record of a derived table, as its stage's record type."""
        t = self.tables[table]
        cls = stages.record_type(table)
        with self.connect() as conn:
            for (data,) in conn.execute(sa.select(t.c.data).order_by(t.c.id)):
                yield from_dict(cls, data)

    def _specs(self, *, per_article: bool) -> list[TableSpec]:
        return [spec for spec in stages.tables().values() if spec.per_article == per_article]

    def _row(self, table: str, record: Any) -> dict[str, Any]:
        """A record as a row: its document, its article and its query columns."""
        spec = stages.tables()[table]
        data = to_dict(record)
        row: dict[str, Any] = {"id": data["id"], "data": data}
        if spec.per_article:
            row["article_id"] = data["article_id"]
        for field in spec.columns:
            row[schema.column_name(field)] = schema.query_value(data, field)
        return row

    # -- runs and errors ----------------------------------------------------
    def start_run(self) -> int:
        with self.begin() as conn:
            result = conn.execute(
                sa.insert(schema.runs).values(started_at=schema.now(), added=0, skipped=0, failed=0)
            )
            return int(result.inserted_primary_key[0])

    def finish_run(
        self, run_id: int, added: int, skipped: int, errors: Sequence[ItemError], failed: int | None = None
    ) -> None:
        """Close a run; ``failed`` counts every failure when ``errors`` holds only the named ones."""
        with self.begin() as conn:
            conn.execute(
                sa.update(schema.runs)
                .where(schema.runs.c.id == run_id)
                .values(
                    finished_at=schema.now(),
                    added=added,
                    skipped=skipped,
                    failed=len(errors) if failed is None else failed,
                )
            )
            if errors:
                conn.execute(
                    sa.insert(schema.errors),
                    [
                        {"run_id": run_id, "source": e.source, "stage": e.stage, "reason": e.reason}
                        for e in errors
                    ],
                )

    def latest_run_id(self) -> int | None:
        run = self.latest_run()
        return run[0] if run else None

    def latest_run(self) -> tuple[int, str | None] | None:
        """The latest run's id and when it finished (None while it runs): what is stored changes
        only by runs, so readers may keep what they derived until this changes."""
        runs = schema.runs
        with self.connect() as conn:
            row = conn.execute(sa.select(runs.c.id, runs.c.finished_at).order_by(runs.c.id.desc())).first()
        return (row.id, row.finished_at) if row else None

    def run_errors(self, run_id: int) -> list[ItemError]:
        with self.connect() as conn:
            rows = conn.execute(
                sa.select(schema.errors.c.source, schema.errors.c.stage, schema.errors.c.reason)
                .where(schema.errors.c.run_id == run_id)
                .order_by(schema.errors.c.id)
            )
            return [ItemError(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        tables = {"articles": schema.articles, "errors": schema.errors, **self.tables}
        with self.connect() as conn:
            return {
                name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for name, t in tables.items()
            }

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def insert_rows(
    conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert many plain rows fast: the driver's executemany where it takes ``?`` (SQLite),
    SQLAlchemy's otherwise. Values must already be what the columns store (JSON as text)."""
    if not rows:
        return
    if conn.dialect.paramstyle == "qmark":
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', list(rows))
    else:
        conn.execute(sa.insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


def _also(
    table: sa.Table, also: Mapping[str, Iterable[str | None]] | None, *, indexed: bool = True
) -> list[Any]:
    """Each column holding one of its values; ``None`` among them also matches an unset column.
    ``indexed=False`` keeps the planner off these columns' indexes (``col || ''``), for a scan
    that another index orders (the nearest few by date must not sort every row of a type)."""
    out = []
    for column, values in (also or {}).items():
        wanted, col = set(values), table.c[column]
        known = (col if indexed else col + "").in_(sorted(v for v in wanted if v is not None))
        out.append(sa.or_(known, col.is_(None)) if None in wanted else known)
    return out


def chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """Slices short enough for one ``IN (...)`` (SQLite caps bound parameters)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def article_from_row(row: Mapping[str, Any]) -> Article:
    return Article(**{name: row.get(name, {}) if name == "extra" else row[name] for name in _ARTICLE_FIELDS})


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
