"""The ``events`` article stage: event mentions with the date and place their syntax gives them.

The extractor (:func:`sitrep.extract.events.extract_events`) codes type, mode,
actor, target, status, reporter and casualties; this stage adds the date (from
the shared time resolution, :mod:`.when`) and the place (a mention of the places
stage, :mod:`.where`) of each. A background event ("Russia's three-year
invasion") keeps the date it states or its anchor's; one that states none is
left undated rather than dated to the article it is recalled in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitrep.extract.events import extract_events, trigger_token
from sitrep.extract.events.when import event_date
from sitrep.extract.events.where import event_place
from sitrep.records import Article, Event, PlaceMention, Quote, TimeMention
from sitrep.stages import ArticleContext, TableSpec, article_stage

if TYPE_CHECKING:
    from spacy.tokens import Doc

EVENTS = TableSpec(
    "events",
    Event,
    per_article=True,
    columns=(
        "type",
        "date",
        "status",
        "event_id",
        "actor.country",
        "actor.name",
        "target.country",
        "target.name",
    ),
    indexes=(("type", "date"),),  # a new mention's nearest of its type (fusion's scope)
)


def _dated_and_placed(
    ev: Event, doc: Doc, article: Article, times: Sequence[TimeMention], places: Sequence[PlaceMention]
) -> None:
    tok = trigger_token(doc, ev)
    if tok is None:
        return
    date, basis, background = event_date(tok, times, article.published)
    ev.background = ev.background or background
    if ev.background and basis == "article":
        # a long-past event recalled today: the article's date would be a false date
        date, basis = None, None
    ev.date, ev.date_basis = date, basis
    place = event_place(tok, places, ev.type)
    if place is not None:
        ev.place_id, ev.lat, ev.lon = place.id, place.lat, place.lon


def analyse_events(
    article: Article,
    doc: Doc,
    times: Sequence[TimeMention],
    places: Sequence[PlaceMention],
    quotes: Sequence[Quote] = (),
) -> list[Event]:
    """Every event mention of an article, dated and placed; one record per id."""
    out: dict[str, Event] = {}
    for ev in extract_events(article, doc, times, places, quotes):
        if ev.id in out:
            continue  # one trigger coded twice alike: the table's key is the id
        _dated_and_placed(ev, doc, article, times, places)
        out[ev.id] = ev
    return list(out.values())


@article_stage("events", tables=[EVENTS], requires=["times", "places", "quotes"])
def events_stage(ctx: ArticleContext) -> list[Event]:
    """Events dated and placed by the time and place mentions the article's other stages share;
    the quotes say who "we" is inside a quotation."""
    return analyse_events(ctx.article, ctx.doc, ctx["times"], ctx["places"], ctx["quotes"])
