"""The storage interface every backend implements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from sitrep.records import Article, ItemError


class Store(Protocol):
    def transaction(self) -> AbstractContextManager[Any]:
        """One transaction for every read and write made through the store within it."""

    def begin(self) -> AbstractContextManager[Any]:
        """A connection to write with (the open transaction's, or one committed on exit)."""

    def connect(self) -> AbstractContextManager[Any]:
        """A connection to read with (the open transaction's, or a new one)."""

    def has_content(self, content_hash: str) -> bool:
        """True when an article with this content hash is already stored."""

    def write_article(self, article: Article, derived: Mapping[str, Sequence[Any]]) -> None:
        """Write an article and its per-article records in one transaction,
        replacing any earlier version of the same article."""

    def update_articles(self, changes: Mapping[str, Mapping[str, Any]]) -> None:
        """Set columns on stored articles (``{article_id: {column: value}}``)."""

    def replace_corpus_records(self, table: str, records: Iterable[Any]) -> None:
        """Replace a corpus-level table (actors, statements, stories...) as a whole."""

    def replace_article_records(self, table: str, records: Iterable[Any]) -> None:
        """Rewrite per-article records (quotes...) in place, matched by id."""

    def upsert_records(self, table: str, records: Iterable[Any]) -> None:
        """Insert records into a corpus-level table, replacing those with the same ids."""

    def delete_records(self, table: str, ids: Iterable[str]) -> None:
        """Remove records of a corpus-level table by id."""

    def articles_by_id(self, ids: Iterable[str], *, extra: bool = True) -> dict[str, Article]:
        """The stored articles among ``ids``, by id; ``extra=False`` leaves ``Article.extra`` empty."""

    def records_where(
        self,
        table: str,
        column: str,
        values: Iterable[str],
        *,
        also: Mapping[str, Iterable[str | None]] | None = None,
        limit: int | None = None,
    ) -> list[Any]:
        """The records whose indexed ``column`` holds one of ``values`` (and each column of ``also``
        one of its values)."""

    def records_between(
        self,
        table: str,
        column: str,
        low: str,
        high: str,
        *,
        unset: bool = True,
        also: Mapping[str, Iterable[str | None]] | None = None,
        nearest: str | None = None,
        limit: int | None = None,
    ) -> list[Any]:
        """The records whose indexed ``column`` lies in ``[low, high]`` (or, with ``unset``, is
        unset); with ``limit``, that many nearest the ``nearest`` end ("low" or "high")."""

    def values_between(
        self,
        table: str,
        field: str,
        column: str,
        low: str,
        high: str,
        *,
        unset: bool = True,
        also: Mapping[str, Iterable[str | None]] | None = None,
        nearest: str | None = None,
        limit: int | None = None,
    ) -> list[Any]:
        """The column ``field`` of the rows :meth:`records_between` would give."""

    def records_at(self, table: str, spans: Iterable[tuple[str, int, int]]) -> list[Any]:
        """The records of a per-article table whose (article id, start, end) is one of ``spans``."""

    def article_ids_between(self, column: str, low: str, high: str) -> list[str]:
        """Ids of the articles whose indexed ``column`` lies in ``[low, high]``."""

    def articles(self) -> Iterator[Article]: ...

    def records(self, table: str) -> Iterator[dict[str, Any]]: ...

    def start_run(self) -> int: ...

    def finish_run(
        self, run_id: int, added: int, skipped: int, errors: Sequence[ItemError], failed: int | None = None
    ) -> None: ...

    def latest_run_id(self) -> int | None: ...

    def latest_run(self) -> tuple[int, str | None] | None: ...

    def run_errors(self, run_id: int) -> list[ItemError]: ...

    def counts(self) -> dict[str, int]: ...

    def close(self) -> None: ...
