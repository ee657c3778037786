"""What the text around a name says of it, decided once for the whole article.

* A name the text calls a work or a thing ("the film Tom Jones", "the band Franz
  Ferdinand", "its brand Wolf Blass"), or puts alone in double quotes or Markdown
  emphasis (``*Ray*``, ``_Ray_``), is no person anywhere in that article: the person
  found under that full name is dropped. A short form so marked ("the film Ray" beside
  "Ray Charles") is only not a mention. (``_segments`` reads these cues with the word
  before each name, which it reads anyway; the quotes it knows are here.)
* Character references (``&#233;``, ``&eacute;``) are read as the letter they stand for,
  so that they never cut a name short ("Ren&#233;e Zellweger" is "Renée Zellweger"): the
  finder reads a copy of the text in which each reference is its character followed by
  soft hyphens up to the reference's length, so that every offset stays the same.
"""

from __future__ import annotations

import html
import re

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
