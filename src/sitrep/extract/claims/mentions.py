"""Claim mentions: the propositions one article asserts, relays or disputes, and who holds each.

Three sources, read from the parse the article's other stages share:

* **statements**: what a quoted speaker said (speech attributions) is the speaker's proposition;
  it disputes when the speaker calls something false ("reports of the alleged encirclement ... are
  false"), denies it (a denial cue: "denied claims ...") or negates its predicate;
* **reported claims**: a claim noun with its content ("claims by Trump and Putin *of a large-scale
  encirclement*", "a report promoted by Moscow *that forces have been surrounded*") is relayed
  (``reports``) for the agents who made it, and disputed by whoever denies it ("officials denied
  claims ..."); a verb of claiming with its clause ("Russian officials claimed their troops had
  captured Sudzha") that no quote covers is its subject's assertion;
* **the outlet's own statements**: a narrative sentence naming someone or something (a name or a
  number) and no speaker is the outlet's assertion, relayed when it hedges ("unconfirmed reports").

Each mention also lists the contrary predicates it states (``contrary.txt``), so that the claims
linker can set "fighting continued in and around Sudzha" against "troops captured Sudzha".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitrep.extract.claims.lexicon import contrary_pairs, cues, forms
from sitrep.extract.speakers import ArticleActors, Resolved
from sitrep.records import ActorRef, Article, ClaimMention, ClaimStance, Quote
from sitrep.stages import ArticleContext, TableSpec, article_stage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Verbs of denial that dispute what their object or clause says ("denied claims", "rejected reports").
DENIAL = ("refute", "refute_report")
MIN_TOKENS = 6  # a narrative sentence shorter than this is a heading or a fragment, not a claim
MAX_TOKENS = 80  # longer ones are run-on scrapes (menus, lists)
MIN_CONTENT = 3  # content words a proposition needs
PRIORITY = {"disputes": 2, "reports": 1, "asserts": 0}
NAMED = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "CARDINAL", "QUANTITY", "PERCENT", "MONEY"}


@functools.cache
def _words(name: str) -> frozenset[str]:
    """One-word entries of a claim cue list."""
    return frozenset(w[0] for entries in cues(name).by_first.values() for w, _pos in entries if len(w) == 1)


def _lemma(tok: Token) -> frozenset[str]:
    return forms(tok.lemma_.lower(), tok.lower_)


def _is(tok: Token, *names: str) -> bool:
    return any(_lemma(tok) & _words(n) for n in names)


def extract_claim_mentions(article: Article, doc: Doc, quotes: Sequence[Quote]) -> list[ClaimMention]:
    """The claim mentions of one article, in text order."""
    extractor = _Extractor(article, doc, quotes)
    return extractor.run()


class _Extractor:
    def __init__(self, article: Article, doc: Doc, quotes: Sequence[Quote]) -> None:
        self.article = article
        self.doc = doc
        self.quotes = sorted((q for q in quotes if q.text.strip()), key=lambda q: q.start)
        self.out: dict[tuple[int, int, str], ClaimMention] = {}

    @functools.cached_property
    def actors(self) -> ArticleActors:
        # Built only for articles with a reported claim: most sentences need no speaker resolution.
        return ArticleActors(self.doc)

    def run(self) -> list[ClaimMention]:
        for q in self.quotes:
            if q.attribution == "speech":
                self._statement(q)
        for sent in self.doc.sents:
            found = self._reported(sent)
            if not found and not self._quoted(sent):
                self._narrative(sent)
        return sorted(self.out.values(), key=lambda m: (m.start, m.end, m.stance, m.id))

    # -- helpers ---------------------------------------------------------------------------------
    def _add(
        self, span: Span, stance: ClaimStance, speaker: ActorRef | None, quote: Quote | None = None
    ) -> None:
        span = _trimmed(span)
        if span is None or len([t for t in span if t.is_alpha]) < 3:
            return
        if sum(t.is_alpha and not t.is_stop for t in span) < MIN_CONTENT:
            return  # "events in Ukraine" (of "the Kremlin's version of events") is no proposition
        key = (span.start_char, span.end_char, speaker.name if speaker else "")
        known = self.out.get(key)
        if known is not None and PRIORITY[known.stance] >= PRIORITY[stance]:
            return  # one holder takes one stance towards one span: a denial outranks a relay
        self.out[key] = ClaimMention(
            text=span.text,
            article_id=self.article.id,
            start=span.start_char,
            end=span.end_char,
            stance=stance,
            speaker=speaker,
            outlet=self.article.original_outlet or self.article.outlet,
            date=(quote.date if quote and quote.date else None)
            or (self.article.published or "")[:10]
            or None,
            quote_id=quote.id if quote else None,
            frames=frames(span),
        )

    def _quote_at(self, char: int) -> Quote | None:
        for q in self.quotes:
            if q.start <= char < q.end:
                return q
        return None

    def _quoted(self, sent: Span) -> bool:
        return any(q.start < sent.end_char and sent.start_char < q.end for q in self.quotes)

    def _speaker(self, q: Quote | None) -> ActorRef | None:
        if q is None or not q.speaker:
            return None
        info = q.speaker_info or {}
        return ActorRef(q.speaker, q.speaker_id, info.get("country"), info.get("sector"))

    def _resolve(self, tok: Token) -> list[ActorRef]:
        """The actors a subject or agent names ("Trump and Putin" is two)."""
        out = []
        for head in (tok, *(c for c in tok.conjuncts if c.i > tok.i)):
            quote = self._quote_at(head.idx)
            if head.lower_ in ("we", "i", "our", "my") and quote is not None and quote.speaker:
                out.append(self._speaker(quote))
                continue
            resolved: Resolved = self.actors.resolve(head)
            if resolved.name:
                out.append(ActorRef(resolved.name, None, resolved.country, resolved.sector))
        return [a for a in out if a is not None]

    # -- statements ------------------------------------------------------------------------------
    def _statement(self, q: Quote) -> None:
        span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return
        cue = q.cue.split()[0].lower() if q.cue else ""
        denial = bool(cue) and bool(forms(cue, cue) & (_words("refute") | _words("refute_report")))
        stance: ClaimStance = "disputes" if denial or _refutes(span) or _negated(span) else "asserts"
        self._add(span, stance, self._speaker(q), q)

    # -- reported claims -------------------------------------------------------------------------
    def _reported(self, sent: Span) -> bool:
        found = False
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and _is(tok, "claim_nouns"):
                found |= self._claim_noun(tok)
            elif tok.pos_ == "VERB" and _is(tok, "attribution") and tok.dep_ != "amod":
                found |= self._claim_verb(tok)
        return found

    def _claim_noun(self, noun: Token) -> bool:
        content = _noun_content(noun)
        if content is None:
            return False
        agents = [a for t in _agents(noun) for a in self._resolve(t)]
        quote = self._quote_at(noun.idx)
        for agent in agents or [None]:
            self._add(content, "reports", agent, quote if agent is None else None)
        denier = self._denier(noun, quote)
        if denier is not None:
            for actor in denier or [None]:
                self._add(content, "disputes", actor, quote)
        return True

    def _denier(self, noun: Token, quote: Quote | None) -> list[ActorRef] | None:
        """Who denies the claim the noun names: the subject of a denial verb over it ("officials
        denied claims"), or the speaker calling it false ("reports ... are false"); None if nobody."""
        head = noun.head
        if noun.dep_ in ("dobj", "pobj") and head.pos_ in ("VERB", "ADP") and not _is_negated(head):
            verb = head if head.pos_ == "VERB" else head.head
            if verb.pos_ == "VERB" and _is(verb, *DENIAL) and not _is_negated(verb):
                subject = _subject(verb)
                return self._resolve(subject) if subject is not None else []
        if noun.dep_ in ("nsubj", "nsubjpass") and not _is_negated(head):
            predicates = [c for c in head.children if c.dep_ in ("acomp", "attr", "oprd")]
            if any(_is(p, "refute") for p in predicates) or _is(head, "refute"):
                speaker = self._speaker(quote)
                return [speaker] if speaker else []
        return None

    def _claim_verb(self, verb: Token) -> bool:
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        subject = _subject(verb)
        if clause is None or subject is None:
            return False
        content = _clause_span(clause)
        quote = self._quote_at(content.start_char)
        if any(
            q.attribution == "speech" and _overlap(q.start, q.end, content.start_char, content.end_char) > 0.5
            for q in self.quotes
        ):
            return False  # the quote extractor found it: a statement already
        denial = _is(verb, *DENIAL) or _is_negated(verb)
        for actor in self._resolve(subject) or [None]:
            self._add(content, "disputes" if denial else "asserts", actor, quote)
        return True

    # -- the outlet's own statements -------------------------------------------------------------
    def _narrative(self, sent: Span) -> None:
        words = [t for t in sent if not t.is_space and not t.is_punct]
        if not MIN_TOKENS <= len(words) <= MAX_TOKENS or any(t.text == "?" for t in sent):
            return
        if not any(t.pos_ in ("VERB", "AUX") and t.dep_ == "ROOT" for t in sent):
            return  # a headline fragment or a caption
        if not any(t.ent_type_ in NAMED for t in sent):
            return
        hedged = bool(cues("hedge").find(list(sent)) or cues("report").find(list(sent)))
        stance: ClaimStance = "reports" if hedged else "disputes" if _negated(sent) else "asserts"
        self._add(sent, stance, None)


# --- parse helpers -------------------------------------------------------------------------------


def _trimmed(span: Span) -> Span | None:
    words = [t for t in span if not t.is_space and not (t.is_punct and t.text not in ")]”’\"'")]
    while words and (words[0].dep_ == "mark" or words[0].is_punct):
        words = words[1:]
    while words and words[-1].is_punct:
        words = words[:-1]
    if not words:
        return None
    return span.doc[words[0].i : words[-1].i + 1]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> float:
    """The share of the shorter of two character ranges that the other covers."""
    shared = min(a1, b1) - max(a0, b0)
    return max(0, shared) / max(1, min(a1 - a0, b1 - b0))


def _clause_span(head: Token) -> Span:
    left, right = head.left_edge.i, head.right_edge.i
    return head.doc[left : right + 1]


def _noun_content(noun: Token) -> Span | None:
    """What a claim noun says: its "of ..." object or its "that ..." clause (on the noun or on the
    participle that describes it: "a report promoted by Moscow that ...")."""
    holders = [noun, *(c for c in noun.children if c.dep_ == "acl")]
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("ccomp", "acl", "relcl") and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                return _clause_span(child)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "about", "that"):
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                return _clause_span(objects[0])
    return None


