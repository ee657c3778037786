"""Bookmarks and notes written out and read back.

Out: one Markdown document, ready to paste into a notes app. Back in: an export file
(``export --format json``) is untrusted, so :func:`read_export` reads it with bounds
(size, nesting, digits) and :func:`parse_export` checks every entry against a small
typed schema before anything is written; each refusal is a ``ValueError`` of one line
naming the entry and the field, with the value escaped as :func:`clean_path` does.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from reader.clean import clean_path
from reader.dates import day_month_year
from reader.storage.bookmarks import bookmark_rows
from reader.storage.connection import writing
from reader.storage.copy_data import fold_strays
from reader.storage.notes import MAX_NOTE_CHARS, MAX_NOTES, MAX_QUOTE_CHARS, notes, too_many_notes
from reader.storage.reading import read_rows, set_read
from reader.storage.rows import article_of
from reader.types import ArticleSummary, Note

EXPORT_VERSION = 1


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


# -- reading an export back ------------------------------------------------------------

MAX_EXPORT_BYTES = 64 * 1024 * 1024
MAX_OFFSET = 2**31 - 1  # past any article, and within SQLite's integers
MAX_UID_CHARS = 200
MAX_DATE_CHARS = 64
_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")  # what reader.ingest.article_id makes
_SHOWN_CHARS = 60  # of a value quoted in an error


class _Digits(str):
    """A JSON integer too long to be any field's value; kept as its digits, never converted
    (Python refuses to convert more than 4,300 digits)."""


def _integer(digits: str) -> int | _Digits:
    return int(digits) if len(digits) <= 20 else _Digits(digits)


def _constant(name: str) -> _Digits:
    return _Digits(name)  # NaN, Infinity: no field's value either


def read_export(path: str | os.PathLike[str]) -> Any:
    """The JSON value in the file at ``path``; ``ValueError`` of one line if there is none.

    A UTF-8 byte-order mark (Notepad writes one) is allowed. The file is opened without
    waiting (a named pipe is refused, not waited for) and read up to
    :data:`MAX_EXPORT_BYTES`.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise ValueError(f"cannot read a notes export ({exc.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ValueError("cannot read a notes export (it is a folder, not a file)")
        if not stat.S_ISREG(mode):
            raise ValueError("cannot read a notes export (it is not a regular file)")
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_EXPORT_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot read a notes export ({exc.strerror})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_EXPORT_BYTES:
        limit = MAX_EXPORT_BYTES // (1024 * 1024)
        raise ValueError(f"a notes export may be at most {limit} MB; this file is larger")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not a notes export: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset"
            f" {exc.start:,})"
        ) from None
    if not text.strip():
        raise ValueError("not a notes export: the file is empty")
    try:
        return json.loads(text, parse_int=_integer, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"cannot read a notes export (not JSON: {exc.msg} at line {exc.lineno}"
            f" column {exc.colno})"
        ) from None
    except RecursionError:
        raise ValueError("not a notes export: its lists or objects are nested too deeply") from None


@dataclass(frozen=True)
class NoteEntry:
    uid: str
    article_id: str
    text: str
    quote: str | None
    quote_start: int | None
    quote_end: int | None
    detached: bool
    created: str
    edited: str


@dataclass(frozen=True)
class BookmarkEntry:
    article_id: str
    bookmarked_at: str


@dataclass(frozen=True)
class ReadEntry:
    article_id: str
    read_at: str


@dataclass(frozen=True)
class Export:
    bookmarks: list[BookmarkEntry]
    notes: list[NoteEntry]
    #: Articles read (an export from before read state has none).
    reads: list[ReadEntry]


