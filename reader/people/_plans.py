"""What a chunk is from its words alone, read once for each distinct chunk: where it
breaks into segments (at function words, titles and ALL-CAPS words), and what each
segment's words say of it: a person, a possible short form of one, nobody, or "ask the
text around it" (``_segments`` does). Also the candidate a segment becomes where it is
found (``_Seg``), and the order in which the finder joins people (``rank_of``).

The rules are told in ``extract.py``'s docstring ("Candidates", "Who is a person").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.people._patterns import (
    _APOS,
    _APOS_SET,
    _LO,
    _UP,
    _fold,
    _fold_word,
    _strip_possessive,
)
from reader.people._shapes import burmese_goes_on, hyphened_given, shaped_name, vietnamese
from reader.people._wordlists import (
    _FIRST,
    _HONORIFICS,
    _INITIALS_NOT_NAMES,
    _MONONYMS,
    _NO_SPLIT_AFTER,
    _NOT_PEOPLE,
    _NOT_PERSON_LAST,
    _PARTICLES,
    _PEER_TITLES,
    _PLACES,
    _REGION_WORDS,
    _ROLE_NOUNS,
    _ROMAN,
    _ROYAL_TITLES,
    _STOP_FAST,
    _SUFFIXES,
    _SURNAMES,
    _TITLES,
    _TITLES_FAST,
    _WEAK_FIRST,
)

_PERSON, _MAYBE, _WORK = 1, 0, -2
# A segment of words no list knows, with nothing against it either (no firm, place or
# work): as a possible short form (``_MAYBE``), but a surname the text has speak makes
# it a person ("Sania Mirza" ... "Mirza said"; ``extract.found_people``).
_NAMELIKE = 2
# A part played ("plays the writer Truman Capote", "will play Nisha Kapoor"): a possible
# short form, as ``_MAYBE``, that a list never makes a person ("playing her rival suitors,
# Daniel Cleaver and Mark Darcy").
_PART = 3


@dataclass(slots=True)
class _Seg:
    """A segment where it is found in a text, with its verdict (``sure``)."""

    words: tuple[str, ...]  # as written, possessive stripped
    folded: tuple[str, ...]
    start: int
    end: int
    sure: int  # _PERSON, _MAYBE or _NAMELIKE
    title: str = ""  # a title the name keeps if it stays one word ("Lord" of "Lord Woolf")
    rank: int = -1  # ``rank_of(folded)``: the finder joins people longest first


def rank_of(folded: tuple[str, ...]) -> int:
    """Where a name comes when the longest are taken first: minus its number of words,
    but a title or an initial before one word counts as one word ("King Charles", "M Tait":
    "Charles III" and "Mathew Tait" are there first)."""
    if len(folded) == 2 and (folded[0] in _ROYAL_TITLES or len(folded[0]) == 1):
        return -1
    return -len(folded)


# A segment's plan: what its words alone say of it, the same wherever it is found.
# (words, folded, start and end in its chunk, verdict (never a person for a firm named
# like one; or None: ask the text around it), the verdict when a role comes before it,
# whether it ends like a plural after "the", the verdict when nothing around it says
# more (or None: look for brackets after it), whether it is a firm named like a person,
# the title a one-word name keeps, whether it starts with a monarch's title, its
# ``rank_of``, whether it is shaped like a name of words no list knows: see
# ``_namelike``). Nothing in it is a container the cycle collector has to walk.
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
    bool,
]
# The title word before a segment, as written, with its start and end in the chunk.
_Title = tuple[str, int, int] | None
# A lone word's plan: the word, its start and end in its chunk.
_LonePlan = tuple[str, int, int]


#: Titles that are no one's surname ("Archbishop", not "King" or "Major"): no name ends with one.
_TITLES_NO_SURNAME = frozenset(t for t in _TITLES if t.capitalize() not in _SURNAMES)

#: Longer words are no name's ("Wolfeschlegelsteinhausenbergerdorff" has 35 letters).
_LONGEST_WORD = 40


def _plan_segment(seg: list[tuple[str, int, int]], titled: _Title) -> _SegPlan | None:
    """The plan of a segment of a chunk, or None if its words alone rule it out.

    A one-word name keeps its title where the word alone would be a fragment: a
    monarch's ("King Charles") is part of the name, a peer's ("Lord Woolf") or an
    honorific before a word that is no known surname ("Dr Dre") is the name unless the
    word joins a fuller name found in the article (the plan's last field)."""
    n = len(seg)
    if n > 5 or any(e - s > _LONGEST_WORD for _, s, e in seg):
        return None  # too many words, or a word no name has ("Aa-Aa-Aa-...", 9 KB of it)
    keep = ""
    if titled is not None and n == 1:
        tw, ts, _ = titled
        tf = _fold_word(tw)
        if f"{tf} {_fold_word(seg[0][0])}" in _NOT_PEOPLE:
            return None  # "Mr Bean", "King Crimson"
        if tf in _HONORIFICS and _fold_word(seg[0][0]) in _PLACES:
            return None  # "DR Congo"
        if tf in _ROYAL_TITLES:
            seg = [(tw.rstrip("."), ts, ts + len(tw.rstrip("."))), *seg]
            n = 2
        elif tf in _PEER_TITLES or (tf in _HONORIFICS and seg[0][0] not in _SURNAMES):
            keep = tw.rstrip(".")
    words = tuple([w for w, _, _ in seg])
    folded = tuple(map(_fold_word, words))
    first, last, last_f = words[0], words[-1], folded[-1]
    if folded[0] in _SUFFIXES:
        return None  # "Mr Jr", "Sr": a suffix starts no name
    # A known surname that also ends a place's or a firm's name ("Barbara Castle", "Andy
    # Street"): after a known given name, someone only where the text says so (a role,
    # an age); "Albert Hall" alone is nobody.
    org_last = n >= 2 and last_f in _NOT_PERSON_LAST
    if org_last and not (n == 2 and _is_given(first) and last in _SURNAMES):
        return None  # "Christian Medical Fellowship"
    if n >= 2 and last_f in _TITLES_NO_SURNAME:
        return None  # "Roman Catholic Archbishop"
    if not titled and all(f in _REGION_WORDS or f in _PLACES for f in folded):
        return None  # "the official North East Says No campaign"
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
    elif n == 1 and not titled and first in _MONONYMS:
        verdict = _PERSON  # "Eminem's Encore album": a chunk of several words
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
        elif _is_given(first) or (
            (first in _WEAK_FIRST or first in _NAMED_FIRST)
            and words[1] in _SURNAMES
            and folded[1] not in _PLACES  # "Little Britain", a show
        ):
            alone = _MAYBE if org_last else _PERSON
        elif shaped_name(words, folded):
            alone = _PERSON  # "Wen Jiabao", "Kang Young-hoon", "Win Htein"
        else:
            alone = None
    firm = n > 1 and " ".join(folded) in _NOT_PEOPLE
    if verdict == _PERSON and firm:
        verdict = _MAYBE  # a firm named like a person
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
        alone is None and not firm and _namelike(words, folded),
    )


