"""Dates as people read them: ``2022-01-25`` as ``25 January 2022`` or ``25 Jan 2022``."""

from __future__ import annotations

from datetime import UTC, date, datetime

LONG = "%B %Y"
SHORT = "%b %Y"


def day_month_year(iso: str | None, month_year: str = LONG) -> str:
    """An ISO date written out; an unparsable value comes back as it is, None as ""."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:{month_year}}"


def now() -> str:
    """The time now, as stored: ISO 8601 in UTC, to the microsecond."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
