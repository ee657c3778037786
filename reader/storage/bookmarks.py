"""SQL for bookmarks and for the drafts of notes being written, keyed by the stable
article id (they survive every re-import)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.dates import now
from reader.storage.connection import writing
from reader.storage.copy_data import own_id
from reader.storage.rows import SUMMARY_COLUMNS, article_of
from reader.storage.sources import filter_sql
from reader.types import ArticleSummary, Draft, SourceFilter


def set_bookmark(conn: sqlite3.Connection, article_id: str, on: bool) -> bool:
    """Bookmark the article or remove its bookmark; True when that changed anything."""
    with writing(conn):
        article_id = own_id(conn, article_id)
        if on:
            cursor = conn.execute(
                "INSERT INTO bookmarks (article_id, created) VALUES (?, ?) "
                "ON CONFLICT(article_id) DO NOTHING",
                (article_id, now()),
            )
        else:
            cursor = conn.execute("DELETE FROM bookmarks WHERE article_id = ?", (article_id,))
    return cursor.rowcount > 0


def bookmark_rows(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """``(article_id, bookmarked_at)``, newest bookmark first."""
    sql = "SELECT article_id, created FROM bookmarks ORDER BY created DESC, rowid DESC"
    return conn.execute(sql).fetchall()


def save_draft(conn: sqlite3.Connection, draft: Draft) -> None:
    with writing(conn):
        conn.execute(
            "INSERT INTO drafts (key, article_id, note_id, text, quote, quote_start, quote_end,"
            " updated, kept) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET"
            " text = excluded.text, updated = excluded.updated, kept = excluded.kept",
            (
                draft.key,
                draft.article_id,
                draft.note_id,
                draft.text,
                draft.quote,
                draft.quote_start,
                draft.quote_end,
                draft.updated,
                int(draft.kept),
            ),
        )


#: A draft's columns, in :class:`Draft`'s order.
_DRAFT_COLUMNS = "key, article_id, note_id, text, quote, quote_start, quote_end, updated, kept"


def drafts(conn: sqlite3.Connection) -> list[Draft]:
    sql = f"SELECT {_DRAFT_COLUMNS} FROM drafts ORDER BY updated DESC"
    return [Draft(*row) for row in conn.execute(sql)]


def draft(conn: sqlite3.Connection, key: str) -> Draft | None:
    sql = f"SELECT {_DRAFT_COLUMNS} FROM drafts WHERE key = ?"
    row = conn.execute(sql, (key,)).fetchone()
    return Draft(*row) if row else None


def delete_draft(conn: sqlite3.Connection, key: str) -> None:
    with writing(conn):
        conn.execute("DELETE FROM drafts WHERE key = ?", (key,))


def is_bookmarked(conn: sqlite3.Connection, article_id: str) -> bool:
    sql = f"SELECT 1 FROM bookmarks WHERE article_id = {article_of('?1')}"
    return conn.execute(sql, (article_id,)).fetchone() is not None


def _mentioning(person_ids: Sequence[int]) -> str:
    """SQL keeping the bookmarked articles to those that mention every one of
    ``person_ids`` (one ``?`` each): each bookmark is looked up on the people's second
    index, as bookmarks are few next to a person's articles."""
    return "".join(
        " AND EXISTS (SELECT 1 FROM article_people INDEXED BY article_people_by_article "
        "WHERE article_num = articles.num AND person_id = ?)"
        for _ in dict.fromkeys(person_ids)
    )


def _kept(person_ids: Sequence[int], source: SourceFilter | None) -> tuple[str, list[object]]:
    """SQL keeping the bookmarked articles to those mentioning every one of ``person_ids``
    and of ``source`` (if any), and its values."""
    sql = _mentioning(person_ids)
    values: list[object] = list(dict.fromkeys(person_ids))
    if source is not None:
        more, source_values = filter_sql(source)
        sql += f" AND {more}"
        values += source_values
    return sql, values


def count(
    conn: sqlite3.Connection, person_ids: Sequence[int] = (), source: SourceFilter | None = None
) -> int:
    """How many bookmarks are on stored articles (that mention every one of ``person_ids``,
    of the ``source``)."""
    kept, values = _kept(person_ids, source)
    sql = f"SELECT count(*) FROM bookmarks JOIN articles ON id = article_id{kept}"
    return int(conn.execute(sql, values).fetchone()[0])


def page(
    conn: sqlite3.Connection,
    offset: int,
    limit: int,
    person_ids: Sequence[int] = (),
    source: SourceFilter | None = None,
) -> list[ArticleSummary]:
    """Bookmarked articles (that mention every one of ``person_ids``, of the ``source``),
    newest bookmark first."""
    kept, values = _kept(person_ids, source)
    rows = conn.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM bookmarks JOIN articles "
        f"ON articles.id = bookmarks.article_id{kept} "
        "ORDER BY bookmarks.created DESC, bookmarks.rowid DESC LIMIT ? OFFSET ?",
        (*values, max(limit, 0), max(offset, 0)),
    ).fetchall()
    return [ArticleSummary(*row) for row in rows]
