"""Event mentions per article: PLOVER type and mode, actor, target, status, reporter, casualties.

For each sentence, :func:`find_triggers` picks the words that code an event
(verb and noun patterns as data, CAMEO object patterns, governors such as
"refused to"); :class:`roles.Roles` resolves actor and target through the
article's actors (:mod:`sitrep.extract.speakers`) and the Phoenix lexicon;
:mod:`.status` says what the text asserts about the event and whether it is
background. Date and place are left to the integrator's ``when`` and ``where``
stages, which take each event's trigger token (:func:`trigger_token`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from sitrep.extract.events import lexicon
from sitrep.extract.events.casualties import casualties
from sitrep.extract.events.roles import Roles, passive_participle
from sitrep.extract.events.status import assess, is_background
from sitrep.extract.events.triggers import HOSTILE, Trigger, find_triggers, mode_of, noun_code
from sitrep.extract.speakers import ArticleActors
from sitrep.records import ActorRef, Article, Event, PlaceMention, Quote, TimeMention, stable_id
from sitrep.records import Span as TextSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_events", "code_doc", "trigger_token", "primary"]

# A "sentence" longer than this is a segmentation failure (a table, a list, a run-on scrape):
# its parse is not worth coding, and skipping it bounds the work on hostile input.
MAX_SENT_TOKENS = 200
# Clauses that complete a verb: the act ordered or demanded ("ordered them to disband or face ...").
_COMPLEMENTS = ("xcomp", "ccomp", "advcl")


def trigger_token(doc: Doc, event: Event) -> Token | None:
    """The token an event's trigger starts at, for the date and place stages."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _sentences(doc: Doc) -> Iterator[Span]:
    for sent in doc.sents:
        if 1 < len(sent) <= MAX_SENT_TOKENS and not _asked_heading(sent):
            yield sent


def _asked_heading(sent: Span) -> bool:
    """A question without a verb ("Mineral deal?"): a section heading that asks, reporting nothing."""
    words = [t for t in sent if not t.is_space]
    return bool(words) and words[-1].text == "?" and not any(t.pos_ in ("VERB", "AUX") for t in words)


def _event(
    trig: Trigger,
    sent: Span,
    article: Article,
    roles: Roles,
    times: Sequence[TimeMention],
) -> Event:
    lex = lexicon.load()
    tok = trig.token
    if trig.kind == "ASSAULT" and _verbal_clash(trig, roles, lex):
        trig.kind, trig.mode = lex.clash_code
    reporter, speech = roles.reporter(tok, lex.status["speech_verbs"])
    status, kind, threat_mode = assess(tok, trig.kind, lex, speech)
    actor = roles.actor(tok)
    target = roles.target(tok, actor, hostile=kind in HOSTILE or kind == "THREATEN")
    pair = roles.pair(tok)
    if pair is not None and (actor is None or actor.country in (pair[0].country, pair[1].country)):
        # "US-Ukraine talks (in Saudi Arabia)": the modifier names both sides
        own = actor is None or actor.country == pair[0].country or pair[0].name in actor.name.split()
        actor, target = pair if own else pair[::-1]  # text order, unless the subject is the second side
    if kind != "THREATEN" and _ultimatum(tok, lex):
        # "ordered the opposition to disband or face arrest": a demand backed by a threat
        kind, status, threat_mode = "THREATEN", "threatened", None
    if kind == "ASSAULT" and _readied(tok, lex):
        # PLOVER MOBILIZE: "a demonstration of military capabilities and readiness" that falls
        # short of force ("The army prepared to resume shelling")
        kind, trig.mode = "MOBILIZE", "troops"
    if kind == "REQUEST" and _rallies_against(tok):
        # PLOVER (DISAPPROVE, CAMEO 113): "solicit other parties to take actions against the
        # target" ("called on Arabs to unite and mobilize against Sharon")
        kind, trig.mode = "ACCUSE", "disapprove"
    if kind == "REQUEST" and trig.kind != "REQUEST" and speech is not None:
        # "Russia said Sudan must return the helicopter": the speaker demands, the subject is asked
        bidden = next((c for c in speech.children if c.dep_ == "dobj"), None) if tok.dep_ == "xcomp" else None
        # "The US told Israel to halt": the one told is asked, not the infinitive's controller
        actor, target = reporter, (roles.ref(bidden) if bidden is not None else actor)
    if kind == "COERCE" and _crowd(tok, actor, roles, lex):
        # coercion by a crowd is a riot; occupying or blockading a place obstructs (CAMEO 144:
        # "demonstrators occupied the ministry", "protesters blockaded the port")
        kind, trig.mode = "PROTEST", "obstruct" if trig.mode in ("seize", "restrict") else "riot"
    if kind in lex.home_types and (actor is None or actor.country is None):
        actor = _at_home(tok, kind, actor, target, roles) or actor
    elif actor is not None and _ethnic(tok, roles):
        actor = _where_living(tok, kind, actor, roles)
    wisher = _wisher(tok, lex)
    if wisher is not None:
        # "Obama wants Putin to attack Switzerland": Obama asks it of Putin
        modal = any(c.dep_ == "aux" and c.lower_ in lex.status["hypothetical"] for c in wisher.head.children)
        kind, actor, target = "REQUEST", roles.ref(wisher), actor
        status = "hypothetical" if modal else "occurred"
    if actor is None or actor.country is None:
        actor = _of_the_sentence(tok, kind, actor, (target, reporter), roles)
    fatalities, injured = casualties([tok, *trig.parts], lex)
    if kind == "COERCE" and trig.mode == "destroy" and (fatalities or injured):
        kind, trig.mode = "ASSAULT", None  # a destruction that kills is an attack
    if kind == "ASSAULT" and not fatalities and _riot(trig, actor, roles, lex):
        kind, trig.mode = "PROTEST", "riot"
    trigger = TextSpan(tok.idx, tok.idx + len(tok), tok.text)
    return Event(
        id=stable_id(article.id, kind, trigger.start, trigger.end),
        article_id=article.id,
        start=sent.start_char,
        end=sent.end_char,
        type=kind,
        trigger=trigger,
        mode=threat_mode or trig.mode,
        actor=actor,
        target=target,
        status=status,  # type: ignore[arg-type]
        reporter=reporter,
        fatalities=fatalities,
        injured=injured,
        background=is_background(tok, lex, times, article.published),
    )


