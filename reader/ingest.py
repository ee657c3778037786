"""Importing article files: find them, read them safely, parse, and store.

The walk never leaves the folder the user named: a symlink that points outside
it, a link loop or a broken link is skipped with its reason. Each file is read
once, hashed, and parsed only when new or changed; rows are written in batches,
one transaction each, so a killed import leaves whole rows or none and the next
import carries on. Every problem is one :class:`~reader.models.FileIssue` line.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.models import FileIssue, ImportReport, ParsedArticle
from reader.parse import ParseError, parse_article

if TYPE_CHECKING:
    from reader.store import Store

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
MAX_BYTES = 5 * 1024 * 1024
#: Bump when the parser reads files differently, so the next import re-parses them.
PARSER_VERSION = 1
BATCH_SIZE = 500

Progress = Callable[[int, int, str], None]
"""``progress(done, total, path)``, called after each file."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file found by the walk, with the folder the user named for it."""

    path: Path
    source: str


def article_id(path: Path) -> str:
    """The stable public id of the article read from ``path`` (16 hex digits)."""
    return hashlib.blake2b(str(path).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


# -- finding files ----------------------------------------------------------------


def find_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Candidate], list[FileIssue]]:
    """Every article file under ``paths``, each once, and the paths that were refused."""
    found: list[Candidate] = []
    issues: list[FileIssue] = []
    seen: set[Path] = set()

    def add(real: Path, shown: str) -> None:
        if real not in seen:
            seen.add(real)
            found.append(Candidate(real, real.parent.name or shown))

    for raw in paths:
        named = Path(raw).expanduser()
        try:
            real = named.resolve(strict=True)
        except FileNotFoundError:
            reason = "broken symlink" if named.is_symlink() else "no such file or folder"
            issues.append(FileIssue(str(named), reason))
            continue
        except (RuntimeError, OSError) as exc:
            issues.append(FileIssue(str(named), _link_error(exc)))
            continue
        if real.is_dir():
            for item in _walk(real, issues):
                add(item, str(named))
        elif real.is_file():
            add(real, str(named))
        else:
            issues.append(FileIssue(str(named), "not a regular file"))
    return found, issues


def _link_error(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:  # ELOOP
        return "symlink loop"
    return f"cannot open: {getattr(exc, 'strerror', None) or exc}"


def _walk(root: Path, issues: list[FileIssue]) -> Iterator[Path]:
    """Article files below ``root``, sorted, never following a link out of it."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            issues.append(FileIssue(str(folder), f"cannot list folder: {exc.strerror or exc}"))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                target = _inside_link(path, root, issues)
                if target is None or target.is_dir():
                    # A link to a folder inside root: its files are found through the real path.
                    continue
                if _is_article_name(target):
                    yield target
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(path)
                elif (
                    entry.is_file(follow_symlinks=False) and path.suffix.lower() in ARTICLE_SUFFIXES
                ):
                    yield path
            except OSError as exc:
                issues.append(FileIssue(str(path), f"cannot open: {exc.strerror or exc}"))
        stack.extend(reversed(subfolders))


def _is_article_name(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES


def _inside_link(path: Path, root: Path, issues: list[FileIssue]) -> Path | None:
    """Where a symlink inside ``root`` leads, or None (and an issue) if it may not be followed."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        issues.append(FileIssue(str(path), "broken symlink"))
        return None
    except (RuntimeError, OSError) as exc:
        issues.append(FileIssue(str(path), _link_error(exc)))
        return None
    if not target.is_relative_to(root):
        issues.append(FileIssue(str(path), f"symlink leads outside {root}"))
        return None
    return target


# -- reading one file ---------------------------------------------------------------


class SkipFile(Exception):
    """This file is not imported; the message is the one-line reason."""


def read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                raise SkipFile(f"too large ({size / 1_048_576:.1f} MB; the limit is 5 MB)")
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SkipFile("vanished during import") from None
    except PermissionError:
        raise SkipFile("cannot read: permission denied") from None
    except IsADirectoryError:
        raise SkipFile("is a folder") from None
    except OSError as exc:
        raise SkipFile(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise SkipFile("too large (over 5 MB)")
    if not data.strip():
        raise SkipFile("empty file")
    return data


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of ``data`` and, when it was not UTF-8, a note saying how it was read."""
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


# -- the import ---------------------------------------------------------------------


def row_for(article: ParsedArticle, cand: Candidate, digest: str, now: str) -> tuple[object, ...]:
    """One row in :data:`reader.store.store.WRITE_COLUMNS` order."""
    return (
        article_id(cand.path),
        str(cand.path),
        cand.source,
        digest,
        PARSER_VERSION,
        article.title,
        article.dek,
        article.date,
        article.label,
        article.author,
        article.author_role,
        article.author_bio,
        article.caption,
        article.body,
        article.words,
        now,
        now,
    )


def import_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import every article file under ``paths`` into ``store``; never stops half-way."""
    report = ImportReport()
    candidates, report.issues = find_files(paths)
    known = store.known_files()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    batch: list[tuple[object, ...]] = []
    total = len(candidates)
    for done, cand in enumerate(candidates, start=1):
        _import_one(cand, known, now, batch, report)
        if len(batch) >= batch_size:
            store.write_articles(batch)
            batch.clear()
        if progress is not None:
            progress(done, total, str(cand.path))
    store.write_articles(batch)
    store.refresh_spelling()
    if report.updated_ids:
        store.reanchor_notes(report.updated_ids)
    return report


def _import_one(
    cand: Candidate,
    known: dict[str, tuple[str, int]],
    now: str,
    batch: list[tuple[object, ...]],
    report: ImportReport,
) -> None:
    try:
        data = read_bytes(cand.path)
        digest = content_hash(data)
        previous = known.get(article_id(cand.path))
        if previous == (digest, PARSER_VERSION):
            report.unchanged += 1
            return
        text, note = decode(data)
        try:
            article = parse_article(text, filename=cand.path.name)
        except ParseError as exc:
            raise SkipFile(str(exc)) from None
        except Exception as exc:  # a parser bug must not stop the import: report it, go on
            raise SkipFile(f"could not be read ({type(exc).__name__}: {exc})") from None
    except SkipFile as exc:
        report.issues.append(FileIssue(str(cand.path), str(exc)))
        return
    if note:
        report.issues.append(FileIssue(str(cand.path), note, skipped=False))
    batch.append(row_for(article, cand, digest, now))
    if previous is None:
        report.added += 1
        known[article_id(cand.path)] = (digest, PARSER_VERSION)
    else:
        report.updated += 1
        report.updated_ids.append(article_id(cand.path))