def _agents(noun: Token) -> list[Token]:
    """Who made the claim: "claims *by* X", "X's claim", "a report promoted *by* X"."""
    out = []
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            out.append(child)
        if child.dep_ in ("prep", "agent") and child.lower_ == "by":
            out += [g for g in child.children if g.dep_ == "pobj"]
        if child.dep_ == "acl":
            for g in child.children:
                if g.dep_ == "agent":
                    out += [p for p in g.children if p.dep_ == "pobj"]
    return out


def _subject(verb: Token) -> Token | None:
    tok: Token | None = verb
    for _ in range(4):
        if tok is None:
            break
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        # "acknowledged ... but denied": a conjoined verb shares its subject; so does an xcomp.
        tok = tok.head if tok.dep_ in ("conj", "xcomp") and tok.head is not tok else None
    return None


def _is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _refutes(span: Span) -> bool:
    """The span calls something false ("... are false and fabricated", "a hoax")."""
    for first, _last, _entry in cues("refute").find(list(span)):
        tok = span[first]
        predicate = tok.pos_ in ("ADJ", "NOUN") or tok.dep_ in ("acomp", "attr", "conj")
        if predicate and not _is_negated(tok) and not _is_negated(tok.head):
            return True
    return False


def _negated(span: Span) -> bool:
    """The span's main predicate is negated ("is not necessary", "There is no danger of ...")."""
    root = next((t for t in span if t.head.i == t.i or not (span.start <= t.head.i < span.end)), None)
    if root is None:
        return False
    if _is_negated(root):
        return True
    return any(
        c.dep_ in ("attr", "dobj", "nsubj") and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
        for c in root.children
    )


