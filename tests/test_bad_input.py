"""Bad input never stops a batch: good items are stored, bad ones reported with their reason.

Real files in tmp_path, the real pipeline and SQLite store, and the real CLI
killed with SIGKILL mid-run and resumed.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep import pipeline
from sitrep.ingest import MAX_ITEM_BYTES
from sitrep.store import open_store

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "examples" / "corpus" / "seeds").glob("*.txt"))
VOA_STORIES = [
    json.loads(line)
    for line in Path("/work/shared/corpora/voa/voa_stories.jsonl").read_text("utf-8").splitlines()
]
SITREP = [sys.executable, "-m", "sitrep"]


def html_page(story: dict[str, str]) -> bytes:
    paragraphs = "".join(f"<p>{s}.</p>" for s in story["text"].split(". ") if s)
    return (
        f"<html><head><title>{story['title']}</title></head><body>"
        f"<article><h1>{story['title']}</h1>{paragraphs}</article></body></html>"
    ).encode()


def write_warc(path: Path, stories: list[dict[str, str]]) -> list[int]:
    """One response record per story; returns each record's start offset."""
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for story in stories:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                story["url"], "response", payload=io.BytesIO(html_page(story)), http_headers=headers
            )
            offsets.append(out.tell())
            writer.write_record(record)
    return offsets


