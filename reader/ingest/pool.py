"""The worker processes an import reads in: when to use them, and how one that crashes
or takes too long costs nothing but its file.

Reading, parsing and finding people run in worker processes when there are at least
:data:`PARALLEL_MIN` files (one per core; the importing process only writes to SQLite,
in file order). A worker that dies costs nothing but the file that killed it: the
files it had in hand are read again one at a time, and the one that crashes its reader
again is skipped with its reason. A worker that spends more than :data:`READ_SECONDS`
on one file is killed the same way, and that file is skipped as taking too long: no
file can stall an import. (A smaller import is read in the importing process, but for
its files over :data:`GUARDED_BYTES`, which a worker reads.)
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.ingest.discover import Candidate, article_id
from reader.ingest.read import Outcome, Skipped, _read_one, _will_read
from reader.people.mentions import AliasScanner

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


#: Imports of fewer files than this are read in this process, without workers.
PARALLEL_MIN = 300


#: Files handed to a worker process at a time.
CHUNK_SIZE = 200
#: Files a worker asks the kernel to read ahead of the one it parses (where it can).
READ_HINT = 32


#: Files read ahead of the writer: more than a batch, so that the workers are never idle
#: while this process writes one (holding them costs a few MB).
READ_AHEAD = 10_000  # a writer's batch (reader.ingest.pipeline.BATCH_SIZE)


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


Task = tuple[Candidate, "tuple[str, int] | None"]


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
    from reader.processes import usable_cores

    return usable_cores()


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """Worker processes, or None when none can be made (then files are read here).

    How they are started: :func:`reader.processes.process_context`.
    """
    from concurrent.futures import ProcessPoolExecutor

    from reader.processes import process_context

    try:
        context = process_context(["reader.ingest", "reader.people.extract"])
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
