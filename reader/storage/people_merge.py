"""SQL joining, across the archive, the names the finder keeps apart in articles that
hold only one of them: a team sheet's "D Humphreys" and the match reports' David
Humphreys; "George Bush" and George W Bush; "Mr Blair" in an article that never names
him in full, and Tony Blair.

In an article that names someone both ways the finder makes them one person already
(:mod:`reader.people.extract`). Across articles a careful reader goes by what else
they know: the only David Humphreys the archive has, or the Blair who is named beside
the same people elsewhere. These run whenever an import, a refresh or a saved page has
written people (:meth:`reader.session.ImportSession.finish_people`), and leave alone
every name the user renamed, hid, merged or aliased (their edits win) and every hidden
person.

Both depend on the rest of the archive ("D Humphreys" is David only while no Dan
Humphreys is known), so each article joined is noted in ``people_placed`` and the whole
joining is undone and made again each time, from what the finder found: the archive
ends the same whatever order its articles came in (two imports at once make what one
makes).
"""

from __future__ import annotations

import json
import sqlite3

from reader.storage.people_write import ADD_TO_ROW

__all__ = ["join_across_archive"]

#: A surname alone goes to the full name whose people it stands among at least this
#: many times (people of its article also named beside that full name elsewhere) ...
BARE_EVIDENCE = 2
#: ... and this many times more than beside any other full name with that surname.
BARE_MARGIN = 2
#: A surname that this many full names or more end with is left alone: too many to tell
#: apart, and each would be read ("Smith": 2,000 of them in bench/search.py's archive).
MAX_FULL_NAMES = 12
#: Rounds of :func:`place_surnames`: a surname placed is evidence for the others.
SURNAME_ROUNDS = 3
#: Rows of someone's articles read to know whom they are named beside (the most named
#: of an archive of 100,000 are in about 3,000 articles of 5-10 people). Past it, which
#: rows are read can depend on the order articles came in (their dates tie).
NEIGHBOUR_ROWS = 50_000

# Each noted placement's row, from the person ``of`` names to the one ``to`` names (added
# to a row it has there), then deleted where it was: two statements for all of them.
_MOVE_PLACED = (
    "INSERT INTO article_people (person_id, sort_date, article_num, count, first) "
    "SELECT {to}, ap.sort_date, ap.article_num, ap.count, ap.first "
    "FROM people_placed AS pp CROSS JOIN article_people AS ap INDEXED BY article_people_by_article "
    "ON ap.article_num = pp.article_num AND ap.person_id = {of} "
    f"WHERE true {ADD_TO_ROW}"
)
_DELETE_PLACED = (
    "DELETE FROM article_people WHERE article_num IN (SELECT article_num FROM people_placed) "
    "AND EXISTS (SELECT 1 FROM people_placed AS pp WHERE pp.article_num = "
    "article_people.article_num AND pp.{of} = article_people.person_id)"
)
_LIVE = "EXISTS (SELECT 1 FROM article_people WHERE person_id = people.id)"
_UNEDITED = (
    "hidden = 0 AND key NOT IN (SELECT key FROM person_overrides) "
    "AND key NOT IN (SELECT alias_key FROM person_aliases) "
    "AND key NOT IN (SELECT target_key FROM person_aliases)"
)
# Keys of an initial and a surname ("d humphreys"): read a letter at a time off the keys'
# index ("d " < "d humphreys" < "d!"), not by reading every key (0.5 ms against 200 ms
# at 140,000 people).
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_INITIALS = f"SELECT id, key FROM people WHERE key > ? AND key < ? AND {_LIVE} AND {_UNEDITED}"
# People of one word, with articles.
_BARE = f"SELECT id, key FROM people WHERE NOT instr(key, ' ') AND {_LIVE}"
# A key's last word: what is left once the key up to its last space is taken away.
_LAST_WORD = "replace(key, rtrim(key, replace(key, ' ', '')), '')"
# Full names ("david humphreys") whose last word is one of the JSON list's.
_FULL_NAMES = (
    f"SELECT id, key FROM people WHERE hidden = 0 AND instr(key, ' ') AND {_LIVE} "
    f"AND {_LAST_WORD} IN (SELECT value FROM json_each(?))"
)


