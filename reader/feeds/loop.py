"""Running the feeds' async work from the synchronous facade."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` to its end on an event loop of its own, and return what it gives.

    From a thread with no running loop (the CLI, a worker thread of the app) it runs
    here; from one that has a loop (an async caller) in a thread of its own, since one
    thread cannot run two loops.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="feeds") as pool:
        return pool.submit(asyncio.run, work).result()
