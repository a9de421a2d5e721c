"""Places: the seed articles geocode within tolerance, plus unit cases per reference kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep import nlp
from sitrep.extract.places import geoparse
from sitrep.geo.gazetteer import fold, haversine_km, key, load
from sitrep.records import PlaceMention, to_dict

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "seeds"

# True positions (GeoNames / Wikipedia), not read from the gazetteer under test.
TRUTH = {
    "Sudzha": (51.19, 35.27),
    "Jeddah": (21.54, 39.17),
    "Kryvyi Rih": (47.91, 33.39),
    "Odesa": (46.48, 30.73),
    "Pokrovsk": (48.28, 37.18),
    "Kursk region": (51.77, 36.19),
    "Black Sea": (43.41, 34.30),
}


def places_in(prefix: str) -> list[PlaceMention]:
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    out = geoparse(nlp.load()(text))
    for m in out:
        assert text[m.start : m.end] == m.text
    return out


def parse(text: str) -> list[PlaceMention]:
    return geoparse(nlp.load()(text))


def located(mentions: list[PlaceMention], surface: str) -> PlaceMention:
    for m in mentions:
        if fold(m.text) == fold(surface) and m.lat is not None:
            return m
    raise AssertionError(f"{surface!r} not geocoded: {[(m.text, m.name) for m in mentions]}")


def km(m: PlaceMention, truth: str) -> float:
    assert m.lat is not None and m.lon is not None
    return haversine_km(m.lat, m.lon, *TRUTH[truth])


@pytest.mark.parametrize(
    ("prefix", "surface", "truth", "tolerance"),
    [
        ("000", "Sudzha", "Sudzha", 25),
        ("000", "Jeddah", "Jeddah", 25),
        ("000", "Kryviy Rih", "Kryvyi Rih", 25),
        ("000", "Odesa", "Odesa", 25),
        ("003", "Pokrovsk", "Pokrovsk", 25),
        ("000", "Kursk region", "Kursk region", 150),
        ("000", "Black Sea", "Black Sea", 150),
    ],
)
def test_seed_places(prefix: str, surface: str, truth: str, tolerance: float) -> None:
    m = located(places_in(prefix), surface)
    assert km(m, truth) <= tolerance, m


def test_seed_features_and_countries() -> None:
    ms = places_in("000")
    assert located(ms, "Sudzha").country == "RUS"
    assert located(ms, "Kursk region").feature == "region"
    assert located(ms, "Black Sea").feature == "sea"
    ukraine = located(ms, "Ukraine")
    assert (ukraine.feature, ukraine.country, ukraine.geonameid) == ("country", "UKR", 690791)


@pytest.mark.parametrize(
    ("variant", "canonical_country"),
    [("Kryviy Rih", "UKR"), ("Kryvyi Rih", "UKR"), ("Krivoy Rog", "UKR"), ("Zaporizhzhya", "UKR"),
     ("Odessa", "UKR"), ("Kiev", "UKR"), ("Kyiv", "UKR")],
)  # fmt: skip
def test_transliteration_variants(variant: str, canonical_country: str) -> None:
    m = located(parse(f"Missiles struck {variant} overnight, officials in Ukraine said."), variant)
    assert m.country == canonical_country and m.feature == "city"


def test_variants_share_a_point() -> None:
    a = located(parse("Shelling hit Odessa."), "Odessa")
    b = located(parse("Shelling hit Odesa."), "Odesa")
    assert (a.lat, a.lon) == (b.lat, b.lon)
    assert key("Zaporizhzhya") == key("Zaporizhzhia")


def test_descriptive_capital_and_kremlin() -> None:
    ms = parse("Talks were held in the Belarusian capital, and the Kremlin said they went well.")
    capital = next(m for m in ms if "capital" in m.text)
    assert capital.name == "Minsk" and capital.country == "BLR"
    kremlin = next(m for m in ms if "Kremlin" in m.text)
    assert haversine_km(kremlin.lat, kremlin.lon, 55.75, 37.62) < 5
    ukr = next(m for m in parse("Drones hit the Ukrainian capital overnight.") if "capital" in m.text)
    assert ukr.name == "Kyiv"


def test_regions_and_namesake_cities() -> None:
    ms = parse("Russian troops advanced in the Donetsk region. Later they shelled Donetsk and Zaporizhzhia.")
    region = located(ms, "Donetsk region")
    assert region.feature == "region" and region.country == "UKR"
    city = next(m for m in ms if m.text == "Donetsk")
    assert city.feature == "city"
    assert haversine_km(city.lat, city.lon, 48.02, 37.80) < 25
    kherson = located(parse("Fighting continued in the Kherson oblast."), "Kherson oblast")
    assert kherson.feature == "region"


def test_context_disambiguates() -> None:
    # Odessa, Texas is a real town; in a Ukrainian story Odessa is the port.
    ua = located(parse("Russia fired drones at Odessa, Ukraine's port on the Black Sea."), "Odessa")
    assert ua.country == "UKR"
    us = located(parse("Oil workers in Odessa, Texas, said the United States market fell."), "Odessa")
    assert us.country == "USA"


def test_unknown_words_are_not_places() -> None:
    ms = parse("On Monday Trump said in August that the Atlantic Council and Alan Cullison agreed.")
    assert {m.text for m in ms} & {"Monday", "August", "Alan"} == set()


def test_gazetteer_loads_once_and_is_compact() -> None:
    g = load()
    assert load() is g
    assert len(g) > 200_000
    assert g.lookup("Sudzha")[0].population > 1000


def test_pipeline_exports_places(seeds_analysed, seeds_store) -> None:
    # The session's seeds store: seed 000's places, as its own ingest would have stored them.
    store, report = seeds_store, seeds_analysed.report
    assert report.added and not [e for e in report.errors if e.stage.startswith("extract")]
    article = next(a for a in store.articles() if Path(a.source).name.startswith("000_"))
    rows = [to_dict(r) for r in store.records("places") if r.article_id == article.id]
    names = {r["name"] for r in rows}
    assert {"Sudzha", "Jeddah", "Odesa"} <= names
    for r in rows:
        assert article.text[r["start"] : r["end"]] == r["text"]
        assert set(r) >= {"article_id", "name", "feature", "country", "lat", "lon", "geonameid"}


def test_cli_places_lists_counts_and_coordinates(seeds_analysed) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app

    db = seeds_analysed.path  # seed 000 (Sudzha) among the others
    result = CliRunner().invoke(app, ["places", "--store", str(db), "--limit", "0"])
    assert result.exit_code == 0, result.output
    assert "Sudzha" in result.output and "51.191" in result.output


def test_ambiguous_name_does_not_confirm_itself() -> None:
    # Two mentions of "Georgia" must not outvote the article's US context.
    text = (
        "Cases were confirmed in Alabama and Iowa, the United States health agency said. "
        "Georgia reported two more, and officials in Georgia closed schools."
    )
    ms = [m for m in parse(text) if m.text == "Georgia"]
    assert ms and all(m.country == "USA" and m.feature == "region" for m in ms)
    caucasus = located(
        parse("Russian troops crossed from Georgia's breakaway region into Armenia."), "Georgia"
    )
    assert caucasus.country == "GEO"


def test_continent_beats_a_town_alternate_name() -> None:
    m = located(parse("The outbreak spread across Africa, the World Health Organization said."), "Africa")
    assert m.feature == "continent"


def test_country_or_state_opening_an_organisation_name() -> None:
    ms = parse("A spokesman for the California Department of Public Health confirmed the case.")
    ca = located(ms, "California")
    assert ca.feature == "region" and ca.country == "USA"
    us = located(parse("The US Centers for Disease Control issued a warning."), "US")
    assert us.country == "USA"
    # Not any organisation: "Bank of America" names no place on its own.
    assert not [m for m in parse("Bank of America raised its rates.") if m.name == "United States"]


def test_region_code_abbreviation_and_optional_the() -> None:
    nsw = located(parse("Floods hit towns in northern NSW on Tuesday."), "NSW")
    assert nsw.name == "New South Wales" and nsw.feature == "region"
    drc = located(
        parse("Ebola returned to the Democratic Republic of Congo."), "Democratic Republic of Congo"
    )
    assert drc.country == "COD"


def test_designated_island() -> None:
    java = located(parse("A tsunami hit the Indonesian island of Java on Monday."), "Java")
    assert java.country == "IDN"


def test_country_point_is_on_the_main_landmass() -> None:
    # The USA's reference point (38, -97) is pulled off by Alaska and Hawaii; the main
    # landmass centroid lies near the geographic centre of the contiguous states.
    us = next(p for p in load().lookup("United States") if p.feature == "country")
    assert haversine_km(us.lat, us.lon, 39.83, -98.58) < 100
    # An archipelago keeps its reference point, which lies between its islands.
    indonesia = next(p for p in load().lookup("Indonesia") if p.feature == "country")
    assert (indonesia.lat, indonesia.lon) == (-5.0, 120.0)


def test_second_level_units() -> None:
    # UK and US counties are second-level units ("district"), placed from their towns.
    suffolk = located(parse("Bird flu was confirmed at a turkey farm in Suffolk, England."), "Suffolk")
    assert suffolk.feature == "district" and suffolk.country == "GBR"
    assert haversine_km(suffolk.lat, suffolk.lon, 52.19, 1.0) < 60
    # Two dozen states have a Scott County: the state named in the article picks it.
    ms = parse("An HIV outbreak in Scott County has alarmed health officials in Indiana.")
    scott = located(ms, "Scott County")
    assert scott.feature == "district" and haversine_km(scott.lat, scott.lon, 38.68, -85.75) < 60
    # A bare town name stays the town, not the raion named after it.
    bakhmut = located(parse("Russian forces shelled Bakhmut in Ukraine."), "Bakhmut")
    assert bakhmut.feature == "city"


def test_unit_word_the_gazetteer_lacks_falls_back_to_the_name() -> None:
    ms = parse("Samples were taken from villagers in the Kabanjahe district of Sumatra in Indonesia.")
    kabanjahe = located(ms, "Kabanjahe district")
    assert kabanjahe.country == "IDN"


def test_designator_overrules_a_nationality_label() -> None:
    # The small model tags Toruń as NORP; "the town of" makes it a place.
    ms = parse(
        "Dead swans were discovered in the northern town of Toruń, famous as the birthplace of Copernicus."
    )
    torun = located(ms, "Toruń")
    assert torun.country == "POL" and haversine_km(torun.lat, torun.lon, 53.01, 18.6) < 25


def test_names_listed_after_a_place_are_places() -> None:
    ms = parse("As of December, about 6,000 pigs at Pandi, Bulacan and Talavera farms had tested positive.")
    for name in ("Pandi", "Bulacan", "Talavera"):
        assert located(ms, name).country == "PHL"


def test_a_name_read_as_a_place_once_is_a_place_throughout() -> None:
    text = (
        "An estimated 5,000 birds were found dead in the area of Esperance, on the state's south "
        "eastern coast. Esperance residents first noticed large numbers of dead birds in December."
    )
    ms = [m for m in parse(text) if m.text == "Esperance"]
    assert len(ms) == 2 and all(m.country == "AUS" for m in ms)
    # ... but not inside a longer person's name.
    ms = parse("Officials in Harden, New South Wales, met Maya Harden on Monday.")
    assert [m.text for m in ms if "Harden" in m.text] == ["Harden"]


def test_region_named_by_its_neighbours() -> None:
    # "Buffalo, New York": a town and then the state holding it.
    ms = parse("A 9-year-old girl from Buffalo, New York, died of complications from the flu.")
    ny = located(ms, "New York")
    assert ny.feature == "region" and ny.country == "USA"
    # A name listed among provinces is a province, not the city of that name.
    ms = parse("Cases occurred in British Columbia, Alberta, Manitoba, Ontario and New Brunswick in January.")
    nb = located(ms, "New Brunswick")
    assert nb.feature == "region" and nb.country == "CAN"
    # A city's address overrules a country of the same name.
    ms = parse("The samples were sent to the Centers for Disease Control in Atlanta, Georgia.")
    assert located(ms, "Georgia").country == "USA"
    # ... and the town inside it: Blakely of Georgia, not a larger Blakely elsewhere.
    ms = parse("The recall follows an outbreak traced to a plant in Blakely, Georgia, last year.")
    blakely = located(ms, "Blakely")
    assert blakely.country == "USA" and haversine_km(blakely.lat, blakely.lon, 31.38, -84.93) < 25
    # The second name may say which entry the first is.
    ms = parse("A patient was admitted to a hospital in Washington, D.C. after showing symptoms.")
    assert located(ms, "Washington").feature == "city"
    assert (
        located(
            parse("The strain is present in provinces other than KwaZulu-Natal."), "KwaZulu-Natal"
        ).country
        == "ZAF"
    )
    # A bare name among other provinces of its country is the province, not its namesake city.
    ms = parse("Twelve cases were in Ontario, eight in Alberta, one in New Brunswick, and one in Quebec.")
    assert located(ms, "Quebec").feature == "region"
    # Alone, New York is still the city.
    assert located(parse("She flew from London to New York on Monday."), "New York").feature == "city"


def test_entity_cut_short_grows_to_the_known_name() -> None:
    # The small model tags "Guinea" of "Guinea-Bissau" and "Democratic Republic" alone.
    ms = parse("Cholera hit Burkina Faso, Guinea, Guinea-Bissau, Liberia and Mali this year.")
    assert any(m.text == "Guinea-Bissau" and m.country == "GNB" for m in ms)
    ms = parse("Polio cases rose in Angola, Chad, and Democratic Republic of the Congo last year.")
    assert any(m.text == "Democratic Republic of the Congo" and m.country == "COD" for m in ms)
    ms = parse("One case each was reported in Rio Grande do Sul, Tocantins, and Minas Gerais.")
    rgs = located(ms, "Rio Grande do Sul")
    assert rgs.feature == "region" and rgs.country == "BRA"


def test_known_name_inside_an_unknown_entity() -> None:
    ms = parse("Three babies died in Pingliang city in northwest China after drinking the milk.")
    assert located(ms, "Pingliang").country == "CHN"
    # A landform word left alone is no place: "Rift Valley" is not a town called Valley.
    ms = parse("Cases have been reported in the Rift Valley of Kenya.")
    assert all(m.name != "Valley" for m in ms)


def test_region_code_of_a_region_named_in_full() -> None:
    text = (
        "Restrictions were placed on horses in New South Wales (NSW). "
        "The NSW government has confirmed infections at Randwick."
    )
    codes = [m for m in parse(text) if m.text == "NSW"]
    assert len(codes) == 2 and all(m.name == "New South Wales" for m in codes)
    # Without the full name, a three-letter capitalised word is left alone.
    assert not [m for m in parse("The NSW government has confirmed infections.") if m.text == "NSW"]


def test_former_provinces_and_aliases() -> None:
    ms = parse("Deaths were reported in Nyanza Province, Rift Valley Province and Western Province of Kenya.")
    nyanza = located(ms, "Nyanza Province")
    assert nyanza.country == "KEN" and haversine_km(nyanza.lat, nyanza.lon, -0.5, 34.6) < 100
    assert located(ms, "Rift Valley Province").country == "KEN"
    ms = parse("Ebola was noticed in June in Kasai Occidental province in the DRC.")
    assert located(ms, "Kasai Occidental province").country == "COD"


def test_cache_write_is_atomic_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.geo import gazetteer

    g = load()
    target = tmp_path / "gazetteer-x.pickle"
    gazetteer._store(g, target)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]

    # A write that fails half-way leaves the old file intact and no temp file.
    def broken_dump(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(gazetteer.pickle, "dump", broken_dump)
    gazetteer._store(g, target)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


# -- issue 11: Washington, addresses, people and titles, hyphenated names ----------------------

VOA_CEASEFIRE = (
    Path(__file__).resolve().parents[1] / "examples" / "corpus" / "voa" / "voa_ceasefire_talks.jsonl"
)


def _voa(record_id: str) -> str:
    import json

    for line in VOA_CEASEFIRE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == record_id:
            return record["text"]
    raise KeyError(record_id)


def test_washington_in_political_news_is_the_capital() -> None:
    for prefix in ("000", "001", "004"):
        washington = [m for m in places_in(prefix) if m.text == "Washington"]
        assert washington, prefix
        assert all(m.feature == "city" and abs(m.lon - (-77.04)) < 0.5 for m in washington), prefix


def test_a_town_named_with_its_region_lies_in_that_region() -> None:
    # "The G7 talks in Charlevoix, Quebec, brought together ministers ..." (VOA, 14 March 2025):
    # the gazetteer knows only Charlevoix, Michigan
    ms = parse(_voa("8010842"))
    charlevoix = located(ms, "Charlevoix")
    assert charlevoix.country == "CAN"
    assert located(ms, "Quebec").country == "CAN"


def test_surnames_and_titles_are_not_towns() -> None:
    # seed 004: "According to Rubio, Washington hopes ..."; VOA: "Secretary of State Marco Rubio"
    names = {m.text for m in places_in("004")} | {m.text for m in parse(_voa("8008456"))}
    assert "Rubio" not in names and "Secretary" not in names


def test_half_of_a_hyphenated_name_is_no_town() -> None:
    # "G7 foreign ministers also discussed China’s role in global security, Indo-Pacific stability"
    ms = parse(_voa("8010030")) + parse(_voa("8010842"))
    assert not [m for m in ms if m.text == "Pacific" and m.feature == "city"]
