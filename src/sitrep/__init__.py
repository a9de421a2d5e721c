"""sitrep: checkable situation reports from news coverage of a war and its diplomacy."""

__version__ = "0.1.0"
