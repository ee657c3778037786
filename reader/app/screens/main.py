"""The main screen: the article list beside (or, when narrow, instead of) the reading pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, ProgressBar, Static

from reader.app.widgets.article_list import PAGE_SIZE, ArticleList
from reader.app.widgets.reading_pane import ReadingPane
from reader.models import Article, ArticleSummary

if TYPE_CHECKING:
    from reader.app.app import ReaderApp

#: Below this many columns the panes take turns instead of sitting side by side.
NARROW_BELOW = 100
PREVIEW_DELAY = 0.08
EMPTY_MESSAGE = "No articles yet.\nImport some with:  reader ingest PATH"


class MainScreen(Screen[None]):
    """Browse the archive and read."""

    BINDINGS = [
        Binding("tab", "switch_pane", "Switch pane", id="main.switch_pane", priority=True),
        Binding("shift+tab", "switch_pane", "Switch pane", id="main.switch_pane_back", show=False),
        Binding("escape,h", "back", "Back to list", id="main.back", show=False),
    ]

    app: ReaderApp

    def __init__(self) -> None:
        super().__init__(id="main-screen")
        self._preview_timer: Timer | None = None
        self._opening: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
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
        first_page = first if cursor < PAGE_SIZE else None
        self.article_list.show(total, self.app.store.page, first_page=first_page, cursor=cursor)
        self._update_topbar()

    def _update_topbar(self) -> None:
        total = self.article_list.total
        count = f"{total:,} article{'s' if total != 1 else ''}" if self.article_list.loaded else ""
        text = Text.assemble(("termnews", "bold"), "  ", count, end="")
        self.query_one("#topbar", Static).update(text)

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        summary = event.summary
        self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.load_article(summary.id))

    @on(ArticleList.Opened)
    def _open(self, event: ArticleList.Opened) -> None:
        self.set_class(True, "-reading")
        self.load_article(event.summary.id, focus=True)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(self, article_id: str, focus: bool = False) -> None:
        pane = self.reading_pane
        if pane.article is not None and pane.article.id == article_id:
            if focus:
                self.app.call_from_thread(pane.focus)
            return
        article = self.app.store.article(article_id)
        self.app.call_from_thread(self._show_article, article, focus)

    async def _show_article(self, article: Article, focus: bool) -> None:
        await self.reading_pane.show_article(article)
        if focus:
            self.reading_pane.focus()

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
