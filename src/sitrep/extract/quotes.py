"""Who said what: direct, indirect and mixed quotes with their speakers.

Two signals are combined:

* **quotation marks**, paired by a linear scan per paragraph that accepts any
  mark style (“ ” " ‘ ’ « » „), continues a quote across paragraphs when the
  next paragraph re-opens it, and tolerates the broken marks of machine-
  paraphrased text (a closing mark used as an opener: ``it was” slowly
  positive”``);
* **attribution cues** from the dependency parse: a speech or cognition verb
  with a clausal complement and a subject ("X said (that) ...", "..., he
  warned"), "according to X", and "X: “...”" headlines. PolNeAR annotates
  attribution broadly, so the inventory also holds stance verbs learned from
  its train split (LEARNED: "expressed", "pointed to", "talked about"), with
  their object or prepositional phrase as content; interjected cues ("This
  campaign, he says, is different"); sourceless raising verbs and passives
  ("seemed to", "is expected to"); adjectives after a copula ("is skeptical
  of", "it is unclear whether"); nouns with a that-clause ("his claim that");
  light verbs with a stance noun ("made the case for"); poll frames ("In a
  poll released Monday, ..."); and unmarked "Name: words" headlines. Also
  stance verbs that need a particle or preposition ("spoke out against",
  "voted against", "doubled down on"), nominal cues with a holder ("his attack
  on Cruz", "criticism of the plan from Democrats"), "is a supporter of",
  as-asides ("As the Times noted, X"), passive agents ("was endorsed by X"),
  one-word contents that stand for what was said ("said so"), dash-signed
  quotes (“...” ― Name) and quoted transcript turns ("PENCE: ...").

A quoted span attached to a cue is *direct*; a reported clause without marks
is *indirect*; a reported clause holding a quoted fragment is *mixed*. A quote
paragraph without its own attribution continues the previous speaker, or
belongs to the person its lead-in is about ("Mr. Hannity is unapologetic.
“...”"). The work
is linear in the text (one pass over marks and tokens), so hostile input is
bounded.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as DocSpan

from sitrep.extract.speakers import ROLE_CLASS, ArticleActors, Resolved, np_span
from sitrep.extract.times import resolve_times
from sitrep.records import Article, Quote, Span, stable_id

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
DOUBLE_AMBIG = '"″'
# Two apostrophes or backticks stand for a double mark in some archives (''It's nonsense,'').
_DOUBLE = re.compile(r"''|``|[“”„«»‟\"″]")
_SINGLE = re.compile(r"(?<![\w’'])[‘‹]([^‘’‹›\n]{2,300}?)[’›](?![\w])")
_HEADLINE = re.compile(r"(?:^|[.!?]\s+)([A-Z][\w.’'\- ]{1,40}?):\s*$")
MAX_QUOTE_CHARS = 20_000  # a quote that runs longer is a stray mark, not a quote

# Verbs that report speech: they attach to direct quotes and head indirect speech.
SPEECH = set(
    [
        "say",
        "tell",
        "add",
        "state",
        "stress",
        "warn",
        "claim",
        "deny",
        "insist",
        "note",
        "write",
        "tweet",
        "post",
        "announce",
        "declare",
        "explain",
        "argue",
        "ask",
        "reply",
        "respond",
        "answer",
        "continue",
        "conclude",
        "emphasize",
        "emphasise",
        "assert",
        "acknowledge",
        "admit",
        "confirm",
        "report",
        "suggest",
        "predict",
        "promise",
        "pledge",
        "vow",
        "urge",
        "describe",
        "accuse",
        "reiterate",
        "recall",
        "mention",
        "comment",
        "remark",
        "observe",
        "caution",
        "allege",
        "contend",
        "maintain",
        "complain",
        "joke",
        "quip",
        "boast",
        "concede",
        "proclaim",
        "reveal",
        "disclose",
        "indicate",
        "signal",
        "hint",
        "estimate",
        "testify",
        "demand",
        "threaten",
        "agree",
        "read",
        "counter",
        "retort",
        "recount",
        "lament",
        "scoff",
        "muse",
        "shout",
        "yell",
        "whisper",
        "brag",
        "charge",
        "wonder",
        "question",
        "advise",
        "inform",
        "assure",
        "tout",
        "highlight",
        "underscore",
        "point",
        "call",
        "criticize",
        "criticise",
        "blame",
        "praise",
        "dismiss",
        "reject",
        "welcome",
        "condemn",
        "denounce",
        "slam",
        "blast",
        "thank",
        "defend",
        "endorse",
        "propose",
        "recommend",
        "insist",
        "order",
        "instruct",
        "request",
        "appeal",
        "tease",
        "quote",
        "cite",
        "echo",
        "repeat",
        "acknowledge",
        "affirm",
        "reaffirm",
        "contend",
        "counsel",
        "plead",
        "beg",
        "vow",
        "swear",
        "promise",
        "guarantee",
        "predict",
        "forecast",
        "project",
        "calculate",
    ]
)
# Verbs of belief, intention and evidence: PolNeAR-style attributions of stance.
COGNITION = set(
    [
        "think",
        "believe",
        "know",
        "hope",
        "fear",
        "expect",
        "want",
        "feel",
        "worry",
        "doubt",
        "consider",
        "plan",
        "show",
        "find",
        "see",
        "suspect",
        "assume",
        "guess",
        "reckon",
        "figure",
        "imagine",
        "realize",
        "realise",
        "understand",
        "learn",
        "discover",
        "notice",
        "hear",
        "remember",
        "recognize",
        "recognise",
        "intend",
        "envision",
        "wish",
        "seek",
        "prefer",
        "decide",
        "determine",
        "conclude",
        "acknowledge",
        "support",
        "oppose",
        "refuse",
        "decline",
        "agree",
    ]
)
# Cues learned from PolNeAR train (bench/quotes.py --cues): verb lemmas that head an
# annotated attribution in at least 45% of their unquoted occurrences with a subject and a
# complement or object, seen at least 4 times. Stance, evaluation and evidence verbs.
LEARNED = frozenset(
    (
        "seem",
        "appear",
        "talk",
        "offer",
        "refer",
        "hope",
        "express",
        "discuss",
        "attack",
        "mock",
        "list",
        "portray",
        "remind",
        "name",
        "issue",
        "advocate",
        "compare",
        "deem",
        "publish",
        "rule",
        "decry",
        "rail",
        "persuade",
        "voice",
        "convince",
        "applaud",
        "chant",
        "apologize",
        "email",
        "imply",
        "reference",
        "outline",
        "credit",
        "attribute",
        "detail",
        "congratulate",
        "title",
        "invoke",
        "regard",
        "distance",
        "disavow",
        "rebut",
        "speculate",
        "retweet",
        "label",
        "lash",
        "characterize",
        "assail",
        "chide",
        "side",
        "dispute",
        "disagree",
        "anger",
        "dub",
        "lambast",
        "boo",
        "rebuke",
        "balk",
        "contemplate",
        "spar",
        "acquiesce",
        "brush",
        "forget",
        "pivot",
        "interject",
        "clarify",
        "single",
        "recite",
        "broadcast",
        "vouch",
        "dedicate",
        "dwell",
        "repudiate",
        "interpret",
        "shrug",
        "relish",
        "judge",
        "rebuff",
        "pump",
        "insult",
        "justify",
        "sound",
        "identify",
        "resist",
        "hail",
        "liken",
        "allude",
        "bemoan",
        "articulate",
        "cheer",
    )
)
# Weaker learned cues (annotated in 30-45% of occurrences): kept, as their stance objects
# are mostly attributions when they have a person or group as subject.
LEARNED_WEAK = frozenset(
    (
        "release",
        "back",
        "push",
        "cast",
        "share",
        "view",
        "like",
        "challenge",
        "favor",
        "aim",
        "lay",
        "encourage",
        "nominate",
        "promote",
        "press",
        "present",
        "introduce",
        "expose",
        "paint",
        "approve",
        "contrast",
        "unveil",
        "frame",
        "contradict",
        # object verbs of stance, rarer in train
        "hit",
        "block",
        "adopt",
        "authorize",
        "perceive",
        "love",
        "knock",
    )
)
CUES = SPEECH | COGNITION | LEARNED | LEARNED_WEAK
_CLAUSE_CUES = SPEECH | COGNITION
# Adjectives of stance after "be" ("is skeptical of", "were eager to"), and nouns of speech or
# belief with a "that" clause ("his claim that", "the hope has been that"): learned on PolNeAR
# train like LEARNED (share of occurrences annotated as cues >= 40%, seen at least 3 times).
ADJ_CUES = frozenset(
    (
        "quick",
        "eager",
        "critical",
        "confident",
        "aware",
        "worried",
        "concerned",
        "skeptical",
        "hopeful",
        "proud",
        "reluctant",
        "optimistic",
        "devoted",
        "convinced",
        "angry",
        "enamored",
        "pleased",
        "inclined",
        "glad",
        "supportive",
        "sure",
        "certain",
        "willing",
        "upset",
        "happy",
        "outspoken",
        "vocal",
        "wary",
        "adamant",
        "clear",
        "unclear",
        # psych and stance adjectives of the same kind, too rare in train to learn
        "upbeat",
        "keen",
        "surprised",
        "divided",
        "sympathetic",
        "opposed",
        "unhappy",
        "focused",
        "skeptical",
        "dismissive",
        "fearful",
        "suspicious",
        "enthusiastic",
        "disappointed",
        "frustrated",
        "furious",
        "uneasy",
        "ambivalent",
    )
)
# "X is a strong supporter of Y": role nouns of stance after a copula, content after "of".
_STANCE_ROLES = frozenset(
    (
        "supporter",
        "proponent",
        "critic",
        "opponent",
        "advocate",
        "champion",
        "backer",
        "defender",
        "skeptic",
        "fan",
        "admirer",
        "booster",
        "foe",
    )
)
NOUN_CUES = frozenset(
    (
        "claim",
        "suggestion",
        "complaint",
        "statement",
        "concern",
        "assertion",
        "hope",
        "doubt",
        "belief",
        "argument",
        "fear",
        "assumption",
        "confidence",
        "promise",
        "view",
        "remark",
        "response",
        "contention",
        "admission",
        "allegation",
        "speculation",
        "warning",
        "message",
    )
)
# People nouns that can hold a stance besides role nouns ("voters seemed unperturbed").
_GROUP_NOUNS = {
    "commentator",
    "executive",
    "host",
    "publisher",
    "columnist",
    "analyst",
    "pollster",
    "expert",
    "lawmaker",
    "candidate",
    "nominee",
    "adviser",
    "advisor",
    "aide",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "progressive",
    "independent",
    "evangelical",
    "student",
    "parent",
    "veteran",
    "businessman",
    "woman",
    "man",
    "writer",
    "author",
    "editor",
    "journalist",
    "reporter",
    "lawyer",
    "attorney",
    "scholar",
    "professor",
    "researcher",
    "scientist",
    "union",
    "firm",
    "company",
    "voter",
    "supporter",
    "critic",
    "resident",
    "people",
    "american",
    "republican",
    "democrat",
    "delegate",
    "member",
    "activist",
    "worker",
    "leader",
    "official",
    "observer",
    "economist",
    "strategist",
    "donor",
    "conservative",
    "liberal",
    "investor",
    "ally",
    "opponent",
    "rival",
}
# Organisations that hold and state positions ("the campaign unveiled", "the committee backs").
_ORG_NOUNS = {
    "campaign",
    "administration",
    "committee",
    "party",
    "group",
    "organization",
    "coalition",
    "government",
    "team",
    "pac",
    "union",
    "association",
    "council",
    "court",
    "agency",
    "department",
    "ministry",
    "network",
    "newspaper",
    "board",
    "panel",
    "caucus",
    "movement",
    "church",
}
# Shares of a population ("39 percent of Americans", "a majority of voters").
_SHARE_NOUNS = {"percent", "majority", "half", "third", "quarter", "plurality", "minority", "share", "number"}
# Raising verbs: the attribution has no source and the whole clause is the content.
RAISING = {"seem", "appear", "sound"}
# spaCy lemmatiser slips on some inflected cues ("hopes" -> "hop").
_LEMMA_FIX = {"hop": "hope", "retweete": "retweet", "tweete": "tweet"}


def lemma_of(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    if lemma in _LEMMA_FIX and tok.lower_.startswith((_LEMMA_FIX[lemma][:4], _LEMMA_FIX[lemma][:3] + "ing")):
        return _LEMMA_FIX[lemma]
    return lemma


# Words that make a cue phrase: "told reporters", "pointed out", "said in a statement".
_CUE_OBJECTS = {
    "reporters",
    "journalists",
    "media",
    "press",
    "audience",
    "crowd",
    "supporters",
    "interviewer",
}
_COMPLEMENTS = ("ccomp", "xcomp", "parataxis")
_OBJECT_VERBS = set(
    [
        "accuse",
        "blame",
        "praise",
        "criticize",
        "criticise",
        "condemn",
        "denounce",
        "thank",
        "defend",
        "endorse",
        "support",
        "oppose",
        "reject",
        "dismiss",
        "welcome",
        "describe",
        "call",
        "urge",
        "question",
        "slam",
        "blast",
    ]
)

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


@dataclass(slots=True)
class Cue:
    verb: Token | None
    cue_start: int
    cue_end: int
    speaker: Token | None
    content: tuple[int, int] | None  # char range of the reported clause
    mention: tuple[int, int] | None = None  # the speaker span when not a parse subtree


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _opens_paragraph(text: str, start: int, end: int) -> bool:
    stripped = text[start:end].lstrip()
    return bool(stripped) and (stripped[0] in DOUBLE_OPEN + DOUBLE_AMBIG or stripped[:2] in ("''", "``"))


def find_marked_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted text (inside the marks), in order.

    One pass over the marks: any double mark opens when nothing is open (so a
    misplaced ” still opens), curly openers nest, and a quote left open at a
    paragraph end continues when the next paragraph opens with a mark
    (multi-paragraph quotes), else ends with its paragraph.
    """
    spans: list[tuple[int, int]] = []
    paras = _paragraphs(text)
    open_at: int | None = None
    opener = ""
    depth = 0
    for pi, (ps, pe) in enumerate(paras):
        continuing = open_at is not None
        for m in _DOUBLE.finditer(text, ps, pe):
            ch, pos = m.group(), m.start()
            if continuing:
                continuing = False
                if not text[ps:pos].strip():
                    continue  # the re-opening mark of a continued quote
            if open_at is None:
                if ch in DOUBLE_CLOSE and not text[m.end() : pe].strip():
                    continue  # a stray closer at the end of a paragraph
                open_at, opener, depth = m.end(), ch, 1
            elif ch in DOUBLE_OPEN and opener in DOUBLE_OPEN and text[pos - 1 : pos].isspace():
                depth += 1  # a nested quote inside a quote
            else:
                depth -= 1
                if depth <= 0:
                    spans.append((open_at, pos))
                    open_at = None
            if open_at is not None and pos - open_at > MAX_QUOTE_CHARS:
                open_at = None
        if open_at is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is None or not _opens_paragraph(text, *nxt) or pe - open_at > MAX_QUOTE_CHARS:
                spans.append((open_at, pe))
                open_at = None
    # Single marks: only outside double quotes, paired within a paragraph.
    singles = []
    for m in _SINGLE.finditer(text):
        s, e = m.start(1), m.end(1)
        i = bisect_right(spans, (s, len(text) + 1)) - 1
        if i >= 0 and spans[i][0] <= s < spans[i][1] + 1:
            continue
        if len(m.group(1).split()) >= 2:
            singles.append((s, e))
    out = []
    for s, e in sorted(spans + singles):
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t,":
            e -= 1
        if e - s >= 2 and any(c.isalpha() for c in text[s:e]):
            out.append((s, e))
    return out


