"""Names that fit what is typed, typos allowed (rapidfuzz): the people filter's query
and the search engine's ``@name``. The index of names is made again only when people,
their counts or the user's edits changed; it is kept in a :class:`FuzzyCache` that the
store owns and hangs on its connection (a bare connection gets no cache)."""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Callable, Iterator
from itertools import accumulate, islice

from reader.records import Record, field
from reader.storage.people_read import PERSON_COLUMNS
from reader.storage.people_search import visible_person_ids

#: Fuzzy filter: the lowest rapidfuzz ``partial_ratio`` kept, and for short queries.
FUZZY_CUTOFF = 80.0
FUZZY_SHORT = 3
#: ``@name`` answers kept per fuzzy index (a typo'd name is scored once while typing on).
FUZZY_ANSWERS = 256
#: Names scored in one call of rapidfuzz, which holds the GIL throughout: about 5 ms
#: (scoring all 140,000 names of a 100,000-article archive at once took 160 ms, and the
#: app's keys waited). Between two slices the event loop runs, and a newer query stops
#: an older one.
FUZZY_SLICE = 4_096
#: Characters of a query that are scored: more than any name holds. Scoring costs what
#: the query's length does (a pasted paragraph of 3,300 characters took 1.6 s against
#: 140,000 names, and again at each key typed after it).
FUZZY_MAX_CHARS = 100


class FuzzyIndex(Record, frozen=False):
    """Names and aliases ready for rapidfuzz: ``choices[i]`` belongs to person ``owners[i]``.

    The choices are in the order of their people's articles, most first (then by id),
    so that the first one holding a text is the best exact fit (:meth:`containing`).
    """

    choices: list[str]
    owners: list[int]
    articles: dict[int, int]
    hidden: set[int]
    #: ``fuzzy_person_ids`` answers already given from this index, by ``(text, limit)``.
    answers: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    _haystack: str = ""
    _starts: list[int] = field(default_factory=list)
    _slices: list[list[str]] = field(default_factory=list)

    def slices(self) -> list[list[str]]:
        """The choices in runs of :data:`FUZZY_SLICE` (made on first use)."""
        if not self._slices and self.choices:
            size = FUZZY_SLICE
            self._slices = [self.choices[i : i + size] for i in range(0, len(self.choices), size)]
        return self._slices

    def containing(self, text: str, include_hidden: bool = False) -> int | None:
        """The person with the most articles (then the lowest id) one of whose names or
        aliases holds ``text`` (as :func:`rapidfuzz.utils.default_process` leaves it).

        That is :func:`fuzzy_match`'s best for a ``text`` of one word: a name holding it
        scores 100, and any other scores below 99.5 (so does not round to 100) as long
        as ``text`` has fewer than 100 letters.
        """
        return next(self.all_containing(text, include_hidden), None)

    def all_containing(self, text: str, include_hidden: bool = False) -> Iterator[int]:
        """Each person one of whose names or aliases holds ``text``, once, in the
        choices' order: the most articles first, then the lowest id."""
        if not self._starts:
            self._haystack = "\n".join(self.choices)
            self._starts = list(accumulate([0, *(len(c) + 1 for c in self.choices[:-1])]))
        seen: set[int] = set()
        at = self._haystack.find(text) if text and "\n" not in text else -1
        while at >= 0:
            i = bisect.bisect_right(self._starts, at) - 1
            end = self._starts[i] + len(self.choices[i])
            if at + len(text) <= end:
                pid = self.owners[i]
                if (include_hidden or pid not in self.hidden) and pid not in seen:
                    seen.add(pid)
                    yield pid
            at = self._haystack.find(text, end + 1)


_FUZZY_STATE = (
    "SELECT (SELECT max(id) FROM people), (SELECT total(articles) FROM people), "
    "(SELECT max(updated) FROM person_overrides), "
    "(SELECT count(*) || ' ' || max(created) FROM person_aliases)"
)


def _writes(conn: sqlite3.Connection) -> tuple[int, int]:
    """Changes to the database since: another connection's commit changes the first,
    this one's writes the second (both cost nothing to read, unlike :data:`_FUZZY_STATE`,
    which adds up every person's count)."""
    return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes


class FuzzyCache:
    """The fuzzy indexes one store made lately, by state of the tables, and the one its
    connection used last with the writes seen then (see :func:`fuzzy_index`)."""

    def __init__(self) -> None:
        self.by_state: dict[tuple[object, ...], FuzzyIndex] = {}
        self.last: tuple[tuple[int, int], FuzzyIndex] | None = None


def fuzzy_index(conn: sqlite3.Connection) -> FuzzyIndex:
    """The names and aliases of the people in articles, ready for :func:`fuzzy_match`;
    made again only when people, their counts or the user's edits changed (and those
    are looked at only when something was written since the last call)."""
    index = cached_fuzzy_index(conn)
    if index is None:
        writes = _writes(conn)  # before the state: the index is never older than these
        index = keep_fuzzy_index(conn, *made_fuzzy_index(conn), writes=writes)
    return index


def cached_fuzzy_index(conn: sqlite3.Connection) -> FuzzyIndex | None:
    """The index kept on ``conn`` for the tables as they are now, if one was made."""
    cache: FuzzyCache | None = getattr(conn, "fuzzy_cache", None)
    if cache is None:
        return None
    writes = _writes(conn)
    if cache.last is not None and cache.last[0] == writes:
        return cache.last[1]
    index = cache.by_state.get(tuple(conn.execute(_FUZZY_STATE).fetchone()))
    if index is not None:
        cache.last = (writes, index)
    return index


