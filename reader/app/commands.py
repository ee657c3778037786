"""The reader's commands: every described key binding, what runs it, and the palette.

The bindings stay with the widgets and screens they belong to; :data:`SECTIONS` says,
for each class's bindings, where they work and which node runs them. From it come the
command registry keyed by binding id (:func:`registry`), the help screen's sections
(:func:`help_sections`) and the command palette (:class:`ReaderCommands`), so a key is
in help and in the palette as soon as it is bound.

The palette lists only what works where it was opened: the people panel's commands
over the people panel, a person view's over that view, the notes list's over the
notes list, a note's when a note has the focus, the note editor's in the editor; the
main screen's and the app's everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from reader.app.screens.feeds import FeedsScreen
from reader.app.screens.help import action_text, key_names
from reader.app.screens.main import MainScreen
from reader.app.screens.note_editor import NoteEditor
from reader.app.screens.notes import NotesScreen
from reader.app.screens.people import PeopleScreen
from reader.app.screens.person import CoMentioned, PersonScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.note_card import NoteCard
from reader.app.widgets.people_list import PeopleList, PeopleSearch
from reader.app.widgets.reading_pane import ReadingPane
from reader.app.widgets.search_box import SearchBox
from reader.app.widgets.source_list import SourceList

#: Bound, and in help, but not offered by the palette (it is open; quitting from it is odd).
NOT_IN_PALETTE = {"command_palette", "quit"}


@dataclass(frozen=True)
class Target:
    """What runs a command, and over which screen it works.

    ``screen`` None is the app itself. Otherwise the command runs on ``widget`` of that
    screen (the screen itself when None), only over that screen, unless ``everywhere``
    (the main screen, always under the others); with ``focused``, only while such a
    widget has the focus.
    """

    screen: type[Screen[Any]] | None
    widget: type[Widget] | None = None
    everywhere: bool = False
    focused: bool = False

    def usable(self, screen: Screen[Any]) -> bool:
        """Whether a command with this target works with ``screen`` on top."""
        if self.screen is None or self.everywhere:
            return True
        if self.focused:
            return self.widget is not None and isinstance(screen.focused, self.widget)
        return isinstance(screen, self.screen)

    def node(self, app: App[Any]) -> Widget | App[Any] | None:
        """The node that runs the command now, or None if it does not work here."""
        if self.screen is None:
            return app
        screen = app.screen_stack[0] if self.everywhere else app.screen
        if not self.usable(app.screen) or not isinstance(screen, self.screen):
            return None
        if self.focused:
            return app.focused
        return screen if self.widget is None else screen.query_one(self.widget)


@dataclass(frozen=True)
class Section:
    """Keys listed together in help: each class's bindings with the target that runs them.

    ``opened_by`` is the binding that opens where these keys work: the title names its
    key in force ("Notes list (m)").
    """

    title: str
    keys: tuple[tuple[type[DOMNode], Target], ...]
    opened_by: str | None = None

    def heading(self, bindings: Mapping[str, Binding]) -> str:
        """The title, with the first key in force of :attr:`opened_by` (from ``bindings``,
        by id)."""
        opener = bindings.get(self.opened_by or "")
        if opener is None:
            return self.title
        return f"{self.title} ({key_names(opener).split()[0]})"


MAIN = Target(MainScreen, everywhere=True)
APP = Target(None)

#: Every key of the reader, in the order help lists them. ``App`` stands for the
#: running app's own bindings.
SECTIONS = (
    Section("Article list", ((ArticleList, Target(MainScreen, ArticleList, everywhere=True)),)),
    Section("Reading pane", ((ReadingPane, Target(MainScreen, ReadingPane, everywhere=True)),)),
    Section("Search box", ((SearchBox, Target(MainScreen, SearchBox, everywhere=True)),)),
    Section(
        "A note (in the reading pane)",
        ((NoteCard, Target(MainScreen, NoteCard, focused=True)),),
    ),
    Section("Note editor", ((NoteEditor, Target(NoteEditor)),)),
    Section("Everywhere", ((MainScreen, MAIN), (App, APP))),
    Section(
        "People panel",
        (
            (PeopleSearch, Target(PeopleScreen, PeopleSearch)),
            (PeopleList, Target(PeopleScreen, PeopleList)),
            (PeopleScreen, Target(PeopleScreen)),
        ),
        opened_by="main.people",
    ),
    Section(
        "Person view",
        ((PersonScreen, Target(PersonScreen)), (CoMentioned, Target(PersonScreen, CoMentioned))),
        opened_by="main.person",
    ),
    Section("Notes list", ((NotesScreen, Target(NotesScreen)),), opened_by="main.notes"),
    Section("Feeds", ((FeedsScreen, Target(FeedsScreen)),), opened_by="main.feeds"),
    Section(
        "Sources",
        ((SourceList, Target(Screen, SourceList, focused=True)),),
        opened_by="main.sources",
    ),
)


@dataclass(frozen=True)
class Command:
    """One described binding: what it is called, its keys, and what runs it."""

    binding: Binding
    section: str
    target: Target

    @property
    def name(self) -> str:
        """As the palette shows it: "Rename this person (people panel (@))" (the section
        in lower case, not its key)."""
        return f"{action_text(self.binding)} ({self.section[:1].lower()}{self.section[1:]})"

    @property
    def keys(self) -> str:
        return key_names(self.binding)

    @property
    def in_palette(self) -> bool:
        return self.binding.action not in NOT_IN_PALETTE

    async def run(self, app: App[Any]) -> None:
        """Run the command on its target; if it does not work here, say where it does."""
        node = self.target.node(app)
        if node is None:
            app.notify(f"That works in the {self.section[:1].lower()}{self.section[1:]}.")
        else:
            await node.run_action(self.binding.action)


def _bindings(owner: type[DOMNode], app: type[App[Any]]) -> list[Binding]:
    items: list[BindingType] = list((app if owner is App else owner).BINDINGS)
    return [item if isinstance(item, Binding) else Binding(*item) for item in items]


def described(app: type[App[Any]]) -> Iterator[tuple[Section, Binding, Target, type[DOMNode]]]:
    """Every described binding of the reader as declared (its default keys), in help's
    order, with its section, the target that runs it and the class that declares it."""
    seen: set[str] = set()
    for section in SECTIONS:
        for owner, target in section.keys:
            for binding in _bindings(owner, app):
                if not binding.description:
                    continue
                if binding.id is None or binding.id in seen:
                    raise ValueError(f"{owner.__name__}: {binding.key!r} needs an id of its own")
                seen.add(binding.id)
                yield section, binding, target, (app if owner is App else owner)


def registry(
    app: App[Any] | type[App[Any]], keymap: Mapping[str, str] | None = None
) -> dict[str, Command]:
    """Every described binding of ``app``'s reader as a command, by binding id, in help's
    order, with the keys in force: those of ``keymap`` (binding id: keys), by default a
    running app's (the config file's keys; an app class has none)."""
    app_class = app if isinstance(app, type) else type(app)
    if keymap is None:
        # Textual's keymap in force, normalised ("?" as "question_mark"); 8.x has no
        # public accessor for it.
        keymap = {} if isinstance(app, type) else app._keymap
    found: list[tuple[Section, str, Binding, Target]] = []
    for section, binding, target, _ in described(app_class):
        binding_id = binding.id or ""
        if binding_id in keymap:
            binding = binding.with_key(keymap[binding_id])
        found.append((section, binding_id, binding, target))
    bindings = {binding_id: binding for _, binding_id, binding, _ in found}
    return {
        binding_id: Command(binding, section.heading(bindings), target)
        for section, binding_id, binding, target in found
    }


def help_sections(app: App[Any]) -> list[tuple[str, list[BindingType]]]:
    """Help's sections: each title with its described bindings, keys in force."""
    sections: dict[str, list[BindingType]] = {}
    for command in registry(app).values():
        sections.setdefault(command.section, []).append(command.binding)
    return list(sections.items())


def palette_commands(app: App[Any]) -> list[Command]:
    """The commands the palette offers (wherever they work), main screen first."""
    return [command for command in registry(app).values() if command.in_palette]


class ReaderCommands(Provider):
    """Every described key binding of the reader that works here, runnable from the palette."""

    def _commands(self) -> list[Command]:
        return [c for c in palette_commands(self.app) if c.target.usable(self.screen)]

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, partial(command.run, self.app), help=command.keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.name),
                    partial(command.run, self.app),
                    help=command.keys,
                )
