"""Each reader on real content, built in tmp_path; URLs from a real loopback server."""

from __future__ import annotations

import gzip
import io
import ipaddress
import json
import shutil
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.ingest import MAX_ITEM_BYTES, iter_items
from sitrep.ingest.base import MAX_ZIP_MEMBERS
from sitrep.ingest.fetch import ReadError, fetch, forbidden
from sitrep.records import ItemError, RawItem

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "corpus" / "seeds"
VOA = REPO / "examples" / "corpus" / "voa" / "voa_ceasefire_talks.jsonl"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
VOA_RECORDS = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()]


def read(*paths: str | Path, allow_private: bool = False) -> tuple[list[RawItem], list[ItemError]]:
    found = list(iter_items(list(paths), allow_private=allow_private))
    assert all(isinstance(i, RawItem | ItemError) for i in found)
    return [i for i in found if isinstance(i, RawItem)], [i for i in found if isinstance(i, ItemError)]


def seed_text(n: int = 0) -> str:
    return SEED_FILES[n].read_text(encoding="utf-8")


def as_html(text: str, title: str = "Seed", charset: str = "utf-8") -> str:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


# -- plain text, JSON, JSONL, HTML --------------------------------------------------
def test_seeds_are_read_as_text_in_sorted_order() -> None:
    items, errors = read(SEEDS)
    assert errors == []
    assert [i.source for i in items] == [str(p) for p in SEED_FILES]
    for item, path in zip(items, SEED_FILES, strict=True):
        assert item.content_type == "text"
        assert item.content == path.read_text(encoding="utf-8")


def test_voa_jsonl_records_keep_every_field() -> None:
    items, errors = read(VOA)
    assert errors == []
    assert [i.source for i in items] == [f"{VOA}#{r['id']}" for r in VOA_RECORDS]
    for item, record in zip(items, VOA_RECORDS, strict=True):
        assert item.content == record["text"]
        assert item.content_type == "text"
        assert item.url == record["url"]
        assert item.fields == {k: v for k, v in record.items() if k != "text"}


