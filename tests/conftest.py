"""Shared fixtures: stores in memory and on disk, the seeds, a tree of article files."""

from __future__ import annotations

import compileall
import contextlib
import hashlib
import importlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from reader.app import heap
from reader.core import Store
from reader.search.spelling import RefreshReport
from reader.types import ArticleRow

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_000 = SEEDS / "000_98d193c1adb72bc8.txt"
SEED_003 = SEEDS / "003_d00e4518717b6532.txt"
TITLE_000 = "Looks Like Kim Kardashian And Kanye West Are Finally On Speaking Terms Again"
TITLE_003 = "Kim Kardashian ‘Not Speaking’ To Kanye West After His Interview & Birthday Party Drama"


def pytest_configure(config: pytest.Config) -> None:
    """Each module compiled once for the whole run, not once in every process.

    Where PYTHONDONTWRITEBYTECODE is set (this project's machines and CI), nothing was
    cached: every worker rewrote the asserts of every test module (7.7 s of CPU of the
    10.3 s a collection took, against 2.6 s from the cache), and every ``reader`` a test
    starts compiled the reader's source again (0.2 s a start). So the reader is compiled
    before the workers start, as installing it would, and each worker first rewrites its
    own share of the test modules, writing them to pytest's cache for the others.
    """
    sys.dont_write_bytecode = False
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:  # the controller, or a run in one process
        compileall.compile_dir(REPO / "reader", quiet=1)
        return
    index, count = int(worker.removeprefix("gw")), int(os.environ["PYTEST_XDIST_WORKER_COUNT"])
    for path in _test_modules(config)[index::count]:
        # An error, or a module that skips itself, is the collection's to report with its
        # file named: a failed import leaves nothing in sys.modules, so it is tried again.
        with contextlib.suppress(Exception, pytest.skip.Exception, pytest.fail.Exception):
            importlib.import_module(path.stem)


def _test_modules(config: pytest.Config) -> list[Path]:
    """The test modules this run names (its files, and those in its folders), in order."""
    found: set[Path] = set()
    for arg in config.args:
        path = config.invocation_params.dir / arg.split("::")[0]
        if path.is_dir():
            found.update(path.rglob("test_*.py"))
        elif path.name.startswith("test_") and path.suffix == ".py":
            found.add(path)
    return sorted(found)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers a core. Most tests wait (on the app's frames, a pty, a
    subprocess) two-thirds of their time; two a core keep the cores busy (measured on 2
    cores: the whole suite 294 s with 2 workers, 262 s with 4, 295 s with 6)."""
    return 2 * (os.cpu_count() or 1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first in each worker's share, dealt out in turn.

    xdist's ``worksteal`` hands each worker one run of the collection, cut in equal
    parts in order, and an idle worker then takes half of the longest queue left. Slow
    tests merely put first all fell in one worker's part: it ran 301 s of tests while
    the other three were done at 197 s. Dealt out, each part starts with its slow
    tests, and its quick ones, in collection order, fill the gaps and are what is stolen.
    """
    workers = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    quick = iter([item for item in items if item.get_closest_marker("slow") is None])
    ordered: list[pytest.Item] = []
    left = len(items)
    for part in range(workers):
        size = left // (workers - part)  # as worksteal cuts the collection
        left -= size
        mine = slow[part::workers]
        ordered += mine + [next(quick) for _ in range(max(0, size - len(mine)))]
    ordered += list(quick)
    assert len(ordered) == len(items)
    items[:] = ordered


def inputs_of(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, arg: int = 0) -> list[Any]:
    """Every first argument (or the one at ``arg``: 1 for a method's first after ``self``)
    ``owner.name`` is called with from now on, in order (it still runs): what a test checks
    rather than how long a call took on a loaded machine."""
    seen: list[Any] = []
    real = getattr(owner, name)

    def spied(*args: Any, **kwargs: Any) -> Any:
        seen.append(args[arg] if arg < len(args) else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spied)
    return seen


@pytest.fixture(scope="session")
def _config_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("config-home")


@pytest.fixture(autouse=True)
def _no_user_config(_config_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test, nor a ``reader`` it starts, reads the user's own config file: the config
    folder is an empty one of the tests' (a test that writes a config file points
    ``READER_CONFIG`` or ``XDG_CONFIG_HOME`` at its own folder), ``READER_CONFIG`` unset."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(_config_home))
    monkeypatch.delenv("READER_CONFIG", raising=False)


@pytest.fixture(autouse=True)
def _notices_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A notice the app shows for the default time stays up for two minutes in a test: a
    test that looks for one after a wait of over five seconds (a loaded machine) saw it
    gone. Notices the app times itself keep their times."""
    from reader.app.app import ReaderApp

    monkeypatch.setattr(ReaderApp, "NOTIFICATION_TIMEOUT", 120.0)


#: The app's own threshold for a full collection (the fixture below raises it).
APP_WORTH_IT = heap.WORTH_IT


@pytest.fixture(autouse=True)
def _no_full_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's collector makes no full collection in a test (its own test sets it
    going): in a pytest worker a full collection walks every object of every test run
    there so far, not the app's, and took a quarter of an app test's CPU time."""
    monkeypatch.setattr(heap, "WORTH_IT", 10**12)


