"""Property-based tests (hypothesis) of the readers and the cleaner, on real files.

Whatever the bytes, text, JSON or HTML: no exception escapes a reader or the
cleaner, every bad record is an error that names it, the good records around
it are kept, nothing is lost without an error saying so, and ingesting the
same folder again changes nothing. Examples are few and small (the suite must
stay fast); the strategies are built to reach the readers' edges (truncations,
nestings, parser limits, binary heads) rather than to be many.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep import pipeline
from sitrep.clean import MIN_TEXT_CHARS
from sitrep.engine import clean_one
from sitrep.ingest import iter_items
from sitrep.records import Article, ItemError, RawItem
from sitrep.store import open_store

REPO = Path(__file__).resolve().parents[1]
# Real reporting: the paragraphs of the five seed articles.
PARAGRAPHS = [
    p.strip()
    for path in sorted((REPO / "examples" / "corpus" / "seeds").glob("*.txt"))
    for p in path.read_text("utf-8").split("\n\n")
    if len(p.strip()) > 200
]

FEW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # no example database left in the work tree
    derandomize=True,  # the same examples on every run: a failure in CI is reproducible, never flaky
)

NAMES = (
    "x.txt",
    "x.html",
    "x.json",
    "x.jsonl",
    "x.warc",
    "x.warc.gz",
    "x.gz",
    "x.zip",
    "x.rss",
    "x.xml",
    "noext",
)

Item = RawItem | ItemError


def read_file(name: str, data: bytes) -> list[Item]:
    """Every item the readers give for one file of these bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name)
        path.write_bytes(data)
        found = list(iter_items([path]))
        for item in found:
            assert isinstance(item, RawItem | ItemError)
            assert item.source.startswith(str(path)), item.source
            if isinstance(item, ItemError):
                assert item.stage == "read" and item.reason.strip()
        # Relative to the file, so that examples compare across temporary folders.
        for item in found:
            item.source = item.source.replace(str(path), name, 1)
        return found


def errors(found: list[Item]) -> list[ItemError]:
    return [i for i in found if isinstance(i, ItemError)]


def items(found: list[Item]) -> list[RawItem]:
    return [i for i in found if isinstance(i, RawItem)]


# -- strategies -------------------------------------------------------------------------------
paragraphs = st.sampled_from(PARAGRAPHS)
json_leaf = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@st.composite
def deep(draw: st.DrawFn) -> str:
    """JSON nested from a few levels to far past every recursion limit, as text."""
    depth = draw(st.sampled_from([3, 63, 65, 500, 5_000, 200_000]))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
    return opener * depth + "1" + closer * depth


@st.composite
def bad_lines(draw: st.DrawFn) -> bytes:
    """One JSONL line that is not an article, of every kind a file holds."""
    kind = draw(st.sampled_from(["bytes", "deep", "bigint", "value", "no_text", "cut"]))
    if kind == "bytes":
        line = draw(st.binary(min_size=1, max_size=200)).replace(b"\n", b" ").replace(b"\r", b" ")
        return line if line.strip() else b"\x00"
    if kind == "deep":
        return ('{"text": ' + json.dumps(draw(paragraphs)) + ', "meta": ' + draw(deep()) + "}").encode()
    if kind == "bigint":
        return b'{"text": "x", "n": ' + b"7" * draw(st.integers(4_301, 100_001)) + b"}"
    if kind == "value":  # valid JSON, not an object
        value = draw(json_values.filter(lambda v: not isinstance(v, dict)))
        return json.dumps(value).encode()
    if kind == "no_text":
        return json.dumps({"title": draw(st.text(max_size=30)), "n": draw(json_values)}).encode()
    good = json.dumps({"text": draw(paragraphs)}).encode()
    return good[: draw(st.integers(1, len(good) - 1))]  # a line cut short


def story(text: str, n: int) -> dict[str, Any]:
    return {"id": f"s{n}", "title": f"Story {n}", "text": text}


