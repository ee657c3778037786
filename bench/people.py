"""Benchmark: how well and how fast ``reader.people.find_people`` finds the people in articles.

Usage (from the project root)::

    .venv/bin/python bench/people.py GOLD.jsonl [--bbc FOLDER] [--predictions OUT.jsonl] [--worst N]
    .venv/bin/python bench/people.py FOLDER [--show K] [--repeat R]

The development set is both halves at once::

    .venv/bin/python bench/people.py ../shared/corpora/conll2003-valid/valid_docs.jsonl \
        --bbc ../shared/corpora/bbc-dev

GOLD.jsonl holds one document a line: ``doc``, ``text`` and ``persons`` (each
mention's ``text``, ``start`` and ``end`` in ``text``), as in
``/work/shared/corpora/conll2003-valid/valid_docs.jsonl``. The whole ``text`` is
passed as the body (its first line is the headline). The score is taken at the
article level, the way ``/work/shared/tools/people-score GOLD PRED`` takes it:

* per document, the mentions (gold, and predicted) are grouped into people: a
  mention whose normalised words are the start or the end of a longer one's
  joins it (to the nearest one before it, else the first), and the person is
  named by its longest mention;
* **strict**: a predicted person counts if the same normalised name is a gold
  person; **lenient**: people are matched on their last word only;
* micro-averaged precision, recall and F1 over all documents, and again over
  the prose documents only (sports results tables left out), plus the classic
  mention-level figures for reference.

It prints the figures, the ``--worst`` documents (by missed plus spurious
people) and articles/s of ``find_people`` alone (best of ``--repeat`` passes;
CPU time of this process, so that other work on the machine counts less, and
wall time). ``--predictions OUT.jsonl`` writes what was found, one line per
document (``doc``, ``persons``), for the reference scorer. Targets: strict F1
>= 0.90 with precision >= 0.92.

``--bbc FOLDER`` scores the second half too: the articles of FOLDER named in
``--labels`` (default ``bench/people_bbc_labels.jsonl``, hand-labelled; its format is in
``bench/README.md``), read with the real parser and passed to the finder as the importer
does. Each person the finder names in an article is matched against the article's
labelled people by normalised name (any spelling the label lists; a leading royal or
noble title of the finder's name may be left off, "King Sihanouk" matching "Sihanouk",
but never added, so "Woolf" does not match "Lord Woolf"). **Strict** counts a person
found once: a second name matched to the same person (a split) is spurious; **lenient**
matches on last words. It also counts the labelled non-people the finder named.

``--archive`` scores what the reader stores after an import of all the documents: a
first pass finds the people, and those found only from what one document does with
them (``reader.people.needs_context``: "Marat Safin said") are then known in the others
(``find_people``'s ``known``), the way the import finds them again. The CoNLL half's
archive is its own documents; the BBC half's, every article of FOLDER. Speed is the
first pass's.

``--stored`` (BBC half) imports FOLDER into a fresh database and scores the people it
stores for each labelled article, read back from it: the people found from context and
the joins across the archive included ("M Cueto" is then Mark Cueto, whom the labels,
written article by article, call "M Cueto": compare the lenient score).

This script puts its own checkout first on ``sys.path``: to time another tree, run that
tree's copy of it.

FOLDER (e.g. ``/work/shared/corpora/bbc-dev``) is read with the real parser
(``reader.parse.parse_article``); it prints ``find_people`` articles/s over
``--repeat`` passes (body, title and dek, as the importer calls it) against
the target of 5,000/s, and the people found in ``--show`` articles, to check by eye.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.parse import parse_article  # noqa: E402
from reader.people import find_people, needs_context  # noqa: E402

# ------------------------------------------------- scoring (as people-score does)

_PUNCT = "\"'`.,;:!?()[]{}<>-–—*/\\|“”‘’"


def norm_tokens(s: str) -> tuple[str, ...]:
    s = unicodedata.normalize("NFKC", s).replace("’", "'").replace("‘", "'")
    s = s.strip()
    s = re.sub(r"\s*'s?$", "", s)
    s = s.strip(_PUNCT + " \t\n")
    toks = []
    for t in s.split():
        t = t.replace(".", "").strip(_PUNCT)
        if t:
            toks.append(t.casefold())
    return tuple(toks)


def _is_affix(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    n = len(short)
    return len(long_) > n and (long_[:n] == short or long_[-n:] == short)


def doc_people(mentions: list[dict]) -> dict[tuple[str, ...], list[str]]:
    """Group one document's mentions into people: normalised name -> mention texts."""
    items = []
    for i, m in enumerate(mentions):
        toks = norm_tokens(m["text"])
        if toks:
            items.append((toks, m.get("start", i), m["text"]))
    items.sort(key=lambda x: (-len(x[0]), x[1]))
    clusters: list[list[tuple]] = []
    for toks, pos, surf in items:
        cands = []
        for c in clusters:
            hits = [p for (mt, p, _) in c if mt == toks or _is_affix(toks, mt)]
            if hits:
                cands.append((c, hits))
        if not cands:
            clusters.append([(toks, pos, surf)])
            continue
        if len(cands) > 1:
            longer = [(c, [p for (mt, p, _) in c if _is_affix(toks, mt)]) for c, _ in cands]
            longer = [(c, h) for c, h in longer if h]
            if longer:
                cands = longer
            before = [
                (max(p for p in h if p < pos), c) for c, h in cands if any(p < pos for p in h)
            ]
            if before:
                best = max(before, key=lambda x: x[0])[1]
            else:
                best = min(((min(h), c) for c, h in cands), key=lambda x: x[0])[1]
        else:
            best = cands[0][0]
        best.append((toks, pos, surf))
    out: dict[tuple[str, ...], list[str]] = {}
    for c in clusters:
        key = c[0][0]
        out.setdefault(key, []).extend(m[2] for m in c)
    return out


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def is_prose_doc(text: str) -> bool:
    def prose(line: str) -> bool:
        toks = line.split()
        alpha = [t for t in toks if t[:1].isalpha()]
        if len(toks) < 8 or len(alpha) < 5:
            return False
        return sum(1 for t in alpha if t[0].islower()) / len(alpha) >= 0.4

    n = sum(prose(line) for line in text.split("\n"))
    return n >= 3 and n >= 0.5 * (text.count("\n") + 1)


