"""Running a search: the tiers of a plan against FTS5, ranking, and the hits.

This module owns the SQL that reads ``articles_fts`` and how results are
ordered. Within the whole list:

1. tiers in order (see :mod:`.plan`): exact matches before corrected ones;
   at each level, articles whose title holds every word, then those with the
   words side by side as typed, then the rest;
2. within a tier, bm25 relevance (title weighs 10, dek 4, body 1, author 5);
3. then the date, newest first, undated last; then the newest import.

A hit's ``score`` says where it stands in that order, so it never rises down
the list (:func:`score`): its integer part is the tier (9: every word exactly in
the title; 8: side by side; 7: anywhere; 6 and 4: the same with the other number
of a word and the closest corrections; 3 and 1: with every correction; 0: found
through a note, or no words to match), its fraction the bm25 relevance within
the tier, squashed below 1 (0 when the tier was too big to weigh).

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

import json
import math
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reader.search import fts
from reader.search.match import Matcher
from reader.search.plan import ADJACENT, ANYWHERE, IN_TITLE, LEVELS, Level, Tier, make_plan
from reader.search.query import Query
from reader.search.snippet import SNIPPET_MATCHES, make_snippet
from reader.search.syntax import parse_query
from reader.storage import people_search as people
from reader.storage import sources
from reader.storage.people_fuzzy import fuzzy_person_ids
from reader.storage.rows import SUMMARY_COLUMNS as _SUMMARY_COLUMNS
from reader.terms import term_set
from reader.types import ArticleSummary, SearchHit, SourceFilter

__all__ = ["MAX_LIMIT", "SearchResults", "run_search"]

#: Most hits one search returns.
MAX_LIMIT = 1_000
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
#: bm25 column weights: title, dek, body, author.
WEIGHTS = (10.0, 4.0, 1.0, 5.0)
BM25 = f"bm25(articles_fts, {', '.join(map(str, WEIGHTS))})"


@dataclass(frozen=True, slots=True)
class SearchResults:
    """One search: the query as understood, the hits best first, and whether there are more."""

    query: Query
    hits: tuple[SearchHit, ...]
    #: True if more articles match than were returned.
    more: bool


@dataclass(frozen=True, slots=True)
class _Candidate:
    num: int
    score: float
    tier: Tier


#: The shapes of the tiers of a level, in the order they are searched.
SHAPES = (IN_TITLE, ADJACENT, ANYWHERE)


def score(tier: Tier, bm25: float) -> float:
    """A hit's score: its tier's place counted from the end (see the module doc), plus
    its relevance within the tier, ``r / (1 + r)`` of ``r = -bm25`` (FTS5's bm25 is
    lower for better matches). Higher is better, and it follows the order of the hits."""
    if tier.level not in LEVELS:  # found through its notes
        return 0.0
    band = len(LEVELS) * len(SHAPES) - tier.level * len(SHAPES) - SHAPES.index(tier.shape)
    relevance = max(-bm25, 0.0)
    return band + relevance / (1.0 + relevance)


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
        query = _with_people(conn, query)
        if not all(query.person_ids):
            return SearchResults(query, (), False)  # somebody nobody knows: no article
    if query.has_sources:
        query = _with_sources(conn, query)
        if (query.sources and not query.source_names) or (query.feeds and not query.feed_ids):
            return SearchResults(query, (), False)  # a source there is not: no article
    if not query.has_terms:
        return _filtered(conn, query, limit)
    plan = make_plan(conn, query)
    if not plan.words and not (query.phrases or query.authors):
        # Only near-stopwords, left out because people narrow the search ("person:x o",
        # as one types "o…"): their articles, as without words (the word would have
        # read most of the index to keep nearly all of them).
        return _filtered(conn, query, limit)
    found: list[_Candidate] = []
    scores: dict[str, dict[int, float]] = {}  # by rank expression: tiers share them
    for level in plan.levels(conn):
        found += _run_level(conn, query, level, limit + 1 - len(found), found, scores, plan.total)
        if len(found) > limit:
            break  # before the next level is laid out
    if len(found) <= limit:
        found += _in_notes(conn, query, limit + 1 - len(found), found)
    hits = _hits(conn, found[:limit])
    return SearchResults(query, tuple(hits), len(found) > limit)


# -- one tier ------------------------------------------------------------------------------


def _with_people(conn: sqlite3.Connection, query: Query) -> Query:
    """``query`` with its ``person:`` and ``@`` names resolved to people's ids."""
    groups = [tuple(people.visible_person_ids(conn, name)) for name in query.persons]
    groups += [tuple(fuzzy_person_ids(conn, name)) for name in query.fuzzy_persons]
    sizes = tuple(people.articles_of(conn, ids) if ids else 0 for ids in groups)
    return replace(query, person_ids=tuple(groups), person_articles=sizes)


