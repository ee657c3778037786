"""The app's cycle collector (reader.app.heap), on its own: what an idle app costs."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest

from reader.app import heap


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[heap.QuietCollector]:
    from conftest import APP_WORTH_IT

    monkeypatch.setattr(heap, "WORTH_IT", APP_WORTH_IT)  # the app's (conftest turns it off)
    collector = heap.QuietCollector()
    collector.start()
    try:
        yield collector
    finally:
        collector.stop()


def _idle(collector: heap.QuietCollector) -> None:
    collector.last_input = time.monotonic() - heap.IDLE - 1


def test_an_idle_app_does_not_walk_its_frozen_objects_at_every_check(
    collector: heap.QuietCollector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader left on an article checks ten times a second: asking Python how many
    objects are frozen walks them all (7 ms at 56,000), and did so at every check."""
    walks = []
    counted = gc.get_freeze_count

    def get_freeze_count() -> int:
        walks.append(1)
        return counted()

    monkeypatch.setattr(gc, "get_freeze_count", get_freeze_count)
    _idle(collector)
    for _ in range(20):
        collector.tick()
    assert collector.full <= 1  # the first long pause looks at everything, once
    assert len(walks) <= 1


def test_a_long_pause_collects_everything_once_enough_was_frozen_since(
    collector: heap.QuietCollector,
) -> None:
    _idle(collector)
    collector.tick()  # the first long pause: everything frozen at the start
    full = collector.full
    for _ in range(5):
        collector.tick()
    assert collector.full == full  # nothing new: nothing to do
    kept = [[] for _ in range(heap.WORTH_IT + 500)]  # lives on: frozen in a short pause
    collector.last_input = time.monotonic() - heap.QUIET
    collector.tick()
    assert collector.new == 1 and collector.full == full
    _idle(collector)
    collector.tick()  # enough was frozen since: a full collection
    assert collector.full == full + 1
    collector.tick()
    assert collector.full == full + 1
    assert len(kept) > heap.WORTH_IT
