"""The article columns read and written, in the order the types take them: a leaf that
the storage modules and the search engine share (it imports only the types)."""

from __future__ import annotations

SUMMARY_COLUMNS = (
    "id, title, date, author, source, words, label, dek, author_role, path, "
    "EXISTS (SELECT 1 FROM bookmarks WHERE bookmarks.article_id = articles.id), "
    "(SELECT count(*) FROM notes WHERE notes.article_id = articles.id AND notes.deleted IS NULL)"
)

ARTICLE_COLUMNS = f"{SUMMARY_COLUMNS}, body, content_hash, author_bio, caption, imported_at"

#: Columns an import writes, in order (``num`` is assigned by SQLite).
WRITE_COLUMNS = (
    "id",
    "path",
    "source",
    "content_hash",
    "parser_version",
    "title",
    "dek",
    "date",
    "label",
    "author",
    "author_role",
    "author_bio",
    "caption",
    "body",
    "words",
    "imported_at",
    "updated_at",
)
