"""The store facade: the one way the app and the CLI reach the database.

A :class:`Store` owns one SQLite connection (WAL, foreign keys, a busy timeout)
and returns frozen dataclasses from :mod:`reader.models`; SQL stays in this
package. Opening an up-to-date database imports neither sqlite-utils nor the
migrations, so the app's first screen is not kept waiting; writes and
migrations go through sqlite-utils, loaded on first use.

A database the user may not write (the file, or its folder) opens read-only and
refuses every write with :class:`ReadOnlyDatabase`; reading damaged pages raises
:class:`DamagedDatabase`. One from an older version is copied next to itself
(``news.db.v3-backup-20261121T221500Z``, with the sqlite3 backup API) before it
is updated.
"""

from __future__ import annotations

import functools
import itertools
import os
import sqlite3
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from reader.clean import clean_path
from reader.errors import (
    AmbiguousId,
    ArticleNotFound,
    CannotUndo,
    DamagedDatabase,
    ReadOnlyDatabase,
    StoreError,
)
from reader.models import Article, ArticleSummary, Bookmark, Draft, Note, Person
from reader.search.text import index_text, register_index_text
from reader.store import notes, people, undo

if TYPE_CHECKING:
    from sqlite_utils import Database

    from reader.models import SearchHit
    from reader.search.engine import SearchResults
    from reader.search.spelling import RefreshReport

#: Kept equal to the number of migrations in :mod:`reader.store.schema` (a test checks).
SCHEMA_VERSION = 7
BUSY_TIMEOUT_MS = 10_000
IMPORT_CACHE_KIB = 64 * 1024
MEMORY = ":memory:"
#: SQLite's primary result codes for a damaged file: SQLITE_CORRUPT, SQLITE_NOTADB.
_DAMAGED_CODES = (11, 26)
_EFFECTIVE_IDS = os.access in os.supports_effective_ids
#: The first 16 bytes of every SQLite database file.
_SQLITE_HEADER = b"SQLite format 3\x00"
#: Less free space than this, and an I/O error at open is taken for a full disk
#: (SQLite needs 32 KiB for the -shm file, more for the WAL).
_FULL_DISK_BYTES = 1024 * 1024

_SUMMARY_COLUMNS = (
    "id, title, date, author, source, words, label, dek, author_role, path, "
    "EXISTS (SELECT 1 FROM bookmarks WHERE bookmarks.article_id = articles.id), "
    "(SELECT count(*) FROM notes WHERE notes.article_id = articles.id AND notes.deleted IS NULL)"
)
_ARTICLE_COLUMNS = f"{_SUMMARY_COLUMNS}, body, content_hash, author_bio, caption, imported_at"
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
_UPSERT_SQL = (
    f"INSERT INTO articles ({', '.join(WRITE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in WRITE_COLUMNS)}) "
    "ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in WRITE_COLUMNS if c not in ("id", "imported_at"))
    # A row that is already as written (another copy of the reader importing the same
    # files at the same time) is left alone: not re-indexed, its dates kept.
    + " WHERE articles.content_hash IS NOT excluded.content_hash"
    " OR articles.parser_version IS NOT excluded.parser_version"
)


_INDEX_NEW_SQL = (
    "INSERT INTO articles_fts (rowid, title, dek, body, author) "
    "SELECT num, reader_index_text(title), reader_index_text(dek), reader_index_text(body), "
    "reader_index_text(author) FROM articles WHERE num > ?"
)
#: The same for a batch with no word to cut (nearly every one): the text goes to the index
#: straight from the table, without a call into Python and back for each column.
_INDEX_NEW_AS_IS_SQL = (
    "INSERT INTO articles_fts (rowid, title, dek, body, author) "
    "SELECT num, title, dek, body, author FROM articles WHERE num > ?"
)
#: Where the indexed columns stand in a row of :data:`WRITE_COLUMNS`.
_INDEXED_AT = tuple(WRITE_COLUMNS.index(c) for c in ("title", "dek", "body", "author"))


