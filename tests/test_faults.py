"""A killed import loses nothing: SIGKILL at random moments and before every COMMIT.

The harness is ``bench/faults.py`` (shared with the reliability report). The figures
are printed: ``pytest tests/test_faults.py -s`` shows them.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import faults

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)"),
]

#: Articles per write batch in the commit-by-commit test (so 60 files make 3 batches).
BATCH = 20


def test_twelve_random_kills_of_an_import_with_workers_lose_nothing(tmp_path: Path) -> None:
    # Twelve kills of imports of 400 files, where the reliability report makes twenty of
    # 3,000 (bench/faults.py): each still lands at a random moment of an import with
    # workers, with every check made. The suite's CI time must stay under five minutes:
    # with 1,000 files the loop took 28.6 s of CPU, with 400 13.9 s, and its kills fell
    # in five phases either way.
    figures = faults.run_kill_loop(tmp_path, files=400, kills=12, seed=7, complete_every=4)
    print(figures.report())
    assert len(figures.delivered) == 12
    for kill in figures.kills:
        assert kill.integrity == "ok", kill
        assert kill.fts_ok, kill
        assert kill.user_data_kept, kill
        assert kill.orphans == 0, f"worker processes outlived their import: {kill}"
    assert sum(k.workers for k in figures.kills) > 0  # the worker path was killed too
    assert len(figures.phases) >= 3, figures.phases  # spread over the import
    assert figures.completions and all(c.ok for c in figures.completions), figures.completions
    assert figures.final is not None and figures.final.returncode == 0, figures.final
    assert (figures.final_integrity, figures.final_fts_ok) == ("ok", True)
    assert figures.user_data_kept
    assert figures.differences == {}
    assert figures.ok


def test_a_kill_before_any_commit_of_an_import_loses_nothing(tmp_path: Path) -> None:
    """One process, batches of 20. SIGKILL just before each COMMIT of an import, then just
    before each COMMIT of the import that has the most left to do after such a kill; the
    import after each kill ends equal to one that was never killed."""
    corpus = faults.make_corpus(tmp_path / "corpus", 60, seed=3)
    base = tmp_path / "base.db"
    faults.add_user_data(base, corpus, 3)
    faults.flip(base, corpus, corpus.ids())  # the two stored files change; 58 are new
    user = faults.user_data(base)
    clean = tmp_path / "clean.db"
    faults.copy_db(base, clean)
    code, commits = faults.import_killed_at(clean, [corpus.root], 0, BATCH, tmp_path)
    assert code == 0 and commits >= 6  # 3 batches, people, spelling, notes
    expected = faults.contents(clean)
    killed = tmp_path / "killed.db"

    def kill_then_resume(start: Path, nth: int, keep: Path | None = None) -> int:
        """Kill an import of ``start`` before COMMIT ``nth``, import again, compare."""
        faults.copy_db(start, killed)
        code, _ = faults.import_killed_at(killed, [corpus.root], nth, BATCH, tmp_path)
        assert code == -signal.SIGKILL, f"no COMMIT {nth}"
        assert faults.integrity(killed) == ("ok", True)
        assert faults.user_data(killed) == user
        if keep is not None:
            faults.copy_db(killed, keep)
        code, resumed = faults.import_killed_at(killed, [corpus.root], 0, BATCH, tmp_path)
        assert code == 0
        assert faults.differences(faults.contents(killed), expected) == {}, f"COMMIT {nth}"
        return resumed

    states = {n: tmp_path / f"after-{n}.db" for n in range(1, commits + 1)}
    resumed = {n: kill_then_resume(base, n, states[n]) for n in states}
    busiest = max(resumed, key=lambda n: resumed[n])
    for m in range(1, resumed[busiest] + 1):
        kill_then_resume(states[busiest], m)
    print(
        f"commit kills: {commits} COMMITs in an import, each killed and resumed; then the "
        f"{resumed[busiest]} COMMITs of the resume after a kill before COMMIT {busiest}: "
        f"{commits + resumed[busiest]} kills, every next import equal to a clean one"
    )


THREADED_IMPORT = """
import sys, threading
from reader.ingest import import_paths
from reader.core import Store

threading.Thread(target=threading.Event().wait, daemon=True).start()  # as in the app
with Store.open(sys.argv[1]) as store:
    import_paths(store, [sys.argv[2]])
"""


def test_workers_of_an_import_from_a_threaded_process_go_with_it(tmp_path: Path) -> None:
    """The app imports in a thread, so its workers come from a fork server: killing the
    app takes them all."""
    corpus = faults.make_corpus(tmp_path / "corpus", 600, seed=5)
    proc = subprocess.Popen(
        [sys.executable, "-c", THREADED_IMPORT, str(tmp_path / "news.db"), str(corpus.root)],
        stderr=subprocess.DEVNULL,  # the killed process's resource tracker complains
    )
    try:
        deadline = time.monotonic() + 60
        helpers: list[int] = []
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            helpers = faults.children(proc.pid)  # the fork server (and a resource tracker)
            workers = [w for pid in helpers for w in faults.children(pid)]
            time.sleep(0.02)
        assert workers, "no worker processes seen"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert faults.wait_gone(helpers + workers) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
