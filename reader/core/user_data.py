"""The facade's bookmarks, notes, drafts and their export: a part of
:class:`reader.core.Store` (the SQL is in :mod:`reader.storage`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.base import StoreBase, writes
from reader.storage import articles, bookmarks, notes
from reader.types import ArticleSummary, Bookmark, Draft, Note

if TYPE_CHECKING:
    # Loaded on first use below: the app's first screen does not need the export.
    from reader.storage import export


class UserData(StoreBase):
    """Bookmarks, notes and drafts: the user's own data, keyed by the stable article id."""

    def resolve_id(self, article_id: str) -> str:
        """The full id of the article ``article_id`` names (an id or a unique prefix)."""
        return self.article(article_id).id

    @writes
    def set_bookmark(self, article_id: str, on: bool = True) -> bool:
        """Make the article bookmarked (``on``) or not, whatever it was: a state, never a
        toggle, so that two copies setting the same state both get it. True when that
        changed anything (False: it already was)."""
        full = self.resolve_id(article_id)
        with self._lock:
            return bookmarks.set_bookmark(self._conn, full, on)

    def is_bookmarked(self, article_id: str) -> bool:
        with self._read() as conn:
            return bookmarks.is_bookmarked(conn, article_id)

    def bookmarks(self) -> list[Bookmark]:
        """Every bookmark, newest first, with its article when it is in the database."""
        with self._read() as conn:
            rows = bookmarks.bookmark_rows(conn)
        summaries = self._summaries([article_id for article_id, _ in rows])
        return [Bookmark(summaries.get(aid), aid, at) for aid, at in rows]

    def bookmark_count(self, person_ids: Sequence[int] = ()) -> int:
        """How many articles are bookmarked (and mention every one of ``person_ids``)."""
        with self._read() as conn:
            return bookmarks.count(conn, person_ids)

    def bookmark_page(
        self, offset: int, limit: int, person_ids: Sequence[int] = ()
    ) -> list[ArticleSummary]:
        """Bookmarked articles (mentioning every one of ``person_ids``), newest bookmark
        first: the app's bookmarks view."""
        with self._read() as conn:
            return bookmarks.page(conn, offset, limit, person_ids)

    def _summaries(self, ids: Sequence[str]) -> dict[str, ArticleSummary]:
        with self._read() as conn:
            return articles.summaries(conn, ids)

    @writes
    def add_note(
        self,
        article_id: str,
        text: str,
        *,
        quote: str | None = None,
        quote_start: int | None = None,
        quote_end: int | None = None,
    ) -> Note:
        full = self.resolve_id(article_id)
        with self._lock:
            note_id = notes.add_note(
                self._conn, full, text, quote=quote, quote_start=quote_start, quote_end=quote_end
            )
            return notes.get_note(self._conn, note_id)

    def note(self, note_id: int) -> Note:
        with self._read() as conn:
            return notes.get_note(conn, note_id)

    def notes(self, article_id: str | None = None) -> list[Note]:
        """The notes on one article, oldest first; or every note, newest first."""
        with self._read() as conn:
            return notes.notes(conn, article_id)

    @writes
    def edit_note(self, note_id: int, text: str) -> Note:
        with self._lock:
            notes.edit_note(self._conn, note_id, text)
            return notes.get_note(self._conn, note_id)

    @writes
    def delete_note(self, note_id: int, *, undoable: bool = False) -> None:
        """Delete a note; ``undoable`` keeps it restorable until :meth:`purge_deleted_notes`."""
        with self._lock:
            notes.delete_note(self._conn, note_id, undoable=undoable)

    @writes
    def restore_note(self, note_id: int) -> None:
        with self._lock:
            notes.restore_note(self._conn, note_id)

    @writes
    def purge_deleted_notes(
        self, ids: Sequence[int] | None = None, *, before: str | None = None
    ) -> int:
        """Forget deleted notes (see :func:`reader.storage.notes.purge_deleted`)."""
        with self._lock:
            return notes.purge_deleted(self._conn, ids, before)

    @writes
    def save_draft(self, draft: Draft) -> None:
        with self._lock:
            bookmarks.save_draft(self._conn, draft)

    def drafts(self) -> list[Draft]:
        with self._read() as conn:
            return bookmarks.drafts(conn)

    def draft(self, key: str) -> Draft | None:
        """The draft kept under ``key`` (``new:ARTICLE`` or ``edit:NOTE``), if any."""
        with self._read() as conn:
            return bookmarks.draft(conn, key)

    @writes
    def delete_draft(self, key: str) -> None:
        with self._lock:
            bookmarks.delete_draft(self._conn, key)

    def export_notes(self) -> dict[str, Any]:
        """Every bookmark and note as JSON-ready data (:meth:`import_notes` reads it back)."""
        from reader.storage import export

        with self._read() as conn:
            return export.export_data(conn)

    @writes
    def import_notes(self, data: object) -> export.Imported:
        """Merge an export (see :func:`export.import_data`). ``ValueError`` if it is not one."""
        from reader.storage import export

        with self._lock:
            return export.import_data(self._conn, data)

    def import_notes_file(self, path: str | Path) -> export.Imported:
        """Merge an export file, read with bounds (see :mod:`reader.storage.export_file`)."""
        from reader.storage.export_file import read_export

        return self.import_notes(read_export(path))

    def export_markdown(self) -> str:
        """All bookmarks and notes as one Markdown document, articles in list order."""
        from reader.storage import export

        with self._read() as conn:
            ids = {aid for aid, _ in bookmarks.bookmark_rows(conn)}
            bookmarked = set(ids)
            all_notes = list(reversed(notes.notes(conn)))
            ids.update(n.article_id for n in all_notes)
        summaries = self._summaries(sorted(ids))
        ordered = sorted(summaries.values(), key=lambda s: s.title)
        ordered.sort(key=lambda s: s.date or "", reverse=True)  # list order; undated last
        return export.to_markdown(ordered, all_notes, bookmarked)
