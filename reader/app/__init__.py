"""The Textual app. :func:`make_app` is the one way to build it (CLI and tests)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.app.app import THEME_SETTING, ReaderApp
from reader.app.screens.main import Listing
from reader.app.widgets.article_list import PAGE_SIZE
from reader.core import Store


def read_listing(store: Store) -> Listing:
    """The whole list's length and first page, in the order the user chose: what the
    first screen shows."""
    return store.count(), store.page(0, PAGE_SIZE, store.list_prefs().order)


def make_app(
    store: Store,
    *,
    seed_paths: Sequence[Path] | None = None,
    listing: Listing | None = None,
) -> ReaderApp:
    """The reader app over ``store``; ``seed_paths`` are imported after the first paint.

    ``listing``, from :func:`read_listing` before the app starts, is drawn in the first
    frame; without it the list is read in a worker once the app is up.
    """
    app = ReaderApp(store, seed_paths=seed_paths, listing=listing, prefs=store.list_prefs())
    app.restore_theme(store.get_setting(THEME_SETTING))
    return app


__all__ = ["ReaderApp", "make_app", "read_listing"]
