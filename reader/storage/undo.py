"""Undo of the user's changes: each records how to put back every row it changed.

While a change is made (:func:`recording`), temporary triggers on the tables in
:data:`TABLES` write, for each row it inserts, updates or deletes, the statement
that puts the row back as it was, into ``temp.undo_log`` (this connection's only).
:func:`replay` runs a change's statements newest first, in one transaction: the
user's rows and the rows that follow from them (a merge's moved mentions, the
counts) are as they were before the change, ids included.

A table joins undo by being named in :data:`TABLES`.
The triggers live only while a change is recorded, so imports and other writes
cost nothing more.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from reader.errors import CannotUndo
from reader.storage.connection import writing
from reader.storage.copy_data import fold_strays
from reader.types import UndoStep

#: The tables whose rows a change can put back: the user's data and what follows from it.
TABLES = (
    "bookmarks",
    "reads",
    "notes",
    "person_aliases",
    "person_overrides",
    "people",
    "article_people",
)


def _columns(conn: sqlite3.Connection, table: str) -> tuple[list[str], list[str]]:
    """The columns of ``table``, and those of its primary key."""
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    key = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
    return [row[1] for row in info], key


def _values(row: str, columns: list[str]) -> str:
    """SQL that makes the text of the columns' values in ``row`` ("old" or "new")."""
    return " || ', ' || ".join(f"quote({row}.{c})" for c in columns)


def _where(row: str, key: list[str]) -> str:
    return " || ' AND ' || ".join(f"'{c} = ' || quote({row}.{c})" for c in key)


def _triggers(conn: sqlite3.Connection, step: int) -> list[str]:
    made = []
    for table in TABLES:
        columns, key = _columns(conn, table)
        log = f"INSERT INTO undo_log (step, sql) VALUES ({step:d}, "
        names = ", ".join(columns)
        sets = " || ', ' || ".join(f"'{c} = ' || quote(old.{c})" for c in columns)
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
        made += [
            f"CREATE TEMP TRIGGER undo_{table}_insert AFTER INSERT ON main.{table} BEGIN "
            f"{log}'DELETE FROM {table} WHERE ' || {_where('new', key)}); END",
            f"CREATE TEMP TRIGGER undo_{table}_delete AFTER DELETE ON main.{table} BEGIN "
            f"{log}'INSERT INTO {table} ({names}) VALUES (' || {_values('old', columns)} || ')');"
            " END",
            f"CREATE TEMP TRIGGER undo_{table}_update AFTER UPDATE ON main.{table} "
            f"WHEN {changed} BEGIN "
            f"{log}'UPDATE {table} SET ' || {sets} || ' WHERE ' || {_where('new', key)}); END",
        ]
    return made


@contextmanager
def recording(conn: sqlite3.Connection, step: int) -> Iterator[None]:
    """Record, as ``step``, how to undo what is written on ``conn`` in the block."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS undo_log (step INTEGER NOT NULL, sql TEXT)")
    # A row that INSERT OR REPLACE deletes fires its delete trigger only with this on.
    recursive = conn.execute("PRAGMA recursive_triggers").fetchone()[0]
    conn.execute("PRAGMA recursive_triggers = ON")
    triggers = _triggers(conn, step)
    try:
        for sql in triggers:
            conn.execute(sql)
        yield
    finally:
        for table in TABLES:
            for op in ("insert", "delete", "update"):
                conn.execute(f"DROP TRIGGER IF EXISTS temp.undo_{table}_{op}")
        conn.execute(f"PRAGMA recursive_triggers = {int(recursive)}")


def recorded(conn: sqlite3.Connection, step: int) -> bool:
    """Whether ``step`` changed anything."""
    sql = "SELECT 1 FROM temp.undo_log WHERE step = ? LIMIT 1"
    return conn.execute(sql, (step,)).fetchone() is not None


def replay(conn: sqlite3.Connection, step: UndoStep) -> None:
    """Put back every row ``step`` changed, newest change first, all or nothing."""
    sql = "SELECT sql FROM temp.undo_log WHERE step = ? ORDER BY rowid DESC"
    statements = [row[0] for row in conn.execute(sql, (step.id,))]
    try:
        with writing(conn):
            for statement in statements:
                conn.execute(statement)
            fold_strays(conn)  # a row put back under an id found to be a copy's since
            conn.execute("DELETE FROM temp.undo_log WHERE step = ?", (step.id,))
    except sqlite3.IntegrityError as exc:
        raise CannotUndo(f"cannot undo “{step.description}”: changed since ({exc})") from None


def forget(conn: sqlite3.Connection, step: int) -> None:
    conn.execute("DELETE FROM temp.undo_log WHERE step = ?", (step,))
