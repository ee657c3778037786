"""Benchmark: does search find the article a query was made from, with and without typos?

Usage (from the project root)::

    .venv/bin/python bench/search_quality.py PATH [--queries N] [--seed S] [--show K]

PATH is a folder of article files (made for ``/work/shared/corpora/bbc-dev``;
nothing is copied from it: it is imported into a temporary database that is
deleted at the end).

1. **Import** PATH with the real importer (``reader.ingest.import_paths``, which
   also builds the spelling index).
2. **Make queries** from the articles themselves, deterministically (a seeded
   ``random.Random`` picks the articles and the words), in three kinds, a third
   each:

   * *title*: the two rarest words of the title (by how many articles hold them);
   * *phrase*: three consecutive body words around a word found in at most 5
     articles;
   * *name*: a capitalised word in the middle of a body sentence found in at most
     3 articles, with the capitalised word next to it if there is one (a name:
     ``Franklin Raines``).

   Words are taken as they are written in the article; a query is typed as a
   user types it, with no space at the end (so its last word is also a prefix).
3. **Typos**: each query again, with every word of 4 letters or more misspelt
   by :func:`search.make_typo` (one edit from 4 letters, two from 8: swap two
   neighbours, delete, substitute or insert a letter; edits that cancel out,
   or that shorten the word below the length that allows that many typos, are
   redrawn). A misspelling that is itself a word of the archive (a
   real-word error, which no spelling index can undo) is redrawn; a query
   whose every word is shorter than 4 letters is left out of the typo set.
4. **Score**: a query *hits at k* when its article (or an exact duplicate of it:
   the BBC set has some) is among the first k results of ``Store.search``.
   Prints hit@1 and hit@10 for clean and typo queries, per kind and overall,
   and with ``--show`` the first K misses.

Targets: clean hit@10 >= 0.99, typo hit@10 >= 0.95.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import make_typo, typo_count  # noqa: E402  (bench/search.py)

from reader.core import Store  # noqa: E402
from reader.ingest import import_paths  # noqa: E402
from reader.terms import term_set, words  # noqa: E402

#: Words a title query never uses (they find everything).
_COMMON_WORDS = """the a an of to in on for and or but with at by from as is are was were be
has have had it its this that these those he she they we you his her their our not no"""
COMMON = frozenset(_COMMON_WORDS.split())
_TOKEN_RE = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?")


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    target: str  # the article id
    typo: str | None = None


@dataclass(frozen=True)
class Doc:
    id: str
    title: str
    body: str
    group: str  # content hash: duplicates share it


def load(store: Store) -> list[Doc]:
    rows = store._conn.execute("SELECT id, title, body, content_hash FROM articles ORDER BY id")
    return [Doc(*row) for row in rows]


def document_frequency(docs: list[Doc]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(term_set(f"{doc.title} {doc.body}"))
    return counts


# -- making queries ------------------------------------------------------------------------------


def title_query(doc: Doc, df: Counter[str], rng: random.Random) -> str | None:
    tokens = [t for t in _TOKEN_RE.findall(doc.title) if t.lower() not in COMMON]
    tokens = [t for t in tokens if words(t) and not any(c.isdigit() for c in t)]
    if len(tokens) < 2:
        return None
    rarest = sorted(tokens, key=lambda t: (min(df[w] for w in words(t)), rng.random()))[:2]
    return " ".join(t for t in tokens if t in rarest)  # in title order


def phrase_query(doc: Doc, df: Counter[str], rng: random.Random) -> str | None:
    tokens = _TOKEN_RE.findall(doc.body)
    rare = [
        i
        for i, t in enumerate(tokens)
        if 1 <= i < len(tokens) - 1
        and len(t) >= 4
        and not any(c.isdigit() for c in t)
        and max((df[w] for w in words(t)), default=99) <= 5
    ]
    if not rare:
        return None
    i = rng.choice(rare)
    return " ".join(tokens[i - 1 : i + 2])


def name_query(doc: Doc, df: Counter[str], rng: random.Random) -> str | None:
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", doc.body):
        tokens = _TOKEN_RE.findall(sentence)
        for i in range(1, len(tokens)):
            t = tokens[i]
            if not (t[:1].isupper() and t[1:].islower() and len(t) >= 4):
                continue
            if max((df[w] for w in words(t)), default=99) > 3:
                continue
            name = [t]
            if tokens[i - 1][:1].isupper() and i - 1 > 0:
                name.insert(0, tokens[i - 1])
            elif i + 1 < len(tokens) and tokens[i + 1][:1].isupper():
                name.append(tokens[i + 1])
            found.append(" ".join(name))
    return rng.choice(found) if found else None


MAKERS = {"title": title_query, "phrase": phrase_query, "name": name_query}


def misspell(text: str, vocabulary: Counter[str], rng: random.Random) -> str | None:
    """``text`` with every word of 4+ letters misspelt (see the module doc), or None."""
    out: list[str] = []
    changed = False
    for token in text.split(" "):
        if typo_count(token) == 0 or any(c.isdigit() for c in token) or not token.isalpha():
            out.append(token)
            continue
        for _ in range(20):
            typo = make_typo(token, rng)
            if typo != token and not any(w in vocabulary for w in words(typo)):
                out.append(typo)
                changed = True
                break
        else:
            out.append(token)
    return " ".join(out) if changed else None


def make_cases(docs: list[Doc], df: Counter[str], count: int, seed: int) -> list[Case]:
    rng = random.Random(f"search-quality:{seed}")
    order = list(docs)
    rng.shuffle(order)
    kinds = list(MAKERS)
    cases: list[Case] = []
    for doc in order:
        if len(cases) >= count:
            break
        kind = kinds[len(cases) % len(kinds)]
        text = MAKERS[kind](doc, df, rng)
        if text is None:
            continue
        typos = random.Random(f"search-quality-typos:{seed}:{doc.id}")
        cases.append(Case(kind, text, doc.id, misspell(text, df, typos)))
    return cases


# -- scoring ------------------------------------------------------------------------------------


@dataclass
class Score:
    n: int = 0
    at1: int = 0
    at10: int = 0

    def add(self, rank: int | None) -> None:
        self.n += 1
        self.at1 += rank == 0
        self.at10 += rank is not None and rank < 10

    def line(self) -> str:
        if not self.n:
            return "   -      -      (0)"
        return f"{self.at1 / self.n:6.3f} {self.at10 / self.n:6.3f}  ({self.n})"


def rank_of(store: Store, text: str, target: str, groups: dict[str, str]) -> int | None:
    for i, hit in enumerate(store.search(text, limit=10)):
        if groups[hit.summary.id] == groups[target]:
            return i
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="folder of articles (e.g. bbc-dev)")
    parser.add_argument("--queries", type=int, default=240, help="queries to make (default 240)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, metavar="K", help="print K misses")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="search-quality-") as tmp:
        store = Store.open(Path(tmp) / "quality.db")
        t0 = time.perf_counter()
        report = import_paths(store, [args.path])
        print(f"imported {args.path}: {report.summary()} in {time.perf_counter() - t0:.1f} s")
        docs = load(store)
        groups = {d.id: d.group for d in docs}
        df = document_frequency(docs)
        cases = make_cases(docs, df, args.queries, args.seed)
        scores: dict[tuple[str, str], Score] = {}
        misses: list[str] = []
        elapsed: list[float] = []
        for case in cases:
            for variant, text in (("clean", case.text), ("typo", case.typo)):
                if text is None:
                    continue
                t1 = time.perf_counter()
                rank = rank_of(store, text, case.target, groups)
                elapsed.append(time.perf_counter() - t1)
                for kind in (case.kind, "ALL"):
                    scores.setdefault((variant, kind), Score()).add(rank)
                if rank is None or rank >= 10:
                    misses.append(f"  {variant:5} {case.kind:6} {text!r} (from {case.text!r})")
        store.close()
    print(
        f"{len(cases)} queries ({sum(c.typo is not None for c in cases)} with typos), "
        f"seed {args.seed}; mean {1000 * sum(elapsed) / len(elapsed):.1f} ms a search"
    )
    print(f"  {'':12} {'hit@1':>6} {'hit@10':>6}")
    for variant in ("clean", "typo"):
        for kind in (*MAKERS, "ALL"):
            score = scores.get((variant, kind), Score())
            print(f"  {variant:5} {kind:6} {score.line()}")
    clean, typo = scores[("clean", "ALL")], scores[("typo", "ALL")]
    ok = clean.at10 >= 0.99 * clean.n and typo.at10 >= 0.95 * typo.n
    print(f"targets (clean hit@10 >= 0.99, typo hit@10 >= 0.95): {'MET' if ok else 'MISSED'}")
    for line in misses[: args.show]:
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
