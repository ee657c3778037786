"""The people panel (``@``): everyone the articles mention, found as you type.

A search box over a list of people, most mentioned first, each with how many
articles mention them; a ✓ marks the people in the main list's filter. Enter
adds the highlighted person to the filter and goes back to the list, Space adds
or removes one and stays. ``r`` renames, ``m`` merges into another person, ``h``
hides. Every look-up and edit runs in a thread worker; names are untrusted text
and only ever shown as ``Text``.

Its search box and list are :mod:`reader.app.widgets.people_list`; its dialogs are in
:mod:`reader.app.dialogs`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.app.dialogs.chooser import AliasChooser, PersonChooser
from reader.app.dialogs.confirm import ConfirmScreen
from reader.app.dialogs.name import NameDialog
from reader.app.screens.base import ReaderScreen
from reader.app.text import plain
from reader.app.widgets.footer import Footer
from reader.app.widgets.people_list import PeopleList, PeopleSearch
from reader.app.widgets.people_options import count_width, message_option, person_prompt
from reader.errors import ReaderError
from reader.types import (
    AddAlias,
    Hide,
    Merge,
    Person,
    PersonEdit,
    Rename,
    SplitAlias,
    UndoStep,
)

if TYPE_CHECKING:
    from reader.core import Store

#: People listed at once; typing finds the others.
PEOPLE_LIMIT = 200


class PeopleScreen(ReaderScreen[None]):
    """Everyone the articles mention; choose people to filter the article list by."""

    BINDINGS = [
        # q goes back one level, as Esc does: only the main screen's q quits.
        Binding(
            "escape,q", "app.pop_screen", "Back", id="people.back", tooltip="Back to the articles"
        ),
    ]

    DEFAULT_CSS = """
    PeopleScreen #people-topbar { background: $panel; color: $text-muted; }
    PeopleScreen #people-title { padding: 0 1; text-style: bold; color: $text; }
    PeopleScreen #people-search { border: none; background: $surface; padding: 0 1; }
    PeopleScreen #people-search:focus { background: $boost; }
    PeopleScreen #people-count { padding: 0 1; text-align: right; }
    PeopleScreen PeopleList { border: none; padding: 0; background: $surface; }
    PeopleScreen PeopleList:focus { border: none; background-tint: $foreground 0%; }
    PeopleScreen PeopleList > .option-list--option { padding: 0 1; }
    PeopleScreen #people-detail {
        background: $panel; color: $text-muted; padding: 0 1; max-height: 3;
    }
    """

    @dataclass
    class FilterChanged(Message):
        """The people to filter the article list by are now ``people`` (in this order)."""

        people: list[Person]

    @dataclass
    class PeopleEdited(Message):
        """People were edited (renamed, merged, hidden…): what is shown elsewhere may be stale."""

    def __init__(self, store: Store, chosen: Sequence[Person] = ()) -> None:
        super().__init__(id="people-screen")
        self.store = store
        #: The people in the filter, by id, in the order they were chosen.
        self.chosen: dict[int, Person] = {p.id: p for p in chosen}
        self.people: list[Person] = []
        self.more = False
        #: Whether hidden people are listed too (``H``).
        self.show_hidden = False
        self._generation = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="people-topbar"):
            yield Static("People", id="people-title")
            yield PeopleSearch(
                placeholder="Find a person (typos are fine)",
                id="people-search",
                select_on_focus=False,
            )
            yield Static(id="people-count")
        yield PeopleList(id="people-list")
        yield Static(id="people-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._update_title()
        self._update_detail()
        self.query_one(PeopleSearch).focus()
        self.find("")

    # -- finding ------------------------------------------------------------------------

    @property
    def people_list(self) -> PeopleList:
        return self.query_one(PeopleList)

    @property
    def search_text(self) -> str:
        return self.query_one(PeopleSearch).value

    @on(Input.Changed, "#people-search")
    def _typed(self, event: Input.Changed) -> None:
        self.find(event.value)

    def find(self, query: str, keep_id: int | None = None) -> None:
        self._generation += 1
        self._find(query, self.show_hidden, self._generation, keep_id)

    @work(thread=True, exclusive=True, group="people-find", exit_on_error=False)
    def _find(self, query: str, hidden: bool, generation: int, keep_id: int | None) -> None:
        store = self.store
        worker = get_current_worker()
        found = store.people(
            query,
            include_hidden=hidden,
            limit=PEOPLE_LIMIT + 1,
            cancelled=lambda: worker.is_cancelled,
        )
        if worker.is_cancelled:
            return  # a newer key press asked again
        self.app.call_from_thread(self._show, generation, query, found, keep_id)
        if not query.strip():  # the names are found while the first letter is typed
            store.prepare_people()

    def _show(self, generation: int, query: str, found: list[Person], keep_id: int | None) -> None:
        if generation != self._generation:
            return  # a newer key press asked again
        self.more = len(found) > PEOPLE_LIMIT
        self.people = found[:PEOPLE_LIMIT]
        options = self.people_list
        previous = options.highlighted
        options.clear_options()
        width = count_width([p.articles for p in self.people])
        options.add_options(
            Option(person_prompt(p, p.articles, width, p.id in self.chosen), id=str(p.id))
            for p in self.people
        )
        if self.more:
            shown = f"the {PEOPLE_LIMIT} best matches" if query.strip() else "the most mentioned"
            options.add_option(message_option(f"Showing {shown}; type to find more."))
        if not self.people:
            message = (
                f"Nobody matches “{query.strip()}”."
                if query.strip()
                else "No people yet: they are found as articles are imported."
            )
            options.add_option(message_option(message))
        elif keep_id is not None and any(p.id == keep_id for p in self.people):
            options.highlighted = next(i for i, p in enumerate(self.people) if p.id == keep_id)
        elif keep_id is not None and previous is not None:
            options.highlighted = min(previous, len(self.people) - 1)
        else:
            options.highlighted = 0
        self._update_title()
        self._update_detail()

    def _update_title(self) -> None:
        count = len(self.chosen)
        text = f"✓ {count} in the filter" if count else "Enter filters the list"
        self.query_one("#people-count", Static).update(Text(text, end=""))
        title = "People + hidden" if self.show_hidden else "People"
        self.query_one("#people-title", Static).update(Text(title, end=""))

    @on(OptionList.OptionHighlighted, "#people-list")
    def _update_detail(self) -> None:
        """The line under the list: the highlighted person's aliases, and the keys for them."""
        person = self.highlighted
        text = Text(end="")
        if person is not None:
            text.append_text(plain(person.name, "bold"))
            if person.hidden:
                text.append(" · hidden", style="italic")
            if person.aliases:
                text.append(" · also ")
                text.append_text(plain(", ".join(person.aliases), "italic"))
            text.append("   ")
        keys = ["a add alias"]
        if person is not None and person.aliases:
            keys.append("s split one off")
        if person is not None and person.hidden:
            keys.append("h show again")
        keys.append("H leave hidden out" if self.show_hidden else "H list hidden")
        text.append(" · ".join(keys), style="dim")
        self.query_one("#people-detail", Static).update(text)

    @property
    def highlighted(self) -> Person | None:
        index = self.people_list.highlighted
        if index is None or not 0 <= index < len(self.people):
            return None
        return self.people[index]

    def _redraw(self, person: Person) -> None:
        """Redraw one row (its ✓)."""
        width = count_width([p.articles for p in self.people])
        prompt = person_prompt(person, person.articles, width, person.id in self.chosen)
        self.people_list.replace_option_prompt(str(person.id), prompt)

    def toggle_hidden(self) -> None:
        """List the hidden people too (marked), or leave them out again."""
        self.show_hidden = not self.show_hidden
        person = self.highlighted
        self._update_title()
        self.find(self.search_text, keep_id=person.id if person is not None else None)

    # -- choosing -----------------------------------------------------------------------

    @on(Input.Submitted, "#people-search")
    def _submitted(self) -> None:
        self.choose_highlighted()

    @on(OptionList.OptionSelected, "#people-list")
    def _selected(self) -> None:
        self.choose_highlighted()

    def _filterable(self) -> Person | None:
        """The highlighted person if they can be in the filter, else None (and a word why)."""
        person = self.highlighted
        if person is None:
            self.app.bell()
            return None
        if person.hidden:
            self.notify(f"{person.name} is hidden; h shows them again.", markup=False)
            return None
        return person

    def choose_highlighted(self) -> None:
        """Add the highlighted person to the filter and go back to the list."""
        person = self._filterable()
        if person is None:
            return
        self.chosen.setdefault(person.id, person)
        self.app.post_message(self.FilterChanged(list(self.chosen.values())))
        self.dismiss()

    def toggle_highlighted(self) -> None:
        """Add the highlighted person to the filter, or take them out; stay here."""
        person = self._filterable()
        if person is None:
            return
        if self.chosen.pop(person.id, None) is None:
            self.chosen[person.id] = person
        self._redraw(person)
        self._update_title()
        self.app.post_message(self.FilterChanged(list(self.chosen.values())))

    # -- editing ------------------------------------------------------------------------

    def _editable(self) -> Person | None:
        person = self.highlighted
        if person is None:
            self.app.bell()
        return person

    def rename_highlighted(self) -> None:
        if person := self._editable():
            dialog = NameDialog(f"Rename “{person.name}” to:", person.name)
            self._ask(dialog, lambda name: Rename(person, name))

    def merge_highlighted(self) -> None:
        if person := self._editable():
            heading = f"Merge “{person.name}” into… (they become one person, named as the other)"
            self._ask(
                PersonChooser(self.store, heading, exclude=person.id),
                lambda into: Merge(person, into),
            )

    def alias_highlighted(self) -> None:
        if person := self._editable():
            heading = f"Another name for “{person.name}” (looked for in the articles too):"
            self._ask(NameDialog(heading), lambda alias: AddAlias(person, alias))

    def split_highlighted(self) -> None:
        person = self._editable()
        if person is None:
            return
        if not person.aliases:
            self.notify(f"{person.name} has no alias to split off.", markup=False)
        elif len(person.aliases) == 1:
            (alias,) = person.aliases
            question = (
                f"Split “{alias}” off {person.name}? "
                "It is its own person again, wherever it is found."
            )
            self._ask(ConfirmScreen(question), lambda _: SplitAlias(alias))
        else:
            heading = f"Split which alias off “{person.name}”? (it is its own person again)"
            self._ask(AliasChooser(heading, person.aliases), SplitAlias)

    def hide_highlighted(self) -> None:
        person = self._editable()
        if person is None:
            return
        if person.hidden:
            self._edit(Hide(person, hidden=False))  # no question: nothing is lost by showing
        else:
            question = f"Hide {person.name}? They vanish from lists and filters (H lists them)."
            self._ask(ConfirmScreen(question), lambda _: Hide(person))

    def _ask(self, dialog: ModalScreen[Any], edit: Callable[[Any], PersonEdit]) -> None:
        """Show ``dialog``; once answered (a name, a person, an alias, or yes), make the
        edit ``edit`` makes of the answer."""

        def answered(answer: str | Person | bool | None) -> None:
            if answer:
                self._edit(edit(answer))

        self.app.push_screen(dialog, answered)

    def _edit(self, edit: PersonEdit) -> None:
        self._run_edit(edit, list(self.chosen.values()))

    @work(thread=True, group="people-edit", exit_on_error=False)
    def _run_edit(self, edit: PersonEdit, chosen: list[Person]) -> None:
        """Make the edit, then look up the people of the filter again (in a thread)."""
        store = self.store
        try:
            result = store.edit_person(edit)
        except ReaderError as error:
            self.app.call_from_thread(
                self.notify, f"Could not {edit.verb}: {error}", severity="error", markup=False
            )
            return
        edited = getattr(edit, "person", None)
        now = {
            p.id: result.filter_by if edited and p.id == edited.id else store.filterable(p)
            for p in chosen
        }
        self.app.call_from_thread(self._edited, result.person.id, result.message, now)

    def undo(self) -> None:
        highlighted = self.highlighted
        self._undo(highlighted.id if highlighted else None, list(self.chosen.values()))

    @work(thread=True, group="people-edit", exit_on_error=False)
    def _undo(self, keep_id: int | None, chosen: list[Person]) -> None:
        """Take back the latest change (of people, or any other), then look again."""
        store = self.store
        step = undo_latest(self.app, store)
        if step is None:
            return
        now = {p.id: store.filterable(p) for p in chosen}
        self.app.call_from_thread(self._edited, keep_id, f"Undone: {step.description}", now)

    def _edited(self, keep_id: int | None, message: str, now: dict[int, Person | None]) -> None:
        chosen: dict[int, Person] = {}
        for pid, before in self.chosen.items():
            person = now.get(pid, before)
            if person is not None:
                chosen.setdefault(person.id, person)
        self.chosen = chosen
        self.notify(message, markup=False)
        self.app.post_message(self.FilterChanged(list(self.chosen.values())))
        self.app.post_message(self.PeopleEdited())
        self.find(self.search_text, keep_id=keep_id)


def undo_latest(app: App[Any], store: Store) -> UndoStep | None:
    """Undo the latest change in ``store`` (from a worker); None, and a word why, if none
    could be."""
    try:
        step = store.undo()
    except ReaderError as error:
        app.call_from_thread(app.notify, str(error), severity="error", markup=False)
        return None
    if step is None:
        app.call_from_thread(app.notify, "Nothing to undo.")
    return step
