"""Opening the database file: one SQLite connection (foreign keys, a busy timeout, WAL
once the file is known to be ours), why it can only be read, the backup copy made
before a schema update, and the write transaction every write goes through.

A database the user may not write (the file, or its folder) opens read-only; one
that is not a usable SQLite database, or another program's, is refused with one
line and left as it was. Writes take the write lock up front (``BEGIN IMMEDIATE``)
so that two running copies queue behind each other instead of failing half-way; a
write that still cannot get the lock raises :class:`~reader.errors.StoreError`
with a sentence saying so, and nothing is half-saved.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from reader.clean import clean_path
from reader.errors import StoreError
from reader.paths import expand_user
from reader.storage.version import SCHEMA_VERSION
from reader.terms import register_index_text

BUSY_TIMEOUT_MS = 10_000


MEMORY = ":memory:"


#: SQLite's primary result codes for a damaged file: SQLITE_CORRUPT, SQLITE_NOTADB.
DAMAGED_CODES = (11, 26)


_EFFECTIVE_IDS = os.access in os.supports_effective_ids


#: The first 16 bytes of every SQLite database file.
_SQLITE_HEADER = b"SQLite format 3\x00"


#: Less free space than this, and an I/O error at open is taken for a full disk
#: (SQLite needs 32 KiB for the -shm file, more for the WAL).
_FULL_DISK_BYTES = 1024 * 1024


class Connection(sqlite3.Connection):
    """The store's connection: every write transaction runs its ``before_write`` check
    first (:func:`writing`); ``fuzzy_cache`` holds the store's index of names
    (:class:`reader.storage.people_fuzzy.FuzzyCache`)."""

    before_write: Callable[[], None] | None = None
    fuzzy_cache: object | None = None


def _sqlite(target: str, *, uri: bool = False) -> Connection:
    conn = sqlite3.connect(
        target,
        uri=uri,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
        factory=Connection,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    register_index_text(conn)
    return conn


def connect(path: str) -> tuple[Connection, str]:
    """A connection to ``path``, and why it can only read ("" when it can write)."""
    if path == MEMORY:
        # A named shared-cache database, so a second Store can see it too.
        import uuid  # not at import: with platform, 2.4 ms of every command's start

        return _sqlite(f"file:reader-{uuid.uuid4().hex}?mode=memory&cache=shared", uri=True), ""
    file = expand_user(path)
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
            raise StoreError(open_failed(path, file, exc)) from None
        else:
            why = f"SQLite cannot write it: {exc}"
    try:
        return _open_read_only(file), why
    except sqlite3.DatabaseError as exc:
        raise StoreError(open_failed(path, file, exc)) from None


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


def open_failed(path: str, file: Path, exc: sqlite3.Error) -> str:
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


def file_identity(file: Path) -> tuple[int, int] | None:
    try:
        info = expand_user(file).stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def require_same_file(path: str, opened: tuple[int, int] | None) -> None:
    """Refuse a write once the file opened is no longer the one at ``path``: written into
    a deleted file, it would be lost without a word."""
    if opened is not None and file_identity(Path(path)) != opened:
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


def _open_read_only(file: Path) -> Connection:
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


def refusal(conn: sqlite3.Connection, path: str, version: int, why: str) -> str | None:
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


def use_wal(conn: sqlite3.Connection) -> None:
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


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that holds the lock from its start, all or nothing.

    A connection with a ``before_write`` check (the store's: is its file still the one
    at its path?) runs it first, inside the transaction, before anything is written.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(write_refused(conn, exc)) from None
    try:
        check = getattr(conn, "before_write", None)
        if check is not None:
            check()
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
            raise StoreError(
                f"{_where(conn)}: the disk is full, so this change was not saved "
                "(free some space, then try again)"
            ) from None
        raise


def _where(conn: sqlite3.Connection) -> str:
    """The database file of ``conn``, for a message."""
    try:
        return clean_path(conn.execute("PRAGMA database_list").fetchone()[2]) or "the database"
    except sqlite3.Error:
        return "the database"


def write_refused(conn: sqlite3.Connection, exc: sqlite3.Error) -> str:
    """One line for a write that could not start, naming the database file."""
    where = _where(conn)
    try:
        waited = conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
    except sqlite3.Error:
        waited = 0
    if "locked" in str(exc) or "busy" in str(exc):
        return (
            f"{where}: another program kept the database locked for {waited:g} s "
            "(another copy of the reader writing?); nothing was saved, try again"
        )
    return f"{where}: cannot write to the database ({exc}); nothing was saved"


def back_up(conn: sqlite3.Connection, path: str, version: int) -> Path:
    """Copy the database at ``path`` next to itself before updating it from ``version``
    (with the backup API: consistent even in WAL mode). Raises :class:`StoreError`,
    having removed a partial copy; the caller closes the connection."""
    source = Path(path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = source.with_name(f"{source.name}.v{version}-backup-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = source.with_name(f"{source.name}.v{version}-backup-{stamp}-{n}")
    try:
        with closing(sqlite3.connect(target)) as copy:
            conn.backup(copy)
        target.chmod(source.stat().st_mode & 0o777)  # notes are as private as the original
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise StoreError(
            f"{clean_path(path)}: cannot make a backup copy before updating it from schema "
            f"{version}, so it was left as it was ({exc})"
        ) from None
    return target
