"""Hostile input, tried as an attacker would: no record stops a run, and every cost is bounded.

Real files in tmp_path (FIFOs and symlinks included), the real pipeline and
SQLite store, a real loopback server that drips its headers, and a real
parent process killed with SIGKILL while its worker pool is alive.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep import pipeline, report
from sitrep.engine import LocalEngine
from sitrep.errors import ErrorLog, reason_kind
from sitrep.ingest import Limits, iter_items
from sitrep.ingest.budget import RunBudget
from sitrep.ingest.dispatch import read_bytes
from sitrep.ingest.fetch import ReadError, fetch, read_url
from sitrep.ingest.records import MAX_RECORD_DEPTH
from sitrep.records import ItemError, RawItem
from sitrep.store import open_store

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "examples" / "corpus" / "seeds").glob("*.txt"))
VOA_STORIES = [
    json.loads(line)
    for line in Path("/work/shared/corpora/voa/voa_stories.jsonl").read_text("utf-8").splitlines()
]


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = {"next": value}
    return value


def split(found: list[RawItem | ItemError]) -> tuple[list[RawItem], dict[str, str]]:
    items = [i for i in found if isinstance(i, RawItem)]
    errors = {e.source: e.reason for e in found if isinstance(e, ItemError)}
    return items, errors


def hostile_jsonl(path: Path) -> tuple[list[str], dict[str, str]]:
    """Good VOA lines around a deep record and a 100,001-digit integer: (good ids, {bad source: reason})."""
    deep = {**VOA_STORIES[1], "id": "deep", "meta": nested(600)}
    lines = [
        json.dumps(VOA_STORIES[0]),
        json.dumps(deep),
        '{"id": "bigint", "text": "A short text.", "count": ' + "7" * 100_001 + "}",
        json.dumps(VOA_STORIES[2]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad = {
        f"{path}#deep": f"line 2: field 'meta' is nested more than {MAX_RECORD_DEPTH} levels deep",
        f"{path}#bigint": "line 3: field 'count' holds an integer of 100,001 digits",
    }
    return [VOA_STORIES[0]["id"], VOA_STORIES[2]["id"]], bad


# -- one record, one error ----------------------------------------------------------------------
def test_deep_and_huge_records_fail_alone_and_the_batch_lands(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    good_ids, bad = hostile_jsonl(folder / "stories.jsonl")
    # The same records in a JSON list: one bad record no longer loses the document.
    listed = [VOA_STORIES[3], {**VOA_STORIES[4], "id": "deep-too", "meta": nested(900)}]
    (folder / "list.json").write_text(json.dumps(listed), encoding="utf-8")
    bad[f"{folder / 'list.json'}#deep-too"] = "item 2: field 'meta' is nested more than"
    with open_store(tmp_path / "s.db") as store:
        run = pipeline.ingest([folder], store, workers=2)  # through the process pool
        assert {e.source: e.reason for e in run.errors}.keys() == bad.keys()
        for error in run.errors:
            assert bad[error.source] in error.reason
        stored = {a.source for a in store.articles()}
    assert stored == {f"{folder / 'stories.jsonl'}#{i}" for i in good_ids} | {
        f"{folder / 'list.json'}#{VOA_STORIES[3]['id']}"
    }


def test_an_item_that_cannot_be_pickled_is_an_error_naming_it() -> None:
    # Built directly, past the reader that would refuse it: the pool must still not crash.
    items = [
        RawItem(SEEDS[0].name, SEEDS[0].read_text("utf-8"), "text"),
        RawItem("deep-item", VOA_STORIES[5]["text"], "text", fields={"meta": nested(5000)}),
        RawItem(SEEDS[1].name, SEEDS[1].read_text("utf-8"), "text"),
    ]
    engine = LocalEngine(workers=2)
    try:
        first, unsent, last = engine.clean(items)
        again = engine.clean(items[:1])  # the pool is still usable
    finally:
        engine.close()
    assert isinstance(unsent, ItemError) and unsent.source == "deep-item"
    assert "cannot be sent to a worker process" in unsent.reason and "RecursionError" in unsent.reason
    assert not isinstance(first, ItemError) and first.source == SEEDS[0].name
    assert not isinstance(last, ItemError) and last.source == SEEDS[1].name
    assert not isinstance(again[0], ItemError)


# -- a capped error log -----------------------------------------------------------------------
def test_a_545_byte_gzip_of_junk_lines_finishes_in_seconds_with_a_capped_summary(tmp_path: Path) -> None:
    bomb = tmp_path / "ones.jsonl.gz"
    bomb.write_bytes(gzip.compress(b"a\n" * 262_144, compresslevel=9))
    assert bomb.stat().st_size < 600
    with open_store(tmp_path / "s.db") as store:
        started = time.monotonic()
        run = pipeline.ingest([bomb], store, workers=1)
        elapsed = time.monotonic() - started
        assert elapsed < 30, elapsed  # about 3 s alone on this machine; it was 111 s
        assert run.log.total == 262_144 and run.exit_code == 1
        assert len(run.errors) == run.log.cap
        assert run.errors[0].source == f"{bomb}#1" and run.errors[0].reason == "line 1: not a JSON object"
        assert [(e.source, e.reason) for e in run.log.summary()] == [
            (f"({262_144 - run.log.cap:,} more items)", "line N: not a JSON object")
        ]
        assert store.counts()["errors"] == run.log.cap + 1
        out = io.StringIO()
        report.print_run(Console(file=out, width=200), run)
    lines = out.getvalue().splitlines()
    assert len(lines) == run.log.cap + 3
    assert "262144 failed" in lines[0]
    assert lines[-1].strip().startswith("(262,044 more items) (read): line N: not a JSON object")


def test_error_log_counts_every_reason_beyond_its_cap() -> None:
    log = ErrorLog(cap=2)
    for n in range(1, 6):
        log.add(ItemError(f"f.jsonl#{n}", "read", f"line {n}: invalid JSON (Expecting value at column 1)"))
    log.add(ItemError("big.txt", "clean", "item too large: 30,000,000 characters (limit 20,000,000)"))
    assert log.total == 6
    assert [e.source for e in log.named] == ["f.jsonl#1", "f.jsonl#2"]
    assert [(e.source, e.stage, e.reason) for e in log.summary()] == [
        ("(3 more items)", "read", "line N: invalid JSON (Expecting value at column N)"),
        ("(1 more items)", "clean", "item too large: N characters (limit N)"),
    ]
    assert reason_kind("line 12: record over 20971520 bytes") == "line N: record over N bytes"


# -- budgets on decompressed bytes --------------------------------------------------------------
def gzip_of_stories(path: Path, stories: list[dict[str, Any]]) -> None:
    path.write_bytes(gzip.compress("".join(json.dumps(s) + "\n" for s in stories).encode()))


def test_an_input_over_its_budget_stops_and_is_not_decompressed_again(tmp_path: Path) -> None:
    stories = tmp_path / "stories.jsonl.gz"
    gzip_of_stories(stories, VOA_STORIES[:60])  # about 300 KB inside
    limits = Limits(per_input=100_000)
    items, errors = split(list(iter_items([stories], limits=limits)))
    assert 5 < len(items) < 30  # the records read before the budget ran out are kept
    reason = errors[str(stories)]
    assert "more than 100,000 bytes, the budget per input (raise it with SITREP_MAX_INPUT_BYTES)" in reason
    assert "not retried while the file is unchanged [sha256 " in reason
    failed = [ItemError(str(stories), "read", reason)]

    again = list(iter_items([stories], limits=limits, remembered=failed))
    assert again == failed  # refused at once: not one record decompressed again
    assert len(list(iter_items([stories], limits=Limits(per_input=10**7), remembered=failed))) == 60
    gzip_of_stories(stories, VOA_STORIES[:3])  # a changed file is read again
    assert len(list(iter_items([stories], limits=limits, remembered=failed))) == 3


def test_the_next_run_remembers_an_input_over_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITREP_MAX_INPUT_BYTES", "12000")
    stories = tmp_path / "stories.jsonl.gz"
    gzip_of_stories(stories, VOA_STORIES[:30])
    with open_store(tmp_path / "s.db") as store:
        first = pipeline.ingest([stories], store, workers=1)
        second = pipeline.ingest([stories], store, workers=1)
    assert 0 < len(first.added) < 30
    assert [(e.source, e.reason) for e in second.errors] == [(e.source, e.reason) for e in first.errors]
    assert "[sha256 " in second.errors[0].reason
    # Nothing was decompressed again: not even the records stored by the first run came by to be skipped.
    assert second.added == [] and second.skipped == 0


def test_a_zip_declaring_more_than_the_budget_is_refused_before_reading(tmp_path: Path) -> None:
    archive = tmp_path / "members.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for n in range(25):
            z.writestr(f"m{n:02}.txt", VOA_STORIES[n]["text"] * 20)
    items, errors = split(list(iter_items([archive], limits=Limits(per_input=500_000))))
    assert items == []
    assert list(errors) == [str(archive)] and "the budget per input" in errors[str(archive)]


def test_a_gzipped_warc_is_charged_record_by_record(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    with crawl.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for story in VOA_STORIES[:6]:
            page = f"<html><head><title>{story['title']}</title></head><body><p>{story['text']}</p></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    story["url"], "response", payload=io.BytesIO(page.encode()), http_headers=headers
                )
            )
    items, errors = split(list(iter_items([crawl], limits=Limits(per_input=12_000))))
    assert 0 < len(items) < 6
    assert [i.url for i in items] == [s["url"] for s in VOA_STORIES[: len(items)]]
    assert list(errors) == [str(crawl)] and "the budget per input" in errors[str(crawl)]
    assert len(list(iter_items([crawl]))) == 6  # within the default budget, every record is read


def test_the_run_budget_is_shared_by_every_input(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    gzip_of_stories(first, VOA_STORIES[:20])
    gzip_of_stories(second, VOA_STORIES[20:40])
    size = len(gzip.decompress(first.read_bytes()))
    limits = Limits(per_input=10 * size, per_run=size + size // 2)
    items, errors = split(list(iter_items([first, second], limits=limits)))
    assert len([i for i in items if i.source.startswith(str(first))]) == 20
    assert list(errors) == [str(second)]
    assert "the run has decompressed more than" in errors[str(second)]
    assert "SITREP_MAX_RUN_BYTES" in errors[str(second)]


def test_budgets_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_MAX_INPUT_BYTES", "1_000")
    monkeypatch.setenv("SITREP_MAX_RUN_BYTES", "5000")
    assert Limits.from_env() == Limits(per_input=1000, per_run=5000)


# -- the fetch deadline ----------------------------------------------------------------------
@pytest.fixture
def dripping_server() -> Iterator[str]:
    """Answers every request with one header byte every 5 seconds, for ever."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n":
                if stop.wait(5):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/article"
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_a_server_dripping_its_headers_is_cut_at_the_deadline(dripping_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(ReadError, match="longer than its deadline of 1.5 seconds"):
        fetch(dripping_server, allow_private=True, deadline=1.5)
    assert 1.4 < time.monotonic() - started < 4
    # Each byte comes within the read timeout: only the deadline over the whole fetch stops it.
    started = time.monotonic()
    [error] = read_url(dripping_server, allow_private=True, deadline=2.0)
    assert isinstance(error, ItemError) and error.source == dripping_server
    assert "deadline of 2 seconds (connecting, headers, body and decompression)" in error.reason
    assert time.monotonic() - started < 5


def test_decompressing_a_fetched_gzip_counts_against_the_fetch_deadline() -> None:
    body = gzip.compress("".join(json.dumps(s) + "\n" for s in VOA_STORIES[:5]).encode())
    budget = RunBudget()
    on_time = list(
        read_bytes("https://example.org/a.jsonl.gz", "a.jsonl.gz", body, budget=budget.for_input())
    )
    assert len(on_time) == 5 and all(isinstance(i, RawItem) for i in on_time)
    late = budget.for_input(stop_at=time.monotonic() - 1)  # what a fetch that used up its deadline passes
    [error] = read_bytes("https://example.org/a.jsonl.gz", "a.jsonl.gz", body, budget=late)
    assert isinstance(error, ItemError) and error.source == "https://example.org/a.jsonl.gz"
    assert "timed out: the fetch deadline also covers decompressing" in error.reason


# -- every path reported -------------------------------------------------------------------------
def add_unreadable_paths(folder: Path) -> dict[str, str]:
    """A FIFO, a dangling link, a link loop and a linked directory: {source: reason fragment}."""
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "elsewhere").symlink_to(folder.parent, target_is_directory=True)
    return {
        str(folder / "pipe.txt"): "a named pipe (FIFO), not a regular file",
        str(folder / "dangling.txt"): "dangling symbolic link",
        str(folder / "loop.txt"): "symbolic link loop",
        str(folder / "elsewhere"): "symbolic link to a directory: not followed",
    }