def join_across_archive(conn: sqlite3.Connection) -> set[int]:
    """Join what :func:`merge_initials`, :func:`merge_middle_initials` and
    :func:`place_surnames` join, over the whole archive; the ids whose rows changed, for
    :func:`reader.storage.people_write.recount`."""
    changed = _unplace(conn)
    changed |= merge_initials(conn)
    changed |= merge_middle_initials(conn)
    for _ in range(SURNAME_ROUNDS):  # "Mr Brown" placed may place "Mr Blair" beside him
        placed = place_surnames(conn)
        if not placed:
            break
        changed |= placed
    return changed


def _unplace(conn: sqlite3.Connection) -> set[int]:
    """Undo every placement noted (:func:`merge_initials`, :func:`place_surnames`); the
    ids whose rows changed. A placement whose name the user has since merged away is left
    as it is.

    Each placed row is all its target has in that article (:func:`_place`), so it goes
    back whole, in two statements for all of them."""
    conn.execute("DELETE FROM people_placed WHERE person_id NOT IN (SELECT id FROM people)")
    pairs = conn.execute("SELECT person_id, target_id FROM people_placed").fetchall()
    if not pairs:
        return set()
    conn.execute(_MOVE_PLACED.format(to="pp.person_id", of="pp.target_id"))
    conn.execute(_DELETE_PLACED.format(of="target_id"))
    conn.execute("DELETE FROM people_placed")
    return {person for pair in pairs for person in pair}


def merge_initials(conn: sqlite3.Connection) -> set[int]:
    """Give the articles of people named by an initial and a surname ("D Humphreys") to
    the one person the archive names in full with that initial and surname ("David
    Humphreys"), as a reader takes a team sheet's "D Humphreys" for the David Humphreys
    of the match reports. Left apart: an initial that two or more such people have
    ("David" and "Dan"), or a title ("L Cullen", "Lord Cullen").

    Each article given is noted in ``people_placed`` and the initial's person kept, so
    that the next join undoes it first: once a second full name with that initial comes
    ("Dan Humphreys"), "D Humphreys" stands apart again. Returns the ids whose rows
    changed."""
    initials = [
        row for letter in _LETTERS for row in conn.execute(_INITIALS, (f"{letter} ", f"{letter}!"))
    ]
    if not initials:
        return set()
    from reader.people import initial_of  # the finder's lists: loaded when needed

    full = _full_names(conn, {key[2:].rpartition(" ")[2] for _, key in initials})
    placements: list[_Placement] = []
    for person_id, key in initials:
        same = full.get(key.rpartition(" ")[2], ())
        found = [target for target, name in same if initial_of(key, name)]
        if len(found) == 1:
            articles = _articles_of(conn, person_id)
            placements += [(num, person_id, found[0], others) for num, others in articles]
    return _place(conn, placements)


# Names of three words or more with an initial between the first and the last ("george w
# bush", "john f. kennedy"): a scan of the keys, some 25 ms at 140,000 people.
_INITIALLED = (
    "SELECT id, key FROM people WHERE (key GLOB '* ? *' OR key GLOB '* ?. *') "
    f"AND hidden = 0 AND {_LIVE}"
)
_NAMED = f"SELECT id FROM people WHERE key = ? AND {_LIVE} AND {_UNEDITED}"


def merge_middle_initials(conn: sqlite3.Connection) -> set[int]:
    """Give the articles of a given name and a surname ("George Bush") to the one person
    the archive names with middle initials between them ("George W Bush"), as the finder
    does in one article. Left apart: a name that two such people have ("George W Bush"
    and "George H W Bush"), an initial first ("D Humphreys": :func:`merge_initials`).
    Noted in ``people_placed``, as there. Returns the ids whose rows changed."""
    from reader.people import without_middle_initials  # the finder's lists: when needed

    longer: dict[str, list[int]] = {}
    for person_id, key in conn.execute(_INITIALLED):
        if (pair := without_middle_initials(key.split(" "))) is not None:
            longer.setdefault(" ".join(pair), []).append(person_id)
    placements: list[_Placement] = []
    for short, targets in longer.items():
        if len(targets) != 1:
            continue
        row = conn.execute(_NAMED, (short,)).fetchone()
        if row is not None:
            articles = _articles_of(conn, row[0])
            placements += [(num, row[0], targets[0], others) for num, others in articles]
    return _place(conn, placements)


