"""Typed records that flow between pipeline stages.

Every stage takes and returns these plain dataclasses; storage and export
serialise them with :func:`to_dict`. Field names follow ``CONTRACT.md``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

PublishedBasis = Literal["metadata", "text", "inferred"]
CopyRelation = Literal["duplicate", "reprint", "paraphrase"]
R = TypeVar("R")


def stable_id(*parts: object, length: int = 16) -> str:
    """A content-derived id: the same inputs always give the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


def span_id(article_id: str, start: int, end: int, text: str) -> str:
    """The id of a mention: its article and span, so other records can cite it (``place_id``)."""
    return stable_id(article_id, start, end, text)


@dataclass(slots=True)
class RawItem:
    """One input item as a reader found it, before any cleaning.

    ``content`` is the payload (HTML or plain text); ``fields`` holds record
    metadata given by the container (JSON keys, WARC headers, feed entries).
    """

    source: str
    content: str
    content_type: Literal["html", "text"]
    url: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Hash of everything that defines the item, whatever path it came by."""
        meta = sorted((k, str(v)) for k, v in self.fields.items())
        return stable_id(self.content_type, self.url or "", meta, self.content, length=64)


@dataclass(slots=True)
class ItemError:
    """A per-item failure: the batch goes on, the error is stored and reported."""

    source: str
    stage: str
    reason: str


@dataclass(slots=True)
class Article:
    id: str
    source: str
    text: str
    content_hash: str
    url: str | None = None
    outlet: str | None = None
    original_outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    published_basis: PublishedBasis | None = None
    language: str | None = "en"
    cited_outlets: list[str] = field(default_factory=list)
    story_id: str | None = None
    copy_of: str | None = None
    copy_relation: CopyRelation | None = None
    # Unknown input fields are kept, never silently dropped.
    extra: dict[str, Any] = field(default_factory=dict)
    # Problems noticed while cleaning (e.g. "no date found"), shown in summaries.
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Mention:
    """Evidence: a span of one article's exported text."""

    article_id: str
    start: int
    end: int


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Quote:
    id: str
    article_id: str
    start: int
    end: int
    text: str
    kind: Literal["direct", "indirect", "mixed"]
    speaker_mention: Span | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    cue: str | None = None
    date: str | None = None
    channel: str | None = None
    statement_id: str | None = None
    # `speech` (words someone uttered) or `stance` (a belief, wish, decision or view held)
    attribution: Literal["speech", "stance"] = "speech"
    # how `date` was found: explicit, relative, occasion, article, or None (CONTRACT.md)
    date_basis: Literal["explicit", "relative", "occasion", "article"] | None = None
    # What the speaker resolution learnt about the speaker in this article
    # ({kind, country, sector, roles, aliases}); the actor registry is built from it.
    speaker_info: dict[str, Any] | None = None


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: Literal["person", "organization", "country", "group"]
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)
    mentions: int = 0


@dataclass(slots=True)
class Statement:
    id: str
    speaker: str | None
    speaker_id: str | None
    text: str
    date: str | None
    channel: str | None
    mentions: list[Mention] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    independent_sources: int = 0
    # speech when one of its reports quotes words said, else stance (a view held)
    attribution: Literal["speech", "stance"] = "speech"


@dataclass(slots=True)
class TimeMention:
    article_id: str
    start: int
    end: int
    text: str
    value: str | None
    type: Literal["date", "duration", "set", "time"]
    anchor: str | None
    id: str = ""

    def __post_init__(self) -> None:
        self.id = self.id or span_id(self.article_id, self.start, self.end, self.text)


@dataclass(slots=True)
class PlaceMention:
    article_id: str
    start: int
    end: int
    text: str
    name: str | None
    feature: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    id: str = ""

    def __post_init__(self) -> None:
        self.id = self.id or span_id(self.article_id, self.start, self.end, self.text)


@dataclass(slots=True)
class Story:
    id: str
    title: str | None
    articles: list[str]
    first_seen: str | None
    last_seen: str | None
    summary: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ActorRef:
    """An actor as an event, claim or position names it (CONTRACT.md)."""

    name: str
    actor_id: str | None = None
    country: str | None = None
    sector: str | None = None


EventStatus = Literal["occurred", "planned", "threatened", "claimed", "denied", "hypothetical"]


@dataclass(slots=True)
class Event:
    """One mention of a PLOVER event in one article's sentence."""

    id: str
    article_id: str
    start: int
    end: int
    type: str
    trigger: Span
    mode: str | None = None
    actor: ActorRef | None = None
    target: ActorRef | None = None
    status: EventStatus = "occurred"
    reporter: ActorRef | None = None
    date: str | None = None
    date_basis: str | None = None
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    fatalities: int | None = None
    injured: int | None = None
    event_id: str | None = None
    # a long-past event the article recalls ("Russia's three-year invasion"), not news of its day
    background: bool = False


