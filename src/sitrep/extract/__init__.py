"""Per-article stages over one parsed spaCy ``Doc``.

Each module registers its stage with :func:`sitrep.stages.article_stage`: a
pure function of the shared :class:`~sitrep.stages.ArticleContext` whose
records are stored, in the same transaction as the article, in the table the
stage declares.
"""