stories = st.lists(paragraphs, min_size=1, max_size=4, unique=True).map(
    lambda texts: [story(t, n) for n, t in enumerate(texts)]
)


def jsonl_bytes(records: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def warc_bytes(records: list[dict[str, Any]], gzipped: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for r in records:
        page = f"<html><head><title>{r['title']}</title></head><body><article><p>{r['text']}</p></article></body></html>"
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://example.org/{r['id']}",
            "response",
            payload=io.BytesIO(page.encode()),
            http_headers=headers,
        )
        writer.write_record(record)
    return buffer.getvalue()


def zip_bytes(records: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for r in records:
            archive.writestr(f"{r['id']}.txt", r["text"])
    return buffer.getvalue()


CONTAINERS = {
    "x.jsonl": jsonl_bytes,
    "x.json": lambda records: json.dumps({"articles": records}).encode(),
    "x.jsonl.gz": lambda records: gzip.compress(jsonl_bytes(records)),
    "x.warc": lambda records: warc_bytes(records, gzipped=False),
    "x.warc.gz": lambda records: warc_bytes(records, gzipped=True),
    "x.zip": zip_bytes,
}


# -- readers ----------------------------------------------------------------------------------
@FEW
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=2_000))
def test_any_bytes_under_any_name_give_items_or_named_errors(name: str, data: bytes) -> None:
    found = read_file(name, data)
    assert found, "an input gave neither an item nor an error"


@FEW
@given(
    name=st.sampled_from(NAMES),
    head=st.sampled_from(
        [b"", b"\xef\xbb\xbf", b"\x1f\x8b", b"PK\x03\x04", b"WARC/1.0\r\n", b"<rss>", b"{", b"["]
    ),
    text=st.text(max_size=500),
)
def test_any_text_behind_any_magic_gives_items_or_named_errors(name: str, head: bytes, text: str) -> None:
    assert read_file(name, head + text.encode("utf-8", "surrogatepass"))


@FEW
@given(records=stories, bad=st.lists(bad_lines(), min_size=1, max_size=4), seed=st.randoms())
def test_every_bad_jsonl_line_is_named_and_every_good_one_kept(
    records: list[dict[str, Any]], bad: list[bytes], seed: Any
) -> None:
    lines = [json.dumps(r).encode() for r in records] + bad
    seed.shuffle(lines)
    found = read_file("x.jsonl", b"\n".join(lines) + b"\n")
    kept = {i.content for i in items(found)}
    assert {r["text"] for r in records} <= kept
    good_lines = {lines.index(json.dumps(r).encode()) + 1 for r in records}
    named = {int(e.source.rsplit("#", 1)[1]) for e in errors(found)}
    # A bad line is named by its line number; a cut line can still be valid JSON, never a lost line.
    assert len(found) == len(lines)
    assert named.isdisjoint(good_lines)


@FEW
@given(records=stories, nesting=deep(), where=st.integers(0, 4))
def test_a_record_of_any_depth_in_a_json_list_fails_alone(
    records: list[dict[str, Any]], nesting: str, where: int
) -> None:
    where = min(where, len(records))
    parts = [json.dumps(r) for r in records]
    parts.insert(where, '{"id": "deep", "text": "Deep record text long enough.", "meta": ' + nesting + "}")
    found = read_file("x.json", ("[" + ",".join(parts) + "]").encode())
    depth = nesting.count("[") + nesting.count("{")
    assert {r["text"] for r in records} <= {i.content for i in items(found)}
    if depth >= sys.getrecursionlimit():
        # Too deep for the parser to read even its id: the record is named by its place in the list.
        assert [e.source for e in errors(found)] == [f"x.json#{where + 1}"], found
        return
    bad = [e for e in errors(found) if e.source == "x.json#deep"]
    assert bool(bad) == (depth >= 64), found


