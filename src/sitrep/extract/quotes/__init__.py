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

A quote interrupted by its attribution (“A,” he said. “B.”) is one quote per marked part, the
parts sharing the attribution's speaker, cue and date. Every quote says whether it reports
``speech`` (words uttered) or a ``stance`` (a belief, wish, decision or view held), and how its
date is known (``explicit``, ``relative``, ``occasion`` or ``article``).

The package reads top-down: ``lexicon`` (the words of a cue; the speech lists are data files
under ``sitrep/data/quotes``), ``marks`` (quotation marks), ``syntax`` (a cue's source and
complement in the parse), ``cues`` (the cue constructions), ``attribution`` (speech or stance),
``dates`` (when it was said) and ``assemble`` (quotes linked to cues, and the records).
"""

from sitrep.extract.quotes.assemble import extract_quotes
from sitrep.extract.quotes.marks import find_marked_spans
from sitrep.records import Quote
from sitrep.stages import ArticleContext, TableSpec, article_stage

__all__ = ["extract_quotes", "find_marked_spans"]

QUOTES = TableSpec(
    "quotes",
    Quote,
    per_article=True,
    columns=("speaker", "speaker_id", "date", "statement_id", "kind", "attribution"),
)


@article_stage("quotes", tables=[QUOTES], requires=["times"])
def quotes_stage(ctx: ArticleContext) -> list[Quote]:
    """Quotes dated by the time resolution the article's other stages share."""
    return extract_quotes(ctx.article, ctx.doc, times=ctx["times"])
