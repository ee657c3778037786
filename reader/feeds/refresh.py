"""A refresh: the feeds that are due (or those named) fetched at once, politely
(:class:`~reader.feeds.http.Fetcher` keeps to 16 requests at a time and 2 a host), each
document parsed outside the event loop (in worker processes when there are many), and
each feed's new and changed entries written with its fetch outcome in one transaction,
so a killed refresh leaves every feed as it was or as it was fetched.

One feed's failure is stored on it (status, reason, failures in a row, when to try
again) and reported as one line; the others go on. An entry whose text changed is
updated in place (same id: notes are looked for again, bookmarks kept); one that left
the feed stays in the archive. A feed that swapped its entries' ids keeps one article a
story: a new id whose link an article of the same feed already has updates that
article (see :func:`_same_story`).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from reader.errors import FeedError, StoreError
from reader.feeds.digest import Digest, digest
from reader.feeds.loop import run as run_work
from reader.feeds.model import Fetched
from reader.feeds.schedule import next_fetch, take_redirect
from reader.feeds.workers import parsers
from reader.feeds.writer import Changes, Job, Writer
from reader.people.mentions import AliasScanner
from reader.records import replace
from reader.storage.feeds import FetchRecord, FetchState
from reader.types import ArticleRow, FeedIssue, RefreshReport

if TYPE_CHECKING:
    from reader.feeds.http import Fetcher
    from reader.session import Importer, ImportSession

#: Minutes between two fetches of a feed, unless it or the user says otherwise.
DEFAULT_INTERVAL_MINUTES = 60

#: The most one document may take to be parsed, its entries made articles and their
#: people found (seconds); a feed over it fails with that reason.
PARSE_SECONDS = 60.0

Progress = Callable[[int, int, str], None]
"""``progress(done, total, feed_name)``, called as each feed is done."""


def refresh(
    importer: Importer,
    feed_ids: Sequence[int] | None = None,
    *,
    progress: Progress | None = None,
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES,
    now: datetime | None = None,
    fetcher: Callable[[], Fetcher] | None = None,
    stop: threading.Event | None = None,
) -> RefreshReport:
    """Refresh the feeds of ``feed_ids``, or every feed that is due; never raises for a
    feed (each failure is one line of the report). Runs its own event loop: call it from
    a thread that has none (the CLI, or a worker thread of the app).

    Once ``stop`` is set (the app is quitting), the fetches under way are dropped, what
    was fetched is written, and it returns within about :data:`STOP_POLL` seconds: the
    feeds not fetched stay due.
    """
    # Its writes on a connection of their own: the app's searches and lists read on.
    with importer.import_session(apart=True) as session:
        work = refresh_in(session, feed_ids, progress, interval_minutes, now, fetcher, stop)
        return run_work(work)


async def refresh_in(
    session: ImportSession,
    feed_ids: Sequence[int] | None,
    progress: Progress | None = None,
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES,
    now: datetime | None = None,
    fetcher: Callable[[], Fetcher] | None = None,
    stop: threading.Event | None = None,
) -> RefreshReport:
    """:func:`refresh` on an open import session, in the running event loop."""
    moment = now or datetime.now(UTC)
    stamp = _iso(moment)
    states = session.feed_states(due_by=None if feed_ids is not None else stamp, ids=feed_ids)
    report = RefreshReport()
    if not states:
        return report
    session.keep_temp_in_memory()
    # A new database notes its finder (else its first search for people found again would
    # read every article); one an older finder wrote queues its articles, found again below.
    session.find_people_again_if_finder_changed()
    scanner = session.people_scanner()
    run = _Run(session, report, moment, interval_minutes, scanner, progress, len(states))
    with parsers(len(states)) as pool:
        run.pool = pool
        if fetcher is None:
            from reader.feeds.http import Fetcher

            fetcher = Fetcher
        run.writer = Writer(session, run.written, run.not_saved)
        try:
            async with fetcher() as client:
                fetches = asyncio.gather(*(run.one(client, state) for state in states))
                await _until_stopped(fetches, stop)
        finally:
            await run.writer.close()
    # Finishing queues the articles that name in full people found only from context in
    # the new ones ("Marat Safin said"); the articles whose text the web page gave, and
    # those an older finder read, wait too.
    session.finish_people()
    if session.people_todo_count():
        from reader.ingest.pipeline import find_pending_people

        find_pending_people(session)
    try:
        if session.spelling_pending():  # none after a refresh of 304s
            session.refresh_spelling()
    except StoreError as exc:  # the articles are written; search only lags until next time
        report.issues.append(FeedIssue("search index", str(exc), failed=False))
    if run.updated_ids:
        session.reanchor_notes(run.updated_ids)
    return report


class _Run:
    """One refresh under way: what every feed's task shares."""

    def __init__(
        self,
        session: ImportSession,
        report: RefreshReport,
        now: datetime,
        interval_minutes: int,
        scanner: AliasScanner,
        progress: Progress | None,
        total: int,
    ) -> None:
        self.session = session
        self.report = report
        self.now = now
        self.stamp = _iso(now)
        self.interval = interval_minutes
        self.scanner = scanner
        self.progress = progress
        self.total = total
        self.done = 0
        #: Each feed's name, by id, for the report.
        self.names: dict[int, str] = {}
        self.pool: Executor | None = None
        self.writer: Writer | None = None
        self.updated_ids: list[str] = []

    async def one(self, client: Fetcher, state: FetchState) -> None:
        """Fetch, read and store one feed; whatever happens, count it and go on."""
        name = self.names[state.id] = state.title or state.url
        try:
            fetched = await client.fetch(
                state.url, etag=state.etag, last_modified=state.last_modified
            )
            written = await self._store(state, fetched)
            if state.fulltext and written is not None:
                changes = await written
                if changes.rows:
                    await self._fulltext(client, state, changes.rows)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must cost this feed only, and say so
            self._failed(state, None, f"{type(exc).__name__}: {exc}")
        finally:
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, self.total, name)

    async def _store(self, state: FetchState, fetched: Fetched) -> asyncio.Future[Changes] | None:
        """Hand what one fetch brought to the writer; what it will have written, once it
        has (None: no document was read)."""
        new_url, redirect_url, redirect_since = take_redirect(
            self.now, state.redirect_since, state.redirect_url, fetched.moved_to, fetched.status
        )
        if fetched.error is not None:
            gone = fetched.status == 410 and new_url is None
            reason = (
                f"{fetched.error}: the feed is gone, and is no longer fetched"
                if gone
                else fetched.error
            )
            self._failed(
                state,
                fetched,
                reason,
                dead=gone,
                new_url=new_url,
                redirect=(redirect_url, redirect_since),
            )
            return None
        base = FetchRecord(
            feed_id=state.id,
            fetched_at=self.stamp,
            next_fetch=self._next(state, fetched, failures=0),
            status=fetched.status,
            error=None,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            retry_until=None,
            redirect_url=redirect_url,
            redirect_since=redirect_since,
            new_url=new_url,
        )
        if fetched.not_modified or fetched.body is None:
            self.report.not_modified += 1
            self._put(Job(replace(base, ttl_minutes=state.ttl_minutes)))
            return None
        try:
            read = await self._digest(state, fetched)
        except FeedError as exc:
            self._failed(
                state, fetched, str(exc), new_url=new_url, redirect=(redirect_url, redirect_since)
            )
            return None
        record = replace(
            base,
            title=read.title,
            site_url=read.site_url,
            ttl_minutes=read.ttl_minutes,
            next_fetch=self._next(state, fetched, failures=0, ttl=read.ttl_minutes),
        )
        self.report.fetched += 1
        if read.problem:
            self.report.issues.append(
                FeedIssue(state.title or state.url, read.problem, failed=False)
            )
        return self._put(Job(record, partial(self._changed, state, read), len(read.rows)))

    def _put(self, job: Job) -> asyncio.Future[Changes]:
        assert self.writer is not None
        return self.writer.put(job)

    def written(self, job: Job, changes: Changes) -> None:
        """(In the writing thread.) A feed's articles are in: count them."""
        self.report.new += changes.new
        self.report.updated += len(changes.updated)
        self.updated_ids.extend(changes.updated)
        self.report.article_ids.extend(row.id for row in changes.rows)

    def not_saved(self, job: Job, reason: str) -> None:
        """(In the writing thread.) A feed's fetch could not be stored."""
        feed = str(job.record.feed_id)
        if job.record.error is None:
            if job.changes is not None:
                self.report.fetched -= 1
            else:
                self.report.not_modified -= 1
            self.report.failed += 1
        name = self.names.get(job.record.feed_id, feed)
        self.report.issues.append(FeedIssue(name, reason))

    async def _fulltext(self, client: Fetcher, state: FetchState, rows: list[ArticleRow]) -> None:
        """A feed set to full text: each new or changed entry's web page fetched, and the
        article there made its text. A page that fails keeps the feed's text (one note
        for the feed, not one for each page)."""
        from reader.feeds.fulltext import EXTRACTOR, extract

        async def one(row: ArticleRow) -> str | None:
            assert row.url is not None
            fetched = await client.fetch(row.url)
            if fetched.body is None:
                return fetched.error or "nothing came back"
            work = asyncio.get_running_loop().run_in_executor(
                self.pool, extract, fetched.body, fetched.final_url or row.url
            )
            try:
                text = await asyncio.wait_for(work, PARSE_SECONDS)
            except (FeedError, TimeoutError) as exc:
                return str(exc) or "took too long to read"
            assert self.writer is not None
            try:
                await self.writer.call(
                    self.session.write_fulltext, row.id, text, row.url, self.stamp, EXTRACTOR
                )
            except Exception as exc:  # the feed and its articles are stored: a note only
                return f"not saved ({exc})"
            return None

        problems = await asyncio.gather(*(one(row) for row in rows if row.url))
        failed = [p for p in problems if p]
        if failed:
            reason = f"{len(failed)} web page(s) gave no full text ({failed[0]})"
            self.report.issues.append(FeedIssue(state.title or state.url, reason, failed=False))

    async def _digest(self, state: FetchState, fetched: Fetched) -> Digest:
        assert fetched.body is not None
        url = fetched.final_url or state.url
        args = (
            fetched.body,
            url,
            dict(fetched.headers),
            state.id,
            state.title or "",
            self.stamp,
            self.scanner,
        )
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(
                loop.run_in_executor(self.pool, digest, *args), PARSE_SECONDS
            )
        except TimeoutError:
            raise FeedError(f"took more than {PARSE_SECONDS:.0f} s to read") from None

    def _changed(self, state: FetchState, read: Digest) -> Changes:
        """(In the writing thread.) The rows of ``read`` that are new or changed, ids kept
        across id swaps."""
        known = self.session.known_entries(state.id)
        by_url = {url: article_id for article_id, (_, url) in known.items() if url}
        changes = Changes()
        seen: set[str] = set()
        for row, mentions in zip(read.rows, read.mentions, strict=True):
            row = _same_story(row, known, by_url)
            if row.id in seen:  # two entries of one document ended as one story
                continue
            seen.add(row.id)
            before = known.get(row.id)
            if before is not None and before[0] == row.content_hash:
                continue
            if before is None:
                changes.new += 1
            else:
                changes.updated.append(row.id)
            changes.rows.append(row)
            changes.mentions.append(mentions)
        return changes

    def _next(
        self, state: FetchState, fetched: Fetched | None, failures: int, ttl: int | None = None
    ) -> str:
        when = next_fetch(
            self.now,
            interval_minutes=state.interval_minutes or self.interval,
            ttl_minutes=ttl if ttl is not None else state.ttl_minutes,
            max_age=fetched.max_age if fetched else None,
            retry_after=fetched.retry_after if fetched else None,
            failures=failures,
        )
        return _iso(when)

    def _failed(
        self,
        state: FetchState,
        fetched: Fetched | None,
        reason: str,
        *,
        dead: bool = False,
        new_url: str | None = None,
        redirect: tuple[str | None, str | None] = (None, None),
    ) -> None:
        failures = state.failures + 1
        retry = fetched.retry_after if fetched else None
        record = FetchRecord(
            feed_id=state.id,
            fetched_at=self.stamp,
            next_fetch=self._next(state, fetched, failures),
            status=fetched.status if fetched else None,
            error=reason,
            retry_until=_iso(self.now + timedelta(seconds=retry)) if retry else None,
            redirect_url=redirect[0],
            redirect_since=redirect[1],
            new_url=new_url,
            dead=dead,
        )
        self._put(Job(record))
        self.report.failed += 1
        self.report.issues.append(FeedIssue(state.title or state.url, reason))


#: How often a refresh looks whether it was asked to stop (seconds).
STOP_POLL = 0.1


async def _until_stopped(work: asyncio.Future[Any], stop: threading.Event | None) -> None:
    """Wait for ``work``, or cancel it once ``stop`` is set."""
    if stop is None:
        await work
        return
    while not work.done():
        if stop.is_set():
            work.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await work
            return
        await asyncio.wait({work}, timeout=STOP_POLL)
    work.result()


def _same_story(
    row: ArticleRow, known: dict[str, tuple[str, str | None]], by_url: dict[str, str]
) -> ArticleRow:
    """``row``, with the id of the stored article of its feed that has its link when its
    own id is new: a feed that changed its entries' ids (a new CMS, http to https in
    every guid) updates its stories instead of listing each one twice. Links are what a
    reader sees as "the same story"; two stories of one feed rarely share one."""
    if row.id in known or not row.url:
        return row
    same = by_url.get(row.url)
    return row if same is None else replace(row, id=same)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
