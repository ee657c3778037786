"""The ``reader`` command's commands, one ``cmd_*`` function each: given the open store
and the parsed arguments, they print and return the exit code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.clean import clean_line, clean_path, clean_text
from reader.cli.feeds import cmd_add_url, cmd_feed, cmd_fulltext, cmd_opml, cmd_refresh
from reader.cli.output import (
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    fail,
    json_text,
    print_json,
    print_rows,
    say,
    write_whole,
)
from reader.cli.reading import cmd_mark
from reader.core import Store
from reader.errors import BrowserError, StoreError
from reader.links import article_links, open_in_browser
from reader.types import ArticleSummary, Bookmark, Note, Person, SearchHit


def cmd_ingest(store: Store, args: argparse.Namespace) -> int:
    show_bar = sys.stderr.isatty() and not args.quiet
    try:
        if show_bar:
            from reader.progress import ImportProgress

            with ImportProgress() as bar:
                report = store.import_files(args.paths, progress=bar.update)
        else:
            report = store.import_files(args.paths)
    except StoreError as exc:
        what = "the import stopped; what it wrote is kept, and running it again finishes it"
        return fail(f"{exc} ({what})", EXIT_SKIPPED)
    for issue in report.issues:
        print(issue, file=sys.stderr)
    print(report.summary())
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def cmd_list(store: Store, args: argparse.Namespace) -> int:
    if args.person:
        ids = [person.id for person in store.resolve_people(args.person)]
        summaries = store.person_page(ids, 0, store.person_count(ids))
        if args.unread:
            summaries = [s for s in summaries if not s.read]
        summaries = summaries[: args.limit] if args.limit else summaries
    elif args.unread:
        summaries = store.unread_page(0, args.limit or store.unread_count())
    else:
        summaries = store.page(0, args.limit or store.count())
    print_rows(summaries, args.json, ArticleSummary.to_json, _summary_line)
    return EXIT_OK


def _summary_line(summary: ArticleSummary) -> str:
    byline = summary.author or summary.source
    title = clean_line(summary.title)
    return f"{summary.id}  {summary.date or '          '}  {title}  ({clean_line(byline)})"


def cmd_search(store: Store, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    results = store.search_results(query, limit=args.limit) if query.strip() else None
    hits = list(results.hits) if results is not None else []
    print_rows(hits, args.json, _hit_json, _hit_lines)
    if hits:
        return EXIT_OK
    # Like grep: nothing found is exit 1, with one line a person reads and a script ignores.
    if results is not None:
        why = "".join(f"; no {kind} is named {name!r}" for kind, name in results.query.unmatched)
        say(f"no articles match {query!r}{why}")
    else:
        say("the query is empty: give words to search for")
    return EXIT_SKIPPED


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "id": hit.summary.id,
        "title": hit.summary.title,
        "date": hit.summary.date,
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
    }


def _hit_lines(hit: SearchHit) -> str:
    date = hit.summary.date or "          "
    line = f"{hit.summary.id}  {date}  {clean_line(hit.summary.title)}"
    return f"{line}\n    {clean_line(hit.snippet)}" if hit.snippet else line


def cmd_show(store: Store, args: argparse.Namespace) -> int:
    article = store.article(args.id)
    # Who the article names, with the user's renames, merges and aliases applied.
    people = store.article_people(article.id)
    if args.json:
        data = article.to_json()
        data["people"] = [{"name": p.name, "mentions": n} for p, n in people]
        print_json(data)
        return EXIT_OK
    lines = [article.title]
    if article.dek:
        lines.append(article.dek)
    meta = " · ".join(
        x for x in (article.label, article.date, article.author, article.author_role) if x
    )
    if meta:
        lines.append(meta)
    if people:
        lines.append("People: " + " · ".join(f"{p.name} ({n})" for p, n in people))
    if len(article.paths) > 1:  # the same bytes in several files: one article
        first, *others = article.paths
        lines.append(f"Files: {first}")
        lines.extend(f"       {path}" for path in others)
    lines.append("")
    lines.extend(p + "\n" for p in article.paragraphs)
    if article.author_bio:
        lines.append(article.author_bio)
    print(clean_text("\n".join(lines)).rstrip())
    return EXIT_OK


def cmd_open(store: Store, args: argparse.Namespace) -> int:
    """Open the article's link N (0: its web page, else its file) in the browser, as the
    app's ``o`` and ``L`` do; back once the browser is started."""
    article = store.article(args.id)
    links = article_links(article)
    link = next((link for link in links if link.number == args.number), None)
    if link is None:
        numbers = [link.number for link in links if link.number]
        if args.number == 0:
            why = "has no web page and no file to open"
        elif numbers:
            why = f"has no link {args.number} (its links are numbered 1 to {numbers[-1]})"
        else:
            why = f"has no link {args.number} (its text links to nothing)"
        return fail(f"article {article.id} {why}", EXIT_SKIPPED)
    try:
        open_in_browser(link.url)
    except BrowserError as exc:
        return fail(f"{link.url} was not opened: {exc}", EXIT_SKIPPED)
    print(f"opened {clean_line(link.url)}")
    return EXIT_OK


def cmd_bookmark(store: Store, args: argparse.Namespace) -> int:
    on = args.command == "bookmark"
    full = store.resolve_id(args.id)
    store.set_bookmark(full, on)
    print(f"{'bookmarked' if on else 'unbookmarked'} {full}")
    return EXIT_OK


