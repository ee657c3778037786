"""Benchmark: refreshing 500 feeds, against newsboat on the same feeds in the same run.

Usage (from the project root)::

    .venv/bin/python bench/refresh.py [--feeds N] [--entries E] [--latency MS]
                                      [--changed SHARE] [--keep DIR] [--timeout S]
                                      [--no-reader] [--no-newsboat]

It starts ``bench/feed_site.py``'s server on 127.0.0.1: ``--feeds`` RSS feeds (default
500) of ``--entries`` items each (default 30; real-length text, one feed in five
summary-only), each feed on a site of its own reached through the server as the
clients' HTTP proxy, every answer ``--latency`` ms late (default 50), with ETag,
Last-Modified and 304s. Then three passes, timed from spawning the command to its exit:

1. **first**: everything is new;
2. **304**: nothing changed, every feed answers 304 Not Modified;
3. **changed**: ``--changed`` (default 0.1) of the feeds have a new version (two
   new entries, one edited); the rest answer 304.

**reader**: ``reader --db DB opml import FILE`` (not timed), then ``reader --db DB
refresh URL...`` for each pass, naming every feed so that each is fetched whether due
or not. The summary line it prints is checked against what the server served.
**newsboat** (if installed, else skipped with a note): ``newsboat -x reload`` with its
own urls file, cache and config in the work directory (``reload-threads`` = 16, our
overall concurrency; the same server as its proxy), its cache's item count checked.

Each pass prints its seconds, articles per second (the new articles the pass stored,
over its seconds), the peak RSS of the command's largest process (``bench/measure.py``) and the
answers the server gave. Then the ratios reader / newsboat. Targets (2 cores): first
refresh under 15 s and no slower than newsboat's; the all-304 refresh under 2 s and
faster than newsboat's. It exits 1 if a target is missed or a pass went wrong.

Every command runs in its own process group, killed after ``--timeout`` seconds
(default 300); the server is stopped on the way out, whatever happened.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floors  # bench/floors.py: judge()
from feed_site import NEW_PER_CHANGE, FeedServer, FeedSet

MEASURE = Path(__file__).resolve().parent / "measure.py"
CONCURRENCY = 16  # our fetcher's overall limit, given to newsboat as reload-threads
PASSES = ("first", "304", "changed")
#: newsboat keeps a feed's ETag and Last-Modified only from its second fetch on (the
#: first stores the feed after the validators are written), so it gets one more pass,
#: timed but not judged, before its all-304 one.
NEWSBOAT_PASSES = ("first", "again", "304", "changed")
FIRST_TARGET_S = 15.0
NOT_MODIFIED_TARGET_S = 2.0
SUMMARY = re.compile(
    r"(\d+) feeds?: (\d+) fetched, (\d+) not modified, (\d+) failed; "
    r"(\d+) new articles?, (\d+) updated"
)


@dataclass
class Pass:
    """One timed pass of one program."""

    name: str
    seconds: float
    peak_kb: int
    articles: int  # new articles this pass stored
    served: dict[int, int]
    problem: str | None = None
    cpu: float = 0.0  # seconds, the command and its children
    written: int = 0  # bytes written to the disk

    @classmethod
    def of(
        cls,
        name: str,
        result: dict[str, object],
        articles: int,
        served: dict[int, int],
        problem: str | None,
    ) -> Pass:
        """A pass from :func:`measured`'s ``result``."""
        return cls(
            name,
            float(result["seconds"]),  # type: ignore[arg-type]
            int(result["maxrss_kb"]),  # type: ignore[call-overload]
            articles,
            served,
            problem,
            float(result.get("tree_cpu", 0.0)),  # type: ignore[arg-type]
            int(result.get("written_bytes", 0)),  # type: ignore[call-overload]
        )

    def line(self, program: str) -> str:
        served = ", ".join(f"{n} x {status}" for status, n in sorted(self.served.items()))
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        text = (
            f"{program:<9}{self.name:<8} {self.seconds:6.2f} s  {rate:8,.0f} articles/s"
            f"  peak {self.peak_kb / 1024:5.0f} MB  cpu {self.cpu:5.2f} s"
            f"  written {self.written / 2**20:4.0f} MB  (server: {served or 'nothing'})"
        )
        return text + (f"\n         PROBLEM: {self.problem}" if self.problem else "")


