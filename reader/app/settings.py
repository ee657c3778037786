"""The config file checked against the app: its binding ids, key names and themes.

:mod:`reader.config` reads the file; whether what it names exists is for the app to say.
The binding ids are those of every binding of the reader's screens and widgets, found at
run time through :mod:`reader.app.commands` (the registry help and the palette are made
from; imported only when the file remaps a key), never listed here; key names and
themes are Textual's. :func:`check_keys` refuses, one line each, an unknown id, a name
that is no key, and a key that another binding already has where both work (on one
screen, or the app's own keys anywhere but over a modal screen): that binding keeps its
default key, rather than one of the two silently taking the other's. What passes
becomes the keymap given to Textual's ``App.set_keymap``, which applies it to every
screen's and widget's bindings.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.keys import Keys, format_key
from textual.screen import ModalScreen

from reader.config import THEME, Config
from reader.config import template as config_template
from reader.records import Record

if TYPE_CHECKING:
    from reader.app.commands import Target

#: Modifiers as Textual names them, in the order it writes them ("ctrl+shift+up").
MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
#: Keys with names of their own; characters are named by themselves or Textual's name
#: for them ("question_mark").
NAMED_KEYS = frozenset(
    key.value for key in Keys if "+" not in key.value and not key.value.startswith("<")
)
KEY_EXAMPLES = '"z", "Z", "ctrl+b", "?", "f5", "pageup"'


def normal_key(text: str) -> str | None:
    """``text`` as Textual names the key ("?" is "question_mark", "Ctrl+B" is
    "ctrl+B"), or None if no key is called that."""
    text = text.strip()
    if len(text) == 1:
        return _character(text)
    *modifiers, base = text.split("+")
    modifiers = [modifier.lower() for modifier in modifiers]
    if not all(m in MODIFIERS for m in modifiers) or len(set(modifiers)) < len(modifiers):
        return None
    if len(base) == 1:
        base = _character(base) or ""
    elif base.lower() in NAMED_KEYS:
        base = base.lower()
    elif len(format_key(base)) != 1 or base.startswith("<"):
        return None  # not the name of a character either
    return "+".join([*sorted(modifiers), base]) if base else None


def _character(text: str) -> str | None:
    if not text.isprintable():
        return None
    return next(iter(Binding.make_bindings([Binding(text, "")]))).key


def config_key(key: str) -> str:
    """A key as the config file may write it: a character as itself ("?"), the rest by
    name ("ctrl+b", "space")."""
    if key in NAMED_KEYS:
        return key  # "enter", not Textual's "⏎"
    shown = format_key(key)
    return shown if len(shown) == 1 and not shown.isspace() else key


class Bound(Record):
    """A binding a class of the reader declares, where it works, with its default keys."""

    id: str | None
    action: str
    description: str
    keys: tuple[str, ...]
    owner: type
    target: Target

    def named(self) -> str:
        if self.id is None:
            return f"{self.owner.__name__}'s {self.action}"
        return f"{self.id} ({self.description})" if self.description else self.id


def declared(app: type[App[Any]]) -> list[Bound]:
    """Every binding the reader's own classes declare (not Textual's), described or not,
    with the target of the help section it is listed in."""
    from reader.app.commands import SECTIONS  # the screens: not needed for the first one

    found: list[Bound] = []
    for section in SECTIONS:
        for owner, target in section.keys:
            cls = app if owner is App else owner
            for base in reversed(cls.__mro__):
                if not base.__module__.startswith("reader.") or "BINDINGS" not in vars(base):
                    continue
                for item in vars(base)["BINDINGS"]:
                    binding = item if isinstance(item, Binding) else Binding(*item)
                    keys = tuple(b.key for b in Binding.make_bindings([binding]))
                    found.append(
                        Bound(
                            binding.id,
                            binding.action,
                            binding.tooltip or binding.description,
                            keys,
                            cls,
                            target,
                        )
                    )
    return found


def _together(a: Bound, b: Bound) -> bool:
    """Whether keys of ``a`` and ``b`` can be pressed on the same screen: the same class;
    the app's and any other (but a modal screen's, which keeps the app's keys out); a
    screen's and its widgets'. Two widgets of a screen are taken to have the focus in
    turn."""
    if a.owner is b.owner:
        return True
    if a.target.screen is None or b.target.screen is None:
        other = b.target if a.target.screen is None else a.target
        return other.screen is None or not issubclass(other.screen, ModalScreen)
    if a.target.screen is not b.target.screen:
        return False
    return a.target.widget is None or b.target.widget is None


def check_keys(config: Config, app: type[App[Any]]) -> tuple[Config, dict[str, str]]:
    """``config`` with the key bindings that cannot be used refused, one line each, and
    the keymap for ``App.set_keymap``."""
    bound = declared(app)
    by_id = {b.id: b for b in bound if b.id is not None}
    refused: dict[str, str] = {}
    wanted: dict[str, tuple[str, ...]] = {}
    for binding_id, given in config.keys.items():
        if binding_id not in by_id:
            close = difflib.get_close_matches(binding_id, by_id, n=1, cutoff=0.7)
            hint = f"did you mean {close[0]}?" if close else "`reader config keys` lists them"
            refused[binding_id] = f"no such key binding ({hint})"
            continue
        keys = [normal_key(key) for key in given.split(",")]
        bad = [key for key in given.split(",") if normal_key(key) is None]
        if bad:
            refused[binding_id] = (
                f"{json.dumps(bad[0], ensure_ascii=False)} is not a key (keys are written "
                f"{KEY_EXAMPLES}); {_default(by_id[binding_id])}"
            )
            continue
        wanted[binding_id] = tuple(dict.fromkeys(key for key in keys if key))
    while (clash := _first_clash(bound, by_id, wanted)) is not None:
        loser, why = clash
        refused[loser] = why
        del wanted[loser]
    order = list(config.keys)
    checked = config.without_keys(dict(sorted(refused.items(), key=lambda i: order.index(i[0]))))
    return checked, _keymap(bound, wanted)


def _default(binding: Bound) -> str:
    return f"its default key ({', '.join(config_key(k) for k in binding.keys)}) is used"


def _first_clash(
    bound: list[Bound], by_id: Mapping[str, Bound], wanted: Mapping[str, tuple[str, ...]]
) -> tuple[str, str] | None:
    """The first key of the file that another binding has where both work: the binding
    id to refuse (the later in the file, or the one remapped) and why."""
    order = list(wanted)
    for binding_id, keys in wanted.items():
        mine = by_id[binding_id]
        for key in keys:
            if key in mine.keys:
                continue  # its own default key: no new clash
            for other in bound:
                if other.id == binding_id or not _together(mine, other):
                    continue
                if key not in wanted.get(other.id or "", other.keys):
                    continue
                later = other.id in wanted and order.index(other.id or "") > order.index(binding_id)
                loser, winner = (other, mine) if later else (mine, other)
                return loser.id or "", (
                    f"{json.dumps(config_key(key))} is already the key of {winner.named()}; "
                    f"{_default(loser)}"
                )
    return None


def _keymap(bound: list[Bound], wanted: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """The keymap for Textual: the keys remapped, and the bindings of the same class that
    share a default key with one of them, pinned to their own keys. Textual, moving a
    binding off a key, takes every binding of that class off it ("q" both quits and
    leaves an article: moving quit would leave "q" doing nothing)."""
    keymap = {binding_id: ",".join(keys) for binding_id, keys in wanted.items()}
    for owner in {b.owner for b in bound if b.id in wanted}:
        mine = [b for b in bound if b.owner is owner]
        moved = {key for b in mine if b.id in keymap for key in b.keys}
        grew = True
        while grew:
            grew = False
            for b in mine:
                if b.id is not None and b.id not in keymap and moved.intersection(b.keys):
                    keymap[b.id] = ",".join(b.keys)
                    moved.update(b.keys)
                    grew = True
    return keymap


def check_theme(config: Config, themes: Collection[str]) -> Config:
    """``config`` with its theme refused, in one line, unless it is one of ``themes``."""
    name = config.get(THEME)
    if name is None or name in themes:
        return config
    close = difflib.get_close_matches(name, list(themes), n=1)
    hint = f"did you mean {close[0]}?" if close else f"the themes are {', '.join(sorted(themes))}"
    why = f"no such theme {json.dumps(name, ensure_ascii=False)} ({hint}); the default is used"
    return config.without_setting(THEME.name, why)


def theme_names() -> list[str]:
    """The themes the app has (Textual's; the reader adds none)."""
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)


