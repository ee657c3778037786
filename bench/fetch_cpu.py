"""Benchmark: the HTTP client's CPU an answer, for a refresh's conditional GETs.

Usage (from the project root)::

    .venv/bin/python bench/fetch_cpu.py [--feeds N] [--runs R]

It starts ``bench/feed_site.py``'s server in a process of its own (so that its CPU is
not counted), with no latency, and points the HTTP proxy of this process at it, as
``bench/refresh.py`` points ``reader refresh`` at it: each of ``--feeds`` feeds
(default 500) is a host of its own, reached through the proxy. Then, ``--runs`` times
(default 5), one :class:`reader.feeds.http.Fetcher` fetches every feed with its ETag,
all at once (16 at a time, as a refresh does), and every answer must be a 304.

It prints this process's CPU time (``time.process_time``) an answer, the best and the
median run, and the wall time of the runs: the event loop's cost a request, which an
all-304 refresh pays 500 times between its network waits. No target: it compares trees
(run it with ``PYTHONPATH`` set to another tree's root to time that one's client), in
turn, under the bench lock.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feed_site import FeedSet  # bench/feed_site.py: the feeds' URLs and ETags

BENCH = Path(__file__).resolve().parent

#: The server: only the ETags and dates of FeedSet, no documents (every answer is a 304).
SERVER = """
import sys
sys.path.insert(0, {bench!r})
import feed_site

class Validators:
    feeds = {feeds}
    versions = [0] * {feeds}
    site = staticmethod(feed_site.FeedSet.site)
    etag = feed_site.FeedSet.etag
    modified = feed_site.FeedSet.modified

    def document(self, feed):
        return b""

with feed_site.FeedServer(Validators(), latency=0.0) as server:
    print(server.proxy, flush=True)
    sys.stdin.read()
"""


async def one_run(urls: list[str], etags: list[str]) -> float:
    """CPU seconds of fetching every URL once with its ETag; checks every answer."""
    from reader.feeds.http import Fetcher

    async with Fetcher() as fetcher:
        started = time.process_time()
        got = await asyncio.gather(
            *(fetcher.fetch(url, etag=etag) for url, etag in zip(urls, etags, strict=True))
        )
        spent = time.process_time() - started
    wrong = [g.error or g.status for g in got if not g.not_modified]
    if wrong:
        raise SystemExit(f"{len(wrong)} answers were not 304s, e.g. {wrong[0]}")
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    code = SERVER.format(bench=str(BENCH), feeds=args.feeds)
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        proxy = server.stdout.readline().strip()
        for name in [n for n in os.environ if n.lower().endswith("_proxy")]:
            del os.environ[name]
        os.environ["http_proxy"] = proxy
        n = args.feeds
        urls = [f"http://{FeedSet.site(i)}/feed/{i}.xml" for i in range(n)]
        etags = [f'"f{i}-v0"' for i in range(n)]
        load = os.getloadavg()[0]
        walls, cpus = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            cpus.append(asyncio.run(one_run(urls, etags)))
            walls.append(time.perf_counter() - started)
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=10)
    print(
        f"{n} conditional GETs answered 304, {args.runs} runs: CPU an answer "
        f"best {min(cpus) / n * 1000:.3f} ms, median {statistics.median(cpus) / n * 1000:.3f} ms;"
        f" wall best {min(walls):.3f} s, median {statistics.median(walls):.3f} s"
        f" (load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
