"""Reading one article file the way a person would.

This module owns the layout rules that turn an article's text into a
``ParsedArticle``. ``parse_article`` first runs ``clean_text`` on the text,
then reads it like this:

Character references
    HTML character references ended by ``;`` are read as the characters they
    name, in every field: ``&#233;``, ``&#xE9;`` and ``&eacute;`` are "é",
    ``&#163;`` is "£", ``&lt;``/``&amp;`` are "<"/"&". Numbers are read as a
    browser reads them (``&#150;`` is "–", ``&#0;`` is U+FFFD), a reference to
    a line break is a space, and what a reference gives is cleaned like the
    rest of the text, so it can never bring in a control. A run that only looks
    like one (``AT&T``, ``&not`` without its ``;``, ``&madeup;``) is text, and
    ``&amp;#233;`` is ``&#233;``: decoded once. In Markdown, code spans and
    fenced code blocks keep their references as written. References are
    decoded line by line after the front matter is split off (its values are
    decoded once read), so a decoded character never changes the front matter.

Blocks and paragraphs
    The text is split into blocks on blank lines (a line of only whitespace is
    blank). Inside a block, hard-wrapped lines are joined with one space,
    except Markdown list and quote blocks, which keep their line breaks. Each
    paragraph is stripped and runs of spaces inside a line become one space
    (non-breaking spaces are kept as they are). ``body`` is the paragraphs
    joined by one blank line.

Header metadata (before the title)
    Lines such as `` date 2022-01-25 Exclusive`` (leading space allowed): the
    keyword ``date``/``Date:``/``Published:``/``Updated:``, a date, then an
    optional short label such as "Exclusive". Also ``Title:``, ``Author:``/
    ``By:`` and ``Label:``/``Category:`` lines. Dates may be written
    ``2022-01-25``, ``2022/01/25``, ``January 25, 2022``, ``25 January 2022``
    or ``Jan. 25, 2022`` and come out as ISO ``YYYY-MM-DD``; an impossible date
    (2022-02-30) gives no date. A date is never invented: only header
    metadata or front matter gives one, never a date in the body.

Title
    The first block after the metadata. If that block has several lines, its
    first line is the title and the rest is the next block. In Markdown a
    ``# Heading`` there is the title without its ``#`` marks. A ``Title:``
    header or front-matter title wins, and a first line repeating it is dropped.
    No title means no article: ``ParseError``, as for an empty file. A first
    line longer than :data:`MAX_FIELD_CHARS` is not a headline: the title is
    its start, cut after a word with "…", and the whole line stays in the body.

One-line fields
    Title, label, author, role and caption are one line each, of at most
    :data:`MAX_FIELD_CHARS` characters: a longer one (from a header line or
    front matter) is cut after a word, with "…".

Caption and byline (right after the title)
    A short one-line block that does not end like a sentence (``. ! ? : ;``,
    possibly followed by a closing quote) is an image caption, if anything
    follows it: at most 8 words, or at most 20 when it says it is about a
    picture ("Pictured", "Photo:", "Image:", "Credit:", "(Photo …", "Getty",
    "©"). A longer line, such as a standfirst that lost its full stop, is
    read as text. In Markdown an image line ``![alt](src)`` gives its alt text
    as the caption. A ``By Name`` or ``By Name, Role`` line right
    after the title, the caption or the dek is the byline.

Dek (standfirst)
    The block after the title (and caption) is the dek when the file had header
    metadata, the block is one paragraph of at most 60 words that does not open
    with a quote mark, and at least one more block follows. In Markdown the dek
    is the front matter's ``dek``, ``subtitle``, ``description`` or ``summary``,
    or a first paragraph that is entirely emphasised (``*…*`` or ``_…_``, marks
    stripped). Otherwise there is no dek: in a plain "headline, blank line,
    paragraphs" file the first paragraph is body.

Sign-off and bio (at the end)
    A last block of one or two short lines, a person's name (2–4 capitalised
    words of letters, hyphens, apostrophes and periods, a lone initial needing
    its period) and optionally a role (at most 6 words, not ending like a
    sentence), is the sign-off: author and role. A block right after it that
    starts with the author's name or surname, or with "He"/"She"/"They", is the
    author's bio. With the author known from a byline, a last block starting
    "<Name> is a/an/the …" is the bio too. A last line ``— Name`` or
    ``-- Name`` is also a sign-off. None of these is taken if it would leave
    the body empty, or if it names someone other than a byline's author.
    Nor is a block that ends a list: one right after a short line that does
    not end like a sentence (an item such as "Best film" or "Best actor: Jamie
    Foxx") or after a line ending in ":" ("The winners were:"); a Markdown
    heading ("## About the author") is not an item. A sign-off's name has no
    capitalised "Of", "The", "And" … ("School Of Rock" is a title) and its
    role no ":".

Markdown (``.md``/``.markdown`` files, or text opening with front matter)
    YAML front matter between ``---`` lines at the very top is read as flat
    ``key: value`` pairs: a list gives its first item, and a key whose value is
    a mapping gives none (nor does any item nested deeper): ``title``,
    ``date``, ``author`` (or the first of ``authors``), ``label`` or
    ``category``, and the dek keys above. A leading ``# Title`` equal to the
    front-matter title is dropped; later headings become paragraphs of their
    own without the ``#`` marks; a trailing ``---`` rule is dropped. Other
    inline Markdown is kept as written.
"""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from collections import deque
from dataclasses import dataclass
from html.entities import html5 as _HTML5_ENTITIES

