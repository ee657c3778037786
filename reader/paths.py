"""Where things live: the checkout, styles, seeds, the database and the config file.

Nothing here touches the disk at import time; every answer is computed on call.
The database is chosen, in order, by ``--db PATH``, the ``READER_DB`` environment
variable, then ``db/news.db`` in the checkout (or the user's data folder when the
package is installed without a checkout). The config file likewise: ``--config PATH``,
``READER_CONFIG``, then ``config.toml`` in the user's config folder (XDG).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "READER_DB"
DB_FILENAME = "news.db"
ENV_CONFIG = "READER_CONFIG"
CONFIG_FILENAME = "config.toml"
#: The folder of the reader's own files under each XDG base folder.
APP_DIR = "termnews-reader"

PACKAGE_DIR = Path(__file__).resolve().parent


def repo_root() -> Path | None:
    """The source checkout this package runs from, if it runs from one."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "seeds").is_dir():
        return root
    return None


def _resource_dir(name: str) -> Path:
    root = repo_root()
    if root is not None:
        return root / name
    return PACKAGE_DIR / "_data" / name


def styles_dir() -> Path:
    return _resource_dir("styles")


def seeds_dir() -> Path:
    return _resource_dir("seeds")


def user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR


def default_config_path() -> Path:
    """``$XDG_CONFIG_HOME/termnews-reader/config.toml``, else ``~/.config/…``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_DIR / CONFIG_FILENAME


def expand_user(path: str | os.PathLike[str]) -> Path:
    """``path`` with ``~`` and ``~user`` expanded as the shell would: a ``~user`` of no
    such user is left as it is (a name not found later), never an error, as Python
    3.11's ``Path.expanduser`` would raise. Every path a user gives goes through here."""
    return Path(os.path.expanduser(path))


def resolve_config_path(option: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The config file the user asked for (the option, then the environment, then the
    default), and whether they named it (a file they named should be there)."""
    chosen = option or os.environ.get(ENV_CONFIG)
    if chosen:
        return expand_user(chosen), True
    return default_config_path(), False


def crash_log_path() -> Path:
    """Where the app writes the traceback of an unexpected error."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / APP_DIR / "crash.log"


def default_db_path() -> Path:
    root = repo_root()
    folder = root / "db" if root is not None else user_data_dir()
    return folder / DB_FILENAME


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """The database the user asked for: the option, then the environment, then the default."""
    chosen = option or os.environ.get(ENV_DB)
    if chosen:
        return expand_user(chosen)
    return default_db_path()
