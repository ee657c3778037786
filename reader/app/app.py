"""The Textual application: global keys, themes, workers' errors, imports.

Build it with :func:`reader.app.make_app`, the one factory the CLI and the tests use.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.screen import Screen
from textual.worker import Worker

from reader import paths
from reader.app.heap import CHECK_EVERY, QuietCollector
from reader.app.jobs import JobFailed, failure_message
from reader.app.keys import KeyQueue
from reader.app.screens.main import Listing, MainScreen
from reader.core import MEMORY, Store
from reader.errors import ReaderError
from reader.types import ListPrefs

if TYPE_CHECKING:
    from reader.app.screens.notes import NotesScreen
    from reader.app.screens.people import PeopleScreen
    from reader.app.screens.person import PersonScreen

THEME_SETTING = "theme"
#: Minutes between two refreshes of the feeds that are due, while the app runs (0: none,
#: not even at launch). Each feed is fetched only when due (its own interval, its
#: server's wishes), so a refresh of nothing due costs no request.
AUTO_REFRESH_SETTING = "feeds.refresh_minutes"
AUTO_REFRESH_MINUTES = 15
#: Seconds after the first screen is up before the launch's refresh starts.
AUTO_REFRESH_DELAY = 1.0
PROGRESS_EVERY = 0.05  # seconds between progress bar updates during an import
#: Seconds between two updates of a refresh's count in the top bar: each is a frame the
#: keys typed meanwhile wait behind, and the count needs no more.
REFRESH_PROGRESS_EVERY = 0.25
#: Deleted notes older than this, left by a session that did not end cleanly, are
#: forgotten at start (a running copy only undoes its own, recent deletions).
LEFTOVER_DELETIONS = timedelta(days=1)

#: What the first screen does not show: the other screens, the dialogs and the palette's
#: commands. Imported on first use, so that the first screen does not wait for them, and
#: in a worker once it is up, so that their first use does not either.
LATER = (
    "reader.app.dialogs.confirm",
    "reader.app.dialogs.chooser",
    "reader.app.dialogs.name",
    "reader.app.screens.note_editor",
    "reader.app.screens.notes",
    "reader.app.screens.people",
    "reader.app.screens.person",
    "reader.app.screens.sources",
    "reader.app.screens.help",
    "reader.app.commands",
)


def _reader_commands() -> type[Provider]:
    """The palette's commands, loaded when the palette first opens."""
    from reader.app.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(App[int]):
    """Read a news archive in the terminal."""

    TITLE = "termnews"
    CSS_PATH = str(paths.styles_dir() / "app.tcss")
    COMMANDS = App.COMMANDS | {_reader_commands}
    ALLOW_SELECT = True

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
        Binding("t", "change_theme", "Theme", id="app.theme", show=False),
        Binding("ctrl+p", "command_palette", "Commands", id="app.palette", show=False),
    ]

    def __init__(
        self,
        store: Store,
        *,
        seed_paths: Sequence[Path] | None = None,
        listing: Listing | None = None,
        prefs: ListPrefs | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.seed_paths = list(seed_paths or [])
        self._listing = listing
        self._prefs = prefs
        self._theme_ready = False
        self.collector = QuietCollector()
        self.keys = KeyQueue(self, super().on_event)
        #: Set when the app is leaving: a refresh under way stops (its thread would hold
        #: the exit until every feed had answered).
        self._leaving = threading.Event()
        #: Held while a refresh runs: one at a time (a thread cannot be cancelled, so an
        #: exclusive worker would leave the first running beside the second).
        self._refreshing = threading.Lock()

    def _start_collector(self) -> None:
        self.collector.start()
        self.set_interval(CHECK_EVERY, self.collector.tick, name="quiet collector")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input()
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self.keys.take(event)  # after the keys before it are handled
            return
        await super().on_event(event)

    def on_unmount(self) -> None:
        self._leaving.set()
        self.collector.stop()

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.store, self.keys, self._listing, self._prefs)

    def on_mount(self) -> None:
        self._theme_ready = True
        self.call_after_refresh(self._start_collector)
        self.call_after_refresh(self._import_the_rest)
        if self.store.backup_notice:
            self.notify(self.store.backup_notice, markup=False, timeout=10)
        if self.store.read_only_notice:
            # Nothing to recover: old deletions cannot be forgotten, drafts not saved.
            self.notify(self.store.read_only_notice, severity="warning", markup=False, timeout=10)
            return
        if self.seed_paths:
            self.import_files(self.seed_paths)
        # A write, whose worker would hold the interpreter while the first screen is made.
        self.call_after_refresh(self.recover_notes)
        self.set_timer(AUTO_REFRESH_DELAY, self._start_auto_refresh)

    @work(thread=True, group="startup", exit_on_error=False)
    def _import_the_rest(self) -> None:
        for name in LATER:
            importlib.import_module(name)

    @work(thread=True, group="startup", exit_on_error=False)
    def recover_notes(self) -> None:
        """Forget old deletions left by a killed session; offer unsaved drafts back."""
        stale = (datetime.now(UTC) - LEFTOVER_DELETIONS).isoformat(timespec="microseconds")
        self.store.purge_deleted_notes(before=stale)
        drafts = self.store.drafts()
        titles = {}
        for draft in drafts:
            try:
                titles[draft.article_id] = self.store.article(draft.article_id).title
            except ReaderError:
                titles[draft.article_id] = f"article {draft.article_id}"
        if drafts:
            screen = self.get_default_screen_instance()
            self.call_from_thread(screen.offer_drafts, drafts, titles)

    def on_notes_screen_open_note(self, event: NotesScreen.OpenNote) -> None:
        self.pop_screen()
        self.get_default_screen_instance().open_note(event.note)

    # -- people -------------------------------------------------------------------------

    def _back_to_main(self) -> MainScreen:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        return self.get_default_screen_instance()

    def on_people_screen_filter_changed(self, event: PeopleScreen.FilterChanged) -> None:
        self.get_default_screen_instance().set_people_filter(event.people)

    def on_people_screen_people_edited(self, event: PeopleScreen.PeopleEdited) -> None:
        from reader.app.screens.person import PersonScreen

        self.get_default_screen_instance().refresh_people()
        for screen in self.screen_stack:
            if isinstance(screen, PersonScreen):
                screen.reload()  # the panel was opened over it (from the palette)

    def on_person_screen_open_article(self, event: PersonScreen.OpenArticle) -> None:
        self._back_to_main().open_article(event.article_id)

    def on_person_screen_filter_by(self, event: PersonScreen.FilterBy) -> None:
        self._back_to_main().set_people_filter([event.person])

    # -- themes -----------------------------------------------------------------------

    def restore_theme(self, name: str | None) -> None:
        if name and name in self.available_themes:
            self.theme = name

    def watch_theme(self, theme: str) -> None:
        if self._theme_ready:
            self._save_setting(THEME_SETTING, theme)

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_setting(self, key: str, value: str) -> None:
        self.store.set_setting(key, value)

    # -- help and palette --------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands, but its theme command: the reader's (t) is in the palette."""
        for command in super().get_system_commands(screen):
            if command.callback != self.action_change_theme:
                yield command

    def action_help(self) -> None:
        from reader.app.commands import help_sections
        from reader.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_sections(self)))

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
        """Refresh the feeds that are due now, then every few minutes (the setting)."""
        value = self.store.get_setting(AUTO_REFRESH_SETTING)
        minutes = int(value) if value and value.isdigit() else AUTO_REFRESH_MINUTES
        if minutes <= 0 or self.store.read_only or not self.store.feeds():
            return
        self.call_from_thread(self.set_interval, minutes * 60, self._refresh_due)
        self.call_from_thread(self._refresh_due)

    def _refresh_due(self) -> None:
        self.refresh_feeds(due_only=True)

    @property
    def refreshing(self) -> bool:
        """Whether a refresh of the feeds is under way."""
        return self._refreshing.locked()

    @work(thread=True, group="refresh", exit_on_error=False)
    def refresh_feeds(self, *, due_only: bool = False) -> None:
        """Fetch the feeds (every live one, or those due) in a thread, on a connection of
        its own; progress in the top bar; the list shows what came, where it was. One
        refresh at a time: asked for during one, it says so (or, on its own, waits for
        the next turn)."""
        if not self._refreshing.acquire(blocking=False):
            if not due_only:
                self.call_from_thread(self.notify, "A refresh is under way", markup=False)
            return
        try:
            self._refresh(due_only)
        finally:
            self._refreshing.release()

    def _refresh(self, due_only: bool) -> None:
        screen = self.get_default_screen_instance()
        own = self.store if self.store.path == MEMORY else Store.open(self.store.path)
        try:
            feeds = [feed.id for feed in own.feeds() if not feed.dead]
            if not feeds:
                if not due_only:
                    hint = "No feeds yet: `reader feed add URL` subscribes to one"
                    self.call_from_thread(self.notify, hint, markup=False)
                return
            progress = self._progress_from_thread(
                screen.topbar.show_refresh, every=REFRESH_PROGRESS_EVERY
            )
            if not due_only:
                self.call_from_thread(screen.topbar.show_refresh, 0, len(feeds))
            chosen = None if due_only else feeds
            report = own.refresh_feeds(chosen, progress=progress, stop=self._leaving)
        finally:
            if own is not self.store:
                own.close()
            if not self._leaving.is_set():
                self.call_from_thread(screen.topbar.show_refresh, None)
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

    def get_default_screen_instance(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    # -- errors ------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own jobs: a failure is reported as every screen's is."""
        self._report(event.worker)

    def on_job_failed(self, message: JobFailed) -> None:
        """A screen's or widget's job failed (:mod:`reader.app.jobs`)."""
        self._report(message.worker)

    def _report(self, worker: Worker[Any]) -> None:
        """The one place a failed background job is reported; the app carries on."""
        message = failure_message(worker, self.store.shown_path)
        if message is not None:
            self.notify(message, severity="error", markup=False)
