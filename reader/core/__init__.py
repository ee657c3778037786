"""The facade: the one way the app and the CLI reach the data.

:class:`Store` composes an open database (:class:`reader.storage.database.Storage`), the
private storage modules (:mod:`reader.storage`, one per domain) and the search engine
(:mod:`reader.search`); an import runs through :meth:`Store.import_session`. It is built
in parts: :mod:`reader.core.base` (opening, articles, undo), :mod:`reader.core.user_data`
(bookmarks, notes, drafts), :mod:`reader.core.reading` (read state),
:mod:`reader.core.sources` (sources, the list's views and order) and
:mod:`reader.core.people`. It takes and gives the types of :mod:`reader.types`, and
raises the one-line errors of :mod:`reader.errors` (:class:`~reader.errors.ReadOnlyDatabase`
for any write to a database that can only be read).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from reader.core.base import writes
from reader.core.feeds import Feeds, checked_url
from reader.core.people import People
from reader.core.reading import Reading
from reader.core.sources import Sources
from reader.core.user_data import UserData
from reader.errors import FeedError
from reader.search import highlight_spans
from reader.session import ImportSession
from reader.storage import people_write, searches, settings
from reader.storage.connection import MEMORY
from reader.storage.version import SCHEMA_VERSION
from reader.types import Article, Feed, ImportReport, RefreshReport, SourceFilter

if TYPE_CHECKING:
    from reader.feeds.refresh import Progress
    from reader.search.engine import SearchResults
    from reader.types import SearchHit

__all__ = ["MEMORY", "SCHEMA_VERSION", "Store", "highlight_spans", "search_syntax"]


class Store(UserData, Reading, Sources, People, Feeds):
    """A news archive in one SQLite database file (or in memory, for tests)."""

    # -- importing (the steps are in reader.ingest and reader.session) -----------------------

    @contextmanager
    def import_session(self, *, apart: bool = False) -> Iterator[ImportSession]:
        """The steps of one import on this store (what :mod:`reader.ingest` runs).

        ``apart``: on a connection of its own (a database file only), so that the store's
        reads (a search typed during a feed refresh) do not wait for its writes."""
        own = self._storage.another() if apart else None
        storage = own or self._storage
        session = ImportSession(
            storage.conn, storage.lock, storage.read, self.require_writable, self.shown_path
        )
        self._session = session
        try:
            yield session
        finally:
            self._session = None
            if own is not None:
                own.close()

    def import_files(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: Callable[[int, int, str], None] | None = None,
        workers: int | None = None,
    ) -> ImportReport:
        """Import every article file under ``paths`` (see :func:`reader.ingest.import_paths`)."""
        from reader.ingest import import_paths

        return import_paths(self, paths, progress=progress, workers=workers)

    def count_files(self, paths: Iterable[str | os.PathLike[str]]) -> int:
        """How many article files an import of ``paths`` would read."""
        from reader.ingest import find_files

        return len(find_files(paths)[0])

    def people_pending(self) -> int:
        """How many stored articles still wait for their people to be found."""
        with self._read() as conn:
            return people_write.todo_count(conn)

    def update_people(self) -> int:
        """Find the people of the articles still waiting for them; how many were read."""
        from reader.ingest import update_people

        return update_people(self)

    # -- feeds (the fetching and reading are in reader.feeds) ---------------------------------

    def subscribe(
        self,
        url: str,
        *,
        title: str | None = None,
        folder: str | None = None,
        progress: Progress | None = None,
    ) -> tuple[Feed, RefreshReport]:
        """Subscribe to the feed at ``url``, or to the one a web page there links to, and
        fetch it at once, so it is never empty. Raises :class:`FeedError` (naming the URL)
        when there is no feed there; then nothing is subscribed."""
        from reader.feeds.refresh import refresh
        from reader.feeds.subscribe import find_feed

        self.require_writable()
        found = find_feed(checked_url(url))
        feed, _ = self.add_feed(found.url, title=title, folder=folder)
        interval = self.feed_interval()
        report = refresh(
            self, [feed.id], progress=progress, interval_minutes=interval, fetcher=found.fetcher()
        )
        return self.feed(str(feed.id)), report

    def refresh_feeds(
        self,
        feeds: Sequence[str | int] | None = None,
        *,
        progress: Progress | None = None,
        stop: threading.Event | None = None,
        apart: bool = False,
    ) -> RefreshReport:
        """Fetch the feeds named (URLs, ids or titles), or every feed that is due.

        Never raises for a feed: each failure is a line of the report. Runs its own event
        loop, so call it from a thread that has none (the app runs it in a worker thread).
        Setting ``stop`` ends it soon, keeping what was fetched.

        ``apart``: in a process of its own (a database file only; see
        :mod:`reader.feeds.apart`), so that this process's threads never wait on it; once
        ``stop`` is set, it returns at once and the refresh ends on its own.
        """
        self.require_writable()
        ids = None
        if feeds is not None:
            named = iter(self.feed_ids([f for f in feeds if not isinstance(f, int)]))
            ids = [f if isinstance(f, int) else next(named) for f in feeds]
        if apart and self.path != MEMORY:
            from reader.feeds.apart import refresh_apart

            return refresh_apart(str(self.path), ids, progress=progress, stop=stop)
        from reader.feeds import tls

        tls.load_soon()  # in a thread, while the refresh's modules load and its feeds are read
        from reader.feeds.refresh import refresh

        interval = self.feed_interval()
        return refresh(self, ids, progress=progress, interval_minutes=interval, stop=stop)

    def add_url(self, url: str) -> tuple[str, bool]:
        """Save the web page at ``url`` as an article of no feed: ``(article id, added)``.
        Raises :class:`~reader.errors.FeedError`, naming the URL, when it cannot be had."""
        from reader.feeds.subscribe import save_page

        self.require_writable()
        return save_page(self, checked_url(url))

    def fetch_fulltext(self, article_id: str) -> Article:
        """Fetch the article's web page and make the article there its text (the feed's
        own text kept beside it: :attr:`Article.feed_body`). Raises
        :class:`~reader.errors.FeedError` when it has no web page, the page holds no
        article, or the extractor is not installed (the message says how to)."""
        from reader.feeds.subscribe import fetch_fulltext

        self.require_writable()
        article = self.article(article_id)
        if not article.url:
            raise FeedError(f"{article.id}: the article has no web page to fetch")
        fetch_fulltext(self, article.id, article.url)
        return self.article(article.id)

    # -- search (the SQL is in reader.search) ------------------------------------------------

    def search(
        self, text: str, limit: int = 50, within: SourceFilter | None = None
    ) -> list[SearchHit]:
        """Articles matching ``text`` (any text: see :mod:`reader.search.syntax`), best first,
        among the source ``within``'s if one is given."""
        return list(self.search_results(text, limit, within).hits)

    def search_results(
        self, text: str, limit: int = 50, within: SourceFilter | None = None
    ) -> SearchResults:
        """Like :meth:`search`, with the parsed query and whether more articles match."""
        from reader.search.engine import run_search

        with self._read() as conn:
            return run_search(conn, text, limit, within)

    @writes
    def remember_search(self, text: str) -> None:
        """Make ``text`` the most recent search of the search box's history (the app keeps
        the searches the user goes to the results of; blank text is none)."""
        with self._lock:
            searches.remember(self._conn, text)

    @writes
    def forget_searches(self) -> None:
        """Empty the search box's history."""
        with self._lock:
            searches.forget(self._conn)

    def search_history(self) -> list[str]:
        """The search box's history: the searches kept, most recent first."""
        with self._read() as conn:
            return searches.recent(conn)

    def prepare_search(self) -> None:
        """Load the search machinery (its modules, rapidfuzz, its statements) and read
        the index's first pages, so that the first key typed is answered as fast as the
        ones after it. The app calls it once its first screen is up."""
        from reader.search.engine import run_search

        with self._read() as conn:
            for text in ("news", "nwes ", '"news report'):  # a prefix, a typo, a phrase
                run_search(conn, text, 1)

    # -- settings ----------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            return settings.get(conn, key, default)

    @writes
    def set_setting(self, key: str, value: str) -> None:
        with self._lock:
            settings.set_value(self._conn, key, value)

    def settings(self) -> dict[str, str]:
        with self._read() as conn:
            return settings.every(conn)


def search_syntax() -> tuple[tuple[str, str], ...]:
    """What a search may hold, as ``(example, meaning)`` lines (the help screen's)."""
    from reader.search.syntax import SYNTAX

    return tuple(SYNTAX)
