"""The head of an article: header metadata, the title, then caption, byline and dek."""

from __future__ import annotations

from reader.clean import clean_line
from reader.links import web_url
from reader.parse._blocks import _drop_first_lines, _heading_text, _is_md_structure, _paragraph
from reader.parse._dates import _DATE_LINE, _LABEL_SEPARATORS, _TIME, _iso_date
from reader.parse._shapes import (
    _BYLINE,
    _CAPTION_MARK,
    _HAS_WORD,
    _HEADER_FIELD,
    _MAX_CAPTION_CHARS,
    _MAX_CAPTION_WORDS,
    _MAX_MARKED_CAPTION_WORDS,
    _MD_EMPHASIS,
    _MD_IMAGE,
    _OPENING_QUOTE,
    _ROLE_SEPARATOR,
    MAX_FIELD_CHARS,
    Blocks,
    _Draft,
    _is_sentence_like,
    _looks_like_names,
    _looks_like_role,
    _same_text,
    _shorten,
    _split_name_role,
)


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
    elif key in ("url", "link"):
        draft.url = web_url(value)  # the line is a header even if it names no web page
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
    if key in ("url", "link"):
        return draft.url is None
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
