"""The main screen: search box, article list, and reading pane.

The list sits beside the reading pane, or, below :data:`NARROW_BELOW` columns,
takes turns with it. Typing in the search box replaces the list with ranked
results as you type (each search in a worker; a newer key press supersedes an
older search); Escape brings back the whole list where you left it.

A person filter (chosen in the people panel, ``p``) keeps the list, the
bookmarks and the search results to articles mentioning every chosen person;
the filter bar under the top bar names them while it is on, and ``x`` clears it.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input

from reader.app.screens.base import NARROW_BELOW, ReaderScreen
from reader.app.widgets.article_list import HIT_ROW_HEIGHT, PAGE_SIZE, ArticleList, Fetch
from reader.app.widgets.filter_bar import FilterBar
from reader.app.widgets.footer import Footer
from reader.app.widgets.import_status import ImportStatus
from reader.app.widgets.note_card import NoteCard
from reader.app.widgets.reading_pane import ReadingPane
from reader.app.widgets.search_box import SearchBox
from reader.app.widgets.top_bar import TopBar
from reader.dates import now
from reader.errors import ReaderError
from reader.types import Article, ArticleSummary, Draft, Note, Person, SearchHit

if TYPE_CHECKING:
    from reader.app.keys import KeyQueue
    from reader.core import SearchResults, Store

PREVIEW_DELAY = 0.08
#: While typing a search, the reading pane waits for a pause before it follows.
PREVIEW_DELAY_TYPING = 0.3
#: Results fetched per search: a screenful and a few more, in tens, at least this many;
#: more are fetched when the cursor reaches the last one. Each result costs its snippet,
#: which is two fifths of a key's search: results nobody sees yet are not worth it.
SEARCH_LIMIT_MIN = 20
SEARCH_LIMIT_MAX = 1_000
#: The cursor a search puts on the last of its results.
LAST = -1
#: Seconds between two looks at whether another process (an import) changed the database.
WATCH_EVERY = 2.0
#: The whole list's length and its first page, read before the app starts.
Listing = tuple[int, list[ArticleSummary]]
EMPTY_MESSAGE = "No articles yet.\nImport some with:  reader ingest PATH"


def empty_message(db: str) -> str:
    """How to fill the database ``db``: the command names it unless it is the one that
    ``reader ingest`` would fill anyway."""
    from reader.clean import clean_path
    from reader.paths import resolve_db_path

    if db == ":memory:" or Path(db).expanduser() == resolve_db_path():
        return EMPTY_MESSAGE
    # The path on a line of its own, as a shell continues a command: a long one is cut
    # at the list's edge, not the words around it.
    return (
        f"No articles yet.\nImport some with:\n  reader --db \\\n    {clean_path(db)} \\\n"
        "    ingest PATH"
    )


#: The hints for no results fit a list 36 columns wide (its narrowest), and name only
#: keys that work from the search box, where a letter or "?" is typed into the query.
NO_RESULTS = "No articles match.\nEsc clears the search.\nF1 shows the search syntax."
NO_BOOKMARKS = "No bookmarks yet.\nPress b on an article to keep it here; B shows all articles."
NO_PEOPLE_MATCH = "No article mentions all the chosen people.\nx clears the person filter."
NO_PEOPLE_BOOKMARKS = (
    "No bookmarked article mentions all the chosen people.\n"
    "x clears the person filter; B shows all articles."
)
NO_PEOPLE_RESULTS = (
    "No articles match among those\nmentioning the chosen people.\n"
    "Esc clears the search.\nF1 shows the search syntax."
)


def person_terms(people: list[Person]) -> str:
    """``person:"Name"`` for each person: how the search is kept to their articles."""
    return " ".join(f'person:"{" ".join(p.name.replace(chr(34), " ").split())}"' for p in people)


class MainScreen(ReaderScreen[None]):
    """Browse the archive and read."""

    BINDINGS = [
        Binding("tab", "switch_pane", "Switch pane", id="main.switch_pane", priority=True),
        Binding("shift+tab", "switch_pane", "Switch pane", id="main.switch_pane_back", show=False),
        Binding("slash", "search", "Search", id="main.search", key_display="/"),
        Binding("escape,h", "back", "Back to list / clear search", id="main.back", show=False),
        Binding(
            "n",
            "next_match",
            "Next match (in a search), else new note",
            id="main.next_match",
            show=False,
        ),
        Binding("N", "previous_match", "Previous match", id="main.previous_match", show=False),
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
            "Undo the last change (bookmark, note deletion, people edit)",
            id="main.undo",
            show=False,
        ),
        Binding("p", "people", "People: filter by who is mentioned", id="main.people", show=False),
        Binding("x", "clear_people", "Clear the person filter", id="main.clear_people", show=False),
        Binding(
            "P", "person", "A person in this article: their articles", id="main.person", show=False
        ),
    ]

    def __init__(self, store: Store, keys: KeyQueue, listing: Listing | None = None) -> None:
        super().__init__(id="main-screen")
        self.store = store
        #: The app's keys, held while an article opened is read (the keys typed meanwhile
        #: are for it).
        self.keys = keys
        #: The first screen's rows, read before the app started: shown at once, in the
        #: first frame, instead of after a worker's round trip.
        self._listing = listing
        self._preview_timer: Timer | None = None
        self._search_generation = 0
        #: The thread searches run in, one at a time (they share the store's connection).
        self._searcher: ThreadPoolExecutor | None = None
        #: The article selected in the whole list when a search began, to return to.
        self._browse_id: str | None = None
        self.searching = False
        #: "all" articles, or only "bookmarks" (newest bookmark first).
        self.view = "all"
        self._deleted: list[int] = []
        #: ``(query, limit)`` of the shown results when more articles match.
        self._more: tuple[str, int] | None = None
        #: ``(query, limit)`` of the shown results: what a change to the database runs again.
        self._shown_search: tuple[str, int] | None = None
        #: The database's data version when it was last looked at (None: not yet).
        self._data_version: int | None = None
        #: The people every listed article must mention (empty: no filter).
        self.people_filter: list[Person] = []
        self._list_generation = 0
        self._article_generation = 0
        #: Ends the hold on the keys typed since an article was opened (it is being read).
        self._hold_keys: Callable[[], None] | None = None
        #: The reading pane is the pane in use (on a narrow screen, the one shown).
        self.reading = False

    def compose(self) -> ComposeResult:
        # Set before the widgets are styled: set once they are (on_resize), a class of the
        # screen styles every one of them again.
        self.set_class(self.app.size.width < NARROW_BELOW, "-narrow")
        yield TopBar(self.query_changed, read_only=self.store.read_only, id="topbar")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="panes"):
            yield ArticleList(id="list", empty_message=empty_message(self.store.path))
            yield ReadingPane(id="reader")
        yield ImportStatus(id="import-status")
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reading_pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

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
            self._show_list(self._list_generation, total, first, 0, self.store.page)
        self.call_after_refresh(self._prepare_search)
        self.set_interval(WATCH_EVERY, self._watch_database, name="database watch")

    @work(thread=True, group="prepare", exit_on_error=False)
    def _prepare_search(self) -> None:
        self.store.prepare_search()

    # -- loading ----------------------------------------------------------------------

    def reload(self, keep_id: str | None = None) -> None:
        """Show the list (all, or bookmarks; filtered by people) again, loaded in a worker."""
        self._list_generation += 1
        people = [p.id for p in self.people_filter]
        self._reload(self._list_generation, self.view, people, keep_id)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def _reload(self, generation: int, view: str, people: list[int], keep_id: str | None) -> None:
        """Count the articles and fetch the first page, off the event loop."""
        store = self.store
        cursor = 0
        if view == "bookmarks":
            total = store.bookmark_count(person_ids=people)
            fetch: Fetch = partial(store.bookmark_page, person_ids=people)
        elif people:
            total, fetch = store.person_count(people), partial(store.person_page, people)
        else:
            total, fetch = store.count(), store.page
            cursor = (store.index_of(keep_id) or 0) if keep_id else 0
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
        if self.view == "bookmarks":
            empty = NO_PEOPLE_BOOKMARKS if self.people_filter else NO_BOOKMARKS
        else:
            empty = NO_PEOPLE_MATCH if self.people_filter else empty_message(self.store.path)
        self.article_list.empty_message = empty
        self.article_list.show(total, fetch, first_page=first_page, cursor=cursor)
        self._update_topbar()

    def _update_topbar(self) -> None:
        listing = self.article_list
        self.query_one(TopBar).show_count(
            listing.total if listing.loaded else None,
            searching=self.searching,
            more=self._more is not None,
            bookmarks=self.view == "bookmarks",
            position=self.reading_pane.match_position,
        )

    # -- searching ----------------------------------------------------------------------

    def action_search(self) -> None:
        self._set_reading(False)
        box = self.query_one(SearchBox)
        box.focus()
        box.select_all()  # as in less and vim: typing starts a new query, an arrow edits it

    def query_changed(self, text: str) -> None:
        """The search box now holds ``text``: search for it (or end the search)."""
        self._search_generation += 1
        if not text.strip():
            if self.searching:
                self._end_search()
            return
        if not self.searching:
            current = self.article_list.current
            self._browse_id = current.id if current else None
            self.searching = True
        self.run_search(self._search_query(text), self._search_generation, self.search_limit)

    @property
    def search_limit(self) -> int:
        """How many results a search fetches first: a screenful and five, in tens."""
        shown = max(self.article_list.size.height, 1) // HIT_ROW_HEIGHT + 1
        return max(SEARCH_LIMIT_MIN, math.ceil((shown + 5) / 10) * 10)

    def _search_query(self, text: str) -> str:
        """The search box's text, kept to the filter's people (not shown in the box).

        The people go first, so that the word being typed is still the query's last
        one, which is matched as the start of a word ("kan" finds "kanye")."""
        terms = person_terms(self.people_filter)
        return f"{terms} {text}" if terms else text

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.article_list.focus()

    def run_search(
        self, text: str, generation: int, limit: int, cursor: int = 0, keep_id: str | None = None
    ) -> None:
        """Search in the search thread; the cursor goes to ``keep_id``'s result if it is
        among them.

        The search starts at once: a thread worker's thread starts only once the event
        loop comes round to it, after the frame being drawn (the key's echo in the box),
        which cost each key a frame. A worker waits for the answer, so that a newer
        search cancels it (and the search itself, if not begun) and a failure is
        reported as any job's is.
        """
        if self._searcher is None:
            self._searcher = ThreadPoolExecutor(1, thread_name_prefix="search")
        future = self._searcher.submit(self.store.search_results, text, limit)
        self._await_search(future, generation, text, limit, cursor, keep_id)

    @work(exclusive=True, group="search", exit_on_error=False, name="run_search")
    async def _await_search(
        self,
        future: Future[SearchResults],
        generation: int,
        text: str,
        limit: int,
        cursor: int,
        keep_id: str | None,
    ) -> None:
        results = await asyncio.wrap_future(future)
        ids = [hit.summary.id for hit in results.hits]
        if keep_id in ids:
            cursor = ids.index(keep_id)
        self._show_hits(generation, list(results.hits), results.more, text, limit, cursor)

    def _show_hits(
        self,
        generation: int,
        hits: list[SearchHit],
        more: bool,
        text: str,
        limit: int,
        cursor: int,
    ) -> None:
        if generation != self._search_generation or not self.searching:
            return  # a newer key press already asked for another search
        self._more = (text, limit) if more else None
        self._shown_search = (text, limit)
        if not hits:
            self.reading_pane.clear_matches()  # they belong to a query that is gone
            if self._preview_timer is not None:
                # The preview of the last query's first result is not due any more: no
                # row of the list is highlighted now (and it would lay the pane out while
                # the user types on).
                self._preview_timer.stop()
        self.article_list.empty_message = NO_PEOPLE_RESULTS if self.people_filter else NO_RESULTS
        self.article_list.show_hits(hits, cursor=len(hits) - 1 if cursor == LAST else cursor)
        # The count goes in the frame after the results. Textual redraws the box that
        # holds every changed region: the list and the count at the far right of the
        # top bar together span the screen, and the reading pane was redrawn with
        # them, doubling the time from a key to its results (bench/search_keys.py).
        self.call_after_refresh(self._update_topbar)

    @on(ArticleList.LastWanted)
    def _fetch_all_results(self) -> None:
        """G in results of which only the first are shown: fetch them all (as many as a
        search returns), in the worker, and put the cursor on the last one."""
        if not self.searching or self._more is None:
            return
        text, _ = self._more
        self._more = None  # the cursor's move to the last loaded one asks for no more
        self.run_search(text, self._search_generation, SEARCH_LIMIT_MAX, LAST)

    def _fetch_more_results(self, index: int) -> None:
        """The cursor reached the last result and more match: fetch a bigger page."""
        if self._more is None or index < self.article_list.total - 1:
            return
        text, limit = self._more
        self._more = None
        bigger = min(limit * 4, SEARCH_LIMIT_MAX)
        self.run_search(text, self._search_generation, bigger, index)

    @on(SearchBox.Cleared)
    def _search_cleared(self) -> None:
        self.action_clear_search()

    def action_clear_search(self) -> None:
        search = self.query_one(SearchBox)
        if search.value:
            search.value = ""  # Input.Changed ends the search
        self.article_list.focus()

    def _end_search(self) -> None:
        self.searching = False
        self.reading_pane.clear_matches()
        self._update_topbar()
        self.reload(self._browse_id)

    # -- articles written by another process ------------------------------------------

    @work(thread=True, exclusive=True, group="database-watch", exit_on_error=False)
    def _watch_database(self) -> None:
        """Look (off the event loop) whether another process changed the database."""
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
        else:  # the query in the box: the results shown may be of a key before it
            text = self._search_query(self.query_one(SearchBox).value)
            shown = self._shown_search
            limit = shown[1] if shown is not None and shown[0] == text else self.search_limit
            self.run_search(text, self._search_generation, limit, keep_id=keep_id)

    # -- reading ------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
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

    def load_article(
        self,
        article_id: str,
        terms: tuple[str, ...] = (),
        focus: bool = False,
        note_id: int | None = None,
    ) -> None:
        """Show the article in the reading pane (read in a worker); the latest call wins.

        With ``focus``, the user opened it: the reading pane is the pane in use, and takes
        the focus once the article is in it; with ``note_id``, that note of it does.
        """
        self._article_generation += 1
        self._let_keys_go()
        if focus or note_id is not None:
            if self._preview_timer is not None:
                self._preview_timer.stop()  # else its load, coming after, would win
            self._set_reading(True)
        pane = self.reading_pane
        if (
            note_id is None
            and pane.article is not None
            and pane.article.id == article_id
            and pane.terms == terms
        ):
            # Shown already (the preview): focused at once, not later from a worker, which
            # could take the focus back from the list after an Esc typed meanwhile.
            if focus:
                self.set_focus(pane)
            return
        if focus or note_id is not None:
            # The keys typed after it are for the article opened: they wait for it.
            self._hold_keys = self.keys.hold()
        self._load_article(self._article_generation, article_id, terms, focus, note_id)

    def _let_keys_go(self) -> None:
        if self._hold_keys is not None:
            self._hold_keys()
            self._hold_keys = None

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load_article(
        self,
        generation: int,
        article_id: str,
        terms: tuple[str, ...],
        focus: bool,
        note_id: int | None,
    ) -> None:
        try:
            article = self.store.article(article_id)
            notes = self.store.notes(article.id)
            people = self.store.article_people(article.id)
        except Exception:  # reported as any failed job is; the keys typed meanwhile go on
            self.app.call_from_thread(self._let_keys_go)
            raise
        self.app.call_from_thread(
            self._show_article, generation, article, terms, notes, people, focus, note_id
        )

    async def _show_article(
        self,
        generation: int,
        article: Article,
        terms: tuple[str, ...],
        notes: list[Note],
        people: list[tuple[Person, int]],
        focus: bool,
        note_id: int | None,
    ) -> None:
        if generation != self._article_generation:
            # An older load that was still reading when a newer one began (a thread
            # cannot be stopped): showing it now would undo the newer one.
            return
        pane = self.reading_pane
        await pane.show_article(article, terms, notes, people)
        self._update_topbar()
        if note_id is not None:
            for card in pane.query(NoteCard):
                if card.note.id == note_id:
                    card.focus()
                    pane.scroll_to_widget(card, animate=False, immediate=True)
                    break
        elif focus and self.reading:  # unless the user went back to the list meanwhile (Esc)
            self.set_focus(pane)
        self._let_keys_go()

    def action_next_match(self) -> None:
        if not self.reading_pane.matches:
            self.action_new_note()
            return
        self.reading_pane.action_next_match()
        self._update_topbar()

    def action_previous_match(self) -> None:
        self.reading_pane.action_previous_match()
        self._update_topbar()

    # -- importing --------------------------------------------------------------------

    @on(ImportStatus.Finished)
    def _import_finished(self) -> None:
        current = self.article_list.current
        self.reload(current.id if current else None)

    # -- layout and panes ---------------------------------------------------------------

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")
        self._set_reading(self.reading)

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
        screen, else quit."""
        if action in ("leave_article", "quit"):
            reading_alone = self.reading and self.has_class("-narrow")
            return reading_alone if action == "leave_article" else not reading_alone
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

    # -- bookmarks ------------------------------------------------------------------------

    def _target(self) -> ArticleSummary | Article | None:
        """The article a command is about: the one being read, else the list's current one."""
        pane = self.reading_pane
        if pane.article is not None and (pane.has_focus_within or self.reading):
            return pane.article
        return self.article_list.current or pane.article

    def action_bookmark(self) -> None:
        """Set the state opposite to the one shown, not to the one stored: another copy of
        the reader may have changed it since, and ``b`` on a row shown without ★ means
        "bookmark it" whatever that copy did."""
        target = self._target()
        if target is None:
            self.app.bell()
            return
        on = not self._shows_bookmarked(target)
        self._show_bookmark(target.id, on)  # at once: a second b asks for the opposite again
        self.set_bookmark(target.id, target.title, on)

    def _shows_bookmarked(self, target: ArticleSummary) -> bool:
        """Whether the screen shows ``target`` bookmarked: its row's ★ when the list holds
        it, else what the reading pane knows of its article."""
        row = self.article_list.loaded_summary(target.id)
        if row is not None:
            return row.bookmarked
        pane = self.reading_pane
        if pane.article is not None and pane.article.id == target.id:
            return pane.bookmarked
        return target.bookmarked

    def _show_bookmark(self, article_id: str, on: bool) -> None:
        self.article_list.update_summary(article_id, bookmarked=on)
        pane = self.reading_pane
        if pane.article is not None and pane.article.id == article_id:
            pane.bookmarked = on

    @work(thread=True, group="user-data", exit_on_error=False)
    def set_bookmark(self, article_id: str, title: str, on: bool) -> None:
        said = f"{'Bookmarked' if on else 'Bookmark removed'}: {title}"
        try:
            with self.store.undoable(said, "bookmark", article_id):
                changed = self.store.set_bookmark(article_id, on)
        except Exception:  # reported as any failed job is; the screen goes back as it was
            self.app.call_from_thread(self._show_bookmark, article_id, not on)
            raise
        self.app.call_from_thread(self._bookmarked, title, on, changed)

    def _bookmarked(self, title: str, on: bool, changed: bool) -> None:
        if on:
            said = "Bookmarked" if changed else "Already bookmarked"
        else:
            said = "Bookmark removed" if changed else "No bookmark to remove"
        self.notify(f"{said}: {title}{'  (u undoes it)' if changed else ''}", markup=False)
        # In the bookmarks view a removed row stays, without its ★, until the view is
        # left: the cursor stays on it, and a second b puts the bookmark back.

    def action_bookmarks(self) -> None:
        self.view = "all" if self.view == "bookmarks" else "bookmarks"
        if self.searching:
            self.action_clear_search()
        else:
            self.reload()

    # -- notes ----------------------------------------------------------------------------

    def action_new_note(self) -> None:
        """A note on the article the command is about: in the list, the one under the
        cursor, even while the reading pane is still reading it."""
        target = self._target()
        if target is None:
            self.notify("Open an article first, then press a to add a note.", markup=False)
            return
        self.open_editor(target.id, target.title, quote=self._selected_passage(target.id))

    def _selected_passage(self, article_id: str) -> str | None:
        """The passage picked with the mouse or the keyboard (v) in the reading pane, if
        the pane shows ``article_id``: a passage of another article is no quote for it."""
        pane = self.reading_pane
        if pane.article is None or pane.article.id != article_id:
            return None
        mouse = self.get_selected_text()
        if mouse and mouse.strip():
            return " ".join(mouse.split())
        return pane.selected_text()

    def open_editor(
        self,
        article_id: str,
        title: str,
        *,
        quote: str | None = None,
        note: Note | None = None,
        text: str | None = None,
    ) -> None:
        if self.store.read_only_notice:  # refused now, not after the note is written
            self.notify(self.store.read_only_notice, severity="warning", markup=False)
            return
        key = f"edit:{note.id}" if note else f"new:{article_id}"
        kept = self.store.draft(key) if text is None else None
        if kept is not None:  # closed with Esc before: the text typed comes back
            text, quote = kept.text, kept.quote
            self.notify("Your draft is back (Esc on an empty note drops it).", markup=False)

        def save_draft(draft_text: str) -> None:
            self.save_draft(
                Draft(
                    key, article_id, note.id if note else None, draft_text, quote, None, None, now()
                )
            )

        def done(result: str | None) -> None:
            self.reading_pane.clear_selection()
            if editor.kept:
                self.notify("Kept as a draft: a opens it again.", markup=False)
                return
            self.finish_note(key, article_id, result, quote, note.id if note else None, title)

        from reader.app.screens.note_editor import NoteEditor

        heading = f"{'Edit note' if note else 'New note'} on: {title}"
        initial = text if text is not None else (note.text if note else "")
        editor = NoteEditor(
            heading,
            text=initial,
            quote=quote if not note else note.quote,
            on_draft=save_draft,
            draft=kept is not None or text is not None,
        )
        self.app.push_screen(editor, done)

    @work(thread=True, group="drafts", exit_on_error=False)
    def save_draft(self, draft: Draft) -> None:
        self.store.save_draft(draft)

    @work(thread=True, group="user-data", exit_on_error=False)
    def finish_note(
        self,
        key: str,
        article_id: str,
        text: str | None,
        quote: str | None,
        note_id: int | None,
        title: str = "",
    ) -> None:
        store = self.store
        if text is not None:
            # A draft until it is saved, kept in this thread before the write (and so
            # deleted after it): a note refused stays a draft, nothing typed is lost.
            with suppress(ReaderError):
                store.save_draft(Draft(key, article_id, note_id, text, quote, None, None, now()))
            try:
                if note_id is None:
                    store.add_note(article_id, text, quote=quote)
                else:
                    store.edit_note(note_id, text)
            except ReaderError as exc:  # refused (a limit, the disk): the text goes back
                self.app.call_from_thread(self._note_refused, exc, article_id, title, text, quote)
                return
        store.delete_draft(key)
        if text is not None:
            self.app.call_from_thread(self._notes_changed, article_id, store.notes(article_id))

    def _note_refused(
        self, error: ReaderError, article_id: str, title: str, text: str, quote: str | None
    ) -> None:
        """A note the store refused opens again in the editor, with the reason."""
        self.notify(f"The note was not saved: {error}", severity="error", markup=False)
        self.open_editor(article_id, title or article_id, quote=quote, text=text)

    async def _notes_changed(self, article_id: str, notes: list[Note]) -> None:
        self.article_list.update_summary(article_id, notes=len(notes))
        if self.reading_pane.article is not None and self.reading_pane.article.id == article_id:
            await self.reading_pane.show_notes(notes)

    @on(NoteCard.Edit)
    def _edit_note(self, event: NoteCard.Edit) -> None:
        note = event.note
        self.open_editor(note.article_id, note.article_title or note.article_id, note=note)

    @on(NoteCard.Delete)
    def _delete_note(self, event: NoteCard.Delete) -> None:
        note = event.note

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_note(note)

        from reader.app.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Delete this note? (u undoes it)"), answered)

    @work(thread=True, group="user-data", exit_on_error=False)
    def delete_note(self, note: Note) -> None:
        store = self.store
        title = note.article_title or note.article_id
        with store.undoable(f"Note deleted on: {title}", "note", note.article_id):
            store.delete_note(note.id, undoable=True)
        self._deleted.append(note.id)
        self.app.call_from_thread(
            self._notes_changed, note.article_id, store.notes(note.article_id)
        )
        self.app.call_from_thread(self.notify, "Note deleted. Press u to undo.")

    def on_unmount(self) -> None:
        """Leaving: this session's deletions can no longer be undone, so they are forgotten
        (quick, and nothing else is waiting on the screen any more)."""
        # On failure they stay marked deleted; a later start forgets them once they are old.
        with suppress(ReaderError):
            self.store.purge_deleted_notes(self._deleted)
        if self._searcher is not None:
            self._searcher.shutdown(wait=False, cancel_futures=True)

    def action_undo(self) -> None:
        self.undo_change()

    @work(thread=True, group="user-data", exit_on_error=False)
    def undo_change(self) -> None:
        """Take back the latest change to the user's data, and show what it was."""
        from reader.app.screens.people import undo_latest

        store = self.store
        step = undo_latest(self.app, store)
        if step is None:
            return
        self.app.call_from_thread(self.notify, f"Undone: {step.description}", markup=False)
        article_id = step.article_id
        if step.kind == "people":
            self.app.call_from_thread(self.refresh_people)
        elif step.kind == "note" and article_id is not None:
            self.app.call_from_thread(self._notes_changed, article_id, store.notes(article_id))
        elif step.kind == "bookmark" and article_id is not None:
            on = store.is_bookmarked(article_id)
            self.app.call_from_thread(self._bookmark_undone, article_id, on)

    def _bookmark_undone(self, article_id: str, on: bool) -> None:
        self._show_bookmark(article_id, on)
        if self.view == "bookmarks" and self.article_list.loaded_summary(article_id) is None:
            current = self.article_list.current
            self.reload(current.id if current else None)  # the bookmark is back in the view

    def action_notes(self) -> None:
        from reader.app.screens.notes import NotesScreen

        self.app.push_screen(NotesScreen(self.store))

    def open_note(self, note: Note) -> None:
        """Show ``note``'s article in the reading pane, scrolled to the note."""
        self.load_article(note.article_id, note_id=note.id)

    def offer_drafts(self, drafts: list[Draft], titles: dict[str, str]) -> None:
        """After a crash: offer each unsaved note back, one at a time."""
        if not drafts:
            return
        draft, rest = drafts[0], drafts[1:]
        title = titles.get(draft.article_id, draft.article_id)

        def answered(yes: bool | None) -> None:
            if yes:  # the others wait for the next start
                self.open_editor(
                    draft.article_id,
                    title,
                    quote=draft.quote,
                    text=draft.text,
                    note=self._draft_note(draft),
                )
            else:
                self.discard_draft(draft.key)
                self.offer_drafts(rest, titles)

        from reader.app.screens.confirm import ConfirmScreen

        question = f"You were writing a note on “{title}” when the reader stopped. Open it?"
        self.app.push_screen(ConfirmScreen(question), answered)

    @staticmethod
    def _draft_note(draft: Draft) -> Note | None:
        if draft.note_id is None:
            return None
        return Note(
            draft.note_id,
            "",
            draft.article_id,
            None,
            draft.text,
            draft.quote,
            draft.quote_start,
            draft.quote_end,
            False,
            draft.updated,
            draft.updated,
        )

    @work(thread=True, group="drafts", exit_on_error=False)
    def discard_draft(self, key: str) -> None:
        self.store.delete_draft(key)

    # -- people ---------------------------------------------------------------------------

    def action_people(self) -> None:
        from reader.app.screens.people import PeopleScreen

        self.app.push_screen(PeopleScreen(self.store, self.people_filter))

    def set_people_filter(self, people: list[Person]) -> None:
        """Keep the list (and a search) to articles mentioning every one of ``people``."""
        if [p.id for p in people] == [p.id for p in self.people_filter]:
            if [p.name for p in people] != [p.name for p in self.people_filter]:
                self.people_filter = list(people)
                self.query_one(FilterBar).show(self.people_filter)  # renamed
            return
        self.people_filter = list(people)
        self.query_one(FilterBar).show(self.people_filter)
        if self.searching:
            text = self.query_one(SearchBox).value
            self._search_generation += 1
            self.run_search(self._search_query(text), self._search_generation, self.search_limit)
        else:
            current = self.article_list.current
            self.reload(current.id if current else None)

    def action_clear_people(self) -> None:
        if not self.people_filter:
            self.app.bell()
            return
        self.set_people_filter([])

    @on(FilterBar.Clear)
    def _clear_clicked(self) -> None:
        self.action_clear_people()

    def refresh_people(self) -> None:
        """After people were renamed, merged or hidden: the article's people, the list."""
        self._refresh_people(self.reading_pane.article)

    @work(thread=True, exclusive=True, group="people-refresh", exit_on_error=False)
    def _refresh_people(self, article: Article | None) -> None:
        people = self.store.article_people(article.id) if article is not None else None
        self.app.call_from_thread(self._people_refreshed, article, people)

    async def _people_refreshed(
        self, article: Article | None, people: list[tuple[Person, int]] | None
    ) -> None:
        pane = self.reading_pane
        if people is not None and article is not None and pane.article is article:
            await pane.show_people(people)
        if self.people_filter and not self.searching:
            current = self.article_list.current
            self.reload(current.id if current else None)  # a merge may have added articles

    def action_person(self) -> None:
        """The articles of a person the article under the cursor (or being read) mentions
        (asks which, if several)."""
        pane = self.reading_pane
        target = self._target()
        if target is None:
            self.notify("Open an article first, then press P for the people in it.")
            return
        if pane.article is not None and pane.article.id == target.id:
            self._choose_person(pane.people)
            return
        # The reading pane has not caught up with the cursor yet (its preview is due):
        # the people of the article under the cursor are read for P, and the keys typed
        # after P wait for the chooser they are meant for.
        self._people_of(target.id, self.keys.hold())

    @work(thread=True, exclusive=True, group="people-of", exit_on_error=False)
    def _people_of(self, article_id: str, release: Callable[[], None]) -> None:
        try:
            people = self.store.article_people(article_id)
        except Exception:  # reported as any failed job is; the keys typed meanwhile go on
            self.app.call_from_thread(release)
            raise
        self.app.call_from_thread(self._choose_person, people, release)

    def _choose_person(
        self, people: list[tuple[Person, int]], release: Callable[[], None] | None = None
    ) -> None:
        from reader.app.screens.people import PersonChooser
        from reader.app.screens.person import PersonScreen

        if not people:
            self.notify("No people are named in this article.")
        elif len(people) == 1:
            self.app.push_screen(PersonScreen(self.store, people[0][0]))
        else:

            def chosen(person: Person | None) -> None:
                if person is not None:
                    self.app.push_screen(PersonScreen(self.store, person))

            self.app.push_screen(
                PersonChooser(self.store, "Whose articles?", people=people), chosen
            )
        if release is not None:
            self.call_after_refresh(release)  # once the screen pushed is up

    def open_article(self, article_id: str) -> None:
        """Show this article in the reading pane (from the person view)."""
        self.load_article(article_id, focus=True)
