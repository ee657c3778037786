"""The main screen's search field: what it does with Escape, Enter, Up and Down (its
history of searches), and how a change of its text reaches the search."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.entry import CleanInput

#: What the keys typed after an early Up wait for (see :meth:`SearchBox.take_history`).
HISTORY = "the search history"


class SearchBox(CleanInput):
    """The search field: Escape clears it, Enter or Down moves to the results, Up and Down
    walk the searches gone to the results of before (:attr:`history`), as a shell's
    history does: Down past the most recent brings back what was typed."""

    # Input sets its virtual size to the text's width on every key, and a change of
    # virtual size asks for a layout of the whole screen. The box's size never depends
    # on its text (its width is a fraction of the bar), so a repaint is enough.
    virtual_size = Reactive(Size(0, 0), layout=False)

    BINDINGS = [
        Binding("escape", "clear_search", "Clear search", id="search.clear", show=False),
        Binding(
            "down", "to_results", "To results, or a later search", id="search.results", show=False
        ),
        Binding("up", "older_search", "An earlier search", id="search.older", show=False),
        # "?" is typed into the query: F1 is the help key here.
        Binding("f1", "app.help", "Help and the search syntax", id="search.help", show=False),
    ]

    class Cleared(Message):
        """Escape in the box: end the search."""

    class WentToResults(Message):
        """Down in the box, past its history: the search is one to keep."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self, on_change: Callable[[str], None], *, placeholder: str = "", id: str | None = None
    ) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        #: Called with the box's text each time it changes.
        self._on_change = on_change
        #: The searches gone to the results of, most recent first (the screen reads them
        #: from the database, and :meth:`keep` adds each new one).
        self.history: list[str] = []
        #: While Up and Down walk :attr:`history`: where (0: the most recent), and the
        #: text that was in the box before.
        self._walk: tuple[int, str] | None = None
        #: Whether :attr:`history` has come from the database (:meth:`take_history`), and
        #: how many times Up was pressed before it came.
        self._history_came = False
        self._early_ups = 0

    def take_history(self, history: list[str]) -> None:
        """The history as the database holds it, after any search kept meanwhile. Up
        pressed before it came takes effect now; the keys typed after it waited."""
        self.history = [*self.history, *(text for text in history if text not in self.history)]
        self._history_came = True
        ups, self._early_ups = self._early_ups, 0
        for _ in range(ups):
            self.action_older_search()
        if (keys := getattr(self.app, "keys", None)) is not None:
            keys.came(HISTORY)

    def keep(self, text: str) -> None:
        """Make ``text`` the most recent search of :attr:`history`."""
        self.history = [text, *(old for old in self.history if old != text)]
        self._walk = None

    def action_clear_search(self) -> None:
        self.post_message(self.Cleared())

    def action_older_search(self) -> None:
        if not self._history_came:  # typed as the app starts: once the history is read
            self._early_ups += 1
            if (keys := getattr(self.app, "keys", None)) is not None:
                keys.hold_for(HISTORY)  # the keys after it wait for it
            return
        at, typed = self._walk if self._walk is not None else (-1, self.value)
        at += 1
        while at < len(self.history) and self.history[at] == self.value:
            at += 1  # what the box shows already: `/` leaves the last search in it
        if at < len(self.history):
            self._walk = (at, typed)
            self._show(self.history[at])

    def action_to_results(self) -> None:
        if self._walk is not None:  # a later search, or what was typed
            at, typed = self._walk
            self._walk = (at - 1, typed) if at > 0 else None
            self._show(self.history[at - 1] if at > 0 else typed)
            return
        self.post_message(self.WentToResults(self.value))
        self.screen.query_one(ArticleList).focus()

    def _show(self, text: str) -> None:
        self.value = text  # searched for as if typed (Input.Changed)
        self.cursor_position = len(text)

    def _on_focus(self, event: events.Focus) -> None:
        self._walk = None  # (Textual runs Input's own handler too)

    def _on_input_changed(self, event: Input.Changed) -> None:
        # The search starts from here, in the box's own turn: the message would reach
        # the screen through the top bar, a turn of the event loop for each.
        event.stop()
        if self._walk is not None and self.value != self.history[self._walk[0]]:
            self._walk = None  # the search brought back was edited: a search of its own
        self._on_change(event.value)
