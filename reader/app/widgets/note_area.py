"""The note editor's box: a ``TextArea`` that holds only text the screen may show, as
the boxes of :mod:`reader.app.widgets.entry` do."""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from reader.app.text import editable


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
