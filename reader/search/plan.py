"""From a parsed query to the FTS5 searches that answer it, cheapest and best first.

What each query word may match, and which words are left out, is decided first
(:mod:`.choices`). From those choices this module lays out:

* the **tiers**, run in order until enough articles are found, so that exact
  matches always rank above corrected ones and title matches above the rest:
  level 0 takes every word exactly, level 1 adds the suggestions with the
  fewest typos (one, mostly), level 2 all of them (two typos); each level
  first looks for articles whose title holds every word, then (at level 0)
  for the words side by side in the order typed, then anywhere; within a
  tier bm25 ranks, so a rare word the typo was close to (a name) comes before
  a common one (its weight is higher);
* for each tier, how many articles it can find at most and how much of the
  index bm25 would read (:class:`Tier`), which decides how it is ranked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from reader.search import fts, spelling
from reader.search.choices import (
    MAX_COMPLETIONS,
    WordChoice,
    affordable_prefix,
    choose,
    keep_words,
    with_suggestions,
)
from reader.search.query import Query, Word

__all__ = ["Level", "Plan", "Tier", "make_plan"]

#: Index entries bm25 may read to weigh a tier's terms (it counts every article
#: holding each term: about 70 ns an entry).
WEIGH_BUDGET = 15_000
#: The shapes of a tier.
ANYWHERE, IN_TITLE, ADJACENT = "anywhere", "in title", "adjacent"
#: The word being typed is only searched inside a phrase when its completions are
#: in at most this many articles (FTS5 merges their lists first).
ADJACENT_PREFIX_DOCS = 20_000
#: Levels: 0 exact; 1 with the suggestions with the fewest typos; 2 with all of them.
LEVELS = (0, 1, 2)


@dataclass(frozen=True, slots=True)
class Tier:
    """One FTS5 search: its ``MATCH`` expression and what it may cost."""

    level: int
    #: Only articles whose title holds every word and phrase (searched before the rest).
    in_title: bool
    expression: str
    #: At most this many articles match (the smallest count of any required part).
    estimate: int
    #: Index entries bm25 reads to weigh ``expression``'s terms (the sum of their counts).
    weigh_cost: int
    #: When weighing every term costs too much: the cheapest parts, to rank by
    #: (a superset of the matches; common words add little to bm25 anyway).
    rank_expression: str | None
    #: What a hit of this tier may contain, for highlighting: exact terms and prefixes.
    terms: tuple[str, ...]
    prefixes: tuple[str, ...]
    #: For a title tier of words alone (no phrase, no FTS5 prefix): the terms each word
    #: may be, one of which the title must hold (so it can be checked without FTS5
    #: on articles that match the level anywhere: authors and exclusions are met).
    title_words: tuple[tuple[str, ...], ...] | None = None
    #: For a tier of words alone anywhere (no phrase, author, exclusion or FTS5 prefix):
    #: the terms each word may be, one of which the article must hold in some column (so
    #: a few articles can be checked on their text, without FTS5).
    words: tuple[tuple[str, ...], ...] | None = None
    #: :data:`IN_TITLE`, :data:`ADJACENT` or :data:`ANYWHERE`.
    shape: str = ANYWHERE


@dataclass(frozen=True, slots=True)
class Level:
    """The tiers of one level, searched in this order: articles with every word in the
    title; with the words side by side as typed (level 0 only); anywhere."""

    level: int
    #: None when only authors are asked for.
    in_title: Tier | None
    #: None for one word, at levels above 0, or when the word being typed is too short.
    adjacent: Tier | None
    anywhere: Tier


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything decided about a query before searching; its levels are laid out as
    they are asked for (most searches fill their page at level 0), and the spelling
    suggestions of levels 1 and 2 read then."""

    query: Query
    #: The words to match, without their suggestions (see :meth:`levels`).
    words: tuple[WordChoice, ...]
    total: int
    #: Every word typed (near-stopwords too), the phrases and authors, and the counts.
    choices: tuple[WordChoice, ...]
    fixed: _Fixed
    docs: dict[str, int]

    def levels(self, conn: sqlite3.Connection) -> Iterator[Level]:
        """The levels in order, each laid out when it is reached; a level that would
        search the same as one before is left out."""
        words, choices = list(self.words), list(self.choices)
        seen: list[str] = []
        for level in LEVELS:
            if level == 1:  # the corrections: every word with its suggestions
                corrected = {
                    id(c): with_suggestions(conn, c, self.total, self.docs) for c in choices
                }
                words = [corrected[id(c)] for c in words]
                choices = list(corrected.values())
            anywhere = _tier(level, ANYWHERE, words, choices, self.fixed, self.docs)
            if anywhere is None or anywhere.expression in seen:
                continue
            seen.append(anywhere.expression)
            in_title = _tier(level, IN_TITLE, words, choices, self.fixed, self.docs)
            adjacent = _tier(level, ADJACENT, words, choices, self.fixed, self.docs)
            yield Level(level, in_title, adjacent, anywhere)


