"""Benchmark: importing N articles, re-importing them, and the app's first screen.

Usage (from the project root)::

    .venv/bin/python bench/ingest.py N [--keep DIR] [--workdir DIR] [--seed S]
                                       [--repeat R] [--jobs J] [--vocabulary W]
                                       [--no-screen] [--cold]

What it does and what each figure means:

1. **generation** writes N synthetic, deterministic articles (see
   ``bench/corpus.py``: ~75% BBC-style ``.txt``, ~20% web-magazine ``.txt``
   with a date header and standfirst, ~5% Markdown with front matter; median
   ~380 words) in folders of at most 1,000 files. Its time is reported apart
   and is *not* part of any figure below.
2. **ingest** runs the real command, ``<python> -m reader --db <fresh db>
   ingest <corpus>``, in a child process with stdout and stderr piped (so no
   progress bar). *seconds* is the wall time of that process from spawn to
   exit (interpreter start-up and imports included); *articles/s* is N divided
   by it. *peak* is ``ru_maxrss`` of the import (read by ``bench/measure.py``,
   a fresh process whose only child is the import): the peak RSS of its
   largest single process; when the import uses worker processes and their
   summed RSS is notably higher, that sum is printed too ("all processes").
   The import's CPU time (user + system, workers included) is printed on a
   line of its own, as it is less affected by other work on the machine than
   the wall time. *db* is the size of the database file (plus any
   ``-wal`` file left) afterwards. The files were just written, so they are
   read from the page cache: this is the warm-cache figure. With ``--cold``
   the page cache is emptied first (``sync``, then ``3`` written to
   ``/proc/sys/vm/drop_caches``: Linux, as root), so that every file and the
   program itself are read from the disk, as on a first import after a boot.
3. **reimport** runs the same command again over the same, unchanged files:
   every file is read and hashed, none is parsed or written.
4. **first screen** starts ``<python> -m reader --db <db>`` in a
   pseudo-terminal (TERM=xterm-256color, window 80x24, then 200x60) and
   measures the time from spawning the process until the pty output, stripped
   of escape sequences, contains the title of the first article in the list
   (taken from ``reader list --json --limit 1``). **bare textual** is the same
   measurement for a minimal Textual app showing one word: what any Textual
   app costs on this machine. Each is run ``--repeat`` times (default 5);
   the median and the minimum are printed. The app is then sent ``q`` and
   killed if it is still running after a few seconds.

Everything is written under a temporary directory (inside ``--workdir`` if
given) that is removed at the end. With ``--keep DIR`` the corpus and the
database are written to DIR and kept; a later run with the same DIR, N, seed
and vocabulary reuses the corpus instead of generating it again.

Only the standard library is used here (plus ``textual``, in the bare app's
child process).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floors  # bench/floors.py: the bare app and the bare FTS5 insert
from corpus import PSEUDO_WORDS, corpus_matches, write_corpus

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = ((80, 24), (200, 60))
SCREEN_TIMEOUT = 30.0  # seconds to wait for the first screen before giving up
QUIT_GRACE = 3.0  # seconds between sending "q" and killing the app

# Runs the import as its only child and reports its time, CPU and memory (see its docstring).
MEASURE = Path(__file__).resolve().parent / "measure.py"

# CSI, OSC (ended by BEL or ST), other two-byte/nF escapes, and stray controls.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
    r"|[\x00-\x08\x0b-\x1f\x7f]"
)


# -- the import -------------------------------------------------------------------------


@dataclass
class ImportRun:
    """One ``reader ingest`` process: wall time, CPU time, peak memory and output."""

    seconds: float
    peak_mb: float  # ru_maxrss: the largest single process
    tree_peak_mb: float  # summed RSS of the import and its workers, sampled
    cpu_seconds: float  # the import and its workers, sampled (or getrusage, if more)
    summary: str
    stderr: str
    returncode: int

    def rate(self, n: int) -> float:
        return n / self.seconds if self.seconds else float("inf")


def run_import(db: Path, corpus: Path) -> ImportRun:
    """Run ``<python> -m reader --db DB ingest CORPUS`` through ``bench/measure.py``."""
    command = [PYTHON, "-m", "reader", "--db", str(db), "ingest", str(corpus)]
    done = subprocess.run(
        [PYTHON, str(MEASURE), *command],
        cwd=PROJECT,
        env=_child_env(),
        stdout=subprocess.PIPE,
        check=True,
    )
    result = json.loads(done.stdout)
    return ImportRun(
        seconds=result["seconds"],
        peak_mb=result["maxrss_kb"] / 1024,
        tree_peak_mb=result["tree_peak_kb"] / 1024,
        cpu_seconds=result["tree_cpu"],
        summary=result["stdout"].strip(),
        stderr=result["stderr"].strip(),
        returncode=result["returncode"],
    )


def db_size_mb(db: Path) -> float:
    """The database file plus any ``-wal`` file left beside it, in MB."""
    total = 0
    for suffix in ("", "-wal"):
        path = db.with_name(db.name + suffix)
        if path.exists():
            total += path.stat().st_size
    return total / 1_048_576


def first_title(db: Path) -> str:
    """The title of the article on the first row of the app's list."""
    done = subprocess.run(
        [PYTHON, "-m", "reader", "--db", str(db), "list", "--json", "--limit", "1"],
        cwd=PROJECT,
        env=_child_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(done.stdout)
    if not rows:
        raise SystemExit("bench: the database is empty; nothing to look for on screen")
    return rows[0]["title"]


def needle_for(title: str, width: int = 30) -> str:
    """A prefix of ``title`` short enough to fit the narrowest list column untruncated."""
    if len(title) <= width:
        return title
    cut = title[:width]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


# -- the first screen ------------------------------------------------------------------


def _child_env() -> dict[str, str]:
    """The environment for children: a colour terminal, no size or colour overrides."""
    env = dict(os.environ)
    for name in ("COLUMNS", "LINES", "NO_COLOR", "TEXTUAL", "READER_DB"):
        env.pop(name, None)
    env["TERM"] = "xterm-256color"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def spawn_in_pty(argv: list[str], size: tuple[int, int]) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``argv`` in a new pseudo-terminal of ``size`` (its own session); return the
    process and the terminal's master end."""
    cols, rows = size
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=PROJECT,
        env=_child_env(),
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    return proc, master


def time_first_screen(argv: list[str], needle: str, size: tuple[int, int]) -> float:
    """Seconds from spawning ``argv`` in a pty of ``size`` until ``needle`` is on screen."""
    started = time.perf_counter()
    proc, master = spawn_in_pty(argv, size)
    output = bytearray()
    try:
        while True:
            elapsed = time.perf_counter() - started
            if elapsed > SCREEN_TIMEOUT:
                raise TimeoutError(f"{needle!r} not on screen after {SCREEN_TIMEOUT:.0f} s")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:  # EIO: the app closed the terminal
                    chunk = b""
                if not chunk:
                    tail = screen_text(output).strip()[-1500:]
                    raise RuntimeError(f"the app exited before showing {needle!r}:\n{tail}")
                output += chunk
                if needle in screen_text(output):
                    return time.perf_counter() - started
            elif proc.poll() is not None:
                tail = screen_text(output)[-500:]
                raise RuntimeError(f"the app exited ({proc.returncode}) early: {tail!r}")
    finally:
        stop_app(proc, master)


def screen_text(output: bytes | bytearray) -> str:
    """The text the terminal was sent, without escape sequences and controls."""
    return _ESCAPES.sub("", output.decode("utf-8", "replace"))


def stop_app(proc: subprocess.Popen[bytes], master: int) -> None:
    """Send ``q``; kill the app if it has not quit within :data:`QUIT_GRACE` seconds."""
    with contextlib.suppress(OSError):
        os.write(master, b"q")
    deadline = time.monotonic() + QUIT_GRACE
    while proc.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)  # keep draining its output
        if ready:
            try:
                os.read(master, 1 << 16)
            except OSError:
                break
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: the app and nothing else
    proc.wait()
    os.close(master)