def _is_given(word: str) -> bool:
    """Whether ``word`` is a known given name, or two joined by a hyphen ("Jean-Claude",
    "Karl-Heinz", "Olli-Pekka": the lists hold given names one word each), or one with
    its umlaut or its "ø" written as two letters, as wires do ("Bjoern", "Juergen")."""
    if word in _FIRST:
        return True
    head, hyphen, tail = word.partition("-")
    if hyphen:
        return head in _FIRST and tail in _FIRST
    for pair, letters in _DIGRAPHS:
        if pair in word and any(word.replace(pair, one) in _FIRST for one in letters):
            return True
    return False


#: Letters a wire writes as two ("Bjoern" for Björn or Bjørn, "Juergen" for Jürgen).
_DIGRAPHS = (("oe", "öøo"), ("ue", "üu"), ("ae", "äæa"))


def _namelike(words: tuple[str, ...], folded: tuple[str, ...]) -> bool:
    """Whether words no list knows could be someone's name, if the text treats them as
    someone's: two or three words, none a place ("China Daily", "Hong Kong Standard") or
    a word of a firm's or a work's name ("Group Menatep"), none with a dot or in capitals
    ("U.S. Assistant", "SpA"), none a compound ("State-owned Rosneft")."""
    return 1 < len(words) <= 3 and _name_words(words, folded)


def _name_words(words: Sequence[str], folded: Sequence[str]) -> bool:
    """Whether each of ``words`` (``folded``, folded) is shaped as a name's and none is a
    place or a word of a firm's or a work's name (``_namelike``)."""
    if any(f in _PLACES or f in _NOT_PERSON_LAST or f in _REGION_WORDS for f in folded):
        return False
    return all(_NAME_WORD.fullmatch(w) for w in words)


