"""The config file read and checked: its settings, its keys, and one line for each thing
wrong, with the default used for that entry (every default for a file that is not TOML)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from textual.binding import Binding

from reader import paths
from reader.app.app import ReaderApp
from reader.app.commands import registry
from reader.app.screens.main import MainScreen
from reader.app.settings import check_keys, check_theme, normal_key, theme_names
from reader.config import REFRESH_MINUTES, THEME, Config, load, loads

FILE = Path("/tmp/reader-test/config.toml")


def read(text: str) -> Config:
    return loads(text, FILE)


def test_a_good_file_gives_its_settings_and_keys_and_no_issue() -> None:
    config = read(
        """
        theme = "nord"
        refresh_minutes = 30

        [keys]
        main.bookmark = "z"                # a dotted key
        "list.next" = ["down", "J"]
        "list.previous" = "up, K"

        [keys.reader]                      # a table of its own
        down = "ctrl+n"
        """
    )
    assert config.issues == ()
    assert config.get(THEME) == "nord" and config.get(REFRESH_MINUTES) == 30
    assert config.keys == {
        "main.bookmark": "z",
        "list.next": "down,J",
        "list.previous": "up,K",
        "reader.down": "ctrl+n",
    }


def test_a_file_that_is_not_toml_is_one_line_with_its_line_and_every_default() -> None:
    config = read('theme = "nord"\n\nrefresh_minutes = = 3\n[keys]\nmain.bookmark = "z"\n')
    assert config.issues == (
        f"{FILE}:3: not TOML (invalid value, column 19); the defaults are used",
    )
    assert config.values == {} and config.keys == {}
    assert config.in_force(REFRESH_MINUTES) == (15, "default")
    unterminated = read('theme = "nord\n')
    assert unterminated.issues[0].startswith(f"{FILE}:1: not TOML (")


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('refresh_minutes = "15"', 'refresh_minutes: must be a whole number, not "15" (text)'),
        ("refresh_minutes = true", "refresh_minutes: must be a whole number, not true"),
        ("refresh_minutes = 1.5", "refresh_minutes: must be a whole number, not 1.5"),
        ("refresh_minutes = -1", "refresh_minutes: must be from 0 (no automatic refresh) to"),
        ("refresh_minutes = 100000", "refresh_minutes: must be from 0 (no automatic refresh)"),
        ("theme = 5", "theme: must be text in quotes, not 5"),
        ("themes = 'nord'", "themes: no such setting (did you mean theme?)"),
        (
            "colour = 1",
            "colour: no such setting (the settings are theme, refresh_minutes, "
            "mark_read_on_preview, sort, compact_list, search_history)",
        ),
        ('main.bookmark = "z"', "main: no such setting (key bindings go under [keys])"),
        ("keys = 3", "keys: must be a table ([keys] and lines like"),
        ("[keys]\nmain.bookmark = 5", "[keys] main.bookmark: must be a key"),
        ("[keys]\nmain.bookmark = ['z', 3]", "[keys] main.bookmark: must be a key"),
        ("[keys]\nmain.bookmark = ''", '[keys] main.bookmark: must be a key ("z") or a list'),
        ("[keys]\nmain.bookmark = []", "[keys] main.bookmark: must be a key"),
        ("[keys]\nmain.bookmark = 'z,,b'", '[keys] main.bookmark: must be a key ("z") or a list'),
        (
            '[keys]\nmain.bookmark = "z"\n"main.bookmark" = "y"',
            "[keys] main.bookmark: given twice; the first is used",
        ),
    ],
)
def test_each_wrong_entry_is_one_line_naming_the_file_and_entry_and_the_rest_is_used(
    line: str, why: str
) -> None:
    # The good entries, before and after the wrong one, are kept.
    if line.startswith("theme"):
        text = f"{line}\n[keys]\nlist.open = 'o'\n"
    elif line.startswith("[keys]") or line.startswith("keys"):
        text = f"theme = 'nord'\n{line}\n"
    else:
        text = f"theme = 'nord'\n{line}\n[keys]\nlist.open = 'o'\n"
    config = read(text)
    assert len(config.issues) == 1, config.issues
    assert config.issues[0].startswith(f"{FILE}: {why}"), config.issues[0]
    assert "\n" not in config.issues[0]
    if not line.startswith("theme"):
        assert config.get(THEME) == "nord"
    assert config.get(REFRESH_MINUTES) is None
    assert config.in_force(REFRESH_MINUTES) == (15, "default")


def test_an_entry_with_control_characters_is_named_escaped() -> None:
    config = read('"\\u001b[31mred" = 1\n')
    assert config.issues == (
        f'{FILE}: "\\u001b[31mred": no such setting (the settings are theme, refresh_minutes, '
        "mark_read_on_preview, sort, compact_list, search_history)",
    )


def test_the_file_wins_then_the_database_then_the_default() -> None:
    assert read("refresh_minutes = 0").in_force(REFRESH_MINUTES, "5") == (0, "file")
    assert read("").in_force(REFRESH_MINUTES, "5") == (5, "database")
    assert read("").in_force(REFRESH_MINUTES, "soon") == (15, "default")
    assert read("").in_force(REFRESH_MINUTES, None) == (15, "default")
    assert read("theme = 'nord'").in_force(THEME, "dracula") == ("nord", "file")
    assert read("").in_force(THEME, "dracula") == ("dracula", "database")
    assert read("").in_force(THEME) == ("textual-dark", "default")


def test_files_that_cannot_be_read_are_one_line_and_every_default(tmp_path: Path) -> None:
    missing = tmp_path / "none.toml"
    assert load(missing).issues == ()  # the default file need not be there
    assert load(missing, named=True).issues == (f"{missing}: no such file; the defaults are used",)
    assert load(tmp_path).issues == (f"{tmp_path}: not a file; the defaults are used",)
    latin = write(tmp_path / "latin.toml", b'theme = "nord"\n# caf\xe9\n')
    assert load(latin).issues == (f"{latin}:2: not UTF-8 text; the defaults are used",)
    big = write(tmp_path / "big.toml", "# " + "x" * (1 << 20) + "\n")
    assert load(big).issues == (f"{big}: larger than 1024 KB; the defaults are used",)
    bom = write(tmp_path / "bom.toml", "\ufefftheme = 'nord'\n")
    assert load(bom).get(THEME) == "nord" and load(bom).issues == ()


def test_the_file_is_the_option_then_the_environment_then_xdg_then_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert paths.resolve_config_path() == (
        tmp_path / "xdg" / "termnews-reader" / "config.toml",
        False,
    )
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.resolve_config_path() == (
        tmp_path / "home" / ".config" / "termnews-reader" / "config.toml",
        False,
    )
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "env.toml"))
    assert paths.resolve_config_path() == (tmp_path / "env.toml", True)
    assert paths.resolve_config_path(str(tmp_path / "option.toml")) == (
        tmp_path / "option.toml",
        True,
    )


# -- checked against the app -------------------------------------------------------------


def keys(text: str) -> tuple[Config, dict[str, str]]:
    return check_keys(read("[keys]\n" + text), ReaderApp)


def test_a_key_of_a_binding_id_that_exists_goes_to_textuals_keymap() -> None:
    config, keymap = keys('main.bookmark = "z"\napp.help = "?,f2"\nlist.next = "Ctrl+N"')
    assert config.issues == ()
    assert keymap == {"main.bookmark": "z", "app.help": "question_mark,f2", "list.next": "ctrl+N"}


def test_an_unknown_binding_id_is_named_with_the_closest_one() -> None:
    config, keymap = keys('main.bookmarkk = "z"\nnothing.like.it = "y"')
    assert config.issues == (
        f"{FILE}: [keys] main.bookmarkk: no such key binding (did you mean main.bookmark?)",
        f"{FILE}: [keys] nothing.like.it: no such key binding (`reader config keys` lists them)",
    )
    assert keymap == {} and config.keys == {}


def test_a_name_that_is_no_key_leaves_the_binding_its_default() -> None:
    config, keymap = keys('main.bookmark = "bee"\nmain.notes = "ctrl+shift+ctrl+m"')
    assert config.issues[0] == (
        f'{FILE}: [keys] main.bookmark: "bee" is not a key (keys are written "z", "Z", '
        '"ctrl+b", "?", "f5", "pageup"); its default key (b) is used'
    )
    assert len(config.issues) == 2 and keymap == {}


def test_a_key_another_binding_has_on_the_same_screen_is_refused_not_shadowed() -> None:
    config, keymap = keys('main.bookmark = "m"')  # m: all notes, on the main screen
    assert config.issues == (
        f'{FILE}: [keys] main.bookmark: "m" is already the key of main.notes (All notes); '
        "its default key (b) is used",
    )
    assert keymap == {}
    # The app's keys work over the main screen, and its widgets' keys too.
    config, _ = keys('list.open = "t"')
    assert '"t" is already the key of app.theme' in config.issues[0]
    # Two bindings given one key: the later in the file keeps its default.
    config, keymap = keys('main.bookmark = "z"\nmain.notes = "z"')
    assert config.issues == (
        f'{FILE}: [keys] main.notes: "z" is already the key of main.bookmark (Bookmark); '
        "its default key (m) is used",
    )
    assert keymap == {"main.bookmark": "z"}


def test_keys_of_different_screens_or_swapped_do_not_clash() -> None:
    # r renames in the people panel; on the main screen it is free, and b is the main
    # screen's bookmark, not the people panel's.
    config, keymap = keys('people.rename = "b"\nmain.bookmark = "m"\nmain.notes = "b"')
    assert config.issues == ()
    assert keymap == {"people.rename": "b", "main.bookmark": "m", "main.notes": "b"}


def test_moving_one_of_two_bindings_of_a_key_leaves_the_other_on_it() -> None:
    """q leaves an article on a narrow screen and quits from the list: moving quit to Q
    keeps q leaving the article (Textual would take q from both)."""
    config, keymap = keys('main.quit = "Q"')
    assert config.issues == ()
    assert keymap == {"main.quit": "Q", "main.leave_article": "q"}


def test_a_binding_added_to_a_screen_can_be_remapped_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ids come from the screens' bindings when the file is checked: none is listed."""
    assert "main.tested_here" not in registry(ReaderApp)
    added = Binding("ctrl+t", "bell", "Added later", id="main.tested_here")
    monkeypatch.setattr(MainScreen, "BINDINGS", [*MainScreen.BINDINGS, added])
    config, keymap = keys('main.tested_here = "ctrl+u"')
    assert config.issues == () and keymap == {"main.tested_here": "ctrl+u"}
    assert "main.tested_here" in registry(ReaderApp)


