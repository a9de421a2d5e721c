"""Assembly: quotes linked to cues, reported clauses kept, unattributed quotes continued, and
the final records with speaker, date and channel."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.calendar_words import iso_day
from sitrep.clean.outlets import canonical_outlet, known_outlet
from sitrep.extract.quotes.attribution import attribution_of
from sitrep.extract.quotes.cues import DASH_NAME, TURN, find_cues, headline_cues, sourceless
from sitrep.extract.quotes.dates import Elsewhen, SentenceTimes, date_by_occasion, elsewhen, stated_date
from sitrep.extract.quotes.lexicon import SPEECH, lemma_of
from sitrep.extract.quotes.marks import (
    DOUBLE_AMBIG,
    DOUBLE_OPEN,
    HEADLINE,
    TextIndex,
    find_marked_spans,
    paragraphs,
)
from sitrep.extract.quotes.syntax import ANAPHORIC_CONTENT, BARE_SPEECH, Cue, antecedent
from sitrep.extract.speakers import ArticleActors, Resolved, np_span
from sitrep.records import Article, Quote, Span, TimeMention, stable_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

CHANNELS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bTelegram\b"), "Telegram"),
    (re.compile(r"\bTruth Social\b"), "Truth Social"),
    (re.compile(r"\bFacebook\b"), "Facebook"),
    (re.compile(r"\bInstagram\b"), "Instagram"),
    (re.compile(r"\bYouTube\b"), "YouTube"),
    (re.compile(r"\b(?:on|via) X\b|\bTwitter\b|\btweet(?:ed|s)?\b|\bpost(?:ed)? on X\b", re.I), "X"),
    (re.compile(r"\b(?:press|news) conference\b|\bpress briefing\b|\bbriefing\b", re.I), "press conference"),
    (
        re.compile(r"\bvideo (?:address|message|statement)\b|\bin a video\b|\bnightly address\b", re.I),
        "video address",
    ),
    (re.compile(r"\bsocial media\b", re.I), "social media"),
    (re.compile(r"\bin a (?:written |joint )?statement\b|\bshared statement\b", re.I), "statement"),
    (re.compile(r"\bin a letter\b", re.I), "letter"),
    (re.compile(r"\bspeech\b", re.I), "speech"),
]
_NAME = r"[A-Z][\w’'.\-]*(?: (?:of |and |the )?[A-Z][\w’'.\-]*){0,5}"  # unambiguous: linear time
_INTERVIEW = re.compile(rf"\binterview (?:with|to) (?:the )?({_NAME})|\b({_NAME})(?:'s|’s)? interview\b")
_TOLD = re.compile(
    r"\btold (reporters|journalists|the media)((?: at| in)(?: the)? [A-Z][\w’'\-]*(?: [A-Z][\w’'\-]*){0,4})?"
)
_TOLD_OUTLET = re.compile(rf"\btold ((?:the )?{_NAME})")


def _paragraph_subject(doc: Doc, ix: TextIndex, start: int, end: int) -> Token | None:
    """The person a paragraph is about before its quote: the subject of its last sentence there."""
    if end - start > 600 or end <= start:
        return None  # bounded: only a short lead-in
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    for tok in reversed(span):
        if (
            tok.dep_ == "nsubj"
            and (tok.ent_type_ == "PERSON" or tok.lower_ in ("he", "she"))
            and not ix.in_quote(tok.idx)
        ):
            return tok
    return None


# Verbs whose object is the person they back or attack: a pronoun object is the whole content.
_TARGET_VERBS = {"endorse", "support", "back", "oppose", "reject", "criticize", "praise", "attack", "defend"}


def _is_name(doc: Doc, rng: tuple[int, int]) -> bool:
    span = doc.char_span(rng[0], rng[1], alignment_mode="expand")
    return span is not None and 0 < len(span) <= 2 and all(t.pos_ == "PROPN" for t in span)


def _window(doc: Doc, ix: TextIndex, q: tuple[int, int], para: tuple[int, int]) -> tuple[int, int]:
    first = ix.sent_at(q[0])
    last = ix.sent_at(max(q[0], q[1] - 1))
    start = max(first.start_char, para[0])
    end = min(last.end_char, para[1])
    # "“...,” he said." may be split off as its own sentence: take it in when short.
    if end < para[1] and ix.token_at(end) < len(doc):
        nxt = ix.sent_at(min(end + 1, len(ix.text) - 1))
        if nxt.start_char >= end and len(nxt) <= 12 and not ix.quotes_in(nxt.start_char, nxt.end_char):
            end = min(nxt.end_char, para[1])
    return start, end


def _link_quote(
    doc: Doc, ix: TextIndex, cues: list[Cue], starts: list[int], q: tuple[int, int], para: tuple[int, int]
) -> Cue | None:
    # a quoted transcript turn: "PENCE: Well, ..."
    m = TURN.match(ix.text, q[0], min(q[1], q[0] + 40))
    if m is not None:
        head = doc[ix.token_at(m.end(1) - 1)]
        return Cue(None, m.end(1), m.end(1) + 1, head, None, (m.start(1), m.end(1)))
    # “The most unqualified child to ever run for president.” ― Francis Ortiz
    m = DASH_NAME.match(ix.text, q[1], min(para[1], q[1] + 80))
    if m is not None:
        head = doc[ix.token_at(m.end(1) - 1)]
        if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG"):
            return Cue(None, m.start(1) - 1, m.start(1), head, None, (m.start(1), m.end(1)))
    ws, we = _window(doc, ix, q, para)
    best: tuple[float, Cue] | None = None
    for cue in cues[bisect_left(starts, ws) : bisect_left(starts, we)]:
        if ix.in_quote(cue.cue_start):
            continue
        if cue.verb is not None and lemma_of(cue.verb) not in SPEECH:
            linked = cue.content and cue.content[0] <= q[0] and q[1] <= cue.content[1] + 2
            if not linked:
                continue
        elif (
            cue.verb is not None
            and cue.content is not None
            and lemma_of(cue.verb) not in BARE_SPEECH
            and (cue.content[1] < q[0] or cue.content[0] > q[1])
            and not ix.quotes_in(*cue.content)
        ):
            continue  # "who has previously dismissed the story": the cue reports its own object
        # The gap between cue and quote must not hold another quote.
        lo, hi = (q[1], cue.cue_start) if cue.cue_start >= q[1] else (cue.cue_end, q[0])
        if any(s >= lo and e <= hi for s, e in ix.quotes_in(lo, hi)):
            continue
        dist = abs(cue.cue_start - q[1]) if cue.cue_start >= q[1] else abs(q[0] - cue.cue_end)
        score = -dist
        if cue.content and cue.content[0] <= q[1] and q[0] <= cue.content[1]:
            score += 200  # the parse links the quote to this cue
        if cue.speaker is not None:
            score += 50
        if best is None or score > best[0]:
            best = (score, cue)
    if best:
        return best[1]
    # "Trump: “We have people going to Russia right now”"
    prefix_start = max(para[0], q[0] - 80)
    m = HEADLINE.search(ix.text, prefix_start, max(prefix_start, q[0] - 1))
    if m:
        name_start, name_end = m.start(1), m.end(1)
        head = doc[ix.token_at(name_end - 1)]
        if head.pos_ in ("PROPN", "NOUN", "PRON"):
            return Cue(None, name_end, name_end + 1, head, None, (name_start, name_end))
    # "Breitbart's Joel Pollak reported ...:" and the quote opens the next paragraph
    k = q[0] - 1
    while k > max(0, q[0] - 12) and (ix.text[k].isspace() or ix.text[k] in DOUBLE_OPEN + DOUBLE_AMBIG + "‘'"):
        k -= 1
    if ix.text[k] == ":":
        sent = ix.sent_at(k)
        for cue in reversed(cues[bisect_left(starts, sent.start_char) : bisect_left(starts, k)]):
            if cue.verb is not None and cue.speaker is not None and not ix.in_quote(cue.cue_start):
                return cue
        # "... doesn't surprise Republican pollster Daron Shaw: “Historically ...”", "More from Jones:"
        last = doc[ix.token_at(k - 1)] if k > 0 else None
        if last is not None and last.ent_type_ in ("PERSON", "ORG") and not ix.in_quote(last.idx):
            ent = _entity_of(last)
            if ent is not None:
                return Cue(None, k, k + 1, ent.root, None, (ent.start_char, ent.end_char))
    return None


def _entity_of(token: Token) -> DocSpan | None:
    """The entity holding ``token``, from its IOB tags: ``doc.ents`` is rebuilt and scanned whole on
    every call, which made this lookup cost the article's length once per quote."""
    if not token.ent_type_:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _stands_for_other_words(
    doc: Doc, ix: TextIndex, cue: Cue, rng: tuple[int, int], cues: list[Cue], starts: list[int]
) -> bool:
    """ "Lammy echoed this sentiment ..., saying, “...”": a demonstrative noun phrase stands for
    words the same speaker's next cue in the sentence reports; it is not itself a statement."""
    span = doc.char_span(rng[0], rng[1], alignment_mode="expand")
    if span is None or not len(span) or span[0].lower_ not in ("this", "that", "these", "those"):
        return False
    if span[0].dep_ != "det" or any(t.pos_ in ("VERB", "AUX") for t in span) or cue.speaker is None:
        return False
    sent = ix.sent_at(cue.cue_start)
    return any(
        other is not cue and other.speaker is not None and other.speaker.i == cue.speaker.i
        for other in cues[bisect_left(starts, sent.start_char) : bisect_left(starts, sent.end_char)]
    )


