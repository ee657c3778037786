"""The ``reader`` command line: the app, ``ingest``, ``list`` and ``show``.

``reader`` alone opens the app. Output meant for scripts is stable JSON with
``--json``; errors are one line on stderr. Exit codes: 0 all well, 1 something
was skipped or not found (or the app stopped on an unexpected error), 2 a usage
error or an unusable database (not SQLite, damaged, from a newer version, busy,
or read-only for a command that writes).

Every byte written comes from the user's data cleaned (:mod:`reader.clean`) or
escaped: plain text is cleaned, error lines escape what they name, and JSON
writes each control character (C0, DEL, C1, the bidi controls and marks) as a
``\\uXXXX`` escape, so the data reads back exactly and no control reaches a terminal.
"""

from __future__ import annotations

import argparse
import errno
import functools
import gc
import itertools
import json
import os
import shlex
import sqlite3
import stat
import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path

from reader import __version__, paths
from reader.clean import clean_line, clean_path, clean_text, escape_json_controls
from reader.errors import ReaderError, StoreError
from reader.store import Store

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2
#: Commands that write to the database (``people`` too, when given an action).
WRITE_COMMANDS = {"ingest", "bookmark", "unbookmark", "note", "import-notes"}
#: Commands that may make the database they are given (None: the app).
CREATE_COMMANDS = {None, "ingest", "import-notes"}
#: Arguments that name files: any bytes are a valid path. Every other argument is text.
PATH_ARGUMENTS = {"db", "paths", "output", "file"}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="A terminal news reader. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"database file (default: ${paths.ENV_DB}, else {paths.default_db_path()})",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="what to do (none: open the app)"
    )
    command = functools.partial(_add_command, commands)

    ingest = command("ingest", "import article files and folders (.txt, .md)")
    ingest.add_argument(
        "paths", nargs="+", metavar="PATH", help="a file, or a folder to read whole"
    )
    ingest.add_argument(
        "--quiet", "-q", action="store_true", help="print only the summary and problems"
    )

    listing = command("list", "list articles, newest first")
    _add_json(listing)
    _add_limit(listing, "at most N articles")
    listing.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="NAME",
        help="only articles that mention this person (again: and this one too)",
    )

    search = command("search", "search the articles, best match first", free_words=True)
    search.add_argument(
        "query",
        nargs="*",
        metavar="QUERY",
        help='words, "a phrase", -word, author:NAME, ... (everything after -- is the query)',
    )
    _add_limit(search, "at most N results (default: 20)", default=20)
    _add_json(search)

    bookmark = command("bookmark", "bookmark an article")
    bookmark.add_argument("id", metavar="ID", help=_ARTICLE_ID)
    unbookmark = command("unbookmark", "remove an article's bookmark")
    unbookmark.add_argument("id", metavar="ID", help=_ARTICLE_ID)
    _add_json(command("bookmarks", "list bookmarked articles, newest first"))

    note = command("note", "add or delete a note")
    note_commands = note.add_subparsers(
        dest="note_command", metavar="ACTION", required=True, help="add or delete"
    )
    note_add = _add_command(note_commands, "add", "add a note to an article")
    note_add.add_argument("id", metavar="ID", help=_ARTICLE_ID)
    note_add.add_argument("text", metavar="TEXT", help="the note (Markdown is fine)")
    note_add.add_argument("--quote", metavar="TEXT", help="the passage of the article it is about")
    note_add.add_argument("--json", action="store_true", help="print the new note as JSON")
    note_delete = _add_command(note_commands, "delete", "delete a note")
    note_delete.add_argument(
        "note_id", metavar="NOTE_ID", type=_positive, help="its number, as `reader notes` shows it"
    )

    _add_json(command("notes", "list every note, newest first"))

    export = command("export", "write all bookmarks and notes")
    export.add_argument(
        "--format",
        choices=("md", "json"),
        default="md",
        help="md to read (the default), json to read back with import-notes",
    )
    export.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    import_notes = command(
        "import-notes", "read bookmarks and notes back from an export --format json file"
    )
    import_notes.add_argument("file", metavar="FILE.json", help="the file export wrote")

    people = command(
        "people", "list the people the articles mention, or edit them (merge, rename, ...)"
    )
    _add_json(people)
    people.add_argument("--all", action="store_true", help="hidden people too")
    _add_limit(people, "at most N people, most mentioned first")
    people_commands = people.add_subparsers(
        dest="people_command", metavar="ACTION", help="an edit (none: list the people)"
    )
    person = functools.partial(_add_command, people_commands)
    merge = person("merge", "make FROM and INTO one person, named INTO")
    merge.add_argument("source", metavar="FROM", help="the person to merge (a name or an alias)")
    merge.add_argument("target", metavar="INTO", help="the person to keep")
    rename = person("rename", "show a person under a new name")
    rename.add_argument("old", metavar="OLD", help="the person's name now")
    rename.add_argument("new", metavar="NEW", help="the name to show")
    alias = person("alias", "another name for a person (also found as a word in articles)")
    alias.add_argument("person", metavar="PERSON", help="the person")
    alias.add_argument("alias", metavar="ALIAS", help="the other name")
    split = person("split", "undo an alias or a merge")
    split.add_argument("alias", metavar="ALIAS", help="the alias, or the name that was merged")
    hide = person("hide", "leave a person out of lists and filters")
    hide.add_argument("name", metavar="NAME", help="the person")
    unhide = person("unhide", "show a hidden person again")
    unhide.add_argument("name", metavar="NAME", help="the person")

    show = command("show", "print one article")
    show.add_argument("id", metavar="ID", help=_ARTICLE_ID)
    show.add_argument("--json", action="store_true", help="a JSON object, for scripts")
    return parser


