"""The Textual app. :func:`make_app` is the one way to build it (CLI and tests)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.app.app import THEME_SETTING, ReaderApp
from reader.store import Store


def make_app(store: Store, *, seed_paths: Sequence[Path] | None = None) -> ReaderApp:
    """The reader app over ``store``; ``seed_paths`` are imported after the first paint."""
    app = ReaderApp(store, seed_paths=seed_paths)
    app.restore_theme(store.get_setting(THEME_SETTING))
    return app


__all__ = ["ReaderApp", "make_app"]
