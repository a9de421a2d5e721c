"""Incremental linking: adding articles links only them, and gives what linking everything gives."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from conftest import voa_articles
from sitrep import pipeline, stages
from sitrep.link import scope, statements
from sitrep.link.postings import Postings
from sitrep.link.text import split_sentences
from sitrep.link.word_counts import WordCounts
from sitrep.records import Article, to_dict
from sitrep.store import SQLStore, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "corpus" / "seeds"
DERIVED = ("stories", "statements", "actors", "quotes", "positions", "claims")
# Event sides keep the actor they were first linked to ("the Kremlin" before the corpus had a
# Kremlin actor is Russia): these tables are compared by what was fused, not by side.
FUSED = ("events", "fused_events")


def _seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def _linked(store: SQLStore) -> dict[str, Any]:
    """Everything linking writes: the derived tables and the articles' link columns."""
    out: dict[str, Any] = {table: [to_dict(r) for r in store.records(table)] for table in DERIVED}
    for table in FUSED:
        out[table] = [
            {k: v for k, v in to_dict(r).items() if k not in ("actor", "target")}
            for r in store.records(table)
        ]
    out["articles"] = [
        (a.id, a.copy_of, a.copy_relation, a.original_outlet, a.story_id, a.extra) for a in store.articles()
    ]
    return out


def test_seeds_in_two_batches_link_as_in_one(seeds_store: SQLStore, tmp_path: Path) -> None:
    # In publication order, as news arrives: the first three seeds, then the two later ones.
    with open_store(tmp_path / "two.db") as store:
        pipeline.ingest([_seed("000"), _seed("004"), _seed("001")], store, workers=1)
        report = pipeline.ingest([_seed("003"), _seed("002")], store, workers=1)
        assert len(report.added) == 2 and not report.errors
        two = _linked(store)
    one = _linked(seeds_store)
    for table in one:
        assert two[table] == one[table], table
    assert len(one["statements"]) > 5 and one["stories"]


