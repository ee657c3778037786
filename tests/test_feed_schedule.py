"""When a feed is fetched next, what its answer's headers ask for, and when its stored URL
follows a permanent redirect."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from reader.feeds.schedule import (
    next_fetch,
    parse_cache_control,
    parse_retry_after,
    take_redirect,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
STAMP = "2026-03-01T12:00:00.000000+00:00"  # NOW as stored
HOUR = 3600.0
DAY = 24 * HOUR


class Fixed:
    """A random source that always says the same."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


def delay(rng: Fixed | None = None, **given: object) -> float:
    args: dict[str, object] = {
        "interval_minutes": 60,
        "ttl_minutes": None,
        "max_age": None,
        "retry_after": None,
        "failures": 0,
        **given,
    }
    when = next_fetch(NOW, rng=rng or Fixed(0.0), **args)  # type: ignore[arg-type]
    return (when - NOW).total_seconds()


def test_the_users_interval_is_the_floor() -> None:
    assert delay() == HOUR
    assert delay(ttl_minutes=30, max_age=600.0) == HOUR
    assert delay(interval_minutes=3 * 24 * 60) == 3 * DAY  # the user's own: no cap


@pytest.mark.parametrize(
    ("given", "seconds"),
    [
        ({"ttl_minutes": 180}, 3 * HOUR),
        ({"max_age": 7200.0}, 2 * HOUR),
        ({"ttl_minutes": 180, "max_age": 4 * HOUR}, 4 * HOUR),
        ({"ttl_minutes": 60 * 24 * 365}, DAY),  # a feed cannot silence itself for a year
        ({"max_age": 10 * DAY}, DAY),
    ],
)
def test_the_feed_and_its_cache_headers_can_ask_for_longer(
    given: dict[str, object], seconds: float
) -> None:
    assert delay(**given) == seconds


def test_failures_back_off_exponentially_up_to_a_day() -> None:
    assert [delay(interval_minutes=30, failures=n) for n in range(6)] == [
        0.5 * HOUR,
        0.5 * HOUR,
        HOUR,
        2 * HOUR,
        4 * HOUR,
        8 * HOUR,
    ]
    assert delay(interval_minutes=30, failures=7) == DAY  # 32 h, capped
    assert delay(interval_minutes=1, failures=100) == 64 * 60.0  # at most 64 times


def test_retry_after_wins_and_is_capped_at_30_days() -> None:
    assert delay(retry_after=5 * HOUR) == 5 * HOUR
    assert delay(retry_after=2 * DAY, failures=10) == 2 * DAY
    assert delay(retry_after=90 * DAY) == 30 * DAY
    assert delay(retry_after=10.0) == HOUR  # asking for less never shortens the interval


def test_jitter_adds_up_to_a_tenth_and_never_takes_away() -> None:
    assert delay(Fixed(0.999999), interval_minutes=100) == pytest.approx(110 * 60, rel=1e-5)
    assert delay(Fixed(0.5), retry_after=DAY) == 1.05 * DAY
    rng = random.Random(14)
    seen = [delay(rng, interval_minutes=60) for _ in range(200)]  # type: ignore[arg-type]
    assert min(seen) >= HOUR and max(seen) <= 1.1 * HOUR
    assert len(set(seen)) > 150  # feeds added together drift apart


def test_the_random_module_is_the_default_source() -> None:
    when = next_fetch(
        NOW, interval_minutes=60, ttl_minutes=None, max_age=None, retry_after=None, failures=0
    )
    assert NOW + timedelta(hours=1) <= when <= NOW + timedelta(hours=1.1)


OLD = "https://old.example/feed"
NEW = "https://new.example/feed"


def test_a_permanent_redirect_is_recorded_when_first_seen() -> None:
    assert take_redirect(NOW, None, None, NEW, 200) == (None, NEW, STAMP)


def test_the_url_switches_once_the_redirect_has_held_for_7_days() -> None:
    since = (NOW - timedelta(days=6, hours=23)).isoformat()
    assert take_redirect(NOW, since, NEW, NEW, 200) == (None, NEW, since)
    week = (NOW - timedelta(days=7)).isoformat()
    assert take_redirect(NOW, week, NEW, NEW, 200) == (NEW, None, None)


def test_a_different_target_starts_the_week_again() -> None:
    week = (NOW - timedelta(days=8)).isoformat()
    other = "https://other.example/feed"
    assert take_redirect(NOW, week, NEW, other, 200) == (None, other, STAMP)


@pytest.mark.parametrize("status", [404, 410])
def test_the_url_switches_at_once_when_the_old_one_is_gone(status: int) -> None:
    since = (NOW - timedelta(days=1)).isoformat()
    assert take_redirect(NOW, since, NEW, None, status) == (NEW, None, None)
    assert take_redirect(NOW, None, None, None, status) == (None, None, None)


@pytest.mark.parametrize("status", [200, 304, 500, None])
def test_a_fetch_without_a_permanent_redirect_clears_the_record(status: int | None) -> None:
    since = (NOW - timedelta(days=3)).isoformat()
    assert take_redirect(NOW, since, NEW, None, status) == (None, None, None)


def test_a_damaged_or_naive_record_does_not_break_it() -> None:
    assert take_redirect(NOW, "yesterday", NEW, NEW, 200) == (None, NEW, STAMP)
    naive = (NOW - timedelta(days=8)).replace(tzinfo=None).isoformat()
    assert take_redirect(NOW, naive, NEW, NEW, 301) == (NEW, None, None)


def test_retry_after_values() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("0", now) == 0.0
    assert parse_retry_after(" 3600 ", now) == 3600.0
    assert parse_retry_after("99999999", now) == 30 * 24 * 3600.0
    assert parse_retry_after("Thu, 01 Jan 2026 00:10:00 GMT", now) == 600.0
    assert parse_retry_after("Wed, 31 Dec 2025 00:00:00 GMT", now) == 0.0
    assert parse_retry_after("Fri, 01 Jan 2027 00:00:00 GMT", now) == 30 * 24 * 3600.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("-5", now) is None


def test_cache_lifetimes() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_cache_control({"Cache-Control": "public, max-age=600"}) == 600.0
    assert parse_cache_control({"cache-control": 'max-age="60", must-revalidate'}) == 60.0
    assert parse_cache_control({"cache-control": "max-age=soon"}) is None
    dated = {"Date": "Thu, 01 Jan 2026 00:00:00 GMT", "Expires": "Thu, 01 Jan 2026 01:00:00 GMT"}
    assert parse_cache_control(dated) == 3600.0
    assert parse_cache_control({"Expires": "Thu, 01 Jan 2026 00:30:00 GMT"}, now) == 1800.0
    assert parse_cache_control({"Expires": "0"}, now) == 0.0
    assert parse_cache_control({"Cache-Control": "no-cache"}) is None
    assert parse_cache_control({}) is None
