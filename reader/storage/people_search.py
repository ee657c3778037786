"""The people hooks of the search engine (a leaf it may import): ``person:NAME`` as
person ids, the SQL condition that keeps a query to their articles, and the articles
mentioning every one of some people, in list order ("mentions all of these people"
walks the rarest one's articles and checks the others on the second index)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from reader.storage.people_read import candidates


def visible_person_ids(conn: sqlite3.Connection, text: str) -> list[int]:
    """For the search engine's ``person:NAME``: the visible people ``text`` names exactly
    (name, key or alias, any case, diacritics folded); usually one, [] for none."""
    return [r[0] for r in candidates(conn, text) if not r[4]]


def restrict_sql(column: str, groups: int = 1, drive: int | None = None) -> str:
    """SQL keeping ``column`` (an article num: ``f.rowid``, ``a.num``) to the articles of
    ``groups`` sets of people, all of them (each ``?`` is bound to a JSON list of ids).

    The ``+`` stops SQLite from driving an FTS query from the people's articles: the
    index is searched once and each match is looked up in a list built once. Group
    ``drive`` goes without it: the index is then looked up once for each of that
    group's articles, which is cheaper only when they are few and the words' lists
    long; the query must not weigh its matches then (``bm25`` would read the words'
    whole lists again for every article: seconds).
    """
    return "".join(
        f" AND {'' if i == drive else '+'}{column} IN (SELECT article_num FROM article_people "
        "WHERE person_id IN (SELECT value FROM json_each(?)))"
        for i in range(groups)
    )


def articles_of(conn: sqlite3.Connection, person_ids: Sequence[int]) -> int:
    """How many articles mention one of ``person_ids`` (at most: their cached counts)."""
    sql = "SELECT total(articles) FROM people WHERE id IN (SELECT value FROM json_each(?))"
    return int(conn.execute(sql, (json.dumps(list(person_ids)),)).fetchone()[0])


#: Checking one article of the person walked on the second index costs about this many
#: times what listing one article of another person costs (see :func:`_also`).
LOOKUP_PER_LISTED = 6


def _driver(conn: sqlite3.Connection, person_ids: Sequence[int]) -> tuple[int, list[int], str]:
    """The person with the fewest articles (to walk), the others (to check), and the SQL
    that checks them (:func:`_also`)."""
    ids = list(dict.fromkeys(person_ids))
    if len(ids) == 1:
        return ids[0], [], ""
    counts = dict(
        conn.execute(
            "SELECT id, articles FROM people WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        ).fetchall()
    )
    ids.sort(key=lambda i: counts.get(i, 0))
    walked = counts.get(ids[0], 0)
    return ids[0], ids[1:], _also([counts.get(i, 0) for i in ids[1:]], walked)


def _also(others: Sequence[int], walked: int) -> str:
    """SQL keeping the rows ``ap`` of a person with ``walked`` articles to those that also
    mention each other person (one ``?`` each), who have ``others`` articles.

    Another person's articles are listed once (an in-memory list, checked per row)
    unless they are many more than those walked: then each walked article is looked
    up on the second index instead. Two people in thousands of articles each: 5 ms
    rather than 20 at 1,000,000 articles; one in two articles and one in thousands:
    two lookups rather than a list of thousands.
    """
    listed = " AND +ap.article_num IN (SELECT article_num FROM article_people WHERE person_id = ?)"
    looked_up = (
        " AND EXISTS (SELECT 1 FROM article_people AS o INDEXED BY article_people_by_article "
        "WHERE o.article_num = ap.article_num AND o.person_id = ?)"
    )
    return "".join(listed if count <= LOOKUP_PER_LISTED * walked else looked_up for count in others)


def person_page_rows(
    conn: sqlite3.Connection,
    person_ids: Sequence[int],
    offset: int,
    limit: int,
    columns: str,
) -> list[tuple[Any, ...]]:
    """``columns`` of the articles mentioning every one of ``person_ids``, in list order.

    The page is cut from the people's rows alone, and only its articles are read: an
    offset skips rows of ``article_people``, not articles (5,000 of them: 0.5 ms, not 20).
    """
    first, others, also = _driver(conn, person_ids)
    sql = (
        f"SELECT {columns} FROM (SELECT ap.sort_date, ap.article_num FROM article_people AS ap "
        f"WHERE ap.person_id = ?{also} "
        "ORDER BY ap.sort_date DESC, ap.article_num DESC LIMIT ? OFFSET ?) AS page "
        "JOIN articles ON articles.num = page.article_num "
        "ORDER BY page.sort_date DESC, page.article_num DESC"
    )
    return conn.execute(sql, (first, *others, max(limit, 0), max(offset, 0))).fetchall()


def person_count(conn: sqlite3.Connection, person_ids: Sequence[int]) -> int:
    first, others, also = _driver(conn, person_ids)
    sql = f"SELECT count(*) FROM article_people AS ap WHERE ap.person_id = ?{also}"
    return conn.execute(sql, (first, *others)).fetchone()[0]
