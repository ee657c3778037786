"""People as rows of an ``OptionList``: a count of articles and a name (untrusted text,
shown as ``Text`` only), with an optional ✓ column. The people panel, the person view
and the person chooser list people this way.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.app.text import plain
from reader.types import Person


def person_prompt(person: Person, count: int, width: int, mark: bool | None = None) -> Text:
    """One row: an optional ✓ column, the count right-aligned in ``width``, the name."""
    text = Text(end="")
    if mark is not None:
        text.append("✓ " if mark else "  ", style="bold")
    text.append(f"{count:>{width},}", style="dim")
    text.append("  ")
    text.append_text(plain(person.name, "dim strike" if person.hidden else ""))
    if person.hidden:
        text.append("  (hidden)", style="italic")
    if person.aliases:
        text.append("  ")
        text.append_text(plain(f"also {', '.join(person.aliases)}", "dim italic"))
    return text


def count_width(counts: Sequence[int]) -> int:
    return max((len(f"{n:,}") for n in counts), default=1)


def message_option(message: str) -> Option:
    """A row that says something and cannot be chosen."""
    return Option(Text(message, style="dim italic", end=""), disabled=True)


def show_people(options: OptionList, people: Sequence[tuple[Person, int]], empty: str) -> None:
    """Fill ``options`` with people and their counts (ids as option ids), or say ``empty``."""
    options.clear_options()
    width = count_width([n for _, n in people])
    options.add_options(Option(person_prompt(p, n, width), id=str(p.id)) for p, n in people)
    if people:
        options.highlighted = 0
    else:
        options.add_option(message_option(empty))
