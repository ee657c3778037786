"""Keys in the order they were typed, each going where the keys before it left the focus.

Textual hands a key, as soon as it is read, to the widget focused at that moment; the
key's action runs later, in that widget's turn. Keys typed quickly are read together,
so they all went to the old focus: ``/vera`` put ``/`` in the list, then ``v`` and
``a`` too, which selected a passage and opened the note editor before the search box
took the focus. Here the app hands on a key only once the key before it is handled:
it has gone up the widgets to the app (whose bindings ran), the focus it moved has
moved, and a screen it opened has mounted and focused what it focuses.

An action whose effect comes later (an article being read in a worker before the
reading pane takes the focus) holds the keys typed after it until then (:meth:`hold`).
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual._xterm_parser import XTermParser

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.driver import Driver
    from textual.message import Message
    from textual.message_pump import MessagePump
    from textual.timer import Timer

#: A key not handled within this many seconds (a widget closed under it, say) no longer
#: holds the keys after it: late is better than never.
KEY_WAIT = 1.0
#: A hold ends by itself after this many seconds, whatever it waits for.
HOLD_WAIT = 3.0


class KeyQueue:
    """Hands the app's keys (and pastes) on one at a time, each once the last is handled."""

    def __init__(self, app: App, route: Callable[[events.Event], Awaitable[None]]) -> None:
        self.app = app
        #: Textual's own routing of a key: priority bindings, else the focused widget.
        self._route = route
        self._waiting: deque[events.Event] = deque()
        #: The number of the key being handled (0: none); a late answer for an older
        #: key is ignored.
        self._turn = 0
        self._in_flight = False
        self._holds: dict[int, Timer] = {}
        self._hold_count = 0
        #: The holds that end when what they wait for comes (see :meth:`hold_for`).
        self._awaited: dict[str, list[Callable[[], None]]] = {}
        self._timer: Timer | None = None

    @property
    def busy(self) -> bool:
        """Whether a key is being handled, or keys wait for their turn (or a hold)."""
        return self._in_flight or bool(self._waiting)

    async def take(self, event: events.Event) -> None:
        """A key or paste just read from the terminal: handled after those before it."""
        if isinstance(event, events.Key) and (plain := _after_escape(event.key)) is not None:
            # Escape and a key typed quickly read as Alt+key, which nothing here is
            # bound to: the two keys, as typed.
            self._waiting.append(events.Key("escape", "\x1b"))
            event = events.Key(plain, plain)
        self._waiting.append(event)
        await self._hand_on()

    def hold(self) -> Callable[[], None]:
        """Keep the keys typed from now on until the returned function is called (or
        :data:`HOLD_WAIT` seconds have passed)."""
        self._hold_count += 1
        number = self._hold_count
        self._holds[number] = self.app.set_timer(HOLD_WAIT, partial(self._release, number))

        def release() -> None:
            self.app.call_later(self._release, number)

        return release

    def hold_for(self, what: str) -> None:
        """Keep the keys typed from now on until :meth:`came` is told ``what`` (a list, a
        search's results), or :data:`HOLD_WAIT` seconds have passed: the keys after one
        that asked for it act on it, not on what it replaces. Asked again before it
        came, the same arrival ends both holds."""
        self._awaited.setdefault(what, []).append(self.hold())

    def came(self, what: str) -> None:
        """``what`` is on the screen (or is not coming after all): the keys held for it go
        on, once this turn of the event loop is over."""
        for release in self._awaited.pop(what, ()):
            release()

    async def _release(self, number: int) -> None:
        timer = self._holds.pop(number, None)
        if timer is not None:
            timer.stop()
            await self._hand_on()

    async def _hand_on(self) -> None:
        if self._in_flight or self._holds or not self._waiting:
            return
        event = self._waiting.popleft()
        self._in_flight = True
        self._turn += 1
        turn = self._turn
        target = self.app.focused or self.app.screen
        self._timer = self.app.set_timer(KEY_WAIT, partial(self._done, turn))
        await self._route(event)
        # The key goes up from the target to the app, one message queue after another;
        # once each has dealt with what it had, the key has been handled.
        await self._after(list(target.ancestors_with_self), partial(self._settled, turn, target))

    async def _settled(self, turn: int, target: DOMNode) -> None:
        """The key is handled; its action may have left messages on the way up (the list's
        "open this article") and a screen it opened mounts, then focuses its widget through
        the app's queue: the key after it waits for them all."""
        pumps = [*target.ancestors_with_self[:-1], self.app.screen, self.app]
        await self._after(pumps, partial(self._done, turn))

    async def _after(
        self, pumps: Sequence[MessagePump], then: Callable[[], Awaitable[None]]
    ) -> None:
        """Call ``then`` once each of ``pumps`` in turn has handled what it was sent before."""
        while pumps:
            first, pumps = pumps[0], pumps[1:]
            if first.call_later(self._after, pumps, then):
                return
            # Closed or closing: nothing more comes out of it.
        await then()

    async def _done(self, turn: int) -> None:
        if turn != self._turn or not self._in_flight:
            return
        self._in_flight = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        await self._hand_on()


def _after_escape(key: str) -> str | None:
    """The key typed after an Escape, when Textual read the two as ``key``, Alt and a
    letter or digit (``alt+j``, ``alt+shift+j``); else None."""
    if not key.startswith("alt+"):
        return None
    name = key.removeprefix("alt+")
    shifted = name.startswith("shift+")
    name = name.removeprefix("shift+")
    if len(name) != 1 or not name.isalnum():
        return None
    return name.upper() if shifted else name


class TimelyParser(XTermParser):
    """Textual's reader of the terminal's input, told the time before each new read.

    After an Escape it waits ``ESCDELAY`` for the rest of a key's sequence, but it looked
    at the clock only once no input had come for 0.1 s, and after the next read: Escape
    then ``/`` typed 30 ms apart was read as one key, ``/`` (the search box took it as
    text after the old query), and Escape then ``j`` as Alt+J.
    """

    def feed(self, data: str) -> Iterable[Message]:
        if data:
            yield from self.tick()  # an Escape whose wait is over is an Escape
        yield from super().feed(data)


def read_escapes_on_time(driver: type[Driver]) -> None:
    """Make ``driver`` read the terminal with :class:`TimelyParser` (Textual's drivers
    make their parser from the name their module imported)."""
    module = sys.modules.get(driver.__module__)
    if module is not None and getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = TimelyParser  # type: ignore[attr-defined]
