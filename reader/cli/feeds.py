"""The ``reader`` command's feed commands: ``feed add|list|remove|rename|set``,
``refresh``, ``opml import|export`` and ``add-url``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reader.clean import clean_line, clean_path
from reader.cli.output import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, fail, print_json, print_rows, say
from reader.core import Store
from reader.dates import local_minute, moment
from reader.types import Feed, RefreshReport


def cmd_feed(store: Store, args: argparse.Namespace) -> int:
    action = args.feed_command
    if action == "add":
        return _add(store, args)
    if action == "list":
        print_rows(store.feeds(), args.json, Feed.to_json, _feed_lines)
        return EXIT_OK
    if action == "remove":
        return _remove(store, args)
    if action == "rename":
        feed = store.rename_feed(args.feed, args.title)
        print(f"{clean_line(feed.url)} is now called {feed.name}")
        return EXIT_OK
    feed = store.set_feed_options(args.feed, interval_minutes=args.interval, fulltext=args.fulltext)
    print(_feed_lines(feed))
    return EXIT_OK


def _add(store: Store, args: argparse.Namespace) -> int:
    from reader.errors import FeedNotFound

    try:
        known = store.feed(args.url.strip())
    except FeedNotFound:
        pass
    else:
        say(f"already subscribed to {known.name} ({known.url}); `reader refresh` fetches it")
        return EXIT_OK
    with _bar(args, "Subscribing") as bar:
        feed, report = store.subscribe(
            args.url, title=args.title, folder=args.folder, progress=bar.update if bar else None
        )
    if args.json:
        print_json({"feed": feed.to_json(), "refresh": _report_json(report)})
    else:
        print(f"subscribed to {feed.name} ({clean_line(feed.url)})")
        _print_report(report)
    return EXIT_SKIPPED if report.failed else EXIT_OK


def _remove(store: Store, args: argparse.Namespace) -> int:
    feed, gone, kept = store.feed_removal(args.feed)
    what = f"{feed.name}: {gone} article{'s' if gone != 1 else ''} removed"
    if kept:
        what += f", {kept} kept (bookmarked or annotated)"
    if not args.yes:
        if not sys.stdin.isatty():
            return fail(f"{what}; give --yes to remove it", EXIT_USAGE)
        answer = input(f"Unsubscribe from {what}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            say("nothing removed")
            return EXIT_SKIPPED
    removed, kept = store.remove_feed(str(feed.id))
    print(f"unsubscribed from {feed.name}: {removed} removed, {kept} kept")
    return EXIT_OK


def cmd_refresh(store: Store, args: argparse.Namespace) -> int:
    feeds: list[str | int] | None = list(args.feeds) or None
    if feeds is None and args.all:
        feeds = [feed.id for feed in store.feeds() if not feed.dead]
    if feeds is None and not store.feeds():
        say("no feeds yet: `reader feed add URL` subscribes to one")
        return EXIT_OK
    with _bar(args, "Refreshing") as bar:
        report = store.refresh_feeds(feeds, progress=bar.update if bar else None)
    if args.json:
        print_json(_report_json(report))
    else:
        _print_report(report)
    return EXIT_SKIPPED if report.failed else EXIT_OK


def _print_report(report: RefreshReport) -> None:
    for issue in report.issues:
        print(issue, file=sys.stderr)
    print(report.summary())


def _report_json(report: RefreshReport) -> dict[str, object]:
    return {
        "fetched": report.fetched,
        "not_modified": report.not_modified,
        "failed": report.failed,
        "new": report.new,
        "updated": report.updated,
        "issues": [
            {"feed": issue.feed, "reason": issue.reason, "failed": issue.failed}
            for issue in report.issues
        ],
    }


def cmd_opml(store: Store, args: argparse.Namespace) -> int:
    if args.opml_command == "export":
        text = store.export_opml()
        if args.output:
            from reader.cli.output import write_whole

            return write_whole(Path(args.output), text)
        sys.stdout.write(text)
        return EXIT_OK
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return fail(f"{clean_path(path)}: cannot read ({exc.strerror or exc})", EXIT_USAGE)
    try:
        added, present = store.import_opml(data)
    except Exception as exc:
        from reader.errors import FeedError

        if isinstance(exc, FeedError):
            return fail(f"{clean_path(path)}: {exc}", EXIT_USAGE)
        raise
    print(
        f"{len(added)} feed{'s' if len(added) != 1 else ''} added, {present} already there; "
        "`reader refresh` fetches them"
    )
    return EXIT_OK


def cmd_add_url(store: Store, args: argparse.Namespace) -> int:
    article_id, added = store.add_url(args.url)
    if args.json:
        print_json(store.article(article_id).to_json())
        return EXIT_OK
    article = store.article(article_id)
    print(f"{'saved' if added else 'updated'} {article_id}  {clean_line(article.title)}")
    return EXIT_OK


def cmd_fulltext(store: Store, args: argparse.Namespace) -> int:
    article = store.fetch_fulltext(args.id)
    print(
        f"{article.id}  {clean_line(article.title)}: {article.words:,} words from "
        f"{clean_line(article.fulltext_url or '')} (reader show {article.id})"
    )
    return EXIT_OK


def _feed_lines(feed: Feed) -> str:
    state = "dead" if feed.dead else "ok" if not feed.last_error else "failing"
    counts = f"{feed.articles} articles, {feed.unread} unread"
    lines = [f"{feed.id:>4}  {feed.name}  ({counts}, {state})"]
    lines.append(f"      {clean_line(feed.url)}")
    lines.append(f"      last fetched {_when(feed.last_success)}")
    after = "never (gone)" if feed.dead else _when(feed.next_fetch, overdue="due now")
    lines.append(f"      next fetch {after}")
    if feed.last_error:
        lines.append(f"      error: {clean_line(feed.last_error)} ({feed.failures} in a row)")
    if feed.redirect_url:
        lines.append(f"      moving to {clean_line(feed.redirect_url)}")
    return "\n".join(lines)


def _when(iso: str | None, overdue: str | None = None) -> str:
    """A stored time as a moment from now, with the local time to the minute after it:
    ``12 min ago (2026-12-03 14:05)``; ``never`` when there is none."""
    if not iso:
        return moment(iso)
    return f"{clean_line(moment(iso, overdue=overdue))} ({clean_line(local_minute(iso))})"


class _NoBar:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _bar(args: argparse.Namespace, label: str) -> Any:
    """A progress bar on a terminal (none with ``--json`` or ``--quiet``)."""
    if getattr(args, "json", False) or getattr(args, "quiet", False) or not sys.stderr.isatty():
        return _NoBar()
    from reader.progress import ImportProgress

    return ImportProgress(label)
