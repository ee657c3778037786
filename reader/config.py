"""The config file: the settings and the keys the user chose, read and checked.

``config.toml`` (where it is: :func:`reader.paths.resolve_config_path`) holds the
settings at its top level and key bindings, by binding id, under ``[keys]``::

    theme = "nord"
    refresh_minutes = 30

    [keys]
    "main.bookmark" = "z"            # main.bookmark = "z" is the same (a dotted key)
    "list.next" = ["down", "J"]      # or "down,J"

Reading never fails and never stops the reader: each thing wrong is one line in
:attr:`Config.issues` naming the file, the entry and why, and that entry keeps its
default; a file that cannot be read, or is not TOML at all, is one line and every
default. The settings are :data:`SETTINGS`: a new one is a :class:`Setting` here and
its use where it applies. Whether a binding id, a key name or a theme exists is for the
app to say (:mod:`reader.app.settings`), since those are Textual's: this module loads
no UI.
"""

from __future__ import annotations

import difflib
import json
import re
import stat
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, cast

from reader.clean import clean_path
from reader.records import Record, field, replace
from reader.types import ORDERS

T = TypeVar("T")

#: Where a setting in force came from.
Source = Literal["file", "database", "default"]
#: A bigger file is not a config file (and is not read whole to find out).
MAX_BYTES = 1 << 20
#: The table of key bindings.
KEYS = "keys"


class Setting(Generic[T], Record):
    """One setting of the config file: its name there, its TOML type and its default.

    ``stored_as`` is the database setting the app also keeps it in (the theme chosen with
    ``t``), used when the file does not set it; ``check`` says why a value of the right
    type is refused (None: it is fine).
    """

    name: str
    kind: type[T]
    default: T | None
    help: str
    stored_as: str | None = None
    check: Callable[[T], str | None] | None = None

    def read(self, value: object) -> tuple[T | None, str | None]:
        """``value`` from the file as this setting's, or None and why it is refused."""
        if not isinstance(value, self.kind) or (self.kind is int and isinstance(value, bool)):
            return None, f"must be {_KINDS.get(self.kind, self.kind.__name__)}, not {_toml(value)}"
        problem = self.check(value) if self.check is not None else None
        return (None, problem) if problem else (value, None)

    def from_stored(self, text: str | None) -> T | None:
        """The database's text for this setting as a value, None if unset or not one."""
        if text is None:
            return None
        value: object = text
        if self.kind is int:
            value = int(text) if text.strip().isdigit() else None
        elif self.kind is bool:
            value = {"1": True, "0": False}.get(text)
        return self.read(value)[0] if value is not None else None


_KINDS: dict[type, str] = {int: "a whole number", str: "text in quotes", bool: "true or false"}


def between(low: int, high: int, meaning: str = "") -> Callable[[int], str | None]:
    """A check of a whole number from ``low`` to ``high``; ``meaning`` says what ``low`` does."""

    def check(value: int) -> str | None:
        if low <= value <= high:
            return None
        return f"must be from {low}{meaning} to {high}, not {value}"

    return check


THEME: Setting[str] = Setting(
    "theme",
    str,
    "textual-dark",
    "the colour theme at start (t in the app shows them all, and changes it until you quit)",
    stored_as="theme",
)
REFRESH_MINUTES: Setting[int] = Setting(
    "refresh_minutes",
    int,
    15,
    "minutes between two refreshes of the feeds that are due, while the app runs "
    "(0: none, not even at start)",
    stored_as="feeds.refresh_minutes",
    check=between(0, 10080, " (no automatic refresh)"),
)
MARK_READ_ON_PREVIEW: Setting[bool] = Setting(
    "mark_read_on_preview",
    bool,
    False,
    "an article shown in the reading pane as the cursor rests on it is read, as if opened "
    "(newsboat's mark-as-read-on-hover)",
)

SEARCH_HISTORY: Setting[bool] = Setting(
    "search_history",
    bool,
    True,
    "the search box keeps the searches you go to the results of (Up brings them back); "
    "false: it keeps none, and forgets those it kept at the next start",
)


def one_of(names: Sequence[str]) -> Callable[[str], str | None]:
    """A check of a word that must be one of ``names``."""

    def check(value: str) -> str | None:
        if value in names:
            return None
        return f"must be one of {', '.join(json.dumps(n) for n in names)}, not {_toml(value)}"

    return check


SORT: Setting[str] = Setting(
    "sort",
    str,
    ORDERS[0],
    "the article list's order at start: newest first, oldest first, or by source "
    '("newest", "oldest", "source"; = in the app changes it until you quit)',
    stored_as="list.order",
    check=one_of(ORDERS),
)
COMPACT_LIST: Setting[bool] = Setting(
    "compact_list",
    bool,
    False,
    "one line per article in the list at start (c in the app changes it until you quit)",
    stored_as="list.compact",
)

