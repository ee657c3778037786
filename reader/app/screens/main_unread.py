"""The main screen's read state: opening an article marks it read, ``N`` toggles it,
``A`` marks the whole view read (asking first when it holds more than a screenful),
``n``/``p`` go to the next/previous unread article and ``J``/``K`` to the next/previous
one, from the list or the reading pane; Space at the end of an article goes on to the
next unread one. The top bar counts the view's unread articles. A long article's place
is kept when another is opened, and given back when it is opened again.

Each key acts on the article it was pressed on; the row shows the new state at once,
and the write runs in a worker. ``N`` and ``A`` are undone by ``u`` like any change of
the user's data.

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it).
"""

from __future__ import annotations

from typing import Any

from textual import work

from reader.app.screens.main_base import MainBase
from reader.app.widgets.article_list import PAGE_SIZE, ArticleList
from reader.app.widgets.reading_pane import ReadingPane
from reader.types import NEWEST, Article, ArticleSummary, SearchHit

#: An article is long enough to keep one's place in when it scrolls this many screens.
LONG_ARTICLE_SCREENS = 2
#: Past this fraction of an article, it was read to the end: its place is forgotten.
READ_TO_THE_END = 0.95


class MainUnread(MainBase):
    """The main screen's read state and the keys that move through unread articles."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The view's unread articles (None: not counted yet); for a search, among the
        #: results the list holds.
        self.unread: int | None = None
        #: The list's row to open once its page is loaded (``J``/``K`` onto a row not yet
        #: read in), by index.
        self._open_at: int | None = None

    # -- counting ---------------------------------------------------------------------

    def count_unread(self) -> None:
        """Count the view's unread articles again (a worker, unless a search: its rows)."""
        if self.searching:
            self.unread = self._unread_in_rows()
            self._update_topbar()
            return
        self._count_unread(self.view_filters())

    @work(thread=True, exclusive=True, group="unread-count", exit_on_error=False)
    def _count_unread(self, view: dict[str, Any]) -> None:
        count = self.store.unread_count(**view)
        self.app.call_from_thread(self._counted, count, view)

    def _counted(self, count: int, view: dict[str, Any]) -> None:
        if self.searching or view != self.view_filters():
            return  # the view changed meanwhile
        self.unread = count
        self._update_topbar()

    def _unread_in_rows(self) -> int:
        listing = self.article_list
        return sum(1 for i in range(listing.total) if _unread(listing.row_at(i)))

    # -- showing a change at once -------------------------------------------------------

    def _shows_read(self, target: ArticleSummary) -> bool:
        row = self.article_list.loaded_summary(target.id)
        return bool(row.read if row is not None else target.read)

    def show_read(self, article_id: str, read: bool) -> None:
        """Show ``article_id`` read (or not) in the list and the count, at once."""
        listing = self.article_list
        row = listing.loaded_summary(article_id)
        if row is not None and bool(row.read) != read:
            listing.update_summary(article_id, read=read)
            if self.unread is not None:
                self.unread = max(self.unread + (-1 if read else 1), 0)
            self._update_topbar()

    # -- opening marks read ---------------------------------------------------------------

    def mark_opened(self, article_id: str) -> None:
        """The user opened the article: it is read (not undoable: opening is no edit)."""
        row = self.article_list.loaded_summary(article_id)
        if row is not None and row.read:
            return
        self.show_read(article_id, True)
        self._write_read(article_id, True)

    def preview_marks_read(self) -> bool:
        """Whether an article previewed (the cursor resting on it) is read too: the
        config file's ``mark_read_on_preview``."""
        from reader.config import MARK_READ_ON_PREVIEW

        config = getattr(self.app, "config", None)
        return bool(config is not None and config.get(MARK_READ_ON_PREVIEW))

    @work(thread=True, group="user-data", exit_on_error=False)
    def _write_read(self, article_id: str, read: bool) -> None:
        if self.store.read_only:
            return
        self.store.set_read([article_id], read)
        self.app.call_from_thread(self.refresh_sources)

    # -- N: toggle ----------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        """Read to unread, or back: the state opposite to the one shown."""
        target = self._target()
        if target is None:
            self.app.bell()
            return
        read = not self._shows_read(target)
        self.show_read(target.id, read)
        self._toggle_read(target.id, target.title, read)

    @work(thread=True, group="user-data", exit_on_error=False)
    def _toggle_read(self, article_id: str, title: str, read: bool) -> None:
        said = f"Marked {'read' if read else 'unread'}: {title}"
        try:
            with self.store.undoable(said, "read", article_id):
                self.store.set_read([article_id], read)
        except Exception:  # reported as any failed job is; the row goes back as it was
            self.app.call_from_thread(self.show_read, article_id, not read)
            raise
        self.app.call_from_thread(self.refresh_sources)
        self.app.call_from_thread(self.notify, f"{said}  (u undoes it)", markup=False)

    # -- A: the whole view ----------------------------------------------------------------

    def action_mark_view_read(self) -> None:
        """Mark every article of the view read; ask first when it is more than a screenful."""
        listing = self.article_list
        if not listing.total or self.unread == 0:
            self.notify("Nothing unread here.", markup=False)
            return
        what = self._view_name()
        count = f"{self.unread:,} unread" if self.unread is not None else "every unread article"
        if listing.total <= listing.rows_per_page:
            self._mark_view_read(what)
            return
        from reader.app.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_view_read(what)

        question = f"Mark {count} in {what} read? (u undoes it)"
        self.app.push_screen(ConfirmScreen(question), answered)

    def _view_name(self) -> str:
        if self.searching:
            return "these results"
        name = "the bookmarks" if self.view == "bookmarks" else "the list"
        kept = [p.name for p in self.people_filter]
        if self.source_filter is not None:
            kept.insert(0, self.source_filter.shown)
        if kept:
            name += " (kept to " + ", ".join(kept) + ")"
        return name

    def _mark_view_read(self, what: str) -> None:
        ids: list[str] | None = None
        if self.searching:
            listing = self.article_list
            ids = [s.id for i in range(listing.total) if (s := listing.summary_at(i))]
        self._write_view_read(what, ids, self.view_filters())

    @work(thread=True, group="user-data", exit_on_error=False)
    def _write_view_read(self, what: str, ids: list[str] | None, view: dict[str, Any]) -> None:
        store = self.store
        with store.undoable(f"Marked {what} read", "read") as step:
            count = store.set_read(ids, True) if ids is not None else store.mark_view_read(**view)
            step.description = f"Marked {count:,} article{'s' if count != 1 else ''} read"
        self.app.call_from_thread(self.read_state_changed)
        undo = "  (u undoes it)" if count else ""
        self.app.call_from_thread(self.notify, f"{step.description}{undo}", markup=False)

    def read_state_changed(self) -> None:
        """Many rows changed (a view marked, or that undone): show them again in place."""
        current = self.article_list.current
        keep_id = current.id if current else None
        if self.searching:
            self.repeat_search(keep_id)
        else:
            self.reload(keep_id)

    # -- n / p: unread; J / K: any -------------------------------------------------------

    def action_next_unread(self) -> None:
        self._go_to_unread(True)

    def action_previous_unread(self) -> None:
        self._go_to_unread(False)

    def _go_to_unread(self, forward: bool) -> None:
        listing = self.article_list
        if not listing.total:
            self.app.bell()
            return
        current = self._target()
        everything = not (
            self.searching
            or self.view == "bookmarks"
            or self.people_filter
            or self.source_filter is not None
            or self.prefs.order != NEWEST
        )
        article_id = current.id if current is not None else None
        self._find_unread(listing.generation, listing.cursor, article_id, forward, everything)

    @work(thread=True, exclusive=True, group="find-unread", exit_on_error=False)
    def _find_unread(
        self, generation: int, at: int, article_id: str | None, forward: bool, everything: bool
    ) -> None:
        """Find the unread article after (or before) row ``at``: in the whole list off the
        unread index; in a smaller view (a search, the bookmarks, a person's articles),
        row by row through its pages."""
        listing = self.article_list
        found: int | None = None
        found_id: str | None = None
        if everything and article_id is not None:
            found_id = self.store.next_unread(article_id, forward)
            found = self.store.index_of(found_id) if found_id is not None else None
        else:
            step = 1 if forward else -1
            fetched: dict[int, list[ArticleSummary]] = {}
            index = at + step
            while 0 <= index < listing.total:
                summary = listing.summary_at(index, load=False)
                if summary is None:
                    page_no = index // PAGE_SIZE
                    if page_no not in fetched:
                        fetched[page_no] = listing.fetch_page(page_no)
                    page = fetched[page_no]
                    offset = index - page_no * PAGE_SIZE
                    summary = page[offset] if offset < len(page) else None
                if summary is not None and not summary.read:
                    found, found_id = index, summary.id
                    break
                index += step
        self.app.call_from_thread(self._go_to_found, generation, found, found_id, forward)

    def _go_to_found(
        self, generation: int, index: int | None, article_id: str | None, forward: bool
    ) -> None:
        listing = self.article_list
        if generation != listing.generation:
            return  # the list changed meanwhile
        if index is None or article_id is None:
            where = "after" if forward else "before"
            self.notify(f"No unread article {where} this one.", markup=False)
            return
        self._open_row(index, article_id)

    def _open_row(self, index: int, article_id: str | None) -> None:
        """Put the list's cursor on row ``index`` and open its article (once loaded)."""
        listing = self.article_list
        listing.cursor = index
        summary = listing.current
        if summary is None or (article_id is not None and summary.id != article_id):
            self._open_at = index
            return
        self._open_at = None
        self.open_summary(summary, listing.current_hit)

    def open_when_loaded(self, event: ArticleList.Highlighted) -> bool:
        """The list announced a row: open it if ``J``/``K``/``n``/``p`` went to it."""
        if self._open_at is None or event.article_list.cursor != self._open_at:
            return False
        self._open_at = None
        self.open_summary(event.summary, event.hit)
        return True

    def open_summary(self, summary: ArticleSummary, hit: SearchHit | None) -> None:
        self.load_article(summary.id, hit.terms if hit else (), focus=True)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        listing = self.article_list
        index = listing.cursor + step
        if not 0 <= index < listing.total:
            self.app.bell()
            return
        self._open_row(index, None)

    def article_end_reached(self) -> None:
        """Space at the end of an article: on to the next unread one."""
        self._go_to_unread(True)

    # -- the place in a long article --------------------------------------------------------

    def keep_place(self) -> None:
        """Remember how far into the article shown the user read, if it is long."""
        panes = self.query(ReadingPane)  # none once the screen is taken down
        if not panes:
            return
        pane = panes.first()
        article = pane.article
        if article is None or self.store.read_only:
            return
        height = max(pane.scrollable_content_region.height, 1)
        if pane.max_scroll_y < height * LONG_ARTICLE_SCREENS:
            return
        fraction = pane.scroll_y / pane.max_scroll_y if pane.max_scroll_y else 0.0
        self._write_place(article.id, 0.0 if fraction >= READ_TO_THE_END else fraction)

    @work(thread=True, group="user-data", exit_on_error=False)
    def _write_place(self, article_id: str, fraction: float) -> None:
        self.store.set_place(article_id, fraction)

    def go_to_place(self, article: Article, fraction: float) -> None:
        """Scroll to where the user left ``article`` (a fraction of its length)."""
        pane = self.reading_pane
        if fraction > 0 and pane.article is not None and pane.article.id == article.id:
            pane.scroll_to(y=round(fraction * pane.max_scroll_y), animate=False, immediate=True)


def _unread(row: ArticleSummary | SearchHit | None) -> bool:
    summary = row.summary if isinstance(row, SearchHit) else row
    return summary is not None and not summary.read