@dataclass
class Timings:
    """Repeated measurements of one thing."""

    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def min(self) -> float:
        return min(self.values)


def compile_reader() -> None:
    """Compile the reader's modules, as installing it does (Textual's, in site-packages,
    were compiled when it was installed).

    The app runs from this checkout, where Python writes the compiled modules on the first
    start; but under PYTHONDONTWRITEBYTECODE it never does, and every start timed would
    compile the reader's source again, which no installed reader does.
    """
    compileall.compile_dir(PROJECT / "reader", quiet=1)


def measure_screens(db: Path, repeat: int) -> dict[tuple[int, int], tuple[Timings, Timings]]:
    """First-screen timings of the reader and of the bare app, per window size."""
    compile_reader()
    needle = needle_for(first_title(db))
    print(f"first screen: looking for {needle!r}", flush=True)
    reader_argv = [PYTHON, "-m", "reader", "--db", str(db)]
    results = {}
    for size in SIZES:
        app, bare = Timings([]), Timings([])
        for _ in range(repeat):  # interleaved, so drift affects both alike
            app.values.append(time_first_screen(reader_argv, needle, size))
            bare.values.append(floors.bare_first_screen(size))
        results[size] = (app, bare)
        print(f"  {size[0]}x{size[1]}: reader {_fmt_list(app)}  bare {_fmt_list(bare)}", flush=True)
    return results


