"""Python's cycle collector, run while the user pauses rather than whenever it likes.

A full collection walks every container object the app holds: well over a hundred
thousand, most of them modules, styles, widgets and Textual's drawn lines. Left
to itself, Python ran one every few seconds while a person typed in the search
box, and for 30-100 ms no key was answered. So once the first screen is up,
automatic collection is turned off (``reader`` turns it off as the app starts, as it
would only walk the objects the first screen is made of) and :class:`QuietCollector`
takes over:

* in a pause (no key or mouse event for :data:`QUIET` seconds), once enough has
  been made since the last collection, it collects what is new (what is not frozen: a
  few milliseconds), then freezes what survives (``gc.freeze``): it is out of sight of
  every collection but the next full one;
* in a longer pause (:data:`IDLE` seconds), once enough was frozen since, it thaws
  everything and collects it all (a full one: about 50 ms at 160x48 with 15,000
  articles), so nothing leaks. Run at every short pause, a full collection held the
  first key after it back by up to its length, and a person often pauses that long
  between two words;
* while keys keep coming, only the objects made since the last collection are
  looked at, once they pass :data:`LIMIT` (a few milliseconds, not a full walk), and
  what survives is frozen as in a pause.

Reference counting frees everything that is not part of a cycle at once, as always;
what the collector finds is mostly the drawn lines Textual let go (each keeps a
cache that refers back to it) and the widgets of screens closed.

How much was frozen since the last full collection is counted as it is frozen, never
asked of Python: ``gc.get_freeze_count`` walks every frozen object (7 ms at 56,000 of
them), and asked at every check of a long pause it kept an idle app at 7% of a core.
"""

from __future__ import annotations

import gc
import time

#: Seconds without input after which the objects made since are collected ...
QUIET = 0.3
#: ... and after which everything is (the pause a person rarely ends within the 50 ms
#: that takes: one reading, not one typing).
IDLE = 2.0
#: How often the app asks :meth:`QuietCollector.tick` (seconds).
CHECK_EVERY = 0.1
#: Objects made since the last collection before a full one is worth it in a pause ...
WORTH_IT = 5_000
#: ... and past which the new ones are looked at even while keys keep coming.
LIMIT = 8_000


class QuietCollector:
    """Collects cyclic garbage in the user's pauses (see the module's docstring)."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        #: Collections made: of everything (in long pauses), of what is not frozen (in
        #: pauses), of the newest objects (otherwise).
        self.full = 0
        self.new = 0
        self.young = 0
        #: Objects frozen since the last full collection (None: since the start, not
        #: counted yet).
        self._frozen_since: int | None = None
        self._running = False
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        """Take over from automatic collection (once the first screen is up)."""
        if self._running:
            return
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._running = True
        # No collection now: it would hold up the first keys typed; the first pause's
        # collection thaws everything and looks at it.
        gc.freeze()

    def input(self) -> None:
        """A key or mouse event came."""
        self.last_input = time.monotonic()

    def tick(self) -> None:
        if not self._running:
            return
        pending = gc.get_count()[0]
        quiet = time.monotonic() - self.last_input
        if quiet >= IDLE and self._frozen() >= WORTH_IT:
            self._full()
        elif pending >= WORTH_IT and quiet >= QUIET:
            found = gc.collect()  # the frozen objects are out of its sight
            self._freeze(pending - found)
            self.new += 1
        elif pending >= LIMIT:
            found = gc.collect(0)
            # What survives is put out of sight too, as in a pause: else it piled up while
            # keys kept coming, and the next short pause's collection walked all of it
            # (164 ms after ten seconds of typing during a refresh).
            self._freeze(pending - found)
            self.young += 1

    def _frozen(self) -> int:
        """Objects frozen since the last full collection. Those frozen at the start are
        counted once, in the first long pause (a walk of them all)."""
        if self._frozen_since is None:
            self._frozen_since = gc.get_freeze_count()
        return self._frozen_since

    def _freeze(self, survivors: int) -> None:
        """Freeze what a collection left: about ``survivors`` objects (those made since
        the last collection, less the garbage it found)."""
        gc.freeze()
        if self._frozen_since is not None:
            self._frozen_since += max(survivors, 0)

    def _full(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._frozen_since = 0
        self.full += 1

    def stop(self) -> None:
        """Give collection back to Python as it was (the app is closing)."""
        if not self._running:
            return
        self._running = False
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()