from reader.clean import clean_line, clean_text
from reader.errors import ParseError
from reader.types import ParsedArticle

__all__ = ["MAX_FIELD_CHARS", "ParseError", "parse_article"]

#: The longest title, label, author, role or caption; longer ones are cut.
MAX_FIELD_CHARS = 200

Block = list[str]
#: The blocks still to read: taken from the front and the back, each in constant time.
Blocks = deque[Block]
FrontMatter = dict[str, str | list[str]]


# --- dates -----------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
_DATE = (
    rf"{_WEEKDAY}(?:"
    r"(?P<y1>\d{4})(?P<sep>[-/])(?P<m1>\d{1,2})(?P=sep)(?P<d1>\d{1,2})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m3>{_MONTH})\.?,?\s+(?P<y3>\d{{4}})"
    r")(?!\d)"
)
_DATE_AT_START = re.compile(_DATE, re.IGNORECASE | re.ASCII)
_DATE_LINE = re.compile(
    rf"\s*(?:date|dated|published|updated|posted)(?:\s*:\s*|\s+)(?P<date>{_DATE})(?P<rest>.*)",
    re.IGNORECASE | re.ASCII,
)
# A time after the date ("T10:00:00Z", " 10:32 GMT", ", 3.15 pm").
_TIME = re.compile(
    r"(?:T|\s*(?:,\s*)?(?:at\s+)?)\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*[ap]\.?m\.?)?(?:\s*(?:Z|UTC|GMT|BST|[ECMP][SD]T|CES?T|[+-]\d{2}:?\d{2}))?",
    re.IGNORECASE,
)
_LABEL_SEPARATORS = " \t|·•,;:–—-"


def _iso_date(m: re.Match[str]) -> str | None:
    """The ISO date a ``_DATE`` match names, or None if no such day exists."""
    if m["y1"]:
        year, month, day = int(m["y1"]), int(m["m1"]), int(m["d1"])
    elif m["y2"]:
        year, month, day = int(m["y2"]), _MONTHS[m["m2"][:3].lower()], int(m["d2"])
    else:
        year, month, day = int(m["y3"]), _MONTHS[m["m3"][:3].lower()], int(m["d3"])
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _date_from_value(value: str) -> str | None:
    """The ISO date a front-matter value starts with, if it is a real date."""
    m = _DATE_AT_START.match(value.strip())
    return _iso_date(m) if m else None


