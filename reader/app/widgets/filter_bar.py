"""The line under the main screen's top bar that names the source and the people the list
is kept to."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from reader.app.text import plain
from reader.types import FEED, FEED_FOLDER, Person, SourceFilter

#: What the bar calls each kind of source.
SOURCE_WORDS = {FEED: "Feed", FEED_FOLDER: "Feeds in"}


class FilterBar(Widget):
    """One line naming the source and the people the list is filtered by; shown only while
    there are some."""

    COMPONENT_CLASSES = {"filter-bar--name", "filter-bar--key"}

    DEFAULT_CSS = """
    FilterBar { background: $primary-muted; color: $text-muted; padding: 0 1; }
    FilterBar > .filter-bar--name { color: $foreground; text-style: bold; }
    FilterBar > .filter-bar--key { color: $text-accent; text-style: bold; }
    """

    KEY, HINT = "x", " clears"

    class Clear(Message):
        """The hint was clicked: clear the filter."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.people: list[Person] = []
        self.source: SourceFilter | None = None
        self.display = False
        self._hint_x = 0

    def show(self, people: list[Person], source: SourceFilter | None = None) -> None:
        self.people = list(people)
        self.source = source
        self.display = bool(self.people) or source is not None
        self.refresh()

    def render(self) -> Text:
        width = max(self.content_region.width, 1)
        name_style = self.get_component_rich_style("filter-bar--name", partial=True)
        names = Text(end="")
        if self.source is not None:
            names.append(f"{SOURCE_WORDS.get(self.source.kind, 'Source')}: ")
            source = plain(self.source.name)
            source.stylize(name_style)
            names.append_text(source)
        if self.people:
            names.append("   People: " if self.source is not None else "People: ")
        for i, person in enumerate(self.people):
            if i:
                names.append(" × ")
            name = plain(person.name)
            name.stylize(name_style)
            names.append_text(name)
        hint = Text("   ", end="")
        hint.append(self.KEY, self.get_component_rich_style("filter-bar--key", partial=True))
        hint.append(self.HINT)
        names.truncate(max(width - len(hint), 1), overflow="ellipsis")
        self._hint_x = names.cell_len
        return Text.assemble(names, hint, end="")

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.x >= self._hint_x:
            self.post_message(self.Clear())
