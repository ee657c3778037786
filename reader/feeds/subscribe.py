"""Finding the feed a user means, and saving one web page as an article.

``reader feed add`` takes a feed's URL or a web page's: a page is searched for its
``<link rel="alternate">`` feeds, and the first that reads as a feed is the one
subscribed to. ``reader add-url`` saves one page as an article of no feed
(:func:`save_page`). Both fetch with the same polite, bounded client as a refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader.errors import FeedError
from reader.feeds.entries import entry_row
from reader.feeds.html import find_feed_links, page_entry
from reader.feeds.loop import run as run_work
from reader.feeds.parse import parse_feed
from reader.people.mentions import find_mentions

if TYPE_CHECKING:
    from reader.feeds.http import Fetcher
    from reader.feeds.model import Fetched
    from reader.session import Importer

#: Feeds of one page tried, in the page's order, before giving up.
LINKS_TRIED = 4


def _client(fetcher: Callable[[], Fetcher] | None) -> Fetcher:
    if fetcher is not None:
        return fetcher()
    from reader.feeds.http import Fetcher

    return Fetcher()


@dataclass(frozen=True, slots=True)
class FoundFeed:
    """The feed a user meant: its URL, and the response read to be sure it is a feed
    (None when it came through a permanent redirect: the first refresh fetches it again,
    at its new address)."""

    url: str
    fetched: Fetched | None

    def fetcher(self, fetcher: Callable[[], Fetcher] | None = None) -> Callable[[], Fetcher]:
        """A client for the first refresh, which answers the feed's fetch with the
        response already had: a new feed costs its server one request, not two."""

        def make() -> Fetcher:
            client = _client(fetcher)
            if self.fetched is not None:
                client.prime(self.fetched)
            return client

        return make


def find_feed(url: str, fetcher: Callable[[], Fetcher] | None = None) -> FoundFeed:
    """The feed at ``url``, or the first feed the page there links to.

    Raises :class:`FeedError`, naming ``url``, when there is none (or it cannot be had).
    A feed that moved for good (301/308) is subscribed to where it is now.
    """
    return run_work(_find_feed(url, fetcher))


def _found(url: str, fetched: Fetched) -> FoundFeed:
    if fetched.moved_to:
        return FoundFeed(fetched.moved_to, None)
    return FoundFeed(url, fetched)


async def _find_feed(url: str, fetcher: Callable[[], Fetcher] | None) -> FoundFeed:
    async with _client(fetcher) as client:
        fetched = await client.fetch(url)
        if fetched.error is not None or fetched.body is None:
            raise FeedError(f"{url}: {fetched.error or 'nothing came back'}")
        where = fetched.final_url or url
        try:
            parse_feed(fetched.body, where, fetched.headers)
            return _found(url, fetched)
        except FeedError as exc:
            reason = str(exc)
            links = find_feed_links(fetched.body, where)
        if not links:
            raise FeedError(f"{url}: {reason}, and it links to no feed")
        for link in links[:LINKS_TRIED]:
            found = await client.fetch(link)
            if found.body is None:
                continue
            try:
                parse_feed(found.body, found.final_url or link, found.headers)
            except FeedError:
                continue
            return _found(link, found)
        raise FeedError(f"{url}: the feeds it links to ({links[0]} first) cannot be read")


def save_page(
    importer: Importer, url: str, fetcher: Callable[[], Fetcher] | None = None
) -> tuple[str, bool]:
    """Fetch the web page at ``url`` and store it as an article of no feed, its people
    found; ``(article id, added)`` (False: it was saved before, and is updated).
    Raises :class:`FeedError`, naming ``url``, when it cannot be had."""
    fetched = run_work(_fetch_page(url, fetcher))
    if fetched is None:
        raise FeedError(f"{url}: nothing came back")
    body, final = fetched
    entry = page_entry(body, final)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    host = urlsplit(final).hostname or final
    row = entry_row(entry, feed_id=None, source=host, now=now)
    with importer.import_session() as session:
        added = row.id not in session.known_files()
        try:  # with the user's aliases and the names the archive knows
            found = find_mentions(row.body, row.title, row.dek, session.people_scanner())
            mentions: list[tuple[object, ...]] | None = [tuple(m) for m in found]
        except Exception:  # a finder bug must not lose the page: no people for it
            mentions = None
        session.write_import_batch([row], [mentions])  # type: ignore[list-item]
        if session.finish_people():  # queued: those who speak here, named in full elsewhere
            from reader.ingest.pipeline import find_pending_people

            find_pending_people(session)
        session.refresh_spelling()
        if not added:
            session.reanchor_notes([row.id])
    return row.id, added


def fetch_fulltext(
    importer: Importer, article_id: str, url: str, fetcher: Callable[[], Fetcher] | None = None
) -> None:
    """Fetch the web page at ``url`` and make the article it holds the text of the article
    ``article_id`` (the feed's own text kept beside it), its people found again.
    Raises :class:`FeedError`, naming ``url``, when it cannot be had or holds no article
    (or the extractor is not installed)."""
    from reader.feeds.fulltext import EXTRACTOR, INSTALL_HINT, available, extract
    from reader.ingest import update_people

    if not available():  # said before the page is fetched for nothing
        raise FeedError(INSTALL_HINT)
    fetched = run_work(_fetch_page(url, fetcher))
    if fetched is None:
        raise FeedError(f"{url}: nothing came back")
    try:
        text = extract(*fetched)
    except FeedError as exc:
        raise FeedError(f"{url}: {exc}") from None
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with importer.import_session() as session:
        session.write_fulltext(article_id, text, url, now, EXTRACTOR)
    update_people(importer)
    with importer.import_session() as session:
        session.refresh_spelling()


async def _fetch_page(url: str, fetcher: Callable[[], Fetcher] | None) -> tuple[bytes, str] | None:
    async with _client(fetcher) as client:
        fetched = await client.fetch(url)
    if fetched.error is not None:
        raise FeedError(f"{url}: {fetched.error}")
    if fetched.body is None:
        return None
    return fetched.body, fetched.final_url or url
