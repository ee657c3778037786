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

from reader.app.text import editable, plain
from reader.app.widgets.note_area import CleanTextArea

DRAFT_DELAY = 0.4  # seconds of quiet typing before the draft is saved


class NoteEditor(ModalScreen[str | None]):
    """Edit a note's text; dismisses with the text (Ctrl+S) or None (Esc).

    Esc never throws typed text away: what was typed is kept as the draft (saved at
    once, :attr:`kept`), and the next editor for the same note or article opens with
    it. Esc on an emptied editor is how a draft is dropped.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="editor.save", priority=True),
        Binding("escape", "cancel", "Close (the draft is kept)", id="editor.cancel", priority=True),
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
        on_draft: Callable[[str, bool], None] | None = None,
        draft: bool = False,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.initial = text
        #: What the editor shows of ``initial``: cleaned.
        self.shown = editable(text)
        self.quote = quote
        self.on_draft = on_draft
        #: ``text`` is a draft kept from before (Esc keeps it even if nothing is typed).
        self.draft = draft
        #: Closed with Esc and the text kept as the draft.
        self.kept = False
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
            yield Static(
                "Ctrl+S save    Esc close (the draft is kept)", classes="keys", markup=False
            )

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

    def _save_draft(self, kept: bool = False) -> None:
        """Hand the text over as a draft: ``kept`` on purpose (Esc), or as it is typed."""
        if self.on_draft is not None:
            self.on_draft(self.text, kept)

    def action_save(self) -> None:
        if not self.text.strip():
            self.notify("An empty note is not saved; Esc closes.", severity="warning")
            return
        # Unchanged: the text as it was given, not the cleaned one the editor showed.
        self.dismiss(self.initial if self.text == self.shown else self.text)

    def action_cancel(self) -> None:
        typed = self.text.strip() != self.shown.strip()
        if self.text.strip() and (typed or self.draft):
            if self._draft_timer is not None:
                self._draft_timer.stop()
            self._save_draft(kept=True)  # now: the editor is closing
            self.kept = True
        self.dismiss(None)
