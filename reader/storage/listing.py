"""SQL for the article list in the order chosen, kept to a view: every article, the
bookmarked ones, those mentioning some people, those of a source, or any of these at once.

An order is a series of *segments*, each a part of the list with an ``ORDER BY`` an index
serves: newest first is one (``articles_by_date``; undated articles come last, as NULL
sorts first and the order is descending); oldest first is two, the dated articles by date
(the same index read backwards), then the undated ones in the order they were imported,
so that undated articles are last in both; by source is one (``articles_by_source``:
the source's name, a folder's files before a feed's entries of the same name, then
newest first). A page is cut from the segments in turn, and an article's place is the
articles of the segments before its own and those before it in its own.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from reader.records import Record
from reader.storage.rows import SUMMARY_COLUMNS, article_of
from reader.storage.sources import filter_sql
from reader.types import BY_SOURCE, NEWEST, OLDEST, ORDERS, ArticleSummary, SourceFilter


class View(Record):
    """Which articles the list holds: those bookmarked (if ``bookmarks``), mentioning every
    one of ``person_ids``, and of the ``source`` (if any)."""

    bookmarks: bool = False
    person_ids: tuple[int, ...] = ()
    source: SourceFilter | None = None

    @property
    def everything(self) -> bool:
        return not (self.bookmarks or self.person_ids or self.source)


#: The whole list.
EVERYTHING = View()


def view_sql(view: View) -> tuple[str, list[object]]:
    """SQL on ``articles`` that lets the view's articles through, and its values."""
    where = ["1"]
    values: list[object] = []
    if view.bookmarks:
        where.append("articles.id IN (SELECT article_id FROM bookmarks)")
    for person_id in dict.fromkeys(view.person_ids):
        where.append("articles.num IN (SELECT article_num FROM article_people WHERE person_id = ?)")
        values.append(person_id)
    if view.source is not None:
        sql, more = filter_sql(view.source)
        where.append(sql)
        values += more
    return " AND ".join(where), values


class _Segment(Record):
    where: str
    order: str


_SEGMENTS: dict[str, tuple[_Segment, ...]] = {
    NEWEST: (_Segment("1", "date DESC, num DESC"),),
    OLDEST: (_Segment("date IS NOT NULL", "date, num"), _Segment("date IS NULL", "num")),
    BY_SOURCE: (_Segment("1", "source, feed_id, date DESC, num DESC"),),
}


def _segments(order: str) -> tuple[_Segment, ...]:
    if order not in ORDERS:
        raise ValueError(f"no such order: {order!r} (one of {', '.join(ORDERS)})")
    return _SEGMENTS[order]


def count(conn: sqlite3.Connection, view: View = EVERYTHING) -> int:
    where, values = view_sql(view)
    return int(conn.execute(f"SELECT count(*) FROM articles WHERE {where}", values).fetchone()[0])


def page(
    conn: sqlite3.Connection, offset: int, limit: int, order: str = NEWEST, view: View = EVERYTHING
) -> list[ArticleSummary]:
    """Articles ``offset`` .. ``offset + limit`` of the view in ``order``."""
    where, values = view_sql(view)
    offset, limit = max(offset, 0), max(limit, 0)
    rows: list[tuple[Any, ...]] = []
    for number, segment in enumerate(segments := _segments(order)):
        if not limit:
            break
        found = conn.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE {where} AND {segment.where} "
            f"ORDER BY {segment.order} LIMIT ? OFFSET ?",
            (*values, limit, offset),
        ).fetchall()
        rows += found
        limit -= len(found)
        if found:
            offset = 0
        elif number + 1 < len(segments):  # this part ends before the page: skip it whole
            sql = f"SELECT count(*) FROM articles WHERE {where} AND {segment.where}"
            offset = max(offset - conn.execute(sql, values).fetchone()[0], 0)
    return [ArticleSummary(*row) for row in rows]


def _before(order: str, segment: int, place: tuple[object, ...]) -> tuple[str, list[object]]:
    """SQL for the articles before the one at ``place`` (its source, feed, date and num)
    within its ``segment`` of ``order``."""
    source, feed_id, date, num = place
    if order == OLDEST:
        if segment == 0:
            return "(date < ? OR (date = ? AND num < ?))", [date, date, num]
        return "num < ?", [num]
    if date is None:
        newer, values = "(date IS NOT NULL OR num > ?)", [num]
    else:
        newer, values = "(date > ? OR (date = ? AND num > ?))", [date, date, num]
    if order == NEWEST:
        return newer, values
    feeds = "0" if feed_id is None else "(feed_id IS NULL OR feed_id < ?)"
    sql = f"(source < ? OR (source = ? AND {feeds}) OR (source = ? AND feed_id IS ? AND {newer}))"
    before_feed = [] if feed_id is None else [feed_id]
    return sql, [source, source, *before_feed, source, feed_id, *values]


def index_of(
    conn: sqlite3.Connection, article_id: str, order: str = NEWEST, view: View = EVERYTHING
) -> int | None:
    """The place of an article in the view in ``order``; None if it is not in the view."""
    where, values = view_sql(view)
    place = conn.execute(  # named by any of its ids (a copy's: reader.storage.copies)
        f"SELECT source, feed_id, date, num FROM articles WHERE id = {article_of('?1')} "
        f"AND {where}",
        (article_id, *values),
    ).fetchone()
    if place is None:
        return None
    segments = _segments(order)
    own = 1 if order == OLDEST and place[2] is None else 0
    position = 0
    for segment in segments[:own]:
        sql = f"SELECT count(*) FROM articles WHERE {where} AND {segment.where}"
        position += conn.execute(sql, values).fetchone()[0]
    before, more = _before(order, own, tuple(place))
    sql = f"SELECT count(*) FROM articles WHERE {where} AND {segments[own].where} AND {before}"
    return position + int(conn.execute(sql, (*values, *more)).fetchone()[0])
