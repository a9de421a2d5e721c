"""Storage at the edge of the pipeline: one interface, SQLite by default."""

from sitrep.store.base import Store
from sitrep.store.sql import SQLStore, open_store

__all__ = ["SQLStore", "Store", "open_store"]
