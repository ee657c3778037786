"""The ``reader`` command line, called as a script would call it."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    BBC_STYLE,
    REPO,
    SEED_000,
    SEEDS,
    TITLE_000,
    TITLE_003,
    fake_browser,
    wait_for,
    write,
)

from reader import __version__
from reader.cli import build_parser, main
from reader.cli import parser as parsing
from reader.ingest import article_id


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


def test_ingest_then_list_json(db_path: Path, capsys) -> None:
    assert main(["--db", str(db_path), "ingest", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == "2 added, 0 updated, 0 unchanged, 0 skipped"
    assert main(["--db", str(db_path), "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in rows] == [TITLE_003, TITLE_000]
    assert set(rows[0]) == {
        "id",
        "title",
        "dek",
        "date",
        "label",
        "author",
        "author_role",
        "source",
        "words",
        "read",
    }
    assert rows[0]["date"] == "2022-01-25" and rows[0]["label"] == "Exclusive"
    assert rows[1]["author"] == "Erik Swann" and rows[1]["date"] is None
    assert rows[1]["source"].endswith("seeds/000_98d193c1adb72bc8.txt")


def test_show_json_and_text(db_path: Path, capsys) -> None:
    main(["--db", str(db_path), "ingest", str(SEEDS)])
    main(["--db", str(db_path), "list", "--json"])
    first = json.loads(capsys.readouterr().out.split("\n", 1)[1])[0]
    assert main(["--db", str(db_path), "show", first["id"][:6], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["body"].startswith("Kim Kardashian, 41,")
    assert main(["--db", str(db_path), "show", first["id"]]) == 0
    text = capsys.readouterr().out
    assert text.startswith(TITLE_003)


def test_show_unknown_id_is_one_line_and_exit_1(db_path: Path, capsys) -> None:
    main(["--db", str(db_path), "ingest", str(SEEDS)])
    capsys.readouterr()
    assert main(["--db", str(db_path), "show", "ffff"]) == 1
    err = capsys.readouterr().err
    assert err == "reader: error: no article with id 'ffff'\n"


def test_exit_codes(db_path: Path, tmp_path: Path, capsys) -> None:
    write(tmp_path / "in" / "ok.txt", BBC_STYLE)
    assert main(["--db", str(db_path), "ingest", str(tmp_path / "in")]) == 0
    write(tmp_path / "in" / "empty.txt", "")
    assert main(["--db", str(db_path), "ingest", str(tmp_path / "in")]) == 1
    captured = capsys.readouterr()
    assert f"skipped: {tmp_path / 'in' / 'empty.txt'}: empty file" in captured.err
    assert captured.out.strip().endswith("0 added, 0 updated, 1 unchanged, 1 skipped")
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "ingest"])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as unknown:
        main(["frobnicate"])
    assert unknown.value.code == 2


def test_a_bad_database_is_exit_2_with_one_line(tmp_path: Path, capsys) -> None:
    bad = write(tmp_path / "bad.db", b"not a database " * 200)
    assert main(["--db", str(bad), "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reader: error: {bad}: not a usable SQLite database")
    assert err.count("\n") == 1


def test_environment_variable_chooses_the_database(tmp_path: Path) -> None:
    import os

    db = tmp_path / "env.db"
    env = {**os.environ, "READER_DB": str(db)}
    assert run("ingest", str(SEEDS), env=env).returncode == 0
    listed = run("list", "--json", env=env)
    assert len(json.loads(listed.stdout)) == 2
    assert db.exists()


def test_module_entry_point_and_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"reader {__version__}"


def test_ingest_when_piped_prints_no_progress_bar(db_path: Path) -> None:
    result = run("--db", str(db_path), "ingest", str(SEEDS))
    assert result.returncode == 0
    assert result.stdout == "2 added, 0 updated, 0 unchanged, 0 skipped\n"
    assert result.stderr == ""


# -- what a database path makes ----------------------------------------------------------

NEEDS_A_DATABASE = [
    ["list"],
    ["search", "kanye"],
    ["show", "ffff"],
    ["bookmarks"],
    ["notes"],
    ["people"],
    ["export"],
    ["bookmark", "ffff"],
    ["note", "delete", "1"],
    ["people", "hide", "Kanye West"],
]


@pytest.mark.parametrize("command", NEEDS_A_DATABASE, ids=" ".join)
def test_a_command_that_needs_articles_makes_no_database_and_says_how_to(
    tmp_path: Path, command: list[str], capsys
) -> None:
    missing = tmp_path / "news.db"
    assert main(["--db", str(missing), *command]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"reader: error: no database at {missing}; "
        f"`reader --db {missing} ingest FOLDER` makes one\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_empty_file_is_no_database_to_read_and_is_left_empty(tmp_path: Path, capsys) -> None:
    empty = write(tmp_path / "news.db", "")
    assert main(["--db", str(empty), "list"]) == 2
    assert capsys.readouterr().err.startswith(f"reader: error: no database at {empty} (an empty")
    assert empty.read_bytes() == b"" and list(tmp_path.iterdir()) == [empty]


def test_a_mistyped_folder_is_never_made(tmp_path: Path, capsys) -> None:
    export = write(tmp_path / "export.json", '{"version": 1, "notes": [], "bookmarks": []}')
    typo = tmp_path / "typo" / "dir" / "news.db"
    for command in (["ingest", str(SEEDS)], ["import-notes", str(export)], ["list"]):
        assert main(["--db", str(typo), *command]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("reader: error: ")
        if command[0] != "list":
            assert err == (
                f"reader: error: {typo}: cannot create the database: "
                f"the folder {typo.parent} does not exist\n"
            )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


def test_ingest_and_import_notes_make_a_new_database(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "a.db"), "ingest", str(SEEDS)]) == 0
    seed = article_id(SEED_000.resolve())  # the id comes from the checkout's path
    assert main(["--db", str(tmp_path / "a.db"), "bookmark", seed[:6]]) == 0
    assert main(["--db", str(tmp_path / "a.db"), "export", "--format", "json"]) == 0
    export = write(tmp_path / "export.json", capsys.readouterr().out.split("\n", 2)[2])
    assert main(["--db", str(tmp_path / "b.db"), "import-notes", str(export)]) == 0
    assert "1 added" in capsys.readouterr().out
    assert main(["--db", str(tmp_path / "b.db"), "bookmarks", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_the_default_database_is_made_in_its_own_new_folder_and_seeded(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    default = tmp_path / "data" / "termnews-reader" / "news.db"
    monkeypatch.delenv("READER_DB", raising=False)
    monkeypatch.setattr("reader.paths.default_db_path", lambda: default)
    assert main(["list", "--json"]) == 0
    assert [r["title"] for r in json.loads(capsys.readouterr().out)] == [TITLE_003, TITLE_000]
    assert default.is_file()


# -- search --------------------------------------------------------------------------------


@pytest.fixture
def seeded_db(db_path: Path, capsys) -> str:
    assert main(["--db", str(db_path), "ingest", str(SEEDS)]) == 0
    capsys.readouterr()
    return str(db_path)


def test_a_search_that_finds_nothing_says_so_on_stderr_and_exits_1(seeded_db: str, capsys):
    assert main(["--db", seeded_db, "search", "zzqqx"]) == 1
    assert capsys.readouterr() == ("", "reader: no articles match 'zzqqx'\n")
    assert main(["--db", seeded_db, "search", "zzqqx", "--json"]) == 1
    assert capsys.readouterr() == ("[]\n", "reader: no articles match 'zzqqx'\n")
    for empty in ([""], ["  "], []):
        assert main(["--db", seeded_db, "search", *empty]) == 1
        assert capsys.readouterr() == ("", "reader: the query is empty: give words to search for\n")
    assert main(["--db", seeded_db, "search", "\x1b[2Jzz"]) == 1
    assert capsys.readouterr().err == "reader: no articles match '\\x1b[2Jzz'\n"


def test_a_search_that_finds_nothing_says_which_names_name_nothing(seeded_db: str, capsys):
    assert main(["--db", seeded_db, "search", "kim", "source:nosuch", "feed:zz"]) == 1
    assert capsys.readouterr() == (
        "",
        "reader: no articles match 'kim source:nosuch feed:zz'; "
        "no source is named 'nosuch'; no feed is named 'zz'\n",
    )
    assert main(["--db", seeded_db, "search", "kim", "source:seeds"]) == 0  # one there is


def test_words_argparse_refuses_are_quoted_without_their_escapes(db_path: Path, capsys) -> None:
    """After ``--`` every word is an argument: more than a command takes is refused by
    argparse, which quotes them as typed; a word holding an escape must not reach the
    terminal as one (it would turn the rest of the screen red here)."""
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "note", "add", "abc", "--", "--quote", "\x1b[31mred"])
    assert usage.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("reader: error: unrecognized arguments: \\x1b[31mred\n")
    assert "\x1b" not in err


@pytest.mark.parametrize(
    "words",
    [
        ["-julia", "kanye"],
        ["-julia kanye"],
        ["--", "-julia kanye"],
        ["--", "-julia", "kanye"],
        ["--limit", "5", "-julia", "kanye"],
        ["-julia", "kanye", "--limit", "5"],
        ["-julia", "--limit=5", "kanye"],
        ["--limit", "5", "--", "-julia", "kanye"],
    ],
    ids=" ".join,
)
def test_a_query_may_start_with_a_dash_and_options_go_before_or_after_it(
    seeded_db: str, words: list[str], capsys
) -> None:
    json_first = main(["--db", seeded_db, "search", "--json", *words])
    first = capsys.readouterr()
    assert json_first == 0, first.err
    json_last = main(["--db", seeded_db, "search", *words, "--json"])
    last = capsys.readouterr()
    expected = [TITLE_000]  # the article that does not name Julia Fox
    assert [r["title"] for r in json.loads(first.out)] == expected
    if "--" in words:  # after --, "--json" is a word of the query: plain lines, not JSON
        assert json_last in (0, 1) and not last.out.startswith("[")
    else:
        assert [r["title"] for r in json.loads(last.out)] == expected


def test_a_leading_dash_h_is_a_query_word_and_dash_h_alone_is_help(seeded_db: str, capsys):
    assert main(["--db", seeded_db, "search", "-has:note", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2  # no article has a note
    with pytest.raises(SystemExit) as done:
        main(["search", "-h"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("usage: reader search")
    with pytest.raises(SystemExit) as done:
        main(["search", "kanye", "--limit"])
    assert done.value.code == 2
    assert "argument --limit: expected one argument" in capsys.readouterr().err


# -- help ----------------------------------------------------------------------------------


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


def test_every_command_s_help_says_what_it_does_and_what_each_argument_is(capsys) -> None:
    commands = list(_commands(build_parser()))
    assert len(commands) == 41
    for path, parser in commands:
        assert parser.description and "\n" not in parser.description, path
        for action in parser._actions:
            assert action.help and action.help != argparse.SUPPRESS, (path, action.dest)
        if isinstance(action, argparse._SubParsersAction):
            listed = {a.dest: a.help for a in action._choices_actions}
            assert all(listed.values()) and set(listed) == set(action.choices), path
        with pytest.raises(SystemExit) as done:
            main([*path, "--help"])
        assert done.value.code == 0, path
        out = capsys.readouterr().out
        assert out.startswith(f"usage: {' '.join(('reader', *path))}") and parser.description in out


def test_a_command_s_parser_built_alone_is_the_one_the_whole_parser_has() -> None:
    """`reader COMMAND ...` builds that command's parser alone: some 10 ms less of every
    command's start than all 41. A word that names no command gets them all, for the
    error that lists them."""
    whole = dict(_commands(build_parser()))
    for (name,) in [path for path in whole if len(path) == 1]:
        alone = dict(_commands(build_parser(name)))
        assert set(alone) == {(), *(path for path in whole if path[:1] == (name,))}
        for path, parser in alone.items():
            if path:  # the command line's own help lists every command
                assert parser.format_help() == whole[path].format_help(), path
    assert dict(_commands(build_parser("nope"))).keys() == whole.keys()


@pytest.mark.parametrize(
    ("words", "command"),
    [
        (["list", "--json"], "list"),
        (["--db=x.db", "--config", "c.toml", "feed", "add", "u"], "feed"),
        (["--db", "x.db", "--db", "y.db", "list"], None),  # argparse says which counts
        (["--d", "x.db", "list"], None),  # an abbreviation argparse reads as --db
        (["-h"], None),
        (["--db", "x.db"], None),
        ([], None),
    ],
)
def test_the_command_word_is_read_past_the_database_and_config_options(
    words: list[str], command: str | None
) -> None:
    assert parsing.command_word(words) == command


def test_a_command_builds_the_parser_of_that_command_only(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    added: list[str] = []
    add = parsing._add_command

    def spied(commands, name: str, summary: str, **options):  # type: ignore[no-untyped-def]
        if isinstance(commands, argparse._SubParsersAction):  # a parser is made
            added.append(name)
        return add(commands, name, summary, **options)

    monkeypatch.setattr(parsing, "_add_command", spied)
    assert main(["--db", str(db_path), "ingest", str(SEEDS)]) == 0
    assert main(["--db", str(db_path), "config", "show", "--json"]) == 0
    assert added == ["ingest", "config", "path", "show", "keys", "init"]  # its actions too
    with pytest.raises(SystemExit):
        main(["--db", str(db_path), "nope"])
    assert "invalid choice: 'nope' (choose from 'ingest', 'list'" in capsys.readouterr().err


def test_a_command_that_writes_no_file_loads_no_module_for_writing_one(db_path: Path) -> None:
    """tempfile (with shutil, bz2, lzma and random) and uuid (with platform) were some 6 ms
    of every command's start; only an export or a new note needs them."""
    assert main(["--db", str(db_path), "ingest", "-q", str(SEEDS)]) == 0
    code = (
        "import sys\nfrom reader.cli import main\n"
        f"assert main(['--db', {str(db_path)!r}, 'list', '--json']) == 0\n"
        "print([m for m in ('tempfile', 'uuid') if m in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr.strip() == "[]", done.stderr


# -- the app needs a terminal --------------------------------------------------------------


def run_app_with(db: Path, terminal: set[str]) -> tuple[int, str]:
    """``reader --db DB`` with the streams named in ``terminal`` on a pty, the others not:
    its exit code and what it wrote to stderr. On a terminal it would wait for keys."""
    import os
    import pty

    master, slave = pty.openpty()
    streams = {
        "stdin": slave if "stdin" in terminal else subprocess.DEVNULL,
        "stdout": slave if "stdout" in terminal else subprocess.PIPE,
        "stderr": slave if "stderr" in terminal else subprocess.PIPE,
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reader", "--db", str(db)], cwd=REPO, timeout=30, **streams
        )
        os.close(slave)
        err = done.stderr or b""
        if "stderr" in terminal:
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the pty is closed once read to its end
                    break
                if not chunk:
                    break
                err += chunk
    finally:
        os.close(master)
    return done.returncode, err.decode().replace("\r\n", "\n")


@pytest.mark.slow
@pytest.mark.parametrize(
    "terminal",
    [set(), {"stdin", "stderr"}, {"stdout", "stderr"}, {"stdin", "stdout"}],
    ids=["none", "stdout piped", "stdin from /dev/null", "stderr to a file"],
)
def test_the_app_without_a_terminal_says_it_needs_one_and_exits_2(
    seeded_db: str, tmp_path: Path, terminal: set[str]
) -> None:
    for db in (Path(seeded_db), tmp_path / "new.db"):
        code, err = run_app_with(db, terminal)
        assert code == 2
        assert err == (
            "reader: error: the app needs a terminal (its input and output are not one); "
            "`reader list` and `reader search QUERY` print to any output\n"
        )
    assert not (tmp_path / "new.db").exists()


def test_a_home_folder_of_no_user_is_a_path_not_found_not_a_crash(db_path: Path, capsys) -> None:
    """``~nosuchuser`` expands to nothing: Python 3.11's ``Path.expanduser`` raises on it,
    so paths are expanded as the shell would leave them, and reported as missing."""
    assert main(["--db", str(db_path), "ingest", str(SEEDS), "~nosuchuser\x01zz/a.md"]) == 1
    captured = capsys.readouterr()
    assert "2 added" in captured.out
    assert "~nosuchuser" in captured.err and "no such file or folder" in captured.err
    assert main(["--db", "~nosuchuser_zz/x.db", "list"]) == 2
    assert "no database at ~nosuchuser_zz/x.db" in capsys.readouterr().err


# -- reader open ------------------------------------------------------------------------

LINKED = (
    "---\ntitle: A story\nurl: https://news.example/a-story\n---\n\n"
    "It [began](https://one.example/x) and [ended](https://two.example/y).\n"
)


def test_open_starts_the_browser_on_the_page_or_link_n_and_returns_at_once(
    db_path: Path, tmp_path: Path
) -> None:
    """Through the real entry point: the fake browser sleeps 5 s after it starts and
    prints to stdout and stderr; ``reader open`` is back before it ends, printing only
    what it opened."""
    story = write(tmp_path / "in" / "story.md", LINKED)
    assert run("--db", str(db_path), "ingest", str(story.parent)).returncode == 0
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    script, log = fake_browser(tmp_path)
    shown = json.loads(run("--db", str(db_path), "list", "--json").stdout)[0]
    for number, url in [(None, "https://news.example/a-story"), ("2", "https://two.example/y")]:
        log.unlink(missing_ok=True)
        args = [shown["id"][:6]] if number is None else [shown["id"], number]
        done = run("--db", str(db_path), "open", *args, env={**env, "BROWSER": str(script)})
        assert (done.returncode, done.stdout, done.stderr) == (0, f"opened {url}\n", "")
        assert wait_for(log)[0] == url
        assert "done" not in log.read_text()  # the browser still runs; reader open ended
    full = json.loads(run("--db", str(db_path), "show", shown["id"], "--json").stdout)
    assert full["url"] == "https://news.example/a-story"


def test_open_a_file_without_a_web_page_opens_the_file(
    db_path: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    story = write(tmp_path / "in" / "plain.txt", BBC_STYLE)
    main(["--db", str(db_path), "ingest", str(story.parent)])
    script, log = fake_browser(tmp_path)
    monkeypatch.setenv("BROWSER", str(script))
    capsys.readouterr()
    assert main(["--db", str(db_path), "open", article_id(story)]) == 0
    assert capsys.readouterr().out == f"opened {story.as_uri()}\n"
    assert wait_for(log)[0] == story.as_uri()
    assert main(["--db", str(db_path), "show", article_id(story), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["url"] is None


def test_open_a_link_the_article_has_not_or_with_no_browser_is_one_line_exit_1(
    db_path: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    story = write(tmp_path / "in" / "story.md", LINKED)
    main(["--db", str(db_path), "ingest", str(story.parent)])
    capsys.readouterr()
    some = article_id(story)
    assert main(["--db", str(db_path), "open", some, "3"]) == 1
    assert capsys.readouterr().err == (
        f"reader: error: article {some} has no link 3 (its links are numbered 1 to 2)\n"
    )
    monkeypatch.setenv("BROWSER", "no-such-browser")
    assert main(["--db", str(db_path), "open", some, "1"]) == 1
    assert capsys.readouterr().err == (
        "reader: error: https://one.example/x was not opened: the browser command "
        "no-such-browser was not found ($BROWSER)\n"
    )
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(db_path), "open", some, "-1"])
    assert exit_.value.code == 2


STORY_WITH_PEOPLE = """Minister hails the new bridge

Transport minister Alice Brennan opened the bridge on Monday. "It is a fine day," said
Brennan, 52, who was joined by engineer Tomasz Wielgosz.

Mr Wielgosz said the bridge took three years to build. Brennan thanked him.
"""


def test_show_lists_the_people_an_article_names_with_the_users_edits(
    db_path: Path, tmp_path: Path, capsys
) -> None:
    story = tmp_path / "bridge.txt"
    story.write_text(STORY_WITH_PEOPLE, encoding="utf-8")
    db = ["--db", str(db_path)]
    assert main([*db, "ingest", str(story)]) == 0
    capsys.readouterr()
    assert main([*db, "show", article_id(story), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["people"] == [
        {"name": "Alice Brennan", "mentions": 3},
        {"name": "Tomasz Wielgosz", "mentions": 2},
    ]
    assert main([*db, "people", "rename", "Tomasz Wielgosz", "Tomek Wielgosz"]) == 0
    capsys.readouterr()
    assert main([*db, "show", article_id(story)]) == 0
    text = capsys.readouterr().out
    assert "People: Alice Brennan (3) · Tomek Wielgosz (2)" in text.splitlines()


def test_the_command_exits_with_what_is_left_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interpreter's last collections at exit need not walk what every command leaves
    (25-50 ms once a refresh's modules are loaded): run() freezes it after main."""
    import gc
    import tomllib

    import reader.__main__ as entry

    steps: list[str] = []
    monkeypatch.setattr(entry, "main", lambda: steps.append("main") or 3)
    monkeypatch.setattr(gc, "freeze", lambda: steps.append("freeze"))
    with pytest.raises(SystemExit) as exit_:
        entry.run()
    assert exit_.value.code == 3 and steps == ["main", "freeze"]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["reader"] == "reader.__main__:run"
