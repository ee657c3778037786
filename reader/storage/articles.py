"""SQL for articles: the list in order, one article by id or prefix, and the write of
an import's rows with their full-text index entries."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.errors import AmbiguousId, ArticleNotFound
from reader.storage.rows import ARTICLE_COLUMNS, SUMMARY_COLUMNS, WRITE_COLUMNS, row_values
from reader.terms import index_text
from reader.types import Article, ArticleRow, ArticleSummary

_UPSERT_SQL = (
    f"INSERT INTO articles ({', '.join(WRITE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in WRITE_COLUMNS)}) "
    "ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in WRITE_COLUMNS if c not in ("id", "imported_at"))
    # A full text fetched for the article's text as it was is dropped with that text:
    # the changed text is the one to read (a feed set to full text fetches it again).
    + ", feed_body = NULL, fulltext_url = NULL, fulltext_at = NULL, fulltext_extractor = NULL"
    # A row that is already as written (another copy of the reader importing the same
    # files at the same time) is left alone: not re-indexed, its dates kept.
    + " WHERE articles.content_hash IS NOT excluded.content_hash"
    " OR articles.parser_version IS NOT excluded.parser_version"
)

_INDEX_NEW_SQL = (
    "INSERT INTO articles_fts (rowid, title, dek, body, author) "
    "SELECT num, reader_index_text(title), reader_index_text(dek), reader_index_text(body), "
    "reader_index_text(author) FROM articles WHERE num > ?"
)

#: The same for a batch with no word to cut (nearly every one): the text goes to the index
#: straight from the table, without a call into Python and back for each column.
_INDEX_NEW_AS_IS_SQL = (
    "INSERT INTO articles_fts (rowid, title, dek, body, author) "
    "SELECT num, title, dek, body, author FROM articles WHERE num > ?"
)


#: New rows (``num`` above the largest before the batch) whose article the user has read.
_READ_AGAIN_SQL = (
    "UPDATE articles SET read = 1 WHERE num > ? AND read = 0 "
    "AND id IN (SELECT article_id FROM reads)"
)


def upsert(conn: sqlite3.Connection, rows: Sequence[ArticleRow]) -> None:
    """Write ``rows`` inside the caller's write transaction; index the new ones at once.

    Updated rows are re-indexed by a trigger; new rows (``num`` above the largest
    before the batch) go into the full-text index in one statement, because FTS5
    flushes its pending terms at every statement, and one flush per article made a
    tiny index segment per article (most of an import's time). The index is given
    each column as :func:`reader.terms.index_text` makes it, as the triggers do:
    when it changes no column of the batch (it gives back the very text), the
    columns are indexed as stored.
    """
    last = conn.execute("SELECT coalesce(max(num), 0) FROM articles").fetchone()[0]
    conn.executemany(_UPSERT_SQL, map(row_values, rows))
    as_is = all(
        index_text(text) is text
        for row in rows
        for text in (row.title, row.dek, row.body, row.author)
    )
    conn.execute(_INDEX_NEW_AS_IS_SQL if as_is else _INDEX_NEW_SQL, (last,))
    # A new row of an article read before (removed, then imported again) is read.
    conn.execute(_READ_AGAIN_SQL, (last,))


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def article(conn: sqlite3.Connection, article_id: str) -> Article:
    """The article with this id, or the one article whose id starts with it."""
    key = article_id.strip().lower()
    if not key:
        raise ArticleNotFound("no article id given")
    rows = conn.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id >= ? AND id < ? LIMIT 2",
        (key, key + "\uffff"),
    ).fetchall()
    exact = [r for r in rows if r[0] == key]
    if exact:
        return Article(*exact[0])
    if not rows:
        raise ArticleNotFound(f"no article with id {article_id!r}")
    if len(rows) > 1:
        raise AmbiguousId(f"{article_id!r} matches more than one article; give more of the id")
    return Article(*rows[0])


def summaries(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, ArticleSummary]:
    """``id -> summary`` of those of ``ids`` that are stored."""
    found: dict[str, ArticleSummary] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" for _ in chunk)
        sql = f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE id IN ({marks})"
        for row in conn.execute(sql, chunk):
            found[row[0]] = ArticleSummary(*row)
    return found


def known_files(conn: sqlite3.Connection) -> dict[str, tuple[str, int]]:
    """``id -> (content_hash, parser_version)`` for every stored article."""
    rows = conn.execute("SELECT id, content_hash, parser_version FROM articles")
    return {row[0]: (row[1], row[2]) for row in rows}


def set_fulltext(
    conn: sqlite3.Connection, article_id: str, text: str, url: str, at: str, extractor: str
) -> int:
    """Make ``text``, extracted from the web page at ``url``, the article's text (the
    feed's own is kept beside it, in ``feed_body``), inside the caller's write
    transaction; its people are to be found again. Returns the article's ``num``."""
    row = conn.execute(
        "UPDATE articles SET feed_body = coalesce(feed_body, body), body = ?, words = ?, "
        "fulltext_url = ?, fulltext_at = ?, fulltext_extractor = ? WHERE id = ? RETURNING num",
        (text, len(text.split()), url, at, extractor, article_id),
    ).fetchone()
    if row is None:
        raise ArticleNotFound(f"no article with id {article_id!r}")
    conn.execute("INSERT OR IGNORE INTO people_todo (num) VALUES (?)", (row[0],))
    return int(row[0])
