"""The ``reader`` command line, called as a script would call it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BBC_STYLE, REPO, SEEDS, TITLE_000, TITLE_003, write

from reader import __version__
from reader.cli import main


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