def _fmt_list(t: Timings) -> str:
    return "[" + " ".join(f"{v:.3f}" for v in t.values) + "]"


# -- putting it together --------------------------------------------------------------


TARGET_N = 100_000  # the import rate is judged for an archive of at least this size


def _all(run: ImportRun) -> str:
    """The summed peak of all the import's processes, when it has workers that add to it."""
    if run.tree_peak_mb <= run.peak_mb * 1.1:
        return ""
    return f" (all processes {run.tree_peak_mb:.0f} MB)"


def report(
    n: int,
    generation: str,
    first: ImportRun,
    again: ImportRun,
    db_mb: float,
    screens: dict[tuple[int, int], tuple[Timings, Timings]],
    load: float,
    cache: str = "warm",
    floor_seconds: float | None = None,
) -> tuple[str, bool]:
    """The compact report printed at the end, and whether every target judged was met:
    the import's rate against the bare FTS5 insert's (at N >= :data:`TARGET_N`), each
    first screen against the bare app's."""
    met = True
    lines = [
        f"ingest   N={n}  {first.seconds:.1f} s  {first.rate(n):,.0f} articles/s  "
        f"peak {first.peak_mb:.0f} MB{_all(first)}  db {db_mb:.0f} MB   (generation {generation})"
        + f"   [{cache} cache]",
        f"reimport N={n}  {again.seconds:.1f} s  {again.rate(n):,.0f} articles/s  "
        f"peak {again.peak_mb:.0f} MB{_all(again)}",
        f"         (cpu time: import {first.cpu_seconds:.1f} s, reimport {again.cpu_seconds:.1f} s;"
        f" {os.cpu_count()} cores, load average {load:.2f} before the import)",
    ]
    if floor_seconds is not None:
        floor_rate = n / floor_seconds
        ok, verdict = floors.judge(first.rate(n), floor_rate, floors.IMPORT_RATIO, at_most=False)
        if n < TARGET_N:
            verdict = verdict.split("   [")[0] + f"   (judged at N >= {TARGET_N:,})"
        else:
            met &= ok
        lines.append(
            f"floor    N={n}  {floor_seconds:.1f} s  {floor_rate:,.0f} articles/s  "
            f"(the parsed rows into a bare FTS5 table)   import / floor: {verdict}"
        )
    for (cols, rows), (app, bare) in screens.items():
        ok, verdict = floors.judge(app.median, bare.median, floors.FIRST_SCREEN_RATIO)
        met &= ok
        lines.append(
            f"first screen {cols}x{rows}: median {app.median:.2f} s (min {app.min:.2f})   "
            f"bare textual: median {bare.median:.2f} s (min {bare.min:.2f})   "
            f"reader / bare: {verdict}"
        )
    return "\n".join(lines), met


