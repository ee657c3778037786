"""Finding the raw mentions of people in one article, and mapping them through the
user's aliases: pure Python, picklable, run in the import's worker processes.

A raw mention is what :func:`find_mentions` reports before aliases apply;
:func:`canonical` maps raw keys through the user's merges and aliases (the SQL that
stores them is in :mod:`reader.storage.people_write`)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: Aliases this long or shorter are matched with their case as written ("Ye", not "ye").
SHORT_ALIAS = 4

#: Bump when the finder finds people differently: a database whose people an older one
#: found has them all found again from the stored text, by the next import, refresh or
#: ``reader people`` (the user's renames, merges, aliases and hidings, keyed by names,
#: apply to what is found again). 2: the finder of issue #16 (lists, titles, works). 3: keys
#: read a hyphen as a space and spell out "æ", "ø" and the like, so spelling variants are
#: one person across the archive (the stored keys are made again first). 4: names no list
#: knows, found from what the text does with them ("Sania Mirza" ... "Mirza said"). 5: a
#: given name last in a name is its surname ("Linford Christie"), "( U.S. )" after a name.
#: 6: a country's or a team's possessive before such a name ("Thailand's Paradorn Srichaphan").
#: 7: such names found in one article are known in the others (``AliasScanner.known``).
#: 8: "Man Utd" is a club. 9: "Gen" and "Capt" are titles. 10: a firm's noun before a name
#: ("phone maker Sony Ericsson") and a firm's or a band's last word ("Electronic Arts").
#: 11: a show before its star ("Little Britain stars Matt Lucas"); a mononym next to other
#: capitalised words ("Barcelona's Ronaldinho"). 12: "directed by", "voiced by" ... before a
#: name, family after its possessive ("Ozzy Osbourne's wife"); "Walt Disney", "King Kong".
#: 13: an initial before a surname with a particle ("R de Marigny" is Roland de Marigny).
#: 14: a place or a prize named after someone ("the Carlton Ritz hotel") is a thing.
#: 15: two initials without stops before a surname, after a role ("author JK Rowling").
#: 16: "May" after a given name is a surname ("Theresa May"); "Lib Dem" is a party.
#: 17: a scorecard's players ("Muralitharan 10-0-41-2", "Moin Khan lbw b Mullally 0") and a
#: substitute's minute ("( 16 - Gomez 86th )"). 18: a name no list knows with a role in
#: commas after it ("Hen Vipheak, former editor of"). 19: a longer role after a role word
#: ("deputy chief economist at").
#: 20: a tennis player's sets, a minute opening a bracket, a team sheet's labels ("Subs Not
#: Used:"), not a team in brackets or a country.
#: 21: a role and a comma before such a name ("his counterpart, Kang Young-hoon"); a minute
#: after a comma ("( Corentine Martins , 22nd minute )"); warships and tankers are things;
#: "Red Star" is a club.
#: 22: a reporter's byline or sign-off ("By Mishi Saran", "-- Amra Kevic , Belgrade newsroom").
#: 23: a squad's line ("D Chin (Belgrave Harriers), J Gardener (Wessex and Bath)"); nothing
#: in a list's brackets is a list item ("(Sale/ENG)").
#: 24: names known by their shape: an East Asian surname and a given name of two syllables
#: of pinyin or joined by a hyphen ("Wen Jiabao", "Kang Young-hoon"), Burmese name words.
#: 25: 380 given names of news from Asia, Africa and the Balkans ("Olusegun", "Kazuhiro").
#: 26: "Will" and "Per" start a name in mid-sentence or in a statement, not in a question
#: ("Wilkinson, Will Greenwood", "spokesman Per Zetterquist"; not "Will Tory tax cuts lift
#: spirits?").
#: 27: a given name of two known ones joined by a hyphen ("Jean-Claude", "Olli-Pekka").
#: 28: a character: a name after "stars as", "cast as", "his role as", or after "plays" with a
#: work after it ("plays Dot Ryle in the BBC soap"; not "plays Federer in the final").
#: 29: a character "played by" someone; a weak given name before a place is no name alone
#: ("Little Britain"); "Sony Ericsson" is a firm.
#: 30: "general" is a role in commas after a name ("Iqbal Sacranie, secretary general of").
#: 31: "who" and a verb one person takes, in commas after such a name ("Tanni Grey Thompson,
#: who has won"; not "St Helens, who are").
#: 32: a misspelt name the text makes someone joins the one person of the article it is a
#: slip of ("Mr Iliaronov" and Andrei Illarionov, "Mihkail Khodorkovsky").
#: 33: a Japanese given name of three morae or more before a known surname ("Wataru Kubo").
#: 34: a hyphened East Asian given name before the surname, Western order ("Hyung-Taik Lee").
#: 35: a Burmese name goes on through "Than", a stop word too ("Hla Than").
#: 36: a firm after "shares in", "a stake in", "the takeover of" ("shares in William Hill");
#: five British firms named like people in not_people.txt.
#: 37: a word longer than 40 letters is no name's (hostile text: "Lee Aa-Aa-Aa-...").
#: 38: words before a name that are not the name: a role in the plural ("Sprinters Kostas
#: Kenteris and"), an organisation ("Child Support Agency Doug Smith"), a nationality
#: ("Australian Lynton Crosby", "Scot"); a name that ends as an organisation or a title is
#: nobody ("Roman Catholic Archbishop"); "Speaker" is a title; a monarch's name before a
#: station is a place; three brands.
#: 39: a headline's surname first beside another word is no name ("Blunkett Sheffield
#: trip"); regions and places alone are nobody ("official North East"); "DR Congo"; a
#: thing's kin is no person ("its sister Maxtel", "the sister Xiluodu dam").
#: 40: one word between two titles is the second's ("Deputy Health Minister Rhona
#: Brankin"); action, division, plan and rugby end no name; "Comic Relief", "Mother Nature".
#: 41: "I" before a verb in a quote is the pronoun ("told John I will"; "Pedro I" stays); a
#: name made an adjective ends there ("George Bush-style"); "St." is no initial; aid,
#: agreement, foods, hotel, isle, lite, management, parade, presidency, tobacco end no name;
#: six places, brands and teams in not_people.
#: 42: a name without its middle initials is the one with them ("George Bush" of "George W
#: Bush"), in an article and across the archive (``people_merge.merge_middle_initials``).
#: 43: "who plays X in" a capitalised title names a character ("Teri Hatcher, who plays Susan
#: Mayer in Desperate Housewives"); not a place, a month or a day after "in".
#: 44: a work before its director, author, presenter, judge ... is no person ("Vera Drake
#: director Mike Leigh", "Pop Idol judge Simon Cowell"); "who plays X in The Royle Family";
#: "Mac Mini".
#: 45: a band, a firm or a character of not_people.txt listed beside people stays no person
#: ("Johnny Depp and Franz Ferdinand").
#: 46: a name after a possessive written inside a word ("eBay's Meg Whitman"); "pioneer" is a
#: role.
#: 47: a team's plural nickname ends no name ("Bradford Bulls", "Leeds Rhinos").
#: 48: a known given name and a known surname that also ends a place's or a firm's name is
#: someone where the text says so ("managing director Andy Street", "Barbara Castle, 91,").
#: 49: two given names joined by a hyphen split a chunk as one known given name does
#: ("Belgian Jean-Michel Saive", "the Child Support Agency Jean-Luc Marsh").
#: 50: characters after "stars as" and a description ("her role as boxer Maggie
#: Fitzgerald") or titled and "played by"; "nominated for" a work; an "award" named after
#: someone; an age word before a name of unknown words ("14-year-old Yuya Yagira"); a
#: band after a kin noun and a comma; "Mr Bronfman" joins "Edgar Bronfman Jr".
#: 51: "Will" after a role starting a chunk is a given name ("Striker Will Grigg");
#: "Cent" and "Cop" end no name; "Sgt Pepper" is nobody.
#: 52: two initials before a surname that is also a given name, last in its chunk ("author
#: JM Barrie"); Vietnamese names of three words ("Nguyen Van Minh"); 26 given names and 24
#: role and kin nouns of the arts and technology ("Cate", "commissioner", "composer").
#: 53: characters after "voices" or a game or a book that "follows" them; the cues a few
#: words before a name are read near the start of a text too.
#: 54: in a text about a film or a show, a part played is a character ("will play Nisha
#: Kapoor", "Billie Piper as his companion Rose Tyler", "the role of", "characters include");
#: "appearance as"; words alone listed with a mononym ("Madonna, Pink and Dido"); a role
#: before one word no name has ("Star Wars"); "X, which"; "Analyst Y of Piper Jaffray";
#: "Breakthrough Breast Cancer"; a nationality after a kin noun.
#: 55: a name after "director of" (a firm's or a group's role) is unsure there; so is one
#: right after someone's possessive ("Mike Leigh's Vera Drake"); "housemate" is a kin noun.
#: 56: "Shakin' Stevens" keeps the apostrophe of a letter left out (not a possessive); a
#: name's key drops an apostrophe at a word's end.
#: 57: a part played ("plays", an actor's "as", "the role of") leaves the name unsure only
#: where it stands (a biopic's real people are played too); "stars as" and the like still
#: make a character of it in the whole article.
#: 58: a part played is never made a person by a list; a comma between "plays" and a
#: name only right before it; "plays Lady Dedlock" (a title after "plays").
#: 59: a result's scorers with their minutes ("Real Madrid 2 (Suker 23, Raul 71)",
#: "Scorers: Ahmed Hassan 5") are people and its teams no one; a racket sport's result
#: lines name their players, a seed's number before them or not ("1-Martina Hingis").
#: 60: titles with a hyphen ("Lieutenant-General", "vice-president") and "General" before a
#: name of two words; a name no list knows that tells reporters is someone; places named
#: after someone ("Jomo Kenyatta International Airport", "Estadio Hernando Siles", "at the
#: Santiago Bernabeu.") are no one.
#: 61: "arap" and "bint" are particles ("Daniel arap Moi"); a title that is a given name
#: before "bin" starts the name ("Prince Sultan bin Abdul-Aziz"); "Leftist", "Veteran",
#: "Crown" and their like start no name; given names of world news added ("Luiz").
#: 62: "politician", "lawmaker", "magnate", "industrialist", "financier" and their like
#: are roles before a name; "Hang Seng", "Julius Baer", "Henderson Land" are firms.
#: 63: each team's scorers after its name and a dash, the teams apart by semicolons
#: ("Olympiakos - David Rivers 26; Barcelona - Arturas Karnisovas 16") are people, and the
#: teams with a country in brackets before their scores no one.
#: 64: a result's scorers named alone in its brackets ("Arsenal 2 ( Hartson , Bergkamp )
#: West Ham 0") are people.
#: 65: "Secretary-General" and its like are titles; "wa" is a particle ("Kengo wa
#: Dondo"); a given name with its umlaut written as two letters is known ("Bjoern").
#: 66: a theatre's or a novel's text is about a performed work; "returns as his mentor X"
#: and "the show's best-known character is X" (or "character, X") are parts played.
#: 67: some 110 well-known characters of films, shows, books, games and cartoons are no
#: one ("Obi-Wan Kenobi", "Peter Parker", "Elizabeth Bennet").
#: 68: "Working Title", "Industrial Light", "Christian Voice" are firms and groups, "Axel
#: F" and "Billie Jean" songs; "Hotels" and "Animations" end no name; "Briton" and
#: "Spaniard" are nationalities.
FINDER_VERSION = 68


class Mention(NamedTuple):
    """A raw mention of one person in one article.

    A named tuple, not a dataclass: the import's workers send back millions of them,
    and a tuple pickles in a fraction of the time.
    """

    #: The folded name (:func:`reader.people.name_key`).
    key: str
    #: The name as written.
    name: str
    #: How many times the article names them.
    times: int
    #: The offset of the first mention in the body; None when only the title or dek does.
    first: int | None


MentionValues = tuple[str, str, int, "int | None"]
"""A :class:`Mention`'s values as a plain tuple, which a :class:`Mention` is too: how
mentions cross from the import's workers, and all that writing them needs (they are
only unpacked), so the writer makes no object for each one."""

#: ``_mention(Mention, (key, name, times, first))`` makes a :class:`Mention` without the
#: named tuple's Python ``__new__``: the finder makes ten an article, at a third of the cost.
_mention = tuple.__new__


@dataclass(frozen=True)
class AliasScanner:
    """Finds the user's text aliases as whole words in a body (picklable, for workers),
    and carries what the archive knows to the finder.

    ``aliases`` are ``(alias as written, alias key)``. An occurrence inside a mention
    the finder already reported is not counted again. ``known`` are the keys of the
    people found elsewhere whose names no list knows
    (:func:`reader.people.extract.needs_context`): the finder takes them for people
    wherever their full names stand.
    """

    aliases: tuple[tuple[str, str], ...]
    known: frozenset[str] = frozenset()
    _pattern: list[re.Pattern[str]] = field(default_factory=list, compare=False, repr=False)
    _known_text: list[str] = field(default_factory=list, compare=False, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with ``known`` as one string, made once: the import sends the scanner
        with each chunk of files, and a set of thousands of names pickled and unpickled
        each time cost milliseconds (see :func:`_known_from`)."""
        if not self._known_text:
            self._known_text.append("\n".join(sorted(self.known)))
        return (_scanner_from, (self.aliases, self._known_text[0]))

    def __bool__(self) -> bool:
        return bool(self.aliases)

    def pattern(self) -> re.Pattern[str]:
        if not self._pattern:
            parts = []
            for text, _ in self.aliases:
                escaped = re.escape(text)
                short = len(text) <= SHORT_ALIAS
                parts.append(f"({escaped})" if short else f"(?i:({escaped}))")
            self._pattern.append(re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"))
        return self._pattern[0]

    def count(self, body: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
        if not self.aliases:
            return []
        starts = sorted(spans)
        found: dict[str, list[Any]] = {}  # key -> [name, count, first]
        for m in self.pattern().finditer(body):
            s, e = m.span()
            i = bisect.bisect_left(starts, (e, e))
            if i and starts[i - 1][1] > s:
                continue  # inside a mention the finder reported
            text, key = self.aliases[(m.lastindex or 1) - 1]
            hit = found.get(key)
            if hit is None:
                found[key] = [text, 1, s]
            else:
                hit[1] += 1
        return [_mention(Mention, (key, text, n, first)) for key, (text, n, first) in found.items()]


def _scanner_from(aliases: tuple[tuple[str, str], ...], known: str) -> AliasScanner:
    """An :class:`AliasScanner` unpickled (see its ``__reduce__``)."""
    return AliasScanner(aliases, _known_from(known))


#: The set of the last ``known`` string unpickled here: a worker receives the same one with
#: every chunk, and comparing it costs far less than making the set again.
_KNOWN_SEEN: dict[str, frozenset[str]] = {}


def _known_from(text: str) -> frozenset[str]:
    known = _KNOWN_SEEN.get(text)
    if known is None:
        known = frozenset(text.split("\n")) if text else frozenset()
        _KNOWN_SEEN.clear()
        _KNOWN_SEEN[text] = known
    return known


def find_mentions(
    body: str, title: str, dek: str | None, scanner: AliasScanner | None = None
) -> list[Mention]:
    """The raw mentions of people in one article (what the import stores, before aliases):
    ``find_people``'s, read from what it finds before it makes ``PersonMention`` tuples."""
    from reader.people.extract import found_people

    known = scanner.known if scanner is not None else frozenset()
    found = found_people(body, title or "", dek or "", known)
    out = [
        _mention(Mention, (key, name, p.count, p.spans[0][0] if p.spans else None))
        for p, name, key in found
    ]
    if scanner:
        out += scanner.count(body, [span for p, _, _ in found for span in p.spans])
    return [m for m in out if m.key]


def _first(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def canonical(mentions: Iterable[MentionValues], aliases: dict[str, str]) -> dict[str, list[Any]]:
    """``key -> [name, count, first]`` per person, raw keys mapped through ``aliases``."""
    out: dict[str, list[Any]] = {}
    for key, name, count, first in mentions:
        key = aliases.get(key, key)
        have = out.get(key)
        if have is None:
            out[key] = [name, count, first]
        else:
            have[1] += count
            have[2] = _first(have[2], first)
    return out
