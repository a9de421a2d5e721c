"""Geoparsing on GeoVirus (Gritta et al.): place-mention recall and accuracy within 161 km.

Usage: .venv/bin/python bench/places.py [path/to/GeoVirus.xml] [-v] [--failures]

``--failures`` prints every miss grouped by its likely cause (see :func:`classify`).

* recall: share of gold place mentions overlapped by a predicted mention;
* accuracy@161km: among the gold mentions found, share whose predicted
  coordinates lie within 161 km (100 miles) of the gold (a found mention with
  no coordinates counts as wrong);
* cost: gazetteer build (cold) and load (warm cache) time and peak Python
  memory, and the time of the times + places stages relative to spaCy's parse.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "geo" / "geovirus" / "GeoVirus.xml"


def load_gold(path: Path) -> list[tuple[str, list[tuple[int, int, float, float, str]]]]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        locs = []
        for loc in art.iter("location"):
            start, end = int(loc.findtext("start") or 0), int(loc.findtext("end") or 0)
            name = loc.findtext("name") or ""
            # GeoVirus offsets are one past the name (text[start - 1 : end - 1] == name for all
            # 2,170); realign so that spans compare with ours character for character.
            if text[start:end] != name and text[start - 1 : end - 1] == name:
                start, end = start - 1, end - 1
            locs.append(
                (
                    start,
                    end,
                    float(loc.findtext("lat") or 0),
                    float(loc.findtext("lon") or 0),
                    name,
                )
            )
        out.append((text, locs))
    return out


Gold = tuple[int, int, float, float, str]
CAUSES = (
    "country/continent point convention",
    "region point convention",
    "US state vs country",
    "region vs city",
    "wrong candidate chosen",
    "mention boundary",
    "abbreviation",
    "demonym",
    "missing from gazetteer",
    "not detected (name in gazetteer)",
    "not detected (name not in gazetteer)",
)


def classify(g: object, gold: Gold, hit: object | None, text: str) -> tuple[str, str]:
    """The likely cause of one miss and a one-line description.

    A miss is a gold mention either not found or found with coordinates more than
    161 km away. Causes are checked from the most to the least specific: the right
    entry among the candidates of the predicted or the gold name means a ranking
    error; the predicted entry being that very country or region, a point convention.
    """
    from sitrep.geo.gazetteer import fold, haversine_km

    gs, ge, glat, glon, gname = gold
    surface = text[gs:ge]
    abbrev = surface.replace(".", "").isupper() and len(surface.replace(".", "")) <= 5
    if hit is None:
        known = bool(g.lookup(surface))  # type: ignore[attr-defined]
        cause = (
            "abbreviation"
            if abbrev and not known
            else ("not detected (name in gazetteer)" if known else "not detected (name not in gazetteer)")
        )
        return cause, f"{surface!r} (gold {glat:.2f},{glon:.2f})"
    where = f"{surface!r} -> {hit.name} [{hit.feature}, {hit.country}]"  # type: ignore[attr-defined]
    if hit.lat is None:  # type: ignore[attr-defined]
        if abbrev:
            return "abbreviation", where
        if fold(hit.text) in g.demonyms:  # type: ignore[attr-defined]
            return "demonym", where
        return "missing from gazetteer", where
    dist = haversine_km(hit.lat, hit.lon, glat, glon)  # type: ignore[attr-defined]
    where += f" {dist:.0f} km"
    by_hit = g.lookup(hit.text)  # type: ignore[attr-defined]
    by_gold = g.lookup(surface) + g.lookup(gname)  # type: ignore[attr-defined]
    good = [p for p in by_hit + by_gold if haversine_km(p.lat, p.lon, glat, glon) <= 161]
    if good:
        if (hit.start, hit.end) != (gs, ge) and not any(p in good for p in by_hit):  # type: ignore[attr-defined]
            return "mention boundary", where + f" (span {hit.text!r})"  # type: ignore[attr-defined]
        best = good[0]
        where += f"; right: {best.name} [{best.feature}, {best.country}]"
        if hit.feature == "country" and any(p.feature == "region" and p.country == "USA" for p in good):  # type: ignore[attr-defined]
            return "US state vs country", where
        if {hit.feature, best.feature} == {"city", "region"}:  # type: ignore[attr-defined]
            return "region vs city", where
        return "wrong candidate chosen", where
    same = any(p.index == getattr(hit, "_index", -1) for p in by_gold) or fold(hit.name) in {  # type: ignore[attr-defined]
        fold(p.name) for p in by_gold
    }
    if hit.feature in ("country", "continent") and (same or dist < 1500):  # type: ignore[attr-defined]
        return "country/continent point convention", where
    if hit.feature == "region" and (same or dist < 600):  # type: ignore[attr-defined]
        return "region point convention", where
    if abbrev:
        return "abbreviation", where
    return "missing from gazetteer", where


def measure_gazetteer() -> None:
    import os

    from sitrep.geo import gazetteer

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SITREP_CACHE_DIR"] = tmp
        # Cold: built from the packages' data and cached (tracemalloc would slow it 7x).
        t0 = time.perf_counter()
        gazetteer.load()
        cold = time.perf_counter() - t0
        gazetteer.load.cache_clear()
        t0 = time.perf_counter()
        gazetteer.load()
        warm = time.perf_counter() - t0
        gazetteer.load.cache_clear()
        tracemalloc.start()  # a separate load for memory: tracing slows loading
        g = gazetteer.load()
        current, warm_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    del os.environ["SITREP_CACHE_DIR"]
    print(f"gazetteer: {len(g)} entries, {len(g.index)} name keys")
    print(f"  cold build (first use, then cached) {cold:.2f} s")
    print(
        f"  warm load from cache {warm:.2f} s (peak {warm_peak / 2**20:.0f} MiB, resident {current / 2**20:.0f} MiB)"
    )


def main() -> None:
    from sitrep import nlp
    from sitrep.extract.places import geoparse
    from sitrep.extract.times import resolve_times
    from sitrep.geo import gazetteer
    from sitrep.geo.gazetteer import haversine_km

    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    path = Path(args[0]) if args else DEFAULT
    data = load_gold(path)
    measure_gazetteer()
    gazetteer.load()
    nl = nlp.load()
    nl("warm up")

    t0 = time.perf_counter()
    docs = list(nl.pipe([t for t, _ in data], batch_size=32))
    parse_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    preds = [geoparse(doc) for doc in docs]
    places_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for doc in docs:
        resolve_times(doc.text, None, doc=doc)
    times_s = time.perf_counter() - t0

    gold_n = found = correct = small_found = small_correct = 0
    misses: list[str] = []
    wrong: list[str] = []
    failures: dict[str, list[str]] = {c: [] for c in CAUSES}
    g = gazetteer.load()
    # Precision: a predicted mention overlapping no gold mention is a false positive
    # (or a place GeoVirus did not annotate, so this is a lower bound).
    pred_n = sum(len(p) for p in preds)
    spurious: list[str] = []
    for (_text, gold), pred in zip(data, preds, strict=True):
        for p in pred:
            if not any(p.start < ge and gs < p.end for gs, ge, *_ in gold):
                spurious.append(p.text)
    for (text, gold), pred in zip(data, preds, strict=True):
        for gs, ge, glat, glon, gname in gold:
            gold_n += 1
            hit = next((p for p in pred if p.start < ge and gs < p.end), None)
            if hit is None:
                misses.append(gname)
                if "--failures" in sys.argv:
                    cause, line = classify(g, (gs, ge, glat, glon, gname), None, text)
                    failures[cause].append(line)
                continue
            found += 1
            ok = hit.lat is not None and haversine_km(hit.lat, hit.lon, glat, glon) <= 161
            if hit.feature not in ("country", "continent"):
                small_found += 1
                small_correct += ok
            if ok:
                correct += 1
            else:
                wrong.append(f"{gname} -> {hit.name} ({hit.country})")
                if "--failures" in sys.argv:
                    cause, line = classify(g, (gs, ge, glat, glon, gname), hit, text)
                    failures[cause].append(line)
    print(f"GeoVirus: {len(data)} articles, {gold_n} gold place mentions")
    print(f"place-mention recall: {found / gold_n:.3f} ({found}/{gold_n})")
    print(
        f"precision (predicted mentions overlapping a gold one): "
        f"{1 - len(spurious) / max(pred_n, 1):.3f} ({pred_n - len(spurious)}/{pred_n})"
    )
    print(f"accuracy within 161 km (of found): {correct / max(found, 1):.3f} ({correct}/{found})")
    print(f"end-to-end (correct / all gold): {correct / gold_n:.3f}")
    # A country's or continent's "position" is a convention (GeoVirus uses Wikipedia's
    # point, the gazetteer GeoNames/countryinfo centroids, often >161 km apart).
    print(
        f"accuracy within 161 km, places below country level: "
        f"{small_correct / max(small_found, 1):.3f} ({small_correct}/{small_found})"
    )
    print(
        f"time: spaCy parse {parse_s:.2f} s; places {places_s:.2f} s; times {times_s:.2f} s; "
        f"stages add {(places_s + times_s) / parse_s:.1%} to the parse"
    )
    if "--failures" in sys.argv:
        from collections import Counter

        print("\nmisses by cause (not found, or found > 161 km off):")
        for cause in sorted(CAUSES, key=lambda c: -len(failures[c])):
            lines = failures[cause]
            if not lines:
                continue
            print(f"\n== {cause}: {len(lines)}")
            for line, n in Counter(lines).most_common(200 if "--all" in sys.argv else 12):
                print(f"  {n:3d} x {line}")
    if "-v" in sys.argv:
        from collections import Counter

        print("most missed:", Counter(misses).most_common(25))
        print("most wrong:", Counter(wrong).most_common(25))
        print("most spurious:", Counter(spurious).most_common(60))


if __name__ == "__main__":
    main()
