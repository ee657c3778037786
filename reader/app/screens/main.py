"""The main screen: search box, article list, and reading pane.

The list sits beside the reading pane, or, below :data:`NARROW_BELOW` columns,
takes turns with it. Typing in the search box replaces the list with ranked
results as you type (each search in a worker; a newer key press supersedes an
older search); Escape brings back the whole list where you left it.

A person filter (chosen in the people panel, ``@``) and a source (chosen in the
sources column or screen, ``s``) keep the list, the bookmarks and the search results
to articles mentioning every chosen person, of the chosen source; the filter bar
under the top bar names them while they are on, and ``x`` clears them.

The screen composes its widgets, loads the list, shows articles in the reading pane
and says which pane is in use; its features are its base classes, one module each:
reading an article into the pane (:mod:`.main_reading`), the search
(:mod:`.main_search`), bookmarks and notes (:mod:`.main_notes`), people
(:mod:`.main_people`), read state (:mod:`.main_unread`), links (:mod:`.main_links`),
sources (:mod:`.main_sources`) and the list's order and compact rows (:mod:`.main_order`).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer

from reader.app.screens.base import NARROW_BELOW, SOURCES_COLUMN_FROM
from reader.app.screens.main_links import MainLinks
from reader.app.screens.main_notes import MainNotes
from reader.app.screens.main_order import MainOrder
from reader.app.screens.main_people import MainPeople
from reader.app.screens.main_reading import MainReading
from reader.app.screens.main_search import MainSearch
from reader.app.screens.main_sources import MainSources
from reader.app.screens.main_unread import MainUnread
from reader.app.widgets.article_list import PAGE_SIZE, ArticleList, Fetch
from reader.app.widgets.filter_bar import FilterBar
from reader.app.widgets.footer import Footer
from reader.app.widgets.import_status import ImportStatus
from reader.app.widgets.reading_pane import ReadingPane
from reader.app.widgets.search_box import SearchBox
from reader.app.widgets.source_list import SourcesPanel
from reader.app.widgets.top_bar import TopBar
from reader.errors import ReaderError
from reader.types import Article, ArticleSummary, ListPrefs

if TYPE_CHECKING:
    from reader.app.keys import KeyQueue
    from reader.core import Store

PREVIEW_DELAY = 0.08
#: While typing a search, the reading pane waits for a pause before it follows.
PREVIEW_DELAY_TYPING = 0.3
#: Seconds between two looks at whether another process (an import) changed the database.
WATCH_EVERY = 2.0
#: The whole list's length and its first page, read before the app starts.
Listing = tuple[int, list[ArticleSummary]]
EMPTY_MESSAGE = "No articles yet.\nImport some with:  reader ingest PATH"


def empty_message(db: str) -> str:
    """How to fill the database ``db``: the command names it unless it is the one that
    ``reader ingest`` would fill anyway."""
    from reader.clean import clean_path
    from reader.paths import expand_user, resolve_db_path

    if db == ":memory:" or expand_user(db) == resolve_db_path():
        return EMPTY_MESSAGE
    # The path on a line of its own, as a shell continues a command: a long one is cut
    # at the list's edge, not the words around it.
    return (
        f"No articles yet.\nImport some with:\n  reader --db \\\n    {clean_path(db)} \\\n"
        "    ingest PATH"
    )


NO_BOOKMARKS = "No bookmarks yet.\nPress b on an article to keep it here; B shows all articles."
NO_PEOPLE_MATCH = "No article mentions all the chosen people.\nx clears the person filter."
NOT_FROM_A_FEED = "This article is not from a feed (R refreshes every feed)."
NO_PEOPLE_BOOKMARKS = (
    "No bookmarked article mentions all the chosen people.\n"
    "x clears the person filter; B shows all articles."
)
NO_FILTERED_MATCH = (
    "No article here is of this source\n(and mentions the chosen people).\nx clears the filters."
)
NO_FILTERED_BOOKMARKS = (
    "No bookmarked article is\nof this source.\nx clears the filters;\nB shows all articles."
)


class MainScreen(
    MainReading, MainSearch, MainNotes, MainPeople, MainUnread, MainLinks, MainSources, MainOrder
):
    """Browse the archive and read."""

    BINDINGS = [
        Binding("tab", "switch_pane", "Switch pane", id="main.switch_pane", priority=True),
        Binding("shift+tab", "switch_pane", "Switch pane", id="main.switch_pane_back", show=False),
        Binding("slash", "search", "Search", id="main.search", key_display="/"),
        Binding(
            "escape,h",
            "back",
            "Back (to the list; out of a search, then of a source)",
            id="main.back",
            show=False,
        ),
        Binding("n", "next_unread", "Next unread article", id="main.next_unread", show=False),
        Binding(
            "p", "previous_unread", "Previous unread article", id="main.previous_unread", show=False
        ),
        Binding("N", "toggle_read", "Mark read / unread", id="main.toggle_read", show=False),
        Binding(
            "A",
            "mark_view_read",
            "Mark every article in view read",
            id="main.mark_view_read",
            show=False,
        ),
        Binding("J", "next_article", "Next article", id="main.next_article", show=False),
        Binding(
            "K", "previous_article", "Previous article", id="main.previous_article", show=False
        ),
        Binding(
            "greater_than_sign",
            "next_match",
            "Next match of the search",
            id="main.next_match",
            key_display=">",
            show=False,
        ),
        Binding(
            "less_than_sign",
            "previous_match",
            "Previous match of the search",
            id="main.previous_match",
            key_display="<",
            show=False,
        ),
        Binding("b", "bookmark", "Bookmark", id="main.bookmark"),
        # On a narrow screen the article read fills it, as a view of its own: q goes back
        # to the list from there, as from every other view, and quits only from the list.
        Binding("q", "leave_article", "Back", id="main.leave_article"),
        Binding("q", "quit", "Quit", id="main.quit"),
        Binding("B", "bookmarks", "Bookmarks only / all", id="main.bookmarks", show=False),
        Binding(
            "a",
            "new_note",
            "Add a note (on the selected passage, if any)",
            id="main.new_note",
            show=False,
        ),
        Binding("m", "notes", "All notes", id="main.notes", show=False),
        Binding(
            "u",
            "undo",
            "Undo the last change (bookmark, read state, note deletion, people edit)",
            id="main.undo",
            show=False,
        ),
        Binding(
            "at",
            "people",
            "People: filter by who is mentioned",
            id="main.people",
            key_display="@",
            show=False,
        ),
        Binding(
            "x",
            "clear_filters",
            "Clear the filters (people, source)",
            id="main.clear_filters",
            show=False,
        ),
        Binding(
            "s",
            "sources",
            "Sources: folders and feeds, with counts",
            id="main.sources",
            show=False,
        ),
        Binding(
            "equals_sign",
            "sort",
            "Sort: newest, oldest first, by source",
            id="main.sort",
            key_display="=",
            show=False,
        ),
        Binding(
            "c", "compact", "Compact list: one line per article", id="main.compact", show=False
        ),
        Binding(
            "P", "person", "A person in this article: their articles", id="main.person", show=False
        ),
        Binding(
            "r",
            "refresh_article_feed",
            "Refresh this article's feed",
            id="main.refresh_feed",
            show=False,
        ),
        Binding("R", "refresh_feeds", "Refresh every feed", id="main.refresh", show=False),
        Binding(
            "S",
            "feeds",
            "Feeds, broken ones first",
            id="main.feeds",
            show=False,
        ),
        Binding(
            "o",
            "open_in_browser",
            "Open in the browser (the article's web page, else its file)",
            id="main.open_in_browser",
            show=False,
        ),
        Binding(
            "y",
            "copy_link",
            "Copy the article's web address (else its file's path)",
            id="main.copy_link",
            show=False,
        ),
        Binding("L", "links", "The article's links: open or copy one", id="main.links", show=False),
        Binding(
            "F",
            "fulltext",
            "Full text from the article's web page (again: the feed's own text)",
            id="main.fulltext",
            show=False,
        ),
    ]

    def __init__(
        self,
        store: Store,
        keys: KeyQueue,
        listing: Listing | None = None,
        prefs: ListPrefs | None = None,
    ) -> None:
        super().__init__(id="main-screen")
        self.store = store
        self.prefs = prefs or ListPrefs()
        #: The app's keys, held while an article opened is read (the keys typed meanwhile
        #: are for it).
        self.keys = keys
        #: The first screen's rows, read before the app started: shown at once, in the
        #: first frame, instead of after a worker's round trip.
        self._listing = listing
        self._preview_timer: Timer | None = None
        #: "all" articles, or only "bookmarks" (newest bookmark first).
        self.view = "all"
        #: The database's data version when it was last looked at (None: not yet).
        self._data_version: int | None = None
        self._list_generation = 0
        #: The reading pane is the pane in use (on a narrow screen, the one shown).
        self.reading = False

    def compose(self) -> ComposeResult:
        # Set before the widgets are styled: set once they are (on_resize), a class of the
        # screen styles every one of them again.
        self.set_class(self.app.size.width < NARROW_BELOW, "-narrow")
        self.set_class(self.app.size.width < SOURCES_COLUMN_FROM, "-no-column")
        self.set_class(self.prefs.sources_shown, "-sources")
        yield TopBar(self.query_changed, read_only=self.store.read_only, id="topbar")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="panes"):
            if self.prefs.sources_shown:
                yield SourcesPanel(id="sources")  # else made when first shown (s)
            listing = ArticleList(id="list", empty_message=empty_message(self.store.path))
            listing.compact = self.prefs.compact
            yield listing
            yield ReadingPane(id="reader")
        yield ImportStatus(id="import-status")
        yield Footer()

    @property
    def topbar(self) -> TopBar:
        return self.query_one(TopBar)

    @property
    def import_status(self) -> ImportStatus:
        return self.query_one(ImportStatus)

    def on_mount(self) -> None:
        self.article_list.focus()
        self._update_topbar()
        if self._listing is None:
            self.reload()
        else:
            (total, first), self._listing = self._listing, None
            self._list_generation += 1
            fetch = partial(self.store.view_page, order=self.prefs.order)
            self._show_list(self._list_generation, total, first, 0, fetch)
        self.call_after_refresh(self._prepare_search)
        self.set_interval(WATCH_EVERY, self._watch_database, name="database watch")

    @work(thread=True, group="prepare", exit_on_error=False)
    def _prepare_search(self) -> None:
        self.store.prepare_search()

    # -- loading ----------------------------------------------------------------------

    def view_filters(self) -> dict[str, Any]:
        """The view the list shows, as the store's view methods take it."""
        return {
            "bookmarks": self.view == "bookmarks",
            "person_ids": tuple(p.id for p in self.people_filter),
            "source": self.source_filter,
        }

    def reload(self, keep_id: str | None = None) -> None:
        """Show the list (all, or bookmarks; filtered by people and source; in the order
        chosen) again, loaded in a worker."""
        self._list_generation += 1
        self._reload(self._list_generation, self.view_filters(), self.prefs.order, keep_id)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def _reload(
        self, generation: int, view: dict[str, Any], order: str, keep_id: str | None
    ) -> None:
        """Count the articles and fetch the first page, off the event loop."""
        store = self.store
        total = store.view_count(**view)
        fetch: Fetch = partial(store.view_page, order=order, **view)
        cursor = (store.view_index_of(keep_id, order=order, **view) or 0) if keep_id else 0
        first = fetch((cursor // PAGE_SIZE) * PAGE_SIZE, PAGE_SIZE)
        if keep_id and cursor == 0:
            cursor = next((i for i, s in enumerate(first) if s.id == keep_id), 0)
        self.app.call_from_thread(self._show_list, generation, total, first, cursor, fetch)

    def _show_list(
        self, generation: int, total: int, first: list[ArticleSummary], cursor: int, fetch: Fetch
    ) -> None:
        if generation != self._list_generation:
            return  # a newer reload (another view or filter) is on its way
        if self.searching:
            return  # the search results stay; the list is reloaded when the search ends
        first_page = first if cursor < PAGE_SIZE else None
        if self.view == "bookmarks" and self.source_filter is not None:
            empty = NO_FILTERED_BOOKMARKS
        elif self.view == "bookmarks":
            empty = NO_PEOPLE_BOOKMARKS if self.people_filter else NO_BOOKMARKS
        elif self.source_filter is not None:
            empty = NO_FILTERED_MATCH
        else:
            empty = NO_PEOPLE_MATCH if self.people_filter else empty_message(self.store.path)
        self.article_list.empty_message = empty
        self.article_list.show(total, fetch, first_page=first_page, cursor=cursor)
        self.unread = None
        self._update_topbar()
        self.count_unread()
        self.refresh_sources()

    def _update_topbar(self) -> None:
        listing = self.article_list
        self.query_one(TopBar).show_count(
            listing.total if listing.loaded else None,
            searching=self.searching,
            more=self._more is not None,
            bookmarks=self.view == "bookmarks",
            position=self.reading_pane.match_position,
            unread=self.unread,
        )
        self.show_order()

    # -- articles written by another process ------------------------------------------

    @work(thread=True, exclusive=True, group="database-watch", exit_on_error=False)
    def _watch_database(self) -> None:
        """Look (off the event loop) whether another process changed the database.

        Not while the app's own refresh writes: it shows what came once, at its end, and
        a reload every few seconds meanwhile would take the frames the keys need."""
        if getattr(self.app, "refreshing", False):
            return
        try:
            version = self.store.data_version()
        except ReaderError:
            return  # said by the reads that need the database; this look tries again later
        if self._data_version is not None and version != self._data_version:
            self.app.call_from_thread(self._database_changed)
        self._data_version = version

    def _database_changed(self) -> None:
        """Show what another process wrote: the list, or the search under way run again
        with its words and as many results, the cursor on the article it was on."""
        current = self.article_list.current
        keep_id = current.id if current else None
        if not self.searching:
            self.reload(keep_id)
        else:
            self.repeat_search(keep_id)

    # -- reading ------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if self.open_when_loaded(event):
            return
        if self.searching:
            self._fetch_more_results(event.article_list.cursor)
        summary, terms = event.summary, event.hit.terms if event.hit else ()
        typing = self.query_one(SearchBox).has_focus
        self._preview_timer = self.set_timer(
            PREVIEW_DELAY_TYPING if typing else PREVIEW_DELAY,
            lambda: self.load_article(summary.id, terms),
        )

    @on(ArticleList.Opened)
    def _open(self, event: ArticleList.Opened) -> None:
        self.load_article(event.summary.id, event.hit.terms if event.hit else (), focus=True)

    @on(ReadingPane.EndReached)
    def _end_reached(self) -> None:
        self.article_end_reached()

    # -- importing --------------------------------------------------------------------

    @on(ImportStatus.Finished)
    def _import_finished(self) -> None:
        current = self.article_list.current
        self.reload(current.id if current else None)

    # -- feeds --------------------------------------------------------------------------

    def action_refresh_feeds(self) -> None:
        self.app.refresh_feeds(due_only=False)  # type: ignore[attr-defined]

    def action_refresh_article_feed(self) -> None:
        """newsboat's ``r``: the feed of the article under the cursor (or being read)."""
        self._with_article("r", self._refresh_feed_of)

    def _refresh_feed_of(self, article: Article) -> None:
        if article.feed_id is None:
            self.notify(NOT_FROM_A_FEED, markup=False)
            return
        self.app.refresh_feeds(only=[article.feed_id])  # type: ignore[attr-defined]

    def action_feeds(self) -> None:
        from reader.app.screens.feeds import FeedsScreen

        if not isinstance(self.app.screen, FeedsScreen):  # from the palette, over it
            self.app.push_screen(FeedsScreen(self.store, self.keys))

    def feeds_refreshed(self) -> None:
        """A refresh wrote new articles: show them, the list where it was."""
        self._data_version = None  # what it wrote is shown now, not again at the next look
        self._database_changed()

    # -- leaving ------------------------------------------------------------------------

    def on_unmount(self) -> None:
        """Leaving: deleted notes are forgotten, and the search thread ends."""
        self.keep_place()
        self.forget_deleted()
        self.stop_searching()

    # -- layout and panes ---------------------------------------------------------------

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")
        self.set_class(self.size.width < SOURCES_COLUMN_FROM, "-no-column")
        self._set_reading(self.reading)
        column = self.has_column and self.sources_panel.source_list.has_focus
        if self.has_class("-no-column") and column:
            self.article_list.focus()  # the column folds away below SOURCES_COLUMN_FROM

    def _set_reading(self, reading: bool) -> None:
        """Say which pane is in use. On a narrow screen the ``-reading`` class shows it; on
        a wide one the class is left off, as it changes nothing there: a class set on the
        screen styles every widget on it again, some milliseconds on each article opened.
        """
        alone = reading and self.has_class("-narrow")
        self.reading = reading
        if alone != self.has_class("-reading"):
            self.set_class(alone, "-reading")
            # q's meaning and the footer's word for it; only here: the footer composed
            # again on every article opened cost each opening some 20 ms.
            self.refresh_bindings()

    def action_switch_pane(self) -> None:
        if self.article_list.has_focus:
            self._set_reading(True)
            self.reading_pane.focus()
        else:
            self._set_reading(False)
            self.article_list.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which of q's two bindings holds: back from an article that fills a narrow
        screen, or from a source's articles to every source's, else quit."""
        if action in ("leave_article", "quit"):
            back = (self.reading and self.has_class("-narrow")) or self.source_filter is not None
            return back if action == "leave_article" else not back
        return True

    def action_leave_article(self) -> None:
        self.action_back()

    async def action_quit(self) -> None:
        await self.app.action_quit()

    def action_back(self) -> None:
        if self.reading_pane.has_focus or self.reading:
            self._set_reading(False)
            self.article_list.focus()
        elif self.searching:
            self.action_clear_search()
        elif self.source_filter is not None:
            self.set_source_filter(None)  # one level up: every source

    def open_article(self, article_id: str) -> None:
        """Show this article in the reading pane (from the person view)."""
        self.load_article(article_id, focus=True)