def _unquoted_words(text: str, rng: tuple[int, int], quotes: list[tuple[int, int]]) -> int:
    pieces, pos = [], rng[0]
    for s, e in quotes:
        pieces.append(text[pos:s])
        pos = max(pos, e + 1)
    pieces.append(text[pos : rng[1]])
    words = re.findall(r"[A-Za-z0-9]+", " ".join(pieces))
    return len([w for w in words if w.lower() not in ("that", "and", "but", "as", "if", "whether")])


def channel_of(text: str) -> str | None:
    """Where a statement was made, from its attribution clause (quotes removed)."""
    for pattern, name in CHANNELS:
        if pattern.search(text):
            if name == "X" and re.search(r"\btweet", text, re.I) is None and "X" not in text:
                continue
            return name
    m = _INTERVIEW.search(text)
    if m:
        outlet = (m.group(1) or m.group(2) or "").strip()
        return f"interview with {outlet}" if outlet else "interview"
    if re.search(r"\binterview\b", text, re.I):
        return "interview"
    m = _TOLD.search(text)
    if m:
        return ("told reporters" + (m.group(2) or "")).strip()
    m = _TOLD_OUTLET.search(text)
    if m and not re.match(r"(?:the )?(?:I|He|She|They|We|It)\b", m.group(1)):
        return f"interview with {m.group(1).strip()}"
    return None


