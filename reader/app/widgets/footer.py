"""The key bar at the bottom of every screen: Textual's, without the keys it leaves behind."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer, whose old keys are let go.

    The footer is composed again whenever the keys that apply change (at every change
    of focus: each article opened and closed), and each new key binds its ``compact``
    to the footer's. Textual drops the bindings of removed keys only when ``compact``
    changes, which it never does here, so every key ever shown stayed in memory with
    all it had drawn: some twenty-five keys for each article read, more work for every
    garbage collection, and pauses that grew the longer the reader ran.
    """

    async def recompose(self) -> None:
        await super().recompose()
        # Calls the watchers of ``compact`` as if it had changed, which drops those of
        # the removed keys (and tells the new ones the value they already have).
        self.mutate_reactive(TextualFooter.compact)
