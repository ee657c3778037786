"""Bad databases get clear words: read-only, damaged, not SQLite, newer, older.

Read-only means the operating system refuses the write: ``chmod`` for a normal
user; for root, whom ``chmod`` does not stop, ``chattr +i`` as well.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import (
    SEED_000,
    SEEDS,
    TITLE_000,
    TITLE_003,
    article_row,
    insert_as_then,
    refresh_spelling,
    settle,
    write_articles,
)
from textual.worker import WorkerFailed

from reader.app import make_app
from reader.app.screens.note_editor import NoteEditor
from reader.app.widgets.article_list import ArticleList
from reader.cli import main
from reader.core import SCHEMA_VERSION, Store
from reader.errors import ReadOnlyDatabase, StoreError
from reader.ingest import import_paths

WIDE = (160, 48)
BACKUP_NAME = re.compile(r"news\.db\.v3-backup-\d{8}T\d{6}Z")


# -- helpers ---------------------------------------------------------------------------


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Take away the permission to write ``path`` (a file or a folder), then give it back."""
    mode = path.stat().st_mode & 0o777
    path.chmod(mode & ~0o222)
    frozen = False
    try:
        if os.geteuid() == 0:  # chmod does not stop root; the immutable flag does
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip(f"running as root and chattr +i failed: {done.stderr!r}")
            frozen = True
        yield
    finally:
        if frozen:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


