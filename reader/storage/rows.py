"""The article columns read and written, in the order the types take them: a leaf that
the storage modules and the search engine share (it imports only the types)."""

from __future__ import annotations

from operator import attrgetter

from reader.types import ArticleRow


def article_of(value: str) -> str:
    """SQL for the id of the article that the id ``value`` (SQL) names: the article a
    copy's id is an alias of, else ``value`` itself (:mod:`reader.storage.copies`). The
    user's data is kept under the article's own id only."""
    return f"coalesce((SELECT article_id FROM article_aliases WHERE alias_id = {value}), {value})"


SUMMARY_COLUMNS = (
    "id, title, date, author, source, words, label, dek, author_role, path, "
    "EXISTS (SELECT 1 FROM bookmarks WHERE bookmarks.article_id = articles.id), "
    "(SELECT count(*) FROM notes WHERE notes.article_id = articles.id AND notes.deleted IS NULL), "
    "articles.read"
)

ARTICLE_COLUMNS = (
    f"{SUMMARY_COLUMNS}, body, content_hash, author_bio, caption, imported_at, url, feed_id, "
    "(SELECT coalesce(user_title, title, url) FROM feeds WHERE feeds.id = articles.feed_id), "
    "feed_body, fulltext_url, fulltext_at, fulltext_extractor"
)

#: Columns an import writes, in order (``num`` is assigned by SQLite): an :class:`ArticleRow`'s.
WRITE_COLUMNS = ArticleRow._fields
#: The values of an :class:`ArticleRow` in :data:`WRITE_COLUMNS` order (for ``executemany``).
row_values = attrgetter(*WRITE_COLUMNS)
