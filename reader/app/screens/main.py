"""The main screen: search box, article list, and reading pane.

The list sits beside the reading pane, or, below :data:`NARROW_BELOW` columns,
takes turns with it. Typing in the search box replaces the list with ranked
results as you type (each search in a worker; a newer key press supersedes an
older search); Escape brings back the whole list where you left it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, ProgressBar, Static

from reader.app.widgets.article_list import PAGE_SIZE, ArticleList
from reader.app.widgets.reading_pane import ReadingPane
from reader.models import Article, ArticleSummary, SearchHit

if TYPE_CHECKING:
    from reader.app.app import ReaderApp

#: Below this many columns the panes take turns instead of sitting side by side.
NARROW_BELOW = 100
PREVIEW_DELAY = 0.08
SEARCH_LIMIT = 200
EMPTY_MESSAGE = "No articles yet.\nImport some with:  reader ingest PATH"
NO_RESULTS = "No articles match.\nEsc clears the search; ? shows the search syntax."


class SearchBox(Input):
    """The search field: Escape clears it, Enter or Down moves to the results."""

    BINDINGS = [
        Binding("escape", "clear_search", "Clear search", id="search.clear", show=False),
        Binding("down", "to_results", "To results", id="search.results", show=False),
    ]

    def action_clear_search(self) -> None:
        self.screen.action_clear_search()  # type: ignore[attr-defined]

    def action_to_results(self) -> None:
        self.screen.query_one(ArticleList).focus()


class MainScreen(Screen[None]):
    """Browse the archive and read."""

    BINDINGS = [
        Binding("tab", "switch_pane", "Switch pane", id="main.switch_pane", priority=True),
        Binding("shift+tab", "switch_pane", "Switch pane", id="main.switch_pane_back", show=False),
        Binding("slash", "search", "Search", id="main.search", key_display="/"),
        Binding("escape,h", "back", "Back to list / clear search", id="main.back", show=False),
        Binding("n", "next_match", "Next match", id="main.next_match", show=False),
        Binding("N", "previous_match", "Previous match", id="main.previous_match", show=False),
    ]

    app: ReaderApp

    def __init__(self) -> None:
        super().__init__(id="main-screen")
        self._preview_timer: Timer | None = None
        self._search_generation = 0
        #: The article selected in the whole list when a search began, to return to.
        self._browse_id: str | None = None
        self.searching = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("termnews", id="brand")
            yield SearchBox(placeholder="Search  (/)", id="search", select_on_focus=False)
            yield Static(id="count")
        with Horizontal(id="panes"):
            yield ArticleList(id="list", empty_message=EMPTY_MESSAGE)
            yield ReadingPane(id="reader")
        with Horizontal(id="import-status"):
            yield Static("Importing", id="import-label")
            yield ProgressBar(id="import-bar", show_eta=False)
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reading_pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    def on_mount(self) -> None:
        self.article_list.focus()
        self._update_topbar()
        self.reload()

    # -- loading ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def reload(self, keep_id: str | None = None) -> None:
        """Count the articles and fetch the first page, off the event loop."""
        store = self.app.store
        total = store.count()
        cursor = (store.index_of(keep_id) or 0) if keep_id else 0
        first = store.page((cursor // PAGE_SIZE) * PAGE_SIZE, PAGE_SIZE)
        self.app.call_from_thread(self._show_list, total, first, cursor)

    def _show_list(self, total: int, first: list[ArticleSummary], cursor: int) -> None:
        if self.searching:
            return  # the search results stay; the list is reloaded when the search ends
        first_page = first if cursor < PAGE_SIZE else None
        self.article_list.empty_message = EMPTY_MESSAGE
        self.article_list.show(total, self.app.store.page, first_page=first_page, cursor=cursor)
        self._update_topbar()

    def _update_topbar(self) -> None:
        listing = self.article_list
        total = listing.total
        if not listing.loaded:
            count = ""
        elif self.searching:
            count = f"{total:,} result{'s' if total != 1 else ''}" if total else "no results"
        else:
            count = f"{total:,} article{'s' if total != 1 else ''}"
        position = self.reading_pane.match_position
        if position:
            count = f"{position} · {count}"
        self.query_one("#count", Static).update(Text(count, end=""))

    # -- searching ----------------------------------------------------------------------

    def action_search(self) -> None:
        self.set_class(False, "-reading")
        self.query_one(SearchBox).focus()

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self._search_generation += 1
        text = event.value
        if not text.strip():
            if self.searching:
                self._end_search()
            return
        if not self.searching:
            current = self.article_list.current
            self._browse_id = current.id if current else None
            self.searching = True
        self.run_search(text, self._search_generation)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.article_list.focus()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str, generation: int) -> None:
        hits = self.app.store.search(text, limit=SEARCH_LIMIT)
        self.app.call_from_thread(self._show_hits, generation, hits)

    def _show_hits(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._search_generation or not self.searching:
            return  # a newer key press already asked for another search
        self.article_list.empty_message = NO_RESULTS
        self.article_list.show_hits(hits)
        self._update_topbar()

    def action_clear_search(self) -> None:
        search = self.query_one(SearchBox)
        if search.value:
            search.value = ""  # Input.Changed ends the search
        self.article_list.focus()

    def _end_search(self) -> None:
        self.searching = False
        self.reload(self._browse_id)

    # -- reading ------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        summary, terms = event.summary, event.hit.terms if event.hit else ()
        self._preview_timer = self.set_timer(
            PREVIEW_DELAY, lambda: self.load_article(summary.id, terms)
        )

    @on(ArticleList.Opened)
    def _open(self, event: ArticleList.Opened) -> None:
        self.set_class(True, "-reading")
        self.load_article(event.summary.id, event.hit.terms if event.hit else (), focus=True)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(
        self, article_id: str, terms: tuple[str, ...] = (), focus: bool = False
    ) -> None:
        pane = self.reading_pane
        if pane.article is not None and pane.article.id == article_id and pane.terms == terms:
            if focus:
                self.app.call_from_thread(pane.focus)
            return
        article = self.app.store.article(article_id)
        self.app.call_from_thread(self._show_article, article, terms, focus)

    async def _show_article(self, article: Article, terms: tuple[str, ...], focus: bool) -> None:
        await self.reading_pane.show_article(article, terms)
        self._update_topbar()
        if focus:
            self.reading_pane.focus()

    def action_next_match(self) -> None:
        self.reading_pane.action_next_match()
        self._update_topbar()

    def action_previous_match(self) -> None:
        self.reading_pane.action_previous_match()
        self._update_topbar()

    # -- importing --------------------------------------------------------------------

    def import_started(self, total: int) -> None:
        bar = self.query_one("#import-bar", ProgressBar)
        bar.update(total=total, progress=0)
        self.query_one("#import-status").display = True

    def import_progress(self, done: int) -> None:
        self.query_one("#import-bar", ProgressBar).update(progress=done)

    def import_finished(self) -> None:
        self.query_one("#import-status").display = False
        current = self.article_list.current
        self.reload(current.id if current else None)

    # -- layout and panes ---------------------------------------------------------------

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")

    def action_switch_pane(self) -> None:
        if self.article_list.has_focus:
            self.set_class(True, "-reading")
            self.reading_pane.focus()
        else:
            self.set_class(False, "-reading")
            self.article_list.focus()

    def action_back(self) -> None:
        if self.reading_pane.has_focus or self.has_class("-reading"):
            self.set_class(False, "-reading")
            self.article_list.focus()
        elif self.searching:
            self.action_clear_search()