# --- shapes of lines -------------------------------------------------------

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
    r"\s*(?P<key>title|author|by|label|category)\s*:\s*(?P<value>.*)", re.IGNORECASE | re.ASCII
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

    def set_author(self, name: str, role: str | None) -> None:
        if self.author is None:
            self.author = name or None
        if self.author_role is None and role and self.author == name:
            self.author_role = role

    def accepts_author(self, name: str) -> bool:
        return self.author is None or self.author.casefold() == name.casefold()


# --- front matter ----------------------------------------------------------

_FM_FENCE = "---"
# Each pattern matches in time linear in the line (a value's trailing spaces are
# stripped in code, not by a lazy ``.*?`` racing ``\s*$`` over a run of spaces).
_FM_KEY = re.compile(r"(?P<key>[A-Za-z_][\w.-]*)\s*:(?:\s+(?P<value>.*))?$")
_FM_ITEM = re.compile(r"\s*-(?:\s+(?P<value>.*))?$")
_FM_DOUBLE = re.compile(r'"(?P<text>(?:[^"\\]|\\.)*)"')
_FM_SINGLE = re.compile(r"'(?P<text>(?:[^']|'')*)'")
_FM_COMMENT = re.compile(r"\s#")
_FM_BLOCK_SCALAR = re.compile(r"[|>][+-]?")
_FM_FLOW_OPEN = ("[", "{")
_FM_DEK_KEYS = ("dek", "subtitle", "description", "summary")


def _fm_scalar(value: str) -> str:
    """One YAML scalar, quotes stripped; an unquoted one loses its comment."""
    value = value.strip()
    if m := _FM_DOUBLE.match(value):
        return re.sub(r"\\(.)", r"\1", m["text"])
    if m := _FM_SINGLE.match(value):
        return m["text"].replace("''", "'")
    if m := _FM_COMMENT.search(value):
        value = value[: m.start()]
    return value.strip()


def _fm_value(value: str) -> str | list[str]:
    """A scalar, or a flow list ``[a, b]`` as a list of its scalars.

    A flow mapping ``{…}`` has no value, and nor has an item of a flow list
    that is itself a list or a mapping: ``[[b, c], a]`` gives ``["a"]``.
    """
    if value.startswith("{"):
        return []
    if not (value.startswith("[") and value.endswith("]")):
        return _fm_scalar(value)
    items: list[str] = []
    depth, start, quote = 0, 1, ""
    for i, char in enumerate(value[1:-1], start=1):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(value[start:i])
            start = i + 1
    items.append(value[start:-1])
    return [
        _fm_scalar(item)
        for item in items
        if item.strip() and not item.lstrip().startswith(_FM_FLOW_OPEN)
    ]


class _FmNested:
    """The indented lines under a key given no value on its own line.

    They make a list (``- item`` lines), a block of text (after ``|`` or ``>``, or
    a plain scalar over several lines), or a mapping (``name: value`` lines), which
    gives the key no value. Only the items at the first line's indent count: what is
    deeper belongs to an item or key of a mapping, never to this key.
    """

    def __init__(self, block: bool) -> None:
        self.block = block
        self.mapping = False
        self.indent: int | None = None
        self.items: list[str] = []
        self.text: list[str] = []

    def add(self, line: str) -> None:
        if self.block:
            self.text.append(line.strip())
            return
        indent = len(line) - len(line.lstrip(" \t"))
        if self.indent is None:
            self.indent = indent
        if self.mapping or indent > self.indent:
            return
        item = _FM_ITEM.match(line)
        if item is None:
            if _FM_KEY.match(line.strip()):
                self.mapping = True
            else:
                self.text.append(line.strip())
            return
        value = (item["value"] or "").strip()
        if value and not _FM_KEY.match(value) and not value.startswith(_FM_FLOW_OPEN):
            self.items.append(_fm_scalar(value))

    def value(self) -> list[str]:
        if self.mapping:
            return []
        if self.block or not self.items:
            return [" ".join(self.text)] if self.text else []
        return self.items


