"""One open database file: its connection and lock, why it can only be read, and the
schema update (with a backup copy first) that opening may need.

A :class:`Storage` is what the facade (:class:`reader.core.Store`) composes; the domain
modules beside this one take its connection. Opening an up-to-date database imports
neither sqlite-utils nor the migrations, so the app's first screen is not kept waiting.
A database the user may not write (the file, or its folder) opens read-only and
refuses every write with :class:`ReadOnlyDatabase`; reading damaged pages raises
:class:`DamagedDatabase`. One from an older version is copied next to itself
(``news.db.v3-backup-20261121T221500Z``) before it is updated.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reader.clean import clean_path
from reader.errors import DamagedDatabase, ReadOnlyDatabase, StoreError
from reader.paths import expand_user
from reader.storage import connection
from reader.storage.connection import MEMORY
from reader.storage.people_fuzzy import FuzzyCache
from reader.storage.version import SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlite_utils import Database


class Storage:
    """A news archive's database file (or one in memory, for tests), open."""

    def __init__(self, conn: connection.Connection, path: str) -> None:
        self.conn = conn
        #: The index of names for typed people filters, made again only when people change.
        conn.fuzzy_cache = FuzzyCache()
        self.path = path
        #: The path as messages show it: one line, its control characters escaped.
        self.shown_path = clean_path(path)
        #: Why the database can only be read ("" when it can be written).
        self.read_only_reason = ""
        #: Set when opening made a backup copy before updating the schema: one line saying so.
        self.backup_notice: str | None = None
        #: Held by every use of the connection (it is shared by the app's threads).
        self.lock = threading.RLock()
        self._sqlite_utils_db: Database | None = None

    @classmethod
    def open(
        cls, path: str, migrated: Callable[[sqlite3.Connection, int], None] | None = None
    ) -> Storage:
        """Open (creating and migrating when needed) the database at ``path``.

        Raises :class:`StoreError` with one line for a file that is not a usable
        SQLite database, one from a newer version, or one that needs updating but
        can only be read. ``migrated(conn, version)`` runs after an update from ``version``,
        in its transaction.
        """
        conn, why = connection.connect(path)
        storage = cls(conn, path)
        storage.read_only_reason = why
        if path != MEMORY:
            conn.before_write = functools.partial(
                connection.require_same_file, path, connection.file_identity(Path(path))
            )
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            problem = connection.refusal(conn, path, version, why)
            if not problem and not why and path != MEMORY:  # known to be ours: WAL
                connection.use_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            problem = connection.open_failed(path, expand_user(path), exc)
        if problem:
            conn.close()
            raise StoreError(problem)
        if version < SCHEMA_VERSION:
            backup = storage.back_up(version) if version else None
            storage.migrate(backup, migrated)
            if backup is not None:
                storage.backup_notice = (
                    f"updated {storage.shown_path} from schema {version} to {SCHEMA_VERSION}; "
                    f"the copy made before is {clean_path(backup)}"
                )
        return storage

    def another(self) -> Storage | None:
        """The same database file on a connection (and lock) of its own, for a writer that
        must not hold this connection while it writes: readers on this one go on (WAL).
        None for a database in memory (its connections share one cache, and its locks),
        or one that can only be read."""
        if self.path == MEMORY or self.read_only:
            return None
        conn, why = connection.connect(self.path)
        if why:  # it could be written a moment ago
            conn.close()
            return None
        other = Storage(conn, self.path)
        conn.before_write = self.conn.before_write
        conn.execute("PRAGMA synchronous = NORMAL")
        return other

    def back_up(self, version: int) -> Path:
        """Copy the database next to itself before updating it (consistent even in WAL)."""
        try:
            return connection.back_up(self.conn, self.path, version)
        except StoreError:
            self.close()
            raise

    def migrate(
        self,
        backup: Path | None = None,
        migrated: Callable[[sqlite3.Connection, int], None] | None = None,
    ) -> None:
        from reader.storage.schema import migrate

        with self.lock:
            try:
                # Under the write lock, and only if still needed: another copy of the
                # reader opening the database at the same time may have migrated it.
                with connection.writing(self.conn) as conn:
                    before = conn.execute("PRAGMA user_version").fetchone()[0]
                    if before < SCHEMA_VERSION:
                        migrate(self.db)
                    if migrated is not None:
                        migrated(conn, before)
            except sqlite3.DatabaseError as exc:
                kept = f"; the copy made before is {clean_path(backup)}" if backup else ""
                shown = self.shown_path
                raise StoreError(f"{shown}: cannot update the schema ({exc}){kept}") from None

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    @property
    def read_only_notice(self) -> str | None:
        """One line for the user when the database can only be read, else None."""
        if not self.read_only:
            return None
        return (
            f"{self.shown_path} is read-only ({self.read_only_reason}): "
            "reading and searching work, nothing can be saved"
        )

    def require_writable(self) -> None:
        """Raise :class:`ReadOnlyDatabase` (one line: the file and why) when read-only."""
        if self.read_only:
            raise ReadOnlyDatabase(
                f"{self.shown_path} is read-only ({self.read_only_reason}); nothing was saved"
            )

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection, made on first write."""
        if self._sqlite_utils_db is None:
            from sqlite_utils import Database

            self._sqlite_utils_db = Database(self.conn)
        return self._sqlite_utils_db

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            try:
                yield self.conn
            except sqlite3.DatabaseError as exc:
                if getattr(exc, "sqlite_errorcode", 0) & 0xFF in connection.DAMAGED_CODES:
                    damaged = f"{self.shown_path}: the database is damaged ({exc})"
                    raise DamagedDatabase(damaged) from None
                raise
