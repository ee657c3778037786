"""The candidates of the person finder: chunks of capitalised words, cut into segments,
each judged a person, a possible short form of one, or nobody.

The rules are told in ``extract.py``'s docstring ("Candidates", "Who is a person");
``find_people`` there joins what this module finds.
"""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress, count, islice
from operator import attrgetter, itemgetter
from operator import sub as _minus
from typing import TypeVar

from reader.people._context import _OPENERS, _WRAPS
from reader.people._lists import listed
from reader.people._wordlists import (
    _DETERMINERS,
    _FIRST,
    _HONORIFICS,
    _INITIALS_NOT_NAMES,
    _KIN_NOUNS,
    _MONONYMS,
    _NO_SPLIT_AFTER,
    _NOT_PEOPLE,
    _NOT_PERSON_LAST,
    _PARTICLES,
    _PEER_TITLES,
    _PLACES,
    _ROLE_NOUNS,
    _ROMAN,
    _ROYAL_TITLES,
    _STOP_FAST,
    _SURNAMES,
    _THING_NOUNS,
    _TITLES,
    _TITLES_FAST,
    _WEAK_FIRST,
    _WORK_NOUNS,
)

# ------------------------------------------------------------------ patterns


def _letters(pred: Callable[[str], bool]) -> str:
    return "".join(chr(c) for c in range(0xC0, 0x250) if pred(chr(c)))


_UP = "A-Z" + _letters(str.isupper)
# A soft hyphen is a letter here: ``_context.pad_references`` pads decoded references with it.
_LO = "a-z\u00ad" + _letters(str.islower)
_L = _UP + _LO
_APOS = "'’‘"
_APOS_SET = frozenset(_APOS)
# A capitalised word, inner apostrophes and hyphens allowed (O'Neill, Anne-Marie).
# The quantifiers are possessive (``*+``): nothing after them ever needs a letter back,
# so the matches are the same, and the engine keeps no state to backtrack into.
_WORD = rf"[{_UP}][{_L}]*+(?:[{_APOS}\-][{_L}]++)*+[{_APOS}]?"
_INITIAL = rf"[{_UP}]\.(?:[{_UP}]\.)*"
_ABBR = r"(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|Prof)\."
_PREFIXES = ("al", "el", "ul", "ur", "ud", "ad", "as", "ash", "an", "ar")  # "al-Assad"
_TOKEN = rf"(?:{_ABBR}|{_INITIAL}|{_WORD}|(?:{'|'.join(_PREFIXES)})-{_WORD})"
_PARTICLE = rf"(?:{'|'.join(sorted(_PARTICLES))})"
_SP = "[ \u00a0]"
# The first word of a chunk written so that the pattern opens with a character
# class: the regex engine then skips straight to capital letters (several times
# faster than opening with an alternation or a look-behind).
_FIRST_TOKEN = (
    rf"[{_UP}](?:(?:rs?|s|r|t|en|ol|gt|apt|ov|ep|ev|rof)\.(?=[ \u00a0])|\.(?:[{_UP}]\.)*"
    rf"|[{_L}]*+(?:[{_APOS}\-][{_L}]++)*+[{_APOS}]?)"
)
# After a space, only a capital or the first letter of a particle or of "al-" can go on
# with the chunk: the look-ahead spares the engine trying each of them at every word.
_NEXT = rf"(?=[{_UP}{''.join(sorted({w[0] for w in (*_PARTICLES, *_PREFIXES)}))}])"
_CHUNK = re.compile(rf"{_FIRST_TOKEN}(?:{_SP}{_NEXT}(?:{_PARTICLE}{_SP}){{0,2}}{_TOKEN})*+")
# A chunk starting inside a word ("iPhone", "al-Assad" after its "al-") is skipped.
_NOT_BEFORE = frozenset(
    _letters(str.isalpha) + string.ascii_letters + string.digits + _APOS + "-.@/"
)
# ", 31," after a name: one or two digits, not part of a bigger number or a percentage.
_AGE = re.compile(
    r"[ \u00a0]?,[ \u00a0]?\d{1,2}(?![\d,.%]\d|\d|%)"
    r"(?=[ \u00a0]?[,.;)]|[ \u00a0](?:and|or|who)\b|$)"
)
_WINDOW = 30
# "Ato Boldon ( Trinidad )", "Ian Healy (captain)": a place or a role in brackets.
_PAREN = re.compile(
    r"[ \u00a0]?\([ \u00a0]?([A-Za-z][A-Za-z.]*(?:[ \u00a0][A-Z][a-z]+)?)[ \u00a0]?\)"
)
_LIST_SEP = re.compile(
    r"(?=[^,;&]*[,;&]|.*\b(and|or)\b)"
    r"(?:[\s,;&.:\-\u2013\u2014]|\d{1,3}|\b(and|or)\b|\([^()\n]{1,24}\))*\Z"
)