def _parse_front_matter(lines: list[str]) -> FrontMatter | None:
    """Flat ``key: value`` pairs; None if the lines are not YAML-like at all."""
    data: FrontMatter = {}
    key: str | None = None  # a key still open to the indented lines under it
    nested = _FmNested(block=False)
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t-":
            if key is not None:
                nested.add(line)
            continue
        m = _FM_KEY.match(line)
        if m is None:
            return None
        if key is not None:
            data[key] = nested.value()
        key, value = m["key"].lower(), (m["value"] or "").strip()
        if value and not _FM_BLOCK_SCALAR.fullmatch(value):
            data[key] = _fm_value(value)
            key = None
        else:
            data[key] = []  # filled by the lines that follow
            nested = _FmNested(block=bool(value))
    if key is not None:
        data[key] = nested.value()
    return data or None


def _fm_get(data: FrontMatter, *keys: str) -> str | None:
    """The first non-empty value among ``keys`` (a list gives its first item)."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value and (text := clean_line(_decode_references(value))):
            return text
    return None


def _take_front_matter(lines: list[str]) -> tuple[FrontMatter | None, list[str]]:
    """Split a leading ``---`` … ``---`` block off ``lines``, if there is one."""
    if not lines or lines[0].rstrip() != _FM_FENCE:
        return None, lines
    for end in range(1, len(lines)):
        if lines[end].rstrip() in (_FM_FENCE, "..."):
            data = _parse_front_matter(lines[1:end])
            if data is None:
                return None, lines
            return data, lines[end + 1 :]
    return None, lines


def _apply_front_matter(data: FrontMatter, draft: _Draft) -> None:
    draft.title = _fm_get(data, "title")
    date = _fm_get(data, "date", "published", "pubdate")
    draft.date = _date_from_value(date) if date else None
    author = _fm_get(data, "author", "authors")
    if author:
        draft.set_author(*_split_name_role(author))
    draft.label = _fm_get(data, "label", "category", "categories")
    draft.dek = _fm_get(data, *_FM_DEK_KEYS)


# --- character references --------------------------------------------------

# A character reference as HTML writes it, ended by ";": "&#233;", "&#xE9;", "&eacute;".
# Without the ";" ("AT&T", "&not", "&copy2004") it is plain text: a text file is not HTML.
# Bounded runs: each match is tried in constant time.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")
# A reference never breaks a line: it would split what the file wrote as one paragraph
# (or end a one-line field); HTML shows it as a space.
_REFERENCE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
_BACKTICKS = re.compile(r"(`+)")
_MD_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")


def _decode_reference(m: re.Match[str]) -> str:
    ref = m.group()
    if ref[1] != "#" and ref[1:] not in _HTML5_ENTITIES:
        return ref  # "&madeup;" is text
    # html.unescape reads numbers as browsers do: &#150; is "–", &#0; and surrogates
    # are U+FFFD, and C0/C1 controls other than whitespace are dropped.
    text = html.unescape(ref)
    return " " if text in _REFERENCE_BREAKS else text


def _decode_references(text: str) -> str:
    """``text`` with its character references decoded, and cleaned again if any was.

    Cleaning after decoding is what keeps ``&#27;[31m`` or ``&#x202e;`` from
    bringing back a control that ``clean_text`` removed from the raw text.
    """
    if "&" not in text:
        return text
    decoded = _REFERENCE.sub(_decode_reference, text)
    return clean_text(decoded) if decoded != text else text


def _decode_outside_code(line: str) -> str:
    """A Markdown line decoded except in its code spans, which show references as written.

    A code span runs from a run of backticks to the next run exactly as long; a run
    with none after it is plain text. Each run is looked at once (a regex with a
    backreference would try every later run for each opening one).
    """
    if "`" not in line:
        return _decode_references(line)
    pieces = _BACKTICKS.split(line)  # text, run, text, run, …, text
    closing: dict[int, int] = {}  # a run's index -> the index of the next run as long
    next_of_length: dict[int, int] = {}
    for i in range(len(pieces) - 2, 0, -2):
        length = len(pieces[i])
        if length in next_of_length:
            closing[i] = next_of_length[length]
        next_of_length[length] = i
    out = [_decode_references(pieces[0])]
    i = 1
    while i < len(pieces):
        end = closing.get(i, i)  # a span's last run, or the run alone
        out.append("".join(pieces[i : end + 1]))
        out.append(_decode_references(pieces[end + 1]))
        i = end + 2
    return "".join(out)


def _decode_lines(lines: list[str], *, markdown: bool) -> list[str]:
    """Each line with its references decoded, as a person reading the article sees them.

    In Markdown, fenced code blocks and code spans are left as written, as a Markdown
    renderer shows them. A reference never breaks a line, so lines without code are
    decoded together, in one pass: a file may hold millions of lines.
    """
    text = "\n".join(lines)
    if not markdown or ("`" not in text and "~" not in text):
        return _decode_references(text).split("\n")
    out: list[str] = []
    prose: list[str] = []  # lines with no code, not decoded yet
    fence = ""  # the fence of the code block the line is in, if any
    for line in lines:
        if not fence and "`" not in line and "~" not in line:
            prose.append(line)
            continue
        if prose:
            out += _decode_references("\n".join(prose)).split("\n")
            prose = []
        m = _MD_FENCE.match(line)
        if fence:
            closing = m and m["fence"][0] == fence[0] and len(m["fence"]) >= len(fence)
            if closing and not line[m.end() :].strip():
                fence = ""
            out.append(line)
        elif m and not (m["fence"][0] == "`" and "`" in line[m.end() :]):
            fence = m["fence"]
            out.append(line)
        else:
            out.append(_decode_outside_code(line))
    if prose:
        out += _decode_references("\n".join(prose)).split("\n")
    return out


# --- blocks ----------------------------------------------------------------


def _split_blocks(lines: list[str], *, markdown: bool) -> Blocks:
    """Blocks of non-blank lines; in Markdown, headings stand alone."""
    blocks: Blocks = deque()
    current: Block = []
    for line in map(str.rstrip, lines):
        if not line:  # blank: only whitespace
            if current:
                blocks.append(current)
                current = []
        elif markdown and _md_standalone(line, current, blocks):
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _md_standalone(line: str, current: Block, blocks: Blocks) -> bool:
    """Put a Markdown heading or rule in a block of its own; True if done."""
    if len(current) == 1 and _MD_SETEXT.match(line) and not _MD_LIST_OR_QUOTE.match(current[0]):
        level = "#" if line.strip()[0] == "=" else "##"
        blocks.append([f"{level} {current[0].strip()}"])
        return True
    if _MD_HEADING.match(line) or _MD_RULE.match(line):
        if current:
            blocks.append(list(current))
        blocks.append([line])
        return True
    return False


def _collapse(text: str) -> str:
    if "  " in text:  # tabs are spaces by now (clean_text)
        text = _SPACES.sub(" ", text)
    return text.strip()


def _heading_text(line: str) -> str | None:
    """The text of a ``# Heading #`` line, without its marks; None for another line."""
    m = _MD_HEADING.match(line)
    if m is None:
        return None
    text = (m["text"] or "").strip()
    closed = text.rstrip("#")
    if closed != text and (not closed or closed[-1].isspace()):
        text = closed.rstrip()
    return text


