"""One article, several files: article files with the same bytes are one article.

The BBC set holds 71 pairs of byte-identical files (one story filed under two numbers).
Read as two articles each, the list, search, the people counts and a person's view
showed every such story twice. Here is how they are one.

**The model.** ``articles`` keeps one row per distinct content among article files
(feed entries and saved web pages are never copies: :data:`FILE_ROWS`).
``article_paths`` lists the files of every article that has more than
one, or whose one file is not the file its id was made from: ``id`` is the file's own id
(what :func:`reader.ingest.article_id` makes of its path), ``article_id`` the article,
``path`` and ``source`` as ``articles`` keeps them. An article with no row there has one
file, ``articles.path``, and its id is that file's. ``articles.path`` is the file shown:
the one its id was made from while it is there, else the first of the others by path.
``article_aliases`` lists every other id that names an article: the ids of its other
files, and of its files deleted since. An id names one article, as its own or as an alias.

**Which row stays.** When two rows hold the same content, the older (smaller ``num``)
stays, with its id; within one import that is the file the walk found first (each
folder in name order, its files before its folders), since rows are numbered in that
order, however the import is cut into batches or killed and run again. An id is never
taken from an article once given, so a copy found later never takes the id of the
article it joins, whatever its path.

**The user's data is kept under the article's own id.** Notes, bookmarks, read state,
places and drafts are keyed by it, so nothing that reads them needs to know of copies.
When two rows are made one (:func:`merge`), the data of the row that goes is folded
into the one kept: every note, the earlier bookmark and read time, the later place, a
new note's draft unless the kept one has its own. An id that comes in is taken as its
article's when written: a copy's id given on the command line, in an export, or by a
list shown before the copies were found (:mod:`reader.storage.copy_data`; an import of
an export and an undo fold what they wrote). When the files part again (one is
edited), the data stays with the article's id.

**What an import does** (:func:`sort_out` and :func:`settle` before a batch's rows are
written, :func:`merge` after; :func:`forget_files` before the batches):

- A file whose content an article already has: its row is written, then found to hold
  the same content (the same ``content_hash``) as an older row, and made one with it
  (:func:`merge`): its id becomes an alias, its path one of the article's files, its
  row goes. So it is for two copies in one batch, for a file edited to be like another,
  and for a database that has both rows from before (:func:`merge_all`, once migrated).
- A file of an article with several changes (:func:`settle`):

  - the article's only file (the others deleted): the article follows it, updated in
    place as any edited file's article is;
  - the file the article's id was made from: the article follows it, with the user's
    data, and the other files keep the old content as an article of their own (a copy
    of the row, with the id of the first of them by path, read if the article was; its
    people are found again);
  - another file: it leaves the article (its alias goes) and is an article of its own,
    or a copy of another.
- A file of an article with several that is gone from the disk (the import looks for
  each) leaves it; when it was the file shown, the next takes its place and the article
  keeps its id. Its id stays an alias. An article's last file is never let go: an
  article whose file is deleted stays, as it always has.
- A file of an article that comes back, unchanged, is one of its files again.

Two imports at once are safe: every decision is taken in the batch's write
transaction, on what is committed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from itertools import groupby

from reader.records import Record, replace
from reader.storage.copy_data import fold
from reader.storage.rows import WRITE_COLUMNS, article_of
from reader.types import Article, ArticleRow

#: SQL keeping ``articles`` to article files (what can be a copy of another): not a feed's
#: entry, nor a saved web page (whose path is its URL). A file may name its page (a
#: ``URL:`` header), but its path is where it was read.
FILE_ROWS = "feed_id IS NULL AND (url IS NULL OR url <> path)"

_INDEX_ONE_SQL = (
    "INSERT INTO articles_fts (rowid, title, dek, body, author) "
    "SELECT num, reader_index_text(title), reader_index_text(dek), reader_index_text(body), "
    "reader_index_text(author) FROM articles WHERE num = ?"
)
_COPY_SQL = (
    f"INSERT INTO articles ({', '.join(WRITE_COLUMNS)}) SELECT "
    + ", ".join(f":{c}" if c in ("id", "path", "source") else c for c in WRITE_COLUMNS)
    + " FROM articles WHERE id = :of"
)
_ANY_COPIES_SQL = (
    "SELECT EXISTS (SELECT 1 FROM article_aliases) OR EXISTS (SELECT 1 FROM article_paths)"
)


class _Article(Record):
    num: int
    id: str
    content_hash: str
    parser_version: int
    path: str
    source: str


class _File(Record):
    id: str
    path: str
    source: str


def is_file(row: ArticleRow | Article) -> bool:
    """Whether ``row`` is an article file's (only those can be copies): :data:`FILE_ROWS`."""
    return row.feed_id is None and (row.url is None or row.url != row.path)


