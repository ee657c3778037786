"""How the person finder reads text: the pattern of a *chunk* (a run of capitalised words,
name particles and initials allowed inside: "Ludwig van Beethoven", "George W. Bush"),
the patterns of the cues around a name (an age in commas, a place or a role in
brackets, the separators of a list), and how a word is folded to be compared (case,
diacritics, apostrophes and dots).

``_segments`` finds the chunks and weighs the cues; ``_plans`` reads a chunk's words.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable

from reader.people._wordlists import _PARTICLES, _ROLE_NOUNS


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
# After a name: a place or a role in brackets ("Ato Boldon ( Trinidad )", "Ian Healy
# (captain)"), the bracket's text the first group; or family after its possessive, which
# only a person has ("Ozzy Osbourne's wife"). One pattern: most names have neither.
_PAREN = re.compile(
    r"[ \u00a0]?\([ \u00a0]?([A-Za-z][A-Za-z.]*(?:[ \u00a0][A-Z][a-z]+)?)[ \u00a0]?\)"
    r"|['’]s[ \u00a0](?:wife|husband|son|daughter|mother|father|brother|sister|girlfriend"
    r"|boyfriend|fianc[eé]e?|widow|widower|children|parents|uncle|aunt|nephew|niece|cousin"
    r"|grandson|granddaughter|grandfather|grandmother|stepson|stepdaughter|ex-wife"
    r"|ex-husband)\b"
)
# What the text does with a person, right after their name: speaks, tells, is "who"
# ("Sania Mirza said", "Mirza told", "Mirza, who"). A verb of speech before a name is
# ``_SPEECH_BEFORE`` (``_wordlists``).
_SAYS_AFTER = re.compile(
    # "Zycie Warszawy said its own publisher": not someone.
    r"[ \u00a0](?:said|says|told|added|admitted|insisted|explained|replied)\b(?![ \u00a0]its?\b)"
    r"|[ \u00a0]?,[ \u00a0]who\b"
)
# "who" and a verb only one person takes, in commas right after a name: "Tanni Grey
# Thompson, who has won", "Abu Mazen, who is expected" (a team is "who are", "who have";
# "who won" may be either).
_WHO_ONE = re.compile(
    r"[ \u00a0]?,[ \u00a0]who[ \u00a0](?:[a-z]+ly[ \u00a0])?"
    r"(?:is|was|has|says|plays|lives|works|died|insists|admits|claims|wants|turns)\b"
)
# A work's name before its star or its maker ("Little Britain stars Matt Lucas", "Vera
# Drake director Mike Leigh", "Pop Idol judge Simon Cowell"): the role, then a capital (a
# letter, not one of a-z).
_WORK_ROLES = (
    "stars?|director|creator|author|writer|producer|presenter|host|judge|contestant"
    "|frontman|singer|developer|maker"
)

# A character's name follows "stars as", "cast as", "his role as"; or "plays" when a work
# comes after the name ("plays Dot Ryle in the BBC soap", not "plays Federer in the final").
_CAST_AS = frozenset(
    {"star", "stars", "starred", "starring", "cast", "recast", "role", "roles"}
    | {"appears", "appeared", "appearing", "appearance"}
)
_PLAYS = frozenset({"plays", "played", "playing", "portrays", "portrayed", "portraying"})
_IN_A_WORK = re.compile(
    r" in (?:the |a |an |[A-Z][\w']*'s )?(?:[\w-]+ ){0,2}?"
    r"(?:film|films|series|drama|soap|sitcom|show|movie|musical|comedy|thriller|remake|sequel"
    r"|programme|cartoon|opera|production|adaptation|blockbuster|biopic)\b(?! match| game)"
)
# A firm follows "shares in", "a stake in", "the takeover of" ("shares in William Hill",
# "a 10% stake in George Wimpey"): a firm named like a person.
_HELD_IN = frozenset({"shares", "stake", "stakes", "shareholders", "takeover"})


def in_open_bracket(text: str, lo: int, at: int) -> bool:
    """Whether ``at`` in ``text`` is inside a bracket opened since ``lo`` (a line's or a
    list's start) and not closed before ``at``: "(Sale/ENG)", "(Woodford Green with
    Essex Ladies)"."""
    return text.rfind("(", lo, at) > text.rfind(")", lo, at)


# A character, right after the name: "Ken Barlow, played by William Roache", "Shrek (voiced
# by Mike Myers)".
_PLAYED_BY = re.compile(r" ?[,(] ?(?:played|voiced|portrayed) by ")
# A place or a prize named after someone, right after the name ("the Carlton Ritz hotel",
# "the John Radcliffe hospital", "the Samuel Johnson prize"): not the person.
_THINGS = (
    "hotel|hospital|stadium|theatre|theater|airport|museum|gallery|prize|trophy|foundation"
    "|college|university|institute|library|memorial|arena|restaurant|station|dam|award"
)
_THING_AFTER = re.compile(rf"[ \u00a0](?:{_THINGS})s?\b")
# Either after a name, in one look: a work before its star or maker, or a thing.
_WORK_AFTER = re.compile(
    rf"[ \u00a0](?:(?:{_THINGS})s?\b|(?:{_WORK_ROLES})[ \u00a0](?=[^\W\d_])(?![a-z]))"
)
# Who a name is, in commas right after it: a role, with up to three words before it, and
# "of", "at", "who" ... or a stop after it ("Hen Vipheak, former editor of", "Zelimkhan
# Yandarbiyev, president of", "Hla Than, an elected member of parliament"). A role a firm
# can have ("adviser", "leader", "player", "host", "broker") is not one here, nor a word
# that is a role only before a name ("star", "Dr").
_APPOSITIVE_ROLES = (
    _ROLE_NOUNS
    - {
        *("adviser", "advisor", "broker", "dealer", "consultant", "leader", "player", "host"),
        *("anchor", "lock", "prop", "hooker", "forward", "opener", "keeper", "model", "star"),
        *("counterpart", "compatriot", "compatriots", "predecessor", "successor", "expert"),
        *("featuring", "starring", "co-starring", "ex-", "mr", "mrs", "ms", "dr", "sir"),
        *("child", "critic", "rookie", "pal", "chief", "boss"),
    }
) | {"member", "aide", "assistant", "head", "general"}
_APPOSITIVE = re.compile(r"[ \u00a0]?,[ \u00a0]([^,.;:()\n]{1,60})")
_AFTER_ROLE = frozenset({"of", "at", "for", "to", "in", "and", "who", "with", "from", "since"})