#: Every setting of the config file, in the order ``reader config show`` lists them.
SETTINGS: tuple[Setting[Any], ...] = (
    THEME,
    REFRESH_MINUTES,
    MARK_READ_ON_PREVIEW,
    SORT,
    COMPACT_LIST,
    SEARCH_HISTORY,
)


class Config(Record):
    """What the config file says: its valid settings, its key bindings and its issues.

    ``values`` holds only the settings the file sets, and sets well; ``keys`` maps a
    binding id to its keys, comma-separated as Textual writes them (``"z,ctrl+b"``).
    ``issues`` are one line each, for the user, already safe to print.
    """

    path: Path | None = None
    exists: bool = False
    values: Mapping[str, object] = field(default_factory=dict)
    keys: Mapping[str, str] = field(default_factory=dict)
    issues: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """The file as the issues name it."""
        return shown_path(self.path) if self.path is not None else "config"

    def get(self, setting: Setting[T]) -> T | None:
        """The setting as the file sets it, or None."""
        return cast("T | None", self.values.get(setting.name))

    def in_force(self, setting: Setting[T], stored: str | None = None) -> tuple[T | None, Source]:
        """The setting's value and where it comes from: the file, else the database's
        ``stored`` text, else the default (None: the app's own)."""
        value = self.get(setting)
        if value is not None:
            return value, "file"
        value = setting.from_stored(stored)
        if value is not None:
            return value, "database"
        return setting.default, "default"

    def issue(self, entry: str, why: str) -> str:
        """One line naming this file, ``entry`` (a setting, or ``[keys] id``) and ``why``."""
        return clean_path(f"{self.shown}: {entry}: {why}")

    def without_setting(self, name: str, why: str) -> Config:
        """This config with the setting ``name`` refused (its default is used), and why."""
        values = {k: v for k, v in self.values.items() if k != name}
        return replace(self, values=values, issues=(*self.issues, self.issue(name, why)))

    def without_keys(self, refused: Mapping[str, str]) -> Config:
        """This config with the key bindings in ``refused`` (id: why) left at their defaults."""
        keys = {k: v for k, v in self.keys.items() if k not in refused}
        lines = tuple(self.issue(f"[{KEYS}] {k}", why) for k, why in refused.items())
        return replace(self, keys=keys, issues=(*self.issues, *lines))


def shown_path(path: Path) -> str:
    """``path`` for a message: the home folder as ``~``, escaped."""
    try:
        text = "~/" + str(path.relative_to(Path.home()))
    except (ValueError, RuntimeError):  # elsewhere, or no home folder
        text = str(path)
    return clean_path(text)