def _is_md_structure(block: Block) -> bool:
    """A heading, rule, list or quote: never a caption or dek."""
    return any(
        _MD_HEADING.match(line) or _MD_RULE.match(line) or _MD_LIST_OR_QUOTE.match(line)
        for line in block
    )


def _paragraph(block: Block, *, markdown: bool) -> str:
    """The text of one block as a paragraph."""
    if markdown:
        if len(block) == 1 and (heading := _heading_text(block[0])) is not None:
            return _collapse(heading)
        if any(_MD_LIST_OR_QUOTE.match(line) for line in block):
            return "\n".join(_keep_indent(line) for line in block).strip()
    if len(block) == 1:  # the most common paragraph, and a file may hold millions
        return _collapse(block[0])
    return _collapse(" ".join(line.strip() for line in block))


def _keep_indent(line: str) -> str:
    body = line.lstrip(" ")
    return line[: len(line) - len(body)] + _collapse(body)


def _drop_first_lines(blocks: Blocks, count: int) -> None:
    """Remove the first ``count`` lines of the first block; the rest of it stays first.

    One cut for all of them: cutting one line at a time copies the rest of the
    block each time, and a block of many such lines took minutes.
    """
    if count == 0:
        return
    first = blocks.popleft()
    if count < len(first):
        blocks.appendleft(first[count:])


