"""``reader config``: where the file is, what it sets and whence, every key, a template."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import SEEDS, write
from test_cli import run as run_reader

from reader.app.app import ReaderApp
from reader.app.commands import registry
from reader.cli import main
from reader.config import load
from reader.core import Store
from reader.types import OLDEST, ListPrefs


def run(*args: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``reader`` as a person runs it, with ``READER_CONFIG`` naming ``config``."""
    env = dict(os.environ)
    if config is not None:
        env["READER_CONFIG"] = str(config)
    return run_reader(*args, env=env)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return write(
        tmp_path / "config.toml",
        'theme = "nord"\n[keys]\nmain.bookmark = "z"\nlist.next = ["down", "ctrl+j"]\n',
    )


def test_path_prints_the_file_in_use_there_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path}/xdg/termnews-reader/config.toml\n"
    result = run("config", "path", config=tmp_path / "env.toml")
    assert (result.returncode, result.stdout) == (0, f"{tmp_path}/env.toml\n")
    result = run("--config", str(tmp_path / "opt.toml"), "config", "path", config=tmp_path / "e")
    assert result.stdout == f"{tmp_path}/opt.toml\n"  # the option wins


def test_show_says_each_setting_and_where_it_comes_from(config_file: Path, db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.set_setting("feeds.refresh_minutes", "5")  # as the app keeps it
        store.set_setting("theme", "dracula")  # chosen with t: the file's theme wins
        store.save_list_prefs(ListPrefs(OLDEST, compact=True))  # chosen with = and c
    result = run("--db", str(db_path), "config", "show", config=config_file)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == f"# {config_file}"
    assert lines[1].startswith('theme = "nord"') and lines[1].endswith("# from the file")
    assert lines[2].startswith("refresh_minutes = 5") and "from the database" in lines[2]
    assert lines[3].startswith("mark_read_on_preview = false") and "default" in lines[3]
    assert lines[4].startswith('sort = "oldest"') and "from the database" in lines[4]
    assert lines[5].startswith("compact_list = true") and "from the database" in lines[5]
    assert lines[6].startswith("search_history = true") and "default" in lines[6]
    assert lines[7:] == [
        "[keys]  # `reader config keys` lists every key",
        '"main.bookmark" = "z"',
        '"list.next" = "down,ctrl+j"',
    ]
    result = run("--db", str(db_path), "config", "show", "--json", config=config_file)
    assert json.loads(result.stdout) == {
        "path": str(config_file),
        "exists": True,
        "settings": {
            "theme": {"value": "nord", "source": "file"},
            "refresh_minutes": {"value": 5, "source": "database"},
            "mark_read_on_preview": {"value": False, "source": "default"},
            "sort": {"value": "oldest", "source": "database"},
            "compact_list": {"value": True, "source": "database"},
            "search_history": {"value": True, "source": "default"},
        },
        "keys": {"main.bookmark": ["z"], "list.next": ["down", "ctrl+j"]},
        "issues": [],
    }


def test_show_without_a_file_or_a_database_gives_the_defaults(tmp_path: Path, capsys) -> None:
    missing_db = tmp_path / "no.db"
    assert main(["--db", str(missing_db), "config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["exists"] is False and shown["issues"] == [] and shown["keys"] == {}
    assert shown["settings"]["refresh_minutes"] == {"value": 15, "source": "default"}
    assert shown["settings"]["theme"] == {"value": "textual-dark", "source": "default"}
    assert not missing_db.exists()  # no database is made


def test_a_bad_file_is_one_line_per_entry_on_stderr_and_exit_1(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "config.toml",
        'theme = "nrod"\nrefresh_minutes = -3\n[keys]\nmain.bookmarkk = "z"\nmain.notes = "b"\n',
    )
    result = run("config", "show", config=bad)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"reader: {bad}: refresh_minutes: must be from 0 (no automatic refresh) to 10080, "
        "not -3; the default is used",
        f"reader: {bad}: [keys] main.bookmarkk: no such key binding (did you mean main.bookmark?)",
        f'reader: {bad}: [keys] main.notes: "b" is already the key of main.bookmark '
        "(Bookmark); its default key (m) is used",
        f'reader: {bad}: theme: no such theme "nrod" (did you mean nord?); the default is used',
    ]
    assert 'theme = "textual-dark"' in result.stdout  # and the rest is shown
    garbled = write(tmp_path / "garbled.toml", "[keys\n")
    result = run("config", "show", config=garbled)
    assert result.returncode == 1
    assert result.stderr.startswith(f"reader: {garbled}:1: not TOML (")


def test_keys_lists_every_binding_with_its_keys_in_force(config_file: Path, capsys) -> None:
    result = run("config", "keys", "--json", config=config_file)
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert list(rows) == list(registry(ReaderApp))  # every one, in help's order
    assert rows["main.bookmark"] == {
        "id": "main.bookmark",
        "keys": ["z"],
        "default": ["b"],
        "source": "file",
        "description": "Bookmark",
        "section": "Everywhere",
    }
    assert rows["list.next"]["keys"] == ["down", "ctrl+j"]
    assert rows["main.search"]["keys"] == ["/"] and rows["main.search"]["source"] == "default"
    assert rows["app.help"]["keys"] == ["?"]
    text = run("config", "keys", config=config_file).stdout.splitlines()
    assert "Everywhere" in text
    bookmark = next(line for line in text if line.strip().startswith("main.bookmark "))
    assert bookmark.split() == ["main.bookmark", "z", "Bookmark", "(default:", "b)"]


def test_init_writes_a_template_that_changes_nothing_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    target = tmp_path / "xdg" / "termnews-reader" / "config.toml"
    assert main(["config", "init"]) == 0  # its folder is made
    assert capsys.readouterr().out.startswith(f"wrote {target}")
    written = target.read_text(encoding="utf-8")
    template = load(target)
    assert template.issues == () and template.values == {} and template.keys == {}
    for binding_id in registry(ReaderApp):
        assert f'# "{binding_id}" ' in written
    # Uncommenting a line is enough.
    target.write_text(written.replace('# "main.bookmark"', '"main.bookmark"'), encoding="utf-8")
    assert load(target).keys == {"main.bookmark": "b"}
    before = target.read_text(encoding="utf-8")
    assert main(["config", "init"]) == 1
    assert "is already there; nothing was written" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == before


def test_init_at_a_named_path_in_no_folder_says_so_in_one_line(tmp_path: Path) -> None:
    result = run("--config", str(tmp_path / "none" / "c.toml"), "config", "init")
    assert result.returncode == 2
    assert result.stderr == (
        f"reader: error: {tmp_path}/none/c.toml: cannot write the config file "
        "(No such file or directory)\n"
    )


def test_config_needs_no_database(tmp_path: Path, config_file: Path) -> None:
    result = run("--db", str(tmp_path / "missing.db"), "config", "keys", config=config_file)
    assert result.returncode == 0 and "main.bookmark" in result.stdout
    assert not (tmp_path / "missing.db").exists()


def test_the_app_is_given_the_file_the_option_names(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader import cli

    with Store.open(db_path) as store:
        store.import_files([SEEDS])
    chosen = write(tmp_path / "mine.toml", "refresh_minutes = 7\n")
    given = {}

    class Stop(Exception):
        pass

    def fake_make_app(store, **kwargs):  # type: ignore[no-untyped-def]
        given.update(kwargs)
        raise Stop

    import reader.app

    monkeypatch.setattr(reader.app, "make_app", fake_make_app)
    monkeypatch.setattr(cli, "_on_a_terminal", lambda: True)
    with pytest.raises(Stop):
        cli.main(["--db", str(db_path), "--config", str(chosen)])
    assert given["config"].path == chosen and given["config"].values == {"refresh_minutes": 7}
