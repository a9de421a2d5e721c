"""Position mentions: who takes which stance on which issue, sentence by sentence.

A sentence bears on an issue through its cue words (``issues.toml``); its stance word and any
conditions are read as :func:`sitrep.extract.claims.positions.position_of` reads them. The holder
is the speaker of the quote the stance word stands in (or whose attribution it is: "Zelenskyy
*praised* the cease-fire proposal"), else the subject of the stance word's clause ("*Moscow* has
so far been against a European peacekeeping force"). Inside a quote a person other than the
speaker is not the speaker's stance ("claimed the Russian president was preparing to accept"),
but a state or body the speaker speaks for is ("Peskov said Moscow was carefully studying ...").

A quoted stance with no issue cue of its own takes the issues of the sentence before it, or the
one before that (a spokesman "carefully studying" the statement the previous sentence says is on
the 30-day cease-fire). The date is the quote's, else a date the sentence states, else the
article's.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitrep.extract.claims.mentions import _subject
from sitrep.extract.claims.positions import Issue, _cues, _polar, _reading, load_issues
from sitrep.extract.quotes.lexicon import word_list
from sitrep.extract.speakers import ArticleActors
from sitrep.records import ActorRef, Article, PositionMention, Quote, TimeMention
from sitrep.stages import ArticleContext, TableSpec, article_stage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CARRY = 2  # sentences back a quoted stance without an issue cue looks for its issue
FIRST_PERSON = {"i", "we", "us", "me", "our", "my"}
# In a speaker's own words these are someone else (he would say "I" or "we").
THIRD_PERSON = {"he", "she", "they", "him", "her", "them"}
GROUP_KINDS = {"organization", "country", "group"}


class _Holders:
    def __init__(self, article: Article, doc: Doc, quotes: Sequence[Quote]) -> None:
        self.article = article
        self.doc = doc
        self.quotes = [q for q in quotes if q.speaker]

    @functools.cached_property
    def actors(self) -> ArticleActors:
        return ArticleActors(self.doc)

    def quote_of(self, word: Token, sent: Span) -> Quote | None:
        """The quote the stance word stands in, or whose attribution it is."""
        for q in self.quotes:
            if q.start <= word.idx < q.end:
                return q
        subject = _subject(word)
        for q in self.quotes:
            mention = q.speaker_mention
            in_sentence = sent.start_char <= q.start < sent.end_char
            if in_sentence and mention and subject is not None and mention.start <= subject.idx < mention.end:
                return q
        return None

    def holder(self, word: Token, sent: Span) -> tuple[ActorRef | None, Quote | None]:
        quote = self.quote_of(word, sent)
        subject = _subject(word)
        if quote is not None:
            inside = quote.start <= word.idx < quote.end
            third = subject is not None and subject.lower_ not in FIRST_PERSON
            # "Putin said that he agrees": in reported speech a pronoun subject is the speaker.
            reported = quote.kind != "direct" and subject is not None and subject.pos_ == "PRON"
            if inside and third and not reported and quote.start <= subject.idx < quote.end:  # type: ignore[union-attr]
                if quote.kind == "direct" and subject.lower_ in THIRD_PERSON:  # type: ignore[union-attr]
                    return None, None  # "He has wisely praised Trump's plans", in Trump's own words
                resolved = self.actors.resolve(subject)
                if resolved.name and resolved.name != quote.speaker and resolved.kind not in GROUP_KINDS:
                    return None, None  # the speaker's claim about another person's stance
            info = quote.speaker_info or {}
            return ActorRef(
                quote.speaker or "", quote.speaker_id, info.get("country"), info.get("sector")
            ), quote
        if subject is None or subject.pos_ == "PRON" and subject.lower_ in ("it", "there", "this", "that"):
            return None, None
        resolved = self.actors.resolve(subject)
        if not resolved.name:
            return None, None
        return ActorRef(resolved.name, None, resolved.country, resolved.sector), None


def extract_positions(
    article: Article,
    doc: Doc,
    quotes: Sequence[Quote],
    times: Sequence[TimeMention] = (),
    issues: Sequence[Issue] | None = None,
) -> list[PositionMention]:
    issues = issues if issues is not None else load_issues()
    holders = _Holders(article, doc, quotes)
    sents = [s for s in doc.sents if not all(t.is_space for t in s)]
    named: list[dict[str, list[Token]]] = []
    out: dict[tuple[int, str, str], PositionMention] = {}
    for i, sent in enumerate(sents):
        following = sents[i + 1] if i + 1 < len(sents) else None
        words = list(sent)
        hits = {
            issue.key: [sent[f] for f, _l, _e in found]
            for issue in issues
            if (found := issue.cues.find(words))
        }
        named.append(hits)
        if hits:
            readings = [(key, _polar(sent, targets)) for key, targets in hits.items()]
        else:
            readings = [(key, _polar(sent, list(sent))) for key in _carried(named, sents, i, holders)]
        for key, polar in readings:
            if polar is None or _hypothetical(polar[1]) or (hits and _conditional_issue(hits[key], polar[1])):
                continue
            if _on_anothers_words(polar[1], hits.get(key, [])) or (hits and _a_matter(hits[key], polar[1])):
                continue
            speaker, quote = holders.holder(polar[1], sent)
            if speaker is None or (not hits and (quote is None or _on_an_act(polar[1]) or _named(polar[1]))):
                # A carried-over issue needs a quoted speaker and a stance on a thing ("studying
                # the statement"), not on an act of its own ("don't want to waste time", "should
                # never have happened"), nor a stance only named ("one of the key demands, as I
                # understand from Ukraine, is that ...": whose demand is not said).
                continue
            stance, conditions = _reading(sent, polar, following)
            if stance == "support" and hits and (required := _requirement(hits[key], polar[1])):
                stance, conditions = "conditional", conditions or required
            if hits and stance in ("support", "oppose") and _negated_issue(hits[key], polar[1]):
                # "demanded that no foreign power ever station troops": a stance for its negation
                stance = "oppose" if stance == "support" else "support"
            mention = PositionMention(
                article_id=article.id,
                start=sent.start_char,
                end=_trim_end(sent),
                issue=key,
                stance=stance,
                conditions=conditions,
                speaker=speaker,
                quote_id=quote.id if quote else None,
                date=_date(sent, quote, times, article),
            )
            out.setdefault((mention.start, key, speaker.name), mention)
    return list(out.values())


def _carried(named: list[dict[str, list[Token]]], sents: list[Span], i: int, holders: _Holders) -> list[str]:
    """The issues a quoted stance without its own cue refers back to: those of the sentence
    before, else of the one before that when the same speaker is quoted in it."""
    if i >= 1 and named[i - 1]:
        return list(named[i - 1])
    if i < CARRY or not named[i - CARRY]:
        return []
    here = {q.speaker for q in holders.quotes if sents[i].start_char <= q.start < sents[i].end_char}
    there = sents[i - CARRY]
    if any(q.speaker in here for q in holders.quotes if there.start_char <= q.start < there.end_char):
        return list(named[i - CARRY])
    return []


def _negated_issue(targets: list[Token], word: Token) -> bool:
    """The issue's own clause, below the stance word, is negated ("no foreign power ever station
    troops", "Ukraine would not join NATO")."""
    for target in targets:
        if word.i not in {a.i for a in target.ancestors}:
            continue
        tok, below = target, None
        while tok.i != word.i:  # the path up to the stance word: the issue's own clause
            if below is not None and below.dep_ == "conj":
                below, tok = tok, tok.head  # a conjunct's first conjunct is a clause of its own
                continue
            if _cues("oppose").find([tok]):
                return True  # "demanded that Ukraine be barred from joining NATO"
            for c in tok.children:
                if c.dep_ == "neg" or c.lower_ == "never":
                    return True
                if c.dep_.startswith("nsubj") and any(
                    g.dep_ == "det" and g.lower_ == "no" for g in c.children
                ):
                    return True
            below, tok = tok, tok.head
    return False


