"""The reading pane: one article, typeset for reading.

Title, standfirst, byline and date above the body; paragraphs spaced apart in a
column of comfortable width, centred in the pane; the author's bio set apart at
the end. All text arrives as cleaned ``Text``, never as markup. When the article
was opened from a search, the matched words are highlighted and ``n``/``N``
move between them.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from reader.app.text import long_date, paragraph, plain, reading_time
from reader.models import Article, Span
from reader.search import highlight_spans

#: Very long articles are set in chunks of paragraphs, not one widget each.
PARAGRAPHS_PER_BLOCK_OVER = 150
CHUNK = 40


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows the open article; scrolls with the usual keys."""

    BINDINGS = [
        Binding("down,j", "scroll_down", "Scroll down", id="reader.down", show=False),
        Binding("up,k", "scroll_up", "Scroll up", id="reader.up", show=False),
        Binding("space,pagedown", "page_down", "Page down", id="reader.page_down", show=False),
        Binding("shift+space,pageup,b", "page_up", "Page up", id="reader.page_up", show=False),
        Binding("home,g", "scroll_home", "Top", id="reader.top", show=False),
        Binding("end,G", "scroll_end", "Bottom", id="reader.bottom", show=False),
    ]

    DEFAULT_CSS = """
    ReadingPane {
        background: $background;
        align-horizontal: center;
        padding: 1 2;
        scrollbar-size-vertical: 1;
    }
    ReadingPane > #article {
        max-width: 78;
        height: auto;
    }
    ReadingPane .label { color: $text-accent; text-style: bold; }
    ReadingPane .title { text-style: bold; color: $foreground; margin-bottom: 1; }
    ReadingPane .dek { text-style: italic; color: $text-muted; margin-bottom: 1; }
    ReadingPane .byline { color: $text-muted; }
    ReadingPane .caption { color: $text-disabled; text-style: italic; }
    ReadingPane .rule { color: $primary-muted; margin-bottom: 1; }
    ReadingPane .paragraph { margin-bottom: 1; }
    ReadingPane .bio { color: $text-muted; border-top: solid $primary-muted; padding-top: 1; }
    ReadingPane .placeholder { color: $text-muted; text-align: center; width: 100%; }
    ReadingPane > .reading-pane--match { background: $warning-muted; }
    ReadingPane > .reading-pane--current-match { background: $warning; color: $background; }
    """

    COMPONENT_CLASSES = {"reading-pane--match", "reading-pane--current-match"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.terms: tuple[str, ...] = ()
        #: Every highlighted match in reading order: the block it is in, and where.
        self.matches: list[tuple[Static, Span]] = []
        self.match_index = -1
        self._block_text: dict[Static, tuple[Text, list[Span]]] = {}

    def compose(self) -> ComposeResult:
        yield Vertical(
            Static(Text("Select an article to read it here.", end=""), classes="placeholder"),
            id="article",
        )

    async def show_article(self, article: Article, terms: Sequence[str] = ()) -> None:
        """Replace the pane's content with ``article``, highlighting ``terms``; scroll to top."""
        self.article = article
        self.terms = tuple(terms)
        column = self.query_one("#article", Vertical)
        blocks = self._blocks(article)
        self._find_matches(blocks)
        with self.app.batch_update():
            await column.remove_children()
            await column.mount_all(blocks)
            self.scroll_home(animate=False, immediate=True)

    def _find_matches(self, blocks: list[Static]) -> None:
        self.matches, self.match_index, self._block_text = [], -1, {}
        if not self.terms:
            return
        for block in blocks:
            if not any(block.has_class(c) for c in ("title", "dek", "paragraph", "bio")):
                continue
            text = block.content
            if not isinstance(text, Text):
                continue
            spans = highlight_spans(text.plain, self.terms)
            if spans:
                self._block_text[block] = (text, spans)
                self.matches.extend((block, span) for span in spans)
                block.update(self._marked(text, spans, None))

    def _marked(self, text: Text, spans: list[Span], current: Span | None) -> Text:
        marked = text.copy()
        match = self.get_component_rich_style("reading-pane--match", partial=True)
        now = self.get_component_rich_style("reading-pane--current-match", partial=True)
        for span in spans:
            marked.stylize(now if span == current else match, *span)
        return marked

    def action_next_match(self) -> None:
        self._go_to_match(+1)

    def action_previous_match(self) -> None:
        self._go_to_match(-1)

    def _go_to_match(self, step: int) -> None:
        if not self.matches:
            self.app.bell()
            return
        previous = self.matches[self.match_index] if self.match_index >= 0 else None
        self.match_index = (self.match_index + step) % len(self.matches)
        block, span = self.matches[self.match_index]
        if previous is not None and previous[0] is not block:
            text, spans = self._block_text[previous[0]]
            previous[0].update(self._marked(text, spans, None))
        text, spans = self._block_text[block]
        block.update(self._marked(text, spans, span))
        self.scroll_to_center(block, animate=False, immediate=True)

    @property
    def match_position(self) -> str:
        """``"match 3/7"`` while stepping through matches, ``"7 matches"`` before, or ``""``."""
        if not self.matches:
            return ""
        if self.match_index < 0:
            return f"{len(self.matches)} match{'es' if len(self.matches) != 1 else ''} (n/N)"
        return f"match {self.match_index + 1}/{len(self.matches)}"

    def _blocks(self, article: Article) -> list[Static]:
        blocks: list[Static] = []
        if article.label:
            blocks.append(Static(plain(article.label.upper()), classes="label"))
        blocks.append(Static(plain(article.title), classes="title"))
        if article.dek:
            blocks.append(Static(paragraph(article.dek), classes="dek"))
        blocks.append(Static(self._byline(article), classes="byline"))
        if article.caption:
            blocks.append(Static(plain(f"Pictured: {article.caption}"), classes="caption"))
        blocks.append(Static(Text("─" * 12, end=""), classes="rule"))
        blocks.extend(self._body(article.paragraphs))
        if article.author_bio:
            blocks.append(Static(paragraph(article.author_bio), classes="bio"))
        return blocks

    @staticmethod
    def _byline(article: Article) -> Text:
        parts = []
        if article.author:
            who = article.author
            if article.author_role:
                who += f", {article.author_role}"
            parts.append(f"By {who}")
        else:
            parts.append(article.source)
        if article.date:
            parts.append(long_date(article.date))
        parts.append(f"{reading_time(article.words)} read")
        return plain(" · ".join(parts))

    @staticmethod
    def _body(paragraphs: list[str]) -> list[Static]:
        if len(paragraphs) <= PARAGRAPHS_PER_BLOCK_OVER:
            return [Static(paragraph(p), classes="paragraph") for p in paragraphs]
        chunks = []
        for start in range(0, len(paragraphs), CHUNK):
            text = paragraph("\n\n".join(paragraphs[start : start + CHUNK]))
            chunks.append(Static(text, classes="paragraph"))
        return chunks
