"""From the articles found to the hits: their summaries, scores, matched words and excerpts.

A hit's ``score`` says where it stands in the order of the hits (see
:mod:`reader.search.engine`), so it never rises down the list (:func:`score`): its
integer part is the tier (9: every word exactly in the title; 8: side by side; 7:
anywhere; 6 and 4: the same with the other number of a word and the closest
corrections; 3 and 1: with every correction; 0: found through a note, or no words
to match), its fraction the bm25 relevance within the tier, squashed below 1 (0 when
the tier was too big to weigh).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import partial
from typing import Any

from reader.search.match import Matcher
from reader.search.plan import ADJACENT, ANYWHERE, IN_TITLE, LEVELS, Tier
from reader.search.rank import Candidate
from reader.search.snippet import SNIPPET_MATCHES, make_snippet
from reader.storage.rows import SUMMARY_COLUMNS as _SUMMARY_COLUMNS
from reader.types import ArticleSummary, HitMarks, SearchHit

__all__ = ["make_hits", "score", "unmarked_hits"]

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


def make_hits(conn: sqlite3.Connection, found: list[Candidate]) -> list[SearchHit]:
    """The hits of ``found``, in its order (an article deleted meanwhile left out)."""
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


def unmarked_hits(rows: Sequence[tuple[Any, ...]]) -> list[SearchHit]:
    """The hits of ``rows`` (an article's summary columns, then its body) found by filters
    alone: no words to mark, a score of 0."""
    empty = Matcher(())
    return [_hit(ArticleSummary(*row[:-1]), row[-1], 0.0, empty, ()) for row in rows]


def _hit(
    summary: ArticleSummary, body: str, score: float, matcher: Matcher, order: Sequence[str]
) -> SearchHit:
    return SearchHit.later(summary, score, partial(_marks, summary, body, matcher, order))


def _marks(summary: ArticleSummary, body: str, matcher: Matcher, order: Sequence[str]) -> HitMarks:
    """A hit's marks: its snippet, where the matched words stand in it and in the title,
    and which of the query's terms (``order``: the terms, then the prefixes with a ``*``)
    the article matched, in ``order``."""
    body_matches, known = matcher.find_known(body, per_key=SNIPPET_MATCHES)
    title_matches = matcher.find(summary.title)
    snippet, snippet_spans = make_snippet(body, body_matches, matcher, known)
    keys = {key for _, _, key in (*body_matches, *title_matches)}
    for extra in (summary.dek, summary.author):
        if extra and len(keys) < len(order):  # some term not found yet
            keys.update(key for _, _, key in matcher.find(extra))
    return HitMarks(
        snippet=snippet,
        snippet_spans=snippet_spans,
        title_spans=tuple((s, e) for s, e, _ in title_matches),
        terms=tuple(k for k in order if k in keys),
    )
