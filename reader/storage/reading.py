"""SQL for read state and the place in an article: the user's own data, keyed by the
stable article id (they survive every re-import, as bookmarks do).

``reads`` says which articles are read; ``articles.read`` mirrors it, kept by triggers
(migration 0009), for the list's reads: the unread articles in list order are a partial
index of their own (``articles_unread``), which the counts and ``is:unread`` read alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from reader.dates import now
from reader.storage.connection import writing
from reader.storage.copy_data import own_id
from reader.storage.rows import SUMMARY_COLUMNS, article_of
from reader.types import ArticleSummary

#: The id the user's data is kept under for each id given (a copy's: its article's).
_OWN = article_of("value")
#: Ids written in one statement (SQLite's limit on ``?`` is far above it).
_CHUNK = 500


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        yield unique[start : start + _CHUNK]


def set_read(conn: sqlite3.Connection, article_ids: Sequence[str], read: bool) -> int:
    """Make the articles read (or unread), inside the caller's write transaction: how
    many changed. Ids of articles not stored are kept too: read state outlives the
    article (an id is a file's or a feed entry's, and comes back with it). A copy's id
    is taken as its article's (:mod:`reader.storage.copies`)."""
    changed = 0
    at = now()
    for chunk in _chunks(article_ids):
        if read:
            cursor = conn.execute(
                f"INSERT OR IGNORE INTO reads (article_id, at) SELECT {_OWN}, ? FROM json_each(?)",
                (at, json.dumps(chunk)),
            )
        else:
            cursor = conn.execute(
                f"DELETE FROM reads WHERE article_id IN (SELECT {_OWN} FROM json_each(?))",
                (json.dumps(chunk),),
            )
        changed += max(cursor.rowcount, 0)
    return changed


def mark(conn: sqlite3.Connection, article_ids: Sequence[str], read: bool) -> int:
    """:func:`set_read` in a transaction of its own."""
    with writing(conn):
        return set_read(conn, article_ids, read)


def mark_where(conn: sqlite3.Connection, where: str, values: Sequence[object]) -> int:
    """Mark read every unread article that ``where`` (SQL on ``articles``) lets through,
    in one statement (a view of 100,000 articles included): how many there were."""
    with writing(conn):
        cursor = conn.execute(
            "INSERT OR IGNORE INTO reads (article_id, at) "
            f"SELECT id, ? FROM articles WHERE read = 0 AND ({where})",
            (now(), *values),
        )
    return max(cursor.rowcount, 0)


def stored_ids(conn: sqlite3.Connection, article_ids: Sequence[str]) -> set[str]:
    """Those of ``article_ids`` that are stored articles' ids."""
    found: set[str] = set()
    for chunk in _chunks(article_ids):
        sql = "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))"
        found.update(row[0] for row in conn.execute(sql, (json.dumps(chunk),)))
    return found


def is_read(conn: sqlite3.Connection, article_id: str) -> bool:
    sql = f"SELECT 1 FROM reads WHERE article_id = {article_of('?1')}"
    return conn.execute(sql, (article_id,)).fetchone() is not None


def unread_count(conn: sqlite3.Connection) -> int:
    """How many stored articles are unread (off the partial index alone)."""
    sql = "SELECT count(*) FROM articles INDEXED BY articles_unread WHERE read = 0"
    return int(conn.execute(sql).fetchone()[0])


def unread_by_source(conn: sqlite3.Connection) -> dict[str, int]:
    """``source -> unread articles`` for every source with any (off the partial index)."""
    sql = (
        "SELECT source, count(*) FROM articles INDEXED BY articles_unread "
        "WHERE read = 0 GROUP BY source"
    )
    return {source: int(n) for source, n in conn.execute(sql)}


def unread_ids(conn: sqlite3.Connection, limit: int | None = None) -> list[str]:
    """The unread articles' ids in list order: newest first, undated last."""
    sql = (
        "SELECT id FROM articles INDEXED BY articles_unread WHERE read = 0 "
        "ORDER BY date DESC, num DESC LIMIT ?"
    )
    return [row[0] for row in conn.execute(sql, (-1 if limit is None else limit,))]


def unread_page(conn: sqlite3.Connection, offset: int, limit: int) -> list[ArticleSummary]:
    """Unread articles ``offset`` .. ``offset + limit`` in list order."""
    rows = conn.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM articles INDEXED BY articles_unread WHERE read = 0 "
        "ORDER BY date DESC, num DESC LIMIT ? OFFSET ?",
        (max(limit, 0), max(offset, 0)),
    ).fetchall()
    return [ArticleSummary(*row) for row in rows]


def next_unread(conn: sqlite3.Connection, article_id: str, forward: bool) -> str | None:
    """The first unread article after (``forward``) or before ``article_id`` in list order
    (newest first, undated last), off the partial index; None when there is none."""
    row = conn.execute("SELECT date, num FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    date, num = row
    if forward and date is None:
        where, order = "date IS NULL AND num < ?", "date DESC, num DESC"
        values: tuple[object, ...] = (num,)
    elif forward:
        where = "(date < ? OR (date = ? AND num < ?) OR date IS NULL)"
        order, values = "date DESC, num DESC", (date, date, num)
    elif date is None:
        where = "(date IS NOT NULL OR num > ?)"
        order, values = "date IS NOT NULL, date, num", (num,)
    else:
        where, order = "(date > ? OR (date = ? AND num > ?))", "date, num"
        values = (date, date, num)
    sql = (
        f"SELECT id FROM articles INDEXED BY articles_unread WHERE read = 0 AND {where} "
        f"ORDER BY {order} LIMIT 1"
    )
    found = conn.execute(sql, values).fetchone()
    return found[0] if found else None


def read_rows(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """``(article_id, read_at)`` of every article read, oldest first (for the export)."""
    return conn.execute("SELECT article_id, at FROM reads ORDER BY at, article_id").fetchall()


def set_place(conn: sqlite3.Connection, article_id: str, fraction: float) -> None:
    """Remember how far into the article the user was (0 at the top; the top forgets it)."""
    fraction = min(max(float(fraction), 0.0), 1.0)
    with writing(conn):
        article_id = own_id(conn, article_id)
        if fraction <= 0.0:
            conn.execute("DELETE FROM places WHERE article_id = ?", (article_id,))
        else:
            conn.execute(
                "INSERT INTO places (article_id, fraction, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET fraction = excluded.fraction, "
                "updated = excluded.updated",
                (article_id, fraction, now()),
            )


def place(conn: sqlite3.Connection, article_id: str) -> float:
    sql = f"SELECT fraction FROM places WHERE article_id = {article_of('?1')}"
    row = conn.execute(sql, (article_id,)).fetchone()
    return float(row[0]) if row else 0.0
