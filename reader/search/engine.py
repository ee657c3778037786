"""Running a search: from the search box's text to the hits, best first.

:func:`run_search` reads the text (:mod:`.syntax`), resolves the names its filters
give (:mod:`.filters`), lays out the plan (:mod:`.plan`), runs its levels in order
until enough articles are found (:mod:`.rank`), then looks for more in the notes
(:mod:`.notes`), and makes the hits (:mod:`.hits`). A query of filters alone lists
the articles they let through, newest first. Within the whole list:

1. tiers in order (see :mod:`.plan`): exact matches before corrected ones;
   at each level, articles whose title holds every word, then those with the
   words side by side as typed, then the rest; then the articles found through
   their notes;
2. within a tier, bm25 relevance (title weighs 10, dek 4, body 1, author 5);
3. then the date, newest first, undated last; then the newest import.

A hit's ``score`` says where it stands in that order (:func:`reader.search.hits.score`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from reader.search import fts
from reader.search.filters import filter_sql, with_people, with_sources
from reader.search.hits import make_hits, unmarked_hits
from reader.search.notes import in_notes
from reader.search.plan import make_plan
from reader.search.query import Query
from reader.search.rank import Candidate, run_level
from reader.search.syntax import parse_query
from reader.storage import people_search as people
from reader.storage.rows import SUMMARY_COLUMNS as _SUMMARY_COLUMNS
from reader.types import SearchHit, SourceFilter

__all__ = ["MAX_LIMIT", "SearchResults", "run_search"]

#: Most hits one search returns.
MAX_LIMIT = 1_000


@dataclass(frozen=True, slots=True)
class SearchResults:
    """One search: the query as understood, the hits best first, and whether there are more."""

    query: Query
    hits: tuple[SearchHit, ...]
    #: True if more articles match than were returned.
    more: bool


def run_search(
    conn: sqlite3.Connection, text: str, limit: int = 50, within: SourceFilter | None = None
) -> SearchResults:
    """Search the archive behind ``conn`` for ``text`` (any text; never raises on it),
    among the articles of the source ``within`` if one is given."""
    query = parse_query(text)
    if within is not None:
        query = replace(query, within=within)
    limit = min(max(int(limit), 0), MAX_LIMIT)
    if limit == 0 or query.is_empty:
        return SearchResults(query, (), False)
    if query.persons or query.fuzzy_persons:
        query = with_people(conn, query)
    if query.has_sources:
        query = with_sources(conn, query)
    if not all(query.person_ids) or (
        (query.sources and not query.source_names) or (query.feeds and not query.feed_ids)
    ):
        # Somebody nobody knows, or a source there is not: no article (and every name
        # resolved, so that the query says each one that names nothing).
        return SearchResults(query, (), False)
    if not query.has_terms:
        return _filtered(conn, query, limit)
    plan = make_plan(conn, query)
    if not plan.words and not (query.phrases or query.authors):
        # Only near-stopwords, left out because people narrow the search ("person:x o",
        # as one types "o…"): their articles, as without words (the word would have
        # read most of the index to keep nearly all of them).
        return _filtered(conn, query, limit)
    found: list[Candidate] = []
    scores: dict[str, dict[int, float]] = {}  # by rank expression: tiers share them
    for level in plan.levels(conn):
        found += run_level(conn, query, level, limit + 1 - len(found), found, scores, plan.total)
        if len(found) > limit:
            break  # before the next level is laid out
    if len(found) <= limit:
        found += in_notes(conn, query, limit + 1 - len(found), found)
    hits = make_hits(conn, found[:limit])
    return SearchResults(query, tuple(hits), len(found) > limit)


# -- filters alone ---------------------------------------------------------------------------


def _filtered(conn: sqlite3.Connection, query: Query, limit: int) -> SearchResults:
    """Only filters (and maybe exclusions): the articles they let through, newest first.

    Undated articles pass only when no date filter is given."""
    only_people = (
        query.person_ids
        and all(len(ids) == 1 for ids in query.person_ids)
        and not (query.excluded or query.before or query.after)
        and query.bookmarked is None
        and query.has_note is None
        and query.read is None
        and not query.has_sources
    )
    if only_people:
        return _person_articles(conn, query, limit)
    dates, values = filter_sql(query, "articles")
    dated = "date IS NOT NULL" if query.before or query.after else "1"
    exclude = ""
    if query.excluded:
        exclude = " AND num NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        values.append(fts.any_of([fts.phrase(e) for e in query.excluded]))
    sql = (
        f"SELECT {_SUMMARY_COLUMNS}, body FROM articles WHERE {dated}{dates}{exclude} "
        "ORDER BY date DESC, num DESC LIMIT ?"
    )
    rows = conn.execute(sql, [*values, limit + 1]).fetchall()
    return SearchResults(query, tuple(unmarked_hits(rows[:limit])), len(rows) > limit)


def _person_articles(conn: sqlite3.Connection, query: Query, limit: int) -> SearchResults:
    """Only people (one each name) to filter by: their articles newest first, off their index."""
    ids = [group[0] for group in query.person_ids]
    rows = people.person_page_rows(conn, ids, 0, limit + 1, f"{_SUMMARY_COLUMNS}, body")
    return SearchResults(query, tuple(unmarked_hits(rows[:limit])), len(rows) > limit)
