"""SQL for sources: every folder and feed with its article and unread counts, what keeps
a list to one of them, and the sources a query's ``source:`` and ``feed:`` name.

An article's ``source`` is the folder it was imported from (or the site a saved page
came from), or for a feed's entry the feed's title; ``feed_id`` says which feed. A
folder is its name among articles of no feed; a feed is its id. The counts are read
off two indexes (migration ``0011_sources``): each source's articles off
``articles_by_source``, its unread ones off ``articles_unread_by_source``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.types import FEED, FEED_FOLDER, FOLDER, Source, SourceFilter

_TOTALS_SQL = (
    "SELECT source, feed_id, count(*) FROM articles INDEXED BY articles_by_source "
    "GROUP BY source, feed_id"
)
_UNREAD_SQL = (
    "SELECT source, feed_id, count(*) FROM articles INDEXED BY articles_unread_by_source "
    "WHERE read = 0 GROUP BY source, feed_id"
)
_FEEDS_SQL = "SELECT id, coalesce(user_title, title, url), folder, url, dead, last_error FROM feeds"


def every(conn: sqlite3.Connection) -> list[Source]:
    """Every source with its counts: the folders by name, then the feeds (every one,
    those with no article yet too) by folder and title."""
    unread = {(s, f): n for s, f, n in conn.execute(_UNREAD_SQL)}
    folders: dict[str, list[int]] = {}
    by_feed: dict[int, list[int]] = {}
    feeds = {row[0]: row for row in conn.execute(_FEEDS_SQL)}
    for source, feed_id, total in conn.execute(_TOTALS_SQL):
        counts = [total, unread.get((source, feed_id), 0)]
        if feed_id in feeds:
            here = by_feed.setdefault(feed_id, [0, 0])
            here[0] += counts[0]
            here[1] += counts[1]
        else:  # a file's, a saved page's (or one whose feed went, which never stays so)
            here = folders.setdefault(source, [0, 0])
            here[0] += counts[0]
            here[1] += counts[1]
    out = [
        Source(FOLDER, name, total, unread_count)
        for name, (total, unread_count) in sorted(folders.items(), key=lambda i: _key(i[0]))
    ]
    listed = sorted(feeds.values(), key=lambda row: (_key(row[2] or ""), _key(row[1]), row[0]))
    for feed_id, name, folder, url, dead, error in listed:
        total, unread_count = by_feed.get(feed_id, (0, 0))
        broken = bool(dead) or error is not None
        reason = error if error is not None else ("gone (HTTP 410)" if dead else None)
        out.append(Source(FEED, name, total, unread_count, feed_id, folder, url, broken, reason))
    return out


def _key(name: str) -> tuple[str, str]:
    return name.casefold(), name


def filter_sql(chosen: SourceFilter, table: str = "articles") -> tuple[str, list[object]]:
    """SQL on ``table`` (an ``articles``) letting through the chosen source's articles
    (off ``articles_by_source`` or ``articles_by_feed``), and its values."""
    if chosen.kind == FEED:
        return f"{table}.feed_id = ?", [chosen.feed_id]
    if chosen.kind == FEED_FOLDER:
        return f"{table}.feed_id IN (SELECT id FROM feeds WHERE folder = ?)", [chosen.name]
    return f"{table}.source = ? AND {table}.feed_id IS NULL", [chosen.name]


#: Every source name, each once, in order: one look-up of the index a name (a skip
#: scan), not a walk of every article.
_NAMES_SQL = """
WITH RECURSIVE names (name) AS (
    SELECT min(source) FROM articles INDEXED BY articles_by_source
    UNION ALL
    SELECT (SELECT min(source) FROM articles INDEXED BY articles_by_source
            WHERE source > names.name)
    FROM names WHERE names.name IS NOT NULL
)
SELECT name FROM names WHERE name IS NOT NULL
"""


def names(conn: sqlite3.Connection) -> list[str]:
    """Every article source's name (folders and feed titles), in order."""
    return [row[0] for row in conn.execute(_NAMES_SQL)]


def matching(candidates: Sequence[str], given: str) -> list[str]:
    """The names ``given`` stands for, ignoring case: the one it spells whole, else all
    that start with it (``bbc`` finds ``BBC`` alone if there is one, else ``bbc-news``
    and ``bbc-sport``)."""
    wanted = " ".join(given.split()).casefold()
    if not wanted:
        return []
    folded = [(" ".join(name.split()).casefold(), name) for name in candidates]
    exact = [name for key, name in folded if key == wanted]
    return exact or [name for key, name in folded if key.startswith(wanted)]


def feed_ids(conn: sqlite3.Connection, given: str) -> list[int]:
    """The feeds a query's ``feed:`` value names: its number, its URL, or its title (the
    user's or its own, ignoring case: the one spelt whole, else those starting so), else
    every feed whose URL holds it (``feed:bbc.co.uk``)."""
    text = given.strip()
    if not text:
        return []
    if text.isdigit():
        row = conn.execute("SELECT id FROM feeds WHERE id = ?", (int(text),)).fetchone()
        if row is not None:
            return [row[0]]
    rows = conn.execute("SELECT id, url, redirect_url, user_title, title FROM feeds").fetchall()
    by_url = [r[0] for r in rows if text in (r[1], r[2])]
    if by_url:
        return by_url
    titles: dict[str, list[int]] = {}
    for feed_id, _, _, user_title, title in rows:
        for name in {user_title, title} - {None}:
            titles.setdefault(name, []).append(feed_id)
    found = [i for name in matching(list(titles), text) for i in titles[name]]
    if not found:
        found = [r[0] for r in rows if text.casefold() in r[1].casefold()]
    return sorted(set(found))