def _attribution_text(doc: Doc, ix: TextIndex, cue: Cue, content: tuple[int, int]) -> str:
    """The words around the cue, without the quoted or reported words."""
    anchor = cue.cue_start
    sent = ix.sent_at(anchor)
    text = ix.text
    pieces, pos = [], sent.start_char
    cuts = ix.quotes_in(sent.start_char, sent.end_char)
    if not (content[0] <= cue.cue_start < content[1]):
        cuts = [*cuts, content]
    cuts.sort()
    for s, e in cuts:
        if s > pos:
            pieces.append(text[pos:s])
        pos = max(pos, e)
    pieces.append(text[pos : sent.end_char])
    return " ".join(pieces)


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    kind: str
    cue: Cue | None
    speaker: Resolved | None = None
    mention: tuple[int, int] | None = None
    para: int = 0
    inherit: _Draft | None = None  # the quote whose speaker this one continues
    part_of: _Draft | None = None  # the first part of an interrupted quote this one continues


def _outlet(cue: Cue, text: str) -> bool:
    """The cue's source is a news outlet ("The Guardian reported"), which passes words on."""
    if cue.speaker is None:
        return False
    start, end = np_span(cue.speaker, text)
    return known_outlet(canonical_outlet(text[start:end]) or "") is not None


