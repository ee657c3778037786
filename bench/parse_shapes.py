"""Benchmark: the parser on file shapes that once took it minutes, against plain prose.

Usage (from the project root)::

    .venv/bin/python bench/parse_shapes.py [--size BYTES] [--repeat R] [--seed S]

It builds its own inputs in memory, each ``--size`` bytes (default 5 MB, the largest
file an import reads):

* **prose**: an ordinary article, a headline over paragraphs of ``bench/corpus.py``'s
  synthetic English. It is the floor: what any file of that size costs.
* **header lines**: ``By: a`` lines, then a title (each header line was cut off the
  block one at a time, copying the rest).
* **lines with no word**: one block of ``.`` lines, then a title.
* **one-line blocks**: blocks of one ``.`` line each, then a title.
* **one-line paragraphs**: a title over paragraphs of one short line each (never
  quadratic, but the most blocks a file can hold).
* **one huge word**: a title over one word of the whole size.
* **spaced heading** and **spaced front matter**: a Markdown heading and a
  front-matter value with a run of spaces inside (regexes that tried the run from
  each of its spaces).

Each is timed through ``reader.parse.parse_article``, the best of ``--repeat`` runs
(default 3), and printed on one line: its seconds, its ratio to the floor measured in
the same run, and ``ok`` or ``MISSED`` against the target, under 2 s each on the
project's 2-core machine. It exits 0 only when every target is met.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ArticleMaker, build_vocabulary  # bench/corpus.py

from reader.parse import parse_article

FIVE_MB = 5 * 1024 * 1024
TARGET_SECONDS = 2.0
TITLE = "\nA title\n\nThe body.\n"


def _fill(unit: str, size: int, tail: str = TITLE) -> str:
    """``unit`` repeated to make, with ``tail``, about ``size`` characters."""
    return unit * max(1, (size - len(tail)) // len(unit)) + tail


def prose(size: int, seed: int) -> str:
    """A headline over paragraphs of synthetic English, about ``size`` characters."""
    maker = ArticleMaker(build_vocabulary(seed))
    rng = random.Random(f"parse-shapes:{seed}")
    parts = [maker.headline(rng)]
    length = len(parts[0])
    while length < size:
        parts.append(maker.paragraph(rng, rng.randint(20, 90)))
        length += len(parts[-1]) + 2
    return "\n\n".join(parts) + "\n"


#: (name, a Markdown file?, how to build the text of ``size`` characters).
SHAPES: list[tuple[str, bool, Callable[[int], str]]] = [
    ("header lines", False, lambda size: _fill("By: a\n", size)),
    ("lines with no word", False, lambda size: _fill(".\n", size)),
    ("one-line blocks", False, lambda size: _fill(".\n\n", size)),
    ("one-line paragraphs", False, lambda size: "A title\n\n" + _fill("a.\n\n", size, "")),
    ("one huge word", False, lambda size: "A title\n\n" + "x" * (size - 9)),
    ("spaced heading", True, lambda size: "# A" + " " * (size - 20) + "title\n\nBody.\n"),
    (
        "spaced front matter",
        True,
        lambda size: "---\ntitle: A" + " " * (size - 30) + "title\n---\nBody.\n",
    ),
]


def best_of(text: str, markdown: bool, repeat: int) -> float:
    """The fastest of ``repeat`` parses of ``text``, in seconds."""
    filename = "shape.md" if markdown else "shape.txt"
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        parse_article(text, filename=filename)
        times.append(time.perf_counter() - started)
    return min(times)


def run(size: int, repeat: int, seed: int) -> tuple[list[str], bool]:
    """The report's lines, and whether every shape met the target."""
    floor = best_of(prose(size, seed), False, repeat)
    lines = [
        f"parse_article on {size / 1_048_576:.1f} MB inputs, best of {repeat}",
        f"  {'prose (floor)':<20} {floor:6.3f} s",
    ]
    passed = True
    for name, markdown, build in SHAPES:
        seconds = best_of(build(size), markdown, repeat)
        ok = seconds < TARGET_SECONDS
        passed &= ok
        ratio = seconds / floor if floor else float("inf")
        lines.append(
            f"  {name:<20} {seconds:6.3f} s  {ratio:5.2f}x the floor"
            f"   [< {TARGET_SECONDS:g} s: {'ok' if ok else 'MISSED'}]"
        )
    lines.append("every target met" if passed else "some targets MISSED")
    return lines, passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", type=int, default=FIVE_MB, help="bytes of each input")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    lines, passed = run(args.size, args.repeat, args.seed)
    print("\n".join(lines))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
