"""Statement ids: unique however many quotes of one speaker start at one offset, and order-free.

A text dense with quotation marks (a transcript, or 100,000 marks in 830 KB) gives quotes of one
speaker that start at one offset: a quote and a longer reported clause, or spans nested by stray
marks. The statement linker once named a statement by its first quote's start alone, and such an
article failed to store with a UNIQUE failure on ``statements.id``.
"""

from __future__ import annotations

from sitrep.link import Corpus
from sitrep.link.statements import link_statements, statement_ids
from sitrep.records import Article, Quote, Span, span_id

TEXT = (
    "“We will not sign a cease-fire that freezes the front line,” Zelensky said. "
    "“Any pause must come with security guarantees for Ukraine and a path to a just peace,” he added "
    "in his nightly address, speaking of the talks in Jeddah."
)


def _quote(article: Article, start: int, end: int, kind: str = "direct") -> Quote:
    text = article.text[start:end]
    return Quote(
        id=span_id(article.id, start, end, text),
        article_id=article.id,
        start=start,
        end=end,
        text=text,
        kind=kind,  # type: ignore[arg-type]
        # Each direct quote its own cue ("Zelensky said", "he added"): not parts of one quote.
        speaker_mention=Span(start + 62, start + 70, "Zelensky") if kind == "direct" else None,
        speaker="Volodymyr Zelensky",
        speaker_info={"name": "Volodymyr Zelensky", "kind": "person"},
    )


def _corpus(quotes: list[Quote], article: Article) -> Corpus:
    return Corpus(articles={article.id: article}, records={"quotes": quotes, "copies": []})


def test_quotes_of_one_speaker_starting_at_one_offset_get_distinct_statement_ids() -> None:
    article = Article(id="a1", source="t.txt", text=TEXT, content_hash="h" * 64, published="2025-03-12")
    second = TEXT.index("“Any")
    # A direct quote, the same words read as a longer reported clause, and a cut of the first one:
    # four utterances (their words differ too much to be one), two pairs starting together.
    quotes = [
        _quote(article, 0, 60),
        _quote(article, 0, 30, kind="indirect"),
        _quote(article, second, len(TEXT)),
        _quote(article, second, second + 96, kind="indirect"),
    ]
    quotes[1].text = "Zelensky praised the soldiers defending Pokrovsk"
    quotes[3].text = "Zelensky hopes for elections in Kyiv next spring"
    result = link_statements(_corpus(quotes, article))
    ids = [s.id for s in result.tables["statements"]]
    assert len(ids) == len(set(ids)) == 4
    assert {q.statement_id for q in result.article_records["quotes"]} == set(ids)
    # The same quotes found in another order give the same ids.
    again = link_statements(_corpus(list(reversed(quotes)), article))
    assert sorted(s.id for s in again.tables["statements"]) == sorted(ids)


def test_groups_with_one_first_span_are_told_apart_by_their_members() -> None:
    article = Article(id="a1", source="t.txt", text=TEXT, content_hash="h" * 64)
    a, b = _quote(article, 0, 60), _quote(article, 0, 60, kind="indirect")
    b.id = "other"  # same span, another reading: ids cannot come from the span alone
    ids = statement_ids([[a], [b]])
    assert len(set(ids)) == 2
    assert statement_ids([[b], [a]]) == list(reversed(ids))
