"""What the command line writes: no control character from user data reaches a terminal,
arguments that are not UTF-8 are refused in one line, ``export -o`` writes whole or
nothing, and the app's unexpected errors give a non-zero exit and a crash log."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, fill

from reader import cli
from reader.cli import main
from reader.core import Store
from reader.ingest import import_paths

#: A note holding what the terminal must never see: OSC 0 (title), BEL, ESC[2J, OSC 52
#: (clipboard), 8-bit CSI, DEL, bidi override and mark, a line separator.
HOSTILE = (
    "\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07 said \x9b31m red \u202eevil\u202c "
    "\x7f\u200f\u2028 end"
)
HOSTILE_NAME = "Ye\x9b31m\u202e\x1b[5m"
#: Any of these in output is a leak: C0 but newline (and tab), DEL, C1, bidi controls
#: and marks, BOM, line and paragraph separators.
LEAK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeded") / "news.db"
    with Store.open(db) as store:
        import_paths(store, [SEEDS])
    return db


@pytest.fixture
def db(seeded_file: Path, tmp_path: Path) -> Path:
    """A copy of a database holding the two seed articles."""
    copy = tmp_path / "db" / "news.db"
    copy.parent.mkdir()
    shutil.copy(seeded_file, copy)
    return copy


def first_id(db: Path) -> str:
    with Store.open(db) as store:
        return store.page(0, 1)[0].id


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- control characters ------------------------------------------------------------------


def test_no_command_writes_a_control_character_from_user_data(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    article = first_id(db)
    d = str(db)
    assert main(["--db", d, "note", "add", article, HOSTILE, "--quote", "Kim " + HOSTILE]) == 0
    assert main(["--db", d, "bookmark", article]) == 0
    assert main(["--db", d, "people", "rename", "Kanye West", HOSTILE_NAME]) == 0
    capsys.readouterr()
    bad_import = tmp_path / "bad.json"
    bad_import.write_text(json.dumps({"version": 1, "notes": [HOSTILE]}), encoding="utf-8")
    is_a_file = tmp_path / "rt1.json"
    is_a_file.write_text("{}")
    hostile_db = str(is_a_file / "\x1b]0;PWNED\x07\u202e.db")
    commands = [
        ["list"],
        ["list", "--json"],
        ["list", "--person", HOSTILE_NAME],
        ["list", "--person", HOSTILE_NAME, "--json"],
        ["search", "Kardashian"],
        ["search", "Kardashian", "--json"],
        ["search", HOSTILE],
        ["show", article],
        ["show", article, "--json"],
        ["show", HOSTILE],
        ["bookmarks"],
        ["bookmarks", "--json"],
        ["unbookmark", HOSTILE],
        ["notes"],
        ["notes", "--json"],
        ["note", "add", article, HOSTILE, "--json"],
        ["note", "add", HOSTILE, "x"],
        ["export"],
        ["export", "--format", "json"],
        ["import-notes", str(bad_import)],
        ["people"],
        ["people", "--json"],
        ["people", "rename", HOSTILE_NAME, HOSTILE_NAME + "2"],
        ["people", "alias", HOSTILE_NAME + "2", HOSTILE],
        ["people", "split", HOSTILE],
        ["people", "hide", HOSTILE],
        ["people", "merge", HOSTILE, HOSTILE_NAME],
    ]
    for args in commands:
        code, out, err = run_main(capsys, "--db", d, *args)
        assert not LEAK.search(out + err), (args, out, err)
        assert "Traceback" not in err
    for args in (["--db", hostile_db, "list"], ["--db", hostile_db]):
        code, out, err = run_main(capsys, *args)
        assert code == 2 and not LEAK.search(out + err), (args, err)
        assert "a parent folder" in err and "is a file" in err and "File exists" not in err
    monkeypatch.setenv("READER_DB", hostile_db)
    code, out, err = run_main(capsys, "list")
    assert code == 2 and not LEAK.search(out + err), err


def test_json_escapes_controls_and_reads_back_exactly(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = first_id(db)
    assert main(["--db", str(db), "note", "add", article, HOSTILE]) == 0
    capsys.readouterr()
    code, out, _ = run_main(capsys, "--db", str(db), "export", "--format", "json")
    assert code == 0 and not LEAK.search(out) and "\u2028" not in out
    assert "\\u009b" in out and "\\u202e" in out and "\\u007f" in out
    assert json.loads(out)["notes"][0]["text"] == HOSTILE
    exported = tmp_path / "notes.json"
    exported.write_text(out, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert main(["--db", str(fresh), "import-notes", str(exported)]) == 0
    with Store.open(fresh) as store:
        assert [n.text for n in store.notes()] == [HOSTILE]


def test_markdown_export_is_the_cleaned_note(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = first_id(db)
    assert main(["--db", str(db), "note", "add", article, HOSTILE]) == 0
    capsys.readouterr()
    code, out, _ = run_main(capsys, "--db", str(db), "export")
    assert code == 0 and not LEAK.search(out)
    assert "said 31m red evil" not in out  # the CSI went whole, with its parameters
    assert " said  red evil \n end" in out


# -- arguments that are not UTF-8 --------------------------------------------------------

BAD = b"\xff".decode("utf-8", "surrogateescape")
BAD_QUOTE = b"\xed\xa0\x80".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["note", "add", "ID", BAD], "TEXT"),
        (["note", "add", "ID", "ok", "--quote", BAD_QUOTE], "--quote"),
        (["note", "add", BAD, "ok"], "ID"),
        (["show", BAD], "ID"),
        (["bookmark", BAD], "ID"),
        (["unbookmark", BAD], "ID"),
        (["list", "--person", BAD], "--person"),
        (["people", "rename", "Kanye West", BAD], "NEW"),
        (["people", "rename", BAD, "Ye"], "OLD"),
        (["people", "alias", "Kanye West", BAD], "ALIAS"),
        (["people", "merge", BAD, "Kanye West"], "FROM"),
        (["people", "merge", "Kanye West", BAD], "INTO"),
        (["people", "hide", BAD], "NAME"),
        (["people", "split", BAD], "ALIAS"),
    ],
)
def test_an_argument_that_is_not_utf8_is_one_line_naming_it(
    db: Path, capsys: pytest.CaptureFixture[str], args: list[str], named: str
) -> None:
    code, out, err = run_main(capsys, "--db", str(db), *args)
    assert code == 2 and out == ""
    assert err.startswith(f"reader: error: {named} is not valid UTF-8 text: ")
    assert err.count("\n") == 1 and "\\x" in err


def test_a_path_argument_may_be_any_bytes(tmp_path: Path, capsys) -> None:
    folder = tmp_path / f"in{BAD}"
    folder.mkdir()
    (folder / "a.txt").write_text("A title\n\nA body of a few words.\n", encoding="utf-8")
    code, _, err = run_main(capsys, "--db", str(tmp_path / f"n{BAD}.db"), "ingest", str(folder))
    assert code == 0, err


# -- export -o ---------------------------------------------------------------------------


def export_to(db: Path, target: Path, capsys) -> tuple[int, str]:
    code, out, err = run_main(capsys, "--db", str(db), "export", "-o", str(target))
    assert out == ""
    return code, err


def assert_refused(code: int, err: str, target: Path, reason: str) -> None:
    assert code == 2, err
    assert err.startswith(f"reader: error: {target}: cannot write the export (")
    assert reason in err and err.count("\n") == 1


def test_export_to_a_folder_or_a_missing_folder_is_one_line(db: Path, tmp_path: Path, capsys):
    folder = tmp_path / "adir"
    folder.mkdir()
    code, err = export_to(db, folder, capsys)
    assert_refused(code, err, folder, "it is a folder")
    assert list(tmp_path.glob("*partial*")) == []
    missing = tmp_path / "nowhere" / "out.md"
    code, err = export_to(db, missing, capsys)
    assert_refused(code, err, missing, f"the folder {missing.parent} does not exist")


def test_export_to_a_folder_one_may_not_write_is_one_line(db: Path, tmp_path: Path, capsys):
    from test_bad_db import unwritable

    folder = tmp_path / "locked"
    folder.mkdir()
    with unwritable(folder):
        code, err = export_to(db, folder / "out.md", capsys)
    assert_refused(code, err, folder / "out.md", f"you may not write to the folder {folder}")
    assert list(folder.iterdir()) == []


def test_export_never_overwrites_a_partial_file_and_replaces_the_target(db, tmp_path, capsys):
    target = tmp_path / "out.md"
    target.write_text("old export")
    partial = tmp_path / "out.md.partial"
    partial.write_text("someone's file")
    code, err = export_to(db, target, capsys)
    assert code == 0, err
    assert target.read_text().startswith("# Bookmarks and notes")
    assert partial.read_text() == "someone's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "out.md", "out.md.partial"]


def test_export_on_a_full_disk_is_one_line_and_leaves_nothing(db, tiny_disk, capsys) -> None:
    with Store.open(db) as store:
        store.add_note(store.page(0, 1)[0].id, "x" * 200_000)
    fill(tiny_disk)
    target = tiny_disk / "out.md"
    code, err = export_to(db, target, capsys)
    assert_refused(code, err, target, "the disk is full")
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"]


# -- the app's unexpected errors ----------------------------------------------------------


def test_an_unexpected_error_in_the_app_exits_non_zero_naming_the_crash_log(
    db: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    from reader.app.app import ReaderApp

    def boom(self: ReaderApp) -> None:
        raise RuntimeError("a handler failed")

    run = ReaderApp.run
    monkeypatch.setattr(ReaderApp, "run", lambda self: run(self, headless=True, size=(100, 30)))
    monkeypatch.setattr(ReaderApp, "_start_collector", boom)  # called soon after mount
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(cli, "_on_a_terminal", lambda: True)  # headless, under pytest
    code = main(["--db", str(db)])
    err = capsys.readouterr().err
    log = tmp_path / "state" / "termnews-reader" / "crash.log"
    assert code == 1
    last = err.rstrip("\n").splitlines()[-1]
    assert last == (
        "reader: error: the app stopped on an unexpected error (RuntimeError); "
        f"the details are in {log}"
    )
    assert "RuntimeError: a handler failed" in log.read_text()
    assert cli.EXIT_SKIPPED == 1
