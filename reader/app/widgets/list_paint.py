"""How the article list draws its rows, apart from the list itself: the start of a field a
row can show (cleaned, as the screen gets it), a snippet cut to its first match, one
line of styled pieces cut with "…", the unread mark, and colours that stay readable on
the cursor's row in any theme (WCAG AA contrast).
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.color import Color
from textual.strip import Strip

from reader.app.text import on_screen
from reader.clean import clean_line
from reader.records import Record, field
from reader.types import ArticleSummary, SearchHit, Span

Row = ArticleSummary | SearchHit

#: A row reads at most this many characters of a field per cell of its width: enough
#: for any sane text (combining marks included), and a 5 MB title costs no more
#: to draw than a short one.
CHARS_PER_CELL = 4


def head(value: str, width: int) -> str:
    """The start of ``value`` that a row ``width`` cells wide can show ("…" if cut)."""
    limit = max(width, 1) * CHARS_PER_CELL
    return value if len(value) <= limit else value[:limit] + "…"


def shown(value: str, width: int) -> tuple[str, bool]:
    """The start of ``value`` a row can show, cleaned and as the screen gets it, and
    whether offsets into ``value`` still hold in it (cleaning removed nothing)."""
    cut = head(value, width)
    cleaned = clean_line(cut)
    return on_screen(cleaned), cleaned == cut


def fit_snippet(snippet: str, spans: tuple[Span, ...], width: int) -> tuple[str, tuple[Span, ...]]:
    """Cut the start of ``snippet`` so its first match shows within ``width`` cells."""
    if not spans or spans[0][1] <= width - 2:
        return snippet, spans
    start = spans[0][0]
    cut = snippet.rfind(" ", 0, max(start - width // 4, 0)) + 1
    if cut <= 1:
        return snippet, spans
    shift = cut - 1  # one character for the "…" that stands for what was cut
    return "…" + snippet[cut:], tuple((a - shift, b - shift) for a, b in spans if a >= cut)


#: Parts drawn in a muted colour.
MUTED = frozenset({"article-list--meta", "article-list--snippet", "article-list--placeholder"})
#: Parts that take the cursor's text colour on its row (the others are accents).
PLAIN = MUTED | {"article-list--title", "article-list--unread"}
#: What stands before an unread article's title (bold is not all: not every terminal
#: shows it), and before a read one's, so that the titles line up.
UNREAD_MARK, READ_MARK = "● ", "  "


#: The least contrast a row's text keeps against its background (WCAG AA).
READABLE = 4.5
_BLACK, _WHITE = Color(0, 0, 0), Color(255, 255, 255)


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(color: RichColor | None, theme: TerminalTheme, foreground: bool) -> Color:
    """``color`` as the terminal shows it (``theme`` says what ANSI and default colours are)."""
    return Color(*(color or RichColor.default()).get_truecolor(theme, foreground))


@lru_cache(maxsize=256)
def readable(
    wanted: RichColor | None,
    fallback: RichColor | None,
    background: RichColor | None,
    theme: TerminalTheme,
) -> RichColor | None:
    """``wanted`` if it reads on ``background``, else ``fallback`` if that does, else
    ``wanted`` taken towards black or white, the least that makes it read.

    A theme's own pair may be poor (in rose-pine-dawn the cursor's text is the colour of
    its background): the row is made readable whatever the theme."""
    back = _rgb(background, theme, False)
    for color in (wanted, fallback):
        if contrast(_rgb(color, theme, True), back) >= READABLE:
            return color
    start = _rgb(wanted, theme, True)
    ends = sorted((_BLACK, _WHITE), key=lambda c: contrast(c, back), reverse=True)
    for step in range(1, 11):  # the least change that reads, towards either end
        for end in ends:
            blended = start.blend(end, step / 10)
            if contrast(blended, back) >= READABLE:
                return blended.rich_color
    return ends[0].rich_color


@lru_cache(maxsize=64)
def foreground(style: Style) -> Style:
    return Style(color=style.color, bold=style.bold, italic=style.italic, dim=style.dim)


@lru_cache(maxsize=64)
def without_color(style: Style) -> Style:
    return Style(bold=style.bold, italic=style.italic, dim=style.dim)


def row_strip(pieces: list[tuple[str, Style]], width: int, base: Style) -> Strip:
    """One line of ``width`` cells on ``base``: the pieces, cut with "…" to leave the
    last cell free."""
    room = max(width - 1, 1)
    cells = [cell_len(text) for text, _ in pieces]
    budget = room - 1 if sum(cells) > room else room  # one cell for the "…"
    segments: list[Segment] = []
    used = 0
    for (text, style), size in zip(pieces, cells, strict=True):
        if used + size > budget:
            cut = set_cell_size(text, budget - used) if budget > used else ""
            segments.append(Segment(cut + "…", base + style))
            used = room
            break
        if text:
            segments.append(Segment(text, base + style))
        used += size
    if used < width:
        segments.append(Segment(" " * (width - used), base))
    return Strip(segments, width)


#: What the lines below the last row show.
PAST_END = "past the end"


def looks(row: Row | None) -> object:
    """What of ``row`` its lines show: equal for two rows drawn alike (None: not loaded)."""
    if isinstance(row, SearchHit):
        return (row.summary, row.snippet, row.snippet_spans, row.title_spans)
    return row


class Paint(Record, frozen=False):
    """What the lines drawn by one ``render_lines`` call share."""

    width: int
    base: Style
    top: int  # the scroll offset, in lines
    styles: dict[tuple[str, bool], Style] = field(default_factory=dict)
