"""The SQL of a query's filters: people, sources and feeds, dates, bookmarks, notes, read state.

:func:`with_people` and :func:`with_sources` resolve the names a query gives (once a
search) to people's ids, source names and feed ids; :func:`filter_sql` writes the
conditions that keep a statement's articles to what the filters let through, on a
table's rows or on the full-text index's matches.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from reader.search.query import Query
from reader.storage import people_search as people
from reader.storage import sources
from reader.storage.people_fuzzy import fuzzy_person_ids

__all__ = ["filter_sql", "with_people", "with_sources"]

T = TypeVar("T")


def with_people(conn: sqlite3.Connection, query: Query) -> Query:
    """``query`` with its ``person:`` and ``@`` names resolved to people's ids."""
    groups = [tuple(people.visible_person_ids(conn, name)) for name in query.persons]
    groups += [tuple(fuzzy_person_ids(conn, name)) for name in query.fuzzy_persons]
    sizes = tuple(people.articles_of(conn, ids) if ids else 0 for ids in groups)
    names = (*query.persons, *query.fuzzy_persons)
    unmatched = [("person", name) for name, ids in zip(names, groups, strict=True) if not ids]
    return replace(
        query,
        person_ids=tuple(groups),
        person_articles=sizes,
        unmatched=(*query.unmatched, *unmatched),
    )


def with_sources(conn: sqlite3.Connection, query: Query) -> Query:
    """``query`` with its ``source:`` and ``feed:`` values resolved to source names and
    feed ids (the sources' names read once), and those that name nothing noted."""
    every = sources.names(conn) if query.sources or query.not_sources else []
    named = {given: sources.matching(every, given) for given in query.sources}
    fed = {given: sources.feed_ids(conn, given) for given in query.feeds}
    left_out = [sources.matching(every, given) for given in query.not_sources]
    not_fed = [sources.feed_ids(conn, given) for given in query.not_feeds]
    unmatched = [("source", given) for given, found in named.items() if not found]
    unmatched += [("feed", given) for given, found in fed.items() if not found]
    query = replace(
        query,
        unmatched=(*query.unmatched, *unmatched),
        source_names=_each_once(named.values()),
        not_source_names=_each_once(left_out),
        feed_ids=_each_once(fed.values()),
        not_feed_ids=_each_once(not_fed),
    )
    if query.source_names or query.feed_ids or query.within is not None:
        kept, values = _source_sql(query, "articles")
        sql = f"SELECT min(num), max(num) FROM articles WHERE 1{kept}"
        first, last = conn.execute(sql, values).fetchone()
        if first is not None:
            query = replace(query, source_span=(first, last))
    return query


def _each_once(found: Iterable[list[T]]) -> tuple[T, ...]:
    """Every item of the lists, in order, each once."""
    return tuple(dict.fromkeys(item for items in found for item in items))


def _source_sql(query: Query, table: str) -> tuple[str, list[object]]:
    """SQL conditions on the articles ``table`` (each starting with `` AND``) for the
    query's sources and feeds, and their values."""
    sql = ""
    values: list[object] = []
    each = "(SELECT value FROM json_each(?))"
    if query.source_names:
        sql += f" AND {table}.source IN {each}"
        values.append(json.dumps(query.source_names))
    if query.not_source_names:
        sql += f" AND {table}.source NOT IN {each}"
        values.append(json.dumps(query.not_source_names))
    if query.feed_ids:
        sql += f" AND {table}.feed_id IN {each}"
        values.append(json.dumps(query.feed_ids))
    if query.not_feed_ids:
        sql += f" AND ({table}.feed_id IS NULL OR {table}.feed_id NOT IN {each})"
        values.append(json.dumps(query.not_feed_ids))
    if query.within is not None:
        within, more = sources.filter_sql(query.within, table)
        sql += f" AND {within}"
        values += more
    return sql, values


def filter_sql(
    query: Query, table: str, num: str | None = None, look_up: bool = False
) -> tuple[str, list[object]]:
    """SQL conditions on the articles ``table`` (each starting with `` AND``) and their
    values, for the date, bookmark, note and people filters. ``num`` is the column that
    holds the article's num (``f.rowid`` in a full-text query: see
    :func:`reader.storage.people_search.restrict_sql` on why the people test must go there);
    with ``look_up`` the index is looked up for each article of the people with the
    fewest (see :mod:`reader.search.rank`)."""
    sql = ""
    values: list[object] = []
    if query.person_ids:
        drive = None
        if look_up:
            drive = min(range(len(query.person_ids)), key=query.person_articles.__getitem__)
        sql += people.restrict_sql(num or f"{table}.num", len(query.person_ids), drive)
        values.extend(json.dumps(list(ids)) for ids in query.person_ids)
    if query.before is not None:
        sql += f" AND {table}.date < ?"
        values.append(query.before)
    if query.after is not None:
        sql += f" AND {table}.date > ?"
        values.append(query.after + "~")  # after the whole year, month or day
    if query.bookmarked is not None:
        inside = "IN" if query.bookmarked else "NOT IN"
        sql += f" AND {table}.id {inside} (SELECT article_id FROM bookmarks)"
    if query.has_note is not None:
        inside = "IN" if query.has_note else "NOT IN"
        sql += f" AND {table}.id {inside} (SELECT article_id FROM notes WHERE deleted IS NULL)"
    if query.read is not None and num is None:  # the table's rows: the partial index may lead
        sql += f" AND {table}.read = {int(query.read)}"
    elif query.read is not None:  # index matches: each one's state read off a narrow index
        # (listing the unread for each statement cost 4 ms at 100,000 articles)
        sql += (
            " AND (SELECT r.read FROM articles AS r INDEXED BY search_article_dates"
            f" WHERE r.num = {num}) = {int(query.read)}"
        )
    if query.has_sources:
        kept, more = _source_sql(query, table if num is None else "articles")
        if num is not None:  # index matches: each checked against the sources' articles,
            # listed once (the + keeps SQLite from searching the index once for each of
            # them), among those of the span of the sources' articles, which FTS5 seeks
            kept = f" AND +{num} IN (SELECT num FROM articles WHERE 1{kept})"
            if query.source_span is not None:
                kept += f" AND {num} BETWEEN {query.source_span[0]} AND {query.source_span[1]}"
        sql += kept
        values += more
    return sql, values
