"""The registry of pipeline stages, in the order they run.

Per-article extractors: ``(article, doc) -> records`` for one table, run in
the same transaction as the article write. Corpus linkers: ``Corpus ->
LinkResult``, run after each ingest over the whole store.
"""

from __future__ import annotations

from sitrep.extract import Extractor
from sitrep.extract.places import extract_places
from sitrep.extract.quotes import extract_quotes
from sitrep.extract.times import extract_times
from sitrep.link import Linker
from sitrep.link.provenance import link_provenance
from sitrep.link.statements import link_statements
from sitrep.link.stories import link_stories

EXTRACTORS: list[tuple[str, Extractor]] = [
    # Times first: later extractors (quotes) may use the resolved dates.
    ("times", extract_times),
    ("places", extract_places),
    ("quotes", extract_quotes),
]

LINKERS: list[Linker] = [
    # Provenance first: stories put copies with their originals.
    link_provenance,
    link_stories,
    # Statements after provenance: independent sources follow copy_of.
    link_statements,
]
