"""The ``reader`` command's arguments: the parser of every command, the words that
open the app read without it, and the check that text arguments are text.
"""

from __future__ import annotations

import argparse
import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, cast

from reader import __version__, paths
from reader.clean import clean_path

#: Arguments that name files: any bytes are a valid path. Every other argument is text.
PATH_ARGUMENTS = {"db", "config", "paths", "output", "file"}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``only``, of that command alone (and its
    actions'), which is all that ``reader ONLY ...`` needs: 1 ms of its start rather
    than 12 for all 41. Every command's if ``only`` names none, for the error that
    lists them."""
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
    parser.add_argument(
        "--config",
        metavar="PATH",
        help=f"config file (default: ${paths.ENV_CONFIG}, else {paths.default_config_path()})",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="what to do (none: open the app)"
    )

    def command(name: str, summary: str, **options: Any) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return cast(argparse.ArgumentParser, _UNBUILT)
        return _add_command(commands, name, summary, **options)

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

    listing.add_argument("--unread", action="store_true", help="only articles not read yet")

    mark_read = command("mark-read", "mark articles read (--all: every one; --query: a search's)")
    mark_read.add_argument("ids", nargs="*", metavar="ID", help=_ARTICLE_ID)
    mark_read.add_argument("--all", action="store_true", help="every article")
    mark_read.add_argument("--query", metavar="QUERY", help="every article this search finds")
    mark_unread = command("mark-unread", "mark articles unread")
    mark_unread.add_argument("ids", nargs="+", metavar="ID", help=_ARTICLE_ID)

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

    export = command("export", "write all bookmarks, notes and read state")
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

    _feed_commands(command)
    _config_commands(command)

    show = command("show", "print one article")
    show.add_argument("id", metavar="ID", help=_ARTICLE_ID)
    show.add_argument("--json", action="store_true", help="a JSON object, for scripts")

    browse = command("open", "open an article's web page (or file), or its link N, in a browser")
    browse.add_argument("id", metavar="ID", help=_ARTICLE_ID)
    browse.add_argument(
        "number",
        nargs="?",
        type=_not_negative,
        default=0,
        metavar="N",
        help="the link numbered N in the article's text (0, the default: its own page or file)",
    )
    if only is not None and only not in commands.choices:
        return build_parser()
    return parser


_ARTICLE_ID = "an article id, or a unique start of one"
_FEED = "the feed: its URL, its number in `reader feed list`, or its title"


def _feed_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """``feed``, ``refresh``, ``opml`` and ``add-url``."""
    feed = command("feed", "subscribe to feeds, list, rename or remove them")
    actions = feed.add_subparsers(
        dest="feed_command", metavar="ACTION", required=True, help="add, list, remove, ..."
    )
    action = functools.partial(_add_command, actions)
    add = action("add", "subscribe to a feed (or the feed a web page links to), and fetch it")
    add.add_argument("url", metavar="URL", help="the feed's address, or a web page's")
    add.add_argument("--title", metavar="TITLE", help="a title of your own for it")
    add.add_argument("--folder", metavar="FOLDER", help="a folder to file it in")
    add.add_argument("--json", action="store_true", help="the feed and its first fetch as JSON")
    _add_json(action("list", "every feed: title, URL, articles, last fetch, next, last error"))
    remove = action("remove", "unsubscribe (articles with a bookmark or a note are kept)")
    remove.add_argument("feed", metavar="FEED", help=_FEED)
    remove.add_argument("--yes", "-y", action="store_true", help="do not ask first")
    rename = action("rename", "give a feed a title of your own")
    rename.add_argument("feed", metavar="FEED", help=_FEED)
    rename.add_argument("title", metavar="TITLE", help="the title to show (empty: its own)")
    options = action("set", "a feed's own fetch interval, and full text from its web pages")
    options.add_argument("feed", metavar="FEED", help=_FEED)
    options.add_argument(
        "--interval", type=int, metavar="MINUTES", help="minutes between fetches (0: the default)"
    )
    options.add_argument(
        "--fulltext",
        action=argparse.BooleanOptionalAction,
        help="fetch each entry's web page for its whole text (needs termnews-reader[fulltext])",
    )

    refresh = command("refresh", "fetch the feeds that are due (or those named)")
    refresh.add_argument("feeds", nargs="*", metavar="FEED", help=_FEED + " (none: all due)")
    refresh.add_argument("--all", action="store_true", help="every feed, due or not")
    refresh.add_argument("--json", action="store_true", help="the tally as JSON, for scripts")
    refresh.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    opml = command("opml", "subscriptions in and out of OPML files (other readers' too)")
    opml_actions = opml.add_subparsers(
        dest="opml_command", metavar="ACTION", required=True, help="import or export"
    )
    opml_import = _add_command(opml_actions, "import", "subscribe to every feed of an OPML file")
    opml_import.add_argument("file", metavar="FILE", help="the OPML file")
    opml_export = _add_command(opml_actions, "export", "write every subscription as OPML")
    opml_export.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")

    fulltext = command("fulltext", "fetch an article's whole text from its web page")
    fulltext.add_argument("id", metavar="ID", help=_ARTICLE_ID)

    add_url = command("add-url", "save one web page as an article, without subscribing")
    add_url.add_argument("url", metavar="URL", help="the page's address")
    add_url.add_argument("--json", action="store_true", help="print the article as JSON")


def _config_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """``config``: where the config file is, what it sets, the keys, a template."""
    config = command("config", "the config file: where it is, what it sets, every key")
    actions = config.add_subparsers(
        dest="config_command", metavar="ACTION", required=True, help="path, show, keys or init"
    )
    action = functools.partial(_add_command, actions)
    action("path", "print where the config file is (there or not)")
    show = action("show", "the settings in force and where each comes from; checks the file")
    show.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    keys = action("keys", "every key binding: its id, its keys in force, what it does")
    _add_json(keys)
    action("init", "write a config file listing every setting and key, all commented out")


def _add_command(
    commands: argparse._SubParsersAction, name: str, summary: str, **options
) -> argparse.ArgumentParser:
    """A subcommand whose one line shows both in the list of commands and atop its --help."""
    return commands.add_parser(name, help=summary, description=summary, **options)


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON array, for scripts")


def _add_limit(parser: argparse.ArgumentParser, what: str, default: int | None = None) -> None:
    parser.add_argument("--limit", type=_positive, default=default, metavar="N", help=what)


class _Unbuilt:
    """What the parser of a command not asked for is built on: it takes every call and
    builds nothing."""

    def __getattr__(self, name: str) -> Callable[..., _Unbuilt]:
        return self._anything

    def _anything(self, *args: object, **kwargs: object) -> _Unbuilt:
        return self


_UNBUILT = _Unbuilt()


class _Parser(argparse.ArgumentParser):
    """An argument parser that can take every word that is not one of its options as text.

    argparse takes any word starting with ``-`` for an option (``-has:note`` for ``-h``),
    and ends a list of positionals at the first option. With ``free_words`` the options
    are taken out first, wherever they are, and the other words handed over after ``--``:
    so ``search -word`` and ``search -- -word`` both work, and ``--limit``/``--json`` go
    before or after the query.
    """

    def __init__(self, *args: Any, free_words: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.free_words = free_words

    def error(self, message: str) -> NoReturn:
        # argparse quotes what it refused as it was typed ("unrecognized arguments: ..."):
        # the user's words, escapes and all.
        super().error(clean_path(message))

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
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


def _not_negative(text: str) -> int:
    if text.isdecimal() and text.isascii():
        return int(text)
    raise argparse.ArgumentTypeError(f"not a link number (0, 1, 2 ...): {text!r}")


def _chosen_actions(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Iterator:
    """The arguments of ``parser`` and of the subcommands chosen in ``args``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest, None)
            if chosen in action.choices:
                yield from _chosen_actions(action.choices[chosen], args)
        else:
            yield action


