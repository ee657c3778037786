"""The end of an article: a sign-off (author and role), the author's bio, and a
Markdown file's trailing rules."""

from __future__ import annotations

from reader.clean import clean_line
from reader.parse._blocks import _heading_text, _paragraph
from reader.parse._shapes import (
    _DASH_SIGN_OFF,
    _IS_A,
    _MAX_CAPTION_WORDS,
    _MAX_NAME_CHARS,
    _MD_RULE,
    _PRONOUN_START,
    _TITLE_WORDS,
    _WORD_BOUNDARY,
    Block,
    Blocks,
    _Draft,
    _is_sentence_like,
    _looks_like_name,
    _looks_like_role,
    _split_name_role,
)


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
