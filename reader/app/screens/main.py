"""The main screen: search box, article list, and reading pane.

The list sits beside the reading pane, or, below :data:`NARROW_BELOW` columns,
takes turns with it. Typing in the search box replaces the list with ranked
results as you type (each search in a worker; a newer key press supersedes an
older search); Escape brings back the whole list where you left it.

A person filter (chosen in the people panel, ``@``) and a source (chosen in the
sources column or screen, ``s``) keep the list, the bookmarks and the search results
to articles mentioning every chosen person, of the chosen source; the filter bar
under the top bar names them while they are on, and ``x`` clears them.

The screen composes its widgets, starts the list and the look for changes to the
database, shows in the reading pane the article the list's cursor rests on or opens,
and says which pane is in use; its features are its base classes, one module each:
the list's loading (:mod:`.main_list`), new articles from another process, an import
or the feeds (:mod:`.main_updates`), reading an article into the pane
(:mod:`.main_reading`), the search (:mod:`.main_search`), bookmarks and notes
(:mod:`.main_notes`), people (:mod:`.main_people`), read state (:mod:`.main_unread`),
links (:mod:`.main_links`), sources (:mod:`.main_sources`) and the list's order and
compact rows (:mod:`.main_order`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer

from reader.app.screens.base import NARROW_BELOW, SOURCES_COLUMN_FROM
from reader.app.screens.main_links import MainLinks
from reader.app.screens.main_list import MainList, empty_message
from reader.app.screens.main_notes import MainNotes
from reader.app.screens.main_order import MainOrder
from reader.app.screens.main_people import MainPeople
from reader.app.screens.main_reading import MainReading
from reader.app.screens.main_search import MainSearch
from reader.app.screens.main_sources import MainSources
from reader.app.screens.main_unread import MainUnread
from reader.app.screens.main_updates import MainUpdates
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.filter_bar import FilterBar
from reader.app.widgets.footer import Footer
from reader.app.widgets.import_status import ImportStatus
from reader.app.widgets.reading_pane import ReadingPane
from reader.app.widgets.search_box import SearchBox
from reader.app.widgets.source_list import SourcesPanel
from reader.app.widgets.top_bar import TopBar
from reader.types import ArticleSummary, ListPrefs

if TYPE_CHECKING:
    from collections.abc import Callable

    from reader.app.keys import KeyQueue
    from reader.core import Store

PREVIEW_DELAY = 0.08
#: While typing a search, the reading pane waits for a pause before it follows.
PREVIEW_DELAY_TYPING = 0.3
#: Seconds between two looks at whether another process (an import) changed the database.
WATCH_EVERY = 2.0
#: The whole list's length and its first page, read before the app starts.
Listing = tuple[int, list[ArticleSummary]]


class MainScreen(
    MainList,
    MainUpdates,
    MainReading,
    MainSearch,
    MainNotes,
    MainPeople,
    MainUnread,
    MainLinks,
    MainSources,
    MainOrder,
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
        #: The load the preview timer will make (None: none is due).
        self._preview_load: Callable[[], None] | None = None
        #: "all" articles, or only "bookmarks" (newest bookmark first).
        self.view = "all"
        #: The reading pane is the pane in use (on a narrow screen, the one shown).
        self.reading = False
        #: The screen has been shown once (see _on_screen_resume).
        self._resumed = False

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
            self.show_first_listing(total, first)
        self.call_after_refresh(self._read_search_history)
        self.call_after_refresh(self._prepare_search)
        self.set_interval(WATCH_EVERY, self._watch_database, name="database watch")

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Run before Textual's own handler (its class comes later in the MRO), which
        # styles every widget again on each resume. On the first, each was styled as it
        # was mounted, moments before, by the same rules (no widget here has rules for
        # the widgets around it): again was a quarter of the first frame's styling.
        # Coming back from another screen, the styles are brought up to date as ever.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    @work(thread=True, group="prepare", exit_on_error=False)
    def _prepare_search(self) -> None:
        self.store.prepare_search()

    # -- reading ------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        self.stop_preview()
        if self.open_when_loaded(event):
            return
        if self.searching:
            self._fetch_more_results(event.article_list.cursor)
        summary, terms = event.summary, event.hit.terms if event.hit else ()
        typing = self.query_one(SearchBox).has_focus
        self._preview_after(
            PREVIEW_DELAY_TYPING if typing else PREVIEW_DELAY,
            lambda: self.load_article(summary.id, terms),
        )

    def _preview_after(self, delay: float, load: Callable[[], None]) -> None:
        def due() -> None:
            self._preview_load = None
            load()

        self._preview_load = load
        self._preview_timer = self.set_timer(delay, due)

    def stop_preview(self) -> None:
        """The article under the cursor is not to be previewed (any more)."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_load = None

    def wait_to_preview(self) -> None:
        """A search is about to be typed: a preview due waits for a pause in the typing,
        as the results' previews do. (Due 80 ms after a move, it laid the pane out under
        the first letters typed after `/`: a frame of 20-30 ms at 160x48.)"""
        load = self._preview_load
        if load is not None:
            self.stop_preview()
            self._preview_after(PREVIEW_DELAY_TYPING, load)

    @on(ArticleList.Opened)
    def _open(self, event: ArticleList.Opened) -> None:
        self.load_article(event.summary.id, event.hit.terms if event.hit else (), focus=True)

    @on(ReadingPane.EndReached)
    def _end_reached(self) -> None:
        self.article_end_reached()

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
