"""The main screen's new articles from elsewhere: what another process wrote to the
database (an import in another shell), an import of the app's own when it ends, and
the feeds refreshed (``R`` every feed, ``r`` the article's; ``S`` shows the feeds).

The screen looks every :data:`~reader.app.screens.main.WATCH_EVERY` seconds whether the
database changed (a worker asks the store its data version); when it did, the list, or
the search under way, is read again with the cursor on the article it was on.

A part of :class:`~reader.app.screens.main.MainScreen` (a base class of it): its handlers
and workers run on the screen, as Textual's ``@on`` and ``@work`` need.
"""

from __future__ import annotations

from textual import on, work

from reader.app.screens.main_base import MainBase
from reader.app.widgets.import_status import ImportStatus
from reader.errors import ReaderError
from reader.types import Article

NOT_FROM_A_FEED = "This article is not from a feed (R refreshes every feed)."


class MainUpdates(MainBase):
    """The main screen's look for changes to the database, and its feed refreshes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The database's data version when it was last looked at (None: not yet).
        self._data_version: int | None = None

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
        with its words and as many results, the cursor on the article it was on; and the
        people of the article being read (renamed, or more mentions found)."""
        current = self.article_list.current
        keep_id = current.id if current else None
        if not self.searching:
            self.reload(keep_id)
        else:
            self.repeat_search(keep_id)
        self.refresh_people(list_too=False)  # loaded above

    # -- importing --------------------------------------------------------------------

    @on(ImportStatus.Finished)
    def _import_finished(self) -> None:
        current = self.article_list.current
        self.reload(current.id if current else None)
        # The article being read may have been shown between its text's write and its
        # people's (found in a later step of the import).
        self.refresh_people(list_too=False)  # loaded above

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
