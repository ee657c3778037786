"""The short excerpt of a body shown under a search result.

This module owns how an excerpt is cut: about :data:`SNIPPET_WORDS` words,
starting a few words before the place where most of the different matched
terms come close together, ``…`` where the body was cut, all on one line
(paragraph breaks become spaces). The spans of the matched words are found
again in the excerpt itself, so they point into the returned string.
"""

from __future__ import annotations

import re

from reader.search.match import Match, Matcher
from reader.types import Span

__all__ = ["SNIPPET_MATCHES", "SNIPPET_WORDS", "make_snippet"]

SNIPPET_WORDS = 24
#: Matches of each term looked at when choosing where to cut (the first ones).
SNIPPET_MATCHES = 12
#: Words shown before the first match of the excerpt.
LEAD_WORDS = 6
#: Characters looked at for the lead words, and per word after the match.
LEAD_CHARS = 40 * LEAD_WORDS
REST_CHARS = 16
#: Matches this close (in characters) to the first one count as "together".
WINDOW_CHARS = 160
ELLIPSIS = "…"

_TEXT_RE = re.compile(r"\S")


def _best_anchor(matches: list[Match]) -> int:
    """Start of the match that begins the window holding the most different terms."""
    best_start, best_count = matches[0][0], 0
    inside: dict[str, int] = {}
    right = 0
    for start, _, key in matches:
        while right < len(matches) and matches[right][0] < start + WINDOW_CHARS:
            inside[matches[right][2]] = inside.get(matches[right][2], 0) + 1
            right += 1
        if len(inside) > best_count:
            best_start, best_count = start, len(inside)
        inside[key] -= 1
        if not inside[key]:
            del inside[key]
    return best_start


def _lead(body: str, anchor: int) -> tuple[list[str], bool]:
    """The words shown before ``anchor``, and whether any text comes before them."""
    low = max(0, anchor - LEAD_CHARS)
    before = body[low:anchor].rsplit(maxsplit=LEAD_WORDS)
    if len(before) > LEAD_WORDS:  # more words than are shown: the first part holds the rest
        return before[1:], True
    if low > 0 and before and not body[low - 1].isspace():
        before = before[1:]  # a piece of a word
    lead = before[-LEAD_WORDS:]
    earlier = len(before) > len(lead) or (low > 0 and _TEXT_RE.search(body, 0, low) is not None)
    return lead, earlier


def _rest(body: str, anchor: int, count: int) -> tuple[list[str], bool]:
    """``count`` words from ``anchor`` on, and whether any text comes after them."""
    high = anchor + REST_CHARS * count
    after = body[anchor:high].split(maxsplit=count)
    if len(after) <= count and high < len(body):
        after = body[anchor:].split(maxsplit=count)  # long words: read on to the end
    return after[:count], len(after) > count


def make_snippet(
    body: str, matches: list[Match], matcher: Matcher, known: int = 0
) -> tuple[str, tuple[Span, ...]]:
    """The excerpt of ``body`` around ``matches`` (its matches, in order) and its spans.

    ``matches`` hold every match of ``body`` that starts before ``known``
    (:meth:`Matcher.find_known`): an excerpt that is a piece of the body as it stands
    (whole words, one space between them) ending there takes its spans from them,
    not from a new search.
    """
    anchor = _best_anchor(matches) if matches else 0
    while anchor > 0 and not body[anchor - 1].isspace():
        anchor -= 1  # to the start of the whitespace-separated word ("“Kim" not "Kim")
    lead, earlier = _lead(body, anchor)
    rest, later = _rest(body, anchor, SNIPPET_WORDS - len(lead))
    if not lead and not rest:
        return "", ()
    words = " ".join(lead + rest)
    text = (ELLIPSIS if earlier else "") + words + (ELLIPSIS if later else "")
    start = anchor - (len(" ".join(lead)) + 1 if lead else 0)
    end = start + len(words)
    whole = (start == 0 or body[start - 1].isspace()) and (end == len(body) or body[end].isspace())
    if end <= known and whole and body[start:end] == words:
        shift = start - (len(ELLIPSIS) if earlier else 0)
        spans = ((s - shift, e - shift) for s, e, _ in matches if start <= s < end)
        return text, tuple(spans)
    return text, tuple(matcher.spans(text))
