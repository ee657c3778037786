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
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any, NamedTuple

from reader.clean import clean_path
from reader.errors import NoteNotFound, NoteRefused, StoreError
from reader.models import Bookmark, Draft, Note

EXPORT_VERSION = 1

# Limits on what a note may hold and how many there may be, so that no note or pile of
# notes freezes the app (a 10 MB note took a minute to show). Every way a note gets in
# (the editor, `note add`, `import-notes`) goes through them.
MAX_NOTE_CHARS = 1024 * 1024  # a megabyte of plain text
MAX_QUOTE_CHARS = 100_000  # a long article's worth of words
MAX_NOTES_PER_ARTICLE = 1_000
MAX_NOTES = 100_000

_NOTE_COLUMNS = (
    "notes.id, notes.uid, notes.article_id, articles.title, notes.text, notes.quote, "
    "notes.quote_start, notes.quote_end, notes.detached, notes.created, notes.edited"
)
_NOTE_FROM = "notes LEFT JOIN articles ON articles.id = notes.article_id"
_REANCHOR_SQL = "UPDATE notes SET detached = 0, quote_start = ?, quote_end = ? WHERE id = ?"


def check_note(text: str, quote: str | None = None) -> None:
    """Raise :class:`NoteRefused` naming the limit when a note's text or quote is too long."""
    if len(text) > MAX_NOTE_CHARS:
        raise NoteRefused(
            f"a note may hold at most {MAX_NOTE_CHARS:,} characters; this one has"
            f" {len(text):,}; nothing was saved"
        )
    if quote is not None and len(quote) > MAX_QUOTE_CHARS:
        raise NoteRefused(
            f"a note's quoted passage may hold at most {MAX_QUOTE_CHARS:,} characters; this one"
            f" has {len(quote):,}; nothing was saved"
        )


def too_many_notes(conn: sqlite3.Connection, article_ids: Iterable[str]) -> str | None:
    """Why the notes now written pass a count limit, or None: run inside the write, so
    that the caller's rollback keeps nothing of it."""
    total = conn.execute("SELECT count(*) FROM notes WHERE deleted IS NULL").fetchone()[0]
    if total > MAX_NOTES:
        return f"this would make {total:,} notes; the reader keeps at most {MAX_NOTES:,} in all"
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        row = conn.execute(
            "SELECT article_id, count(*) AS n FROM notes WHERE deleted IS NULL AND article_id IN"
            f" ({','.join('?' * len(chunk))}) GROUP BY article_id ORDER BY n DESC LIMIT 1",
            chunk,
        ).fetchone()
        if row is not None and row[1] > MAX_NOTES_PER_ARTICLE:
            return (
                f"article {row[0]} would have {row[1]:,} notes; an article may have at most"
                f" {MAX_NOTES_PER_ARTICLE:,}"
            )
    return None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that holds the lock from its start, all or nothing.

    A connection with a ``before_write`` check (the store's: is its file still the one
    at its path?) runs it first, inside the transaction, before anything is written.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(write_refused(conn, exc)) from None
    try:
        check = getattr(conn, "before_write", None)
        if check is not None:
            check()
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
            raise StoreError(
                f"{_where(conn)}: the disk is full, so this change was not saved "
                "(free some space, then try again)"
            ) from None
        raise


def _where(conn: sqlite3.Connection) -> str:
    """The database file of ``conn``, for a message."""
    try:
        return clean_path(conn.execute("PRAGMA database_list").fetchone()[2]) or "the database"
    except sqlite3.Error:
        return "the database"


def write_refused(conn: sqlite3.Connection, exc: sqlite3.Error) -> str:
    """One line for a write that could not start, naming the database file."""
    where = _where(conn)
    try:
        waited = conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
    except sqlite3.Error:
        waited = 0
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


# Whitespace runs that change length when folded to one space; a lone space, tab or
# newline keeps its length, so only these move offsets.
_LONG_SPACE = re.compile(r"\s{2,}")
_SPACE = re.compile(r"\s+")


