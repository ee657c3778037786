"""Running one level of a plan against FTS5: its tiers' matches, ranked.

This module owns the SQL that reads ``articles_fts`` for a level's tiers (see
:mod:`.plan`) and the order of their matches: the tiers in order, then bm25
relevance (title weighs 10, dek 4, body 1, author 5), then the date, newest first,
undated last, then the newest import.

Ranking is bounded so that every keystroke stays instant at any archive size.
A tier that can match at most :data:`RANK_ALL_LIMIT` articles is ranked whole
by bm25. A bigger one (a common word, a one-letter prefix) is cut to the
:data:`BOUNDED_POOL` most recently imported matches (FTS5 reads them straight
off the index, newest row first) and only those are ranked (title and
side-by-side matches among them first). bm25 counts every article of every
term it weighs; when that would read too many index entries, a whole tier is
weighed by its rarest parts only (:data:`reader.search.plan.WEIGH_BUDGET`) and
a bounded pool not at all (:data:`BOUNDED_WEIGH_BUDGET`): the date decides.

A people filter (``person:``, ``@``) keeps each FTS5 query to the people's
articles. The index is read as without it and each match checked against their
list (built once), unless the people have so few articles that looking the index
up once for each of them costs less than reading the words' lists (:func:`_look_up`):
``person:"x" said`` for someone in two articles. Matches looked up are never weighed
in the same query. A pool kept to someone's articles spans the whole archive, so
its title tier is checked on the titles themselves (:func:`_within`).
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from reader.search.filters import filter_sql
from reader.search.match import Matcher
from reader.search.plan import Level, Tier
from reader.search.query import Query
from reader.terms import term_set

__all__ = ["Candidate", "Row", "run_level"]

#: A tier with at most this many possible matches is ranked whole.
RANK_ALL_LIMIT = 500
#: Otherwise at most this many (the newest) are ranked.
BOUNDED_POOL = 100
#: Rows read past the wanted ones when ranking in SQL, so that ties at the cut
#: can still be ordered by date.
TIE_ROOM = 20
#: Index entries bm25 may read to weigh the terms of a bounded pool (see also
#: :data:`reader.search.plan.WEIGH_BUDGET`).
BOUNDED_WEIGH_BUDGET = 15_000
#: Looking a term up for one article costs about as much as reading this many entries
#: of its list whole (FTS5 seeks it in each segment of the index: about 50 µs a term
#: against 80 ns an entry read, at 100,000 and 1,000,000 articles).
LOOKUP_ENTRIES = 600
#: Reading one title and its words (:func:`reader.terms.term_set`, 5 µs) costs
#: about as much as reading this many entries of a list kept to titles (which FTS5 reads
#: with their positions: about 700 ns an entry at 1,000,000 articles).
TITLE_ENTRIES = 8
#: Reading one article and checking its text for a tier's words (:func:`_scanned`, about
#: 10-30 µs for 2,500 characters) costs about as much as reading this many index entries
#: (about 80 ns each: bench/search.py, person typing).
SCAN_ENTRIES = 400
#: bm25 column weights: title, dek, body, author.
WEIGHTS = (10.0, 4.0, 1.0, 5.0)
BM25 = f"bm25(articles_fts, {', '.join(map(str, WEIGHTS))})"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One article found: its num, its bm25 (0.0 when not weighed), and the tier that
    found it."""

    num: int
    score: float
    tier: Tier


Row = tuple[int, float]
"""``(num, bm25)`` of a match (0.0 when not weighed)."""


def run_level(
    conn: sqlite3.Connection,
    query: Query,
    level: Level,
    want: int,
    found: list[Candidate],
    scores: dict[str, dict[int, float]],
    total: int,
) -> list[Candidate]:
    """The best ``want`` matches of one level not in ``found``: in the title first, then
    with the words side by side, then the rest."""
    seen = [c.num for c in found]
    firsts = [t for t in (level.in_title, level.adjacent) if t is not None]
    if level.anywhere.estimate > RANK_ALL_LIMIT:
        pool, titles, dates = _newest(conn, query, level.anywhere, want, seen)
        within = [(t, _within(conn, t, pool, total, titles)) for t in firsts]
        return _ranked(conn, pool, level.anywhere, want, within, dates)
    out: list[Candidate] = []
    for tier in (*firsts, level.anywhere):
        if len(out) >= want:
            break
        rows = _rank_all(conn, query, tier, want - len(out), seen, scores)
        ranked = _ranked(conn, rows, tier, want - len(out))
        out += ranked
        seen = [*seen, *(c.num for c in ranked)]
    return out


