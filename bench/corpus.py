"""Deterministic, synthetic news articles for the benchmarks (no external data).

``write_corpus(root, n, seed)`` writes ``n`` article files under ``root``, in
folders of at most :data:`FILES_PER_FOLDER` files, using several processes.
The same ``n`` and ``seed`` always give byte-identical files, whatever the
number of processes: every file has its own ``random.Random`` seeded from
``(seed, index)``.

Three layouts, in the proportions the reader meets in practice:

* about 75% **BBC News style** ``.txt``: headline on line 1, a blank line, then
  8–25 paragraphs, one per line, separated by blank lines;
* about 20% **web magazine** ``.txt``: `` date YYYY-MM-DD Exclusive``, blank,
  title, blank, a one-sentence standfirst (dek), blank, paragraphs;
* about 5% **Markdown** ``.md`` with front matter (title, date, author), then
  ``# Title`` and the paragraphs.

Lengths follow BBC articles: a log-normal word count with a median of about
380 words, most articles between 250 and 650 words, clamped to 150–1,200.
Words come from a built-in vocabulary: ~200 common English words and ~3,000
pronounceable pseudo-words (``pseudo_words``; more gives an archive with more
distinct terms, as real news has) drawn with a Zipf-like (1/rank) distribution, plus
~300 first names and surnames so the text has capitalised names, quotes,
numbers and the odd pound sign, as news copy does.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from bisect import bisect
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

#: Bump when the generator's output changes (a kept corpus is then regenerated).
GENERATOR_VERSION = 1
FILES_PER_FOLDER = 1_000
MANIFEST = "MANIFEST.json"
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")

# Shares of the three layouts (the rest is BBC style).
MAGAZINE_SHARE = 0.20
MARKDOWN_SHARE = 0.05

# Word count: log-normal, clamped. The names and numbers that sentences gain on top
# of this budget bring a whole file's median to about 380 words, like BBC articles.
MEDIAN_WORDS = 352
WORDS_SIGMA = 0.32
MIN_WORDS, MAX_WORDS = 150, 1_200


def _split(text: str) -> list[str]:
    """A word list written as a block of text."""
    return text.split()


# fmt: off
COMMON_WORDS = _split("""
the of and to a in that is for it was on said with he as at by be from his
have has are but not this they an which who were had been will would their
its or more one about after also than there she over new we up when if
year two can out people first some into other could all last what so them
no her years just only time government most like told because before
three being many now made where such while may should make over between
still back against since week those first next under how its well any
second month around much then even four said per during set part public
local plans former group told city country says news council police
report money market million company firms bank business service services
health minister secretary party election leader support work workers
school schools children families home homes house water power energy price
prices cost costs rise rose fell fall growth figures data deal talks court
case team game match club season players win won final league cup world
music film show star stars award awards online users phone mobile digital
technology system systems network security officials spokesman spokeswoman
statement decision pressure state national international region area areas
day days night morning today yesterday weekend end early late long high low
big small major key latest further general total average number level levels
""")

FIRST_NAMES = _split("""
James John Robert Michael David William Richard Joseph Thomas Charles
Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth
Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary
Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel
Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron
Henry Adam Peter Nathan Zachary Douglas Harold Kyle Carl Arthur Gerald
Roger Keith Lawrence Terry Sean Christian Austin Noah Dylan Ethan Mohammed
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen
Lisa Nancy Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle
Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca Sharon Laura
Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen
Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria
Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren
Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha
Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice
Priya Aisha Fatima Yusuf Omar Ravi Anil Sunita Kwame Amara Chen Wei Hiroshi
""")

SURNAMES = _split("""
Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright
Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Patel
Khan Lewis James Phillips Mason Mitchell Rose Davis Rodriguez Cox Alexander
Morgan Moore Martin Price Hughes Turner Cooper Hill Ward Morris King Harris
Clark Lee Scott Baker Young Allen Anderson Campbell Carter Parker Edwards
Collins Stewart Murphy Bell Bailey Kelly Howard Cook Richardson Reid Watson
Ross Gray Kennedy Murray Hamilton Graham Wallace Marshall Ellis Gibson
Hunter Palmer Ford Grant Mills Fox Webb Lloyd Shaw Holmes Knight Hussain
Begum Ali Ahmed Singh Chowdhury Okafor Mensah Nakamura Tanaka Nguyen Novak
Kowalski Muller Schmidt Rossi Romano Garcia Fernandez Lopez Martinez Silva
Santos Costa Dubois Moreau Laurent Lefebvre Jensen Hansen Larsen Nielsen
Johansson Andersson Berg Lindqvist Olsen Fraser Barnes Barker Chapman Dixon
Ferguson Fletcher Gordon Griffiths Harrison Hayes Henderson Hudson Jenkins
Lawson Lawrence Lowe Marsh Matthews Newman Owen Pearce Powell Reynolds Rowe
Russell Saunders Simpson Spencer Stevens Sutton Tucker Walsh Warren Wells
""")

ROLES = (
    "chief executive", "spokesman", "spokeswoman", "minister", "analyst",
    "chairman", "manager", "director", "professor", "economist", "councillor",
    "coach", "founder", "campaigner", "MP", "head of research",
)

_ONSETS = (
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
    "w", "z", "br", "cr", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr", "ch",
    "", "", "",
)
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "ou", "ai", "y")
_CODAS = ("", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rt", "ck", "ng", "x")
# fmt: on

PSEUDO_WORDS = 3_000
ZIPF_OFFSET = 2.7  # Zipf–Mandelbrot: weight of rank r is 1 / (r + offset)


@dataclass(frozen=True)
class Vocabulary:
    """Words by rank with cumulative Zipf weights, and the name lists."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]
    rare_start: int  # index of the first pseudo-word (used to make titles distinctive)


