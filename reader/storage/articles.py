"""SQL for articles: the list in order, one article by id or prefix (a copy's id names
its article), and the write of an import's rows with their full-text index entries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from reader.errors import AmbiguousId, ArticleNotFound
from reader.records import Record, field, replace
from reader.storage import copies
from reader.storage.rows import (
    ARTICLE_COLUMNS,
    SUMMARY_COLUMNS,
    WRITE_COLUMNS,
    article_of,
    row_values,
)
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


#: The full-text index's in-memory part while an import writes (FTS5's ``hashsize``, 1 MiB
#: unless set): the rows indexed in a transaction are gathered in it and written out as a
#: new segment of the index each time it fills. A batch of an import indexes some 15 MB;
#: at 1 MiB that made a dozen small segments a batch, each merged again later.
INDEX_PENDING_BYTES = 16 * 1024 * 1024


def index_tuned_for_import(conn: sqlite3.Connection) -> bool:
    """Whether the index already gathers :data:`INDEX_PENDING_BYTES` (see
    :func:`tune_index_for_import`): set once, it stays set."""
    row = conn.execute("SELECT v FROM articles_fts_config WHERE k = 'hashsize'").fetchone()
    return row is not None and row[0] == INDEX_PENDING_BYTES


def tune_index_for_import(conn: sqlite3.Connection) -> None:
    """Let the index gather :data:`INDEX_PENDING_BYTES` before it writes a segment. The
    setting is stored with the index (FTS5 keeps it in its config table); the app's
    writes, a few rows a transaction, never fill even the default. Runs in the caller's
    write transaction."""
    conn.execute(
        "INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', ?)",
        (INDEX_PENDING_BYTES,),
    )


#: New rows (``num`` above the largest before the batch) whose article the user has read.
_READ_AGAIN_SQL = (
    "UPDATE articles SET read = 1 WHERE num > ? AND read = 0 "
    "AND id IN (SELECT article_id FROM reads)"
)


class Written(Record, frozen=False):
    """What :func:`upsert` wrote: each row written as an article, with its index in the
    batch (a copy's file writes its article's id, or nothing), and the nums of the
    articles that went, made one with an older one holding the same content."""

    rows: list[tuple[int, ArticleRow]] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)


def upsert(conn: sqlite3.Connection, rows: Sequence[ArticleRow]) -> Written:
    """Write ``rows`` inside the caller's write transaction; index the new ones at once.

    Updated rows are re-indexed by a trigger; new rows (``num`` above the largest
    before the batch) go into the full-text index in one statement, because FTS5
    flushes its pending terms at every statement, and one flush per article made a
    tiny index segment per article (most of an import's time). The index is given
    each column as :func:`reader.terms.index_text` makes it, as the triggers do:
    when it changes no column of the batch (it gives back the very text), the
    columns are indexed as stored.

    Files with the same bytes are one article (:mod:`reader.storage.copies`): the rows
    of files of articles with copies are written one by one after the others, each
    sorted out first, and the rows written are then made one with any older row of the
    same content.
    """
    last = conn.execute("SELECT coalesce(max(num), 0) FROM articles").fetchone()[0]
    involved = copies.sort_out(conn, rows)
    written = Written()
    if involved:
        apart = set(involved)
        plain = [(i, row) for i, row in enumerate(rows) if i not in apart]
    else:
        plain = list(enumerate(rows))
    conn.executemany(_UPSERT_SQL, [row_values(row) for _, row in plain])
    written.rows = plain
    made: list[int] = []
    claimed: set[str] = set()
    for i in involved:
        row, copy = copies.settle(conn, rows[i])
        if copy is not None:
            made.append(copy)
        if row is None or row.id in claimed:
            continue
        claimed.add(row.id)
        conn.execute(_UPSERT_SQL, row_values(row))
        written.rows.append((i, row))
    as_is = all(
        index_text(text) is text
        for row in rows
        for text in (row.title, row.dek, row.body, row.author)
    )
    if made:  # already indexed
        conn.execute(
            _INDEX_NEW_SQL + " AND num NOT IN (SELECT value FROM json_each(?))",
            (last, json.dumps(made)),
        )
    else:
        conn.execute(_INDEX_NEW_AS_IS_SQL if as_is else _INDEX_NEW_SQL, (last,))
    # A new row of an article read before (removed, then imported again) is read.
    conn.execute(_READ_AGAIN_SQL, (last,))
    files = [row.content_hash for _, row in written.rows if copies.is_file(row)]
    written.merged = copies.merge(conn, files)
    return written


def spelling_pending(conn: sqlite3.Connection) -> bool:
    """Whether articles written wait for the search's spelling index (the triggers on
    ``articles`` list them in ``search_pending``; :mod:`reader.search.spelling` reads them)."""
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM search_pending)").fetchone()[0])


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def article(conn: sqlite3.Connection, article_id: str) -> Article:
    """The article with this id (its own, or a copy's: see :mod:`reader.storage.copies`),
    or the one article one of whose ids starts with it; with every file it was read from."""
    key = article_id.strip().lower()
    if not key:
        raise ArticleNotFound("no article id given")
    sql = f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = {article_of('?1')}"
    row = conn.execute(sql, (key,)).fetchone()
    if row is None:
        named = _starting(conn, key)
        if not named:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        if len(named) > 1:
            raise AmbiguousId(f"{article_id!r} matches more than one article; give more of the id")
        row = conn.execute(sql, (named[0],)).fetchone()
    found = Article(*row)
    if not copies.is_file(found):
        return found  # a feed entry or a saved page: no files
    return replace(found, paths=copies.paths(conn, found.id, found.path))


def _starting(conn: sqlite3.Connection, key: str) -> list[str]:
    """The articles (up to two) that an id starting with ``key`` names."""
    ids = [
        found
        for sql in (
            "SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2",
            "SELECT alias_id FROM article_aliases WHERE alias_id >= ? AND alias_id < ? LIMIT 2",
        )
        for (found,) in conn.execute(sql, (key, key + "\uffff"))
    ]
    return list(dict.fromkeys(_articles_of(conn, ids).values()))


def _articles_of(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """``id -> the id of the article it names`` (itself, unless it is a copy's)."""
    sql = f"SELECT value, {article_of('value')} FROM json_each(?)"
    return dict(conn.execute(sql, (json.dumps(list(ids)),)).fetchall())


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
