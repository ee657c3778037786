"""Choosing one of a list in a dialog: :class:`Chooser`, and its two kinds,
:class:`PersonChooser` (one person, from a list given or found by typing, in a thread
worker) and :class:`AliasChooser` (one of a person's aliases).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.app.screens.base import ReaderModal
from reader.app.text import plain
from reader.app.widgets.entry import CleanInput
from reader.app.widgets.people_options import show_people
from reader.types import Person

if TYPE_CHECKING:
    from reader.core import Store

T = TypeVar("T")

#: People offered by the person chooser at once; typing finds the others.
CHOOSER_LIMIT = 50


class ChooserSearch(CleanInput):
    """The chooser's search box: Down moves to the list."""

    BINDINGS = [Binding("down", "to_list", "To the list", show=False)]

    def action_to_list(self) -> None:
        self.screen.query_one(OptionList).focus()


class Chooser(ReaderModal[T | None]):
    """Pick one of a list (of :attr:`choices`): Enter gives it, Esc gives None."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Cancel", show=False),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    DEFAULT_CSS = """
    Chooser { align: center middle; }
    Chooser > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 80%;
        background: $panel; border: round $primary; padding: 0 1;
    }
    Chooser .heading { color: $text-secondary; text-style: bold; margin-bottom: 1; }
    Chooser Input { margin-bottom: 1; }
    Chooser OptionList { border: none; padding: 0; height: auto; max-height: 16; }
    Chooser OptionList:focus { border: none; }
    Chooser OptionList > .option-list--option { padding: 0 1; }
    Chooser .keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, heading: str) -> None:
        super().__init__()
        self.heading = heading
        #: What the rows of the list stand for, in order.
        self.choices: list[T] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.heading), classes="heading")
            yield from self.compose_search()
            yield OptionList()
            yield Static(self.keys_help(), classes="keys", markup=False)

    def compose_search(self) -> ComposeResult:
        """Widgets between the heading and the list (none here)."""
        yield from ()

    def keys_help(self) -> str:
        return "Enter choose · Esc cancel"

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._choose(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.choices):
            self.app.bell()
            return
        self.dismiss(self.choices[index])

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()


class PersonChooser(Chooser[Person]):
    """Pick one person: from ``people`` as given, or (without them) found by typing.

    Dismisses with the person, or None (Esc).
    """

    def __init__(
        self,
        store: Store,
        heading: str,
        *,
        people: Sequence[tuple[Person, int]] | None = None,
        exclude: int | None = None,
    ) -> None:
        super().__init__(heading)
        self.store = store
        self.searching = people is None
        self.people: list[tuple[Person, int]] = list(people or [])
        self.exclude = exclude
        self._generation = 0

    def compose_search(self) -> ComposeResult:
        if self.searching:
            yield ChooserSearch(placeholder="Find a person", select_on_focus=False)

    def keys_help(self) -> str:
        return (
            "↓ to the list · Enter choose · Esc cancel" if self.searching else super().keys_help()
        )

    def on_mount(self) -> None:
        if self.searching:
            self.query_one(ChooserSearch).focus()
            self.find("")
        else:
            self._show(self._generation, self.people)
            self.query_one(OptionList).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.find(event.value)

    def find(self, query: str) -> None:
        self._generation += 1
        self._find(query, self._generation)

    @work(thread=True, exclusive=True, group="person-chooser", exit_on_error=False)
    def _find(self, query: str, generation: int) -> None:
        found = self.store.people(query, limit=CHOOSER_LIMIT + 1)
        found = [p for p in found if p.id != self.exclude][:CHOOSER_LIMIT]
        self.app.call_from_thread(self._show, generation, [(p, p.articles) for p in found])

    def _show(self, generation: int, people: list[tuple[Person, int]]) -> None:
        if generation != self._generation:
            return
        self.people = people
        self.choices = [p for p, _ in people]
        show_people(self.query_one(OptionList), people, "Nobody matches.")


class AliasChooser(Chooser[str]):
    """Pick one of a person's aliases; dismisses with it, or None (Esc)."""

    def __init__(self, heading: str, aliases: Sequence[str]) -> None:
        super().__init__(heading)
        self.choices = list(aliases)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.add_options(Option(plain(alias)) for alias in self.choices)
        options.highlighted = 0
        options.focus()