@pytest.fixture
def store():
    with Store.open() as s:
        yield s


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database not made yet, in a folder that exists (the command line makes no folders)."""
    (tmp_path / "db").mkdir()
    return tmp_path / "db" / "news.db"


@pytest.fixture
def file_store(db_path: Path):
    with Store.open(db_path) as s:
        yield s


@pytest.fixture
def seeded(store: Store) -> Store:
    from reader.ingest import import_paths

    report = import_paths(store, [SEEDS])
    assert report.added == 2, report.issues
    return store


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


BBC_STYLE = (
    "Ad sales boost Time Warner profit\n\n"
    "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) "
    "for the three months to December, from $639m year-earlier.\n\n"
    "The firm, which is now one of the biggest investors in Google, benefited from "
    "sales of high-speed internet connections and higher advert sales.\n\n"
    "Time Warner said on Friday that it now owns 8% of search-engine Google.\n"
)


async def settle(pilot) -> None:
    """Wait until the keys typed are handled, the app's background work is done and the
    screen has caught up."""
    from textual.worker import WorkerCancelled

    keys = getattr(pilot.app, "keys", None)
    deadline = time.monotonic() + 10
    for _ in range(3):
        # Keys are handed on one at a time, each a few message queues' turns after the
        # last: on a loaded machine more than three pauses' worth (a test saw "martha ste").
        while keys is not None and keys.busy and time.monotonic() < deadline:
            await pilot.pause(0.01)
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue  # an exclusive worker replaced by a newer one
        await pilot.pause()


async def previewed(pilot) -> None:
    """Wait until the app is up and its first article's preview is in the reading pane."""
    await settle(pilot)
    await pilot.pause(0.2)  # the preview follows the list's cursor after a pause
    await settle(pilot)


def hold_reads(monkeypatch, store: Store, only: str | None = None):  # type: ignore[no-untyped-def]
    """Make ``store.article`` wait before it reads (``only`` that article, or any) until the
    event returned is set (5 s at most): a read still going on while the user goes on."""
    import threading

    release = threading.Event()
    read = store.article

    def held(article_id: str):  # type: ignore[no-untyped-def]
        if only is None or article_id == only:
            release.wait(5)
        return read(article_id)

    monkeypatch.setattr(store, "article", held)
    return release


def write_articles(store: Store, rows: Sequence[ArticleRow]) -> None:
    """Write article rows (:func:`article_row`) as an import does, without their people."""
    with store.import_session() as session:
        session.write_articles(rows)


def insert_as_then(conn, rows: Sequence[ArticleRow]) -> None:  # type: ignore[no-untyped-def]
    """Insert article rows into a database of an older schema, as the program of that
    schema wrote them: only the columns its ``articles`` table had (none added since)."""
    from reader.storage.rows import WRITE_COLUMNS, row_values

    have = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    keep = [i for i, c in enumerate(WRITE_COLUMNS) if c in have]
    names = ", ".join(WRITE_COLUMNS[i] for i in keep)
    marks = ", ".join("?" for _ in keep)
    conn.executemany(
        f"INSERT INTO articles ({names}) VALUES ({marks})",
        [tuple(row_values(row)[i] for i in keep) for row in rows],
    )


def refresh_spelling(store: Store) -> RefreshReport:
    """Bring the spelling index up to date, as the end of an import does."""
    with store.import_session() as session:
        return session.refresh_spelling()


def article_row(
    article_id: str,
    title: str,
    body: str = "Body text here.",
    *,
    date: str | None = None,
    author: str | None = None,
    dek: str | None = None,
) -> ArticleRow:
    """A row for :func:`write_articles`, as the importer would make it."""
    return ArticleRow(
        id=article_id,
        path=f"/news/{article_id}.txt",
        source="news",
        # As the importer's hash of the file: it changes with the content.
        content_hash=hashlib.blake2b(repr((title, body, date, author, dek)).encode()).hexdigest(),
        parser_version=1,
        title=title,
        dek=dek,
        date=date,
        label=None,
        author=author,
        author_role=None,
        author_bio=None,
        caption=None,
        body=body,
        words=len(body.split()),
        imported_at="2026-01-01T00:00:00+00:00",
        updated_at="2026-01-01T00:00:00+00:00",
    )


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (root only), unmounted after the test."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr!r}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> None:
    """Write to ``disk`` until it is full (unbuffered: a buffer holding what did not fit
    would fail again on close)."""
    with (disk / "filler").open("ab", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass


def fake_browser(folder: Path, name: str = "browser", *, exit_code: int = 0, sleep: int = 5):
    """A browser command that prints to stdout and stderr, writes its arguments (one a
    line), then its session id, to ``<name>.argv``, sleeps, and writes ``done``."""
    log = folder / f"{name}.argv"
    script = folder / name
    script.write_text(
        "#!/bin/sh\n"
        'echo "the browser prints this"\n'
        'echo "and complains here" >&2\n'
        f'printf "%s\\n" "$@" > "{log}.tmp"\n'
        f'cut -d" " -f6 /proc/$$/stat >> "{log}.tmp"\n'
        f'mv "{log}.tmp" "{log}"\n'
        f"sleep {sleep}\n"
        f'echo done >> "{log}"\n'
        f"exit {exit_code}\n"
    )
    script.chmod(0o755)
    return script, log


def wait_for(path: Path, seconds: float = 10) -> list[str]:
    """The lines of ``path`` once it exists (the browser started in the background)."""
    end = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < end, f"{path.name} was never written"
        time.sleep(0.02)
    return path.read_text().splitlines()