def _with_sources(conn: sqlite3.Connection, query: Query) -> Query:
    """``query`` with its ``source:`` and ``feed:`` values resolved to source names and
    feed ids."""

    def names(given: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for g in given for n in sources.source_names(conn, g)))

    def ids(given: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(i for g in given for i in sources.feed_ids(conn, g)))

    query = replace(
        query,
        source_names=names(query.sources),
        not_source_names=names(query.not_sources),
        feed_ids=ids(query.feeds),
        not_feed_ids=ids(query.not_feeds),
    )
    if query.source_names or query.feed_ids or query.within is not None:
        kept, values = _source_sql(query, "articles")
        sql = f"SELECT min(num), max(num) FROM articles WHERE 1{kept}"
        first, last = conn.execute(sql, values).fetchone()
        if first is not None:
            query = replace(query, source_span=(first, last))
    return query


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


def _filter_sql(
    query: Query, table: str, num: str | None = None, look_up: bool = False
) -> tuple[str, list[object]]:
    """SQL conditions on the articles ``table`` (each starting with `` AND``) and their
    values, for the date, bookmark, note and people filters. ``num`` is the column that
    holds the article's num (``f.rowid`` in a full-text query: see
    :func:`reader.storage.people_search.restrict_sql` on why the people test must go there);
    with ``look_up`` the index is looked up for each article of the people with the
    fewest (:func:`_look_up`)."""
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


Row = tuple[int, float]
"""``(num, bm25)`` of a match (0.0 when not weighed)."""


def _run_level(
    conn: sqlite3.Connection,
    query: Query,
    level: Level,
    want: int,
    found: list[_Candidate],
    scores: dict[str, dict[int, float]],
    total: int,
) -> list[_Candidate]:
    """The best ``want`` matches of one level not in ``found``: in the title first, then
    with the words side by side, then the rest."""
    seen = [c.num for c in found]
    firsts = [t for t in (level.in_title, level.adjacent) if t is not None]
    if level.anywhere.estimate > RANK_ALL_LIMIT:
        pool, titles, dates = _newest(conn, query, level.anywhere, want, seen)
        within = [(t, _within(conn, t, pool, total, titles)) for t in firsts]
        return _ranked(conn, pool, level.anywhere, want, within, dates)
    out: list[_Candidate] = []
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
    dates, values = _filter_sql(query, "a", "f.rowid", look_up)
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
    if _look_up(query, tier):
        sql, values = _select(query, tier, seen, score, "", look_up=True)
        return sorted(conn.execute(sql, values).fetchall(), reverse=True)[:pool], None, None
    title = not _filter_sql(query, "a")[0]
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
) -> list[_Candidate]:
    """The best ``want`` rows: those in the first of ``firsts`` (a better tier of the
    same level, and its matches among ``rows``), then in the next …, then by bm25 (lower
    is better), then the newest date (undated last), then the newest import.

    Unless given (``dates``: every row's), dates are read only for the rows that can make
    the cut (ties at the cut included).
    """

    # Each row's place by tier and bm25, worked out once (rowids are unique).
    keys = {num: (*(num not in first for _, first in firsts), bm25) for num, bm25 in rows}

    def tier_of(num: int) -> Tier:
        return next((t for t, first in firsts if num in first), tier)

    rows = sorted(rows, key=lambda r: (keys[r[0]], -r[0]))
    if len(rows) > want:
        cut = keys[rows[want - 1][0]]
        rows = [r for i, r in enumerate(rows) if i < want or keys[r[0]] == cut]
    if dates is None:
        dates = _dates(conn, [num for num, _ in rows])
    ordered = sorted(rows, key=lambda r: dates.get(r[0]) or "", reverse=True)
    ordered.sort(key=lambda r: (keys[r[0]], dates.get(r[0]) is None))
    return [_Candidate(num, bm25, tier_of(num)) for num, bm25 in ordered[:want]]