def known_files(conn: sqlite3.Connection) -> dict[str, tuple[str, int]]:
    """``file id -> (content_hash, parser_version)`` for every stored article file (and
    feed entry): an import reads again only the files not listed so. A file of an
    article with several is listed by its own id, with the article's content."""
    sql = "SELECT id, content_hash, parser_version FROM articles"
    files = conn.execute("SELECT id, article_id FROM article_paths").fetchall()
    if not files:
        return {row[0]: (row[1], row[2]) for row in conn.execute(sql)}
    listed = {article for _, article in files}
    known: dict[str, tuple[str, int]] = {}
    theirs: dict[str, tuple[str, int]] = {}
    for article_id, digest, version in conn.execute(sql):
        (theirs if article_id in listed else known)[article_id] = (digest, version)
    for file_id, article_id in files:
        if article_id in theirs:
            known[file_id] = theirs[article_id]
    return known


def sort_out(conn: sqlite3.Connection, rows: Sequence[ArticleRow]) -> list[int]:
    """Which of ``rows`` (their indexes) touch an article with copies: a copy's file, or
    the file of an article with several. The caller writes the others at once, then
    these one by one through :func:`settle`, each after the files before it."""
    ids = [row.id for row in rows if is_file(row)]
    if not ids or not conn.execute(_ANY_COPIES_SQL).fetchone()[0]:
        return []
    involved = {
        found
        for (found,) in conn.execute(
            "SELECT alias_id FROM article_aliases WHERE alias_id IN "
            "(SELECT value FROM json_each(?1)) UNION SELECT article_id FROM article_paths "
            "WHERE article_id IN (SELECT value FROM json_each(?1))",
            (json.dumps(ids),),
        )
    }
    if not involved:
        return []
    return [i for i, row in enumerate(rows) if row.id in involved and is_file(row)]


def settle(conn: sqlite3.Connection, row: ArticleRow) -> tuple[ArticleRow | None, int | None]:
    """Sort out the files of the article that ``row``'s file belongs to (see the module
    doc), inside the caller's write transaction: ``(the row to write, or None when there
    is nothing to write; the num of an article made for the files that keep the old
    content, already indexed, or None)``."""
    article = _named(conn, row.id)
    if article is None:
        return row, None
    if row.content_hash == article.content_hash:  # one of its files again, or re-parsed
        _add_file(conn, article, _File(row.id, row.path, row.source))
        _tidy(conn, article.id)
        if row.parser_version == article.parser_version:
            return None, None
        shown = _named(conn, article.id)
        assert shown is not None
        return replace(row, id=article.id, path=shown.path, source=shown.source), None
    others = [f for f in _files(conn, article) if f.id != row.id]
    if not others:  # its only file: the article follows it
        return replace(row, id=article.id), None
    if row.id == article.id:  # the file its id was made from: the others keep the content
        return row, _split(conn, article, others)
    _leave(conn, row.id, article.id)
    return row, None


def merge(conn: sqlite3.Connection, hashes: Iterable[str]) -> list[int]:
    """Make one article of the article files that hold the same content as one of
    ``hashes`` (the rows just written), inside the caller's write transaction; returns
    the nums of the rows that went."""
    listed = json.dumps(sorted(set(hashes)))
    if listed == "[]":
        return []
    same = (
        "SELECT content_hash FROM articles WHERE content_hash IN "
        f"(SELECT value FROM json_each(?)) AND {FILE_ROWS} "
        "GROUP BY content_hash HAVING count(*) > 1"
    )
    return _merge_groups(conn, same, (listed,))


