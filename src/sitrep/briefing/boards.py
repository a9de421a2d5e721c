"""The boards of a story: claims (contested first, both sides with evidence), positions, actors.

Each entry cites its evidence as spans of the story's articles, with the words
of the span and its outlet, so a reader can weigh a claim without opening the
store.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sitrep.briefing.items import Members, StoryRecords
from sitrep.briefing.names import reported, source_name
from sitrep.extract.claims.positions import issue_order
from sitrep.records import ActorRef, Story

STATUS_ORDER = {"contested": 0, "corroborated": 1, "single-source": 2}
STANCES = ("asserts", "disputes", "reports")
QUOTE_CHARS = 300  # words of a cited span shown on a board


@dataclass(slots=True)
class Evidence:
    article_id: str
    start: int
    end: int
    outlet: str
    published: str | None
    quote: str
    speaker: str | None = None


@dataclass(slots=True)
class ClaimEntry:
    id: str
    text: str
    status: str
    independent_sources: int
    first_reported: str | None
    asserted_by: list[str]
    disputed_by: list[str]
    # evidence by stance: asserts, disputes, reports
    sides: dict[str, list[Evidence]] = field(default_factory=dict)


@dataclass(slots=True)
class PositionStep:
    id: str
    date: str | None
    stance: str
    conditions: str | None
    independent_sources: int
    evidence: list[Evidence]
    until: str | None = None  # the last day of a run of the same stance restated ("support 11-14 Mar")


@dataclass(slots=True)
class PositionRow:
    actor: str
    actor_id: str | None
    # issue -> the actor's stances on it, in date order
    cells: dict[str, list[PositionStep]] = field(default_factory=dict)


@dataclass(slots=True)
class PositionMatrix:
    issues: list[str] = field(default_factory=list)
    rows: list[PositionRow] = field(default_factory=list)

    def ids(self) -> list[str]:
        return [step.id for row in self.rows for steps in row.cells.values() for step in steps]


@dataclass(slots=True)
class ActorEntry:
    id: str
    name: str
    kind: str | None
    country: str | None
    sector: str | None
    # how often the story shows the actor speaking, acting, claiming, taking a stance
    statements: int = 0
    events: int = 0
    claims: int = 0
    positions: int = 0


def evidence(m: Any, members: Members, speaker: ActorRef | None = None) -> Evidence:
    article = members[m.article_id]
    quote = " ".join(article.text[m.start : m.end].split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    name = speaker.name if isinstance(speaker, ActorRef) else None
    return Evidence(m.article_id, m.start, m.end, source_name(article), article.published, quote, name)


def _names(actors: list[ActorRef]) -> list[str]:
    return list(dict.fromkeys(a.name for a in actors if a.name))


def claim_board(records: StoryRecords, members: Members) -> list[ClaimEntry]:
    """The story's claims: contested first, then corroborated, then single-source; within each, the
    strongest sides first (named actors asserting and disputing, then independent sources)."""
    board = []
    strength: dict[str, int] = {}
    for c in records.of_story("claims", members):
        strength[c.id] = _named(c.asserted_by, c.sources) + _named(c.disputed_by, c.sources)
        sides: dict[str, list[Evidence]] = {}
        seen: set[tuple[str, str, object]] = set()
        for m in c.mentions:
            if m.article_id not in members:
                continue
            ev = evidence(m, members, m.speaker)
            # one passage once per side: the same sentence cited twice, or from one start
            keys = {(m.stance, m.article_id, m.start), (m.stance, m.article_id, ev.quote)}
            if keys & seen:
                continue
            seen |= keys
            sides.setdefault(m.stance, []).append(ev)
        ordered = {s: sides[s] for s in STANCES if s in sides}
        first = reported([m for m in c.mentions if m.article_id in members], members)
        board.append(
            ClaimEntry(
                c.id,
                c.text,
                c.status,
                c.independent_sources,
                first,
                _names(c.asserted_by),
                _names(c.disputed_by),
                ordered,
            )
        )
    board.sort(
        key=lambda c: (
            STATUS_ORDER.get(c.status, 3),
            -strength[c.id],
            -c.independent_sources,
            c.first_reported or "",
            c.id,
        )
    )
    return board


def _named(actors: list[ActorRef], outlets: list[str]) -> int:
    """Actors of one side other than the outlets relaying the claim: a side named by a government,
    an army or a person weighs more than one only an outlet's narrative holds."""
    return len({a.actor_id or a.name for a in actors if a.name and a.name not in outlets})