def extract_quotes(article: Article, doc: Doc, times: Sequence[TimeMention] | None = None) -> list[Quote]:
    """The direct, indirect and mixed quotes of one parsed article.

    ``times`` are the article's resolved time expressions (the times stage's output, offsets in
    the article text); when None, the sentences that attribute a quote are resolved here.
    """
    text = doc.text
    marked = find_marked_spans(text)
    ix = TextIndex(doc, marked)
    paras = paragraphs(text)
    para_starts = [s for s, _ in paras]

    def para_of(char: int) -> int:
        return max(0, bisect_right(para_starts, char) - 1)

    has_parse = doc.has_annotation("DEP")
    cues = find_cues(doc, ix) if has_parse else []
    if has_parse:
        cues.extend(headline_cues(doc, ix, paras))
    for cue in cues:
        # a reported clause stays in the cue's paragraph (the parser may run a sentence on)
        if cue.content:
            ps, pe = paras[para_of(cue.cue_start)]
            cs, ce = max(cue.content[0], ps), min(cue.content[1], pe)
            cue.content = (cs, ce) if ce > cs else None
    text_cues = sorted(cues, key=lambda c: c.cue_start)  # headline cues found below are added to `cues` only
    cue_starts = [c.cue_start for c in text_cues]
    linked: dict[int, list[tuple[int, int]]] = {}
    unlinked: list[tuple[int, int]] = []
    known = {id(c) for c in cues}  # a set: a scan of `cues` per quote was quadratic
    for q in marked:
        cue = _link_quote(doc, ix, text_cues, cue_starts, q, paras[para_of(q[0])]) if has_parse else None
        if cue is None:
            unlinked.append(q)
        else:
            if id(cue) not in known:
                known.add(id(cue))
                cues.append(cue)
            linked.setdefault(id(cue), []).append(q)

    drafts: list[_Draft] = []
    used_quotes: set[tuple[int, int]] = set()
    for cue in cues:
        qs = linked.get(id(cue), [])
        if qs:
            content = cue.content
            cover = (min(s for s, _ in qs), max(e for _, e in qs))
            if content and content[0] <= cover[1] and cover[0] <= content[1]:
                rng = (min(content[0], cover[0]), max(content[1], cover[1]))
                inner = ix.quotes_in(*rng)
                if (
                    _unquoted_words(text, rng, inner) > 2
                    and not any(q not in qs for q in inner)
                    and not rng[0] <= cue.cue_start < rng[1]  # "“A,” he said, “B”": two parts
                ):
                    drafts.append(_Draft(rng[0], rng[1], "mixed", cue, para=para_of(rng[0])))
                    used_quotes.update(qs)
                    continue
            # One attribution can carry several pieces ("“A,” he said. “B.”"): one quote per
            # marked part, so no quote's text holds the attribution (CONTRACT.md)
            first: _Draft | None = None
            for q in sorted(qs):
                part = _Draft(q[0], q[1], "direct", cue, para=para_of(q[0]))
                if first is not None and first.para == part.para:
                    part.part_of = first
                else:
                    first = part
                drafts.append(part)
            used_quotes.update(qs)
        elif cue.content and (cue.speaker is not None or sourceless(cue)):
            # a reported clause ends with the cue's paragraph (the parser may run a sentence on)
            ps, pe = paras[para_of(cue.cue_start)]
            rng = (max(cue.content[0], ps), min(cue.content[1], pe))
            while rng[1] > rng[0] and text[rng[1] - 1] in " \t.,;:":
                rng = (rng[0], rng[1] - 1)
            # a short reported clause is a fragment, unless it stands for what was said ("said so")
            short = (
                rng[1] - rng[0] < 8
                and text[rng[0] : rng[1]].lower().rsplit(" ", 1)[-1] not in ANAPHORIC_CONTENT
                and not _is_name(doc, rng)  # "Christie endorsed Trump"
                and not (
                    cue.verb is not None
                    and lemma_of(cue.verb) in _TARGET_VERBS
                    and text[rng[0] : rng[1]].lower() in ("him", "her", "them")
                )  # "Gov. Jerry Brown endorsed her"
            )
            if short or ix.in_quote(rng[0]) and ix.in_quote(rng[1] - 1):
                continue
            if _stands_for_other_words(doc, ix, cue, rng, text_cues, cue_starts):
                continue
            inner = ix.quotes_in(*rng)
            if any(q in used_quotes for q in inner):
                continue
            kind = "mixed" if inner else "indirect"
            used_quotes.update(inner)
            drafts.append(_Draft(rng[0], rng[1], kind, cue, para=para_of(rng[0])))

    drafts.sort(key=lambda d: (d.start, -d.end))
    # Univocal: a reported clause inside another one's content is dropped.
    kept: list[_Draft] = []
    for d in drafts:
        if (
            kept
            and d.start < kept[-1].end
            and d.cue is not None
            and kept[-1].start <= d.cue.cue_start < kept[-1].end
        ):
            outer = kept[-1].cue
            if (
                d.cue.speaker is None
                or outer is not None
                and outer.speaker is not None
                and not _outlet(outer, text)
            ):
                continue
            # "Officials claim that ... the general staff stated that “...”": the clause with a
            # source of its own is the attribution, not the sourceless frame around it; so is
            # "The Guardian reported that Rubio stated that ...": the outlet only passes it on
            kept.pop()
        kept.append(d)
    drafts = kept

    actors = ArticleActors(doc) if has_parse else None
    for d in drafts:
        if d.cue and d.cue.speaker is not None and actors is not None:
            spk = antecedent(d.cue.speaker) or d.cue.speaker
            d.speaker = actors.resolve(spk)
            d.mention = d.cue.mention or np_span(d.cue.speaker, text)

    # Quotes with no attribution of their own: a quote paragraph continues the
    # previous speaker; a longer unattributed quote is kept without a speaker.
    # One forward sweep (linear): `recent` is the attributed quote ending last before q.
    with_speaker = sorted((d for d in drafts if d.speaker is not None), key=lambda d: d.end)
    j, recent, recent_quote = 0, None, None
    for q in unlinked:
        if q in used_quotes:
            continue
        while j < len(with_speaker) and with_speaker[j].end <= q[0]:
            if recent is None or with_speaker[j].end >= recent.end:
                recent = with_speaker[j]
            if with_speaker[j].kind in ("direct", "mixed") and (
                recent_quote is None or with_speaker[j].end >= recent_quote.end
            ):
                recent_quote = with_speaker[j]
            j += 1
        prev = recent if recent is not None and recent.end <= q[0] else None
        pi = para_of(q[0])
        ps, pe = paras[pi]
        # Bounded look at the paragraph edges: the scan stays linear on one huge paragraph.
        whole_para = (
            q[0] - ps < 4 and pe - q[1] < 8 and not re.sub(r"[\W_]+", "", text[ps : q[0]] + text[q[1] : pe])
        )
        # the second half of a split quote ("“A,” he said, looking at the crowd. “B.”"), even when
        # a reported clause of the attribution sentence ends in between
        split = recent_quote if recent_quote is not None and recent_quote.end <= q[0] else None
        if split is not None and split.para == pi and q[0] - split.end < 400:
            part = _Draft(q[0], q[1], "direct", split.cue, split.speaker, split.mention, pi)
            part.part_of = split.part_of or split
            drafts.append(part)
            recent_quote = part
            continue
        if (
            prev is not None
            and prev.kind == "indirect"
            and prev.para == pi
            and prev.end <= q[0]
            and not re.sub(r"[\W_]+", "", text[prev.end : q[0]])
        ):
            # "She says people should be free to choose. “It is their life.”": one attribution
            prev.end, prev.kind = q[1], "mixed"
            continue
        same_para = (
            prev is not None
            and prev.para == pi
            and q[0] - prev.end < 400
            and len(text[q[0] : q[1]].split()) >= 4
        )
        if prev is not None and (whole_para and pi - prev.para <= 2 or same_para):
            # a quote paragraph after an attribution, or a quote after a paraphrase in its paragraph
            recent = _Draft(q[0], q[1], "direct", None, prev.speaker, None, pi, prev)
            drafts.append(recent)
        elif len(text[q[0] : q[1]].split()) >= 6:
            draft = _Draft(q[0], q[1], "direct", None, None, None, pi)
            holder = _paragraph_subject(doc, ix, ps, q[0]) if actors is not None else None
            if holder is None and actors is not None and q[0] - ps < 4 and pi > 0:
                holder = _paragraph_subject(doc, ix, *paras[pi - 1])
            if holder is not None:
                # "Mr. Hannity is unapologetic about his aim. “I'm not hiding the fact ...”"
                draft.speaker = actors.resolve(holder)
                draft.mention = np_span(holder, text)
            drafts.append(draft)
    drafts.sort(key=lambda d: (d.start, d.end))

    return _records(article, doc, ix, drafts, times)


