"""Run one command and report its time, CPU and memory as JSON (used by ``bench/ingest.py``).

Usage: ``python bench/measure.py COMMAND [ARG...]``; prints one JSON object on stdout.

It runs as a fresh process whose only child is the command, so
``getrusage(RUSAGE_CHILDREN)`` describes the command alone:

* ``seconds``: wall time from spawning the command to its exit (``time.perf_counter``);
* ``maxrss_kb``: ``ru_maxrss``, the peak RSS of the largest single process of the
  command (the command itself, or one of its workers if it has any; never a sum);
* ``cpu``: user + system CPU of the command and of the descendants it waited for;
* ``tree_peak_kb`` and ``tree_cpu``: the same from sampling ``/proc`` every
  :data:`SAMPLE_EVERY` seconds over the command and all its descendants: the peak of
  their summed RSS, and their summed CPU. These count worker processes (including
  those of a multiprocessing fork server) that ``getrusage`` may miss.

Only the standard library is used, and only Linux's ``/proc`` layout is read.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time

SAMPLE_EVERY = 0.1
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _stat(pid: int) -> tuple[int, float, int] | None:
    """``(parent pid, CPU seconds, RSS in KB)`` of a process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    # After the command name: state ppid ... utime(12) stime(13) ... rss(22), 0-based here.
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS, int(fields[21]) * _PAGE_KB


class TreeSampler(threading.Thread):
    """Samples the summed RSS and the CPU of a process and all its descendants."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds last seen
        self._done = threading.Event()

    def sample(self) -> None:
        stats = {}
        for name in os.listdir("/proc"):
            if name.isdigit() and (stat := _stat(int(name))) is not None:
                stats[int(name)] = stat
        tree, frontier = set(), {self.root}
        while frontier:  # the root and its descendants
            tree |= frontier
            frontier = {pid for pid, st in stats.items() if st[0] in frontier} - tree
        self.peak_kb = max(self.peak_kb, sum(stats[p][2] for p in tree if p in stats))
        for pid in tree & stats.keys():
            self.cpu[pid] = stats[pid][1]

    def run(self) -> None:
        while not self._done.wait(SAMPLE_EVERY):
            self.sample()

    def stop(self) -> None:
        self._done.set()
        self.join()


def main(command: list[str]) -> dict[str, object]:
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "seconds": seconds,
        "maxrss_kb": usage.ru_maxrss,
        "cpu": cpu,
        "tree_peak_kb": max(sampler.peak_kb, usage.ru_maxrss),
        "tree_cpu": max(sum(sampler.cpu.values()), cpu),
        # Bytes the command and its children wrote to the block device (the database,
        # its WAL, SQLite's temporary files; not the page cache alone).
        "written_bytes": usage.ru_oublock * 512,
        "returncode": proc.returncode,
        "stdout": stdout.decode("utf-8", "replace"),
        "stderr": stderr.decode("utf-8", "replace")[-4000:],
    }


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    json.dump(main(sys.argv[1:]), sys.stdout)
