"""Finding article files: the walk under the paths the user named, and :class:`Files`,
the :class:`Source` they make.

The walk never leaves the folder the user named: a symlink that points outside it, a
link loop or a broken link is skipped with its reason (one
:class:`~reader.types.FileIssue` line each).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from reader.paths import expand_user
from reader.types import FileIssue

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file found by the walk, with the folder the user named for it."""

    path: Path
    source: str
    #: The real folder the file must be in when it is read (default: its own folder).
    root: Path | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent to a worker for every file: as strings, the paths made again there (the
        # folder once), in half the time of a dataclass of paths pickled as they are.
        root = None if self.root is None else os.fspath(self.root)
        return _candidate, (os.fspath(self.path), self.source, root)


def _candidate(path: str, source: str, root: str | None) -> Candidate:
    """A :class:`Candidate` as it was sent (see :meth:`Candidate.__reduce__`)."""
    folder = None
    if root is not None:
        folder = _FOLDERS.get(root)
        if folder is None:
            if len(_FOLDERS) > 1_000:
                _FOLDERS.clear()
            folder = _FOLDERS[root] = Path(root)
    return Candidate(Path(path), source, folder)


#: The folders of the candidates a process was sent, made once each.
_FOLDERS: dict[str, Path] = {}


def article_id(path: Path) -> str:
    """The stable public id of the article read from ``path`` (16 hex digits)."""
    return hashlib.blake2b(str(path).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


class Source(Protocol):
    """Where an import's articles come from: the files and folders a user names today
    (:class:`Files`); feeds will be another."""

    def find(self) -> tuple[list[Candidate], list[FileIssue]]:
        """The articles to read, each once, and what was refused (one line each)."""
        ...


@dataclass(frozen=True, slots=True)
class Files:
    """Article files, and the folders to walk for them, as the user named them."""

    paths: tuple[str | os.PathLike[str], ...]

    def find(self) -> tuple[list[Candidate], list[FileIssue]]:
        return find_files(self.paths)


def find_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Candidate], list[FileIssue]]:
    """Every article file under ``paths``, each once, and the paths that were refused."""
    found: list[Candidate] = []
    issues: list[FileIssue] = []
    seen: set[Path] = set()

    def add(real: Path, shown: str, root: Path) -> None:
        if real not in seen:
            seen.add(real)
            found.append(Candidate(real, real.parent.name or shown, root))

    for raw in paths:
        if not os.fspath(raw):
            # As for ``ls ''``: an empty name (an unset shell variable, say) names nothing,
            # not the current folder, which ``Path('')`` would read whole.
            issues.append(FileIssue("''", "an empty path names no file or folder"))
            continue
        named = expand_user(raw)
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
                add(item, str(named), real)
        elif real.is_file():
            add(real, str(named), real.parent)
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
            name = entry.name
            if name.startswith("."):
                continue
            path = folder / name  # the folder's parts are not parsed again for each file
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
                elif entry.is_file(follow_symlinks=False) and _is_article_name(path):
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