def test_every_path_in_a_folder_that_is_not_read_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / SEEDS[0].name)
    expected = add_unreadable_paths(folder)
    started = time.monotonic()
    items, errors = split(list(iter_items([folder, folder / "loop.txt"])))
    assert time.monotonic() - started < 10  # the FIFO is never opened, so nothing blocks
    assert [i.source for i in items] == [str(folder / SEEDS[0].name)]
    assert errors.keys() == expected.keys()
    for source, fragment in expected.items():
        assert fragment in errors[source], (source, errors[source])


def test_a_plain_text_rss_description_is_an_article(tmp_path: Path) -> None:
    story = next(s for s in VOA_STORIES if len(s["text"]) > 4500)
    text = story["text"][: story["text"].rfind(". ", 0, 3900) + 1]
    assert 3000 < len(text) <= 3900
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    feed = tmp_path / "voa.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>VOA</title>'
        f"<item><title>{story['title']}</title><link>{story['url']}</link>"
        f"<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate><description>{escaped}</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    with open_store(tmp_path / "s.db") as store:
        run = pipeline.ingest([feed], store, workers=1)
        assert run.errors == []
        [article] = list(store.articles())
    assert article.text.startswith(text[:200])
    assert article.url == story["url"]


# -- workers die with their parent ---------------------------------------------------------------
PARENT = """
import sys, time
from sitrep.engine import LocalEngine
from sitrep.records import RawItem
engine = LocalEngine(workers=2)
engine.clean([RawItem(f"item{n}", "Talks resumed in Geneva on Monday. " * 20, "text") for n in range(4)])
print("ready", flush=True)
time.sleep(600)
"""


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has exited; only its entry waits to be reaped


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_pool_workers_exit_when_their_parent_is_killed() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, env=env)
    workers: list[int] = []
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == "ready"
        workers = children_of(parent.pid)
        assert workers, "the pool started no worker"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(w) for w in workers):
            time.sleep(0.1)
        assert not [w for w in workers if alive(w)], "workers outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        for worker in workers:  # on failure, leave nothing behind
            if alive(worker):
                os.kill(worker, signal.SIGKILL)


