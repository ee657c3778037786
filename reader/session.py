"""One import's access to the database: the steps :mod:`reader.ingest` runs, in order.

:meth:`reader.core.Store.import_session` makes one; it shares the store's connection
and lock, and holds the people writer of the import under way (the people of a
batch are written every :data:`~reader.storage.people_write.STAGE_ARTICLES`
articles, and by :meth:`ImportSession.finish_people`). Nothing else writes through
it, so the facade keeps only what the user does. It sits beside the facade, above
storage, because its last steps bring the search engine's spelling index up to date.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from reader.errors import StoreError
from reader.people.mentions import AliasScanner, MentionValues
from reader.storage import articles, connection, copies, feeds, notes, people_merge, people_write
from reader.types import ArticleRow

if TYPE_CHECKING:
    from reader.storage.feeds import FetchRecord, FetchState

if TYPE_CHECKING:
    from reader.search.spelling import RefreshReport as SpellingReport

#: Page cache of an importing connection (KiB): an import writes many index pages.
IMPORT_CACHE_KIB = 64 * 1024


class Importer(Protocol):
    """What an import runs against: anything that opens an :class:`ImportSession`."""

    def import_session(self, *, apart: bool = False) -> AbstractContextManager[ImportSession]: ...


class ImportSession:
    """The steps of one import, on the store's connection (see the module doc)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        lock: threading.RLock,
        read: Callable[[], AbstractContextManager[sqlite3.Connection]],
        require_writable: Callable[[], None],
        shown_path: str,
    ) -> None:
        self._conn = conn
        self._lock = lock
        self._read = read
        self._require_writable = require_writable
        self._shown_path = shown_path
        #: The people writer of the import under way.
        self._people_writer: people_write.PeopleWriter | None = None

    def forget_people(self) -> None:
        """Drop the people writer's caches: the user edited people, or undid an edit."""
        if self._people_writer is not None:
            self._people_writer.forget()

    def keep_temp_in_memory(self) -> None:
        """SQLite's statement journals and temporary sorts in memory for this connection,
        not in files under ``/var/tmp``: an import's upserts open statement journals
        (the first refresh of ``bench/refresh.py`` wrote 370 MB to the disk with them,
        324 MB without, and spent about 0.9 s more CPU)."""
        with self._lock:
            self._conn.execute("PRAGMA temp_store = MEMORY")

    def tune_for_import(self) -> None:
        """A bigger page cache for this connection, and a bigger in-memory part of the
        full-text index: an import writes many index pages."""
        self._require_writable()
        self.keep_temp_in_memory()
        with self._lock:
            self._conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
            if not articles.index_tuned_for_import(self._conn):  # a database's first import
                with connection.writing(self._conn) as conn:
                    articles.tune_index_for_import(conn)

    def known_files(self) -> dict[str, tuple[str, int]]:
        """``file id -> (content_hash, parser_version)`` for every stored article file
        (a copy's by its own id: see :func:`reader.storage.copies.known_files`)."""
        with self._read() as conn:
            return copies.known_files(conn)

    def listed_files(self) -> list[tuple[str, str]]:
        """``(file id, path)`` of every file of an article with several."""
        with self._read() as conn:
            return copies.listed_files(conn)

    def forget_files(self, file_ids: Sequence[str]) -> int:
        """Let go of files of articles with several that are gone from the disk (see
        :func:`reader.storage.copies.forget_files`); how many went."""
        if not file_ids:
            return 0
        self._require_writable()
        with self._lock, connection.writing(self._conn) as conn:
            return copies.forget_files(conn, file_ids)

    def write_articles(self, rows: Sequence[ArticleRow]) -> None:
        """Insert or update articles, all or none."""
        self._require_writable()
        if not rows:
            return
        with self._lock, connection.writing(self._conn) as conn:
            articles.upsert(conn, rows)

    def spelling_pending(self) -> bool:
        """Whether :meth:`refresh_spelling` has articles to read (asked without loading
        the spelling index's code, 14 ms of imports that a refresh of 304s never needs)."""
        with self._read() as conn:
            return articles.spelling_pending(conn)

    def refresh_spelling(self) -> SpellingReport:
        """Add the words of articles written since the last call to the spelling index.

        All or nothing, and never needed for the articles to be kept: on failure it
        raises :class:`StoreError` saying so, and the articles stay pending, so the
        next call does the work again.
        """
        from reader.search.spelling import refresh

        self._require_writable()
        with self._lock:
            try:
                return refresh(self._conn)
            except (sqlite3.Error, UnicodeError) as exc:  # no lock, no room, a bad term …
                raise StoreError(
                    f"{self._shown_path}: the spelling index could not be updated ({exc}); "
                    "the articles are saved, and it is brought up to date at the next import"
                ) from None

    def reanchor_notes(self, article_ids: Sequence[str]) -> int:
        """After articles changed: find each quote again, detach notes whose quote is gone."""
        self._require_writable()
        with self._lock:
            return notes.reanchor(self._conn, article_ids)

    def misplaced_quotes(self) -> list[str]:
        """Articles with a quoted note not where its quote is (see :func:`notes.misplaced`)."""
        with self._read() as conn:
            return notes.misplaced(conn)

    def write_import_batch(
        self,
        rows: Sequence[ArticleRow],
        mentions: Sequence[Sequence[MentionValues] | None],
        *,
        people_now: bool = False,
    ) -> int:
        """Like :meth:`write_articles`, and replace the people of those articles; returns
        how many of the rows were copies of another article's file, made one with it.

        ``mentions[i]`` are the raw mentions of ``rows[i]``
        (:func:`reader.people.mentions.find_mentions`);
        None when they could not be found. The people are written every
        :data:`people_write.STAGE_ARTICLES` articles and by :meth:`finish_people`, which must
        follow the last batch: one person's rows spread over the whole table, so
        fewer, bigger writes cost much less. Until then the articles are listed in
        ``people_todo``, in the same transaction as their rows, so a killed import
        loses nothing: the next one finds their people from the stored text.
        ``people_now``: write the people held and these at once, however few.
        """
        if not rows:
            return 0
        with self._lock:
            writer = self._people_writer = self._people_writer or people_write.PeopleWriter()
            try:
                with connection.writing(self._conn) as conn:
                    items, copies = _write_rows(conn, writer, rows, mentions)
                    flushed = writer.stage(conn, items, now=people_now)
            except BaseException:
                writer.forget()
                raise
            writer.staged(items, flushed)
        return copies

    def finish_people(self, *, look_elsewhere: bool = True) -> int:
        """After an import's last batch: write the people still held, update the counts,
        and (``look_elsewhere``) queue for their people the articles that name in full,
        without having them, the people among these found only from context
        (:func:`people_write.queue_named_elsewhere`); how many were queued. When none
        are (no round of finding follows), join the names the finder kept apart across
        the archive ("D Humphreys", "Mr Blair": :func:`people_merge.join_across_archive`,
        0.2 s at 140,000 people)."""
        with self._lock:
            writer = self._people_writer
            self._people_writer = None
            if writer is None and people_write.counts_stale(self._conn):
                # An import killed between writing people and counting them: count now.
                writer = people_write.PeopleWriter()
                writer.full_recount = True
            if writer is None:
                return 0
            with connection.writing(self._conn) as conn:
                counted_all = writer.full_recount  # a killed import's people: join them too
                touched = writer.finish(conn)
                dropped = writer.take_dropped()
                queued = (
                    people_write.queue_named_elsewhere(
                        conn, touched, dropped=dropped, recheck_all=counted_all
                    )
                    if look_elsewhere
                    else 0
                )
                if not queued and (touched or counted_all):  # not after a refresh of 304s
                    joined = people_merge.join_across_archive(conn)
                    if joined:
                        people_write.recount(conn, joined)
                return queued

    # -- feeds (reader.feeds.refresh runs these) ----------------------------------------------

    def feed_states(
        self, *, due_by: str | None = None, ids: Sequence[int] | None = None
    ) -> list[FetchState]:
        """The feeds to fetch: those of ``ids``, else the live ones due by ``due_by``."""
        with self._read() as conn:
            return feeds.states(conn, due_by=due_by, ids=ids)

    def known_entries(self, feed_id: int) -> dict[str, tuple[str, str | None]]:
        """``article id -> (content_hash, url)`` of the feed's stored articles."""
        with self._read() as conn:
            return feeds.known_entries(conn, feed_id)

    def write_feeds(
        self,
        records: Sequence[FetchRecord],
        rows: Sequence[ArticleRow],
        mentions: Sequence[Sequence[MentionValues] | None],
    ) -> None:
        """Fetches of feeds: their new and changed articles with their people, and their
        fetch states, in one transaction (a killed refresh leaves each feed as it was, or
        as fetched). People are written as :meth:`write_import_batch` writes them."""
        self._require_writable()
        with self._lock:
            writer = self._people_writer = self._people_writer or people_write.PeopleWriter()
            try:
                with connection.writing(self._conn) as conn:
                    items: list[tuple[int, str | None, Sequence[MentionValues] | None]] = []
                    if rows:  # feed entries are never copies (reader.storage.copies)
                        items, _ = _write_rows(conn, writer, rows, mentions)
                    flushed = writer.stage(conn, items) if items else False
                    for record in records:
                        feeds.record_fetch(conn, record)
            except BaseException:
                writer.forget()
                raise
            if items:
                writer.staged(items, flushed)

    def write_fulltext(self, article_id: str, text: str, url: str, at: str, extractor: str) -> None:
        """Make ``text``, extracted from ``url``, the article's text (the feed's own kept
        beside it); its people are found again by the next :meth:`people_todo` pass."""
        self._require_writable()
        with self._lock, connection.writing(self._conn) as conn:
            articles.set_fulltext(conn, article_id, text, url, at, extractor)

    def people_scanner(self) -> AliasScanner:
        """The user's text aliases, for :func:`reader.people.mentions.find_mentions` (picklable)."""
        with self._read() as conn:
            return people_write.scanner(conn)

    def find_people_again_if_finder_changed(self) -> int:
        """Queue every stored article for its people if another finder found them (see
        :data:`reader.people.mentions.FINDER_VERSION`); how many were queued."""
        self._require_writable()
        with self._read() as conn:
            if not people_write.finder_changed(conn):
                return 0  # no write: a refresh of 304s asks too
        with self._lock, connection.writing(self._conn) as conn:
            queued = people_write.find_again_if_finder_changed(conn)
        if queued:
            self.forget_people()  # the keys it holds may have been made again
        return queued

    def people_todo_count(self) -> int:
        """How many stored articles still wait for their people to be found."""
        with self._read() as conn:
            return people_write.todo_count(conn)

    def people_todo(self, limit: int = 500) -> list[tuple[int, str, str | None, str]]:
        """Up to ``limit`` of them: ``(num, title, dek, body)``."""
        with self._read() as conn:
            return people_write.todo(conn, limit)

    def write_todo_people(
        self, found: Sequence[tuple[int, Sequence[MentionValues] | None]]
    ) -> None:
        """Store the people found in articles of :meth:`people_todo` (``(num, mentions)``)."""
        if not found:
            return
        with self._lock:
            writer = self._people_writer = self._people_writer or people_write.PeopleWriter()
            try:
                with connection.writing(self._conn) as conn:
                    dates = people_write.dates_of(conn, [num for num, _ in found])
                    items = [(num, dates[num], m) for num, m in found if num in dates]
                    writer.write(conn, items)
                    people_write.done_todo(conn, [num for num, _ in found])
            except BaseException:
                writer.forget()
                raise


def _write_rows(
    conn: sqlite3.Connection,
    writer: people_write.PeopleWriter,
    rows: Sequence[ArticleRow],
    mentions: Sequence[Sequence[MentionValues] | None],
) -> tuple[list[tuple[int, str | None, Sequence[MentionValues] | None]], int]:
    """Write ``rows`` (in the caller's transaction); ``(num, date, mentions)`` of each
    article written, for the people writer, and how many rows were made one with another
    article (copies). A copy's file writes its article or nothing, and the people held
    of articles made one with another are dropped."""
    if len(rows) != len(mentions):
        raise ValueError("one list of mentions is needed for each row")
    written = articles.upsert(conn, rows)
    writer.drop(written.merged)
    nums = people_write.nums_of_ids(conn, [row.id for _, row in written.rows])
    items = [(nums[row.id], row.date, mentions[i]) for i, row in written.rows if row.id in nums]
    return items, len(written.merged)