def _select(
    query: Query,
    tier: Tier,
    seen: Sequence[int],
    score: str,
    tail: str,
    look_up: bool = False,
    title: bool = False,
) -> tuple[str, list[object]]:
    """``SELECT rowid, score`` of the tier's matches, with the filters, and its values
    (``look_up``: see :func:`_look_up`); with ``title`` (only without filters), and the
    title and date."""
    dates, values = filter_sql(query, "a", "f.rowid", look_up)
    if query.bookmarked is not None or query.has_note is not None or title:
        join = " JOIN articles AS a ON a.num = f.rowid"
    else:  # dates only: a narrow index holds them
        join = " JOIN articles AS a INDEXED BY search_article_dates ON a.num = f.rowid"
    join = join if dates or title else ""
    skip = f" AND f.rowid NOT IN ({', '.join('?' * len(seen))})" if seen else ""
    columns = f"f.rowid, {score}, a.title, a.date" if title else f"f.rowid, {score}"
    sql = (
        f"SELECT {columns} FROM articles_fts AS f{join} "
        f"WHERE f.articles_fts MATCH ?{dates}{skip} {tail}"
    )
    return sql, [tier.expression, *values, *seen]


def _lookups(expression: str) -> float:
    """How many terms FTS5 seeks to test one article against ``expression``; infinitely
    many with a phrase, which it looks up far slower (``title : ("and morn")``: 2.7 ms
    an article at 1,000,000 articles, against 40-120 µs for a word), or with FTS5's own
    prefix search (``"kard" *``), which merges every term of the prefix again for each
    article: the index has no prefix index."""
    quoted = re.findall(r'"((?:[^"]|"")*)"', expression)
    if any(" " in q for q in quoted) or _PREFIX.search(expression):
        return math.inf
    return len(quoted)


#: FTS5's prefix operator after a quoted term (:func:`reader.search.fts.prefix`).
_PREFIX = re.compile(r'"\s*\*')


def _look_up(query: Query, tier: Tier) -> bool:
    """Whether to look the index up once for each article of the people with the fewest
    articles, rather than read the tier's lists whole and keep their people's matches.

    Reading a list costs the articles in it; a lookup, the terms it seeks
    (:data:`LOOKUP_ENTRIES` each). ``person:"x" said`` reads 500,000 entries of
    ``said`` at 1,000,000 articles (40 ms) or, for someone in two articles, makes two
    lookups (0.1 ms). Only lists too long to weigh are worth it, and so the matches
    found are never weighed in the same query (see
    :func:`reader.storage.people_search.restrict_sql`): by the tier's cheap parts, or not at all.
    """
    lookups = _lookups(tier.expression)
    if not query.person_articles or tier.weigh_cost <= BOUNDED_WEIGH_BUDGET or lookups == math.inf:
        return False
    return min(query.person_articles) * lookups * LOOKUP_ENTRIES < tier.weigh_cost


def _scan_pays(query: Query, tier: Tier) -> bool:
    """Whether to read the articles of the people with the fewest articles and check
    their text for the tier's words (:func:`_scanned`), rather than search the index.

    Only for a tier of words alone whose matches would not be weighed anyway (its lists
    are too long): ``person:"x" ma`` reads the lists of the ten most used words starting
    with "ma" (200,000 entries at 100,000 articles: 18 ms), or looks each of x's 35
    articles up for each of the ten (as long); reading and checking the 35 takes 1 ms.
    """
    if tier.words is None or not query.person_articles or tier.weigh_cost <= BOUNDED_WEIGH_BUDGET:
        return False
    return min(query.person_articles) * SCAN_ENTRIES < tier.weigh_cost