# --- the reading steps -----------------------------------------------------


def _read_header_line(line: str, draft: _Draft) -> bool:
    """Take one metadata line into ``draft``; False if it is not one."""
    if m := _DATE_LINE.match(line):
        if draft.date is None:
            draft.date = _iso_date(m)
        label = _label_after_date(m["rest"])
        if label and draft.label is None:
            draft.label = label
        return True
    m = _HEADER_FIELD.match(line)
    if m is None:
        return False
    key = m["key"].lower()
    if not _may_take(key, m["value"], draft):
        return True  # a header line, with nothing left for it to set
    value = clean_line(m["value"])
    if not value:
        return True
    if key == "title":  # what is still open, _may_take said
        draft.title = value
    elif key in ("author", "by"):
        draft.set_author(*_split_name_role(value))
    else:
        draft.label = value
    return True


def _may_take(key: str, value: str, draft: _Draft) -> bool:
    """Whether a header line of ``key`` and (raw) ``value`` may still set anything in
    ``draft`` (the first title, author and label win; a later line only adds the role of
    the same author): a file of many header lines is then read about as fast as prose."""
    if key == "title":
        return draft.title is None
    if key in ("author", "by"):
        if draft.author is None:
            return True
        return draft.author_role is None and _ROLE_SEPARATOR.search(value) is not None
    if key in ("label", "category"):
        return draft.label is None
    return False


def _label_after_date(rest: str) -> str | None:
    """ "Exclusive" from what follows the date on a date line."""
    if m := _TIME.match(rest):
        rest = rest[m.end() :]
    label = clean_line(rest.strip(_LABEL_SEPARATORS))
    if not label or len(label.split()) > 4 or _is_sentence_like(label):
        return None
    return label


def _take_headers(blocks: Blocks, draft: _Draft) -> None:
    while blocks:
        first = blocks[0]
        count = 0
        while count < len(first) and _read_header_line(first[count], draft):
            count += 1
        if count == 0:
            return
        draft.had_headers = True
        _drop_first_lines(blocks, count)
        if count < len(first):
            return  # the block goes on with a line that is not metadata


def _title_text(line: str, *, markdown: bool) -> str:
    if markdown and (heading := _heading_text(line)) is not None:
        line = heading
    return clean_line(line)


def _take_title(blocks: Blocks, draft: _Draft) -> None:
    if draft.title is not None:
        if blocks and _same_text(_title_text(blocks[0][0], markdown=draft.markdown), draft.title):
            _drop_first_lines(blocks, 1)
        return
    while blocks:
        first = blocks[0]
        for count, line in enumerate(first):
            if not _HAS_WORD.search(line):
                continue  # no headline, and cleaning never adds a word: skipped
            title = _title_text(line, markdown=draft.markdown)
            if not _HAS_WORD.search(title):
                continue
            if len(title) > MAX_FIELD_CHARS:
                # A paragraph on one line, not a headline: it stays in the body.
                draft.title = _shorten(title)
                _drop_first_lines(blocks, count)
            else:
                draft.title = title
                _drop_first_lines(blocks, count + 1)
            return
        blocks.popleft()


def _take_caption(blocks: Blocks, draft: _Draft) -> bool:
    if len(blocks) < 2 or len(blocks[0]) != 1:
        return False
    line = blocks[0][0]
    if len(line) > _MAX_CAPTION_CHARS:
        return False
    if draft.markdown and (image := _MD_IMAGE.fullmatch(line.strip())):
        draft.caption = clean_line(image["alt"]) or None
        del blocks[0]
        return True
    text = clean_line(line)
    if draft.markdown and (_is_md_structure(blocks[0]) or _strip_emphasis(text)):
        return False  # a heading, list …, or an emphasised dek
    if not _HAS_WORD.search(text) or _is_sentence_like(text) or not _is_caption_length(text):
        return False
    draft.caption = text
    del blocks[0]
    return True


