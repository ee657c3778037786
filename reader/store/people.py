"""SQL for people: who each article mentions, and the user's edits of them.

The tables are made by migration ``0004_people`` (:mod:`reader.store.schema` says
what each holds). How a person comes to be:

1. At import, :func:`find_mentions` reads an article (``reader.people.find_people``
   on its body, title and dek, plus the user's text aliases, below) and gives *raw*
   mentions: ``(key, name, count, first)``, ``key`` being the folded name
   (``reader.people.name_key``).
2. :class:`PeopleWriter` maps each raw key through the user's aliases
   (``person_aliases``: a merged or aliased key means its target), adds up what
   lands on the same person, and replaces the article's rows of
   ``article_people``; a key seen for the first time becomes a ``people`` row,
   named as written (or as the user renamed it: ``person_overrides``).
3. The user's edits are stored by name key, never by row id, so every later
   import applies them again: a rename or a hide is a ``person_overrides`` row,
   a merge (``FROM`` into ``INTO``) and an alias are ``person_aliases`` rows. An
   alias the user adds (``Ye`` for Kanye West) is also looked for as a whole
   word in every body (:class:`AliasScanner`; case-sensitively when it is
   :data:`SHORT_ALIAS` letters or fewer), since the finder may never report it.
   An edit rewrites the rows it changes at once: a merge moves rows in SQL, a new
   text alias re-reads the articles whose index holds its words, a split re-reads
   the target's articles.

Reading is by canonical person: the articles of a person, newest first, come
straight off the ``article_people`` key; "mentions all of these people" walks
the rarest one's articles and checks the others on the second index. Hidden
people keep their rows but are left out of lists and filters.

For the search engine: :func:`visible_person_ids` and :func:`fuzzy_person_ids`
turn ``person:NAME`` and ``@name`` into person ids, and :func:`restrict_sql`
writes the condition that keeps an FTS query to their articles.
"""

from __future__ import annotations

import bisect
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any

from reader.errors import AmbiguousPerson, PersonEditError, PersonNotFound
from reader.models import Person
from reader.store.notes import writing

__all__ = [
    "AliasScanner",
    "Mention",
    "PeopleWriter",
    "articles_of",
    "find_mentions",
    "fuzzy_person_ids",
    "restrict_sql",
    "visible_person_ids",
]

#: Aliases this long or shorter are matched with their case as written ("Ye", not "ye").
SHORT_ALIAS = 4
#: Articles re-read per query when an edit re-reads articles.
RECOUNT_CHUNK = 500
#: An import touching more people than this recounts everyone (one pass is cheaper).
FULL_RECOUNT = 5_000
#: An import writes the people of this many articles at a time (see :meth:`PeopleWriter.stage`).
STAGE_ARTICLES = 10_000
#: Page cache while writing them (KiB): a person's rows land all over their B-tree.
STAGE_CACHE_KIB = 64 * 1024
#: Fuzzy filter: the lowest rapidfuzz ``partial_ratio`` kept, and for short queries.
FUZZY_CUTOFF = 80.0
FUZZY_SHORT = 3
#: ``@name`` answers kept per fuzzy index (a typo'd name is scored once while typing on).
FUZZY_ANSWERS = 256
#: People named with someone are counted over their this many newest articles.
CO_MENTION_SCAN = 5_000

Mention = tuple[str, str, int, "int | None"]
"""A raw mention of one person in one article: ``(key, name, count, first)``.

``key`` is the folded name; ``first`` the offset of the first mention in the body,
or None when the person is named only in the title or dek."""

_PERSON_COLUMNS = "id, key, name, articles, hidden"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def name_key(name: str) -> str:
    from reader.people import name_key as key

    return key(name)


def clean_name(text: str) -> str:
    """A name as given by the user: one line, single spaces."""
    return " ".join(text.split())


# -- finding mentions (pure Python: runs in the import's worker processes) --------------------


