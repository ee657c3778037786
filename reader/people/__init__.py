"""The people each article mentions (see ``reader.people.extract``).

The finder and its name lists load on first use of these names, not with the package:
the store imports :mod:`reader.people.mentions` when the app starts, and the lists take
some 20 ms to read, which the first screen does not need."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.people.extract import (
        PersonMention,
        find_people,
        initial_of,
        name_key,
        needs_context,
        surname_of,
        without_middle_initials,
    )

__all__ = [
    "PersonMention",
    "find_people",
    "initial_of",
    "name_key",
    "needs_context",
    "surname_of",
    "without_middle_initials",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reader.people import extract

        return getattr(extract, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
