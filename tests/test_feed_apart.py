"""A refresh in a process of its own (reader.feeds.apart), as the app runs it: the same
report as one run here, progress as it goes, a stop that returns at once, a child that
never outlives its parent, and one line when the child ends without a report."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import settle

import reader.feeds.refresh as refresh_module
from reader.app import make_app
from reader.app.widgets.article_list import ArticleList
from reader.core import Store
from reader.feeds.apart import CHILD, refresh_apart
from tests.feed_servers import FeedServer, document, feed_server, silent, status
from tests.test_feed_refresh import item, rss

__all__ = ["feed_server"]

TWO = rss(item("a1", "Harbour road closes"), item("a2", "Ferry runs late")).encode()


def children_of(db: Path) -> list[int]:
    """The pids of the refresh processes working on ``db``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if CHILD.encode() in argv and os.fsencode(db) in argv:
            found.append(int(entry.name))
    return found


def gone(db: Path, within: float) -> bool:
    """Whether every refresh process on ``db`` has ended within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not [pid for pid in children_of(db) if not _zombie(pid)]:
            return True
        time.sleep(0.05)
    return False


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


def asked(server: FeedServer, path: str, within: float = 10) -> bool:
    """Whether ``path`` was asked for within ``within`` seconds."""
    deadline = time.monotonic() + within
    while not server.seen(path) and time.monotonic() < deadline:
        time.sleep(0.02)
    return bool(server.seen(path))


@pytest.fixture
def served_db(tmp_path: Path, feed_server: FeedServer) -> Iterator[tuple[Path, FeedServer]]:
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        store.add_feed(feed_server.route("/news.xml", document(TWO, etag='"v1"')))
        store.add_feed(feed_server.route("/down.xml", status(503)))
    yield db, feed_server


pytestmark = pytest.mark.skipif(not Path("/proc/self").exists(), reason="reads /proc")


def test_a_refresh_apart_reports_writes_and_shows_progress_as_one_here_would(
    served_db: tuple[Path, FeedServer],
) -> None:
    db, _ = served_db
    steps: list[tuple[int, int]] = []
    with Store.open(db) as store:
        report = store.refresh_feeds(
            progress=lambda done, total, name: steps.append((done, total)), apart=True
        )
        titles = {summary.title for summary in store.page(0, 10)}
    assert (report.fetched, report.failed, report.new, report.updated) == (1, 1, 2, 0)
    assert [issue.feed for issue in report.issues if issue.failed] == [
        served_db[1].url("/down.xml")
    ]
    assert "503" in report.issues[0].reason
    assert len(report.article_ids) == 2
    assert titles >= {"Harbour road closes", "Ferry runs late"}
    assert steps[-1] == (2, 2)
    assert gone(db, within=5)


@pytest.fixture
def silent_db(tmp_path: Path, feed_server: FeedServer) -> Path:
    """A database with one feed, whose server never answers."""
    db = tmp_path / "news.db"
    with Store.open(db) as store:
        store.add_feed(feed_server.route("/never.xml", silent()))
    return db


def test_a_stopped_refresh_returns_at_once_and_its_process_ends(
    silent_db: Path, feed_server: FeedServer
) -> None:
    db = silent_db
    with Store.open(db) as store:
        stop = threading.Event()
        done = threading.Event()

        def run() -> None:
            store.refresh_feeds(stop=stop, apart=True)
            done.set()

        thread = threading.Thread(target=run)
        thread.start()
        assert asked(feed_server, "/never.xml"), "the child never asked"
        stop.set()
        assert done.wait(1.0), "refresh_apart did not return once stopped"
        thread.join()
    assert gone(db, within=10)


def test_a_refresh_process_ends_when_its_parent_is_killed(
    silent_db: Path, feed_server: FeedServer
) -> None:
    db = silent_db
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from reader.feeds.apart import refresh_apart;"
            " refresh_apart(sys.argv[1], None)",
            str(db),
        ]
    )
    try:
        assert asked(feed_server, "/never.xml"), "the child never asked"
        assert children_of(db)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    assert gone(db, within=10)
    with Store.open(db) as store:  # whole, and the feed still due
        assert store.feeds()[0].last_error is None


def test_a_refresh_process_that_ends_without_its_report_is_one_failed_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dying = tmp_path / "dying"
    dying.write_text("#!/bin/sh\necho 'MemoryError: out of memory' >&2\nexit 137\n")
    dying.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(dying))
    report = refresh_apart(str(tmp_path / "news.db"), None)
    assert [str(issue) for issue in report.issues] == [
        "failed: the refresh: it ended before its report (MemoryError: out of memory)"
    ]


def test_a_database_the_refresh_cannot_open_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database, " * 100)
    report = refresh_apart(str(bad), None)
    assert len(report.issues) == 1
    assert report.issues[0].failed
    assert str(bad) in report.issues[0].reason or "database" in report.issues[0].reason


async def test_r_refreshes_in_a_process_of_its_own(
    served_db: tuple[Path, FeedServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing of the refresh runs in the app's process: its threads never hold the
    interpreter lock the keys need."""

    def not_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("the refresh ran in the app's process")

    monkeypatch.setattr(refresh_module, "refresh", not_here)
    db, _ = served_db
    with Store.open(db) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("R")
            deadline = time.monotonic() + 10
            listing = app.screen.query_one(ArticleList)
            while time.monotonic() < deadline:
                await settle(pilot)
                shown = (listing.summary_at(i) for i in range(listing.total))
                titles = {summary.title for summary in shown if summary is not None}
                if "Ferry runs late" in titles:
                    break
                await pilot.pause(0.05)
            assert "Ferry runs late" in titles
            messages = [n.message for n in app._notifications]
            assert any("1 failed" in m and "/down.xml" in m for m in messages)
