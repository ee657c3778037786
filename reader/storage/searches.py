"""SQL for the search box's history: the searches the user went to the results of, most
recent first. Each is kept once, as it was typed (searching for it again makes it the
most recent); the oldest go beyond :data:`KEEP`. The user's own data: an import never
touches it.
"""

from __future__ import annotations

import sqlite3

from reader.storage.connection import writing

#: How many searches are kept.
KEEP = 500


def remember(conn: sqlite3.Connection, text: str) -> None:
    """Make ``text`` the most recent search (blank text is not a search)."""
    if not text.strip():
        return
    with writing(conn):
        conn.execute(
            "INSERT INTO searches (text, used) "
            "VALUES (?1, (SELECT coalesce(max(used), 0) + 1 FROM searches)) "
            "ON CONFLICT(text) DO UPDATE SET used = excluded.used",
            (text,),
        )
        conn.execute(
            "DELETE FROM searches WHERE used <= (SELECT max(used) FROM searches) - ?",
            (KEEP,),
        )


def recent(conn: sqlite3.Connection, limit: int = KEEP) -> list[str]:
    """The searches, most recent first."""
    sql = "SELECT text FROM searches ORDER BY used DESC LIMIT ?"
    return [text for (text,) in conn.execute(sql, (limit,))]


def forget(conn: sqlite3.Connection) -> None:
    """Forget every search kept (no write when none is: the app asks at every start)."""
    if conn.execute("SELECT 1 FROM searches LIMIT 1").fetchone() is None:
        return
    with writing(conn):
        conn.execute("DELETE FROM searches")
