"""SQL for the user's own data: bookmarks, notes, drafts, and their export.

Everything here is keyed by the stable article id, so it survives every
re-import. Writes take the write lock up front (``BEGIN IMMEDIATE``) so that two
running copies queue behind each other instead of failing half-way; a write
that still cannot get the lock raises :class:`~reader.errors.StoreError` with a
sentence saying so, and nothing is half-saved.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from reader.errors import ReaderError, StoreError
from reader.models import Bookmark, Draft, Note

EXPORT_VERSION = 1

_NOTE_COLUMNS = (
    "notes.id, notes.uid, notes.article_id, articles.title, notes.text, notes.quote, "
    "notes.quote_start, notes.quote_end, notes.detached, notes.created, notes.edited"
)
_NOTE_FROM = "notes LEFT JOIN articles ON articles.id = notes.article_id"
_REANCHOR_SQL = "UPDATE notes SET detached = 0, quote_start = ?, quote_end = ? WHERE id = ?"


class NoteNotFound(ReaderError):
    """No (live) note has this id."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that holds the lock from its start, all or nothing."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(write_refused(conn, exc)) from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def write_refused(conn: sqlite3.Connection, exc: sqlite3.Error) -> str:
    """One line for a write that could not start, naming the database file."""
    try:
        where = conn.execute("PRAGMA database_list").fetchone()[2] or "the database"
        waited = conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
    except sqlite3.Error:
        where, waited = "the database", 0
    if "locked" in str(exc) or "busy" in str(exc):
        return (
            f"{where}: another program kept the database locked for {waited:g} s "
            "(another copy of the reader writing?); nothing was saved, try again"
        )
    return f"{where}: cannot write to the database ({exc}); nothing was saved"


def _note(row: tuple[Any, ...]) -> Note:
    values = list(row)
    values[8] = bool(values[8])
    return Note(*values)


# -- notes -------------------------------------------------------------------------------


def locate(body: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``body``: exactly, else ignoring differences in spacing."""
    if not quote.strip():
        return None
    at = body.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = quote.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.search(pattern, body)
    return (found.start(), found.end()) if found else None


def add_note(
    conn: sqlite3.Connection,
    article_id: str,
    text: str,
    *,
    quote: str | None = None,
    quote_start: int | None = None,
    quote_end: int | None = None,
) -> int:
    """Add a note; a quote without a position is looked for in the article's body."""
    detached = 0
    if quote:
        if quote_start is None or quote_end is None:
            body = _body(conn, article_id)
            where = locate(body, quote) if body is not None else None
            quote_start, quote_end = where if where else (None, None)
        detached = 0 if quote_start is not None else 1
    else:
        quote = quote_start = quote_end = None
    stamp = now()
    with writing(conn):
        cursor = conn.execute(
            "INSERT INTO notes (uid, article_id, text, quote, quote_start, quote_end, detached,"
            " created, edited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                uuid.uuid4().hex,
                article_id,
                text,
                quote,
                quote_start,
                quote_end,
                detached,
                stamp,
                stamp,
            ),
        )
        return int(cursor.lastrowid or 0)


def _body(conn: sqlite3.Connection, article_id: str) -> str | None:
    row = conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def get_note(conn: sqlite3.Connection, note_id: int) -> Note:
    row = conn.execute(
        f"SELECT {_NOTE_COLUMNS} FROM {_NOTE_FROM} WHERE notes.id = ? AND notes.deleted IS NULL",
        (note_id,),
    ).fetchone()
    if row is None:
        raise NoteNotFound(f"no note with id {note_id}")
    return _note(row)


def edit_note(conn: sqlite3.Connection, note_id: int, text: str) -> None:
    with writing(conn):
        changed = conn.execute(
            "UPDATE notes SET text = ?, edited = ? WHERE id = ? AND deleted IS NULL",
            (text, now(), note_id),
        ).rowcount
    if not changed:
        raise NoteNotFound(f"no note with id {note_id}")


def delete_note(conn: sqlite3.Connection, note_id: int, *, undoable: bool) -> None:
    """Delete a note; an undoable deletion only marks it until :func:`purge_deleted`."""
    with writing(conn):
        if undoable:
            sql = "UPDATE notes SET deleted = ? WHERE id = ? AND deleted IS NULL"
            changed = conn.execute(sql, (now(), note_id)).rowcount
        else:
            changed = conn.execute("DELETE FROM notes WHERE id = ?", (note_id,)).rowcount
    if not changed:
        raise NoteNotFound(f"no note with id {note_id}")


