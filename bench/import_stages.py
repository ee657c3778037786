"""Where an import's CPU time goes, stage by stage, per article (CPU time, one process).

Usage (from the project root)::

    .venv/bin/python bench/import_stages.py CORPUS [--limit N] [--profile OUT.prof]
    .venv/bin/python bench/import_stages.py CORPUS --timeline

CORPUS is a folder of article files (``bench/ingest.py N --keep DIR`` leaves one in
``DIR/corpus``). Two parts, each in this process, timed with ``time.process_time``:

* **worker**: what an import's worker does with each file, stage by stage: reading
  (open, checks, read), hashing, decoding, parsing, finding people, making the row;
  then sending the outcomes back as the pool does (pickled a chunk of
  :data:`reader.ingest.pool.CHUNK_SIZE` at a time): bytes, pickling and unpickling.
* **writer**: the import's writer on those outcomes, into a fresh database: each
  batch through ``ImportSession.write_import_batch``, then the last steps (people,
  spelling index), with cProfile's time for each of the writer's SQL statements
  (by the function that runs it).

With ``--timeline`` it runs the real import instead (worker processes and all) into a
fresh database, and prints when each of the import session's steps began, with its wall
and CPU time (this process's), then the whole import's wall time and the CPU of this
process and of its workers: where the importing process writes, and where it waits.

Nothing is written outside a temporary directory.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def worker_stages(corpus: Path, limit: int | None) -> tuple[list, dict[str, float], int]:
    from reader.ingest import find_files
    from reader.ingest.pool import CHUNK_SIZE
    from reader.ingest.read import (
        Read,
        content_hash,
        decode,
        read_bytes,
        row_for,
    )
    from reader.parse import parse_article
    from reader.people.mentions import AliasScanner, find_mentions

    found, _ = find_files([corpus])
    if limit:
        found = found[:limit]
    scanner = AliasScanner(())
    now = "2026-01-01T00:00:00+00:00"
    spent: dict[str, float] = defaultdict(float)
    clock = time.process_time
    outcomes = []
    for cand in found:
        t0 = clock()
        data = read_bytes(cand.path, cand.root)
        t1 = clock()
        digest = content_hash(data)
        t2 = clock()
        text, note = decode(data)
        t3 = clock()
        article = parse_article(text, filename=cand.path.name)
        t4 = clock()
        mentions = find_mentions(article.body, article.title, article.dek, scanner)
        t5 = clock()
        outcome = Read(row_for(article, cand, digest, now), note, mentions, None)
        t6 = clock()
        spent["read"] += t1 - t0
        spent["hash"] += t2 - t1
        spent["decode"] += t3 - t2
        spent["parse"] += t4 - t3
        spent["people"] += t5 - t4
        spent["row"] += t6 - t5
        outcomes.append((cand, outcome))
    size = 0
    for start in range(0, len(outcomes), CHUNK_SIZE):
        chunk = [o for _, o in outcomes[start : start + CHUNK_SIZE]]
        t0 = clock()
        blob = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
        t1 = clock()
        pickle.loads(blob)
        t2 = clock()
        size += len(blob)
        spent["pickle (worker)"] += t1 - t0
        spent["unpickle (writer)"] += t2 - t1
    return outcomes, spent, size


def writer_stages(
    outcomes: list, profile: str | None, before: tuple[str, ...] = ()
) -> tuple[dict[str, float], float]:
    import reader.ingest.pipeline as pipeline
    from reader.core import Store
    from reader.ingest.discover import Source

    class Given(Source):
        def find(self):  # type: ignore[no-untyped-def]
            return [cand for cand, _ in outcomes], []

    def given(candidates, known, now, scanner, workers):  # type: ignore[no-untyped-def]
        yield from outcomes

    pipeline._outcomes = given  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "stages.db")
        if before:
            with sqlite3.connect(Path(tmp) / "stages.db") as conn:
                for sql in before:
                    conn.execute(sql)
        prof = cProfile.Profile(time.process_time)
        t0 = time.process_time()
        prof.enable()
        pipeline.import_from(store, Given())
        prof.disable()
        total = time.process_time() - t0
        store.close()
    if profile:
        prof.dump_stats(profile)
    stats = pstats.Stats(prof)
    spent: dict[str, float] = defaultdict(float)
    for (_, _, name), (_, _, _, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name not in (
            "<method 'execute' of 'sqlite3.Connection' objects>",
            "<method 'executemany' of 'sqlite3.Connection' objects>",
            "<method 'commit' of 'sqlite3.Connection' objects>",
        ):
            continue
        for (cfile, cline, cname), (_, _, tt, _) in callers.items():
            where = f"{Path(cfile).stem}.{cname}:{cline}"
            spent[f"{name.split()[1][1:-1]} in {where}"] += tt
    return spent, total


_STEPS = ("known_files", "write_import_batch", "finish_people", "refresh_spelling")


def timeline(corpus: Path) -> None:
    """The real import of ``corpus``, each session step timed as it runs (see the doc)."""
    import resource

    import reader.session as session
    from reader.core import Store
    from reader.ingest import import_paths

    began = time.perf_counter()

    def timed(name: str, step: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            result = step(*args, **kwargs)
            print(
                f"{wall - began:7.2f} s  {name:<20} {time.perf_counter() - wall:6.2f} s wall"
                f" {time.process_time() - cpu:6.2f} s cpu",
                flush=True,
            )
            return result

        return run

    for name in _STEPS:
        setattr(session.ImportSession, name, timed(name, getattr(session.ImportSession, name)))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "timeline.db")
        report = import_paths(store, [corpus])
        store.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"{report.added} added in {time.perf_counter() - began:.2f} s; CPU: this process "
        f"{time.process_time():.2f} s, workers {children.ru_utime + children.ru_stime:.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--profile", default=None, help="write the writer's cProfile stats here")
    parser.add_argument(
        "--before", action="append", default=[], metavar="SQL", help="run on the new database first"
    )
    parser.add_argument("--timeline", action="store_true", help="time the real import's steps")
    args = parser.parse_args(argv)
    if args.timeline:
        timeline(args.corpus)
        return 0
    outcomes, spent, size = worker_stages(args.corpus, args.limit)
    n = len(outcomes)
    print(f"worker, {n} articles (us CPU an article):")
    total = 0.0
    for name, seconds in spent.items():
        total += seconds
        print(f"  {name:<22} {seconds / n * 1e6:8.1f}")
    print(f"  {'total':<22} {total / n * 1e6:8.1f}   ({size / n:.0f} bytes an article sent)")
    sql, writer_total = writer_stages(outcomes, args.profile, tuple(args.before))
    print(f"writer (us CPU an article, total {writer_total / n * 1e6:.1f}; SQL under cProfile):")
    for name, seconds in sorted(sql.items(), key=lambda kv: -kv[1]):
        if seconds / n * 1e6 >= 0.5:
            print(f"  {seconds / n * 1e6:8.1f}  {name}")
    print(f"  {sum(sql.values()) / n * 1e6:8.1f}  all SQL statements")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