def test_a_theme_the_app_does_not_have_is_refused_with_the_closest() -> None:
    config = check_theme(read('theme = "nrod"\nrefresh_minutes = 5'), theme_names())
    assert config.issues == (
        f'{FILE}: theme: no such theme "nrod" (did you mean nord?); the default is used',
    )
    assert config.get(THEME) is None and config.get(REFRESH_MINUTES) == 5
    assert check_theme(read('theme = "nord"'), theme_names()).issues == ()


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("z", "z"),
        ("Z", "Z"),
        ("?", "question_mark"),
        ("/", "slash"),
        ("@", "at"),
        (">", "greater_than_sign"),
        ("space", "space"),
        ("PageDown", "pagedown"),
        ("F5", "f5"),
        ("Ctrl+B", "ctrl+B"),
        ("shift+ctrl+up", "ctrl+shift+up"),
        ("ctrl+question_mark", "ctrl+question_mark"),
        ("é", "é"),
        ("bee", None),
        ("ctrl+", None),
        ("ctrl+ctrl+a", None),
        ("hyperspace+a", None),
        ("<any>", None),
        ("\x1b", None),
    ],
)
def test_keys_are_read_as_textual_names_them(written: str, key: str | None) -> None:
    assert normal_key(written) == key


def test_every_binding_with_an_id_is_in_help_and_can_be_remapped() -> None:
    """A class of the reader that declares a binding with an id has it in the registry
    (help, the palette, `reader config keys` and the config file): a screen left out of
    :data:`reader.app.commands.SECTIONS` would have keys no one can look up or move."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import reader.app

    for module in pkgutil.walk_packages(reader.app.__path__, "reader.app."):
        importlib.import_module(module.name)
    known = set(registry(ReaderApp))
    todo, missing = [DOMNode], []
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if not cls.__module__.startswith("reader."):
            continue
        for item in vars(cls).get("BINDINGS", []):
            binding = item if isinstance(item, Binding) else Binding(*item)
            if binding.id is not None and binding.id not in known:
                missing.append(f"{cls.__name__}: {binding.id}")
    assert missing == []