# Marks of a clause whose stance is not taken: a condition, a question, a time yet to come
# ("many specifics needed to be worked out *before* Moscow would agree").
HYPOTHETICAL = {"if", "unless", "whether", "before", "until"}


def _hypothetical(word: Token) -> bool:
    """A stance in a condition is no stance taken ("more sanctions if the Kremlin rejects the
    cease-fire")."""
    tok = word
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL for c in tok.children):
            return True
        if tok.dep_ not in ("xcomp", "aux", "acomp", "prep", "pobj") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _conditional_issue(targets: list[Token], word: Token) -> bool:
    """Every mention of the issue sits in a condition below the stance word ("could unleash
    sanctions if it would not cooperate on a cease-fire deal"): the issue is the condition, not
    what the stance is about."""
    return all(_below_condition(target, word) for target in targets)


def _below_condition(target: Token, word: Token) -> bool:
    tok = target
    while tok.i != word.i and tok.head.i != tok.i:
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL for c in tok.children):
            return True
        tok = tok.head
    return False


MODALS = {"should", "must", "have", "need"}  # "should", "must", "have to", "need to"


def _requirement(targets: list[Token], word: Token) -> str | None:
    """What a modal demands of the issue it has for subject ("any cease-fire would *have to*
    address the underlying causes", "this cessation *should* be such that ..."): the issue is
    wanted only so, and the demand is the condition."""
    if word.lemma_.lower() not in MODALS:
        return None
    verb = word.head if word.dep_ == "aux" else word
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    inside = {t.i for c in subjects for t in c.subtree}
    if not any(t.i in inside for t in targets):
        return None
    rest = [t for t in verb.subtree if t.i >= word.i and not t.is_punct]
    if not rest:
        return None
    return verb.doc.text[rest[0].idx : rest[-1].idx + len(rest[-1])]