def _of_the_sentence(
    tok: Token, kind: str, actor: ActorRef | None, sides: Sequence[ActorRef | None], roles: Roles
) -> ActorRef | None:
    """An actor the text gives no country takes the one country its sentence names: news names
    the country a story is about and leaves it off the groups acting in it ("Islamic
    fundamentalists continued their hunger strike to demand the resignation of Algerian President
    Ahmed Ben Bella"; "A minefield explosion near the town of Samarra killed two Iraqi youths")."""
    # an act named with no side at all ("continued military aid": an adjective is no side) says
    # too little; a side called foreign is not the sentence's country's ("Foreign bloggers who
    # praise China", "European peacekeepers arrived in Bosnia")
    heads = roles.actor_heads(tok)
    if not heads or heads[0].pos_ not in ("NOUN", "PROPN", "PRON"):
        return actor
    if any(w.lower_ in lexicon.load().foreign_words for h in heads for w in h.lefts):
        return actor
    found = roles.sentence_country(tok, [s.country for s in sides if s is not None])
    if found is None or not found[1]:
        return actor  # a country only a resolved side has ("Trump told Starmer during the visit")
    country, word = found
    target = sides[0]
    if actor is None and kind == "ASSAULT" and (target is None or target.country in (None, country)):
        return None  # "Iraqi civilians were killed in Baghdad": no attacker named (as _at_home)
    if kind == "MOBILIZE":
        # forces are readied against a country or on its border more often than in it ("The army
        # massed troops along the border with Ukraine")
        return actor
    if kind == "CONSULT" and target is not None and target.country == country:
        return actor  # "The foreign minister visited Beijing": the one country named is the host
    if actor is None:
        return ActorRef(word, country=country)
    return ActorRef(actor.name, actor.actor_id, country, actor.sector)


def _ultimatum(tok: Token, lex: lexicon.Lexicon) -> bool:
    """The act is one alternative of "X or face Y", Y a hostile act ("disband or face arrest",
    "disperse or face prosecution"): the trigger, its complement, or the trigger is Y itself."""
    verbs = [tok, *(c for c in tok.children if c.dep_ in _COMPLEMENTS)]
    if tok.dep_ == "conj":
        verbs.append(tok.head)
    return any(_faced(v, lex) for v in verbs)


def _faced(verb: Token, lex: lexicon.Lexicon) -> bool:
    """The verb's "or face" conjunct names a hostile act (parsed "face" + object, or "face" as a
    compound of the act)."""
    if not any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children):
        return False
    for conj in verb.children:
        if conj.dep_ != "conj":
            continue
        if conj.lower_ == "face":
            acts = [c for c in conj.children if c.dep_ == "dobj"]
        elif any(c.dep_ == "compound" and c.lower_ == "face" for c in conj.children):
            acts = [conj]
        else:
            continue
        if any((code := noun_code(a, lex)) is not None and code[0] in HOSTILE for a in acts):
            return True
    return False