def not_text(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
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


def app_arguments(words: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of ``reader``, ``reader --db PATH`` and ``reader --config PATH``
    (either or both), which open the app, as the parser would make them; None for any
    other words. Building the parser, with every subcommand's, would take some 5 ms of
    the app's start."""
    leading = _leading_options(words)
    if leading is None or leading[1]:
        return None
    found = leading[0]
    return argparse.Namespace(db=found.get("db"), config=found.get("config"), command=None)


def command_word(words: Sequence[str]) -> str | None:
    """The command of ``reader [--db PATH] [--config PATH] COMMAND ...``, for
    :func:`build_parser`; None when another option comes before it, or none is given."""
    leading = _leading_options(words)
    return leading[1][0] if leading is not None and leading[1] else None


def _leading_options(words: Sequence[str]) -> tuple[dict[str, str], list[str]] | None:
    """``--db`` and ``--config`` with their values (``--db PATH`` or ``--db=PATH``, each
    once) at the start of ``words``, and the words after them; None if another option
    comes first."""
    found: dict[str, str] = {}
    rest = list(words)
    while rest and rest[0].startswith("-"):
        name, equals, value = rest.pop(0).partition("=")
        if name not in ("--db", "--config") or name[2:] in found:
            return None
        if not equals:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        found[name[2:]] = value
    return found, rest
