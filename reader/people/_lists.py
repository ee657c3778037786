"""Lists of people: team sheets, squads and result lines, where a name stands alone.

"Man City: James, Mills (Wright-Phillips 83), Dunne, Distin, Thatcher." or "Given ,
Breen , Staunton , Irwin , McAteer ." name people by their surnames only, with nothing
around them that a sentence would give. A line is such a list when most of its runs of
capitalised words are items (between separators: ``,`` ``;`` ``:`` or the line's ends,
a number or a "capt" in brackets allowed after them), when there are four or more, and
when most items end in a known name. Each item is then a person, even a word that is
elsewhere a common one ("Back", "King", "Green"). Labels ("Subs Not Used:") and words in
brackets that are not substitutes ("(Kent)", "(Sale Sharks, capt)") are not items.

Checking a line costs two string counts; only lines with a separator every 20
characters or so, and as many capitals, are read further, which prose never has.
"""

from __future__ import annotations

import re

from reader.people._wordlists import _FIRST, _NOT_PERSON_LAST, _PLACES, _STOP, _SURNAMES

_ITEM_BEFORE = frozenset(",;:/")
_ITEM_AFTER = frozenset(",;.)(/")
# What may follow an item before its separator: a minute ("Rooney 68"), an own goal.
_AFTER_ITEM = re.compile(r"[ \u00a0]*(?:\d{1,3}(?:[ \u00a0]*og)?[ \u00a0]*)?")


def _folded_words(chunk: str) -> list[str]:
    return [w.strip("'’").casefold() for w in chunk.replace("\u00a0", " ").split(" ")]


def listed(text: str, chunk: re.Pattern[str]) -> set[int]:
    """The starts of the runs of capitalised words (``chunk``'s matches) in ``text`` that
    are items of a list of people."""
    out: set[int] = set()
    if len(text) < 60:
        return out
    start = 0
    for line in text.split("\n"):
        n = len(line)
        if n > 20:
            seps = line.count(",") + line.count(";") + line.count("(")
            # Dense separators, and a capital for each: not numbers ("1,500, 2,000").
            if seps >= 4 and seps * 20 >= n and sum(map(str.isupper, line)) >= seps:
                out |= _line_items(text, start, start + n, chunk)
        start += n + 1
    return out


def _line_items(text: str, start: int, end: int, chunk: re.Pattern[str]) -> set[int]:
    items: list[tuple[int, str]] = []
    others = 0
    for m in chunk.finditer(text, start, end):
        cs, ce = m.span()
        i = cs - 1
        while i >= start and text[i] in " \u00a0":
            i -= 1
        before = text[i] if i >= start else ","
        a = _AFTER_ITEM.match(text, ce, end)
        j = a.end() if a else ce
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
        if before == "(":
            # In brackets only a substitute with his minute: "(Ronaldo 33)".
            if a is not None and a.end() > ce and any(c.isdigit() for c in a.group()):
                items.append((cs, m.group()))
            continue
        if (before in _ITEM_BEFORE or i < start) and after in _ITEM_AFTER:
            items.append((cs, m.group()))
        else:
            others += 1
    if len(items) < 4 or others > len(items) // 2:
        return set()
    named = bad = 0
    for _, words in items:
        folded = _folded_words(words)
        last = folded[-1]
        if last in _PLACES or last in _NOT_PERSON_LAST:
            bad += 1
        elif _last_word(words) in _SURNAMES or words.split(" ")[0] in _FIRST:
            named += 1
    if bad > 1 or named * 2 < len(items):
        return set()
    # A common word is a person here only if it is a known surname ("Back", "King").
    return {
        cs
        for cs, words in items
        if _folded_words(words)[-1] not in _STOP or _last_word(words) in _SURNAMES
    }


def _last_word(chunk: str) -> str:
    return chunk.replace("\u00a0", " ").rsplit(" ", 1)[-1].rstrip("'’")