class _Index:
    """Character-offset lookups over one parsed article."""

    def __init__(self, doc: Doc, marked: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc.text
        self.sents: list[DocSpan] | None = None
        self.sent_starts: list[int] = []
        self.starts = [t.idx for t in doc]
        self.marked = marked
        self.marked_starts = [s for s, _ in marked]

    def in_quote(self, char: int) -> bool:
        i = bisect_right(self.marked_starts, char) - 1
        return i >= 0 and self.marked[i][0] <= char < self.marked[i][1]

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def sent_at(self, char: int) -> DocSpan:
        """The sentence holding a character (Token.sent and Doc.text are linear per call in spaCy)."""
        if self.sents is None:
            self.sents = list(self.doc.sents)
            self.sent_starts = [s.start_char for s in self.sents]
        return self.sents[max(0, bisect_right(self.sent_starts, char) - 1)]

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        i = bisect_left(self.marked_starts, start)
        # a quote that starts just before the range but reaches into it
        if i > 0 and self.marked[i - 1][1] > start:
            i -= 1
        out = []
        while i < len(self.marked) and self.marked[i][0] < end:
            out.append(self.marked[i])
            i += 1
        return out


def _subject(verb: Token, ix: _Index | None = None, depth: int = 0) -> Token | None:
    """The source of a cue: its subject (skipping one inside a quote), else its governor's."""
    for child in verb.children:
        if (
            child.dep_ in ("nsubj", "nsubjpass", "csubj")
            and not (ix and ix.in_quote(child.idx))
            and child.ent_type_ not in ("TIME", "DATE")  # "2:00 p.m. A court document says ..."
        ):
            return child if child.dep_ != "nsubjpass" else _agent(verb) or child
    if verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl", "conj"):
        agent = _agent(verb)  # "Pushed by host Chuck Todd on ..., Cuban demurred"
        if agent is not None:
            return agent
    if (
        depth < 3
        and verb.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp", "acomp")
        and verb.head.i != verb.i
    ):
        head = verb.head
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and head.dep_ == "ccomp"
            and lemma_of(head.head) in _CLAUSE_CUES
            and head.head.i < verb.i
        ):
            # "Trump insisted that he has expanded the party, claiming ...": the participle
            # goes with the reporting verb, not with the reported clause the parser hung it on
            head = head.head
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            if head.pos_ == "NOUN" and not _is_holder(head) and head.dep_ in ("dobj", "pobj"):
                # "The campaign sent an email saying ...", "in a bid to persuade": the sender
                gov = head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else head.head
                if gov.pos_ in ("VERB", "AUX"):
                    return _subject(gov, ix, depth + 1) or head
            return head  # "a statement saying ...", "Trump, saying ..."
        if verb.dep_ == "xcomp":
            # object control: "forced his rival to distance herself", "prompted Rubio to call"
            obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if obj is not None and (obj.pos_ in ("PROPN", "PRON") or _is_holder(obj)):
                return obj
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
            head = head.head  # "before claiming that ...": the verb the preposition hangs on
        if (
            verb.dep_ == "conj"
            and lemma_of(head) not in CUES
            and head.dep_ in ("ccomp", "xcomp")
            and lemma_of(head.head) in CUES
        ):
            # "He said his attacks have given ... and said that ...": the coordination hangs too low
            head = head.head
        return _subject(head, ix, depth + 1)
    return None


