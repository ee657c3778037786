"""The reading pane: one article, typeset for reading, with its notes.

Title, standfirst, byline and date above the body; paragraphs spaced apart in a
column of comfortable width, centred in the pane; the author's bio set apart;
then the user's notes. The blocks of an article come from
:mod:`~reader.app.widgets.article_blocks` (cleaned text, never markup);
:class:`~reader.app.widgets.article_text.ArticleText` sets them in lines and draws the
lines on screen. The notes are widgets under it.

Three kinds of marks are laid over the paragraphs: the words a search matched
(``>``/``<`` step through them), the passages that notes quote, and a passage
being selected from the keyboard (``v``, then ``j``/``k`` to grow or shrink it by
sentences). Marks are ranges in the article's ``body``; each paragraph block knows
where it starts in the body, so a mark lands on the right words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static

from reader.app.text import plain
from reader.app.widgets.article_blocks import PLACEHOLDER, article_blocks
from reader.app.widgets.article_text import ArticleText, Block, Mark
from reader.app.widgets.note_card import NoteCard
from reader.core import highlight_spans
from reader.records import replace
from reader.types import Article, Note, Person, Span

#: Blocks of these kinds are looked at for search matches.
SEARCHED = frozenset({"title", "dek", "paragraph", "bio"})
_SENTENCE = re.compile(r"\S.*?(?:[.!?…][”’\"')\]]*(?=\s|$)|$)", re.S)


def sentences(body: str) -> list[Span]:
    """Sentence ranges of ``body`` (never crossing a paragraph break)."""
    spans: list[Span] = []
    start = 0
    for para in body.split("\n\n"):
        spans.extend((start + m.start(), start + m.end()) for m in _SENTENCE.finditer(para))
        start += len(para) + 2
    return spans


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows the open article and its notes; scrolls with the usual keys."""

    BINDINGS = [
        Binding("down,j", "line_down", "Scroll down", id="reader.down", show=False),
        Binding("up,k", "line_up", "Scroll up", id="reader.up", show=False),
        Binding(
            "space",
            "space",
            "Page down; at the end, next unread",
            id="reader.space",
            show=False,
        ),
        Binding("pagedown", "page_down", "Page down", id="reader.page_down", show=False),
        Binding("shift+space,pageup", "page_up", "Page up", id="reader.page_up", show=False),
        Binding("home,g", "top", "Top", id="reader.top", show=False),
        Binding("end,G", "bottom", "Bottom", id="reader.bottom", show=False),
        Binding(
            "v",
            "select",
            "Select",
            id="reader.select",
            tooltip="Select a passage (then j/k: more/less; a adds a note on it)",
        ),
        Binding(
            "right_square_bracket",
            "next_note",
            "Next note",
            id="reader.next_note",
            key_display="]",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "previous_note",
            "Previous note",
            id="reader.previous_note",
            key_display="[",
            show=False,
        ),
        Binding("escape", "cancel_selection", "Cancel selection", id="reader.cancel", show=False),
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
    ReadingPane .notes-heading {
        color: $text-secondary; text-style: bold; margin-top: 1; margin-bottom: 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        #: Whether the article is bookmarked, as the reader last knew: when it was
        #: loaded, or when ``b`` set it since.
        self.bookmarked = False
        self.terms: tuple[str, ...] = ()
        self.notes: list[Note] = []
        #: Who the article mentions and how often, most mentioned first.
        self.people: list[tuple[Person, int]] = []
        #: Every search match in reading order: the index of the block it is in, and
        #: where in the block's text.
        self.matches: list[tuple[int, Span]] = []
        self.match_index = -1
        #: The passage selected from the keyboard, as sentence indexes (first, last).
        self.selection: tuple[int, int] | None = None
        self._sentences: list[Span] = []
        #: The article's text came from its web page, and the feed's own is shown instead.
        self.feed_text = False
        self.article_text = ArticleText([PLACEHOLDER])

    def compose(self) -> ComposeResult:
        yield Vertical(self.article_text, id="article")

    @property
    def blocks(self) -> list[Block]:
        return self.article_text.blocks

    # -- showing an article -------------------------------------------------------------

    async def show_article(
        self,
        article: Article,
        terms: Sequence[str] = (),
        notes: Sequence[Note] = (),
        people: Sequence[tuple[Person, int]] = (),
    ) -> None:
        """Replace the pane's content with ``article``, its people and notes; scroll to the top."""
        self.article = article
        self.feed_text = False
        self.bookmarked = article.bookmarked
        self.terms = tuple(terms)
        self.notes = list(notes)
        self.people = list(people)
        self.selection = None
        self._sentences = []
        blocks = self._blocks(article)
        self._find_matches(blocks)
        with self.app.batch_update():
            self.article_text.show(blocks, *self._marks())
            await self._replace_notes()
            self.scroll_home(animate=False, immediate=True)

    def show_nothing(self) -> None:
        """Empty the pane: the list beside it has no article to show."""
        self.article = None
        self.feed_text = self.bookmarked = False
        self.terms, self.notes, self.people = (), [], []
        self.selection, self._sentences = None, []
        self.matches, self.match_index = [], -1
        with self.app.batch_update():
            self.article_text.show([])
            self.query_one("#article", Vertical).remove_children(".notes-heading, NoteCard")
            self.scroll_home(animate=False, immediate=True)

    async def show_notes(self, notes: Sequence[Note]) -> None:
        """Redraw the notes (and the quotes they mark) of the article already shown."""
        self.notes = list(notes)
        await self._replace_notes()
        self._remark()

    async def _replace_notes(self) -> None:
        column = self.query_one("#article", Vertical)
        old = list(column.query_children(".notes-heading, NoteCard"))
        if old:
            await column.remove_children(old)
        if self.notes:
            await column.mount_all(self._note_widgets())

    def _note_widgets(self) -> list[Static]:
        count = len(self.notes)
        heading = Static(plain(f"Notes ({count})"), classes="notes-heading")
        return [heading, *(NoteCard(note) for note in self.notes)]

    def _blocks(self, article: Article) -> list[Block]:
        return article_blocks(article, self.people, feed_text=self.feed_text)

    async def toggle_feed_text(self) -> bool:
        """Show the feed's own text of an article whose text came from its web page, or
        the full text again; False when the article shown has no such two texts."""
        article = self.article
        if article is None or not article.fulltext_url or article.feed_body is None:
            return False
        self.feed_text = not self.feed_text
        shown = replace(article, body=article.feed_body) if self.feed_text else article
        blocks = self._blocks(shown)
        self._find_matches(blocks)
        self.article_text.show(blocks, *self._marks())
        self.scroll_home(animate=False, immediate=True)
        return True

    async def show_people(self, people: Sequence[tuple[Person, int]]) -> None:
        """Redraw the people line of the article already shown (after names changed)."""
        self.people = list(people)
        if self.article is None:
            return
        blocks = self._blocks(self.article)
        index = self.match_index
        self._find_matches(blocks)  # the same matches, in blocks that may have moved
        self.match_index = index
        self.article_text.show(blocks, *self._marks())

    # -- marks ---------------------------------------------------------------------------

    def _find_matches(self, blocks: list[Block]) -> None:
        self.matches, self.match_index = [], -1
        if not self.terms:
            return
        for index, block in enumerate(blocks):
            if block.kind in SEARCHED:
                spans = highlight_spans(block.text, self.terms)
                self.matches.extend((index, span) for span in spans)

    def _marks(self) -> tuple[list[Mark], dict[int, list[Mark]]]:
        """Marks on the body (quotes, then the selection) and on blocks (search matches)."""
        body: list[Mark] = [(start, end, "quote") for start, end in self._quote_spans()]
        if (span := self.selected_span()) is not None:
            body.append((*span, "selection"))
        matches: dict[int, list[Mark]] = {}
        for i, (index, (start, end)) in enumerate(self.matches):
            name = "current-match" if i == self.match_index else "match"
            matches.setdefault(index, []).append((start, end, name))
        return body, matches

    def _remark(self) -> None:
        self.article_text.mark(*self._marks())

    def _quote_spans(self) -> list[Span]:
        if self.feed_text:
            return []  # notes mark places in the full text, which is not shown
        return [
            (n.quote_start, n.quote_end)
            for n in self.notes
            if n.quote and not n.detached and n.quote_start is not None and n.quote_end is not None
        ]

    # -- rows of the text, in the pane -------------------------------------------------------

    def _text_top(self) -> int:
        """Where the article's text starts in the pane's scrollable area."""
        text = self.article_text
        return text.virtual_region.y + self.query_one("#article").virtual_region.y

    def _scroll_to_row(self, row: int | None, *, center: bool = False) -> None:
        if row is None:
            return
        region = Region(0, self._text_top() + row, self.article_text.size.width, 1)
        self.scroll_to_region(region, center=center, animate=False, immediate=True)

    # -- scrolling from the keyboard ---------------------------------------------------
    #
    # Every key moves the pane at once, from where the keys before it left it. Textual's
    # own scrolling starts each move after the next screen update, from where the pane is
    # then (mid-animation for a page), so keys typed faster than that were lost: ten
    # quick j scrolled one line. Each move is done in the order the keys came, after the
    # layout they may wait for (an article just shown), and without animation.

    def _scroll_by(self, rows: float) -> None:
        self.call_after_refresh(self._scroll_now, rows)

    def _scroll_now(self, rows: float) -> None:
        target = min(max(self.scroll_target_y + rows, 0), self.max_scroll_y)
        self.scroll_to(y=target, animate=False, immediate=True)

    class EndReached(Message):
        """Space (page down) at the very end of the article: the user wants the next one."""

    def action_space(self) -> None:
        if self.article is not None and self.scroll_target_y >= self.max_scroll_y:
            self.post_message(self.EndReached())
            return
        self.action_page_down()

    def action_page_down(self) -> None:
        self._scroll_by(self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._scroll_by(-self.scrollable_content_region.height)

    def action_top(self) -> None:
        self._scroll_by(-math.inf)

    def action_bottom(self) -> None:
        self._scroll_by(math.inf)

    # -- stepping through search matches -----------------------------------------------

    def action_next_match(self) -> None:
        self._go_to_match(+1)

    def action_previous_match(self) -> None:
        self._go_to_match(-1)

    def _go_to_match(self, step: int) -> None:
        if not self.matches:
            self.app.bell()
            return
        if self.match_index < 0:  # none yet: > goes to the first, < to the last
            self.match_index = 0 if step > 0 else len(self.matches) - 1
        else:
            self.match_index = (self.match_index + step) % len(self.matches)
        self._remark()
        index, (start, _) = self.matches[self.match_index]
        self._scroll_to_row(self.article_text.row_of(index, start), center=True)

    def clear_matches(self) -> None:
        """Forget the search's words and their marks: the search they came from is over."""
        if not self.terms and not self.matches:
            return
        self.terms = ()
        self.matches, self.match_index = [], -1
        self._remark()

    @property
    def match_position(self) -> str:
        """``"match 3/7"`` while stepping through matches, ``"7 matches"`` before, or ``""``."""
        if not self.matches:
            return ""
        if self.match_index < 0:
            return f"{len(self.matches)} match{'es' if len(self.matches) != 1 else ''} (>/<)"
        return f"match {self.match_index + 1}/{len(self.matches)}"

    # -- selecting a passage from the keyboard -------------------------------------------

    def action_select(self) -> None:
        """Start a selection at the first sentence that starts on screen."""
        if self.article is None:
            return
        self._sentences = sentences(self.article.body)
        if not self._sentences:
            return
        top = int(self.scroll_y) - self._text_top()
        offset = self.article_text.body_offset_from(top)
        first = 0
        if offset is not None:
            first = next((i for i, s in enumerate(self._sentences) if s[0] >= offset), 0)
        self.selection = (first, first)
        self._remark()

    def selected_span(self) -> Span | None:
        if self.selection is None or not self._sentences:
            return None
        first, last = self.selection
        return self._sentences[first][0], self._sentences[last][1]

    def selected_text(self) -> str | None:
        span = self.selected_span()
        if span is None or self.article is None:
            return None
        return self.article.body[span[0] : span[1]]

    def action_line_down(self) -> None:
        if self.selection is None:
            self._scroll_by(1)
            return
        first, last = self.selection
        self.selection = (first, min(last + 1, len(self._sentences) - 1))
        self._after_selection_change()

    def action_line_up(self) -> None:
        if self.selection is None:
            self._scroll_by(-1)
            return
        first, last = self.selection
        self.selection = (first, max(last - 1, first))
        self._after_selection_change()

    def _after_selection_change(self) -> None:
        self._remark()
        span = self.selected_span()
        if span is not None:
            self._scroll_to_row(self.article_text.body_row(span[1]))

    def action_cancel_selection(self) -> None:
        if self.selection is None:
            raise SkipAction()
        self.clear_selection()

    def clear_selection(self) -> None:
        self.selection = None
        self._remark()

    # -- notes ---------------------------------------------------------------------------

    def action_next_note(self) -> None:
        self._focus_note(+1)

    def action_previous_note(self) -> None:
        self._focus_note(-1)

    def _focus_note(self, step: int) -> None:
        cards = list(self.query(NoteCard))
        if not cards:
            self.app.bell()
            return
        current = next((i for i, c in enumerate(cards) if c.has_focus), -1)
        index = (current + step) % len(cards) if current >= 0 else (0 if step > 0 else -1)
        cards[index].focus()
        self.scroll_to_widget(cards[index], animate=False)
