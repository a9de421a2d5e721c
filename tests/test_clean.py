"""The cleaning stage on the real seed files, small HTML pages and pattern cases."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import sitrep.clean as clean
from sitrep.clean import CleanError, clean_item, infer_from_neighbours
from sitrep.clean.dates import date_line, infer_from_text, parse_date_value
from sitrep.clean.outlets import cited_outlets, match_byline
from sitrep.records import Article, RawItem

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"
SEEDS = EXAMPLES / "seeds"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def clean_seed(prefix: str) -> Article:
    path = seed(prefix)
    return clean_item(
        RawItem(source=str(path), content=path.read_text(encoding="utf-8"), content_type="text")
    )


# --- 002: a raw page scrape -----------------------------------------------------------------

FURNITURE_002 = [
    "hindustantimes.com",
    "wsj-logo",
    "WSJ",
    "Mar 18, 2025 12:40 PM IST",
    "Ukraine Cease-Fire Hinges on Trump Call With Putin",
    "Ukraine Cease-Fire Hinges on Trump Call With Putin PREMIUM",
    "Write to Alan Cullison at alan.cullison@wsj.com",
    "rec-icon Recommended Topics",
    "Share this article",
    "Russia",
    "Ukraine",
    "See More",
    "For evolved readers seeking more than just news",
    "Subscribe now to unlock this article and access exclusive content to stay ahead",
    "E-paper | Expert Analysis & Opinion | Geopolitics | Sports | Games",
    "Subscribe Now @1199/year",
    "Read full news in source page",
]


def test_002_keeps_every_body_paragraph() -> None:
    article = clean_seed("002")
    lines = article.text.split("\n")
    assert any(x.startswith("WASHINGTON—President Trump’s hopes of getting Moscow") for x in lines)
    assert lines[-1].startswith("Grushko noted that as of today")
    for start in (
        "In Moscow, the Kremlin dampened hopes of any breakthrough.",
        "“We have made no such commitments and we will not negotiate",
        "John Herbst, a former U.S. ambassador to Ukraine",
        "Meanwhile, Secretary of State Marco Rubio told Fox News Radio:",
        "In an interview with Russia’s Izvestia newspaper published Monday",
    ):
        assert any(x.startswith(start) for x in lines), start
    # Every long paragraph of the page is kept, except the site's repeated footer blurb.
    raw = seed("002").read_text(encoding="utf-8").splitlines()
    body = [
        x.strip()
        for x in raw
        if len(x.split()) >= 12 and "Read breaking news" not in x and "Subscribe" not in x and "|" not in x
    ]
    assert len(body) >= 20
    assert all(x in lines for x in body)


def test_002_drops_page_furniture() -> None:
    article = clean_seed("002")
    lines = set(article.text.split("\n"))
    for furniture in FURNITURE_002:
        assert furniture not in lines, furniture
    assert "PREMIUM" not in article.text
    assert "Read breaking news" not in article.text
    assert "@1199" not in article.text
    assert any(n.startswith("boilerplate lines removed:") for n in article.notes)


def test_002_metadata() -> None:
    article = clean_seed("002")
    assert article.title == "Ukraine Cease-Fire Hinges on Trump Call With Putin"
    assert article.outlet == "hindustantimes.com"
    assert article.original_outlet == "The Wall Street Journal"
    assert article.byline == "Alan Cullison"
    assert (article.published, article.published_basis) == ("2025-03-18", "text")
    assert {"Fox News", "RIA Novosti", "Izvestia"} <= set(article.cited_outlets)


def test_003_reprint_notice() -> None:
    article = clean_seed("003")
    assert article.original_outlet == "Radio Free Europe/Radio Liberty"
    assert "originally published" not in article.text
    assert "reprinted with permission" not in article.text
    assert article.text.startswith("US President Donald Trump said he sees")
    assert "reprint of Radio Free Europe/Radio Liberty" in article.notes


def test_004_title_and_cited_outlets() -> None:
    article = clean_seed("004")
    assert article.title == 'Trump: "We have people going to Russia right now" for ceasefire talks'
    assert article.cited_outlets == ["The Guardian", "BBC", "Sky News"]
    assert not article.text.endswith("News")
    assert article.text.split("\n")[-1].startswith("Trump expressed hope")
    assert article.title not in article.text.split("\n")


def test_000_year_from_anchor_events() -> None:
    # "more than three-year full-scale invasion" and "second term less than two months ago".
    article = clean_seed("000")
    assert (article.published, article.published_basis) == ("2025-03-12", "inferred")


def test_date_notes_quote_whole_words() -> None:
    # The note once cut its evidence mid-word ("invasion of Ukrain", "Volodymyr Zelensk").
    note = next(n for n in clean_seed("000").notes if n.startswith("publication date inferred"))
    assert "'more than three-year full-scale invasion of Ukraine " in note
    assert "'President Volodymyr Zelenskyy' in office" in note


def test_001_has_no_year_evidence_alone() -> None:
    # Never invent a year: 001 names no year and no anchor that fixes one.
    article = clean_seed("001")
    assert article.published is None
    assert any(n.startswith("no publication date found") for n in article.notes)


def test_seed_dates_through_pipeline(example_out: Path) -> None:
    from sitrep.store import open_store

    # example_out: `sitrep analyze` of EXAMPLES, once per session; its run's errors are stored.
    store = open_store(example_out / "sitrep.db", create=False)
    try:
        errors = store.run_errors(store.latest_run_id())
        assert not [e for e in errors if e.stage == "clean"]
        by_seed = {Path(a.source).name[:3]: a for a in store.articles() if "/seeds/" in a.source}
    finally:
        store.close()
    truth = {"000": "2025-03-12", "001": "2025-03-13", "003": "2025-03-14", "004": "2025-03-12"}
    for prefix, date in truth.items():
        article = by_seed[prefix]
        assert article.published_basis == "inferred", prefix
        assert "2025-03-11" <= article.published <= "2025-03-18", prefix
        assert article.published == date, prefix
    assert (by_seed["002"].published, by_seed["002"].published_basis) == ("2025-03-18", "text")


# --- the neighbour step ---------------------------------------------------------------------


def _article(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, source=aid, text=text, content_hash=aid, published=published)


def test_neighbours_need_shared_events_and_close_dates() -> None:
    undated = clean_seed("001")
    related = _article(
        "voa",
        "Russian President Vladimir Putin said on Thursday he supports a U.S.-proposed 30-day cease-fire "
        "in Ukraine, but Kremlin aide Yuri Ushakov said it gives Kyiv time to regroup. Steve Witkoff "
        "arrived in Moscow. Zelenskyy said Moscow is prolonging talks. Fighting continues in Kursk.",
        "2025-03-13",
    )
    unrelated = _article(
        "quake",
        "A magnitude 6.2 earthquake struck Sulawesi in Indonesia, the BMKG geophysics agency said. "
        "Rescuers in Mamuju searched collapsed hotels and hospitals for survivors.",
        "2019-03-13",
    )
    assert infer_from_neighbours([undated], [unrelated]) == {}
    far = _article("far", related.text, "2025-06-01")
    assert infer_from_neighbours([undated], [far]) == {}
    assert infer_from_neighbours([undated], [unrelated, related]) == {undated.id: ("2025-03-13", "inferred")}


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Kyiv agrees to truce plan | Example News</title>
<meta property="og:title" content="Kyiv agrees to truce plan after talks in Jeddah">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-03-11T18:04:00+00:00">
<link rel="canonical" href="https://news.example.com/world/kyiv-truce-plan">
<script>var tracking = {"user": 1};</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>
<a href="/subscribe">Subscribe</a></nav></header>
<main><article>
<h1>Kyiv agrees to truce plan after talks in Jeddah</h1>
<p class="byline">By Jane Doe</p>
<p>Ukraine said on Tuesday it was ready to accept a U.S. proposal for an immediate 30-day ceasefire with
Russia, after more than eight hours of talks between the two delegations in the Saudi city of Jeddah.</p>
<p>Washington said it would immediately lift its pause on intelligence sharing and resume security
assistance to Kyiv, according to a joint statement released after the meeting ended.</p>
<p>Secretary of State Marco Rubio told reporters that the offer would now be taken to Moscow, and that
"the ball is now in their court", adding that he hoped for a positive answer within days.</p>
<p>The Kremlin said it would wait for a detailed briefing from American officials before commenting on
the plan, the Interfax news agency reported.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Ten recipes for spring</a></li>
<li><a href="/b">Football scores</a></li></ul></aside></main>
<footer><p>© 2025 Example News. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def test_html_page_text_and_metadata() -> None:
    article = clean_item(RawItem(source="page.html", content=PAGE, content_type="html"))
    paragraphs = article.text.split("\n")
    assert paragraphs[0].startswith("Ukraine said on Tuesday it was ready")
    assert any(p.startswith("Washington said it would immediately lift") for p in paragraphs)
    assert paragraphs[-1].endswith("the Interfax news agency reported.")
    for junk in (
        "Ten recipes",
        "Football scores",
        "All rights reserved",
        "Privacy policy",
        "tracking",
        "Sport",
    ):
        assert junk not in article.text, junk
    assert article.title == "Kyiv agrees to truce plan after talks in Jeddah"
    assert article.byline == "Jane Doe"
    assert article.outlet == "Example News"
    assert article.url == "https://news.example.com/world/kyiv-truce-plan"
    assert (article.published, article.published_basis) == ("2025-03-11", "metadata")
    assert article.cited_outlets == ["Interfax"]


def test_html_without_text_is_refused() -> None:
    page = "<html><head><script>window.x = 1;</script></head><body><script>render()</script></body></html>"
    with pytest.raises(CleanError, match="no article text found"):
        clean_item(RawItem(source="empty.html", content=page, content_type="html"))


def test_text_over_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean, "MAX_CHARS", 2_000)
    text = "\n".join("The talks in Jeddah went on for many hours and ended late at night." for _ in range(60))
    with pytest.raises(CleanError, match=r"too large: 4,\d{3} characters"):
        clean_item(RawItem(source="big.txt", content=text, content_type="text"))


def test_mis_decoded_text_is_refused() -> None:
    with pytest.raises(CleanError, match="not readable"):
        clean_item(RawItem(source="bad.txt", content="\ufffd\ufffd abc " * 200, content_type="text"))


# --- record fields --------------------------------------------------------------------------


def test_record_fields_take_priority_and_unknown_go_to_extra() -> None:
    body = (
        "Big Headline From The Page\n"
        "By Someone Else\n"
        "Top diplomats from the Group of Seven urged Russia on Friday to accept a ceasefire or face sanctions.\n"
        "The statement came after two days of talks in Charlevoix, Quebec, the ministers said."
    )
    item = RawItem(
        source="feed.jsonl#1",
        content=body,
        content_type="text",
        url="https://www.voanews.com/a/g7/8010842.html",
        fields={
            "id": "8010842",
            "title": "G7 urges Russia to accept ceasefire",
            "author": "Nike Ching",
            "published": "Fri, 14 Mar 2025 16:35:50 GMT",
            "source": "Voice of America",
            "section": "Ukraine",
        },
    )
    article = clean_item(item)
    assert article.title == "G7 urges Russia to accept ceasefire"
    assert article.byline == "Nike Ching"
    assert article.outlet == "Voice of America"
    assert (article.published, article.published_basis) == ("2025-03-14", "metadata")
    assert article.extra == {"id": "8010842", "section": "Ukraine"}
    assert article.text.startswith("Top diplomats")


def test_html_record_fields_override_page() -> None:
    item = RawItem(
        source="crawl.warc#3",
        content=PAGE,
        content_type="html",
        fields={"title": "Feed title", "date": "2025-03-12", "site": "Feed Site", "keywords": "ukraine"},
    )
    article = clean_item(item)
    assert (article.title, article.outlet, article.published) == ("Feed title", "Feed Site", "2025-03-12")
    assert article.extra == {"keywords": "ukraine"}


# --- patterns -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Write to Alan Cullison at alan.cullison@wsj.com", ("Alan Cullison", None)),
        ("By Jane Doe", ("Jane Doe", None)),
        ("By Jane Doe and John Roe, Reuters", ("Jane Doe and John Roe", "Reuters")),
        ("Tom Balmforth | Reuters", ("Tom Balmforth", "Reuters")),
        ("By the way, the talks went on.", None),
        ("Russia and Ukraine traded strikes overnight, officials said.", None),
    ],
)
def test_byline_patterns(line: str, expected: tuple[str, str | None] | None) -> None:
    assert match_byline(line) == expected


# --- HTML headline and byline (issue 11): shapes of the pages in bench/data/page_metadata.json ---

SHARED_EVAL = Path("/work/shared/eval")


def _page(head: str, body: str) -> str:
    story = (
        "<p>Ukraine said on Tuesday it was ready to accept a U.S. proposal for an immediate 30-day ceasefire "
        "with Russia, after more than eight hours of talks in the Saudi city of Jeddah.</p>"
        "<p>Washington said it would immediately lift its pause on intelligence sharing and resume security "
        "assistance to Kyiv, according to a joint statement released after the meeting.</p>"
    )
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}<article>{story}</article></body></html>"


def test_visible_h1_beats_a_different_metadata_title() -> None:
    # 9to5mac / CNBC shape: <title> and og:title carry an SEO headline, the reader sees the <h1>;
    # IGN shape: navigation <h1>s come before the headline.
    html = _page(
        "<title>Ukraine truce deal: what we know - Example News</title>"
        '<meta property="og:title" content="Ukraine truce deal: what we know - Example News">'
        '<meta property="og:site_name" content="Example News">',
        "<h1>Games</h1><h1>Example News</h1>"
        "<h1>Ukraine accepts 30-day truce deal after Jeddah talks; what we know so far</h1>",
    )
    article = clean_item(
        RawItem(source="p.html", content=html, content_type="html", url="https://example.com/a")
    )
    assert article.title == "Ukraine accepts 30-day truce deal after Jeddah talks; what we know so far"


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        # sn.dk: no <h1>; the site sits between the headline and the section names
        (
            "Forhandlinger om våbenhvile - sn.dk - Forsiden - Erhverv",
            "https://sn.dk/a/1",
            "Forhandlinger om våbenhvile",
        ),
        # Al Jazeera: a section, then the outlet, known from the domain alone
        (
            "US service members killed in helicopter crash | Afghanistan News | Al Jazeera",
            "https://www.aljazeera.com/news/1",
            "US service members killed in helicopter crash",
        ),
        # a " - " inside the headline stays when what follows is not the site
        (
            "Take C.A.R.E. - comwrap auf der DMEXCO 2018",
            "https://blog.example.org/x",
            "Take C.A.R.E. - comwrap auf der DMEXCO 2018",
        ),
    ],
)
def test_title_tag_site_suffix_cut(title: str, url: str, expected: str) -> None:
    from sitrep.clean.html import page_metadata

    assert page_metadata(_page(f"<title>{title}</title>", ""), url)[0] == expected


def test_byline_from_jsonld_people_not_the_publisher() -> None:
    ld = (
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Taliban free hostages",'
        ' "author": [{"@type": "Person", "name": "Lia Eustachewich"}, {"@type": "Person", "name": "Yaron Steinbuch"},'
        ' {"@type": "Organization", "name": "New York Post"}], "publisher": {"@type": "Organization", "name": "New York Post"}}'
    )
    html = _page(
        f'<script type="application/ld+json">{ld}</script><meta name="author" content="https://nypost.com/author/x">',
        '<h1>Taliban free hostages</h1><p class="byline">By Lia Eustachewich and Yaron Steinbuch</p>',
    )
    article = clean_item(
        RawItem(source="p.html", content=html, content_type="html", url="https://nypost.com/a")
    )
    assert (article.title, article.byline) == ("Taliban free hostages", "Lia Eustachewich, Yaron Steinbuch")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("By ROBERT BURNS, AP National Security Writer", ["Robert Burns"]),  # chron.com JSON-LD
        ("Tanza Loudenback, Business Insider", ["Tanza Loudenback"]),  # the site's own name
        ("Spencer S. Hsu, The Washington Post", ["Spencer S. Hsu"]),  # a known outlet
        ("Sarah E. Needleman", ["Sarah E. Needleman"]),  # an initial is not the Portuguese "e"
        ("Posted by Michael David Smith", ["Michael David Smith"]),
        ("Von Britta Schultejans, dpa", ["Britta Schultejans"]),
        ("Staff Reports", []),
        ("IGN Staff", []),
        ("PTI", []),  # an agency acronym
        ("jdadmin", []),  # a CMS account
        ("https://www.facebook.com/portalikohanet/", []),
        ("上報快訊／范姜佳鈺", ["上報快訊", "范姜佳鈺"]),  # no-space scripts keep one-word names
    ],
)
def test_byline_names(value: str, expected: list[str]) -> None:
    from sitrep.clean.html import byline_names

    assert byline_names(value, ["Business Insider", "businessinsider", "IGN"]) == expected


def test_author_only_in_hidden_markup_is_not_the_byline() -> None:
    # radionacional.com.ar shape: an itemprop author the page never shows.
    html = _page(
        '<meta name="author" content="Pablo Ejemplo"><meta property="og:site_name" content="Radio Example">',
        "<h1>Intendente: encontramos obras paralizadas</h1>",
    )
    from sitrep.clean.html import page_metadata

    assert page_metadata(html, "https://radio.example.ar/x") == (
        "Intendente: encontramos obras paralizadas",
        None,
    )


def test_deeply_nested_jsonld_does_not_break_the_page() -> None:
    # json.loads raises RecursionError (not ValueError) on deep nesting; the page still cleans.
    html = _page(
        '<title>Kyiv agrees to truce - Example</title><script type="application/ld+json">'
        + "[" * 100_000
        + "</script>",
        "<h1>Kyiv agrees to truce</h1>",
    )
    article = clean_item(
        RawItem(source="p.html", content=html, content_type="html", url="https://example.com/a")
    )
    assert article.title == "Kyiv agrees to truce"


@pytest.mark.skipif(not SHARED_EVAL.is_dir(), reason="gold pages in /work/shared/eval not present")
@pytest.mark.parametrize(
    ("file", "title", "byline"),
    [
        (  # nypost.com: two authors in JSON-LD, the headline also in <title>
            "a1fca19b884e0e946ad3fbe2a7f5031e5e3b23372702a76db302b6143c77cb31",
            "Taliban say they freed US, Australian hostages for 3 terrorist figures",
            "Lia Eustachewich, Yaron Steinbuch",
        ),
        (  # ign.com: navigation <h1>s first, " - IGN" suffix, "By Eric Song, IGN Staff"
            "287e4d9f4af31733aad6534aefb2bd00fb344ec8d6ebf1ac99dbc4d762da0ca4",
            "Daily Deals: More Black Friday Deals Are Live, Including PS4 DualShock Controller, "
            "Apple AirPods and Watches, and More",
            "Eric Song",
        ),
        (  # therepublic.com: "By Staff Reports" is no person
            "961bd85ca85aaf791b278cc4a60058e92d57c4f32a3411cf8e7d802af183c926",
            "CPD arrests six in drug investigation",
            None,
        ),
    ],
)
def test_real_page_title_and_byline(file: str, title: str, byline: str | None) -> None:
    import gzip

    from trafilatura.utils import decode_file

    path = SHARED_EVAL / "extraction" / "aeb" / "html" / f"{file}.html.gz"
    html = decode_file(gzip.decompress(path.read_bytes()))
    article = clean_item(RawItem(source=str(path), content=html, content_type="html"))
    assert (article.title, article.byline) == (title, byline)


def test_wire_credit_becomes_original_outlet() -> None:
    text = (
        "example-daily.com\nKremlin weighs truce\nBy Guy Faulconbridge | Reuters\n"
        "MOSCOW (Reuters) - The Kremlin said on Thursday it was studying the U.S. proposal closely.\n"
        "Officials gave no timeline for an answer, and fighting went on along the front line."
    )
    article = clean_item(RawItem(source="x.txt", content=text, content_type="text"))
    assert article.outlet == "example-daily.com"
    assert article.byline == "Guy Faulconbridge"
    assert article.original_outlet == "Reuters"
    assert article.title == "Kremlin weighs truce"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("This was reported by The Guardian.", ["The Guardian"]),
        ("According to Sky News, Washington is considering it.", ["Sky News"]),
        ("According to the Russian service of BBC, Trump warned.", ["BBC"]),
        ("The call took place late on March 11, the Interfax news agency reported.", ["Interfax"]),
        ("Rubio told Fox News Radio: “We are closer.”", ["Fox News"]),
        ("Peskov said, according to the state-run RIA Novosti news agency.", ["RIA Novosti"]),
        ("In an interview with Russia’s Izvestia newspaper, Grushko spoke.", ["Izvestia"]),
        ("According to Rubio, the talks went well, he told reporters.", []),
        ("The Defense Ministry reported six drones shot down.", []),
    ],
)
def test_cited_outlet_patterns(sentence: str, expected: list[str]) -> None:
    assert cited_outlets(sentence) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Mar 18, 2025 12:40 PM IST", "2025-03-18"),
        ("Published: 18 March 2025, 09:14 GMT", "2025-03-18"),
        ("Updated: March 18, 2025 at 10:00 a.m. ET", "2025-03-18"),
        ("The war began on March 18, 2025 when troops crossed the border.", None),
    ],
)
def test_date_lines(line: str, expected: str | None) -> None:
    assert date_line(line) == expected


def test_date_values_from_fields() -> None:
    assert parse_date_value("2025-03-14 16:35:50Z") == "2025-03-14"
    assert parse_date_value("Fri, 14 Mar 2025 16:35:50 GMT") == "2025-03-14"
    assert parse_date_value("14 March 2025") == "2025-03-14"
    assert parse_date_value("soon") is None


TODAY = dt.date(2026, 11, 22)


def test_inferred_dates_need_year_evidence() -> None:
    assert infer_from_text("On March 13, officials met in Moscow and talked.", TODAY)[0] is None
    # The war "in its fourth year" (full-scale invasion 2022-02-24) fixes 2025.
    text = (
        "The war in Ukraine, now in its fourth year, went on. On March 3, officials met in Kyiv and talked."
    )
    assert infer_from_text(text, TODAY)[0] == "2025-03-03"
    # A weekday + month-day pair narrows "2021 or later" to the one year that fits.
    text = "Sanctions imposed in 2021 stayed. On Thursday, March 13, officials met in Kyiv."
    assert infer_from_text(text, TODAY)[0] == "2025-03-13"
    # Conflicting evidence gives no date rather than a guess.
    text = "Sanctions imposed in 2021 stayed. On Monday, March 13, officials met in Kyiv."
    assert infer_from_text(text, TODAY)[0] in {"2023-03-13", None}


def test_inferred_date_is_the_latest_reported_day() -> None:
    text = (
        "Sanctions imposed in 2024 stayed. Talks began on Thursday, March 13, in Riyadh.\n"
        "On March 15, both sides said the talks would resume."
    )
    assert infer_from_text(text, TODAY)[0] == "2025-03-15"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", infer_from_text(text, TODAY)[0] or "")


def test_other_scrape_furniture_by_general_rules() -> None:
    page = "\n".join(
        [
            "kyivpost.example",
            "Menu",
            "Zelensky Says Front Holds Near Pokrovsk",
            "Share on Facebook | Twitter | WhatsApp",
            "By Olena Petrenko",
            "18 March 2025, 09:14",
            "Zelensky Says Front Holds Near Pokrovsk",
            "Ukrainian President Volodymyr Zelensky said on Monday that Russian forces had been stopped at Pokrovsk.",
            "Advertisement",
            "He spoke in his nightly address after visiting troops in the Donetsk region.",
            "Also read: Kremlin says talks will take time",
            "Front line",
            "Officials in Kyiv said the situation around the city remained difficult but stable.",
            "5 min read",
            "Most popular",
            "Sign up for our newsletter to get the day's top stories.",
            "© 2025 Example Media. All rights reserved.",
        ]
    )
    article = clean_item(RawItem(source="kp.txt", content=page, content_type="text"))
    assert article.text.split("\n") == [
        "Ukrainian President Volodymyr Zelensky said on Monday that Russian forces had been stopped at Pokrovsk.",
        "He spoke in his nightly address after visiting troops in the Donetsk region.",
        "Front line",  # a sub-heading inside the body stays
        "Officials in Kyiv said the situation around the city remained difficult but stable.",
    ]
    assert article.title == "Zelensky Says Front Holds Near Pokrovsk"
    assert article.byline == "Olena Petrenko"
    assert (article.outlet, article.published, article.published_basis) == (
        "kyivpost.example",
        "2025-03-18",
        "text",
    )


def test_mojibake_is_repaired() -> None:
    text = (
        "Trump’s envoy arrived in Moscow on Thursday for talks with the Kremlin’s negotiators.\n"
        "“We will see,” Peskov said — the talks went on late into the night in the Kremlin."
    )
    # How a browser shows UTF-8 read as Windows-1252 (undefined bytes pass through).
    garbled = "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in text.encode("utf-8")
    )
    assert "â€" in garbled
    article = clean_item(RawItem(source="m.txt", content=garbled, content_type="text"))
    assert article.text == text


def test_a_copyright_notice_goes_by_the_sentence_not_with_the_story() -> None:
    # a one-paragraph wire story (the lede of a VOA story of 11 March 2025) whose last sentences
    # are the wire's notice: the notice goes, the story stays
    story = (
        "European military and political heads are holding high-level talks this week after calls for "
        "massively rearming Europe — and boosting aid for Kyiv — amid fears of a less engaged United States."
    )
    item = RawItem(
        source="wire.jsonl#1",
        content=f"{story} Copyright 2018 The Associated Press. All rights reserved.",
        content_type="text",
        fields={"published": "2025-03-11"},
    )
    article = clean_item(item)
    assert article.text == story
    # a line that is only the notice still goes whole
    item.content = f"{story}\nCopyright 2018 The Associated Press. All rights reserved."
    assert clean_item(item).text == story


def test_second_term_counts_from_the_named_holders_second_tenure() -> None:
    # The term's start is the office-holders' data (Trump: 2025-01-20), not a constant in code.
    from sitrep.clean.dates import year_evidence

    named = year_evidence(
        "Trump, since taking office for a second term less than two months ago, ...", dt.date(2026, 1, 1)
    )
    assert any("Donald Trump's second term began 2025-01-20" in r for r in named.reasons)
    assert named.allows(dt.date(2025, 3, 12)) and not named.allows(dt.date(2025, 6, 1))
    unnamed = year_evidence("The mayor, in a second term that began two months ago, ...", dt.date(2026, 1, 1))
    assert not any("term began" in r for r in unnamed.reasons)