def _inverted_subject(verb: Token, ix: _Index) -> Token | None:
    """ "“...,” said Skelly", "“...?” asked the boy": the parser takes the late subject for an object."""
    prev = verb.nbor(-1) if verb.i > 0 else None
    if prev is None or not (prev.is_punct or prev.is_space) or verb.i + 1 >= len(verb.doc):
        return None
    for child in verb.rights:
        if child.left_edge.i == verb.i + 1 and child.dep_ in (
            "dobj",
            "advmod",
            "npadvmod",
            "attr",
            "dative",
            "nsubj",
        ):
            ok = child.pos_ in ("NOUN", "PROPN", "PRON") or child.text[:1].isupper()
            return child if ok and not ix.in_quote(child.idx) else None
    # "..., said Robert Reich, who served ...": the parser gave the name to the relative clause
    nxt = verb.nbor(1)
    if (
        nxt.ent_type_ == "PERSON"
        and nxt.ent_iob_ == "B"
        and nxt.head.i != verb.i
        and not ix.in_quote(nxt.idx)
    ):
        ent = next((e for e in verb.doc.ents if e.start == nxt.i), None)
        if ent is not None:
            return ent.root
    return None


def _name_before(verb: Token, stamp: Token) -> Token | None:
    """The name between a time stamp taken for the subject and the verb ("2:00 p.m. Trump says")."""
    for tok in reversed(verb.doc[stamp.i + 1 : verb.i]):
        if tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.pos_ == "NOUN" and _is_holder(tok):
            return tok
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _range(tokens: list[Token]) -> tuple[int, int] | None:
    toks = [t for t in tokens if not (t.is_punct and t.text not in '”’"»')]
    if not toks:
        return None
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


# Speech verbs that introduce a quote whatever else the parser hangs on them.
_BARE_SPEECH = {
    "say",
    "tell",
    "add",
    "ask",
    "write",
    "continue",
    "explain",
    "note",
    "state",
    "reply",
    "respond",
}
# Speech verbs whose bare object is rarely what was said ("added a line", "continued the tour",
# "read the names"); other speech verbs report their object ("said the same thing", "noted her
# record", "tweeted a chart": checked on PolNeAR train, bench/quotes.py --cues).
_NO_OBJECT_CONTENT = {"add", "continue", "read"}
# Cues that report only with a clause: their objects and infinitives are mostly not attributions
# (precision per construction on PolNeAR train, bench/quotes.py --failures).
_CLAUSE_ONLY = {"continue", "maintain", "advise", "determine", "hear", "feel", "find"}
# Prepositions that introduce what a stance or speech is about ("pointed to", "talked about").
_CONTENT_PREPS = {"about", "to", "for", "on", "against", "of", "over", "with", "at", "into", "as"}