_ARTICLE_ID = "an article id, or a unique start of one"


def _add_command(
    commands: argparse._SubParsersAction, name: str, summary: str, **options
) -> argparse.ArgumentParser:
    """A subcommand whose one line shows both in the list of commands and atop its --help."""
    return commands.add_parser(name, help=summary, description=summary, **options)


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON array, for scripts")


def _add_limit(parser: argparse.ArgumentParser, what: str, default: int | None = None) -> None:
    parser.add_argument("--limit", type=_positive, default=default, metavar="N", help=what)


class _Parser(argparse.ArgumentParser):
    """An argument parser that can take every word that is not one of its options as text.

    argparse takes any word starting with ``-`` for an option (``-has:note`` for ``-h``),
    and ends a list of positionals at the first option. With ``free_words`` the options
    are taken out first, wherever they are, and the other words handed over after ``--``:
    so ``search -word`` and ``search -- -word`` both work, and ``--limit``/``--json`` go
    before or after the query.
    """

    def __init__(self, *args, free_words: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.free_words = free_words

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        if not self.free_words or args is None:
            return super().parse_known_args(args, namespace)
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                words.extend(rest)
                break
            action = self._option_string_actions.get(arg.split("=", 1)[0])
            if action is None:
                words.append(arg)
                continue
            options.append(arg)
            if action.nargs != 0 and "=" not in arg:  # its value is the next word
                options.extend(itertools.islice(rest, 1))
        return super().parse_known_args([*options, "--", *words], namespace)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _chosen_actions(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Iterator:
    """The arguments of ``parser`` and of the subcommands chosen in ``args``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest, None)
            if chosen in action.choices:
                yield from _chosen_actions(action.choices[chosen], args)
        else:
            yield action


def _not_text(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """One line naming the first text argument that is not valid UTF-8, else None.

    Python hands such bytes over as lone surrogates, which no database or terminal
    can take; paths are left alone, since a path may be any bytes.
    """
    for action in _chosen_actions(parser, args):
        values = getattr(args, action.dest, None)
        if action.dest in PATH_ARGUMENTS or values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and not _is_utf8(value):
                name = action.option_strings[0] if action.option_strings else action.metavar
                return f"{name} is not valid UTF-8 text: {clean_path(value)}"
    return None


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _app_arguments(words: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of ``reader`` and ``reader --db PATH``, which open the app, as the
    parser would make them; None for any other words. Building the parser, with every
    subcommand's, would take some 5 ms of the app's start."""
    if not words:
        return argparse.Namespace(db=None, command=None)
    if len(words) == 1 and words[0].startswith("--db="):
        return argparse.Namespace(db=words[0].removeprefix("--db="), command=None)
    if len(words) == 2 and words[0] == "--db" and not words[1].startswith("-"):
        return argparse.Namespace(db=words[1], command=None)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = _app_arguments(sys.argv[1:] if argv is None else argv)
    if args is None:
        parser = build_parser()
        args = parser.parse_args(argv)
        problem = _not_text(parser, args)
        if problem:
            return _fail(problem, EXIT_USAGE)
    db_path = paths.resolve_db_path(args.db)
    new = _new_database(db_path)
    if args.command is None and new and not _on_a_terminal():
        return _fail(NO_TERMINAL, EXIT_USAGE)  # before the database is made
    default = db_path == paths.default_db_path()
    seeding = args.db is None and new and default
    problem = _cannot_create(db_path, args.command) if new and not default else None
    if problem:
        return _fail(problem, EXIT_USAGE)
    try:
        store = Store.open(db_path)
    except StoreError as exc:
        return _fail(str(exc), EXIT_USAGE)
    try:
        if args.command is None:
            return run_app(store, seed=seeding)
        if store.backup_notice:
            _say(store.backup_notice)
        if args.command in WRITE_COMMANDS or getattr(args, "people_command", None):
            store.require_writable()  # at once: not after an import has read every file
        if seeding:
            from reader.ingest import import_paths

            import_paths(store, [paths.seeds_dir()])
        handler = {
            "ingest": cmd_ingest,
            "list": cmd_list,
            "search": cmd_search,
            "show": cmd_show,
            "bookmark": cmd_bookmark,
            "unbookmark": cmd_bookmark,
            "bookmarks": cmd_bookmarks,
            "note": cmd_note,
            "notes": cmd_notes,
            "export": cmd_export,
            "import-notes": cmd_import_notes,
            "people": cmd_people,
        }[args.command]
        return handler(store, args)
    except StoreError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except ReaderError as exc:
        return _fail(str(exc), EXIT_SKIPPED)
    except sqlite3.DatabaseError as exc:  # locked past the timeout, a damaged page, ...
        # Never a bare "database is locked": one line naming the database, and the exit
        # code of a database that cannot be used.
        return _fail(f"{clean_path(db_path)}: the database could not be used ({exc})", EXIT_USAGE)
    except BrokenPipeError:
        sys.stderr.close()  # `reader list | head`: the reader went away; not an error
        return EXIT_OK
    finally:
        store.close()


def _new_database(path: Path) -> bool:
    """Whether opening ``path`` makes a new database: nothing is there, or an empty file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False  # a parent that is a file, no permission, ...: opening says which
    return stat.S_ISREG(info.st_mode) and info.st_size == 0


def _on_a_terminal() -> bool:
    """Whether the app can run: Textual reads keys from stdin and draws on stderr, and
    stdout away from the terminal means the output was meant for a file or a pipe."""
    return all(stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr))


def _cannot_create(db_path: Path, command: str | None) -> str | None:
    """Why the database the user named, which holds nothing yet, is not made; None if it may be.

    Only the commands that add data (and the app) make a database, and never the folders
    of a path that may be mistyped: the default one's folder alone is made when needed.
    """
    shown = clean_path(db_path)
    if command not in CREATE_COMMANDS:
        empty = " (an empty file)" if db_path.exists() else ""
        hint = f"`reader --db {shlex.quote(str(db_path))} ingest FOLDER` makes one"
        return f"no database at {shown}{empty}; {hint}"
    folder = db_path.parent
    if not folder.exists():
        return (
            f"{shown}: cannot create the database: the folder {clean_path(folder)} does not exist"
        )
    return None


def _json_text(data: object) -> str:
    """``data`` as JSON, every control character escaped (see the module doc)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Outside strings JSON holds no such character, so escaping them all is safe.
    return escape_json_controls(text) + "\n"


def _print_json(data: object) -> None:
    sys.stdout.write(_json_text(data))


def _fail(message: str, code: int) -> int:
    _say(f"error: {message}")
    return code


def _say(message: str) -> None:
    """One line on stderr, for a person: not part of the output a script reads."""
    # Messages name files, ids, names and queries as given: escaped here, whatever they hold.
    print(f"reader: {clean_path(message)}", file=sys.stderr)


#: The most screen updates per second (Textual's default is 60). The app draws only
#: when something changed, so this is a cap, not a rate: idle, it draws nothing, and
#: held keys or an animation (Textual runs those at 60) draw no more frames than at
#: 240 (CPU the same). It sets how soon a search's results can follow the frame that
#: showed the key typed: Textual's frame timer lets the next frame go one to two
#: periods after the last one, 4-8 ms at 240 and 1-2 ms at 1000: bench/search_keys.py
#: 20000, key to screen median 17.4 -> 15.1 ms, p95 / key echo p95 4.9x -> 4.2x (load 1-2).
APP_FPS = 1000
#: Without a terminal the app would wait for keys that never come, or draw where no one sees.
NO_TERMINAL = (
    "the app needs a terminal (its input and output are not one); "
    "`reader list` and `reader search QUERY` print to any output"
)


def run_app(store: Store, *, seed: bool) -> int:
    # Read by Textual when it is first imported, which is just below; a user's own
    # TEXTUAL_FPS wins.
    os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))
    # Python's cycle collector walked what Textual's import and the first screen make,
    # all of it kept, some 120 times before the first screen was up (30 ms of 300). It
    # is off until the app's own collector (reader.app.heap) takes over, once it is up.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_app(store, seed=seed)
    finally:
        if collecting:
            gc.enable()


