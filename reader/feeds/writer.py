"""The writing side of a refresh: what the fetches bring, stored in a thread of its own,
many feeds to a transaction.

A transaction per feed cost a refresh of 500 feeds 500 commits (each a wait on the disk)
and 500 small full-text index segments, and held the store's lock on the event loop's
thread, so the fetches waited on the writes. Here the event loop only hands each feed's
outcome over (:meth:`Writer.put`); one thread writes them in batches of up to
:data:`WRITE_ROWS` articles or :data:`WRITE_FEEDS` feeds, or what came within
:data:`WRITE_WAIT` seconds. A feed's articles and its fetch state are always in the same
transaction, so a killed refresh leaves every feed as it was or as it was fetched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.people.mentions import MentionValues
from reader.storage.feeds import FetchRecord
from reader.types import ArticleRow

if TYPE_CHECKING:
    from reader.session import ImportSession

#: A batch is written once it holds this many articles ...
WRITE_ROWS = 2_000
#: ... or this many feeds ...
WRITE_FEEDS = 250
#: ... or when nothing more came for this long (seconds).
WRITE_WAIT = 0.25


@dataclass
class Changes:
    """What a fetched document changes: the articles to write with their people, how
    many are new, and the ids of those updated."""

    rows: list[ArticleRow] = field(default_factory=list)
    mentions: list[Sequence[MentionValues] | None] = field(default_factory=list)
    new: int = 0
    updated: list[str] = field(default_factory=list)


@dataclass
class Job:
    """One feed's outcome to store: its new fetch state, and (once its document was read)
    ``changes``, which makes what to write from it in the writing thread (it reads what is
    stored); ``size`` is about how many articles that will be."""

    record: FetchRecord
    changes: Callable[[], Changes] | None = None
    size: int = 0
    #: Set once written (or not): what was written.
    done: asyncio.Future[Changes] = field(init=False)


class Writer:
    """Writes the jobs put to it, in batches, in a thread of its own (see the module doc).

    In the writing thread, ``written(job, changes)`` is called for each job once its
    batch is in, and ``failed(job, reason)`` for each job of a batch that could not be.
    """

    def __init__(
        self,
        session: ImportSession,
        written: Callable[[Job, Changes], None],
        failed: Callable[[Job, str], None],
    ) -> None:
        self._session = session
        self._written = written
        self._failed = failed
        self._queue: asyncio.Queue[Job | None] = asyncio.Queue()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-writer")
        self._task = asyncio.get_running_loop().create_task(self._run())

    def put(self, job: Job) -> asyncio.Future[Changes]:
        """Queue ``job``; the future gives what was written once it is (nothing, if the
        batch failed)."""
        job.done = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(job)
        return job.done

    async def call(self, work: Callable[..., object], *args: object) -> None:
        """Run another write in the writing thread (so writes never wait on each other
        on the event loop's thread)."""
        await asyncio.get_running_loop().run_in_executor(self._thread, work, *args)

    async def close(self) -> None:
        """Write what is queued, and end the thread."""
        self._queue.put_nowait(None)
        try:
            await self._task
        finally:
            self._thread.shutdown(wait=True)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        batch: list[Job] = []
        rows = 0
        closing = False
        while not closing:
            job: Job | None
            timed_out = False
            if batch:
                try:
                    job = await asyncio.wait_for(self._queue.get(), WRITE_WAIT)
                except TimeoutError:
                    job, timed_out = None, True
            else:
                job = await self._queue.get()
            if job is None and not timed_out:
                closing = True
            elif job is not None:
                batch.append(job)
                rows += job.size
            if batch and (timed_out or closing or rows >= WRITE_ROWS or len(batch) >= WRITE_FEEDS):
                written = await loop.run_in_executor(self._thread, self._write, batch)
                for one, changes in zip(batch, written, strict=True):
                    if not one.done.done():
                        one.done.set_result(changes)
                batch, rows = [], 0

    def _write(self, batch: list[Job]) -> list[Changes]:
        """Write one batch in one transaction; what was written for each job."""
        records: list[FetchRecord] = []
        rows: list[ArticleRow] = []
        mentions: list[Sequence[MentionValues] | None] = []
        written: list[Changes] = []
        try:
            for job in batch:
                changes = job.changes() if job.changes is not None else Changes()
                records.append(job.record)
                rows.extend(changes.rows)
                mentions.extend(changes.mentions)
                written.append(changes)
            self._session.write_feeds(records, rows, mentions)
        except Exception as exc:  # a full disk, a lock held too long: these feeds fail
            reason = f"not saved ({exc})"
            for job in batch:
                self._failed(job, reason)
            return [Changes() for _ in batch]
        for job, changes in zip(batch, written, strict=True):
            self._written(job, changes)
        return written