def _readied(tok: Token, lex: lexicon.Lexicon) -> bool:
    """An attack its actor gets ready for, not one made ("prepared to resume shelling", "poised
    to strike"), up through transparent verbs ("prepared to resume")."""
    up = tok
    for _ in range(3):
        if up.dep_ != "xcomp" or up.head.i == up.i:
            return False
        up = up.head
        lemma = up.lemma_.lower()
        if lemma in lex.status["readiness_governors"] or up.lower_ in lex.status["readiness_governors"]:
            return True
        if lemma not in lex.status["transparent"] and lemma not in lex.verbs:
            return False
    return False


def _rallies_against(tok: Token) -> bool:
    """A call whose asked-for act is aimed "against" someone: rallying opposition to them."""
    if tok.pos_ != "VERB":
        return False
    acts = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
    acts += [g for c in tok.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"
             for g in o.children if g.dep_ in ("acl", "relcl")]  # fmt: skip
    acts += [g for a in list(acts) for g in a.conjuncts]
    return any(c.dep_ == "prep" and c.lower_ == "against" for a in acts for c in a.children)


def _ethnic(tok: Token, roles: Roles) -> bool:
    """The actor is named as a people, not a state ("ethnic Albanians", "ethnic Serb rebels")."""
    heads = roles.actor_heads(tok)
    return bool(heads) and any(c.lower_ == "ethnic" for c in heads[0].subtree if c.i < heads[0].i)


def _where_living(tok: Token, kind: str, actor: ActorRef, roles: Roles) -> ActorRef:
    """An ethnic group acting where the event happens belongs to that country (CAMEO codes ethnic
    Albanians demonstrating in Serbia as Serbian): the place's country, else the people's."""
    from sitrep.extract.events.where import event_place  # where reads this package's triggers

    place = event_place(tok, roles.places, kind)
    if place is None or not place.country:
        return actor
    return ActorRef(actor.name, actor.actor_id, place.country, actor.sector)


def _riot(trig: Trigger, actor: ActorRef | None, roles: Roles, lex: lexicon.Lexicon) -> bool:
    """A crowd's violence with no weapon (and, the caller checks, no dead) is a riot (CAMEO 145,
    PLOVER PROTEST/riot): "protesters clashed with police", "stormed the embassy", "set fire to";
    "demonstrators launched missiles" stays an attack."""
    if trig.mode is not None or mode_of(trig, lex) is not None:
        return False
    return _crowd(trig.token, actor, roles, lex)


def _crowd(tok: Token, actor: ActorRef | None, roles: Roles, lex: lexicon.Lexicon) -> bool:
    """The act's doer is a crowd, named with a country or not ("Rioters set fire to ...")."""
    if actor is not None:
        return _rioters(actor, lex)
    heads = roles.actor_heads(tok)
    return bool(heads) and heads[0].lemma_.lower() in lex.rioters


def _rioters(actor: ActorRef, lex: lexicon.Lexicon) -> bool:
    words = actor.name.lower().split()
    return bool(words) and (words[-1] in lex.rioters or words[-1].removesuffix("s") in lex.rioters)


def _at_home(
    tok: Token, kind: str, actor: ActorRef | None, target: ActorRef | None, roles: Roles
) -> ActorRef | None:
    """The actor of a domestic act, from the country the event's syntax places it in: a group the
    text names without a country ("Prisoners rioted at a jail in Dili"), or the unnamed agent of a
    passive: the state, of a state's act ("was arrested in Lebanon") or of an attack on foreigners
    ("10 Russian soldiers killed in Ukraine"). None when no place says it."""
    from sitrep.extract.events.where import event_place  # where reads this package's triggers

    passive = passive_participle(tok) or any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    foreign = target is not None and target.country is not None
    passive = passive and (kind in lexicon.load().state_types or foreign)
    group = next((h for h in roles.actor_heads(tok) if h.pos_ == "NOUN"), None) if actor is None else None
    if actor is None and group is None and not passive:
        return None
    place = event_place(tok, roles.places, kind)
    if place is None or not place.country:
        return None
    at_home = target is None or target.country in (None, place.country)
    if actor is None and group is None and kind not in lexicon.load().state_types and at_home:
        return None  # "Iraqi civilians were killed in Baghdad": no attacker named
    if group is not None:
        return ActorRef(roles.name(group), country=place.country, sector=roles.sector(group))
    if actor is None:
        state = place.name if place.feature == "country" else place.country
        return ActorRef(state, country=place.country, sector="GOV")
    return ActorRef(actor.name, actor.actor_id, place.country, actor.sector)


