"""Finding index terms in text, fast: the highlighter behind titles, snippets and the pane.

A :class:`Matcher` is made once per set of terms and finds them in any number
of texts. A match is a whole word of the text whose folded form
(:func:`reader.search.text.fold`) equals one of the terms, or starts with one
of the prefixes. It gives the same answer as folding every word of the text
and comparing, but it does not fold every word:

* most text (anything without accented Latin letters, Greek, combining
  accents, private-use characters and a few others, see :func:`_needs_regex`)
  is lower-cased in one call, where ``str.lower`` equals the fold letter for
  letter, and the terms are found with ``str.find``;
* other text goes through one regular expression in which each letter of a
  term is a class of every character that folds to it (``e`` is
  ``[eEèéêëēĕėęěȅȇȩ…]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from reader.models import Span
from reader.search.text import DIACRITICS, PRIVATE_USE, fold, fold_char

__all__ = ["Match", "Matcher", "matcher_for"]

Match = tuple[int, int, str]
"""``(start, end, key)``: a word of the text, and the term (or ``prefix*``) it matched."""

#: UTF-8 lead bytes of characters where ``str.lower`` and the index's fold may
#: differ, or that the fast path's word test (``str.isalnum``) judges differently
#: from SQLite: U+00C0-U+03FF (accented Latin, combining accents, Greek), the
#: U+1xxx scripts (Latin Extended Additional, Greek Extended, Cherokee …),
#: U+Axxx, and private use (U+E000-U+F8FF, planes 15-16) with the rest of U+Fxxx.
_SPECIAL_LEADS = bytes(range(0xC3, 0xD0)) + b"\xe1\xea\xee\xef\xf3\xf4"
_NOT_SPECIAL = bytes(b for b in range(256) if b not in _SPECIAL_LEADS)
#: Two more, found by their first bytes: the micro sign, and the Kelvin and Ångström signs.
_SPECIAL_PAIRS = (b"\xc2\xb5", b"\xe2\x84")


def _needs_regex(text: str) -> bool:
    """True unless ``str.lower`` folds ``text`` exactly as the index does."""
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    return bool(data.translate(None, _NOT_SPECIAL)) or any(p in data for p in _SPECIAL_PAIRS)


_TOKEN = rf"(?:[^\W_]|[{PRIVATE_USE}])"
_TAIL = rf"(?:[^\W_]|[{PRIVATE_USE}{DIACRITICS}])*"
_FOLD_RANGES = ((0x0000, 0x3000), (0xA640, 0xABC0), (0xFF00, 0xFFF0), (0x10400, 0x10450))


@lru_cache(maxsize=1)
def _folds_to() -> dict[str, str]:
    """For each folded letter, every character of the cased scripts that folds to it."""
    inverse: dict[str, list[str]] = {}
    for low, high in _FOLD_RANGES:
        for code in range(low, high):
            char = chr(code)
            folded = fold_char(char)
            if folded and folded != char:
                inverse.setdefault(folded, [folded]).append(char)
    return {k: "".join(v) for k, v in inverse.items()}


def _letter_class(letter: str) -> str:
    chars = _folds_to().get(letter)
    if chars is None:
        return re.escape(letter)
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "]"


def _spelled(term: str) -> str:
    """A pattern for the characters that fold to ``term``, each maybe followed by accents."""
    return "".join(_letter_class(letter) + f"[{DIACRITICS}]*" for letter in term)


class Matcher:
    """Finds whole words that fold to ``terms``, or start with ``prefixes``."""

    def __init__(self, terms: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        self.terms = tuple(dict.fromkeys(t for t in (fold(t) for t in terms) if t))
        self.prefixes = tuple(dict.fromkeys(p for p in (fold(p) for p in prefixes) if p))
        self._term_set = frozenset(self.terms)
        self._regex: re.Pattern[str] | None = None

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes)

    def find(self, text: str, per_key: int | None = None) -> list[Match]:
        """Every match in ``text``, in order, never overlapping (the longer one wins).

        With ``per_key``, only about the first ``per_key`` matches of each term are
        looked for (enough to choose a snippet, much quicker for common words).
        """
        if not self or not text:
            return []
        if _needs_regex(text):
            found = self._find_regex(text, per_key)
        else:
            found = self._find_plain(text.lower(), per_key or len(text))
        return _without_overlaps(found)

    def spans(self, text: str) -> list[Span]:
        return [(start, end) for start, end, _ in self.find(text)]

    # -- the fast path: lower-cased text, str.find ------------------------------------

    def _find_plain(self, low: str, per_key: int) -> list[Match]:
        found: list[Match] = []
        size = len(low)
        for term in self.terms:
            start, count = low.find(term), 0
            while start != -1 and count < per_key:
                end = start + len(term)
                if (start == 0 or not low[start - 1].isalnum()) and (
                    end == size or not low[end].isalnum()
                ):
                    found.append((start, end, term))
                    count += 1
                start = low.find(term, start + 1)
        for prefix in self.prefixes:
            start, count = low.find(prefix), 0
            while start != -1 and count < per_key:
                if start == 0 or not low[start - 1].isalnum():
                    end = start + len(prefix)
                    while end < size and low[end].isalnum():
                        end += 1
                    found.append((start, end, prefix + "*"))
                    count += 1
                start = low.find(prefix, start + 1)
        return found

    # -- the general path: one regular expression -------------------------------------

    def _find_regex(self, text: str, per_key: int | None) -> list[Match]:
        found: list[Match] = []
        counts: dict[str, int] = {}
        for match in self._pattern().finditer(text):
            key = self._key(match.group())
            if key is None:
                continue
            found.append((match.start(), match.end(), key))
            if per_key is not None:
                counts[key] = counts.get(key, 0) + 1
                if (
                    len(counts) == len(self.terms) + len(self.prefixes)
                    and min(counts.values()) >= per_key
                ):
                    break
        return found

    def _pattern(self) -> re.Pattern[str]:
        if self._regex is None:
            words = [
                _spelled(t) + rf"(?!{_TOKEN})" for t in sorted(self.terms, key=len, reverse=True)
            ]
            words += [_spelled(p) + _TAIL for p in self.prefixes]
            self._regex = re.compile(rf"(?<![^\W_])(?<![{PRIVATE_USE}])(?:{'|'.join(words)})")
        return self._regex

    def _key(self, word: str) -> str | None:
        folded = fold(word)
        if folded in self._term_set:
            return folded
        for prefix in self.prefixes:
            if folded.startswith(prefix):
                return prefix + "*"
        return None


def _without_overlaps(found: list[Match]) -> list[Match]:
    found.sort(key=lambda m: (m[0], -m[1]))
    out: list[Match] = []
    for match in found:
        if out and match[0] < out[-1][1]:
            continue
        out.append(match)
    return out


@lru_cache(maxsize=64)
def matcher_for(terms: tuple[str, ...], prefixes: tuple[str, ...] = ()) -> Matcher:
    """A cached :class:`Matcher` (the reading pane asks for the same terms per paragraph)."""
    return Matcher(terms, prefixes)
