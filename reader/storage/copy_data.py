"""The user's data of articles with several files (:mod:`reader.storage.copies`): it is
kept under the article's own id only, so that nothing that reads notes, bookmarks, read
state, places or drafts needs to know of copies. An id given for a copy is taken as its
article's when written (:func:`own_id`); data under an id that became a copy's is moved
to its article's (:func:`fold`, :func:`fold_strays`)."""

from __future__ import annotations

import sqlite3

from reader.storage.rows import article_of
from reader.types import Draft

#: The tables of the user's data kept by article id.
_USER_TABLES = ("notes", "bookmarks", "reads", "places", "drafts")


def fold(conn: sqlite3.Connection, old: str, new: str) -> None:
    """Move the user's data under the id ``old`` to the id ``new``: every note; the
    bookmark and the read state with the earlier time of the two; the later place; a new
    note's draft, unless ``new`` has one."""
    conn.execute("UPDATE notes SET article_id = ?2 WHERE article_id = ?1", (old, new))
    for table, at in (("bookmarks", "created"), ("reads", "at")):
        conn.execute(
            f"INSERT INTO {table} (article_id, {at}) SELECT ?2, {at} FROM {table} "
            f"WHERE article_id = ?1 ON CONFLICT(article_id) DO UPDATE SET "
            f"{at} = min({at}, excluded.{at})",
            (old, new),
        )
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (old,))
    conn.execute(
        "INSERT INTO places (article_id, fraction, updated) SELECT ?2, fraction, updated "
        "FROM places WHERE article_id = ?1 ON CONFLICT(article_id) DO UPDATE SET "
        "fraction = excluded.fraction, updated = excluded.updated "
        "WHERE excluded.updated > places.updated",
        (old, new),
    )
    conn.execute("DELETE FROM places WHERE article_id = ?", (old,))
    conn.execute(
        "UPDATE OR IGNORE drafts SET key = ?1, article_id = ?2 WHERE key = ?3",
        (Draft.key_for(new), new, Draft.key_for(old)),
    )
    conn.execute("UPDATE drafts SET article_id = ?2 WHERE article_id = ?1", (old, new))


def own_id(conn: sqlite3.Connection, article_id: str) -> str:
    """The id to keep the user's data under for ``article_id``: its article's own id when
    it is a copy's, else itself (an id of no stored article stays as it is)."""
    return str(conn.execute(f"SELECT {article_of('?1')}", (article_id,)).fetchone()[0])


def fold_strays(conn: sqlite3.Connection) -> int:
    """Fold the user's data kept under a copy's id into its article's own, inside the
    caller's write transaction (see the module doc); how many ids had some."""
    strays = conn.execute(
        "SELECT alias_id, article_id FROM article_aliases WHERE "
        + " OR ".join(
            f"EXISTS (SELECT 1 FROM {table} WHERE {table}.article_id = alias_id)"
            for table in _USER_TABLES
        )
    ).fetchall()
    for old, new in strays:
        fold(conn, old, new)
    return len(strays)
