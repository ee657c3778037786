"""What the text around a name says of it, decided once for the whole article.

* A name the text calls a work or a thing ("the film Tom Jones", "the band Franz
  Ferdinand", "its brand Wolf Blass"), or puts alone in double quotes or Markdown
  emphasis (``*Ray*``, ``_Ray_``), is no person anywhere in that article: the person
  found under that full name is dropped. A short form so marked ("the film Ray" beside
  "Ray Charles") only loses that one mention.
* Character references (``&#233;``, ``&eacute;``) are read as the letter they stand for,
  so that they never cut a name short ("Ren&#233;e Zellweger" is "Renée Zellweger"): the
  finder reads a copy of the text in which each reference is its character followed by
  soft hyphens up to the reference's length, so that every offset stays the same.
"""

from __future__ import annotations

import html
import re

from reader.people._wordlists import _DETERMINERS, _THING_NOUNS, _WORK_NOUNS

SOFT = "\u00ad"

_REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_WRAPS = frozenset({('"', '"'), ("“", "”"), ("*", "*"), ("_", "_")})
_OPENERS = frozenset(a for a, _ in _WRAPS)


def pad_references(text: str) -> str:
    """``text`` with each character reference as its character and soft hyphens."""
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        ref = m.group()
        char = html.unescape(ref)
        if char == ref or len(char) > len(ref) or SOFT in char:
            return ref
        return char + SOFT * (len(ref) - len(char))

    return _REFERENCE.sub(one, text)


def _previous_word(text: str, start: int) -> tuple[str, int]:
    """The lower-case word right before ``start`` (one space between) and its start."""
    if start < 3 or text[start - 1] != " " or not text[start - 2].islower():
        return "", start
    s = text.rfind(" ", max(0, start - 30), start - 1) + 1
    return text[s : start - 1], s


def is_work(text: str, start: int, end: int) -> bool:
    """Whether the text calls ``text[start:end]`` a work or a thing (see the module doc)."""
    if start < 3:
        return False
    before = text[start - 1]
    if before != " ":
        return before in _OPENERS and end < len(text) and (before, text[end]) in _WRAPS
    if not text[start - 2].islower():
        return False
    word, ws = _previous_word(text, start)
    if word in _WORK_NOUNS:
        return True
    return word in _THING_NOUNS and _previous_word(text, ws)[0] in _DETERMINERS
