"""The key bar at the bottom of every screen: Textual's, composed again only when the keys
it shows change, and without the keys it leaves behind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from textual.screen import Screen


class Footer(TextualFooter):
    """Textual's footer, composed once for the keys a change brings, whose old keys are
    let go.

    Textual composes the footer again after every change of the screen's bindings, once
    for each: a focus moved and a binding refreshed in one frame are two compositions of
    the same keys, and an article opened and closed at 80x24 composed it 18 times. Here
    the changes of one frame make one composition, and none when the keys shown (their
    key, label, description, action, group, state and tooltip) are those already shown.

    Each new key binds its ``compact`` to the footer's. Textual drops the bindings of
    removed keys only when ``compact`` changes, which it never does here, so every key
    ever shown stayed in memory with all it had drawn: some twenty-five keys for each
    article read, more work for every garbage collection, and pauses that grew the
    longer the reader ran.
    """

    _due = False
    _shown: object = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._due:
            self._due = True
            self.call_after_refresh(self._compose_if_changed)

    async def _compose_if_changed(self) -> None:
        self._due = False
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        await self.recompose()

    def _keys_shown(self) -> object:
        """What :meth:`compose` would show, as a value to compare."""
        app = self.app
        bindings = self.screen.active_bindings
        palette = bindings.get(app.COMMAND_PALETTE_BINDING)
        return (
            tuple(
                (binding, app.get_key_display(binding), enabled, tooltip)
                for (_, binding, enabled, tooltip) in bindings.values()
                if binding.show
            ),
            palette and (palette[1], app.get_key_display(palette[1]), *palette[2:]),
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
        )

    async def recompose(self) -> None:
        self._shown = self._keys_shown() if self.is_attached else None
        await super().recompose()
        # Calls the watchers of ``compact`` as if it had changed, which drops those of
        # the removed keys (and tells the new ones the value they already have).
        self.mutate_reactive(TextualFooter.compact)
