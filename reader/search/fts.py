"""Writing FTS5 ``MATCH`` expressions from terms, never from raw user text.

This module owns the only place where query syntax for SQLite is made. Every
term is put in double quotes (a ``"`` inside doubled), so whatever the user
typed (``NEAR``, ``*``, ``:``, ``^``, brackets, ``AND``) is a string to look
for, not an operator. Terms come from :func:`reader.terms.words`, so
they are already single words of the index.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["all_of", "any_of", "in_column", "phrase", "prefix", "quote", "without"]


def quote(term: str) -> str:
    """``term`` as an FTS5 string: ``"kim"``; ``say"hi`` becomes ``"say""hi"``.

    A NUL character would end the expression early in SQLite's C code: it is dropped.
    """
    return '"' + term.replace("\x00", "").replace('"', '""') + '"'


def prefix(term: str) -> str:
    """Words starting with ``term``: ``"kard" *``."""
    return quote(term) + " *"


def phrase(terms: Sequence[str], last_is_prefix: bool = False) -> str:
    """These words in this order: ``"speaking terms"`` (the last may be a prefix)."""
    text = quote(" ".join(terms))
    return text + " *" if last_is_prefix else text


def any_of(parts: Sequence[str]) -> str:
    """``(a OR b OR c)``; one part stays as it is."""
    if len(parts) == 1:
        return parts[0]
    return "(" + " OR ".join(parts) + ")"


def all_of(parts: Sequence[str]) -> str:
    """``a AND b AND c``."""
    return " AND ".join(parts)


def in_column(column: str, expression: str) -> str:
    """Restrict ``expression`` to one column: ``author : ("erik" OR "eric")``."""
    return f"{column} : ({expression})"


def without(expression: str, excluded: Sequence[str]) -> str:
    """``(expression) NOT (x OR y)``; nothing to exclude leaves it as it is."""
    if not excluded:
        return expression
    return f"({expression}) NOT {any_of(excluded)}"