@dataclass(frozen=True)
class AliasScanner:
    """Finds the user's text aliases as whole words in a body (picklable, for workers).

    ``aliases`` are ``(alias as written, alias key)``. An occurrence inside a mention
    the finder already reported is not counted again.
    """

    aliases: tuple[tuple[str, str], ...]
    _pattern: list[re.Pattern[str]] = field(default_factory=list, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.aliases)

    def pattern(self) -> re.Pattern[str]:
        if not self._pattern:
            parts = []
            for text, _ in self.aliases:
                escaped = re.escape(text)
                short = len(text) <= SHORT_ALIAS
                parts.append(f"({escaped})" if short else f"(?i:({escaped}))")
            self._pattern.append(re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"))
        return self._pattern[0]

    def count(self, body: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
        if not self.aliases:
            return []
        starts = sorted(spans)
        found: dict[str, list[Any]] = {}
        for m in self.pattern().finditer(body):
            s, e = m.span()
            i = bisect.bisect_left(starts, (e, e))
            if i and starts[i - 1][1] > s:
                continue  # inside a mention the finder reported
            text, key = self.aliases[(m.lastindex or 1) - 1]
            hit = found.get(key)
            if hit is None:
                found[key] = [key, text, 1, s]
            else:
                hit[2] += 1
        return [tuple(v) for v in found.values()]  # type: ignore[misc]


def find_mentions(
    body: str, title: str, dek: str | None, scanner: AliasScanner | None = None
) -> list[Mention]:
    """The raw mentions of people in one article (what the import stores, before aliases)."""
    from reader.people import find_people

    found = find_people(body, title=title or "", dek=dek or "")
    out: list[Mention] = [
        (p.key, p.name, p.count, p.first if p.first >= 0 else None) for p in found
    ]
    if scanner:
        out += scanner.count(body, [span for p in found for span in p.spans])
    return [m for m in out if m[0]]


def _first(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def canonical(mentions: Iterable[Mention], aliases: dict[str, str]) -> dict[str, list[Any]]:
    """``key -> [name, count, first]`` per person, raw keys mapped through ``aliases``."""
    out: dict[str, list[Any]] = {}
    for key, name, count, first in mentions:
        key = aliases.get(key, key)
        have = out.get(key)
        if have is None:
            out[key] = [name, count, first]
        else:
            have[1] += count
            have[2] = _first(have[2], first)
    return out


# -- the user's edits, as read by imports ------------------------------------------------------


def alias_map(conn: sqlite3.Connection) -> dict[str, str]:
    """``alias key -> canonical key`` for every merge and alias."""
    return dict(conn.execute("SELECT alias_key, target_key FROM person_aliases"))


def scanner(conn: sqlite3.Connection) -> AliasScanner:
    """The text aliases to look for in bodies, longest first."""
    rows = conn.execute("SELECT alias, alias_key FROM person_aliases WHERE scan = 1").fetchall()
    rows.sort(key=lambda r: (-len(r[0]), r[0]))
    return AliasScanner(tuple((text, key) for text, key in rows))


# -- writing what imports find -------------------------------------------------------------------


class PeopleWriter:
    """Writes the people of articles, inside the caller's transaction.

    One is kept for a run of writes (an import): it caches ``key -> id`` and the
    alias map, and reloads them when another connection has written meanwhile.
    :meth:`finish` recounts the people whose articles changed.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.aliases: dict[str, str] = {}
        self.touched: set[int] = set()
        self.full_recount = False
        self._version: int | None = None
        #: Articles written whose people are not yet: ``(num, date, mentions)``.
        self.held: list[tuple[int, str | None, Sequence[Mention] | None]] = []

    def stage(
        self,
        conn: sqlite3.Connection,
        articles: Sequence[tuple[int, str | None, Sequence[Mention] | None]],
    ) -> bool:
        """Hold the people of ``articles``, just written by the caller's transaction, and
        list them in ``people_todo`` in it; write what is held once there is enough.

        Returns whether it was written; call :meth:`staged` once the transaction is in.
        """
        nums = [(num,) for num, _, _ in articles]
        conn.executemany("INSERT OR IGNORE INTO people_todo (num) VALUES (?)", nums)
        if len(self.held) + len(articles) < STAGE_ARTICLES:
            return False
        self._write_held(conn, [*self.held, *articles])
        return True

    def staged(
        self, articles: Sequence[tuple[int, str | None, Sequence[Mention] | None]], written: bool
    ) -> None:
        """The transaction of :meth:`stage` is committed."""
        if written:
            self.held = []
        else:
            self.held.extend(articles)

    def _write_held(
        self,
        conn: sqlite3.Connection,
        articles: Sequence[tuple[int, str | None, Sequence[Mention] | None]],
    ) -> None:
        before = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-STAGE_CACHE_KIB:d}")
        try:
            self.write(conn, articles)
            done_todo(conn, [num for num, _, _ in articles])
        finally:
            conn.execute(f"PRAGMA cache_size = {before:d}")

    def _sync(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self.ids = dict(conn.execute("SELECT key, id FROM people"))
            self.aliases = alias_map(conn)
            self._version = version

    def forget(self) -> None:
        """Drop the caches (after an edit, or a write that was rolled back)."""
        self._version = None

    def write(
        self,
        conn: sqlite3.Connection,
        articles: Sequence[tuple[int, str | None, Sequence[Mention] | None]],
    ) -> None:
        """Replace the people rows of ``articles``: ``(num, date, mentions)`` each."""
        if not articles:
            return
        self._sync(conn)
        if not self.touched:
            self.full_recount = self.full_recount or counts_stale(conn)
            conn.execute(
                "INSERT OR REPLACE INTO people_state (name, value) VALUES ('counts', 'stale')"
            )
        nums = [num for num, _, _ in articles]
        touched = self.touched
        for start in range(0, len(nums), 500):
            chunk = nums[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"DELETE FROM article_people WHERE article_num IN ({marks}) RETURNING person_id"
            touched.update(pid for (pid,) in conn.execute(sql, chunk))
        ids, aliases = self.ids, self.aliases
        people_of: list[tuple[int, str, dict[str, list[Any]]]] = []
        new: dict[str, str] = {}  # key -> name as first written, for the people made now
        for num, date, mentions in articles:
            if mentions:
                found = canonical(mentions, aliases)
                people_of.append((num, date or "", found))
                for key, (name, _, _) in found.items():
                    if key not in ids and key not in new:
                        new[key] = name
        if new:
            ids.update(_add_people(conn, new))
        rows = [
            (ids[key], sort_date, num, count, first)
            for num, sort_date, found in people_of
            for key, (_, count, first) in found.items()
        ]
        touched.update(row[0] for row in rows)
        conn.executemany(
            "INSERT OR REPLACE INTO article_people"
            " (person_id, sort_date, article_num, count, first) VALUES (?, ?, ?, ?, ?)",
            rows,
        )

    def finish(self, conn: sqlite3.Connection) -> None:
        """Write what is held, and bring the cached article counts up to date (in the
        caller's transaction)."""
        if self.held:
            self._write_held(conn, self.held)
            self.held = []
        if not self.touched and not self.full_recount:
            return
        if self.full_recount or len(self.touched) > FULL_RECOUNT:
            recount(conn, None)
        else:
            recount(conn, self.touched)
        conn.execute("DELETE FROM people_state WHERE name = 'counts'")
        self.touched = set()
        self.full_recount = False


def _add_people(conn: sqlite3.Connection, names: dict[str, str]) -> dict[str, int]:
    """``key -> id`` of the people ``names`` holds (``key -> name``), made now in that
    order (named as the user renamed them, if so) unless another connection made one
    meanwhile: one statement for them all, not one each."""
    conn.executemany(
        "INSERT INTO people (key, name, hidden) VALUES (?, "
        "coalesce((SELECT name FROM person_overrides WHERE key = ?1 AND name IS NOT NULL), ?2), "
        "coalesce((SELECT hidden FROM person_overrides WHERE key = ?1), 0)) "
        "ON CONFLICT(key) DO NOTHING",
        names.items(),
    )
    keys = list(names)
    found: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(conn.execute(f"SELECT key, id FROM people WHERE key IN ({marks})", chunk))
    return found


def recount(conn: sqlite3.Connection, person_ids: Iterable[int] | None) -> None:
    """Set ``people.articles`` from the rows (of these people, or of everyone)."""
    sql = (
        "UPDATE people SET articles = "
        "(SELECT count(*) FROM article_people WHERE person_id = people.id)"
    )
    if person_ids is None:
        conn.execute(sql)
    else:
        ids = sorted(set(person_ids))
        if ids:
            conn.execute(sql + " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))


def nums_of_ids(conn: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        found.update(conn.execute(f"SELECT id, num FROM articles WHERE id IN ({marks})", chunk))
    return found


def todo(conn: sqlite3.Connection, limit: int) -> list[tuple[int, str, str | None, str]]:
    """Articles whose people are still to be found: ``(num, title, dek, body)`` (the text
    is None for an article gone meanwhile)."""
    return conn.execute(
        "SELECT t.num, a.title, a.dek, a.body FROM people_todo AS t "
        "LEFT JOIN articles AS a ON a.num = t.num ORDER BY t.num LIMIT ?",
        (limit,),
    ).fetchall()


def counts_stale(conn: sqlite3.Connection) -> bool:
    """Whether people were written and the cached article counts not yet brought up to date."""
    sql = "SELECT 1 FROM people_state WHERE name = 'counts'"
    return conn.execute(sql).fetchone() is not None


def todo_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM people_todo").fetchone()[0]


def done_todo(conn: sqlite3.Connection, nums: Sequence[int]) -> None:
    for start in range(0, len(nums), 500):
        chunk = list(nums[start : start + 500])
        conn.execute(f"DELETE FROM people_todo WHERE num IN ({','.join('?' * len(chunk))})", chunk)


def dates_of(conn: sqlite3.Connection, nums: Sequence[int]) -> dict[int, str | None]:
    found: dict[int, str | None] = {}
    for start in range(0, len(nums), 500):
        chunk = list(nums[start : start + 500])
        marks = ",".join("?" * len(chunk))
        found.update(conn.execute(f"SELECT num, date FROM articles WHERE num IN ({marks})", chunk))
    return found


# -- reading ----------------------------------------------------------------------------------


def _aliases_of(conn: sqlite3.Connection, keys: Sequence[str] | None) -> dict[str, list[str]]:
    if keys is None:
        rows = conn.execute("SELECT target_key, alias FROM person_aliases ORDER BY created")
    else:
        rows = conn.execute(
            "SELECT target_key, alias FROM person_aliases WHERE target_key IN "
            "(SELECT value FROM json_each(?)) ORDER BY created",
            (json.dumps(list(keys)),),
        )
    out: dict[str, list[str]] = {}
    for key, alias in rows:
        out.setdefault(key, []).append(alias)
    return out


def _persons(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> list[Person]:
    """People from ``(id, key, name, articles, hidden)`` rows, with their aliases."""
    if not rows:
        return []
    aliases = _aliases_of(conn, None if len(rows) > 200 else [r[1] for r in rows])
    return [
        Person(pid, key, name, tuple(aliases.get(key, ())), articles, bool(hidden))
        for pid, key, name, articles, hidden in rows
    ]


def person_by_id(conn: sqlite3.Connection, person_id: int) -> Person:
    row = conn.execute(
        f"SELECT {_PERSON_COLUMNS} FROM people WHERE id = ?", (person_id,)
    ).fetchone()
    if row is None:
        raise PersonNotFound(f"no person with id {person_id}")
    return _persons(conn, [row])[0]


def people_by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Person]:
    rows = conn.execute(
        f"SELECT {_PERSON_COLUMNS} FROM people WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    ).fetchall()
    return {p.id: p for p in _persons(conn, rows)}


def list_people(
    conn: sqlite3.Connection, *, include_hidden: bool = False, limit: int | None = None
) -> list[Person]:
    """People mentioned in at least one article, most articles first."""
    hidden = "" if include_hidden else " AND hidden = 0"
    rows = conn.execute(
        f"SELECT {_PERSON_COLUMNS} FROM people WHERE articles > 0{hidden} "
        "ORDER BY articles DESC, name COLLATE NOCASE, id LIMIT ?",
        (-1 if limit is None else max(limit, 0),),
    ).fetchall()
    return _persons(conn, rows)


@dataclass
class FuzzyIndex:
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

    def containing(self, text: str, include_hidden: bool = False) -> int | None:
        """The person with the most articles (then the lowest id) one of whose names or
        aliases holds ``text`` (as :func:`rapidfuzz.utils.default_process` leaves it).

        That is :func:`fuzzy_match`'s best for a ``text`` of one word: a name holding it
        scores 100, and any other scores below 99.5 (so does not round to 100) as long
        as ``text`` has fewer than 100 letters.
        """
        if not self._starts:
            self._haystack = "\n".join(self.choices)
            self._starts = list(accumulate([0, *(len(c) + 1 for c in self.choices[:-1])]))
        at = self._haystack.find(text) if text and "\n" not in text else -1
        while at >= 0:
            i = bisect.bisect_right(self._starts, at) - 1
            if at + len(text) <= self._starts[i] + len(self.choices[i]):
                pid = self.owners[i]
                if include_hidden or pid not in self.hidden:
                    return pid
            at = self._haystack.find(text, self._starts[i] + len(self.choices[i]) + 1)
        return None


#: Fuzzy indexes made lately, by connection and state of the tables (see :func:`fuzzy_index`).
_FUZZY_CACHE: dict[tuple[Any, ...], FuzzyIndex] = {}
_FUZZY_STATE = (
    "SELECT (SELECT max(id) FROM people), (SELECT total(articles) FROM people), "
    "(SELECT max(updated) FROM person_overrides), "
    "(SELECT count(*) || ' ' || max(created) FROM person_aliases)"
)
#: The index each connection used last, and when: ``id(conn) -> (conn, writes, index)``
#: (the connection itself is kept, so that another one given its id is not mistaken for it).
_FUZZY_LAST: dict[int, tuple[sqlite3.Connection, tuple[int, int], FuzzyIndex]] = {}


def _writes(conn: sqlite3.Connection) -> tuple[int, int]:
    """Changes to the database since: another connection's commit changes the first,
    this one's writes the second (both cost nothing to read, unlike :data:`_FUZZY_STATE`,
    which adds up every person's count)."""
    return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes


def fuzzy_index(conn: sqlite3.Connection) -> FuzzyIndex:
    """The names and aliases of the people in articles, ready for :func:`fuzzy_match`;
    made again only when people, their counts or the user's edits changed (and those
    are looked at only when something was written since the last call)."""
    writes = _writes(conn)
    last = _FUZZY_LAST.get(id(conn))
    if last is not None and last[0] is conn and last[1] == writes:
        return last[2]
    state = (id(conn), *conn.execute(_FUZZY_STATE).fetchone())
    index = _FUZZY_CACHE.get(state)
    if index is None:
        if len(_FUZZY_CACHE) >= 4:
            _FUZZY_CACHE.clear()
            _FUZZY_LAST.clear()
        index = _FUZZY_CACHE[state] = _make_fuzzy_index(conn)
    _FUZZY_LAST[id(conn)] = (conn, writes, index)
    return index


def _make_fuzzy_index(conn: sqlite3.Connection) -> FuzzyIndex:
    from rapidfuzz.utils import default_process

    pairs: list[tuple[str, int]] = []
    articles: dict[int, int] = {}
    hidden: set[int] = set()
    by_key: dict[str, int] = {}
    for pid, key, name, count, is_hidden in conn.execute(
        f"SELECT {_PERSON_COLUMNS} FROM people WHERE articles > 0"
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
    index: FuzzyIndex, query: str, *, include_hidden: bool = False
) -> list[tuple[int, float]]:
    """``(person id, score)`` of the people whose name or alias fits ``query``, best first.

    A query of up to :data:`FUZZY_SHORT` letters must appear as it is in a name
    ("kim" in "Kim Kardashian"); a longer one may have typos ("kardashain"). Among
    equal scores, the person in more articles comes first.
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    text = default_process(query)
    if not text:
        return []
    cutoff = 100.0 if len(text) <= FUZZY_SHORT else FUZZY_CUTOFF
    best: dict[int, float] = {}
    scorers = [fuzz.partial_ratio]
    if " " in text:
        scorers.append(fuzz.token_set_ratio)  # words in another order: "west kanye"
    for scorer in scorers:
        for choice, score, i in process.extract(
            text, index.choices, scorer=scorer, score_cutoff=cutoff, limit=None
        ):
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
    return ranked


#: The keys a folded name ``?1`` can stand for: itself, and the keys renamed to it.
_NAMED = (
    "WITH named(key) AS (SELECT ?1 UNION SELECT key FROM person_overrides WHERE name_key = ?1) "
)


def _candidates(conn: sqlite3.Connection, text: str) -> list[tuple[Any, ...]]:
    """People rows whose key, alias or display name is ``text`` (folded), any visibility."""
    key = name_key(clean_name(text))
    if not key:
        return []
    return conn.execute(
        f"{_NAMED}SELECT {_PERSON_COLUMNS} FROM people WHERE key IN (SELECT coalesce("
        "(SELECT target_key FROM person_aliases WHERE alias_key = named.key), named.key) "
        "FROM named) ORDER BY articles DESC, id",
        (key,),
    ).fetchall()


def find_person(conn: sqlite3.Connection, text: str, *, include_hidden: bool = True) -> Person:
    """The one person ``text`` names (name, key or alias, in any case), else an error."""
    if not clean_name(text):
        raise PersonNotFound("no person name given")
    rows = _candidates(conn, text)
    visible = rows if include_hidden else [r for r in rows if not r[4]]
    if not visible:
        if rows:
            raise PersonNotFound(
                f"{clean_name(text)!r} is hidden (reader people unhide {_quoted(rows[0][2])})"
            )
        raise PersonNotFound(f"no person named {clean_name(text)!r}")
    if len(visible) > 1:
        names = ", ".join(repr(r[2]) for r in visible[:4])
        raise AmbiguousPerson(f"{clean_name(text)!r} names more than one person: {names}")
    return _persons(conn, visible)[0]


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def visible_person_ids(conn: sqlite3.Connection, text: str) -> list[int]:
    """For the search engine's ``person:NAME``: the visible people ``text`` names exactly
    (name, key or alias, any case, diacritics folded); usually one, [] for none."""
    return [r[0] for r in _candidates(conn, text) if not r[4]]


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


def article_people(
    conn: sqlite3.Connection, article_id: str, *, include_hidden: bool = False
) -> list[tuple[Person, int]]:
    """``(person, mentions)`` for one article: most mentioned first, then first named."""
    hidden = "" if include_hidden else " AND p.hidden = 0"
    rows = conn.execute(
        "SELECT p.id, p.key, p.name, p.articles, p.hidden, ap.count FROM articles AS a "
        "JOIN article_people AS ap ON ap.article_num = a.num "
        f"JOIN people AS p ON p.id = ap.person_id WHERE a.id = ?{hidden} "
        "ORDER BY ap.count DESC, ap.first IS NULL, ap.first, p.name",
        (article_id,),
    ).fetchall()
    persons = _persons(conn, [r[:5] for r in rows])
    return [(p, r[5]) for p, r in zip(persons, rows, strict=True)]


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


def co_mentioned(conn: sqlite3.Connection, person_id: int, limit: int) -> list[tuple[Person, int]]:
    """The visible people most often named in the same articles as ``person_id``.

    Counted over the person's :data:`CO_MENTION_SCAN` newest articles (all of them,
    for nearly everyone), so that it stays quick for the most mentioned people.
    """
    rows = conn.execute(
        "WITH mine AS (SELECT article_num FROM article_people WHERE person_id = ?1 "
        "ORDER BY sort_date DESC, article_num DESC LIMIT ?2) "
        "SELECT o.person_id, count(*) AS n FROM mine "
        "JOIN article_people AS o INDEXED BY article_people_by_article "
        "ON o.article_num = mine.article_num AND o.person_id != ?1 "
        "JOIN people AS p ON p.id = o.person_id AND p.hidden = 0 "
        "GROUP BY o.person_id ORDER BY n DESC, p.articles DESC, p.id LIMIT ?3",
        (person_id, CO_MENTION_SCAN, max(limit, 0)),
    ).fetchall()
    people = people_by_ids(conn, [pid for pid, _ in rows])
    return [(people[pid], n) for pid, n in rows if pid in people]


# -- the user's edits ---------------------------------------------------------------------------


def _row(conn: sqlite3.Connection, key: str) -> tuple[Any, ...] | None:
    return conn.execute(f"SELECT {_PERSON_COLUMNS} FROM people WHERE key = ?", (key,)).fetchone()


def _others_named(conn: sqlite3.Connection, key: str, person_key: str) -> list[str]:
    """Names of people other than ``person_key`` that ``key`` already stands for."""
    return [r[2] for r in _candidates(conn, key) if r[1] != person_key]


def rename(conn: sqlite3.Connection, old: str, new: str) -> Person:
    person = find_person(conn, old)
    name = clean_name(new)
    key = name_key(name)
    if not key:
        raise PersonEditError("the new name is empty")
    clash = _others_named(conn, key, person.key)
    if clash:
        raise PersonEditError(
            f"{name!r} is already {clash[0]!r}; to make them one person: "
            f"reader people merge {_quoted(person.name)} {_quoted(clash[0])}"
        )
    with writing(conn):
        conn.execute(
            "INSERT INTO person_overrides (key, name, name_key, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET name = excluded.name, name_key = excluded.name_key,"
            " updated = excluded.updated",
            (person.key, name, key, _now()),
        )
        conn.execute("UPDATE people SET name = ? WHERE key = ?", (name, person.key))
    return find_person(conn, person.key)


def set_hidden(conn: sqlite3.Connection, name: str, hidden: bool) -> Person:
    person = find_person(conn, name)
    with writing(conn):
        conn.execute(
            "INSERT INTO person_overrides (key, hidden, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET hidden = excluded.hidden, updated = excluded.updated",
            (person.key, int(hidden), _now()),
        )
        conn.execute("UPDATE people SET hidden = ? WHERE key = ?", (int(hidden), person.key))
    return find_person(conn, person.key)


def _move_rows(conn: sqlite3.Connection, source: Person, target: Person) -> None:
    """Make ``source`` part of ``target``: its key and aliases mean ``target`` from now on,
    and its rows are added to ``target``'s (in the caller's transaction)."""
    conn.execute(
        "UPDATE person_aliases SET target_key = ? WHERE target_key = ?", (target.key, source.key)
    )
    conn.execute(
        "INSERT INTO article_people (person_id, sort_date, article_num, count, first) "
        "SELECT ?, sort_date, article_num, count, first FROM article_people "
        "WHERE person_id = ? AND true "
        "ON CONFLICT (person_id, sort_date, article_num) DO UPDATE SET "
        "count = count + excluded.count, first = CASE WHEN first IS NULL THEN excluded.first "
        "WHEN excluded.first IS NULL THEN first ELSE min(first, excluded.first) END",
        (target.id, source.id),
    )
    conn.execute("DELETE FROM article_people WHERE person_id = ?", (source.id,))
    conn.execute("DELETE FROM people WHERE id = ?", (source.id,))
    recount(conn, [target.id])


def merge(conn: sqlite3.Connection, source_name: str, target_name: str) -> Person:
    """Make ``source`` one person with ``target`` (``target`` keeps its name)."""
    source = find_person(conn, source_name)
    target = find_person(conn, target_name)
    if source.id == target.id:
        raise PersonEditError(f"{source_name!r} and {target_name!r} are already one person")
    with writing(conn):
        conn.execute(
            "INSERT INTO person_aliases (alias_key, target_key, alias, scan, created) "
            "VALUES (?, ?, ?, 0, ?)",
            (source.key, target.key, source.name, _now()),
        )
        _move_rows(conn, source, target)
    return find_person(conn, target.key)


def add_alias(conn: sqlite3.Connection, person_name: str, alias: str) -> Person:
    """``alias`` means ``person`` from now on, also where the finder does not see a name."""
    target = find_person(conn, person_name)
    text = clean_name(alias)
    key = name_key(text)
    if not key:
        raise PersonEditError("the alias is empty")
    if key == target.key:
        raise PersonEditError(f"{text!r} is already {target.name!r}'s own name")
    row = conn.execute(
        "SELECT target_key FROM person_aliases WHERE alias_key = ?", (key,)
    ).fetchone()
    if row is not None and row[0] != target.key:
        owner = _row(conn, row[0])
        raise PersonEditError(
            f"{text!r} is already an alias of {owner[2] if owner else row[0]!r} "
            f"(reader people split {_quoted(text)} first)"
        )
    other = _row(conn, key)
    with writing(conn):
        conn.execute(
            "INSERT INTO person_aliases (alias_key, target_key, alias, scan, created) "
            "VALUES (?, ?, ?, 1, ?) ON CONFLICT(alias_key) DO UPDATE SET scan = 1, "
            "alias = excluded.alias",
            (key, target.key, text, _now()),
        )
        if other is not None:
            _move_rows(conn, _persons(conn, [other])[0], target)
        reread(conn, _nums_with_words(conn, text))
    return find_person(conn, target.key)


def split_alias(conn: sqlite3.Connection, alias: str) -> Person:
    """Undo an alias or a merge: ``alias`` is its own person again (where it is found).

    Returns the person it was an alias of.
    """
    text = clean_name(alias)
    key = name_key(text)
    found = conn.execute(
        f"{_NAMED}SELECT alias_key, target_key FROM person_aliases "
        "WHERE alias_key IN (SELECT key FROM named)",
        (key,),
    ).fetchall()
    if not found:
        if key and _candidates(conn, text):
            raise PersonEditError(f"{text!r} is a person's own name, not an alias")
        raise PersonNotFound(f"no alias {text!r}")
    if len(found) > 1:
        raise AmbiguousPerson(f"{text!r} names more than one alias")
    ((key, target_key),) = found
    with writing(conn):
        conn.execute("DELETE FROM person_aliases WHERE alias_key = ?", (key,))
        target = _row(conn, target_key)
        if target is not None:
            nums = [
                n
                for (n,) in conn.execute(
                    "SELECT article_num FROM article_people WHERE person_id = ?", (target[0],)
                )
            ]
            reread(conn, nums)
    return find_person(conn, target_key)


def _nums_with_words(conn: sqlite3.Connection, text: str) -> list[int]:
    """Articles whose index holds the words of ``text`` side by side (any case)."""
    phrase = '"' + text.replace("\x00", "").replace('"', '""') + '"'
    try:
        rows = conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (phrase,)
        ).fetchall()
    except sqlite3.OperationalError:  # no words the index keeps (punctuation only)
        return []
    return [n for (n,) in rows]


def reread(conn: sqlite3.Connection, nums: Sequence[int]) -> None:
    """Find the people of these stored articles again (in the caller's transaction)."""
    if not nums:
        return
    writer = PeopleWriter()
    scan = scanner(conn)
    ordered = sorted(set(nums))
    for start in range(0, len(ordered), RECOUNT_CHUNK):
        chunk = ordered[start : start + RECOUNT_CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT num, date, title, dek, body FROM articles WHERE num IN ({marks})", chunk
        ).fetchall()
        writer.write(
            conn,
            [
                (num, date, find_mentions(body, title, dek, scan))
                for num, date, title, dek, body in rows
            ],
        )
    writer.finish(conn)
