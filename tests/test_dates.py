"""Moments as the feed list and the feeds screen show them: a stored UTC time seen from
a fixed clock, relative when near, the local day when far, "never" when there is none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from reader.dates import local_minute, moment

AT = datetime(2026, 12, 3, 14, 30, tzinfo=UTC)


def ago(**delta: float) -> str:
    return (AT - timedelta(**delta)).isoformat()


def ahead(**delta: float) -> str:
    return (AT + timedelta(**delta)).isoformat()


@pytest.mark.parametrize(
    ("iso", "shown"),
    [
        (ago(seconds=0), "just now"),
        (ago(seconds=59), "just now"),
        (ago(minutes=1), "1 min ago"),
        (ago(minutes=12, seconds=59), "12 min ago"),
        (ago(minutes=59, seconds=59), "59 min ago"),
        (ago(hours=1), "1 h ago"),
        (ago(hours=3, minutes=50), "3 h ago"),
        (ago(hours=23, minutes=59), "23 h ago"),
        (ago(days=1), "1 d ago"),
        (ago(days=6, hours=23), "6 d ago"),
        (ahead(seconds=20), "in < 1 min"),
        (ahead(minutes=40, seconds=30), "in 40 min"),
        (ahead(hours=3, minutes=10), "in 3 h"),
        (ahead(days=2), "in 2 d"),
    ],
)
def test_a_near_moment_is_counted_from_now(iso: str, shown: str) -> None:
    assert moment(iso, AT) == shown


def test_a_far_moment_is_its_local_day_with_the_year_only_when_another() -> None:
    assert moment(ago(days=15), AT, tz=UTC) == "18 Nov"
    assert moment(ahead(days=40), AT, tz=UTC) == "12 Jan 2027"
    assert moment("2025-11-18T10:00:00+00:00", AT, tz=UTC) == "18 Nov 2025"
    # Late on the 18th in UTC is the 19th east of it.
    late = "2026-11-18T23:30:00+00:00"
    assert moment(late, AT, tz=timezone(timedelta(hours=2))) == "19 Nov"


def test_no_time_is_never_and_a_value_that_is_no_time_comes_back() -> None:
    assert moment(None, AT) == "never"
    assert moment("", AT) == "never"
    assert moment("last Tuesday", AT) == "last Tuesday"


def test_a_time_without_an_offset_is_utc_as_stored() -> None:
    assert moment("2026-12-03T14:18:00", AT) == "12 min ago"
    assert moment("2026-12-03T14:18:00", AT.replace(tzinfo=None)) == "12 min ago"


def test_overdue_names_a_moment_already_past() -> None:
    assert moment(ago(minutes=5), AT, overdue="due now") == "due now"
    assert moment(ahead(minutes=5), AT, overdue="due now") == "in 5 min"


def test_without_a_clock_the_moment_is_seen_from_now() -> None:
    recent = (datetime.now(UTC) - timedelta(minutes=3, seconds=10)).isoformat()
    assert moment(recent) in ("3 min ago", "4 min ago")


def test_local_minute_is_the_local_time_to_the_minute() -> None:
    assert local_minute("2026-12-03T14:05:59+00:00", UTC) == "2026-12-03 14:05"
    assert local_minute("2026-12-03T23:05:00+00:00", timezone(timedelta(hours=2))) == (
        "2026-12-04 01:05"
    )
    assert local_minute("soon") == "soon"
