"""Two copies, one database: imports, bookmarks and notes written at once all land.

Two ``reader ingest`` processes at once, an import while another process bookmarks and
writes notes through the CLI, and the app (Pilot) bookmarking and writing a note while
an import runs. Nobody gets a 'database is locked'.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO, SEEDS, settle
from textual.widgets import TextArea

from reader.app import make_app
from reader.app.screens.note_editor import NoteEditor
from reader.app.widgets.article_list import ArticleList
from reader.cli import main
from reader.core import Store
from reader.storage import connection as store_module

sys.path.insert(0, str(REPO / "bench"))
import faults

pytestmark = pytest.mark.slow

WIDE = (160, 48)


def reader(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def start_import(db: Path, *paths: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        faults.ingest_command(db, *paths),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[Path, Path]:
    """Two folders of 400 and 800 articles (enough for worker processes)."""
    root = tmp_path_factory.mktemp("corpora")
    return (
        faults.make_corpus(root / "first", 400, seed=11).root,
        faults.make_corpus(root / "second", 800, seed=12).root,
    )


@pytest.mark.parametrize("same", [True, False], ids=["same folder", "two folders"])
def test_two_imports_at_once_make_one_import(tmp_path: Path, corpora, same: bool) -> None:
    first, second = corpora
    folders = (first, first) if same else (first, second)
    db = tmp_path / "news.db"  # not there yet: both copies create it
    runs = [finish(p) for p in [start_import(db, folder) for folder in folders]]
    for code, _, err in runs:
        assert code == 0, err
        assert "locked" not in err and "busy" not in err
    clean = tmp_path / "clean.db"
    assert reader(clean, "ingest", *dict.fromkeys(folders)).returncode == 0
    assert faults.integrity(db) == ("ok", True)
    assert faults.differences(faults.contents(db), faults.contents(clean)) == {}


def test_bookmarks_and_notes_from_the_cli_land_during_an_import(tmp_path: Path, corpora) -> None:
    first, second = corpora
    db = tmp_path / "news.db"
    assert reader(db, "ingest", str(first)).returncode == 0
    with Store.open(db) as store:
        ids = [s.id for s in store.page(0, 40)]
    written: list[tuple[str, subprocess.CompletedProcess[str]]] = []
    importing = start_import(db, second)

    def write_while_importing() -> None:
        for article in ids:
            written.append(("bookmark", reader(db, "bookmark", article)))
            written.append(("note", reader(db, "note", "add", article, f"note on {article}")))
            if importing.poll() is not None and len(written) >= 6:
                return

    writer = threading.Thread(target=write_while_importing)
    writer.start()
    code, out, err = finish(importing)
    writer.join(timeout=300)
    assert code == 0 and "locked" not in err, err
    assert out.strip() == "800 added, 0 updated, 0 unchanged, 0 skipped"
    for what, done in written:
        assert done.returncode == 0, (what, done.stderr)
        assert done.stderr == "", (what, done.stderr)
    noted = [a for what, d in written if what == "note" for a in ids if a in d.stdout]
    marked = [a for what, d in written if what == "bookmark" for a in ids if a in d.stdout]
    with Store.open(db) as store:
        assert sorted(b.article_id for b in store.bookmarks()) == sorted(marked)
        assert sorted(n.article_id for n in store.notes()) == sorted(noted)
        assert store.count() == 1_200
    print(f"CLI writes during an import: {len(marked)} bookmarks, {len(noted)} notes")


async def test_the_app_bookmarks_and_writes_a_note_during_an_import(
    tmp_path: Path, corpora
) -> None:
    first, second = corpora
    db = tmp_path / "news.db"
    assert reader(db, "ingest", str(SEEDS), str(first)).returncode == 0
    store = Store.open(db)
    app = make_app(store)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            listing = app.screen.query_one(ArticleList)
            importing = start_import(db, second)
            await pilot.press("enter", "a")
            await settle(pilot)
            assert isinstance(app.screen, NoteEditor)
            app.screen.query_one(TextArea).insert("written while another copy imports")
            await pilot.press("ctrl+s")
            await settle(pilot)
            noted = listing.current.id
            await pilot.press("escape")  # back to the list: b and j act on it
            await settle(pilot)
            marked: list[str] = []
            while importing.poll() is None or not marked:
                await pilot.press("b")
                await settle(pilot)
                marked.append(listing.current.id)
                await pilot.press("j")
            code, _, err = finish(importing)
            with hold_lock(db, seconds=1.5):  # a write that has to wait for another copy
                started = time.monotonic()
                await pilot.press("b")
                await settle(pilot)
                waited = time.monotonic() - started
                marked.append(listing.current.id)
            errors = [n.message for n in app._notifications if n.severity == "error"]
        assert code == 0 and "locked" not in err, err
        assert errors == []
        assert waited >= 1.0
        assert len(set(marked)) == len(marked)
        assert sorted(b.article_id for b in store.bookmarks()) == sorted(marked)
        assert [(n.article_id, n.text) for n in store.notes()] == [
            (noted, "written while another copy imports")
        ]
        assert store.count() == 1_202
        print(f"app writes during an import: {len(marked)} bookmarks, 1 note")
    finally:
        store.close()


def test_a_cli_write_waits_for_the_lock_and_says_so_if_it_never_comes(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    db = tmp_path / "news.db"
    assert reader(db, "ingest", str(SEEDS)).returncode == 0
    with Store.open(db) as store:
        first, second = (s.id for s in store.page(0, 2))
    with hold_lock(db, seconds=1.5):
        assert main(["--db", str(db), "bookmark", first]) == 0  # it waited, then wrote
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 300)
    with hold_lock(db, seconds=60):
        capsys.readouterr()
        code = main(["--db", str(db), "bookmark", second])
        err = capsys.readouterr().err
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(db) in lines[0] and "nothing was saved" in lines[0], lines[0]
    with Store.open(db) as store:
        assert [b.article_id for b in store.bookmarks()] == [first]


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


@contextmanager
def hold_lock(db: Path, seconds: float) -> Iterator[None]:
    """Another process holds the database's write lock for ``seconds`` (or until the end)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_a_setting_saved_while_another_copy_writes_waits_and_lands(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        store.set_setting("theme", "nord")
        with hold_lock(db, seconds=1.0):
            store.set_setting("theme", "gruvbox")  # what the app does when the theme changes
        assert store.get_setting("theme") == "gruvbox"
