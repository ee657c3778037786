"""The article list: a Line-API widget that draws only the rows on screen.

It never holds the archive: it is given the row count and a ``fetch(offset, limit)``
function (:meth:`ArticleList.show`), or a search's results (:meth:`ArticleList.show_hits`),
and its base classes page the rows in from the store as they scroll into view
(:mod:`reader.app.widgets.list_pages`) and draw them (:mod:`reader.app.widgets.list_lines`).
This module is the widget itself: its look, its keys and clicks, the cursor and the
scrolling that follows it, and the messages that tell the screen which article is
highlighted or opened.
"""

from __future__ import annotations

import contextlib
from typing import Self

from textual import events
from textual.binding import Binding
from textual.dom import NoScreen
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from reader.app.widgets.list_lines import ListLines
from reader.app.widgets.list_pages import (
    COMPACT_ROW_HEIGHT,
    HIT_ROW_HEIGHT,
    PAGE_SIZE,
    ROW_HEIGHT,
    Fetch,
    Row,
)
from reader.app.widgets.list_paint import PAST_END, looks
from reader.types import ArticleSummary, SearchHit


class _RowMessage(Message):
    """A message about one row of the list: its summary, and its hit in search results."""

    def __init__(
        self, article_list: ArticleList, summary: ArticleSummary, hit: SearchHit | None = None
    ) -> None:
        self.article_list = article_list
        self.summary = summary
        self.hit = hit
        super().__init__()

    @property
    def control(self) -> ArticleList:
        return self.article_list


