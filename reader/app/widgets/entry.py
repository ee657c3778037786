"""Boxes the user types or pastes into; they hold only text the screen may show.

Textual's ``Input`` and ``TextArea`` keep whatever they are given, a bracketed paste
included, and draw it as it is: an escape sequence pasted into one (or in a note
opened in the editor) would reach the terminal and run there. These clean every
insertion, and any text they are given, as article text is cleaned
(:func:`reader.app.text.editable`).

The note editor's box is in :mod:`reader.app.widgets.note_area`: Textual's ``TextArea``
takes milliseconds to import, which the first screen need not wait for.
"""

from __future__ import annotations

from textual.widgets import Input

from reader.app.text import editable_line


class CleanInput(Input):
    """A one-line box whose value is always clean."""

    def replace(self, text: str, start: int, end: int) -> None:
        # Cleaned before it goes in, so that the cursor lands after what was kept.
        super().replace(editable_line(text), start, end)

    def validate_value(self, value: str) -> str:
        return editable_line(value)
