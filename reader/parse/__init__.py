"""Reading one article file the way a person would.

This package owns the layout rules that turn an article's text into a
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
    ``By:``, ``Label:``/``Category:`` and ``URL:``/``Link:`` lines. Dates may be written
    ``2022-01-25``, ``2022/01/25``, ``January 25, 2022``, ``25 January 2022``
    or ``Jan. 25, 2022`` and come out as ISO ``YYYY-MM-DD``; an impossible date
    (2022-02-30) gives no date. A date is never invented: only header
    metadata or front matter gives one, never a date in the body.

Web page
    An article has a web page only when the file names one: a ``URL:`` or
    ``Link:`` header line, or front matter's ``url`` or ``link``. It counts only
    as an http or https address with a host (``javascript:``, ``file:`` or a
    relative path give none), and it is cleaned (spaces as ``%20``).

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
    own without the ``#`` marks; a trailing ``---`` rule is dropped. Links
    (``[text](https://…)``, ``<https://…>``) become numbered footnotes, as
    feeds' links do: ``text[1]`` in the text (dek, body and bio, numbered in
    that order, one number per address), and a last paragraph of ``[1] URL``
    lines; only http, https and mailto links get a number, any other keeps its
    text alone; code spans and images are left as written. Other inline
    Markdown is kept as written.

The modules, in the order ``parse_article`` uses them: ``_frontmatter``, ``_dates``,
``_references``, ``_blocks``, ``_lead`` (headers, title, caption, byline, dek),
``_signoff`` and ``_links``; ``_shapes`` holds what a line looks like and the draft of the fields.
"""

from __future__ import annotations

from reader.clean import clean_text
from reader.errors import ParseError
from reader.parse._blocks import _collapse, _paragraph, _split_blocks
from reader.parse._frontmatter import _apply_front_matter, _take_front_matter
from reader.parse._lead import _take_headers, _take_lead, _take_title
from reader.parse._links import Footnotes
from reader.parse._references import _decode_lines
from reader.parse._shapes import _MD_SUFFIXES, MAX_FIELD_CHARS, _Draft, _shorten
from reader.parse._signoff import _drop_trailing_rules, _take_sign_off
from reader.types import ParsedArticle

__all__ = ["MAX_FIELD_CHARS", "ParseError", "parse_article"]


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
    dek, bio = draft.dek, draft.author_bio
    if draft.markdown:
        paragraphs = [_paragraph(block, markdown=True) for block in blocks]
        if "](" in text or "<" in text:  # links, read in the order they are shown
            notes = Footnotes()
            dek = notes.read(dek) if dek else dek
            paragraphs = [notes.read(p) for p in paragraphs]
            bio = notes.read(bio) if bio else bio
            if (block := notes.block()) is not None:
                paragraphs.append(block)
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
        dek,
        draft.date,
        _shorten_or_none(draft.label),
        _shorten_or_none(draft.author),
        _shorten_or_none(draft.author_role),
        bio,
        _shorten_or_none(draft.caption),
        draft.url,
    )


def _shorten_or_none(text: str | None) -> str | None:
    return None if text is None else _shorten(text)