def score(gold: dict, pred: dict, ids: list) -> tuple[dict, list]:
    c: Counter[str] = Counter()
    per_doc = []
    for d in ids:
        g, p = gold.get(d, []), pred.get(d, [])
        gp, pp = doc_people(g), doc_people(p)
        strict = len(set(pp) & set(gp))
        lp, lg = Counter(k[-1] for k in pp), Counter(k[-1] for k in gp)
        lenient = sum(min(v, lg[k]) for k, v in lp.items())
        c["strict"] += strict
        c["lenient"] += lenient
        c["npred"] += len(pp)
        c["ngold"] += len(gp)
        gs = {(m["start"], m["end"]) for m in g}
        ps = {(m["start"], m["end"]) for m in p}
        c["m_tp"] += len(gs & ps)
        c["m_pred"] += len(ps)
        c["m_gold"] += len(gs)
        missed = sorted(" ".join(k) for k in set(gp) - set(pp))
        spurious = sorted(" ".join(k) for k in set(pp) - set(gp))
        per_doc.append((d, missed, spurious))
    res = {
        "docs": len(ids),
        "gold": c["ngold"],
        "pred": c["npred"],
        "strict": prf(c["strict"], c["npred"], c["ngold"]),
        "lenient": prf(c["lenient"], c["npred"], c["ngold"]),
        "mention": prf(c["m_tp"], c["m_pred"], c["m_gold"]),
    }
    return res, per_doc


# ------------------------------------------------------------------ the runs

# A royal or noble title the finder may keep before a name that the gold leaves off.
_TITLES = frozenset(
    [
        "king",
        "queen",
        "prince",
        "princess",
        "lord",
        "lady",
        "sir",
        "dame",
        "pope",
        "sheikh",
        "sheik",
        "emir",
        "sultan",
        "baroness",
        "baron",
    ]
)


