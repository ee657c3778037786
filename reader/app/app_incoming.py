"""The app's work that brings articles in: importing files and refreshing the feeds.

Each runs in a thread and shows how far it has got: an import in the main screen's
progress bar, a refresh in the top bar and on the feeds screen. An import works on a
connection of its own; a refresh, in a process of its own (:mod:`reader.feeds.apart`: it
shares no interpreter lock with the keys). An in-memory database has only the one
connection, and is refreshed in the thread. The feeds are refreshed at start and then every few
minutes (the due ones: :meth:`AppIncoming._start_auto_refresh`), and when asked (``R``,
``r``, the feeds screen's keys), one refresh at a time.

A part of :class:`~reader.app.app.ReaderApp` (a base class of it): its workers and
handlers run on the app, as Textual's ``@work`` and message handlers need.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from reader.config import REFRESH_MINUTES, Config
from reader.core import MEMORY, Store

if TYPE_CHECKING:
    from reader.app.screens.feeds import FeedsScreen
    from reader.app.screens.main import MainScreen

#: The database setting of the minutes between two refreshes (the config file's
#: ``refresh_minutes`` comes first).
AUTO_REFRESH_SETTING = REFRESH_MINUTES.stored_as or ""
PROGRESS_EVERY = 0.05  # seconds between progress bar updates during an import
#: Seconds between two updates of a refresh's count in the top bar: each is a frame the
#: keys typed meanwhile wait behind, and the count needs no more.
REFRESH_PROGRESS_EVERY = 0.25


class AppIncoming(App[int]):
    """The app's imports and refreshes of the feeds."""

    # Set by the app.
    store: Store
    config: Config

    def __init__(self) -> None:
        super().__init__()
        #: Seconds between two refreshes of the due feeds, once they are set going.
        self.refresh_every: float | None = None
        #: Set when the app is leaving: a refresh under way stops (its thread would hold
        #: the exit until every feed had answered).
        self._leaving = threading.Event()
        #: Held while a refresh runs: one at a time (a thread cannot be cancelled, so an
        #: exclusive worker would leave the first running beside the second).
        self._refreshing = threading.Lock()

    if TYPE_CHECKING:  # the app's

        def get_default_screen_instance(self) -> MainScreen: ...

    # -- importing ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def import_files(self, targets: Sequence[Path]) -> None:
        """Import in a thread, on a connection of its own, with a progress bar."""
        status = self.get_default_screen_instance().import_status
        total = self.store.count_files(targets)
        self.call_from_thread(status.started, total)
        progress = self._progress_from_thread(lambda done, total: status.progress(done))
        own = self.store if self.store.path == MEMORY else Store.open(self.store.path)
        try:
            report = own.import_files(targets, progress=progress)
        finally:
            if own is not self.store:
                own.close()
        self.call_from_thread(status.finished)
        severity = "warning" if report.skipped else "information"
        self.call_from_thread(self.notify, f"Import: {report.summary()}", severity=severity)

    # -- feeds --------------------------------------------------------------------------

    @work(thread=True, group="startup", exit_on_error=False)
    def _start_auto_refresh(self) -> None:
        """Refresh the feeds that are due now, then every few minutes (the config file's
        ``refresh_minutes``, else the database's; 0: none, not even now). Each feed is
        fetched only when due (its own interval, its server's wishes), so a refresh of
        nothing due costs no request."""
        stored = self.store.get_setting(AUTO_REFRESH_SETTING)
        minutes = self.config.in_force(REFRESH_MINUTES, stored)[0] or 0
        if minutes <= 0 or self.store.read_only or not self.store.feeds():
            return
        self.call_from_thread(self._refresh_every, minutes * 60)
        self.call_from_thread(self._refresh_due)

    def _refresh_every(self, seconds: float) -> None:
        self.refresh_every = seconds
        self.set_interval(seconds, self._refresh_due, name="refresh the due feeds")

    def _refresh_due(self) -> None:
        self.refresh_feeds(due_only=True)

    @property
    def refreshing(self) -> bool:
        """Whether a refresh of the feeds is under way."""
        return self._refreshing.locked()

    @work(thread=True, group="refresh", exit_on_error=False)
    def refresh_feeds(self, *, due_only: bool = False, only: Sequence[int] | None = None) -> None:
        """Fetch the feeds (every live one, those due, or ``only`` these, by id, dead or
        not) in a thread, the work in a process of its own; progress in the top bar and on the
        feeds screen; the list shows what came, where it was, and the feeds screen the
        feeds' new state. One refresh at a time: asked for during one, it says so (or,
        on its own, waits for the next turn)."""
        if not self._refreshing.acquire(blocking=False):
            if not due_only:
                self.call_from_thread(self.notify, "A refresh is under way", markup=False)
            return
        try:
            self._refresh(due_only, only)
        finally:
            self._refreshing.release()
            if not self._leaving.is_set():
                self.call_from_thread(self._refresh_ended)

    def _refresh(self, due_only: bool, only: Sequence[int] | None) -> None:
        screen = self.get_default_screen_instance()
        try:
            if only is not None:
                feeds = list(only)
            else:
                feeds = [feed.id for feed in self.store.feeds() if not feed.dead]
            if not feeds:
                if not due_only:
                    hint = "No feeds yet: `reader feed add URL` subscribes to one"
                    self.call_from_thread(self.notify, hint, markup=False)
                return
            progress = self._progress_from_thread(self._show_refresh, every=REFRESH_PROGRESS_EVERY)
            if not due_only:
                self.call_from_thread(self._show_refresh, 0, len(feeds))
            chosen = None if due_only else feeds
            # In a process of its own: its fetching and writing never hold the keys back.
            report = self.store.refresh_feeds(
                chosen, progress=progress, stop=self._leaving, apart=True
            )
        finally:
            if not self._leaving.is_set():
                self.call_from_thread(self._show_refresh, None)
        if self._leaving.is_set():
            return
        if report.new or report.updated:
            self.call_from_thread(screen.feeds_refreshed)
        else:
            self.call_from_thread(screen.refresh_sources)  # which feeds failed, or now work
        if due_only and not (report.new or report.updated or report.failed):
            return  # a quiet background refresh stays quiet
        message = f"Refresh: {report.summary()}"
        failed = [issue for issue in report.issues if issue.failed]
        if failed:
            message += "\n" + "\n".join(str(issue) for issue in failed[:3])
            if len(failed) > 3:
                message += f"\n… and {len(failed) - 3} more (reader feed list)"
        severity = "warning" if report.failed else "information"
        self.call_from_thread(self.notify, message, severity=severity, markup=False)

    def _feeds_screens(self) -> list[FeedsScreen]:
        from reader.app.screens.feeds import FeedsScreen

        return [screen for screen in self.screen_stack if isinstance(screen, FeedsScreen)]

    def _show_refresh(self, done: int | None, total: int = 0) -> None:
        """A refresh's progress (None: it is over), in the top bar and on the feeds screen."""
        self.get_default_screen_instance().topbar.show_refresh(done, total)
        for screen in self._feeds_screens():
            screen.show_refresh(done, total)

    def _refresh_ended(self) -> None:
        """The feeds screen shows the feeds as the refresh left them (errors, times)."""
        for screen in self._feeds_screens():
            screen.load()

    def on_feeds_screen_feed_removed(self) -> None:
        """A feed's articles are gone: the list shows what is left, where it was."""
        self.get_default_screen_instance().feeds_refreshed()

    def _progress_from_thread(
        self, show: Callable[[int, int], object], every: float = PROGRESS_EVERY
    ) -> Callable[[int, int, str], None]:
        """A ``progress(done, total, name)`` for a worker thread that has ``show(done,
        total)`` run on the screen at most every ``every`` seconds, and at the end."""
        last = 0.0

        def progress(done: int, total: int, name: str) -> None:
            nonlocal last
            if self._leaving.is_set():
                return  # nothing is drawn any more
            now = time.monotonic()
            if now - last >= every or done == total:
                last = now
                self.call_from_thread(show, done, total)

        return progress
