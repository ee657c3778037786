"""Finding articles through the text of their notes, after those whose own text matches.

The words and phrases of a query are searched exactly (no typo allowance) in
``notes_fts``, with the query's filters; the articles found rank below every tier of
their own text (:data:`NOTES_LEVEL`), newest first.
"""

from __future__ import annotations

import sqlite3

from reader.search import fts
from reader.search.filters import filter_sql
from reader.search.plan import Tier
from reader.search.query import Query
from reader.search.rank import Candidate

__all__ = ["NOTES_LEVEL", "in_notes"]

#: The tier of articles found through their notes (after every level of their own text).
NOTES_LEVEL = 99


def _notes_tier(query: Query) -> Tier | None:
    """The words and phrases of ``query``, exactly (no typo allowance), for the notes index."""
    parts = [
        fts.any_of(
            [fts.prefix(w.term) if w.prefix else fts.quote(w.term), *map(fts.quote, w.either)]
        )
        for w in query.words
    ]
    parts += [fts.phrase([w.term for w in p], p[-1].prefix) for p in query.phrases]
    if not parts or query.authors:
        return None  # author: is about the article's author, not about notes
    expression = fts.without(fts.all_of(parts), [fts.phrase(e) for e in query.excluded])
    every = [w for p in query.phrases for w in p] + list(query.words)
    terms = tuple(w.term for w in every if not w.prefix) + tuple(
        t for w in query.words for t in w.either
    )
    prefixes = tuple(w.term for w in every if w.prefix)
    return Tier(NOTES_LEVEL, False, expression, 0, 0, None, terms, prefixes)


def in_notes(
    conn: sqlite3.Connection, query: Query, want: int, found: list[Candidate]
) -> list[Candidate]:
    """Articles whose notes match the words (after those whose own text does), newest first."""
    tier = _notes_tier(query)
    if tier is None or want <= 0:
        return []
    seen = {c.num for c in found}
    filters, values = filter_sql(query, "a")
    sql = (
        "SELECT DISTINCT a.num, a.date FROM notes_fts JOIN notes AS n ON n.id = notes_fts.rowid "
        "JOIN articles AS a ON a.id = n.article_id "
        f"WHERE notes_fts MATCH ? AND n.deleted IS NULL{filters} "
        "ORDER BY a.date IS NULL, a.date DESC, a.num DESC LIMIT ?"
    )
    rows = conn.execute(sql, [tier.expression, *values, want + len(seen)]).fetchall()
    return [Candidate(num, 0.0, tier) for num, _ in rows if num not in seen][:want]