# -- the parts of a tier ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """One required part of an expression, with what it may match and cost."""

    expression: str
    estimate: int
    cost: int
    #: Words and phrases go inside a title tier's column filter; authors do not.
    titled: bool = True


@dataclass(frozen=True, slots=True)
class _Fixed:
    """Phrases, authors and exclusions: the same in every tier (no typos there)."""

    parts: tuple[_Part, ...]
    excluded: tuple[str, ...]
    #: bm25 weighs excluded terms too.
    excluded_cost: int
    terms: tuple[str, ...]
    prefixes: tuple[str, ...]


def _typing_phrase(head: list[str], last: str, completions: list[str], native: bool) -> str:
    """``head`` then a completion of ``last`` (the word being typed), side by side.

    One phrase per completion from the spelling index, rather than FTS5's own
    ``"head last" *``: the index has no prefix index (it made every import twice as
    slow), so FTS5 would merge the lists of every term starting with ``last``. Its own
    form is added when the spelling index may lag behind (``native``) or knows no
    completion at all (then hardly any term starts with ``last``).
    """
    parts = [fts.phrase([*head, term]) for term in completions]
    if native or not parts:
        parts.append(fts.phrase([*head, last], last_is_prefix=True))
    return fts.any_of(parts)


def _phrase_part(
    conn: sqlite3.Connection, words: tuple[Word, ...], docs: dict[str, int], total: int, stale: bool
) -> _Part:
    terms = [w.term for w in words]
    typing = words[-1].prefix and len(words[-1].term) >= 2
    counts = [docs.get(w.term, 0) for w in words if not w.prefix]
    known = bool(counts) and not stale
    if typing:
        found = [t for t, _ in spelling.completions(conn, terms[-1], MAX_COMPLETIONS)]
        expression = _typing_phrase(
            terms[:-1], terms[-1], found, stale and affordable_prefix(terms[-1])
        )
    else:
        expression = fts.phrase(terms)
    return _Part(
        expression,
        estimate=min(counts) if known else total,
        cost=sum(counts) if known and not typing else total,
    )


def _author_part(conn: sqlite3.Connection, term: str, stale: bool, total: int) -> _Part:
    found = spelling.completions(conn, term, MAX_COMPLETIONS)
    alternatives = [fts.quote(t) for t, _ in found]
    if stale or not alternatives:
        alternatives.append(fts.prefix(term))
    count = sum(d for _, d in found)
    return _Part(
        fts.in_column("author", fts.any_of(alternatives)),
        estimate=total if stale else count,
        cost=total if stale or not found else count,
        titled=False,
    )


def _fixed_parts(conn: sqlite3.Connection, query: Query, total: int, stale: bool) -> _Fixed:
    phrase_terms = [w.term for p in query.phrases for w in p if not w.prefix]
    excluded_terms = [t for e in query.excluded for t in e]
    docs = spelling.term_docs(conn, [*phrase_terms, *excluded_terms])
    parts = [_phrase_part(conn, words, docs, total, stale) for words in query.phrases]
    parts += [_author_part(conn, term, stale, total) for term in query.authors]
    return _Fixed(
        parts=tuple(parts),
        excluded=tuple(fts.phrase(e) for e in query.excluded),
        excluded_cost=total if stale else sum(docs.get(t, 0) for t in excluded_terms),
        terms=tuple(phrase_terms),
        prefixes=tuple(p[-1].term for p in query.phrases if p[-1].prefix),
    )


def _word_part(choice: WordChoice, level: int, docs: dict[str, int]) -> _Part | None:
    expression = choice.expression(level)
    if expression is None:
        return None
    count = choice.docs(level, docs)
    unknown = choice.native_prefix  # FTS5's own prefix: its size is not known here
    return _Part(expression, 10**9 if unknown else count, 10**9 if unknown else count)


# -- tiers -----------------------------------------------------------------------------------


def _expression(parts: list[_Part], in_title: bool, excluded: tuple[str, ...]) -> str:
    titled = [p.expression for p in parts if p.titled]
    others = [p.expression for p in parts if not p.titled]
    if in_title:
        titled = [fts.in_column("title", fts.all_of(titled))]
    return fts.without(fts.all_of([*titled, *others]), excluded)


