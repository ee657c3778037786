"""Read state at archive size: counts, a view marked read, and the keys meanwhile.

Builds N articles (default 100,000; ``bench/search.py``'s generator, with the text of
real-length articles) in 500 sources, and marks 70% of them read, at random, so that
30% are unread. Then it times, each many times (median and p95):

* the unread count of the whole list, and of every source at once (target < 20 ms);
* the next unread article after one (``n``) from the list's middle;
* a page of the unread articles (``is:unread`` with no words, the list's first page);
* marking a view of 10,000 unread articles read (the bookmarks view, 10,000 bookmarks
  on unread articles) in one undoable change, and undoing it (target < 1 s);
* in the app (headless, Textual's Pilot, 160x48): ``A`` then ``y`` on that view, and
  at once ten ``j``, 30 ms apart, each posted as the terminal driver posts a key: the
  time from each ``j`` to the list's cursor moved (the key handled), while the marking
  runs in its worker (target p95 < 50 ms: the keys are not blocked);
* the first screen: the real ``reader`` in a pseudo-terminal of 80x24 and of 200x60,
  from spawning it to the first article's title on screen (``bench/ingest.py``'s
  measurement), five runs each (``--screen-runs``), with a bare Textual app's first
  screen in the same terminal between them (target: median at most 1.6x the bare app's).

Floor, in the same run: ``SELECT count(*)`` over a bare table of N rows with one
integer column, indexed (what counting N of anything costs on this machine), and a
bare ``UPDATE`` of 10,000 rows of such a table by primary key in one transaction.

    .venv/bin/python bench/read_state.py [N] [--keep DIR] [--screen-runs R]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import floors  # noqa: E402
import ingest as ingest_bench  # noqa: E402
from search import Cast, Vocabulary, article_row  # noqa: E402

from reader.core import Store  # noqa: E402

SOURCES = 500
UNREAD = 0.3
VIEW = 10_000
BATCH = 2_000
COUNT_TARGET_MS = 20.0
MARK_TARGET_S = 1.0
KEY_TARGET_MS = 50.0
SCREENS = ((80, 24), (200, 60))


def build(path: Path, n: int, seed: int) -> None:
    vocab = Vocabulary(seed)
    cast = Cast(vocab, seed)
    per_source = max(n // SOURCES, 1)
    with Store.open(path) as store:
        with store.import_session() as session:
            for start in range(0, n, BATCH):
                rows = []
                for i in range(start, min(start + BATCH, n)):
                    row = article_row(vocab, cast, seed, i, 380)
                    row.source = f"source-{i // per_source:03d}"
                    rows.append(row)
                session.write_articles(rows)
                if start // BATCH % 10 == 0:
                    print(f"  built {start + len(rows):,} / {n:,}", file=sys.stderr, flush=True)
        rng = random.Random(seed)
        ids = [f"{i:016x}" for i in range(n)]
        read = {i for i in ids if rng.random() >= UNREAD}
        store.set_read(sorted(read))
        # The view: unread articles only, so that marking it writes every one of them.
        unread = [i for i in ids if i not in read]
        view = rng.sample(unread, min(VIEW, len(unread)))
        with store._lock, store._conn:
            store._conn.executemany(
                "INSERT INTO bookmarks (article_id, created) VALUES (?, '2024-01-01')",
                [(i,) for i in view],
            )


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * 0.95))]


def line(label: str, values: list[float], unit: str = "ms", target: str = "") -> str:
    med, top = statistics.median(values), p95(values)
    return f"  {label:<38} median {med:8.2f} {unit}  p95 {top:8.2f} {unit}  {target}"


def sql_floors(work: Path, n: int) -> tuple[list[float], list[float]]:
    floor = work / "floor.db"
    floor.unlink(missing_ok=True)  # made again each run (a kept one is from the last run)
    conn = sqlite3.connect(floor)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, flag INTEGER NOT NULL)")
    conn.execute("CREATE INDEX t_flag ON t (flag)")
    conn.executemany("INSERT INTO t VALUES (?, 0)", ((i,) for i in range(n)))
    conn.commit()
    count = timed(lambda: conn.execute("SELECT count(*) FROM t WHERE flag = 0").fetchone(), 50)
    rows = list(range(0, n, max(n // VIEW, 1)))[:VIEW]

    def update() -> None:
        with conn:
            conn.executemany("UPDATE t SET flag = 1 - flag WHERE id = ?", ((i,) for i in rows))

    return count, timed(update, 5)


async def keys_while_marking(path: Path) -> list[float]:
    from textual import events

    from reader.app import make_app
    from reader.app.widgets.article_list import ArticleList

    with Store.open(path) as store:
        app = make_app(store)
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause(1.0)
            await app.workers.wait_for_complete()
            await pilot.press("B")
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            listing = app.screen.query_one(ArticleList)
            await pilot.press("A")
            await pilot.pause(0.1)
            await pilot.press("y")
            waits = []
            for _ in range(10):  # at a fast typist's pace, each key as the terminal sends it
                before = listing.cursor
                t0 = time.perf_counter()
                key = events.Key("j", "j")
                key.set_sender(app)
                app.post_message(key)
                while listing.cursor == before and time.perf_counter() - t0 < 5:
                    await asyncio.sleep(0.0005)
                waits.append((time.perf_counter() - t0) * 1000)
                await asyncio.sleep(0.03)
            await app.workers.wait_for_complete()
            assert store.unread_count(bookmarks=True) == 0, "the view was not marked read"
        store.undo()  # as it was: a later run with --keep finds the view unread again
        assert store.unread_count(bookmarks=True) > 0, "the marking was not undone"
    return waits


def first_screens(db: Path, runs: int) -> list[tuple[tuple[int, int], list[float], list[float]]]:
    """Each terminal size's first screens of the reader on ``db`` and of a bare Textual
    app, in seconds, the two taken in turn so that both see the same machine."""
    needle = ingest_bench.needle_for(ingest_bench.first_title(db))
    argv = [ingest_bench.PYTHON, "-m", "reader", "--db", str(db)]
    out = []
    for size in SCREENS if runs > 0 else ():
        app, bare = [], []
        for _ in range(runs):
            app.append(ingest_bench.time_first_screen(argv, needle, size))
            bare.append(floors.bare_first_screen(size))
        out.append((size, app, bare))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="work here and keep the database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--screen-runs",
        type=int,
        default=5,
        help="first screens per terminal size (5; 0 times none)",
    )
    args = parser.parse_args()
    if args.screen_runs < 0:
        parser.error("--screen-runs must be 0 or more")
    floors.compile_reader()
    work = args.keep or Path(tempfile.mkdtemp(prefix="read-state-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"read-{args.n}-{args.seed}.db"
    try:
        if not db.exists():
            t0 = time.perf_counter()
            build(db, args.n, args.seed)
            print(f"  built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        ok = True
        with Store.open(db) as store:
            total, unread = store.count(), store.unread_count()
            middle = store.page(total // 2, 1)[0].id
            count = timed(store.unread_count, 50)
            by_source = timed(store.unread_by_source, 50)
            sources = len(store.unread_by_source())
            nxt = timed(lambda: store.next_unread(middle), 50)
            page = timed(lambda: store.search_results("is:unread", 50), 30)
            marks, undos = [], []
            for _ in range(3):
                t0 = time.perf_counter()
                with store.undoable("mark", "read"):
                    marked = store.mark_view_read(bookmarks=True)
                marks.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                store.undo()
                undos.append(time.perf_counter() - t0)
        count_floor, update_floor = sql_floors(work, args.n)
        screens = first_screens(db, args.screen_runs)
        keys = asyncio.run(keys_while_marking(db))
        print(
            f"Read state at {total:,} articles in {sources} sources with unread "
            f"({unread:,} unread, {unread / total:.0%}); a view of {VIEW:,} bookmarks"
        )
        print(line("floor: count(*) of N, indexed", count_floor))
        print(line("unread count, whole list", count))
        worst = p95(by_source)
        verdict = "ok" if worst < COUNT_TARGET_MS else "MISSED"
        print(line("unread counts of every source", by_source, target=f"[p95 < 20 ms: {verdict}]"))
        ok &= worst < COUNT_TARGET_MS
        print(line("next unread (n) from the middle", nxt))
        print(line("is:unread, first 50", page))
        print(line(f"floor: UPDATE {VIEW:,} rows by key", update_floor))
        worst = max(marks)
        verdict = "ok" if worst < MARK_TARGET_S else "MISSED"
        print(
            line(
                f"mark the view read ({marked:,})",
                [m * 1000 for m in marks],
                target=f"[< 1 s: {verdict}]",
            )
        )
        ok &= worst < MARK_TARGET_S
        print(line("undo it", [u * 1000 for u in undos]))
        worst = p95(keys)
        verdict = "ok" if worst < KEY_TARGET_MS else "MISSED"
        print(line("j handled while A marks (app)", keys, target=f"[p95 < 50 ms: {verdict}]"))
        ok &= worst < KEY_TARGET_MS
        for (cols, rows), app, bare in screens:
            met, verdict = floors.judge(
                statistics.median(app), statistics.median(bare), floors.FIRST_SCREEN_RATIO
            )
            print(
                f"  first screen {cols}x{rows}: median {statistics.median(app):.3f} s "
                f"(min {min(app):.3f})  bare textual {statistics.median(bare):.3f} s  {verdict}"
            )
            ok &= met
        return 0 if ok else 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
