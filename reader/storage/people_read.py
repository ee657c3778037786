"""SQL reading people: lists, one person by name, key, alias or id, who an article
mentions, and who is named together. Reading is by canonical person; hidden people
keep their rows but are left out of lists and filters."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from reader.errors import AmbiguousPerson, PersonNotFound
from reader.types import Person

#: People named with someone are counted over their this many newest articles.
CO_MENTION_SCAN = 5_000


PERSON_COLUMNS = "id, key, name, articles, hidden"


def name_key(name: str) -> str:
    from reader.people import name_key as key

    return key(name)


def clean_name(text: str) -> str:
    """A name as given by the user: one line, single spaces."""
    return " ".join(text.split())


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


def persons(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> list[Person]:
    """People from ``(id, key, name, articles, hidden)`` rows, with their aliases."""
    if not rows:
        return []
    aliases = _aliases_of(conn, None if len(rows) > 200 else [r[1] for r in rows])
    return [
        Person(pid, key, name, tuple(aliases.get(key, ())), articles, bool(hidden))
        for pid, key, name, articles, hidden in rows
    ]


def person_by_id(conn: sqlite3.Connection, person_id: int) -> Person:
    row = conn.execute(f"SELECT {PERSON_COLUMNS} FROM people WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        raise PersonNotFound(f"no person with id {person_id}")
    return persons(conn, [row])[0]


def people_by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Person]:
    rows = conn.execute(
        f"SELECT {PERSON_COLUMNS} FROM people WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    ).fetchall()
    return {p.id: p for p in persons(conn, rows)}


def list_people(
    conn: sqlite3.Connection, *, include_hidden: bool = False, limit: int | None = None
) -> list[Person]:
    """People mentioned in at least one article, most articles first."""
    hidden = "" if include_hidden else " AND hidden = 0"
    rows = conn.execute(
        f"SELECT {PERSON_COLUMNS} FROM people WHERE articles > 0{hidden} "
        "ORDER BY articles DESC, name COLLATE NOCASE, id LIMIT ?",
        (-1 if limit is None else max(limit, 0),),
    ).fetchall()
    return persons(conn, rows)


#: The keys a folded name ``?1`` can stand for: itself, and the keys renamed to it.
NAMED = "WITH named(key) AS (SELECT ?1 UNION SELECT key FROM person_overrides WHERE name_key = ?1) "


def candidates(conn: sqlite3.Connection, text: str) -> list[tuple[Any, ...]]:
    """People rows whose key, alias or display name is ``text`` (folded), any visibility."""
    key = name_key(clean_name(text))
    if not key:
        return []
    return conn.execute(
        f"{NAMED}SELECT {PERSON_COLUMNS} FROM people WHERE key IN (SELECT coalesce("
        "(SELECT target_key FROM person_aliases WHERE alias_key = named.key), named.key) "
        "FROM named) ORDER BY articles DESC, id",
        (key,),
    ).fetchall()


def find_person(conn: sqlite3.Connection, text: str, *, include_hidden: bool = True) -> Person:
    """The one person ``text`` names (name, key or alias, in any case), else an error."""
    if not clean_name(text):
        raise PersonNotFound("no person name given")
    rows = candidates(conn, text)
    visible = rows if include_hidden else [r for r in rows if not r[4]]
    if not visible:
        if rows:
            raise PersonNotFound(
                f"{clean_name(text)!r} is hidden (reader people unhide {quoted(rows[0][2])})"
            )
        raise PersonNotFound(f"no person named {clean_name(text)!r}")
    if len(visible) > 1:
        names = ", ".join(repr(r[2]) for r in visible[:4])
        raise AmbiguousPerson(f"{clean_name(text)!r} names more than one person: {names}")
    return persons(conn, visible)[0]


def quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


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
    found = persons(conn, [r[:5] for r in rows])
    return [(p, r[5]) for p, r in zip(found, rows, strict=True)]


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
