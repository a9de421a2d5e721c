"""Quotation marks: pairing them into quoted spans per paragraph, and offset lookups over them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as DocSpan

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
DOUBLE_AMBIG = '"″'
# Two apostrophes or backticks stand for a double mark in some archives (''It's nonsense,'').
_DOUBLE = re.compile(r"''|``|[“”„«»‟\"″]")
_SINGLE = re.compile(r"(?<![\w’'])[‘‹]([^‘’‹›\n]{2,300}?)[’›](?![\w])")
HEADLINE = re.compile(r"(?:^|[.!?]\s+)([A-Z][\w.’'\- ]{1,40}?):\s*$")
MAX_QUOTE_CHARS = 20_000  # a quote that runs longer is a stray mark, not a quote


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _opens_paragraph(text: str, start: int, end: int) -> bool:
    stripped = text[start:end].lstrip()
    return bool(stripped) and (stripped[0] in DOUBLE_OPEN + DOUBLE_AMBIG or stripped[:2] in ("''", "``"))


def find_marked_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted text (inside the marks), in order.

    One pass over the marks: any double mark opens when nothing is open (so a
    misplaced ” still opens), curly openers nest, and a quote left open at a
    paragraph end continues when the next paragraph opens with a mark
    (multi-paragraph quotes), else ends with its paragraph.
    """
    spans: list[tuple[int, int]] = []
    paras = paragraphs(text)
    open_at: int | None = None
    opener = ""
    depth = 0
    for pi, (ps, pe) in enumerate(paras):
        continuing = open_at is not None
        for m in _DOUBLE.finditer(text, ps, pe):
            ch, pos = m.group(), m.start()
            if continuing:
                continuing = False
                if not text[ps:pos].strip():
                    continue  # the re-opening mark of a continued quote
            if open_at is None:
                if ch in DOUBLE_CLOSE and not text[m.end() : pe].strip():
                    continue  # a stray closer at the end of a paragraph
                open_at, opener, depth = m.end(), ch, 1
            elif ch in DOUBLE_OPEN and opener in DOUBLE_OPEN and text[pos - 1 : pos].isspace():
                depth += 1  # a nested quote inside a quote
            else:
                depth -= 1
                if depth <= 0:
                    spans.append((open_at, pos))
                    open_at = None
            if open_at is not None and pos - open_at > MAX_QUOTE_CHARS:
                open_at = None
        if open_at is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is None or not _opens_paragraph(text, *nxt) or pe - open_at > MAX_QUOTE_CHARS:
                spans.append((open_at, pe))
                open_at = None
    # Single marks: only outside double quotes, paired within a paragraph.
    singles = []
    for m in _SINGLE.finditer(text):
        s, e = m.start(1), m.end(1)
        i = bisect_right(spans, (s, len(text) + 1)) - 1
        if i >= 0 and spans[i][0] <= s < spans[i][1] + 1:
            continue
        if len(m.group(1).split()) >= 2:
            singles.append((s, e))
    out = []
    for s, e in sorted(spans + singles):
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t,":
            e -= 1
        if e - s >= 2 and any(c.isalpha() for c in text[s:e]):
            out.append((s, e))
    return out


class TextIndex:
    """Character-offset lookups over one parsed article."""

    def __init__(self, doc: Doc, marked: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc.text
        self.sents: list[DocSpan] | None = None
        self.sent_starts: list[int] = []
        self.starts = [t.idx for t in doc]
        self.marked = marked
        self.marked_starts = [s for s, _ in marked]

    def in_quote(self, char: int) -> bool:
        i = bisect_right(self.marked_starts, char) - 1
        return i >= 0 and self.marked[i][0] <= char < self.marked[i][1]

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def sent_at(self, char: int) -> DocSpan:
        """The sentence holding a character (Token.sent and Doc.text are linear per call in spaCy)."""
        if self.sents is None:
            self.sents = list(self.doc.sents)
            self.sent_starts = [s.start_char for s in self.sents]
        return self.sents[max(0, bisect_right(self.sent_starts, char) - 1)]

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        i = bisect_left(self.marked_starts, start)
        # a quote that starts just before the range but reaches into it
        if i > 0 and self.marked[i - 1][1] > start:
            i -= 1
        out = []
        while i < len(self.marked) and self.marked[i][0] < end:
            out.append(self.marked[i])
            i += 1
        return out
