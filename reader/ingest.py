"""Importing article files: find them, read them safely, parse, and store.

The walk never leaves the folder the user named: a symlink that points outside
it, a link loop or a broken link is skipped with its reason. Each file is read
once, hashed, and parsed only when new or changed, and the people it mentions
are found (``reader.people.mentions.find_mentions``); rows are written in batches,
one transaction each (an article and its people together), so a killed import
leaves whole rows or none and the next import carries on. Every problem is one
:class:`~reader.types.FileIssue` line.

Reading, parsing and finding people run in worker processes when there are at
least :data:`PARALLEL_MIN` files (one per core; this process only writes to
SQLite, in file order). A worker that dies costs nothing but the file that
killed it: the files it had in hand are read again one at a time, and the one
that crashes its reader again is skipped with its reason. A worker that spends
more than :data:`READ_SECONDS` on one file is killed the same way, and that file
is skipped as taking too long: no file can stall an import. (A smaller import is
read here, but for its files over :data:`GUARDED_BYTES`, which a worker reads.)

A file is opened without following a symlink, and what was opened must still be
inside the folder the user named: a file swapped for a link after the walk found
it is skipped, not read.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import math
import os
import signal
import stat
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.clean import clean_path
from reader.errors import ParseError, StoreError
from reader.parse import parse_article
from reader.people.mentions import AliasScanner, Mention, find_mentions
from reader.storage.rows import row_values
from reader.types import ArticleRow, FileIssue, ImportReport, ParsedArticle

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from reader.session import Importer, ImportSession

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
MAX_BYTES = 5 * 1024 * 1024
#: Bump when the parser reads files differently, so the next import re-parses them.
PARSER_VERSION = 3
BATCH_SIZE = 2_000
#: Imports of fewer files than this are read in this process, without workers.
PARALLEL_MIN = 300
#: Files handed to a worker process at a time.
CHUNK_SIZE = 200
#: Files read ahead of the writer: more than a batch, so that the workers are never idle
#: while this process writes one (holding them costs a few MB).
READ_AHEAD = 2 * BATCH_SIZE
#: Files a worker asks the kernel to read ahead of the one it parses (where it can).
READ_HINT = 32
#: The most one file may take to be read, parsed and have its people found (seconds)
#: in a worker process; a worker that takes longer is killed and the file skipped.
READ_SECONDS = 10.0
#: How often the importer looks for a worker over that limit (seconds).
WATCH_SECONDS = 0.25
#: In an import too small for workers, a file larger than this is still read in a worker
#: process (one, taking the files in turn), so that the time limit holds for it too. A
#: news article is a few KB; the parser is linear, but a file this small could not keep
#: even a quadratic one busy for long.
GUARDED_BYTES = 64 * 1024
_CAN_HINT = hasattr(os, "posix_fadvise")

Progress = Callable[[int, int, str], None]
"""``progress(done, total, path)``, called after each file."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file found by the walk, with the folder the user named for it."""

    path: Path
    source: str
    #: The real folder the file must be in when it is read (default: its own folder).
    root: Path | None = None


def article_id(path: Path) -> str:
    """The stable public id of the article read from ``path`` (16 hex digits)."""
    return hashlib.blake2b(str(path).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


# -- finding files ----------------------------------------------------------------


def find_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Candidate], list[FileIssue]]:
    """Every article file under ``paths``, each once, and the paths that were refused."""
    found: list[Candidate] = []
    issues: list[FileIssue] = []
    seen: set[Path] = set()

    def add(real: Path, shown: str, root: Path) -> None:
        if real not in seen:
            seen.add(real)
            found.append(Candidate(real, real.parent.name or shown, root))

    for raw in paths:
        named = Path(raw).expanduser()
        try:
            real = named.resolve(strict=True)
        except FileNotFoundError:
            reason = "broken symlink" if named.is_symlink() else "no such file or folder"
            issues.append(FileIssue(str(named), reason))
            continue
        except (RuntimeError, OSError) as exc:
            issues.append(FileIssue(str(named), _link_error(exc)))
            continue
        if real.is_dir():
            for item in _walk(real, issues):
                add(item, str(named), real)
        elif real.is_file():
            add(real, str(named), real.parent)
        else:
            issues.append(FileIssue(str(named), "not a regular file"))
    return found, issues


