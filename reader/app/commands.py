"""The command palette: the app's own actions, by name, from the same binding data."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from reader.app.app import ReaderApp


class ReaderCommands(Provider):
    """Every described key binding of the reader, runnable from the palette."""

    app: ReaderApp

    def _commands(self) -> list[tuple[str, str, str]]:
        """``(name, key help, action)`` for each command, main screen first."""
        return self.app.palette_commands()

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
