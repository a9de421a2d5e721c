"""The actor-by-issue matrix of positions (``sitrep positions``), read through the query layer.

Each cell is one actor's stance on one issue over time, earliest first and the latest last:
"undecided 12 Mar → conditional 14 Mar". Where one day has several stances, a "yes, but" outranks
a "yes" (one press conference gives both: the conditions qualify the yes); otherwise the most
reported wins, the more specific among equals. Unchanged stances on later days are not repeated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sitrep.calendar_words import iso_day
from sitrep.extract.claims.positions import issue_order
from sitrep.query import Query
from sitrep.records import Position
from sitrep.store.sql import SQLStore

# Among stances of one day with as many mentions, the more specific one stands.
SPECIFIC = {"conditional": 3, "oppose": 2, "support": 1, "undecided": 0}
CONDITIONS_CHARS = 80


def _day(date: str | None, with_year: bool) -> str:
    day = iso_day(date)
    if day is None:
        return date or "undated"
    return day.strftime("%-d %b %Y" if with_year else "%-d %b")


def _history(positions: Sequence[Position], with_year: bool) -> str:
    by_date: dict[str, list[Position]] = defaultdict(list)
    for p in positions:
        by_date[p.date or ""].append(p)
    steps: list[tuple[str, Position]] = []
    for date in sorted(by_date):
        day = by_date[date]
        stances = {p.stance for p in day}
        if {"support", "conditional"} <= stances:
            day = [p for p in day if p.stance != "support"]  # "yes" and "yes, but" on one day: "yes, but"
        best = max(day, key=lambda p: (len(p.mentions), SPECIFIC[p.stance]))
        if not steps or steps[-1][1].stance != best.stance:
            steps.append((date, best))
    cell = " → ".join(f"{p.stance} {_day(date or None, with_year)}" for date, p in steps)
    latest = steps[-1][1]
    if latest.conditions:
        words = " ".join(latest.conditions.split())
        cell += f"\n({words if len(words) <= CONDITIONS_CHARS else words[: CONDITIONS_CHARS - 1] + '…'})"
    return cell


def _matches(position: Position, actor: str, ids: set[str]) -> bool:
    if position.actor.actor_id in ids:
        return True
    name = position.actor.name.lower()
    return all(w in name for w in actor.lower().split())


def matrix(
    store: SQLStore, *, actor: str | None = None, issue: str | None = None
) -> tuple[list[tuple[str, dict[str, str]]], list[str]]:
    """Rows of (actor name, {issue: history}) and the issues that have a stance, in issue-set order."""
    reads = Query(store)
    found = reads.records("positions", {"issue": issue} if issue else None, limit=1_000_000).rows
    if actor:
        ids = set(reads.actor_ids(actor))
        found = [p for p in found if _matches(p, actor, ids)]
    years = {p.date[:4] for p in found if p.date}
    cells: dict[str, dict[str, list[Position]]] = defaultdict(lambda: defaultdict(list))
    for p in found:
        cells[p.actor.name][p.issue].append(p)
    order = issue_order()
    issues = sorted({p.issue for p in found}, key=lambda k: (order.get(k, len(order)), k))
    rows = [
        (name, {i: _history(ps, len(years) > 1) for i, ps in by_issue.items()})
        for name, by_issue in sorted(cells.items(), key=lambda kv: (-sum(map(len, kv[1].values())), kv[0]))
    ]
    return rows, issues
