"""The import: articles found by a :class:`~reader.ingest.discover.Source`, read (in
worker processes when there are many), and written through the store's import session
in batches, one transaction each (an article and its people together), so a killed
import leaves whole rows or none and the next import carries on. Files that have not
changed since the last import are not parsed again.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from reader.errors import StoreError
from reader.ingest.discover import Candidate, Files, Source
from reader.ingest.pool import _outcomes
from reader.ingest.read import Outcome, Skipped, Unchanged
from reader.people.mentions import MentionValues, find_mentions
from reader.types import ArticleRow, FileIssue, ImportReport

if TYPE_CHECKING:
    from reader.session import Importer, ImportSession


#: Articles written a transaction. Each commit writes the full-text index's gathered
#: entries out as a segment (see reader.storage.articles.INDEX_PENDING_BYTES), and the
#: fewer and bigger the segments, the less merging; a killed import loses at most the
#: batch under way, which the next import reads again.
BATCH_SIZE = 10_000


Progress = Callable[[int, int, str], None]
"""``progress(done, total, path)``, called after each file."""


def import_paths(
    store: Importer,
    paths: Iterable[str | os.PathLike[str]],
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
) -> ImportReport:
    """Import every article file under ``paths`` into ``store``; never stops half-way.

    ``workers``: processes that read the files (default: one per core from
    :data:`~reader.ingest.pool.PARALLEL_MIN` files on, else none); 0 or 1 reads them
    in this process.
    """
    return import_from(store, Files(tuple(paths)), progress, batch_size, workers)


def import_from(
    store: Importer,
    source: Source,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
) -> ImportReport:
    """Import the articles ``source`` finds into ``store`` (see :func:`import_paths`)."""
    with _collector_paused(), store.import_session() as session:
        return _import(session, source, progress, batch_size, workers)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused, in a process that does nothing but import.

    An import makes next to no reference cycles (a few objects in thousands of files;
    freeing by reference counts does the rest), but it makes millions of small tuples
    and lists, and each of their collections walked the rows held for writing: about a
    tenth of the writer's time. The collector is the whole process's, so in one with
    other threads (the app, which imports in a thread) it is left alone. Worker
    processes forked meanwhile start with it paused too, and end with the import.
    """
    import gc
    import threading

    pause = gc.isenabled() and threading.active_count() == 1
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()


def _import(
    session: ImportSession,
    source: Source,
    progress: Progress | None,
    batch_size: int,
    workers: int | None,
) -> ImportReport:
    report = ImportReport()
    candidates, report.issues = source.find()
    session.tune_for_import()
    session.forget_files([file_id for file_id, path in session.listed_files() if _gone(path)])
    # Before the files: in a new database nothing is queued again, only the version noted.
    session.find_people_again_if_finder_changed()
    known = session.known_files()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    scanner = session.people_scanner()
    batch: list[ArticleRow] = []
    found: list[Sequence[MentionValues] | None] = []
    total = len(candidates)
    outcomes = _outcomes(candidates, known, now, scanner, workers)
    for done, (cand, outcome) in enumerate(outcomes, start=1):
        _record(cand, outcome, known, batch, found, report)
        early = _write_early(len(batch), total - done, batch_size)
        if early or len(batch) >= batch_size:
            # Near the end the people go with their articles: none are left for the end.
            report.copies += session.write_import_batch(batch, found, people_now=early)
            batch.clear()
            found.clear()
        if progress is not None:
            progress(done, total, str(cand.path))
    report.copies += session.write_import_batch(batch, found)
    session.finish_people()
    find_pending_people(session, batch_size)
    try:
        session.refresh_spelling()
    except StoreError as exc:  # the articles are written; search only lags until next time
        report.index_problem = str(exc)
    # The notes of the articles changed now, and of any an import killed before this changed.
    changed = list(dict.fromkeys([*report.updated_ids, *session.misplaced_quotes()]))
    if changed:
        session.reanchor_notes(changed)
    return report


#: The smallest batch written before it is full (a part of a full one): see :func:`_write_early`.
TAPER_PARTS = 8


def _write_early(held: int, to_come: int, batch_size: int) -> bool:
    """Whether to write the ``held`` rows before the batch is full: near the end, once
    they are as many as the files still to come (and at least a
    1/:data:`TAPER_PARTS` batch). The workers read the last files meanwhile, and the
    last batch, written once every file is read and with a core idle, is an eighth of
    a full one, not a whole one (a tenth of a 100,000-file import's time). Those
    written early write their people at once, not with the last batch."""
    return held >= to_come and held * TAPER_PARTS >= batch_size


def _gone(path: str) -> bool:
    """Whether the article file stored as ``path`` is gone from the disk. A path holding a
    backslash may not be the file's own name (control characters and bytes that are not
    UTF-8 are stored as escapes: ``\\x1b``), and counts as there."""
    return "\\" not in path and not os.path.isfile(path)


def update_people(store: Importer, batch_size: int = BATCH_SIZE) -> int:
    """Find the people of stored articles that have none yet (those imported before
    people were found); returns how many articles were read. Then update the counts."""
    with store.import_session() as session:
        return find_pending_people(session, batch_size)


def find_pending_people(session: ImportSession, batch_size: int = BATCH_SIZE) -> int:
    """Find the people of the stored articles waiting for them, in an open session
    (those stored before people were found, or by another finder, and texts replaced
    since); how many."""
    session.find_people_again_if_finder_changed()
    done = 0
    for round_ in range(1, KNOWN_ROUNDS + 1):
        if not session.people_todo_count():
            break
        scanner = session.people_scanner()
        while rows := session.people_todo(batch_size):
            found: list[tuple[int, Sequence[MentionValues] | None]] = []
            for num, title, dek, body in rows:
                try:
                    mentions = None if body is None else find_mentions(body, title, dek, scanner)
                except Exception:  # a finder bug must not stop the import: no people for it
                    mentions = None
                found.append((num, mentions))
            session.write_todo_people(found)
            done += len(rows)
        # People found only from context in these articles are people in the others that
        # name them in full: finishing queues those, found again in the next round.
        if not session.finish_people(look_elsewhere=round_ < KNOWN_ROUNDS):
            break
    session.finish_people(look_elsewhere=False)
    return done


#: Rounds of :func:`find_pending_people`: people found from context in one round make
#: the articles that name them in full the next round's (a name the finder still does
#: not take there, inside a longer one, is not read again for ever).
KNOWN_ROUNDS = 3


def _record(
    cand: Candidate,
    outcome: Outcome,
    known: dict[str, tuple[str, int]],
    batch: list[ArticleRow],
    found: list[Sequence[MentionValues] | None],
    report: ImportReport,
) -> None:
    """Count one file's outcome, and queue its row and people for writing."""
    if isinstance(outcome, Unchanged):
        report.unchanged += 1
        return
    if isinstance(outcome, Skipped):
        report.issues.append(FileIssue(str(cand.path), outcome.reason))
        return
    for caveat in (outcome.note, outcome.problem):
        if caveat:
            report.issues.append(FileIssue(str(cand.path), caveat, skipped=False))
    row = outcome.row
    batch.append(row)
    found.append(outcome.mentions)
    key = row.id
    if key not in known:
        report.added += 1
        known[key] = (row.content_hash, row.parser_version)
    else:
        report.updated += 1
        report.updated_ids.append(key)
