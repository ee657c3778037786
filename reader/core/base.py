"""The facade's groundwork: an open database, the articles in list order, and the
edits that :meth:`StoreBase.undo` can take back. :class:`reader.core.Store` builds on it
(with :mod:`reader.core.user_data` and :mod:`reader.core.people`)."""

from __future__ import annotations

import functools
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from reader.errors import CannotUndo
from reader.session import ImportSession
from reader.storage import articles, copies, listing, undo
from reader.storage.connection import MEMORY
from reader.storage.database import Storage
from reader.types import NEWEST, Article, ArticleSummary, UndoStep

if TYPE_CHECKING:
    from sqlite_utils import Database

#: The first schema version with the spelling index (migration ``0002_search``).
SPELLING_SINCE = 2
#: The first schema version that knows copies (migration ``0010_copies``).
COPIES_SINCE = 10

_Method = TypeVar("_Method", bound=Callable[..., Any])
_Result = TypeVar("_Result")


def writes(method: _Method) -> _Method:
    """Marks a facade method that writes: refused at once when read-only."""

    @functools.wraps(method)
    def checked(self: StoreBase, *args: Any, **kwargs: Any) -> Any:
        self.require_writable()
        return method(self, *args, **kwargs)

    return cast(_Method, checked)


class StoreBase:
    """An open news archive: its database, its articles, and undo."""

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

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path = MEMORY) -> Self:
        """Open (creating and migrating when needed) the database at ``path``.

        Raises :class:`StoreError` with one line for a file that is not a usable
        SQLite database, one from a newer version, or one that needs updating but
        can only be read.
        """
        return cls(Storage.open(str(path), _after_update))

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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles ----------------------------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes when another connection (another copy of the reader, an
        import) commits to the database: cheap enough to ask every second or two."""
        with self._read() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def count(self) -> int:
        with self._read() as conn:
            return articles.count(conn)

    def page(self, offset: int, limit: int, order: str = NEWEST) -> list[ArticleSummary]:
        """Articles ``offset`` .. ``offset + limit`` in ``order`` (one of
        :data:`~reader.types.ORDERS`): by default newest first, undated last."""
        with self._read() as conn:
            return listing.page(conn, offset, limit, order)

    def index_of(self, article_id: str, order: str = NEWEST) -> int | None:
        """The position of an article in the list in ``order``, or None if it is not there."""
        with self._read() as conn:
            return listing.index_of(conn, article_id, order)

    def article(self, article_id: str) -> Article:
        """The article with this id, or the one article whose id starts with it."""
        with self._read() as conn:
            return articles.article(conn, article_id)

    def integrity_ok(self) -> bool:
        with self._read() as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- edits and undo ----------------------------------------------------------------------

    @writes
    def _edit_people(self, edit: Callable[..., _Result], *args: Any) -> _Result:
        with self._lock:
            if self._session is not None:
                self._session.forget_people()
            return edit(self._conn, *args)

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

    @writes
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


def _after_update(conn: sqlite3.Connection, before: int) -> None:
    """After a schema update from ``before``, in its transaction: article files stored
    twice with the same bytes become one article (migration 0010 made the tables for it:
    :func:`reader.storage.copies.merge_all`), and the spelling index that migration 0002
    made is filled for the articles already stored."""
    if before < COPIES_SINCE:
        copies.merge_all(conn)
    if before < SPELLING_SINCE:
        from reader.search.spelling import refresh

        refresh(conn)