def locate(body: str, quote: str, near: int = 0) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``body``: exactly, else ignoring differences in spacing;
    of several places, the one nearest ``near`` (a note's old place).

    Linear in the article and the quote: one folding of the spacing of each, and
    ``str.find`` (two-way search for long quotes) rather than a regex tried at every place.
    """
    if not quote.strip():
        return None
    at = _nearest(body, quote, near)
    if at is not None:
        return at, at + len(quote)
    folded = _SPACE.sub(" ", quote).strip(" ")
    runs = [(m.start(), len(m.group())) for m in _LONG_SPACE.finditer(body)]
    # runs[i] is the i-th long run; shifts[i] the characters folding removes before its end.
    shifts = list(accumulate(n - 1 for _, n in runs))
    starts = [start - (shifts[i - 1] if i else 0) for i, (start, _) in enumerate(runs)]
    near_folded = near - _removed_before(near, [s for s, _ in runs], shifts)
    at = _nearest(_SPACE.sub(" ", body), folded, near_folded)
    if at is None:
        return None
    last = at + len(folded) - 1  # the quote's first and last characters are not spaces
    start = at + _removed_before(at, starts, shifts)
    return start, last + 1 + _removed_before(last, starts, shifts)


def _removed_before(at: int, starts: list[int], shifts: list[int]) -> int:
    """Characters that folding removes before offset ``at``, given each long run's start."""
    i = bisect_right(starts, at)
    return shifts[i - 1] if i else 0


def _nearest(text: str, part: str, near: int) -> int | None:
    """The start of the occurrence of ``part`` in ``text`` nearest ``near``.

    Two forward searches: ``str.rfind`` is not linear for every long needle, so the
    one before ``near`` is looked for in the reversed text.
    """
    near = min(max(near, 0), len(text))
    after = text.find(part, near)
    flipped = text[::-1].find(part[::-1], max(len(text) - near - len(part) + 1, 0))
    before = len(text) - flipped - len(part) if flipped >= 0 else -1
    if before < 0 or before >= near:
        return after if after >= 0 else None
    if after < 0 or near - before <= after - near:
        return before
    return after


def add_note(
    conn: sqlite3.Connection,
    article_id: str,
    text: str,
    *,
    quote: str | None = None,
    quote_start: int | None = None,
    quote_end: int | None = None,
) -> int:
    """Add a note; a quote without a position is looked for in the article's body.

    Raises :class:`NoteRefused` when the note, or one more note, passes a limit.
    """
    check_note(text, quote)
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
        if (why := too_many_notes(conn, [article_id])) is not None:
            raise NoteRefused(f"{why}; nothing was saved")
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
    check_note(text)
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
            where = locate(body, quote, place[0] or 0)
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


def draft(conn: sqlite3.Connection, key: str) -> Draft | None:
    sql = (
        "SELECT key, article_id, note_id, text, quote, quote_start, quote_end, updated "
        "FROM drafts WHERE key = ?"
    )
    row = conn.execute(sql, (key,)).fetchone()
    return Draft(*row) if row else None


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


class Imported(NamedTuple):
    """What an import did: notes and bookmarks added and updated, and how many of the
    file's entries are on articles this database does not hold (yet)."""

    added: int
    updated: int
    elsewhere: int


def import_data(conn: sqlite3.Connection, data: object) -> Imported:
    """Merge exported bookmarks and notes (notes matched by ``uid``).

    The whole of ``data`` is checked first (see :func:`reader.store.export.parse_export`);
    ``ValueError`` with a one-line reason naming the entry and field, or the limit passed,
    and nothing is written. A note or bookmark on an article that is not in the database
    is kept: nothing ties a note to its article's row, and it shows once that article is
    imported (an id comes from the file's path, so the same file gives the same id).
    """
    from reader.store.export import parse_export  # it reads this module's limits

    export = parse_export(data)
    added = updated = 0
    with writing(conn):
        for mark in export.bookmarks:
            key, at = mark.article_id, mark.bookmarked_at
            sql = "SELECT created FROM bookmarks WHERE article_id = ?"
            before = conn.execute(sql, (key,)).fetchone()
            if before is None:
                conn.execute("INSERT INTO bookmarks (article_id, created) VALUES (?, ?)", (key, at))
                added += 1
            elif before[0] != at:
                conn.execute("UPDATE bookmarks SET created = ? WHERE article_id = ?", (at, key))
                updated += 1
        for item in export.notes:
            before = conn.execute(
                "SELECT text, quote, quote_start, quote_end, detached, edited FROM notes "
                "WHERE uid = ?",
                (item.uid,),
            ).fetchone()
            values = (
                item.article_id,
                item.text,
                item.quote,
                item.quote_start,
                item.quote_end,
                int(item.detached),
                item.created,
                item.edited,
            )
            if before is None:
                conn.execute(
                    "INSERT INTO notes (uid, article_id, text, quote, quote_start, quote_end,"
                    " detached, created, edited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (item.uid, *values),
                )
                added += 1
            elif tuple(before) != values[1:6] + values[7:]:
                conn.execute(
                    "UPDATE notes SET article_id = ?, text = ?, quote = ?, quote_start = ?,"
                    " quote_end = ?, detached = ?, created = ?, edited = ?, deleted = NULL"
                    " WHERE uid = ?",
                    (*values, item.uid),
                )
                updated += 1
        if (why := too_many_notes(conn, (n.article_id for n in export.notes))) is not None:
            raise ValueError(f"{why}; nothing was imported")
        ids = {m.article_id for m in export.bookmarks} | {n.article_id for n in export.notes}
        known = _known_articles(conn, ids)
    elsewhere = sum(m.article_id not in known for m in export.bookmarks) + sum(
        n.article_id not in known for n in export.notes
    )
    return Imported(added, updated, elsewhere)


def _known_articles(conn: sqlite3.Connection, ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    ids = sorted(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
        found.update(row[0] for row in conn.execute(sql, chunk))
    return found