def run_reader(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``reader --db DB ARGS`` in a child process (no terminal), as a user would run it."""
    env = {k: v for k, v in os.environ.items() if k != "READER_DB"}
    return subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=60,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("reader: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr
    assert result.stdout == ""


def user_data(store: Store) -> tuple:
    return ([(b.article_id,) for b in store.bookmarks()], [n.text for n in store.notes()])


@pytest.fixture
def archive(db_path: Path) -> Path:
    """A database with the two seed articles, a bookmark and a note, closed cleanly."""
    with Store.open(db_path) as store:
        import_paths(store, [SEEDS])
        first = store.page(0, 1)[0].id
        store.set_bookmark(first)
        store.add_note(first, "keep this")
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["news.db"]
    return db_path


# -- read-only ---------------------------------------------------------------------------


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_an_unwritable_database_opens_read_only_and_refuses_every_write(
    archive: Path, locked: str
) -> None:
    target = archive if locked == "file" else archive.parent
    with unwritable(target), Store.open(archive) as store:
        assert store.read_only
        assert locked in store.read_only_reason
        assert store.read_only_notice and str(archive) in store.read_only_notice
        before = store.export_notes()
        first = store.page(0, 2)[0]
        note = store.notes()[0]
        # reading and searching work
        assert store.count() == 2
        assert store.article(first.id).title == first.title
        assert {h.summary.title for h in store.search("kardashian")} == {TITLE_000, TITLE_003}
        assert store.people(limit=3)
        writes = [
            lambda: store.set_bookmark(first.id, False),
            lambda: store.add_note(first.id, "more"),
            lambda: store.edit_note(note.id, "changed"),
            lambda: store.delete_note(note.id),
            lambda: store.restore_note(note.id),
            lambda: store.purge_deleted_notes(),
            lambda: store.delete_draft("new:x"),
            lambda: store.import_notes(before),
            lambda: store.rename_person("Kim Kardashian", "Kim K"),
            lambda: store.hide_person("Kim Kardashian"),
            lambda: store.add_alias("Kim Kardashian", "KK"),
            lambda: store.set_setting("theme", "nord"),
            lambda: write_articles(store, [article_row("zz", "New")]),
            lambda: refresh_spelling(store),
        ]
        for write in writes:
            with pytest.raises(ReadOnlyDatabase) as refused:
                write()
            message = str(refused.value)
            assert "\n" not in message and str(archive) in message and "read-only" in message
        assert store.export_notes() == before
        assert store.get_setting("theme") is None
    # Nothing was left next to the file that would keep it read-only once writable again.
    assert sorted(p.name for p in archive.parent.iterdir()) == ["news.db"]
    with Store.open(archive) as store:
        assert not store.read_only
        store.set_setting("theme", "nord")
        assert store.get_setting("theme") == "nord"


def test_a_database_another_process_is_writing_is_not_read_only(archive: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "c.execute(\"INSERT INTO settings VALUES ('held', 'yes')\")\n"
            "print('holding', flush=True)\n"
            "sys.stdin.readline()\n"
            "c.execute('COMMIT')\n",
            str(archive),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        with Store.open(archive) as store:
            assert not store.read_only and store.read_only_notice is None
            assert store.count() == 2
            assert holder.stdin is not None
            holder.stdin.write("\n")
            holder.stdin.flush()
            store.set_setting("theme", "nord")  # waits for the other writer, then saves
            assert store.settings() == {"held": "yes", "theme": "nord"}
    finally:
        holder.kill()
        holder.wait()


def test_cli_write_commands_refuse_a_read_only_database_in_one_line(
    archive: Path, tmp_path: Path, capsys
) -> None:
    with Store.open(archive) as store:
        article_id = store.page(0, 1)[0].id
        note_id = store.notes()[0].id
        export = tmp_path / "notes.json"
        export.write_text(json.dumps(store.export_notes()), encoding="utf-8")
    incoming = tmp_path / "incoming"
    shutil.copytree(SEEDS, incoming)
    (incoming / SEED_000.name).write_text("A New Title\n\nNew body text.\n", encoding="utf-8")
    db = ["--db", str(archive)]
    refusal = f"{archive} is read-only (you may not write to the file); nothing was saved"
    writes = [
        ["bookmark", article_id],
        ["unbookmark", article_id],
        ["note", "add", article_id, "more"],
        ["note", "delete", str(note_id)],
        ["import-notes", str(export)],
        ["ingest", str(incoming)],
        ["people", "rename", "Kim Kardashian", "Kim K"],
        ["people", "merge", "Kanye West", "Kim Kardashian"],
        ["people", "alias", "Kim Kardashian", "KK"],
        ["people", "split", "Kim"],
        ["people", "hide", "Kim Kardashian"],
        ["people", "unhide", "Kim Kardashian"],
    ]
    with unwritable(archive):
        for command in writes:
            assert main([*db, *command]) == 2, command
            out, err = capsys.readouterr()
            assert out == ""
            assert err == f"reader: error: {refusal}\n"
        for command in (["list"], ["show", article_id], ["search", "kim"], ["notes"], ["people"]):
            assert main([*db, *command]) == 0, command
            out, err = capsys.readouterr()
            assert out and err == "", command
    with Store.open(archive) as store:
        assert store.is_bookmarked(article_id)
        assert [n.text for n in store.notes()] == ["keep this"]
        assert {s.title for s in store.page(0, 5)} == {TITLE_000, TITLE_003}
        assert store.person("Kim Kardashian").name == "Kim Kardashian"


@pytest.mark.slow
def test_cli_refusal_in_a_read_only_folder_is_one_line_without_traceback(archive: Path) -> None:
    with Store.open(archive) as store:
        article_id = store.page(0, 1)[0].id
    with unwritable(archive.parent):
        refused = run_reader(archive, "bookmark", article_id)
        listed = run_reader(archive, "list", "--json")
    assert_one_line_error(refused, str(archive), "read-only", "folder")
    assert listed.returncode == 0 and listed.stderr == ""
    assert len(json.loads(listed.stdout)) == 2


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def settle_after_refusals(pilot) -> None:
    """:func:`settle`, where a refused write is a failed job (which the app reports)."""
    for _ in range(5):
        try:
            await settle(pilot)
            return
        except WorkerFailed as failed:
            assert isinstance(failed.error, ReadOnlyDatabase), failed.error
    raise AssertionError("the app's jobs never settled")


async def test_the_app_on_a_read_only_database_reads_and_refuses_writes(archive: Path) -> None:
    with unwritable(archive), Store.open(archive) as store:
        before = store.export_notes()
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert app.screen.query_one("#read-only").render().plain == "read-only"
            assert store.read_only_notice in notifications(app)
            listing = app.screen.query_one(ArticleList)
            assert listing.total == 2
            # bookmarking: a notification, nothing saved, the app carries on
            await pilot.press("j", "b")
            await settle_after_refusals(pilot)
            refusal = f"{archive} is read-only (you may not write to the file); nothing was saved"
            assert refusal in notifications(app)
            assert not listing.current.bookmarked
            # a note: refused before anything is typed
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            assert not isinstance(app.screen, NoteEditor)
            # the theme changes for this session; saving it is refused with a notification
            count = notifications(app).count(refusal)
            app.theme = "nord" if app.theme != "nord" else "gruvbox"
            await settle_after_refusals(pilot)
            assert notifications(app).count(refusal) == count + 1
            # searching and moving about still work
            await pilot.press("escape", "slash", *"julia")
            await settle(pilot)
            assert [listing.summary_at(i).title for i in range(listing.total)] == [TITLE_003]
            assert app.is_running
        assert store.export_notes() == before
        assert store.get_setting("theme") is None


# -- damaged, not SQLite, newer ----------------------------------------------------------


def _damage_articles(db: Path) -> None:
    """Overwrite the articles table's pages (not the schema) with random bytes."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    rnd = random.Random(4)
    start = (root - 1) * page_size
    data[start : start + page_size] = rnd.randbytes(page_size)
    db.write_bytes(bytes(data))
    conn = sqlite3.connect(db)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    finally:
        conn.close()
    assert verdict != "ok"


def _bad_file(kind: str, archive: Path) -> Path:
    if kind == "random bytes":
        archive.write_bytes(random.Random(1).randbytes(64 * 1024))
    elif kind == "text":
        archive.write_text("These are my notes, not a database.\n" * 50, encoding="utf-8")
    elif kind == "truncated":
        archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif kind == "damaged pages":
        _damage_articles(archive)
    else:
        conn = sqlite3.connect(archive)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.close()
    return archive


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["random bytes", "text", "truncated", "damaged pages", "newer"])
def test_a_bad_database_is_one_line_and_exit_2_for_the_cli_and_the_app(
    archive: Path, kind: str
) -> None:
    bad = _bad_file(kind, archive)
    content = bad.read_bytes()
    words = {"newer": "newer version", "damaged pages": "damaged"}.get(kind, "not a usable")
    for args in (["list"], []):  # [] is the app: it must not get as far as Textual
        result = run_reader(bad, *args)
        assert_one_line_error(result, str(bad), words)
    assert bad.read_bytes() == content  # left as it was
    assert sorted(p.name for p in bad.parent.iterdir()) == ["news.db"]