def _fold(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace(".", "").replace("\u00ad", "")
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s.casefold()


# --------------------------------------------------------------- candidates

_PERSON, _MAYBE, _WORK = 1, 0, -2
_T = TypeVar("_T")


@dataclass(slots=True)
class _Seg:
    words: tuple[str, ...]  # as written, possessive stripped
    folded: tuple[str, ...]
    start: int
    end: int
    sure: int  # _PERSON or _MAYBE
    title: str = ""  # a title the name keeps if it stays one word ("Lord" of "Lord Woolf")
    rank: int = -1  # ``rank_of(folded)``: the finder joins people longest first


def rank_of(folded: tuple[str, ...]) -> int:
    """Where a name comes when the longest are taken first: minus its number of words,
    but a title or an initial before one word counts as one word ("King Charles", "M Tait":
    "Charles III" and "Mathew Tait" are there first)."""
    if len(folded) == 2 and (folded[0] in _ROYAL_TITLES or len(folded[0]) == 1):
        return -1
    return -len(folded)


def _fold_word(w: str) -> str:
    f = _FOLDED.get(w)
    if f is None:
        if len(_FOLDED) > 200_000:
            _FOLDED.clear()
        f = _FOLDED[w] = _fold(w)
    return f


_FOLDED: dict[str, str] = {}


def _word_before(text: str, start: int) -> str:
    """The lower-case word right before ``start`` (one space between), or ""."""
    if start < 3 or text[start - 1] not in " \u00a0" or not text[start - 2].islower():
        return ""
    lo = start - _WINDOW if start > _WINDOW else 0
    return text[text.rfind(" ", lo, start - 1) + 1 : start - 1]


_CUE_NOUNS = _WORK_NOUNS | _THING_NOUNS


def _names_work(text: str, start: int, word: str) -> bool:
    """Whether ``word``, right before ``start``, says a work or a thing follows ("the film",
    "its brand"; see ``_context``)."""
    return word in _WORK_NOUNS or (
        word in _THING_NOUNS and _word_before(text, start - len(word) - 1).lower() in _DETERMINERS
    )


def _wrapped(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands alone in double quotes or Markdown emphasis."""
    return (
        start > 0
        and text[start - 1] in _OPENERS
        and end < len(text)
        and (text[start - 1], text[end]) in _WRAPS
    )


# What an age in commas starts with (``_AGE``), for one quick look before the pattern's.
_COMMAS = (",", " ,")


# A segment's plan: what its words alone say of it, the same wherever it is found.
# (words, folded, start and end in its chunk, verdict (or None: ask the text around
# it), the verdict when a role comes before it, whether it ends like a plural after
# "the", the verdict when nothing around it says more (or None: look for brackets
# after it), whether it is a firm named like a person, the title a one-word name keeps,
# whether it starts with a monarch's title, its ``rank_of``). Nothing in it is a
# container the cycle collector has to walk.
_SegPlan = tuple[
    tuple[str, ...],
    tuple[str, ...],
    int,
    int,
    "int | None",
    int,
    bool,
    "int | None",
    bool,
    str,
    bool,
    int,
]
# The title word before a segment, as written, with its start and end in the chunk.
_Title = tuple[str, int, int] | None
# A lone word's plan: the word, its start and end in its chunk.
_LonePlan = tuple[str, int, int]


def _plan_segment(seg: list[tuple[str, int, int]], titled: _Title) -> _SegPlan | None:
    """The plan of a segment of a chunk, or None if its words alone rule it out.

    A one-word name keeps its title where the word alone would be a fragment: a
    monarch's ("King Charles") is part of the name, a peer's ("Lord Woolf") or an
    honorific before a word that is no known surname ("Dr Dre") is the name unless the
    word joins a fuller name found in the article (the plan's last field)."""
    n = len(seg)
    if n > 5:
        return None
    keep = ""
    if titled is not None and n == 1:
        tw, ts, _ = titled
        tf = _fold_word(tw)
        if f"{tf} {_fold_word(seg[0][0])}" in _NOT_PEOPLE:
            return None  # "Mr Bean", "King Crimson"
        if tf in _ROYAL_TITLES:
            seg = [(tw.rstrip("."), ts, ts + len(tw.rstrip("."))), *seg]
            n = 2
        elif tf in _PEER_TITLES or (tf in _HONORIFICS and seg[0][0] not in _SURNAMES):
            keep = tw.rstrip(".")
    words = tuple([w for w, _, _ in seg])
    folded = tuple(map(_fold_word, words))
    first, last, last_f = words[0], words[-1], folded[-1]
    if n >= 2 and last_f in _NOT_PERSON_LAST:
        return None
    on_role = -1 if n == 1 and last_f in _NOT_PERSON_LAST else _PERSON
    verdict = None
    if (
        n >= 2
        and not titled
        and last_f in _PLACES
        and (last not in _SURNAMES or words[-2] in _PARTICLES)
    ):
        verdict = _MAYBE
    elif n == 1 and last_f in _TITLES:
        return None
    elif titled:
        if on_role < 0:
            return None
        verdict = _PERSON
    plural = False
    alone: int | None = _MAYBE
    if n >= 2:
        plural = last[-1] == "s" and last[-2] != "s"
        if first[-1] == "." and first.lower() not in _INITIALS_NOT_NAMES:
            alone = _MAYBE if any(f in _PLACES for f in folded) or last[-1] == "." else _PERSON
        elif first in _FIRST or (first in _WEAK_FIRST and words[1] in _SURNAMES):
            alone = _PERSON
        else:
            alone = None
    firm = n > 1 and " ".join(folded) in _NOT_PEOPLE
    royal = folded[0] in _ROYAL_TITLES
    return (
        words,
        folded,
        seg[0][1],
        seg[-1][2],
        verdict,
        on_role,
        plural,
        alone,
        firm,
        keep,
        royal,
        rank_of(folded),
    )


def _classify(plan: _SegPlan, start: int, end: int, text: str) -> int:
    """Whether the segment of ``plan`` at ``start:end`` in ``text`` is a person
    (``_PERSON``), may join one (``_MAYBE``), is nobody (-1), or names a work (``_WORK``)."""
    if start > 2 and text[start - 1] in " \u00a0" and text[start - 2].islower():
        # The lower-case word before, as ``_word_before`` reads it.
        lo = start - _WINDOW if start > _WINDOW else 0
        word = text[text.rfind(" ", lo, start - 1) + 1 : start - 1]
        if word in _CUE_NOUNS and _names_work(text, start, word):
            return _WORK
        nouns = _ROLE_NOUNS if len(plan[1]) > 1 else _KIN_NOUNS
        if word in nouns or word.lower() in nouns:
            on_role = plan[5]
            return _MAYBE if on_role == _PERSON and plan[8] else on_role
    elif start and text[start - 1] in _OPENERS and _wrapped(text, start, end):
        return _WORK
    if text.startswith(_COMMAS, end) and _AGE.match(text, end):  # an age: "Julia Fox, 31,"
        sure = _PERSON
    elif (
        plan[6]  # plural
        and text[start - 4 : start - 1] == "the"
        and (start == 4 or not text[start - 5].isalpha())
    ):
        sure = _MAYBE  # the Cleveland Indians, the Kardashians
    elif plan[7] is not None:  # what the words alone say
        sure = plan[7]
    else:
        pm = _PAREN.match(text, end)
        sure = _MAYBE
        if pm:
            inside = _fold(pm.group(1))
            if inside in _PLACES or inside in _ROLE_NOUNS or inside in _INITIALS_NOT_NAMES:
                sure = _PERSON
    if sure == _PERSON and plan[8]:
        return _MAYBE  # a firm named like a person
    return sure


def _strip_possessive(w: str, e: int) -> tuple[str, int, bool]:
    """``w`` without a possessive ending ("West's", "Jones'"), its new end, whether it had one."""
    last = w[-1]
    if last in _APOS:
        return w[:-1], e - 1, len(w) > 2 and w[-2] in "sS" and w[-3] not in _APOS
    if last in "sS" and len(w) > 2 and w[-2] in _APOS:
        return w[:-2], e - 2, True
    return w, e, False


def _word_plan(chunk: str) -> tuple[int, str, int, str]:
    """What a chunk of one word is, the same wherever it stands: a stop word, a mononym,
    or another word (with the possessive it loses, and folded)."""
    w, e, _ = _strip_possessive(chunk, len(chunk))
    if not w or w in _STOP_FAST:
        plan = (_STOP_WORD, w, 0, "")
    else:
        plan = (_MONONYM if w in _MONONYMS else _ONE, w, len(chunk) - e, _fold_word(w))
    if len(_WORDS) > 200_000:
        _WORDS.clear()
        _WORDS.update(_known_words())
    _WORDS[chunk] = plan
    return plan


# What a chunk of one word is (``_word_plan``): skipped, a mononym, another word.
_STOP_WORD, _MONONYM, _ONE = 0, 1, 2


def _known_words() -> dict[str, tuple[int, str, int, str]]:
    """The plans of the mononyms, known from the start."""
    return {w: (_MONONYM, w, 0, _fold(w)) for w in _MONONYMS}


# The plans of the chunks of one word read so far; stop words are told apart before, by
# a small set.
_WORDS = _known_words()


def _segments(text: str, works: set[str]) -> tuple[list[_Seg], list[tuple[str, int, int]]]:
    """The candidate segments of ``text``, and its lone words (folded, with the offsets of
    the words as written) that can only join a person found elsewhere. The names the text
    calls a work or a thing ("the film Tom Jones") go into ``works``, folded, and are
    neither."""
    out: list[_Seg] = []
    lone: list[tuple[str, int, int]] = []
    not_before = _NOT_BEFORE
    plans = _PLANS
    known_get = _WORDS.get
    stop_fast = _STOP_FAST
    cue_nouns, kin_nouns = _CUE_NOUNS, _KIN_NOUNS
    after_sep = 0  # chunks right after ", " or "; ": a list of people is looked for at 4
    for m in _CHUNK.finditer(text):
        chunk = m.group()
        if chunk in stop_fast:
            continue  # a sentence opener or another function word: a third of all chunks
        s = m.start()
        if s and text[s - 1] in not_before:
            continue
        if " " not in chunk and "\u00a0" not in chunk:
            # One word, by far the most common case (sentence openers, lone names).
            kind, w, cut, fw = known_get(chunk) or _word_plan(chunk)
            if kind == _STOP_WORD:
                continue  # "Mr's", "The's"
            e = m.end() - cut
            if kind == _MONONYM:  # "Madonna", "Ronaldo"
                out.append(_Seg((w,), (fw,), s, e, _PERSON))
                continue
            # The lower-case word before (as ``_word_before``, inlined: most chunks have none).
            prev = ""
            if s > 2 and text[s - 1] in " \u00a0":
                if text[s - 2].islower():
                    lo = s - _WINDOW if s > _WINDOW else 0
                    prev = text[text.rfind(" ", lo, s - 1) + 1 : s - 1]
                    if prev in cue_nouns and _names_work(text, s, prev):
                        works.add(fw)  # "the film Ray"
                        continue
                elif text[s - 2] in ",;":
                    after_sep += 1
                    if text[s - 2] == "," and s > 3 and text[s - 3].islower():
                        # "his wife, Audrey,"
                        prev = text[text.rfind(" ", max(0, s - _WINDOW), s - 2) + 1 : s - 2]
                        if prev not in _KIN_NOUNS:
                            prev = ""
            elif s and text[s - 1] in _OPENERS and _wrapped(text, s, e):
                works.add(fw)  # "*Ray*"
                continue
            if prev and prev in _PARTICLES:
                words = (prev, w)
                start = s - 1 - len(prev)
                folded = tuple(map(_fold_word, words))
                out.append(_Seg(words, folded, start, e, _MAYBE, "", rank_of(folded)))
            elif (
                ((kin := prev in kin_nouns) or text.startswith(_COMMAS, e))
                and (kin or _AGE.match(text, e))
                and not (w.isupper() and len(w) > 1 and "." not in w)
                and fw not in _NOT_PERSON_LAST
                and fw not in _TITLES
            ):
                out.append(_Seg((w,), (fw,), s, e, _PERSON))
            else:
                lone.append((fw, s, e))
            continue
        if s > 1 and text[s - 2] in ",;":
            after_sep += 1
        plan = plans.get(chunk)
        if plan is None:
            plan = _plan_chunk(chunk)
        for step in plan:
            if len(step) == 3:
                lone.append((_fold_word(step[0]), s + step[1], s + step[2]))
                continue
            start, end = s + step[2], s + step[3]
            if step[10] and text[start - 4 : start] == "the ":
                continue  # "the Queen Mary", "the King George": a ship, a hotel, a pub
            sure = step[4]
            if sure is None:
                sure = _classify(step, start, end, text)
            elif sure == _PERSON and step[8]:
                sure = _MAYBE  # a firm named like a person
            if sure >= 0:
                out.append(_Seg(step[0], step[1], start, end, sure, step[9], step[11]))
            elif sure == _WORK:
                works.add(" ".join(step[1]))
    if after_sep >= 4 and len(text) > 60:
        # Names in a team sheet or a list of results: their lines are read apart.
        lines: list[tuple[int, int]] = []
        items = listed(text, _CHUNK, lines)
        if items:
            out, lone = _with_list_items(items, lines, out, lone)
    _propagate_lists(out, text)
    return out, lone


def _with_list_items(
    items: dict[int, str],
    lines: list[tuple[int, int]],
    out: list[_Seg],
    lone: list[tuple[str, int, int]],
) -> tuple[list[_Seg], list[tuple[str, int, int]]]:
    """``out`` and ``lone`` with what they found in the ``lines`` of lists of people
    replaced by the people ``items`` name, in order."""
    kept = _outside(out, list(map(_START, out)), lines)
    for s, chunk in items.items():
        _list_item(chunk, s, kept)
    kept.sort(key=_START)
    return kept, _outside(lone, list(map(_SECOND, lone)), lines)


_START, _END = attrgetter("start"), attrgetter("end")
_AT_MOST_30 = (30).__ge__  # a gap of at most 30 characters
_SECOND = itemgetter(1)


def _outside(found: list[_T], starts: list[int], lines: list[tuple[int, int]]) -> list[_T]:
    """What of ``found`` (in order of ``starts``) starts outside ``lines`` (in order)."""
    kept: list[_T] = []
    i = 0
    for start, end in lines:
        j = bisect_left(starts, start, i)
        kept += found[i:j]
        i = bisect_left(starts, end, j)
    kept += found[i:]
    return kept


def _list_item(chunk: str, s: int, out: list[_Seg]) -> None:
    """An item of a list of people ("Rooney", "M Johnson", "Van Gisbergen"): a person."""
    plan = _ITEMS.get(chunk)
    if plan is None:
        w, e, _ = _strip_possessive(chunk, len(chunk))
        words = tuple(w.replace("\u00a0", " ").split(" "))
        folded = tuple(map(_fold_word, words))
        if folded[-1] in _PLACES or folded[-1] in _NOT_PERSON_LAST or folded[0] in _TITLES:
            plan = ()  # a title alone is nobody, even in a team sheet
        else:
            plan = (words, folded, e, rank_of(folded))
        if len(_ITEMS) > 50_000:
            _ITEMS.clear()
        _ITEMS[chunk] = plan
    if plan:
        out.append(_Seg(plan[0], plan[1], s, s + plan[2], _PERSON, "", plan[3]))


# The plans of list items read so far: team sheets name the same players week after week.
_ITEMS: dict[str, tuple[tuple[str, ...], tuple[str, ...], int, int] | tuple[()]] = {}


def _plan_chunk(chunk: str) -> tuple[_SegPlan | _LonePlan, ...]:
    """The plans of a chunk of several words, in order: its segments and its ALL-CAPS
    words. They depend on the chunk alone, so each distinct chunk is read once."""
    steps: list[_SegPlan | _LonePlan] = []
    s = 0
    seg: list[tuple[str, int, int]] = []
    titled: _Title = None
    words = chunk.replace("\u00a0", " ").split(" ")
    n = len(words)
    for i, w0 in enumerate(words):
        ws = s
        e = s + len(w0)
        s = e + 1
        last = w0[-1]
        if last in _APOS or (last in "sS" and w0[-2:-1] in _APOS_SET):
            w, e, poss = _strip_possessive(w0, e)
            if not w:
                continue
        else:
            w, poss = w0, False
        if seg and w in _ROMAN:
            seg.append((w, ws, e))
            continue
        if w in _PARTICLES:
            if seg and i + 1 < n:
                seg.append((w, ws, e))
            continue
        if (
            seg
            and seg[0][0] in _FIRST
            and (_fold_word(w) in _ROYAL_TITLES or _fold_word(w) in _PEER_TITLES)
        ):
            seg.append((w, ws, e))  # a surname after a given name: "Billie Jean King"
            if poss:
                _plan_flush(steps, seg, titled)
                seg, titled = [], None
            continue
        if i + 1 < n and not poss and (w in _TITLES_FAST or (i == 0 and w.lower() in _ROLE_NOUNS)):
            _plan_flush(steps, seg, titled)
            seg, titled = [], (w, ws, e)
            continue
        if w in _STOP_FAST:
            _plan_flush(steps, seg, titled)
            seg, titled = [], None
            continue
        if w.isupper() and len(w) > 1 and "." not in w:
            # ALL-CAPS: only ever joins a person found elsewhere.
            _plan_flush(steps, seg, titled)
            steps.append((w, ws, e))
            seg, titled = [], None
            continue
        seg.append((w, ws, e))
        if poss:
            _plan_flush(steps, seg, titled)
            seg, titled = [], None
    _plan_flush(steps, seg, titled)
    if len(_PLANS) > 100_000:
        _PLANS.clear()
    plan = _PLANS[chunk] = tuple(steps)
    return plan


_PLANS: dict[str, tuple[_SegPlan | _LonePlan, ...]] = {}


def _propagate_lists(segs: list[_Seg], text: str) -> None:
    """Names listed with people are people: "Ian Healy, Michael Bevan, Ricky Ponting".

    Segments of two or more words joined by list separators form a chain; a chain
    of three or more, or of two joined by "and"/"or"/"&", with a person in it,
    is all people.
    """
    # The pairs of names close enough to be listed (few in prose), found without a Python
    # step for each segment.
    gaps = map(_minus, map(_START, islice(segs, 1, None)), map(_END, segs))
    close = list(compress(count(), map(_AT_MOST_30, gaps)))
    if not close:
        return
    chains: list[tuple[int, int, bool]] = []  # first and last segment, joined by "and"
    for j in close:
        a, b = segs[j], segs[j + 1]
        if len(a.words) < 2 or len(b.words) < 2:
            continue
        m = _LIST_SEP.match(text[a.end : b.start])
        if m is None:
            continue
        strong = m.group(2) is not None
        if chains and chains[-1][1] == j:
            first, _, joined = chains[-1]
            chains[-1] = (first, j + 1, joined or strong)
        else:
            chains.append((j, j + 1, strong))
    for first, last, joined in chains:
        if last - first >= 2 or joined:
            chain = segs[first : last + 1]
            if any(sg.sure == _PERSON for sg in chain):
                for sg in chain:
                    if not any(f in _PLACES for f in sg.folded):
                        sg.sure = _PERSON


def _plan_flush(
    steps: list[_SegPlan | _LonePlan], seg: list[tuple[str, int, int]], titled: _Title
) -> None:
    while seg and seg[-1][0] in _PARTICLES:
        seg.pop()
    if not seg:
        return
    if titled is None and seg[0][0] not in _FIRST and len(seg) > 1:
        for i in range(1, len(seg)):
            prev = seg[i - 1][0]
            if (
                seg[i][0] in _FIRST
                and prev not in _PARTICLES
                and prev not in _NO_SPLIT_AFTER
                and prev[-1] != "."
            ):
                _plan_flush(steps, seg[:i], None)
                seg = seg[i:]
                break
    plan = _plan_segment(seg, titled)
    if plan is not None:
        steps.append(plan)