def shown(value: object) -> str:
    """``value`` as an error may show it: short, one line, every control escaped."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _Digits):
        return value if not value[-1:].isdigit() else f"a number of {len(value):,} digits"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return f"a list of {len(value):,}"
    if isinstance(value, dict):
        return "an object"
    text = str(value)
    cut = text[:_SHOWN_CHARS]
    cut = clean_path(cut)
    return f'"{cut}…"' if len(text) > _SHOWN_CHARS else f'"{cut}"'


class _Entry:
    """One entry of ``bookmarks`` or ``notes`` being checked, for its error messages."""

    def __init__(self, kind: str, index: int, item: object) -> None:
        self.where = f"{kind} entry {index + 1}"
        if not isinstance(item, dict):
            raise ValueError(f"{self.where} must be an object, not {shown(item)}")
        self.item: dict[str, Any] = item
        if _is_text(uid := item.get("uid")):
            self.where += f" (uid {shown(uid)})"

    def refuse(self, key: str, rule: str) -> ValueError:
        got = f"not {shown(self.item[key])}" if key in self.item else "missing"
        return ValueError(f"{self.where}: {key} must be {rule}, {got}")

    def field(
        self, key: str, check: Callable[[Any], bool], rule: str, *, optional: bool = False
    ) -> Any:
        value = self.item.get(key)
        if value is None and optional:
            return None
        if value is None or not check(value):
            raise self.refuse(key, rule)
        return value

    def text(self, key: str, most: int, *, optional: bool = False) -> str | None:
        return self.field(
            key,
            lambda v: _is_text(v) and len(v) <= most,
            f"text of at most {most:,} characters",
            optional=optional,
        )

    def date(self, key: str) -> str:
        return self.field(key, _is_date, "an ISO date and time (2022-01-25T10:00:00+00:00)")

    def article_id(self) -> str:
        return self.field(
            "article_id",
            lambda v: _is_text(v) and _ARTICLE_ID.fullmatch(v) is not None,
            "an article id (16 hex digits)",
        )

    def offset(self, key: str) -> int | None:
        return self.field(
            key,
            lambda v: type(v) is int and 0 <= v <= MAX_OFFSET,
            f"a whole number from 0 to {MAX_OFFSET:,} or null",
            optional=True,
        )


def _is_text(value: object) -> bool:
    """A JSON string that can be stored: not one holding a lone surrogate (``"\\ud800"``)."""
    if not isinstance(value, str) or isinstance(value, _Digits):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_date(value: object) -> bool:
    if not _is_text(value) or len(value) > MAX_DATE_CHARS:  # type: ignore[arg-type]
        return False
    try:
        datetime.fromisoformat(value)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


def _note_entry(entry: _Entry) -> NoteEntry:
    quote = entry.text("quote", MAX_QUOTE_CHARS, optional=True)
    start, end = entry.offset("quote_start"), entry.offset("quote_end")
    if (start is None) != (end is None):
        raise entry.refuse("quote_end" if end is None else "quote_start", "given with the other")
    if start is not None and end is not None:
        if quote is None:
            raise entry.refuse("quote", "the quoted text when quote_start is given")
        if start > end:
            raise entry.refuse("quote_end", f"at least quote_start ({start})")
    detached = entry.field(
        "detached", lambda v: isinstance(v, bool), "true or false", optional=True
    )
    return NoteEntry(
        uid=entry.field(
            "uid",
            lambda v: _is_text(v) and 0 < len(v) <= MAX_UID_CHARS,
            f"text of 1 to {MAX_UID_CHARS} characters",
        ),
        article_id=entry.article_id(),
        text=entry.text("text", MAX_NOTE_CHARS) or "",
        quote=quote,
        quote_start=start,
        quote_end=end,
        detached=bool(detached),
        created=entry.date("created"),
        edited=entry.date("edited"),
    )


def parse_export(data: object) -> Export:
    """``data`` (a file's JSON) as checked entries; ``ValueError`` naming the first bad one.

    The whole file is checked before the caller writes anything.
    """
    version = data.get("version") if isinstance(data, dict) else None
    if type(version) is not int or version != EXPORT_VERSION:
        got = f", not {shown(version)}" if isinstance(data, dict) and "version" in data else ""
        raise ValueError(f"not a reader notes export (version {EXPORT_VERSION} expected{got})")
    assert isinstance(data, dict)
    marks, items = data.get("bookmarks", []), data.get("notes", [])
    read = data.get("read", [])
    for key, value in (("bookmarks", marks), ("notes", items), ("read", read)):
        if not isinstance(value, list):
            raise ValueError(f"'{key}' must be a list, not {shown(value)}")
    if len(items) > MAX_NOTES:
        raise ValueError(
            f"the file holds {len(items):,} notes; the reader keeps at most {MAX_NOTES:,}"
        )
    bookmarks = []
    for index, item in enumerate(marks):
        entry = _Entry("bookmarks", index, item)
        bookmarks.append(BookmarkEntry(entry.article_id(), entry.date("bookmarked_at")))
    notes: list[NoteEntry] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        note = _note_entry(_Entry("notes", index, item))
        if note.uid in seen:
            raise ValueError(
                f"notes entry {index + 1} (uid {shown(note.uid)}): the same uid as entry"
                f" {seen[note.uid] + 1}"
            )
        seen[note.uid] = index
        notes.append(note)
    reads = []
    for index, item in enumerate(read):
        entry = _Entry("read", index, item)
        reads.append(ReadEntry(entry.article_id(), entry.date("read_at")))
    return Export(bookmarks, notes, reads)


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