def restore_note(conn: sqlite3.Connection, note_id: int) -> None:
    with writing(conn):
        conn.execute("UPDATE notes SET deleted = NULL WHERE id = ?", (note_id,))


def purge_deleted(
    conn: sqlite3.Connection, ids: Sequence[int] | None = None, before: str | None = None
) -> int:
    """Forget deleted notes whose deletion can no longer be undone: those in ``ids``,
    or those deleted before ``before`` (an ISO time), or, with neither, all of them.

    Another running copy may still offer to undo its own deletions, so an app only
    purges the notes it deleted, and old leftovers of a session that was killed.
    """
    if ids is not None and not ids:
        return 0
    where, values = "deleted IS NOT NULL", []
    if ids is not None:
        where += f" AND id IN ({', '.join('?' * len(ids))})"
        values.extend(ids)
    if before is not None:
        where += " AND deleted < ?"
        values.append(before)
    if conn.execute(f"SELECT 1 FROM notes WHERE {where} LIMIT 1", values).fetchone() is None:
        return 0  # nothing to forget: no write lock taken
    with writing(conn):
        return conn.execute(f"DELETE FROM notes WHERE {where}", values).rowcount


def notes(conn: sqlite3.Connection, article_id: str | None = None) -> list[Note]:
    """An article's notes in the order they were written, or every note newest first."""
    if article_id is not None:
        sql = (
            f"SELECT {_NOTE_COLUMNS} FROM {_NOTE_FROM} WHERE notes.article_id = ? "
            "AND notes.deleted IS NULL ORDER BY notes.created, notes.id"
        )
        return [_note(r) for r in conn.execute(sql, (article_id,))]
    sql = (
        f"SELECT {_NOTE_COLUMNS} FROM {_NOTE_FROM} WHERE notes.deleted IS NULL "
        "ORDER BY notes.created DESC, notes.id DESC"
    )
    return [_note(r) for r in conn.execute(sql)]


