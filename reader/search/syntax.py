"""The search box's language: any text in, a query out, never an error.

This module owns the query syntax (the app's help screen shows :data:`SYNTAX`) and
its parser: it splits the text into items, joins words by ``OR`` and builds the
:class:`~reader.search.query.Query`. It is pure: no database, no I/O.

=====================  ==========================================================
``kardashian kanye``   every word must match, in the title, dek, body or author;
                       a misspelt word also matches the word it was meant to be
                       (one typo from 4 letters, two from 8; none in numbers; a
                       3-letter word may be a 4-letter one short of a letter:
                       ``bil`` finds ``bill``; a word of 4 to 7 letters may
                       have two in a word that sounds the same: ``blare``
                       finds ``blair``, ``elcton`` not ``election``); a
                       plural also finds its singular and a singular its
                       plurals (``oscars``, ``oscar``), after the form typed
``virus OR worm``      either word (``OR`` in capitals, between single words)
``kard``               the last word, while it is being typed (no space or mark
                       after it: ``c++`` is the letter c), also matches as the
                       start of a word, and is still corrected as a whole word
                       (``eminen``: words starting so first, then ``eminem``)
``"speaking terms"``   these words, in this order, exactly (no typo allowance);
                       an unclosed quote runs to the end of the query
``-julia``             leave out articles with this word (exactly);
``-"julia fox"``       or with this phrase
``author:swann``       the author's name has a word starting with this;
                       ``author:"erik swann"`` for several words
``before:2022-01-25``  dated before that day (``before:2022``: before 2022,
                       ``before:2022-01``: before January 2022)
``after:2022-01``      dated after that month (``after:2022``: 2023 on);
                       undated articles never pass a date filter
``is:bookmarked``      bookmarked articles (``-is:bookmarked``: the others)
``has:note``           articles with notes (``-has:note``: without)
``is:unread``          articles not read yet (``is:read``: those read; ``-`` negates)
``person:"Kim K…"``   articles mentioning this person (name or alias, exactly);
                       several ``person:`` mean all of them
``@kim``               the same, with the person's name matched loosely (typos too)
                       (``-person:``, ``-author:``, ``-before:`` and
                       ``-after:`` are read and ignored)
``source:bbc``         from this source: a folder articles were imported from, or a
                       feed's title; ignoring case, the source spelt whole, else
                       every source whose name starts so (``source:bbc`` finds
                       ``bbc-news`` and ``bbc-sport`` when there is no ``bbc``);
                       several ``source:`` mean any of them; ``-source:`` leaves
                       them out
``feed:3``             from this feed: its number (``reader feed list``), its
                       address, or its title (as ``source:`` matches names), else
                       every feed whose address holds it (``feed:bbc.co.uk``);
                       several mean any of them; ``-feed:`` leaves them out
=====================  ==========================================================

Matches rank exact before corrected, every word in the title before the
rest, words side by side before apart, then by relevance and date (see
:mod:`reader.search.engine`). In a big archive a very common word (``the``,
``said``) is not required when other words remain.

Words also find articles through the text of their notes (after the articles
whose own text matches).

Anything else is words: ``AND``, ``NOT``, ``NEAR``, an ``OR`` not between two
single words, ``*``, ``^``,
``(``, an unknown ``key:value`` (``foo:bar`` is the words ``foo`` and ``bar``),
a date that is not a date. Words are split and folded the way the index does
it (:mod:`reader.terms`): ``co-parenting`` is ``co`` and ``parenting``;
one-letter pieces of a longer word (the ``s`` of ``Kardashian’s``) are dropped.
The query is bounded, so that no text typed or pasted makes a search slow:
only the first :data:`~reader.search.query.MAX_QUERY_CHARS` characters are
read; at most :data:`~reader.search.query.MAX_ITEMS` words, phrases and
exclusions, holding at most :data:`~reader.search.query.MAX_TERMS` words in
all, are used; a word longer than
:data:`~reader.terms.MAX_TERM_LEN` characters counts by its first ones,
as in the index. What is cut off is ignored, never an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reader.search.query import MAX_ITEMS, MAX_QUERY_CHARS, MAX_TERMS, Query, Word
from reader.terms import words as index_words

__all__ = ["SYNTAX", "parse_query"]

#: Filter keys with a meaning, and the reserved ones (parsed, ignored for now).
FILTER_KEYS = frozenset({"author", "before", "after", "is", "has", "person", "source", "feed"})
RESERVED_KEYS: frozenset[str] = frozenset()
#: ``is:`` and ``has:`` values with a meaning (plurals and spellings people use).
IS_BOOKMARKED = frozenset({"bookmarked", "bookmark", "bookmarks", "starred", "saved"})
HAS_NOTE = frozenset({"note", "notes", "annotation", "annotations"})
IS_UNREAD = frozenset({"unread", "new", "unseen"})
IS_READ = frozenset({"read", "seen", "old"})

SYNTAX: tuple[tuple[str, str], ...] = (
    ("word word", "articles with every word (typos, plurals forgiven)"),
    ("word OR word", "articles with either word"),
    ("wor", "the last word matches as you type it"),
    ('"exact phrase"', "these words in this order, exactly"),
    ('-word  -"a phrase"', "leave these out"),
    ("author:name", "by an author with a name starting so"),
    ("before:2022-01-25", "dated before (also before:2022, before:2022-01)"),
    ("after:2022-01-25", "dated after (also after:2022, after:2022-01)"),
    ("is:bookmarked", "bookmarked articles (-is:bookmarked: the others)"),
    ("is:unread", "articles not read yet (is:read: those read)"),
    ("has:note", "articles with notes; words also find an article's notes"),
    ('person:"Kim Kardashian"', "articles mentioning this person (several: all of them)"),
    ("@kim", "a person by a loose match of the name (typos too)"),
    ("source:bbc", "from a folder or feed of this name, or starting so (-source: not)"),
    ("feed:3", "from this feed: its number, address or title (-feed: not)"),
)
"""``(example, meaning)`` pairs for the help screen."""


# -- lexing ----------------------------------------------------------------------------

#: One item: an optional ``-``, then a quoted phrase (maybe unclosed), or a run of
#: other non-space characters, which may end in a quoted value (``author:"a b"``).
_ITEM_RE = re.compile(
    r"""
    (?P<neg>-+)?
    (?:
        "(?P<phrase>[^"]*)(?P<close>"?)
      | (?P<chunk>[^\s"\x00-\x1f\x7f-\x9f]+)(?:"(?P<value>[^"]*)(?P<vclose>"?))?
    )
    """,
    re.VERBOSE,
)
_SPACE_RE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
_KEY_RE = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_DATE_RE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


@dataclass(frozen=True, slots=True)
class _Item:
    negated: bool
    kind: str  # "words", "phrase", "filter"
    text: str
    key: str = ""
    closed: bool = True


def _lex(text: str) -> list[_Item]:
    items: list[_Item] = []
    pos = 0
    while pos < len(text):
        space = _SPACE_RE.match(text, pos)
        if space is not None:
            pos = space.end()
            continue
        match = _ITEM_RE.match(text, pos)
        if match is None or match.end() == pos:  # cannot happen; never loop forever
            pos += 1
            continue
        pos = match.end()
        items.append(_item(match))
    return items


def _item(match: re.Match[str]) -> _Item:
    negated = match.group("neg") is not None
    if match.group("phrase") is not None:
        return _Item(negated, "phrase", match.group("phrase"), closed=bool(match.group("close")))
    chunk = match.group("chunk")
    value = match.group("value")
    keyed = _KEY_RE.fullmatch(chunk)
    if keyed is not None:
        key = keyed.group(1).lower()
        if key in FILTER_KEYS or key in RESERVED_KEYS:
            quoted = value is not None and not keyed.group(2)
            filter_value = value if quoted else keyed.group(2)
            if filter_value:
                closed = bool(match.group("vclose")) if quoted else True
                return _Item(negated, "filter", filter_value, key=key, closed=closed)
    if chunk.startswith("@") and len(chunk) > 1 and value is None:
        return _Item(negated, "filter", chunk[1:], key="@")
    if value is not None:  # word"phrase...": the word, then the phrase
        return _Item(negated, "words", f"{chunk} {value}")
    return _Item(negated, "words", chunk)


#: ``OR`` between two words: either will do.
OR = "OR"


def _join_or(items: list[_Item]) -> list[_Item | tuple[_Item, ...]]:
    """``a OR b OR c`` as one group of items, when every one of them is a plain word
    (one index term, not left out); any other ``OR`` stays a word."""

    def plain(item: _Item) -> bool:
        return item.kind == "words" and not item.negated and len(_chunk_terms(item.text)) == 1

    out: list[_Item | tuple[_Item, ...]] = []
    i = 0
    while i < len(items):
        group = [items[i]]
        while (
            plain(group[-1])
            and i + 2 < len(items)
            and items[i + 1] == _Item(False, "words", OR)
            and plain(items[i + 2])
        ):
            group.append(items[i + 2])
            i += 2
        out.append(group[0] if len(group) == 1 else tuple(group))
        i += 1
    return out


# -- parsing ---------------------------------------------------------------------------


def _chunk_terms(text: str) -> list[str]:
    """The index terms of one typed chunk, without one-letter crumbs of longer words."""
    terms = index_words(text)
    if any(len(t) > 1 for t in terms):
        terms = [t for t in terms if len(t) > 1]
    return terms


def _date_bound(value: str) -> str | None:
    """``2022``, ``2022-01`` or ``2022-01-25`` (also with ``/`` or ``.``), or None."""
    match = _DATE_RE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month is not None:
            return f"{year}-{dt.date(int(year), int(month), 1).month:02d}"
    except ValueError:
        return None
    return year


class _Builder:
    """Collects items into a :class:`Query`, keeping at most :data:`MAX_ITEMS` holding
    at most :data:`MAX_TERMS` words."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.phrases: list[tuple[Word, ...]] = []
        self.excluded: list[tuple[str, ...]] = []
        self.authors: list[str] = []
        self.before: list[str] = []
        self.after: list[str] = []
        self.reserved: list[tuple[str, str]] = []
        self.bookmarked: bool | None = None
        self.has_note: bool | None = None
        self.read: bool | None = None
        self.persons: list[str] = []
        self.fuzzy_persons: list[str] = []
        #: ``source:`` and ``feed:`` values, by key with ``-`` before a negated one.
        self.places: dict[str, list[str]] = {}

    @property
    def room(self) -> int:
        """How many more words may be kept (0 when no more items may be)."""
        items = len(self.words) + len(self.phrases) + len(self.excluded)
        if items >= MAX_ITEMS:
            return 0
        used = sum(1 + len(w.either) for w in self.words)
        used += sum(map(len, self.phrases)) + sum(map(len, self.excluded))
        return max(0, MAX_TERMS - used)

    @property
    def full(self) -> bool:
        return self.room == 0

    def add(self, item: _Item | tuple[_Item, ...], typing: bool) -> None:
        if isinstance(item, tuple):
            self._add_either(item, typing)
        elif item.kind == "filter":
            self._add_filter(item)
        elif item.kind == "phrase":
            self._add_phrase(item, typing)
        else:
            self._add_words(item, typing)

    def _add_words(self, item: _Item, typing: bool) -> None:
        terms = _chunk_terms(item.text)
        if item.negated:
            for term in terms:
                self._exclude((term,))
            return
        for i, term in enumerate(terms):
            if not self.full:
                prefix = typing and i == len(terms) - 1
                self.words.append(Word(term, prefix=prefix))

    def _add_either(self, items: tuple[_Item, ...], typing: bool) -> None:
        """Words joined by ``OR``: one word that may be any of them (the last one typed
        is the word being typed, so it is the word's own term)."""
        terms = tuple(dict.fromkeys(_chunk_terms(i.text)[0] for i in items))[: self.room]
        if terms:
            either = terms[:-1]
            self.words.append(Word(terms[-1], typing, either))

    def _add_phrase(self, item: _Item, typing: bool) -> None:
        terms = index_words(item.text)
        if not terms or self.full:
            return
        if item.negated:
            self._exclude(tuple(terms))
            return
        # A phrase too long for the room left is cut: its first words still find it.
        typing = typing and len(terms) <= self.room
        terms = terms[: self.room]
        typing = typing and not item.closed and not item.text[-1:].isspace()
        last = len(terms) - 1
        self.phrases.append(
            tuple(Word(t, prefix=typing and i == last) for i, t in enumerate(terms))
        )

    def _exclude(self, terms: tuple[str, ...]) -> None:
        # Never cut: a shorter phrase would leave out more than was asked.
        if len(terms) <= self.room and terms not in self.excluded:
            self.excluded.append(terms)

    def _add_filter(self, item: _Item) -> None:
        if item.key == "author":
            if not item.negated:
                self.authors.extend(t for t in index_words(item.text) if t not in self.authors)
        elif item.key in ("before", "after"):
            bound = _date_bound(item.text)
            if bound is None:
                self._add_words(_Item(item.negated, "words", f"{item.key} {item.text}"), False)
            elif not item.negated:
                (self.before if item.key == "before" else self.after).append(bound)
        elif item.key == "is" and item.text.lower() in IS_BOOKMARKED:
            self.bookmarked = not item.negated
        elif item.key == "has" and item.text.lower() in HAS_NOTE:
            self.has_note = not item.negated
        elif item.key == "is" and item.text.lower() in IS_UNREAD | IS_READ:
            self.read = (item.text.lower() in IS_READ) != item.negated
        elif item.key in ("source", "feed") and item.text.strip():
            values = self.places.setdefault("-" * item.negated + item.key, [])
            if item.text.strip() not in values:
                values.append(item.text.strip())
        elif item.key in ("person", "@") and not item.negated and item.text.strip():
            names = self.persons if item.key == "person" else self.fuzzy_persons
            if item.text.strip() not in names:
                names.append(item.text.strip())
        else:
            self.reserved.append(("-" * item.negated + item.key, item.text))

    def build(self, text: str) -> Query:
        return Query(
            text=text,
            words=tuple(dict.fromkeys(self.words)),
            phrases=tuple(dict.fromkeys(self.phrases)),
            excluded=tuple(self.excluded),
            authors=tuple(self.authors[:MAX_ITEMS]),
            before=min(self.before, default=None),
            after=max(self.after, default=None),
            bookmarked=self.bookmarked,
            has_note=self.has_note,
            read=self.read,
            persons=tuple(self.persons[:MAX_ITEMS]),
            fuzzy_persons=tuple(self.fuzzy_persons[:MAX_ITEMS]),
            sources=tuple(self.places.get("source", [])[:MAX_ITEMS]),
            not_sources=tuple(self.places.get("-source", [])[:MAX_ITEMS]),
            feeds=tuple(self.places.get("feed", [])[:MAX_ITEMS]),
            not_feeds=tuple(self.places.get("-feed", [])[:MAX_ITEMS]),
            reserved=tuple(self.reserved),
        )


def parse_query(text: str) -> Query:
    """Read any search text (see the module doc); never raises.

    Only the first :data:`MAX_QUERY_CHARS` characters are read, and at most
    :data:`MAX_ITEMS` items of :data:`MAX_TERMS` words in all are kept.
    """
    read = text[:MAX_QUERY_CHARS]
    items = _join_or(_lex(read))
    # The last word is being typed until a space or a mark ends it: "c++" and "c#" are
    # the letter c, not every word starting with it.
    typing_at_end = bool(read) and bool(index_words(read[-1]))
    builder = _Builder()
    for index, item in enumerate(items):
        is_last = index == len(items) - 1
        negated = not isinstance(item, tuple) and item.negated
        builder.add(item, typing=typing_at_end and is_last and not negated)
    return builder.build(text)