def import_floor(corpus: Path, work: Path) -> float:
    """Seconds to insert the corpus's parsed articles into a bare FTS5 table, in batches
    of the import's size (:mod:`floors`); the parsing before is not timed."""
    from reader.ingest import BATCH_SIZE

    print("floor: parsing the corpus (not timed) ...", flush=True)
    rows = floors.parse_corpus(corpus)
    print(f"floor: inserting {len(rows)} rows into a bare FTS5 table ...", flush=True)
    return floors.fts5_insert_seconds(rows, work / "floor.db", BATCH_SIZE)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark `reader ingest` and the app's first screen on N synthetic articles."
    )
    parser.add_argument("n", type=int, metavar="N", help="number of articles")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it")
    parser.add_argument("--workdir", type=Path, metavar="DIR", help="make the temp dir in DIR")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--repeat", type=int, default=5, help="first-screen runs per size")
    parser.add_argument("--jobs", type=int, default=None, help="generator processes")
    parser.add_argument(
        "--vocabulary",
        type=int,
        default=PSEUDO_WORDS,
        metavar="W",
        help=f"pseudo-words in the corpus vocabulary (default {PSEUDO_WORDS:,})",
    )
    parser.add_argument("--no-screen", action="store_true", help="skip the first-screen part")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the bare FTS5 insert (the import's floor)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the page cache before each import (Linux, as root)",
    )
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    floors.compile_reader()
    if args.keep is not None:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        if args.workdir is not None:
            args.workdir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="reader-bench-", dir=args.workdir)).resolve()
    try:
        return run(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept: {work}")


def run(args: argparse.Namespace, work: Path) -> int:
    """The benchmark proper, with every file under ``work``."""
    n = args.n
    corpus, db = work / "corpus", work / "reader.db"

    if corpus_matches(corpus, n, args.seed, args.vocabulary):
        generation = "reused"
        print(f"corpus: reusing {n} articles in {corpus}", flush=True)
    else:
        shutil.rmtree(corpus, ignore_errors=True)
        print(
            f"corpus: generating {n} articles ({args.vocabulary:,} pseudo-words) in {corpus} ...",
            flush=True,
        )
        size, seconds = write_corpus(corpus, n, args.seed, args.jobs, args.vocabulary)
        generation = f"{seconds:.1f} s"
        print(f"corpus: {size / 1_048_576:.0f} MB in {seconds:.1f} s", flush=True)

    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)

    if args.cold:
        drop_page_cache()
    load = os.getloadavg()[0]
    cache = "cold" if args.cold else "warm"
    print(f"ingest: first import ({cache} cache, load average {load:.2f}) ...", flush=True)
    first = run_import(db, corpus)
    print(f"  {first.summary}  ({first.seconds:.2f} s, cpu {first.cpu_seconds:.2f} s)", flush=True)
    if first.stderr:
        print(textwrap.indent(first.stderr[-2000:], "  stderr: "), flush=True)
    if first.returncode != 0 or not first.summary.startswith(f"{n} added"):
        print(f"bench: the import did not add all {n} articles", file=sys.stderr)
        return 1
    db_mb = db_size_mb(db)

    if args.cold:
        drop_page_cache()
    print(f"ingest: re-import (unchanged files, {cache} cache) ...", flush=True)
    again = run_import(db, corpus)
    print(f"  {again.summary}  ({again.seconds:.2f} s, cpu {again.cpu_seconds:.2f} s)", flush=True)
    if again.returncode != 0 or f"{n} unchanged" not in again.summary:
        print(f"bench: the re-import did not find all {n} articles unchanged", file=sys.stderr)
        return 1

    floor_seconds = None if args.no_floor else import_floor(corpus, work)

    screens: dict[tuple[int, int], tuple[Timings, Timings]] = {}
    status = 0
    if not args.no_screen:
        try:
            screens = measure_screens(db, args.repeat)
        except (RuntimeError, TimeoutError) as exc:
            print(f"first screen: FAILED: {exc}", file=sys.stderr)
            status = 1

    print()
    text, met = report(n, generation, first, again, db_mb, screens, load, cache, floor_seconds)
    print(text)
    return status if met else 1


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_page_cache() -> None:
    """Write dirty pages out and empty the page cache, or stop with why it cannot."""
    os.sync()
    try:
        DROP_CACHES.write_text("3\n")
    except OSError as exc:
        raise SystemExit(
            f"bench: --cold cannot empty the page cache ({DROP_CACHES}: {exc})"
        ) from None


if __name__ == "__main__":
    raise SystemExit(main())