@dataclass(slots=True)
class FusedEvent:
    """One real-world event with all its mentions across articles."""

    id: str
    type: str
    mode: str | None
    actor: ActorRef | None
    target: ActorRef | None
    date: str | None
    place_id: str | None
    lat: float | None
    lon: float | None
    status: str
    fatalities: int | None = None
    fatalities_range: list[int] | None = None
    injured: int | None = None
    mentions: list[Mention] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    independent_sources: int = 0
    # every mention recalls it as a long-past event ("Russia's three-year invasion")
    background: bool = False


ClaimStance = Literal["asserts", "disputes", "reports"]
ClaimStatus = Literal["corroborated", "single-source", "contested"]
PositionStance = Literal["support", "oppose", "conditional", "undecided"]


@dataclass(slots=True)
class ClaimMention:
    """One proposition as one article states, denies or relays it."""

    text: str
    article_id: str
    start: int
    end: int
    stance: ClaimStance
    speaker: ActorRef | None = None
    outlet: str | None = None
    date: str | None = None
    id: str = ""
    # the quote the proposition is taken from, whose speaker the statements linker resolves
    quote_id: str | None = None
    # contrary predicates it states (contrary.txt): "capture" for "... captured Sudzha",
    # "~capture" for "fighting continued in Sudzha"
    frames: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.id = self.id or stable_id(
            "claim-mention",
            self.article_id,
            self.start,
            self.end,
            self.stance,
            self.speaker.name if self.speaker else "",
        )


@dataclass(slots=True)
class ClaimEvidence:
    """A claim mention as claims.jsonl exports it: its span and the stance it takes."""

    article_id: str
    start: int
    end: int
    stance: ClaimStance
    speaker: ActorRef | None = None


@dataclass(slots=True)
class Claim:
    """One proposition grouped across articles, with who asserts and who disputes it."""

    id: str
    text: str
    status: ClaimStatus
    asserted_by: list[ActorRef] = field(default_factory=list)
    disputed_by: list[ActorRef] = field(default_factory=list)
    mentions: list[ClaimEvidence] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    independent_sources: int = 0


@dataclass(slots=True)
class Position:
    """An actor's stance on one issue of the issue set, as expressed on one date."""

    id: str
    actor: ActorRef
    issue: str
    stance: PositionStance
    conditions: str | None = None
    date: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    independent_sources: int = 0


@dataclass(slots=True)
class PositionMention:
    """One stance on one issue, as one sentence of one article expresses it."""

    article_id: str
    start: int
    end: int
    issue: str
    stance: PositionStance
    conditions: str | None = None
    speaker: ActorRef | None = None
    quote_id: str | None = None
    date: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        self.id = self.id or stable_id("position-mention", self.article_id, self.start, self.end, self.issue)


def to_dict(record: Any) -> dict[str, Any]:
    """The record as plain JSON data (nested records as dicts), sharing nothing with it.

    Records hold only JSON values, lists and records, so this walk is ``dataclasses.asdict``
    without its deep copies of every leaf, which made it most of an API page's cost.
    """
    return {name: _plain(getattr(record, name)) for name in _field_names(type(record))}


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return to_dict(value)
    raise TypeError(f"a record holds only JSON values and records, not {type(value).__name__}")


def from_dict(cls: type[R], data: Mapping[str, Any]) -> R:
    """The record a :func:`to_dict` document was made from (nested records included).

    Keys the record type does not know (fields of a newer version) are left out.
    """
    values = {}
    for name, nested, many in _plan(cls):
        if name not in data:
            continue
        value = data[name]
        if nested is not None and value is not None:
            if many and isinstance(value, list):
                value = [from_dict(nested, v) if isinstance(v, dict) else v for v in value]
            elif not many and isinstance(value, dict):
                value = from_dict(nested, value)
        values[name] = value
    return cls(**values)


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, type | None, bool], ...]:
    """Each field of a record type with the record type nested in it, if any, and whether as a list
    (``X``, ``X | None``, ``list[X]``): worked out once per type, as reading a table asks it per row."""
    hints = typing.get_type_hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        nested: tuple[type | None, bool] = (None, False)
        for arg in (hints[f.name], *typing.get_args(hints[f.name])):
            if dataclasses.is_dataclass(arg):
                nested = (arg, False)  # type: ignore[assignment]
                break
            if typing.get_origin(arg) is list and dataclasses.is_dataclass(typing.get_args(arg)[0]):
                nested = (typing.get_args(arg)[0], True)
                break
        plan.append((f.name, *nested))
    return tuple(plan)
