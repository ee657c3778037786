"""The facade's sources and the list's views: a part of :class:`reader.core.Store` (the SQL
is in :mod:`reader.storage.sources` and :mod:`reader.storage.listing`).

A *view* is what the app's list holds: every article, the bookmarked ones, those that
mention some people, kept to a source or not, in the order the user chose. The methods
here take a view and read it the fastest way there is: a person's articles newest
first off the people's own index, the bookmarks newest bookmark first, the rest off the
list's indexes (:mod:`reader.storage.listing`). The user's liking for the list (its
order, one line per article, the sources column) is read through :meth:`Sources.list_prefs`
alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.base import StoreBase, writes
from reader.storage import bookmarks as bookmarked
from reader.storage import listing, people_search, settings, sources
from reader.storage.rows import SUMMARY_COLUMNS
from reader.types import NEWEST, ORDERS, ArticleSummary, ListPrefs, Source, SourceFilter

#: The settings that hold :class:`ListPrefs`. The first two are the ``stored_as`` of the
#: config file's ``sort`` and ``compact_list`` (:mod:`reader.config`, not imported here:
#: the CLI's commands need not load it), which come first when the file sets them.
ORDER_SETTING = "list.order"
COMPACT_SETTING = "list.compact"
SOURCES_SETTING = "list.sources"
_TRUE = frozenset({"1", "true", "yes", "on"})


class Sources(StoreBase):
    """Every source with its counts, and the list's views in the order chosen."""

    def sources(self) -> list[Source]:
        """Every folder articles were imported from and every feed, with how many articles
        each has and how many are unread: folders by name, then feeds by folder and title."""
        with self._read() as conn:
            return sources.every(conn)

    def view_count(
        self,
        *,
        bookmarks: bool = False,
        person_ids: Sequence[int] = (),
        source: SourceFilter | None = None,
    ) -> int:
        """How many articles the view holds."""
        with self._read() as conn:
            if bookmarks:
                return bookmarked.count(conn, person_ids, source)
            if person_ids and source is None:
                return people_search.person_count(conn, person_ids)
            return listing.count(conn, listing.View(False, tuple(person_ids), source))

    def view_page(
        self,
        offset: int,
        limit: int,
        *,
        order: str = NEWEST,
        bookmarks: bool = False,
        person_ids: Sequence[int] = (),
        source: SourceFilter | None = None,
    ) -> list[ArticleSummary]:
        """Articles ``offset`` .. ``offset + limit`` of the view in ``order`` (the
        bookmarks: newest bookmark first, whatever the order)."""
        with self._read() as conn:
            if bookmarks:
                return bookmarked.page(conn, offset, limit, person_ids, source)
            if person_ids and source is None and order == NEWEST:
                rows = people_search.person_page_rows(
                    conn, person_ids, offset, limit, SUMMARY_COLUMNS
                )
                return [ArticleSummary(*row) for row in rows]
            view = listing.View(False, tuple(person_ids), source)
            return listing.page(conn, offset, limit, order, view)

    def view_index_of(
        self,
        article_id: str,
        *,
        order: str = NEWEST,
        bookmarks: bool = False,
        person_ids: Sequence[int] = (),
        source: SourceFilter | None = None,
    ) -> int | None:
        """The place of an article in the view as :meth:`view_page` pages it; None when it
        is not there, or in the bookmarks and a person's articles newest first (their own
        orders: look for it in their first page)."""
        if bookmarks or (person_ids and source is None and order == NEWEST):
            return None
        with self._read() as conn:
            view = listing.View(False, tuple(person_ids), source)
            return listing.index_of(conn, article_id, order, view)

    # -- the list's preferences ----------------------------------------------------------

    def list_prefs(self) -> ListPrefs:
        """How the user likes the list (its order, compact rows, the sources column):
        the one place these are read (a value not understood is the default)."""
        with self._read() as conn:
            stored = settings.every(conn)
        order = stored.get(ORDER_SETTING, NEWEST)
        return ListPrefs(
            order=order if order in ORDERS else NEWEST,
            compact=stored.get(COMPACT_SETTING, "").strip().lower() in _TRUE,
            sources_shown=stored.get(SOURCES_SETTING, "").strip().lower() in _TRUE,
        )

    @writes
    def save_list_prefs(self, prefs: ListPrefs) -> None:
        """Remember how the user likes the list."""
        if prefs.order not in ORDERS:
            raise ValueError(f"no such order: {prefs.order!r} (one of {', '.join(ORDERS)})")
        values = {
            ORDER_SETTING: prefs.order,
            COMPACT_SETTING: "1" if prefs.compact else "0",
            SOURCES_SETTING: "1" if prefs.sources_shown else "0",
        }
        with self._lock:
            settings.set_values(self._conn, values)
