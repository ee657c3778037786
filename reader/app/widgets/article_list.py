"""The article list: a Line-API widget that draws only the rows on screen.

It never holds the archive: it knows the row count and a ``fetch(offset, limit)``
function, and pages rows in from the store in thread workers as they scroll
into view (a row not loaded yet is drawn as a dim placeholder for a moment).
Each article takes two lines: the title, then date, author or source and length; in
the compact mode (:meth:`ArticleList.set_compact`), one: the title and the date at the
right. Search results (:meth:`ArticleList.show_hits`) take three either way: the title
with the matched words highlighted, the same meta line, and a snippet of the body.
How a row's pieces are cut, cleaned and coloured is :mod:`reader.app.widgets.list_paint`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.app.jobs import ReportsFailedJobs
from reader.app.text import reading_time, short_date
from reader.app.widgets.list_paint import (
    PAST_END,
    PLAIN,
    READ_MARK,
    UNREAD_MARK,
    Paint,
    fit_snippet,
    foreground,
    head,
    looks,
    readable,
    row_strip,
    shown,
    without_color,
)
from reader.types import ArticleSummary, SearchHit, Span

Row = ArticleSummary | SearchHit
Fetch = Callable[[int, int], list[ArticleSummary]]

ROW_HEIGHT = 2
COMPACT_ROW_HEIGHT = 1
HIT_ROW_HEIGHT = 3
PAGE_SIZE = 200


class ArticleList(ReportsFailedJobs, ScrollView, can_focus=True):
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
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    # No repaint of the whole list when it moves: watch_cursor draws its two rows again.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    @dataclass
    class Highlighted(Message):
        """The cursor rests on an article (its summary is loaded)."""

        article_list: ArticleList
        summary: ArticleSummary
        hit: SearchHit | None = None

        @property
        def control(self) -> ArticleList:
            return self.article_list

    @dataclass
    class Opened(Message):
        """The user opened an article (Enter, or a click on the current row)."""

        article_list: ArticleList
        summary: ArticleSummary
        hit: SearchHit | None = None

        @property
        def control(self) -> ArticleList:
            return self.article_list

    @dataclass
    class LastWanted(Message):
        """The user asked for the last row (G, End): a list that holds only the first
        results of a search fetches the rest, to put the cursor on the real last one."""

        article_list: ArticleList

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
        #: Each part's text style, by (part, on the cursor's row, the list's own style).
        self._kept_styles: dict[tuple[str, bool, Style], Style] = {}
        super().__init__(name=name, id=id, classes=classes)
        self.empty_message = empty_message
        self._paint: Paint | None = None
        self.total = 0
        self.loaded = False
        self._fetch: Fetch | None = None
        self._pages: dict[int, list[Row]] = {}
        self.row_height = ROW_HEIGHT
        #: One line per article (not per search result).
        self.compact = False
        self._requested: set[int] = set()
        self._generation = 0
        self._announce_pending = False

    # -- data ---------------------------------------------------------------------

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

    def loaded_summary(self, article_id: str) -> ArticleSummary | None:
        """The row of ``article_id`` as it is drawn, if it is among the rows loaded."""
        for page in self._pages.values():
            for row in page:
                summary = row.summary if isinstance(row, SearchHit) else row
                if summary.id == article_id:
                    return summary
        return None

    def update_summary(self, article_id: str, **changes: Any) -> None:
        """Change a loaded row in place (a bookmark, a note count) without reloading."""
        for page in self._pages.values():
            for i, row in enumerate(page):
                if isinstance(row, SearchHit) and row.summary.id == article_id:
                    page[i] = replace(row, summary=replace(row.summary, **changes))
                elif isinstance(row, ArticleSummary) and row.id == article_id:
                    page[i] = replace(row, **changes)
        self.refresh()

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

    def row_at(self, index: int) -> Row | None:
        """The row at ``index`` if its page is loaded, else None (and it gets loaded)."""
        if not 0 <= index < self.total:
            return None
        page_no, offset = divmod(index, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            self._request(page_no)
            return None
        return page[offset] if offset < len(page) else None

    def summary_at(self, index: int, *, load: bool = True) -> ArticleSummary | None:
        """The article at ``index`` if its page is loaded, else None (and it gets loaded,
        unless not ``load``)."""
        if not load:
            page_no, offset = divmod(index, PAGE_SIZE)
            page = self._pages.get(page_no)
            row = page[offset] if page is not None and 0 <= offset < len(page) else None
        else:
            row = self.row_at(index)
        return row.summary if isinstance(row, SearchHit) else row

    @property
    def generation(self) -> int:
        """A number that changes whenever the list is given other rows."""
        return self._generation

    def fetch_page(self, page_no: int) -> list[ArticleSummary]:
        """Page ``page_no`` of the rows, read from the store now (in a worker: it blocks),
        whether or not it is loaded; [] for a search's results, which are all loaded."""
        fetch = self._fetch
        if fetch is None or page_no < 0:
            return []
        return fetch(page_no * PAGE_SIZE, PAGE_SIZE)

    @property
    def current(self) -> ArticleSummary | None:
        return self.summary_at(self.cursor)

    @property
    def current_hit(self) -> SearchHit | None:
        row = self.row_at(self.cursor)
        return row if isinstance(row, SearchHit) else None

    def _request(self, page_no: int) -> None:
        if page_no in self._requested or self._fetch is None or page_no < 0:
            return
        if page_no * PAGE_SIZE >= self.total:
            return
        self._requested.add(page_no)
        fetch, generation = self._fetch, self._generation

        def load() -> None:
            try:
                rows = fetch(page_no * PAGE_SIZE, PAGE_SIZE)
            except Exception:  # reported as any failed job is (ReportsFailedJobs)
                self.app.call_from_thread(self._page_failed, generation, page_no)
                raise
            self.app.call_from_thread(self._page_loaded, generation, page_no, rows)

        self.run_worker(
            load,
            thread=True,
            group="article-list-pages",
            name="list_page",
            description=f"page {page_no}",
            exit_on_error=False,
        )

    def _page_loaded(self, generation: int, page_no: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return  # a newer show() replaced the data
        self._pages[page_no] = rows
        self.refresh()
        if self._announce_pending and self.current is not None:
            self._announce()

    def _page_failed(self, generation: int, page_no: int) -> None:
        if generation == self._generation:
            self._requested.discard(page_no)  # asked for again when next wanted

    def _prefetch_visible(self) -> None:
        first = int(self.scroll_offset.y) // self.row_height
        last = first + self.size.height // self.row_height + 1
        for page_no in {first // PAGE_SIZE - 1, first // PAGE_SIZE, last // PAGE_SIZE + 1}:
            if page_no >= 0 and page_no * PAGE_SIZE < self.total:
                self._request(page_no)

    # -- cursor ---------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return min(max(value, 0), max(self.total - 1, 0))

    def watch_cursor(self, old: int, new: int) -> None:
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

    def _refresh_row(self, index: int) -> None:
        top = index * self.row_height - int(self.scroll_offset.y)
        self.refresh(Region(0, top, self.size.width, self.row_height))

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

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._prefetch_visible()

    # -- drawing ----------------------------------------------------------------------
    #
    # A line is built straight from (text, style) pieces: the visible rows are all new
    # after every key typed in the search box, and going through ``Text.render`` cost
    # several times more.

    def _fg(self, name: str, on_cursor: bool = False) -> Style:
        """A component's text style without a background: rows paint their own.

        Muted colours are blended for the list's background; on the cursor's row the
        title and those parts take the cursor's own text colour instead, and the
        accents (marks, matched words) keep theirs only where it reads on the cursor.
        """
        paint = self._paint
        if paint is not None and (style := paint.styles.get((name, on_cursor))) is not None:
            return style
        base = paint.base if paint is not None else self.rich_style
        # Kept from one frame to the next: Textual forgets a widget's component styles
        # on every refresh, and working them out again cost a tenth of a screenful of
        # rows. They change only with the styles (theme, focus), and so with the base.
        kept = self._kept_styles.get((name, on_cursor, base))
        if kept is None:
            kept = foreground(self.get_component_rich_style(name))
            if on_cursor:
                cursor = self._cursor_style()
                wanted = cursor.color if name in PLAIN else kept.color
                color = readable(wanted, cursor.color, cursor.bgcolor, self.app.ansi_theme)
                kept = without_color(kept) + Style(color=color)
            self._kept_styles[(name, on_cursor, base)] = kept
        if paint is not None:
            paint.styles[(name, on_cursor)] = kept
        return kept

    def notify_style_update(self) -> None:
        self._kept_styles.clear()  # the theme, the focus or the CSS changed
        super().notify_style_update()

    def _cursor_style(self) -> Style:
        """The cursor row's style: its text colour and background, over the list's."""
        paint = self._paint
        base = paint.base if paint is not None else self.rich_style
        key = ("article-list--cursor", True, base)
        if (kept := self._kept_styles.get(key)) is None:
            kept = self._kept_styles[key] = base + self.get_component_rich_style(key[0])
        return kept

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line drawn now shares, looked up once: Textual works out a
        # widget's style by walking its ancestors, which cost more than drawing a row.
        self._paint = self._new_paint()
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None

    def _new_paint(self) -> Paint:
        return Paint(
            self.scrollable_content_region.width, self.rich_style, int(self.scroll_offset.y)
        )

    def render_line(self, y: int) -> Strip:
        paint = self._paint or self._new_paint()
        width, base = paint.width, paint.base
        line = y + paint.top
        if self.loaded and self.total == 0:
            return self._empty_line(y, width, base)
        index, part = divmod(line, self.row_height)
        if index >= self.total:
            return Strip.blank(width, base)
        on_cursor = index == self.cursor
        style = self._cursor_style() if on_cursor else base
        row = self.row_at(index)
        summary = row.summary if isinstance(row, SearchHit) else row
        pieces: list[tuple[str, Style]]
        if summary is None:
            pieces = [("…" if part == 0 else "", self._fg("article-list--placeholder", on_cursor))]
        elif self.row_height == COMPACT_ROW_HEIGHT:
            pieces = self._compact(summary, width, on_cursor)
        elif part == 0:
            spans = row.title_spans if isinstance(row, SearchHit) else ()
            name = "article-list--title" if summary.read else "article-list--unread"
            mark = READ_MARK if summary.read else UNREAD_MARK
            pieces = [(mark, self._fg("article-list--mark", on_cursor))]
            pieces += self._marked(summary.title, width, spans, name, on_cursor)
        elif part == 1:
            pieces = [(READ_MARK, style), *self._meta(summary, width, on_cursor)]
        else:
            assert isinstance(row, SearchHit)
            room = width - len(READ_MARK)
            snippet, spans = fit_snippet(row.snippet, row.snippet_spans, room - 1)
            pieces = [(READ_MARK, style)]
            pieces += self._marked(snippet, room, spans, "article-list--snippet", on_cursor)
        return row_strip(pieces, width, style)

    def _marked(
        self, value: str, width: int, spans: tuple[Span, ...], name: str, on_cursor: bool
    ) -> list[tuple[str, Style]]:
        """The start of ``value`` a row can show, in the component's style, ``spans`` of it
        highlighted (unless cleaning changed the text, which would have moved them)."""
        style = self._fg(name, on_cursor)
        text, offsets_hold = shown(value, width)
        if not spans or not offsets_hold:
            return [(text, style)]
        match = style + self._fg("article-list--match", on_cursor)
        pieces: list[tuple[str, Style]] = []
        at = 0
        for start, end in sorted(spans):
            start = max(start, at)
            if end <= start:
                continue
            pieces.append((text[at:start], style))
            pieces.append((text[start:end], match))
            at = end
        pieces.append((text[at:], style))
        return pieces

    def _compact(
        self, summary: ArticleSummary, width: int, on_cursor: bool
    ) -> list[tuple[str, Style]]:
        """One line: the unread mark, the title and, at the right, ★ if bookmarked, ✎ and
        the number of notes if any, and the date."""
        name = "article-list--title" if summary.read else "article-list--unread"
        mark = READ_MARK if summary.read else UNREAD_MARK
        meta = self._fg("article-list--meta", on_cursor)
        marks = ["★"] if summary.bookmarked else []
        if summary.notes:
            marks.append(f"✎{summary.notes}")
        right: list[tuple[str, Style]] = []
        if marks:
            right.append((" " + " ".join(marks), meta + self._fg("article-list--label", on_cursor)))
        date = short_date(summary.date)
        if date:
            right.append((f" {date}", meta))
        # The last cell stays free (as _strip leaves it).
        room = width - 1 - len(mark) - sum(cell_len(text) for text, _ in right)
        title = shown(summary.title, max(room, 1))[0]
        if cell_len(title) > room:
            title = set_cell_size(title, max(room - 1, 0)) + "…"
        gap = " " * max(room - cell_len(title), 0)
        return [
            (mark, self._fg("article-list--mark", on_cursor)),
            (title, self._fg(name, on_cursor)),
            (gap, meta),
            *right,
        ]

    def _meta(
        self, summary: ArticleSummary, width: int, on_cursor: bool
    ) -> list[tuple[str, Style]]:
        meta = self._fg("article-list--meta", on_cursor)
        label = meta + self._fg("article-list--label", on_cursor)
        pieces: list[tuple[str, Style]] = []
        if summary.bookmarked:
            pieces.append(("★ ", label))
        if summary.label:
            pieces += [(shown(summary.label, width)[0], label), (" · ", meta)]
        parts = [short_date(summary.date), head(summary.author or summary.source, width)]
        parts.append(reading_time(summary.words))
        pieces.append((shown(" · ".join(p for p in parts if p), width)[0], meta))
        if summary.notes:
            pieces.append((f" · ✎ {summary.notes}", label))
        return pieces

    def _empty_line(self, y: int, width: int, base: Style) -> Strip:
        lines = self.empty_message.splitlines()
        if 1 <= y <= len(lines):
            return row_strip([(lines[y - 1], self._fg("article-list--empty"))], width + 1, base)
        return Strip.blank(width, base)
