"""The main screen's search field: what it does with Escape, Enter and Down, and how a
change of its text reaches the search."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.entry import CleanInput


class SearchBox(CleanInput):
    """The search field: Escape clears it, Enter or Down moves to the results."""

    # Input sets its virtual size to the text's width on every key, and a change of
    # virtual size asks for a layout of the whole screen. The box's size never depends
    # on its text (its width is a fraction of the bar), so a repaint is enough.
    virtual_size = Reactive(Size(0, 0), layout=False)

    BINDINGS = [
        Binding("escape", "clear_search", "Clear search", id="search.clear", show=False),
        Binding("down", "to_results", "To results", id="search.results", show=False),
        # "?" is typed into the query: F1 is the help key here.
        Binding("f1", "app.help", "Help and the search syntax", id="search.help", show=False),
    ]

    class Cleared(Message):
        """Escape in the box: end the search."""

    def __init__(
        self, on_change: Callable[[str], None], *, placeholder: str = "", id: str | None = None
    ) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        #: Called with the box's text each time it changes.
        self._on_change = on_change

    def action_clear_search(self) -> None:
        self.post_message(self.Cleared())

    def action_to_results(self) -> None:
        self.screen.query_one(ArticleList).focus()

    def _on_input_changed(self, event: Input.Changed) -> None:
        # The search starts from here, in the box's own turn: the message would reach
        # the screen through the top bar, a turn of the event loop for each.
        event.stop()
        self._on_change(event.value)
