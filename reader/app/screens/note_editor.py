"""Writing a note: a Markdown editor that saves a draft as you type.

A note is stored exactly as written, controls and escape sequences included (it may
come from ``reader note add`` or an imported export), but the editor, like every other
view, holds it cleaned: nothing in it reaches the terminal. Saved unchanged, the note
keeps its stored text exactly; changed, what is saved is the edited, cleaned text.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static

from reader.app.screens.confirm import ConfirmScreen
from reader.app.text import editable, plain
from reader.app.widgets.entry import CleanTextArea

DRAFT_DELAY = 0.4  # seconds of quiet typing before the draft is saved


class NoteEditor(ModalScreen[str | None]):
    """Edit a note's text; dismisses with the text (Ctrl+S) or None (Esc)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="editor.cancel", priority=True),
    ]

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical {
        width: 84; max-width: 100%; height: 80%; max-height: 100%;
        background: $panel; border: round $secondary; padding: 0 1;
    }
    NoteEditor .heading { text-style: bold; color: $text-secondary; }
    NoteEditor .quote {
        color: $text-muted; text-style: italic; border-left: outer $secondary;
        padding-left: 1; margin: 1 0; max-height: 6;
    }
    NoteEditor TextArea { height: 1fr; }
    NoteEditor .keys { color: $text-muted; }
    """

    def __init__(
        self,
        heading: str,
        *,
        text: str = "",
        quote: str | None = None,
        on_draft: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.initial = text
        #: What the editor shows of ``initial``: cleaned.
        self.shown = editable(text)
        self.quote = quote
        self.on_draft = on_draft
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.heading), classes="heading")
            if self.quote:
                yield Static(plain(f"“{self.quote}”"), classes="quote")
            yield CleanTextArea(
                self.shown,
                language="markdown",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="indent",
                id="note-text",
            )
            yield Static("Ctrl+S save    Esc cancel", classes="keys", markup=False)

    def on_mount(self) -> None:
        area = self.query_one(CleanTextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(CleanTextArea).text

    def on_text_area_changed(self, event: CleanTextArea.Changed) -> None:
        if self.on_draft is None:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._save_draft)

    def _save_draft(self) -> None:
        if self.on_draft is not None:
            self.on_draft(self.text)

    def action_save(self) -> None:
        if not self.text.strip():
            self.notify("An empty note is not saved; Esc to cancel.", severity="warning")
            return
        # Unchanged: the text as it was given, not the cleaned one the editor showed.
        self.dismiss(self.initial if self.text == self.shown else self.text)

    def action_cancel(self) -> None:
        if self.text.strip() == self.shown.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard this note?"), answered)
