"""The person view: every article mentioning one person, and who is named with them.

The articles are an :class:`ArticleList` paged from ``Store.person_page`` (newest
first, undated last); beside them (below them on a narrow terminal) the people
most often mentioned in the same articles. Enter on an article opens it in the
main screen's reading pane; Enter on a person shows that person here (Esc comes
back); ``f`` filters the main list by this person.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static

from reader.app.screens.base import NARROW_BELOW, ReaderScreen
from reader.app.text import plain
from reader.app.widgets.article_list import PAGE_SIZE, ArticleList, Fetch
from reader.app.widgets.footer import Footer
from reader.app.widgets.people_options import show_people
from reader.errors import ReaderError
from reader.types import ArticleSummary, Person

if TYPE_CHECKING:
    from reader.core import Store

CO_MENTIONED = 10


class CoMentioned(OptionList):
    """The people named with this one; Enter shows theirs."""

    BINDINGS = [
        Binding(
            "enter",
            "select",
            "Show",
            id="person.switch",
            tooltip="Show the chosen person's articles",
        ),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]


class PersonScreen(ReaderScreen[None]):
    """One person's articles and the people most often mentioned with them."""

    BINDINGS = [
        Binding(
            "escape,q",
            "back",
            "Back",
            id="person.back",
            tooltip="Back (to the person shown before)",
        ),
        Binding(
            "f",
            "filter",
            "Filter list",
            id="person.filter",
            tooltip="Filter the article list by this person",
        ),
        Binding(
            "tab",
            "switch",
            "Articles / people",
            id="person.switch_pane",
            show=False,
            tooltip="Articles / people named with them",
        ),
    ]

    DEFAULT_CSS = """
    PersonScreen #person-title { background: $panel; color: $text-muted; padding: 0 1; }
    PersonScreen #person-side { background: $surface; }
    PersonScreen #co-heading { color: $text-secondary; text-style: bold; padding: 0 1; }
    PersonScreen CoMentioned { border: none; padding: 0; background: $surface; }
    PersonScreen CoMentioned:focus { border: none; background-tint: $foreground 0%; }
    PersonScreen CoMentioned > .option-list--option { padding: 0 1; }
    """

    @dataclass
    class OpenArticle(Message):
        """Open this article in the main screen's reading pane."""

        article_id: str

    @dataclass
    class FilterBy(Message):
        """Make this person the main list's only filter."""

        person: Person

    def __init__(self, store: Store, person: Person) -> None:
        super().__init__(id="person-screen")
        self.store = store
        self.person = person
        #: The people shown before this one (Esc goes back to them).
        self.history: list[Person] = []
        self.co_mentioned: list[tuple[Person, int]] = []
        self._total: int | None = None
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Static(id="person-title")
        with Horizontal(id="person-body"):
            yield ArticleList(id="person-articles", empty_message="No articles mention them.")
            with Vertical(id="person-side"):
                yield Static(id="co-heading")
                yield CoMentioned(id="co-mentioned")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleList).focus()
        self._update_title(None)
        self.load(self.person)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")
        self._update_title(self._total)

    # -- loading ------------------------------------------------------------------------

    def load(self, person: Person) -> None:
        self.person = person
        self._generation += 1
        self._load(person, self._generation)

    def reload(self) -> None:
        """Show the person again as stored (after the people panel edited people)."""
        self.load(self.person)

    @work(thread=True, exclusive=True, group="person", exit_on_error=False)
    def _load(self, person: Person, generation: int) -> None:
        store = self.store
        try:
            try:
                person = store.person_by_id(person.id)
            except ReaderError:
                person = store.person(person.key)  # merged into another: that one
        except ReaderError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        total = store.person_count([person.id])
        first = store.person_page([person.id], 0, PAGE_SIZE)
        co = store.co_mentioned(person.id, limit=CO_MENTIONED)
        fetch = partial(_person_page, store, person.id)
        self.app.call_from_thread(self._show, generation, person, total, first, fetch, co)

    def _show(
        self,
        generation: int,
        person: Person,
        total: int,
        first: list[ArticleSummary],
        fetch: Fetch,
        co: list[tuple[Person, int]],
    ) -> None:
        if generation != self._generation:
            return
        self.person = person
        self.co_mentioned = co
        self.query_one(ArticleList).show(total, fetch, first_page=first)
        show_people(self.query_one(CoMentioned), co, "Nobody else is named with them.")
        heading = Text("Often mentioned with ", end="")
        heading.append_text(plain(person.name))
        self.query_one("#co-heading", Static).update(heading)
        self._update_title(total)

    def _update_title(self, total: int | None) -> None:
        text = Text(end="")
        self._total = total
        text.append_text(plain(self.person.name, "bold"))
        if total is not None:
            text.append(f" · {total:,} article{'s' if total != 1 else ''}")
        if self.person.hidden:
            text.append(" · hidden", style="italic")
        if self.person.aliases:
            text.append(" · ")
            text.append_text(plain(f"also {', '.join(self.person.aliases)}", "italic"))
        hint = "   Enter opens · f filters the list · Esc back"
        title = self.query_one("#person-title", Static)
        if text.cell_len + len(hint) <= title.content_size.width:
            text.append(hint, style="dim")  # else the footer says it
        title.update(text)

    # -- acting -------------------------------------------------------------------------

    @on(ArticleList.Opened, "#person-articles")
    def _open(self, event: ArticleList.Opened) -> None:
        self.app.post_message(self.OpenArticle(event.summary.id))

    @on(OptionList.OptionSelected, "#co-mentioned")
    def _switch(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if not 0 <= index < len(self.co_mentioned):
            return
        self.history.append(self.person)
        self.load(self.co_mentioned[index][0])
        self.query_one(ArticleList).focus()

    def action_back(self) -> None:
        if self.history:
            self.load(self.history.pop())
            self.query_one(ArticleList).focus()
        else:
            self.dismiss()

    def action_filter(self) -> None:
        self.app.post_message(self.FilterBy(self.person))

    def action_switch(self) -> None:
        articles, people = self.query_one(ArticleList), self.query_one(CoMentioned)
        (people if articles.has_focus else articles).focus()


def _person_page(store: Store, person_id: int, offset: int, limit: int) -> list[ArticleSummary]:
    return store.person_page([person_id], offset, limit)