# -- a mixed hostile folder ---------------------------------------------------------------------
def complete_lines(cut: bytes) -> list[bytes]:
    """The whole lines a gzip cut short still gives."""
    return zlib.decompressobj(wbits=31).decompress(cut).split(b"\n")[:-1]


def test_a_mixed_hostile_folder_lands_every_good_item_and_names_every_bad_one(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    good: set[str] = set()
    for seed in SEEDS[:2]:
        shutil.copy(seed, folder / seed.name)
        good.add(str(folder / seed.name))
    good_ids, bad = hostile_jsonl(folder / "records.jsonl")
    good |= {f"{folder / 'records.jsonl'}#{i}" for i in good_ids}
    bad |= add_unreadable_paths(folder)
    (folder / "empty.txt").write_bytes(b"")
    bad[str(folder / "empty.txt")] = "empty file"
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    bad[str(folder / "image.html")] = "binary file (PNG image)"
    (folder / "latin1.txt").write_bytes(VOA_STORIES[8]["text"].encode() + "Genève".encode("cp1252"))
    bad[str(folder / "latin1.txt")] = "not valid UTF-8"
    whole = gzip.compress("".join(json.dumps(s) + "\n" for s in VOA_STORIES[10:16]).encode())
    (folder / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    readable_lines = complete_lines(whole[: len(whole) // 2])
    assert 0 < len(readable_lines) < 6
    good |= {f"{folder / 'cut.jsonl.gz'}#{json.loads(line)['id']}" for line in readable_lines}
    bad[str(folder / "cut.jsonl.gz")] = "truncated data"
    (folder / "deep.json").write_text('{"text": "Deep.", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}")
    bad[str(folder / "deep.json")] = "nested too deeply"

    with open_store(tmp_path / "s.db") as store:
        started = time.monotonic()
        run = pipeline.ingest([folder], store, workers=2)
        assert time.monotonic() - started < 120
        errors = {e.source: e.reason for e in run.errors}
        assert errors.keys() == bad.keys()
        for source, fragment in bad.items():
            assert fragment in errors[source], (source, errors[source])
        assert {a.source for a in store.articles()} == good
        assert run.exit_code == 1