# -- for `reader config` ------------------------------------------------------------------


class KeyRow(Record):
    """A binding as ``reader config keys`` lists it: its keys in force and its default."""

    id: str
    keys: tuple[str, ...]
    default: tuple[str, ...]
    description: str
    section: str

    @property
    def source(self) -> str:
        return "file" if self.keys != self.default else "default"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "keys": list(self.keys),
            "default": list(self.default),
            "source": self.source,
            "description": self.description,
            "section": self.section,
        }


def key_rows(config: Config, app: type[App[Any]]) -> Iterator[KeyRow]:
    """Every described binding of ``app``, in help's order, with the keys ``config``
    gives it (those it may: see :func:`check_keys`)."""
    from reader.app.commands import registry
    from reader.app.screens.help import action_text

    _, keymap = check_keys(config, app)
    defaults = registry(app)
    for binding_id, command in registry(app, keymap).items():
        yield KeyRow(
            binding_id,
            _config_keys(command.binding),
            _config_keys(defaults[binding_id].binding),
            action_text(command.binding),
            command.section,
        )


def _config_keys(binding: Binding) -> tuple[str, ...]:
    return tuple(config_key(b.key) for b in Binding.make_bindings([binding]))


def template(app: type[App[Any]]) -> str:
    """A config file that changes nothing, listing every setting and key binding."""
    sections: dict[str, list[tuple[str, str, str]]] = {}
    for row in key_rows(Config(), app):
        sections.setdefault(row.section, []).append((row.id, ",".join(row.keys), row.description))
    return config_template(list(sections.items()))