def _fmt(t: tuple[float, float, float]) -> str:
    return f"P {t[0]:.3f}  R {t[1]:.3f}  F1 {t[2]:.3f}"


def _timed(fn, repeat: int) -> tuple[float, float]:
    """The best CPU time and the best wall time of ``repeat`` calls of ``fn``."""
    cpu = wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return max(cpu, 1e-9), max(wall, 1e-9)


def print_worst(per_doc: list, worst: int, what: str) -> None:
    """The ``worst`` documents by missed plus spurious people: ``(name, missed, spurious)``."""
    per_doc.sort(key=lambda x: -(len(x[1]) + len(x[2])))
    print(f"\nthe {worst} worst {what} (missed / spurious people):")
    for name, missed, spurious in per_doc[:worst]:
        if not missed and not spurious:
            break
        print(f"- {name}")
        if missed:
            print(f"    missed:   {'; '.join(missed)}")
        if spurious:
            print(f"    spurious: {'; '.join(spurious)}")


def _untitled(text: str, s: int, e: int) -> tuple[int, int]:
    """A mention's span without a leading royal or noble title ("King Sihanouk")."""
    head, _, rest = text[s:e].partition(" ")
    if rest and norm_tokens(head) and norm_tokens(head)[0] in _TITLES:
        return e - len(rest), e
    return s, e


def known_in(found: list) -> frozenset[str]:
    """The keys of the people found only from context in ``found`` (lists of people)."""
    return frozenset(p.key for people in found for p in people if needs_context(p.name))


def run_gold(
    path: Path, predictions: Path | None, worst: int, repeat: int, archive: bool = False
) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = [r["text"] for r in rows]
    found: list = []

    def one_pass() -> None:
        found[:] = [find_people(t) for t in texts]

    cpu, wall = _timed(one_pass, repeat)
    if archive:
        known = known_in(found)
        found[:] = [find_people(t, known=known) for t in texts]
        print(f"archive: {len(known)} people found from context known in every document")
    gold = {r["doc"]: r.get("persons", []) for r in rows}
    pred = {}
    for r, people in zip(rows, found, strict=True):
        mentions = sorted(_untitled(r["text"], s, e) for p in people for s, e in p.spans)
        pred[r["doc"]] = [{"text": r["text"][s:e], "start": s, "end": e} for s, e in mentions]
    if predictions:
        with predictions.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps({"doc": r["doc"], "persons": pred[r["doc"]]}) + "\n")
    prose = [r["doc"] for r in rows if is_prose_doc(r["text"])]
    per_doc = []
    whole: dict = {}
    for name, ids in (("all documents", [r["doc"] for r in rows]), ("prose documents", prose)):
        res, docs = score(gold, pred, ids)
        whole = whole or res
        per_doc = per_doc or docs
        print(f"{name} ({res['docs']} docs, {res['gold']} gold people, {res['pred']} predicted)")
        print(f"  strict   {_fmt(res['strict'])}")
        print(f"  lenient  {_fmt(res['lenient'])}   (last names only)")
        print(f"  mention  {_fmt(res['mention'])}")
    chars = sum(map(len, texts))
    print(
        f"speed (best of {repeat}): {len(rows) / cpu:,.0f} articles/s CPU time, "
        f"{len(rows) / wall:,.0f} wall ({len(rows)} documents, "
        f"mean {chars // max(1, len(rows))} characters)"
    )
    if worst:
        titles = {r["doc"]: r.get("title") or r["text"].split("\n", 1)[0] for r in rows}
        named = [(f"doc {d}: {titles[d][:70]}", m, sp) for d, m, sp in per_doc]
        print_worst(named, worst, "documents")
    whole["rate"] = len(rows) / cpu
    return whole


# ------------------------------------------------------ the hand-labelled half


