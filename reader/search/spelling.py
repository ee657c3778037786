"""The spelling index: which words the archive holds, and which are near a typo.

This module owns four tables (in :data:`reader.storage.schema.SCHEMA`; migration
``0002_search`` made them) and the ``articles_vocab`` view of the FTS5 vocabulary:

``search_terms(term, id, docs)``
    every index term of ``articles_fts`` with the number of articles holding it;
``search_frequent(term, docs)``
    the :data:`FREQUENT_SCAN` most used of them (completions of one- and
    two-letter prefixes come from there);
``search_variants(key, term_id)``
    SymSpell-style deletes, as CRC-32 numbers: for each fuzzy term
    (:func:`reader.terms.is_fuzzy_word`, 4 to :data:`MAX_FUZZY_LEN`
    letters) its first :data:`PREFIX_LEN` letters, and those with one letter
    deleted (two, for terms of 8 letters or more);
``search_pending(num)``
    articles written since the last refresh (filled by triggers on ``articles``).

It also adds the index ``search_article_dates`` on ``articles (num, date)``, so
that ranking reads the dates of matches from a small index rather than from
the big table (migration 0012 adds ``read`` to it, for ``is:unread``).

A typo of a query word is found with one indexed lookup: the same deletes of
the word are looked up among the stored ones, and each candidate is confirmed
with the optimal-string-alignment (Damerau) distance, as Meilisearch and
Typesense count typos (a transposition is one typo). :func:`typo_budget` says
how many a word may have. Only the first letters are used (SymSpell's "prefix
length"): that keeps about 20 keys per term instead of 26 and misses nothing
(a test checks), because an edit inside the prefix shifts at most one letter
per edit across its end.

:func:`refresh` brings the tables up to date after an import. It reads only
the pending articles (split into terms by :func:`reader.terms.term_set`),
unless they are more than :data:`REBUILD_SHARE` of the archive, when re-reading
the FTS5 vocabulary is quicker. Counts are merged in SQL; only new terms come
back to Python, for their keys. Document counts are exact after that full read; the incremental
refresh adds the new articles' terms and never subtracts (an edited article
counts its old and its new words), which is good enough for what the counts
are for: ordering suggestions and estimating how many articles a word finds.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from rapidfuzz.distance import OSA

from reader.search.sound import sound_key
from reader.terms import MAX_TERM_LEN, is_fuzzy_word, term_set

__all__ = [
    "RefreshReport",
    "Suggestion",
    "completions",
    "rebuild",
    "refresh",
    "suggestions",
    "term_docs",
    "total_docs",
    "typo_budget",
]

_Text = TypeVar("_Text", str, bytes)

#: Longer terms are not typo targets (URLs and glued words; their deletes would be many).
MAX_FUZZY_LEN = 24
#: The longest index term in UTF-8 (the index keeps :data:`MAX_TERM_LEN` characters of a word).
MAX_TERM_BYTES = 4 * MAX_TERM_LEN
#: Deletes are made from this many first letters of a term (SymSpell's prefix length).
PREFIX_LEN = 8
#: When more than this share of the archive is pending, re-read the whole FTS vocabulary
#: (about 10 µs an article of the archive, against 100 µs a pending article).
REBUILD_SHARE = 0.1
#: Page cache while refreshing (KiB).
REFRESH_CACHE_KIB = 16 * 1024
#: Pending articles read per query.
PENDING_BATCH = 1_000
#: From this many new terms on, their keys are sorted by SQLite before they go in.
BULK_TERMS = 20_000
#: A word this long gets no typo of its own, but may be a longer word with a letter
#: left out (a dropped letter is the commonest typo: ``bil`` for ``bill``).
MISSING_LETTER_LEN = 3
#: Edits a short word may be from a term that sounds the same (see :func:`suggestions`).
SOUND_TYPOS = 2
#: Suggestions kept per word (best first).
MAX_SUGGESTIONS = 8
#: At most this many terms of a prefix's range are looked at for completions.
COMPLETION_SCAN = 2_000
#: For one- and two-letter prefixes, completions come from this many most used terms.
FREQUENT_SCAN = 10_000

# -- typo arithmetic -------------------------------------------------------------------


def typo_budget(term: str) -> int:
    """Typos a query word may have: none below 4 letters, one from 4, two from 8.

    A 3-letter word may still be a 4-letter word with a letter left out
    (:func:`suggestions`): the budget is the length of the word meant.
    """
    if not is_fuzzy_word(term) or len(term) > MAX_FUZZY_LEN:
        return 0
    return 2 if len(term) >= 8 else 1 if len(term) >= 4 else 0


def _missing_letter(term: str) -> bool:
    """Whether ``term`` is looked up as a word of :data:`MISSING_LETTER_LEN` + 1 letters
    with one left out (``bil`` for ``bill``)."""
    return len(term) == MISSING_LETTER_LEN and is_fuzzy_word(term)


def deletes(word: _Text, depth: int) -> set[_Text]:
    """``word`` itself and with 1 .. ``depth`` letters deleted (never the empty string)."""
    out = {word}
    level = {word}
    for _ in range(depth):
        level = {w[:i] + w[i + 1 :] for w in level for i in range(len(w))}
        out |= level
    out.discard(word[:0])
    return out


def variant_key(variant: str) -> int:
    """The number a variant is stored as (collisions only add candidates to confirm)."""
    return zlib.crc32(variant.encode("utf-8", "surrogatepass"))


def stored_keys(term: str) -> set[int]:
    """The keys stored for ``term``: what a typo of it is matched against."""
    if not is_fuzzy_word(term) or not 4 <= len(term) <= MAX_FUZZY_LEN:
        return set()
    depth = 2 if len(term) >= 8 else 1
    head = term[:PREFIX_LEN]
    if head.isascii():  # the same deletes, made on bytes: quicker
        return set(map(zlib.crc32, deletes(head.encode("ascii"), depth)))
    return {variant_key(v) for v in deletes(head, depth)}


def query_keys(word: str, budget: int) -> set[int]:
    """The keys to look up for a query word with ``budget`` typos allowed."""
    return {variant_key(v) for v in deletes(word[:PREFIX_LEN], budget)}


# -- reading ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A term of the archive that a query word may have meant."""

    term: str
    typos: int
    docs: int


