"""The first screen comes up with as little work as it needs: its rows read before the
app starts are drawn in its first frame."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, TITLE_003

from reader.app import make_app, read_listing
from reader.app.widgets.article_list import ArticleList
from reader.ingest import import_paths
from reader.store import Store


@pytest.fixture
def seeded_store(db_path: Path):
    with Store.open(db_path) as store:
        import_paths(store, [SEEDS])
        yield store


async def test_the_first_frame_shows_the_rows_read_before_the_app_started(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = read_listing(seeded_store)
    counts = []
    monkeypatch.setattr(seeded_store, "count", lambda: counts.append(1) or 2)
    app = make_app(seeded_store, listing=listing)
    async with app.run_test(size=(80, 24)):
        rows = app.screen.query_one(ArticleList)
        # No pause: shown as the screen was mounted, not after a worker read them again.
        assert rows.loaded
        assert rows.total == 2
        assert rows.summary_at(0).title == TITLE_003
        assert counts == []