def cmd_bookmarks(store: Store, args: argparse.Namespace) -> int:
    marks = store.bookmarks()
    print_rows(marks, args.json, Bookmark.to_json, _bookmark_line)
    return EXIT_OK


def _bookmark_line(mark: Bookmark) -> str:
    title = clean_line(mark.summary.title) if mark.summary else "(article not in this database)"
    return f"{mark.article_id}  {mark.bookmarked_at[:10]}  {title}"


def cmd_note(store: Store, args: argparse.Namespace) -> int:
    if args.note_command == "add":
        note = store.add_note(args.id, args.text, quote=args.quote)
        if args.json:
            print_json(note.to_json())
        else:
            detached = " (the quote was not found in the article)" if note.detached else ""
            print(f"added note {note.id} to {note.article_id}{detached}")
        return EXIT_OK
    store.delete_note(args.note_id)
    print(f"deleted note {args.note_id}")
    return EXIT_OK


def cmd_notes(store: Store, args: argparse.Namespace) -> int:
    print_rows(store.notes(), args.json, Note.to_json, _note_lines)
    return EXIT_OK


def _note_lines(note: Note) -> str:
    title = clean_line(note.article_title or note.article_id)
    lines = [f"#{note.id}  {note.created[:10]}  {title}"]
    if note.quote:
        mark = " (detached)" if note.detached else ""
        lines.append(f"    > {clean_line(note.quote)}{mark}")
    lines.extend(f"    {line}" for line in clean_text(note.text).splitlines())
    return "\n".join(lines)


def cmd_export(store: Store, args: argparse.Namespace) -> int:
    if args.format == "md":
        # For reading and pasting into a notes app: cleaned like every plain-text output
        # (escape sequences and control characters dropped, tabs made spaces). An exact
        # copy, to read back with import-notes, is what --format json is for.
        text = clean_text(store.export_markdown())
    else:
        text = json_text(store.export_notes())
    if args.output:
        return write_whole(Path(args.output), text)
    sys.stdout.write(text)
    return EXIT_OK


def cmd_import_notes(store: Store, args: argparse.Namespace) -> int:
    try:
        added, updated, elsewhere, read = store.import_notes_file(args.file)
    except ValueError as exc:
        return fail(f"{clean_path(args.file)}: {exc}", EXIT_USAGE)
    kept = (
        f"; {elsewhere} of the file's notes and bookmarks are on articles not in this"
        " database (kept: they show once those articles are imported)"
        if elsewhere
        else ""
    )
    marked = f", {read} article{'' if read == 1 else 's'} marked read" if read else ""
    print(f"{added} added, {updated} updated (notes and bookmarks){marked}{kept}")
    return EXIT_OK


def cmd_people(store: Store, args: argparse.Namespace) -> int:
    action = args.people_command
    if action is None:
        return _list_people(store, args)
    if action == "merge":
        person = store.merge_people(args.source, args.target)
        source = clean_line(args.source)
        print(f"merged {source} into {clean_line(person.name)} ({_articles(person.articles)})")
    elif action == "rename":
        person = store.rename_person(args.old, args.new)
        print(f"renamed {clean_line(args.old)} to {clean_line(person.name)}")
    elif action == "alias":
        person = store.add_alias(args.person, args.alias)
        name = clean_line(person.name)
        print(f"{clean_line(args.alias)} is now {name} ({_articles(person.articles)})")
    elif action == "split":
        person = store.split_alias(args.alias)
        print(f"{clean_line(args.alias)} is no longer {clean_line(person.name)}")
    else:
        person = store.hide_person(args.name, hidden=action == "hide")
        print(f"{'hid' if person.hidden else 'unhid'} {clean_line(person.name)}")
    return EXIT_OK


def _list_people(store: Store, args: argparse.Namespace) -> int:
    if not store.read_only and store.people_pending():
        print("finding the people of articles stored before people were found ...", file=sys.stderr)
        store.update_people()
    found = store.people(include_hidden=args.all, limit=args.limit)
    print_rows(found, args.json, Person.to_json, _person_line)
    return EXIT_OK


def _person_line(person: Person) -> str:
    also = f"  (also: {clean_line(', '.join(person.aliases))})" if person.aliases else ""
    hidden = "  [hidden]" if person.hidden else ""
    return f"{person.articles:>6}  {clean_line(person.name)}{also}{hidden}"


def _articles(n: int) -> str:
    return f"{n} article{'' if n == 1 else 's'}"


#: The function of each command, by its name on the command line.
COMMANDS = {
    "feed": cmd_feed,
    "refresh": cmd_refresh,
    "opml": cmd_opml,
    "add-url": cmd_add_url,
    "fulltext": cmd_fulltext,
    "ingest": cmd_ingest,
    "list": cmd_list,
    "search": cmd_search,
    "show": cmd_show,
    "open": cmd_open,
    "bookmark": cmd_bookmark,
    "unbookmark": cmd_bookmark,
    "bookmarks": cmd_bookmarks,
    "mark-read": cmd_mark,
    "mark-unread": cmd_mark,
    "note": cmd_note,
    "notes": cmd_notes,
    "export": cmd_export,
    "import-notes": cmd_import_notes,
    "people": cmd_people,
}