# A word shaped like a name's: "Mirza", "Wright-Phillips", "O'Neill", "McDonald", "LaShawn".
_NAME_WORD = re.compile(
    rf"(?:Mc|Mac|O['’]|D['’]|De|Di|La|Le|Van|Al-|El-)?[{_UP}][{_LO}]+"
    rf"(?:[-'’][{_UP}][{_LO}]+)*"
)


def _word_plan(chunk: str) -> tuple[int, str, int, str]:
    """What a chunk of one word is, the same wherever it stands: a stop word, a mononym,
    or another word (without its possessive, its length so, and folded)."""
    w, _, _ = _strip_possessive(chunk, len(chunk))
    if not w or w in _STOP_FAST:
        plan = (_STOP_WORD, w, 0, "")
    else:
        plan = (_MONONYM if w in _MONONYMS else _ONE, w, len(w), _fold_word(w))
    if len(_WORDS) > 200_000:
        _WORDS.clear()
        _WORDS.update(_known_words())
    _WORDS[chunk] = plan
    return plan


# What a chunk of one word is (``_word_plan``): skipped, a mononym, another word.
_STOP_WORD, _MONONYM, _ONE = 0, 1, 2


def _known_words() -> dict[str, tuple[int, str, int, str]]:
    """The plans of the mononyms, known from the start."""
    return {w: (_MONONYM, w, len(w), _fold(w)) for w in _MONONYMS}


# The plans of the chunks of one word read so far; stop words are told apart before, by
# a small set.
_WORDS = _known_words()


def _plan_chunk(chunk: str, named_first: bool = False) -> tuple[_SegPlan | _LonePlan, ...]:
    """The plans of a chunk of several words, in order: its segments and its ALL-CAPS
    words. They depend on the chunk alone, so each distinct chunk is read once. With
    ``named_first``, a first word that is a given name as well as a stop word ("Will",
    ``NAMED_STOPS``) is read as the name (``_segments`` says where)."""
    steps: list[_SegPlan | _LonePlan] = []
    s = 0
    seg: list[tuple[str, int, int]] = []
    titled: _Title = None
    words = chunk.replace("\u00a0", " ").split(" ")
    n = len(words)
    if n > 1 and words[0] in _PLACE_FIRST:
        words = []  # "Estadio Hernando Siles", "Stadio Artemio Franchi": a place
    for i, w0 in enumerate(words):
        ws = s
        e = s + len(w0)
        s = e + 1
        last = w0[-1]
        if last in _APOS or (last in "sS" and w0[-2:-1] in _APOS_SET):
            w, e_poss, poss = _strip_possessive(w0, e)
            if not w:
                continue
            if not poss and last in _APOS and i + 1 < n and w0[-3:-1] == "in":
                w = w0  # a letter left out, not a possessive: "Shakin' Stevens"
            else:
                e = e_poss
        else:
            w, poss = w0, False
        if seg and w in _ROMAN:
            seg.append((w, ws, e))
            continue
        if w in _PARTICLES:
            if seg and i + 1 < n:
                seg.append((w, ws, e))
            elif titled is not None and i + 1 < n and _is_given(titled[0]):
                # A title that is a given name too, before "bin": "Prince Sultan bin
                # Abdul-Aziz" is Sultan bin Abdul-Aziz
                seg, titled = [titled, (w, ws, e)], None
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
        if (
            i + 1 < n
            and not poss
            and (
                w in _TITLES_FAST
                or _compound_title(w)  # "Lieutenant-General Khin Nyunt", "Vice-Admiral"
                # "General Abdulsalami Abubakar", not "General Motors Corp"
                or (w in _SOFT_TITLES and not seg and i + 2 < n and _named_rest(words[i + 1 :]))
                # a role that would start a segment: "Broker Khurshid Alam", "airport
                # General Director Ljubomir Acimovic"; in the plural, before a name of two
                # words or more ("Sprinters Kostas Kenteris and", not "Friends Reunited")
                or (
                    not seg
                    and (w.lower() in _ROLE_NOUNS or (i + 2 < n and w.lower() in _ROLE_PLURALS))
                )
            )
        ):
            if titled is None or len(seg) > 1:
                _plan_flush(steps, seg, titled)
            # else one word between two titles is the second's: "Deputy Health Minister
            # Rhona Brankin", "Chief Treasury Secretary Paul Boateng"
            seg, titled = [], (w, ws, e)
            if not (w in _TITLES_FAST or i + 2 < n or _named_word(words[i + 1])):
                # A role before one last word that no name has ("Star Wars", "Comic
                # Relief"): that word only joins a person found elsewhere.
                last_w, last_e, _ = _strip_possessive(words[-1], s + len(words[-1]))
                if last_w:
                    steps.append((last_w, s, last_e))
                seg, titled = [], None
                break
            continue
        if w in _STOP_FAST and not (
            (named_first and i == 0)
            # "Creator Will Wright", "Striker Will Grigg": a given name after a role
            or (i == 1 and titled is not None and w in _NAMED_FIRST and i + 1 < n)
        ):
            if (len(seg) == 1 and seg[0][0] in _FIRST and w in _MONTH_SURNAMES) or (
                seg and burmese_goes_on([x[0] for x in seg], w)
            ):
                # "Theresa May": a month that is her surname; "Hla Than": a Burmese name
                seg.append((w, ws, e))
                if poss:
                    _plan_flush(steps, seg, titled)
                    seg, titled = [], None
                continue
            if not (w in _PLACE_MIDDLE and _fold_word(words[-1]) in _NOT_PERSON_LAST):
                # (not "Jomo Kenyatta International Airport": a place named after him)
                _plan_flush(steps, seg, titled)
            seg, titled = [], None
            continue
        if w.isupper() and len(w) > 1 and "." not in w:
            if (
                len(w) == 2
                and not seg
                and i + 1 < n
                and not poss
                and _initials_before(w, words[i + 1], i + 2 == n)
            ):
                seg.append((w, ws, e))  # "JK Rowling": someone if a role comes before
                continue
            # ALL-CAPS: only ever joins a person found elsewhere.
            _plan_flush(steps, seg, titled)
            steps.append((w, ws, e))
            seg, titled = [], None
            continue
        if "-" in w and (cut := w.rpartition("-"))[2] in _ADJECTIVE_TAILS:
            # "a George Bush-style budget", "the Blair-led government": the name ends there
            seg.append((cut[0], ws, ws + len(cut[0])))
            _plan_flush(steps, seg, titled)
            seg, titled = [], None
            continue
        seg.append((w, ws, e))
        if poss:
            _plan_flush(steps, seg, titled)
            seg, titled = [], None
    _plan_flush(steps, seg, titled)
    plans = _NAMED_PLANS if named_first else _PLANS
    if len(plans) > 100_000:
        plans.clear()
    plan = plans[chunk] = tuple(steps)
    return plan