@FEW
@given(records=stories, container=st.sampled_from(sorted(CONTAINERS)), cut=st.floats(0.0, 1.0))
def test_a_truncated_container_loses_nothing_silently(
    records: list[dict[str, Any]], container: str, cut: float
) -> None:
    whole = CONTAINERS[container](records)
    data = whole[: int(len(whole) * cut)]
    found = read_file(container, data)
    texts = [r["text"] for r in records]
    kept = [i.content for i in items(found)]
    # What was read is real text of the records (HTML is extracted later, so it is contained).
    assert all(any(t in k for t in texts) for k in kept), kept
    if len(kept) < len(records):
        assert errors(found), f"{container} cut at {len(data)}/{len(whole)} lost records without an error"


# -- the cleaner ------------------------------------------------------------------------------
tags = st.sampled_from(
    ["p", "div", "script", "style", "article", "h1", "title", "a", "nav", "br", "table", "li"]
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Tag soup: real paragraphs and arbitrary text in arbitrary (often unbalanced) tags."""
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(tags)
        body = draw(paragraphs | st.text(max_size=60))
        closing = draw(st.booleans())
        parts.append(f"<{tag}>{body}" + (f"</{tag}>" if closing else ""))
    head = draw(st.sampled_from(["", "<!doctype html>", "<html><body>", "<?xml version='1.0'?>"]))
    return head + "".join(parts)


@settings(FEW, max_examples=15)  # trafilatura per example: the slowest reader of all
@given(
    content=html_pages() | st.text(max_size=3_000) | paragraphs,
    content_type=st.sampled_from(["html", "text"]),
    fields=st.dictionaries(
        st.sampled_from(["title", "date", "published", "author", "url", "outlet", "language", "x"]),
        json_values,
        max_size=5,
    ),
)
def test_the_cleaner_returns_an_article_or_a_named_error(
    content: str, content_type: str, fields: dict[str, Any]
) -> None:
    item = RawItem(source="fuzz#1", content=content, content_type=content_type, fields=fields)  # type: ignore[arg-type]
    result = clean_one(item)
    if isinstance(result, ItemError):
        assert result.source == "fuzz#1" and result.stage == "clean" and result.reason.strip()
        return
    assert isinstance(result, Article)
    assert len(result.text) >= MIN_TEXT_CHARS and len(result.language) == 2
    assert result.id == item.content_hash[:16]


# -- re-ingest --------------------------------------------------------------------------------
def _dump(path: Path) -> list[str]:
    """Every row of every table but the run log and its errors (each run adds its own)."""
    with sqlite3.connect(path) as conn:
        rows = [
            line
            for line in conn.iterdump()
            if not line.startswith(('INSERT INTO "runs"', 'INSERT INTO "errors"'))
        ]
    conn.close()
    return rows


def _write_folder(folder: Path, records: list[dict[str, Any]], bad: list[bytes]) -> None:
    for name, build in CONTAINERS.items():
        (folder / name).write_bytes(build(records))
    (folder / "mixed.jsonl").write_bytes(jsonl_bytes(records) + b"\n".join(bad) + b"\n")


def _ingest(folder: Path, db: Path) -> pipeline.RunReport:
    with open_store(db) as store:
        return pipeline.ingest([folder], store, workers=1, stages=[])


@settings(FEW, max_examples=3)
@given(records=stories, bad=st.lists(bad_lines(), min_size=1, max_size=3))
def test_ingesting_a_fuzzed_folder_again_changes_nothing(
    records: list[dict[str, Any]], bad: list[bytes]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, db = Path(tmp, "in"), Path(tmp, "s.db")
        folder.mkdir()
        _write_folder(folder, records, bad)
        first = _ingest(folder, db)
        before = _dump(db)
        again = _ingest(folder, db)
        assert first.added and not again.added
        assert sorted((e.source, e.reason) for e in again.errors) == sorted(
            (e.source, e.reason) for e in first.errors
        )
        assert _dump(db) == before