def merge_all(conn: sqlite3.Connection) -> list[int]:
    """Make one article of every set of article files stored with the same content (a
    database from before copies were known); returns the nums of the rows that went."""
    same = (
        f"SELECT content_hash FROM articles WHERE {FILE_ROWS} "
        "GROUP BY content_hash HAVING count(*) > 1"
    )
    return _merge_groups(conn, same, ())


def listed_files(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """``(file id, path)`` of the files of articles with several (for :func:`forget_files`)."""
    return conn.execute("SELECT id, path FROM article_paths ORDER BY path").fetchall()


def forget_files(conn: sqlite3.Connection, file_ids: Sequence[str]) -> int:
    """Let go of files that are gone from the disk, inside the caller's write transaction:
    each leaves its article unless it is the article's last (see the module doc). How
    many went."""
    gone = 0
    for file_id in file_ids:
        found = conn.execute(
            "SELECT article_id FROM article_paths WHERE id = ?", (file_id,)
        ).fetchone()
        if found is None:
            continue
        (article_id,) = found
        count = "SELECT count(*) FROM article_paths WHERE article_id = ?"
        if conn.execute(count, (article_id,)).fetchone()[0] <= 1:
            continue
        conn.execute("DELETE FROM article_paths WHERE id = ?", (file_id,))
        _tidy(conn, article_id)
        gone += 1
    return gone


def paths(conn: sqlite3.Connection, article_id: str, shown: str) -> tuple[str, ...]:
    """Every file of the article: ``shown`` (its ``path``) first, then the others by path."""
    rows = conn.execute(
        "SELECT path FROM article_paths WHERE article_id = ? ORDER BY path", (article_id,)
    ).fetchall()
    return (shown, *(path for (path,) in rows if path != shown))


# -- the steps --------------------------------------------------------------------------------


def _named(conn: sqlite3.Connection, article_id: str) -> _Article | None:
    """The stored article file that ``article_id`` names (its own id or an alias)."""
    row = conn.execute(
        "SELECT num, id, content_hash, parser_version, path, source FROM articles "
        f"WHERE id = {article_of('?1')} AND {FILE_ROWS}",
        (article_id,),
    ).fetchone()
    return _Article(*row) if row else None


def _listed(conn: sqlite3.Connection, article_id: str) -> list[_File]:
    sql = "SELECT id, path, source FROM article_paths WHERE article_id = ? ORDER BY path"
    return [_File(*row) for row in conn.execute(sql, (article_id,))]


def _files(conn: sqlite3.Connection, article: _Article) -> list[_File]:
    """The article's files: those listed, else its one file, the one its id was made from."""
    return _listed(conn, article.id) or [_File(article.id, article.path, article.source)]


def _list_file(conn: sqlite3.Connection, file: _File, article_id: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO article_paths (id, article_id, path, source) VALUES (?, ?, ?, ?)",
        (file.id, article_id, file.path, file.source),
    )
    if file.id != article_id:
        conn.execute(
            "INSERT OR REPLACE INTO article_aliases (alias_id, article_id) VALUES (?, ?)",
            (file.id, article_id),
        )


def _add_file(conn: sqlite3.Connection, article: _Article, file: _File) -> None:
    """Make ``file`` one of the article's files (its id an alias, unless it is its own)."""
    if not _listed(conn, article.id):
        if file.id == article.id:
            return  # its one file, the one its id was made from: nothing to list
        _list_file(conn, _File(article.id, article.path, article.source), article.id)
    _list_file(conn, file, article.id)


def _tidy(conn: sqlite3.Connection, article_id: str) -> None:
    """Show the article's own file if it has it (else the first by path), and list its
    files no more when its own is the only one."""
    files = _listed(conn, article_id)
    if not files:
        return
    own = next((f for f in files if f.id == article_id), None)
    if own is not None and len(files) == 1:
        conn.execute("DELETE FROM article_paths WHERE article_id = ?", (article_id,))
    shown = own or files[0]
    conn.execute(
        "UPDATE articles SET path = ?1, source = ?2 WHERE id = ?3 "
        "AND (path IS NOT ?1 OR source IS NOT ?2)",
        (shown.path, shown.source, article_id),
    )


def _split(conn: sqlite3.Connection, article: _Article, others: list[_File]) -> int:
    """The ``others`` files of ``article`` keep its content as an article of their own,
    with the id of the first by path (written before ``article`` is updated), read if it
    was: the user's other data stays with ``article``. Returns its num; it is indexed at
    once, and its people are left to be found again."""
    first = min(others, key=lambda f: f.path)
    values = {"id": first.id, "path": first.path, "source": first.source, "of": article.id}
    num = conn.execute(_COPY_SQL, values).lastrowid
    conn.execute(_INDEX_ONE_SQL, (num,))
    conn.execute("INSERT OR IGNORE INTO people_todo (num) VALUES (?)", (num,))
    conn.execute(
        "INSERT OR IGNORE INTO reads (article_id, at) SELECT ?, at FROM reads WHERE article_id = ?",
        (first.id, article.id),
    )
    moved = "UPDATE article_paths SET article_id = ? WHERE article_id = ?"
    conn.execute(moved, (first.id, article.id))
    conn.execute("DELETE FROM article_paths WHERE id = ?", (article.id,))
    # Its aliases name the old content: the other files', and those of files gone since.
    conn.execute(
        "UPDATE article_aliases SET article_id = ? WHERE article_id = ?", (first.id, article.id)
    )
    conn.execute("DELETE FROM article_aliases WHERE alias_id = ?", (first.id,))
    _tidy(conn, first.id)
    return int(num or 0)


def _leave(conn: sqlite3.Connection, file_id: str, article_id: str) -> None:
    """The file ``file_id`` is no longer one of the article's (its content changed)."""
    conn.execute("DELETE FROM article_paths WHERE id = ?", (file_id,))
    conn.execute("DELETE FROM article_aliases WHERE alias_id = ?", (file_id,))
    _tidy(conn, article_id)


def _merge_groups(conn: sqlite3.Connection, same: str, values: tuple[object, ...]) -> list[int]:
    """Merge the article files whose content is one of those ``same`` (SQL) selects."""
    rows = conn.execute(
        "SELECT content_hash, num, id, content_hash, parser_version, path, source FROM articles "
        f"WHERE content_hash IN ({same}) AND {FILE_ROWS} ORDER BY content_hash, num",
        values,
    ).fetchall()
    if not rows:
        return []
    stale = conn.execute("SELECT 1 FROM people_state WHERE name = 'counts'").fetchone()
    dropped: list[int] = []
    people: set[int] = set()
    for _, group in groupby(rows, key=lambda row: row[0]):
        keep, *rest = (_Article(*row[1:]) for row in group)
        for drop in rest:
            people.update(_merge(conn, keep, drop))
            dropped.append(drop.num)
        _tidy(conn, keep.id)
    if people:
        conn.execute(
            "UPDATE people SET articles = (SELECT count(*) FROM article_people "
            "WHERE person_id = people.id) WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(people)),),
        )
    if stale is None:  # the rows deleted marked the counts stale: they are right again
        conn.execute("DELETE FROM people_state WHERE name = 'counts'")
    return dropped


def _merge(conn: sqlite3.Connection, keep: _Article, drop: _Article) -> list[int]:
    """Make ``drop`` (a row with the same content) one with ``keep``: its files and ids
    become ``keep``'s, its row goes. Returns the people its row mentioned."""
    if not _listed(conn, keep.id):
        _list_file(conn, _File(keep.id, keep.path, keep.source), keep.id)
    for file in _files(conn, drop):
        _list_file(conn, file, keep.id)
    conn.execute(
        "UPDATE article_aliases SET article_id = ? WHERE article_id = ?", (keep.id, drop.id)
    )
    conn.execute(
        "INSERT OR REPLACE INTO article_aliases (alias_id, article_id) VALUES (?, ?)",
        (drop.id, keep.id),
    )
    fold(conn, drop.id, keep.id)
    sql = "SELECT person_id FROM article_people WHERE article_num = ?"
    people = [row[0] for row in conn.execute(sql, (drop.num,))]
    conn.execute("DELETE FROM articles WHERE num = ?", (drop.num,))
    return people