def test_json_object_list_and_wrapped_list(tmp_path: Path) -> None:
    record = {**VOA_RECORDS[0], "stance": "unknown fields survive"}
    (tmp_path / "one.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "list.json").write_text(json.dumps(VOA_RECORDS[:2]), encoding="utf-8")
    no_ids = [{k: v for k, v in r.items() if k != "id"} for r in VOA_RECORDS[2:4]]
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": no_ids}), encoding="utf-8")
    (tmp_path / "notext.json").write_text(json.dumps({"title": "only a title"}), encoding="utf-8")
    items, errors = read(tmp_path)
    by_source = {i.source: i for i in items}
    assert set(by_source) == {
        f"{tmp_path / 'list.json'}#{VOA_RECORDS[0]['id']}",
        f"{tmp_path / 'list.json'}#{VOA_RECORDS[1]['id']}",
        str(tmp_path / "one.json"),
        f"{tmp_path / 'wrapped.json'}#1",
        f"{tmp_path / 'wrapped.json'}#2",
    }
    assert by_source[str(tmp_path / "one.json")].fields["stance"] == "unknown fields survive"
    assert [(e.source, e.stage) for e in errors] == [(str(tmp_path / "notext.json"), "read")]
    assert "no text" in errors[0].reason


def test_jsonl_html_body_and_record_without_id(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"html": as_html(seed_text(1)), "url": "https://example.org/a", "site": "Example"}),
        "",
        json.dumps({"content": "<p>" + seed_text(2) + "</p>", "date": "2025-03-12"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items, errors = read(path)
    assert errors == []
    assert [(i.source, i.content_type) for i in items] == [(f"{path}#1", "html"), (f"{path}#3", "html")]
    assert items[0].url == "https://example.org/a"
    assert items[0].fields == {"url": "https://example.org/a", "site": "Example"}
    assert items[1].fields == {"date": "2025-03-12"}


def test_html_files_and_sniffing(tmp_path: Path) -> None:
    html = as_html(seed_text(0))
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    (tmp_path / "b.htm").write_text(html.replace("Seed", "Other"), encoding="utf-8")
    (tmp_path / "saved_page").write_text(html.replace("Seed", "Third"), encoding="utf-8")  # no extension
    (tmp_path / "page.txt").write_text(html.replace("Seed", "Fourth"), encoding="utf-8")
    items, errors = read(tmp_path)
    assert errors == []
    assert [(Path(i.source).name, i.content_type) for i in items] == [
        ("a.html", "html"),
        ("b.htm", "html"),
        ("page.txt", "html"),
        ("saved_page", "html"),
    ]


def test_declared_encodings_and_boms(tmp_path: Path) -> None:
    text = "Zelenskyy’s envoy met Rubio in Jeddah – “a step forward”, officials said. " * 3
    (tmp_path / "cp1252.html").write_bytes(as_html(text, charset="windows-1252").encode("cp1252"))
    (tmp_path / "latin1.html").write_bytes(
        as_html("Café Noël in Genève. " * 5, charset="iso-8859-1").encode("latin-1")
    )
    (tmp_path / "bom8.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "bom16.txt").write_bytes(text.encode("utf-16"))  # with its BOM
    (tmp_path / "undeclared.txt").write_bytes(text.encode("cp1252"))
    items, errors = read(tmp_path)
    contents = {Path(i.source).name: i.content for i in items}
    assert text in contents["cp1252.html"]
    assert "Café Noël in Genève." in contents["latin1.html"]
    assert contents["bom8.txt"] == text  # the BOM is not part of the text
    assert contents["bom16.txt"] == text
    assert [Path(e.source).name for e in errors] == ["undeclared.txt"]
    assert "not valid UTF-8" in errors[0].reason and "no encoding declared" in errors[0].reason


# -- WARC ----------------------------------------------------------------------------
def write_warc(path: Path, pages: list[tuple[str, str]], *, gz: bool) -> list[str]:
    """Responses for ``pages`` plus the plumbing a crawl has; returns the page record ids."""
    ids = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, html in pages:
            request = writer.create_warc_record(
                url,
                "request",
                http_headers=StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
                ),
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
            )
            ids.append(record.rec_headers.get_header("WARC-Record-ID").strip("<>"))
            writer.write_record(record)
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(100)),
                http_headers=png,
            )
        )
        missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/gone",
                "response",
                payload=io.BytesIO(b"<html><body>Not found</body></html>"),
                http_headers=missing,
            )
        )
    return ids


@pytest.mark.parametrize("gz", [False, True])
def test_warc_response_records(tmp_path: Path, gz: bool) -> None:
    pages = [(f"https://example.org/story/{n}", as_html(seed_text(n), title=f"Story {n}")) for n in range(3)]
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    ids = write_warc(path, pages, gz=gz)
    items, errors = read(path)
    assert errors == []
    assert [i.source for i in items] == [f"{path}#{rid}" for rid in ids]
    for item, (url, html) in zip(items, pages, strict=True):
        assert item.url == url
        assert item.content == html
        assert item.content_type == "html"
        assert item.fields["warc_date"].startswith("20")
        assert "published" not in item.fields  # a capture date is not a publication date


