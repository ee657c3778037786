"""Boxes the user types or pastes into; they hold only text the screen may show.

Textual's ``Input`` and ``TextArea`` keep whatever they are given, a bracketed paste
included, and draw it as it is: an escape sequence pasted into one (or in a note
opened in the editor) would reach the terminal and run there. These clean every
insertion, and any text they are given, as article text is cleaned
(:func:`reader.app.text.editable`).
"""

from __future__ import annotations

from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from reader.app.text import editable, editable_line


class CleanInput(Input):
    """A one-line box whose value is always clean."""

    def replace(self, text: str, start: int, end: int) -> None:
        # Cleaned before it goes in, so that the cursor lands after what was kept.
        super().replace(editable_line(text), start, end)

    def validate_value(self, value: str) -> str:
        return editable_line(value)


class CleanTextArea(TextArea):
    """A text editor whose document is always clean."""

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(editable(text), **kwargs)  # type: ignore[arg-type]

    def load_text(self, text: str) -> None:
        super().load_text(editable(text))

    def edit(self, edit: Edit) -> EditResult:
        """Every change (typed, pasted, inserted, redone) goes through here."""
        edit.text = editable(edit.text)
        return super().edit(edit)
