"""Finding the people an article mentions, by rules (no model, no download).

``find_people(body, title=..., dek=...)`` reads the text once and returns one
``PersonMention`` per person, with every mention joined to it. How it reads:

Candidates
    A *chunk* is a run of capitalised words separated by single spaces, with
    name particles allowed inside ("Ludwig van Beethoven") and initials or
    ``Mr.``-style abbreviations kept in ("George W. Bush"). A possessive
    ("West's", "West’s", "Jones’") ends its chunk and is not part of the name.
    Inside a chunk, function words and sentence openers ("And", "The",
    "However"), months, days and number words, and ALL-CAPS words break it
    into *segments* (but "Will" and "Per" start a name in mid-sentence or in a
    statement or after a role: "Wilkinson, Will Greenwood", "Will Young said",
    "Striker Will Grigg"); an honorific or
    role ("Mr", "Ms", "Secretary",
    "President", "Coach") breaks it too and marks the segment after it as
    titled: "Trade and Industry Secretary Patricia Hewitt" gives "Patricia
    Hewitt" (one word between two titles is the second's: "Deputy Health
    Minister"; a role in the plural titles a name of two words or more:
    "Sprinters Kostas Kenteris"). A segment that does not start with a given
    name but holds one later is split there ("Despite Kim Kardashian",
    "Australian Tom Moody", "the Child Support Agency Doug Smith"); so is a place
    or a nationality before a known given name or surname ("Australian Lynton
    Crosby"). A name made an adjective ends at its hyphen ("George Bush-style"),
    and "I" before a pronoun's verb is no monarch's number ("told John I will").
    A run that starts inside a word is skipped ("iPhone"), from a possessive on
    read ("eBay's Meg Whitman").

Who is a person (a *confident* segment)
    * two or more words starting with a known given name ("Kim Kardashian"; two
      joined by a hyphen are one: "Jean-Claude Juncker"),
      or with a weak given name (one that is also an English word, "Grace")
      followed by a known surname that is no place (not "Little Britain");
    * initials and a surname ("M. Atherton");
    * a name known by its shape where no list could hold its given names: an East
      Asian surname and a given name of two syllables of pinyin or joined by a hyphen
      ("Wen Jiabao", "Kang Young-hoon", or first: "Hyung-Taik Lee"), a Japanese
      given name in Hepburn's letters before a known surname ("Wataru Kubo"), or
      Burmese name words ("Win Htein"; ``_shapes``);
    * a segment right after an honorific or a capitalised role ("Ms Hewitt"),
      or after a lower-case noun for a person: a relative or a performer
      for any segment ("daughter Chicago", "model Irina Shayk"), any role
      for two words or more ("coach Mike Friday");
    * a segment followed by an age in commas ("Julia Fox, 31," and the
      children in "North, 8, Saint, 6, Chicago, 4, and Psalm, 2"), or by a
      country or a role in brackets ("Ato Boldon ( Trinidad )");
    * a name of two words or more listed with people ("Ian Healy, Michael
      Bevan, Ricky Ponting"), and a longer form of a one-word person ("Wang,
      45," makes "Wang Donghai" one; in a headline only a name it ends:
      "Blair and Blunkett Sheffield trip");
    * a name of two or three words no list knows, shaped like a name (no place or
      region word, no word of a firm's name, no dots, capitals inside or lower-case
      compounds: not "China Daily", "North East", "Group Menatep", "State-owned
      Rosneft"), when the text has it speak, in full or by its last word ("Sania
      Mirza said", "Mirza, who", "said Mirza", "18-year-old Sania Mirza",
      "Thailand's Paradorn Srichaphan"), and also names someone by that last word
      alone (not after "of" or "the"), as news names a person after the first
      time: a firm is named in full ("Time Warner said"), or says "its";
    * such a name after an age ("14-year-old Yuya Yagira"), or with a role in commas
      right after it, and "of", "at", "who" ... or a
      stop after the role ("Hen Vipheak, former editor of", "Fathi Bin Shatwan,
      Libya's oil minister,"), or "who" and a verb only one person takes ("Tanni Grey
      Thompson, who has won"; not "St Helens, who are"); not a role a firm can have
      ("adviser", "leader"); or
      with a role and a comma right before it ("his counterpart, Kang Young-hoon", "a
      30-year-old woman, Mubatik Dagayeva"); or a reporter's, alone on a line after "By"
      or before a dateline, or signing off ("-- Amra Kevic , Belgrade newsroom");
    * such a name that another article of the archive made someone (``known``,
      :func:`needs_context`), wherever it stands in full ("Marat Safin suffered a
      shock loss").
    * a player in a match's figures, of any words: the name before a bowler's
      figures, a minute or a tennis player's sets, every name in a batting line or
      after a team sheet's label ("Muralitharan 10-0-41-2", "Moin Khan lbw b Mullally
      0", "( 16 - Gomez 86th )", "Jan-Michael Gambill 6-3 7-6", "Subs Not Used: Weaver,
      Onuoha"), but not a team or a country ("R Sidoli (Cardiff)", "beat the American
      6-3 6-2"; ``_sports``).
    Never a person: a segment ending in an organisation, place or work word
    ("Asian Art Museum", "Grace Road", "Hidden Hills", "Manchester United",
    "Bradford Bulls"; but a known given name and a known surname, "Andy Street",
    where the text says so: "managing director Andy Street"), or
    in a title that is nobody's surname ("Roman Catholic Archbishop"), one of
    region and place words alone ("North East"), or in a country or
    nationality ("Latin American"), a plural after "the"
    ("the Kardashians", "the Cleveland Indians"), or a firm named like a
    person ("Morgan Stanley"); nor, anywhere in the article, a name the text
    calls a work, a firm or a thing ("the film Tom Jones", "phone maker Sony
    Ericsson", "shares in William Hill", "Vera Drake director Mike Leigh", "King
    Cross station", "nominated for Vera Drake", "an Ivor Novello award") or a
    character ("stars as Gregory House", "her role as boxer Maggie Fitzgerald",
    "voices police officer Frank Tenpenny", "The book follows Nick Guest",
    "plays Dot Cotton in the BBC soap", "who plays Susan Mayer in Desperate
    Housewives", "Ken Barlow, played by William Roache", "Lord Voldemort, played
    by"). A listed firm, band or character stays none beside people ("Johnny
    Depp and Franz Ferdinand"); a kin noun does not make a band someone ("her
    boyfriend, Babyshambles singer Pete Doherty").

Joining
    Confident segments that are the start or end of a longer confident name
    join it ("Kim" and "Kardashian" join "Kim Kardashian"; "Ms Hewitt"
    joins "Patricia Hewitt"; "George Bush" joins "George W Bush", the same
    name with middle initials; "Mr Bronfman" joins "Edgar Bronfman Jr", whose
    suffix is no surname); so do the other segments — a lone surname,
    a first name, a sentence-initial word, an ALL-CAPS word in a headline —
    but only when they match a person found in the same article. A short
    form that fits several people goes to the nearest one mentioned before it
    (else the first one after it). A misspelt surname the text makes someone
    ("Mr Iliaronov") joins the one person whose surname it is a slip of (two
    edits at most, a swap of letters one, the first two letters kept, and no
    known surname itself: "Mr Johnston" is not Boris Johnson's), and so does a
    given name no list knows one slip from someone's, before their surname
    ("Mihkail Khodorkovsky"). Anything that matches nobody is dropped:
    "Hidden Hills", "Page Six", "SKIMS" and "TMZ" are never people here.
    Mentions of one person one space apart ("KANYE" "WEST") become one.

The person's ``name`` is its longest (then earliest) full form, as written; ``key``
folds case, diacritics, apostrophes and dots and reads a hyphen as a space, for identity
across articles (``name_key``). Title and dek are read the same way and can supply or
join people, but only mentions in ``body`` get spans; ``count`` counts all of them. In a
title-case headline ("Kim Kardashian Speaks Out") the words that name a person of the
body are taken, else a given name and the word after it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from operator import attrgetter, itemgetter
from typing import NamedTuple

from rapidfuzz.distance import OSA

from reader.people._context import SOFT, pad_references
from reader.people._patterns import _fold, _person_key
from reader.people._plans import _NAMELIKE, _PERSON, _namelike, _Seg, rank_of
from reader.people._segments import _segments
from reader.people._wordlists import (
    _FIRST,
    _MONONYMS,
    _ROMAN,
    _ROYAL_TITLES,
    _SUFFIXES,
    _SURNAMES,
    _TITLES,
    _WEAK_FIRST,
)

__all__ = ["PersonMention", "find_people", "found_people", "name_key", "needs_context"]


class PersonMention(NamedTuple):
    """One person an article mentions.

    ``first`` is the offset in ``body`` of the first mention there, or -1 when
    the person is named only in the title or dek. ``spans`` are the
    ``[start, end)`` ranges in ``body`` of every mention, short forms included,
    in order; ``count`` is the number of mentions in body, title and dek.

    A named tuple, not a frozen dataclass: the finder makes several an article, and a
    frozen dataclass's ``__init__`` took some 5% of its time.
    """

    name: str
    key: str
    count: int  # type: ignore[assignment]  # shadows tuple.count, which nothing calls
    first: int
    spans: tuple[tuple[int, int], ...]


#: ``_person_mention(PersonMention, (name, key, count, first, spans))`` makes one without the
#: named tuple's Python ``__new__`` (as ``mentions._mention`` does).
_person_mention = tuple.__new__


def name_key(name: str) -> str:
    """The identity of a name across articles: case, diacritics, dots and apostrophes
    folded, and a hyphen read as a space: "Wright-Phillips" and "Wright Phillips",
    "Solskjær" and "solskjaer", "Jr." and "Jr" are each one person."""
    return _person_key(" ".join(_fold(w) for w in name.split()))


def needs_context(name: str) -> bool:
    """Whether the finder takes ``name`` for someone only from what a text does with it:
    two or three words shaped like a name that no list knows the first of ("Marat
    Safin", not "Tony Blair" nor "China Daily"). Such a name found in one article is a
    person in the others too (see ``found_people``'s ``known``)."""
    words = tuple(name.split())
    if not words or words[0] in _FIRST or words[0] in _WEAK_FIRST:
        return False
    folded = tuple(_fold(w) for w in words)
    return folded[0] not in _TITLES and _namelike(words, folded)  # not "Lord Woolf"


def surname_of(key: str, full_key: str) -> bool:
    """Whether the one-word name key ``key`` ("blair") can be the surname of ``full_key``
    ("tony blair"): its last word, after a given name that is no initial nor title ("d
    humphreys", "lord cullen"). Not for a performer known by one name ("Ronaldo" is no
    "Cristiano Ronaldo")."""
    first, _, rest = full_key.partition(" ")
    return (
        bool(rest)
        and (rest == key or rest.endswith(" " + key))
        and len(first) > 1
        and first not in _TITLES
        and key.capitalize() not in _MONONYMS
    )


def initial_of(key: str, full_key: str) -> bool:
    """Whether the name key of an initial and a surname (``key``: "d humphreys") can be
    ``full_key`` ("david humphreys"): the same surname right after a given name, not a
    title ("lord cullen"), that starts with the initial (see :func:`_initial_fits`)."""
    words, full = key.split(" "), full_key.split(" ")
    return (
        len(words) > 1
        and len(words[0]) == 1
        and len(full) == len(words)
        and _initial_fits(words[0], words[1:], full)
    )


def _initial_fits(initial: str, surname: Sequence[str], full: Sequence[str]) -> bool:
    """Whether a name of ``initial`` and ``surname`` ("m", ["tait"]; all folded) can be the
    full name ``full`` (["mathew", "tait"]): it ends with the surname, after a given name
    that starts with the initial and is no title ("L Cullen" is no "Lord Cullen")."""
    n = len(surname)
    return (
        len(full) > n
        and list(full[-n:]) == list(surname)
        and len(full[0]) > 1
        and full[0][0] == initial
        and full[0] not in _TITLES
    )


# ------------------------------------------------------------------ joining


class _Person:
    __slots__ = ("count", "folded", "name_pos", "positions", "spans", "title", "words")

    def __init__(self, seg: _Seg, pos: int) -> None:
        self.words = seg.words
        self.folded = seg.folded
        self.title = seg.title
        self.name_pos = pos
        self.positions: list[int] = []  # of its confident mentions, in order
        self.spans: list[tuple[int, int]] = []
        self.count = 0


def _affix(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` starts or ends ``long``, the suffix of ``long`` aside ("Bronfman"
    of "Edgar Bronfman Jr"); a suffix alone ("Jr") is no one's."""
    n = len(short)
    return (
        len(long) > n
        and short[0] not in _SUFFIXES
        and (
            long[:n] == short
            or long[-n:] == short
            or (long[-1] in _SUFFIXES and long[-n - 1 : -1] == short)
        )
    )


def without_middle_initials(words: Sequence[str]) -> tuple[str, str] | None:
    """A name's given name and surname if only initials come between them ("George W
    Bush", "John F. Kennedy"; folded or not), else None. The finder joins "George Bush" to
    such a name in an article, ``people_merge.merge_middle_initials`` across the archive."""
    if len(words) > 2 and len(words[0]) > 1 and all(len(w.rstrip(".")) == 1 for w in words[1:-1]):
        return words[0], words[-1]
    return None


def _initialled(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``long`` is ``short`` with middle initials ("George W Bush" of "George Bush")."""
    return len(short) == 2 and len(long) > 2 and without_middle_initials(long) == short


def _is_title_case(text: str) -> bool:
    """Whether a headline capitalises its words ("Kim Kardashian Speaks Out On Kanye")."""
    # The first letters of the words that start with one, counted without a Python step
    # for each word.
    firsts = "".join(filter(str.isalpha, map(_FIRST_ITEM, text.split())))
    return len(firsts) >= 3 and sum(map(str.isupper, firsts)) >= 0.7 * len(firsts)


def find_people(
    body: str, *, title: str = "", dek: str = "", known: frozenset[str] = frozenset()
) -> list[PersonMention]:
    """The people ``body`` (and ``title``/``dek``) mention, in order of first mention
    (``known``: see :func:`found_people`)."""
    return [
        _person_mention(
            PersonMention, (name, key, p.count, p.spans[0][0] if p.spans else -1, tuple(p.spans))
        )
        for p, name, key in found_people(body, title, dek, known)
    ]


def found_people(
    body: str, title: str, dek: str, known: frozenset[str] = frozenset()
) -> list[tuple[_Person, str, str]]:
    """What ``find_people`` returns before it is made into ``PersonMention`` tuples: each person
    (``count`` and ``spans`` read as there) with their name and key, in order of first
    mention. The import's workers read these directly (``mentions.find_mentions``).

    ``known``: the keys of people the archive knows whose names no list knows
    (:func:`needs_context`), each a person wherever their full name stands."""
    padded = ("&" in body and ";" in body) or "&" in title or "&" in dek
    if padded:
        body, title, dek = pad_references(body), pad_references(title), pad_references(dek)
    # Positions order the mentions: title, then dek, then body (negative before the body).
    segs: list[tuple[_Seg, int, bool]] = []
    works: set[str] = set()  # names the text calls a film, a band, a brand...
    spoken: set[str] = set()  # last words of names no list knows that speak: "Mirza said"
    heads: list[tuple[_Seg, int]] = []  # segments of a title-case headline
    lone: list[tuple[list[tuple[str, int, int]], int, bool]] = []  # (words, offset, in body)
    shift = -1 - len(title) - len(dek) - 2
    for text, in_body in ((title, False), (dek, False), (body, True)):
        if not text:
            continue
        off = 0 if in_body else shift
        found, words = _segments(text, works, spoken if in_body else set(), known, in_body)
        if not in_body and _is_title_case(text):
            heads += [(sg, sg.start + off) for sg in found]
        else:
            segs += [(sg, sg.start + off, in_body) for sg in found]
        lone.append((words, off, in_body))
        shift += len(text) + 1

    sure = [it for it in segs if it[0].sure == _PERSON]
    # "Wang, 45," makes "Wang Donghai" (first or last word) a person too.
    singles = set()
    royal_singles = set()  # "Prince Naseem" makes "Naseem Hamed" a person, and is his
    for it in sure:
        f = it[0].folded
        if len(f) == 1:
            singles.add(f[0])
        elif len(f) == 2 and f[0] in _ROYAL_TITLES:
            royal_singles.add(f[1])
    by_royal: set[tuple[str, ...]] = set()  # the names only a monarch's name made people
    if singles or royal_singles or spoken:
        for it in segs:
            sg = it[0]
            if sg.sure != _PERSON and 1 < len(sg.folded) <= 3:
                f0, f1 = sg.folded[0], sg.folded[-1]
                # The word first only in the body: a headline sets nouns side by side
                # ("Blair and Blunkett Sheffield trip").
                if f1 in singles or (f0 in singles and it[2]):
                    sg.sure = _PERSON
                    sure.append(it)
                elif f0 in royal_singles:
                    sg.sure = _PERSON
                    sure.append(it)
                    by_royal.add(sg.folded)
                elif f1 in spoken and sg.sure == _NAMELIKE:
                    # "Sania Mirza" ... "Mirza said": the surname of a name of unknown
                    # words with nothing against it, that speaks.
                    sg.sure = _PERSON
                    sure.append(it)
    if not sure and not heads:
        return []
    # Longest first, so that short forms find their full names; a monarch's "King Charles"
    # counts as one word, so that "Charles III" or "Norodom Sihanouk" is there first.
    # An initial and a surname ("M Tait") too, so that "Mathew Tait" is there first.
    if len(sure) > 1:
        sure.sort(key=_rank_and_position)
    people: list[_Person] = []
    by_word: dict[str, list[_Person]] = {}
    # People of two words or more by their surname's first two letters, for a misspelt one
    # (``_misspelt_surname``): made when first asked for, then kept up by ``add``.
    by_opening: dict[str, list[_Person]] | None = None
    assigned: list[tuple[_Person, int, int, int, bool]] = []

    def add(seg: _Seg, pos: int) -> _Person:
        p = _Person(seg, pos)
        people.append(p)
        for w in seg.folded:
            named = by_word.get(w)
            if named is None:
                by_word[w] = [p]
            elif named[-1] is not p:  # once for a word named twice ("Johnson Johnson")
                named.append(p)
        if by_opening is not None and len(seg.folded) > 1:
            by_opening.setdefault(seg.folded[-1][:2], []).append(p)
        return p

    for seg, pos, in_body in sure:
        # Mostly someone new: no call to `_match` when no one has the first word.
        p = _match(seg.folded, pos, by_word, False) if seg.folded[0] in by_word else None
        if p is None and len(seg.folded) > 1 and seg.folded[-1] in by_word:
            if len(seg.folded) == 2 and seg.folded[0] in _ROYAL_TITLES:
                p = _royal(seg.folded[1], by_word, by_royal)
            elif len(seg.folded[0]) == 1:
                p = _initial(seg.folded, by_word)
        if p is None and len(seg.folded) == 1 and len(seg.folded[0]) >= _MISSPELT_LEN:
            if by_opening is None:
                by_opening = {}
                for q in people:
                    if len(q.folded) > 1:
                        by_opening.setdefault(q.folded[-1][:2], []).append(q)
            cands = by_opening.get(seg.folded[0][:2])  # a slip keeps the first two letters
            if cands:
                p = _misspelt_surname(seg.folded[0], cands)  # "Mr Iliaronov"
        if p is None:
            p = add(seg, pos)
        elif seg.title and not p.title and len(p.folded) == 1:
            p.title = seg.title
        assigned.append((p, pos, seg.start, seg.end, in_body))
    # In a title-case headline a name's end is unclear ("Kim Kardashian Speaks"): take the
    # longest runs of words that name someone in the text, else a given name and the next word.
    for seg, pos in heads:
        hits = _runs(seg.folded, pos, by_word)
        if not hits and seg.sure == _PERSON and seg.words[0] in _FIRST:
            folded = seg.folded[:2]
            short = _Seg(seg.words[:2], folded, seg.start, seg.end, _PERSON, "", rank_of(folded))
            hits = [_match(short.folded, pos, by_word, False) or add(short, pos)]
        assigned.extend((p, pos, 0, 0, False) for p in hits)
    if not people:
        return []
    for p, pos, _, _, _ in sorted(assigned, key=itemgetter(1)):
        p.positions.append(pos)
    for seg, pos, in_body in segs:
        if seg.sure != _PERSON:
            if seg.folded[0] in by_word:
                p = _match(seg.folded, pos, by_word, True)
            elif len(seg.folded) > 1 and seg.folded[-1] in by_word:
                p = _misspelt_given(seg, by_word[seg.folded[-1]])
            else:
                continue
            if p is not None:
                assigned.append((p, pos, seg.start, seg.end, in_body))
    # A lone word names the one person it starts or ends, the same each time it comes
    # back; only a word that fits several is placed by where it stands.
    single: dict[str, _Person | None] = {}
    for lone_words, off, in_body in lone:
        for fw, start, end in lone_words:
            if fw in by_word:
                if fw in single:
                    p = single[fw]
                else:
                    hits = [q for q in by_word[fw] if q.folded == (fw,) or _affix((fw,), q.folded)]
                    if len(hits) > 1:
                        p = _match((fw,), start + off, by_word, True)
                    else:
                        p = single[fw] = hits[0] if hits else None
                if p is not None:
                    assigned.append((p, start + off, start, end, in_body))

    assigned.sort(key=itemgetter(1))  # so that each person's spans come in order
    for p, pos, start, end, in_body in assigned:
        if in_body:
            spans = p.spans
            if spans and start == spans[-1][1] + 1 and body[start - 1] == " ":
                spans[-1] = (spans[-1][0], end)  # one mention: "KANYE" "WEST"
                continue
            spans.append((start, end))
        p.count += 1
        if pos < p.name_pos:
            p.name_pos = pos
    people.sort(key=attrgetter("name_pos"))
    kept: dict[str, tuple[_Person, str, str]] = {}
    for p in people:
        if works and (
            " ".join(p.folded) in works
            or (p.title and len(p.folded) == 1 and f"{_fold(p.title)} {p.folded[0]}" in works)
        ):
            continue  # called a film once, a film everywhere in the article
        named, folded = p.words, p.folded
        if p.title and len(folded) == 1:  # "Lord Woolf", never the fragment "Woolf"
            named, folded = (p.title, *named), (_fold(p.title), *folded)
        name, key = " ".join(named), " ".join(folded)
        if padded:
            name, key = name.replace(SOFT, ""), key.replace(SOFT, "")
        # One person written "Wright-Phillips" and "Wright Phillips": the first form kept.
        if "-" in key:
            key = _person_key(key)
        have = kept.get(key)
        if have is None:
            kept[key] = (p, name, key)
        else:
            have[0].count += p.count
            have[0].spans = sorted(have[0].spans + p.spans)
    return list(kept.values())


# A misspelt name that the text makes someone joins the one person of the article it is a
# slip away from: a surname of at least this many letters, no known surname itself ("Mr
# Iliaronov" for Andrei Illarionov, never "Mr Johnston" for Boris Johnson) ...
_MISSPELT_LEN = 7
# ... at most this many edits away (a swap of two letters is one: OSA), with the same
# first two letters; or a given name that is no known one, a swap or a letter away, before
# the person's own surname ("Mihkail Khodorkovsky").
_MISSPELT_EDITS = 2


def _misspelt_surname(word: str, cands: list[_Person]) -> _Person | None:
    """The one person of ``cands`` (their surnames start as ``word`` does) whose surname
    ``word`` (folded, alone, named nowhere else) is a slip of, if one: at most
    ``_MISSPELT_EDITS`` edits, and ``word`` no known surname (a real name is someone
    else's)."""
    if not cands or word.capitalize() in _SURNAMES:
        return None
    hits = {
        p
        for p in cands  # all of two words or more (``by_opening``)
        if abs(len(p.folded[-1]) - len(word)) <= _MISSPELT_EDITS
        and OSA.distance(p.folded[-1], word, score_cutoff=_MISSPELT_EDITS) <= _MISSPELT_EDITS
    }
    return hits.pop() if len(hits) == 1 else None


def _misspelt_given(seg: _Seg, cands: list[_Person]) -> _Person | None:
    """The one person with ``seg``'s surname whose given name ``seg``'s is a slip of (no
    known given name, one letter or one swap away: "Mihkail Khodorkovsky"), if one."""
    given, first = seg.words[0], seg.folded[0]
    if len(seg.folded) != 2 or len(first) <= 3 or given in _FIRST or given in _WEAK_FIRST:
        return None
    hits = {
        p
        for p in cands
        if len(p.folded) == 2
        and p.folded[1] == seg.folded[1]
        and OSA.distance(p.folded[0], first, score_cutoff=1) <= 1
    }
    return hits.pop() if len(hits) == 1 else None


def _rank_and_position(it: tuple[_Seg, int, bool]) -> tuple[int, int]:
    """Longest names first (``rank_of``), then in order of position."""
    return it[0].rank, it[1]


_FIRST_ITEM = itemgetter(0)


def _royal(
    word: str, by_word: dict[str, list[_Person]], by_royal: set[tuple[str, ...]]
) -> _Person | None:
    """The fuller name "King ``word``" stands for: "Charles III", or one ending in the
    word ("King Sihanouk" for "Norodom Sihanouk"); one it starts only if the royal name
    is what made it a person (``by_royal``: "Prince Naseem" for "Naseem Hamed")."""
    for p in by_word.get(word, ()):
        f = p.folded
        if f[-1] == word or (
            f[0] == word and (f in by_royal or (len(f) == 2 and p.words[1] in _ROMAN))
        ):
            return p
    return None


def _initial(folded: tuple[str, ...], by_word: dict[str, list[_Person]]) -> _Person | None:
    """The one person of the article "M Tait" (or "R de Marigny") can be
    (:func:`_initial_fits`: a middle name may come between), if one."""
    hits = [
        p for p in by_word.get(folded[-1], ()) if _initial_fits(folded[0], folded[1:], p.folded)
    ]
    return hits[0] if len(hits) == 1 else None


def _runs(folded: tuple[str, ...], pos: int, by_word: dict[str, list[_Person]]) -> list[_Person]:
    """The people named by runs of ``folded``, longest runs first, left to right."""
    out = []
    i, n = 0, len(folded)
    while i < n:
        for j in range(n, i, -1):
            p = _match(folded[i:j], pos, by_word, False) if folded[i] in by_word else None
            if p is not None:
                out.append(p)
                i = j
                break
        else:
            i += 1
    return out


def _match(
    folded: tuple[str, ...], pos: int, by_word: dict[str, list[_Person]], placed: bool
) -> _Person | None:
    """The person ``folded`` names or abbreviates; ``placed``: people's positions are known."""
    cands = by_word.get(folded[0])
    if not cands:
        return None
    hits = [
        p
        for p in cands
        if p.folded == folded or _affix(folded, p.folded) or _initialled(folded, p.folded)
    ]
    if len(hits) <= 1:
        return hits[0] if hits else None
    for p in hits:
        if p.folded == folded:
            return p
    if not placed:
        return min(hits, key=lambda p: p.name_pos)
    # The one mentioned last before this, else the first one mentioned after it.
    best, best_pos = None, None
    for p in hits:
        i = bisect.bisect_right(p.positions, pos)
        if i and (best_pos is None or p.positions[i - 1] > best_pos):
            best, best_pos = p, p.positions[i - 1]
    if best is not None:
        return best
    return min(hits, key=lambda p: p.positions[0])
