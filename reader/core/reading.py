"""The facade's read state and places in articles: a part of :class:`reader.core.Store`
(the SQL is in :mod:`reader.storage.reading`).

A *view* is what the list shows: every article, or the bookmarked ones, kept to the
articles that mention every one of some people and to a source. Its unread count and "mark it all
read" work on the whole view in SQL, whatever its size; a search's view is its results
(the app and the CLI mark those by id).
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.base import StoreBase, writes
from reader.storage import listing, reading
from reader.types import ArticleSummary, SourceFilter


class Reading(StoreBase):
    """Which articles the user has read, and where they were in each."""

    @writes
    def set_read(self, article_ids: Sequence[str], read: bool = True) -> int:
        """Make the articles read (or unread), whatever they were: a state, never a toggle,
        so that two copies of the reader setting it agree. Ids may be unique prefixes.
        Returns how many changed."""
        full = self._full_ids(article_ids)
        with self._lock:
            return reading.mark(self._conn, full, read)

    def _full_ids(self, article_ids: Sequence[str]) -> list[str]:
        """The ids, each a stored article's whole id or a unique prefix of one (raises
        :class:`~reader.errors.ArticleNotFound` or :class:`~reader.errors.AmbiguousId`)."""
        with self._read() as conn:
            stored = reading.stored_ids(conn, article_ids)
        return [a if a in stored else self.article(a).id for a in article_ids]

    def is_read(self, article_id: str) -> bool:
        with self._read() as conn:
            return reading.is_read(conn, article_id)

    def unread_count(
        self,
        *,
        bookmarks: bool = False,
        person_ids: Sequence[int] = (),
        source: SourceFilter | None = None,
    ) -> int:
        """How many articles of the view are unread."""
        view = listing.View(bookmarks, tuple(person_ids), source)
        with self._read() as conn:
            if view.everything:
                return reading.unread_count(conn)
            where, values = listing.view_sql(view)
            sql = f"SELECT count(*) FROM articles WHERE read = 0 AND {where}"
            return int(conn.execute(sql, values).fetchone()[0])

    def unread_page(self, offset: int, limit: int) -> list[ArticleSummary]:
        """Unread articles ``offset`` .. ``offset + limit`` in list order."""
        with self._read() as conn:
            return reading.unread_page(conn, offset, limit)

    def unread_by_source(self) -> dict[str, int]:
        """``source -> unread articles``, for every source that has any."""
        with self._read() as conn:
            return reading.unread_by_source(conn)

    def unread_ids(self, limit: int | None = None) -> list[str]:
        """The unread articles, in list order (newest first)."""
        with self._read() as conn:
            return reading.unread_ids(conn, limit)

    def next_unread(self, article_id: str, forward: bool = True) -> str | None:
        """The next (or previous) unread article after ``article_id`` in the whole list."""
        with self._read() as conn:
            return reading.next_unread(conn, article_id, forward)

    @writes
    def mark_view_read(
        self,
        *,
        bookmarks: bool = False,
        person_ids: Sequence[int] = (),
        source: SourceFilter | None = None,
    ) -> int:
        """Mark every unread article of the view read, in one statement: how many were."""
        where, values = listing.view_sql(listing.View(bookmarks, tuple(person_ids), source))
        with self._lock:
            return reading.mark_where(self._conn, where, values)

    @writes
    def mark_all_read(self) -> int:
        """Mark every article read: how many were unread."""
        return self.mark_view_read()

    def read_state(self) -> list[tuple[str, str]]:
        """``(article_id, read_at)`` of every article read, oldest first."""
        with self._read() as conn:
            return reading.read_rows(conn)

    @writes
    def set_place(self, article_id: str, fraction: float) -> None:
        """Remember how far into the article the user read (a fraction of its length)."""
        with self._lock:
            reading.set_place(self._conn, article_id, fraction)

    def place(self, article_id: str) -> float:
        """How far into the article the user was when they left it (0: the top)."""
        with self._read() as conn:
            return reading.place(conn, article_id)