def _cue_text(text: str, cue: Cue | None) -> str | None:
    if cue is None:
        return None
    if cue.verb is not None:
        return text[cue.cue_start : cue.cue_end]
    return "according to" if text[cue.cue_start : cue.cue_end].lower().startswith("according") else ":"


def _records(
    article: Article, doc: Doc, ix: TextIndex, drafts: list[_Draft], times: Sequence[TimeMention] | None
) -> list[Quote]:
    """The quote records of the drafts, in text order, with attribution, channel and date."""
    text = ix.text  # Doc.text is rebuilt on every call
    anchor = iso_day(article.published)
    day_of = SentenceTimes(ix, anchor, times)
    quotes: list[Quote] = []
    made: dict[int, int] = {}  # id(draft) -> index of its quote
    continued: dict[int, int] = {}  # index of a quote -> index of the quote it continues
    spans: set[tuple[int, int]] = set()
    other_time: dict[int, Elsewhen] = {}  # index of a quote -> its clause's other time
    reported = [(d.start, d.end) for d in drafts]  # a day inside any of them is spoken of
    for d in drafts:
        # Two readings of one span (a cue's content and a continued quote) are one quote.
        if (d.start, d.end) in spans:
            continue
        spans.add((d.start, d.end))
        channel, date, basis = None, None, None
        if d.cue is not None:
            channel = channel_of(_attribution_text(doc, ix, d.cue, (d.start, d.end)))
            stated = stated_date(ix, d.cue.cue_start, (d.start, d.end), day_of, reported)
            date, basis = stated if stated else (None, None)
            other = None if stated else elsewhen(ix, d.cue.cue_start, (d.start, d.end), day_of, reported)
            if other is not None:
                other_time[len(quotes)] = other
        attribution = attribution_of(doc, d.cue, d.kind, (d.start, d.end))
        opening = d.inherit or d.part_of
        if opening is not None and id(opening) in made:
            first = quotes[made[id(opening)]]
            continued[len(quotes)] = made[id(opening)]
            if d.inherit is not None:
                # a continued quote paragraph was said where its opening was, and as it was
                channel, attribution = first.channel, first.attribution
        resolved = d.speaker
        mention = Span(d.mention[0], d.mention[1], text[d.mention[0] : d.mention[1]]) if d.mention else None
        made[id(d)] = len(quotes)
        quotes.append(
            Quote(
                id=stable_id("quote", article.id, d.start, d.end),
                article_id=article.id,
                start=d.start,
                end=d.end,
                text=text[d.start : d.end],
                kind=d.kind,  # type: ignore[arg-type]
                speaker_mention=mention,
                speaker=resolved.name if resolved else None,
                cue=_cue_text(text, d.cue),
                date=date,
                channel=channel,
                attribution=attribution,
                date_basis=basis,  # type: ignore[arg-type]
                speaker_info=_speaker_info(resolved, article, mention),
            )
        )
    date_by_occasion(quotes, continued, anchor.isoformat() if anchor else None, other_time)
    return quotes


def _speaker_info(resolved: Resolved | None, article: Article, mention: Span | None) -> dict | None:
    """What the registry needs to know about the speaker (kind, country, sector, roles)."""
    if resolved is None or resolved.name is None:
        return None
    return {
        "kind": resolved.kind,
        "country": resolved.country,
        "sector": resolved.sector,
        "roles": [{"title": r, "date": article.published} for r in resolved.roles],
        "aliases": sorted(set(resolved.aliases or [resolved.name]) | _name_alias(mention)),
    }


def _name_alias(mention: Span | None) -> set[str]:
    """A name as written at the attribution ("Kosachyov") is an alias of the speaker."""
    if mention is None:
        return set()
    words = mention.text.split()
    if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
        return {mention.text}
    return set()
