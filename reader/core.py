"""The facade: the one way the app and the CLI reach the data.

A :class:`Store` composes an open database (:class:`reader.storage.database.Storage`),
the private storage modules (:mod:`reader.storage`, one per domain) and the search
engine (:mod:`reader.search`); an import runs through its :meth:`Store.import_session`.
It takes and gives the types of :mod:`reader.types`, and raises the one-line errors of
:mod:`reader.errors` (:class:`ReadOnlyDatabase` for any write to a database that can
only be read).
"""

from __future__ import annotations

import functools
import itertools
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from reader.errors import CannotUndo
from reader.search import highlight_spans
from reader.session import ImportSession
from reader.storage import (
    articles,
    bookmarks,
    export,
    notes,
    people_edit,
    people_fuzzy,
    people_read,
    people_search,
    people_write,
    settings,
    undo,
)
from reader.storage.connection import MEMORY
from reader.storage.database import Storage
from reader.storage.rows import SUMMARY_COLUMNS
from reader.storage.version import SCHEMA_VERSION
from reader.types import (
    Article,
    ArticleSummary,
    Bookmark,
    Draft,
    EditResult,
    ImportReport,
    Note,
    Person,
    PersonEdit,
    SplitAlias,
    UndoStep,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reader.search.engine import SearchResults
    from reader.types import SearchHit

__all__ = ["MEMORY", "SCHEMA_VERSION", "Store", "highlight_spans", "search_syntax"]

#: The first schema version with the spelling index (migration ``0002_search``).
SPELLING_SINCE = 2


_Method = TypeVar("_Method", bound=Callable[..., Any])
_Result = TypeVar("_Result")


def _writes(method: _Method) -> _Method:
    """Marks a :class:`Store` method that writes: refused at once when read-only."""

    @functools.wraps(method)
    def checked(self: Store, *args: Any, **kwargs: Any) -> Any:
        self.require_writable()
        return method(self, *args, **kwargs)

    return cast(_Method, checked)


class Store:
    """A news archive in one SQLite database file (or in memory, for tests)."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._conn = storage.conn
        self._lock = storage.lock
        self._read = storage.read
        self.path = storage.path
        #: The path as messages show it: one line, its control characters escaped.
        self.shown_path = storage.shown_path
        #: The import under way on this store, if any (:meth:`import_session`).
        self._session: ImportSession | None = None
        #: The changes made through :meth:`undoable`, oldest first.
        self._undo: list[UndoStep] = []
        self._undo_ids = itertools.count(1)

    @classmethod
    def open(cls, path: str | Path = MEMORY) -> Store:
        """Open (creating and migrating when needed) the database at ``path``.

        Raises :class:`StoreError` with one line for a file that is not a usable
        SQLite database, one from a newer version, or one that needs updating but
        can only be read.
        """
        return cls(Storage.open(str(path), _fill_spelling))

    @property
    def read_only(self) -> bool:
        return self._storage.read_only

    @property
    def read_only_reason(self) -> str:
        """Why the database can only be read ("" when it can be written)."""
        return self._storage.read_only_reason

    @property
    def read_only_notice(self) -> str | None:
        """One line for the user when the database can only be read, else None."""
        return self._storage.read_only_notice

    @property
    def backup_notice(self) -> str | None:
        """Set when opening made a backup copy before updating the schema: one line saying so."""
        return self._storage.backup_notice

    def require_writable(self) -> None:
        """Raise :class:`ReadOnlyDatabase` (one line: the file and why) when read-only."""
        self._storage.require_writable()

    @property
    def _db(self) -> Database:
        return self._storage.db

    def close(self) -> None:
        self._storage.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes when another connection (another copy of the reader, an
        import) commits to the database: cheap enough to ask every second or two."""
        with self._read() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def count(self) -> int:
        with self._read() as conn:
            return articles.count(conn)

    def page(self, offset: int, limit: int) -> list[ArticleSummary]:
        """Articles ``offset`` .. ``offset + limit`` in list order: newest first, undated last."""
        with self._read() as conn:
            return articles.page(conn, offset, limit)

    def index_of(self, article_id: str) -> int | None:
        """The position of an article in list order, or None if it is not there."""
        with self._read() as conn:
            return articles.index_of(conn, article_id)

    def article(self, article_id: str) -> Article:
        """The article with this id, or the one article whose id starts with it."""
        with self._read() as conn:
            return articles.article(conn, article_id)

    def integrity_ok(self) -> bool:
        with self._read() as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- importing (the steps are in reader.ingest and reader.session) ----------

    @contextmanager
    def import_session(self) -> Iterator[ImportSession]:
        """The steps of one import on this store (what :mod:`reader.ingest` runs)."""
        session = ImportSession(
            self._conn, self._lock, self._read, self.require_writable, self.shown_path
        )
        self._session = session
        try:
            yield session
        finally:
            self._session = None

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

    # -- search (the SQL is in reader.search) -----------------------------------

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Articles matching ``text`` (any text: see :mod:`reader.search.query`), best first."""
        return list(self.search_results(text, limit).hits)

    def search_results(self, text: str, limit: int = 50) -> SearchResults:
        """Like :meth:`search`, with the parsed query and whether more articles match."""
        from reader.search.engine import run_search

        with self._read() as conn:
            return run_search(conn, text, limit)

    def prepare_search(self) -> None:
        """Load the search machinery (its modules, rapidfuzz, its statements) and read
        the index's first pages, so that the first key typed is answered as fast as the
        ones after it. The app calls it once its first screen is up."""
        from reader.search.engine import run_search

        with self._read() as conn:
            for text in ("news", "nwes ", '"news report'):  # a prefix, a typo, a phrase
                run_search(conn, text, 1)

    # -- bookmarks and notes (the SQL is in reader.storage) ------------------

    def resolve_id(self, article_id: str) -> str:
        """The full id of the article ``article_id`` names (an id or a unique prefix)."""
        return self.article(article_id).id

    @_writes
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

    @_writes
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

    @_writes
    def edit_note(self, note_id: int, text: str) -> Note:
        with self._lock:
            notes.edit_note(self._conn, note_id, text)
            return notes.get_note(self._conn, note_id)

    @_writes
    def delete_note(self, note_id: int, *, undoable: bool = False) -> None:
        """Delete a note; ``undoable`` keeps it restorable until :meth:`purge_deleted_notes`."""
        with self._lock:
            notes.delete_note(self._conn, note_id, undoable=undoable)

    @_writes
    def restore_note(self, note_id: int) -> None:
        with self._lock:
            notes.restore_note(self._conn, note_id)

    @_writes
    def purge_deleted_notes(
        self, ids: Sequence[int] | None = None, *, before: str | None = None
    ) -> int:
        """Forget deleted notes (see :func:`reader.storage.notes.purge_deleted`)."""
        with self._lock:
            return notes.purge_deleted(self._conn, ids, before)

    @_writes
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

    @_writes
    def delete_draft(self, key: str) -> None:
        with self._lock:
            bookmarks.delete_draft(self._conn, key)

    def export_notes(self) -> dict[str, Any]:
        """Every bookmark and note as JSON-ready data (:meth:`import_notes` reads it back)."""
        with self._read() as conn:
            return export.export_data(conn)

    @_writes
    def import_notes(self, data: object) -> export.Imported:
        """Merge an export (see :func:`export.import_data`). ``ValueError`` if it is not one."""
        with self._lock:
            return export.import_data(self._conn, data)

    def import_notes_file(self, path: str | Path) -> export.Imported:
        """Merge an export file, read with bounds (:func:`reader.storage.export.read_export`)."""
        return self.import_notes(export.read_export(path))

    def export_markdown(self) -> str:
        """All bookmarks and notes as one Markdown document, articles in list order."""
        with self._read() as conn:
            ids = {aid for aid, _ in bookmarks.bookmark_rows(conn)}
            bookmarked = set(ids)
            all_notes = list(reversed(notes.notes(conn)))
            ids.update(n.article_id for n in all_notes)
        summaries = self._summaries(sorted(ids))
        ordered = sorted(summaries.values(), key=lambda s: s.title)
        ordered.sort(key=lambda s: s.date or "", reverse=True)  # list order; undated last
        return export.to_markdown(ordered, all_notes, bookmarked)

    # -- people (the SQL is in reader.storage.people_*) ---------------------------------

    def people(
        self, query: str = "", include_hidden: bool = False, limit: int | None = None
    ) -> list[Person]:
        """People mentioned in the articles, most articles first.

        With ``query``, only those whose name or an alias fits it, typos allowed
        (``"kardashain"``), best fit first, then most articles.
        """
        if not query.strip():
            with self._read() as conn:
                return people_read.list_people(conn, include_hidden=include_hidden, limit=limit)
        with self._read() as conn:
            index = people_fuzzy.fuzzy_index(conn)
            ranked = people_fuzzy.fuzzy_match(index, query, include_hidden=include_hidden)
            ids = [pid for pid, _ in ranked[:limit] if limit is None or limit > 0]
            found = people_read.people_by_ids(conn, ids)
        return [found[pid] for pid in ids if pid in found]

    def person(self, name_or_key: str) -> Person:
        """The person with this name, key or alias (any case; hidden ones too).

        Raises :class:`~reader.errors.PersonNotFound` or :class:`~reader.errors.AmbiguousPerson`.
        """
        with self._read() as conn:
            return people_read.find_person(conn, name_or_key)

    def person_by_id(self, person_id: int) -> Person:
        with self._read() as conn:
            return people_read.person_by_id(conn, person_id)

    def resolve_people(self, names: Sequence[str]) -> list[Person]:
        """The visible person each of ``names`` names (for filters); an error for any other."""
        with self._read() as conn:
            return [people_read.find_person(conn, name, include_hidden=False) for name in names]

    def article_people(self, article_id: str) -> list[tuple[Person, int]]:
        """Who an article mentions and how often: most mentioned first (hidden people left out)."""
        with self._read() as conn:
            return people_read.article_people(conn, article_id)

    def person_page(
        self, person_ids: Sequence[int], offset: int, limit: int
    ) -> list[ArticleSummary]:
        """Articles mentioning every one of ``person_ids``, in list order (as :meth:`page`)."""
        if not person_ids:
            return self.page(offset, limit)
        with self._read() as conn:
            rows = people_search.person_page_rows(conn, person_ids, offset, limit, SUMMARY_COLUMNS)
        return [ArticleSummary(*row) for row in rows]

    def person_count(self, person_ids: Sequence[int]) -> int:
        """How many articles mention every one of ``person_ids``."""
        if not person_ids:
            return self.count()
        with self._read() as conn:
            return people_search.person_count(conn, person_ids)

    def co_mentioned(self, person_id: int, limit: int = 10) -> list[tuple[Person, int]]:
        """The people most often mentioned in the same articles, with how many articles."""
        with self._read() as conn:
            return people_read.co_mentioned(conn, person_id, limit)

    @_writes
    def _edit_people(self, edit: Callable[..., _Result], *args: Any) -> _Result:
        with self._lock:
            if self._session is not None:
                self._session.forget_people()
            return edit(self._conn, *args)

    def rename_person(self, old: str, new: str) -> Person:
        """Show a person under a new name (kept through every re-import)."""
        return self._edit_people(people_edit.rename, old, new)

    def merge_people(self, from_: str, into: str) -> Person:
        """Make ``from_`` and ``into`` one person, named as ``into``; returns that person."""
        return self._edit_people(people_edit.merge, from_, into)

    def add_alias(self, person: str, alias: str) -> Person:
        """``alias`` (e.g. "Ye") means ``person`` from now on, also as a word in bodies."""
        return self._edit_people(people_edit.add_alias, person, alias)

    def split_alias(self, alias: str) -> Person:
        """Undo an alias or a merge; returns the person it was an alias of."""
        return self._edit_people(people_edit.split_alias, alias)

    def hide_person(self, name: str, hidden: bool = True) -> Person:
        """Hide a person from lists and filters (``hidden=False`` shows them again)."""
        return self._edit_people(people_edit.set_hidden, name, hidden)

    def edit_person(self, edit: PersonEdit) -> EditResult:
        """Make one edit of people as one change :meth:`undo` can take back.

        Raises a :class:`~reader.errors.ReaderError` (one line) when it cannot be made.
        """
        with self.undoable(edit.verb, "people") as step:
            person, message = self._edit_people(people_edit.apply, edit)
            step.description = message
        edited = None if isinstance(edit, SplitAlias) else edit.person
        return EditResult(person, message, edited and self.filterable(edited))

    def filterable(self, person: Person) -> Person | None:
        """``person`` as they are now, for a filter: renamed, or the one they are part of
        (merged, or made an alias); None when hidden or gone."""
        with self._read() as conn:
            return people_edit.filterable(conn, person)

    # -- undo ------------------------------------------------------------------

    @contextmanager
    def undoable(
        self, description: str, kind: str, article_id: str | None = None
    ) -> Iterator[UndoStep]:
        """Make the writes of the block one change that :meth:`undo` can take back.

        ``description`` says what it did (it may be set on the step in the block, once
        known); ``kind`` and ``article_id`` tell the app what to show again. A block
        that raises, or changes nothing, leaves nothing to undo.
        """
        self.require_writable()
        with self._lock:
            step = UndoStep(next(self._undo_ids), description, kind, article_id)
            with undo.recording(self._conn, step.id):
                yield step
            if undo.recorded(self._conn, step.id):
                self._undo.append(step)

    @_writes
    def undo(self) -> UndoStep | None:
        """Take back the latest change made through :meth:`undoable` (None: there is none).

        Raises :class:`~reader.errors.CannotUndo` when the rows changed since in a
        way that cannot be put back (that change is then forgotten)."""
        with self._lock:
            if not self._undo:
                return None
            step = self._undo.pop()
            try:
                undo.replay(self._conn, step)
            except CannotUndo:
                undo.forget(self._conn, step.id)
                raise
            if self._session is not None:
                self._session.forget_people()
            return step

    # -- settings --------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            return settings.get(conn, key, default)

    @_writes
    def set_setting(self, key: str, value: str) -> None:
        with self._lock:
            settings.set_value(self._conn, key, value)

    def settings(self) -> dict[str, str]:
        with self._read() as conn:
            return settings.every(conn)


def search_syntax() -> tuple[tuple[str, str], ...]:
    """What a search may hold, as ``(example, meaning)`` lines (the help screen's)."""
    from reader.search.query import SYNTAX

    return tuple(SYNTAX)


def _fill_spelling(conn: sqlite3.Connection, before: int) -> None:
    """After a schema update from ``before``: migration 0002 made the spelling index, so
    fill it for the articles already stored (in the update's transaction)."""
    if before < SPELLING_SINCE:
        from reader.search.spelling import refresh

        refresh(conn)