def load(path: Path, *, named: bool = False) -> Config:
    """Read and check the config file at ``path``; never raises.

    A missing file is no config, and an issue only if the user ``named`` it (a file
    they named should be there).
    """
    empty = Config(path)
    whole = "the defaults are used"
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return _refused(empty, f"not a file; {whole}")
        if info.st_size > MAX_BYTES:
            return _refused(empty, f"larger than {MAX_BYTES // 1024} KB; {whole}")
        data = path.read_bytes()
    except FileNotFoundError:
        return _refused(empty, f"no such file; {whole}") if named else empty
    except OSError as exc:
        return _refused(empty, f"cannot be read ({exc.strerror or exc}); {whole}")
    empty = replace(empty, exists=True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _refused(empty, f"not UTF-8 text; {whole}", line)
    return loads(text, path)


def loads(text: str, path: Path | None = None) -> Config:
    """Check the config file's ``text`` (``path`` names it in the issues)."""
    import tomllib  # here, not at the top: without a config file the app never needs it

    config = Config(path, exists=path is not None)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = _toml_error(str(exc), text.rstrip().count("\n") + 1)
        return _refused(config, f"not TOML ({message}); the defaults are used", line)
    values: dict[str, object] = {}
    keys: dict[str, str] = {}
    issues: list[str] = []
    settings = {setting.name: setting for setting in SETTINGS}
    for name, value in data.items():
        if name == KEYS:
            issues.extend(_read_keys(config, value, keys))
            continue
        setting = settings.get(name)
        if setting is None:
            issues.append(config.issue(_key(name), _unknown_setting(name, value)))
            continue
        good, why = setting.read(value)
        if why is not None:
            issues.append(config.issue(name, f"{why}; the default is used"))
        else:
            values[name] = good
    return replace(config, values=values, keys=keys, issues=tuple(issues))


def _refused(config: Config, why: str, line: int | None = None) -> Config:
    where = config.shown if line is None else f"{config.shown}:{line}"
    return replace(config, issues=(clean_path(f"{where}: {why}"),))


def _toml_error(message: str, last_line: int) -> tuple[str, int | None]:
    """tomllib's "Invalid value (at line 3, column 10)" as ("invalid value, column 10", 3);
    an error "at end of document" is on the ``last_line``."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found is None:
        text, end, _ = message.partition(" (at end of document)")
        return text[:1].lower() + text[1:] + (
            " at the end" if end else ""
        ), last_line if end else None
    text = message[: found.start()]
    return f"{text[:1].lower()}{text[1:]}, column {found.group(2)}", int(found.group(1))


def _unknown_setting(name: str, value: object) -> str:
    names = [setting.name for setting in SETTINGS]
    close = difflib.get_close_matches(name, [*names, KEYS], n=1)
    if close:
        hint = f"did you mean {close[0]}?"
    elif isinstance(value, dict):
        hint = "key bindings go under [keys]"
    else:
        hint = f"the settings are {', '.join(names)}"
    return f"no such setting ({hint})"


def _read_keys(config: Config, table: object, keys: dict[str, str]) -> Iterator[str]:
    """The ``[keys]`` table into ``keys`` (binding id: keys), and the issues found."""
    if not isinstance(table, dict):
        yield config.issue(
            KEYS,
            f'must be a table ([keys] and lines like "main.bookmark" = "z"), '
            f"not {_toml(table)}; the default keys are used",
        )
        return
    for binding_id, value in _flatten(table):
        entry = f"[{KEYS}] {_key(binding_id)}"
        if binding_id in keys:
            yield config.issue(entry, "given twice; the first is used")
            continue
        given, why = _key_list(value)
        if why is not None:
            yield config.issue(entry, f"{why}; its default key is used")
        else:
            keys[binding_id] = given


def _flatten(table: Mapping[str, object], prefix: str = "") -> Iterator[tuple[str, object]]:
    """``main.bookmark = "z"`` is ``{"main": {"bookmark": "z"}}`` in TOML: the id is the
    dotted path."""
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _key_list(value: object) -> tuple[str, str | None]:
    """A binding's keys from the file ("z", "z,ctrl+b" or ["z", "ctrl+b"]) as "z,ctrl+b"."""
    shape = 'must be a key ("z") or a list of keys (["z", "ctrl+b"])'
    if isinstance(value, str):
        items: Sequence[object] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        return "", f"{shape}, not {_toml(value)}"
    if not all(isinstance(item, str) for item in items):
        return "", f"{shape}, not {_toml(value)}"
    keys = [cast(str, item).strip() for item in items]
    if not any(keys):
        return "", f"{shape}, not {_toml(value)}"
    if not all(keys):
        return "", f"{shape}; {_toml(value)} has an empty one"
    return ",".join(keys), None


def _key(name: str) -> str:
    """A TOML key as written in the file: bare if it can be, else quoted."""
    return name if re.fullmatch(r"[A-Za-z0-9_.-]+", name) else json.dumps(name, ensure_ascii=False)


def _toml(value: object) -> str:
    """A value as the file wrote it, shortened, with its type when that is the point."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value if len(value) <= 40 else value[:40] + "…", ensure_ascii=False)
        return f"{text} (text)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"[{', '.join(_toml(item).removesuffix(' (text)') for item in value[:5])}]"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


# -- the template ------------------------------------------------------------------------


def template(sections: Sequence[tuple[str, Sequence[tuple[str, str, str]]]]) -> str:
    """A config file that changes nothing: every setting and every key binding (each
    section's ``(binding id, keys, what it does)``), with its default, commented out."""
    lines = [
        "# termnews-reader's config file. Every line is commented out: remove the # of",
        "# those you want to change. `reader config show` checks it.",
        "",
    ]
    for setting in SETTINGS:
        lines += textwrap.wrap(
            setting.help[:1].upper() + setting.help[1:] + ".",
            86,
            initial_indent="# ",
            subsequent_indent="# ",
        )
        lines += [f"# {setting.name} = {literal(setting.default)}", ""]
    lines += [
        '# Keys, by binding id: a key ("z", "ctrl+b", "?", "f5"), or several',
        '# (["down", "j"]). Each binding keeps its other keys only if you list them.',
        f"[{KEYS}]",
    ]
    every = [binding for _, bindings in sections for binding in bindings]
    width = max((len(binding_id) for binding_id, _, _ in every), default=0) + 2
    key_width = max((len(keys) for _, keys, _ in every), default=0) + 2
    for title, bindings in sections:
        lines.append(f"# -- {title}")
        for binding_id, keys, description in bindings:
            name = json.dumps(binding_id).ljust(width)
            lines.append(f"# {name} = {json.dumps(keys).ljust(key_width)} # {description}")
    return "\n".join(lines) + "\n"


def literal(value: object) -> str:
    """``value`` as TOML writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
