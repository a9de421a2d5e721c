"""Parsed articles at any scale: the real corpus (89 VOA stories + the 5 seeds) analysed once, then
replicated with new ids, new days and new words, each replica carrying its base's records.

A replica keeps its base's length and offsets (a share of its lower-case words is swapped for
words of the same length), so the records' spans stay in place; its day is drawn over two years
and every day its records state moves with it, so replicas of one report are different news to the
linkers that work within a window of days. Records are the article stages' output, before linking.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import random
import re
from pathlib import Path
from typing import Any

from scale import SEEDS, VOA
from sitrep import stages
from sitrep.calendar_words import iso_day
from sitrep.engine import LocalEngine
from sitrep.ingest import iter_items
from sitrep.records import Article, stable_id

Derived = dict[str, list[Any]]
_WORD = re.compile(r"\b[a-z]{3,}\b")


def base(cache: Path) -> list[tuple[Article, Derived]]:
    """The real corpus through the article stages (cached: the parse is the slow part)."""
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    items = [i for i in iter_items([VOA, *sorted(SEEDS.glob("*.txt"))]) if not hasattr(i, "reason")]
    engine = LocalEngine(2)
    try:
        articles = [a for a in engine.clean(items) if isinstance(a, Article) and a.published]
        analysed = engine.analyse(articles, [s for s in stages.plan() if s.kind == "article"])
    finally:
        engine.close()
    out = [(a, derived) for a, (derived, _errors) in zip(articles, analysed, strict=True)]
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(out))
    return out


def replicas(
    corpus: list[tuple[Article, Derived]], n: int, seed: int = 11, start: int = 0
) -> list[tuple[Article, Derived]]:
    """Replicas ``start`` to ``n`` of the series (those before are drawn, not built: a batch
    after a big store holds only its own articles in memory)."""
    rng = random.Random(seed)
    vocab: dict[int, list[str]] = {}
    for article, _ in corpus:
        for w in _WORD.findall(article.text):
            vocab.setdefault(len(w), []).append(w)
    first_day = dt.date(2024, 1, 1)
    out = []
    for i in range(n):
        article, derived = corpus[rng.randrange(len(corpus))]
        day = first_day + dt.timedelta(days=rng.randrange(730))
        shift = day - (iso_day(article.published) or day)
        aid = f"p{i:07d}"
        text = _WORD.sub(lambda m: rng.choice(vocab[len(m[0])]) if rng.random() < 0.3 else m[0], article.text)
        outlet = f"outlet{rng.randrange(300)}.example"
        if i < start:
            continue
        copy = dataclasses.replace(
            article, id=aid, text=text, content_hash=f"parsed-{i}", source=f"replica#{i}",
            published=day.isoformat(), outlet=outlet, url=None,
        )  # fmt: skip
        ids: dict[str, str] = {}
        out.append((copy, {t: [_moved(r, aid, shift, ids) for r in rs] for t, rs in derived.items()}))
    return out


_REFS = ("quote_id", "place_id")


def _moved(record: Any, aid: str, shift: dt.timedelta, ids: dict[str, str]) -> Any:
    """A record of the base article as the replica's: its ids, references and days moved."""
    values: dict[str, Any] = {"id": ids.setdefault(record.id, stable_id(aid, record.id)), "article_id": aid}
    for name in _REFS:
        ref = getattr(record, name, None)
        if ref:
            values[name] = ids.setdefault(ref, stable_id(aid, ref))
    for name in ("date", "value"):
        day = iso_day(getattr(record, name, None)) if isinstance(getattr(record, name, None), str) else None
        if day is not None and len(getattr(record, name)) == 10:
            values[name] = (day + shift).isoformat()
    fields = {f.name for f in dataclasses.fields(record)}
    return dataclasses.replace(record, **{k: v for k, v in values.items() if k in fields})
