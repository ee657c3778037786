"""SQL for the user's settings: one text value per key."""

from __future__ import annotations

import sqlite3

from reader.storage.connection import writing


def get(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return default if row is None else row[0]


def set_value(conn: sqlite3.Connection, key: str, value: str) -> None:
    # Takes the write lock up front (writing): a transaction that read first could not
    # wait for another copy's write to end, and failed at once.
    sql = "INSERT INTO settings VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value"
    with writing(conn):
        conn.execute(sql, (key, value))


def every(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM settings").fetchall())