def _run_app(store: Store, *, seed: bool) -> int:
    from reader.app import make_app, read_listing

    # The first screen's rows, read before the terminal is taken over: a damaged
    # database is reported in one line here, not in an app that cannot show it, and
    # the first frame shows them.
    listing = read_listing(store)
    if not _on_a_terminal():
        return _fail(NO_TERMINAL, EXIT_USAGE)
    app = make_app(store, seed_paths=[paths.seeds_dir()] if seed else None, listing=listing)
    app.run()
    # Textual keeps the first unhandled exception here (it re-raises it under Pilot), and
    # has just printed its traceback to the terminal it gave back.
    error = app._exception
    if error is None:
        return app.return_code or EXIT_OK
    log = _write_crash_log(error)
    where = f"the details are in {clean_path(log)}" if log else "the details are above"
    _fail(f"the app stopped on an unexpected error ({type(error).__name__}); {where}", 0)
    return app.return_code or EXIT_SKIPPED


def _write_crash_log(error: BaseException) -> Path | None:
    """Write ``error``'s traceback to the crash log; the file, or None if it cannot be written."""
    log = paths.crash_log_path()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        return None
    return log


def cmd_ingest(store: Store, args: argparse.Namespace) -> int:
    from reader.ingest import import_paths

    show_bar = sys.stderr.isatty() and not args.quiet
    try:
        if show_bar:
            from reader.progress import ImportProgress

            with ImportProgress() as bar:
                report = import_paths(store, args.paths, progress=bar.update)
        else:
            report = import_paths(store, args.paths)
    except StoreError as exc:
        what = "the import stopped; what it wrote is kept, and running it again finishes it"
        return _fail(f"{exc} ({what})", EXIT_SKIPPED)
    for issue in report.issues:
        print(issue, file=sys.stderr)
    print(report.summary())
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def cmd_list(store: Store, args: argparse.Namespace) -> int:
    if args.person:
        ids = [person.id for person in store.resolve_people(args.person)]
        summaries = store.person_page(ids, 0, args.limit or store.person_count(ids))
    else:
        summaries = store.page(0, args.limit or store.count())
    if args.json:
        _print_json([s.to_json() for s in summaries])
        return EXIT_OK
    for summary in summaries:
        byline = summary.author or summary.source
        title = clean_line(summary.title)
        print(f"{summary.id}  {summary.date or '          '}  {title}  ({clean_line(byline)})")
    return EXIT_OK


