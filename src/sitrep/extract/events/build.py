"""Build ``sitrep/data/events/cameo_verbs.json.gz`` from the PETRARCH2 CAMEO verb dictionary.

The verb dictionary (``petrarch2_CAMEO.2.0.txt``, Copyright (c) 2015 Open Event
Data Alliance, MIT License) lists verbs in synonym blocks with a default CAMEO
code and object patterns ("IMPOSE * &SANCTION [163]"). Each code is carried to
PLOVER (type, mode) through ``CAMEO2PLOVER-2021.txt`` (openeventdata/PLOVER,
CC BY-SA 4.0), so the derived file holds PLOVER codes only. CAMEO 01 (public
statements) has no PLOVER event and is dropped; CAMEO 02 (appeals), which the
table leaves out, goes to REQUEST as the PLOVER manual folds requests and
demands together.

Rebuild with ``python -m sitrep.extract.events.build RESOURCES/phoenix EVAL/events/plover``.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "events" / "cameo_verbs.json.gz"
NOTICE = (
    "Derived from petrarch2_CAMEO.2.0.txt, Copyright (c) 2015 Open Event Data Alliance, MIT License; "
    "CAMEO codes mapped through CAMEO2PLOVER-2021.txt (openeventdata/PLOVER, CC BY-SA 4.0)."
)

# The code of a pattern that says the verb makes a statement (CAMEO 01), not an event.
STATEMENT = "STATEMENT"
_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([0-9-]+)(?::[0-9-]+)?\]")
_WORD = re.compile(r"[&A-Z][A-Z0-9'_\-]*")
_PREPS = {
    "to", "with", "from", "against", "on", "in", "for", "of", "into", "at", "by", "over", "about",
    "toward", "towards", "off", "out", "up", "down", "upon", "onto", "through", "across", "as",
}  # fmt: skip


def read_plover_map(path: Path) -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER type, mode or None)."""
    out: dict[str, tuple[str, str | None]] = {}
    for raw in path.read_text("utf-8").splitlines():
        line = raw.split("#", 1)[0]
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line.strip())
        if not m:
            continue
        fields = [f.strip() for f in m.group(2).split(",")]
        mode = fields[1] if len(fields) > 1 and fields[1] else None
        out[m.group(1)] = (fields[0], mode)
    return out


def to_plover(code: str, table: dict[str, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    if not code or not code[:1].isdigit() or code.startswith("01"):
        return None
    if code.startswith("02"):
        return ("REQUEST", None)
    for n in (len(code), 3, 2):
        if code[:n] in table:
            return table[code[:n]]
    return None


def _norm(word: str) -> str:
    return word.strip("_").replace("_", " ").lower()


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    name: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&"):
            name = line.split()[0][1:]
            sets[name] = []
        elif line.startswith("+") and name:
            word = _norm(line[1:].split()[0])
            if word:
                sets[name].append(word.split()[-1])  # the head word of a multi-word entry
        elif not line:
            name = None
    return {k: sorted(set(v)) for k, v in sets.items() if v}


def _elements(text: str) -> tuple[list[str], str | None]:
    """Content words (or &SYNSET references) and the first preposition of one pattern side."""
    prep = None
    words: list[str] = []
    for group in re.findall(r"\(([^)]*)\)|\{([^}]*)\}|(\S+)", text):
        part = next(g for g in group if g)
        toks = [t for t in _WORD.findall(part)]
        for i, tok in enumerate(toks):
            word = tok if tok.startswith("&") else _norm(tok)
            if not word:
                continue
            if group[0] and i == 0 and word in _PREPS and prep is None:
                prep = word
            elif word not in _PREPS:
                words.append(word.split()[-1] if not word.startswith("&") else word)
    return words, prep


def read_verbs(lines: list[str], table: dict[str, tuple[str, str | None]]) -> dict[str, dict]:
    verbs: dict[str, dict] = {}
    block: list[str] = []
    block_code: str | None = None

    def entry(lemma: str) -> dict:
        return verbs.setdefault(lemma, {"code": None, "patterns": []})

    for raw in lines:
        line, _, comment = raw.partition("#")
        line = line.rstrip()
        head = _HEADER.match(line)
        if head:
            block, block_code = [], head.group(2)
            continue
        if not line.strip():
            continue
        if line.startswith("-"):
            m = _CODE.search(line)
            plover = to_plover(m.group(1), table) if m else None
            if m and plover is None and m.group(1).startswith("01"):
                # CAMEO 01 ("express sorrow", "make remarks"): a statement, no event; kept so that
                # the pattern outranks the verb's default code ("express" alone is DISAPPROVE)
                plover = (STATEMENT, None)
            if not plover or not block:
                continue
            body = line[1 : m.start()] if m else line[1:]
            pre, _, post = body.partition("*")
            pre_words, _ = _elements(pre)
            post_words, prep = _elements(post)
            # the comment names the verb the pattern was written for ("# DISMISS"); a block
            # groups unrelated senses (ACCUSE with BREAK OFF), so the pattern stays with its verb
            named = _norm(comment.split()[0]) if comment.split() else ""
            for lemma in [named] if named in block else block:
                entry(lemma)["patterns"].append([pre_words, post_words, prep, *plover])
            continue
        first = line.strip().split()[0]
        lemma = _norm(first.lstrip("+"))
        if not lemma or not lemma[0].isalpha():
            continue
        block.append(lemma)
        own = _CODE.search(line)
        plover = to_plover(own.group(1) if own else (block_code or ""), table)
        e = entry(lemma)
        if plover and e["code"] is None:
            e["code"] = list(plover)
    return {k: v for k, v in verbs.items() if v["code"] or v["patterns"]}


def build(phoenix_dir: Path, plover_dir: Path, target: Path = DATA) -> int:
    table = read_plover_map(plover_dir / "CAMEO2PLOVER-2021.txt")
    lines = (phoenix_dir / "petrarch2_CAMEO.2.0.txt").read_text("utf-8", errors="replace").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("####### VERB PATTERNS"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("######## TRANSFORMATIONS"))
    synsets = read_synsets(lines[:start])
    verbs = read_verbs(lines[start:end], table)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = {"notice": NOTICE, "synsets": synsets, "verbs": verbs}
    with gzip.open(target, "wt", encoding="utf-8") as fh:
        json.dump(payload, fh, separators=(",", ":"), sort_keys=True)
    return len(verbs)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]), Path(sys.argv[2])), "verbs written to", DATA)