def _scanned(
    conn: sqlite3.Connection, query: Query, tier: Tier, pool: int, seen: Sequence[int]
) -> tuple[list[Row], dict[int, str], dict[int, str | None]]:
    """The newest ``pool`` of the people's articles (and the other filters') that hold
    the tier's words, found by reading their text (see :func:`_scan_pays`), with their
    titles and dates (as :func:`_newest` gives them)."""
    words = tier.words or ()
    matcher = Matcher([term for alternatives in words for term in alternatives])
    kept, values = filter_sql(query, "a", look_up=True)  # driven by the fewest articles
    sql = (
        "SELECT a.num, a.title, a.date, a.dek, a.body, a.author FROM articles AS a "
        f"WHERE 1{kept} ORDER BY a.num DESC"
    )
    skip = set(seen)
    rows: list[Row] = []
    titles: dict[int, str] = {}
    dates: dict[int, str | None] = {}
    for num, title, date, *rest in conn.execute(sql, values):
        if num in skip:
            continue
        text = "\n".join(column for column in (title, *rest) if column)
        held = {key for _, _, key in matcher.find(text, per_key=1)}
        if _holds_all(held, words):
            rows.append((num, 0.0))
            titles[num], dates[num] = title, date
            if len(rows) == pool:
                break
    return rows, titles, dates


def _rank_all(
    conn: sqlite3.Connection,
    query: Query,
    tier: Tier,
    want: int,
    seen: Sequence[int],
    scores: dict[str, dict[int, float]],
) -> list[Row]:
    """Every match, by bm25: in one query, or weighed by the tier's cheap parts only."""
    if tier.rank_expression is None:
        sql, values = _select(query, tier, seen, BM25, f"ORDER BY {BM25}, f.rowid DESC LIMIT ?")
        return conn.execute(sql, [*values, want + TIE_ROOM]).fetchall()
    sql, values = _select(query, tier, seen, "0.0", "", _look_up(query, tier))
    matches = conn.execute(sql, values).fetchall()
    if not matches:
        return []
    weights = scores.get(tier.rank_expression)
    if weights is None:
        rank_sql = f"SELECT rowid, {BM25} FROM articles_fts WHERE articles_fts MATCH ?"
        rows = conn.execute(rank_sql, (tier.rank_expression,)).fetchall()
        weights = scores[tier.rank_expression] = dict(rows)
    return [(num, weights.get(num, 0.0)) for num, _ in matches]


def _newest(
    conn: sqlite3.Connection,
    query: Query,
    tier: Tier,
    want: int,
    seen: Sequence[int],
) -> tuple[list[Row], dict[int, str] | None, dict[int, str | None] | None]:
    """The most recently imported matches (FTS5 stops after them), by bm25 when it is cheap,
    and when the query has no filters their titles and dates, read in the same statement
    for :func:`_within` (far cheaper than searching the index again) and :func:`_ranked`.

    Looked up article by article, the matches are all read and the newest kept here:
    FTS5 looks a rowid up several times slower in descending order.
    """
    score = BM25 if tier.weigh_cost <= BOUNDED_WEIGH_BUDGET else "0.0"
    pool = max(want, BOUNDED_POOL)
    if _scan_pays(query, tier):
        return _scanned(conn, query, tier, pool, seen)
    if _look_up(query, tier):
        sql, values = _select(query, tier, seen, score, "", look_up=True)
        return sorted(conn.execute(sql, values).fetchall(), reverse=True)[:pool], None, None
    title = not filter_sql(query, "a")[0]
    tail = "ORDER BY f.rowid DESC LIMIT ?"
    sql, values = _select(query, tier, seen, score, tail, title=title)
    rows = conn.execute(sql, [*values, pool]).fetchall()
    if not title:
        return rows, None, None
    titles = {num: text for num, _, text, _ in rows}
    return [(num, bm25) for num, bm25, _, _ in rows], titles, {r[0]: r[3] for r in rows}


