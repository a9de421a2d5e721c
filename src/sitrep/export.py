"""Exports per CONTRACT.md: every table as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from sitrep import stages
from sitrep.records import Article, to_dict
from sitrep.store import Store

Format = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet")

# Internal bookkeeping that is not part of the export contract.
_ARTICLE_PRIVATE = {"content_hash", "extra", "notes"}


def article_row(article: Article) -> dict[str, Any]:
    row = {k: v for k, v in to_dict(article).items() if k not in _ARTICLE_PRIVATE}
    # Input fields the contract does not name are kept under their own names.
    for key, value in article.extra.items():
        row.setdefault(key, value)
    return row


def table_rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    if table == "articles":
        return (article_row(a) for a in store.articles())
    return (to_dict(r) for r in store.records(table))


def export(store: Store, out_dir: str | Path, fmt: Format = "jsonl") -> dict[str, int]:
    """Write every non-empty table to ``out_dir``; return rows written per file.

    The files are written to a temporary folder beside ``out_dir`` first, so a store that fails
    part-way (a damaged page) leaves no partial export: ``out_dir`` gets every file or none.
    """
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    # mkdir, not mkdtemp: the folder renamed into place keeps the user's umask, not mode 0700.
    staging = out.parent / f".{out.name}.{uuid.uuid4().hex[:12]}.partial"
    staging.mkdir()
    try:
        written = _write_tables(store, staging, fmt)
        _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def _write_tables(store: Store, out: Path, fmt: Format) -> dict[str, int]:
    written: dict[str, int] = {}
    for table in ("articles", *stages.tables()):
        rows = list(table_rows(store, table))
        if not rows and table != "articles":
            continue
        name = f"{table}.{fmt}"
        _WRITERS[fmt](rows, out / name)
        written[name] = len(rows)
    return written


def _publish(staging: Path, out: Path) -> None:
    """A new folder is one rename; into an existing one (it may hold the store) each file is one."""
    if not out.exists():
        staging.rename(out)
        return
    for path in sorted(staging.iterdir()):
        path.replace(out / path.name)


def _write_jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _flat(value: Any) -> Any:
    """Nested values become JSON strings (CSV and Parquet columns are flat)."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value


def _write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    columns = _columns(rows)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(row.get(k)) for k in columns})
    tmp.replace(path)


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    # pyarrow is imported here: every command imports this module, few write Parquet
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = _columns(rows)
    data: dict[str, list[Any]] = {c: [_flat(row.get(c)) for row in rows] for c in columns}
    arrays = {}
    for name, values in data.items():
        try:
            arrays[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # Mixed types in one column (e.g. int and str): store as text.
            arrays[name] = pa.array([None if v is None else str(v) for v in values], pa.string())
    tmp = path.with_suffix(path.suffix + ".tmp")
    pq.write_table(pa.table(arrays) if arrays else pa.table({}), tmp)
    tmp.replace(path)


_WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}
