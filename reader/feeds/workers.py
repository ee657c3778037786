"""The worker processes a refresh parses in: made once per refresh of many feeds (how they
are started is :func:`reader.processes.process_context`'s), at a lower CPU priority."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import TypeVar

from reader.feeds import tls
from reader.processes import process_context, usable_cores

_T = TypeVar("_T")

#: From this many feeds to fetch on, documents are parsed in worker processes.
PARALLEL_FEEDS = 8


@contextlib.contextmanager
def parsers(feeds: int) -> Iterator[Executor | None]:
    """Worker processes to parse in, for a refresh of many feeds (None: the loop's
    default thread pool, for a few feeds, one core, or processes that cannot start)."""
    cores = usable_cores()
    if feeds < PARALLEL_FEEDS or cores < 2:
        yield None
        return
    try:
        # Forked, if the certificates' thread is the only other one: it is joined before
        # the first document is handed over, which forks them (a refresh whose feeds all
        # answer 304 never waits for it).
        context = process_context(["reader.feeds.digest", "reader.feeds.parse"], tls.loading())
        pool = _Pool(max_workers=min(cores, 4), mp_context=context, initializer=_yield_to_others)
    except (OSError, ValueError, NotImplementedError):
        yield None
        return
    try:
        yield pool
    finally:
        # A worker still busy is stuck on a document (past PARSE_SECONDS): it ends here.
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=1.0)
            if process.is_alive():
                process.kill()


class _Pool(ProcessPoolExecutor):
    """Worker processes that start once the certificates' thread, if any, has ended."""

    _started = False

    def submit(self, fn: Callable[..., _T], /, *args: object, **kwargs: object) -> Future[_T]:
        if not self._started:  # the first work starts the processes (a fork copies threads)
            tls.wait()
            self._started = True
        return super().submit(fn, *args, **kwargs)


#: How much lower the parse processes' CPU priority is than the refresh's own process.
WORKER_NICENESS = 10


def _yield_to_others() -> None:
    """(In a parse process, as it starts.) Give way to the process that started it: in
    the app, that is the one that answers keys (and writes what is parsed); the cores
    are still the parsers' whenever it does not need them."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
