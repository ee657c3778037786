"""The facade's feeds: subscribing (a web page's feed found through its links), the
list, renaming, removing, refreshing, OPML in and out, and one web page saved as an
article. A part of :class:`reader.core.Store`: the SQL is in
:mod:`reader.storage.feeds`, the fetching and reading in :mod:`reader.feeds`, loaded on
first use (the app's first screen needs none of it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from reader.core.base import StoreBase, writes
from reader.errors import FeedError
from reader.storage import connection, settings
from reader.storage import feeds as feed_rows
from reader.types import Feed

#: The setting that holds the minutes between two fetches of a feed (default 60).
INTERVAL_SETTING = "feeds.interval_minutes"


class Feeds(StoreBase):
    """Subscriptions and what comes of them."""

    def feeds(self) -> list[Feed]:
        """Every feed, by title."""
        with self._read() as conn:
            return feed_rows.every(conn)

    def feed(self, given: str) -> Feed:
        """The feed ``given`` names: its URL, its id, or its title when that is unique
        (:class:`~reader.errors.FeedNotFound` otherwise)."""
        with self._read() as conn:
            return feed_rows.find(conn, given)

    def feed_ids(self, given: Iterable[str]) -> list[int]:
        """The ids of the feeds named (each as :meth:`feed` takes it)."""
        with self._read() as conn:
            return feed_rows.find_ids(conn, given)

    def feed_interval(self) -> int:
        """Minutes between two fetches of a feed that sets none of its own."""
        with self._read() as conn:
            value = settings.get(conn, INTERVAL_SETTING)
        return int(value) if value and value.isdigit() and int(value) > 0 else 60

    @writes
    def add_feed(
        self, url: str, *, title: str | None = None, folder: str | None = None
    ) -> tuple[Feed, bool]:
        """Subscribe to ``url`` as it is, without fetching it; ``(feed, added)``, where
        ``added`` is False when it was there already. Due at once."""
        url = checked_url(url)
        with self._lock, connection.writing(self._conn) as conn:
            feed_id, added = feed_rows.add(conn, url, now_iso(), title=title, folder=folder)
        with self._read() as conn:
            return feed_rows.get(conn, feed_id), added

    @writes
    def rename_feed(self, given: str, title: str | None) -> Feed:
        """Give the feed a title of one's own (empty or None: its own title again)."""
        from reader.clean import clean_line

        feed = self.feed(given)
        name = clean_line(title or "").strip() or None
        with self._lock, connection.writing(self._conn) as conn:
            feed_rows.rename(conn, feed.id, name)
        return self.feed(str(feed.id))

    def feed_removal(self, given: str) -> tuple[Feed, int, int]:
        """What removing the feed would do: ``(feed, articles to remove, articles kept)``
        (those with a bookmark or a note are kept)."""
        feed = self.feed(given)
        with self._read() as conn:
            gone, kept = feed_rows.kept_on_removal(conn, feed.id)
        return feed, gone, kept

    @writes
    def remove_feed(self, given: str) -> tuple[int, int]:
        """Unsubscribe: ``(articles removed, articles kept)`` (bookmarked or annotated
        articles stay, as articles of no feed)."""
        feed = self.feed(given)
        with self._lock, connection.writing(self._conn) as conn:
            return feed_rows.remove(conn, feed.id)

    @writes
    def set_feed_options(
        self, given: str, *, interval_minutes: int | None = None, fulltext: bool | None = None
    ) -> Feed:
        """This feed's own fetch interval (0: the setting's), and whether each of its
        entries' web pages is fetched for the full text."""
        feed = self.feed(given)
        with self._lock, connection.writing(self._conn) as conn:
            feed_rows.set_options(
                conn, feed.id, interval_minutes=interval_minutes, fulltext=fulltext
            )
        return self.feed(str(feed.id))

    # -- OPML and saved pages ----------------------------------------------------------------

    @writes
    def import_opml(self, data: bytes) -> tuple[list[Feed], int]:
        """Subscribe to every feed of an OPML file, with its title and folder; returns the
        feeds added and how many were there already. Nothing is fetched (refresh does)."""
        from reader.feeds.opml import read_opml

        outlines = read_opml(data)
        added: list[int] = []
        present = 0
        stamp = now_iso()
        with self._lock, connection.writing(self._conn) as conn:
            for outline in outlines:
                try:
                    url = checked_url(outline.url)
                except FeedError:
                    continue
                feed_id, new = feed_rows.add(
                    conn, url, stamp, title=outline.title, folder=outline.folder
                )
                if new:
                    added.append(feed_id)
                else:
                    present += 1
        with self._read() as conn:
            return [feed_rows.get(conn, i) for i in added], present

    def export_opml(self) -> str:
        """Every subscription as OPML 2.0, with titles and folders."""
        from reader.feeds.opml import write_opml

        return write_opml(self.feeds())


def checked_url(url: str) -> str:
    """``url`` if it is an http or https URL with a host; :class:`FeedError` otherwise."""
    from urllib.parse import urlsplit

    text = url.strip()
    if "://" not in text and "." in text.split("/")[0] and " " not in text:
        text = "https://" + text  # example.org/feed: as a browser reads it
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FeedError(f"{url!r} is not a web address (http:// or https://)")
    return text


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
