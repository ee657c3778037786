"""The help screen (``?``): every key, made from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core import search_syntax

#: How help writes the keys whose names are not what a person calls them.
KEY_NAMES = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "tab": "Tab",
    "backspace": "Backspace",
    "insert": "Ins",
    "delete": "Del",
}


def key_name(key: str) -> str:
    """One key as a person writes it: ``"question_mark"`` as ``"?"``, ``"ctrl+f"`` as
    ``"Ctrl+f"``, ``"pagedown"`` as ``"PgDn"``."""
    *modifiers, base = key.split("+") if len(key) > 1 else [key]
    if base in KEY_NAMES:
        shown = KEY_NAMES[base]
    elif len(format_key(base)) == 1:
        shown = format_key(base)  # a character's name: "slash", "at", "less_than_sign"
    else:
        shown = base.upper() if base[:1] == "f" and base[1:].isdigit() else base
    return "+".join([*(modifier.capitalize() for modifier in modifiers), shown])


def key_names(binding: Binding) -> str:
    """``"down,j"`` as ``"↓ j"``."""
    return " ".join(key_name(key.strip()) for key in binding.key.split(","))


KEY_WIDTH = 22


def action_text(binding: Binding) -> str:
    """What a key does, in words: its tooltip if it has one (the footer shows the short
    description), else its description."""
    return binding.tooltip or binding.description


def syntax_table() -> Table:
    table = Table(
        title="Search syntax", title_justify="left", show_header=False, box=None, expand=True
    )
    table.add_column("example", style="bold", width=KEY_WIDTH, no_wrap=True)
    table.add_column("finds", ratio=1)
    for example, meaning in search_syntax():
        table.add_row(Text(example), Text(meaning))
    return table


def bindings_table(title: str, bindings: list[BindingType]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", width=KEY_WIDTH, no_wrap=True)
    table.add_column("action", ratio=1)
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if binding.description:
            table.add_row(Text(key_names(binding)), Text(action_text(binding)))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key, grouped by where it works."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help", show=False)]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        background: $panel;
        border: round $primary;
        border-title-color: $text-accent;
        padding: 0 2;
    }
    HelpScreen Static { margin-bottom: 1; }
    """

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys  (Esc to close)"
            for title, bindings in self.sections:
                yield Static(bindings_table(title, bindings))
            yield Static(syntax_table())
            yield Static(
                Text(
                    "Mouse: click an article to select it, click again to open it; "
                    "the wheel scrolls. Ctrl+P opens the command palette.",
                    end="",
                )
            )
