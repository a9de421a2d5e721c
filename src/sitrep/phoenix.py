"""A compact lexicon derived from the MIT Phoenix / PETRARCH2 actor dictionaries.

The source dictionaries (``petrarch2_Phoenix.Countries.actors.txt``,
``...International.actors.txt``, ``...MilNonState.actors.txt`` and
``petrarch2_Phoenix.agents.txt``) are Copyright (c) 2014 Open Event Data
Alliance, released under the MIT License; the derived file
``sitrep/data/phoenix_lexicon.json.gz`` keeps that notice. It only *seeds*
what sitrep learns from the articles themselves: which country a name or
demonym belongs to ("Kremlin" -> RUS, "Ukrainian" -> UKR), which sector a
role noun belongs to ("spokesman" -> GOV, "commander" -> MIL), and the
country and sector of well-known people.

Rebuild with ``python -m sitrep.phoenix /path/to/resources/phoenix``.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "phoenix_lexicon.json.gz"
NOTICE = (
    "Derived from the Phoenix/PETRARCH2 dictionaries, Copyright (c) 2014 Open Event Data Alliance, "
    "MIT License (https://opensource.org/licenses/MIT)."
)

_CODE = re.compile(r"\[([A-Z~]{3,})(?:\s+([<>]?\d{6,8})?(?:-(\d{6,8}))?)?\s*\]")
_SUBST = {
    "!PERSON!": ("man", "men", "woman", "women", "person"),
    "!MINIST!": ("minister", "ministers", "ministry"),
}
# Phoenix agent codes are CAMEO/PLOVER sector codes; LEG (legislature) and ELI
# (elites) are kept as they are.
_SECTOR_CODES = {"GOV", "MIL", "REB", "OPP", "CVL", "BUS", "MED", "EDU", "JUD", "COP", "LEG", "SPY", "ELI"}


def _norm(surface: str) -> str:
    text = surface.split("#", 1)[0].strip().lstrip("+").strip()
    text = text.replace("_", " ").strip().lower()
    return re.sub(r"\s+", " ", text)


def _end_key(end: str | None) -> str:
    if end is None:
        return "99999999"
    return end if len(end) == 8 else ("19" if end[:2] > "50" else "20") + end


def _best_code(codes: list[tuple[str, str | None]]) -> tuple[str, str] | None:
    """The code in force last: open-ended or latest end date wins."""
    if not codes:
        return None
    code, end = max(codes, key=lambda c: _end_key(c[1]))
    return code, _end_key(end)


def _split_code(code: str) -> tuple[str | None, str | None]:
    country = code[:3] if code[:3].isalpha() and code[:1] != "~" else None
    sector = None
    for i in range(3, len(code), 3):
        if code[i : i + 3] in _SECTOR_CODES:
            sector = code[i : i + 3]
            break
    return country, sector


def _parse_actor_file(path: Path, out: dict[str, list[str | None]], ends: dict[str, str]) -> None:
    names: list[str] = []
    codes: list[tuple[str, str | None]] = []

    def flush() -> None:
        best = _best_code(codes)
        if best and names:
            code, end = best
            country, sector = _split_code(code)
            kind = "country" if len(code) == 3 else "actor"
            for name in names:
                # A name listed under several actors (Ukrainian: USSR, then Ukraine)
                # belongs to the one in force last.
                if name and (name not in out or end > ends[name]):
                    out[name] = [country, sector, kind]
                    ends[name] = end

    for raw in path.read_text("utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        # "[UKR >911221]" is in force from a date on; "[USRUKR <910824]" until it.
        found = [
            (m.group(1), m.group(2)[1:] if (m.group(2) or "").startswith("<") else m.group(3))
            for m in _CODE.finditer(line)
        ]
        head = _CODE.sub("", line).strip()
        if raw.startswith(("\t", " ")) and not head:
            codes.extend(found)
            continue
        if head.startswith("+"):
            names.append(_norm(head))
            codes.extend(found)
            continue
        flush()
        names, codes = [_norm(head)], list(found)
    flush()


def build(source_dir: Path, target: Path = DATA) -> int:
    names: dict[str, list[str | None]] = {}
    ends: dict[str, str] = {}
    for fname in (
        "petrarch2_Phoenix.Countries.actors.txt",
        "petrarch2_Phoenix.International.actors.txt",
        "petrarch2_Phoenix.MilNonState.actors.txt",
    ):
        _parse_actor_file(source_dir / fname, names, ends)
    agents: dict[str, str] = {}
    for raw in (
        (source_dir / "petrarch2_Phoenix.agents.txt").read_text("utf-8", errors="replace").splitlines()
    ):
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^([A-Z!][A-Z'_\-!. ]*?)\s*(?:\{\})?\s*\[~([A-Z]{3})", line)
        if not m:
            continue
        variants = [m.group(1)]
        for token, words in _SUBST.items():
            variants = [v.replace(token, w) for v in variants for w in (words if token in v else ("",))]
        for variant in variants:
            if "!" not in variant:
                agents.setdefault(_norm(variant), m.group(2))
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = {"notice": NOTICE, "names": names, "agents": agents}
    with gzip.open(target, "wt", encoding="utf-8") as fh:
        json.dump(payload, fh, separators=(",", ":"), sort_keys=True)
    return len(names) + len(agents)


@dataclass(frozen=True, slots=True)
class Entry:
    country: str | None
    sector: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    names: dict[str, Entry]
    agents: dict[str, str]

    def lookup(self, surface: str) -> Entry | None:
        return self.names.get(_norm(surface.replace("’", "'")))

    def country_of(self, word: str) -> str | None:
        """ISO3 of a country name, demonym or capital ("Ukrainian" -> UKR)."""
        entry = self.lookup(word)
        return entry.country if entry and entry.kind == "country" else None

    def sector_of_role(self, noun: str) -> str | None:
        return self.agents.get(_norm(noun))


@functools.cache
def load() -> Lexicon:
    if not DATA.exists():
        return Lexicon({}, {})
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        payload = json.load(fh)
    names = {k: Entry(v[0], v[1], v[2]) for k, v in payload["names"].items()}
    return Lexicon(names, payload["agents"])


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "entries written to", DATA)
