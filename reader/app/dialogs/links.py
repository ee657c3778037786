"""The article's links in a dialog (``L``): its own page (or file) as 0, then the
footnotes of its text, each under the number the text gives it.

Typing a link's number opens it: at once when no other number starts with what was
typed (with 12 links, ``1`` waits a moment for a second digit, and Enter takes 1);
moving to a link and pressing Enter opens it too. ``y`` copies the link the cursor is
on. The dialog gives back the URL to open; the screen that asked opens it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.app.dialogs.chooser import Chooser
from reader.app.text import line_text
from reader.links import Link

#: Digits typed within this many seconds of each other make one number.
DIGIT_PAUSE = 1.0
_WHAT = {"page": "  (this article's web page)", "file": "  (this article's file)", "link": ""}


class LinkChooser(Chooser[str]):
    """Pick one of ``links`` to open (dismisses with its URL), or copy one (``y``)."""

    BINDINGS = [Binding("y", "copy", show=False)]

    DEFAULT_CSS = """
    LinkChooser > Vertical { width: 96; }
    """

    def __init__(self, heading: str, links: Sequence[Link]) -> None:
        super().__init__(heading)
        self.links = list(links)
        self.choices = [link.url for link in self.links]
        self._typed = ""
        self._typed_at = 0.0

    def keys_help(self) -> str:
        return "0-9 open that link · Enter open · y copy · Esc cancel"

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        width = len(str(self.links[-1].number)) if self.links else 1
        options.add_options(Option(self._row(link, width)) for link in self.links)
        options.highlighted = 0
        options.focus()

    @staticmethod
    def _row(link: Link, width: int) -> Text:
        row = Text(f"{link.number:>{width}}  ", style="bold", end="")
        row.append(line_text(link.text))  # cleaned, and never markup
        row.append(_WHAT[link.kind], style="dim")
        return row

    def on_key(self, event: events.Key) -> None:
        """A digit: the link of that number, or (more digits may follow) the first whose
        number starts so; a number no link has rings the bell."""
        digit = event.character
        if digit is None or len(digit) != 1 or not digit.isdecimal() or not digit.isascii():
            return
        event.stop()
        event.prevent_default()
        now = time.monotonic()
        typed = (self._typed if now - self._typed_at < DIGIT_PAUSE else "") + digit
        self._typed_at = now
        numbers = [str(link.number) for link in self.links]
        starting = [i for i, number in enumerate(numbers) if number.startswith(typed)]
        if not starting:
            self._typed = ""
            self.app.bell()
            return
        self._typed = typed
        if len(starting) == 1 and numbers[starting[0]] == typed:
            self.dismiss(self.choices[starting[0]])
            return
        exact = [i for i in starting if numbers[i] == typed]
        self.query_one(OptionList).highlighted = exact[0] if exact else starting[0]

    def action_copy(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.links):
            self.app.bell()
            return
        text = self.links[index].text
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {text}", markup=False)
