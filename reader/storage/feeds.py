"""SQL for feeds: the subscriptions, their fetch state, and the articles of each.

One row a feed (schema migration ``0008_feeds``). Its fetch state is written after each
fetch by :func:`record_fetch`, in the same transaction as the entries it brought, so a
refresh killed half-way leaves every feed as it was or as it was fetched.

Columns: ``url`` (where it is fetched; unique), ``title`` and ``site_url`` (the feed's
own), ``user_title`` (the user's, which wins), ``folder`` (an OPML folder), ``etag`` and
``last_modified`` (sent back to ask for a 304), ``last_fetch`` / ``last_success`` /
``next_fetch`` (ISO times, UTC), ``interval_minutes`` (the user's own for this feed, or
NULL for the setting), ``ttl_minutes`` (the feed's ``<ttl>``), ``retry_until`` (a
``Retry-After`` in force), ``failures`` (in a row), ``last_status`` and ``last_error``,
``dead`` (410 Gone: no longer fetched), ``redirect_url`` and ``redirect_since`` (a
permanent redirect seen and not yet taken on), ``fulltext`` (fetch each entry's page).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from reader.errors import FeedNotFound
from reader.records import Record
from reader.types import Feed

FEED_COLUMNS = (
    "id, url, title, user_title, site_url, folder, created, last_fetch, last_success, "
    "next_fetch, interval_minutes, last_status, last_error, failures, dead, redirect_url, "
    "redirect_since, fulltext, "
    "(SELECT count(*) FROM articles WHERE articles.feed_id = feeds.id)"
)
#: One feed's unread articles (off ``articles_by_feed``: a look-up an article of it).
_UNREAD_OF = "SELECT count(*) FROM articles WHERE feed_id = ? AND read = 0"
#: Every feed's unread articles at once, off the partial index of the unread alone: a
#: look-up an article of every feed, as :data:`_UNREAD_OF` for each, reads the table
#: all over (265 ms at 100,000 articles in 500 feeds, against 11 ms for this).
_UNREAD_BY_FEED = (
    "SELECT feed_id, count(*) FROM articles INDEXED BY articles_unread_by_source "
    "WHERE read = 0 AND feed_id IS NOT NULL GROUP BY feed_id"
)


class FetchState(Record):
    """What a fetch of one feed needs to know of it."""

    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    failures: int
    interval_minutes: int | None
    ttl_minutes: int | None
    redirect_url: str | None
    redirect_since: str | None
    fulltext: bool


_STATE_COLUMNS = (
    "id, url, coalesce(user_title, title), etag, last_modified, failures, interval_minutes, "
    "ttl_minutes, redirect_url, redirect_since, fulltext"
)


class FetchRecord(Record):
    """What one fetch of a feed changes on its row (None leaves a column as it was,
    except where said)."""

    feed_id: int
    fetched_at: str
    next_fetch: str
    status: int | None
    #: The one-line reason it failed; None when it succeeded (clears the last error).
    error: str | None
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    site_url: str | None = None
    ttl_minutes: int | None = None
    retry_until: str | None = None
    #: A permanent redirect's target, and when it was first seen (both None: none now).
    redirect_url: str | None = None
    redirect_since: str | None = None
    #: The URL to fetch from now on (a redirect taken on).
    new_url: str | None = None
    dead: bool = False


def _feed(row: Sequence[object], unread: int) -> Feed:
    values = list(row)
    values[14] = bool(values[14])  # dead
    values[17] = bool(values[17])  # fulltext
    values.append(unread)  # after the article count, the last column
    return Feed(*values)  # type: ignore[arg-type]


def _one(conn: sqlite3.Connection, row: Sequence[object]) -> Feed:
    return _feed(row, conn.execute(_UNREAD_OF, (row[0],)).fetchone()[0])


def add(
    conn: sqlite3.Connection,
    url: str,
    now: str,
    *,
    title: str | None = None,
    folder: str | None = None,
) -> tuple[int, bool]:
    """Subscribe to ``url`` (inside the caller's write transaction): ``(id, added)``,
    where ``added`` is False when it was subscribed already. Due at once."""
    row = conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
    if row is not None:
        return row[0], False
    cursor = conn.execute(
        "INSERT INTO feeds (url, user_title, folder, created, next_fetch) VALUES (?, ?, ?, ?, ?)",
        (url, title, folder, now, now),
    )
    return int(cursor.lastrowid or 0), True


def every(conn: sqlite3.Connection) -> list[Feed]:
    """Every feed, by title (the user's, else the feed's, else its URL)."""
    rows = conn.execute(
        f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY lower(coalesce(user_title, title, url)), id"
    ).fetchall()
    unread = dict(conn.execute(_UNREAD_BY_FEED).fetchall())
    return [_feed(row, unread.get(row[0], 0)) for row in rows]


def get(conn: sqlite3.Connection, feed_id: int) -> Feed:
    row = conn.execute(f"SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    if row is None:
        raise FeedNotFound(f"no feed with id {feed_id}")
    return _one(conn, row)


def find(conn: sqlite3.Connection, given: str) -> Feed:
    """The feed ``given`` names: its URL (as subscribed, or where it redirects), its id,
    or its title (the user's or the feed's, ignoring case) when that is unique."""
    text = given.strip()
    row = conn.execute(
        f"SELECT {FEED_COLUMNS} FROM feeds WHERE url = ? OR redirect_url = ? LIMIT 1",
        (text, text),
    ).fetchone()
    if row is None and text.isdigit():
        row = conn.execute(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?", (int(text),)
        ).fetchone()
    if row is None:
        rows = conn.execute(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE lower(coalesce(user_title, title)) = lower(?) "
            "OR lower(title) = lower(?) LIMIT 2",
            (text, text),
        ).fetchall()
        if len(rows) > 1:
            raise FeedNotFound(f"more than one feed is called {text!r}: give its URL")
        row = rows[0] if rows else None
    if row is None:
        raise FeedNotFound(f"no feed {text!r} (reader feed list shows them)")
    return _one(conn, row)


def find_ids(conn: sqlite3.Connection, given: Iterable[str]) -> list[int]:
    """The ids of the feeds ``given`` names, each as :func:`find` takes it: a URL as
    subscribed is one look-up of the URL index (a refresh named 500 URLs took 40 ms of
    counts it did not need); anything else is found as :func:`find` finds it."""
    found = []
    for text in given:
        row = conn.execute("SELECT id FROM feeds WHERE url = ?", (text.strip(),)).fetchone()
        found.append(row[0] if row is not None else find(conn, text).id)
    return found


def states(
    conn: sqlite3.Connection, *, due_by: str | None = None, ids: Iterable[int] | None = None
) -> list[FetchState]:
    """The feeds to fetch: those of ``ids``, or every live one due by ``due_by`` (or all)."""
    if ids is not None:
        chosen = list(ids)
        if not chosen:
            return []
        marks = ",".join("?" for _ in chosen)
        sql = f"SELECT {_STATE_COLUMNS} FROM feeds WHERE id IN ({marks}) ORDER BY id"
        rows = conn.execute(sql, chosen).fetchall()
    elif due_by is not None:
        sql = (
            f"SELECT {_STATE_COLUMNS} FROM feeds WHERE NOT dead "
            "AND (next_fetch IS NULL OR next_fetch <= ?) "
            "AND (retry_until IS NULL OR retry_until <= ?) ORDER BY id"
        )
        rows = conn.execute(sql, (due_by, due_by)).fetchall()
    else:
        rows = conn.execute(
            f"SELECT {_STATE_COLUMNS} FROM feeds WHERE NOT dead ORDER BY id"
        ).fetchall()
    return [_state(row) for row in rows]


def _state(row: Sequence[object]) -> FetchState:
    values = list(row)
    values[10] = bool(values[10])  # fulltext
    return FetchState(*values)  # type: ignore[arg-type]


#: The feed's URL after a fetch: the new one it moved to (three parameters, all of it),
#: unless another subscription has that URL already (then both stay as they are).
_NEW_URL = (
    "CASE WHEN ? IS NOT NULL AND NOT EXISTS (SELECT 1 FROM feeds AS other WHERE other.url = ?) "
    "THEN ? ELSE url END"
)


def record_fetch(conn: sqlite3.Connection, record: FetchRecord) -> None:
    """Store what one fetch came to (inside the caller's write transaction)."""
    r = record
    if r.error is None:
        conn.execute(
            "UPDATE feeds SET last_fetch = ?, last_success = ?, next_fetch = ?, last_status = ?, "
            "last_error = NULL, failures = 0, retry_until = ?, "
            "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
            "title = coalesce(?, title), site_url = coalesce(?, site_url), "
            "ttl_minutes = ?, redirect_url = ?, redirect_since = ?, "
            f"url = {_NEW_URL}, dead = ? WHERE id = ?",
            (
                r.fetched_at,
                r.fetched_at,
                r.next_fetch,
                r.status,
                r.retry_until,
                r.etag,
                r.last_modified,
                r.title,
                r.site_url,
                r.ttl_minutes,
                r.redirect_url,
                r.redirect_since,
                r.new_url,
                r.new_url,
                r.new_url,
                int(r.dead),
                r.feed_id,
            ),
        )
    else:
        conn.execute(
            "UPDATE feeds SET last_fetch = ?, next_fetch = ?, last_status = ?, last_error = ?, "
            f"failures = failures + 1, retry_until = ?, url = {_NEW_URL}, dead = ?, "
            "redirect_url = ?, redirect_since = ? WHERE id = ?",
            (
                r.fetched_at,
                r.next_fetch,
                r.status,
                r.error,
                r.retry_until,
                r.new_url,
                r.new_url,
                r.new_url,
                int(r.dead),
                r.redirect_url,
                r.redirect_since,
                r.feed_id,
            ),
        )


def rename(conn: sqlite3.Connection, feed_id: int, title: str | None) -> None:
    """Give a feed a title of the user's own (None: the feed's own again); its stored
    articles show the new one as their source."""
    conn.execute("UPDATE feeds SET user_title = ? WHERE id = ?", (title, feed_id))
    conn.execute(
        "UPDATE articles SET source = (SELECT coalesce(user_title, title, url) FROM feeds "
        "WHERE id = ?) WHERE feed_id = ?",
        (feed_id, feed_id),
    )


def set_options(
    conn: sqlite3.Connection,
    feed_id: int,
    *,
    interval_minutes: int | None = None,
    fulltext: bool | None = None,
) -> None:
    if interval_minutes is not None:
        value = interval_minutes if interval_minutes > 0 else None
        conn.execute("UPDATE feeds SET interval_minutes = ? WHERE id = ?", (value, feed_id))
    if fulltext is not None:
        conn.execute("UPDATE feeds SET fulltext = ? WHERE id = ?", (int(fulltext), feed_id))


def remove(conn: sqlite3.Connection, feed_id: int) -> tuple[int, int]:
    """Unsubscribe (inside the caller's write transaction): the feed's articles go,
    except those with a bookmark or a note, which stay as articles of no feed.
    Returns ``(removed, kept)``."""
    kept = conn.execute(
        "UPDATE articles SET feed_id = NULL WHERE feed_id = ? AND ("
        "EXISTS (SELECT 1 FROM bookmarks WHERE bookmarks.article_id = articles.id) OR "
        "EXISTS (SELECT 1 FROM notes WHERE notes.article_id = articles.id))",
        (feed_id,),
    ).rowcount
    removed = conn.execute("DELETE FROM articles WHERE feed_id = ?", (feed_id,)).rowcount
    conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
    return removed, kept


def kept_on_removal(conn: sqlite3.Connection, feed_id: int) -> tuple[int, int]:
    """``(to remove, to keep)``: what :func:`remove` would do, for a confirmation."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum("
        "EXISTS (SELECT 1 FROM bookmarks WHERE bookmarks.article_id = articles.id) OR "
        "EXISTS (SELECT 1 FROM notes WHERE notes.article_id = articles.id)), 0) "
        "FROM articles WHERE feed_id = ?",
        (feed_id,),
    ).fetchone()
    return row[0] - row[1], row[1]


def known_entries(conn: sqlite3.Connection, feed_id: int) -> dict[str, tuple[str, str | None]]:
    """``article id -> (content_hash, url)`` of every stored article of the feed."""
    rows = conn.execute(
        "SELECT id, content_hash, url FROM articles WHERE feed_id = ?", (feed_id,)
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}
