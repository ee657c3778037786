"""The key bar at the bottom of every screen: the keys that work where the focus is, drawn
as one line by one widget.

Textual's footer is a row of widgets, one for each key, composed again whenever the
keys change: every `/`, Escape, Enter and Tab. Each composition mounted a dozen widgets
and laid the screen out twice (at 160x48 over a large archive: 9 ms to compose, then
two layouts and frames of 7-12 ms), some 40 ms after the key that moved the focus,
just when the next key typed comes in: the first letter of a search waited for it.
This footer works out the keys shown (as Textual's does: the first binding of each
action whose ``show`` is set, in order, and the command palette's key at the right) and
draws them itself; a change of keys repaints its one line, with no layout.

It looks as Textual's footer does, through the same theme variables, and works as it
does with the mouse: a click on a key presses it (a disabled key rings the bell), the
key under the pointer is highlighted and its tooltip shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["Footer", "FooterKey"]

#: The line between the other keys and the command palette's.
EDGE = "▏"


class FooterKey(NamedTuple):
    """One key the footer shows."""

    key: str  # as bound: what a click presses
    display: str  # as shown
    description: str
    enabled: bool
    tooltip: str
    palette: bool = False  # the command palette's key, at the right


class _Drawn(NamedTuple):
    """Where a key is drawn: cells ``start`` to ``end`` of the line."""

    start: int
    end: int
    key: FooterKey


class Footer(Widget, can_focus=False):
    """The keys that work where the focus is (see the module's docstring)."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES = {
        "footer--item",
        "footer--hover",
        "footer--key",
        "footer--description",
        "footer--edge",
    }

    # The look of Textual's footer (its Footer and FooterKey), through the same variables.
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    Footer > .footer--item { background: $footer-item-background; }
    Footer > .footer--hover {
        color: $footer-key-foreground;
        background: $block-hover-background;
    }
    Footer > .footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    Footer > .footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    Footer > .footer--edge { color: $foreground 20%; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: The keys shown, in order (the palette's last).
        self.shown_keys: tuple[FooterKey, ...] = ()
        self._drawn: list[_Drawn] = []
        self._hover: FooterKey | None = None

    @property
    def shown(self) -> list[tuple[str, str]]:
        """``(key, description)`` of each key shown, as a person reads them."""
        return [(key.display, key.description) for key in self.shown_keys]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        """The screen's bindings may have changed (the focus moved, a binding's state):
        draw the line again if the keys shown did."""
        if not screen.app.app_focus or screen is not self.screen:
            return
        keys = self._keys_now()
        if keys != self.shown_keys:
            self.shown_keys = keys
            self.refresh()

    def _keys_now(self) -> tuple[FooterKey, ...]:
        """What Textual's footer shows: the first binding of each action that is shown,
        in order, then the command palette's key."""
        app = self.app
        bindings = self.screen.active_bindings
        by_action: dict[str, FooterKey] = {}
        for _, binding, enabled, tooltip in bindings.values():
            if binding.show and binding.action not in by_action:
                display = app.get_key_display(binding)
                by_action[binding.action] = FooterKey(
                    binding.key, display, binding.description, enabled, tooltip
                )
        keys = list(by_action.values())
        palette = bindings.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None and app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, tooltip = palette
            description = binding.description
            keys.append(
                FooterKey(
                    binding.key,
                    app.get_key_display(binding),
                    description,
                    enabled,
                    binding.tooltip or tooltip or description,
                    palette=True,
                )
            )
        return tuple(keys)

    # -- drawing -----------------------------------------------------------------------

    def _pieces(self, key: FooterKey, hover: bool) -> list[tuple[str, Style]]:
        """A key's cells as (text, style) pieces: " k description " for the others, the
        palette's (drawn compact, as Textual does) "▏k description "."""
        under = self.background_colors[1]  # the footer's own
        item = (
            under
            + self.get_component_styles("footer--hover" if hover else "footer--item").background
        )
        dim = not key.enabled or None

        def style(name: str) -> Style:
            styles = self.get_component_styles(name)
            background = item + styles.background
            color = background + styles.color
            bold = styles.text_style.bold or None
            return Style(color=color.rich_color, bgcolor=background.rich_color, bold=bold, dim=dim)

        key_style, text_style = style("footer--key"), style("footer--description")
        if key.palette:
            edge = under + self.get_component_styles("footer--edge").color
            pieces = [(EDGE, Style(color=edge.rich_color, bgcolor=item.rich_color))]
            pieces.append((key.display, key_style))
            if key.description:
                pieces.append((f" {key.description}", text_style))
            return [*pieces, (" ", Style(bgcolor=item.rich_color))]
        if not key.description:
            return [(key.display, key_style)]
        return [(f" {key.display} ", key_style), (f"{key.description} ", text_style)]

    def _laid_out(self, keys: list[FooterKey], at: int, limit: int) -> list[Segment]:
        """``keys`` drawn from cell ``at`` on; each is noted in ``_drawn`` (up to cell
        ``limit``, where the line is cut), for the mouse to find."""
        segments: list[Segment] = []
        for key in keys:
            pieces = self._pieces(key, key == self._hover)
            end = at + sum(cell_len(text) for text, _ in pieces)
            if at < limit:
                self._drawn.append(_Drawn(at, min(end, limit), key))
            segments += [Segment(text, style) for text, style in pieces]
            at = end
        return segments

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        others = [key for key in self.shown_keys if not key.palette]
        palette = [key for key in self.shown_keys if key.palette]
        # The palette's key stays at the right; what does not fit before it is cut, as in
        # Textual's footer.
        room = max(width - sum(self._cells(key) for key in palette), 0)
        self._drawn = []
        left = Strip(self._laid_out(others, 0, room)).crop(0, room)
        right = Strip(self._laid_out(palette, room, width))
        return Strip.join([left.adjust_cell_length(room, self.rich_style), right]).crop(0, width)

    def _cells(self, key: FooterKey) -> int:
        return sum(cell_len(text) for text, _ in self._pieces(key, hover=False))

    # -- the mouse ---------------------------------------------------------------------

    def _key_at(self, x: int) -> FooterKey | None:
        for start, end, key in self._drawn:
            if start <= x < end:
                return key
        return None

    def _hover_over(self, key: FooterKey | None) -> None:
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_over(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_over(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
