"""The Textual app. :func:`make_app` is the one way to build it (CLI and tests)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.app.app import THEME_SETTING, ReaderApp, prefs_at_start
from reader.app.screens.main import Listing
from reader.app.settings import KeyRow
from reader.app.widgets.article_list import PAGE_SIZE
from reader.config import Config
from reader.core import Store


def read_listing(store: Store, config: Config | None = None) -> Listing:
    """The whole list's length and first page, in the order the user chose (``config``'s
    ``sort``, else the last chosen): what the first screen shows."""
    order = prefs_at_start(store, config or Config()).order
    return store.count(), store.page(0, PAGE_SIZE, order)


def make_app(
    store: Store,
    *,
    seed_paths: Sequence[Path] | None = None,
    listing: Listing | None = None,
    config: Config | None = None,
) -> ReaderApp:
    """The reader app over ``store``; ``seed_paths`` are imported after the first paint.

    ``listing``, from :func:`read_listing` before the app starts, is drawn in the first
    frame; without it the list is read in a worker once the app is up. ``config`` is
    the config file's (:func:`reader.config.load`; without it, every default: a test
    never reads the user's file); what it holds that the app has not is reported once
    the app is up.
    """
    app = ReaderApp(store, seed_paths=seed_paths, listing=listing, config=config)
    app.start_theme(store.get_setting(THEME_SETTING))
    return app


def checked_config(config: Config) -> Config:
    """``config`` checked as the app checks it when it starts (binding ids, keys,
    themes), for ``reader config``: what cannot be used is refused, one line each."""
    from reader.app.settings import check_keys, check_theme, theme_names

    checked, _ = check_keys(config, ReaderApp)
    return check_theme(checked, theme_names())


def config_keys(config: Config) -> list[KeyRow]:
    """Every key binding of the app with the keys ``config`` gives it, in help's order."""
    from reader.app.settings import key_rows

    return list(key_rows(config, ReaderApp))


def config_template() -> str:
    """A config file that changes nothing, listing every setting and key binding."""
    from reader.app.settings import template

    return template(ReaderApp)


__all__ = [
    "ReaderApp",
    "checked_config",
    "config_keys",
    "config_template",
    "make_app",
    "read_listing",
]