def _complement(verb: Token) -> tuple[int, int] | None:
    lemma = lemma_of(verb)
    if lemma in RAISING and any(
        c.dep_ in ("xcomp", "acomp", "ccomp", "attr", "oprd") or c.dep_ == "prep" and c.lower_ == "like"
        for c in verb.children
    ):
        # "Trump's supporters seemed equally unperturbed": PolNeAR's content is the whole clause
        return _range([t for t in verb.subtree if t.dep_ not in ("cc", "mark") or t.head.i != verb.i])
    parts: list[Token] = []
    if lemma in _CLAUSE_ONLY:
        # "continues to grow", "found himself in trouble": only a reported clause counts
        for child in verb.children:
            if child.dep_ in ("ccomp", "parataxis"):
                parts.extend(_cut_at_next_cue(child))
        return _range(parts)
    comps = [c for c in verb.children if c.dep_ in _COMPLEMENTS]
    obj = next((c for c in verb.rights if c.dep_ == "dobj" and c.pos_ != "PRON"), None)
    if comps and obj is not None and all(c.i < verb.i for c in comps) and not _quote_before(verb):
        # "That night, I could barely stop grinning. We discussed my sentence": the parser took
        # the sentence before for a complement; the object to the right is what was said
        return _range(list(obj.subtree))
    for child in comps:
        parts.extend(_cut_at_next_cue(child))
    if not parts and verb.dep_ == "parataxis" and lemma in SPEECH:
        # "This campaign, he says, is different": the sentence around the interjected cue
        head = verb.head
        parts = [t for t in head.subtree if t.i < verb.left_edge.i or t.i > verb.right_edge.i]
    if (
        not parts
        and verb.dep_ == "advcl"
        and lemma_of(verb.head) not in CUES
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(
            c.dep_ in ("dobj", "dative") or c.dep_ == "prep" and not _is_setting(c) for c in verb.children
        )
    ):
        # "As the Times noted, Clinton raised $1.1 million": the clause the aside hangs on
        head = verb.head
        return _range(
            [
                t
                for t in head.subtree
                if not (verb.left_edge.i <= t.i <= verb.right_edge.i) and t.dep_ != "punct"
            ]
        )
    if not parts and any(c.dep_ == "agent" for c in verb.children):
        # "Trump was endorsed by Christie", "legislation proposed by the government": what the
        # source spoke about is the passive subject (or the noun the participle modifies)
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            return _range(list(subj.subtree))
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return _range([t for t in verb.head.subtree if t.i < verb.i])
    if not parts:
        # "is calling for the United States to step up": the parser makes "for ... to" a clause
        for child in verb.rights:
            if child.dep_ == "advcl" and child.left_edge.lower_ == "for" and child.left_edge.i == verb.i + 1:
                parts.extend(t for t in child.subtree if t.i > child.left_edge.i)
                break
    if not parts and (lemma in _OBJECT_VERBS or lemma not in _NO_OBJECT_CONTENT):
        # "accused Putin of stalling", "praised the proposal", "expressed cautious optimism"
        objs = [c for c in verb.rights if c.dep_ in ("dobj", "oprd", "dative")]
        if objs:
            for child in verb.rights:
                if child.dep_ in ("dobj", "oprd", "dative") or child.dep_ == "prep" and child.i > objs[0].i:
                    parts.extend(child.subtree)
        else:
            # "pointed to Cruz's record", "talked about health care", "called for a ban"
            preps = [
                c
                for c in verb.rights
                if c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS and not _is_setting(c)
            ]
            # "apologized to his supporters for the breach": a topic beats an addressee
            topic = next((c for c in preps if c.lower_ in _TOPIC_PREPS), preps[0] if preps else None)
            if topic is not None:
                parts.extend(topic.subtree)
    if not parts and lemma in _NO_OBJECT_CONTENT:
        # "what he said about Trump", "wrote about their partnership"
        for child in verb.rights:
            if child.dep_ == "prep" and child.lower_ == "about":
                parts.extend(t for t in child.subtree if t.i > child.i)
                break
    if not parts and lemma in ("say", "tell", "write", "add", "answer", "reply", "respond"):
        # "55 percent said so", "Everyone but Hewlett said yes", "said the same of Sanders"
        for child in verb.rights:
            if child.dep_ in ("dobj", "advmod", "intj", "ccomp") and child.lower_ in _ANAPHORIC_CONTENT:
                parts.extend(child.subtree)
                break
    if not parts and lemma in ("call", "ask", "urge", "tell", "promise", "vow", "pledge", "threaten"):
        for child in verb.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "on"):
                parts.extend(child.subtree)
    return _range(parts)


# One-word contents of a speech verb that stand for what was said.
_ANAPHORIC_CONTENT = {"so", "yes", "no", "same", "otherwise", "this", "that"}


def _quote_before(verb: Token) -> bool:
    """Whether a quotation mark closes just before the verb's clause ("“...,” he said")."""
    left = verb.left_edge
    prev = verb.doc[left.i - 1] if left.i > 0 else None
    if prev is not None and prev.is_punct and prev.text == "," and left.i > 1:
        prev = verb.doc[left.i - 2]
    return prev is not None and prev.text in ("”", '"', "''", "’", "»")


def _cut_at_next_cue(comp: Token) -> list[Token]:
    """A complement's words up to a trailing clause with its own cue.

    The parser hangs ", echoing a memo ...", ", noting ..." or "and tells the crowd ..." on the
    reported verb; PolNeAR makes them attributions of their own.
    """
    cut = None
    for tok in comp.subtree:
        if (
            tok.i > comp.i
            and tok.dep_ in ("advcl", "conj", "parataxis")
            and tok.pos_ == "VERB"
            and lemma_of(tok) in _CLAUSE_CUES
            and tok.head.i >= comp.i
            and tok.left_edge.i > comp.left_edge.i
            and (
                tok.dep_ == "conj"
                and tok.head.i == comp.i
                or tok.nbor(-1).is_punct
                or tok.left_edge.nbor(-1).is_punct
            )
        ):
            cut = tok.left_edge.i
            break
    return [t for t in comp.subtree if cut is None or t.i < cut]


# Prepositions that name a topic or target whatever their object ("talked about Iran", "criticized
# for Tuesday's vote"): only a time can make them a setting.
_TOPIC_PREPS = {"about", "of", "against", "as", "for", "over"}


def _is_setting(prep: Token) -> bool:
    """A prepositional phrase of time, place or channel ("on Monday", "in a statement")."""
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return True
    if prep.lower_ in _TOPIC_PREPS:
        return obj.ent_type_ in ("DATE", "TIME")
    return obj.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC", "ORDINAL", "CARDINAL") or obj.lower_ in (
        "statement",
        "interview",
        "twitter",
        "television",
        "tv",
        "radio",
        "camera",
        "phone",
        "record",
    )


