"""Benchmark: from a key press in the search box to the updated list on screen.

Usage (from the project root)::

    .venv/bin/python bench/search_keys.py [N] [--keep DIR] [--seed S] [--queries Q]
                                          [--gap MS] [--size COLSxROWS]

It builds (or, with ``--keep DIR``, reuses) the same synthetic archive of ``N``
articles as ``bench/search.py`` (default 100,000) and runs the real program,
``python -m reader --db DB``, in a pseudo-terminal (default 120x40), the way a
person runs it: Textual's own terminal driver, event loop and screen updates,
nothing simulated. Then it types ``Q`` queries drawn from that archive (words,
pairs of words, names, typos) into the search box letter by letter, with a
pause of ``--gap`` ms (default 120, a brisk typist) after each key's results.

**key to screen** is, for each key, the time from writing the key to the
terminal to the moment the app hands the terminal the first frame drawn after
the list took the results for the text now in the box. The app is started
through a small wrapper (``--child``, below) that notes, on the shared
monotonic clock, when the list takes results and when a frame goes out; nothing
else in the app is changed. The key's journey through the terminal, Textual's
input parser, the search in its worker thread and the drawing are all inside
the figure.

It prints the median, p95 and maximum over every key typed, and the app's peak
memory (``VmHWM``). Targets on the project's 2-core machine: key to screen p95
<= 30 ms at 100,000 articles; memory under 300 MB. ``bench/search.py`` times the
search call alone.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search as search_bench  # bench/search.py: the corpus builder
from ingest import spawn_in_pty, stop_app  # bench/ingest.py: the pty helpers

KEY_TIMEOUT = 3.0  # seconds to wait for one key's results on screen


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def stats(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"median {statistics.median(ms):6.2f} ms   p95 {p95(ms):6.2f} ms   max {max(ms):7.2f} ms"


def pick_queries(path: Path, seed: int, count: int) -> list[str]:
    kinds = ("word", "two words", "name", "typo 1", "typo 2")
    pool = [q for kind, q in search_bench.make_queries(path, seed) if kind in kinds]
    random.Random(f"keys:{seed}").shuffle(pool)
    return pool[:count]


# -- the app, as a child in a pseudo-terminal --------------------------------------------


def child(log_path: str, db: str) -> int:
    """Run the reader on ``db``, noting in ``log_path`` when results are taken and frames go out."""
    from reader.cli import APP_FPS

    os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))  # as `reader` does; before Textual
    from textual.app import App

    from reader.app.screens.main import MainScreen
    from reader.cli import main

    log = open(log_path, "w", buffering=1, encoding="utf-8")  # noqa: SIM115 (lives with the app)
    show_hits = MainScreen._show_hits
    display = App._display

    def noted_show_hits(self, generation, hits, more, text, *args):  # type: ignore[no-untyped-def]
        show_hits(self, generation, hits, more, text, *args)
        if generation == self._search_generation:
            log.write(f"show {time.monotonic():.6f} {text}\n")

    def noted_display(self, screen, renderable):  # type: ignore[no-untyped-def]
        display(self, screen, renderable)
        if renderable is not None:
            log.write(f"frame {time.monotonic():.6f}\n")

    MainScreen._show_hits = noted_show_hits  # type: ignore[method-assign]
    App._display = noted_display  # type: ignore[method-assign]
    return main(["--db", db])


class Log:
    """What the child noted, read as it grows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.shows: list[tuple[float, str]] = []
        self.frames: list[float] = []

    def poll(self) -> None:
        with self.path.open(encoding="utf-8") as f:
            f.seek(self.offset)
            data = f.read()
        complete = data[: data.rfind("\n") + 1]
        self.offset += len(complete.encode("utf-8"))
        for line in complete.splitlines():
            kind, stamp, *rest = line.split(" ", 2)
            if kind == "show":
                self.shows.append((float(stamp), rest[0] if rest else ""))
            else:
                self.frames.append(float(stamp))

    def key_to_screen(self, pressed: float, text: str, deadline: float) -> float | None:
        """Seconds from ``pressed`` to the first frame after results for ``text`` were taken."""
        while time.monotonic() < deadline:
            self.poll()
            shown = [t for t, what in self.shows if t >= pressed and what == text]
            if shown:
                frames = [t for t in self.frames if t >= shown[0]]
                if frames:
                    return frames[0] - pressed
            time.sleep(0.0005)
        return None


