"""The Ray engine runs the same per-article stages as the local one."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.engine import make_engine
from sitrep.store import open_store

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "seeds"


def _stored(store_path: Path, **options: object) -> dict[str, tuple]:
    with open_store(store_path) as store:
        report = pipeline.ingest([SEEDS], store, **options)
        assert not report.errors
        return {a.id: (a.text, a.title, a.published) for a in store.articles()}


def test_ray_engine_gives_the_same_articles_as_the_local_engine(
    tmp_path: Path, seeds_analysed, seeds_store
) -> None:
    pytest.importorskip("ray")
    engine = make_engine("ray", workers=2)
    try:
        on_ray = _stored(tmp_path / "ray.db", engine=engine)
    finally:
        engine.close()
    # The session's seeds store was ingested by the local engine with one worker.
    assert not seeds_analysed.report.errors
    local = {a.id: (a.text, a.title, a.published) for a in seeds_store.articles()}
    assert len(on_ray) == 5
    assert on_ray == local


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine("spark")