def role_after(text: str, end: int) -> bool:
    """Whether the commas right after a name (ending at ``end``, a comma next) give a role
    (``_APPOSITIVE_ROLES``): up to three words before it, and "of", "at", "who" ... or
    a stop after it."""
    m = _APPOSITIVE.match(text, end)
    if m is None:
        return False
    inside = m.group(1)
    words = inside.split()
    for i, w in enumerate(words[:4]):
        if w.lower() in _APPOSITIVE_ROLES:  # "deputy", then "deputy chief economist"
            if i + 1 < len(words):
                if words[i + 1] in _AFTER_ROLE:
                    return True
            else:
                return len(inside) < 60 and not inside[-1].isspace()
    return False


# The role before a comma right before a name ("his counterpart, Kang Young-hoon", "a
# 30-year-old woman, Mubatik Dagayeva").
_ROLE_BEFORE = re.compile(r"([a-z][a-z-]*) ?, ?\Z")
_PEOPLE_NOUNS = frozenset({"man", "woman", "boy", "girl", "counterpart", "compatriot"})


def role_before(text: str, start: int) -> bool:
    """Whether a role and a comma come right before the name at ``start``."""
    m = _ROLE_BEFORE.search(text, max(0, start - 24), start)
    if m is None:
        return False
    word = m.group(1)
    return word in _APPOSITIVE_ROLES or word in _PEOPLE_NOUNS


# A dateline on the line after a byline: a place in capitals (and its country), then a
# date ("HONG KONG 1996-08-30", "URUS-MARTAN , Russia 1996-08-31") or "(Reuters)".
_DATELINE = re.compile(
    r"[A-Z][A-Z .'/-]+(?: ?, ?[A-Z][A-Za-z .]+)? ?(?:\d{4}-\d\d-\d\d|, [A-Z][a-z]{2,8}\.? \d{1,2})"
)


def bylined(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is a reporter's: alone on its line after "By"
    ("By Mishi Saran"), alone on the line before a dateline ("Mishi Saran" then "HONG
    KONG 1996-08-30"), or signing off ("-- Amra Kevic , Belgrade newsroom")."""
    line = text.rfind("\n", 0, start) + 1
    before = text[line:start].strip()
    stop = text.find("\n", end)
    if stop < 0:
        stop = len(text)
    after = text[end:stop].strip()
    if before in ("By", "BY", "by"):
        return not after
    if before == "--":
        return after.startswith(",") and "newsroom" in after
    return not before and not after and _DATELINE.match(text, stop + 1) is not None


_LIST_SEP = re.compile(
    r"(?=[^,;&]*[,;&]|.*\b(and|or)\b)"
    r"(?:[\s,;&.:\-\u2013\u2014]|\d{1,3}|\b(and|or)\b|\([^()\n]{1,24}\))*\Z"
)


# Letters that NFKD keeps whole, spelt as they are without their marks ("Solskjær" is
# "Solskjaer", "Søren" is "Soren"); "ß" becomes "ss" by case folding.
_SPELT = str.maketrans(
    {
        **dict.fromkeys("æÆ", "ae"),
        **dict.fromkeys("øØ", "o"),
        **dict.fromkeys("œŒ", "oe"),
        **dict.fromkeys("łŁ", "l"),
        **dict.fromkeys("đĐðÐ", "d"),
        **dict.fromkeys("þÞ", "th"),
        "ı": "i",
    }
)


def _fold(s: str) -> str:
    """A word as it is compared: curly apostrophes straight, dots, soft hyphens and an
    apostrophe at its end gone ("Shakin'" is "shakin"), marks off its letters (see
    ``_SPELT``), case folded."""
    s = s.replace("’", "'").replace("‘", "'").replace(".", "").replace("\u00ad", "").rstrip("'")
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
        s = s.translate(_SPELT)
    return s.casefold()


def _person_key(folded: str) -> str:
    """The key of a name whose words are folded: a hyphen is a space."""
    return " ".join(folded.replace("-", " ").split()) if "-" in folded else folded


def _fold_word(w: str) -> str:
    f = _FOLDED.get(w)
    if f is None:
        if len(_FOLDED) > 200_000:
            _FOLDED.clear()
        f = _FOLDED[w] = _fold(w)
    return f


_FOLDED: dict[str, str] = {}


def _strip_possessive(w: str, e: int) -> tuple[str, int, bool]:
    """``w`` without a possessive ending ("West's", "Jones'"), its new end, whether it had one."""
    last = w[-1]
    if last in _APOS:
        return w[:-1], e - 1, len(w) > 2 and w[-2] in "sS" and w[-3] not in _APOS
    if last in "sS" and len(w) > 2 and w[-2] in _APOS:
        return w[:-2], e - 2, True
    return w, e, False
