"""The database file itself: only a missing or empty file becomes a new database, a full
disk is not called an unusable database, and a file deleted while open takes no writes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import SEEDS, fill

from reader.cli import main
from reader.core import Store
from reader.errors import StoreError
from reader.ingest import import_paths


def test_a_one_byte_file_is_refused_and_left_as_it_was(tmp_path: Path, capsys) -> None:
    one = tmp_path / "f"
    one.write_bytes(b"x")
    assert main(["--db", str(one), "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reader: error: {one}: not a usable SQLite database")
    assert one.read_bytes() == b"x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with Store.open(empty) as store:
        assert store.count() == 0 and not store.read_only


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused_before_sqlite_touches_it(device: str, tmp_path: Path, capsys) -> None:
    journal = Path(device + "-journal")
    there_before = journal.exists()
    link = tmp_path / "link.db"
    link.symlink_to(device)
    for db in (device, str(link)):
        assert main(["--db", db, "list"]) == 2
        err = capsys.readouterr().err
        assert (
            err
            == f"reader: error: {db}: not a regular file (a device or a pipe?), so not a database\n"
        )
    assert journal.exists() == there_before


def test_a_store_refuses_to_write_into_a_deleted_or_replaced_file(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        import_paths(store, [SEEDS])
        article = store.page(0, 1)[0].id
        store.add_note(article, "saved")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        with pytest.raises(StoreError, match=r"deleted or replaced .* nothing was saved"):
            store.add_note(article, "would be lost")
        with pytest.raises(StoreError, match="deleted or replaced"):
            store.set_bookmark(article)
        db.write_bytes(b"")  # another database now at that path
        replaced = re.escape(f"{db}: the database file was deleted or replaced")
        with pytest.raises(StoreError, match=replaced):
            store.set_setting("theme", "x")


def test_a_full_disk_does_not_call_a_healthy_database_unusable(tiny_disk: Path, capsys) -> None:
    db = tiny_disk / "news.db"
    with Store.open(db) as store:
        import_paths(store, [SEEDS])
        article = store.page(0, 1)[0].id
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["news.db"]  # no -shm left
    fill(tiny_disk)
    assert main(["--db", str(db), "list"]) == 0  # reading still works
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2 and err == ""
    assert main(["--db", str(db), "note", "add", article, "a note"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a usable" not in err
    assert f"{db} is read-only (the disk is full; free some space on it" in err


def test_a_write_on_a_full_disk_names_the_database(tiny_disk: Path) -> None:
    db = tiny_disk / "news.db"
    with Store.open(db) as store:
        import_paths(store, [SEEDS])
        article = store.page(0, 1)[0].id
        fill(tiny_disk)
        full = re.escape(f"{db}: the disk is full, so this change was not saved")
        with pytest.raises(StoreError, match=full):
            store.add_note(article, "x" * 1_000_000)  # more than any free page holds
        os.unlink(tiny_disk / "filler")
        store.add_note(article, "kept")
        assert [n.text for n in store.notes()] == ["kept"]


def test_the_stores_own_messages_show_a_hostile_path_escaped(tmp_path: Path) -> None:
    import sqlite3

    from hostile import DANGEROUS

    from reader.core import SCHEMA_VERSION

    folder = tmp_path / "\x1b]0;PWNED\x07\u202e"
    folder.mkdir()
    newer, older = folder / "newer.db", folder / "older.db"
    for db in (newer, older):
        Store.open(db).close()
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with sqlite3.connect(older) as conn:  # as a version 6 database: updated, with a notice
        conn.execute("DELETE FROM _sqlite_migrations WHERE name LIKE '0007%'")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    with pytest.raises(StoreError) as refused:
        Store.open(newer)
    with Store.open(older) as store:
        notice = store.backup_notice or ""
    for said in (str(refused.value), notice):
        assert said and not DANGEROUS & set(said), said
        assert "\\x1b]0;PWNED\\x07\\u202e" in said