def _cue_span(verb: Token) -> tuple[int, int]:
    toks = [verb]
    for child in verb.children:
        if (
            child.dep_ in ("aux", "auxpass", "neg", "prt")
            and child.i < verb.i + 3
            and child.i > verb.i - 3
            or child.dep_ in ("dobj", "dative")
            and child.lower_ in _CUE_OBJECTS
        ):
            toks.append(child)
    start = min(t.idx for t in toks)
    last = max(toks, key=lambda t: t.i)
    return start, last.idx + len(last)


def _find_cues(doc: Doc, ix: _Index) -> list[Cue]:
    cues: list[Cue] = []
    for tok in doc:
        lower = tok.lower_
        if lower == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            cue = _according(doc, ix, tok)
            if cue:
                cues.append(cue)
            continue
        if lower == "in" and tok.dep_ == "prep" and not ix.in_quote(tok.idx):
            cue = _in_source(tok)
            if cue:
                cues.append(cue)
            continue
        if tok.pos_ in ("ADJ", "NOUN") and not ix.in_quote(tok.idx):
            cue = _adj_or_noun_cue(tok, ix)
            if cue:
                cues.append(cue)
            continue
        if tok.pos_ == "VERB" and tok.lemma_ == "make" and not ix.in_quote(tok.idx):
            cue = _make_clear(tok, ix)
            if cue:
                cues.append(cue)
                continue
        if tok.pos_ == "VERB" and tok.lemma_ in _LIGHT_VERBS and not ix.in_quote(tok.idx):
            cue = _light_verb_cue(tok, ix)
            if cue:
                cues.append(cue)
                continue
        if tok.pos_ == "VERB" and tok.lemma_ in _PREP_CUE_VERBS and not ix.in_quote(tok.idx):
            cue = _prep_cue(tok, ix)
            if cue:
                cues.append(cue)
                continue
        if tok.pos_ not in ("VERB", "AUX") or lemma_of(tok) not in CUES or ix.in_quote(tok.idx):
            continue
        if tok.pos_ == "AUX" and lemma_of(tok) != "say":
            continue
        lemma = lemma_of(tok)
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and lemma in ("call", "name", "title", "dub", "label"):
            continue  # "a program called Sandy Hook Promise": a name, not a statement
        if lemma in RAISING and any(c.dep_ == "xcomp" and lemma_of(c) in CUES for c in tok.children):
            continue  # "Mr. Cruz seemed to mock ...": the cue is the complement verb
        speaker = _subject(tok, ix)
        if lemma in SPEECH:
            # "..., said Michael Kofman": the parser may take the reported words for the subject
            late = _inverted_subject(tok, ix)
            after_quote = tok.i > 0 and tok.nbor(-1).text in ("”", '"', "''", "’")
            swap = (
                after_quote
                and speaker is not None
                and speaker.i < tok.i
                and lemma not in ("tell", "ask", "inform", "call")
                and late is not None
                and late.ent_type_ == "PERSON"
            )
            if late is not None and (speaker is None or swap):
                speaker = late
        if speaker is not None and speaker.ent_type_ in ("TIME", "DATE"):
            speaker = _name_before(tok, speaker)  # "12:15 p.m.: President Obama says ..."
        if lemma in LEARNED_WEAK and (speaker is None or not _is_holder(speaker)):
            continue  # "the report backs ...": weak cues need a person or group as source
        if lemma in RAISING and speaker is not None and not _is_holder(speaker):
            speaker = None  # "the music seemed to match ...": no source
        if speaker is not None and ix.in_quote(speaker.idx):
            speaker = None
        content = _complement(tok)
        cs, ce = _cue_span(tok)
        cues.append(Cue(tok, cs, ce, speaker, content))
    return cues


# A quote signed with a dash: “...” ― Carlos Raúl (a name of one to four capitalised words).
_DASH_NAME = re.compile(
    r"[,.!?]?[”\"’'»]{1,2}[^\S\n]*(?:―|—|–|--)[^\S\n]*([A-Z][\w.’'\-]*(?:[^\S\n][A-Z][\w.’'\-]*){0,3})"
)
_TURN = re.compile(r"([A-Z][A-Z.’'\-]+(?: [A-Z][A-Z.’'\-]+){0,2}):[ \t]")
_LABEL = re.compile(r"([A-Z][^:\n]{1,60}?):[ \t]+(?=\S)")


def _headline_cues(doc: Doc, ix: _Index, paras: list[tuple[int, int]]) -> list[Cue]:
    """Unmarked "Name: what they said" lines ("John McCain: Republican Populist Anger ...")."""
    text = doc.text
    out = []
    for ps, pe in paras:
        m = _LABEL.match(text, ps, min(pe, ps + 64))
        if m is None or pe - m.end() < 12 or ix.in_quote(m.end()):
            continue
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        # a named speaker: no verb in the label, headed by a name or a noun ("Poll")
        if name is None or len(name) > 8 or any(t.pos_ in ("VERB", "AUX") for t in name):
            continue
        head = name.root
        if head.pos_ not in ("PROPN", "NOUN") or not (
            head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or head.pos_ == "NOUN"
        ):
            continue
        end = pe
        while end > m.end() and text[end - 1] in " \t.":
            end -= 1
        out.append(Cue(None, m.end(1), m.end(1) + 1, head, (m.end(), end), (m.start(1), m.end(1))))
    return out


# Any adjective after a copula takes a stance on the object of these prepositions when a person
# or group holds it ("were split on whether", "is uncomfortable on foreign policy", "was upfront
# about"); "to" and "for" are left out as they mostly mark purpose or degree ("important to").
_ADJ_PREPS = {"of", "about", "with", "toward", "towards", "on", "over", "in", "at"}
_COPULAS = {"be", "become", "remain", "seem", "feel", "appear", "grow"}


def _adj_prep_cue(tok: Token, ix: _Index) -> Cue | None:
    """ "X was upfront about Y": a copula adjective with a holder and a preposition of stance."""
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _ADJ_PREPS), None)
    speaker = _subject(tok.head, ix)
    if (
        prep is None
        or speaker is None
        or not _is_holder(speaker)
        or speaker.lower_ in ("it", "this", "that")
        or ix.in_quote(speaker.idx)
    ):
        return None
    content = _range([t for t in prep.subtree if t.i > prep.i])
    start = tok.head.idx if tok.head.i < tok.i else tok.idx
    return Cue(tok, start, prep.idx + len(prep), speaker, content) if content else None


