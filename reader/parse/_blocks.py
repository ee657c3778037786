"""The text cut into blocks on blank lines, and a block read as one paragraph."""

from __future__ import annotations

from collections import deque

from reader.parse._shapes import (
    _MD_HEADING,
    _MD_LIST_OR_QUOTE,
    _MD_RULE,
    _MD_SETEXT,
    _SPACES,
    Block,
    Blocks,
)


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
