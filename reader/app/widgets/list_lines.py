"""How the article list draws its lines: a base class of
:class:`~reader.app.widgets.article_list.ArticleList`.

Each article takes two lines: the title, then date, author or source and length; in
the compact mode (:meth:`~reader.app.widgets.article_list.ArticleList.set_compact`),
one: the title and the date at the right. Search results take three either way: the
title with the matched words highlighted, the same meta line, and a snippet of the body.
A row not loaded yet is a dim "…"; an empty list shows its message instead.
How a row's pieces are cut, cleaned and coloured is :mod:`reader.app.widgets.list_paint`.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from reader.app.text import reading_time, short_date
from reader.app.widgets.list_pages import COMPACT_ROW_HEIGHT, ListPages
from reader.app.widgets.list_paint import (
    PLAIN,
    READ_MARK,
    UNREAD_MARK,
    Paint,
    fit_snippet,
    foreground,
    head,
    readable,
    row_strip,
    shown,
    without_color,
)
from reader.types import ArticleSummary, SearchHit, Span


class ListLines(ListPages):
    """The article list's lines, drawn one at a time as Textual asks for them.

    A line is built straight from (text, style) pieces: the visible rows are all new
    after every key typed in the search box, and going through ``Text.render`` cost
    several times more.
    """

    # Set by the list (ArticleList).
    #: The row the cursor is on.
    cursor: int
    #: What an empty list says, a line of it at a time.
    empty_message: str

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        #: Each part's text style, by (part, the cursor's part if on its row, the list's
        #: own style).
        self._kept_styles: dict[tuple[str, str | None, Style], Style] = {}
        super().__init__(name=name, id=id, classes=classes)
        self._paint: Paint | None = None

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
        key = (name, self._cursor_part() if on_cursor else None, base)
        kept = self._kept_styles.get(key)
        if kept is None:
            kept = foreground(self.get_component_rich_style(name))
            if on_cursor:
                cursor = self._cursor_style()
                wanted = cursor.color if name in PLAIN else kept.color
                color = readable(wanted, cursor.color, cursor.bgcolor, self.app.ansi_theme)
                kept = without_color(kept) + Style(color=color)
            self._kept_styles[key] = kept
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
        part = self._cursor_part()
        if (kept := self._kept_styles.get(key := (part, part, base))) is None:
            kept = self._kept_styles[key] = base + self.get_component_rich_style(part)
        return kept

    def _cursor_part(self) -> str:
        """The component the cursor's row is drawn in: its look with the focus or without
        (see ``ArticleList._focus_moved``)."""
        return "article-list--cursor-focus" if self.has_focus else "article-list--cursor"

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
