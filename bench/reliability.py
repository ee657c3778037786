"""The reliability report: the project's five promises about your data, each tried out.

Usage (from the project root)::

    .venv/bin/python bench/reliability.py [--size N] [--million] [--keep DIR] [--kills K]
                                          [--files F] [--million-size M] [--repeat R]
                                          [--queries Q] [--presses P] [--seed S]

It builds all its own data in a work folder (a temporary one, removed at the end,
unless ``--keep DIR``) and prints a report of about 30 lines at the end: each line
gives its figures, and, where there is one, its target and ``ok`` or ``MISSED``. It
exits 0 only when every target is met. Progress goes to stderr.

1. **No input crashes it.** The hostile corpus of ``tests/hostile.py`` (escape
   sequences, markup, bidi, a 5 MB line, binary, empty and header-only files, other
   encodings, hostile file names, a symlink loop, a file deleted during the import)
   goes through the real ``reader ingest``: inputs tried, imported, skipped and why;
   every input must be handled as the corpus says it should, and nothing unsafe
   printed. Then a fresh process opens the app headless (Textual's Pilot) at 80x24
   and at 160x48 and opens every article with Enter: each must come up, no escape or
   control character may reach the screen, and the app must not crash.
2. **A killed import loses nothing.** ``bench/faults.py``'s :func:`run_kill_loop`:
   ``--kills`` SIGKILLs (default 20) at moments spread over imports of ``--files``
   articles (default 1,000), with integrity, full-text and user-data checks after each
   kill, and a final import that must equal a clean one.
3. **Two copies, one database.** Two imports at once into a new database (``F/2``
   and ``F`` files: both create it), then an import updating the ``F`` files while
   another process bookmarks articles and adds notes with the CLI, one command after
   another, until the import ends. Writes attempted against writes in the database
   afterwards, and how often anyone said "database is locked".
4. **Bad databases get clear words.** A truncated database, a text file and a
   database of a newer version, each opened with ``reader list``: one line naming the
   file, exit 2, the file left as it was. (Read-only databases and older ones, which
   are backed up before they are updated, are tried in ``tests/test_bad_db.py``.)
5. **Big archives stay fast.** An archive of ``--size`` articles (default 100,000),
   built by ``bench/search.py``'s :func:`archive` (a median of 380 words; rows written
   straight into the store, as the importer would, without finding people):

   * *first screen*: the real ``reader`` in an 80x24 pseudo-terminal, from spawning
     it to the first article's title on screen (``bench/ingest.py``'s
     :func:`time_first_screen`); the median of ``--repeat`` runs. Target < 1 s.
   * *scrolling*: a fresh process opens the app headless at 120x40 and presses
     ``--presses`` keys (default 72: PgDn, j, End, PgUp, k, Home) in the list, each
     after the last one's work is done. Each is timed from the key press to the
     first screen update that shows the moved cursor with every visible row loaded
     (the list loads its rows 200 at a time, in a worker). Target p95 < 50 ms: no
     visible lag.
   * *opening*: in the same app, every fourth key is followed by ``j`` and at once
     Enter (before the reading pane's preview of that article), timed from Enter to
     the first screen update with the article in the reading pane. Target p95 < 50 ms.
   * *searching*: ``--queries`` queries (default 5) typed letter by letter, 120 ms
     apart, into the search box of the real program running in a pseudo-terminal
     (``bench/search_keys.py``'s :func:`type_queries`: from the key written to the
     terminal to the first frame after the list took its results). Target p95 < 50 ms.
   * *memory*: the larger peak RSS of the two app processes, after all of the above.
     Target < 400 MB.

   With ``--million``: 1,000,000 short articles (about 120 words; ``--million-size``
   changes the number, for a quick try): its build time, the first screen, searching
   and memory, with the same targets.

The first screen and the searching lines also print a floor taken in the same run
(``bench/floors.py``): a bare Textual app's first screen in the same terminal, and a
bare Input's echo of the same keys in the same pty, with the ratio to each.

Headless, a screen update is rendered but not written to a terminal; the first-screen
figure is the one that includes a terminal. Timings depend on what else the machine
is doing: the load average at the start is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path[:0] = [str(BENCH), str(PROJECT / "tests")]

import faults  # noqa: E402  (bench/faults.py)
import floors  # noqa: E402  (bench/floors.py)
import hostile  # noqa: E402  (tests/hostile.py)
import ingest as ingest_bench  # noqa: E402  (bench/ingest.py)
import search as search_bench  # noqa: E402  (bench/search.py)
import user_data as user_bench  # noqa: E402  (bench/user_data.py)

from reader.clean import clean_path  # noqa: E402
from reader.core import SCHEMA_VERSION, Store  # noqa: E402

PYTHON = sys.executable
#: Targets: the first screen (s), a key or an Enter to the screen (s), memory (MB).
FIRST_SCREEN = 1.0
NO_LAG = 0.050
MEMORY_MB = 400
SCREEN = (80, 24)  # the first screen's terminal
APP_SIZE = (120, 40)  # the headless app's window: list and reading pane side by side
SEARCH_TERMINAL = APP_SIZE  # the pty the search is typed into
KEY_GAP = 0.120  # seconds between keys typed (a brisk typist)
MILLION_MEDIAN = 120  # words in the short articles of the million archive
#: The scrolling walk, by key; its length is --presses (the pattern is stretched or cut).
WALK = (("pagedown", 25), ("j", 10), ("end", 1), ("pageup", 25), ("k", 10), ("home", 1))


def say(text: str) -> None:
    """Progress, on stderr (the report goes to stdout)."""
    print(text, file=sys.stderr, flush=True)


def timed(part: Callable[..., list[Line]], *args: object) -> list[Line]:
    """``part(*args)``, saying on stderr how long it took."""
    started = time.monotonic()
    lines = part(*args)
    say(f"{part.__name__}: {time.monotonic() - started:.1f} s")
    return lines


# -- the report -----------------------------------------------------------------------


@dataclass
class Line:
    """One line of the report: a label, its figures, and a target if it has one."""

    label: str
    text: str
    target: str | None = None
    ok: bool | None = None

    def render(self) -> str:
        line = f"  {self.label:<14} {self.text}"
        if self.target is not None:
            line += f"   [{self.target}: {'ok' if self.ok else 'MISSED'}]"
        elif self.ok is not None:
            line += f"   [{'ok' if self.ok else 'MISSED'}]"
        return line


Section = tuple[str, list[Line]]


def render(sections: list[Section], head: str) -> tuple[str, bool]:
    """The report, and whether every line with a verdict is ok."""
    lines = [head]
    for title, body in sections:
        lines.append(title)
        lines += [line.render() for line in body]
    judged = [line.ok for _, body in sections for line in body if line.ok is not None]
    passed = all(judged)
    missed = len(judged) - sum(judged)
    lines.append("every target met" if passed else f"{missed} of {len(judged)} targets MISSED")
    return "\n".join(lines), passed


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.0095 else f"{seconds * 1000:.1f} ms"


def lag_line(label: str, what: str, values: list[float]) -> Line:
    """A latency line judged on its p95 against :data:`NO_LAG`."""
    if not values:
        return Line(label, f"{what}: nothing could be timed", f"p95 < {ms(NO_LAG)}", False)
    return Line(
        label,
        f"{what}: median {ms(statistics.median(values))}, p95 {ms(p95(values))}, "
        f"max {ms(max(values))}",
        f"p95 < {ms(NO_LAG)}",
        p95(values) < NO_LAG,
    )


# -- 1. hostile input ---------------------------------------------------------------------


#: The terminal sizes the app opens every hostile article at.
WALK_SIZES = "80x24,160x48"


def hostile_inputs(work: Path, sizes: str = WALK_SIZES) -> list[Line]:
    folder = work / "hostile" / "corpus"
    expected = hostile.write_corpus(folder)
    db = work / "hostile" / "news.db"
    say(f"hostile: importing {len(expected)} inputs ...")
    run = subprocess.run(hostile.ingest_command(db, folder), capture_output=True, cwd=PROJECT)
    out, err = (run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace"))
    lines = err.splitlines()
    imported = [item for item in expected if item.imported]
    reasons: Counter[str] = Counter()
    as_expected = 0
    for item in expected:
        shown = clean_path(folder / item.name)
        if item.imported:
            noted = [x for x in lines if x.startswith(f"note: {shown}: ")]
            as_expected += bool(noted) == bool(item.note)
        else:
            said = [x for x in lines if x.startswith(f"skipped: {shown}: ")]
            if len(said) == 1 and item.skipped in said[0]:
                as_expected += 1
                reasons[item.skipped] += 1
    with Store.open(db) as store:
        titles = {s.title for s in store.page(0, store.count())}
    titled = sum(item.title in titles for item in imported if item.title is not None)
    wanted_titles = sum(item.title is not None for item in imported)
    summary = f"{len(imported)} added, 0 updated, 0 unchanged, {len(expected) - len(imported)}"
    clean_output = not (hostile.DANGEROUS & set(out + err)) and "Traceback" not in err
    handled = (
        as_expected == len(expected)
        and titled == wanted_titles
        and out.startswith(summary)
        and clean_output
        and len(lines) == len(expected) - len(imported) + sum(bool(i.note) for i in imported)
    )
    say("hostile: opening every article in the app ...")
    walk = child("hostile", str(db), sizes)
    return [
        Line(
            "reader ingest",
            f"{len(expected)} inputs tried: {len(imported)} imported "
            f"({sum(bool(i.note) for i in imported)} with a note), "
            f"{len(expected) - len(imported)} skipped with a one-line reason",
        ),
        Line("", "skipped: " + ", ".join(f"{why} {n}" for why, n in reasons.most_common())),
        Line(
            "",
            f"handled as expected: {as_expected}/{len(expected)}; titles right "
            f"{titled}/{wanted_titles}; nothing unsafe printed: "
            f"{'yes' if clean_output else 'NO'}; exit {run.returncode}",
            ok=handled and run.returncode == 1,
        ),
        Line(
            "the app",
            "opened with Enter: "
            + ", ".join(
                f"{n}/{walk['articles']} at {w}x{h}"
                for n, (w, h) in zip(walk["opened"], walk["sizes"], strict=True)
            )
            + (f" (not opened: {', '.join(walk['missed'][:4])})" if walk["missed"] else "")
            + f"; escapes or controls on screen: {walk['unsafe']}; "
            + ("no crash" if not walk["error"] else f"FAILED: {walk['error']}"),
            ok=all(n == walk["articles"] == len(imported) for n in walk["opened"])
            and not walk["unsafe"]
            and not walk["error"],
        ),
    ]


async def _hostile_walk(db: Path, sizes_text: str) -> dict[str, object]:
    """Open every article at each size; count those shown and screens with unsafe text."""
    from reader.app import make_app

    sizes = floors.parse_sizes(sizes_text)
    opened, unsafe, error = [0] * len(sizes), 0, ""
    missed: list[str] = []  # the articles Enter did not open within the wait, to say which
    with Store.open(db) as store:
        total = store.count()
        try:
            for n, size in enumerate(sizes):
                app = make_app(store)
                async with app.run_test(size=size):
                    watch = await Watch.start(app)
                    for index in range(watch.listing.total):
                        if index:
                            await until(watch.moved, watch.press("j"), index)
                        wanted = await until(getattr, watch.listing, "current")
                        start = watch.press("enter")
                        if await until(watch.opened, wanted.id, start):
                            opened[n] += 1
                        else:
                            missed.append(f"{size[0]}x{size[1]} #{index + 1}")
                        text = "".join(s.text for s in app.screen._compositor.render_strips())
                        unsafe += bool(hostile.DANGEROUS & set(text))
                        watch.press("escape")
                        await until(watch.listing_focused)
                        await watch.rest(0.02)  # what Enter set going has come to an end
                    if not app.is_running:
                        error = "the app stopped"
        except Exception as exc:  # the report says so instead of stopping
            error = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return {
        "sizes": sizes,
        "articles": total,
        "opened": opened,
        "missed": missed,
        "unsafe": unsafe,
        "error": error,
    }


def user_data(work: Path, shape_size: int) -> list[Line]:
    """Hostile notes, notes files, arguments and long inputs (``bench/user_data.py``)."""
    folder = work / "user"
    say("user data: notes, notes files, arguments and exports ...")
    found = user_bench.notes_and_arguments(folder)
    say("user data: a note of escapes in the app ...")
    shown = child("notes", str(folder / "news.db"))
    say("user data: long inputs ...")
    long = user_bench.long_inputs(work / "long", shape_size)
    worst = max(long.shapes, key=long.shapes.__getitem__)
    wrong = f" (wrong: {', '.join(found.wrong)})" if found.wrong else ""
    return [
        Line(
            "user data",
            f"{found.tried} notes, names, notes files, arguments and exports tried: "
            f"{found.right} taken or refused in one line{wrong}; tracebacks "
            f"{found.tracebacks}; controls printed {found.leaks}",
            ok=found.ok,
        ),
        Line(
            "",
            f"a note of escapes in {', '.join(shown['views'])}: controls on screen "
            f"{shown['unsafe']}; "
            + ("no crash" if not shown["error"] else f"FAILED: {shown['error']}"),
            ok=len(shown["views"]) == 3 and not shown["unsafe"] and not shown["error"],
        ),
        Line(
            "long inputs",
            f"{shape_size / 1_048_576:.2g} MB files of {len(long.shapes)} worst shapes parsed in "
            f"at most {long.shapes[worst]:.2f} s ({worst}, {long.shapes[worst] / long.prose:.0f}x "
            f"as much prose); a 10,000-letter query "
            f"{long.query:.2f} s; a 4,000-word quote placed {long.quote:.2f} s",
            f"< {user_bench.parse_shapes.TARGET_SECONDS:g} s each",
            long.slowest < user_bench.parse_shapes.TARGET_SECONDS,
        ),
        Line(
            "",
            "a 33 KB word, then the seeds: both imported and typos still found: "
            + ("yes" if long.long_word_ok else "NO"),
            ok=long.long_word_ok,
        ),
    ]


async def _notes_walk(db: Path) -> dict[str, object]:
    """The notes view, the article at its note and the note editor, on a note of escapes."""
    from reader.app import make_app
    from reader.app.screens.note_editor import NoteEditor
    from reader.app.screens.notes import NotesScreen

    views: list[str] = []
    unsafe, error = 0, ""
    with Store.open(db) as store:
        app = make_app(store)
        try:
            async with app.run_test(size=(100, 40)) as pilot:
                for key, view, shows in (
                    ("m", "the notes view", lambda: isinstance(app.screen, NotesScreen)),
                    ("enter", "the article", lambda: not isinstance(app.screen, NotesScreen)),
                    ("e", "the editor", lambda: isinstance(app.screen, NoteEditor)),
                ):
                    await _quiet(app, pilot)
                    await pilot.press(key)
                    await _quiet(app, pilot)
                    if not await until(shows):
                        break
                    text = "".join(s.text for s in app.screen._compositor.render_strips())
                    unsafe += bool(hostile.DANGEROUS & set(text))
                    views.append(view)
        except Exception as exc:  # the report says so instead of stopping
            error = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return {"views": views, "unsafe": unsafe, "error": error}


async def _quiet(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let ``app``'s workers finish and the screen catch up."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause(0.05)


# -- 2. kills -----------------------------------------------------------------------------


def kills(work: Path, files: int, count: int, seed: int) -> list[Line]:
    say(f"kills: {count} SIGKILLs of imports of {files:,} files ...")
    found = faults.run_kill_loop(work / "kills", files=files, kills=count, seed=seed, log=say)
    done = found.delivered
    rounds = len(found.kills)
    final = found.final
    return [
        Line(
            "SIGKILL",
            f"{len(done)} of {rounds} imports of {files:,} files killed (a whole one takes "
            f"{found.expected_add:.1f} s adding, {found.expected_update:.1f} s updating)",
            f"{count} kills, nothing lost",
            len(done) == count and found.ok,
        ),
        Line("", "killed while: " + ", ".join(f"{p} {n}" for p, n in found.phases.items())),
        Line(
            "",
            f"after each: integrity ok {sum(k.integrity == 'ok' for k in found.kills)}/{rounds}, "
            f"full-text ok {sum(k.fts_ok for k in found.kills)}/{rounds}, user data kept "
            f"{sum(k.user_data_kept for k in found.kills)}/{rounds}, workers left running "
            f"{sum(k.orphans for k in found.kills)} of {sum(k.workers for k in found.kills)}",
        ),
        Line(
            "",
            f"copies imported to the end: {sum(c.ok for c in found.completions)}/"
            f"{len(found.completions)} clean; the next import (exit "
            f"{final.returncode if final else '-'}) equals a clean one: "
            f"{'yes' if found.equal_to_clean else 'NO'}",
        ),
    ]


# -- 3. concurrent writers ----------------------------------------------------------------


def reader(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "reader", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )


def locked(text: str) -> int:
    return text.count("database is locked") + text.count("database is busy")


def concurrent_writes(work: Path, files: int, seed: int) -> list[Line]:
    root = work / "concurrent"
    small = faults.make_corpus(root / "first", files // 2, seed + 11)
    large = faults.make_corpus(root / "second", files, seed + 12)
    db = root / "news.db"  # not there yet: both imports create it
    say(f"concurrent: two imports at once ({files // 2:,} and {files:,} files) ...")
    procs = [
        subprocess.Popen(
            faults.ingest_command(db, corpus.root),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
        )
        for corpus in (small, large)
    ]
    outputs = [p.communicate() for p in procs]
    runs = [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]
    wanted = {  # every article of both folders, as its file is on disk
        key: corpus.hashes(path)[corpus.current[path]]
        for corpus in (small, large)
        for path, key in corpus.ids().items()
    }
    stored = faults.stored_hashes(db)
    both = sum(stored.get(key) == digest for key, digest in wanted.items())
    said_locked = sum(locked(err) for _, _, err in runs)
    integrity = faults.integrity(db)

    say("concurrent: CLI bookmarks and notes during an import ...")
    faults.flip(db, large, large.ids())  # every file of the large corpus changes
    with Store.open(db) as store:
        targets = [s.id for s in store.page(0, 200)]
    importing = subprocess.Popen(
        faults.ingest_command(db, large.root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT,
    )
    written: list[tuple[str, str, subprocess.CompletedProcess[str]]] = []

    def write_while_importing() -> None:
        for article in targets:
            text = f"a note on {article} written during an import"
            written.append(("bookmark", article, reader(db, "bookmark", article)))
            written.append(("note", text, reader(db, "note", "add", article, text)))
            if importing.poll() is not None and len(written) >= 6:
                return

    writer = threading.Thread(target=write_while_importing)
    writer.start()
    out, err = importing.communicate()
    writer.join()
    with Store.open(db) as store:
        marked = {b.article_id for b in store.bookmarks()}
        noted = {n.text for n in store.notes()}
    landed = sum(
        done.returncode == 0 and (what in marked if kind == "bookmark" else what in noted)
        for kind, what, done in written
    )
    said_locked += locked(err) + sum(locked(d.stderr) for _, _, d in written)
    updated = out.strip() == f"0 added, {files} updated, 0 unchanged, 0 skipped"
    integrity_after = faults.integrity(db)
    return [
        Line(
            "two imports",
            f"{files // 2:,} and {files:,} files into one new database at once: "
            f"{both:,}/{len(wanted):,} articles landed; exits "
            f"{', '.join(str(code) for code, _, _ in runs)}; integrity {integrity[0]}",
            ok=both == len(wanted)
            and all(c == 0 for c, _, _ in runs)
            and integrity == ("ok", True),
        ),
        Line(
            "CLI writes",
            f"{len(written)} bookmarks and notes by another process during an import of "
            f"{files:,} updates: {landed}/{len(written)} landed; import exit "
            f"{importing.returncode}, integrity {integrity_after[0]}",
            ok=landed == len(written) > 0
            and importing.returncode == 0
            and updated
            and integrity_after == ("ok", True),
        ),
        Line("", f'"database is locked" (or busy) said: {said_locked} times', ok=said_locked == 0),
    ]


# -- 4. bad databases ---------------------------------------------------------------------


def bad_databases(work: Path) -> list[Line]:
    folder = work / "bad"
    folder.mkdir(parents=True, exist_ok=True)
    good = folder / "good.db"
    if reader(good, "ingest", str(PROJECT / "seeds")).returncode != 0:
        return [Line("bad databases", "could not make a database to damage", ok=False)]
    kinds: dict[str, Callable[[Path], None]] = {
        "truncated": lambda p: p.write_bytes(good.read_bytes()[: good.stat().st_size // 2]),
        "a text file": lambda p: p.write_text("These are my notes, not a database.\n" * 50),
        "a newer version": lambda p: _newer(good, p),
    }
    verdicts = []
    for name, make in kinds.items():
        path = folder / f"{name.replace(' ', '-')}.db"
        make(path)
        before = path.read_bytes()
        done = reader(path, "list")
        one_line = done.stderr.count("\n") == 1 and done.stderr.startswith("reader: error: ")
        verdicts.append(
            done.returncode == 2
            and one_line
            and str(path) in done.stderr
            and "Traceback" not in done.stderr
            and path.read_bytes() == before
        )
    return [
        Line(
            "reader list",
            f"{', '.join(kinds)}: one line naming the file, exit 2, file untouched: "
            f"{sum(verdicts)}/{len(verdicts)}",
            ok=all(verdicts),
        ),
        Line("", "read-only and older (backed up, then updated): tests/test_bad_db.py"),
        _odd_paths(folder),
    ]


def _odd_paths(folder: Path) -> Line:
    tried, right, wrong = user_bench.odd_databases(folder / "odd")
    missed = f" (wrong: {', '.join(wrong)})" if wrong else ""
    return Line(
        "odd paths",
        "a 1-byte file, /dev/null, a path under a file, a database deleted while open: "
        f"one line, nothing overwritten or saved unseen: {right}/{tried}{missed}",
        ok=right == tried,
    )


def _newer(good: Path, path: Path) -> None:
    shutil.copyfile(good, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


# -- 5. big archives ----------------------------------------------------------------------


def big_archive(
    work: Path, n: int, median: int, args: argparse.Namespace, walk: bool
) -> tuple[str, list[Line]]:
    db, info = search_bench.archive(work, n, args.seed, median, reuse=True)
    with Store.open(db):  # bring the schema up to date before timing anything
        pass
    size_mb = db.stat().st_size / 1e6
    say(f"N={n:,}: first screen ({args.repeat} runs) ...")
    needle = ingest_bench.needle_for(ingest_bench.first_title(db))
    argv = [PYTHON, "-m", "reader", "--db", str(db)]
    screens = [ingest_bench.time_first_screen(argv, needle, SCREEN) for _ in range(args.repeat)]
    # The floor, in the same run: a bare Textual app's first screen in the same terminal.
    bare = statistics.median(floors.bare_first_screen(SCREEN) for _ in range(args.repeat))
    say(f"N={n:,}: the app, headless ...")
    app = child("app", str(db), str(args.seed), str(args.queries), str(args.presses if walk else 0))
    first = statistics.median(screens)
    kind = "short articles" if median < 300 else "articles"
    title = (
        f"{n:,} {kind}: built {'earlier ' if info.get('reused') else ''}in "
        f"{info['build_s']:.0f} s (rows {info['generate_s']:.0f} s, "
        f"writing {info['write_s']:.0f} s, spelling index {info['refresh_s']:.0f} s); "
        f"db {size_mb:,.0f} MB"
    )
    lines = [
        Line(
            "first screen",
            f"median {first:.2f} s of {len(screens)} (min {min(screens):.2f}), "
            f"{SCREEN[0]}x{SCREEN[1]} terminal; bare Textual {bare:.2f} s: {first / bare:.1f}x",
            f"< {FIRST_SCREEN:.0f} s",
            first < FIRST_SCREEN,
        )
    ]
    if walk:
        lines.append(lag_line("scrolling", f"{len(app['scroll'])} keys", app["scroll"]))
        lines.append(lag_line("opening", f"{len(app['open'])} articles", app["open"]))
    keys = app["keys"]
    queries = f"{app['queries']} quer{'y' if app['queries'] == 1 else 'ies'}"
    searching = lag_line("searching", f"{queries} typed, {len(keys)} keys", keys)
    if keys and app["echo"]:  # the floor: a bare Input's echo of the same keys, same pty
        echo = p95(app["echo"])
        searching.text += f"; bare Input echo p95 {ms(echo)}: {p95(keys) / echo:.1f}x"
    lines.append(searching)
    lines.append(
        Line(
            "memory",
            f"peak RSS of the app {app['rss_mb']:.0f} MB",
            f"< {MEMORY_MB} MB",
            app["rss_mb"] < MEMORY_MB,
        )
    )
    if app["error"]:
        lines.append(Line("", f"the app failed: {app['error']}", ok=False))
    return title, lines


class Watch:
    """A running app's screen updates and the articles it shows, with when they happened.

    Keys are sent the way a terminal sends them (the driver's key events), and the
    figures come from the app itself: each screen update is recorded right after it
    was rendered, with the list's cursor and whether every visible row was loaded.
    """

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        from reader.app.screens.main import MainScreen

        screen = app.screen
        assert isinstance(screen, MainScreen)
        self.app, self.listing, self.pane = app, screen.article_list, screen.reading_pane
        self.paints: list[tuple[float, int, bool]] = []  # when, cursor, visible rows loaded
        self.shown: dict[str, list[float]] = {}  # article id: when it was put on screen
        self.complete = self.pane.article.id if self.pane.article else None  # the last shown
        display, show_article = app._display, screen._show_article

        def timed_display(screen, renderable):  # type: ignore[no-untyped-def]
            display(screen, renderable)  # the update was rendered just before this call
            if renderable is not None and not app._batch_count:
                self.paints.append((time.perf_counter(), self.listing.cursor, self.rows_loaded()))

        async def timed_show(generation, article, *args):  # type: ignore[no-untyped-def]
            await show_article(generation, article, *args)
            if self.pane.article is article:  # not a late load that was dropped
                self.shown.setdefault(article.id, []).append(time.perf_counter())
                self.complete = article.id

        app._display = timed_display
        screen._show_article = timed_show

    @classmethod
    async def start(cls, app) -> Watch:  # type: ignore[no-untyped-def]
        """Watch ``app`` once its list has its first rows."""
        await until(_list_loaded, app)
        watch = cls(app)
        await watch.rest()
        return watch

    def rows_loaded(self) -> bool:
        from reader.app.widgets.article_list import PAGE_SIZE

        listing = self.listing
        top = int(listing.scroll_offset.y) // listing.row_height
        bottom = min(listing.total, top + listing.size.height // listing.row_height + 1)
        return all(i // PAGE_SIZE in listing._pages for i in range(top, bottom))

    def press(self, key: str) -> float:
        """Send ``key`` as the terminal would; when it was sent."""
        start = time.perf_counter()
        self.app.simulate_key(key)
        return start

    async def rest(self, pause: float = 0.12) -> None:
        """Wait ``pause`` (for the preview of the article under the cursor, after 80 ms),
        then for every worker."""
        from textual.worker import WorkerCancelled

        await asyncio.sleep(pause)
        while True:
            try:
                await self.app.workers.wait_for_complete()
                return
            except WorkerCancelled:
                continue

    def moved(self, start: float, cursor: int) -> float | None:
        """The first screen update since ``start`` with the cursor at ``cursor``, rows loaded."""
        since = ((t, at, loaded) for t, at, loaded in self.paints if t >= start)
        return next((t for t, at, loaded in since if at == cursor and loaded), None)

    def showing(self, article: str) -> bool:
        """Is ``article`` in the reading pane (its last showing complete)?"""
        pane = self.pane.article
        return pane is not None and pane.id == article == self.complete

    def opened(self, article: str, start: float) -> float | None:
        """The first screen update since ``start`` with ``article`` in the reading pane.

        Put there since ``start``; or before, by the preview, if it is still there. And
        Enter has done all it does: the reading pane has the focus.
        """
        since = [t for t in self.shown.get(article, ()) if t >= start]
        if not self.pane.has_focus or (not since and not self.showing(article)):
            return None
        when = since[0] if since else start
        return next((t for t, _, _ in self.paints if t >= when), None)

    def listing_focused(self) -> bool:
        return self.listing.has_focus


def _list_loaded(app) -> bool:  # type: ignore[no-untyped-def]
    from reader.app.screens.main import MainScreen

    return isinstance(app.screen, MainScreen) and app.screen.article_list.loaded


def _cursor_after(listing, key: str) -> int:  # type: ignore[no-untyped-def]
    """Where ``key`` puts the list's cursor (as the list's own actions do)."""
    page = listing.rows_per_page
    moved = {"pagedown": page, "pageup": -page, "j": 1, "k": -1}
    if key == "end":
        return listing.total - 1
    if key == "home":
        return 0
    return min(max(listing.cursor + moved[key], 0), listing.total - 1)


async def _app_walk(db: Path, presses: int) -> tuple[list[float], list[float]]:
    """Scroll the list and open articles; the time of each key and each Enter to the screen."""
    from reader.app import make_app

    keys = [key for key, count in WALK for _ in range(count)]
    keys = (keys * (presses // len(keys) + 1))[:presses]
    scroll: list[float] = []
    opens: list[float] = []
    with Store.open(db) as store:
        app = make_app(store)
        async with app.run_test(size=APP_SIZE):
            watch = await Watch.start(app)
            listing = watch.listing
            for step, key in enumerate(keys, 1):
                cursor = _cursor_after(listing, key)
                if cursor != listing.cursor:  # a key that moves nothing updates nothing
                    start = watch.press(key)
                    if (found := await until(watch.moved, start, cursor)) is not None:
                        scroll.append(found - start)
                    await watch.rest()
                if step % 4 or listing.cursor + 1 >= listing.total:
                    continue
                cursor = listing.cursor + 1
                await until(watch.moved, watch.press("j"), cursor)
                wanted = listing.current  # opened at once: before its preview (80 ms)
                fresh = wanted is not None and not watch.showing(wanted.id)
                start = watch.press("enter")
                if fresh and (found := await until(watch.opened, wanted.id, start)):
                    opens.append(found - start)
                await watch.rest()
                watch.press("escape")  # back to the list
                await until(watch.listing_focused)
                await watch.rest()
    return scroll, opens


async def until(find: Callable[..., Any], *args: object) -> Any:
    """Let the app run until ``find(*args)`` finds something (None or False after 10 s)."""
    deadline = time.perf_counter() + 10.0
    while not (found := find(*args)) and time.perf_counter() < deadline:
        await asyncio.sleep(0.0005)
    return found


def _app_child(db: Path, seed: int, queries: int, presses: int) -> dict[str, object]:
    import search_keys

    from reader.cli import APP_FPS

    os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))  # as `reader` does, before Textual

    result: dict[str, object] = {"scroll": [], "open": [], "keys": [], "echo": [], "error": ""}
    try:
        if presses:
            result["scroll"], result["open"] = asyncio.run(_app_walk(db, presses))
        asked = search_keys.pick_queries(db, seed, queries)
        result["queries"] = len(asked)
        with tempfile.TemporaryDirectory(prefix="reader-keys-") as work:
            keys, missed, typed_mb = search_keys.type_queries(
                db, asked, SEARCH_TERMINAL, KEY_GAP, Path(work)
            )
            result["echo"], _ = floors.bare_key_echo(asked, SEARCH_TERMINAL, KEY_GAP, Path(work))
        result["keys"], result["typed_rss_mb"] = keys, typed_mb
        if missed:
            result["error"] = f"{missed} keys had no results on screen within 3 s"
    except Exception as exc:  # the report says so instead of stopping
        result["error"] = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    result["rss_mb"] = max(search_bench._peak_rss_mb(), float(result.get("typed_rss_mb", 0)))
    result.setdefault("queries", 0)
    return result


# -- child processes ----------------------------------------------------------------------


def child(kind: str, *argv: str) -> dict:  # type: ignore[type-arg]
    """Run ``kind`` in a fresh process (its memory is the app's alone); its JSON result."""
    done = subprocess.run(
        [PYTHON, __file__, "--child", kind, *argv],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise RuntimeError(f"the {kind} child failed: {tail[0]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_child(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "hostile":
        result = asyncio.run(_hostile_walk(Path(rest[0]), rest[1]))
    elif kind == "notes":
        result = asyncio.run(_notes_walk(Path(rest[0])))
    else:
        result = _app_child(Path(rest[0]), int(rest[1]), int(rest[2]), int(rest[3]))
    print(json.dumps(result))
    return 0


# -- putting it together ------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="articles in the big archive")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 short articles")
    parser.add_argument(
        "--million-size", type=int, default=1_000_000, metavar="M", help="short articles built"
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR, keep and reuse it")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs of imports (default 20)")
    parser.add_argument(
        "--files", type=int, default=1_000, help="articles in the killed and concurrent imports"
    )
    parser.add_argument("--repeat", type=int, default=5, help="first-screen runs (default 5)")
    parser.add_argument("--queries", type=int, default=5, help="queries typed (default 5)")
    parser.add_argument("--presses", type=int, default=72, help="scrolling keys (default 72)")
    parser.add_argument(
        "--shape-size",
        type=int,
        default=user_bench.parse_shapes.FIVE_MB,
        metavar="BYTES",
        help="bytes of each hostile file shape parsed (default 5 MB)",
    )
    parser.add_argument(
        "--walk-sizes",
        default=WALK_SIZES,
        metavar="WxH,...",
        help=f"terminal sizes the hostile articles are opened at (default {WALK_SIZES})",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        floors.parse_sizes(args.walk_sizes)
    except ValueError:
        parser.error(f"--walk-sizes: not sizes like 80x24,160x48: {args.walk_sizes!r}")
    if min(args.size, args.million_size, args.kills, args.repeat, args.queries) < 1:
        parser.error("sizes and counts must be at least 1")
    if args.files < 4 or args.presses < 4:
        parser.error("--files and --presses must be at least 4")
    return args


def _tree() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=PROJECT
    )
    return done.stdout.strip() or "?"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return run_child(argv[1:])
    args = parse_args(argv)
    floors.compile_reader()
    began, load = time.monotonic(), os.getloadavg()[0]
    if args.keep is not None:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
        for name in (
            "hostile",
            "user",
            "long",
            "kills",
            "concurrent",
            "bad",
        ):  # built again every run
            shutil.rmtree(work / name, ignore_errors=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="reader-reliability-")).resolve()
    try:
        sections: list[Section] = [
            (
                "1. No input crashes it",
                timed(hostile_inputs, work, args.walk_sizes)
                + timed(user_data, work, args.shape_size),
            ),
            (
                "2. A killed import loses nothing",
                timed(kills, work, args.files, args.kills, args.seed),
            ),
            ("3. Two copies, one database", timed(concurrent_writes, work, args.files, args.seed)),
            ("4. Bad databases get clear words", timed(bad_databases, work)),
        ]
        title, lines = big_archive(work, args.size, 380, args, walk=True)
        sections.append((f"5. Big archives stay fast: {title}", lines))
        if args.million:
            title, lines = big_archive(work, args.million_size, MILLION_MEDIAN, args, walk=False)
            sections.append((f"   {title}", lines))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    head = (
        f"Reliability report: tree {_tree()}, {os.cpu_count()} cores, load average "
        f"{load:.2f} at the start, {time.monotonic() - began:.0f} s in all"
    )
    report, passed = render(sections, head)
    print(report)
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