def _drain(master: int, stop: threading.Event) -> None:
    """Read the app's output so that it never blocks on a full terminal."""
    import select

    while not stop.is_set():
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                if not os.read(master, 1 << 16):
                    return
            except OSError:
                return


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def type_queries(
    db: Path, queries: list[str], size: tuple[int, int], gap: float, work: Path
) -> tuple[list[float], int, float]:
    """Type each query into the app in a pty; return each key's latency, keys missed, peak MB."""
    log_path = work / "keys.log"
    log_path.write_text("")
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(log_path), str(db)]
    proc, master = spawn_in_pty(argv, size)
    stop = threading.Event()
    drain = threading.Thread(target=_drain, args=(master, stop), daemon=True)
    drain.start()
    log = Log(log_path)
    latencies: list[float] = []
    missed = 0
    rng = random.Random("gaps")
    try:
        deadline = time.monotonic() + 60
        while not log.frames and time.monotonic() < deadline:
            time.sleep(0.05)
            log.poll()
        time.sleep(1.0)  # the first screen settles
        for query in queries:
            os.write(master, b"\x1b")  # Escape: clear the search
            time.sleep(0.4)
            os.write(master, b"/")
            time.sleep(0.3)
            for i, char in enumerate(query):
                pressed = time.monotonic()
                os.write(master, char.encode())
                got = log.key_to_screen(pressed, query[: i + 1], pressed + KEY_TIMEOUT)
                if got is None:
                    missed += 1
                else:
                    latencies.append(got)
                time.sleep(gap * rng.uniform(0.7, 1.3))
        peak = _peak_rss_mb(proc.pid)
        os.write(master, b"\x1b")  # out of the search box, so that "q" quits
        time.sleep(0.4)
    finally:
        stop.set()
        stop_app(proc, master)
    return latencies, missed, peak


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["--child"]:
        return child(args_list[1], args_list[2])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the archive here, or reuse it")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--gap", type=float, default=120, help="ms between keys (default 120)")
    parser.add_argument("--size", default="120x40", help="terminal COLSxROWS (default 120x40)")
    args = parser.parse_args(args_list)
    cols, rows = (int(v) for v in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="reader-keys-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"search-{args.n}-{args.seed}-380.db"
        if not path.exists():
            t0 = time.perf_counter()
            search_bench.build(path, args.n, args.seed, 380)
            print(f"built {args.n:,} articles in {time.perf_counter() - t0:.0f} s", flush=True)
        from reader.store import Store

        with Store.open(path):  # bring the schema up to date before timing anything
            pass
        queries = pick_queries(path, args.seed, args.queries)
        load = os.getloadavg()[0]
        latencies, missed, peak = type_queries(
            path, queries, (cols, rows), args.gap / 1000, Path(tmp)
        )
    keys = sum(len(q) for q in queries)
    print(f"archive: {args.n:,} articles   queries: {len(queries)}   keys typed: {keys}")
    print(f"terminal {cols}x{rows}, {args.gap:.0f} ms between keys, load average {load:.2f}")
    if not latencies:
        print("no key's results reached the screen")
        return 1
    print(f"key to screen  {stats(latencies)}   (target p95 <= 30 ms)")
    if missed:
        print(f"               {missed} keys had no results on screen within {KEY_TIMEOUT:.0f} s")
    print(f"peak memory    {peak:.0f} MB (target < 300 MB)")
    return 0 if p95(latencies) <= 0.030 and not missed and peak < 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())