def build_bad_folder(folder: Path) -> tuple[int, dict[str, str]]:
    """A folder of good and bad inputs: (good item count, {bad source: reason fragment})."""
    folder.mkdir()
    good = 0
    bad: dict[str, str] = {}
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder / seed.name)
        good += 1

    (folder / "empty.txt").write_bytes(b"")
    bad[str(folder / "empty.txt")] = "empty file"
    # Paths that cannot be read are named too, never skipped in silence.
    os.mkfifo(folder / "pipe.jsonl")
    bad[str(folder / "pipe.jsonl")] = "a named pipe (FIFO), not a regular file"
    (folder / "moved.html").symlink_to(folder / "nowhere.html")
    bad[str(folder / "moved.html")] = "dangling symbolic link"
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    bad[str(folder / "photo.png")] = "binary file (PNG image)"
    (folder / "program").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(500))
    bad[str(folder / "program")] = "binary file (ELF executable)"
    with (folder / "huge.txt").open("wb") as out:
        line = b"All work and no play makes a very large news article. " * 20 + b"\n"
        while out.tell() < 50 * 1024 * 1024:
            out.write(line)
    bad[str(folder / "huge.txt")] = f"the limit is {MAX_ITEM_BYTES} bytes"
    (folder / "latin1.txt").write_bytes(
        VOA_STORIES[20]["text"].encode("utf-8") + "Café Genève".encode("cp1252")
    )
    bad[str(folder / "latin1.txt")] = "not valid UTF-8"

    # JSONL: three good lines, two malformed ones between them.
    lines = [json.dumps(VOA_STORIES[0]), '{"id": "broken", "text": "unterminated', json.dumps(VOA_STORIES[1])]
    lines += ["not json at all", json.dumps(VOA_STORIES[2])]
    (folder / "stories.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    good += 3
    bad[f"{folder / 'stories.jsonl'}#2"] = "line 2: invalid JSON"
    bad[f"{folder / 'stories.jsonl'}#4"] = "line 4: not a JSON object"

    # A gzip cut short: the complete lines before the damage are read, then one error.
    data = gzip.compress("".join(json.dumps(s) + "\n" for s in VOA_STORIES[3:13]).encode())
    cut = data[: len(data) * 6 // 10]
    (folder / "cut.jsonl.gz").write_bytes(cut)
    readable = zlib.decompressobj(wbits=31).decompress(cut).count(b"\n")
    assert 0 < readable < 10
    good += readable
    bad[str(folder / "cut.jsonl.gz")] = "truncated data"

    # A WARC cut in its third record's payload.
    warc = folder / "crawl.warc"
    offsets = write_warc(warc, VOA_STORIES[13:16])
    with warc.open("r+b") as out:
        out.truncate(offsets[2] + 900)
    good += 2
    bad[f"{warc}#"] = "truncated record"  # the third record, named by its WARC-Record-ID

    # Hostile HTML: a real article nested 200 deep among 60,000 scripts (about 8 MB).
    page = html_page(VOA_STORIES[16]).decode()
    scripts = "".join(f"<script>var tracker{n} = '{'x' * 100}';</script>" for n in range(20_000))
    page = page.replace("</head>", scripts + "</head>")
    page = page.replace("<body>", "<body>" + scripts + "<div>" * 200).replace(
        "</body>", "</div>" * 200 + scripts + "</body>"
    )
    (folder / "scripts.html").write_text(page, encoding="utf-8")
    good += 1
    return good, bad


def match_errors(errors: list[tuple[str, str]], expected: dict[str, str]) -> None:
    """Every expected bad source has exactly one error with its reason; nothing else failed."""
    assert len(errors) == len(expected), errors
    for source, fragment in expected.items():
        found = [
            reason
            for src, reason in errors
            if src == source or (source.endswith("#") and src.startswith(source))
        ]
        assert len(found) == 1, (source, errors)
        assert fragment in found[0], (source, found[0])


def test_bad_inputs_are_reported_good_ones_stored(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    good, bad = build_bad_folder(folder)
    with open_store(tmp_path / "s.db") as store:
        started = time.monotonic()
        report = pipeline.ingest([folder], store, workers=1)
        assert time.monotonic() - started < 300  # bounded, even with the hostile page
        match_errors([(e.source, e.reason) for e in report.errors], bad)
        assert all(e.stage == "read" for e in report.errors)
        assert report.exit_code == 1
        assert len(report.added) == good
        assert report.skipped == 0
        counts = store.counts()
        assert counts["articles"] == good
        assert counts["errors"] == len(bad)
        articles = {a.source: a for a in store.articles()}
        assert len(articles) == good
        hostile = articles[str(folder / "scripts.html")]
        assert "tracker" not in hostile.text and "var " not in hostile.text
        assert VOA_STORIES[16]["text"][:60] in hostile.text
        warc_urls = {a.url for a in articles.values() if "crawl.warc#" in a.source}
        assert warc_urls == {VOA_STORIES[13]["url"], VOA_STORIES[14]["url"]}

        again = pipeline.ingest([folder], store, workers=1)
        assert again.added == []
        assert again.skipped == good
        match_errors([(e.source, e.reason) for e in again.errors], bad)
        assert store.counts()["articles"] == good
        assert store.counts()["errors"] == 2 * len(bad)  # one set per run, kept with its run


def articles_in(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # not created yet, or mid-migration
        return 0


def test_cli_killed_mid_run_resumes_without_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "voa"
    folder.mkdir()
    for story in VOA_STORIES:
        (folder / f"{story['id']}.txt").write_text(story["text"], encoding="utf-8")
    db = tmp_path / "store.db"
    command = [*SITREP, "ingest", str(folder), "--store", str(db), "--workers", "1"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    stored_at_kill = 0
    try:
        while time.monotonic() < deadline and process.poll() is None:
            stored_at_kill = articles_in(db)
            if stored_at_kill:
                break
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert 0 < stored_at_kill < len(VOA_STORIES)

    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(db) as conn:
        total, distinct_hashes, distinct_sources = conn.execute(
            "SELECT count(*), count(DISTINCT content_hash), count(DISTINCT source) FROM articles"
        ).fetchone()
        added, skipped, failed = conn.execute(
            "SELECT added, skipped, failed FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert total == distinct_hashes == distinct_sources == len(VOA_STORIES)
    assert failed == 0
    assert skipped >= stored_at_kill  # everything written before the kill was kept, not redone
    assert added + skipped == len(VOA_STORIES)


@pytest.fixture
def small_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / SEEDS[0].name)
    return folder


def test_cli_exit_status(tmp_path: Path, small_folder: Path) -> None:
    db = tmp_path / "exit.db"
    ok = subprocess.run(
        [*SITREP, "ingest", str(small_folder), "--store", str(db)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (small_folder / "empty.txt").write_bytes(b"")
    failed = subprocess.run(
        [*SITREP, "ingest", str(small_folder), "--store", str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert failed.returncode == 1
    assert "empty.txt" in failed.stdout and "empty file" in failed.stdout
    usage = subprocess.run([*SITREP, "ingest", "--no-such-option"], capture_output=True, text=True)
    assert usage.returncode == 2
    helptext = subprocess.run(
        [*SITREP, "ingest", "--help"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}
    )
    assert "Exit status: 0 when every item was stored or already present, 1 when some" in helptext.stdout
