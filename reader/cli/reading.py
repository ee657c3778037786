"""``reader mark-read`` and ``reader mark-unread``: read state from the command line."""

from __future__ import annotations

import argparse

from reader.cli.output import EXIT_OK, EXIT_USAGE, fail
from reader.core import Store

#: Results marked in one round of ``mark-read --query`` (a search gives at most this many).
_ROUND = 1_000


def cmd_mark(store: Store, args: argparse.Namespace) -> int:
    read = args.command == "mark-read"
    word = "read" if read else "unread"
    ids: list[str] = list(args.ids)
    if read and args.all:
        if ids or args.query is not None:
            return fail("mark-read: give article ids, --all or --query, one of them", EXIT_USAGE)
        changed = store.mark_all_read()
    elif read and args.query is not None:
        if ids:
            return fail("mark-read: give article ids, --all or --query, one of them", EXIT_USAGE)
        if not args.query.strip():
            return fail("mark-read: the query is empty: give words to search for", EXIT_USAGE)
        changed = _mark_query_read(store, args.query)
    elif not ids:
        what = "article ids, --all or --query" if read else "article ids"
        return fail(f"mark-{word}: give {what}", EXIT_USAGE)
    else:
        changed = store.set_read(ids, read)
    print(f"{changed} article{'' if changed == 1 else 's'} marked {word}")
    return EXIT_OK


def _mark_query_read(store: Store, query: str) -> int:
    """Mark read every article the query finds: the unread ones among its results, a
    search's worth at a time, until none is left (a search returns at most 1,000)."""
    changed = 0
    while True:
        hits = store.search(f"{query} is:unread", limit=_ROUND)
        done = store.set_read([hit.summary.id for hit in hits], True)
        changed += done
        if len(hits) < _ROUND or not done:
            return changed