def _adj_or_noun_cue(tok: Token, ix: _Index) -> Cue | None:
    """ "X is skeptical of Y", "it is unclear whether Y", "his claim that Y", "the hope is that Y"."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "ADJ":
        if lemma not in ADJ_CUES and tok.dep_ == "acomp" and tok.head.lemma_ in _COPULAS:
            return _adj_prep_cue(tok, ix)
        if lemma not in ADJ_CUES or tok.dep_ != "acomp" or tok.head.lemma_ not in ("be", "become", "remain"):
            return None
        parts = [t for c in tok.children if c.dep_ in ("ccomp", "xcomp", "prep") for t in c.subtree]
        if not parts:
            # "it is unclear whether ...": the clause hangs on the copula
            parts = [t for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.i for t in c.subtree]
        content = _range(parts)
        speaker = _subject(tok.head, ix)
        if speaker is not None and (speaker.lower_ in ("it", "this", "that") or ix.in_quote(speaker.idx)):
            speaker = None  # an expletive "it": no source
        if content is None or speaker is None and lemma not in ("clear", "unclear"):
            return None
        return Cue(tok, tok.head.idx if tok.head.i < tok.i else tok.idx, tok.idx + len(tok), speaker, content)
    if lemma in _STANCE_ROLES and tok.dep_ == "attr" and tok.head.lemma_ in ("be", "become", "remain"):
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        speaker = _subject(tok.head, ix)
        if prep is None or speaker is None or ix.in_quote(speaker.idx):
            return None
        content = _range([t for t in prep.subtree if t.i > prep.i])
        return Cue(tok, tok.head.idx, prep.idx + len(prep), speaker, content) if content else None
    if lemma in _NOUN_PREP_CUES:
        cue = _noun_prep_cue(tok, lemma, ix)
        if cue is not None or lemma not in NOUN_CUES:
            return cue
    if lemma not in NOUN_CUES:
        return None
    clause = next(
        (
            c
            for c in tok.children
            if c.dep_ in ("acl", "ccomp")
            and c.i > tok.i
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ),
        None,
    )
    if clause is None and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        # "The hope has been that employers would respond"
        clause = next((c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.head.i), None)
    if clause is None:
        return None
    holder = next((c for c in tok.children if c.dep_ == "poss"), None)
    if holder is None and tok.dep_ in ("dobj", "pobj"):
        # "Trump's rivals cling to the hope that", "says in a statement that": the verb's subject
        verb = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
        if verb.pos_ in ("VERB", "AUX"):
            holder = _subject(verb, ix)
    return Cue(tok, tok.idx, tok.idx + len(tok), holder, _range(list(clause.subtree)))


# Nouns of speech and stance with what they are about ("his attack on Cruz", "criticism of the
# plan from Democrats", "questions about her health"): noun -> prepositions of the content.
_NOUN_PREP_CUES: dict[str, set[str]] = {
    "attack": {"on", "against"},
    "endorsement": {"of"},
    "criticism": {"of", "for", "on"},
    "call": {"for"},
    "concern": {"about", "over"},
    "opposition": {"to"},
    "doubt": {"about"},
    "question": {"about"},
    "defense": {"of"},
    "defence": {"of"},
    "reference": {"to"},
    "mention": {"of"},
    "embrace": {"of"},
    "backing": {"of"},
    "accusation": {"of"},
    "comment": {"about", "on"},
    "remark": {"about", "on"},
    "rejection": {"of"},
    "praise": {"for", "of"},
    "condemnation": {"of"},
    "denunciation": {"of"},
    "dismissal": {"of"},
    "warning": {"about", "of", "against"},
    "complaint": {"about", "of"},
    "claim": {"of", "about"},
    "admiration": {"for"},
    "disdain": {"for"},
    "contempt": {"for"},
    "anxiety": {"about", "over"},
    "worry": {"about", "over"},
    "fear": {"of", "about"},
    "hope": {"for", "of"},
    "plea": {"for"},
    "demand": {"for"},
    "pledge": {"to", "of"},
    "promise": {"of", "to"},
    "support": {"for"},
}
_SOURCE_PREPS = ("from", "by", "among")


def _noun_prep_cue(tok: Token, lemma: str, ix: _Index) -> Cue | None:
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _NOUN_PREP_CUES[lemma]), None)
    if prep is None:
        return None
    content = _range([t for t in prep.subtree if t.i > prep.i])
    if content is None:
        return None
    holder = next((c for c in tok.children if c.dep_ == "poss"), None)
    if holder is None:
        src = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _SOURCE_PREPS), None)
        holder = next((c for c in src.children if c.dep_ == "pobj"), None) if src is not None else None
    if holder is None and tok.dep_ == "dobj" and lemma_of(tok.head) in ("voice", "express", "raise", "offer"):
        holder = _subject(tok.head, ix)  # "voiced concern about"
    if holder is None or ix.in_quote(holder.idx) or not _is_holder(holder) and holder.pos_ != "PRON":
        return None
    return Cue(tok, tok.idx, prep.idx + len(prep), holder, content)


# "made the case for", "took a swipe at", "has the support of", "offered an assessment of":
# a light verb with a speech or stance noun; the content is what the noun is about.
_LIGHT_VERBS = {"make", "take", "have", "give", "offer", "issue", "lodge", "level", "launch", "voice", "draw"}
_STANCE_NOUNS = {
    "aim",
    "issue",
    "exception",
    "offense",
    "umbrage",
    "case",
    "allegation",
    "statement",
    "comment",
    "remark",
    "claim",
    "promise",
    "argument",
    "point",
    "pitch",
    "joke",
    "attack",
    "accusation",
    "shot",
    "swipe",
    "jab",
    "dig",
    "stance",
    "position",
    "support",
    "backing",
    "assessment",
    "view",
    "criticism",
    "complaint",
    "appeal",
    "plea",
    "warning",
    "threat",
    "vow",
    "pledge",
    "prediction",
    "endorsement",
    "reference",
    "mention",
    "comparison",
    "distinction",
    "opposition",
    "objection",
    "concern",
    "doubt",
    "question",
    "praise",
    "defense",
    "defence",
    "apology",
    "announcement",
    "speech",
    "address",
    "proposal",
    "suggestion",
}
_ABOUT_PREPS = {"for", "on", "about", "against", "at", "of", "to", "over", "toward", "towards", "with"}


def _light_verb_cue(verb: Token, ix: _Index) -> Cue | None:
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in _STANCE_NOUNS:
        return None
    prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in _ABOUT_PREPS), None)
    if prep is None:
        prep = next(
            (c for c in verb.children if c.dep_ == "prep" and c.i > obj.i and c.lower_ in _ABOUT_PREPS), None
        )
    clause = next((c for c in obj.children if c.dep_ in ("acl", "ccomp") and c.i > obj.i), None)
    parts = list(prep.subtree)[1:] if prep is not None else list(clause.subtree) if clause is not None else []
    content = _range(parts)
    speaker = _subject(verb, ix)
    if (
        verb.lemma_ == "have"
        and obj.lemma_.lower() in ("support", "backing", "endorsement")
        and prep is not None
        and prep.lower_ in ("of", "from")
        and speaker is not None
    ):
        # "Clinton has the support of older voters": the voters back Clinton
        backer = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if backer is None or ix.in_quote(backer.idx):
            return None
        content, speaker = _range(list(speaker.subtree)), backer
    if content is None or speaker is None:
        return None
    cs, _ = _cue_span(verb)
    end = prep.idx + len(prep) if prep is not None else obj.idx + len(obj)
    return Cue(verb, cs, end, speaker, content)


# Verbs that attribute a stance only with a particular particle and preposition ("spoke out
# against", "voted against", "came out for", "doubled down on"): (particle, preposition) pairs,
# kept when PolNeAR train annotates at least half of their occurrences.
_PREP_CUES: dict[str, set[tuple[str, str]]] = {
    "speak": {("", "about"), ("", "of"), ("out", "about"), ("out", "against"), ("out", "for"), ("out", "on")},
    "vote": {("", "against")},
    "come": {("out", "against"), ("out", "for"), ("out", "in")},
    "double": {("down", "on")},
    "touch": {("", "on")},
    "campaign": {("", "against")},
    "stand": {("", "by")},
    "lash": {("out", "at")},
    "weigh": {("in", "on")},
    "believe": {("", "in")},
    "care": {("", "about")},
    "split": {("", "on")},
    "rally": {("", "behind"), ("", "around")},
    "harp": {("", "on")},
    "zero": {("in", "on")},
    "hit": {("back", "at")},
    "push": {("back", "against"), ("back", "on")},
    "walk": {("back", "")},
    "back": {("away", "from")},
    # annotated about half the time with a person or group as subject only
    "focus": {("", "on")},
    "look": {("", "to")},
    "stick": {("", "to")},
}
_PREP_CUES_HOLDER_ONLY = frozenset(("focus", "look", "stick"))
_XCOMP_CUES = frozenset(("look", "vote"))
_PREP_CUE_VERBS = frozenset(_PREP_CUES)


def _prep_cue(verb: Token, ix: _Index) -> Cue | None:
    prt = next((c for c in verb.children if c.dep_ == "prt"), None)
    prep = next((c for c in verb.rights if c.dep_ == "prep" and not _is_setting(c)), None)
    key = (prt.lower_ if prt is not None else "", prep.lower_ if prep is not None else "")
    xcomp = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
    if verb.lemma_ in _XCOMP_CUES and xcomp is not None and prt is None:
        # "Rubio is looking to expand his lead", "the House voted to repeal the law"
        speaker = _subject(verb, ix)
        content = _range(list(xcomp.subtree))
        if speaker is None or content is None or ix.in_quote(speaker.idx) or not _is_holder(speaker):
            return None
        return Cue(verb, _cue_span(verb)[0], verb.idx + len(verb), speaker, content)
    if key not in _PREP_CUES[verb.lemma_]:
        return None
    speaker = _subject(verb, ix)
    if speaker is None or ix.in_quote(speaker.idx):
        return None
    if verb.lemma_ in _PREP_CUES_HOLDER_ONLY and not _is_holder(speaker):
        return None
    if prep is not None:
        content = _range([t for t in prep.subtree if t.i > prep.i])
        end_tok = prep
    else:
        obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
        if obj is None:
            return None
        content, end_tok = _range(list(obj.subtree)), prt or verb
    if content is None:
        return None
    return Cue(verb, _cue_span(verb)[0], end_tok.idx + len(end_tok), speaker, content)


_HOLDER_PRONOUNS = {"he", "she", "they", "we", "i", "you", "who"}


def _is_holder(tok: Token) -> bool:
    """Whether a subject can hold a stance: a person, group or organisation ("Trump seemed ...")."""
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if tok.lower_ in _HOLDER_PRONOUNS:
        return True
    if tok.lower_ in ("that", "which") and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        return tok.head.head.i < tok.i and _is_holder(tok.head.head)  # "a group that backs ..."
    if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.text[:1].isupper() and tok.dep_ in ("nsubj", "pobj"):
        return True  # a surname the NER missed ("Wilmore backed ...")
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    if lemma in ROLE_CLASS or lemma in _GROUP_NOUNS or lemma in _ORG_NOUNS:
        return True
    if lemma in _SHARE_NOUNS:
        # "39 percent of Americans", "a majority of voters", "most Republicans": a share of people
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return pobj is None and lemma == "percent" or pobj is not None and _is_holder(pobj)
    return False


# Documents and polls that carry a finding: "In an NBC News poll released Monday, 50 percent ..."
_SOURCE_DOCS = {
    "poll",
    "polls",
    "survey",
    "statement",
    "interview",
    "report",
    "letter",
    "memo",
    "study",
    "speech",
    "tweet",
    "post",
    "email",
    "filing",
    "book",
    "column",
    "editorial",
    "essay",
    "op-ed",
    "video",
    "ad",
    "analysis",
    "release",
    "message",
    "remarks",
    "testimony",
}


def _in_source(prep: Token) -> Cue | None:
    """ "In a poll released Monday, X leads": the poll is the source of the clause it frames."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    verb = prep.head
    if pobj is None or pobj.lemma_.lower() not in _SOURCE_DOCS and pobj.lower_ not in _SOURCE_DOCS:
        return None
    if verb.pos_ not in ("VERB", "AUX") or lemma_of(verb) in CUES or prep.i > verb.i:
        return None  # "said in a statement" is the verb's cue; the frame comes before the clause
    parts = [t for t in verb.subtree if not (prep.left_edge.i <= t.i <= prep.right_edge.i)]
    content = _range([t for t in parts if t.i > prep.right_edge.i or t.dep_ != "punct"])
    if content is None:
        return None
    return Cue(prep, prep.idx, prep.idx + len(prep), pobj, content)


