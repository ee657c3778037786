"""The reading pane: one article, typeset for reading, with its notes.

Title, standfirst, byline and date above the body; paragraphs spaced apart in a
column of comfortable width, centred in the pane; the author's bio set apart;
then the user's notes. All text arrives as cleaned ``Text``, never as markup.

Three kinds of marks are laid over the paragraphs: the words a search matched
(``n``/``N`` step through them), the passages that notes quote, and a passage
being selected from the keyboard (``v``, then ``j``/``k`` to grow or shrink it by
sentences). Marks are ranges in the article's ``body``; each paragraph block knows
where it starts in the body, so a mark lands on the right words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from reader.app.text import long_date, on_screen, paragraph, plain, reading_time
from reader.app.widgets.note_card import NoteCard
from reader.models import Article, Note, Person, Span
from reader.search import highlight_spans

#: Very long articles are set in chunks of paragraphs, not one widget each.
PARAGRAPHS_PER_BLOCK_OVER = 150
CHUNK = 40
#: The pane sets at most this much of a body (some 25,000 words): laying text out
#: takes time in proportion to its length, and a 5 MB article would hold the screen
#: for many seconds. What is left out is named (``reader show`` prints it all).
MAX_SHOWN_CHARS = 150_000
#: People named under the byline; the others are counted ("+3 more"; P lists them all).
PEOPLE_SHOWN = 6
_SENTENCE = re.compile(r"\S.*?(?:[.!?…][”’\"')\]]*(?=\s|$)|$)", re.S)


class Block(Static):
    """A typeset block of the article: its plain text, and where it starts in the body."""

    def __init__(self, text: Text, kind: str, body_start: int | None = None) -> None:
        super().__init__(text, classes=kind)
        self.base = text
        self.body_start = body_start

    def body_span(self) -> Span | None:
        if self.body_start is None:
            return None
        return self.body_start, self.body_start + len(self.base.plain)


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
        Binding("space,pagedown", "page_down", "Page down", id="reader.page_down", show=False),
        Binding("shift+space,pageup", "page_up", "Page up", id="reader.page_up", show=False),
        Binding("home,g", "scroll_home", "Top", id="reader.top", show=False),
        Binding("end,G", "scroll_end", "Bottom", id="reader.bottom", show=False),
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
        Binding("escape", "cancel_selection", "Cancel selection", show=False),
    ]

    COMPONENT_CLASSES = {
        "reading-pane--match",
        "reading-pane--current-match",
        "reading-pane--quote",
        "reading-pane--selection",
        "reading-pane--person",
    }

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
    ReadingPane .people { color: $text-muted; }
    ReadingPane > .reading-pane--person { color: $text-secondary; }
    ReadingPane .caption { color: $text-disabled; text-style: italic; }
    ReadingPane .rule { color: $primary-muted; margin-bottom: 1; }
    ReadingPane .paragraph { margin-bottom: 1; }
    ReadingPane .cut { color: $text-muted; text-style: italic; margin-bottom: 1; }
    ReadingPane .bio { color: $text-muted; border-top: solid $primary-muted; padding-top: 1; }
    ReadingPane .notes-heading {
        color: $text-secondary; text-style: bold; margin-top: 1; margin-bottom: 1;
    }
    ReadingPane .placeholder { color: $text-muted; text-align: center; width: 100%; }
    ReadingPane > .reading-pane--match { background: $warning-muted; }
    ReadingPane > .reading-pane--current-match { background: $warning; color: $background; }
    ReadingPane > .reading-pane--quote { background: $secondary-muted; text-style: underline; }
    ReadingPane > .reading-pane--selection { background: $accent-muted; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.terms: tuple[str, ...] = ()
        self.notes: list[Note] = []
        #: Who the article mentions and how often, most mentioned first.
        self.people: list[tuple[Person, int]] = []
        #: Every search match in reading order: the block it is in, and where in the block.
        self.matches: list[tuple[Block, Span]] = []
        self.match_index = -1
        #: The passage selected from the keyboard, as sentence indexes (first, last).
        self.selection: tuple[int, int] | None = None
        self._sentences: list[Span] = []

    def compose(self) -> ComposeResult:
        yield Vertical(
            Static(Text("Select an article to read it here.", end=""), classes="placeholder"),
            id="article",
        )

    @property
    def blocks(self) -> list[Block]:
        return list(self.query(Block))

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
        self.terms = tuple(terms)
        self.notes = list(notes)
        self.people = list(people)
        self.selection = None
        self._sentences = []
        column = self.query_one("#article", Vertical)
        blocks = self._blocks(article)
        self._find_matches([b for b in blocks if isinstance(b, Block)])
        for block in blocks:
            if isinstance(block, Block):
                block.update(self._styled(block), layout=False)  # styled before it is shown
        with self.app.batch_update():
            await column.remove_children()
            await column.mount_all([*blocks, *self._note_widgets()])
            self.scroll_home(animate=False, immediate=True)

    async def show_notes(self, notes: Sequence[Note]) -> None:
        """Redraw the notes (and the quotes they mark) of the article already shown."""
        self.notes = list(notes)
        for old in self.query(".notes-heading, NoteCard"):
            await old.remove()
        await self.query_one("#article", Vertical).mount_all(self._note_widgets())
        self._restyle_all()

    def _note_widgets(self) -> list[Static]:
        if not self.notes:
            return []
        count = len(self.notes)
        heading = Static(plain(f"Notes ({count})"), classes="notes-heading")
        return [heading, *(NoteCard(note) for note in self.notes)]

    def _blocks(self, article: Article) -> list[Static]:
        blocks: list[Static] = []
        if article.label:
            blocks.append(Static(plain(article.label.upper()), classes="label"))
        blocks.append(Block(plain(article.title), "title"))
        if article.dek:
            blocks.append(Block(paragraph(article.dek), "dek"))
        blocks.append(Static(self._byline(article), classes="byline"))
        if self.people:
            blocks.append(Static(self._people_line(), classes="people"))
        if article.caption:
            blocks.append(Static(plain(f"Pictured: {article.caption}"), classes="caption"))
        blocks.append(Static(Text("─" * 12, end=""), classes="rule"))
        blocks.extend(self._body(article))
        if article.author_bio:
            blocks.append(Block(paragraph(article.author_bio), "bio"))
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

    def _people_line(self) -> Text:
        """``People: Kim Kardashian (12) · Kanye West (9) · +3 more  (P)``."""
        name_style = self._style("reading-pane--person")
        text = Text("People: ", end="")
        for i, (person, count) in enumerate(self.people[:PEOPLE_SHOWN]):
            if i:
                text.append(" · ")
            name = plain(person.name)
            name.stylize(name_style)
            text.append_text(name)
            text.append(f" ({count})")
        rest = len(self.people) - PEOPLE_SHOWN
        if rest > 0:
            text.append(f" · +{rest} more")
        text.append("  (P)", style="dim")
        return text

    async def show_people(self, people: Sequence[tuple[Person, int]]) -> None:
        """Redraw the people line of the article already shown (after names changed)."""
        self.people = list(people)
        for old in self.query(".people"):
            await old.remove()
        if self.people:
            byline = self.query(".byline").first()
            await self.query_one("#article", Vertical).mount(
                Static(self._people_line(), classes="people"), after=byline
            )

    @staticmethod
    def _body(article: Article) -> list[Static]:
        """Paragraph blocks, each knowing its start in the body; long bodies in chunks.

        A body longer than :data:`MAX_SHOWN_CHARS` is cut at a paragraph break (or a
        space) before it, and a last line says how much was left out.
        """
        body, cut = article.body, ""
        if len(body) > MAX_SHOWN_CHARS:
            end = body.rfind("\n\n", 0, MAX_SHOWN_CHARS)
            if end < MAX_SHOWN_CHARS // 2:
                end = body.rfind(" ", 0, MAX_SHOWN_CHARS)
            end = end if end > 0 else MAX_SHOWN_CHARS
            cut = (
                f"… {len(body) - end:,} more characters are not shown here; "
                f"reader show {article.id} prints the whole article."
            )
            body = body[:end]
        paragraphs = body.split("\n\n")
        step = CHUNK if len(paragraphs) > PARAGRAPHS_PER_BLOCK_OVER else 1
        blocks, start = [], 0
        for first in range(0, len(paragraphs), step):
            raw = "\n\n".join(paragraphs[first : first + step])
            text = paragraph(raw)
            # Offsets only hold while cleaning changed nothing (stored text is clean);
            # on_screen swaps characters one for one.
            kept = text.plain == on_screen(raw)
            blocks.append(Block(text, "paragraph", start if kept else None))
            start += len(raw) + 2
        if cut:
            blocks.append(Static(plain(cut), classes="cut"))
        return blocks

    # -- marks ---------------------------------------------------------------------------

    def _find_matches(self, blocks: list[Block]) -> None:
        self.matches, self.match_index = [], -1
        if not self.terms:
            return
        for block in blocks:
            spans = highlight_spans(block.base.plain, self.terms)
            self.matches.extend((block, span) for span in spans)

    def _restyle_all(self) -> None:
        for block in self.blocks:
            self._restyle(block)

    def _style(self, name: str):
        return self.get_component_rich_style(name, partial=True)

    def _restyle(self, block: Block) -> None:
        # Only styles change, never the text: the block keeps its size, no layout needed.
        block.update(self._styled(block), layout=False)

    def _styled(self, block: Block) -> Text:
        """The block's text with the search matches, quotes and selection marked."""
        text = block.base.copy()
        where = block.body_span()
        if where is not None:
            for start, end in self._quote_spans():
                _overlay(text, where, start, end, self._style("reading-pane--quote"))
            if self.selection is not None:
                start, end = self.selected_span() or (0, 0)
                _overlay(text, where, start, end, self._style("reading-pane--selection"))
        current = self.matches[self.match_index] if self.match_index >= 0 else None
        for match in self.matches:
            if match[0] is block:
                name = "reading-pane--current-match" if match == current else "reading-pane--match"
                text.stylize(self._style(name), *match[1])
        return text

    def _quote_spans(self) -> list[Span]:
        return [
            (n.quote_start, n.quote_end)
            for n in self.notes
            if n.quote and not n.detached and n.quote_start is not None and n.quote_end is not None
        ]

    # -- stepping through search matches -----------------------------------------------

    def action_next_match(self) -> None:
        self._go_to_match(+1)

    def action_previous_match(self) -> None:
        self._go_to_match(-1)

    def _go_to_match(self, step: int) -> None:
        if not self.matches:
            self.app.bell()
            return
        previous = self.matches[self.match_index][0] if self.match_index >= 0 else None
        self.match_index = (self.match_index + step) % len(self.matches)
        block = self.matches[self.match_index][0]
        if previous is not None and previous is not block:
            self._restyle(previous)
        self._restyle(block)
        self.scroll_to_center(block, animate=False, immediate=True)

    @property
    def match_position(self) -> str:
        """``"match 3/7"`` while stepping through matches, ``"7 matches"`` before, or ``""``."""
        if not self.matches:
            return ""
        if self.match_index < 0:
            return f"{len(self.matches)} match{'es' if len(self.matches) != 1 else ''} (n/N)"
        return f"match {self.match_index + 1}/{len(self.matches)}"

    # -- selecting a passage from the keyboard -------------------------------------------

    def action_select(self) -> None:
        """Start a selection at the first sentence on screen."""
        if self.article is None:
            return
        self._sentences = sentences(self.article.body)
        if not self._sentences:
            return
        top = self.scroll_y
        first = 0
        for block in self.blocks:
            where = block.body_span()
            if where is not None and block.virtual_region.y >= top:
                first = next((i for i, s in enumerate(self._sentences) if s[0] >= where[0]), 0)
                break
        self.selection = (first, first)
        self._restyle_all()

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
            self.scroll_down()
            return
        first, last = self.selection
        self.selection = (first, min(last + 1, len(self._sentences) - 1))
        self._after_selection_change()

    def action_line_up(self) -> None:
        if self.selection is None:
            self.scroll_up()
            return
        first, last = self.selection
        self.selection = (first, max(last - 1, first))
        self._after_selection_change()

    def _after_selection_change(self) -> None:
        self._restyle_all()
        span = self.selected_span()
        for block in self.blocks:
            where = block.body_span()
            if span and where and where[0] <= span[1] <= where[1]:
                self.scroll_to_widget(block, animate=False, immediate=True)
                break

    def action_cancel_selection(self) -> None:
        if self.selection is None:
            raise SkipAction()
        self.clear_selection()

    def clear_selection(self) -> None:
        self.selection = None
        self._restyle_all()

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


def _overlay(text: Text, where: Span, start: int, end: int, style: object) -> None:
    """Style the part of body range ``start..end`` that falls in a block spanning ``where``."""
    lo, hi = max(start, where[0]), min(end, where[1])
    if lo < hi:
        text.stylize(style, lo - where[0], hi - where[0])  # type: ignore[arg-type]
