"""The notes screen: every note across all articles, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.app.screens.base import ReaderScreen
from reader.app.text import paragraph, plain
from reader.app.widgets.footer import Footer
from reader.app.widgets.note_card import note_stamp
from reader.types import Note

if TYPE_CHECKING:
    from reader.core import Store

PREVIEW_LINES = 3


def note_option(note: Note) -> Option:
    text = Text(end="")
    text.append_text(plain(note.article_title or f"(article {note.article_id})", "bold"))
    text.append(f"   {note_stamp(note.created)}", style="dim")
    if note.quote:
        text.append("\n")
        text.append_text(plain(f"“{note.quote}”", "italic"))
        if note.detached:
            text.append(" (detached)", style="dim")
    lines = paragraph(note.text).plain.splitlines()[:PREVIEW_LINES]
    for line in lines:
        text.append("\n  ")
        text.append_text(plain(line))
    return Option(text, id=str(note.id))


class NotesScreen(ReaderScreen[None]):
    """List every note; Enter opens its article at the note."""

    BINDINGS = [
        Binding("escape,q,m", "app.pop_screen", "Back", id="notes.back"),
        Binding("j", "cursor_down", "Next", id="notes.next", show=False),
        Binding("k", "cursor_up", "Previous", id="notes.previous", show=False),
        # The list's own Enter opens; this names it in help and in the palette.
        Binding("enter", "open", "Open the note's article", id="notes.open", show=False),
    ]

    DEFAULT_CSS = """
    NotesScreen #notes-title { height: 1; background: $panel; padding: 0 1; text-style: bold; }
    NotesScreen OptionList { height: 1fr; border: none; }
    NotesScreen OptionList > .option-list--option { padding: 0 1; }
    """

    @dataclass
    class OpenNote(Message):
        """Open this note's article, scrolled to the note."""

        note: Note

    def __init__(self, store: Store) -> None:
        super().__init__(id="notes-screen")
        self.store = store
        self.notes: list[Note] = []

    def compose(self) -> ComposeResult:
        yield Static("Notes", id="notes-title")
        yield OptionList(id="notes-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        notes = self.store.notes()
        self.app.call_from_thread(self._show, notes)

    def _show(self, notes: list[Note]) -> None:
        self.notes = notes
        options = self.query_one(OptionList)
        options.clear_options()
        if notes:
            items: list[Option | None] = []
            for note in notes:
                items.extend((note_option(note), None))  # None: a separator line
            options.add_options(items[:-1])
            options.highlighted = 0
        else:
            options.add_option(
                Option(Text("No notes yet. Open an article and press a."), disabled=True)
            )
        count = len(notes)
        self.query_one("#notes-title", Static).update(
            Text(f"Notes · {count} note{'s' if count != 1 else ''}   (Enter opens, Esc back)")
        )

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_open(self) -> None:
        self.query_one(OptionList).action_select()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        note = next((n for n in self.notes if str(n.id) == event.option.id), None)
        if note is not None:
            self.post_message(self.OpenNote(note))