def total_docs(conn: sqlite3.Connection) -> int:
    """About how many articles there are (the highest ``num``: no count of a big table)."""
    return conn.execute("SELECT max(num) FROM articles").fetchone()[0] or 0


def term_docs(conn: sqlite3.Connection, terms: Iterable[str]) -> dict[str, int]:
    """Documents holding each term (0 for terms the archive does not have)."""
    wanted = list(dict.fromkeys(terms))
    found: dict[str, int] = dict(
        _select_in(conn, "SELECT term, docs FROM search_terms WHERE term IN ({})", wanted)
    )
    return {t: found.get(t, 0) for t in wanted}


def suggestions(
    conn: sqlite3.Connection, word: str, limit: int = MAX_SUGGESTIONS
) -> list[Suggestion]:
    """Terms within the typo budget of ``word`` (not ``word`` itself), best first.

    A word of :data:`MISSING_LETTER_LEN` letters has no budget of its own: it finds
    the words of one letter more that it is a letter short of (``bil``: ``bill``,
    ``boil``), not its other neighbours (``big``, ``oil``: too many for so short a word).

    A word with one typo allowed also finds the terms :data:`SOUND_TYPOS` edits away
    that sound the same (:func:`reader.search.sound.sound_key`: ``blare``, ``blair``):
    a name is often typed as it was heard. They count their edits, so they come with
    the suggestions of the last level, after those of one typo. Only the candidates of
    one typo are read: a term with one letter of the word dropped and another added
    shares a delete with it (``blar``), not one with two letters changed (``filip``,
    ``philip``).
    """
    budget = typo_budget(word)
    sound = sound_key(word) if budget == 1 else None
    if budget:
        keys = query_keys(word, budget)
    elif _missing_letter(word):
        # The stored keys of a 4-letter term are it and its 3-letter deletes: the word
        # itself finds the terms it is one letter short of, and nothing else.
        budget, keys = 1, {variant_key(word)}
    else:
        return []
    reach = SOUND_TYPOS if sound else budget
    sql = (
        "SELECT DISTINCT t.term, t.docs FROM search_variants AS v "
        "JOIN search_terms AS t ON t.id = v.term_id WHERE v.key IN ({})"
    )
    found: list[Suggestion] = []
    for term, docs in _select_in(conn, sql, list(keys)):
        if term == word or docs <= 0:
            continue
        typos = OSA.distance(word, term, score_cutoff=reach)
        if typos <= budget or (typos <= reach and sound_key(term) == sound):
            found.append(Suggestion(term, typos, docs))
    # Fewest typos first; then those that keep the first letter (typos there are rare);
    # then the most used.
    found.sort(key=lambda s: (s.typos, s.term[:1] != word[:1], -s.docs, s.term))
    return found[:limit]