def build_vocabulary(seed: int, pseudo_words: int = PSEUDO_WORDS) -> Vocabulary:
    """Common English words first (most frequent), then ``pseudo_words`` pseudo-words."""
    rng = random.Random(f"vocabulary:{seed}")
    common = list(dict.fromkeys(COMMON_WORDS))
    taken = set(common)
    pseudo: list[str] = []
    while len(pseudo) < pseudo_words:
        syllables = rng.choices((1, 2, 3, 4), weights=(3, 6, 2, 0.5))[0]
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if len(word) >= 3 and word not in taken:
            taken.add(word)
            pseudo.append(word)
    # Shorter words are more frequent, as in real text (with some jitter).
    pseudo.sort(key=lambda w: len(w) + rng.uniform(-2.0, 2.0))
    words = (*common, *pseudo)
    weights = (1.0 / (rank + ZIPF_OFFSET) for rank in range(1, len(words) + 1))
    return Vocabulary(words, tuple(accumulate(weights)), len(common))


class ArticleMaker:
    """Makes the text of one article from a ``random.Random``."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._total = vocab.cum_weights[-1]

    # -- words and sentences -----------------------------------------------------

    def _words(self, rng: random.Random, k: int) -> list[str]:
        """``k`` words drawn with the Zipf weights (one bisect each: fast)."""
        words, cum, total = self.vocab.words, self.vocab.cum_weights, self._total
        rand = rng.random
        return [words[bisect(cum, rand() * total)] for _ in range(k)]

    @staticmethod
    def _name(rng: random.Random) -> str:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        roll = rng.random()
        if roll < 0.55:
            return f"{first} {last}"
        if roll < 0.8:
            return f"{rng.choice(('Mr', 'Ms', 'Dr'))} {last}"
        return last

    @staticmethod
    def _number(rng: random.Random) -> str:
        roll = rng.random()
        if roll < 0.3:
            return str(rng.randint(2, 99))
        if roll < 0.5:
            return f"{rng.randint(1, 99)}%"
        if roll < 0.7:
            return f"£{rng.randint(1, 900)}m"
        if roll < 0.85:
            return f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}"
        return str(rng.randint(1990, 2024))

    def sentence(self, rng: random.Random, length: int) -> str:
        """One sentence of about ``length`` words, with names, numbers and commas."""
        words = self._words(rng, length)
        if rng.random() < 0.5:
            words.insert(rng.randrange(len(words) + 1), self._name(rng))
        if rng.random() < 0.25:
            words.insert(rng.randrange(1, len(words) + 1), self._number(rng))
        if len(words) > 8 and rng.random() < 0.5:
            i = rng.randrange(3, len(words) - 3)
            words[i] += ","
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words) + "."

    def paragraph(self, rng: random.Random, budget: int) -> str:
        """A paragraph of one to three sentences, about ``budget`` words; some are quotes."""
        if rng.random() < 0.15:
            quote = self.sentence(rng, max(6, budget - 4))[:-1]
            who = self._name(rng)
            if rng.random() < 0.5:
                return f'"{quote}," said {who}.'
            return f'"{quote}," {who}, {rng.choice(ROLES)}, said.'
        parts: list[str] = []
        left = budget
        while left > 0:
            length = min(left, rng.randint(10, 28))
            if length < 6 and parts:
                break
            parts.append(self.sentence(rng, max(length, 6)))
            left -= length
        return " ".join(parts)

    def headline(self, rng: random.Random) -> str:
        """A BBC-like headline: 4–10 words, capitalised start, some rarer words."""
        words = self._words(rng, rng.randint(3, 8))
        lo, hi = self.vocab.rare_start, len(self.vocab.words) - 1
        for _ in range(2):  # two rarer words make titles distinctive
            words.insert(rng.randrange(len(words) + 1), self.vocab.words[rng.randint(lo, hi)])
        if rng.random() < 0.3:
            words.insert(0, rng.choice(SURNAMES))
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words)

    def paragraphs(self, rng: random.Random) -> list[str]:
        """The body: 8–25 paragraphs totalling a BBC-like number of words."""
        total = round(rng.lognormvariate(math.log(MEDIAN_WORDS), WORDS_SIGMA))
        total = min(max(total, MIN_WORDS), MAX_WORDS)
        count = min(max(round(total / 28 + rng.gauss(0, 2)), 8), 25)
        mean = total / count
        return [
            self.paragraph(rng, max(6, round(mean * rng.uniform(0.6, 1.4)))) for _ in range(count)
        ]

    # -- the three layouts ---------------------------------------------------------------

    @staticmethod
    def _date(rng: random.Random) -> str:
        return f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def bbc(self, rng: random.Random) -> str:
        return "\n\n".join([self.headline(rng), *self.paragraphs(rng)]) + "\n"

    def magazine(self, rng: random.Random) -> str:
        header = f" date {self._date(rng)} Exclusive"
        standfirst = self.sentence(rng, rng.randint(14, 30))
        return "\n\n".join([header, self.headline(rng), standfirst, *self.paragraphs(rng)]) + "\n"

    def markdown(self, rng: random.Random) -> str:
        title = self.headline(rng)
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        front = f"---\ntitle: {title}\ndate: {self._date(rng)}\nauthor: {author}\n---"
        return "\n\n".join([front, f"# {title}", *self.paragraphs(rng)]) + "\n"

    def article(self, rng: random.Random) -> tuple[str, str]:
        """``(suffix, text)`` of one article in a randomly chosen layout."""
        roll = rng.random()
        if roll < MARKDOWN_SHARE:
            return ".md", self.markdown(rng)
        if roll < MARKDOWN_SHARE + MAGAZINE_SHARE:
            return ".txt", self.magazine(rng)
        return ".txt", self.bbc(rng)


# -- writing a corpus ----------------------------------------------------------------------

_maker: ArticleMaker | None = None


def _init_worker(seed: int, pseudo_words: int) -> None:
    global _maker
    _maker = ArticleMaker(build_vocabulary(seed, pseudo_words))


def _write_folder(args: tuple[str, int, int, int]) -> int:
    """Write files ``start`` .. ``stop - 1`` into one folder; return how many bytes."""
    folder, start, stop, seed = args
    assert _maker is not None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    written = 0
    for index in range(start, stop):
        rng = random.Random(seed * 1_000_003 + index)
        suffix, text = _maker.article(rng)
        data = text.encode("utf-8")
        (path / f"{index:07d}{suffix}").write_bytes(data)
        written += len(data)
    return written


def folder_name(chunk: int) -> str:
    """Folders named like BBC News categories: ``business-000``, ``sport-003`` …"""
    return f"{CATEGORIES[chunk % len(CATEGORIES)]}-{chunk // len(CATEGORIES):03d}"


def _manifest(n: int, seed: int, pseudo_words: int) -> dict[str, int]:
    return {"n": n, "seed": seed, "pseudo_words": pseudo_words, "generator": GENERATOR_VERSION}


def corpus_matches(root: Path, n: int, seed: int, pseudo_words: int = PSEUDO_WORDS) -> bool:
    """True if ``root`` already holds this very corpus (from a kept run)."""
    try:
        manifest = json.loads((root / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    return manifest == _manifest(n, seed, pseudo_words)


def write_corpus(
    root: Path,
    n: int,
    seed: int = 1,
    jobs: int | None = None,
    pseudo_words: int = PSEUDO_WORDS,
) -> tuple[int, float]:
    """Write ``n`` articles under ``root``; return ``(bytes written, seconds taken)``.

    The manifest (``MANIFEST.json``, not an article file) is written last, so an
    interrupted run is never mistaken for a complete corpus.
    """
    started = time.perf_counter()
    root.mkdir(parents=True, exist_ok=True)
    (root / MANIFEST).unlink(missing_ok=True)
    tasks = [
        (str(root / folder_name(chunk)), start, min(start + FILES_PER_FOLDER, n), seed)
        for chunk, start in enumerate(range(0, n, FILES_PER_FOLDER))
    ]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    if jobs == 1:
        _init_worker(seed, pseudo_words)
        total = sum(map(_write_folder, tasks))
    else:
        with ProcessPoolExecutor(
            jobs, initializer=_init_worker, initargs=(seed, pseudo_words)
        ) as pool:
            total = sum(pool.map(_write_folder, tasks))
    (root / MANIFEST).write_text(json.dumps(_manifest(n, seed, pseudo_words)))
    return total, time.perf_counter() - started


if __name__ == "__main__":  # a quick look: python bench/corpus.py  (prints three samples)
    maker = ArticleMaker(build_vocabulary(1))
    for layout in (maker.bbc, maker.magazine, maker.markdown):
        print(layout(random.Random(7)))
        print("=" * 72)
