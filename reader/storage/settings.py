"""SQL for the user's settings: one text value per key."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from reader.storage.connection import writing


def get(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return default if row is None else row[0]


_SET_SQL = "INSERT INTO settings VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value"


def set_value(conn: sqlite3.Connection, key: str, value: str) -> None:
    set_values(conn, {key: value})


def set_values(conn: sqlite3.Connection, values: Mapping[str, str]) -> None:
    """Set each key to its value, in one transaction."""
    # Takes the write lock up front (writing): a transaction that read first could not
    # wait for another copy's write to end, and failed at once.
    with writing(conn):
        conn.executemany(_SET_SQL, values.items())


def every(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM settings").fetchall())
