"""The command palette: the app's own actions, by name, from the same binding data.

It lists only what works where it was opened: the people panel's commands over the
people panel, a person view's over that view, a note's when a note has the focus,
the note editor's in the editor; the main screen's and the app's everywhere.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.app.screens.note_editor import NoteEditor
from reader.app.screens.people import PeopleScreen
from reader.app.screens.person import PersonScreen
from reader.app.widgets.note_card import NoteCard

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.app.app import ReaderApp

#: The areas (the start of a binding's id) whose commands work on one screen only.
_SCREEN_OF = {"people": PeopleScreen, "person": PersonScreen, "editor": NoteEditor}


def usable(target: str, screen: Screen[object]) -> bool:
    """Whether the command ``target`` (``"area.name:action"``) works over ``screen``."""
    area = target.split(".", 1)[0]
    if area == "note":
        return isinstance(screen.focused, NoteCard)
    wanted = _SCREEN_OF.get(area)
    return wanted is None or isinstance(screen, wanted)


class ReaderCommands(Provider):
    """Every described key binding of the reader that works here, runnable from the palette."""

    app: ReaderApp

    def _commands(self) -> list[tuple[str, str, str]]:
        """``(name, key help, action)`` for each command usable here, main screen first."""
        return [c for c in self.app.palette_commands() if usable(c[2], self.screen)]

    async def discover(self) -> Hits:
        for name, keys, action in self._commands():
            yield DiscoveryHit(name, partial(self.app.run_palette_action, action), help=keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, keys, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_palette_action, action),
                    help=keys,
                )