#: Words a place named after someone starts with: "Estadio Hernando Siles".
_PLACE_FIRST = frozenset(
    {"Estadio", "Stadio", "Stade", "Estadi", "Circuito", "Autodromo", "Complexe"}
    | {"Aeropuerto", "Aeroporto", "Aeroport", "Avenida", "Rua", "Calle", "Piazza", "Boulevard"}
)
#: Words between a name and the word that ends a place's name ("Jomo Kenyatta
#: International Airport", "Kenyatta National Hospital").
_PLACE_MIDDLE = frozenset({"International", "National", "Memorial", "Olympic", "Municipal"})

#: Titles that are also the first words of firms' and bodies' names ("General Motors",
#: "General Assembly"): titles only before a name of two words or more, each shaped as a
#: name's and none a stop word, a place or a word that ends a firm's name.
_SOFT_TITLES = frozenset({"General", "Brigadier"})
#: The first halves of titles written with a hyphen ("Vice-Admiral", "Major-General").
_TITLE_HEADS = frozenset(
    {"Vice", "Lieutenant", "Major", "Brigadier", "Rear", "Deputy", "Lt", "Secretary"}
    | {"Attorney", "Director", "Governor", "Solicitor"}  # "Secretary-General", ...
)


def _compound_title(word: str) -> bool:
    """Whether ``word`` is a title joined by a hyphen to the word before it:
    "Lieutenant-General", "Vice-Admiral", "Vice-President", "Major-General"."""
    head, hyphen, tail = word.partition("-")
    return bool(hyphen) and head in _TITLE_HEADS and (tail in _TITLES_FAST or tail in _SOFT_TITLES)


def _named_rest(words: list[str]) -> bool:
    """Whether ``words`` (the rest of a chunk, any number of them) could be someone's
    name no list knows (``_name_words``), none a stop word."""
    return not any(w in _STOP_FAST for w in words) and _name_words(
        words, [_fold_word(w) for w in words]
    )


def _named_word(word: str) -> bool:
    """Whether a word (a possessive allowed) is a known surname or given name."""
    w = _strip_possessive(word, len(word))[0]
    return w in _SURNAMES or _is_given(w)


#: What a name becomes an adjective with: "Bush-style", "Blair-led", "Thatcher-era".
_ADJECTIVE_TAILS = frozenset(
    {"backed", "based", "born", "era", "esque", "inspired", "led", "like", "owned", "run"}
    | {"style", "type"}
)