def frames(span: Span) -> list[str]:
    """The contrary predicates ``span`` states, each with the names in its clause: a pair's name
    for its claim side, "~name" for its contrary side ("capture:sudzha" for "troops captured
    Sudzha", "~capture:sudzha" for "fighting continued in and around Sudzha")."""
    tokens = [t for t in span if not t.is_punct and not t.is_space]
    lemmas = [t.lemma_.lower() for t in tokens]
    out: list[str] = []
    for left, right in contrary_pairs():
        name = min(left)
        for side, tag in ((left, name), (right, f"~{name}")):
            for k in (1, 2, 3):
                for i in range(len(lemmas) - k + 1):
                    if " ".join(lemmas[i : i + k]) in side:
                        out += [f"{tag}:{n}" for n in _clause_names(tokens[i])]
    return list(dict.fromkeys(out))


def _clause_names(tok: Token) -> list[str]:
    """The proper names in the clause of a predicate word (its verb's subtree)."""
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.head is not head and head.dep_ not in ("ROOT",):
        head = head.head
    names: list[str] = []
    stack = [head]
    while stack:
        t = stack.pop()
        if t.pos_ == "PROPN" and t.is_alpha and len(t) > 2:
            names.append(t.lower_)
        # Not the names of a clause or apposition hung on an argument ("Sudzha, the largest town
        # in the part that Ukraine occupied"): the predicate is not about them.
        stack += [c for c in t.children if c.dep_ not in ("relcl", "acl", "appos", "advcl", "parataxis")]
    return names


@article_stage(
    "claim_mentions",
    tables=[TableSpec("claim_mentions", ClaimMention, per_article=True, columns=("stance", "quote_id"))],
    requires=["quotes"],
)
def claim_mentions_stage(ctx: ArticleContext) -> list[ClaimMention]:
    return extract_claim_mentions(ctx.article, ctx.doc, ctx["quotes"])
