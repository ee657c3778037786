"""HTML character references ("&#233;", "&eacute;") read as the characters they name,
except in Markdown code, and cleaned again so that none brings back a control."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.entities import html5 as _HTML5_ENTITIES

from reader.clean import clean_text

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
    """A Markdown line decoded except in its code spans, which show references as written."""
    return outside_code_spans(line, _decode_references)


def outside_code_spans(line: str, change: Callable[[str], str]) -> str:
    """A Markdown line with ``change`` made to its text outside code spans, which are
    left as written.

    A code span runs from a run of backticks to the next run exactly as long; a run
    with none after it is plain text. Each run is looked at once (a regex with a
    backreference would try every later run for each opening one).
    """
    if "`" not in line:
        return change(line)
    pieces = _BACKTICKS.split(line)  # text, run, text, run, …, text
    closing: dict[int, int] = {}  # a run's index -> the index of the next run as long
    next_of_length: dict[int, int] = {}
    for i in range(len(pieces) - 2, 0, -2):
        length = len(pieces[i])
        if length in next_of_length:
            closing[i] = next_of_length[length]
        next_of_length[length] = i
    out = [change(pieces[0])]
    i = 1
    while i < len(pieces):
        end = closing.get(i, i)  # a span's last run, or the run alone
        out.append("".join(pieces[i : end + 1]))
        out.append(change(pieces[end + 1]))
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
            closing = m is not None and m["fence"][0] == fence[0] and len(m["fence"]) >= len(fence)
            if closing and m is not None and not line[m.end() :].strip():
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
