"""Storage at the edge of the pipeline: one interface, SQLite by default."""

from sitrep.store.base import Store
from sitrep.store.sql import SQLStore, StoreError, open_store

__all__ = ["SQLStore", "Store", "StoreError", "open_store"]