def completions(conn: sqlite3.Connection, prefix: str, limit: int) -> list[tuple[str, int]]:
    """Up to ``limit`` terms starting with ``prefix`` (itself included), most used first.

    The cost is bounded: for one- and two-letter prefixes only the
    :data:`FREQUENT_SCAN` most used terms of the archive are looked at, for
    longer ones the first :data:`COMPLETION_SCAN` terms of the range.
    """
    end = prefix + "\U0010ffff"
    if len(prefix) <= 2:
        sql = "SELECT term, docs FROM search_frequent WHERE term >= ? AND term < ?"
        rows = conn.execute(sql, (prefix, end)).fetchall()
    else:
        sql = "SELECT term, docs FROM search_terms WHERE term >= ? AND term < ? LIMIT ?"
        rows = conn.execute(sql, (prefix, end, COMPLETION_SCAN)).fetchall()
    rows = [r for r in rows if r[1] > 0]
    rows.sort(key=lambda r: (-r[1], r[0]))
    return rows[:limit]


def _select_in(
    conn: sqlite3.Connection, sql: str, values: Sequence[object]
) -> Iterator[tuple[Any, ...]]:
    """Run ``sql`` whose ``{}`` placeholder is an ``IN`` list, in slices SQLite accepts."""
    step = 500
    for start in range(0, len(values), step):
        part = list(values[start : start + step])
        yield from conn.execute(sql.format(", ".join("?" * len(part))), part)


# -- writing ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """What one refresh did: articles read, terms added, and whether it re-read everything."""

    articles: int
    new_terms: int
    rebuilt: bool


def refresh(conn: sqlite3.Connection) -> RefreshReport:
    """Bring the spelling index up to date with the articles written since the last call.

    The caller holds the connection's lock. All or nothing: one transaction
    (a savepoint if one is already open).
    """
    pending = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    if pending == 0:
        return RefreshReport(0, 0, False)
    full = pending > REBUILD_SHARE * total_docs(conn)
    return RefreshReport(pending, _update(conn, full), full)


def rebuild(conn: sqlite3.Connection) -> RefreshReport:
    """Recount every term from the FTS5 vocabulary (exact counts again)."""
    pending = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    return RefreshReport(pending, _update(conn, full=True), True)


