"""Words the way the search index sees them, and where they stand in a text.

This module owns the Python copy of the FTS5 tokenizer rule
``unicode61 remove_diacritics 2`` (the one ``articles_fts`` uses), so that the
query parser, the spelling index and the highlighter agree with SQLite about
what a word is:

* a **word** is a run of letters and digits (Unicode categories ``L*`` and
  ``N*``) and private-use characters (``Co``); the combining accents
  U+0300–U+0331 that SQLite calls diacritics continue a word but never start
  one; everything else (spaces, punctuation, ``_``, symbols, emoji) separates
  words, so ``co-parenting`` is two words and ``Kardashian’s`` is
  ``kardashian`` and ``s``;
* a word is **folded** to its index term: lower case (``Σ`` and ``ς`` both
  become ``σ``), accents removed from letters whose canonical decomposition
  is a base letter plus combining marks (``Ünïcødé`` becomes ``unicøde``:
  ``ø`` has no decomposition and keeps its stroke, as in SQLite);
* a word longer than :data:`MAX_TERM_LEN` characters is indexed by its first
  :data:`MAX_TERM_LEN`: the index is given :func:`index_text` of every column
  (the store registers it in SQLite as ``reader_index_text``, and the import
  and the index's triggers call it), and :func:`fold` cuts the same way.
  Left to itself FTS5 cuts a term at 32,768 bytes, which can land inside a
  character and leave a term that is not UTF-8; and a word of hundreds of
  letters is nothing anyone searches for.

The copy is exact for Latin, Greek, Cyrillic and CJK text (a test compares it
with SQLite's own tokens); for characters that Unicode assigned or classified
after version 6.1 (the tables SQLite uses) it may disagree. SQLite reads such a
character as part of a word: ``ok🙂`` (🙂 is from Unicode 7) is one index term,
so the word ``ok`` alone does not find that article, and highlights of it are
missed; a space between the word and the emoji avoids it.

:class:`reader.search.match.Matcher` finds terms in text by these rules.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

__all__ = [
    "MAX_TERM_LEN",
    "fold",
    "index_text",
    "is_fuzzy_word",
    "register_index_text",
    "term_set",
    "word_spans",
    "words",
]

#: Characters of a word that the index keeps (the rest of a longer word is not indexed).
#: At most 4 UTF-8 bytes a character: far below FTS5's own cut at 32,768 bytes.
MAX_TERM_LEN = 256


def _sqlite_diacritics() -> str:
    """The characters SQLite's ``sqlite3Fts5UnicodeIsdiacritic`` accepts (U+0300–U+0331)."""
    masks = (0x08029FDF, 0x000361F8)
    chars = [
        chr(768 + 32 * half + bit)
        for half, mask in enumerate(masks)
        for bit in range(32)
        if mask >> bit & 1 and 768 + 32 * half + bit <= 817
    ]
    return "".join(chars)


_PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_DIACRITICS = re.escape(_sqlite_diacritics())


#: ``[^\W_]`` is a Unicode letter or digit (categories L* and N*).
#: (Both patterns are compiled on first use: the app's start seldom needs them.)
@cache
def _word_re() -> re.Pattern[str]:
    return re.compile(rf"(?:[^\W_]|[{_PRIVATE_USE}])(?:[^\W_]|[{_PRIVATE_USE}{_DIACRITICS}])*")


#: A word longer than :data:`MAX_TERM_LEN`, its first characters as group 1, in text whose
#: ``_`` became spaces (then ``\w`` is a letter or digit, and each part is one character
#: set, which the regex engine runs quickly). Tried only where no letter, digit or
#: private-use character comes before: at the start of each word, and after its accents.
@cache
def _long_word_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w{_PRIVATE_USE}])"
        rf"([\w{_PRIVATE_USE}][\w{_PRIVATE_USE}{_DIACRITICS}]{{{MAX_TERM_LEN - 1}}})"
        rf"[\w{_PRIVATE_USE}{_DIACRITICS}]+"
    )