def _is_caption_length(text: str) -> bool:
    words = len(text.split())
    if words <= _MAX_CAPTION_WORDS:
        return True
    return words <= _MAX_MARKED_CAPTION_WORDS and bool(_CAPTION_MARK.search(text))


def _take_byline(blocks: Blocks, draft: _Draft) -> bool:
    if len(blocks) < 2 or len(blocks[0]) != 1:
        return False
    m = _BYLINE.fullmatch(blocks[0][0])
    if m is None:
        return False
    name, role = _split_name_role(clean_line(m["name"]))
    if not _looks_like_names(name) or (role is not None and not _looks_like_role(role)):
        return False
    if not draft.accepts_author(name):
        return False
    draft.set_author(name, role)
    del blocks[0]
    return True


def _take_dek(blocks: Blocks, draft: _Draft) -> None:
    if len(blocks) < 2 or (draft.markdown and _is_md_structure(blocks[0])):
        return
    text = _paragraph(blocks[0], markdown=draft.markdown)
    if draft.dek is not None:  # from front matter: drop a first paragraph repeating it
        if _same_text(_strip_emphasis(text) or text, draft.dek):
            del blocks[0]
        return
    if draft.markdown and (inner := _strip_emphasis(text)):
        draft.dek = inner
        del blocks[0]
    elif draft.had_headers and len(text.split()) <= 60 and not _OPENING_QUOTE.match(text):
        draft.dek = text
        del blocks[0]


def _strip_emphasis(text: str) -> str | None:
    """The inside of a paragraph that is entirely ``*emphasised*``, else None."""
    m = _MD_EMPHASIS.fullmatch(text)
    if m is None or m["mark"] in m["text"]:
        return None
    return m["text"]


def _take_lead(blocks: Blocks, draft: _Draft) -> None:
    """Caption, byline and dek: what comes between the title and the body."""
    if not _take_byline(blocks, draft) and _take_caption(blocks, draft):
        _take_byline(blocks, draft)
    _take_dek(blocks, draft)
    _take_byline(blocks, draft)


def _sign_off(block: Block) -> tuple[str, str | None] | None:
    """(name, role) if ``block`` is a one- or two-line sign-off."""
    if len(block) > 2 or len(block[0]) > _MAX_NAME_CHARS:
        return None
    name = clean_line(block[0])
    if not _looks_like_name(name) or name.isupper() or _TITLE_WORDS.intersection(name.split()):
        return None
    role = clean_line(block[1]) if len(block) == 2 else None
    if role is not None and (not _looks_like_role(role) or ":" in role):
        return None  # "Best actor: Ray" is an entry of a list, not a role
    return name, role


def _ends_a_list(blocks: Blocks, index: int, *, markdown: bool) -> bool:
    """Does ``blocks[index]`` follow an item of a list, or a line that opens one?

    A name there ("Vera Drake" after "Best film") is one more item, not a sign-off.
    """
    if index < 1:
        return False
    line = clean_line(blocks[index - 1][-1])
    if markdown and _heading_text(blocks[index - 1][-1]) is not None:
        return False  # "## About the author" introduces a sign-off
    if line.endswith(":"):
        return True
    return len(line.split()) <= _MAX_CAPTION_WORDS and not _is_sentence_like(line)


def _is_bio_of(text: str, name: str) -> bool:
    """Does ``text`` start with ``name``, its surname, or He/She/They?"""
    surname = name.split()[-1]
    return bool(
        _PRONOUN_START.match(text)
        or (text.startswith(name) and _WORD_BOUNDARY.match(text, len(name)))
        or (text.startswith(surname) and _WORD_BOUNDARY.match(text, len(surname)))
    )