# -- feeds -----------------------------------------------------------------------------
def rss(entries: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Wed, 12 Mar 2025 10:00:00 GMT</pubDate><category>Ukraine</category>"
        f"<description>A short summary.</description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        for title, link, body in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example News</title>'
        f"<link>https://example.org/</link><description>News</description>{items}</channel></rss>"
    )


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    entries = [(f"Story {n}", f"https://example.org/s/{n}", as_html(seed_text(n))) for n in range(2)]
    (tmp_path / "news.rss").write_text(rss(entries), encoding="utf-8")
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom Desk</title><id>urn:desk</id><updated>2025-03-13T00:00:00Z</updated>"
        "<entry><title>Talks</title><id>urn:desk:1</id><link href='https://example.org/t'/>"
        f"<published>2025-03-13T09:00:00Z</published><summary type='text'>{seed_text(3)}</summary></entry></feed>"
    )
    (tmp_path / "desk").write_text(atom, encoding="utf-8")  # sniffed, no extension
    items, errors = read(tmp_path)
    assert errors == []
    assert [i.source for i in items] == [
        f"{tmp_path / 'desk'}#urn:desk:1",
        f"{tmp_path / 'news.rss'}#https://example.org/s/0",
        f"{tmp_path / 'news.rss'}#https://example.org/s/1",
    ]
    atom_item, first, _ = items
    assert atom_item.content_type == "text"
    assert atom_item.content.strip() == seed_text(3).strip()
    assert atom_item.fields["site"] == "Atom Desk"
    assert first.content_type == "html"
    assert seed_text(0).splitlines()[0] in first.content  # the full content, not the summary
    assert first.url == "https://example.org/s/0"
    assert first.fields["title"] == "Story 0"
    assert first.fields["published"] == "Wed, 12 Mar 2025 10:00:00 GMT"
    assert first.fields["keywords"] == ["Ukraine"]


# -- gzip and zip ---------------------------------------------------------------------------
def test_gzip_of_each_reader(tmp_path: Path) -> None:
    (tmp_path / "seed.txt.gz").write_bytes(gzip.compress(SEED_FILES[0].read_bytes()))
    (tmp_path / "voa.jsonl.gz").write_bytes(gzip.compress(VOA.read_bytes()))
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(as_html(seed_text(1)).encode()))
    (tmp_path / "news.rss.gz").write_bytes(
        gzip.compress(rss([("S", "https://e.org/2", as_html(seed_text(2)))]).encode())
    )
    (tmp_path / "looks_plain.txt").write_bytes(gzip.compress(SEED_FILES[3].read_bytes()))  # sniffed by magic
    items, errors = read(tmp_path)
    assert errors == []
    sources = [i.source for i in items]
    assert sources == [
        str(tmp_path / "looks_plain.txt"),
        f"{tmp_path / 'news.rss.gz'}#https://e.org/2",
        str(tmp_path / "page.html.gz"),
        str(tmp_path / "seed.txt.gz"),
        *(f"{tmp_path / 'voa.jsonl.gz'}#{r['id']}" for r in VOA_RECORDS),
    ]
    assert items[0].content == seed_text(3)
    assert items[2].content_type == "html"
    assert items[3].content == seed_text(0)


def test_zip_members_dispatched_and_path_tricks_refused(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [("https://example.org/w", as_html(seed_text(4)))], gz=True)
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for path in SEED_FILES[:2]:
            z.write(path, f"seeds/{path.name}")
        z.write(VOA, "voa/talks.jsonl")
        z.write(warc, "crawl.warc.gz")
        z.writestr("inner.txt.gz", gzip.compress(SEED_FILES[2].read_bytes()))
        z.writestr("../escape.txt", "x" * 100)
        z.writestr("/etc/absolute.txt", "x" * 100)
        z.writestr("__MACOSX/._seeds", b"\x00\x05\x16\x07")
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16) | 0
        z.writestr(link, "/etc/passwd")
    items, errors = read(archive)
    prefix = f"{archive}!"
    assert [i.source.removeprefix(prefix) for i in items] == [
        f"crawl.warc.gz#{items[0].source.split('#')[1]}",
        "inner.txt.gz",
        f"seeds/{SEED_FILES[0].name}",
        f"seeds/{SEED_FILES[1].name}",
        *(f"voa/talks.jsonl#{r['id']}" for r in VOA_RECORDS),
    ]
    assert items[0].url == "https://example.org/w"
    assert items[1].content == seed_text(2)
    refused = {e.source.removeprefix(prefix): e.reason for e in errors}
    assert set(refused) == {"../escape.txt", "/etc/absolute.txt", "link.txt"}
    assert "'..'" in refused["../escape.txt"]
    assert "absolute path" in refused["/etc/absolute.txt"]
    assert "symbolic link" in refused["link.txt"]


