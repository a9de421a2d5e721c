"""What every reader shares: limits, the read error, decoding and sniffing.

Limits (all per input, all checked before the bytes are held in memory):

- ``MAX_ITEM_BYTES`` (20 MiB): one document (a .txt, .html, .json or feed
  file, a fetched URL, an archive member, one JSONL line or one WARC record).
  A file over it is refused from its size on disk, before it is read.
- JSONL and WARC files are streamed record by record, so only each record
  is capped, not the file.
- ``MAX_ZIP_MEMBERS`` and ``MAX_ZIP_BYTES`` guard against zip bombs;
  ``MAX_NESTING`` bounds archives inside archives.
- What is decompressed has a budget per input and per run: see :mod:`.budget`.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

MAX_ITEM_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_BYTES = 512 * 1024 * 1024
MAX_NESTING = 3

Kind = Literal["text", "html", "json", "jsonl", "warc", "feed", "gzip", "zip"]

GZIP_MAGIC = b"\x1f\x8b"


class ReadError(Exception):
    """An input cannot be read; the message is the reason shown to the user."""


def too_large(size: int | None = None) -> ReadError:
    stated = f"{size} bytes" if size is not None else "more than that"
    return ReadError(f"too large ({stated}; the limit is {MAX_ITEM_BYTES} bytes)")


_SUFFIXES: tuple[tuple[str, Kind], ...] = (
    (".warc.gz", "warc"),  # warcio reads per-record gzip itself, streaming
    (".warc", "warc"),
    (".gz", "gzip"),
    (".zip", "zip"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".txt", "text"),
    (".text", "text"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".jsonlines", "jsonl"),
    (".json", "json"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),
)


def kind_from_name(name: str) -> Kind | None:
    lower = name.lower()
    for suffix, kind in _SUFFIXES:
        if lower.endswith(suffix):
            return kind
    return None


_CONTENT_TYPES: dict[str, Kind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/warc": "warc",
    "application/gzip": "gzip",
    "application/x-gzip": "gzip",
    "application/zip": "zip",
}


def split_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=latin-1"`` -> ``("text/html", "latin-1")``."""
    if not value:
        return None, None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower() or None, charset


def kind_from_content_type(mime: str | None) -> Kind | None:
    return _CONTENT_TYPES.get(mime or "")


# -- sniffing ---------------------------------------------------------------
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x7fELF", "ELF executable"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "zip data; only .zip files are opened as archives"),
    (b"PK\x05\x06", "empty zip data"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"BZh91AY&SY", "bzip2 data"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Microsoft Office document"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"RIFF", "RIFF media"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)
# Bytes that never occur in text (tab, newlines, form feed and escape do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def binary_reason(head: bytes) -> str | None:
    """Why these leading bytes are not text, or None if they may be."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what})"
    if head[4:8] == b"ftyp":
        return "binary file (MP4/ISO media)"
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    sample = head[:8192]
    if sample and sum(sample.count(bytes([c])) for c in _CONTROL) > len(sample) // 10:
        return "binary file (mostly control characters)"
    return None


_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:head|body|meta|title|div|p|article)[\s>]", re.I)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)


_MARKUP_TAG = re.compile(
    r"</?(?:p|div|br|html|body|article|section|span|h[1-6]|ul|ol|li|a|table|img|b|i|em|strong"
    r"|blockquote|figure|iframe)\b[^>]*>",
    re.I,
)


def has_markup(text: str) -> bool:
    """Whether a text field (a JSON body, a feed summary) holds HTML tags, judged by its start."""
    return bool(_MARKUP_TAG.search(text[:4096]))


def looks_like_html(head: bytes, *, strict: bool = False) -> bool:
    """``strict``: only a document that starts as HTML (used for .txt files)."""
    start = head.lstrip(codecs.BOM_UTF8)[:4096]
    if _HTML_START.match(start):
        return True
    return not strict and start.lstrip().startswith(b"<") and bool(_HTML_TAGS.search(start))


def sniff(head: bytes) -> Kind:
    """Guess the kind of a text input from its first bytes (binary already ruled out)."""
    start = head.lstrip(codecs.BOM_UTF8)[:4096].lstrip()
    if start.startswith(b"WARC/"):
        return "warc"
    if _FEED_ROOT.match(start) or (start.startswith(b"<?xml") and _FEED_ROOT.search(start)):
        return "feed"
    if looks_like_html(head):
        return "html"
    if start.startswith(b"<?xml"):
        return "feed"  # the feed reader says so if it is some other XML
    if start[:1] in (b"{", b"["):
        return "json"
    return "text"


# -- decoding -----------------------------------------------------------------
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""", re.I)
# Browsers read these labels as windows-1252, and so do we (WHATWG Encoding).
_WINDOWS_1252 = {"ascii", "iso8859-1", "cp1252"}


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding an HTML ``<meta>`` or XML declaration states, if any."""
    head = data[:4096]
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def decode(data: bytes, *, declared: str | None = None, markup: bool = False) -> str:
    """Decode strictly: BOM, then UTF-8, then a declared encoding; never guess.

    ``declared`` is a charset stated outside the bytes (an HTTP header);
    ``markup`` also looks for one inside them (meta charset, XML declaration).
    """
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom)
        except UnicodeDecodeError as exc:
            raise ReadError(f"invalid {bom} text after its byte-order mark (byte {exc.start})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    where = f"{utf8_error.reason} at byte {utf8_error.start}"
    label = declared or (declared_encoding(data) if markup else None)
    if not label:
        # No guess at the encoding: a wrong one would store mojibake as if it were text.
        raise ReadError(
            f"not valid UTF-8 ({where}) and no encoding declared: convert it to UTF-8 or declare its charset"
        )
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        raise ReadError(f"declares an unknown encoding {label!r}") from None
    if codec == "utf-8":
        raise ReadError(f"not valid UTF-8 ({where}), although it declares {label!r}")
    # Latin-1 labels are read as windows-1252; its five unassigned bytes fall back to latin-1.
    attempts = ("cp1252", "latin-1") if codec in _WINDOWS_1252 else (codec,)
    for attempt in attempts:
        try:
            return data.decode(attempt)
        except UnicodeDecodeError:
            continue
    raise ReadError(f"not valid {label} text, although it declares {label!r}")
