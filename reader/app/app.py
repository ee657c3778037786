"""The Textual application: its start-up, global keys, themes and config file, the
screens' messages to it, and the one report of a failed job.

Its imports and refreshes of the feeds are a part of it of their own
(:mod:`reader.app.app_incoming`, a base class). Build it with
:func:`reader.app.make_app`, the one factory the CLI and the tests use.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
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
from reader.app.app_incoming import AppIncoming
from reader.app.heap import CHECK_EVERY, QuietCollector
from reader.app.jobs import JobFailed, failure_message
from reader.app.keys import KeyQueue, read_escapes_on_time
from reader.app.screens.main import Listing, MainScreen
from reader.config import COMPACT_LIST, SORT, THEME, Config
from reader.core import Store
from reader.errors import ReaderError
from reader.records import replace
from reader.types import ListPrefs

if TYPE_CHECKING:
    from textual.driver import Driver

    from reader.app.screens.notes import NotesScreen
    from reader.app.screens.people import PeopleScreen
    from reader.app.screens.person import PersonScreen

#: The database setting of the theme chosen with t (the config file's ``theme`` comes
#: first).
THEME_SETTING = THEME.stored_as or ""
#: The most lines of a config file's issues one notification shows.
CONFIG_ISSUES_SHOWN = 5
#: Seconds after the first screen is up before the launch's refresh starts.
AUTO_REFRESH_DELAY = 1.0
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
    "reader.app.screens.feeds",
    "reader.app.screens.sources",
    "reader.app.screens.help",
    "reader.app.commands",
)


def prefs_at_start(store: Store, config: Config) -> ListPrefs:
    """The list as the user likes it at start: the config file's ``sort`` and
    ``compact_list`` if it sets them, else the order and rows last chosen (``=``, ``c``)."""
    stored = store.list_prefs()
    order, compact = config.get(SORT), config.get(COMPACT_LIST)
    return replace(
        stored,
        order=stored.order if order is None else order,
        compact=stored.compact if compact is None else compact,
    )


def _reader_commands() -> type[Provider]:
    """The palette's commands, loaded when the palette first opens."""
    from reader.app.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(AppIncoming):
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
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = self._apply_config(config or Config())
        self.seed_paths = list(seed_paths or [])
        self._listing = listing
        self._prefs = prefs_at_start(store, self.config)
        self._theme_ready = False
        self._told_theme = False
        self.collector = QuietCollector()
        self.keys = KeyQueue(self, super().on_event)

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        read_escapes_on_time(driver)
        return driver

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
        self._report_config()
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
        # Drafts kept with Esc wait for their article's editor; the others were being
        # written when the reader stopped.
        drafts = [draft for draft in self.store.drafts() if not draft.kept]
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

    # -- the config file, themes ---------------------------------------------------------

    def _apply_config(self, config: Config) -> Config:
        """``config`` checked against this app (what it names must exist), its keys
        applied to every screen's and widget's bindings; what was refused is reported
        once the app is up."""
        from reader.app.settings import check_keys, check_theme

        if config.keys:
            config, keymap = check_keys(config, type(self))
            self.set_keymap(keymap)
        return check_theme(config, self.available_themes)

    def _report_config(self) -> None:
        issues = self.config.issues
        if not issues:
            return
        lines = list(issues[:CONFIG_ISSUES_SHOWN])
        if len(issues) > CONFIG_ISSUES_SHOWN:
            lines.append(f"… and {len(issues) - CONFIG_ISSUES_SHOWN} more (reader config show)")
        self.notify(
            "\n".join(lines), title="Config file", severity="warning", timeout=20, markup=False
        )

    def restore_theme(self, name: str | None) -> None:
        if name and name in self.available_themes:
            self.theme = name

    def start_theme(self, stored: str | None) -> None:
        """The theme at start: the config file's, else ``stored`` (the one last chosen
        with t), else Textual's default."""
        self.restore_theme(self.config.in_force(THEME, stored)[0])

    def watch_theme(self, theme: str) -> None:
        if not self._theme_ready:
            return
        self._save_setting(THEME_SETTING, theme)
        chosen = self.config.get(THEME)
        if chosen is not None and theme != chosen and not self._told_theme:
            self._told_theme = True
            self.notify(
                f"{theme} until you quit: the config file starts the reader in {chosen} "
                f"({self.config.shown})",
                markup=False,
            )

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