def _rank_expression(parts: list[_Part], excluded_cost: int) -> str | None:
    """The cheapest parts whose weighing fits :data:`WEIGH_BUDGET` (always at least one)."""
    if sum(p.cost for p in parts) + excluded_cost <= WEIGH_BUDGET:
        return None
    chosen: list[str] = []
    spent = 0
    for part in sorted(parts, key=lambda p: p.cost):
        if chosen and spent + part.cost > WEIGH_BUDGET:
            break
        chosen.append(part.expression)
        spent += part.cost
    return fts.all_of(chosen)


def _adjacent_part(words: list[WordChoice], docs: dict[str, int]) -> _Part | None:
    """All the words, exactly, side by side in the order typed (a phrase), if that is cheap."""
    if len(words) < 2 or any(not c.exact for c in words):
        return None
    last = words[-1]
    typing = last.word.prefix
    if typing and (len(last.word.term) < 2 or last.exact_docs > ADJACENT_PREFIX_DOCS):
        return None  # FTS5 would merge the doclists of too many completions
    counts = [docs.get(c.word.term, 0) for c in words if not c.word.prefix]
    terms = [c.word.term for c in words]
    if typing:
        expression = _typing_phrase(terms[:-1], terms[-1], list(last.exact), last.native_prefix)
    else:
        expression = fts.phrase(terms)
    return _Part(
        expression,
        estimate=min(counts, default=0),
        cost=sum(c.exact_docs for c in words),
    )


def _word_parts(
    shape: str, level: int, words: list[WordChoice], typed: list[WordChoice], docs: dict[str, int]
) -> list[_Part] | None:
    if shape == ADJACENT:  # every word typed, near-stopwords too: "president of france"
        part = _adjacent_part(typed, docs) if level == 0 and words else None
        return None if part is None else [part]
    parts = [_word_part(choice, level, docs) for choice in words]
    return None if None in parts else parts  # type: ignore[return-value]


def _tier(
    level: int,
    shape: str,
    words: list[WordChoice],
    typed: list[WordChoice],
    fixed: _Fixed,
    docs: dict[str, int],
) -> Tier | None:
    """The tier of ``level`` in a shape: :data:`ANYWHERE`, :data:`IN_TITLE`, :data:`ADJACENT`.

    ``words`` are the words to match (without near-stopwords), ``typed`` all of them.
    """
    word_parts = _word_parts(shape, level, words, typed, docs)
    if word_parts is None:
        return None  # some word matches nothing at this level (or no such tier)
    parts = [*fixed.parts, *word_parts]
    in_title = shape == IN_TITLE
    if not parts or (in_title and not any(p.titled for p in parts)):
        return None
    terms = [t for c in words for t in c.alternatives(level) if not c.word.prefix]
    terms += [t for c in words if c.word.prefix for t in c.corrections(level)]
    prefixes = [c.word.term for c in words if c.word.prefix]
    title_words = only_words = None
    plain = not any(p.titled for p in fixed.parts) and not any(c.native_prefix for c in words)
    if in_title and words and plain:
        title_words = tuple(c.alternatives(level) for c in words)
    elif shape == ANYWHERE and words and plain and not (fixed.parts or fixed.excluded):
        only_words = tuple(c.alternatives(level) for c in words)
    return Tier(
        level=level,
        in_title=in_title,
        expression=_expression(parts, in_title, fixed.excluded),
        estimate=min(p.estimate for p in parts),
        weigh_cost=sum(p.cost for p in parts) + fixed.excluded_cost,
        rank_expression=_rank_expression(parts, fixed.excluded_cost),
        terms=tuple(dict.fromkeys([*terms, *fixed.terms])),
        prefixes=tuple(dict.fromkeys([*prefixes, *fixed.prefixes])),
        title_words=title_words,
        words=only_words,
        shape=shape,
    )


def make_plan(conn: sqlite3.Connection, query: Query) -> Plan:
    """Look the query's words up in the spelling index and lay out the tiers."""
    # About how many articles there are (as spelling.total_docs counts them) and whether
    # the spelling index lags behind, in one statement: every key runs it.
    total, pending = conn.execute(
        "SELECT coalesce((SELECT max(num) FROM articles), 0), EXISTS (SELECT 1 FROM search_pending)"
    ).fetchone()
    stale = pending == 1
    docs = spelling.term_docs(conn, [t for w in query.words for t in (w.term, *w.either, *w.forms)])
    choices = [choose(conn, w, total, docs, stale) for w in query.words]
    others = bool(query.phrases or query.authors or query.persons or query.fuzzy_persons)
    words = keep_words(choices, others)
    fixed = _fixed_parts(conn, query, total, stale)
    return Plan(query, tuple(words), total, tuple(choices), fixed, docs)