def cmd_search(store: Store, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    hits = store.search(query, limit=args.limit) if query.strip() else []
    if args.json:
        rows = [
            {
                "id": h.summary.id,
                "title": h.summary.title,
                "date": h.summary.date,
                "score": round(h.score, 4),
                "snippet": h.snippet,
            }
            for h in hits
        ]
        _print_json(rows)
    else:
        for hit in hits:
            date = hit.summary.date or "          "
            print(f"{hit.summary.id}  {date}  {clean_line(hit.summary.title)}")
            if hit.snippet:
                print(f"    {clean_line(hit.snippet)}")
    if hits:
        return EXIT_OK
    # Like grep: nothing found is exit 1, with one line a person reads and a script ignores.
    if query.strip():
        _say(f"no articles match {query!r}")
    else:
        _say("the query is empty: give words to search for")
    return EXIT_SKIPPED


def cmd_show(store: Store, args: argparse.Namespace) -> int:
    article = store.article(args.id)
    if args.json:
        _print_json(article.to_json())
        return EXIT_OK
    lines = [article.title]
    if article.dek:
        lines.append(article.dek)
    meta = " · ".join(
        x for x in (article.label, article.date, article.author, article.author_role) if x
    )
    if meta:
        lines.append(meta)
    lines.append("")
    lines.extend(p + "\n" for p in article.paragraphs)
    if article.author_bio:
        lines.append(article.author_bio)
    print(clean_text("\n".join(lines)).rstrip())
    return EXIT_OK


def cmd_bookmark(store: Store, args: argparse.Namespace) -> int:
    on = args.command == "bookmark"
    full = store.resolve_id(args.id)
    store.set_bookmark(full, on)
    print(f"{'bookmarked' if on else 'unbookmarked'} {full}")
    return EXIT_OK


def cmd_bookmarks(store: Store, args: argparse.Namespace) -> int:
    marks = store.bookmarks()
    if args.json:
        _print_json([b.to_json() for b in marks])
        return EXIT_OK
    for mark in marks:
        title = clean_line(mark.summary.title) if mark.summary else "(article not in this database)"
        print(f"{mark.article_id}  {mark.bookmarked_at[:10]}  {title}")
    return EXIT_OK


def cmd_note(store: Store, args: argparse.Namespace) -> int:
    if args.note_command == "add":
        note = store.add_note(args.id, args.text, quote=args.quote)
        if args.json:
            _print_json(note.to_json())
        else:
            detached = " (the quote was not found in the article)" if note.detached else ""
            print(f"added note {note.id} to {note.article_id}{detached}")
        return EXIT_OK
    store.delete_note(args.note_id)
    print(f"deleted note {args.note_id}")
    return EXIT_OK


def cmd_notes(store: Store, args: argparse.Namespace) -> int:
    all_notes = store.notes()
    if args.json:
        _print_json([n.to_json() for n in all_notes])
        return EXIT_OK
    for note in all_notes:
        title = clean_line(note.article_title or note.article_id)
        print(f"#{note.id}  {note.created[:10]}  {title}")
        if note.quote:
            mark = " (detached)" if note.detached else ""
            print(f"    > {clean_line(note.quote)}{mark}")
        for line in clean_text(note.text).splitlines():
            print(f"    {line}")
    return EXIT_OK


def cmd_export(store: Store, args: argparse.Namespace) -> int:
    if args.format == "md":
        # For reading and pasting into a notes app: cleaned like every plain-text output
        # (escape sequences and control characters dropped, tabs made spaces). An exact
        # copy, to read back with import-notes, is what --format json is for.
        text = clean_text(store.export_markdown())
    else:
        text = _json_text(store.export_notes())
    if args.output:
        return _write_whole(Path(args.output), text)
    sys.stdout.write(text)
    return EXIT_OK


def _write_whole(target: Path, text: str) -> int:
    """Write ``text`` to ``target`` whole or not at all: into a new file of its own beside
    it (never one already there), then renamed over it; on failure, one line and nothing left."""
    shown = clean_path(target)
    if target.is_dir():
        return _fail(f"{shown}: cannot write the export (it is a folder)", EXIT_USAGE)
    mask = os.umask(0)
    os.umask(mask)
    mode = target.stat().st_mode & 0o777 if target.is_file() else 0o666 & ~mask
    temp = None
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        why = _write_failed(exc, target.parent)
        return _fail(f"{shown}: cannot write the export ({why}); nothing was written", EXIT_USAGE)
    return EXIT_OK


def _write_failed(exc: OSError, folder: Path) -> str:
    """Why a file could not be written in ``folder``, in words."""
    if exc.errno == errno.ENOENT:
        return f"the folder {clean_path(folder)} does not exist"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"you may not write to the folder {clean_path(folder)}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.ENOTDIR:
        return f"{clean_path(folder)} is not a folder"
    return exc.strerror or str(exc)


def cmd_import_notes(store: Store, args: argparse.Namespace) -> int:
    from reader.store.export import read_export

    try:
        added, updated, elsewhere = store.import_notes(read_export(args.file))
    except ValueError as exc:
        return _fail(f"{clean_path(args.file)}: {exc}", EXIT_USAGE)
    kept = (
        f"; {elsewhere} of the file's notes and bookmarks are on articles not in this"
        " database (kept: they show once those articles are imported)"
        if elsewhere
        else ""
    )
    print(f"{added} added, {updated} updated (notes and bookmarks){kept}")
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
    if store.people_todo_count() and not store.read_only:
        from reader.ingest import update_people

        print("finding the people of articles stored before people were found ...", file=sys.stderr)
        update_people(store)
    found = store.people(include_hidden=args.all, limit=args.limit)
    if args.json:
        _print_json([p.to_json() for p in found])
        return EXIT_OK
    for person in found:
        also = f"  (also: {clean_line(', '.join(person.aliases))})" if person.aliases else ""
        hidden = "  [hidden]" if person.hidden else ""
        print(f"{person.articles:>6}  {clean_line(person.name)}{also}{hidden}")
    return EXIT_OK


def _articles(n: int) -> str:
    return f"{n} article{'' if n == 1 else 's'}"
