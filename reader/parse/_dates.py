"""Dates as articles write them ("2022-01-25", "January 25, 2022", "Jan. 25, 2022"),
read as ISO ``YYYY-MM-DD``; a date that names no real day gives none."""

from __future__ import annotations

import datetime
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
_DATE = (
    rf"{_WEEKDAY}(?:"
    r"(?P<y1>\d{4})(?P<sep>[-/])(?P<m1>\d{1,2})(?P=sep)(?P<d1>\d{1,2})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m3>{_MONTH})\.?,?\s+(?P<y3>\d{{4}})"
    r")(?!\d)"
)
_DATE_AT_START = re.compile(_DATE, re.IGNORECASE | re.ASCII)
_DATE_LINE = re.compile(
    rf"\s*(?:date|dated|published|updated|posted)(?:\s*:\s*|\s+)(?P<date>{_DATE})(?P<rest>.*)",
    re.IGNORECASE | re.ASCII,
)
# A time after the date ("T10:00:00Z", " 10:32 GMT", ", 3.15 pm").
_TIME = re.compile(
    r"(?:T|\s*(?:,\s*)?(?:at\s+)?)\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*[ap]\.?m\.?)?(?:\s*(?:Z|UTC|GMT|BST|[ECMP][SD]T|CES?T|[+-]\d{2}:?\d{2}))?",
    re.IGNORECASE,
)
_LABEL_SEPARATORS = " \t|·•,;:–—-"


def _iso_date(m: re.Match[str]) -> str | None:
    """The ISO date a ``_DATE`` match names, or None if no such day exists."""
    if m["y1"]:
        year, month, day = int(m["y1"]), int(m["m1"]), int(m["d1"])
    elif m["y2"]:
        year, month, day = int(m["y2"]), _MONTHS[m["m2"][:3].lower()], int(m["d2"])
    else:
        year, month, day = int(m["y3"]), _MONTHS[m["m3"][:3].lower()], int(m["d3"])
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _date_from_value(value: str) -> str | None:
    """The ISO date a front-matter value starts with, if it is a real date."""
    m = _DATE_AT_START.match(value.strip())
    return _iso_date(m) if m else None
