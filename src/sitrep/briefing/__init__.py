"""The situation report: per story, a dated timeline, a cited digest and its sources.

:mod:`~sitrep.briefing.build` assembles it from the query layer;
:mod:`~sitrep.briefing.render` writes it as JSON, Markdown or HTML.
"""

from sitrep.briefing.build import Report, build_report
from sitrep.briefing.render import FORMATS, render

__all__ = ["FORMATS", "Report", "build_report", "render"]