class ArticleList(ListLines, can_focus=True):
    """A scrolling list of articles, paged from the store."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Next", id="list.next", show=False),
        Binding("up,k", "cursor_up", "Previous", id="list.previous", show=False),
        Binding("pagedown,ctrl+f", "page_down", "Page down", id="list.page_down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", id="list.page_up", show=False),
        Binding("home,g", "first", "First article", id="list.first", show=False),
        Binding("end,G", "last", "Last article", id="list.last", show=False),
        Binding("enter,l", "open", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES = {
        "article-list--title",
        "article-list--unread",
        "article-list--mark",
        "article-list--meta",
        "article-list--label",
        "article-list--cursor",
        "article-list--cursor-focus",
        "article-list--placeholder",
        "article-list--empty",
        "article-list--match",
        "article-list--snippet",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        scrollbar-size-vertical: 1;
        /* Always there: a scrollbar that came and went with the number of results
           would lay out the whole screen on many keys typed in the search box. */
        overflow-y: scroll;
        overflow-x: hidden;
        padding: 0 0 0 1;
    }
    ArticleList > .article-list--title { color: $foreground; }
    ArticleList > .article-list--unread { color: $foreground; text-style: bold; }
    ArticleList > .article-list--mark { color: $text-accent; text-style: bold; }
    ArticleList > .article-list--meta { color: $text-muted; }
    ArticleList > .article-list--label { color: $text-accent; }
    ArticleList > .article-list--placeholder { color: $text-disabled; }
    ArticleList > .article-list--empty { color: $text-muted; }
    ArticleList > .article-list--match { color: $text-warning; text-style: bold underline; }
    ArticleList > .article-list--snippet { color: $text-muted; text-style: italic; }
    ArticleList > .article-list--cursor { background: $boost; }
    /* The cursor's row while the list has the focus. Not ":focus > .article-list--cursor":
       a component's style that changes with the focus makes Textual draw every line of
       the list again; the list draws its cursor's row again itself (_focus_moved). */
    ArticleList > .article-list--cursor-focus {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    # No repaint of the whole list when it moves: watch_cursor draws its two rows again.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(_RowMessage):
        """The cursor rests on an article (its summary is loaded)."""

    class Opened(_RowMessage):
        """The user opened an article (Enter, or a click on the current row)."""

    class LastWanted(Message):
        """The user asked for the last row (G, End): a list that holds only the first
        results of a search fetches the rest, to put the cursor on the real last one."""

        def __init__(self, article_list: ArticleList) -> None:
            self.article_list = article_list
            super().__init__()

        @property
        def control(self) -> ArticleList:
            return self.article_list

    def __init__(
        self,
        *,
        empty_message: str = "No articles.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty_message = empty_message
        #: One line per article (not per search result).
        self.compact = False
        #: The cursor's row is not loaded yet: it is announced when its page comes.
        self._announce_pending = False

    # -- what it shows ---------------------------------------------------------------

    def show(
        self,
        total: int,
        fetch: Fetch,
        *,
        first_page: list[ArticleSummary] | None = None,
        cursor: int = 0,
    ) -> None:
        """Show ``total`` rows from ``fetch``; optional first page already loaded."""
        pages: dict[int, list[Row]] = {0: list(first_page)} if first_page is not None else {}
        self._replace(total, fetch, pages, self._list_row_height, cursor)

    @property
    def _list_row_height(self) -> int:
        return COMPACT_ROW_HEIGHT if self.compact else ROW_HEIGHT

    def set_compact(self, compact: bool) -> None:
        """One line per article (or two again); the cursor stays on its article."""
        if compact == self.compact:
            return
        self.compact = compact
        if self.row_height == HIT_ROW_HEIGHT:
            return  # search results keep their three lines; the list takes it on
        self.row_height = self._list_row_height
        self._set_virtual_height(self.total * self.row_height)
        self.refresh()
        self._scroll_cursor_into_view()

    def show_hits(self, hits: list[SearchHit], *, cursor: int = 0) -> None:
        """Show search results, best first, each with its title highlights and snippet."""
        pages: dict[int, list[Row]] = {
            n: list(hits[n * PAGE_SIZE : (n + 1) * PAGE_SIZE])
            for n in range((len(hits) + PAGE_SIZE - 1) // PAGE_SIZE)
        }
        self._replace(len(hits), None, pages, HIT_ROW_HEIGHT, cursor)

    def _replace(
        self,
        total: int,
        fetch: Fetch | None,
        pages: dict[int, list[Row]],
        row_height: int,
        cursor: int,
    ) -> None:
        shown_before = self._shown_rows() if row_height == self.row_height else None
        self._generation += 1
        self.total = max(total, 0)
        self.loaded = True
        self._fetch = fetch
        self._pages = pages
        self._requested = set(pages)
        self._failed = set()
        self.row_height = row_height
        self._set_virtual_height(self.total * row_height)
        if int(self.scroll_offset.y):
            shown_before = None
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = min(max(cursor, 0), max(self.total - 1, 0))
        self._refresh_changed_rows(shown_before)
        # The screen hears of the new rows now, not once this widget's queue is next
        # idle: what the caller then asks for after the next frame (the search's count
        # in the top bar) waits for the frame that draws them, instead of joining it.
        # Textual draws at once the box around every changed region, and the count's
        # box and the list's span the whole screen, reading pane and all.
        self._check_refresh()

    def _shown_rows(self) -> list[object] | None:
        """What the rows on screen show (None when they all must be drawn again)."""
        if not self.loaded or not self.total or int(self.scroll_offset.y):
            return None
        count = -(-self.size.height // self.row_height)
        return [looks(self.row_at(i)) if i < self.total else PAST_END for i in range(count)]

    def _refresh_changed_rows(self, shown_before: list[object] | None) -> None:
        """Draw again the rows on screen that now show something else.

        As a query is typed, a third of the results on screen stay as they were
        from one key to the next; those lines are not drawn again.
        """
        shown_now = self._shown_rows()
        if shown_before is None or shown_now is None or len(shown_before) != len(shown_now):
            self.refresh()
            return
        for index, (was, now) in enumerate(zip(shown_before, shown_now, strict=True)):
            if was is None or was != now:
                self._refresh_row(index)

    def _set_virtual_height(self, height: int) -> None:
        """Resize the scrollable area without a whole-screen layout.

        ``virtual_size`` is a layout reactive: assigning it lays out the whole screen,
        which costs more than drawing a page of results. Only this widget's scrollbar
        depends on it, and it is always shown (``overflow-y: scroll``), so it is
        updated here; a layout is left for before the widget has its size.
        """
        size = Size(self.scrollable_content_region.width, height)
        if size == self.virtual_size:
            return
        viewport = self.scrollable_content_region.height
        showing = self.show_vertical_scrollbar
        wanted = self.styles.overflow_y == "scroll" or height > viewport
        if not self.is_mounted or showing != wanted or not viewport:
            self.virtual_size = size
            return
        self.set_reactive(ArticleList.virtual_size, size)
        if showing:
            self.vertical_scrollbar.window_virtual_size = height
            self.vertical_scrollbar.refresh()

    @property
    def current(self) -> ArticleSummary | None:
        return self.summary_at(self.cursor)

    @property
    def current_hit(self) -> SearchHit | None:
        row = self.row_at(self.cursor)
        return row if isinstance(row, SearchHit) else None

    def _page_arrived(self) -> None:
        if self._announce_pending and self.current is not None:
            self._announce()

    # -- cursor ---------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return min(max(value, 0), max(self.total - 1, 0))

    def focus(self, scroll_visible: bool = True) -> Self:
        """Give the list the focus: Textual's ``focus``, less its refresh of every line
        (the cursor's row is drawn again once the focus comes: :meth:`_focus_moved`)."""

        def set_focus(widget: Widget) -> None:
            with contextlib.suppress(NoScreen):
                widget.screen.set_focus(self, scroll_visible=scroll_visible)

        self.app.call_later(set_focus, self)
        return self

    def _on_focus(self, event: events.Focus) -> None:
        self._focus_moved(event, True)

    def _on_blur(self, event: events.Blur) -> None:
        self._focus_moved(event, False)

    def _focus_moved(self, event: events.Focus | events.Blur, focused: bool) -> None:
        """Textual's focus and blur handlers (Widget's, kept from running), less their
        refresh of every line: only the cursor's row changes with the focus (a whole
        list cost 4-7 ms of each `/`, Enter, Tab and Escape at 160x48)."""
        event.prevent_default()
        self.has_focus = focused
        self._refresh_row(self.cursor)
        if self.parent is not None:
            moved = events.DescendantFocus if focused else events.DescendantBlur
            self.parent.post_message(moved(self))

    def watch_cursor(self, old: int, new: int) -> None:
        self.retry_failed()
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()
        if self.total:
            self._announce()

    def _announce(self) -> None:
        summary = self.current
        self._announce_pending = summary is None
        if summary is not None:
            self.post_message(self.Highlighted(self, summary, self.current_hit))

    def _scroll_cursor_into_view(self) -> None:
        """Scroll as little as shows the cursor's row, to a whole row: the top line is
        a row's first, even when the list's height is not a number of rows (a filter
        bar shown, then gone, must not leave a row's meta line at the top)."""
        height, top, view = self.row_height, int(self.scroll_offset.y), self.size.height
        y = self.cursor * height
        if view < height:  # not laid out yet (or less than a row high): nothing to show
            return
        if y < top:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)
        elif y + height > top + view:
            below = y + height - view  # the least that shows the row whole
            whole = -(-below // height) * height
            self.scroll_to(y=whole, animate=False, immediate=True, force=True)

    @property
    def rows_per_page(self) -> int:
        return max(1, self.size.height // self.row_height - 1)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += self.rows_per_page

    def action_page_up(self) -> None:
        self.cursor -= self.rows_per_page

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.post_message(self.LastWanted(self))  # before the cursor's own message
        self.cursor = self.total - 1

    def action_open(self) -> None:
        summary = self.current
        if summary is not None:
            self.post_message(self.Opened(self, summary, self.current_hit))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + int(self.scroll_offset.y)) // self.row_height
        if not 0 <= index < self.total:
            return
        if index == self.cursor or event.chain > 1:
            self.cursor = index
            self.action_open()
        else:
            self.cursor = index

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, self.total * self.row_height)