def _dates(conn: sqlite3.Connection, nums: list[int]) -> dict[int, str | None]:
    if not nums:
        return {}
    sql = (
        "SELECT num, date FROM articles INDEXED BY search_article_dates "
        f"WHERE num IN ({', '.join('?' * len(nums))})"
    )
    return dict(conn.execute(sql, nums).fetchall())


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


def _in_notes(
    conn: sqlite3.Connection, query: Query, want: int, found: list[_Candidate]
) -> list[_Candidate]:
    """Articles whose notes match the words (after those whose own text does), newest first."""
    tier = _notes_tier(query)
    if tier is None or want <= 0:
        return []
    seen = {c.num for c in found}
    filters, values = _filter_sql(query, "a")
    sql = (
        "SELECT DISTINCT a.num, a.date FROM notes_fts JOIN notes AS n ON n.id = notes_fts.rowid "
        "JOIN articles AS a ON a.id = n.article_id "
        f"WHERE notes_fts MATCH ? AND n.deleted IS NULL{filters} "
        "ORDER BY a.date IS NULL, a.date DESC, a.num DESC LIMIT ?"
    )
    rows = conn.execute(sql, [tier.expression, *values, want + len(seen)]).fetchall()
    return [_Candidate(num, 0.0, tier) for num, _ in rows if num not in seen][:want]


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
    dates, values = _filter_sql(query, "articles")
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
    empty = Matcher(())
    hits = [_hit(ArticleSummary(*row[:-1]), row[-1], 0.0, empty, ()) for row in rows[:limit]]
    return SearchResults(query, tuple(hits), len(rows) > limit)


def _person_articles(conn: sqlite3.Connection, query: Query, limit: int) -> SearchResults:
    """Only people (one each name) to filter by: their articles newest first, off their index."""
    ids = [group[0] for group in query.person_ids]
    rows = people.person_page_rows(conn, ids, 0, limit + 1, f"{_SUMMARY_COLUMNS}, body")
    empty = Matcher(())
    hits = [_hit(ArticleSummary(*row[:-1]), row[-1], 0.0, empty, ()) for row in rows[:limit]]
    return SearchResults(query, tuple(hits), len(rows) > limit)


# -- the hits --------------------------------------------------------------------------------


def _hits(conn: sqlite3.Connection, found: list[_Candidate]) -> list[SearchHit]:
    if not found:
        return []
    marks = ", ".join("?" * len(found))
    sql = f"SELECT num, {_SUMMARY_COLUMNS}, body FROM articles WHERE num IN ({marks})"
    rows = {row[0]: row[1:] for row in conn.execute(sql, [c.num for c in found])}
    matchers: dict[int, Matcher] = {}
    hits: list[SearchHit] = []
    for cand in found:
        row = rows.get(cand.num)
        if row is None:  # deleted meanwhile
            continue
        matcher = matchers.get(cand.tier.level)
        if matcher is None:
            matcher = matchers[cand.tier.level] = Matcher(cand.tier.terms, cand.tier.prefixes)
        order = (*cand.tier.terms, *(p + "*" for p in cand.tier.prefixes))
        hit_score = score(cand.tier, cand.score)
        hits.append(_hit(ArticleSummary(*row[:-1]), row[-1], hit_score, matcher, order))
    return hits


def _hit(
    summary: ArticleSummary, body: str, score: float, matcher: Matcher, order: Sequence[str]
) -> SearchHit:
    body_matches, known = matcher.find_known(body, per_key=SNIPPET_MATCHES)
    title_matches = matcher.find(summary.title)
    snippet, snippet_spans = make_snippet(body, body_matches, matcher, known)
    keys = {key for _, _, key in (*body_matches, *title_matches)}
    for extra in (summary.dek, summary.author):
        if extra and len(keys) < len(order):  # some term not found yet
            keys.update(key for _, _, key in matcher.find(extra))
    return SearchHit(
        summary=summary,
        score=score,
        snippet=snippet,
        snippet_spans=snippet_spans,
        title_spans=tuple((s, e) for s, e, _ in title_matches),
        terms=tuple(k for k in order if k in keys),
    )