def made_fuzzy_index(conn: sqlite3.Connection) -> tuple[tuple[object, ...], FuzzyIndex]:
    """A new index, and the state of the tables it was made from (read first: the index
    is never older than the state it is kept under). ``conn`` may be any connection to
    the database, so that making it (0.3 s at 140,000 people) holds no other's lock."""
    state = tuple(conn.execute(_FUZZY_STATE).fetchone())
    return state, _make_fuzzy_index(conn)


def keep_fuzzy_index(
    conn: sqlite3.Connection,
    state: tuple[object, ...],
    index: FuzzyIndex,
    writes: tuple[int, int] | None = None,
) -> FuzzyIndex:
    """Keep ``index`` (made when the tables were in ``state``) on ``conn``; return it.
    ``writes``: ``conn``'s writes when it read ``state`` itself, for which the index
    then serves without the state being read again."""
    cache: FuzzyCache | None = getattr(conn, "fuzzy_cache", None)
    if cache is not None:
        if len(cache.by_state) >= 4:
            cache.by_state.clear()
        cache.by_state[state] = index
        if writes is not None:
            cache.last = (writes, index)
    return index


def _make_fuzzy_index(conn: sqlite3.Connection) -> FuzzyIndex:
    from rapidfuzz.utils import default_process

    pairs: list[tuple[str, int]] = []
    articles: dict[int, int] = {}
    hidden: set[int] = set()
    by_key: dict[str, int] = {}
    for pid, key, name, count, is_hidden in conn.execute(
        f"SELECT {PERSON_COLUMNS} FROM people WHERE articles > 0"
    ):
        pairs.append((default_process(name), pid))
        articles[pid] = count
        by_key[key] = pid
        if is_hidden:
            hidden.add(pid)
    for target, alias in conn.execute("SELECT target_key, alias FROM person_aliases"):
        pid = by_key.get(target)
        if pid is not None:
            pairs.append((default_process(alias), pid))
    pairs.sort(key=lambda pair: (-articles[pair[1]], pair[1]))
    return FuzzyIndex([c for c, _ in pairs], [pid for _, pid in pairs], articles, hidden)


def fuzzy_match(
    index: FuzzyIndex,
    query: str,
    *,
    include_hidden: bool = False,
    limit: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[tuple[int, float]]:
    """``(person id, score)`` of the (first ``limit``) people whose name or alias fits
    ``query``, best first; nothing if ``cancelled()`` turns true meanwhile (a newer
    query came: see :data:`FUZZY_SLICE`).

    A query of up to :data:`FUZZY_SHORT` letters must appear as it is in a name
    ("kim" in "Kim Kardashian"); a longer one may have typos ("kardashain"). Among
    equal scores, the person in more articles comes first.

    A short query of one word scores every name that holds it 100 and no other: those
    are found in the names' order (:meth:`FuzzyIndex.all_containing`), not scored one
    by one (60 ms for each key in the people panel at 140,000 people).
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    text = default_process(query[: FUZZY_MAX_CHARS * 2])[:FUZZY_MAX_CHARS].strip()
    if not text or (limit is not None and limit <= 0):
        return []
    if len(text) <= FUZZY_SHORT and " " not in text:
        holding = index.all_containing(text, include_hidden)
        return [(pid, 100.0) for pid in islice(holding, limit)]
    cutoff = 100.0 if len(text) <= FUZZY_SHORT else FUZZY_CUTOFF
    best: dict[int, float] = {}
    scorers = [fuzz.partial_ratio]
    if " " in text:
        scorers.append(fuzz.token_set_ratio)  # words in another order: "west kanye"
    for scorer in scorers:
        matches: list[tuple[str, float, int]] = []
        start = 0
        for names in index.slices():
            if cancelled is not None and cancelled():
                return []
            found = process.extract(text, names, scorer=scorer, score_cutoff=cutoff, limit=None)
            matches += [(choice, score, start + i) for choice, score, i in found]
            start += len(names)
        for choice, score, i in matches:
            if len(choice) < len(text) and scorer is fuzz.partial_ratio:
                # The query must fit in the name, not a short name in the query
                # ("Saint" is not in "kardashain").
                score = fuzz.ratio(text, choice)
                if score < cutoff:
                    continue
            pid = index.owners[i]
            if pid in index.hidden and not include_hidden:
                continue
            if score > best.get(pid, -1.0):
                best[pid] = score
    ranked = sorted(best.items(), key=lambda kv: (-round(kv[1]), -index.articles[kv[0]], kv[0]))
    return ranked[:limit]


def fuzzy_person_ids(
    conn: sqlite3.Connection, text: str, limit: int = 1, index: FuzzyIndex | None = None
) -> list[int]:
    """For the search engine's ``@name``: the ``limit`` visible people that fit ``text``
    best (typos allowed, see :func:`fuzzy_match`); an exact name wins outright.

    The best one is found without scoring every name when a name holds ``text`` as it
    is (``@kard``, every letter typed so far): no fit scores higher, so it is the one
    with the most articles. A text with spaces may also fit best with its words in
    another order, so it is always scored; the answer is kept with the index.
    """
    from rapidfuzz.utils import default_process

    exact = visible_person_ids(conn, text)
    if exact:
        return exact[:limit]
    index = index or fuzzy_index(conn)
    folded = default_process(text)
    if limit == 1 and folded and " " not in folded and len(folded) < 100:  # (see containing)
        found = index.containing(folded)
        if found is not None:
            return [found]
    answer = index.answers.get((text, limit))
    if answer is None:
        if len(index.answers) >= FUZZY_ANSWERS:
            index.answers.clear()
        ranked = fuzzy_match(index, text)
        answer = index.answers[(text, limit)] = [pid for pid, _ in ranked[:limit]]
    return list(answer)