def measured(command: list[str], env: dict[str, str], timeout: float) -> dict[str, object]:
    """``command`` run under ``bench/measure.py`` in a process group of its own, killed
    whole after ``timeout`` seconds."""
    proc = subprocess.Popen(
        [sys.executable, str(MEASURE), *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"seconds": timeout, "maxrss_kb": 0, "returncode": -9, "stdout": "",
                "stderr": f"killed after {timeout:.0f} s"}  # fmt: skip
    if proc.returncode != 0:
        return {"seconds": 0.0, "maxrss_kb": 0, "returncode": proc.returncode, "stdout": "",
                "stderr": err.decode("utf-8", "replace")[-2000:]}  # fmt: skip
    result: dict[str, object] = json.loads(out)
    return result


def child_env(proxy: str, home: Path) -> dict[str, str]:
    """The environment for both programs: our server as the HTTP proxy, nothing else."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(http_proxy=proxy, HTTP_PROXY=proxy, HOME=str(home), XDG_CONFIG_HOME=str(home))
    env.update(XDG_DATA_HOME=str(home), XDG_CACHE_HOME=str(home))
    return env


def write_opml(path: Path, feeds: FeedSet) -> None:
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = "refresh bench"
    body = ET.SubElement(root, "body")
    for i in range(feeds.feeds):
        folder = ET.SubElement(body, "outline", text=f"Group {i % 7}") if i < 7 else body[i % 7]
        ET.SubElement(folder, "outline", type="rss", text=f"Bench feed {i}", xmlUrl=feeds.url(i))
    path.write_bytes(ET.tostring(root, xml_declaration=True, encoding="utf-8"))


def served_problem(want: tuple[int, ...], served: dict[int, int]) -> str | None:
    """Why the server's answers are not the ``want``-ed summary's fetches and 304s."""
    expected = {status: n for status, n in ((200, want[1]), (304, want[2])) if n}
    return None if served == expected else f"the server answered {served}, not {expected}"


def expected_summary(feeds: FeedSet, name: str, changed: int) -> tuple[int, ...]:
    """``(feeds, fetched, not modified, failed, new, updated)`` a pass must report."""
    n = feeds.feeds
    if name == "first":
        return n, n, 0, 0, n * feeds.entries, 0
    if name == "again":
        return n, n, 0, 0, 0, 0
    if name == "304":
        return n, 0, n, 0, 0, 0
    return n, changed, n - changed, 0, changed * NEW_PER_CHANGE, changed


class PassRunner:
    """Runs one pass of one program and checks it: a callable ``name -> Pass``."""

    def __init__(self, feeds: FeedSet, server: FeedServer, work: Path, timeout: float) -> None:
        self.feeds, self.server, self.work, self.timeout = feeds, server, work, timeout
        self.env = child_env(server.proxy, work)

    def __call__(self, name: str) -> Pass:
        raise NotImplementedError


class ReaderRunner(PassRunner):
    """``reader refresh`` over every feed, after ``reader opml import``."""

    def __init__(self, *args: object, changed: int) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.db, self.changed = self.work / "reader.db", changed
        self.base = [sys.executable, "-m", "reader", "--db", str(self.db)]

    def setup(self) -> str | None:
        """Imports the feeds; a problem if it failed."""
        opml = self.work / "feeds.opml"
        write_opml(opml, self.feeds)
        run = subprocess.run(
            [*self.base, "opml", "import", str(opml)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=self.timeout,
        )
        print(f"reader   opml import: {(run.stdout or run.stderr).strip()[-300:]}", flush=True)
        return None if run.returncode == 0 else f"opml import failed ({run.returncode})"

    def __call__(self, name: str) -> Pass:
        urls = [self.feeds.url(i) for i in range(self.feeds.feeds)]
        result = measured([*self.base, "refresh", *urls], self.env, self.timeout)
        served = dict(self.server.take_counts())
        text = f"{result['stdout']}\n{result['stderr']}"
        found = SUMMARY.search(text)
        got = tuple(int(g) for g in found.groups()) if found else None
        want = expected_summary(self.feeds, name, self.changed)
        problem = served_problem(want, served)
        if result["returncode"] != 0 or got != want:
            problem = f"exit {result['returncode']}, said {got}, expected {want}: {text[-300:]!r}"
        return Pass.of(name, result, got[4] if got else 0, served, problem)


class NewsboatRunner(PassRunner):
    """``newsboat -x reload`` with its own urls, cache and config."""

    def __init__(self, *args: object, changed: int) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.changed = changed
        self.cache = self.work / "newsboat-cache.db"
        urls, config = self.work / "newsboat-urls", self.work / "newsboat-config"
        urls.write_text("".join(self.feeds.url(i) + "\n" for i in range(self.feeds.feeds)))
        port = self.server.server_address[1]
        config.write_text(
            f"reload-threads {CONCURRENCY}\nuse-proxy yes\nproxy 127.0.0.1:{port}\n"
            "proxy-type http\ndownload-timeout 60\n"
        )
        self.command = ["newsboat", "-u", str(urls), "-c", str(self.cache), "-C", str(config)]
        self.items = 0

    def count_items(self) -> int:
        if not self.cache.exists():
            return 0
        conn = sqlite3.connect(f"file:{self.cache}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM rss_item").fetchone()[0])
        finally:
            conn.close()

    def __call__(self, name: str) -> Pass:
        result = measured([*self.command, "-x", "reload"], self.env, self.timeout)
        served = dict(self.server.take_counts())
        before, self.items = self.items, self.count_items()
        want = expected_summary(self.feeds, name, self.changed)
        problem = served_problem(want, served)
        if result["returncode"] != 0 or self.items - before != want[4]:
            problem = (
                f"exit {result['returncode']}, {self.items - before} items new in its cache,"
                f" expected {want[4]}: {str(result['stderr'])[-300:]!r}"
            )
        return Pass.of(name, result, self.items - before, served, problem)


def report(ours: list[Pass] | None, theirs: list[Pass] | None) -> tuple[list[str], bool]:
    """The verdict lines, and whether every judged target was met."""
    lines, met = [], True
    if ours:
        first, again = ours[0], ours[1]
        for label, seconds, target in (
            ("first refresh", first.seconds, FIRST_TARGET_S),
            ("all-304 refresh", again.seconds, NOT_MODIFIED_TARGET_S),
        ):
            ok = seconds < target
            met &= ok
            lines.append(
                f"{label + ':':<17}{seconds:6.2f} s   [target < {target:g} s: "
                f"{'ok' if ok else 'MISSED'}]"
            )
    if ours and theirs:
        by_name = {one.name: one for one in theirs}
        for mine in ours:
            other = by_name[mine.name]
            if mine.name == "changed":  # no target: printed for the record
                ratio = mine.seconds / other.seconds if other.seconds > 0 else float("inf")
                lines.append(f"reader / newsboat, {mine.name}: {ratio:.2f}x   (not judged)")
                continue
            ok, verdict = floors.judge(mine.seconds, other.seconds, 1.0)
            met &= ok
            lines.append(f"reader / newsboat, {mine.name}: {verdict}")
    return lines, met


def time_program(
    program: str, feeds: FeedSet, server: FeedServer, home: Path, timeout: float, changed: list[int]
) -> list[Pass]:
    """The three passes of ``program``; the feeds in ``changed`` change before the third.
    No passes if the reader's import of the feeds failed."""
    shutil.rmtree(home, ignore_errors=True)  # a kept run's leftovers: start afresh
    home.mkdir()
    server.take_counts()
    runner: PassRunner
    if program == "reader":
        runner = ReaderRunner(feeds, server, home, timeout, changed=len(changed))
        if (problem := runner.setup()) is not None:
            print(f"reader   PROBLEM: {problem}")
            return []
    else:
        runner = NewsboatRunner(feeds, server, home, timeout, changed=len(changed))
    server.take_counts()
    done = []
    for name in PASSES if program == "reader" else NEWSBOAT_PASSES:
        if name == "changed":
            feeds.change(changed)
        done.append(runner(name))
    return done


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time refreshing local feeds: reader against newsboat."
    )
    parser.add_argument("--feeds", type=int, default=500, help="feeds served (default 500)")
    parser.add_argument("--entries", type=int, default=30, help="entries per feed (default 30)")
    parser.add_argument("--latency", type=float, default=50.0, help="ms per answer (default 50)")
    parser.add_argument(
        "--changed", type=float, default=0.1, help="share of feeds changed (default 0.1)"
    )
    parser.add_argument("--seed", type=int, default=1, help="text seed (default 1)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per command")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it")
    parser.add_argument("--no-reader", action="store_true", help="time newsboat only")
    parser.add_argument("--no-newsboat", action="store_true", help="time the reader only")
    args = parser.parse_args(argv)
    if args.feeds < 1 or args.entries <= NEW_PER_CHANGE or not 0 < args.changed <= 1:
        parser.error(f"--feeds >= 1, --entries > {NEW_PER_CHANGE}, 0 < --changed <= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    floors.compile_reader()
    if args.keep is not None:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="reader-refresh-bench-")).resolve()
    try:
        return run(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept: {work}")


def run(args: argparse.Namespace, work: Path) -> int:
    started = time.perf_counter()
    feeds = FeedSet(args.feeds, args.entries, args.seed)
    changed = feeds.changed_every(args.changed)
    shape = (args.feeds, args.entries)
    size = sum(len(feeds.document(i)) for i in range(feeds.feeds)) / 1_048_576
    print(
        f"feeds: {feeds.feeds} x {feeds.entries} entries, {size:.0f} MB of RSS, built in "
        f"{time.perf_counter() - started:.1f} s; {args.latency:g} ms per answer; "
        f"{len(changed)} change before the third pass (load average {os.getloadavg()[0]:.2f})",
        flush=True,
    )
    newsboat = None if args.no_newsboat else shutil.which("newsboat")
    if newsboat is None and not args.no_newsboat:
        print("newsboat: not installed, skipped (apt-get install newsboat)")
    ours = theirs = None
    problems = 0
    with FeedServer(feeds, args.latency / 1000) as server:
        for program in (["reader"] if not args.no_reader else []) + (["newsboat"] * bool(newsboat)):
            # Each program starts from the same feeds (the same seed builds the same text).
            feeds = server.feeds = feeds if program == "reader" else FeedSet(*shape, args.seed)
            passes = time_program(program, feeds, server, work / program, args.timeout, changed)
            for one in passes:
                print(one.line(program), flush=True)
                problems += one.problem is not None
            if program == "reader":
                ours = passes or None
                problems += not passes
            else:
                theirs = passes
    print()
    lines, met = report(ours, theirs)
    print("\n".join(lines))
    return 0 if met and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