def _antecedent(pron: Token) -> Token | None:
    """ "The documentarian lays out what he believes": a pronoun subject of a clause hanging on a
    verb whose own subject is a person noun stands for that noun."""
    if pron.lower_ not in ("he", "she") or pron.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = pron.head
    for _ in range(3):
        if verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj", "pcomp", "pobj") or verb.head.i == verb.i:
            return None
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pron.i), None)
        if subj is not None:
            if subj.pos_ == "PRON" or not _is_holder(subj) or subj.ent_type_ not in ("PERSON", ""):
                return None
            return subj
    return None


def _paragraph_subject(doc: Doc, ix: _Index, start: int, end: int) -> Token | None:
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


def _make_clear(verb: Token, ix: _Index) -> Cue | None:
    """ "Officials made clear Monday that they have no plans", "He made it clear he would not run"."""
    doc = verb.doc
    clear = next((t for t in doc[verb.i + 1 : verb.i + 4] if t.lower_ == "clear"), None)
    if clear is None:
        return None
    i = clear.i + 1
    while (
        i < len(doc)
        and i < clear.i + 4
        and (doc[i].ent_type_ in ("DATE", "TIME") or doc[i].lower_ in ("that", ","))
    ):
        i += 1
    end = verb.right_edge.i
    if i >= len(doc) or i > end:
        return None
    content = _range(list(doc[i : end + 1]))
    speaker = _subject(verb, ix)
    if content is None or speaker is None or ix.in_quote(speaker.idx):
        return None
    return Cue(verb, _cue_span(verb)[0], clear.idx + len(clear), speaker, content)


def _sourceless(cue: Cue) -> bool:
    """Attributions PolNeAR keeps without a source: "seemed", "is expected to", "it was reported that"."""
    verb = cue.verb
    if verb is None:
        return False
    if verb.pos_ in ("ADJ", "NOUN"):
        return True  # "it is unclear whether", "the hope is that": checked when the cue was made
    return lemma_of(verb) in RAISING or any(c.dep_ == "auxpass" for c in verb.children)


def _according(doc: Doc, ix: _Index, tok: Token) -> Cue | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase_start = tok.idx
    phrase_end = max(t.idx + len(t) for t in pobj.subtree)
    sent = ix.sent_at(tok.idx)
    # The reported clause is the rest of the sentence on the larger side of the phrase.
    before = (sent.start_char, phrase_start)
    after = (phrase_end, sent.end_char)
    text = ix.text
    side = (
        after
        if len(text[after[0] : after[1]].strip()) >= len(text[before[0] : before[1]].strip())
        else before
    )
    s, e = side
    while s < e and not text[s].isalnum() and text[s] not in DOUBLE_OPEN + DOUBLE_AMBIG + DOUBLE_CLOSE:
        s += 1
    while e > s and (text[e - 1] in " ,.;:" or text[e - 1].isspace()):
        e -= 1
    content = (s, e) if e - s > 3 else None
    return Cue(None, tok.idx, to.idx + len(to), pobj, content)