def reanchor(conn: sqlite3.Connection, article_ids: Iterable[str]) -> int:
    """Find each quoted passage again in edited articles; detach the notes whose quote is gone.

    Returns how many notes were newly detached. Notes are never deleted here, and a note
    whose place is unchanged is not written.
    """
    detached = 0
    ids = list(article_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        rows = conn.execute(
            "SELECT notes.id, notes.quote, notes.detached, notes.quote_start, notes.quote_end,"
            " articles.body FROM notes JOIN articles ON articles.id = notes.article_id"
            f" WHERE notes.article_id IN ({marks}) AND notes.quote IS NOT NULL",
            chunk,
        ).fetchall()
        changes: list[tuple[int, int | None, int | None]] = []
        for note_id, quote, was_detached, *place, body in rows:
            where = locate(body, quote)
            if where is None and not was_detached:
                detached += 1
                changes.append((note_id, None, None))
            elif where is not None and (was_detached or list(where) != place):
                changes.append((note_id, *where))
        if not changes:
            continue
        with writing(conn):
            for note_id, quote_start, quote_end in changes:
                if quote_start is None:
                    conn.execute("UPDATE notes SET detached = 1 WHERE id = ?", (note_id,))
                else:
                    conn.execute(_REANCHOR_SQL, (quote_start, quote_end, note_id))
    return detached


def misplaced(conn: sqlite3.Connection) -> list[str]:
    """Articles with a quoted note that is not where its quote is: the text at its place is
    not the quote, or the quote of a detached note is back.

    An import re-anchors the notes of the articles it changes; one killed after writing
    them and before that leaves the notes misplaced, and the next import finds them here.
    """
    rows = conn.execute(
        "SELECT DISTINCT notes.article_id FROM notes"
        " JOIN articles ON articles.id = notes.article_id WHERE notes.quote IS NOT NULL AND"
        " CASE WHEN notes.detached THEN instr(articles.body, notes.quote) > 0"
        " ELSE notes.quote_start IS NULL OR notes.quote_end IS NULL OR substr(articles.body,"
        " notes.quote_start + 1, notes.quote_end - notes.quote_start) IS NOT notes.quote END"
    )
    return [row[0] for row in rows]


# -- bookmarks ------------------------------------------------------------------------------


def set_bookmark(conn: sqlite3.Connection, article_id: str, on: bool) -> bool:
    """Bookmark the article or remove its bookmark; True when that changed anything."""
    with writing(conn):
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


def bookmarks(conn: sqlite3.Connection, summaries: dict[str, Any]) -> list[Bookmark]:
    return [Bookmark(summaries.get(aid), aid, at) for aid, at in bookmark_rows(conn)]


# -- drafts ---------------------------------------------------------------------------------


def save_draft(conn: sqlite3.Connection, draft: Draft) -> None:
    with writing(conn):
        conn.execute(
            "INSERT INTO drafts (key, article_id, note_id, text, quote, quote_start, quote_end,"
            " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET"
            " text = excluded.text, updated = excluded.updated",
            (
                draft.key,
                draft.article_id,
                draft.note_id,
                draft.text,
                draft.quote,
                draft.quote_start,
                draft.quote_end,
                draft.updated,
            ),
        )


def drafts(conn: sqlite3.Connection) -> list[Draft]:
    sql = (
        "SELECT key, article_id, note_id, text, quote, quote_start, quote_end, updated "
        "FROM drafts ORDER BY updated DESC"
    )
    return [Draft(*row) for row in conn.execute(sql)]


def delete_draft(conn: sqlite3.Connection, key: str) -> None:
    with writing(conn):
        conn.execute("DELETE FROM drafts WHERE key = ?", (key,))


# -- export and import ---------------------------------------------------------------------


def export_data(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every bookmark and note, as plain data (JSON-ready), for ``import_data``."""
    paths = dict(conn.execute("SELECT id, path FROM articles"))
    return {
        "version": EXPORT_VERSION,
        "bookmarks": [
            {"article_id": aid, "path": paths.get(aid), "bookmarked_at": at}
            for aid, at in bookmark_rows(conn)
        ],
        "notes": [
            {**note.to_json(), "path": paths.get(note.article_id)} for note in reversed(notes(conn))
        ],
    }


def import_data(conn: sqlite3.Connection, data: dict[str, Any]) -> tuple[int, int]:
    """Merge exported bookmarks and notes (notes matched by ``uid``); count (added, updated).

    Raises ``ValueError`` with a one-line reason when ``data`` is not an export.
    """
    if not isinstance(data, dict) or data.get("version") != EXPORT_VERSION:
        raise ValueError(f"not a reader notes export (version {EXPORT_VERSION} expected)")
    marks, items = data.get("bookmarks", []), data.get("notes", [])
    if not isinstance(marks, list) or not isinstance(items, list):
        raise ValueError("'bookmarks' and 'notes' must be lists")
    added = updated = 0
    with writing(conn):
        for mark in marks:
            _require(mark, ("article_id", "bookmarked_at"))
            key, at = mark["article_id"], mark["bookmarked_at"]
            sql = "SELECT created FROM bookmarks WHERE article_id = ?"
            before = conn.execute(sql, (key,)).fetchone()
            if before is None:
                conn.execute("INSERT INTO bookmarks (article_id, created) VALUES (?, ?)", (key, at))
                added += 1
            elif before[0] != at:
                conn.execute("UPDATE bookmarks SET created = ? WHERE article_id = ?", (at, key))
                updated += 1
        for item in items:
            _require(item, ("uid", "article_id", "text", "created", "edited"))
            before = conn.execute(
                "SELECT text, quote, quote_start, quote_end, detached, edited FROM notes "
                "WHERE uid = ?",
                (item["uid"],),
            ).fetchone()
            values = (
                item["article_id"],
                item["text"],
                item.get("quote"),
                item.get("quote_start"),
                item.get("quote_end"),
                int(bool(item.get("detached"))),
                item["created"],
                item["edited"],
            )
            if before is None:
                conn.execute(
                    "INSERT INTO notes (uid, article_id, text, quote, quote_start, quote_end,"
                    " detached, created, edited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (item["uid"], *values),
                )
                added += 1
            elif tuple(before) != (
                values[1],
                values[2],
                values[3],
                values[4],
                values[5],
                values[7],
            ):
                conn.execute(
                    "UPDATE notes SET article_id = ?, text = ?, quote = ?, quote_start = ?,"
                    " quote_end = ?, detached = ?, created = ?, edited = ?, deleted = NULL"
                    " WHERE uid = ?",
                    (*values, item["uid"]),
                )
                updated += 1
    return added, updated


def _require(item: object, keys: tuple[str, ...]) -> None:
    if not isinstance(item, dict) or any(k not in item for k in keys):
        raise ValueError(f"an entry lacks one of {', '.join(keys)}: {str(item)[:80]}")
