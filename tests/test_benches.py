"""The import, search and key-to-screen benches run end to end at tiny sizes, and print
each figure beside its floor and the ratio judged.

Figures from a tiny archive on a busy machine prove nothing, so a ratio may say
MISSED; then the bench must exit 1, and only then.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys

import pytest
from conftest import REPO, SEEDS

sys.path.insert(0, str(REPO / "bench"))
import floors

VERDICT = re.compile(r"(\d+\.\d\d)x   \[target ([<>]=) ([\d.]+)x: (ok|MISSED)\]")


def run_bench(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def verdicts(text: str) -> list[tuple[float, str, float, str]]:
    """Every ratio printed with its target, each checked to say what its ratio does."""
    found = []
    for ratio, sign, target, said in VERDICT.findall(text):
        met = float(ratio) <= float(target) if sign == "<=" else float(ratio) >= float(target)
        assert said == ("ok" if met else "MISSED"), (ratio, sign, target, said)
        found.append((float(ratio), sign, float(target), said))
    return found


def assert_exit_matches(run: subprocess.CompletedProcess[str], judged: list) -> None:
    missed = any(said == "MISSED" for *_, said in judged)
    assert run.returncode == (1 if missed else 0), run.stdout + run.stderr[-2000:]


@pytest.mark.slow
def test_the_import_bench_shows_the_bare_fts5_insert_and_the_bare_apps_first_screen(
    tmp_path,
) -> None:
    run = run_bench("bench/ingest.py", "40", "--repeat", "1", "--workdir", str(tmp_path))
    out = run.stdout
    assert re.search(r"^floor    N=40  .* articles/s .*import / floor: \d+\.\d\dx", out, re.M), out
    assert "(judged at N >= 100,000)" in out  # not judged at 40 articles
    screens = [line for line in out.splitlines() if line.startswith("first screen ")]
    assert len(screens) == 2 and all("reader / bare:" in line for line in screens), out
    judged = verdicts(out)
    assert [(sign, target) for _, sign, target, _ in judged] == [("<=", 1.6)] * 2
    assert_exit_matches(run, judged)


@pytest.mark.slow
def test_the_search_bench_shows_bare_fts5_search_on_the_same_index(tmp_path) -> None:
    run = run_bench("bench/search.py", "--sizes", "300", "--keep", str(tmp_path))
    out = run.stdout
    assert re.search(r"^ +floor +\d+ .*bare FTS5 MATCH, ORDER BY rank LIMIT 20", out, re.M), out
    judged = verdicts(out)
    assert [(sign, target) for _, sign, target, _ in judged] == [("<=", 5.0), ("<=", 1.0)]
    assert_exit_matches(run, judged)


@pytest.mark.slow
def test_the_key_bench_shows_a_bare_inputs_key_echo_and_every_key_answered(tmp_path) -> None:
    run = run_bench("bench/search_keys.py", "300", "--queries", "1", "--keep", str(tmp_path))
    out = run.stdout
    assert "key to screen  median" in out and "key echo       median" in out, out + run.stderr
    assert "had no results on screen" not in out  # every key's results reached the screen
    judged = verdicts(out)
    assert [(sign, target) for _, sign, target, _ in judged] == [("<=", 3.0)]
    assert_exit_matches(run, judged)


def test_the_search_floor_looks_for_the_plain_words_of_a_query_each_quoted() -> None:
    assert floors.fts5_query('person:"Kim Lee" kar') == '"Kim" "Lee" "kar"'
    assert floors.fts5_query("author:smith -war peace") == '"smith" "peace"'
    assert floors.fts5_query('say "no" OR') == '"say" "no" "OR"'
    assert floors.fts5_query("-war") is None


def test_the_import_floor_indexes_every_parsed_row_in_batches(tmp_path) -> None:
    rows = floors.parse_corpus(SEEDS, jobs=1)
    assert len(rows) == 2 and all(title for title, *_ in rows)
    gone, kept = tmp_path / "gone.db", tmp_path / "kept.db"
    assert floors.fts5_insert_seconds(rows, gone, batch_size=4) > 0
    assert not gone.exists()  # the floor's database is removed after
    floors.fts5_insert_seconds(rows * 5, kept, batch_size=4, keep=True)
    conn = sqlite3.connect(kept)
    word = rows[0][0].split()[-1]
    found = conn.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (f'"{word}"',)
    ).fetchone()[0]
    conn.close()
    having = sum(word.lower() in " ".join(filter(None, row)).lower() for row in rows)
    assert found == 5 * having  # all five copies, written in three batches of up to four


def test_a_ratio_is_judged_against_its_target_either_way() -> None:
    assert floors.judge(3.0, 2.0, 1.6) == (True, "1.50x   [target <= 1.6x: ok]")
    assert floors.judge(1.0, 2.0, 0.7, at_most=False) == (False, "0.50x   [target >= 0.7x: MISSED]")