_DIACRITIC_CHARS = frozenset(_sqlite_diacritics())
#: SQLite removes accents only from Latin letters: code points below this one.
_LATIN_END = 0x1F00


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded the way SQLite folds it ('' for a diacritic).

    SQLite uses Unicode simple case folding, then (below U+1F00) strips the
    marks from a letter that decomposes into an ASCII letter plus marks.
    """
    if char in _DIACRITIC_CHARS:
        return ""
    folded = char.casefold()
    if len(folded) != 1:  # a full folding (ß -> ss): SQLite folds simply
        lower = char.lower()
        folded = lower if len(lower) == 1 else char
    if ord(folded) < _LATIN_END:
        decomposed = unicodedata.normalize("NFD", folded)
        base = decomposed[0]
        if (
            len(decomposed) > 1
            and base.isascii()
            and base.isalpha()
            and all(unicodedata.category(c) == "Mn" for c in decomposed[1:])
        ):
            return base.lower()
    return folded


def fold(word: str) -> str:
    """The index term for one word: lower case, without accents, and its first
    :data:`MAX_TERM_LEN` characters only (see the module doc)."""
    word = word[:MAX_TERM_LEN]
    if word.isascii():
        return word.lower()
    return "".join(map(_fold_char, word))


def index_text(text: str | None) -> str | None:
    """``text`` as the full-text index is given it: every word longer than
    :data:`MAX_TERM_LEN` characters cut to that many (the rest of the word dropped).

    Deterministic, and the same on insert and on delete: FTS5 must be given the
    same text to remove an article's terms as it indexed. Text with no such
    word (nearly all) is returned as it is, after a quick test: it runs in the
    import's one writing process, for every article.
    """
    if text is None or len(text) <= MAX_TERM_LEN or not _may_hold_a_long_word(text):
        return text
    if max(map(len, text.split()), default=0) <= MAX_TERM_LEN:
        return text
    # "_" separates words for the index as a space does: the terms are the same.
    return _long_word_re().sub(r"\1", text.replace("_", " "))


#: The windows :func:`_may_hold_a_long_word` looks into: every run of more than
#: MAX_TERM_LEN characters holds one whole window, since it is at least a step plus a
#: window long.
_WINDOW_STEP = MAX_TERM_LEN // 2
_WINDOW = MAX_TERM_LEN - _WINDOW_STEP + 1


def _may_hold_a_long_word(text: str) -> bool:
    """False when ``text`` surely holds no word over :data:`MAX_TERM_LEN` characters:
    each window of :data:`_WINDOW` characters, one every :data:`_WINDOW_STEP`, holds a
    space or a line break (a word is never longer than the run without them it is in).
    Ten times quicker than ``str.split`` on an article: a few ``str.find`` calls."""
    find = text.find
    for start in range(0, len(text) - _WINDOW + 1, _WINDOW_STEP):
        end = start + _WINDOW
        if find(" ", start, end) < 0 and find("\n", start, end) < 0:
            return True
    return False


def register_index_text(conn: sqlite3.Connection) -> None:
    """Make :func:`index_text` the SQL function ``reader_index_text`` on ``conn``
    (the index's update and delete triggers call it)."""
    conn.create_function("reader_index_text", 1, index_text, deterministic=True)


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, term)`` for every word of ``text``, in order."""
    for match in _word_re().finditer(text):
        yield match.start(), match.end(), fold(match.group())


def words(text: str) -> list[str]:
    """The index terms of ``text``, in order (what FTS5 would index)."""
    return [fold(w) for w in _word_re().findall(text)]


#: ASCII punctuation, symbols and controls become spaces (bytes from 0x80 stay).
_ASCII_SEPARATORS = bytes(b if chr(b).isalnum() or b >= 0x80 else 0x20 for b in range(256))


def term_set(text: str) -> set[str]:
    """The distinct index terms of ``text``: :func:`words`, as a set, several times faster.

    ASCII is split on bytes in one pass; only the pieces that hold other
    characters go through the full rules.
    """
    low = text.lower()
    if len(low) != len(text):  # "İ" lowers to two characters: the cut would move
        return set(words(text))
    pieces = low.encode("utf-8", "surrogatepass").translate(_ASCII_SEPARATORS).split()
    out: set[str] = set()
    for piece in set(pieces):
        if piece.isascii():
            out.add(piece[:MAX_TERM_LEN].decode("ascii"))
        else:
            out.update(words(piece.decode("utf-8", "surrogatepass")))
    return out


def is_fuzzy_word(term: str) -> bool:
    """True if a term may be matched with typos: no digits (years and sums stay exact)."""
    return not any(c.isdigit() for c in term)
