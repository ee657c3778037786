"""Where articles come from and how the list shows them: a feed (:class:`Feed`), a source
with its counts (:class:`Source`), the list kept to one (:class:`SourceFilter`), the list's
orders and the user's way of listing (:class:`ListPrefs`)."""

from __future__ import annotations

from reader.clean import clean_line
from reader.records import Record


class Feed(Record):
    """A subscription, as ``reader feed list`` and the app show it.

    Times are ISO 8601 (UTC). ``last_error`` is the last failure's one-line reason,
    kept until a fetch succeeds; ``failures`` counts them in a row. ``dead``: the
    server said the feed is gone (410), and it is no longer fetched. ``redirect_url``:
    where a permanent redirect has pointed since ``redirect_since``, not yet taken on.
    """

    id: int
    url: str
    title: str | None
    user_title: str | None
    site_url: str | None
    folder: str | None
    created: str
    last_fetch: str | None
    last_success: str | None
    next_fetch: str | None
    interval_minutes: int | None
    last_status: int | None
    last_error: str | None
    failures: int
    dead: bool
    redirect_url: str | None
    redirect_since: str | None
    fulltext: bool
    #: How many of its articles are stored, and how many of those are unread.
    articles: int = 0
    unread: int = 0

    @property
    def name(self) -> str:
        """The title to show: the user's own, else the feed's, else its URL."""
        return clean_line(self.user_title or self.title or self.url)

    @property
    def broken(self) -> bool:
        """Whether its last fetch failed, or it is gone."""
        return self.dead or self.failures > 0

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.name,
            "feed_title": self.title,
            "user_title": self.user_title,
            "site_url": self.site_url,
            "folder": self.folder,
            "articles": self.articles,
            "unread": self.unread,
            "created": self.created,
            "last_fetch": self.last_fetch,
            "last_success": self.last_success,
            "next_fetch": self.next_fetch,
            "interval_minutes": self.interval_minutes,
            "last_status": self.last_status,
            "last_error": self.last_error,
            "failures": self.failures,
            "dead": self.dead,
            "redirect_url": self.redirect_url,
            "fulltext": self.fulltext,
        }


#: The orders the article list can be in: newest first (the default), oldest first
#: (undated articles last in both), or by source (its name, then newest first).
NEWEST, OLDEST, BY_SOURCE = "newest", "oldest", "source"
ORDERS = (NEWEST, OLDEST, BY_SOURCE)

#: The kinds of source: a folder articles were imported from (or a site pages were
#: saved from), a feed, and a folder of feeds (an OPML folder).
FOLDER, FEED, FEED_FOLDER = "folder", "feed", "feed folder"


class SourceFilter(Record):
    """A source the list is kept to: a folder of imported files (by its name), a feed
    (by its id) or a folder of feeds (by the folder's name)."""

    kind: str
    name: str
    feed_id: int | None = None

    @property
    def shown(self) -> str:
        """The name as the screen shows it: one clean line."""
        return clean_line(self.name)


class Source(Record):
    """One source with its article and unread counts: a folder that articles were
    imported from (``kind`` :data:`FOLDER`, its name as stored on the articles), or a
    feed (:data:`FEED`: its id, title, folder and URL; ``broken`` when its last fetch
    failed or it is gone, with the reason)."""

    kind: str
    name: str
    articles: int
    unread: int
    feed_id: int | None = None
    folder: str | None = None
    url: str | None = None
    broken: bool = False
    last_error: str | None = None

    @property
    def filter(self) -> SourceFilter:
        """What keeps the list to this source."""
        return SourceFilter(self.kind, self.name, self.feed_id)


class ListPrefs(Record):
    """How the user likes the article list: its order (one of :data:`ORDERS`), one line
    per article (``compact``), and whether the sources column is shown on a wide screen."""

    order: str = NEWEST
    compact: bool = False
    sources_shown: bool = False