def _within(
    conn: sqlite3.Connection,
    tier: Tier,
    pool: list[Row],
    total: int,
    titles: dict[int, str] | None = None,
) -> set[int]:
    """Which rows of ``pool`` (matches of the tier's level) match ``tier``, the cheapest
    way: FTS5 reads the pool's rowid range of the tier's lists; or (the range being
    most of a long list: a pool kept to someone's articles, which are anywhere) looks
    each row up; or, for a title tier of words, the titles are read and checked here
    (``titles``: the pool's, read with it)."""
    if not pool:
        return set()
    if titles is not None and tier.title_words is not None:
        return _titled(titles, tier.title_words)
    nums = [num for num, _ in pool]
    share = (max(nums) - min(nums) + 1) / max(total, 1)
    ways = {"range": share * tier.weigh_cost}
    lookups = _lookups(tier.expression)
    if lookups < math.inf:
        ways["look up"] = len(nums) * lookups * LOOKUP_ENTRIES
    if tier.title_words is not None:
        ways["titles"] = len(nums) * TITLE_ENTRIES
    way = min(ways, key=ways.__getitem__)
    marks = ", ".join("?" * len(nums))
    if way == "titles":
        sql = f"SELECT num, title FROM articles WHERE num IN ({marks})"
        return _titled(dict(conn.execute(sql, nums).fetchall()), tier.title_words or ())
    if way == "look up":
        sql = f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN ({marks})"
        rows = conn.execute(sql, (tier.expression, *nums)).fetchall()
    else:
        sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ?"
        rows = conn.execute(sql, (tier.expression, min(nums), max(nums))).fetchall()
    return {num for (num,) in rows}


def _holds_all(terms: set[str], words: Sequence[Sequence[str]]) -> bool:
    """Whether ``terms`` hold one of the terms of each word."""
    return all(not terms.isdisjoint(alternatives) for alternatives in words)


def _titled(titles: dict[int, str], words: Sequence[Sequence[str]]) -> set[int]:
    """The nums of ``titles`` whose title holds one of the terms of each word: the
    titles are searched together, one to a line, by the highlighter (which finds whole
    words as the index has them, like :func:`term_set`), not split one by one."""
    if not words:
        return set(titles)
    nums = list(titles)
    text = "\n".join(titles.values())
    if text.count("\n") >= len(nums):  # a title of several lines: one by one
        return {n for n, title in titles.items() if _holds_all(term_set(title), words)}
    matcher = Matcher([term for alternatives in words for term in alternatives])
    keys: dict[int, set[str]] = {}
    line, read = 0, 0
    for start, _, key in matcher.find(text):
        line += text.count("\n", read, start)
        read = start
        keys.setdefault(nums[line], set()).add(key)
    return {num for num, held in keys.items() if _holds_all(held, words)}


def _ranked(
    conn: sqlite3.Connection,
    rows: list[Row],
    tier: Tier,
    want: int,
    firsts: Sequence[tuple[Tier, set[int]]] = (),
    dates: dict[int, str | None] | None = None,
) -> list[Candidate]:
    """The best ``want`` rows: those in the first of ``firsts`` (a better tier of the
    same level, and its matches among ``rows``), then in the next …, then by bm25 (lower
    is better), then the newest date (undated last), then the newest import.

    Unless given (``dates``: every row's), dates are read only for the rows that can make
    the cut (ties at the cut included).
    """

    # Each row's place by tier and bm25, worked out once (rowids are unique), column by
    # column: a pool is 100 rows, and a function called for each costs more than the rest.
    nums = [num for num, _ in rows]
    bm25s = [bm25 for _, bm25 in rows]
    outside = [[num not in first for num in nums] for _, first in firsts]
    keys = dict(zip(nums, zip(*outside, bm25s, strict=True), strict=True))

    def tier_of(num: int) -> Tier:
        for better, first in firsts:
            if num in first:
                return better
        return tier

    # By place, then the newest import: flat tuples, compared without a key function (the
    # nums are unique, so the rows' index is never compared).
    negated = [-num for num in nums]
    by_place = sorted(zip(*outside, bm25s, negated, range(len(rows)), strict=True))
    rows = [rows[place[-1]] for place in by_place]
    if len(rows) > want:
        cut = keys[rows[want - 1][0]]
        rows = rows[:want] + [r for r in rows[want:] if keys[r[0]] == cut]
    if dates is None:
        dates = _dates(conn, [num for num, _ in rows])
    ordered = sorted(rows, key=lambda r: dates.get(r[0]) or "", reverse=True)
    ordered.sort(key=lambda r: (keys[r[0]], dates.get(r[0]) is None))
    return [Candidate(num, bm25, tier_of(num)) for num, bm25 in ordered[:want]]


def _dates(conn: sqlite3.Connection, nums: list[int]) -> dict[int, str | None]:
    if not nums:
        return {}
    sql = (
        "SELECT num, date FROM articles INDEXED BY search_article_dates "
        f"WHERE num IN ({', '.join('?' * len(nums))})"
    )
    return dict(conn.execute(sql, nums).fetchall())