def _named(word: Token) -> bool:
    """A stance word used as a noun that no one in its phrase holds ("the key demands")."""
    return word.pos_ == "NOUN" and not any(c.dep_ == "poss" for c in word.children)


def _on_an_act(word: Token) -> bool:
    """A stance word on an act named with it: a verb with a clause ("want to waste time") or a
    modal of its own verb ("should never have happened")."""
    return word.dep_ == "aux" or any(c.dep_ in ("xcomp", "ccomp") for c in word.children)


def _a_matter(targets: list[Token], word: Token) -> bool:
    """Every mention of the issue is named as a matter to take up ("discussions would need to
    tackle the *topic of* the European Union lifting sanctions"), below the stance word: the stance
    is on taking it up, not on the issue (``matter.txt``)."""
    return all(_under_matter(t, word) for t in targets)


MATTER_REACH = (
    6  # words from "topic of" to the issue it names ("topic of the European Union lifting sanctions")
)


def _under_matter(target: Token, word: Token) -> bool:
    """The issue cue follows "<matter noun> of" closely, after the stance word (read off the words:
    the parse often hangs such a phrase elsewhere)."""
    doc = target.doc
    for i in range(target.i - 1, max(word.i, target.i - MATTER_REACH - 1), -1):
        if doc[i].lower_ == "of" and i > 0 and _cues("matter").find([doc[i - 1]]):
            return True
    return False


def _on_anothers_words(word: Token, targets: list[Token]) -> bool:
    """A stance on what another party said ("Zelenskyy dismissed *Putin's response* as ...") is
    a stance on those words, not on the issue, unless the issue is named inside them."""
    for obj in word.children:
        if obj.dep_ != "dobj" or obj.lemma_.lower() not in word_list("speech_nouns"):
            continue
        if any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in obj.children):
            inside = {t.i for t in obj.subtree}
            return not any(t.i in inside for t in targets)
    return False


def _trim_end(sent: Span) -> int:
    words = [t for t in sent if not t.is_space]
    return words[-1].idx + len(words[-1]) if words else sent.end_char


def _date(sent: Span, quote: Quote | None, times: Sequence[TimeMention], article: Article) -> str | None:
    if quote is not None and quote.date:
        return quote.date
    for t in times:
        if sent.start_char <= t.start < sent.end_char and t.type == "date" and t.value and len(t.value) == 10:
            return t.value
    return (article.published or "")[:10] or None


@article_stage(
    "position_mentions",
    tables=[TableSpec("position_mentions", PositionMention, per_article=True, columns=("issue", "stance"))],
    requires=["quotes", "times"],
)
def position_mentions_stage(ctx: ArticleContext) -> list[PositionMention]:
    return extract_positions(ctx.article, ctx.doc, ctx["quotes"], ctx["times"])
