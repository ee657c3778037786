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

**key echo** is the floor (``bench/floors.py``): the same keys, with the same
pauses, typed into a bare Textual app with one Input, in the same pty, at the
reader's frame rate, through the same wrapper (``--bare-child``): from writing the
key to the first frame after the Input's value changed.

**list redraw** is a second floor, printed without a target: the same keys into a
bare Input above a Static that fills the screen and takes other titles of the archive,
one to a line, with every key (no search, no list widget): what Textual takes to draw
a screen whose list changes with each key.

It prints the median, p95 and maximum over every key typed, for all three, the ratios
of the p95s, and the app's peak memory (``VmHWM``). A key whose results never reach the
screen within 3 s is counted, and so is one of those that never reached the search
box. Targets: key to screen p95 at most 3 times the key echo's p95, every key's
results on screen, memory under 300 MB; it exits 1 if one is missed.
``bench/search.py`` times the search call alone.
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
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floors  # bench/floors.py: the bare Input's key echo
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


def _note_frames(log: TextIO) -> None:
    """Note in ``log`` each frame the app hands the terminal."""
    from textual.app import App

    display = App._display

    def noted_display(self, screen, renderable):  # type: ignore[no-untyped-def]
        display(self, screen, renderable)
        if renderable is not None:
            log.write(f"frame {time.monotonic():.6f}\n")

    App._display = noted_display  # type: ignore[method-assign]


def child(log_path: str, db: str) -> int:
    """Run the reader on ``db``, noting in ``log_path`` when results are taken and frames
    go out, and what the search box holds (to tell, of a key never answered, whether
    it reached the box at all)."""
    from reader.cli import APP_FPS

    os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))  # as `reader` does; before Textual

    from reader.app.screens.main import MainScreen, SearchBox
    from reader.cli import main

    log = open(log_path, "w", buffering=1, encoding="utf-8")  # noqa: SIM115 (lives with the app)
    show_hits = MainScreen._show_hits

    def noted_show_hits(self, generation, hits, more, text, *args):  # type: ignore[no-untyped-def]
        show_hits(self, generation, hits, more, text, *args)
        if generation == self._search_generation:
            log.write(f"show {time.monotonic():.6f} {text}\n")

    def noted_value(self, value: str) -> None:  # type: ignore[no-untyped-def]
        log.write(f"box {time.monotonic():.6f} {value}\n")

    MainScreen._show_hits = noted_show_hits  # type: ignore[method-assign]
    SearchBox.watch_value = noted_value  # type: ignore[attr-defined]
    _note_frames(log)
    return main(["--db", db])


def bare_child(log_path: str) -> int:
    """The floor: a bare Textual app with one Input, at the reader's frame rate, noting
    in ``log_path`` each value the Input takes (as "show") and each frame."""
    from reader.cli import APP_FPS

    os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    log = open(log_path, "w", buffering=1, encoding="utf-8")  # noqa: SIM115 (lives with the app)

    class Noted(Input):
        def watch_value(self, value: str) -> None:
            log.write(f"show {time.monotonic():.6f} {value}\n")

    class BareInput(App[None]):
        BINDINGS = [("escape", "clear", "Clear")]

        def compose(self) -> ComposeResult:
            yield Noted()

        def action_clear(self) -> None:
            self.query_one(Input).value = ""

    _note_frames(log)
    BareInput().run()
    return 0


def bare_list_child(log_path: str, db: str) -> int:
    """A second floor: a bare Textual app with one Input above a Static that fills the
    screen, at the reader's frame rate. Each value the Input takes puts other titles of
    the archive (its newest 20,000, from a place the text picks) in the Static, one to a
    line: what the screen must draw for a key that changes the list, with no search and
    no widget of a list. Notes each value (as "show", once the Static has the lines) and
    each frame in ``log_path``."""
    from reader.cli import APP_FPS

    os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))
    import sqlite3
    import zlib

    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import Input, Static

    with sqlite3.connect(db) as conn:
        sql = "SELECT title FROM articles ORDER BY num DESC LIMIT 20000"
        titles = [title for (title,) in conn.execute(sql)]
    log = open(log_path, "w", buffering=1, encoding="utf-8")  # noqa: SIM115 (lives with the app)

    class Noted(Input):
        def watch_value(self, value: str) -> None:
            start = zlib.crc32(value.encode()) % max(1, len(titles) - 100)
            lines = Text("\n".join(titles[start : start + self.app.size.height]))
            self.app.query_one(Static).update(lines)
            log.write(f"show {time.monotonic():.6f} {value}\n")

    class BareList(App[None]):
        BINDINGS = [("escape", "clear", "Clear")]

        def compose(self) -> ComposeResult:
            yield Noted()
            yield Static(Text("\n".join(titles[: self.size.height])))

        def action_clear(self) -> None:
            self.query_one(Input).value = ""

    _note_frames(log)
    BareList().run()
    return 0


class Log:
    """What the child noted, read as it grows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.shows: list[tuple[float, str]] = []
        self.frames: list[float] = []
        self.box: list[tuple[float, str]] = []  # what the search box held, and when

    def poll(self) -> None:
        with self.path.open(encoding="utf-8") as f:
            f.seek(self.offset)
            data = f.read()
        complete = data[: data.rfind("\n") + 1]
        self.offset += len(complete.encode("utf-8"))
        for line in complete.splitlines():
            kind, stamp, *rest = line.split(" ", 2)
            if kind in ("show", "box"):
                (self.shows if kind == "show" else self.box).append(
                    (float(stamp), rest[0] if rest else "")
                )
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

    def reached_box(self, pressed: float, text: str) -> bool:
        """Whether the search box held ``text`` after ``pressed``."""
        self.poll()
        return any(t >= pressed and what == text for t, what in self.box)


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


@dataclass
class Typed:
    """What typing the queries gave: each answered key's latency in seconds, the keys
    never answered within :data:`KEY_TIMEOUT` (and how many of those never reached the
    search box: typed ahead of the ``/`` that focuses it), the app's peak memory."""

    latencies: list[float]
    missed: int
    unreached: int
    peak_mb: float


