"""One note under the article in the reading pane: its quote, its text, its dates."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from reader.app.text import paragraph, plain
from reader.types import Note


def note_stamp(iso: str) -> str:
    """``2026-11-21T14:03:05.123+00:00`` as ``2026-11-21 14:03``."""
    return iso[:16].replace("T", " ")


def note_text(note: Note) -> Text:
    """The note as safe text: quote, body, then when it was written."""
    text = Text(end="")
    if note.quote:
        text.append_text(plain(f"“{note.quote}”", "italic"))
        if note.detached:
            text.append(" (this passage is no longer in the article)", style="dim")
        text.append("\n")
    text.append_text(paragraph(note.text))
    stamp = f"\n{note_stamp(note.created)}"
    if note.edited != note.created:
        stamp += f" · edited {note_stamp(note.edited)}"
    text.append(stamp, style="dim")
    return text


class NoteCard(Static, can_focus=True):
    """A focusable note: ``e`` or Enter edits it, ``d`` deletes it (after asking)."""

    BINDINGS = [
        Binding("e,enter", "edit", "Edit note", id="note.edit"),
        Binding("d,delete", "delete", "Delete note", id="note.delete"),
    ]

    DEFAULT_CSS = """
    NoteCard {
        border-left: outer $secondary;
        padding: 0 1;
        margin-bottom: 1;
        color: $text;
    }
    NoteCard:focus { background: $boost; border-left: outer $accent; }
    """

    class Edit(Message):
        def __init__(self, note: Note) -> None:
            self.note = note
            super().__init__()

    class Delete(Message):
        def __init__(self, note: Note) -> None:
            self.note = note
            super().__init__()

    def __init__(self, note: Note) -> None:
        super().__init__(note_text(note), classes="note")
        self.note = note

    def action_edit(self) -> None:
        self.post_message(self.Edit(self.note))

    def action_delete(self) -> None:
        self.post_message(self.Delete(self.note))