#: Roles in the plural, first in a chunk: "Sprinters Kostas Kenteris and Katerina Thanou".
#: Not a surname ("Sons", "Cousins").
_ROLE_PLURALS = frozenset(
    plural for w in _ROLE_NOUNS if (plural := w + "s").capitalize() not in _SURNAMES
)

_PLANS: dict[str, tuple[_SegPlan | _LonePlan, ...]] = {}
_NAMED_PLANS: dict[str, tuple[_SegPlan | _LonePlan, ...]] = {}
#: Stop words that are given names too, as a chunk starts with them: "Will Greenwood" in a
#: list or after a role, "Per Zetterquist" after one (``_segments``: not "Will Tory tax
#: cuts lift spirits?").
NAMED_STOPS = ("Will ", "Per ")
# Those words, read as weak given names (a known surname must follow).
_NAMED_FIRST = frozenset(w.strip() for w in NAMED_STOPS)
#: A month that is a surname too ("Theresa May", "Brian May"): right after a given name,
#: the name goes on.
_MONTH_SURNAMES = frozenset({"May"}) & _SURNAMES


def _after_nationality(seg: list[tuple[str, int, int]]) -> bool:
    """Whether a segment of three words or more is a place or a nationality, then a name:
    a known given name first or a known surname last, and no other place, nor a word of
    a firm's name ("Australian Lynton Crosby"; not "British Airways Cargo")."""
    if _fold_word(seg[0][0]) not in _PLACES:
        return False
    rest = [w for w, _, _ in seg[1:]]
    if not _is_given(rest[0]) and rest[-1] not in _SURNAMES:
        return False
    return not any(
        (f := _fold_word(w)) in _PLACES or f in _NOT_PERSON_LAST or f in _REGION_WORDS for w in rest
    )


def _initials_before(word: str, following: str, last: bool) -> bool:
    """Whether two capitals ``word`` read as initials before the surname ``following``
    ("JK Rowling"), not as an abbreviation before a name or a title ("MP Jim Smith", "US
    President"): the next word is shaped as a surname and is no given name (unless it is
    the ``last`` word: "JM Barrie"), title or stop word, and the capitals name no place."""
    return (
        following[:1].isupper()
        and following[1:].islower()
        and (last or following not in _FIRST)
        and following not in _TITLES_FAST
        and following not in _STOP_FAST
        and _fold_word(word) not in _PLACES
        and _fold_word(following) not in _PLACES  # "DR Congo"
    )


def _plan_flush(
    steps: list[_SegPlan | _LonePlan], seg: list[tuple[str, int, int]], titled: _Title
) -> None:
    while seg and seg[-1][0] in _PARTICLES:
        seg.pop()
    if not seg:
        return
    for i in range(1, len(seg) - 1):
        if _is_given(seg[i][0]) and _fold_word(seg[i - 1][0]) in _NOT_PERSON_LAST:
            # An organisation's name before a full name: "the Child Support Agency Doug
            # Smith"; not a surname first ("Park Ji Sung").
            if i > 1 or seg[0][0] not in _SURNAMES:
                _plan_flush(steps, seg[:i], titled)
                seg, titled = seg[i:], None
            break
    if titled is None and len(seg) > 2 and _after_nationality(seg):
        _plan_flush(steps, seg[:1], None)  # "Australian Lynton Crosby"
        seg = seg[1:]
    if (  # not "Nguyen Van Minh", a Vietnamese name
        titled is None
        and len(seg) > 1
        and not _is_given(seg[0][0])
        and not (len(seg) == 3 and vietnamese([_fold_word(w) for w, _, _ in seg]))
    ):
        for i in range(1, len(seg)):
            prev = seg[i - 1][0]
            if (
                (
                    _is_given(seg[i][0])
                    # "South Korean Hyung-Taik Lee"
                    or (i + 2 == len(seg) and hyphened_given(seg[i][0], _fold_word(seg[-1][0])))
                )
                and prev not in _PARTICLES
                and prev not in _NO_SPLIT_AFTER
                and prev[-1] != "."
                # A given name last, after a word that is no place, is a surname too:
                # "Linford Christie", "Jearl Miles" (but "Despite Kim Kardashian").
                and (i + 1 < len(seg) or _fold_word(prev) in _PLACES)
            ):
                _plan_flush(steps, seg[:i], None)
                seg = seg[i:]
                break
    plan = _plan_segment(seg, titled)
    if plan is not None:
        steps.append(plan)