def _window(doc: Doc, ix: _Index, q: tuple[int, int], para: tuple[int, int]) -> tuple[int, int]:
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
    doc: Doc, ix: _Index, cues: list[Cue], starts: list[int], q: tuple[int, int], para: tuple[int, int]
) -> Cue | None:
    # a quoted transcript turn: "PENCE: Well, ..."
    m = _TURN.match(ix.text, q[0], min(q[1], q[0] + 40))
    if m is not None:
        head = doc[ix.token_at(m.end(1) - 1)]
        return Cue(None, m.end(1), m.end(1) + 1, head, None, (m.start(1), m.end(1)))
    # “The most unqualified child to ever run for president.” ― Francis Ortiz
    m = _DASH_NAME.match(ix.text, q[1], min(para[1], q[1] + 80))
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
            and lemma_of(cue.verb) not in _BARE_SPEECH
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
    m = _HEADLINE.search(ix.text, prefix_start, max(prefix_start, q[0] - 1))
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
            ent = next((e for e in doc.ents if e.start <= last.i < e.end), None)
            if ent is not None:
                return Cue(None, k, k + 1, ent.root, None, (ent.start_char, ent.end_char))
    return None


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


def _date_of(doc: Doc, ix: _Index, cue: Cue, content: tuple[int, int], anchor: dt.date | None) -> str | None:
    """When it was said: a date in the attribution clause, nearest the cue (the shared resolver)."""
    sent = ix.sent_at(cue.cue_start)
    cuts = [*ix.quotes_in(sent.start_char, sent.end_char), content]
    best: tuple[int, str] | None = None
    for tm in resolve_times(sent.text, anchor):
        s = sent.start_char + tm.start
        # a statement date is a day: weeks and months are too coarse to report as one
        if tm.type != "date" or not tm.value or len(tm.value) != 10 or any(cs <= s < ce for cs, ce in cuts):
            continue
        dist = abs(s - cue.cue_start)
        if best is None or dist < best[0]:
            best = (dist, tm.value)
    return best[1] if best else None


def _attribution_text(doc: Doc, ix: _Index, cue: Cue, content: tuple[int, int]) -> str:
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


def extract_quotes(article: Article, doc: Doc) -> list[Quote]:
    """The direct, indirect and mixed quotes of one parsed article."""
    text = doc.text
    marked = find_marked_spans(text)
    ix = _Index(doc, marked)
    paras = _paragraphs(text)
    para_starts = [s for s, _ in paras]

    def para_of(char: int) -> int:
        return max(0, bisect_right(para_starts, char) - 1)

    has_parse = doc.has_annotation("DEP")
    cues = _find_cues(doc, ix) if has_parse else []
    if has_parse:
        cues.extend(_headline_cues(doc, ix, paras))
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
    for q in marked:
        cue = _link_quote(doc, ix, text_cues, cue_starts, q, paras[para_of(q[0])]) if has_parse else None
        if cue is None:
            unlinked.append(q)
        else:
            if all(c is not cue for c in cues):
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
                if _unquoted_words(text, rng, inner) > 2 and not any(q not in qs for q in inner):
                    drafts.append(_Draft(rng[0], rng[1], "mixed", cue, para=para_of(rng[0])))
                    used_quotes.update(qs)
                    continue
            # One attribution can carry several pieces: "“A,” he said. “B.”"
            groups: list[list[tuple[int, int]]] = []
            for q in sorted(qs):
                if groups and para_of(groups[-1][-1][0]) == para_of(q[0]):
                    groups[-1].append(q)
                else:
                    groups.append([q])
            for group in groups:
                drafts.append(_Draft(group[0][0], group[-1][1], "direct", cue, para=para_of(group[0][0])))
            used_quotes.update(qs)
        elif cue.content and (cue.speaker is not None or _sourceless(cue)):
            # a reported clause ends with the cue's paragraph (the parser may run a sentence on)
            ps, pe = paras[para_of(cue.cue_start)]
            rng = (max(cue.content[0], ps), min(cue.content[1], pe))
            while rng[1] > rng[0] and text[rng[1] - 1] in " \t.,;:":
                rng = (rng[0], rng[1] - 1)
            # a short reported clause is a fragment, unless it stands for what was said ("said so")
            short = (
                rng[1] - rng[0] < 8
                and text[rng[0] : rng[1]].lower().rsplit(" ", 1)[-1] not in _ANAPHORIC_CONTENT
                and not _is_name(doc, rng)  # "Christie endorsed Trump"
                and not (
                    cue.verb is not None
                    and lemma_of(cue.verb) in _TARGET_VERBS
                    and text[rng[0] : rng[1]].lower() in ("him", "her", "them")
                )  # "Gov. Jerry Brown endorsed her"
            )
            if short or ix.in_quote(rng[0]) and ix.in_quote(rng[1] - 1):
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
            continue
        kept.append(d)
    drafts = kept

    actors = ArticleActors(doc) if has_parse else None
    for d in drafts:
        if d.cue and d.cue.speaker is not None and actors is not None:
            spk = _antecedent(d.cue.speaker) or d.cue.speaker
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
            split.end = q[1]
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

    anchor = _day(article.published)
    quotes: list[Quote] = []
    made: dict[int, Quote] = {}
    spans: set[tuple[int, int]] = set()
    for d in drafts:
        # Two readings of one span (a cue's content and a continued quote) are one quote.
        if (d.start, d.end) in spans:
            continue
        spans.add((d.start, d.end))
        cue_text = text[d.cue.cue_start : d.cue.cue_end] if d.cue and d.cue.verb is not None else None
        if d.cue and d.cue.verb is None:
            cue_text = (
                "according to"
                if text[d.cue.cue_start : d.cue.cue_end].lower().startswith("according")
                else ":"
            )
        channel = channel_of(_attribution_text(doc, ix, d.cue, (d.start, d.end))) if d.cue else None
        date = _date_of(doc, ix, d.cue, (d.start, d.end), anchor) if d.cue else None
        if d.inherit is not None and id(d.inherit) in made:
            # a continued quote paragraph was said when and where its opening was
            date, channel = made[id(d.inherit)].date, made[id(d.inherit)].channel
        resolved = d.speaker
        mention = Span(d.mention[0], d.mention[1], text[d.mention[0] : d.mention[1]]) if d.mention else None
        qtext = text[d.start : d.end]
        quotes.append(
            Quote(
                id=stable_id("quote", article.id, d.start, d.end),
                article_id=article.id,
                start=d.start,
                end=d.end,
                text=qtext,
                kind=d.kind,  # type: ignore[arg-type]
                speaker_mention=mention,
                speaker=resolved.name if resolved else None,
                cue=cue_text,
                date=date,
                channel=channel,
                speaker_info=_speaker_info(resolved, article, mention),
            )
        )
        made[id(d)] = quotes[-1]
    return quotes


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


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
