"""Per-article extractors over one parsed spaCy ``Doc``.

Each extractor (registered in :mod:`sitrep.stages`) is a pure function ``(article, doc) -> records`` whose records
are stored, in the same transaction as the article, in the table it names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from spacy.tokens import Doc

from sitrep.records import Article

Extractor = Callable[[Article, Doc], Sequence[Any]]