def position_matrix(records: StoryRecords, members: Members) -> PositionMatrix:
    """Actors by issues; each cell the actor's stances on the issue over time."""
    rows: dict[str, PositionRow] = {}
    for p in records.of_story("positions", members):
        key = p.actor.actor_id or p.actor.name
        row = rows.setdefault(key, PositionRow(p.actor.name, p.actor.actor_id))
        spans = [evidence(m, members) for m in p.mentions if m.article_id in members]
        date = p.date or reported(p.mentions, members)
        step = PositionStep(p.id, date, p.stance, p.conditions, p.independent_sources, spans)
        row.cells.setdefault(p.issue, []).append(step)
    order = issue_order()
    for row in rows.values():
        for issue, steps in row.cells.items():
            steps.sort(key=lambda s: (s.date or "", s.id))
            row.cells[issue] = stance_runs(steps)
    issues = sorted({i for r in rows.values() for i in r.cells}, key=lambda i: (order.get(i, len(order)), i))
    ranked = sorted(rows.values(), key=lambda r: (-sum(map(len, r.cells.values())), r.actor))
    return PositionMatrix(issues, ranked)


def _day(date: str | None) -> bool:
    return date is not None and len(date) == len("2025-03-12")


def stance_runs(steps: list[PositionStep]) -> list[PositionStep]:
    """Dated steps in order, a stance restated on later days folded into one step with its last day:
    what a reader follows is when the stance changed, not each day it was repeated."""
    runs: list[PositionStep] = []
    for step in steps:
        last = runs[-1] if runs else None
        if (
            last is not None
            and last.stance == step.stance
            and _day(last.until or last.date)
            and _day(step.date)
        ):
            last.until = step.date
            last.conditions = last.conditions or step.conditions
            last.independent_sources = max(last.independent_sources, step.independent_sources)
            last.evidence.extend(step.evidence)
        else:
            runs.append(dataclasses.replace(step, evidence=list(step.evidence)))
    return runs


def _ref_ids(refs: list[ActorRef | None]) -> list[str]:
    return [r.actor_id for r in refs if isinstance(r, ActorRef) and r.actor_id]


def actor_entries(records: StoryRecords, story: Story, members: Members) -> list[ActorEntry]:
    """The actors the story shows speaking, acting, claiming or taking a stance, most involved first."""
    counts: dict[str, Counter[str]] = {}

    def count(ids: list[str], what: str) -> None:
        for actor_id in dict.fromkeys(ids):
            counts.setdefault(actor_id, Counter())[what] += 1

    for s in records.of_story("statements", members):
        count([s.speaker_id] if s.speaker_id else [], "statements")
    for e in records.of_story("fused_events", members):
        count(_ref_ids([e.actor, e.target]), "events")
    for c in records.of_story("claims", members):
        count(_ref_ids([*c.asserted_by, *c.disputed_by]), "claims")
    for p in records.of_story("positions", members):
        count(_ref_ids([p.actor]), "positions")
    known = records.actors()
    out = []
    for actor_id, n in counts.items():
        actor = known.get(actor_id)
        name = actor.name if actor else actor_id
        kind, country, sector = (actor.kind, actor.country, actor.sector) if actor else (None, None, None)
        out.append(
            ActorEntry(
                actor_id,
                name,
                kind,
                country,
                sector,
                n["statements"],
                n["events"],
                n["claims"],
                n["positions"],
            )
        )
    out.sort(key=lambda a: (-(a.statements + a.events + a.claims + a.positions), a.name, a.id))
    return out
