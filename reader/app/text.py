"""Turning stored article text into safe, typeset Rich ``Text`` for the screen.

Article text is untrusted: it is cleaned again here (escape sequences, control
and bidi characters) and only ever wrapped in ``Text`` objects, never parsed as
markup, so ``[@click=app.quit]`` in an article is shown and does nothing. What
Rich would measure differently from a terminal is made to agree: the invisible
characters it measures otherwise (Hangul fillers, noncharacters) are removed by the
cleaning, and a joiner outside an emoji is swapped (:func:`on_screen`).
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text

from reader.clean import clean_line, clean_text
from reader.dates import LONG, SHORT, day_month_year

WORDS_PER_MINUTE = 230

# Emoji and the symbols that take part in emoji sequences (Extended_Pictographic,
# roughly), and what may stand between one and a joiner (VS16, skin tones are in it).
_PICTOGRAPH = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21ff\u2300-\u23ff\u24c2"
    "\u25aa-\u27bf\u2934\u2935\u2b00-\u2bff\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
# A zero-width joiner outside an emoji sequence (👨‍👩‍👧): Rich measures it as
# joining the next character into the one before, so that "a\u200db" would take one
# cell on the screen's map and two on a real terminal, and the row after it would
# be pushed out of line.
_LONE_JOINER = re.compile(f"(?<![{_PICTOGRAPH}\ufe0f])\u200d|\u200d(?![{_PICTOGRAPH}])")
_WORD_JOINER = "\u2060"


def on_screen(text: str) -> str:
    """``text`` as the screen gets it: a zero-width joiner that joins no emoji becomes a
    word joiner (as invisible, and measured alike by Rich and terminals). One character
    for one, so offsets into ``text`` still hold."""
    if "\u200d" not in text:
        return text
    return _LONE_JOINER.sub(_WORD_JOINER, text)


def editable(text: str) -> str:
    """Untrusted text as a box the user edits holds it: cleaned and as the screen gets it,
    like :func:`paragraph_text`, but with its ends kept (it is being typed)."""
    return on_screen(clean_text(text))


def editable_line(text: str) -> str:
    """Untrusted text as a one-line box the user edits holds it: :func:`editable`, with
    line breaks as spaces."""
    return editable(text).replace("\n", " ")


def line_text(text: str | None) -> str:
    """One line of untrusted text, cleaned, as the screen gets it."""
    return on_screen(clean_line(text or ""))


def paragraph_text(text: str) -> str:
    """One paragraph of untrusted text, cleaned, as the screen gets it."""
    return on_screen(clean_text(text).strip())


def plain(text: str | None, style: str | Style = "") -> Text:
    """A ``Text`` of one cleaned line; never markup."""
    return Text(line_text(text), style=style, end="")


def paragraph(text: str, style: str = "") -> Text:
    """A ``Text`` of one cleaned paragraph; never markup."""
    return Text(paragraph_text(text), style=style, end="")


def reading_time(words: int) -> str:
    minutes = max(1, round(words / WORDS_PER_MINUTE))
    return f"{minutes} min"


def short_date(iso: str | None) -> str:
    """``2022-01-25`` as ``25 Jan 2022``; an unparsable value is shown as it is."""
    return clean_line(day_month_year(iso, SHORT))


def long_date(iso: str | None) -> str:
    """``2022-01-25`` as ``25 January 2022``."""
    return clean_line(day_month_year(iso, LONG))
