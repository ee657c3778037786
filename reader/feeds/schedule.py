"""When to fetch a feed next, and when a moved feed's stored URL follows it: pure
functions of what the last fetch said, so the refresh can store their answers as they are.

:func:`parse_retry_after` and :func:`parse_cache_control` read how long an answer asks
us to wait, or may be reused, from its headers.

:func:`next_fetch` honours the largest of the user's interval, the feed's ``<ttl>``, the
answer's cache lifetime and a server's ``Retry-After``; it backs off after failures and
adds a little jitter so that feeds added together do not stay in step.
:func:`take_redirect` keeps the record of a permanent redirect until it has held for a
week (or the old URL is gone) and then says to switch.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = [
    "MAX_RETRY_AFTER",
    "REDIRECT_HOLDS",
    "next_fetch",
    "parse_cache_control",
    "parse_retry_after",
    "take_redirect",
]

DAY = 24 * 3600.0
#: The longest a server's ``Retry-After`` keeps us away.
MAX_RETRY_AFTER = 30 * DAY
#: How long a permanent redirect must hold before the stored URL follows it.
REDIRECT_HOLDS = timedelta(days=7)
#: Jitter adds up to this share of the delay.
JITTER = 0.10
#: Backoff doubles the interval for each failure in a row, up to 2**6 times.
MAX_DOUBLINGS = 6


class Random(Protocol):
    """What :func:`next_fetch` needs of a random source (the ``random`` module will do)."""

    def random(self) -> float: ...


def next_fetch(
    now: datetime,
    *,
    interval_minutes: int,
    ttl_minutes: int | None,
    max_age: float | None,
    retry_after: float | None,
    failures: int,
    rng: Random = random,
) -> datetime:
    """The time to fetch the feed next.

    The delay is the largest of the user's ``interval_minutes``, the feed's
    ``ttl_minutes`` and the answer's ``max_age`` (seconds), the last two at most a day
    each, so a feed cannot silence itself for long. After ``failures`` in a row, the
    interval doubles per failure (at most 64 times), up to a day. A ``retry_after``
    (seconds, at most 30 days) wins over all of these. Up to 10% of the delay is added
    at random, never taken away, so a server's wish is always honoured.
    """
    interval = max(interval_minutes, 0) * 60.0
    delay = interval
    if ttl_minutes is not None:
        delay = max(delay, min(ttl_minutes * 60.0, DAY))
    if max_age is not None:
        delay = max(delay, min(max_age, DAY))
    if failures > 0:
        backoff = interval * 2 ** min(failures - 1, MAX_DOUBLINGS)
        delay = max(delay, min(backoff, DAY))
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    delay = max(delay, 0.0)
    return now + timedelta(seconds=delay * (1 + JITTER * rng.random()))


def take_redirect(
    now: datetime,
    old_since: str | None,
    old_target: str | None,
    moved_to: str | None,
    status_of_old: int | None,
) -> tuple[str | None, str | None, str | None]:
    """What a fetch means for a feed's URL: ``(new_url, redirect_url, redirect_since)``.

    ``old_target`` and ``old_since`` are the redirect recorded before this fetch (its
    target, and when it was first seen, ISO); ``moved_to`` is the permanent target this
    fetch was sent to (``Fetched.moved_to``), ``status_of_old`` the status it ended with.

    - A permanent redirect is recorded with the time it was first seen; a different
      target starts the week again. Once the same redirect has held for 7 days,
      ``new_url`` is its target and the record is cleared.
    - If the feed's URL answers 404 or 410 while a redirect is on record, the feed
      follows it at once.
    - A fetch with no permanent redirect (and no such failure) clears the record.
    """
    if moved_to is not None:
        since = _when(old_since) if moved_to == old_target else None
        if since is None:  # new (or its record is unreadable): the week starts now
            return None, moved_to, now.isoformat(timespec="microseconds")
        if now - since >= REDIRECT_HOLDS:
            return moved_to, None, None
        return None, moved_to, old_since
    if status_of_old in (404, 410) and old_target:
        return old_target, None, None
    return None, None, None


def _when(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_retry_after(value: str, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (seconds, or an HTTP date), counted
    from ``now``, never negative and at most 30 days; None if it says nothing usable."""
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    when = _http_date(value)
    if when is None:
        return None
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER)


def parse_cache_control(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds the answer may be reused: ``Cache-Control: max-age``, else ``Expires``
    minus ``Date`` (or ``now``). An ``Expires`` that is not a date means already
    expired (0). None when neither is given."""
    lower = {k.lower(): v for k, v in headers.items()}
    for directive in lower.get("cache-control", "").split(","):
        name, _, number = directive.strip().partition("=")
        if name.strip().lower() == "max-age":
            number = number.strip().strip('"')
            return float(number) if number.isdigit() else None
    if "expires" not in lower:
        return None
    expires = _http_date(lower["expires"])
    if expires is None:
        return 0.0
    date = _http_date(lower.get("date", "")) or now or datetime.now(UTC)
    return max((expires - date).total_seconds(), 0.0)


def _http_date(value: str) -> datetime | None:
    # Only an Expires or a Retry-After date needs email's parser (3 ms of imports that
    # came before a refresh's first request).
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
