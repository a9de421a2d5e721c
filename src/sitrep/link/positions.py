"""Positions: each actor's stance on each issue, one record per actor, issue, stance and date.

Position mentions (:mod:`sitrep.extract.claims.stances`) get their holder resolved to a corpus
actor (a quote's speaker as the statements linker resolved it; a capital as its state), then the
mentions of one actor, issue, stance and date are one position, citing every article that reports
it. A stance that changes is a new record with its date, so an actor's positions on an issue read
in date order give its history ("undecided 12 Mar -> conditional 14 Mar").
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sitrep import nlp
from sitrep.extract.claims.lexicon import forms
from sitrep.extract.claims.positions import load_issues, stance_cues
from sitrep.extract.events import lexicon
from sitrep.extract.events.triggers import verb_code
from sitrep.link import Corpus, LinkResult, scope
from sitrep.link.actor_refs import ActorResolver
from sitrep.link.provenance import independent_sources
from sitrep.records import Actor, ActorRef, Mention, Position, PositionMention, Span, stable_id
from sitrep.stages import TableSpec, corpus_stage


def _actor_key(actor: ActorRef) -> str:
    return actor.actor_id or actor.name.lower()


def _key(m: PositionMention) -> tuple[str, str, str, str] | None:
    """What one position is: its actor, issue, stance and date."""
    if m.speaker is None or not m.speaker.name:
        return None
    return (_actor_key(m.speaker), m.issue, m.stance, m.date or "")


def group_positions(mentions: Sequence[PositionMention], corpus: Corpus) -> list[Position]:
    groups: dict[tuple[str, str, str, str], list[PositionMention]] = defaultdict(list)
    for m in mentions:
        if (key := _key(m)) is not None:
            groups[key].append(m)
    out = [_position(key, members, corpus) for key, members in groups.items()]
    return sorted(out, key=lambda p: (p.actor.name, p.issue, p.date or "", p.id))


def _position(key: tuple[str, str, str, str], members: list[PositionMention], corpus: Corpus) -> Position:
    members.sort(key=lambda m: (m.article_id, m.start))
    actor = Counter(
        (m.speaker.name, m.speaker.actor_id, m.speaker.country, m.speaker.sector) for m in members
    )  # type: ignore[union-attr]
    name, actor_id, country, sector = actor.most_common(1)[0][0]
    # The fullest statement of the conditions stands for them.
    # The speaker's own words state conditions best; the fullest statement of them stands.
    conditions = max(
        ((m.quote_id is not None, len(m.conditions), m.conditions) for m in members if m.conditions),
        default=(False, 0, None),
    )[2]
    outlets = set()
    for m in members:
        art = corpus.articles.get(m.article_id)
        outlets.add((art.original_outlet or art.outlet if art else None) or f"article:{m.article_id}")
    return Position(
        id=stable_id("position", *key),
        actor=ActorRef(name, actor_id, country, sector),
        issue=members[0].issue,
        stance=members[0].stance,
        conditions=conditions,
        date=members[0].date,
        mentions=[Mention(m.article_id, m.start, m.end) for m in members],
        sources=sorted(outlets),
        independent_sources=independent_sources({m.article_id for m in members}, corpus.articles),
    )


@corpus_stage(
    "positions",
    tables=[
        TableSpec(
            "positions",
            Position,
            per_article=False,
            columns=("actor.actor_id", "actor.name", "issue", "stance", "date"),
        )
    ],
    requires=["position_mentions", "copies", "statements"],
    incremental=True,
)
def link_positions(corpus: Corpus) -> LinkResult:
    """Every actor's positions; after an ingest, only the positions the new articles' mentions
    fall under (one actor, issue, stance and date each), rebuilt from every article citing them."""
    if not corpus.incremental:
        return LinkResult(tables={"positions": group_positions(_mentions(corpus), corpus)})
    store = corpus.store
    keys = {k for m in _mentions(_articles_scope(store, corpus.new_ids)) if (k := _key(m))}
    old = store.records_where("positions", "id", {stable_id("position", *k) for k in keys})
    cited = {mention.article_id for p in old for mention in p.mentions}
    near = _articles_scope(store, corpus.new_ids | cited)
    positions = group_positions([m for m in _mentions(near) if _key(m) in keys], near)
    # The other positions of the actors this run changed hold them as their records now have them
    # (an ingest can give an actor a country, or a better name).
    actors = {a.id: a for a in near.records["actors"]}
    rebuilt = {p.id for p in old}
    touched = corpus.changed.get("actors", set())
    rest = [p for p in store.records_where("positions", "actor_actor_id", touched) if p.id not in rebuilt]
    positions += [_held_by(p, actors) for p in rest]
    return scope.changes(LinkResult(tables={"positions": positions}), {"positions": old + rest})


def _held_by(position: Position, actors: dict[str, Actor]) -> Position:
    actor = actors.get(position.actor.actor_id or "")
    if actor is None:
        return position
    return dataclasses.replace(position, actor=ActorRef(actor.name, actor.id, actor.country, actor.sector))


def _mentions(corpus: Corpus) -> list[PositionMention]:
    """The position mentions with their holders resolved, and those coded events give."""
    resolver = ActorResolver.of(corpus)
    mentions = [resolver.position_mention(m) for m in corpus.records.get("position_mentions", [])]
    return mentions + event_positions(corpus, resolver, mentions)


def _articles_scope(store: Any, ids: Iterable[str]) -> Corpus:
    """Some stored articles with what positions are read from: their mentions, events and quotes."""
    ids = set(ids)
    return Corpus(
        articles=scope.with_originals(store, ids),
        records={
            **{
                t: store.records_where(t, "article_id", ids)
                for t in ("position_mentions", "events", "quotes")
            },
            "actors": list(store.records("actors")),
        },
        store=store,
    )


EVENT_STANCE = {"AGREE": "support", "REJECT": "oppose"}


def event_positions(
    corpus: Corpus, resolver: ActorResolver, known: Sequence[PositionMention]
) -> list[PositionMention]:
    """Positions from coded events where an events stage ran: an AGREE or REJECT whose sentence
    names an issue is its actor's support or opposition, unless the sentence's own reading already
    took a stance on that issue: the parse named the holder there, and an event coded on the same
    words ("the Kremlin ... signaling its reluctance to fully endorse", "hoped the Kremlin would
    agree") adds only a second, cruder reading of them."""
    seen = {(m.article_id, m.start, m.issue, m.speaker.name if m.speaker else "") for m in known}
    read: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for m in known:
        read[(m.article_id, m.issue)].append((m.start, m.end))
    out = []
    for event in corpus.records.get("events", []):
        article = corpus.articles.get(getattr(event, "article_id", ""))
        found = _event_stance(event, article.text) if article is not None and event.actor else None
        if found is None:
            continue
        stance, issues, conditions = found
        actor = resolver.state_of(resolver.resolve(event.actor) or event.actor)
        for issue in issues:
            key = (event.article_id, event.start, issue, actor.name)
            spans = read[(event.article_id, issue)]
            if key in seen or any(s < event.end and event.start < e for s, e in spans):
                continue
            seen.add(key)
            out.append(
                PositionMention(
                    article_id=event.article_id,
                    start=event.start,
                    end=event.end,
                    issue=issue,
                    stance=stance,  # type: ignore[arg-type]
                    conditions=conditions,
                    speaker=actor,
                    date=event.date or (article.published or "")[:10] or None,
                )
            )
    return out


OTHERS = ("they", "them")  # the subject of an act foreseen of others, not threatened


def _event_stance(event: Any, text: str) -> tuple[str, list[str], str | None] | None:
    """The stance an event shows its actor taking, the issues it bears on and its conditions:
    an AGREE or REJECT in words of stance is support or opposition on the issues its clause names;
    a threat to do what an issue is ("If needed we will sanction it", "threatened Russia with
    sanctions if it would not cooperate") is support on condition."""
    if event.type == "THREATEN" and event.status == "threatened":
        return _threat(event, text) if issues_in(event.trigger.text) else None
    stance = EVENT_STANCE.get(event.type)
    if (
        stance is None
        or event.status not in ("occurred", "planned")
        or not _takes_a_stance(event.trigger.text)
    ):
        return None
    return stance, issues_in(_trigger_clause(text, event.start, event.end, event.trigger)), None


def _threat(event: Any, text: str) -> tuple[str, list[str], str | None] | None:
    """A threat of the act its trigger names, read from its sentence's parse: an act its actor
    makes on a condition ("If needed we will sanction it", "he could unleash sanctions if it
    would not cooperate") or with a verb of threat ("threatened Russia with sanctions"), not one
    foreseen of others ("if we get there, they will raise these sanctions"); the condition is the
    clause its "if" or "unless" opens (the events' ``conditional_marks``)."""
    doc = nlp.load()(text[event.start : event.end])
    at = event.trigger.start - event.start
    tok = next((t for t in doc if t.idx <= at < t.idx + len(t.text)), None)
    act = (
        tok
        if tok is None or tok.pos_ == "VERB"
        else next((h for h in tok.ancestors if h.pos_ == "VERB"), None)
    )
    if act is None or any(c.dep_ == "nsubj" and c.lower_ in OTHERS for c in act.children):
        return None
    lex = lexicon.load()
    threatens = any((code := verb_code(v, lex)) and code[0] == "THREATEN" for v in (act, act.head))
    marks = [t for t in act.subtree if t.dep_ == "mark" and t.lower_ in lex.status["conditional_marks"]]
    if not (threatens or marks):
        return None
    condition = marks[0].head if marks else None
    words = doc[condition.left_edge.i : condition.right_edge.i + 1].text if condition is not None else None
    return "conditional", issues_in(event.trigger.text), words


# Where one clause of a sentence ends and another with a subject of its own begins.
CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+|\s+—\s+")


def _trigger_clause(text: str, start: int, end: int, trigger: Span) -> str:
    """The part of the event's sentence its trigger stands in: "Kyiv agreed to a 30-day ceasefire
    with Russia, and the US pledged to resume intelligence sharing" is Kyiv's stance on the
    ceasefire only, not on the aid the other clause names."""
    sentence = text[start:end]
    at = trigger.start - start
    if not 0 <= at < len(sentence):
        return sentence
    cuts = [0, *(m.end() for m in CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        if lo <= at < hi:
            return sentence[lo:hi]
    return sentence


def _takes_a_stance(trigger: str) -> bool:
    """An AGREE or REJECT whose word is a word of stance ("agreed", "accepted", "rejected"), not
    an act of cooperation the coder files under them ("taking part", "offered")."""
    words = trigger.lower().split()
    if not words:
        return False
    # The word as written and with its inflection undone (no tagger at link time).
    first = forms(words[0], words[0])
    for kind in ("support", "oppose"):
        entries = (e for f in first for e, _pos in stance_cues(kind).by_first.get(f, ()))
        if any(len(e) == 1 or " ".join(e[1:]) == " ".join(words[1 : len(e)]) for e in entries):
            return True
    return False


def issues_in(text: str) -> list[str]:
    """The issues whose cue words a text names (tokenised only: no parse at link time)."""
    tokens = list(nlp.load().tokenizer(text))
    return [issue.key for issue in load_issues() if issue.cues.find(tokens)]
