"""The open article's text: typeset in lines and drawn line by line (Textual's Line API).

The reading pane hands it the article as :class:`Block` s (label, title, standfirst,
byline, paragraphs …), each a kind and its text, and marks: ranges drawn in a
component style (search matches, quoted passages, a selection, people's names).
It breaks the blocks into lines itself, once per width, and draws only the lines
that are on screen, each when it is first shown. So opening an article costs its
line breaks and a screenful of lines, not a widget per paragraph for Textual to
style, lay out and draw whole.

The look of each kind of block is in :attr:`ArticleText.DEFAULT_CSS`, as component
classes: colour and text style, and the space around it (``margin``, and a
``border-top`` with ``padding-top`` for a block set apart, like the author's bio).

Text is never markup: a block's text is put in ``Content`` as it is. It is
untrusted, and the pane cleans it before it gets here (escape sequences and control
characters are gone; see :mod:`reader.app.text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import NamedTuple

# The line breaking of Textual's own Content (a Static breaks its lines where this does).
from rich._wrap import divide_line
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from reader.records import Record
from reader.types import Span

#: A range of a block's text (or of the article's body) and the component that marks it,
#: without its prefix: ``(start, end, "match")``.
Mark = tuple[int, int, str]


class Block(Record):
    """A typeset block of the article: its kind (a component class of ArticleText, without
    the prefix), its text, where it starts in the article's body (if it is body text and
    offsets into the body hold in it), and its own marks (names in the people line)."""

    kind: str
    text: str
    body_start: int | None = None
    marks: tuple[Mark, ...] = ()

    def body_span(self) -> Span | None:
        if self.body_start is None:
            return None
        return self.body_start, self.body_start + len(self.text)


class _Row(NamedTuple):
    """One line on screen: part of a block's text, a blank line, or a block's top border."""

    #: The block's index; -1 for a blank line between blocks.
    block: int
    #: The logical line (text between newlines, counted through all the blocks) and where
    #: the row starts in it: how a mouse selection says where it is.
    line: int = -1
    x: int = 0
    #: Where the row starts and ends in the block's text (the spaces it breaks after left out).
    start: int = 0
    end: int = 0
    rule: bool = False


_BLANK = _Row(-1)


class ArticleText(Widget):
    """The article's blocks, wrapped to the widget's width; as tall as its lines."""

    COMPONENT_CLASSES = {
        "article-text--placeholder",
        "article-text--label",
        "article-text--title",
        "article-text--dek",
        "article-text--byline",
        "article-text--people",
        "article-text--caption",
        "article-text--rule",
        "article-text--paragraph",
        "article-text--cut",
        "article-text--bio",
        "article-text--person",
        "article-text--hint",
        "article-text--match",
        "article-text--current-match",
        "article-text--quote",
        "article-text--selection",
    }

    DEFAULT_CSS = """
    ArticleText { height: auto; }
    ArticleText > .article-text--placeholder { color: $text-muted; text-align: center; }
    ArticleText > .article-text--label { color: $text-accent; text-style: bold; }
    ArticleText > .article-text--title { text-style: bold; color: $foreground; margin-bottom: 1; }
    ArticleText > .article-text--dek { text-style: italic; color: $text-muted; margin-bottom: 1; }
    ArticleText > .article-text--byline { color: $text-muted; }
    ArticleText > .article-text--people { color: $text-muted; }
    ArticleText > .article-text--caption { color: $text-disabled; text-style: italic; }
    ArticleText > .article-text--rule { color: $primary-muted; margin-bottom: 1; }
    ArticleText > .article-text--paragraph { margin-bottom: 1; }
    ArticleText > .article-text--cut { color: $text-muted; text-style: italic; margin-bottom: 1; }
    ArticleText > .article-text--bio {
        color: $text-muted; border-top: solid $primary-muted; padding-top: 1;
    }
    ArticleText > .article-text--person { color: $text-secondary; }
    ArticleText > .article-text--hint { text-style: dim; }
    ArticleText > .article-text--match { background: $warning-muted; }
    ArticleText > .article-text--current-match { background: $warning; color: $background; }
    ArticleText > .article-text--quote { background: $secondary-muted; text-style: underline; }
    ArticleText > .article-text--selection { background: $accent-muted; text-style: bold; }
    """

    def __init__(
        self, blocks: Sequence[Block] = (), *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.blocks: list[Block] = list(blocks)
        self._body_marks: list[Mark] = []
        self._block_marks: Mapping[int, Sequence[Mark]] = {}
        self._generation = 0
        self._styles_version = 0
        #: The rows for one width of one text: (width, generation, styles version),
        #: (width, generation, the kinds' spacing), and the rows.
        self._rows_for: tuple[tuple[int, int, int], tuple[object, ...], list[_Row]] | None = None
        #: Each block's text cut where its style changes: (start, end, style) runs, made
        #: when one of its lines is first drawn.
        self._runs: dict[int, list[tuple[int, int, Style]]] = {}
        #: Each kind's look: its spacing, its style and its alignment.
        self._spacings: dict[str, tuple[int, int, int, bool]] = {}
        self._looks: dict[str, tuple[Style, str]] = {}

    # -- what it shows ------------------------------------------------------------------

    def show(
        self,
        blocks: Sequence[Block],
        body_marks: Sequence[Mark] = (),
        block_marks: Mapping[int, Sequence[Mark]] | None = None,
    ) -> None:
        """Show ``blocks`` (with these marks) instead of what was shown."""
        self.blocks = list(blocks)
        self._generation += 1
        self._body_marks, self._block_marks = list(body_marks), dict(block_marks or {})
        self._runs.clear()
        if self.blocks:  # the first block's top margin and the last's bottom one are the text's
            top, _, _, _ = self._spacing(self.blocks[0].kind)
            _, bottom, _, _ = self._spacing(self.blocks[-1].kind)
            if (self.styles.margin.top, self.styles.margin.bottom) != (top, bottom):
                self.styles.margin = (top, 0, bottom, 0)
        self.refresh(layout=True)

    def mark(self, body_marks: Sequence[Mark], block_marks: Mapping[int, Sequence[Mark]]) -> None:
        """Mark ranges of the body (quotes, a selection) and of blocks (search matches).

        Only styles change, never the text: the lines stay as they are, nothing is laid out.
        """
        self._body_marks, self._block_marks = list(body_marks), dict(block_marks)
        self._runs.clear()
        self.refresh()

    def index_of(self, kind: str) -> int | None:
        """The index of the first block of this kind, if there is one."""
        return next((i for i, b in enumerate(self.blocks) if b.kind == kind), None)

    def find(self, kind: str) -> Block | None:
        """The first block of this kind, if there is one."""
        index = self.index_of(kind)
        return None if index is None else self.blocks[index]

    @property
    def plain(self) -> str:
        """The text of every block, one logical line a line (as a mouse selection sees it)."""
        return "\n".join(block.text for block in self.blocks)

    # -- rows -----------------------------------------------------------------------------

    def _spacing(self, kind: str) -> tuple[int, int, int, bool]:
        """Blank lines above and below a kind of block, under its top border, and the border."""
        spacing = self._spacings.get(kind)
        if spacing is None:
            styles = self.get_component_styles(f"article-text--{kind}")
            border_type, _ = styles.border_top
            spacing = self._spacings[kind] = (
                styles.margin.top,
                styles.margin.bottom,
                styles.padding.top,
                border_type not in ("", "none", "hidden"),
            )
        return spacing

    def _rows(self, width: int) -> list[_Row]:
        """Every line of the text at ``width``: worked out once for each width and text."""
        width = max(width, 1)
        fast = (width, self._generation, self._styles_version)
        if self._rows_for is not None and self._rows_for[0] == fast:
            return self._rows_for[2]
        spacing = {kind: self._spacing(kind) for kind in {b.kind for b in self.blocks}}
        key = (width, self._generation, tuple(sorted(spacing.items())))
        if self._rows_for is not None and self._rows_for[1] == key:
            self._rows_for = (fast, key, self._rows_for[2])  # the styles changed, not the spacing
            return self._rows_for[2]
        rows: list[_Row] = []
        line = 0
        below = 0
        for index, block in enumerate(self.blocks):
            top, bottom, padding, rule = spacing[block.kind]
            if rows:
                rows.extend([_BLANK] * max(below, top))  # margins collapse, as in a layout
            if rule:
                rows.append(_Row(index, rule=True))
            rows.extend([_BLANK] * padding)
            start = 0
            for logical in block.text.split("\n"):
                breaks = divide_line(logical, width, fold=True)
                for a, b in pairwise([0, *breaks, len(logical)]):
                    if b < len(logical):  # a line that is not the last loses its trailing spaces
                        b = a + len(logical[a:b].rstrip())
                    rows.append(_Row(index, line, x=a, start=start + a, end=start + b))
                line += 1
                start += len(logical) + 1
            below = bottom
        self._rows_for = (fast, key, rows)
        return rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows(width))

    def row_of(self, block: int, offset: int = 0) -> int | None:
        """The row that shows character ``offset`` of block ``block``."""
        found = None
        for y, row in enumerate(self._rows(self.size.width)):
            if row.block == block and not row.rule:
                if row.start > offset:
                    break
                found = y
        return found

    def body_row(self, offset: int) -> int | None:
        """The row that shows character ``offset`` of the body."""
        for index, block in enumerate(self.blocks):
            where = block.body_span()
            if where is not None and where[0] <= offset <= where[1]:
                return self.row_of(index, offset - where[0])
        return None

    def body_offset_from(self, row: int) -> int | None:
        """Where in the body the first row of body text at or after ``row`` starts."""
        rows = self._rows(self.size.width)
        for found in rows[max(row, 0) :]:
            if found.block >= 0 and not found.rule:
                start = self.blocks[found.block].body_start
                if start is not None:
                    return start + found.start
        return None

    # -- drawing ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        # The styles may have changed (a theme): what was worked out from them is let go.
        self._runs.clear()
        self._looks.clear()
        self._spacings.clear()
        self._styles_version += 1
        super().notify_style_update()

    def selection_updated(self, selection: Selection | None) -> None:
        self._runs.clear()
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(self.plain), "\n"

    def _look(self, kind: str) -> tuple[Style, str]:
        """A kind of block's style and alignment."""
        look = self._looks.get(kind)
        if look is None:
            name = f"article-text--{kind}"
            align = self.get_component_styles(name).text_align
            look = self._looks[kind] = (self.get_visual_style(name), align)
        return look

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        rows = self._rows(width)
        if y >= len(rows) or rows[y].block < 0:
            return Strip.blank(width, self.visual_style.background_style.rich_style)
        row = rows[y]
        kind = self.blocks[row.block].kind
        if row.rule:
            return self._rule(kind, width)
        text = self.blocks[row.block].text
        segments: list[Segment] = []
        for start, end, style in self._runs_of(row.block):
            if end <= row.start:
                continue
            if start >= row.end:
                break
            low, high = max(start, row.start), min(end, row.end)
            # The offset says where the cell is in the text, for a mouse selection.
            offset_style = style.rich_style_with_offset(row.x + low - row.start, row.line)
            segments.append(Segment(text[low:high], offset_style))
        strip = Strip(segments)
        style, align = self._look(kind)
        if align in ("center", "right", "end") and strip.cell_length < width:
            space = width - strip.cell_length
            left = space // 2 if align == "center" else space
            strip = Strip([Segment(" " * left, style.background_style.rich_style), *segments])
        return strip.crop(0, width) if strip.cell_length > width else strip

    def _rule(self, kind: str, width: int) -> Strip:
        """A block's top border: a line across, in the border's colour."""
        _, color = self.get_component_styles(f"article-text--{kind}").border_top
        background = self.visual_style.background
        line_style = Style(background=background, foreground=background + color)
        return Strip([Segment("─" * width, line_style.rich_style)], width)

    def _runs_of(self, index: int) -> list[tuple[int, int, Style]]:
        """Block ``index``'s text cut where its style changes: its kind's, its marks', and a
        mouse selection's."""
        runs = self._runs.get(index)
        if runs is not None:
            return runs
        block = self.blocks[index]
        content = Content(block.text)
        for start, end, name in self._marks_of(index, block):
            content = content.stylize(self._mark_style(name), start, end)
        if (selection := self.text_selection) is not None:
            content = self._select(index, content, selection)
        runs, at = [], 0
        for text, style in content.render(self._look(block.kind)[0], end=""):
            runs.append((at, at + len(text), style))
            at += len(text)
        self._runs[index] = runs
        return runs

    def _mark_style(self, name: str) -> Style:
        """A mark's own style (what its component sets), to lay over the block's."""
        return Style.from_rich_style(
            self.get_component_rich_style(f"article-text--{name}", partial=True)
        )

    def _marks_of(self, index: int, block: Block) -> Iterable[Mark]:
        yield from block.marks
        where = block.body_span()
        if where is not None:
            for start, end, name in self._body_marks:
                low, high = max(start, where[0]), min(end, where[1])
                if low < high:
                    yield low - where[0], high - where[0], name
        yield from self._block_marks.get(index, ())

    def _select(self, index: int, content: Content, selection: Selection) -> Content:
        """``content`` with the mouse selection's part of each of its logical lines marked."""
        style = Style.from_styles(self.screen.get_component_styles("screen--selection"))
        line = sum(block.text.count("\n") + 1 for block in self.blocks[:index])
        start = 0
        for logical in self.blocks[index].text.split("\n"):
            span = selection.get_span(line)
            if span is not None:
                low, high = span
                high = len(logical) if high == -1 else min(high, len(logical))
                content = content.stylize(style, start + low, start + high)
            line += 1
            start += len(logical) + 1
        return content