def _upsert(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Write ``rows`` inside the caller's write transaction; index the new ones at once.

    Updated rows are re-indexed by a trigger; new rows (``num`` above the largest
    before the batch) go into the full-text index in one statement, because FTS5
    flushes its pending terms at every statement, and one flush per article made a
    tiny index segment per article (most of an import's time). The index is given
    each column as :func:`reader.search.text.index_text` makes it, as the triggers do:
    when it changes no column of the batch (it gives back the very text), the
    columns are indexed as stored.
    """
    last = conn.execute("SELECT coalesce(max(num), 0) FROM articles").fetchone()[0]
    conn.executemany(_UPSERT_SQL, rows)
    as_is = all(index_text(row[at]) is row[at] for row in rows for at in _INDEXED_AT)
    conn.execute(_INDEX_NEW_AS_IS_SQL if as_is else _INDEX_NEW_SQL, (last,))


class _Connection(sqlite3.Connection):
    """The store's connection: every write transaction runs its ``before_write`` check
    first (:func:`reader.store.notes.writing`)."""

    before_write: Callable[[], None] | None = None


def _sqlite(target: str, *, uri: bool = False) -> _Connection:
    conn = sqlite3.connect(
        target,
        uri=uri,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
        factory=_Connection,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    register_index_text(conn)
    return conn


def _connect(path: str) -> tuple[sqlite3.Connection, str]:
    """A connection to ``path``, and why it can only read ("" when it can write)."""
    if path == MEMORY:
        # A named shared-cache database, so a second Store can see it too.
        return _sqlite(f"file:reader-{uuid.uuid4().hex}?mode=memory&cache=shared", uri=True), ""
    file = Path(path).expanduser()
    shown = clean_path(path)
    existed = _existing_database(file)
    why = _why_read_only(file) if existed else ""
    conn = None
    try:
        if not why:
            file.parent.mkdir(parents=True, exist_ok=True)
            conn = _sqlite(str(file))
            # The first read: in WAL mode it needs the -shm file, so an unwritable
            # folder that os.access did not see (an ACL, say) shows here.
            conn.execute("PRAGMA schema_version").fetchone()
            return conn, ""
    except OSError as exc:
        raise StoreError(f"{shown}: cannot create the database ({exc.strerror})") from None
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        name = getattr(exc, "sqlite_errorname", "")
        if not existed and name.startswith("SQLITE_CANTOPEN"):
            raise StoreError(f"{shown}: cannot create the database ({exc})") from None
        if existed and _disk_full(file, exc):
            # A healthy database on a full disk (SQLite could not make its -shm file):
            # read it, and say why nothing can be saved.
            why = "the disk is full; free some space on it to save anything"
        elif not name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
            raise StoreError(_open_failed(path, file, exc)) from None
        else:
            why = f"SQLite cannot write it: {exc}"
    try:
        return _open_read_only(file), why
    except sqlite3.DatabaseError as exc:
        raise StoreError(_open_failed(path, file, exc)) from None


def _existing_database(file: Path) -> bool:
    """Whether ``file`` exists; :class:`StoreError` for anything SQLite must not be given.

    Only a missing or empty file becomes a new database. SQLite takes a file of one
    byte for an empty database and overwrites it, and it writes a journal next to a
    device (``/dev/null-journal``): so anything else that is not a regular file with
    an SQLite header is refused here, before SQLite sees it, and left as it was.
    """
    shown = clean_path(file)
    try:
        info = file.stat()
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        blocker = next((p for p in file.parents if p.exists()), None)
        raise StoreError(
            f"{shown}: cannot create the database: a parent folder, "
            f"{clean_path(blocker or file.parent)}, is a file"
        ) from None
    except OSError as exc:
        raise StoreError(f"{shown}: cannot open the database ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{shown}: is a folder, not a database file")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{shown}: not a regular file (a device or a pipe?), so not a database")
    if info.st_size > 0:
        try:
            with file.open("rb") as f:
                header = f.read(len(_SQLITE_HEADER))
        except OSError:
            return True  # SQLite says what is wrong (it may not be read, say)
        if header != _SQLITE_HEADER:
            raise StoreError(
                f"{shown}: not a usable SQLite database (it does not start as one); "
                "it was left as it was"
            )
    return True


def _disk_full(file: Path, exc: sqlite3.Error) -> bool:
    """Whether ``exc``, met opening ``file``, comes from a full disk."""
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return True
    if not name.startswith("SQLITE_IOERR"):
        return False
    try:
        space = os.statvfs(file.parent)
    except OSError:
        return False
    return space.f_bavail * space.f_frsize < _FULL_DISK_BYTES


def _open_failed(path: str, file: Path, exc: sqlite3.Error) -> str:
    """One line for a database that could not be opened: a full disk and a disk error are
    not called an unusable database (that would invite deleting a healthy one)."""
    shown = clean_path(path)
    if _disk_full(file, exc):
        return (
            f"{shown}: cannot open: the disk is full (free some space on it, then try again); "
            "the database was not changed"
        )
    if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_IOERR"):
        return f"{shown}: cannot open: a disk error ({exc}); the database was not changed"
    return f"{shown}: not a usable SQLite database ({exc})"


def _file_identity(file: Path) -> tuple[int, int] | None:
    try:
        info = file.expanduser().stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _require_same_file(path: str, opened: tuple[int, int] | None) -> None:
    """Refuse a write once the file opened is no longer the one at ``path``: written into
    a deleted file, it would be lost without a word."""
    if opened is not None and _file_identity(Path(path)) != opened:
        raise StoreError(
            f"{clean_path(path)}: the database file was deleted or replaced while "
            "the reader had it open; nothing was saved (restart the reader)"
        )


def _why_read_only(file: Path) -> str:
    """Why the existing database ``file`` can only be read ("" when it can be written)."""
    if not os.access(file, os.W_OK, effective_ids=_EFFECTIVE_IDS):
        return "you may not write to the file"
    if not os.access(file.parent, os.W_OK | os.X_OK, effective_ids=_EFFECTIVE_IDS):
        return "you may not write to its folder, where SQLite keeps its journal"
    return ""


def _open_read_only(file: Path) -> sqlite3.Connection:
    uri = f"{file.resolve().as_uri()}?mode=ro"
    # A database in WAL mode is read with the help of its -shm file (the WAL index).
    # SQLite creates a missing one, which it cannot do in a read-only folder; and
    # next to a read-only file it would create one just as read-only, which would keep
    # the database read-only even after the user fixed its permissions. No -shm file
    # means no program has the database open, so nobody is writing it: then the file
    # is opened as immutable, the only way to read it without a -shm file (SQLite then
    # takes no locks and reads no -wal file; a program that may write the file and
    # starts while we read is the one case this could miss).
    shm = file.with_name(file.name + "-shm")
    if not (_in_wal_mode(file) and not shm.exists()):
        conn = _sqlite(uri, uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # the first read: needs the -shm
            return conn
        except sqlite3.OperationalError:
            conn.close()  # e.g. a -shm file left behind that we may not read
    return _sqlite(uri + "&immutable=1", uri=True)


def _in_wal_mode(file: Path) -> bool:
    """Whether the database header says WAL (bytes 18 and 19, the read and write versions)."""
    try:
        with file.open("rb") as f:
            return f.read(20)[18:20] == b"\x02\x02"
    except OSError:
        return False


def _refusal(conn: sqlite3.Connection, path: str, version: int, why: str) -> str | None:
    """Why the database at ``path`` cannot be used at all (None when it can)."""
    path = clean_path(path)
    if version > SCHEMA_VERSION:
        return (
            f"{path}: written by a newer version of the reader "
            f"(schema {version}, this program knows {SCHEMA_VERSION})"
        )
    if version == 0:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        tables = sorted(clean_path(row[0]) for row in conn.execute(sql))
        if tables and "_sqlite_migrations" not in tables:
            return (
                f"{path}: an SQLite database of another program (tables: "
                f"{', '.join(tables[:3])}{', ...' if len(tables) > 3 else ''}), "
                "not a reader database; it was left as it was"
            )
    if version < SCHEMA_VERSION and why:
        needs = (
            f"is from an older version (schema {version}) and needs updating"
            if version
            else "is empty and needs setting up"
        )
        return f"{path}: the database {needs}, but it is read-only ({why})"
    return None


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _writes(method: _Method) -> _Method:
    """Marks a :class:`Store` method that writes: refused at once when read-only."""

    @functools.wraps(method)
    def checked(self: Store, *args: Any, **kwargs: Any) -> Any:
        self.require_writable()
        return method(self, *args, **kwargs)

    return cast(_Method, checked)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the database in WAL mode. Switching needs the database to itself, and SQLite
    says "locked" at once, without waiting, while another copy of the reader is creating
    the same database: so try again until the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


class Store:
    """A news archive in one SQLite database file (or in memory, for tests)."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self.path = path
        #: The path as messages show it: one line, its control characters escaped.
        self.shown_path = clean_path(path)
        #: Why the database can only be read ("" when it can be written).
        self.read_only_reason = ""
        #: Set when opening made a backup copy before updating the schema: one line saying so.
        self.backup_notice: str | None = None
        self._lock = threading.RLock()
        self._sqlite_utils_db: Database | None = None
        #: The people writer of the import under way.
        self._people_writer: people.PeopleWriter | None = None
        #: The changes made through :meth:`undoable`, oldest first.
        self._undo: list[undo.UndoStep] = []
        self._undo_ids = itertools.count(1)

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path = MEMORY) -> Store:
        """Open (creating and migrating when needed) the database at ``path``.

        Raises :class:`StoreError` with one line for a file that is not a usable
        SQLite database, one from a newer version, or one that needs updating but
        can only be read.
        """
        path = str(path)
        conn, why = _connect(path)
        store = cls(conn, path)
        store.read_only_reason = why
        if path != MEMORY:
            conn.before_write = functools.partial(
                _require_same_file, path, _file_identity(Path(path))
            )
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            problem = _refusal(conn, path, version, why)
            if not problem and not why and path != MEMORY:  # known to be ours: WAL
                _use_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            problem = _open_failed(path, Path(path).expanduser(), exc)
        if problem:
            conn.close()
            raise StoreError(problem)
        if version < SCHEMA_VERSION:
            backup = store._back_up(version) if version else None
            store._migrate(backup)
            if backup is not None:
                store.backup_notice = (
                    f"updated {store.shown_path} from schema {version} to {SCHEMA_VERSION}; "
                    f"the copy made before is {clean_path(backup)}"
                )
        return store

    def _back_up(self, version: int) -> Path:
        """Copy the database next to itself before updating it (consistent even in WAL)."""
        source = Path(self.path)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = source.with_name(f"{source.name}.v{version}-backup-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = source.with_name(f"{source.name}.v{version}-backup-{stamp}-{n}")
        try:
            with closing(sqlite3.connect(target)) as copy:
                self._conn.backup(copy)
            target.chmod(source.stat().st_mode & 0o777)  # notes are as private as the original
        except (sqlite3.Error, OSError) as exc:
            self.close()
            target.unlink(missing_ok=True)
            raise StoreError(
                f"{self.shown_path}: cannot make a backup copy before updating it from schema "
                f"{version}, so it was left as it was ({exc})"
            ) from None
        return target

    def _migrate(self, backup: Path | None = None) -> None:
        from reader.store.schema import migrate

        with self._lock:
            try:
                # Under the write lock, and only if still needed: another copy of the
                # reader opening the database at the same time may have migrated it.
                with notes.writing(self._conn) as conn:
                    if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                        migrate(self._db)
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
    def _db(self) -> Database:
        """The sqlite-utils view of the connection, made on first write."""
        if self._sqlite_utils_db is None:
            from sqlite_utils import Database

            self._sqlite_utils_db = Database(self._conn)
        return self._sqlite_utils_db

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.DatabaseError as exc:
                if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _DAMAGED_CODES:
                    damaged = f"{self.shown_path}: the database is damaged ({exc})"
                    raise DamagedDatabase(damaged) from None
                raise

    # -- reading ---------------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes when another connection (another copy of the reader, an
        import) commits to the database: cheap enough to ask every second or two."""
        with self._read() as conn:
            return conn.execute("PRAGMA data_version").fetchone()[0]

    def count(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def page(self, offset: int, limit: int) -> list[ArticleSummary]:
        """Articles ``offset`` .. ``offset + limit`` in list order: newest first, undated last."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles "
                "ORDER BY date DESC, num DESC LIMIT ? OFFSET ?",
                (max(limit, 0), max(offset, 0)),
            ).fetchall()
        return [ArticleSummary(*row) for row in rows]

    def index_of(self, article_id: str) -> int | None:
        """The position of an article in list order, or None if it is not there."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT date, num FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None:
                return None
            date, num = row
            if date is None:
                sql = (
                    "SELECT count(*) FROM articles WHERE date IS NOT NULL "
                    "OR (date IS NULL AND num > ?)"
                )
                return conn.execute(sql, (num,)).fetchone()[0]
            sql = "SELECT count(*) FROM articles WHERE date > ? OR (date = ? AND num > ?)"
            return conn.execute(sql, (date, date, num)).fetchone()[0]

    def article(self, article_id: str) -> Article:
        """The article with this id, or the one article whose id starts with it."""
        key = article_id.strip().lower()
        if not key:
            raise ArticleNotFound("no article id given")
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                (key, key + "\uffff"),
            ).fetchall()
        exact = [r for r in rows if r[0] == key]
        if exact:
            return Article(*exact[0])
        if not rows:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        if len(rows) > 1:
            raise AmbiguousId(f"{article_id!r} matches more than one article; give more of the id")
        return Article(*rows[0])

    def known_files(self) -> dict[str, tuple[str, int]]:
        """``id -> (content_hash, parser_version)`` for every stored article."""
        with self._read() as conn:
            rows = conn.execute("SELECT id, content_hash, parser_version FROM articles")
            return {row[0]: (row[1], row[2]) for row in rows}

    def integrity_ok(self) -> bool:
        with self._read() as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- writing ---------------------------------------------------------------

    @_writes
    def write_articles(self, rows: Sequence[Sequence[Any]]) -> None:
        """Insert or update articles (tuples in :data:`WRITE_COLUMNS` order), all or none."""
        if not rows:
            return
        with self._lock, notes.writing(self._conn) as conn:
            _upsert(conn, rows)

    def tune_for_import(self) -> None:
        """A bigger page cache for this connection: an import writes many index pages."""
        with self._lock:
            self._conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")

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

    @_writes
    def refresh_spelling(self) -> RefreshReport:
        """Add the words of articles written since the last call to the spelling index.

        All or nothing, and never needed for the articles to be kept: on failure it
        raises :class:`StoreError` saying so, and the articles stay pending, so the
        next call does the work again.
        """
        from reader.search.spelling import refresh

        with self._lock:
            try:
                return refresh(self._conn)
            except (sqlite3.Error, UnicodeError) as exc:  # no lock, no room, a bad term …
                raise StoreError(
                    f"{self.shown_path}: the spelling index could not be updated ({exc}); "
                    "the articles are saved, and it is brought up to date at the next import"
                ) from None

    # -- bookmarks and notes (the SQL is in reader.store.notes) ------------------

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
            return notes.set_bookmark(self._conn, full, on)

    def is_bookmarked(self, article_id: str) -> bool:
        with self._read() as conn:
            sql = "SELECT 1 FROM bookmarks WHERE article_id = ?"
            return conn.execute(sql, (article_id,)).fetchone() is not None

    def bookmarks(self) -> list[Bookmark]:
        """Every bookmark, newest first, with its article when it is in the database."""
        with self._read() as conn:
            rows = notes.bookmark_rows(conn)
        summaries = self._summaries([article_id for article_id, _ in rows])
        return [Bookmark(summaries.get(aid), aid, at) for aid, at in rows]

    def bookmark_count(self) -> int:
        with self._read() as conn:
            sql = "SELECT count(*) FROM bookmarks JOIN articles ON id = article_id"
            return conn.execute(sql).fetchone()[0]

    def bookmark_page(self, offset: int, limit: int) -> list[ArticleSummary]:
        """Bookmarked articles, newest bookmark first (the app's bookmarks view)."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM bookmarks JOIN articles "
                "ON articles.id = bookmarks.article_id "
                "ORDER BY bookmarks.created DESC, bookmarks.rowid DESC LIMIT ? OFFSET ?",
                (max(limit, 0), max(offset, 0)),
            ).fetchall()
        return [ArticleSummary(*row) for row in rows]

    def _summaries(self, ids: Sequence[str]) -> dict[str, ArticleSummary]:
        found: dict[str, ArticleSummary] = {}
        with self._read() as conn:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" for _ in chunk)
                sql = f"SELECT {_SUMMARY_COLUMNS} FROM articles WHERE id IN ({marks})"
                for row in conn.execute(sql, chunk):
                    found[row[0]] = ArticleSummary(*row)
        return found

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
        """Forget deleted notes (see :func:`reader.store.notes.purge_deleted`)."""
        with self._lock:
            return notes.purge_deleted(self._conn, ids, before)

    @_writes
    def reanchor_notes(self, article_ids: Sequence[str]) -> int:
        """After articles changed: find each quote again, detach notes whose quote is gone."""
        with self._lock:
            return notes.reanchor(self._conn, article_ids)

    def misplaced_quotes(self) -> list[str]:
        """Articles with a quoted note not where its quote is (see :func:`notes.misplaced`)."""
        with self._read() as conn:
            return notes.misplaced(conn)

    @_writes
    def save_draft(self, draft: Draft) -> None:
        with self._lock:
            notes.save_draft(self._conn, draft)

    def drafts(self) -> list[Draft]:
        with self._read() as conn:
            return notes.drafts(conn)

    def draft(self, key: str) -> Draft | None:
        """The draft kept under ``key`` (``new:ARTICLE`` or ``edit:NOTE``), if any."""
        with self._read() as conn:
            return notes.draft(conn, key)

    @_writes
    def delete_draft(self, key: str) -> None:
        with self._lock:
            notes.delete_draft(self._conn, key)

    def export_notes(self) -> dict[str, Any]:
        """Every bookmark and note as JSON-ready data (:meth:`import_notes` reads it back)."""
        with self._read() as conn:
            return notes.export_data(conn)

    @_writes
    def import_notes(self, data: object) -> notes.Imported:
        """Merge an export (see :func:`notes.import_data`). ``ValueError`` if it is not one."""
        with self._lock:
            return notes.import_data(self._conn, data)

    def export_markdown(self) -> str:
        """All bookmarks and notes as one Markdown document, articles in list order."""
        from reader.store.export import to_markdown

        with self._read() as conn:
            ids = {aid for aid, _ in notes.bookmark_rows(conn)}
            bookmarked = set(ids)
            all_notes = list(reversed(notes.notes(conn)))
            ids.update(n.article_id for n in all_notes)
        summaries = self._summaries(sorted(ids))
        ordered = sorted(summaries.values(), key=lambda s: s.title)
        ordered.sort(key=lambda s: s.date or "", reverse=True)  # list order; undated last
        return to_markdown(ordered, all_notes, bookmarked)

    # -- people (the SQL is in reader.store.people) ---------------------------------

    def write_import_batch(
        self,
        rows: Sequence[Sequence[Any]],
        mentions: Sequence[Sequence[people.Mention] | None],
    ) -> None:
        """Like :meth:`write_articles`, and replace the people of those articles.

        ``mentions[i]`` are the raw mentions of ``rows[i]`` (:func:`people.find_mentions`);
        None when they could not be found. The people are written every
        :data:`people.STAGE_ARTICLES` articles and by :meth:`finish_people`, which must
        follow the last batch: one person's rows spread over the whole table, so
        fewer, bigger writes cost much less. Until then the articles are listed in
        ``people_todo``, in the same transaction as their rows, so a killed import
        loses nothing: the next one finds their people from the stored text.
        """
        if not rows:
            return
        id_at, date_at = WRITE_COLUMNS.index("id"), WRITE_COLUMNS.index("date")
        with self._lock:
            writer = self._people_writer = self._people_writer or people.PeopleWriter()
            try:
                with notes.writing(self._conn) as conn:
                    _upsert(conn, rows)
                    nums = people.nums_of_ids(conn, [row[id_at] for row in rows])
                    items = [
                        (nums[row[id_at]], row[date_at], found)
                        for row, found in zip(rows, mentions, strict=True)
                    ]
                    flushed = writer.stage(conn, items)
            except BaseException:
                writer.forget()
                raise
            writer.staged(items, flushed)

    def finish_people(self) -> None:
        """After an import's last batch: write the people still held, update the counts."""
        with self._lock:
            writer = self._people_writer
            self._people_writer = None
            if writer is None and people.counts_stale(self._conn):
                # An import killed between writing people and counting them: count now.
                writer = people.PeopleWriter()
                writer.full_recount = True
            if writer is not None:
                with notes.writing(self._conn) as conn:
                    writer.finish(conn)

    def people_scanner(self) -> people.AliasScanner:
        """The user's text aliases, for :func:`people.find_mentions` (picklable)."""
        with self._read() as conn:
            return people.scanner(conn)

    def people_todo_count(self) -> int:
        """How many stored articles still wait for their people to be found."""
        with self._read() as conn:
            return people.todo_count(conn)

    def people_todo(self, limit: int = 500) -> list[tuple[int, str, str | None, str]]:
        """Up to ``limit`` of them: ``(num, title, dek, body)``."""
        with self._read() as conn:
            return people.todo(conn, limit)

    def write_todo_people(
        self, found: Sequence[tuple[int, Sequence[people.Mention] | None]]
    ) -> None:
        """Store the people found in articles of :meth:`people_todo` (``(num, mentions)``)."""
        if not found:
            return
        with self._lock:
            writer = self._people_writer = self._people_writer or people.PeopleWriter()
            try:
                with notes.writing(self._conn) as conn:
                    dates = people.dates_of(conn, [num for num, _ in found])
                    items = [(num, dates[num], m) for num, m in found if num in dates]
                    writer.write(conn, items)
                    people.done_todo(conn, [num for num, _ in found])
            except BaseException:
                writer.forget()
                raise

    def people(
        self, query: str = "", include_hidden: bool = False, limit: int | None = None
    ) -> list[Person]:
        """People mentioned in the articles, most articles first.

        With ``query``, only those whose name or an alias fits it, typos allowed
        (``"kardashain"``), best fit first, then most articles.
        """
        if not query.strip():
            with self._read() as conn:
                return people.list_people(conn, include_hidden=include_hidden, limit=limit)
        with self._read() as conn:
            index = people.fuzzy_index(conn)
            ranked = people.fuzzy_match(index, query, include_hidden=include_hidden)
            ids = [pid for pid, _ in ranked[:limit] if limit is None or limit > 0]
            found = people.people_by_ids(conn, ids)
        return [found[pid] for pid in ids if pid in found]

    def person(self, name_or_key: str) -> Person:
        """The person with this name, key or alias (any case; hidden ones too).

        Raises :class:`~reader.errors.PersonNotFound` or :class:`~reader.errors.AmbiguousPerson`.
        """
        with self._read() as conn:
            return people.find_person(conn, name_or_key)

    def person_by_id(self, person_id: int) -> Person:
        with self._read() as conn:
            return people.person_by_id(conn, person_id)

    def resolve_people(self, names: Sequence[str]) -> list[Person]:
        """The visible person each of ``names`` names (for filters); an error for any other."""
        with self._read() as conn:
            return [people.find_person(conn, name, include_hidden=False) for name in names]

    def article_people(self, article_id: str) -> list[tuple[Person, int]]:
        """Who an article mentions and how often: most mentioned first (hidden people left out)."""
        with self._read() as conn:
            return people.article_people(conn, article_id)

    def person_page(
        self, person_ids: Sequence[int], offset: int, limit: int
    ) -> list[ArticleSummary]:
        """Articles mentioning every one of ``person_ids``, in list order (as :meth:`page`)."""
        if not person_ids:
            return self.page(offset, limit)
        with self._read() as conn:
            rows = people.person_page_rows(conn, person_ids, offset, limit, _SUMMARY_COLUMNS)
        return [ArticleSummary(*row) for row in rows]

    def person_count(self, person_ids: Sequence[int]) -> int:
        """How many articles mention every one of ``person_ids``."""
        if not person_ids:
            return self.count()
        with self._read() as conn:
            return people.person_count(conn, person_ids)

    def co_mentioned(self, person_id: int, limit: int = 10) -> list[tuple[Person, int]]:
        """The people most often mentioned in the same articles, with how many articles."""
        with self._read() as conn:
            return people.co_mentioned(conn, person_id, limit)

    @_writes
    def _edit_people(self, edit: Any, *args: Any) -> Person:
        with self._lock:
            if self._people_writer is not None:
                self._people_writer.forget()
            return edit(self._conn, *args)

    def rename_person(self, old: str, new: str) -> Person:
        """Show a person under a new name (kept through every re-import)."""
        return self._edit_people(people.rename, old, new)

    def merge_people(self, from_: str, into: str) -> Person:
        """Make ``from_`` and ``into`` one person, named as ``into``; returns that person."""
        return self._edit_people(people.merge, from_, into)

    def add_alias(self, person: str, alias: str) -> Person:
        """``alias`` (e.g. "Ye") means ``person`` from now on, also as a word in bodies."""
        return self._edit_people(people.add_alias, person, alias)

    def split_alias(self, alias: str) -> Person:
        """Undo an alias or a merge; returns the person it was an alias of."""
        return self._edit_people(people.split_alias, alias)

    def hide_person(self, name: str, hidden: bool = True) -> Person:
        """Hide a person from lists and filters (``hidden=False`` shows them again)."""
        return self._edit_people(people.set_hidden, name, hidden)

    # -- undo ------------------------------------------------------------------

    @contextmanager
    def undoable(
        self, description: str, kind: str, article_id: str | None = None
    ) -> Iterator[undo.UndoStep]:
        """Make the writes of the block one change that :meth:`undo` can take back.

        ``description`` says what it did (it may be set on the step in the block, once
        known); ``kind`` and ``article_id`` tell the app what to show again. A block
        that raises, or changes nothing, leaves nothing to undo.
        """
        self.require_writable()
        with self._lock:
            step = undo.UndoStep(next(self._undo_ids), description, kind, article_id)
            with undo.recording(self._conn, step.id):
                yield step
            if undo.recorded(self._conn, step.id):
                self._undo.append(step)

    @_writes
    def undo(self) -> undo.UndoStep | None:
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
            if self._people_writer is not None:
                self._people_writer.forget()
            return step

    # -- settings --------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    @_writes
    def set_setting(self, key: str, value: str) -> None:
        # Takes the write lock up front (notes.writing): a transaction that read first
        # could not wait for another copy's write to end, and failed at once.
        sql = "INSERT INTO settings VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value"
        with self._lock, notes.writing(self._conn) as conn:
            conn.execute(sql, (key, value))

    def settings(self) -> dict[str, str]:
        with self._read() as conn:
            return dict(conn.execute("SELECT key, value FROM settings").fetchall())
