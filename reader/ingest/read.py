"""Reading one article file: safely (no symlink followed, never past the folder named,
at most :data:`MAX_BYTES`), decoded, hashed, parsed, its people found, and made the row
the store writes; what came of it is an :data:`Outcome`.

A file is opened without following a symlink, and what was opened must still be inside
the folder the user named: a file swapped for a link after the walk found it is
skipped, not read.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import math
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.clean import clean_path
from reader.errors import ParseError
from reader.ingest.discover import Candidate, article_id
from reader.parse import parse_article
from reader.people.mentions import AliasScanner, Mention, MentionValues, find_mentions
from reader.storage.rows import row_values
from reader.types import ArticleRow, ParsedArticle

MAX_BYTES = 5 * 1024 * 1024


#: Bump when the parser reads files differently, so the next import re-parses them.
PARSER_VERSION = 4


_CAN_HINT = hasattr(os, "posix_fadvise")


class SkipFile(Exception):
    """This file is not imported; the message is the one-line reason."""


def _open_nonblocking(path: str, flags: int) -> int:
    # A FIFO put where a file was found would otherwise wait for a writer for ever.
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _open_no_link(path: str, flags: int) -> int:
    # The walk found real paths: a symlink here was swapped in since, and may lead anywhere.
    return _open_nonblocking(path, flags | getattr(os, "O_NOFOLLOW", 0))


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """The bytes of the file at ``path``, which must still be inside ``root`` (default:
    its own folder) when it is opened; :class:`SkipFile` with the reason if it cannot be.

    Read with the operating system's calls alone: the file object ``open`` makes (a
    raw file and its buffer, for one read) cost a third of reading a news article."""
    try:
        handle = _open_no_link(str(path), os.O_RDONLY)
    except FileNotFoundError:
        raise SkipFile("vanished during import") from None
    except PermissionError:
        raise SkipFile("cannot read: permission denied") from None
    except OSError as exc:
        raise _unreadable(exc) from None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise SkipFile("is a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file")
        if not _still_inside(path, root or path.parent, status, handle):
            raise SkipFile(f"moved outside {root or path.parent} during the import")
        size = status.st_size
        if size > MAX_BYTES:
            raise SkipFile(f"too large ({_megabytes(size)} MB; the limit is 5 MB)")
        # As much as the file's own size and a byte: a file that grew meanwhile is read
        # on, up to the limit and a byte.
        data = _read_up_to(handle, size + 1)
        if len(data) > size:
            data += _read_up_to(handle, MAX_BYTES + 1 - len(data))
    except OSError as exc:
        raise _unreadable(exc) from None
    finally:
        os.close(handle)
    if len(data) > MAX_BYTES:
        raise SkipFile("too large (over 5 MB)")
    if not data.strip():
        raise SkipFile("empty file")
    return data


def _read_up_to(handle: int, size: int) -> bytes:
    """Up to ``size`` bytes from ``handle``: fewer only at the end of the file."""
    data = os.read(handle, size)
    if 0 < len(data) < size:  # read on, to the end of the file or ``size``
        parts = [data]
        left = size - len(data)
        while left > 0 and (part := os.read(handle, left)):
            parts.append(part)
            left -= len(part)
        data = b"".join(parts)
    return data


def _unreadable(exc: OSError) -> SkipFile:
    """The reason a file that could not be opened or read is skipped."""
    if exc.errno in (errno.ELOOP, errno.EMLINK):  # what O_NOFOLLOW gives for a link
        return SkipFile("replaced by a symlink during the import")
    if isinstance(exc, PermissionError):
        return SkipFile("cannot read: permission denied")
    if isinstance(exc, IsADirectoryError):
        return SkipFile("is a folder")
    return SkipFile(f"cannot read: {exc.strerror or exc}")


def _still_inside(path: Path, root: Path, opened: os.stat_result, handle: int) -> bool:
    """Is the file opened (``opened``, as ``handle``) the one at ``path``'s real path,
    inside ``root``?

    A folder on the way to ``path`` swapped for a link leads somewhere else: then the
    real path is outside ``root``, or names another file than the one opened. Where
    the kernel tells the path of an open file (Linux), that is the real path, read
    in one call; elsewhere it is found part by part, and must lead to the same file.
    """
    real = _opened_path(handle)
    if real is None:
        try:
            real = os.path.realpath(path)
            status = os.stat(real)
        except OSError:
            return False
        if (status.st_dev, status.st_ino) != (opened.st_dev, opened.st_ino):
            return False
    base = str(root)
    return real == base or real.startswith(base if base.endswith(os.sep) else base + os.sep)


_FD_PATHS = "/proc/self/fd"


_CAN_READ_FD_PATH = os.path.isdir(_FD_PATHS)


def _opened_path(handle: int) -> str | None:
    """The real path of the file open as ``handle``, as the kernel tells it; None where
    it does not, or when the file was deleted meanwhile (it is then not read)."""
    if not _CAN_READ_FD_PATH:
        return None
    try:
        real = os.readlink(f"{_FD_PATHS}/{handle:d}")
    except OSError:
        return None
    if not real.startswith("/") or real.endswith(" (deleted)"):
        return None
    return real


def _megabytes(size: int) -> str:
    """``size`` in MB with one decimal, rounded up: 5 MB and a byte is "5.1", not "5.0"."""
    return f"{math.ceil(size * 10 / 1_048_576) / 10:.1f}"


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


# Checked first: the UTF-32LE mark starts with the UTF-16LE one.
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of ``data`` and, when it was not UTF-8, a note saying how it was read."""
    if data.startswith(_UTF32_BOMS):
        with contextlib.suppress(UnicodeDecodeError):  # else UTF-16 from a NUL, or binary
            return data.decode("utf-32"), "UTF-32 text"
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "UTF-16 text"
        except UnicodeDecodeError:
            raise SkipFile("binary file (broken UTF-16)") from None
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > len(sample) // 20:
        raise SkipFile("binary file")
    try:
        return data.decode("cp1252"), "not UTF-8; read as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; read as Latin-1"


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _will_read(path: Path) -> None:
    """Ask the kernel to start reading ``path`` into the page cache (no wait, no error):
    as much of it as the import reads (:func:`read_bytes`)."""
    if not _CAN_HINT:
        return
    try:
        handle = _open_no_link(str(path), os.O_RDONLY)
    except OSError:
        return  # reading it for real will say why
    try:
        os.posix_fadvise(handle, 0, MAX_BYTES + 1, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(handle)


def row_for(article: ParsedArticle, cand: Candidate, digest: str, now: str) -> ArticleRow:
    """What the store writes for one article read from ``cand``."""
    return ArticleRow(
        id=article_id(cand.path),
        path=clean_path(cand.path),
        source=clean_path(cand.source),
        content_hash=digest,
        parser_version=PARSER_VERSION,
        title=article.title,
        dek=article.dek,
        date=article.date,
        label=article.label,
        author=article.author,
        author_role=article.author_role,
        author_bio=article.author_bio,
        caption=article.caption,
        body=article.body,
        words=article.words,
        imported_at=now,
        updated_at=now,
        url=article.url,
    )


@dataclass(frozen=True, slots=True)
class Unchanged:
    """The file is as it was at the last import: nothing to write."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """The file could not be imported, and why (one line)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Read:
    """The file read: its row, a note on how it was read, the people it mentions (None
    when they could not be found) and why not.

    The mentions are :class:`~reader.people.mentions.Mention` where they were found, and
    their plain values once sent from a worker: the writer only unpacks them.
    """

    row: ArticleRow
    note: str | None
    mentions: Sequence[MentionValues] | None
    problem: str | None

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent back from a worker for every file: as plain tuples, a quarter of the time
        # that pickling the objects themselves takes.
        mentions = None if self.mentions is None else [tuple(m) for m in self.mentions]
        return _read_from, (row_values(self.row), self.note, mentions, self.problem)


def _read_from(
    values: tuple[Any, ...],
    note: str | None,
    mentions: list[MentionValues] | None,
    problem: str | None,
) -> Read:
    """A :class:`Read` as a worker sent it (see :meth:`Read.__reduce__`)."""
    return Read(ArticleRow(*values), note, mentions, problem)


#: What reading one file came to.
Outcome = Unchanged | Skipped | Read


def _read_one(
    cand: Candidate, previous: tuple[str, int] | None, now: str, scanner: AliasScanner
) -> Outcome:
    """Read, parse and find the people of one file (in a worker or in this process)."""
    try:
        data = read_bytes(cand.path, cand.root)
        digest = content_hash(data)
        if previous == (digest, PARSER_VERSION):
            return Unchanged()
        text, note = decode(data)
        try:
            article = parse_article(text, filename=cand.path.name)
        except ParseError as exc:
            raise SkipFile(str(exc)) from None
        except Exception as exc:  # a parser bug must not stop the import: report it, go on
            raise SkipFile(f"could not be read ({type(exc).__name__}: {exc})") from None
    except SkipFile as exc:
        return Skipped(str(exc))
    mentions: list[Mention] | None
    problem = None
    try:
        mentions = find_mentions(article.body, article.title, article.dek, scanner)
    except Exception as exc:  # the article goes in all the same, without its people
        mentions = None
        problem = f"people not found ({type(exc).__name__}: {exc})"
    return Read(row_for(article, cand, digest, now), note, mentions, problem)
