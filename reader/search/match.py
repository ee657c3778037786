"""Finding index terms in text, fast: the highlighter behind titles, snippets and the pane.

A :class:`Matcher` is made once per set of terms and finds them in any number
of texts. A match is a whole word of the text whose folded form
(:func:`reader.terms.fold`) equals one of the terms, or starts with one
of the prefixes: the same answer as folding every word of the text and
comparing, which it only does for the text that needs it:

* most text (anything without accented Latin letters, Greek, combining
  accents, private-use characters and a few others, see :func:`_needs_words`:
  all but one of 1,438 BBC articles) is lower-cased in one call, where
  ``str.lower`` equals the fold letter for letter, and the terms are found
  with ``str.find``; after each place a term is found the search goes on
  from the end of that word (no later match can start inside it), so each
  term costs one pass over the text, whatever the text repeats;
* other text is split into words and each word folded
  (:func:`reader.terms.word_spans`): slower, exact by construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from reader.terms import MAX_TERM_LEN, fold, word_spans
from reader.types import Span

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
#: The same characters, for short texts (a title, a snippet and its "…"), where one pass
#: of a character class costs less than encoding the text: U+00B5, U+2100-U+213F and
#: the ranges the lead bytes begin.
_SPECIAL_CHARS = re.compile(
    "[\u00b5\u00c0-\u03ff\u1000-\u1fff\u2100-\u213f\ua000-\uafff\ue000-\uffff\U000c0000-\U0010ffff]"
)
#: Texts shorter than this are checked with :data:`_SPECIAL_CHARS`.
SHORT_TEXT = 1_000


#: Not a letter or digit: exactly what ``str.isalnum`` rejects.
_NOT_ALNUM = re.compile(r"[\W_]")


def _word_end(low: str, pos: int) -> int:
    """Where the run of letters and digits going on at ``pos`` ends."""
    found = _NOT_ALNUM.search(low, pos)
    return len(low) if found is None else found.start()


def _needs_words(text: str) -> bool:
    """True unless ``str.lower`` folds ``text`` exactly as the index does."""
    if text.isascii():
        return False
    if len(text) < SHORT_TEXT:
        return _SPECIAL_CHARS.search(text) is not None
    data = text.encode("utf-8", "surrogatepass")
    return bool(data.translate(None, _NOT_SPECIAL)) or any(p in data for p in _SPECIAL_PAIRS)


class Matcher:
    """Finds whole words that fold to ``terms``, or start with ``prefixes``."""

    def __init__(self, terms: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        self.terms = tuple(dict.fromkeys(t for t in (fold(t) for t in terms) if t))
        self.prefixes = tuple(dict.fromkeys(p for p in (fold(p) for p in prefixes) if p))
        self._term_set = frozenset(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes)

    def find(self, text: str, per_key: int | None = None) -> list[Match]:
        """Every match in ``text``, in order, never overlapping (the longer one wins).

        With ``per_key``, only about the first ``per_key`` matches of each term are
        looked for (enough to choose a snippet, much quicker for common words).
        """
        return self.find_known(text, per_key)[0]

    def find_known(self, text: str, per_key: int | None = None) -> tuple[list[Match], int]:
        """:meth:`find`, and how far its list is known whole: every match starting before
        that offset is in it. Only the fast path says (0 on the other): there a match
        depends on the characters around it alone, so the list holds for any piece of
        ``text`` cut at whitespace (a snippet)."""
        if not self or not text:
            return [], len(text)
        if _needs_words(text):
            return _without_overlaps(self._find_words(text, per_key)), 0
        found, known = self._find_plain(text.lower(), per_key or len(text))
        return _without_overlaps(found), known

    def spans(self, text: str) -> list[Span]:
        return [(start, end) for start, end, _ in self.find(text)]

    # -- the fast path: lower-cased text, str.find ------------------------------------

    def _find_plain(self, low: str, per_key: int) -> tuple[list[Match], int]:
        """The matches, and the offset before which none was left out for ``per_key``."""
        found: list[Match] = []
        known = len(low)
        keys = [(term, term) for term in self.terms] + [(p, p + "*") for p in self.prefixes]
        for text, key in keys:
            # A term matches a whole word; so does a term the index cut (a longer word
            # is known by its first MAX_TERM_LEN letters), and a prefix starts one.
            whole = key == text and len(text) < MAX_TERM_LEN
            size = len(text)
            start, count = low.find(text), 0
            while start != -1 and count < per_key:
                after = start + size
                # Terms are letters and digits: no match starts before ``after`` but this
                # one, and none inside a word (found only for a prefix: its word's end).
                if start and low[start - 1].isalnum():
                    start = low.find(text, after)
                elif not whole:
                    end = _word_end(low, after)
                    found.append((start, end, key))
                    count += 1
                    start = low.find(text, end)
                else:
                    if after == len(low) or not low[after].isalnum():
                        found.append((start, after, key))
                        count += 1
                    start = low.find(text, after)
            if start != -1:  # stopped at per_key: the term may be found again from here
                known = min(known, start)
        return found, known

    # -- the general path: every word, folded ------------------------------------------

    def _find_words(self, text: str, per_key: int | None) -> list[Match]:
        found: list[Match] = []
        counts: dict[str, int] = {}
        wanted = len(self.terms) + len(self.prefixes)
        for start, end, word in word_spans(text):
            key = self._key(word)
            if key is None:
                continue
            found.append((start, end, key))
            if per_key is not None:
                counts[key] = counts.get(key, 0) + 1
                if len(counts) == wanted and min(counts.values()) >= per_key:
                    break
        return found

    def _key(self, folded: str) -> str | None:
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