def type_keys(
    db: Path | None,
    queries: list[str],
    size: tuple[int, int],
    gap: float,
    work: Path,
    titles: Path | None = None,
) -> Typed:
    """Type each query letter by letter into the reader on ``db`` in a pty (``/`` first,
    Escape after), or with ``db`` None into a floor the same way: the bare Input, or with
    ``titles`` (an archive) the bare Input above the archive's titles."""
    log_path = work / ("keys.log" if db is not None else "bare-keys.log")
    log_path.write_text("")
    this = str(Path(__file__).resolve())
    if db is not None:
        argv = [sys.executable, this, "--child", str(log_path), str(db)]
    elif titles is not None:
        argv = [sys.executable, this, "--bare-list-child", str(log_path), str(titles)]
    else:
        argv = [sys.executable, this, "--bare-child", str(log_path)]
    proc, master = spawn_in_pty(argv, size)
    stop = threading.Event()
    drain = threading.Thread(target=_drain, args=(master, stop), daemon=True)
    drain.start()
    log = Log(log_path)
    typed = Typed([], 0, 0, float("nan"))
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
            if db is not None:
                os.write(master, b"/")  # the bare Input has the focus from the start
            time.sleep(0.3)
            for i, char in enumerate(query):
                pressed = time.monotonic()
                os.write(master, char.encode())
                got = log.key_to_screen(pressed, query[: i + 1], pressed + KEY_TIMEOUT)
                if got is None:
                    typed.missed += 1
                    if db is not None and not log.reached_box(pressed, query[: i + 1]):
                        typed.unreached += 1
                else:
                    typed.latencies.append(got)
                time.sleep(gap * rng.uniform(0.7, 1.3))
        typed.peak_mb = _peak_rss_mb(proc.pid)
        os.write(master, b"\x1b" if db is not None else b"\x11")  # so that "q" quits; ctrl+q
        time.sleep(0.4)
    finally:
        stop.set()
        stop_app(proc, master)
    return typed


def type_queries(
    db: Path | None, queries: list[str], size: tuple[int, int], gap: float, work: Path
) -> tuple[list[float], int, float]:
    """:func:`type_keys`' latencies, keys missed and peak MB."""
    typed = type_keys(db, queries, size, gap, work)
    return typed.latencies, typed.missed, typed.peak_mb


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["--child"]:
        return child(args_list[1], args_list[2])
    if args_list[:1] == ["--bare-child"]:
        return bare_child(args_list[1])
    if args_list[:1] == ["--bare-list-child"]:
        return bare_list_child(args_list[1], args_list[2])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the archive here, or reuse it")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--gap", type=float, default=120, help="ms between keys (default 120)")
    parser.add_argument("--size", default="120x40", help="terminal COLSxROWS (default 120x40)")
    args = parser.parse_args(args_list)
    floors.compile_reader()
    cols, rows = (int(v) for v in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="reader-keys-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"search-{args.n}-{args.seed}-380.db"
        if not path.exists():
            t0 = time.perf_counter()
            search_bench.build(path, args.n, args.seed, 380)
            print(f"built {args.n:,} articles in {time.perf_counter() - t0:.0f} s", flush=True)
        from reader.core import Store

        with Store.open(path):  # bring the schema up to date before timing anything
            pass
        queries = pick_queries(path, args.seed, args.queries)
        load = os.getloadavg()[0]
        typed = type_keys(path, queries, (cols, rows), args.gap / 1000, Path(tmp))
        echo, echo_missed = floors.bare_key_echo(queries, (cols, rows), args.gap / 1000, Path(tmp))
        redraw, _ = floors.bare_list_keys(queries, (cols, rows), args.gap / 1000, Path(tmp), path)
    keys = sum(len(q) for q in queries)
    print(f"archive: {args.n:,} articles   queries: {len(queries)}   keys typed: {keys}")
    print(f"terminal {cols}x{rows}, {args.gap:.0f} ms between keys, load average {load:.2f}")
    if not typed.latencies or not echo:
        print("no key's results reached the screen" if echo else "the bare Input showed no key")
        return 1
    print(f"key to screen  {stats(typed.latencies)}")
    if typed.missed:
        print(
            f"               {typed.missed} keys had no results on screen within "
            f"{KEY_TIMEOUT:.0f} s; {typed.unreached} of them never reached the search box"
        )
    print(f"key echo       {stats(echo)}   (floor: a bare Textual Input, the same keys)")
    if echo_missed:
        print(f"               {echo_missed} keys not echoed within {KEY_TIMEOUT:.0f} s")
    ok, verdict = floors.judge(p95(typed.latencies), p95(echo), floors.KEY_RATIO)
    print(f"               key to screen p95 / key echo p95: {verdict}")
    if redraw:
        print(f"list redraw    {stats(redraw)}   (a bare Input above titles that change each key)")
        ratio = p95(typed.latencies) / p95(redraw)
        print(f"               key to screen p95 / list redraw p95: {ratio:.2f}x (no target)")
    print(f"peak memory    {typed.peak_mb:.0f} MB (target < 300 MB)")
    return 0 if ok and not typed.missed and typed.peak_mb < 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())