def _with_copies() -> list[Article]:
    """The VOA corpus and 20 copies of its stories (exact, cut short, stated reprints, edited),
    some dated before their original, shuffled: copies arrive before or after what they copy."""
    articles = voa_articles()
    rng = random.Random(3)
    copies = []
    for k, base in enumerate(rng.sample(articles, 20)):
        spans = split_sentences(base.text)
        text = [
            base.text,
            base.text[: spans[len(spans) // 2][1]],
            "Originally published by Reuters.\n" + base.text,
            base.text.replace(" the ", " a ", 5),
        ][k % 4]
        copies.append(
            Article(
                id=f"c{k:03d}", source=f"copy#{k}", text=text, content_hash=f"c{k}",
                outlet=f"copy{k % 5}.example", title=base.title,
                published=base.published if k % 3 else "2000-01-01",
            )
        )  # fmt: skip
    out = articles + copies
    rng.shuffle(out)
    return out


LINKERS = ("provenance", "stories")


def _link_in_batches(path: Path, sizes: list[int], *, full: bool) -> dict[str, Any]:
    articles = iter(_with_copies())
    linkers = stages.select(LINKERS)
    with open_store(path) as store:
        for size in sizes:
            batch = [next(articles) for _ in range(size)]
            for a in batch:
                store.write_article(a, {})
            new = None if full else [a.id for a in batch]
            assert pipeline.link(store, linkers, new_ids=new) == []
        linked = _linked(store)
    return {"articles": linked["articles"], "stories": linked["stories"]}


@pytest.fixture(scope="module")
def relinked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """VOA and copies in four batches, each followed by a full relink (the reference)."""
    return _link_in_batches(tmp_path_factory.mktemp("full") / "s.db", [60, 30, 10, 9], full=True)


def test_incremental_copies_and_stories_equal_a_full_relink(relinked: dict[str, Any], tmp_path: Path) -> None:
    linked = _link_in_batches(tmp_path / "s.db", [60, 30, 10, 9], full=False)
    assert linked["articles"] == relinked["articles"]
    assert linked["stories"] == relinked["stories"]
    copies = [a for a in linked["articles"] if a[1]]
    # Every copy found, whichever came first (a copy dated earlier is the original's original).
    assert len(copies) == 20
    assert len({a[4] for a in linked["articles"]}) > 40


@pytest.fixture
def store_of_90(tmp_path: Path) -> Iterator[SQLStore]:
    store = open_store(tmp_path / "s.db")
    articles = _with_copies()
    for a in articles[:90]:
        store.write_article(a, {})
    assert pipeline.link(store, stages.select(LINKERS)) == []
    store.new_articles = articles[90:]  # type: ignore[attr-defined]
    yield store
    store.close()


def test_incremental_link_reads_no_whole_table(
    store_of_90: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = store_of_90.new_articles[:5]  # type: ignore[attr-defined]
    for a in new:
        store_of_90.write_article(a, {})

    def refuse(*_: Any) -> Any:
        raise AssertionError("the incremental path read a whole table")

    monkeypatch.setattr(store_of_90, "articles", refuse)
    monkeypatch.setattr(store_of_90, "records", refuse)
    monkeypatch.setattr(store_of_90, "replace_corpus_records", refuse)
    assert pipeline.link(store_of_90, stages.select(LINKERS), new_ids=[a.id for a in new]) == []
    monkeypatch.undo()
    assert all(a.story_id for a in store_of_90.articles_by_id([a.id for a in new]).values())


def test_a_store_without_the_indexes_is_linked_whole(store_of_90: SQLStore) -> None:
    # A store linked before the indexes existed (or with them dropped) falls back to a full link.
    with store_of_90.engine.begin() as conn:
        for table in ("provenance_docs", "story_df"):
            conn.execute(sa.text(f"DELETE FROM {table}"))
    new = store_of_90.new_articles  # type: ignore[attr-defined]
    for a in new:
        store_of_90.write_article(a, {})
    assert pipeline.link(store_of_90, stages.select(LINKERS), new_ids=[a.id for a in new]) == []
    with store_of_90.engine.connect() as conn:
        indexed = conn.execute(sa.text("SELECT COUNT(*) FROM provenance_docs")).scalar_one()
        counted = conn.execute(sa.text("SELECT n FROM story_df WHERE key = '#articles'")).scalar_one()
    assert indexed == counted == 109
    assert sum(1 for a in store_of_90.articles() if a.copy_of) == 20


def _memberships(linked: dict[str, Any]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for aid, *_, story_id, _extra in linked["articles"]:
        groups.setdefault(story_id, []).append(aid)
    return sorted(sorted(ids) for ids in groups.values())


def test_stories_in_batches_equal_stories_in_one_run(tmp_path: Path) -> None:
    # Whatever the batches, the same stories as one run: late articles that bridge
    # stored stories merge them, and an original that arrives after its copy (the
    # copy dated later, found its copy only now) joins the copy's story.
    one = _memberships(_link_in_batches(tmp_path / "one.db", [109], full=False))
    for k, sizes in enumerate(([9, 10, 30, 60], [54, 55])):
        assert _memberships(_link_in_batches(tmp_path / f"{k}.db", sizes, full=False)) == one, sizes


def _later_report(tmp_path: Path, published: str = "2026-03-20") -> Path:
    """A VOA report of March 2025 filed again a year later (other day, same words)."""
    row = json.loads(
        (ROOT / "examples" / "corpus" / "voa" / "voa_ceasefire_talks.jsonl").read_text().splitlines()[0]
    )
    row |= {
        "published": published,
        "url": row["url"] + f"?{published}",
        "text": row["text"].replace(". ", ".  ", 1),
    }
    path = tmp_path / "later.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


def test_a_later_report_relinks_only_its_days(
    example_db_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Statements, fused events and positions read only the records near the new article's days,
    and give what relinking the whole store gives."""
    with open_store(example_db_copy) as store:
        whole_reads: list[str] = []
        records = store.records

        def spy(table: str) -> Any:
            whole_reads.append(table)
            return records(table)

        monkeypatch.setattr(store, "records", spy)
        report = pipeline.ingest([_later_report(tmp_path)], store, workers=1)
        monkeypatch.undo()
        assert len(report.added) == 1 and not report.errors
        # every linker reads its neighbourhood (the actors table is read whole)
        read = {"statements", "events", "positions", "position_mentions", "times", "places", "claim_mentions"}
        assert not (read | {"quotes", "claims", "fused_events"}) & set(whole_reads)
        linked = _linked(store)
        said_2026 = [s for s in linked["statements"] if (s["date"] or "") >= "2026"]
        assert said_2026 and all(len(s["mentions"]) == 1 for s in said_2026)
        assert pipeline.link(store) == []
        assert _linked(store) == linked


def test_a_later_report_joins_its_claims_without_reading_the_mentions_whole(
    example_db_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claims linker reads only the similarity components the new mentions join (through its
    postings), no claim mention, quote or claim table whole, and gives what relinking the whole
    store gives: the report filed again a year later joins the claims of the first filing."""
    with open_store(example_db_copy) as store:
        whole_reads: list[str] = []
        records = store.records

        def spy(table: str) -> Any:
            whole_reads.append(table)
            return records(table)

        monkeypatch.setattr(store, "records", spy)
        report = pipeline.ingest([_later_report(tmp_path)], store, workers=1)
        monkeypatch.undo()
        assert len(report.added) == 1 and not report.errors
        assert not {"claim_mentions", "quotes", "claims", "fused_events", "events"} & set(whole_reads)
        (new_id,) = report.added
        claims = [to_dict(c) for c in store.records("claims")]
        joined = [
            c
            for c in claims
            if len({m["article_id"] for m in c["mentions"]} - {new_id})
            and any(m["article_id"] == new_id for m in c["mentions"])
        ]
        assert len(joined) > 5
        assert pipeline.link(store) == []
        assert [to_dict(c) for c in store.records("claims")] == claims


def test_a_store_without_the_claim_counts_links_claims_whole(
    seeds_store_copy: SQLStore, tmp_path: Path
) -> None:
    # A store linked before the claims linker kept its counts: an ingest relinks every claim
    # (and counts them), as a full relink does.
    with seeds_store_copy.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE claim_key_df"))
    body = _seed("000").read_text(encoding="utf-8")
    (tmp_path / "reprint.txt").write_text(body + "\n", encoding="utf-8")
    report = pipeline.ingest([tmp_path / "reprint.txt"], seeds_store_copy, workers=1)
    assert len(report.added) == 1 and not report.errors
    claims = [to_dict(c) for c in seeds_store_copy.records("claims")]
    assert any(len({m["article_id"] for m in c["mentions"]}) == 2 for c in claims)
    with seeds_store_copy.engine.connect() as conn:
        keysets = conn.execute(sa.text("SELECT n FROM claim_key_df WHERE word = ''")).scalar_one()
        distinct = conn.execute(sa.text("SELECT COUNT(*) FROM claim_keysets")).scalar_one()
    assert keysets == distinct > 100
    assert pipeline.link(seeds_store_copy) == []
    assert [to_dict(c) for c in seeds_store_copy.records("claims")] == claims


def test_a_new_seed_changes_only_claims_a_full_relink_gives(tmp_path: Path) -> None:
    """The VOA corpus and four seeds, then the fifth: every claim the ingest rebuilt (those
    holding a mention of the new seed among them) is the claim a full relink gives. A full relink
    also regroups a few claims the new mentions do not touch, because each key's IDF moved with
    the count of distinct key sets (docs/provenance.md, "Claims"): those stay as the first run
    made them."""
    voa = ROOT / "examples" / "corpus" / "voa"
    with open_store(tmp_path / "s.db") as store:
        pipeline.ingest([voa, *(_seed(p) for p in ("000", "001", "002", "003"))], store, workers=1)
        before = {c.id: to_dict(c) for c in store.records("claims")}
        report = pipeline.ingest([_seed("004")], store, workers=1)
        assert len(report.added) == 1 and not report.errors
        linked = {c.id: to_dict(c) for c in store.records("claims")}
        assert pipeline.link(store) == []
        full = {c.id: to_dict(c) for c in store.records("claims")}
    new = report.added[0]
    rebuilt = [c for cid, c in linked.items() if before.get(cid) != c]
    assert any(m["article_id"] == new for c in rebuilt for m in c["mentions"])
    assert all(full.get(c["id"]) == c for c in rebuilt)
    drifted = [c for cid, c in linked.items() if full.get(cid) != c]
    assert all(before.get(c["id"]) == c for c in drifted)
    assert len(drifted) <= len(linked) // 20


def test_a_batch_from_two_weeks_reads_two_windows_not_the_months_between() -> None:
    days = scope.days_of(["2025-03-11", "2025-03-13", "2025-06-02", None])
    assert days is None  # an undated record may be near any: no window
    days = scope.days_of(["2025-03-11", "2025-03-13", "2025-06-02"])
    assert scope.windows(days or [], 4) == [("2025-03-07", "2025-03-17"), ("2025-05-29", "2025-06-06")]
    assert scope.windows([(dt.date(2025, 3, 1), dt.date(2025, 3, 31))], 0) == [("2025-03-01", "2025-03-31")]


def test_word_counts_follow_items_in_and_out(tmp_path: Path) -> None:
    counts = WordCounts("test_words", lambda text: set(text.split()))
    with open_store(tmp_path / "s.db") as store:
        assert not counts.ready(store)
        counts.write(store, ["troops encircled in kursk", "troops withdrew"])
        counts.add(store, ["kursk fighting continued"])
        idf = counts.idf(store, {"troops", "kursk", "fighting", "never"})
        # three items: "troops" and "kursk" in two, "fighting" in one; an unseen word as rare as one
        assert idf["troops"] == idf["kursk"] < idf["fighting"] == idf["never"]
        counts.add(store, ["troops withdrew"], sign=-1)
        assert counts.starting(store, "tro") == {"troops": 1}
        assert counts.ready(store)


def test_postings_find_items_sharing_words_within_the_days(tmp_path: Path) -> None:
    postings = Postings("test_postings")
    with open_store(tmp_path / "s.db") as store:
        assert not postings.ready(store)
        postings.write(store, [("a", "2025-03-10", {"troops", "kursk"}), ("b", "2025-06-01", {"kursk"})])
        postings.add(store, [("c", "", {"kursk", "withdrew"}), ("a", "2025-03-10", {"troops"})])
        found = postings.sharing(store, {"kursk", "troops", "never"}, [("2025-03-06", "2025-03-14")])
        # "b" is months away; "c" has no known day, so it is near any; "a" added twice is one
        assert found == {"a": ("2025-03-10", {"troops", "kursk"}), "c": ("", {"kursk"})}
        assert postings.ready(store)


def test_new_quotes_read_only_the_stored_quotes_sharing_their_words(
    seeds_store: SQLStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The statements scope of a batch holds the stored quotes that share two words or figures
    with a new one and the statements of those, no other; the result is a whole run's."""
    scopes: list[set[str]] = []
    link = statements._link

    def spy(corpus: Any, *args: Any) -> Any:
        if corpus.new_ids:
            scopes.append({q.id for q in corpus.records["quotes"]})
        return link(corpus, *args)

    monkeypatch.setattr(statements, "_link", spy)
    with open_store(tmp_path / "two.db") as store:
        pipeline.ingest([_seed("000"), _seed("004"), _seed("001")], store, workers=1)
        stored = {q.id: q for q in store.records("quotes")}
        actors = {a.id for a in store.records("actors")}
        pipeline.ingest([_seed("003"), _seed("002")], store, workers=1)
        two = _linked(store)
        new = [q for q in store.records("quotes") if q.id not in stored]
    assert len(scopes) == 1 and new
    tokens = [statements._figured(q) for q in new]
    near = {i for i, q in stored.items() if any(len(statements._figured(q) & t) >= 2 for t in tokens)}
    joined = {stored[i].statement_id for i in near}
    far = {i for i, q in stored.items() if i not in near and q.statement_id not in joined}
    assert far and near
    assert not scopes[0] & far
    # the new quotes' speakers resolve to the actors stored before them
    assert {q.speaker_id for q in new if q.speaker_id} & actors
    one = _linked(seeds_store)
    for table in one:
        assert two[table] == one[table], table


def test_a_new_event_reads_only_stored_mentions_whose_sides_can_fit(seeds_store: SQLStore) -> None:
    from sitrep.link.events import _fitting_sides

    assaults = seeds_store.records_where("events", "type", ["ASSAULT"])
    sides = {(e.actor.country if e.actor else None) for e in assaults}
    assert "RUS" in sides and len(sides - {"RUS", None}) > 0  # Russian strikes among others'
    # A new Russian assault on an unknown target: stored ones by Russia or by no one named.
    (kind,) = _fitting_sides("ASSAULT", ("RUS", None))
    read = seeds_store.records_where(
        "events", "type", ["ASSAULT"], also={"actor_country": kind["actor_country"]}
    )
    assert {e.id for e in read} == {
        e.id for e in assaults if (e.actor.country if e.actor else None) in ("RUS", None)
    }
    # Talks are symmetric: either side may name the new talks' party.
    assert len(_fitting_sides("CONSULT", frozenset({"USA", "UKR"}))) == 2
    assert _fitting_sides("CONSULT", frozenset()) == [{"type": ["CONSULT"]}]


def test_a_scope_reads_articles_without_their_copy_evidence(seeds_store: SQLStore) -> None:
    ids = [a.id for a in seeds_store.articles()]
    full, light = seeds_store.articles_by_id(ids), scope.with_originals(seeds_store, ids)
    assert any(a.extra for a in full.values()) and not any(a.extra for a in light.values())
    assert [(a.id, a.outlet, a.published, a.copy_of, a.text) for a in full.values()] == [
        (a.id, a.outlet, a.published, a.copy_of, a.text) for a in light.values()
    ]


def test_a_new_event_is_compared_with_the_nearest_stored_events_on_each_side(seeds_store: SQLStore) -> None:
    fused = [
        f for f in seeds_store.records("fused_events") if f.type == "ASSAULT" and f.date and len(f.date) == 10
    ]
    days = sorted({f.date for f in fused})
    assert len(days) >= 3
    low, mid, high = days[0], days[len(days) // 2], days[-1]
    kind = {"type": ["ASSAULT"]}
    before = seeds_store.records_between(
        "fused_events", "date", low, mid, unset=False, also=kind, nearest="high", limit=2
    )
    after = seeds_store.records_between(
        "fused_events", "date", mid, high, unset=False, also=kind, nearest="low", limit=2
    )
    by_day = sorted(fused, key=lambda f: (f.date, f.id))
    latest_first = sorted((f for f in by_day if f.date <= mid), key=lambda f: f.date, reverse=True)
    assert [f.id for f in before] == [f.id for f in latest_first[:2]]
    assert [f.id for f in after] == [f.id for f in by_day if f.date >= mid][:2]


def test_a_later_report_takes_again_only_the_mentions_from_its_own(
    example_db_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fusion after an ingest resumes its pass where the new mentions enter, type by type: the
    stored mentions before them stand as their fused events hold them, and are not compared again."""
    from sitrep.link import events

    taken: list[tuple[int, int, int]] = []  # (mentions taken again, of them new, stored standing)
    cluster = events._cluster

    def spy(items: list[Any], stored: Any = ()) -> Any:
        new = sum(1 for i in items if i.event.article_id not in stored_ids)
        taken.append((len(items), new, sum(len(c.members) for c in stored)))
        return cluster(items, stored)

    with open_store(example_db_copy) as store:
        stored_ids = {a.id for a in store.articles()}
        monkeypatch.setattr(events, "_cluster", spy)
        report = pipeline.ingest([_later_report(tmp_path, "2025-03-21")], store, workers=1)
        monkeypatch.undo()
        assert len(report.added) == 1 and not report.errors
        linked = _linked(store)
        assert pipeline.link(store) == []
        assert _linked(store) == linked
    again = sum(n - new for n, new, _ in taken)
    standing = sum(s for *_, s in taken)
    assert sum(new for _, new, _ in taken) > 5 and standing > 10 * max(again, 1)