# Sides that make a fight more than words: states, peoples, armed groups.
_NON_PERSON_ENTS = {"GPE", "NORP", "ORG"}
_SCENE_PREPS = {"in", "at", "during", "near", "inside", "outside"}


def _verbal_clash(trig: Trigger, roles: Roles, lex: lexicon.Lexicon) -> bool:
    """A fight of two or more people, none of them a state or armed group and no weapon or
    casualty in the phrase: a clash of words ("the Oval Office clash between Trump and Zelenskyy")."""
    tok = trig.token
    if tok.lemma_.lower() not in lex.clash_lemmas:
        return False
    # a locative phrase is where they clashed, not a side ("in the Oval Office")
    parties = [p for p in roles.parties(tok) if not (p.dep_ == "pobj" and p.head.lower_ in _SCENE_PREPS)]
    persons = [p for p in parties if roles.is_person(p)]
    if len(persons) < 2 or any(p.ent_type_ in _NON_PERSON_ENTS for p in parties if p not in persons):
        return False
    words = {w.lemma_.lower() for t in (tok, *trig.parts) for w in t.subtree}
    return not words & lex.clash_military


def _wisher(tok: Token, lex: lexicon.Lexicon) -> Token | None:
    """The subject of a wish about someone else's act ("X wants Y to act"), else None."""
    if tok.dep_ not in ("ccomp", "xcomp") or tok.head.lemma_.lower() not in lex.status["wish_governors"]:
        return None
    own = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    wisher = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if own is None or wisher is None or own.pos_ == "PRON":
        return None
    return wisher


def code_doc(
    article: Article,
    doc: Doc,
    times: Sequence[TimeMention],
    places: Sequence[PlaceMention],
    quotes: Sequence[Quote] = (),
) -> list[list[Event]]:
    """The events of each coded sentence, in text order (the bench scores sentence by sentence).

    ``quotes`` (the quotes stage's) name who "we" and "I" are inside a direct quote."""
    lex = lexicon.load()
    roles = Roles(
        ArticleActors(doc), places, lambda tok: noun_code(tok, lex) is not None, quotes, article.published
    )
    out = []
    for sent in _sentences(doc):
        out.append([_event(t, sent, article, roles, times) for t in find_triggers(sent, lex)])
    return out


def extract_events(
    article: Article,
    doc: Doc,
    times: Sequence[TimeMention],
    places: Sequence[PlaceMention],
    quotes: Sequence[Quote] = (),
) -> list[Event]:
    """Per-article extractor: every event mention, one per trigger."""
    return [ev for sent in code_doc(article, doc, times, places, quotes) for ev in sent]


def _anchor(tok: Token, lex: lexicon.Lexicon) -> Token:
    """Where an event sits in the parse: a light verb's noun sits at its verb ("staged protests")."""
    if (
        tok.pos_ != "VERB"
        and tok.dep_ in ("dobj", "nsubj", "nsubjpass")
        and (tok.head.lemma_.lower() in lex.light or tok.head.lemma_.lower() in lex.giving)
    ):
        return tok.head
    return tok


def _finite_conj(root: Token) -> Token | None:
    """The finite verb a bare past-participle root is coordinated with, no conjunction between, if
    the parser took a reduced relative clause for the main verb ("Soldiers killed in the attack
    were buried")."""
    if root.tag_ not in ("VBN", "VBD") or any(c.dep_ in ("aux", "auxpass") for c in root.children):
        return None
    # a true coordination has its conjunction ("marched and were arrested")
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children) or any(
        c.dep_ == "cc" for c in root.children
    ):
        return None
    return next(
        (
            c
            for c in root.children
            if c.dep_ == "conj"
            and c.pos_ in ("VERB", "AUX")
            and any(g.dep_ in ("aux", "auxpass") for g in c.children)
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        ),
        None,
    )


def primary(events: Sequence[Event], doc: Doc) -> Event | None:
    """The sentence's main event: the trigger nearest the root of the parse, the earlier on a tie."""
    lex = lexicon.load()
    best: tuple[tuple[int, int, int], Event] | None = None
    for ev in events:
        tok = trigger_token(doc, ev)
        if tok is None:
            continue
        up = _anchor(tok, lex)
        depth = 0
        while up.head.i != up.i and depth < 50:
            up, depth = up.head, depth + 1
        main = _finite_conj(up)
        if main is not None:
            # "The civilians imprisoned for ... were released by Putin": the parser made the
            # participle the root; the finite verb coordinated with it is the sentence's verb
            anchor = _anchor(tok, lex)
            depth = depth - 1 if anchor.i == main.i or main.is_ancestor(anchor) else depth + 1
        key = (depth, tok.i)
        if best is None or key < best[0]:
            best = (key, ev)
    return best[1] if best else None