def _read_article(path: Path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return parse_article(text, filename=path.name)


def score_labelled(
    labels: list[dict], found: list[list[str]]
) -> tuple[dict, list[tuple[str, list[str], list[str]]]]:
    """Strict and lenient figures of the names ``found`` per article against ``labels``."""
    c: Counter[str] = Counter()
    per_doc = []
    for row, names in zip(labels, found, strict=True):
        gold = [[norm_tokens(v) for v in ([g] if isinstance(g, str) else g)] for g in row["people"]]
        nots = {norm_tokens(n) for n in row.get("not_people", [])}
        taken: set[int] = set()
        spurious = []
        for name in names:
            toks = norm_tokens(name)
            forms = {toks}
            if len(toks) > 1 and toks[0] in _TITLES:
                forms.add(toks[1:])
            hit = next((i for i, g in enumerate(gold) if forms & set(g)), None)
            if hit is None or hit in taken:
                spurious.append(name)
                c["not_people"] += toks in nots
            else:
                taken.add(hit)
        c["strict"] += len(taken)
        # Lenient: one-to-one on last words.
        lasts = [{v[-1] for v in g if v} for g in gold]
        used: set[int] = set()
        for name in names:
            toks = norm_tokens(name)
            if not toks:
                continue
            i = next((i for i, ls in enumerate(lasts) if i not in used and toks[-1] in ls), None)
            if i is not None:
                used.add(i)
        c["lenient"] += len(used)
        c["npred"] += len(names)
        c["ngold"] += len(gold)
        missed = [
            g[0] if isinstance(g, list) else g
            for i, g in enumerate(row["people"])
            if i not in taken
        ]
        per_doc.append((row["file"], missed, spurious))
    res = {
        "docs": len(labels),
        "gold": c["ngold"],
        "pred": c["npred"],
        "not_people": c["not_people"],
        "strict": prf(c["strict"], c["npred"], c["ngold"]),
        "lenient": prf(c["lenient"], c["npred"], c["ngold"]),
    }
    return res, per_doc


class _Named:
    """A stored person, as the scorer reads a found one (by its name)."""

    def __init__(self, name: str) -> None:
        self.name = name


def stored_people(folder: Path, files: list[str]) -> list[list[str]]:
    """The names of the people a fresh database stores for each of ``files`` (relative to
    ``folder``) once ``folder`` is imported."""
    import tempfile

    from reader.core import Store
    from reader.ingest import article_id, import_paths

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "people.db") as store:
        import_paths(store, [folder])
        # A file with the same bytes as another is that article (reader.storage.copies).
        ids = [store.article(article_id(folder / file)).id for file in files]
        return [[person.name for person, _ in store.article_people(id_)] for id_ in ids]


def run_bbc(
    folder: Path,
    labels_path: Path,
    worst: int,
    repeat: int,
    archive: bool = False,
    stored: bool = False,
) -> dict:
    labels = [json.loads(line) for line in labels_path.read_text("utf-8").splitlines() if line]
    articles = [_read_article(folder / row["file"]) for row in labels]
    found: list = []

    def one_pass() -> None:
        found[:] = [find_people(a.body, title=a.title, dek=a.dek or "") for a in articles]

    cpu, wall = _timed(one_pass, repeat)
    if stored:
        found[:] = [
            [_Named(name) for name in names]
            for names in stored_people(folder, [row["file"] for row in labels])
        ]
        print(f"stored: the people a fresh database keeps after an import of {folder}")
    elif archive:
        every = [_read_article(path) for path in sorted(folder.rglob("*.txt"))]
        known = known_in([find_people(a.body, title=a.title, dek=a.dek or "") for a in every])
        found[:] = [
            find_people(a.body, title=a.title, dek=a.dek or "", known=known) for a in articles
        ]
        print(f"archive: {len(known)} people found from context in {len(every)} articles known")
    res, per_doc = score_labelled(labels, [[p.name for p in people] for people in found])
    print(
        f"hand-labelled BBC articles ({res['docs']} docs, {res['gold']} gold people, "
        f"{res['pred']} predicted; {res['not_people']} labelled non-people taken for people)"
    )
    print(f"  strict   {_fmt(res['strict'])}")
    print(f"  lenient  {_fmt(res['lenient'])}   (last names only)")
    print(
        f"speed (best of {repeat}): {len(articles) / cpu:,.0f} articles/s CPU time, "
        f"{len(articles) / wall:,.0f} wall"
    )
    if worst:
        print_worst(per_doc, worst, "articles")
    res["rate"] = len(articles) / cpu
    return res


