"""Turning stored article text into safe, typeset Rich ``Text`` for the screen.

Article text is untrusted: it is cleaned again here (escape sequences, control
and bidi characters) and only ever wrapped in ``Text`` objects, never parsed as
markup, so ``[@click=app.quit]`` in an article is shown and does nothing.
"""

from __future__ import annotations

from rich.text import Text

from reader.clean import clean_line, clean_text
from reader.dates import LONG, SHORT, day_month_year

WORDS_PER_MINUTE = 230


def plain(text: str | None, style: str = "") -> Text:
    """A ``Text`` of one cleaned line; never markup."""
    return Text(clean_line(text or ""), style=style, end="")


def paragraph(text: str, style: str = "") -> Text:
    """A ``Text`` of one cleaned paragraph; never markup."""
    return Text(clean_text(text).strip(), style=style, end="")


def reading_time(words: int) -> str:
    minutes = max(1, round(words / WORDS_PER_MINUTE))
    return f"{minutes} min"


def short_date(iso: str | None) -> str:
    """``2022-01-25`` as ``25 Jan 2022``; an unparsable value is shown as it is."""
    return clean_line(day_month_year(iso, SHORT))


def long_date(iso: str | None) -> str:
    """``2022-01-25`` as ``25 January 2022``."""
    return clean_line(day_month_year(iso, LONG))