def _link_error(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:  # ELOOP
        return "symlink loop"
    return f"cannot open: {getattr(exc, 'strerror', None) or exc}"


def _walk(root: Path, issues: list[FileIssue]) -> Iterator[Path]:
    """Article files below ``root``, sorted, never following a link out of it."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            issues.append(FileIssue(str(folder), f"cannot list folder: {exc.strerror or exc}"))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                target = _inside_link(path, root, issues)
                if target is None or target.is_dir():
                    # A link to a folder inside root: its files are found through the real path.
                    continue
                if _is_article_name(target):
                    yield target
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(path)
                elif (
                    entry.is_file(follow_symlinks=False) and path.suffix.lower() in ARTICLE_SUFFIXES
                ):
                    yield path
            except OSError as exc:
                issues.append(FileIssue(str(path), f"cannot open: {exc.strerror or exc}"))
        stack.extend(reversed(subfolders))


def _is_article_name(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES


def _inside_link(path: Path, root: Path, issues: list[FileIssue]) -> Path | None:
    """Where a symlink inside ``root`` leads, or None (and an issue) if it may not be followed."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        issues.append(FileIssue(str(path), "broken symlink"))
        return None
    except (RuntimeError, OSError) as exc:
        issues.append(FileIssue(str(path), _link_error(exc)))
        return None
    if not target.is_relative_to(root):
        issues.append(FileIssue(str(path), f"symlink leads outside {root}"))
        return None
    return target


# -- reading one file ---------------------------------------------------------------


class SkipFile(Exception):
    """This file is not imported; the message is the one-line reason."""


def _open_nonblocking(path: str, flags: int) -> int:
    # A FIFO put where a file was found would otherwise wait for a writer for ever.
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _open_no_link(path: str, flags: int) -> int:
    # The walk found real paths: a symlink here was swapped in since, and may lead anywhere.
    return _open_nonblocking(path, flags | getattr(os, "O_NOFOLLOW", 0))


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """The bytes of the file at ``path``, which must still be inside ``root`` (default:
    its own folder) when it is opened; :class:`SkipFile` with the reason if it cannot be."""
    try:
        with open(path, "rb", opener=_open_no_link) as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise SkipFile("not a regular file")
            if not _still_inside(path, root or path.parent, status, handle.fileno()):
                raise SkipFile(f"moved outside {root or path.parent} during the import")
            size = status.st_size
            if size > MAX_BYTES:
                raise SkipFile(f"too large ({_megabytes(size)} MB; the limit is 5 MB)")
            # A buffer of the file's own size: asking for 5 MB each time costs more
            # than reading a news article. A file that grew meanwhile is read on.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(MAX_BYTES + 1 - len(data))
    except FileNotFoundError:
        raise SkipFile("vanished during import") from None
    except PermissionError:
        raise SkipFile("cannot read: permission denied") from None
    except IsADirectoryError:
        raise SkipFile("is a folder") from None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # what O_NOFOLLOW gives for a link
            raise SkipFile("replaced by a symlink during the import") from None
        raise SkipFile(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise SkipFile("too large (over 5 MB)")
    if not data.strip():
        raise SkipFile("empty file")
    return data


def _still_inside(path: Path, root: Path, opened: os.stat_result, handle: int) -> bool:
    """Is the file opened (``opened``, as ``handle``) the one at ``path``'s real path,
    inside ``root``?

    A folder on the way to ``path`` swapped for a link leads somewhere else: then the
    real path is outside ``root``, or names another file than the one opened. Where
    the kernel tells the path of an open file (Linux), that is the real path, read
    in one call; elsewhere it is found part by part, and must lead to the same file.
    """
    real = _opened_path(handle)
    if real is None:
        try:
            real = os.path.realpath(path)
            status = os.stat(real)
        except OSError:
            return False
        if (status.st_dev, status.st_ino) != (opened.st_dev, opened.st_ino):
            return False
    base = str(root)
    return real == base or real.startswith(base if base.endswith(os.sep) else base + os.sep)


_FD_PATHS = "/proc/self/fd"
_CAN_READ_FD_PATH = os.path.isdir(_FD_PATHS)


def _opened_path(handle: int) -> str | None:
    """The real path of the file open as ``handle``, as the kernel tells it; None where
    it does not, or when the file was deleted meanwhile (it is then not read)."""
    if not _CAN_READ_FD_PATH:
        return None
    try:
        real = os.readlink(f"{_FD_PATHS}/{handle:d}")
    except OSError:
        return None
    if not real.startswith("/") or real.endswith(" (deleted)"):
        return None
    return real


def _megabytes(size: int) -> str:
    """``size`` in MB with one decimal, rounded up: 5 MB and a byte is "5.1", not "5.0"."""
    return f"{math.ceil(size * 10 / 1_048_576) / 10:.1f}"


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Checked first: the UTF-32LE mark starts with the UTF-16LE one.
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of ``data`` and, when it was not UTF-8, a note saying how it was read."""
    if data.startswith(_UTF32_BOMS):
        with contextlib.suppress(UnicodeDecodeError):  # else UTF-16 from a NUL, or binary
            return data.decode("utf-32"), "UTF-32 text"
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "UTF-16 text"
        except UnicodeDecodeError:
            raise SkipFile("binary file (broken UTF-16)") from None
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > len(sample) // 20:
        raise SkipFile("binary file")
    try:
        return data.decode("cp1252"), "not UTF-8; read as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; read as Latin-1"


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# -- the import ---------------------------------------------------------------------


def row_for(article: ParsedArticle, cand: Candidate, digest: str, now: str) -> ArticleRow:
    """What the store writes for one article read from ``cand``."""
    return ArticleRow(
        id=article_id(cand.path),
        path=clean_path(cand.path),
        source=clean_path(cand.source),
        content_hash=digest,
        parser_version=PARSER_VERSION,
        title=article.title,
        dek=article.dek,
        date=article.date,
        label=article.label,
        author=article.author,
        author_role=article.author_role,
        author_bio=article.author_bio,
        caption=article.caption,
        body=article.body,
        words=article.words,
        imported_at=now,
        updated_at=now,
    )


def import_paths(
    store: Importer,
    paths: Iterable[str | os.PathLike[str]],
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
) -> ImportReport:
    """Import every article file under ``paths`` into ``store``; never stops half-way.

    ``workers``: processes that read the files (default: one per core from
    :data:`PARALLEL_MIN` files on, else none); 0 or 1 reads them in this process.
    """
    with _collector_paused(), store.import_session() as session:
        return _import(session, paths, progress, batch_size, workers)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused, in a process that does nothing but import.

    An import makes next to no reference cycles (a few objects in thousands of files;
    freeing by reference counts does the rest), but it makes millions of small tuples
    and lists, and each of their collections walked the rows held for writing: about a
    tenth of the writer's time. The collector is the whole process's, so in one with
    other threads (the app, which imports in a thread) it is left alone. Worker
    processes forked meanwhile start with it paused too, and end with the import.
    """
    import gc
    import threading

    pause = gc.isenabled() and threading.active_count() == 1
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()


def _import(
    session: ImportSession,
    paths: Iterable[str | os.PathLike[str]],
    progress: Progress | None,
    batch_size: int,
    workers: int | None,
) -> ImportReport:
    report = ImportReport()
    candidates, report.issues = find_files(paths)
    session.tune_for_import()
    known = session.known_files()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    scanner = session.people_scanner()
    batch: list[ArticleRow] = []
    found: list[Sequence[Mention] | None] = []
    total = len(candidates)
    outcomes = _outcomes(candidates, known, now, scanner, workers)
    for done, (cand, outcome) in enumerate(outcomes, start=1):
        _record(cand, outcome, known, batch, found, report)
        if len(batch) >= batch_size:
            session.write_import_batch(batch, found)
            batch.clear()
            found.clear()
        if progress is not None:
            progress(done, total, str(cand.path))
    session.write_import_batch(batch, found)
    session.finish_people()
    _update_people(session, batch_size)
    try:
        session.refresh_spelling()
    except StoreError as exc:  # the articles are written; search only lags until next time
        report.index_problem = str(exc)
    # The notes of the articles changed now, and of any an import killed before this changed.
    changed = list(dict.fromkeys([*report.updated_ids, *session.misplaced_quotes()]))
    if changed:
        session.reanchor_notes(changed)
    return report


def update_people(store: Importer, batch_size: int = BATCH_SIZE) -> int:
    """Find the people of stored articles that have none yet (those imported before
    people were found); returns how many articles were read. Then update the counts."""
    with store.import_session() as session:
        return _update_people(session, batch_size)


def _update_people(session: ImportSession, batch_size: int) -> int:
    scanner = session.people_scanner() if session.people_todo_count() else None
    done = 0
    while scanner is not None and (rows := session.people_todo(batch_size)):
        found: list[tuple[int, Sequence[Mention] | None]] = []
        for num, title, dek, body in rows:
            try:
                mentions = None if body is None else find_mentions(body, title, dek, scanner)
            except Exception:  # a finder bug must not stop the import: no people for it
                mentions = None
            found.append((num, mentions))
        session.write_todo_people(found)
        done += len(rows)
    session.finish_people()
    return done


@dataclass(frozen=True, slots=True)
class Unchanged:
    """The file is as it was at the last import: nothing to write."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """The file could not be imported, and why (one line)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Read:
    """The file read: its row, a note on how it was read, the people it mentions (None
    when they could not be found) and why not."""

    row: ArticleRow
    note: str | None
    mentions: list[Mention] | None
    problem: str | None

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent back from a worker for every file: as plain tuples, a quarter of the time
        # that pickling the objects themselves takes.
        mentions = None if self.mentions is None else [tuple(m) for m in self.mentions]
        return _read_from, (row_values(self.row), self.note, mentions, self.problem)


def _read_from(
    values: tuple[Any, ...],
    note: str | None,
    mentions: list[tuple[str, str, int, int | None]] | None,
    problem: str | None,
) -> Read:
    """A :class:`Read` as a worker sent it (see :meth:`Read.__reduce__`)."""
    found = None if mentions is None else [Mention._make(m) for m in mentions]
    return Read(ArticleRow(*values), note, found, problem)


#: What reading one file came to.
Outcome = Unchanged | Skipped | Read
Task = tuple[Candidate, "tuple[str, int] | None"]


def _record(
    cand: Candidate,
    outcome: Outcome,
    known: dict[str, tuple[str, int]],
    batch: list[ArticleRow],
    found: list[Sequence[Mention] | None],
    report: ImportReport,
) -> None:
    """Count one file's outcome, and queue its row and people for writing."""
    if isinstance(outcome, Unchanged):
        report.unchanged += 1
        return
    if isinstance(outcome, Skipped):
        report.issues.append(FileIssue(str(cand.path), outcome.reason))
        return
    for caveat in (outcome.note, outcome.problem):
        if caveat:
            report.issues.append(FileIssue(str(cand.path), caveat, skipped=False))
    row = outcome.row
    batch.append(row)
    found.append(outcome.mentions)
    key = row.id
    if key not in known:
        report.added += 1
        known[key] = (row.content_hash, PARSER_VERSION)
    else:
        report.updated += 1
        report.updated_ids.append(key)


def _read_one(
    cand: Candidate, previous: tuple[str, int] | None, now: str, scanner: AliasScanner
) -> Outcome:
    """Read, parse and find the people of one file (in a worker or in this process)."""
    try:
        data = read_bytes(cand.path, cand.root)
        digest = content_hash(data)
        if previous == (digest, PARSER_VERSION):
            return Unchanged()
        text, note = decode(data)
        try:
            article = parse_article(text, filename=cand.path.name)
        except ParseError as exc:
            raise SkipFile(str(exc)) from None
        except Exception as exc:  # a parser bug must not stop the import: report it, go on
            raise SkipFile(f"could not be read ({type(exc).__name__}: {exc})") from None
    except SkipFile as exc:
        return Skipped(str(exc))
    mentions: list[Mention] | None
    problem = None
    try:
        mentions = find_mentions(article.body, article.title, article.dek, scanner)
    except Exception as exc:  # the article goes in all the same, without its people
        mentions = None
        problem = f"people not found ({type(exc).__name__}: {exc})"
    return Read(row_for(article, cand, digest, now), note, mentions, problem)


def _read_chunk(tasks: Sequence[Task], now: str, scanner: AliasScanner) -> list[Outcome]:
    """What a worker process does with a chunk of files.

    The kernel is asked to read the next :data:`READ_HINT` files while this one is
    parsed: a file not in the page cache made the worker wait on the disk, one
    file at a time (a first import straight from disk ran at two thirds of the
    speed of one from the cache). Reader threads did the same at a third more CPU.
    """
    out: list[Outcome] = []
    for cand, _ in tasks[:READ_HINT]:
        _will_read(cand.path)
    for index, (cand, previous) in enumerate(tasks):
        if index + READ_HINT < len(tasks):
            _will_read(tasks[index + READ_HINT][0].path)
        _began(time.monotonic())
        out.append(_read_one(cand, previous, now, scanner))
    _began(0.0)
    return out


def _will_read(path: Path) -> None:
    """Ask the kernel to start reading ``path`` into the page cache (no wait, no error):
    as much of it as the import reads (:func:`read_bytes`)."""
    if not _CAN_HINT:
        return
    try:
        handle = _open_no_link(str(path), os.O_RDONLY)
    except OSError:
        return  # reading it for real will say why
    try:
        os.posix_fadvise(handle, 0, MAX_BYTES + 1, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(handle)


def _outcomes(
    candidates: Sequence[Candidate],
    known: dict[str, tuple[str, int]],
    now: str,
    scanner: AliasScanner,
    workers: int | None,
) -> Iterator[tuple[Candidate, Outcome]]:
    """Each file with its outcome, in the order of ``candidates``."""
    # A first import knows no file: no id to work out for each.
    tasks = [(cand, known.get(article_id(cand.path)) if known else None) for cand in candidates]
    if workers is None:
        workers = _cores() if len(tasks) >= PARALLEL_MIN else 1
    guarded = workers == 1 and any(_size(cand.path) > GUARDED_BYTES for cand, _ in tasks)
    pool = _pool(workers) if (workers > 1 or guarded) and tasks else None
    if pool is None:
        for cand, previous in tasks:
            yield cand, _read_one(cand, previous, now, scanner)
        return
    yield from _in_workers(pool, workers, tasks, now, scanner)


def _size(path: Path) -> int:
    """The file's size, or 0 when it cannot be found (its reading will say why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """Worker processes, or None when none can be made (then files are read here).

    Forked from this process when it runs no other thread (quick, nothing to
    import again); from a clean server process when it does (the app imports in a
    thread, and forking a threaded process can leave a lock held for ever).
    """
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context: multiprocessing.context.BaseContext
    try:
        if "fork" in methods and threading.active_count() == 1:
            context = multiprocessing.get_context("fork")
        elif "forkserver" in methods:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["reader.ingest", "reader.people.extract"])
        else:
            context = multiprocessing.get_context("spawn")
        watch = _Watch(context, workers)
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_worker_started,
            initargs=(os.getpid(), watch.pids, watch.started),
        )
    except (OSError, ValueError, NotImplementedError):
        return None
    pool.watch = watch  # type: ignore[attr-defined]
    return pool


class _Watch:
    """When each worker process began the file it reads, in memory shared with the importer.

    A worker stuck on one file (a parser that never ends, a read that hangs) cannot be
    stopped from inside: a thread of its own would wait for the interpreter lock the
    stuck code holds. The importer, another process, sees the time and kills it.
    """

    def __init__(self, context: Any, workers: int) -> None:
        self.pids = context.Array("q", workers)  # 0: a free slot; its lock guards taking one
        self.started = context.Array("d", workers, lock=False)  # 0.0: between files

    def end_stuck(self) -> bool:
        """Kill a worker on one file for over :data:`READ_SECONDS`; True if there was one."""
        now = time.monotonic()
        for slot, began in enumerate(self.started[:]):
            if began and now - began > READ_SECONDS and (pid := self.pids[slot]):
                with contextlib.suppress(OSError):
                    os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
                return True
        return False


class _TookTooLong(Exception):
    """A worker spent over :data:`READ_SECONDS` on one file and was killed."""


def _result(pool: Any, future: Any) -> Any:
    """``future.result()``, looking every :data:`WATCH_SECONDS` for a worker stuck on a file;
    one is killed, and :class:`_TookTooLong` raised."""
    watch: _Watch | None = getattr(pool, "watch", None)
    while True:
        try:
            return future.result(timeout=None if watch is None else WATCH_SECONDS)
        except TimeoutError:
            if watch is not None and watch.end_stuck():
                raise _TookTooLong from None


# In a worker process: its slot in the shared :class:`_Watch` arrays.
_watch_slot: tuple[Any, int] | None = None


def _began(when: float) -> None:
    """Tell the importer when this worker began its file (0.0: it is between files)."""
    if _watch_slot is not None:
        started, slot = _watch_slot
        started[slot] = when


#: Workers run at this lower priority: the process writing to SQLite sets the pace.
WORKER_NICE = 5
#: Where a process cannot be watched for its end, how often a worker looks (seconds).
IMPORTER_CHECK_SECONDS = 0.2


def _worker_started(importer: int, pids: Any, started: Any) -> None:
    global _watch_slot
    with contextlib.suppress(AttributeError, OSError):
        os.nice(WORKER_NICE)
    with pids.get_lock():
        free = [slot for slot, pid in enumerate(pids[:]) if pid == 0]
        if free:
            pids[free[0]] = os.getpid()
            _watch_slot = (started, free[0])
    _exit_with(importer)


def _exit_with(importer: int) -> None:
    """End this worker as soon as the importing process has ended.

    A killed import cannot tell its workers to stop, and they would wait for work for
    ever (a fork server's would keep the server too). On Linux a thread waits on a
    pidfd of the importer, which becomes readable when it ends; elsewhere it looks
    every :data:`IMPORTER_CHECK_SECONDS`.
    """
    import select
    import threading

    try:
        handle: int | None = os.pidfd_open(importer)
    except ProcessLookupError:
        os._exit(1)  # the import ended before this worker got going
    except (AttributeError, OSError):
        handle = None

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            while _running(importer):
                time.sleep(IMPORTER_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="reader-importer-watch", daemon=True).start()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # alive, and not ours to signal
    return True


def _in_workers(
    pool: Any,
    workers: int,
    tasks: Sequence[Task],
    now: str,
    scanner: AliasScanner,
) -> Iterator[tuple[Candidate, Outcome]]:
    """Outcomes read by ``pool``, chunk by chunk, up to :data:`READ_AHEAD` files ahead of
    the writer: while it writes a batch the workers keep reading the next ones."""
    from concurrent.futures.process import BrokenProcessPool

    chunks = deque(tasks[i : i + CHUNK_SIZE] for i in range(0, len(tasks), CHUNK_SIZE))
    ahead = max(2 * workers + 1, READ_AHEAD // CHUNK_SIZE)
    pending: deque[tuple[Sequence[Task], Any]] = deque()
    try:
        while chunks or pending:
            broken = False
            while chunks and len(pending) < ahead:
                try:
                    future = pool.submit(_read_chunk, chunks[0], now, scanner)
                except BrokenProcessPool:
                    broken = True
                    break
                pending.append((chunks.popleft(), future))
            if broken and not pending:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers) or _InProcess()
                continue
            chunk, future = pending.popleft()
            try:
                results = _result(pool, future)
            except (BrokenProcessPool, _TookTooLong):
                # A worker died or was killed, and with it every chunk not done yet. Read
                # those files one at a time to find the one that kills its reader or takes
                # too long; then go on with new workers.
                lost = [(chunk, None), *pending]
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                for each, done in lost:
                    if done is not None and _finished_well(done):
                        yield from zip((cand for cand, _ in each), done.result(), strict=True)
                    else:
                        yield from _one_at_a_time(each, now, scanner)
                pool = _pool(workers) or _InProcess()
                continue
            except Exception:  # the chunk could not be sent or its results read back
                yield from _one_at_a_time(chunk, now, scanner)
                continue
            yield from zip((cand for cand, _ in chunk), results, strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _finished_well(future: Any) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _one_at_a_time(
    chunk: Sequence[Task], now: str, scanner: AliasScanner
) -> Iterator[tuple[Candidate, Outcome]]:
    """Read each file in a worker of its own, so that a crash is pinned on its file."""
    from concurrent.futures.process import BrokenProcessPool

    pool: Any = _pool(1) or _InProcess()
    try:
        for task in chunk:
            try:
                (outcome,) = _result(pool, pool.submit(_read_chunk, [task], now, scanner))
            except _TookTooLong:
                outcome = Skipped(f"took too long to read (over {READ_SECONDS:g} s)")
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(1) or _InProcess()
            except BrokenProcessPool:
                outcome = Skipped("could not be read (its reading process crashed)")
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(1) or _InProcess()
            except Exception as exc:
                outcome = Skipped(f"could not be read ({type(exc).__name__}: {exc})")
            yield task[0], outcome
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _InProcess:
    """Stands in for a pool when worker processes cannot be made: runs jobs here."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        from concurrent.futures import Future

        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass
