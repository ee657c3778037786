"""Asking for a name (a rename, an alias) in a small dialog."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.app.text import editable_line, plain
from reader.app.widgets.entry import CleanInput


class NameDialog(ModalScreen[str | None]):
    """Ask for a name: Enter gives it (spaces tidied), Esc or no change gives None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", show=False)]

    DEFAULT_CSS = """
    NameDialog { align: center middle; }
    NameDialog > Vertical {
        width: 60; max-width: 100%; height: auto;
        background: $panel; border: round $primary; padding: 1 2;
    }
    NameDialog Input { margin-top: 1; }
    NameDialog .keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, heading: str, value: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.heading))
            yield CleanInput(value=self.value)
            yield Static("Enter save · Esc cancel", classes="keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        shown = " ".join(editable_line(self.value).split())  # the name as it was offered
        self.dismiss(name if name and name != shown else None)
