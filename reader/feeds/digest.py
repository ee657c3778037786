"""One fetched document read, in a worker process of a refresh (or in its own process
for a few feeds): the feed parsed, its entries made article rows, their people found.

Kept apart from :mod:`reader.feeds.refresh` so that the workers import only what reading
a document needs, not the refresh's event loop and writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.feeds.model import FeedData
from reader.people.mentions import AliasScanner, MentionValues, find_mentions
from reader.types import ArticleRow


@dataclass(frozen=True, slots=True)
class Digest:
    """A fetched document read: the feed's own title, site and ``<ttl>``, its entries as
    rows with their people, and why it was only partly read (or None)."""

    title: str | None
    site_url: str | None
    ttl_minutes: int | None
    rows: tuple[ArticleRow, ...]
    mentions: tuple[Sequence[MentionValues] | None, ...]
    problem: str | None


def digest(
    body: bytes,
    url: str,
    headers: dict[str, str],
    feed_id: int,
    source: str,
    now: str,
    scanner: AliasScanner | None,
) -> Digest:
    """Parse one document and make its entries articles (in a worker process or here).

    Raises :class:`FeedError` with the reason when it holds no feed.
    """
    # Here, not at the top: a refresh of 304s (and the app) never reads a document.
    from reader.feeds.entries import entry_row
    from reader.feeds.parse import parse_feed

    data: FeedData = parse_feed(body, url, headers)
    name = source or data.title or url
    rows: list[ArticleRow] = []
    found: list[Sequence[MentionValues] | None] = []
    for entry in data.entries:
        row = entry_row(entry, feed_id=feed_id, source=name, now=now)
        rows.append(row)
        try:
            mentions = find_mentions(row.body, row.title, row.dek, scanner)
            found.append([tuple(m) for m in mentions])  # type: ignore[misc]
        except Exception:  # a finder bug must not lose the entry: no people for it
            found.append(None)
    return Digest(
        data.title, data.site_url, data.ttl_minutes, tuple(rows), tuple(found), data.problem
    )