def test_a_damaged_page_met_later_is_a_store_error(archive: Path) -> None:
    _damage_articles(archive)
    with Store.open(archive) as store, pytest.raises(StoreError, match="damaged") as info:
        store.page(0, 10)
    assert str(archive) in str(info.value) and "\n" not in str(info.value)


def test_another_programs_sqlite_database_is_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "contacts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada')")
    conn.commit()
    conn.close()
    content = other.read_bytes()
    with pytest.raises(StoreError, match="another program") as info:
        Store.open(other)
    assert "contacts" in str(info.value) and "\n" not in str(info.value)
    assert other.read_bytes() == content


# -- older versions ----------------------------------------------------------------------


def make_old_database(path: Path, version: int = 3) -> None:
    """What a program that knew only the first ``version`` migrations left behind."""
    from sqlite_utils import Database

    from reader.storage.schema import migrate

    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    assert migrate(db, version) == version
    conn = db.conn
    rows = [
        article_row("aaaa1111", "Zebras at dawn", "Zebras graze by the river.", date="2024-01-02"),
        article_row("bbbb2222", "Lions at dusk", "Lions hunt in the grass.", date="2024-01-03"),
    ]
    with conn:
        insert_as_then(conn, rows)
        conn.execute("INSERT INTO bookmarks VALUES ('aaaa1111', '2024-02-01T00:00:00+00:00')")
        conn.execute(
            "INSERT INTO notes (uid, article_id, text, quote, detached, created, edited) "
            "VALUES ('u1', 'bbbb2222', 'big cats', 'Lions hunt', 0, '2024-02-02', '2024-02-02')"
        )
    db.close()


def test_an_older_database_is_backed_up_then_updated(db_path: Path, capsys) -> None:
    make_old_database(db_path, 3)
    assert main(["--db", str(db_path), "bookmarks"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("aaaa1111") and "Zebras at dawn" in out
    assert err.count("\n") == 1 and f"updated {db_path} from schema 3 to {SCHEMA_VERSION}" in err
    backups = [p for p in db_path.parent.iterdir() if p.name.startswith("news.db.v")]
    assert len(backups) == 1 and BACKUP_NAME.fullmatch(backups[0].name)
    assert str(backups[0]) in err

    with Store.open(db_path) as store:
        assert store.backup_notice is None  # updated already: no second copy
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [b.article_id for b in store.bookmarks()] == ["aaaa1111"]
        assert [(n.article_id, n.text, n.quote) for n in store.notes()] == [
            ("bbbb2222", "big cats", "Lions hunt")
        ]
        assert [h.summary.id for h in store.search("zebras")] == ["aaaa1111"]
        store.set_bookmark("bbbb2222")  # the current schema's writes work
        assert store.people_pending() == 2  # migration 0004 queued them
    assert len([p for p in db_path.parent.iterdir() if p.name.startswith("news.db.v")]) == 1

    old = sqlite3.connect(backups[0])
    try:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 3
        assert old.execute("SELECT id FROM articles ORDER BY id").fetchall() == [
            ("aaaa1111",),
            ("bbbb2222",),
        ]
        assert old.execute("SELECT article_id FROM bookmarks").fetchall() == [("aaaa1111",)]
        assert old.execute("SELECT text FROM notes").fetchall() == [("big cats",)]
        tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
        assert "people" not in tables
    finally:
        old.close()


async def test_the_app_says_an_older_database_was_backed_up(db_path: Path) -> None:
    make_old_database(db_path, 3)
    with Store.open(db_path) as store:
        assert store.backup_notice
        app = make_app(store)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert store.backup_notice in notifications(app)
            assert app.screen.query_one(ArticleList).total == 2


def test_a_new_database_gets_no_backup(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.backup_notice is None
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["news.db"]


def test_an_older_read_only_database_is_refused_not_half_updated(db_path: Path) -> None:
    make_old_database(db_path, 3)
    content = db_path.read_bytes()
    with unwritable(db_path), pytest.raises(StoreError) as info:
        Store.open(db_path)
    message = str(info.value)
    assert "\n" not in message and str(db_path) in message
    assert "older version (schema 3)" in message and "read-only" in message
    assert db_path.read_bytes() == content
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["news.db"]
