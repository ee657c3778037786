"""The main screen's sources: the column of sources left of the list on a wide screen
(the sources screen below :data:`~reader.app.screens.base.SOURCES_COLUMN_FROM` columns),
and the chosen source the list is kept to.

``s`` shows the column and goes to it; from the column, ``s`` folds it away again
(whether it is shown is remembered). Enter on a source keeps the list, its counts, a
search and ``A`` to it; the filter bar names it, and ``x``, ``Esc`` or ``q`` on the list
(or choosing "All articles") clears it. ``A`` in the sources marks a source's articles
read (asking first when they are more than a screenful; ``u`` undoes it). The counts
are read again whenever the list is (after marking read, a refresh, an import), and
after an article is marked read or unread.

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work

from reader.app.screens.base import SOURCES_COLUMN_FROM
from reader.app.screens.main_base import MainBase
from reader.app.text import plain
from reader.app.widgets.filter_bar import FilterBar
from reader.app.widgets.source_list import Row, SourceList, SourcesPanel
from reader.types import Source, SourceFilter


class MainSources(MainBase):
    """The main screen's sources column and source filter."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The source every listed article is of (None: every source).
        self.source_filter: SourceFilter | None = None
        self._sources_generation = 0

    @property
    def sources_panel(self) -> SourcesPanel:
        """The column (made by :meth:`_column`; the first screen goes without it)."""
        return self.query_one("#sources", SourcesPanel)

    @property
    def has_column(self) -> bool:
        return bool(self.query("#sources"))

    async def _column(self) -> SourcesPanel:
        """The column, made the first time it is wanted: a screen that never shows it
        never styles or lays it out (its first frame comes that much sooner)."""
        if not self.has_column:
            await self.query_one("#panes").mount(SourcesPanel(id="sources"), before=0)
        return self.sources_panel

    @property
    def sources_shown(self) -> bool:
        """Whether the sources column is on screen (shown, and the screen is wide)."""
        return self.has_class("-sources") and not self.has_class("-no-column")

    async def action_sources(self) -> None:
        """The sources: at 80x24 a screen of their own; on a wide screen the column, shown
        and gone to (from the column: folded away)."""
        if self.app.size.width < SOURCES_COLUMN_FROM:
            self._open_sources_screen()
            return
        source_list = (await self._column()).source_list
        if self.sources_shown and source_list.has_focus:
            self._show_column(False)
            self.article_list.focus()
            return
        if not self.sources_shown:
            self._show_column(True)
        source_list.focus()
        if not source_list.filled:
            self.refresh_sources(self.keys.hold())  # the keys after s are for the list

    def _show_column(self, shown: bool) -> None:
        self.set_class(shown, "-sources")
        self.save_prefs()

    def _open_sources_screen(self) -> None:
        from reader.app.screens.sources import SourcesScreen

        def chosen(result: tuple[SourceFilter | None] | None) -> None:
            if result is not None:
                self.set_source_filter(result[0])

        screen = SourcesScreen(self.store, self.source_filter, self.keys, self.mark_source_read)
        self.app.push_screen(screen, chosen)

    # -- the counts ---------------------------------------------------------------------

    def refresh_sources(self, release: Callable[[], None] | None = None) -> None:
        """Read the sources' counts again, if the column shows them (in a worker)."""
        if not self.sources_shown and release is None:
            return
        self._sources_generation += 1
        self._read_sources(self._sources_generation, release)

    @work(thread=True, group="sources", exit_on_error=False)
    def _read_sources(self, generation: int, release: Callable[[], None] | None) -> None:
        try:
            sources = self.store.sources()
        except Exception:  # reported as any failed job is; the keys typed meanwhile go on
            if release is not None:
                self.app.call_from_thread(release)
            raise
        self.app.call_from_thread(self._show_sources, generation, sources)
        if release is not None:  # once they are shown
            self.app.call_from_thread(self.call_after_refresh, release)

    def _show_sources(self, generation: int, sources: list[Source]) -> None:
        if generation == self._sources_generation and self.has_column:
            self.sources_panel.show_sources(sources, self.source_filter)

    # -- choosing -----------------------------------------------------------------------

    @on(SourceList.Chosen, "#sources SourceList")
    def _chosen_in_column(self, event: SourceList.Chosen) -> None:
        self.set_source_filter(event.source)
        self.article_list.focus()

    @on(SourceList.Left, "#sources SourceList")
    def _left_column(self) -> None:
        self.article_list.focus()

    @on(SourceList.MarkRead, "#sources SourceList")
    def _mark_read_in_column(self, event: SourceList.MarkRead) -> None:
        self.mark_source_read(event.row)

    # -- A in the sources: a source marked read ------------------------------------------

    def mark_source_read(self, row: Row, then: Callable[[], None] | None = None) -> None:
        """Mark every article of ``row``'s source read (of every source: "All articles"),
        asking first when it has more unread than the list shows; ``then`` runs once done."""
        if not row.unread:
            self.notify(f"Nothing unread in {plain(row.name).plain}.", markup=False)
            return
        what = "every source" if row.chosen is None else plain(row.name).plain
        if row.unread <= self.article_list.rows_per_page:
            self._write_source_read(row.chosen, what, then)
            return
        from reader.app.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._write_source_read(row.chosen, what, then)

        question = f"Mark {row.unread:,} unread in {what} read? (u in the list undoes it)"
        self.app.push_screen(ConfirmScreen(question), answered)

    @work(thread=True, group="user-data", exit_on_error=False)
    def _write_source_read(
        self, source: SourceFilter | None, what: str, then: Callable[[], None] | None
    ) -> None:
        store = self.store
        with store.undoable(f"Marked {what} read", "read") as step:
            count = store.mark_view_read(source=source)
            step.description = f"Marked {count:,} article{'s' if count != 1 else ''} read"
        self.app.call_from_thread(self.read_state_changed)  # the list, its counts, sources
        if then is not None:
            self.app.call_from_thread(then)
        said = f"{step.description} ({what})  (u undoes it)"
        self.app.call_from_thread(self.notify, said, markup=False)

    def set_source_filter(self, source: SourceFilter | None) -> None:
        """Keep the list (and a search, and ``A``) to the articles of ``source`` (None:
        every source's)."""
        if source == self.source_filter:
            return
        self._keep_to(source)
        if self.searching:
            self.restart_search()
        elif source is None:  # back to every article: the one under the cursor stays
            current = self.article_list.current
            self.reload(current.id if current else None, held=True)
        else:
            self.reload(held=True)  # the list of another source: from its top
        self.refresh_sources()  # the ✓ moves

    def _keep_to(self, source: SourceFilter | None) -> None:
        was = self.source_filter
        self.source_filter = source
        self.query_one(FilterBar).show(self.people_filter, source)
        if (was is None) != (source is None):
            self.refresh_bindings()  # q goes back to every source, or quits again

    def action_clear_filters(self) -> None:
        """Clear the source and the people the list is kept to."""
        if self.source_filter is None and not self.people_filter:
            self.app.bell()
            return
        self.people_filter = []
        self._keep_to(None)
        if self.searching:
            self.restart_search()
        else:
            current = self.article_list.current
            self.reload(current.id if current else None, held=True)
        self.refresh_sources()

    @on(FilterBar.Clear)
    def _clear_clicked(self) -> None:
        self.action_clear_filters()
