"""The people panel's two widgets: its search box and its list of people, whose keys
(rename, merge, hide, ...) act on the highlighted person through the panel.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.binding import Binding
from textual.widgets import OptionList

from reader.app.widgets.entry import CleanInput


@runtime_checkable
class PeoplePanel(Protocol):
    """What the list's keys ask of the screen it is on: the people panel
    (:class:`reader.app.screens.people.PeopleScreen`), which this module does not import."""

    def toggle_highlighted(self) -> None: ...
    def rename_highlighted(self) -> None: ...
    def merge_highlighted(self) -> None: ...
    def alias_highlighted(self) -> None: ...
    def split_highlighted(self) -> None: ...
    def hide_highlighted(self) -> None: ...
    def toggle_hidden(self) -> None: ...
    def undo(self) -> None: ...


class PeopleSearch(CleanInput):
    """The panel's search box: Down moves to the list, Enter chooses the highlighted person."""

    BINDINGS = [
        Binding(
            "down",
            "to_list",
            "To the list",
            id="people.to_list",
            show=False,
            tooltip="From the search box to the list",
        ),
    ]

    def action_to_list(self) -> None:
        self.screen.query_one(PeopleList).focus()


class PeopleList(OptionList):
    """The people of the panel; its keys act on the highlighted person."""

    BINDINGS = [
        Binding(
            "enter",
            "select",
            "Filter",
            id="people.choose",
            tooltip="Filter the list by this person",
        ),
        Binding(
            "space",
            "mark",
            "Mark",
            id="people.toggle",
            key_display="Space",
            tooltip="Add to or take out of the filter (✓)",
        ),
        Binding("r", "rename", "Rename", id="people.rename", tooltip="Rename this person"),
        Binding(
            "m",
            "merge",
            "Merge",
            id="people.merge",
            tooltip="Merge this person into another",
        ),
        Binding(
            "a",
            "add_alias",
            "Alias",
            id="people.alias",
            show=False,
            tooltip="Add an alias (e.g. Ye for Kanye West)",
        ),
        Binding(
            "s",
            "split",
            "Split",
            id="people.split",
            show=False,
            tooltip="Split an alias off (own person again)",
        ),
        Binding(
            "h",
            "hide",
            "Hide",
            id="people.hide",
            tooltip="Hide from lists and filters (or show)",
        ),
        Binding(
            "H",
            "show_hidden",
            "Hidden",
            id="people.show_hidden",
            show=False,
            tooltip="List hidden people too (again: not)",
        ),
        Binding(
            "slash",
            "find",
            "Find",
            id="people.find",
            key_display="/",
            tooltip="Find a person (typos are fine)",
        ),
        Binding("u", "undo", "Undo", id="people.undo", show=False, tooltip="Undo the last change"),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    @property
    def panel(self) -> PeoplePanel:
        assert isinstance(self.screen, PeoplePanel)
        return self.screen

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0):
            self.screen.query_one(PeopleSearch).focus()  # up from the top: back to typing
        else:
            super().action_cursor_up()

    def action_mark(self) -> None:
        self.panel.toggle_highlighted()

    def action_rename(self) -> None:
        self.panel.rename_highlighted()

    def action_merge(self) -> None:
        self.panel.merge_highlighted()

    def action_add_alias(self) -> None:
        self.panel.alias_highlighted()

    def action_split(self) -> None:
        self.panel.split_highlighted()

    def action_hide(self) -> None:
        self.panel.hide_highlighted()

    def action_show_hidden(self) -> None:
        self.panel.toggle_hidden()

    def action_find(self) -> None:
        self.screen.query_one(PeopleSearch).focus()

    def action_undo(self) -> None:
        self.panel.undo()
