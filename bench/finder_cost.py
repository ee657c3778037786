"""Benchmark: the people finder's cost in machine instructions, which the load of a shared
machine does not move.

Usage (from the project root)::

    .venv/bin/python bench/finder_cost.py [--bbc FOLDER] [--conll FILE] [-n N] [--tree DIR ...]

Timed, the finder moves by 5-10% from one process to the next on a shared 2-core machine:
more than most changes to it cost or save (issue 16: its articles per second must not
fall). This counts the instructions it runs instead. Each figure is two runs of a child
Python under ``valgrind --tool=callgrind`` (``PYTHONHASHSEED=0``): one that reads the
documents and makes one pass over them, one that makes two. The difference, divided by
the number of documents, is what one warm pass costs a document (the plans of the
chunks already read, as in an import's steady state); the same command gives the same
figure to within a few hundred instructions.

The floor, counted the same way in the same run: the bare scan of each text for runs of
capitalised words (one ``re.finditer`` and each match's text), the least a finder of
names in text does. It prints each tree's instructions a document and its ratio to the
floor, and with ``--tree`` each further tree's ratio to the first.

Documents: ``--bbc FOLDER`` (read with the real parser; title, standfirst and body passed
as the importer passes them) and ``--conll FILE`` (JSON lines with ``text``, passed as a
body); without either, ``-n`` synthetic articles of ``bench/corpus.py`` (default 400).
``--tree DIR`` counts another checkout's finder too (its ``reader`` package), a
``git worktree`` of an older commit for instance. The documents are read once, by this
checkout's parser, and handed to every tree alike.

Needs valgrind: without it, one line says so and the exit status is 2. Each figure takes
some 20-60 s (valgrind runs Python about 50 times slower).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

#: The floor's scan: runs of capitalised words.
CAPITALISED = r"[A-Z][a-z]+(?: [A-Z][a-z]+)*"


def child(kind: str, passes: int, docs_path: str, tree: str) -> None:
    """Read the documents, then make ``passes`` passes of the finder (or the floor)."""
    sys.path.insert(0, tree)
    docs = json.loads(Path(docs_path).read_text(encoding="utf-8"))
    if kind == "floor":
        scan = re.compile(CAPITALISED).finditer
        for _ in range(passes):
            for body, _title, _dek in docs:
                for m in scan(body):
                    m.group()
        return
    from reader.people import find_people

    for _ in range(passes):
        for body, title, dek in docs:
            find_people(body, title=title, dek=dek)


def count(kind: str, passes: int, docs_path: Path, tree: Path) -> int:
    """Instructions of a child that makes ``passes`` passes, as callgrind counts them."""
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            kind,
            str(passes),
            str(docs_path),
            str(tree),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=True,
    )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise SystemExit(f"finder_cost: valgrind printed no count: {out.stderr[-300:]!r}")
    return int(found.group(1))


def per_document(kind: str, docs_path: Path, tree: Path, n_docs: int) -> float:
    return (count(kind, 2, docs_path, tree) - count(kind, 1, docs_path, tree)) / n_docs


def read_documents(bbc: Path | None, conll: Path | None, n: int) -> list[tuple[str, str, str]]:
    from reader.parse import parse_article

    docs: list[tuple[str, str, str]] = []
    if bbc is not None:
        for path in sorted(bbc.rglob("*.txt")):
            a = parse_article(path.read_bytes().decode("utf-8", "replace"), filename=path.name)
            docs.append((a.body, a.title, a.dek or ""))
    if conll is not None:
        for line in conll.read_text(encoding="utf-8").splitlines():
            if line.strip():
                docs.append((json.loads(line)["text"], "", ""))
    if not docs:
        from corpus import ArticleMaker, build_vocabulary

        maker = ArticleMaker(build_vocabulary(1))
        for i in range(n):
            suffix, text = maker.article(random.Random(i))
            a = parse_article(text, filename=f"{i:07d}{suffix}")
            docs.append((a.body, a.title, a.dek or ""))
    return docs


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
        return 0
    parser = argparse.ArgumentParser(
        description="Instructions a document of the people finder, and of a bare regex scan."
    )
    parser.add_argument("--bbc", type=Path, metavar="FOLDER", help="BBC articles (.txt) to read")
    parser.add_argument("--conll", type=Path, metavar="FILE", help="JSON lines with a text each")
    parser.add_argument(
        "-n", type=int, default=400, help="synthetic articles when no corpus is given"
    )
    parser.add_argument(
        "--tree",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="another checkout whose finder to count too",
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("finder_cost: valgrind is not installed; nothing counted", file=sys.stderr)
        return 2
    for path in (args.bbc, args.conll, *args.tree):
        if path is not None and not path.exists():
            print(f"finder_cost: {path}: no such file or folder", file=sys.stderr)
            return 2
    docs = read_documents(args.bbc, args.conll, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        docs_path = Path(tmp) / "docs.json"
        docs_path.write_text(json.dumps(docs), encoding="utf-8")
        floor = per_document("floor", docs_path, ROOT, len(docs))
        print(f"{len(docs)} documents; floor (a bare scan for capitalised runs): {floor:,.0f}")
        first = None
        for tree in (ROOT, *args.tree):
            cost = per_document("finder", docs_path, tree.resolve(), len(docs))
            first = first or cost
            print(
                f"{tree}: finder {cost:,.0f} instructions a document, {cost / floor:.2f}x the "
                f"floor, {cost / first:.3f}x the first tree"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
