"""``reader config``: where the config file is, what it sets, every key, a template.

None of them needs a database: ``show`` reads the settings the app keeps in one (the
theme chosen with ``t``) only if it is there. What the file holds that cannot be used
is one line each on stderr, and exit 1.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from reader import config, paths
from reader.clean import clean_path
from reader.cli.output import EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, fail, print_json, say
from reader.config import SETTINGS, Config
from reader.errors import StoreError


def config_file(args: argparse.Namespace) -> tuple[Path, bool]:
    """The config file ``--config`` or the environment names, else the default; and
    whether the user named it."""
    return paths.resolve_config_path(getattr(args, "config", None))


def load_config(args: argparse.Namespace) -> Config:
    """The config file read and checked as far as the data side can (the app does the rest)."""
    path, named = config_file(args)
    return config.load(path, named=named)


def cmd_config(args: argparse.Namespace) -> int:
    path, _ = config_file(args)
    if args.config_command == "path":
        print(clean_path(path))
        return EXIT_OK
    if args.config_command == "init":
        return _init(path, named=_named(args))
    from reader.app import checked_config

    loaded = load_config(args)
    checked = checked_config(loaded)
    for issue in checked.issues:
        say(issue)
    if args.config_command == "keys":
        _keys(loaded, args.json)
    else:
        _show(checked, _stored(args), args.json)
    return EXIT_SKIPPED if checked.issues else EXIT_OK


def _named(args: argparse.Namespace) -> bool:
    return config_file(args)[1]


# -- show ---------------------------------------------------------------------------------


def _stored(args: argparse.Namespace) -> dict[str, str]:
    """The settings the app keeps in the database, if there is one (none is made)."""
    from reader.core import Store

    db = paths.resolve_db_path(getattr(args, "db", None))
    try:
        if not db.is_file() or db.stat().st_size == 0:
            return {}
        with Store.open(db) as store:
            return store.settings()
    except (StoreError, sqlite3.Error, OSError) as exc:
        say(f"{clean_path(db)}: its settings could not be read ({exc}); they are left out")
        return {}


def _show(checked: Config, stored: dict[str, str], as_json: bool) -> None:
    rows = []
    for setting in SETTINGS:
        value, source = checked.in_force(setting, stored.get(setting.stored_as or ""))
        rows.append((setting, value, source))
    if as_json:
        print_json(
            {
                "path": str(checked.path),
                "exists": checked.exists,
                "settings": {s.name: {"value": v, "source": src} for s, v, src in rows},
                "keys": {k: v.split(",") for k, v in checked.keys.items()},
                "issues": list(checked.issues),
            }
        )
        return
    there = "" if checked.exists else "  (not there: every setting is its default)"
    print(f"# {checked.shown}{there}")
    for setting, value, source in rows:
        line = f"{setting.name} = {config.literal(value)}"
        print(f"{line:<32} # {_SOURCES[source]}")
    if checked.keys:
        print(f"[{config.KEYS}]  # `reader config keys` lists every key")
        for binding_id, keys in checked.keys.items():
            print(f"{config.literal(binding_id)} = {config.literal(keys)}")


_SOURCES = {
    "file": "from the file",
    "database": "from the database (the last chosen in the app)",
    "default": "the default",
}


# -- keys ---------------------------------------------------------------------------------


def _keys(loaded: Config, as_json: bool) -> None:
    from reader.app import config_keys

    rows = config_keys(loaded)
    if as_json:
        print_json([row.to_json() for row in rows])
        return
    width = max(len(row.id) for row in rows) + 2
    key_width = max(len(",".join(row.keys)) for row in rows) + 2
    section = None
    for row in rows:
        if row.section != section:
            section = row.section
            print(f"{'' if row is rows[0] else chr(10)}{section}")
        keys = ",".join(row.keys)
        was = f"  (default: {','.join(row.default)})" if row.source == "file" else ""
        print(f"  {row.id:<{width}}{keys:<{key_width}}{row.description}{was}")


# -- init ---------------------------------------------------------------------------------


def _init(path: Path, *, named: bool) -> int:
    from reader.app import config_template

    shown = clean_path(path)
    if path.exists() or path.is_symlink():
        say(f"{shown} is already there; nothing was written (`reader config show` checks it)")
        return EXIT_SKIPPED
    try:
        if not named:
            path.parent.mkdir(parents=True, exist_ok=True)  # the default folder only
        with path.open("x", encoding="utf-8") as out:
            out.write(config_template())
    except OSError as exc:
        return fail(f"{shown}: cannot write the config file ({exc.strerror or exc})", EXIT_USAGE)
    print(f"wrote {shown}: every line is commented out; remove the # of those to change")
    return EXIT_OK
