"""Claims and positions: the stance of a text towards a claim, and a statement's stance on issues."""

from __future__ import annotations

from sitrep.extract.claims.stance import Assessment, assess, stance

__all__ = ["Assessment", "assess", "stance"]