def _take_sign_off(blocks: Blocks, draft: _Draft) -> None:
    """Author sign-off and bio at the end; the body must keep a paragraph."""
    markdown = draft.markdown
    if (
        len(blocks) >= 2
        and (found := _sign_off(blocks[-1]))
        and draft.accepts_author(found[0])
        and not _ends_a_list(blocks, len(blocks) - 1, markdown=markdown)
    ):
        draft.set_author(*found)
        del blocks[-1]
    elif (
        len(blocks) >= 3
        and (found := _sign_off(blocks[-2]))
        and draft.accepts_author(found[0])
        and _is_bio_of(_paragraph(blocks[-1], markdown=markdown), found[0])
        and not _ends_a_list(blocks, len(blocks) - 2, markdown=markdown)
    ):
        draft.set_author(*found)
        draft.author_bio = _paragraph(blocks.pop(), markdown=markdown)
        del blocks[-1]
    elif not _take_dash_sign_off(blocks, draft):
        _take_known_bio(blocks, draft)


def _take_dash_sign_off(blocks: Blocks, draft: _Draft) -> bool:
    if not blocks:
        return False
    last = blocks[-1]
    m = _DASH_SIGN_OFF.fullmatch(last[-1])
    if m is None or (len(last) == 1 and len(blocks) < 2):
        return False
    name, role = _split_name_role(clean_line(m["name"]))
    if not _looks_like_name(name) or (role is not None and not _looks_like_role(role)):
        return False
    if not draft.accepts_author(name):
        return False
    draft.set_author(name, role)
    if len(last) == 1:
        del blocks[-1]
    else:
        blocks[-1] = last[:-1]
    return True


def _take_known_bio(blocks: Blocks, draft: _Draft) -> None:
    if draft.author is None or len(blocks) < 2:
        return
    text = _paragraph(blocks[-1], markdown=draft.markdown)
    if text.startswith(draft.author) and _IS_A.match(text, len(draft.author)):
        draft.author_bio = text
        del blocks[-1]


def _drop_trailing_rules(blocks: Blocks) -> None:
    while blocks and len(blocks[-1]) == 1 and _MD_RULE.match(blocks[-1][0]):
        del blocks[-1]


# --- entry point -----------------------------------------------------------


def _is_markdown_name(filename: str) -> bool:
    return filename.lower().endswith(_MD_SUFFIXES)


def parse_article(text: str, *, filename: str = "") -> ParsedArticle:
    """Read one article's text; raise ``ParseError`` if there is no article."""
    text = clean_text(text)
    if not text.strip():
        raise ParseError("the file is empty")
    front, lines = _take_front_matter(text.split("\n"))
    draft = _Draft(markdown=front is not None or _is_markdown_name(filename))
    if front is not None:
        _apply_front_matter(front, draft)
    if "&" in text:
        lines = _decode_lines(lines, markdown=draft.markdown)
    blocks = _split_blocks(lines, markdown=draft.markdown)
    _take_headers(blocks, draft)
    _take_title(blocks, draft)
    if draft.title is None:
        raise ParseError("no title found")
    if draft.markdown:
        _drop_trailing_rules(blocks)
    _take_lead(blocks, draft)
    _take_sign_off(blocks, draft)
    if draft.markdown:
        paragraphs = [_paragraph(block, markdown=True) for block in blocks]
    else:  # most files: one line a paragraph, read without the call to `_paragraph`
        paragraphs = [
            _collapse(block[0]) if len(block) == 1 else _paragraph(block, markdown=False)
            for block in blocks
        ]
    # Built once, fields by position: a frozen dataclass built and then `replace`d cost
    # more than the rest of reading a short article.
    return ParsedArticle(
        _shorten(draft.title),
        "\n\n".join([p for p in paragraphs if p]),
        draft.dek,
        draft.date,
        _shorten_or_none(draft.label),
        _shorten_or_none(draft.author),
        _shorten_or_none(draft.author_role),
        draft.author_bio,
        _shorten_or_none(draft.caption),
    )


def _shorten_or_none(text: str | None) -> str | None:
    return None if text is None else _shorten(text)
