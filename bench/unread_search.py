"""Benchmark: ``is:unread`` with words, with a person and with a source, at archive size.

Usage (from the project root)::

    .venv/bin/python bench/unread_search.py [N] [--keep DIR] [--seed S] [--per-type Q]

It takes ``bench/search.py``'s archive of N articles (default 100,000; built, or reused
from ``--keep DIR`` where ``search.py --keep DIR`` left it), copies it, spreads its
articles over 500 sources (``source-000`` .. ``source-499``, 200 each at 100,000: half
of them folders, each a run of the archive, and half feeds, their articles spread over
the second half of it; see :func:`prepare`) and marks 70% of them read, at random
(``Store.set_read``), so that 30% are unread, as ``bench/read_state.py`` does. Then, in
a fresh child process (its memory the search's alone), it runs these queries twice
through ``Store.search_results`` and times the second pass (warm), at the floor's limit
of 20 hits:

* *unread+words*: ``is:unread`` before each of ``search.py``'s queries without people
  (:func:`search.make_queries`: words, pairs, names, typos, phrases, filters, common
  words, and every prefix as one types them);
* *unread+person*: ``is:unread`` before each of its queries with people (``person:``
  alone, with a word, with a typo, two people, ``@name``, typing with a filter set);
* *unread+source*: ``is:unread source:source-NNN`` before each query without people,
  and alone (40 sources);
* *unread+chosen*: ``is:unread`` and each query without people, with the source chosen
  in the app (the sources column passes it to the search as ``within``);
* *plain*: every query as ``search.py`` runs it, for comparison.

Floor, in the same child: bare FTS5 ``MATCH … ORDER BY rank LIMIT 20`` on the archive's
own index with the plain words of every query (a person's name counts as words, as in
``search.py``; ``is:unread`` and a source's name do not), twice, the second pass timed
(``bench/floors.py``): ``search.py``'s floor, on the same query set. Target, the plain
search's: the p95 of each combined type at most :data:`floors.SEARCH_P95_RATIO` times
the floor's p95, and the median of all of them at most :data:`floors.SEARCH_MEDIAN_RATIO`
times the floor's median; it exits 1 when one is missed. The floor of each type's own
words is printed too.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import floors  # noqa: E402
import search  # noqa: E402

from reader.core import Store  # noqa: E402
from reader.types import FOLDER, SourceFilter  # noqa: E402

SOURCES = 500
UNREAD = 0.3
MEDIAN_WORDS = 380
#: The combined types, judged; "plain" is printed beside them.
COMBINED = ("unread+words", "unread+person", "unread+source", "unread+chosen")


def source_name(index: int) -> str:
    return f"source-{index:03d}"


def prepare(archive: Path, copy: Path, seed: int) -> tuple[int, int]:
    """``archive`` copied to ``copy``, its articles in :data:`SOURCES` sources, 70% read.
    Returns the articles and the unread ones.

    The first half of the archive is in sources 0-249, each a run of articles imported
    together (a folder); the second half in sources 250-499 in turn, article by article
    (feeds, each publishing now and then over the whole time), so that a source's
    articles span a few hundred of the archive, or most of the second half."""
    shutil.copyfile(archive, copy)
    with Store.open(copy) as store:
        total = store.count()
        half = SOURCES // 2
        run = max(total // SOURCES, 1)
        with store._lock, store._conn:
            store._conn.execute(
                "UPDATE articles SET source = printf('source-%03d', CASE WHEN num <= ? "
                "THEN (num - 1) / ? ELSE ? + num % ? END)",
                (total // 2, run, half, half),
            )
        rng = random.Random(f"unread:{seed}")
        ids = [row[0] for row in store._conn.execute("SELECT id FROM articles ORDER BY num")]
        store.set_read([i for i in ids if rng.random() >= UNREAD], True)
        return total, store.unread_count()


def make_cases(path: Path, seed: int, per_type: int = 40) -> list[tuple[str, str, str | None]]:
    """``(type, query, chosen source or None)``, always the same for a seed: each of
    ``search.py``'s queries (:func:`search.make_queries`: every type, as one types
    too) plain and after ``is:unread``; those without people also kept to a source,
    typed (``source:``) and chosen; and ``is:unread source:NAME`` alone."""
    rng = random.Random(f"unread queries:{seed}")
    cases: list[tuple[str, str, str | None]] = []
    for kind, text in search.make_queries(path, seed, per_type):
        people = kind in search.PERSON_TYPES
        cases.append(("plain", text, None))
        cases.append(("unread+person" if people else "unread+words", f"is:unread {text}", None))
        if not people:
            source = source_name(rng.randrange(SOURCES))
            cases.append(("unread+source", f"is:unread source:{source} {text}", None))
            cases.append(("unread+chosen", f"is:unread {text}", source))
    for _ in range(40):
        cases.append(
            ("unread+source", f"is:unread source:{source_name(rng.randrange(SOURCES))}", None)
        )
    return cases


#: What the floor leaves out of a query: the filters that are not words.
_NOT_WORDS = re.compile(r"is:unread|source:\S+")


def time_cases(path: Path, cases: list[tuple[str, str, str | None]]) -> dict[str, list[float]]:
    """Milliseconds per search by type, in the second of two passes."""
    by_type: dict[str, list[float]] = {}
    with Store.open(path) as store:
        for _ in range(2):
            by_type = {}
            for kind, text, chosen in cases:
                within = SourceFilter(FOLDER, chosen) if chosen is not None else None
                t0 = time.perf_counter()
                store.search_results(text, floors.SEARCH_FLOOR_LIMIT, within)
                by_type.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
    return by_type


def _child(argv: list[str]) -> int:
    """``--child DB SEED PER_TYPE``: time the cases and the floor in this (fresh)
    process; print JSON."""
    path, seed, per_type = Path(argv[0]), int(argv[1]), int(argv[2])
    cases = make_cases(path, seed, per_type)
    result: dict[str, object] = {"searches": time_cases(path, cases)}
    floor: dict[str, list[float]] = {}
    for kind in ("plain", *COMBINED):
        texts = [_NOT_WORDS.sub(" ", text) for k, text, _ in cases if k == kind]
        floor[kind] = floors.time_fts5_search(path, texts)
    result["floor"] = floor
    print(json.dumps(result))
    return 0


def _row(label: str, values: list[float], extra: str = "") -> str:
    if not values:
        return f"  {label:<16} {0:>5}  (no query)"
    return f"  {label:<16} {len(values):>5}  {search._stats(values)}  {extra}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return _child(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="reuse search.py's archive here")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--per-type", type=int, default=40, help="search.py's queries per type (default 40)"
    )
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-unread-"))
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-unread-copy-"))
    try:
        archive, _ = search.archive(
            folder, args.n, args.seed, MEDIAN_WORDS, reuse=args.keep is not None
        )
        db = work / "unread.db"
        total, unread = prepare(archive, db, args.seed)
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(db), str(args.seed), str(args.per_type)],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(out.stdout)
        searches: dict[str, list[float]] = result["searches"]
        floor: dict[str, list[float]] = result["floor"]
        whole = floor["plain"]  # the words of search.py's whole query set: its floor
        print(
            f"is:unread combined, {total:,} articles in {SOURCES} sources, {unread:,} unread "
            f"({unread / total:.0%}); warm pass, limit {floors.SEARCH_FLOOR_LIMIT}; ratios to "
            "the floor of search.py's whole query set"
        )
        print(f"  {'type':<16} {'n':>5}  {'median     p95     max':>23}")
        ok = True
        plain = search._p95(searches["plain"]) / max(search._p95(whole), 1e-9)
        print(_row("plain", searches["plain"], f"p95 {plain:.2f}x (search.py judges it)"))
        for kind in COMBINED:
            values = searches[kind]
            good, ratio = floors.judge(
                search._p95(values), search._p95(whole), floors.SEARCH_P95_RATIO
            )
            print(_row(kind, values, f"p95 {ratio}"))
            ok &= good
        combined = [v for kind in COMBINED for v in searches[kind]]
        good, ratio = floors.judge(
            statistics.median(combined), statistics.median(whole), floors.SEARCH_MEDIAN_RATIO
        )
        print(_row("all combined", combined, f"median {ratio}"))
        ok &= good
        print(_row("floor", whole, "(bare FTS5 MATCH, the plain words of every query)"))
        for kind in COMBINED:
            print(_row(f"  {kind[7:]}'s words", floor[kind]))
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
