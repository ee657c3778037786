"""What a line looks like: a name, a role, a sentence, a caption, Markdown structure;
how a one-line field is cut; and the draft of the fields found so far in one file."""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from dataclasses import dataclass

from reader.clean import clean_line

#: The longest title, label, author, role or caption; longer ones are cut.
MAX_FIELD_CHARS = 200

Block = list[str]
#: The blocks still to read: taken from the front and the back, each in constant time.
Blocks = deque[Block]


_SPACES = re.compile(r"[ \t]{2,}")
_MAX_NAME_CHARS = 80  # longer lines are not a name: skip the word checks
_MAX_CAPTION_CHARS = 200  # nor a caption (at most 20 words)
# A caption is a short line: a longer one with no full stop is a sentence that lost
# it ("Net users are getting the chance to fight back against spam websites"), unless
# it says it is about a picture.
_MAX_CAPTION_WORDS = 8
_MAX_MARKED_CAPTION_WORDS = 20
_CAPTION_MARK = re.compile(
    r"\bpictured\b|^(?:photo(?:graph)?|picture|image|credit)\s*:"
    r"|\((?:photo|picture|image|credit)\b|\bgetty\b|©",
    re.IGNORECASE,
)
_HEADER_FIELD = re.compile(
    r"\s*(?P<key>title|author|by|label|category|url|link)\s*:\s*(?P<value>.*)",
    re.IGNORECASE | re.ASCII,
)
_BYLINE = re.compile(r"\s*by\s+(?P<name>.+)", re.IGNORECASE)
_DASH_SIGN_OFF = re.compile(r"\s*(?:—|–|―|--)\s*(?P<name>\S.*)")
_ROLE_SEPARATOR = re.compile(r"\s*(?:,|\||\s[-–—]\s)\s*")
_NAME_JOINER = re.compile(r"\s+(?:and|&)\s+")
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-])*")
_NAME_PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "ibn"}
    | {"la", "le", "st", "van", "von", "y"}
)
# Sentence-ending punctuation, possibly followed by closing quotes/brackets.
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
_OPENING_QUOTE = re.compile(r"[\"'“‘«„‚‹]")
_HAS_WORD = re.compile(r"\w")
_PRONOUN_START = re.compile(r"(?:He|She|They)\s")
# What follows a name that starts a bio: matched where the name ends, so that no pattern
# is compiled for each name (an import of many authors compiled one an article).
_WORD_BOUNDARY = re.compile(r"\b")
_IS_A = re.compile(r"\s+is\s+(?:a|an|the)\s")
# Capitalised small words of a title ("School Of Rock"), never of a person's name.
_TITLE_WORDS = frozenset({"A", "An", "And", "At", "For", "From", "In", "Of", "On", "The", "To"})

# Markdown.
# Each of these matches in time linear in the line: no two parts can take the same
# run of spaces (the closing "#"s of a heading are cut off in `_heading_text`).
_MD_HEADING = re.compile(r" {0,3}#{1,6}(?:\s(?P<text>.*))?$")
_MD_SETEXT = re.compile(r" {0,3}(?:=+|-+)\s*$")
_MD_RULE = re.compile(r" {0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_MD_LIST_OR_QUOTE = re.compile(r"\s*(?:[-*+]\s|\d{1,9}[.)]\s|>)")
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(?P<mark>\*\*|__|\*|_)(?P<text>\S(?:.*\S)?)(?P=mark)")
_MD_SUFFIXES = (".md", ".markdown")


def _is_sentence_like(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _looks_like_name(text: str, *, min_words: int = 2, max_words: int = 4) -> bool:
    """True for "Erik Swann", "J. R. R. Tolkien", "Mary O’Brien-Smith"."""
    words = text.split()
    if not min_words <= len(words) <= max_words:
        return False
    for i, word in enumerate(words):
        if not _NAME_WORD.fullmatch(word):
            return False
        if word[0].isupper():
            if len(word) == 1:  # a bare initial: "K Clark" is a referee line
                return False
        elif not (0 < i < len(words) - 1 and word in _NAME_PARTICLES):
            return False
    return not words[-1].endswith(".") or len(words[-1]) <= 3


def _looks_like_names(text: str) -> bool:
    """A byline's names: one name, or several joined by "and"/"&"."""
    parts = _NAME_JOINER.split(text)
    return all(_looks_like_name(p, min_words=1) for p in parts)


def _looks_like_role(text: str) -> bool:
    return (
        0 < len(text.split()) <= 6
        and bool(_HAS_WORD.search(text))
        and not _is_sentence_like(text)
        and not _OPENING_QUOTE.match(text)
    )


def _split_name_role(text: str) -> tuple[str, str | None]:
    """ "Jane Doe, Senior Reporter" -> ("Jane Doe", "Senior Reporter"); ``text`` is cleaned."""
    parts = _ROLE_SEPARATOR.split(text, maxsplit=1)
    name = parts[0]
    role = parts[1] if len(parts) > 1 and parts[1] else None
    return name, role


# Characters that belong to the one before them: a cut never falls just before one.
_JOINING = frozenset("\u200d\u20e3") | frozenset(map(chr, range(0xFE00, 0xFE10)))


def _shorten(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """``text``, or when longer than ``limit`` its start cut after a word, with "…"."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < limit // 2:  # no space near the end: cut between two characters
        cut = limit - 1
        while cut > 1 and (text[cut] in _JOINING or unicodedata.combining(text[cut])):
            cut -= 1
    return text[:cut].rstrip() + "…"


def _same_text(a: str, b: str) -> bool:
    return clean_line(a).casefold() == clean_line(b).casefold()


# --- the draft -------------------------------------------------------------


@dataclass
class _Draft:
    """The fields found so far while reading one file."""

    markdown: bool = False
    had_headers: bool = False
    title: str | None = None
    dek: str | None = None
    date: str | None = None
    label: str | None = None
    author: str | None = None
    author_role: str | None = None
    author_bio: str | None = None
    caption: str | None = None
    #: The article's web page, from a ``URL:``/``Link:`` header or front matter.
    url: str | None = None

    def set_author(self, name: str, role: str | None) -> None:
        if self.author is None:
            self.author = name or None
        if self.author_role is None and role and self.author == name:
            self.author_role = role

    def accepts_author(self, name: str) -> bool:
        return self.author is None or self.author.casefold() == name.casefold()