def place_surnames(conn: sqlite3.Connection) -> set[int]:
    """Count each article of a surname alone ("Blair", of "Mr Blair") to the full name
    with that surname ("Tony Blair") that the article's other people are named beside
    elsewhere, at least :data:`BARE_EVIDENCE` of them and :data:`BARE_MARGIN` times as
    many as beside any other ("Howard" among Manchester United's players is Tim Howard,
    among Tories Michael Howard), and note it in ``people_placed``. An article with too
    little to go on keeps the surname. Returns the ids whose rows changed."""
    bare = conn.execute(f"{_BARE} AND {_UNEDITED}").fetchall()
    if not bare:
        return set()
    from reader.people import surname_of

    full = _full_names(conn, {key for _, key in bare})
    neighbours: dict[int, set[int]] = {}
    # Every placement of the round is decided on the archive as the round found it, then
    # made: none depends on the order the people were read in.
    placements: list[_Placement] = []
    for person_id, key in bare:
        names = [target for target, name in full.get(key, ()) if surname_of(key, name)]
        if not names or len(names) >= MAX_FULL_NAMES:
            continue  # none, or too many to tell apart ("Smith")
        for target in names:
            if target not in neighbours:
                neighbours[target] = _neighbours(conn, target)
        for num, others in _articles_of(conn, person_id):
            found = sorted(((len(others & neighbours[t]), t) for t in names), reverse=True)
            best, target = found[0]
            runner_up = found[1][0] if len(found) > 1 else 0  # a tie places nothing
            if best >= BARE_EVIDENCE and best >= BARE_MARGIN * runner_up:
                placements.append((num, person_id, target, others))
    return _place(conn, placements)


# A placement asked for: the article, the person whose row it is, the target, and the
# other people the article names.
_Placement = tuple[int, int, int, set[int]]


def _place(conn: sqlite3.Connection, placements: list[_Placement]) -> set[int]:
    """Count each placement's row to its target, keeping the person (to undo it), and note
    it in ``people_placed``; the ids whose rows changed.

    A target takes at most one row an article, and none where it has its own (the
    finder kept them apart there): a placed row is then all the target has there, and
    :func:`_unplace` gives it back whole."""
    taken: set[tuple[int, int]] = set()
    kept = []
    for num, person_id, target, others in placements:
        if target not in others and (num, target) not in taken:
            taken.add((num, target))
            kept.append((num, person_id, target))
    if not kept:
        return set()
    conn.executemany(
        "INSERT INTO people_placed (article_num, person_id, target_id) VALUES (?, ?, ?)", kept
    )
    # Over every placement noted: those of earlier rounds have nothing left to move.
    conn.execute(_MOVE_PLACED.format(to="pp.target_id", of="pp.person_id"))
    conn.execute(_DELETE_PLACED.format(of="person_id"))
    return {person for _, person_id, target in kept for person in (person_id, target)}


def _full_names(conn: sqlite3.Connection, last_words: set[str]) -> dict[str, list[tuple[int, str]]]:
    """``(id, key)`` of the people, not hidden, whose names of two or more words end in
    one of ``last_words``, by that word."""
    found: dict[str, list[tuple[int, str]]] = {}
    for person_id, key in conn.execute(_FULL_NAMES, (json.dumps(sorted(last_words)),)):
        found.setdefault(key.rpartition(" ")[2], []).append((person_id, key))
    return found


def _neighbours(conn: sqlite3.Connection, person_id: int) -> set[int]:
    """The people named in an article with ``person_id`` (a bounded read)."""
    sql = (
        "SELECT other.person_id FROM article_people AS own "
        "JOIN article_people AS other ON other.article_num = own.article_num "
        "WHERE own.person_id = ? LIMIT ?"
    )
    return {other for (other,) in conn.execute(sql, (person_id, NEIGHBOUR_ROWS))} - {person_id}


def _articles_of(conn: sqlite3.Connection, person_id: int) -> list[tuple[int, set[int]]]:
    """Each article of ``person_id`` with the other people it names."""
    sql = (
        "SELECT own.article_num, other.person_id FROM article_people AS own "
        "JOIN article_people AS other ON other.article_num = own.article_num "
        "WHERE own.person_id = ?"
    )
    others: dict[int, set[int]] = {}
    for num, other in conn.execute(sql, (person_id,)):
        others.setdefault(num, set())
        if other != person_id:
            others[num].add(other)
    return list(others.items())
