"""The main screen's list: which articles it shows, read in a worker, and what it says
when there are none.

The list shows all articles or only the bookmarks (``B``), kept to the chosen people
and source, in the order chosen (:mod:`.main_order`). Each change of these reads the
count and the page the cursor is on again, off the event loop; the latest read wins
(a generation number says which), and a search under way keeps its results until it
ends. The top bar counts the rows shown. The first screen's rows, read before the app
started, are shown at once, without a worker.

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it): its workers
run on the screen, as Textual's ``@work`` needs.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import work

from reader.app.screens.main_base import MainBase
from reader.app.widgets.article_list import PAGE_SIZE, Fetch
from reader.app.widgets.top_bar import ListCount, TopBar
from reader.types import ArticleSummary

#: What the keys typed after ``=``, ``B``, a filter or Esc out of a search wait for.
LIST = "list"

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


class MainList(MainBase):
    """The main screen's list: loads the view into it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._list_generation = 0

    def show_first_listing(self, total: int, first: list[ArticleSummary]) -> None:
        """Show the whole list's length and first page, read before the app started."""
        self._list_generation += 1
        fetch = partial(self.store.view_page, order=self.prefs.order)
        self._show_list(self._list_generation, total, first, 0, fetch)

    def view_filters(self) -> dict[str, Any]:
        """The view the list shows, as the store's view methods take it."""
        return {
            "bookmarks": self.view == "bookmarks",
            "person_ids": tuple(p.id for p in self.people_filter),
            "source": self.source_filter,
        }

    def reload(self, keep_id: str | None = None, *, held: bool = False) -> None:
        """Show the list (all, or bookmarks; filtered by people and source; in the order
        chosen) again, loaded in a worker.

        ``held``: a key asked for this list (Esc ending a search, ``=``, ``B``, a
        filter), so the keys typed after it wait until it is shown: ``j`` moves in the
        new list, not in the rows it replaces (whose cursor the new list would then put
        back). A newer reload takes the wait over; a failed one ends it."""
        self._list_generation += 1
        if held:
            self.keys.hold_for(LIST)
        view = self.view_filters()
        self._reload(self._list_generation, view, self.prefs.order, keep_id)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def _reload(
        self, generation: int, view: dict[str, Any], order: str, keep_id: str | None
    ) -> None:
        """Count the articles and fetch the first page, off the event loop."""
        try:
            store = self.store
            total = store.view_count(**view)
            fetch: Fetch = partial(store.view_page, order=order, **view)
            cursor = (store.view_index_of(keep_id, order=order, **view) or 0) if keep_id else 0
            first = fetch((cursor // PAGE_SIZE) * PAGE_SIZE, PAGE_SIZE)
            if keep_id and cursor == 0:
                cursor = next((i for i, s in enumerate(first) if s.id == keep_id), 0)
        except BaseException:
            self.app.call_from_thread(self.keys.came, LIST)  # no list is coming
            raise
        self.app.call_from_thread(self._show_list, generation, total, first, cursor, fetch)

    def _show_list(
        self, generation: int, total: int, first: list[ArticleSummary], cursor: int, fetch: Fetch
    ) -> None:
        if generation != self._list_generation:
            return  # a newer reload (another view or filter) is on its way
        self.keys.came(LIST)  # the keys go on after this, with the list shown
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
        if not total:
            self.show_no_article()
        self.unread = None
        self._update_topbar()
        self.count_unread()
        self.refresh_sources()

    def _update_topbar(self) -> None:
        listing = self.article_list
        count = ListCount(
            listing.total if listing.loaded else None,
            searching=self.searching,
            more=self._more is not None,
            bookmarks=self.view == "bookmarks",
            position=self.reading_pane.match_position,
            unread=self.unread,
        )
        self.query_one(TopBar).show_count(count)
        self.show_order()
