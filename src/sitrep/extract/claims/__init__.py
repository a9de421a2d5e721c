"""Claims and positions: the stance of a text towards a claim, and a statement's stance on issues."""

from __future__ import annotations

from sitrep.extract.claims.positions import Issue, load_issues, position_of
from sitrep.extract.claims.stance import Assessment, assess, bearing, stance

__all__ = ["Assessment", "Issue", "assess", "bearing", "load_issues", "position_of", "stance"]
