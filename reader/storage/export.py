"""Bookmarks, notes and read state written out and read back.

Out: one Markdown document, ready to paste into a notes app (:func:`to_markdown`), or
the JSON export (:func:`export_data`). Back in: an export file, read and checked whole
by :mod:`reader.storage.export_file` before :func:`import_data` writes anything.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from reader.dates import day_month_year
from reader.storage.bookmarks import bookmark_rows
from reader.storage.connection import writing
from reader.storage.copy_data import fold_strays
from reader.storage.export_file import EXPORT_VERSION, parse_export
from reader.storage.notes import notes, too_many_notes
from reader.storage.reading import read_rows, set_read
from reader.storage.rows import article_of
from reader.types import ArticleSummary, Note


def _quote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines() or [""])


def to_markdown(
    articles: Iterable[ArticleSummary], notes: Iterable[Note], bookmarked: set[str]
) -> str:
    """Per article (in list order): title, date and author, then each quote and its note."""
    by_article: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        by_article[note.article_id].append(note)
    parts = ["# Bookmarks and notes", ""]
    for article in articles:
        parts.append(f"## {article.title}")
        parts.append("")
        meta = [day_month_year(article.date), article.author or ""]
        if article.id in bookmarked:
            meta.append("bookmarked")
        line = " · ".join(m for m in meta if m)
        if line:
            parts.extend([f"*{line}*", ""])
        for note in by_article.get(article.id, []):
            if note.quote:
                parts.append(_quote(note.quote))
                if note.detached:
                    parts.extend([">", "> *(this passage is no longer in the article)*"])
                parts.append("")
            parts.extend([note.text.rstrip(), ""])
    return "\n".join(parts).rstrip() + "\n"


# -- the notes JSON file, written and merged ---------------------------------------------


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
        "read": [
            {"article_id": aid, "path": paths.get(aid), "read_at": at}
            for aid, at in read_rows(conn)
        ],
    }


class Imported(NamedTuple):
    """What an import did: notes and bookmarks added and updated, and how many of the
    file's entries are on articles this database does not hold (yet)."""

    added: int
    updated: int
    elsewhere: int
    #: Articles marked read by the import (read state only ever adds: an article read
    #: in either place is read).
    read: int = 0


def import_data(conn: sqlite3.Connection, data: object) -> Imported:
    """Merge exported bookmarks and notes (notes matched by ``uid``).

    The whole of ``data`` is checked first (see :func:`parse_export`);
    ``ValueError`` with a one-line reason naming the entry and field, or the limit passed,
    and nothing is written. A note or bookmark on an article that is not in the database
    is kept: nothing ties a note to its article's row, and it shows once that article is
    imported (an id comes from the file's path, so the same file gives the same id).
    """
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
        read = set_read(conn, [r.article_id for r in export.reads], True)
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
        fold_strays(conn)  # what came under a copy's id goes to its article
        ids = {m.article_id for m in export.bookmarks} | {n.article_id for n in export.notes}
        known = _known_articles(conn, ids)
    elsewhere = sum(m.article_id not in known for m in export.bookmarks) + sum(
        n.article_id not in known for n in export.notes
    )
    return Imported(added, updated, elsewhere, read)


def _known_articles(conn: sqlite3.Connection, ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    ids = sorted(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (  # a copy's id names its article
            "SELECT value FROM json_each(?) WHERE "
            f"EXISTS (SELECT 1 FROM articles WHERE id = {article_of('value')})"
        )
        found.update(row[0] for row in conn.execute(sql, (json.dumps(chunk),)))
    return found