class _Transaction:
    """``BEGIN IMMEDIATE`` .. ``COMMIT`` (``ROLLBACK`` on error), or a savepoint inside one."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.nested = conn.in_transaction

    def __enter__(self) -> None:
        self.conn.execute("SAVEPOINT search_refresh" if self.nested else "BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if not self.nested:
            self.conn.execute("ROLLBACK" if exc_type is not None else "COMMIT")
            return
        if exc_type is not None:
            self.conn.execute("ROLLBACK TO search_refresh")
        self.conn.execute("RELEASE search_refresh")


_TEMP_TABLES = ("search_counts",)


@contextmanager
def _page_cache(conn: sqlite3.Connection, kib: int) -> Iterator[None]:
    """A bigger page cache for a while: new keys land all over their B-tree."""
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-abs(kib):d}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before:d}")


def _update(conn: sqlite3.Connection, full: bool) -> int:
    """Count terms (all, or the pending articles'), merge the counts; return new terms."""
    with _Transaction(conn), _page_cache(conn, REFRESH_CACHE_KIB):
        conn.execute("CREATE TEMP TABLE search_counts (term TEXT PRIMARY KEY, docs INTEGER)")
        try:
            if full:
                # A term longer than the index keeps (an article indexed before terms
                # were cut) is no word anyone types, and may be cut inside a character.
                conn.execute(
                    "INSERT INTO temp.search_counts SELECT term, doc FROM articles_vocab "
                    "WHERE length(CAST(term AS BLOB)) <= ?",
                    (MAX_TERM_BYTES,),
                )
            else:
                _count_pending(conn)
            new_terms = _merge_counts(conn, replace=full)
        finally:
            for table in _TEMP_TABLES:
                conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        _refresh_frequent(conn)
        conn.execute("DELETE FROM search_pending")
    return new_terms


def _count_pending(conn: sqlite3.Connection) -> None:
    """Count the terms of the pending articles (in Python: quicker than a second FTS5 index)."""
    counts: Counter[str] = Counter()
    last = -1
    while True:
        rows = conn.execute(
            "SELECT p.num, a.title, a.dek, a.body, a.author FROM search_pending AS p "
            "JOIN articles AS a ON a.num = p.num WHERE p.num > ? ORDER BY p.num LIMIT ?",
            (last, PENDING_BATCH),
        ).fetchall()
        for num, *fields in rows:
            counts.update(term_set(" ".join(f for f in fields if f)))
            last = num
        if len(rows) < PENDING_BATCH:
            break
    conn.executemany("INSERT INTO temp.search_counts (term, docs) VALUES (?, ?)", counts.items())


def _merge_counts(conn: sqlite3.Connection, replace: bool) -> int:
    """Add (or, with ``replace``, set) the counts; give new terms an id and their keys."""
    if replace:
        conn.execute(
            "UPDATE search_terms SET docs = coalesce("
            "(SELECT c.docs FROM temp.search_counts AS c WHERE c.term = search_terms.term), 0)"
        )
    else:
        conn.execute(
            "UPDATE search_terms SET docs = search_terms.docs + c.docs "
            "FROM temp.search_counts AS c WHERE c.term = search_terms.term"
        )
    first_id = (conn.execute("SELECT max(id) FROM search_terms").fetchone()[0] or 0) + 1
    conn.execute(
        "INSERT INTO search_terms (term, id, docs) "
        "SELECT c.term, ? + row_number() OVER (ORDER BY c.term) - 1, c.docs "
        "FROM temp.search_counts AS c "
        "WHERE NOT EXISTS (SELECT 1 FROM search_terms AS t WHERE t.term = c.term)",
        (first_id,),
    )
    # Read as bytes: a term that is not UTF-8 (SQLite never checks) is dropped, not fatal.
    rows = conn.execute(
        "SELECT CAST(term AS BLOB), id FROM search_terms WHERE id >= ?", (first_id,)
    ).fetchall()
    new, bad = [], []
    for raw, term_id in rows:
        try:
            new.append((raw.decode("utf-8"), term_id))
        except UnicodeDecodeError:
            bad.append((term_id,))
    conn.executemany("DELETE FROM search_terms WHERE id = ?", bad)
    _add_keys(conn, new)
    return len(new)


def _refresh_frequent(conn: sqlite3.Connection) -> None:
    """Keep the :data:`FREQUENT_SCAN` most used terms apart, for short prefixes."""
    conn.execute("DELETE FROM search_frequent")
    conn.execute(
        "INSERT INTO search_frequent (term, docs) SELECT term, docs FROM search_terms "
        "ORDER BY docs DESC LIMIT ?",
        (FREQUENT_SCAN,),
    )


def _add_keys(conn: sqlite3.Connection, terms: list[tuple[str, int]]) -> None:
    rows = ((key, term_id) for term, term_id in terms for key in stored_keys(term))
    if len(terms) < BULK_TERMS:
        conn.executemany("INSERT OR IGNORE INTO search_variants (key, term_id) VALUES (?, ?)", rows)
        return
    # Many new terms (a first import): append them unsorted, let SQLite sort them once.
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_new_keys (key INTEGER, term_id INTEGER)")
    try:
        conn.executemany("INSERT INTO temp.search_new_keys VALUES (?, ?)", rows)
        conn.execute(
            "INSERT OR IGNORE INTO search_variants (key, term_id) "
            "SELECT key, term_id FROM temp.search_new_keys ORDER BY key, term_id"
        )
    finally:
        conn.execute("DROP TABLE temp.search_new_keys")
