"""A feed entry (or a saved web page) made the :class:`~reader.types.ArticleRow` the store
writes: its stable id, its text for the reading pane, its fields cleaned and cut as a
file's are, and a content hash that changes when the entry is edited.

An entry's id depends on its feed's row and its key only, never on the feed's URL, so a
feed that moves keeps its articles (and their notes, bookmarks and read state).
"""

from __future__ import annotations

import hashlib
import re

from reader.clean import clean_line
from reader.feeds.html import html_line, html_to_text
from reader.feeds.model import EntryData
from reader.feeds.parse import UNTITLED
from reader.parse._shapes import _shorten
from reader.types import ArticleRow

__all__ = ["DEK_MAX_WORDS", "FEED_PARSER_VERSION", "article_id_for", "entry_row"]

#: Bumped when the text of entries is made differently, so stored rows are made again.
FEED_PARSER_VERSION = 1
#: A summary longer than this is not shown as the article's dek.
DEK_MAX_WORDS = 60

# What a summary that is the body's opening ends with, and the body's link numbers.
_ELLIPSES = ("…", "...", "[…]", "[...]", "(…)", "(...)")
_ELLIPSIS_TAIL = re.compile(r"(?:\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\]|\(…\)|\(\.\.\.\)))+\s*$")
_LINK_NUMBER = re.compile(r"\[\d+\]")


def article_id_for(feed_id: int, key: str) -> str:
    """The id of the article for the entry ``key`` of feed ``feed_id``: 16 hex digits."""
    return hashlib.blake2b(f"feed:{feed_id}\0{key}".encode(), digest_size=8).hexdigest()


def _page_id(url: str) -> str:
    return hashlib.blake2b(f"url\0{url}".encode(), digest_size=8).hexdigest()


def entry_row(entry: EntryData, *, feed_id: int | None, source: str, now: str) -> ArticleRow:
    """The row for ``entry`` of feed ``feed_id`` (None: a saved page, keyed by its URL),
    ``source`` the feed's name, ``now`` the ISO 8601 time of this refresh."""
    link = entry.link.strip() if entry.link else None
    url = clean_line(link) if link and link.lower().startswith(("http://", "https://")) else None
    html = entry.content_html or entry.summary_html
    body = html_to_text(html, entry.base) if html else ""
    if not body:  # nothing to read: the link, so the row still leads somewhere
        body = clean_line(link or "")
    title = _shorten(clean_line(entry.title)) or UNTITLED
    author = _shorten(clean_line(entry.author or "")) or None
    date = _day(entry.published or entry.updated, now)
    digest = hashlib.blake2b(
        "\0".join([title, link or "", date or "", author or "", body]).encode(),
        digest_size=16,
    ).hexdigest()
    if feed_id is not None:
        article_id = article_id_for(feed_id, entry.key)
    else:
        article_id = _page_id(url or link or entry.key)
    return ArticleRow(
        id=article_id,
        path=clean_line(link or ""),
        source=clean_line(source),
        content_hash=digest,
        parser_version=FEED_PARSER_VERSION,
        title=title,
        dek=_dek(entry, body),
        date=date,
        label=None,
        author=author,
        author_role=None,
        author_bio=None,
        caption=None,
        body=body,
        words=len(body.split()),
        imported_at=now,
        updated_at=now,
        url=url,
        feed_id=feed_id,
    )


def _day(moment: str | None, now: str) -> str | None:
    """The date part of an ISO time; a day after ``now``'s is taken as ``now``'s."""
    if not moment or len(moment) < 10:
        return None
    day, today = moment[:10], now[:10]
    return today if day > today else day


def _dek(entry: EntryData, body: str) -> str | None:
    """The summary, shown above the body, when the entry has content as well, the summary
    is short, and it is not merely the body's opening."""
    if not entry.content_html or not entry.summary_html:
        return None
    summary = html_line(entry.summary_html)
    if not summary or len(summary.split()) > DEK_MAX_WORDS:
        return None
    opening = _comparable(summary)
    start = _comparable(_LINK_NUMBER.sub("", body[: len(summary) * 2 + 200]))
    return None if start.startswith(opening) else summary


def _comparable(text: str) -> str:
    # The tail pattern is tried at every position of the text: only run it on text that
    # ends with an ellipsis (the one case where it matches).
    if text.rstrip().endswith(_ELLIPSES):
        text = _ELLIPSIS_TAIL.sub("", text)
    return " ".join(text.casefold().split())
