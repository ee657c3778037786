"""SQL writing what an import finds about people: the user's aliases as an import reads
them, :class:`PeopleWriter` (the rows of ``article_people``, new ``people`` rows, the
cached counts), and ``people_todo``, the articles whose people are still to be written.

How a person comes to be: :func:`reader.people.mentions.find_mentions` gives raw
mentions; :class:`PeopleWriter` maps each raw key through the user's aliases
(``person_aliases``), adds up what lands on the same person and replaces the
article's rows; a key seen for the first time becomes a ``people`` row, named as
written or as the user renamed it (``person_overrides``). The user's edits are
stored by name key, never by row id, so every later import applies them again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from reader.people.mentions import FINDER_VERSION, AliasScanner, MentionValues, canonical

#: An import touching more people than this recounts everyone (one pass is cheaper).
FULL_RECOUNT = 5_000
#: An import writes the people of this many articles at a time (see :meth:`PeopleWriter.stage`).
STAGE_ARTICLES = 10_000
#: Page cache while writing them (KiB): a person's rows land all over their B-tree.
STAGE_CACHE_KIB = 64 * 1024


def alias_map(conn: sqlite3.Connection) -> dict[str, str]:
    """``alias key -> canonical key`` for every merge and alias."""
    return dict(conn.execute("SELECT alias_key, target_key FROM person_aliases"))


def scanner(conn: sqlite3.Connection) -> AliasScanner:
    """The text aliases to look for in bodies, longest first, and the people the archive
    knows whose names no list knows (as :func:`note_known` last noted them)."""
    rows = conn.execute("SELECT alias, alias_key FROM person_aliases WHERE scan = 1").fetchall()
    rows.sort(key=lambda r: (-len(r[0]), r[0]))
    known = conn.execute("SELECT value FROM people_state WHERE name = 'known'").fetchone()
    keys = frozenset(json.loads(known[0])) if known else frozenset()
    if keys:  # hidden since they were noted: not looked for (the user hides few)
        keys = keys.difference(key for (key,) in conn.execute(_HIDDEN))
    return AliasScanner(tuple((text, key) for text, key in rows), keys)


_HIDDEN = "SELECT key FROM people WHERE hidden = 1"


#: Articles of someone known that are read again, at most, to find one that still says
#: who they are (:func:`note_known`).
CONTEXT_CHECKS = 100


def note_known(
    conn: sqlite3.Connection, changed: Iterable[int] | None = ()
) -> tuple[frozenset[str], list[int]]:
    """Note (for :func:`scanner`) the keys of the people, not hidden, whose names no list
    knows (:func:`reader.people.needs_context`: the finder took them for people from
    what one text did with them), and the keys merged into them; return them, and the
    ids of the people known before whom no article says any more who they are.

    Noted once an import or a refresh has written people, not read at every start of
    one: a refresh of feeds that have nothing new reads one row. Of the people known
    before who were ``changed`` (dropped from an article written again; None: all of
    them, after an import killed before it noted them), the articles are read again
    without what the archive knows, most mentions first (:data:`CONTEXT_CHECKS` at
    most): one that still makes them someone keeps them known; with none, the archive
    would only be remembering its own guess (they were found in the others because they
    were known), and they are known no more.
    """
    from reader.people import needs_context

    noted = conn.execute("SELECT value FROM people_state WHERE name = 'known'").fetchone()
    before = frozenset(json.loads(noted[0])) if noted else frozenset()
    sql = "SELECT id, key, name FROM people WHERE hidden = 0 AND articles > 0"
    found = {key: person_id for person_id, key, name in conn.execute(sql) if needs_context(name)}
    ids = None if changed is None else set(changed)
    recheck = [
        (key, person_id)
        for key, person_id in found.items()
        if key in before and (ids is None or person_id in ids)
    ]
    forgotten = []
    if recheck:
        aliases = alias_map(conn)
        for key, person_id in recheck:
            if not _still_said(conn, person_id, key, aliases):
                del found[key]
                forgotten.append(person_id)
    keys = set(found)
    if keys:
        rows = conn.execute("SELECT alias_key, target_key FROM person_aliases")
        keys.update(alias for alias, target in rows if target in keys)
    conn.execute(
        "INSERT OR REPLACE INTO people_state (name, value) VALUES ('known', ?)",
        (json.dumps(sorted(keys)),),
    )
    return frozenset(keys), forgotten


def _still_said(
    conn: sqlite3.Connection, person_id: int, key: str, aliases: dict[str, str]
) -> bool:
    """Whether one of the person's articles makes them someone by itself, with nobody
    known: those that name them most first (where someone speaks, the text names them
    again and again), :data:`CONTEXT_CHECKS` at most."""
    from reader.people import find_people

    sql = (
        "SELECT a.title, a.dek, a.body FROM article_people AS ap JOIN articles AS a "
        "ON a.num = ap.article_num WHERE ap.person_id = ? "
        "ORDER BY ap.count DESC, ap.article_num LIMIT ?"
    )
    for title, dek, body in conn.execute(sql, (person_id, CONTEXT_CHECKS)).fetchall():
        for p in find_people(body or "", title=title or "", dek=dek or ""):
            if aliases.get(p.key, p.key) == key:
                return True
    return False


def queue_named_elsewhere(
    conn: sqlite3.Connection,
    person_ids: Iterable[int],
    *,
    dropped: Iterable[int] = (),
    recheck_all: bool = False,
) -> int:
    """Queue in ``people_todo`` the articles that name in full, without having them,
    someone of ``person_ids`` whose name no list knows: found from context in one article
    ("Marat Safin said"), they are a person wherever the full name stands ("Marat Safin
    suffered a shock loss"), once the finder knows them (:func:`note_known`, done here
    first). And the articles of those known no more, to be found again without them: of
    the people known before, those ``dropped`` from an article written again are
    checked. ``recheck_all`` (after a killed import, which may have changed what is known
    without noting it): whoever was known is checked, and whoever is known looked for.
    How many were queued."""
    ids = sorted(set(person_ids))
    if not ids and not recheck_all:
        return 0
    known, forgotten = note_known(conn, None if recheck_all else dropped)
    queued = 0
    for person_id in forgotten:
        queued += conn.execute(
            "INSERT OR IGNORE INTO people_todo (num) "
            "SELECT article_num FROM article_people WHERE person_id = ?",
            (person_id,),
        ).rowcount
    column, values = ("key", sorted(known)) if recheck_all else ("id", ids)
    rows = conn.execute(
        f"SELECT id, name, key FROM people WHERE {column} IN (SELECT value FROM json_each(?))",
        (json.dumps(values),),
    ).fetchall()
    for person_id, name, key in rows:
        if key not in known:
            continue
        # The name as one phrase, quoted for FTS5 (a name is text from an article).
        phrase = '{title dek body} : "' + name.replace('"', '""') + '"'
        queued += conn.execute(
            "INSERT OR IGNORE INTO people_todo (num) SELECT rowid FROM articles_fts "
            "WHERE articles_fts MATCH ? AND rowid NOT IN "
            "(SELECT article_num FROM article_people WHERE person_id = ?)",
            (phrase, person_id),
        ).rowcount
    return queued


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
        #: People whose row of an article written again was deleted: the article that
        #: made them someone may say so no more (:func:`note_known`).
        self.dropped: set[int] = set()
        self.full_recount = False
        self._version: int | None = None
        #: Articles written whose people are not yet: ``(num, date, mentions)``.
        self.held: list[tuple[int, str | None, Sequence[MentionValues] | None]] = []

    def stage(
        self,
        conn: sqlite3.Connection,
        articles: Sequence[tuple[int, str | None, Sequence[MentionValues] | None]],
        *,
        now: bool = False,
    ) -> bool:
        """Hold the people of ``articles``, just written by the caller's transaction, and
        list them in ``people_todo`` in it; write what is held once there is enough (or
        ``now``).

        Returns whether it was written; call :meth:`staged` once the transaction is in.
        """
        nums = [(num,) for num, _, _ in articles]
        conn.executemany("INSERT OR IGNORE INTO people_todo (num) VALUES (?)", nums)
        if not now and len(self.held) + len(articles) < STAGE_ARTICLES:
            return False
        self._write_held(conn, [*self.held, *articles])
        return True

    def staged(
        self,
        articles: Sequence[tuple[int, str | None, Sequence[MentionValues] | None]],
        written: bool,
    ) -> None:
        """The transaction of :meth:`stage` is committed."""
        if written:
            self.held = []
        else:
            self.held.extend(articles)

    def drop(self, nums: Sequence[int]) -> None:
        """Hold no more the people of these articles: they went (made one with another
        article of the same content), in the caller's transaction."""
        if nums and self.held:
            gone = set(nums)
            self.held = [item for item in self.held if item[0] not in gone]

    def _write_held(
        self,
        conn: sqlite3.Connection,
        articles: Sequence[tuple[int, str | None, Sequence[MentionValues] | None]],
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
        articles: Sequence[tuple[int, str | None, Sequence[MentionValues] | None]],
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
            deleted = {pid for (pid,) in conn.execute(sql, chunk)}
            touched.update(deleted)
            self.dropped.update(deleted)
            conn.execute(f"DELETE FROM people_placed WHERE article_num IN ({marks})", chunk)
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

    def finish(self, conn: sqlite3.Connection) -> set[int]:
        """Write what is held, and bring the cached article counts up to date (in the
        caller's transaction); the ids of the people whose articles changed."""
        if self.held:
            self._write_held(conn, self.held)
            self.held = []
        touched = self.touched
        if not touched and not self.full_recount:
            return set()
        if self.full_recount or len(touched) > FULL_RECOUNT:
            recount(conn, None)
        else:
            recount(conn, touched)
        conn.execute("DELETE FROM people_state WHERE name = 'counts'")
        self.touched = set()
        self.full_recount = False
        return touched

    def take_dropped(self) -> set[int]:
        """The people whose rows were deleted since the last call (see ``dropped``)."""
        dropped, self.dropped = self.dropped, set()
        return dropped


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


#: What adds a row moved to a person to the row they have for the same article.
ADD_TO_ROW = (
    "ON CONFLICT (person_id, sort_date, article_num) DO UPDATE SET "
    "count = count + excluded.count, first = CASE WHEN first IS NULL THEN excluded.first "
    "WHEN excluded.first IS NULL THEN first ELSE min(first, excluded.first) END"
)


def move_rows(conn: sqlite3.Connection, source_id: int, target_id: int) -> None:
    """Add the rows of person ``source_id`` to ``target_id``'s and delete ``source_id``
    (in the caller's transaction; the counts are left to :func:`recount`)."""
    conn.execute(
        "INSERT INTO article_people (person_id, sort_date, article_num, count, first) "
        "SELECT ?, sort_date, article_num, count, first FROM article_people "
        f"WHERE person_id = ? AND true {ADD_TO_ROW}",
        (target_id, source_id),
    )
    conn.execute("DELETE FROM article_people WHERE person_id = ?", (source_id,))
    conn.execute("DELETE FROM people WHERE id = ?", (source_id,))


def rekey(conn: sqlite3.Connection) -> None:
    """Make every stored name key this finder's (:func:`reader.people.name_key` of it), in
    the caller's transaction: keys an older finder made differ for spelling variants it
    kept apart ("wright-phillips", "solskjær").

    People whose keys become one are one: the first made is kept, with the rows of the
    others. The user's edits follow their keys: of two renames or hidings that become one
    key the newer wins, and so does an alias; an alias of a name that is now its target's
    own is no longer needed (the variants are one person by themselves).
    """
    from reader.people import name_key

    people = conn.execute("SELECT id, key FROM people ORDER BY id").fetchall()
    first: dict[str, int] = {}  # new key -> the person kept
    moved: list[tuple[int, int]] = []
    renamed: list[tuple[str, int]] = []
    for pid, key in people:
        new = name_key(key)
        kept = first.setdefault(new, pid)
        if kept != pid:
            moved.append((pid, kept))
        elif new != key:
            renamed.append((new, pid))
    for source_id, target_id in moved:
        move_rows(conn, source_id, target_id)
    conn.executemany("UPDATE people SET key = ? WHERE id = ?", renamed)
    overrides: dict[str, tuple[Any, ...]] = {}
    rows = conn.execute(
        "SELECT key, name, name_key, hidden, updated FROM person_overrides ORDER BY updated"
    ).fetchall()
    for key, name, named, hidden, updated in rows:  # the newer last, so it wins
        new_named = None if named is None else name_key(named)
        overrides[name_key(key)] = (name, new_named, hidden, updated)
    if len(overrides) != len(rows) or any(name_key(r[0]) != r[0] for r in rows):
        conn.execute("DELETE FROM person_overrides")
        conn.executemany(
            "INSERT INTO person_overrides (key, name, name_key, hidden, updated) "
            "VALUES (?, ?, ?, ?, ?)",
            [(key, *rest) for key, rest in overrides.items()],
        )
    aliases: dict[str, tuple[Any, ...]] = {}
    rows = conn.execute(
        "SELECT alias_key, target_key, alias, scan, created FROM person_aliases ORDER BY created"
    ).fetchall()
    for alias_key, target_key, alias, scan, created in rows:  # the newer last, so it wins
        new, target = name_key(alias_key), name_key(target_key)
        aliases.pop(new, None)
        if new != target:
            aliases[new] = (target, alias, scan, created)
    if len(aliases) != len(rows) or any(
        name_key(r[0]) != r[0] or name_key(r[1]) != r[1] for r in rows
    ):
        conn.execute("DELETE FROM person_aliases")
        conn.executemany(
            "INSERT INTO person_aliases (alias_key, target_key, alias, scan, created) "
            "VALUES (?, ?, ?, ?, ?)",
            [(key, *rest) for key, rest in aliases.items()],
        )
    if moved or renamed:
        # The people kept are named and hidden as the user's edits of their keys say.
        conn.execute(
            "UPDATE people SET "
            "name = coalesce((SELECT o.name FROM person_overrides AS o "
            "WHERE o.key = people.key AND o.name IS NOT NULL), name), "
            "hidden = coalesce((SELECT o.hidden FROM person_overrides AS o "
            "WHERE o.key = people.key), hidden) "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted({pid for _, pid in renamed} | {t for _, t in moved})),),
        )
        recount(conn, None)


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
    """How many articles wait for their people: all of them when another finder found them."""
    waiting = conn.execute("SELECT count(*) FROM people_todo").fetchone()[0]
    if finder_changed(conn):
        waiting = max(waiting, conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    return waiting


def finder_changed(conn: sqlite3.Connection) -> bool:
    """Whether the people stored were found by another finder than this program's."""
    sql = "SELECT value FROM people_state WHERE name = 'finder'"
    row = conn.execute(sql).fetchone()
    return row is None or row[0] != str(FINDER_VERSION)


def find_again_if_finder_changed(conn: sqlite3.Connection) -> int:
    """Put every article in ``people_todo`` if another finder found their people (a
    database an older program wrote; a new one has no article yet), the stored keys made
    this finder's first (:func:`rekey`); how many."""
    if not finder_changed(conn):
        return 0
    rekey(conn)
    added = conn.execute("INSERT OR IGNORE INTO people_todo (num) SELECT num FROM articles")
    conn.execute(
        "INSERT OR REPLACE INTO people_state (name, value) VALUES ('finder', ?)",
        (str(FINDER_VERSION),),
    )
    return added.rowcount


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
