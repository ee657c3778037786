"""Lists of people: team sheets, squads and result lines, where a name stands alone.

"Man City: James, Mills (Wright-Phillips 83), Dunne, Distin, Thatcher." or "Given ,
Breen , Staunton , Irwin , McAteer ." name people by their surnames only, with nothing
around them that a sentence would give. A line is such a list when most of its runs of
capitalised words are items (between separators: ``,`` ``;`` ``:`` or the line's ends,
a number or a "capt" in brackets allowed after them), when there are four or more, and
when most items end in a known name. Each item is then a person, even a word that is
elsewhere a common one ("Back", "King", "Green"). Labels ("Subs Not Used:") and words in
brackets that are not substitutes ("(Kent)", "(Sale Sharks, capt)") are not items.

Checking a line costs a few string counts; only lines (or, in a long paragraph, its
sentences) with a separator every 20 characters or so, and as many capitals, are read
further, which prose never has. The candidates ``_segments`` found in a list's lines are
then replaced by its items (``_with_list_items``).

In prose, names of two words or more listed with a person are people too ("Ian Healy,
Michael Bevan, Ricky Ponting"; ``_propagate_lists``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter, itemgetter
from typing import TypeVar

from reader.people._patterns import _LIST_SEP, _fold_word, _strip_possessive, in_open_bracket
from reader.people._plans import _PART, _PERSON, _Seg, rank_of
from reader.people._wordlists import (
    _FIRST,
    _MONONYMS,
    _NOT_PEOPLE,
    _NOT_PERSON_LAST,
    _PLACES,
    _REGION_WORDS,
    _STOP,
    _SURNAMES,
    _TITLES,
)

_T = TypeVar("_T")

_ITEM_BEFORE = frozenset(",;:/")
_ITEM_AFTER = frozenset(",;.)(/")


def listed(text: str, chunk: re.Pattern[str], lines: list[tuple[int, int]]) -> dict[int, str]:
    """The runs of capitalised words (``chunk``'s matches) in ``text`` that are items of a
    list of people, by where they start; the lists' lines go into ``lines`` (a sentence
    of a paragraph, for a team sheet at the end of a report: "... Man City: James, ...")."""
    out: dict[int, str] = {}
    n = len(text)
    start = 0
    while start < n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        seps = _separators(text, start, end) if end - start > 20 else 0
        if seps >= 4:
            if _dense(text, start, end, seps):
                _add_items(text, start, end, chunk, out, lines)
            elif seps >= 8:
                at = start
                while at < end:
                    stop = text.find(". ", at, end)
                    stop = end if stop < 0 else stop + 1
                    if _dense(text, at, stop, _separators(text, at, stop)):
                        _add_items(text, at, stop, chunk, out, lines)
                    at = stop + 1
        start = end + 1
    return out


def _separators(text: str, start: int, end: int) -> int:
    commas = text.count(",", start, end)
    if end - start <= 20 or commas < 2:
        return 0
    return commas + text.count(";", start, end) + text.count("(", start, end)


def _dense(text: str, start: int, end: int, seps: int) -> bool:
    """A separator every 20 characters, and a capital for each: not numbers ("1,500, 2,000")."""
    return seps >= 4 and seps * 20 >= end - start and sum(map(str.isupper, text[start:end])) >= seps


def _add_items(
    text: str,
    start: int,
    end: int,
    chunk: re.Pattern[str],
    out: dict[int, str],
    lines: list[tuple[int, int]],
) -> None:
    found = _line_items(text, start, end, chunk)
    if found:
        out |= found
        lines.append((start, end))


def _line_items(text: str, start: int, end: int, chunk: re.Pattern[str]) -> dict[int, str]:
    items: list[tuple[int, str]] = []
    others = 0
    for m in chunk.finditer(text, start, end):
        cs, ce = m.span()
        i = cs - 1
        before = text[i] if i >= start else ","
        while before == " " or before == "\u00a0":
            i -= 1
            before = text[i] if i >= start else ","
        # What follows, past a space, a minute and an own goal: "Rooney 68 og,", "Given ,".
        j = ce
        after = text[j] if j < end else "."
        if after == " " and j + 1 < end:
            j += 1
            after = text[j]
        minute = after.isdigit()
        if minute:
            while j < end and text[j].isdigit():
                j += 1
            if text.startswith(" og", j):
                j += 3
            while j < end and text[j] == " ":
                j += 1
            after = text[j] if j < end else "."
        if after == "(":
            close = text.find(")", j, end)
            k = close + 1
            while 0 < k < end and text[k] == " ":
                k += 1
            if close > 0 and k < end and text[k] == ":":
                after = ":"  # "Replacements (from):"
        if after == ":":
            continue  # a label: "Subs Not Used:", "Man Utd:"
        if before == "(" or in_open_bracket(text, start, cs):
            # In brackets only a substitute with his minute, "(Ronaldo 33)"; not a club
            # or a country after a slash: "(Sale/ENG)".
            if minute and before == "(":
                items.append((cs, m.group()))
            continue
        if (before in _ITEM_BEFORE or i < start) and after in _ITEM_AFTER:
            items.append((cs, m.group()))
        else:
            others += 1
    if len(items) < 4 or others > len(items) // 2:
        return {}
    named = bad = 0
    out = {}
    for cs, words in items:
        last = words.replace("\u00a0", " ").rsplit(" ", 1)[-1].rstrip("'’")
        folded = last.casefold()
        if folded in _PLACES or folded in _NOT_PERSON_LAST:
            bad += 1
            continue
        known = last in _SURNAMES
        if known or words.split(" ", 1)[0] in _FIRST:
            named += 1
        # A common word is a person here only if it is a known surname ("Back", "King").
        if known or folded not in _STOP:
            out[cs] = words
    if bad > 1 or named * 2 < len(items):
        return {}
    return out


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


_START = attrgetter("start")
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


def _propagate_lists(segs: list[_Seg], text: str) -> None:
    """Names listed with people are people: "Ian Healy, Michael Bevan, Ricky Ponting".

    Segments of two or more words joined by list separators form a chain; a chain
    of three or more, or of two joined by "and"/"or"/"&", with a person in it,
    is all people.
    """
    chains: list[tuple[int, int, bool]] = []  # first and last segment, joined by "and"
    a = None
    for j, b in enumerate(segs):
        # Names of two words or more close enough to be listed (few in prose).
        if a is not None and b.start - a.end <= 30 and len(a.words) > 1 and len(b.words) > 1:
            m = _LIST_SEP.match(text[a.end : b.start])
            if m is not None:
                strong = m.group(2) is not None
                if chains and chains[-1][1] == j - 1:
                    first, _, joined = chains[-1]
                    chains[-1] = (first, j, joined or strong)
                else:
                    chains.append((j - 1, j, strong))
        a = b
    for first, last, joined in chains:
        if last - first >= 2 or joined:
            chain = segs[first : last + 1]
            if any(sg.sure == _PERSON for sg in chain):
                for sg in chain:
                    # Not a place, nor a band, a firm or a character beside people
                    # ("Johnny Depp and Franz Ferdinand", "Daniel Cleaver and Mark Darcy").
                    if (
                        sg.sure != _PART
                        and not any(f in _PLACES for f in sg.folded)
                        and " ".join(sg.folded) not in _NOT_PEOPLE
                    ):
                        sg.sure = _PERSON


#: What joins the items of a short list in prose: "Madonna, Sting and Dido".
_TIGHT_SEPS = frozenset({", ", " and ", ", and ", " & ", " and\u00a0", ",\u00a0"})


def _with_mononym_list(
    segs: list[_Seg], lone: list[tuple[str, int, int]], text: str
) -> tuple[list[_Seg], list[tuple[str, int, int]]]:
    """Words alone listed with a performer known by one name are performers too:
    "Morrissey, Moby, Pink and Shakira", "Jamelia and Estelle", "Raul, Ronaldo and
    Michael Owen". A list here is a run of items one comma or "and" apart, each
    a person, a mononym (at least one), or a word alone that is a known given name or
    surname and names no place, no region, no title and no firm, and is no function
    word (not "Madonna and Britain")."""
    # (start, end, kind, index): 2 a mononym, 1 another person, 0 any other segment, 3
    # a word alone that may be a performer.
    items = [
        (
            sg.start,
            sg.end,
            2 if len(sg.words) == 1 and sg.words[0] in _MONONYMS else int(sg.sure == _PERSON),
            i,
        )
        for i, sg in enumerate(segs)
    ]
    items += [(s, e, 3, i) for i, (fw, s, e) in enumerate(lone) if _may_perform(fw, text[s:e])]
    items.sort()
    made: set[int] = set()  # indexes into ``lone``
    chain = [items[0]]
    for item in (*items[1:], None):
        if item is not None and text[chain[-1][1] : item[0]] in _TIGHT_SEPS:
            chain.append(item)
            continue
        kinds = {kind for _, _, kind, _ in chain}
        if 2 in kinds and 0 not in kinds and 3 in kinds:
            made.update(i for _, _, kind, i in chain if kind == 3)
        if item is not None:
            chain = [item]
    if not made:
        return segs, lone
    for i in made:
        fw, s, e = lone[i]
        segs.append(_Seg((text[s:e],), (fw,), s, e, _PERSON, "", -1))
    segs.sort(key=_START)
    return segs, [one for i, one in enumerate(lone) if i not in made]


def _may_perform(folded: str, word: str) -> bool:
    """Whether a word alone may name a performer in a list of them (see above): a known
    given name or surname (not a band: "Madonna, Coldplay and Robbie Williams")."""
    return (word in _SURNAMES or word in _FIRST) and not (
        word.isupper()
        or folded in _PLACES
        or folded in _REGION_WORDS
        or folded in _STOP
        or folded in _TITLES
        or folded in _NOT_PERSON_LAST
        or folded in _NOT_PEOPLE
    )
