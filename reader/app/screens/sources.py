"""The sources screen (``s`` below :data:`~reader.app.screens.base.SOURCES_COLUMN_FROM`
columns): the sources column of a wide screen, filling the screen.

Enter chooses a source and goes back to the list kept to it (the screen's result is
``(source,)``, ``(None,)`` for all articles); Esc or ``q`` goes back without choosing
(``None``). ``A`` marks a source read, as in the main screen's column, and the counts
are read again. The counts are read in a worker; the keys typed meanwhile wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult

from reader.app.screens.base import ReaderScreen
from reader.app.widgets.footer import Footer
from reader.app.widgets.source_list import SourceList, SourcesPanel
from reader.types import Source, SourceFilter

if TYPE_CHECKING:
    from collections.abc import Callable

    from reader.app.keys import KeyQueue
    from reader.app.widgets.source_list import Row
    from reader.core import Store

    MarkRead = Callable[[Row, Callable[[], None]], None]


class SourcesScreen(ReaderScreen[tuple[SourceFilter | None] | None]):
    """Every source with its counts; choose one to keep the list to it."""

    def __init__(
        self, store: Store, chosen: SourceFilter | None, keys: KeyQueue, mark_read: MarkRead
    ) -> None:
        super().__init__(id="sources-screen")
        self.store = store
        self.chosen = chosen
        self._keys = keys
        #: Marks a row's source read, then calls back (the main screen's).
        self._mark_read = mark_read

    def compose(self) -> ComposeResult:
        yield SourcesPanel(id="sources-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SourceList).focus()
        self._read(self._keys.hold())

    @work(thread=True, exclusive=True, group="sources", exit_on_error=False)
    def _read(self, release: Callable[[], None]) -> None:
        try:
            sources = self.store.sources()
        except Exception:  # reported as any failed job is; the keys typed meanwhile go on
            self.app.call_from_thread(release)
            raise
        self.app.call_from_thread(self._show, sources)
        self.app.call_from_thread(self.call_after_refresh, release)  # once they are shown

    def _show(self, sources: list[Source]) -> None:
        self.query_one(SourcesPanel).show_sources(sources, self.chosen)

    @on(SourceList.Chosen)
    def _chosen(self, event: SourceList.Chosen) -> None:
        self.dismiss((event.source,))

    @on(SourceList.Left)
    def _left(self) -> None:
        self.dismiss(None)

    @on(SourceList.MarkRead)
    def _mark_read_asked(self, event: SourceList.MarkRead) -> None:
        self._mark_read(event.row, self._read_again)

    def _read_again(self) -> None:
        if self.is_attached:
            self._read(self._keys.hold())
