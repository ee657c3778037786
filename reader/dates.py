"""Dates as people read them: ``2022-01-25`` as ``25 January 2022`` or ``25 Jan 2022``,
and a stored time as a short moment from now (``12 min ago``, ``in 3 h``, ``never``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

LONG = "%B %Y"
SHORT = "%b %Y"

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
#: Further from now than this, a moment is the day it falls on, not a count of days.
WEEK = 7 * DAY


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


def _parsed(iso: str) -> datetime | None:
    """A stored time; one without an offset is UTC, as the reader stores them."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def moment(
    iso: str | None,
    at: datetime | None = None,
    *,
    overdue: str | None = None,
    tz: tzinfo | None = None,
) -> str:
    """A stored time (ISO 8601) as a short moment seen from ``at`` (now by default):
    ``just now``, ``12 min ago``, ``3 h ago``, ``2 d ago``; ``in < 1 min``, ``in 40 min``,
    ``in 3 h``, ``in 2 d``; a week or more away, the day in local time (``tz``, else
    this machine's): ``18 Nov``, or ``18 Nov 2025`` in another year. Counts are whole
    units, rounded down. None or "" is ``never``; a value that is no time comes back as
    it is. ``overdue`` names any moment already past (a next fetch that is due)."""
    if not iso:
        return "never"
    when = _parsed(iso)
    if when is None:
        return iso
    seen_from = at if at is not None else datetime.now(UTC)
    if seen_from.tzinfo is None:
        seen_from = seen_from.replace(tzinfo=UTC)
    seconds = int((when - seen_from).total_seconds())
    if seconds < 0 and overdue is not None:
        return overdue
    span = abs(seconds)
    if span >= WEEK:
        local, today = when.astimezone(tz), seen_from.astimezone(tz)
        day = f"{local.day} {local:%b}"
        return day if local.year == today.year else f"{day} {local.year}"
    if span < MINUTE:
        return "in < 1 min" if seconds > 0 else "just now"
    if span < HOUR:
        count = f"{span // MINUTE} min"
    elif span < DAY:
        count = f"{span // HOUR} h"
    else:
        count = f"{span // DAY} d"
    return f"in {count}" if seconds > 0 else f"{count} ago"


def local_minute(iso: str, tz: tzinfo | None = None) -> str:
    """A stored time in local time (``tz``, else this machine's), to the minute:
    ``2026-12-03 14:05``; a value that is no time comes back as it is."""
    when = _parsed(iso)
    return iso if when is None else when.astimezone(tz).strftime("%Y-%m-%d %H:%M")