def test_zip_bomb_and_member_count_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z,
        z.open("huge.txt", "w", force_zip64=True) as member,
    ):
        chunk = b"a" * (1 << 20)
        for _ in range(520):
            member.write(chunk)
    assert bomb.stat().st_size < 5_000_000  # a real bomb: small outside, 520 MiB inside
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as z:
        for n in range(MAX_ZIP_MEMBERS + 1):
            z.writestr(f"m{n}.txt", "x")
    items, errors = read(bomb, many)
    assert items == []
    assert [e.source for e in errors] == [str(bomb), str(many)]
    assert "zip bomb" in errors[0].reason
    assert f"{MAX_ZIP_MEMBERS + 1} members" in errors[1].reason


# -- URLs from a real server on 127.0.0.1 ---------------------------------------------------
Route = Callable[[BaseHTTPRequestHandler], None]


def respond(body: bytes, content_type: str, status: int = 200, length: bool = True) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        if length:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def endless(handler: BaseHTTPRequestHandler) -> None:
    """No Content-Length, more than the cap: only the streaming cap stops it."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    chunk = b"word " * 20_000
    try:
        for _ in range(MAX_ITEM_BYTES // len(chunk) + 50):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client stopped reading at the cap, as it should


def slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(3)
    respond(b"late", "text/plain")(handler)


class Server:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                route = routes.get(self.path)
                if route is None:
                    respond(b"not here", "text/plain", status=404)(self)
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"


def serve(host: str) -> Iterator[Server]:
    srv = Server(host)
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serve("127.0.0.1")


@pytest.fixture
def inside() -> Iterator[Server]:
    """A second server on 127.0.0.2: loopback too, but another address."""
    yield from serve("127.0.0.2")


def test_loopback_refused_by_default_allowed_on_request(server: Server) -> None:
    html = as_html(seed_text(0)).encode()
    server.routes["/story"] = respond(html, "text/html; charset=utf-8")
    url = server.url("/story")
    items, errors = read(url)
    assert items == []
    assert [(e.source, e.stage) for e in errors] == [(url, "read")]
    assert "refused" in errors[0].reason and "loopback address 127.0.0.1" in errors[0].reason
    assert server.hits == []  # refused before connecting
    items, errors = read(url, allow_private=True)
    assert errors == []
    assert [(i.source, i.url, i.content_type, i.content) for i in items] == [
        (url, url, "html", html.decode())
    ]


def test_content_type_decides_the_reader(server: Server) -> None:
    latin = ("Café talks in Genève ended, officials said. " * 4).encode("latin-1")
    server.routes["/plain"] = respond(latin, "text/plain; charset=iso-8859-1")
    server.routes["/feed"] = respond(
        rss([("S", "https://e.org/1", as_html(seed_text(1)))]).encode(), "application/rss+xml"
    )
    server.routes["/image"] = respond(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    server.routes["/hop"] = redirect("/plain")
    urls = [server.url(p) for p in ("/plain", "/feed", "/image", "/hop", "/missing")]
    items, errors = read(*urls, allow_private=True)
    assert [(i.source, i.content_type) for i in items] == [
        (urls[0], "text"),
        (f"{urls[1]}#https://e.org/1", "html"),
        (urls[3], "text"),
    ]
    assert items[0].content == latin.decode("latin-1")
    assert items[2].url == urls[0]  # where the redirect led
    assert [(e.source, e.reason) for e in errors] == [
        (urls[2], "unsupported content type image/png"),
        (urls[4], "HTTP 404 Not Found"),
    ]


def test_redirect_to_loopback_refused_on_that_hop(server: Server, inside: Server) -> None:
    # Only 127.0.0.1 is let through, so the hop to 127.0.0.2 (also loopback) is checked and refused.
    server.routes["/start"] = redirect(inside.url("/inside"))
    inside.routes["/inside"] = respond(b"internal data " * 10, "text/plain")
    only_first = [ipaddress.ip_network("127.0.0.1/32")]
    with pytest.raises(ReadError, match=r"redirect 1 to http://127\.0\.0\.2:\d+/inside: refused: .*loopback"):
        fetch(server.url("/start"), allowed_networks=only_first)
    assert server.hits == ["/start"]
    assert inside.hits == []
    # The same hop with private addresses allowed is followed: the refusal above was the check.
    assert fetch(server.url("/start"), allow_private=True).data == b"internal data " * 10


def test_redirect_limits_and_schemes(server: Server) -> None:
    for n in range(7):
        server.routes[f"/r{n}"] = redirect(f"/r{n + 1}")
    server.routes["/r6"] = respond(b"finally " * 10, "text/plain")
    server.routes["/file"] = redirect("file:///etc/passwd")
    assert fetch(server.url("/r1"), allow_private=True).data == b"finally " * 10  # 5 redirects
    items, errors = read(server.url("/r0"), server.url("/file"), allow_private=True)  # 6 redirects
    assert items == []
    assert [e.reason for e in errors][0] == "too many redirects (more than 5)"
    assert "unsupported URL scheme 'file'" in errors[1].reason


def test_size_cap_and_timeout(server: Server) -> None:
    server.routes["/declared"] = respond(b"x" * (MAX_ITEM_BYTES + 1), "text/plain")
    server.routes["/endless"] = endless
    server.routes["/slow"] = slow
    items, errors = read(server.url("/declared"), server.url("/endless"), allow_private=True)
    assert items == []
    assert errors[0].reason == f"too large ({MAX_ITEM_BYTES + 1} bytes; the limit is {MAX_ITEM_BYTES} bytes)"
    assert errors[1].reason.startswith(f"too large (more than {MAX_ITEM_BYTES} bytes")
    with pytest.raises(ReadError, match="too large"):
        fetch(server.url("/endless"), allow_private=True, max_bytes=1000)
    started = time.monotonic()
    with pytest.raises(Exception, match="(?i)timed out"):
        fetch(server.url("/slow"), allow_private=True, timeout=0.5)
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-global"),  # carrier-grade NAT
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_classes(address: str, kind: str | None) -> None:
    assert forbidden(ipaddress.ip_address(address)) == kind


def test_missing_path_and_directory_walk_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(SEED_FILES[0], tmp_path / "sub" / "deeper" / "b.txt")
    shutil.copy(SEED_FILES[1], tmp_path / "sub" / "a.txt")
    shutil.copy(SEED_FILES[2], tmp_path / ".git" / "hidden.txt")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    items, errors = read(tmp_path, tmp_path / "nope.txt")
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in items] == [
        "sub/a.txt",
        "sub/deeper/b.txt",
    ]
    assert [(e.source, e.reason) for e in errors] == [
        (str(tmp_path / "nope.txt"), "no such file or directory")
    ]


def test_a_walked_folder_skips_its_own_readme_and_licence(tmp_path: Path) -> None:
    # `sitrep analyze ../shared/seeds` once stored the folder's README.md as a sixth article.
    shutil.copytree(SEED_FILES[0].parent, tmp_path / "seeds")
    (tmp_path / "seeds" / "README.md").write_text(
        "# Seed articles\n\nFive English news articles on the ceasefire."
    )
    (tmp_path / "seeds" / "LICENSE").write_text("MIT License\n\nPermission is hereby granted...")
    items, errors = read(tmp_path / "seeds")
    names = sorted(Path(i.source).name for i in items)
    assert names == sorted(p.name for p in SEED_FILES) and not errors
    # named on its own, the file is read like any other
    items, _ = read(tmp_path / "seeds" / "README.md")
    assert len(items) == 1


@pytest.mark.parametrize("gz", [False, True])
def test_warc_cut_inside_a_record_header(tmp_path: Path, gz: bool) -> None:
    # warcio itself stops silently here; the leftover bytes must still be reported.
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    pages = [(f"https://example.org/{n}", as_html(seed_text(n))) for n in range(2)]
    write_warc(path, pages, gz=gz)
    data = path.read_bytes()
    path.write_bytes(data + data[:60])  # a second copy of the warcinfo record, cut in its header
    items, errors = read(path)
    assert [i.url for i in items] == [url for url, _ in pages]
    assert len(errors) == 1 and errors[0].source.startswith(f"{path}#offset ")
    assert "truncated WARC" in errors[0].reason or "damaged WARC" in errors[0].reason
