"""What a word sounds like: a small Metaphone-like key, for names misspelt by ear.

This module owns :func:`sound_key`. People type a name they have heard the way
it sounds (``blare`` for Blair, ``barosso`` for Barroso): two edits in a short
word, more than its typo budget, but the same sound. Two words with the same
key sound alike to an English reader: the key keeps the consonants (doubled
letters once, a first vowel as ``A``), spells alike the letters that sound alike
(``ph`` and ``f``, ``ck`` and ``k``, a soft ``c`` and ``s``), and leaves out
silent ones (``kn``, ``gh``, a ``w`` or ``y`` before no vowel). ``-tion`` and
``-sion`` sound as ``sh``, so ``elcton`` does not sound like ``election``.

It is a simplified Metaphone (Lawrence Philips, 1990), written here: plain
ASCII letters only; any other word has no key.
"""

from __future__ import annotations

__all__ = ["sound_key"]

VOWELS = frozenset("aeiou")
#: Letters that sound as they are written (after doubled letters are made one).
PLAIN = {"f": "F", "j": "J", "l": "L", "m": "M", "n": "N", "r": "R", "q": "K", "v": "F", "z": "S"}
#: Silent first letters: ``kn``, ``gn``, ``pn``, ``wr``, ``ae``.
SILENT_START = ("kn", "gn", "pn", "wr", "ae")


def sound_key(word: str) -> str | None:
    """The key of ``word`` (lower case), or None unless it is ASCII letters only and
    sounds like something."""
    if not (word.isascii() and word.isalpha()):
        return None
    word = word.lower()
    if word.startswith(SILENT_START):
        word = word[1:]
    elif word.startswith("x"):
        word = "s" + word[1:]
    elif word.startswith("wh"):
        word = "w" + word[2:]
    # Doubled letters sound once ("cc" is two sounds: "accent").
    word = "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1] or c == "c")
    # A word of silent letters only ("hwy") sounds like nothing: no key, not a key
    # that every such word would share.
    return "".join(_sound(word, i) for i in range(len(word))) or None


def _sound(word: str, i: int) -> str:
    """The sound of ``word[i]`` in its place ("" when silent)."""
    c = word[i]
    before = word[i - 1] if i else ""
    after = word[i + 1 : i + 3]
    if c in VOWELS:
        return "A" if i == 0 else ""
    if c in PLAIN:
        return PLAIN[c]
    if c == "b":
        return "" if before == "m" and i == len(word) - 1 else "B"
    if c == "c":
        if after.startswith("ia") or after[:1] == "h":
            return "K" if before == "s" else "X"
        if after[:1] in ("i", "e", "y"):
            return "" if before == "s" else "S"  # "science": the s says it
        return "K"
    if c == "d":
        return "J" if after[:1] == "g" and after[1:2] in ("e", "y", "i") else "T"
    if c == "g":
        if after[:1] == "h" and after[1:2] not in VOWELS:
            return ""  # "night", "hugh"
        if after[:1] == "n" and len(after) == 1:
            return ""  # "sign"
        return "J" if after[:1] in ("i", "e", "y") and before != "g" else "K"
    if c == "h":
        if before in ("c", "s", "p", "t", "g"):
            return ""  # part of ch, sh, ph, th, gh
        return "H" if after[:1] in VOWELS else ""
    if c == "k":
        return "" if before == "c" else "K"
    if c == "p":
        return "F" if after[:1] == "h" else "P"
    if c == "s":
        if after[:1] == "h" or after in ("io", "ia"):
            return "X"
        return "S"
    if c == "t":
        if after in ("io", "ia"):
            return "X"
        if after[:1] == "h":
            return "0"  # th
        return "" if after[:2] == "ch" else "T"
    if c == "w" or c == "y":
        return c.upper() if after[:1] in VOWELS else ""
    if c == "x":
        return "KS"
    return c.upper()
