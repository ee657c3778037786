"""The current schema, written out whole (``reader.storage.schema.SCHEMA``), and the
numbered migrations that bring an older database up to it give the same database: the
same tables and columns, indexes, triggers and full-text indexes."""

from __future__ import annotations

import re
import sqlite3

import pytest
from sqlite_utils import Database

from reader.storage.migrations import MIGRATIONS
from reader.storage.schema import migrate
from reader.storage.version import SCHEMA_VERSION


def _sql(text: str) -> str:
    """SQL text without its comments, quotes around names, case and layout."""
    text = re.sub(r"--[^\n]*", "", text)
    text = re.sub(r"[\"\[\]]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ?([(),=;]) ?", r"\1", text).lower()


def shape(conn: sqlite3.Connection) -> dict[tuple[str, str], object]:
    """What a database's schema is, object by object, whatever text made it."""
    found: dict[tuple[str, str], object] = {}
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in rows:
        if kind == "table" and not (sql or "").upper().startswith("CREATE VIRTUAL"):
            found[kind, name] = (
                conn.execute(f"PRAGMA table_xinfo('{name}')").fetchall(),
                conn.execute(f"PRAGMA foreign_key_list('{name}')").fetchall(),
                _sql(sql).endswith("without rowid"),
            )
        elif kind == "index":
            listed = {row[1]: row[2:] for row in conn.execute(f"PRAGMA index_list('{table}')")}
            where = re.split(r"\bwhere\b", _sql(sql), maxsplit=1)[1:] if sql else []
            columns = conn.execute(f"PRAGMA index_xinfo('{name}')").fetchall()
            found[kind, name] = (table, listed[name], columns, where)
        else:  # a trigger, a view or a virtual table: its text
            found[kind, name] = (table, _sql(sql))
    return found


def database(version: int | None = None) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    assert migrate(Database(conn), version) == (version or SCHEMA_VERSION)
    return conn


def test_a_new_database_has_the_schema_that_every_migration_gives_an_old_one() -> None:
    new, migrated = database(), database(SCHEMA_VERSION)
    assert shape(new) == shape(migrated)
    # The comparison sees a difference of one migration (0012 adds a column to an index).
    assert shape(database(SCHEMA_VERSION - 1)) != shape(new)


def test_a_new_database_counts_every_migration_as_applied() -> None:
    conn = database()
    db = Database(conn)
    assert [m.name for m in MIGRATIONS.applied(db)] == [m.name for m in MIGRATIONS._migrations]
    assert MIGRATIONS.pending(db) == []
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_new_database_is_made_whole_or_not_at_all(monkeypatch) -> None:
    from reader.storage import schema

    monkeypatch.setattr(schema, "SCHEMA", schema.SCHEMA + "CREATE TABLE articles (x);\n")
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        migrate(Database(conn))
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
