"""Storage: the :class:`Store` facade over SQLite; schema and migrations in ``schema``."""

from reader.store.store import MEMORY, SCHEMA_VERSION, Store

__all__ = ["MEMORY", "SCHEMA_VERSION", "Store"]
