"""SQL for the user's notes: their limits, where each quoted passage stands in its
article (found again when the article changes), and their deletion, kept undoable
until purged. Keyed by the stable article id, so they survive every re-import."""

from __future__ import annotations

import re
import sqlite3
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Any

from reader.dates import now
from reader.errors import NoteNotFound, NoteRefused
from reader.storage.connection import writing
from reader.storage.copy_data import own_id
from reader.storage.rows import article_of
from reader.types import Note

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


def _note(row: tuple[Any, ...]) -> Note:
    values = list(row)
    values[8] = bool(values[8])
    return Note(*values)


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
    article_id = own_id(conn, article_id)
    detached = 0
    if quote:
        if quote_start is None or quote_end is None:
            body = _body(conn, article_id)
            where = locate(body, quote) if body is not None else None
            quote_start, quote_end = where if where else (None, None)
        detached = 0 if quote_start is not None else 1
    else:
        quote = quote_start = quote_end = None
    import uuid  # not at import: with platform, 2.4 ms of every command's start

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
    where, values = "deleted IS NOT NULL", list[object]()
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
    """An article's notes in the order they were written (a copy's id: its article's),
    or every note newest first."""
    if article_id is not None:
        sql = (
            f"SELECT {_NOTE_COLUMNS} FROM {_NOTE_FROM} WHERE notes.article_id = "
            f"{article_of('?1')} "
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
