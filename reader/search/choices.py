"""What each word of a query may match, decided before the full-text index is searched.

* Each word's :class:`WordChoice`: its own term; for the word being typed, its most
  used completions; from level 1 on (see :mod:`.plan`), the other number of the word
  and, for an unknown or rare word, the spelling suggestions within its typo budget
  (read only when a search gets there: :func:`with_suggestions`).
* Which words to leave out (:func:`keep_words`): a near-stopword (in more than
  :data:`STOPWORD_SHARE` of a big archive; for the word being typed, when one of its
  completions is) when other words, a phrase, an author or a person remain (with only
  people left, the engine lists their articles).

:mod:`.plan` lays out the tiers from these choices.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from reader.search import fts, spelling
from reader.search.query import Word
from reader.search.spelling import Suggestion

__all__ = ["WordChoice", "affordable_prefix", "choose", "keep_words", "with_suggestions"]

#: Completions of the word being typed that are searched (the most used ones) …
MAX_COMPLETIONS = 10
#: … and of a one-letter word: nearly every article has one of its four most used
#: completions, and each more one costs the first key of every search time, not results.
ONE_LETTER_COMPLETIONS = 4
#: Words in more than this share of the articles are near-stopwords …
STOPWORD_SHARE = 0.4
#: … when the archive has at least this many articles.
STOPWORD_MIN_ARTICLES = 1_000
#: A word is rare (and gets spelling suggestions) in at most this share of articles …
RARE_SHARE = 0.0002
#: … or at most this many.
RARE_MIN_DOCS = 1
#: FTS5's own prefix search (only while the spelling index lags behind an import) is
#: used from this many letters on.
NATIVE_PREFIX_MIN = 3


@dataclass(frozen=True, slots=True)
class WordChoice:
    """What one query word may match."""

    word: Word
    #: The word's own term (kept even when the spelling index does not know it yet),
    #: or for the word being typed its completions, most used first.
    exact: tuple[str, ...]
    #: Articles holding one of ``exact`` (an upper bound: the sum of their counts).
    exact_docs: int
    suggestions: tuple[Suggestion, ...] = ()
    #: Also search FTS5's own ``"prefix" *`` (when the spelling index may lag behind).
    native_prefix: bool = False
    stopword: bool = False
    #: For the word being typed: those of ``exact`` that are completions of it.
    completions: tuple[str, ...] = ()
    #: The word's other number that the archive holds (searched from level 1 on).
    forms: tuple[str, ...] = ()

    def alternatives(self, level: int) -> tuple[str, ...]:
        """The terms searched at ``level`` (0: exact; 1: and the other number of the word
        and the suggestions with the fewest typos; 2: and all suggestions)."""
        fewest = min((s.typos for s in self.suggestions), default=0)
        extra = [s for s in self.suggestions if level == 2 or (level == 1 and s.typos == fewest)]
        forms = self.forms if level else ()
        return tuple(dict.fromkeys((*self.exact, *forms, *(s.term for s in extra))))

    def corrections(self, level: int) -> tuple[str, ...]:
        """What ``level`` adds to the word being typed, beside its completions: the words
        joined by ``OR``, the other number, the suggestions (exact terms to highlight)."""
        return tuple(t for t in self.alternatives(level) if t not in self.completions)

    def docs(self, level: int, docs: dict[str, int]) -> int:
        return sum(docs.get(t, 0) for t in self.alternatives(level))

    def expression(self, level: int) -> str | None:
        parts = [fts.quote(t) for t in self.alternatives(level)]
        if self.native_prefix:
            parts.append(fts.prefix(self.word.term))
        return fts.any_of(parts) if parts else None


def affordable_prefix(prefix: str) -> bool:
    """Whether FTS5's own prefix search is affordable for ``prefix`` (it has no prefix
    index: a short prefix would make it merge the lists of thousands of terms)."""
    return len(prefix) >= NATIVE_PREFIX_MIN


def choose(
    conn: sqlite3.Connection, word: Word, total: int, docs: dict[str, int], stale: bool
) -> WordChoice:
    """What ``word`` may match at level 0 (its suggestions are read later:
    :func:`with_suggestions`), the counts of its completions added to ``docs``;
    ``stale``: the spelling index lags behind an import."""
    completed: tuple[str, ...] = ()
    if word.prefix:
        limit = ONE_LETTER_COMPLETIONS if len(word.term) == 1 else MAX_COMPLETIONS
        found = spelling.completions(conn, word.term, limit)
        docs.update(found)
        completed = tuple(t for t, _ in found)
        if word.term not in completed and docs.get(word.term, 0) > 0:
            completed = (word.term, *completed[: limit - 1])
        native = stale and affordable_prefix(word.term)
        exact = (*completed, *(t for t in word.either if t not in completed))
    else:
        exact, native = (word.term, *word.either), False
    exact_docs = sum(docs.get(t, 0) for t in exact)
    # A near-stopword: a very common word, or a prefix one of whose completions is one
    # (typing "t" after "disfla" narrows nothing: nearly every article has "the").
    most = max((docs.get(t, 0) for t in exact), default=0)
    stopword = total >= STOPWORD_MIN_ARTICLES and most > STOPWORD_SHARE * total
    forms = tuple(t for t in word.forms if docs.get(t, 0) > 0 and t not in exact)
    return WordChoice(word, exact, exact_docs, (), native, stopword, completed, forms)


def with_suggestions(
    conn: sqlite3.Connection, choice: WordChoice, total: int, docs: dict[str, int]
) -> WordChoice:
    """``choice`` with its spelling suggestions (only levels 1 and 2 search them: they are
    read when a search gets there)."""
    # Each word joined by OR, and the word being typed as a whole word, is corrected
    # when it is rare itself: "eminen" is a typo of "eminem" though it also starts
    # "eminence" (the completions still come first, at level 0).
    rare = max(RARE_MIN_DOCS, RARE_SHARE * total)
    found_suggestions: list[Suggestion] = []
    for term in (choice.word.term, *choice.word.either):
        if docs.get(term, 0) <= rare:
            found_suggestions += spelling.suggestions(conn, term)
    suggestions = tuple(s for s in found_suggestions if s.term not in choice.exact)
    docs.update((s.term, s.docs) for s in suggestions)
    return replace(choice, suggestions=suggestions)


def keep_words(choices: list[WordChoice], others: bool) -> list[WordChoice]:
    """Without near-stopwords, unless nothing else would be left."""
    kept = [c for c in choices if not c.stopword]
    return kept if kept or others else choices