def summary(halves: list[tuple[str, dict]]) -> None:
    """One line per half against the development targets."""
    print("\n| half | docs | strict P | strict R | strict F1 | lenient F1 | target |")
    print("|---|---|---|---|---|---|---|")
    for name, res in halves:
        p, r, f = res["strict"]
        ok = "ok" if f >= 0.93 and p >= 0.95 else "MISSED"
        print(
            f"| {name} | {res['docs']} | {p:.3f} | {r:.3f} | {f:.3f} | {res['lenient'][2]:.3f} "
            f"| F1 >= 0.93, P >= 0.95: {ok} |"
        )


def run_folder(folder: Path, show: int, repeat: int) -> None:
    articles = []
    for f in sorted(folder.rglob("*")):
        if f.suffix in (".txt", ".md") and f.is_file():
            try:
                articles.append((f, _read_article(f)))
            except Exception as e:  # a file the parser refuses is skipped
                print(f"skipped {f}: {e}", file=sys.stderr)
    words = sum(a.words for _, a in articles)

    def one_pass() -> None:
        for _, a in articles:
            find_people(a.body, title=a.title, dek=a.dek or "")

    cpu, wall = _timed(one_pass, repeat)
    rate = len(articles) / cpu
    ok = "ok" if rate >= 5000 else "MISSED"
    print(
        f"find_people: {len(articles)} articles (mean {words // max(1, len(articles))} words), "
        f"best of {repeat}: {rate:,.0f} articles/s CPU time, {len(articles) / wall:,.0f} wall "
        f"[target >= 5,000/s: {ok}]"
    )
    step = max(1, len(articles) // max(1, show))
    for f, a in articles[::step][:show]:
        people = find_people(a.body, title=a.title, dek=a.dek or "")
        print(f"\n{f.relative_to(folder)}: {a.title}")
        for p in people:
            forms = sorted({a.body[s:e] for s, e in p.spans} - {p.name})
            also = f"  (also {', '.join(forms)})" if forms else ""
            print(f"  {p.name} x{p.count}{also}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path, help="a GOLD.jsonl file, or a folder of articles")
    ap.add_argument("--predictions", type=Path, help="write the found mentions here (JSONL)")
    ap.add_argument("--worst", type=int, default=20, help="documents to list (default 20)")
    ap.add_argument("--show", type=int, default=12, help="folder: articles to print (default 12)")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes, best kept (default 3)")
    ap.add_argument("--bbc", type=Path, help="also score the hand-labelled articles of this folder")
    ap.add_argument(
        "--archive",
        action="store_true",
        help="score what an import of them all stores: people found from context known",
    )
    ap.add_argument(
        "--stored",
        action="store_true",
        help="BBC half: score what a fresh database stores after an import of the folder",
    )
    ap.add_argument(
        "--labels",
        type=Path,
        default=ROOT / "bench" / "people_bbc_labels.jsonl",
        help="the hand labels for --bbc (default bench/people_bbc_labels.jsonl)",
    )
    args = ap.parse_args()
    if args.path.is_dir():
        run_folder(args.path, args.show, args.repeat)
        return
    halves = [
        (
            "CoNLL valid",
            run_gold(args.path, args.predictions, args.worst, max(1, args.repeat), args.archive),
        )
    ]
    if args.bbc:
        print()
        halves.append(
            (
                "BBC hand-labelled",
                run_bbc(args.bbc, args.labels, args.worst, args.repeat, args.archive, args.stored),
            )
        )
    summary(halves)


if __name__ == "__main__":
    main()
