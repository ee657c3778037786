"""SQL for the user's edits of people: rename, hide, merge, alias and split. Each is
stored by name key (``person_overrides``, ``person_aliases``), so every later import
applies it again, and rewrites the rows it changes at once: a merge moves rows in SQL,
a new text alias re-reads the articles whose index holds its words, a split re-reads
the target's articles."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from reader.dates import now
from reader.errors import AmbiguousPerson, PersonEditError, PersonNotFound, ReaderError
from reader.people.mentions import find_mentions
from reader.storage.connection import writing
from reader.storage.people_read import (
    NAMED,
    PERSON_COLUMNS,
    candidates,
    clean_name,
    find_person,
    name_key,
    person_by_id,
    persons,
    quoted,
)
from reader.storage.people_write import PeopleWriter, move_rows, recount, scanner
from reader.types import AddAlias, Hide, Merge, Person, PersonEdit, Rename, SplitAlias

#: Articles re-read per query when an edit re-reads articles.
RECOUNT_CHUNK = 500


def _row(conn: sqlite3.Connection, key: str) -> tuple[Any, ...] | None:
    return conn.execute(f"SELECT {PERSON_COLUMNS} FROM people WHERE key = ?", (key,)).fetchone()


def _others_named(conn: sqlite3.Connection, key: str, person_key: str) -> list[str]:
    """Names of people other than ``person_key`` that ``key`` already stands for."""
    return [r[2] for r in candidates(conn, key) if r[1] != person_key]


def _given(text: str, what: str) -> tuple[str, str]:
    """A name the user gave, cleaned, and its key; :class:`PersonEditError` if it is empty."""
    name = clean_name(text)
    key = name_key(name)
    if not key:
        raise PersonEditError(f"{what} is empty")
    return name, key


def rename(conn: sqlite3.Connection, old: str, new: str) -> Person:
    person = find_person(conn, old)
    name, key = _given(new, "the new name")
    clash = _others_named(conn, key, person.key)
    if clash:
        raise PersonEditError(
            f"{name!r} is already {clash[0]!r}; to make them one person: "
            f"reader people merge {quoted(person.name)} {quoted(clash[0])}"
        )
    with writing(conn):
        conn.execute(
            "INSERT INTO person_overrides (key, name, name_key, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET name = excluded.name, name_key = excluded.name_key,"
            " updated = excluded.updated",
            (person.key, name, key, now()),
        )
        conn.execute("UPDATE people SET name = ? WHERE key = ?", (name, person.key))
    return find_person(conn, person.key)


def set_hidden(conn: sqlite3.Connection, name: str, hidden: bool) -> Person:
    person = find_person(conn, name)
    with writing(conn):
        conn.execute(
            "INSERT INTO person_overrides (key, hidden, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET hidden = excluded.hidden, updated = excluded.updated",
            (person.key, int(hidden), now()),
        )
        conn.execute("UPDATE people SET hidden = ? WHERE key = ?", (int(hidden), person.key))
    return find_person(conn, person.key)


def _move_rows(conn: sqlite3.Connection, source: Person, target: Person) -> None:
    """Make ``source`` part of ``target``: its key and aliases mean ``target`` from now on,
    and its rows are added to ``target``'s (in the caller's transaction)."""
    conn.execute(
        "UPDATE person_aliases SET target_key = ? WHERE target_key = ?", (target.key, source.key)
    )
    move_rows(conn, source.id, target.id)
    recount(conn, [target.id])


def merge(conn: sqlite3.Connection, source_name: str, target_name: str) -> Person:
    """Make ``source`` one person with ``target`` (``target`` keeps its name)."""
    source = find_person(conn, source_name)
    target = find_person(conn, target_name)
    if source.id == target.id:
        raise PersonEditError(f"{source_name!r} and {target_name!r} are already one person")
    with writing(conn):
        conn.execute(
            "INSERT INTO person_aliases (alias_key, target_key, alias, scan, created) "
            "VALUES (?, ?, ?, 0, ?)",
            (source.key, target.key, source.name, now()),
        )
        _move_rows(conn, source, target)
    return find_person(conn, target.key)


def add_alias(conn: sqlite3.Connection, person_name: str, alias: str) -> Person:
    """``alias`` means ``person`` from now on, also where the finder does not see a name."""
    target = find_person(conn, person_name)
    text, key = _given(alias, "the alias")
    if key == target.key:
        raise PersonEditError(f"{text!r} is already {target.name!r}'s own name")
    row = conn.execute(
        "SELECT target_key FROM person_aliases WHERE alias_key = ?", (key,)
    ).fetchone()
    if row is not None and row[0] != target.key:
        owner = _row(conn, row[0])
        raise PersonEditError(
            f"{text!r} is already an alias of {owner[2] if owner else row[0]!r} "
            f"(reader people split {quoted(text)} first)"
        )
    other = _row(conn, key)
    with writing(conn):
        conn.execute(
            "INSERT INTO person_aliases (alias_key, target_key, alias, scan, created) "
            "VALUES (?, ?, ?, 1, ?) ON CONFLICT(alias_key) DO UPDATE SET scan = 1, "
            "alias = excluded.alias",
            (key, target.key, text, now()),
        )
        if other is not None:
            _move_rows(conn, persons(conn, [other])[0], target)
        reread(conn, _nums_with_words(conn, text))
    return find_person(conn, target.key)


def split_alias(conn: sqlite3.Connection, alias: str) -> Person:
    """Undo an alias or a merge: ``alias`` is its own person again (where it is found).

    Returns the person it was an alias of.
    """
    text = clean_name(alias)
    key = name_key(text)
    found = conn.execute(
        f"{NAMED}SELECT alias_key, target_key FROM person_aliases "
        "WHERE alias_key IN (SELECT key FROM named)",
        (key,),
    ).fetchall()
    if not found:
        if key and candidates(conn, text):
            raise PersonEditError(f"{text!r} is a person's own name, not an alias")
        raise PersonNotFound(f"no alias {text!r}")
    if len(found) > 1:
        raise AmbiguousPerson(f"{text!r} names more than one alias")
    ((key, target_key),) = found
    with writing(conn):
        conn.execute("DELETE FROM person_aliases WHERE alias_key = ?", (key,))
        target = _row(conn, target_key)
        if target is not None:
            nums = [
                n
                for (n,) in conn.execute(
                    "SELECT article_num FROM article_people WHERE person_id = ?", (target[0],)
                )
            ]
            reread(conn, nums)
    return find_person(conn, target_key)


def _nums_with_words(conn: sqlite3.Connection, text: str) -> list[int]:
    """Articles whose index holds the words of ``text`` side by side (any case)."""
    phrase = '"' + text.replace("\x00", "").replace('"', '""') + '"'
    try:
        rows = conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (phrase,)
        ).fetchall()
    except sqlite3.OperationalError:  # no words the index keeps (punctuation only)
        return []
    return [n for (n,) in rows]


def reread(conn: sqlite3.Connection, nums: Sequence[int]) -> None:
    """Find the people of these stored articles again (in the caller's transaction)."""
    if not nums:
        return
    writer = PeopleWriter()
    scan = scanner(conn)
    ordered = sorted(set(nums))
    for start in range(0, len(ordered), RECOUNT_CHUNK):
        chunk = ordered[start : start + RECOUNT_CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT num, date, title, dek, body FROM articles WHERE num IN ({marks})", chunk
        ).fetchall()
        writer.write(
            conn,
            [
                (num, date, find_mentions(body, title, dek, scan))
                for num, date, title, dek, body in rows
            ],
        )
    writer.finish(conn)


def apply(conn: sqlite3.Connection, edit: PersonEdit) -> tuple[Person, str]:
    """Make one edit; the person it leaves, and a sentence saying what was done."""
    match edit:
        case Rename(person, name):
            result = rename(conn, person.key, name)
            return result, f"Renamed {person.name} to {result.name}."
        case Merge(person, into):
            result = merge(conn, person.key, into.key)
            return result, f"Merged {person.name} into {result.name}."
        case AddAlias(person, alias):
            result = add_alias(conn, person.key, alias)
            return result, f"{alias} now means {result.name}."
        case SplitAlias(alias):
            result = split_alias(conn, alias)
            return result, f"Split {alias} off {result.name}."
        case Hide(person, hidden):
            result = set_hidden(conn, person.key, hidden)
            return result, f"Hidden: {person.name}." if hidden else f"Shown again: {person.name}."
    raise ValueError(f"no such edit: {edit!r}")


def filterable(conn: sqlite3.Connection, person: Person) -> Person | None:
    """``person`` as they are after an edit: renamed, or the one they are now part of
    (merged, or made an alias); None when hidden or gone."""
    try:
        now = person_by_id(conn, person.id)
    except ReaderError:
        try:
            now = find_person(conn, person.key)  # their name is another's alias now
        except ReaderError:
            return None
    return None if now.hidden else now
