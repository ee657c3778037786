"""The ``reader`` command line: the app, ``ingest``, ``list`` and ``show``.

``reader`` alone opens the app. Output meant for scripts is stable JSON with
``--json``; errors are one line on stderr. Exit codes: 0 all well, 1 something
was skipped or not found (or the app stopped on an unexpected error), 2 a usage
error or an unusable database (not SQLite, damaged, from a newer version, busy,
or read-only for a command that writes).

The parser is :mod:`reader.cli.parser`, the commands :mod:`reader.cli.commands`, and
what they write (JSON, lines, errors, exit codes) :mod:`reader.cli.output`; here are
``main``, which opens the database and runs a command or the app, and the app's start.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import stat
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from reader import paths
from reader.clean import clean_path
from reader.cli.output import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, fail, say
from reader.cli.parser import app_arguments, build_parser, command_word, not_text
from reader.core import Store
from reader.errors import ReaderError, StoreError

__all__ = ["APP_FPS", "EXIT_OK", "EXIT_SKIPPED", "EXIT_USAGE", "build_parser", "main", "run_app"]

#: Commands that write to the database (``people`` too, when given an action).
WRITE_COMMANDS = {
    "ingest",
    "bookmark",
    "unbookmark",
    "mark-read",
    "mark-unread",
    "note",
    "import-notes",
    "refresh",
    "add-url",
    "fulltext",
}
#: Commands that may make the database they are given (None: the app).
CREATE_COMMANDS = {None, "ingest", "import-notes", "feed", "opml", "add-url"}


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args = app_arguments(words)
    if args is None:
        parser = build_parser(command_word(words))
        args = parser.parse_args(words)
        problem = not_text(parser, args)
        if problem:
            return fail(problem, EXIT_USAGE)
    if args.command == "config":  # needs no database
        from reader.cli.config import cmd_config

        try:
            return cmd_config(args)
        except BrokenPipeError:
            sys.stderr.close()  # `reader config keys | head`
            return EXIT_OK
    db_path = paths.resolve_db_path(args.db)
    new = _new_database(db_path)
    if args.command is None and new and not _on_a_terminal():
        return fail(NO_TERMINAL, EXIT_USAGE)  # before the database is made
    default = db_path == paths.default_db_path()
    seeding = args.db is None and new and default
    problem = _cannot_create(db_path, args.command) if new and not default else None
    if problem:
        return fail(problem, EXIT_USAGE)
    try:
        store = Store.open(db_path)
    except StoreError as exc:
        return fail(str(exc), EXIT_USAGE)
    try:
        if args.command is None:
            return run_app(store, seed=seeding, config_path=args.config)
        if store.backup_notice:
            say(store.backup_notice)
        if args.command in WRITE_COMMANDS or _edits(args):
            store.require_writable()  # at once: not after an import has read every file
        if seeding:
            store.import_files([paths.seeds_dir()])
        from reader.cli.commands import COMMANDS  # not needed to open the app

        return COMMANDS[args.command](store, args)
    except StoreError as exc:
        return fail(str(exc), EXIT_USAGE)
    except ReaderError as exc:
        return fail(str(exc), EXIT_SKIPPED)
    except sqlite3.DatabaseError as exc:  # locked past the timeout, a damaged page, ...
        # Never a bare "database is locked": one line naming the database, and the exit
        # code of a database that cannot be used.
        return fail(f"{clean_path(db_path)}: the database could not be used ({exc})", EXIT_USAGE)
    except BrokenPipeError:
        sys.stderr.close()  # `reader list | head`: the reader went away; not an error
        return EXIT_OK
    finally:
        store.close()


def _edits(args: object) -> bool:
    """Whether a command with actions writes: a people edit, a feed change, an OPML import."""
    return bool(
        getattr(args, "people_command", None)
        or getattr(args, "feed_command", "list") != "list"
        or getattr(args, "opml_command", "export") != "export"
    )


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
    import shlex  # not needed to open the app

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


#: The most screen updates per second (Textual's default is 60). The app draws only
#: when something changed, so this is a cap, not a rate: idle, it draws nothing, and
#: held keys or an animation (Textual runs those at 60) draw no more frames than at
#: 240 (CPU the same). It sets how soon a search's results can follow the frame that
#: showed the key typed: Textual's frame timer lets the next frame go one to two
#: periods after the last one, 4-8 ms at 240 and 1-2 ms at 1000: bench/search_keys.py
#: 20000, key to screen median 17.4 -> 15.1 ms, p95 / key echo p95 4.9x -> 4.2x (load 1-2).
APP_FPS = 1000
#: How long (ms) Textual waits after an Escape for the rest of a key's sequence. Its
#: default, 100 ms, read Escape then ``/`` typed 20-50 ms apart as one key, ``/`` alone:
#: the search was not cleared and the new query went after the old one. A terminal writes
#: a key's sequence at once; tmux waits 10 ms (its ``escape-time`` since 3.5).
ESCAPE_DELAY_MS = 10
#: Without a terminal the app would wait for keys that never come, or draw where no one sees.
NO_TERMINAL = (
    "the app needs a terminal (its input and output are not one); "
    "`reader list` and `reader search QUERY` print to any output"
)


def run_app(store: Store, *, seed: bool, config_path: str | None = None) -> int:
    """Open the app on ``store``, with the config file ``config_path`` names (None: the
    environment's, else the default one)."""
    # Read by Textual when it is first imported, which is just below; a user's own
    # TEXTUAL_FPS and ESCDELAY win.
    os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))
    os.environ.setdefault("ESCDELAY", str(ESCAPE_DELAY_MS))
    # Python's cycle collector walked what Textual's import and the first screen make,
    # all of it kept, some 120 times before the first screen was up (30 ms of 300). It
    # is off until the app's own collector (reader.app.heap) takes over, once it is up.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_app(store, seed=seed, config_path=config_path)
    finally:
        if collecting:
            gc.enable()


def _run_app(store: Store, *, seed: bool, config_path: str | None) -> int:
    from reader import config
    from reader.app import make_app, read_listing

    config_file, named = paths.resolve_config_path(config_path)
    settings = config.load(config_file, named=named)  # never fails: its issues are shown
    # The first screen's rows (in the order the file sets, else the last chosen), read
    # before the terminal is taken over: a damaged database is reported in one line
    # here, not in an app that cannot show it, and the first frame shows them.
    listing = read_listing(store, settings)
    if not _on_a_terminal():
        return fail(NO_TERMINAL, EXIT_USAGE)
    seed_paths = [paths.seeds_dir()] if seed else None
    app = make_app(store, seed_paths=seed_paths, listing=listing, config=settings)
    app.run()
    # Textual keeps the first unhandled exception here (it re-raises it under Pilot), and
    # has just printed its traceback to the terminal it gave back.
    error = app._exception
    if error is None:
        return app.return_code or EXIT_OK
    log = _write_crash_log(error)
    where = f"the details are in {clean_path(log)}" if log else "the details are above"
    fail(f"the app stopped on an unexpected error ({type(error).__name__}); {where}", 0)
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
