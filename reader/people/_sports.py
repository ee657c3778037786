"""Players in a match's figures: scorecards, results and team sheets.

A scorecard names its players with nothing a sentence would give ("S. Waugh b
Muralitharan 22", "Bowling : Vaas 7-0-29-0 , Dharmasena 9-0-49-1"), often by the
surname alone and in spellings no list knows. What stands right after or around such a
name says it is a player, and so a person, wherever it comes in the text:

* a bowler's figures, overs-maidens-runs-wickets ("Muralitharan 10-0-41-2");
* a batting line: the batsman, how he was out and by whom, his runs ("Moin Khan lbw b
  Mullally 0", "R. Ponting not out 46"); every run of capitalised words in it is a
  player;
* a minute, after the name or in brackets after it ("( 16 - Gomez 86th )", "Nir
  Sivilia ( 57th )");
* a tennis player's sets ("Hyung-Taik Lee defeated Jan-Michael Gambill 6-3 7-6 (7-4)");
* a team sheet's label and the names after it, up to the full stop: "Did not bat",
  "Subs Not Used", "Replacements", "Booked", "Man of the Match" and their like;
* a squad's line, each name with its club in brackets, most of them shaped like
  people's ("60m: D Chin (Belgrave Harriers), J Gardener (Wessex and Bath).");
* a result's scorers, each with the minutes of his goals, in brackets after his team's
  score or after "Scorers:" ("Real Madrid 2 (Suker 23, Raul 71)"), or alone before the
  other team and its score ("Arsenal 2 (Hartson, Bergkamp) West Ham 0"); the list is read
  whole or not at all, and in such a text of results a name right before a score is a
  team, no one, wherever else it stands ("Al Hilal 3 (", "Al Hilal, who lead");
* each team's scorers after its name and a dash, the teams apart by semicolons
  ("Olympiakos - David Rivers 26, Dragan Tarlac 13; Barcelona - Arturas Karnisovas 16");
* a racket sport's result line, each player with a country in brackets and one
  beating the other, a seed's number before the name or not, then two sets or games
  ("1-Martina Hingis (Switzerland) beat Naoko Sawamatsu (Japan) 6-2 6-1").

A team's score ("Sussex 363", "Lancashire 197-8", "won 2-1") is none of these, nor a
club or a country in brackets. Prose pays four quick looks at the whole text, and one
at each colon, each semicolon, each closing bracket and each bracket opened after a number
(``players``): some 3 us an article of 2,500 characters.
"""

from __future__ import annotations

import re

from reader.people._wordlists import _FIRST, _PARTICLES, _SURNAMES

# Marks that a text has a bowler's figures, a minute or a tennis set somewhere, each found
# from a character prose seldom has ("-", ")"), for quick looks at a whole text: the
# figures (group 1) or a set, each from its first dash; the figures alone, for a text
# whose first mark is a set; a minute, from the bracket it closes or opens.
_HAS_DASHED = re.compile(
    r"-(?<=\d-)(?:(\d{1,2}-\d{1,3}-\d)|[0-7](?: \( ?\d{1,2}-\d{1,2} ?\))? [0-7]-[0-7](?!\d))"
)
_HAS_FIGURES = re.compile(r"-\d{1,2}-\d{1,3}-\d")
# (Each pattern starts with its one character: a class of two, "[()]", is scanned for
# some ten times slower.)
_CLOSES_MINUTE = re.compile(
    r"\)(?:(?<=\d(?:st|nd|rd|th) \))|(?<=\d(?:st|nd|rd|th)\))|(?<=minute \))|(?<=minute\)))"
)
_OPENS_MINUTE = re.compile(r"\((?= ?\d{1,3}(?:st|nd|rd|th)\b)")
# Right after a name, the name a player's: a bowler's overs (a ball count after a dot),
# maidens, runs and wickets after a space or a line break ("10-0-41-2", "9.5-0-44-1");
# a minute before a closing bracket ("Gomez 86th )", read back from the bracket, the
# name's end the match's start), or opening a bracket ("Nir Sivilia ( 57th )", "Aunger
# ( 41st min , pen )"); two sets or more ("6-3 7-6 (7-4)"), read from the first set's
# dash.
_FIGURES = re.compile(r"(?<=\s)\d{1,2}(?:\.\d)?-\d{1,2}-\d{1,3}-\d{1,2}(?![\d-])")
_MINUTE_BACK = re.compile(r"(?<=[^\W\d_])(?: ?,)? \d{1,3}(?:st|nd|rd|th)(?: minute)? ?\)\Z")
# How a batsman was out, between capitalised names; the line ends with his runs.
_OUT_WORDS = frozenset({"c", "b", "st", "lbw", "run", "out", "not", "retired", "hurt", "&", "and"})
_OUT_MARKS = frozenset({"b", "lbw", "st"})
_RUNS = re.compile(r"\d{1,3}\*?")
# The labels of a team sheet's lists of players, right before a colon (and a space, in
# text split into words: "Did not bat :").
_LABELS = tuple(
    label + sep
    for label in (
        *("Did not bat", "Did Not Bat", "Subs Not Used", "Subs not used", "Subs"),
        *("Substitutes", "Replacements", "Booked", "Sent off", "Sent Off"),
        *("Man of the Match", "Man of the match", "Player of the Match"),
        *("Player of the match",),
    )
    for sep in ("", " ")
)
_SCORERS_LABELS = ("corer", "corers", "corer ", "corers ")
_LABELS += _SCORERS_LABELS
_LIST_END = re.compile(r"[.\n]")
# A squad's line: names, each with its club or country in brackets, after an event's
# label ("60m: D Chin (Belgrave Harriers), J Gardener (Wessex and Bath).", "Backs: Mike
# Blair (Edinburgh Rugby), Andy Craig (Glasgow Rugby)"). Not scores: "Chelsea (4)".
_ROSTER_NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}"
_ROSTER_ITEM = rf"{_ROSTER_NAME} ?\([^()\d\n][^()\n]{{0,59}}\)"
_ROSTER = re.compile(
    rf"(?:[\w ]{{1,20}}: )?({_ROSTER_ITEM}(?:(?:, | and ){_ROSTER_ITEM})+)\.?[ \t]*\Z"
)
_ROSTER_NAMES = re.compile(rf"(?:\A|, | and )({_ROSTER_NAME}) ?\(")
# A result's scorers, in brackets after a team's score or after a label, each name with
# its minutes ("Real Madrid 2 (Suker 23, Raul 71)", "( Ronaldo 12 , 40 , Giovanni 63 pen
# )", "Scorers: Ahmed Hassan 5, Tarek Mostafa 13"): the bracket opened after a letter,
# a space and a score of one or two digits; the list read whole, or not at all.
_SCORE_OPEN = re.compile(
    r"\((?:(?<=[^\W\d_] \d \()|(?<=[^\W\d_] \d\d \()|(?<=[^\W\d_] \d\()|(?<=[^\W\d_] \d\d\())"
)
_SCORERS_LABEL = re.compile(r"(?:Goal)?[Ss]corers? ?: ?")
_B_OR_D = (" b", " d")
_BEATS = (" beat ", " bt ", " d. ", " def ", " def. ", " defeated ")
_SCORER_NAME = (
    r"(?:(?:de|da|del|di|dos|van|von|der|al|el|le|la)[ -])?[A-Z][\w'’.-]*"
    r"(?: (?!pen\b|og\b)[^\W\d_][\w'’.-]*){0,3}"
)
_MINUTE = r"\d{1,3}(?:\+\d{1,2})?(?:st|nd|rd|th)?"
_SCORER = rf"{_SCORER_NAME} {_MINUTE}(?: ?, ?{_MINUTE})*(?: (?:pen|og|o\.g\.)\b\.?)?"
_SCORERS = re.compile(rf" ?({_SCORER}(?: ?, ?{_SCORER})*)")
# Each scorer's name in a list read whole: before a minute, a comma or the bracket's end.
_SCORER_END = re.compile(rf"({_SCORER_NAME})(?= ?[,)]| \d)")


def _add_scorers(text: str, start: int, end: int, ends: set[int]) -> None:
    """Add the ends of the scorers' names in ``text[start:end]``, a list read whole, to
    ``ends``."""
    ends.update(name.end(1) for name in _SCORER_END.finditer(text, start, end))


# In a text of results, a team is the name right before its score, the score followed
# by its scorers' bracket, the line's end or the next team ("Al Hilal 3 (", "Ismaily 0
# Al Masry 0").
_TEAM_SCORE = re.compile(r"(?<=[^\W\d_]) \d{1,2}(?=[ \t]*(?:\(|\n|\Z)|[ \t]+[A-Z])")
# A racket sport's result line: each player with a country or a club in brackets, one
# beating the other, then two games or sets at least ("1-Karim Alami (Morocco) beat Dinu
# Pescariu (Romania) 6-3 6-4", "Hendrawan ( Indonesia ) beat Sun Jun ( China ) 15-10 15-7").
_SEED = r"(?:\d{1,2} ?- ?)?"
_BEAT_NAME = r"[A-Z][\w'’.-]*(?: [A-Za-z][\w'’.-]*){0,3}"
_GAME = r"\d{1,2}-\d{1,2}"
_BEAT_LINE = re.compile(
    rf"^{_SEED}({_BEAT_NAME}) ?\( ?[A-Z][^()\d\n]{{1,29}}\) (?:beat|bt|d\.|def\.?|defeated) "
    rf"{_SEED}({_BEAT_NAME}) ?\( ?[A-Z][^()\d\n]{{1,29}}\) {_GAME} (?:\( ?{_GAME} ?\) )?{_GAME}",
    re.M,
)


# Each team's scorers after its name and a dash, the teams apart by semicolons, the
# line read whole ("Olympiakos - David Rivers 26, Dragan Tarlac 13; Barcelona - Arturas
# Karnisovas 16", "Scorers: Brazil - Edmundo 37, Ronaldo 79; Bolivia - Erwin Sanchez 45").
_TEAM_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
_TEAM_DASH = re.compile(rf" ?{_TEAM_NAME} - [A-Z]")
_TEAM_SCORERS = re.compile(
    rf" ?{_TEAM_NAME} - ({_SCORER}(?: ?, ?{_SCORER})*) ?(?:(;)|\.?[ \t]*(?:\n|\Z))"
)
# A team with its country in brackets, then its score ("Olympiakos Piraeus (Greece) 73").
_TEAM_BRACKET_SCORE = re.compile(r"(?<=[^\W\d_]) ?\( ?[A-Z][^()\n]{1,29}\) \d{1,3}\b")


def _team_scorers(text: str, at: int, ends: set[int]) -> bool:
    """Add the ends of the scorers' names of the line at ``at``, made of teams and their
    scorers (``_TEAM_SCORERS``) up to its end, to ``ends``. Whether it was such a line."""
    found: set[int] = set()
    while True:
        m = _TEAM_SCORERS.match(text, at)
        if m is None:
            return False
        _add_scorers(text, m.start(1), m.end(1) + 2, found)
        if m.group(2) is None:
            ends.update(found)
            return True
        at = m.end()


# Scorers by name alone, a count after a name that scored more than once, in a result's
# line: the bracket followed by the other team and its score, another bracket or the
# line's end ("Arsenal 2 ( Hartson , Bergkamp ) West Ham 0", "Middlesbrough 3 (Ravanelli
# 3) Liverpool 3").
_NAMED_SCORERS = re.compile(
    rf" ?({_SCORER_NAME}(?: \d)?(?: ?, ?{_SCORER_NAME}(?: \d)?)*) ?\)"
    rf"(?= ?{_TEAM_NAME} \d{{1,2}}\b| ?\.?[ \t]*(?:\n|\Z)| ?\()"
)


def _named_scorers(text: str, at: int, ends: set[int]) -> bool:
    """Add the ends of the scorers' names in the result's bracket at ``at`` (names alone,
    ``_NAMED_SCORERS``) to ``ends``. Whether there was such a bracket."""
    m = _NAMED_SCORERS.match(text, at)
    if m is None:
        return False
    _add_scorers(text, m.start(1), m.end(), ends)
    return True


def _scorers(text: str, at: int, ends: set[int], close: bool) -> bool:
    """Add the ends of the scorers' names listed at ``at`` in ``text`` to ``ends``: the
    whole list, each name with its minutes, up to a closing bracket (``close``) or the
    line's end. Whether there was such a list."""
    m = _SCORERS.match(text, at)
    if m is None:
        return False
    rest = m.end()
    if close:
        if not text.startswith((")", " )"), rest):
            return False
    elif not (rest == len(text) or text[rest] in "\n." or text.startswith(" \n", rest)):
        return False
    _add_scorers(text, m.start(1), rest, ends)
    return True


def players(text: str) -> tuple[set[int], list[tuple[int, int]], set[int]]:
    """Where ``text`` names players: the ends of the names right before a bowler's
    figures, a minute or a tennis player's sets, of a result's scorers and of the players
    of a racket sport's result line; the spans (start, end) in which every capitalised
    name is a player (a scorecard's batting lines, looked for only beside a bowler's
    figures, a team sheet's labelled lists and a squad's line of names with clubs in
    brackets); and, in a text of results with scorers, the ends of the teams' names
    before their scores. All empty for prose, at the cost of a few quick looks and one at
    each colon, at each bracket closed before a comma and at each bracket opened after a
    number."""
    ends: set[int] = set()
    spans: list[tuple[int, int]] = []
    teams: set[int] = set()
    dashed = _HAS_DASHED.search(text)
    figures = dashed is not None and (
        dashed.group(1) is not None or _HAS_FIGURES.search(text, dashed.end()) is not None
    )
    if figures:
        for m in _FIGURES.finditer(text):
            e = m.start()
            while e and text[e - 1].isspace():
                e -= 1
            ends.add(e)
        at = 0
        for line in text.split("\n"):
            if _batting(line):
                spans.append((at, at + len(line)))
            at += len(line) + 1
    closing = _CLOSES_MINUTE.search(text) if ")" in text else None
    if closing is not None:  # a text with a minute closing a bracket
        for m in _CLOSES_MINUTE.finditer(text, closing.start()):
            # "Gomez 86th )", "( Corentine Martins , 22nd minute )": the name ends
            # where the minute (or its comma) starts.
            at = m.start()
            back = _MINUTE_BACK.search(text, max(0, at - 20), at + 1)
            if back is not None:
                ends.add(back.start())
        for m in _OPENS_MINUTE.finditer(text):
            # "Nir Sivilia ( 57th )": the name ends before the bracket.
            at = m.start()
            at -= text[at - 1 : at] == " "
            if at > 0 and text[at - 1].isalpha():
                ends.add(at)
    if dashed is not None:
        for m in _HAS_DASHED.finditer(text, dashed.start()):
            at = m.start() - 2  # the space before the first set: "Gambill 6-3 7-6"
            if m.group(1) is None and at > 0 and text[at] == " " and text[at - 1].isalpha():
                ends.add(at)
    # Each line with a bracket closed before a comma, once; and whether a bracket closes
    # after a minute (a result's scorers) or before who beat whom. (A loop over the
    # brackets: ``str.find`` of "), " takes some ten times longer than of ")".)
    scored = beaten = False
    mark = text.find(")")
    while mark >= 0:
        if not text.startswith(", ", mark + 1):
            if not scored:
                # A bracket opened right after a score: "Arsenal 2 (Hartson, Bergkamp)"
                opened = text.rfind("(", max(0, mark - 300), mark)
                scored = opened > 2 and (
                    text[opened - 1].isdigit()
                    or (text[opened - 1] == " " and text[opened - 2].isdigit())
                )
            if not beaten and text.startswith(_B_OR_D, mark + 1):
                beaten = text.startswith(_BEATS, mark + 1)
            mark = text.find(")", mark + 1)
            continue
        start = text.rfind("\n", 0, mark) + 1
        end = text.find("\n", mark)
        if end < 0:
            end = len(text)
        squad = _ROSTER.match(text, start, end)
        if squad is not None and _people_named(squad.group(1)):
            spans.append(squad.span(1))
        mark = text.find(")", end)
    if scored:
        results = False
        for m in _SCORE_OPEN.finditer(text):
            at = m.end()
            results = _scorers(text, at, ends, True) or _named_scorers(text, at, ends) or results
        if results:
            # The teams of a text of results: no one, even where a name's shape says so.
            for m in _TEAM_SCORE.finditer(text):
                if m.start() not in ends:
                    teams.add(m.start())
    if beaten:
        for m in _BEAT_LINE.finditer(text):
            ends.add(m.end(1))
            ends.add(m.end(2))
    # Lines of teams and their scorers, each found from its first semicolon.
    semi = text.find(";")
    team_lines = False
    while semi >= 0:
        if _TEAM_DASH.match(text, semi + 1) is not None:
            at = text.rfind("\n", 0, semi) + 1
            labelled = text.find(": ", at, semi)  # after a label: "Scorers: Brazil - ..."
            team_lines = (
                _team_scorers(text, labelled + 2 if labelled >= 0 else at, ends) or team_lines
            )
            semi = text.find("\n", semi)
            if semi < 0:
                break
        semi = text.find(";", semi + 1)
    if team_lines:  # once for the whole text (not once a line: 4,000 lines took 13 s)
        for m in _TEAM_BRACKET_SCORE.finditer(text):
            teams.add(m.start())
    colon = text.find(":")
    while colon > 0:
        if text.endswith(_LABELS, max(0, colon - 20), colon):
            if text.endswith(_SCORERS_LABELS, max(0, colon - 20), colon):
                label = _SCORERS_LABEL.search(text, max(0, colon - 13), colon + 2)
                if label is not None:
                    _scorers(text, label.end(), ends, False)
            else:
                stop = _LIST_END.search(text, colon)
                spans.append((colon + 1, stop.start() if stop else len(text)))
        colon = text.find(":", colon + 1)
    spans.sort()
    return ends, spans, teams


def _people_named(roster: str) -> bool:
    """Whether most names of a squad's line are shaped like people's: an initial or a
    known given name first, or a known surname last (not "Ajax (Netherlands), Juventus
    (Italy)")."""
    names = _ROSTER_NAMES.findall(roster)
    people = 0
    for name in names:
        words = name.split()
        first = words[0].rstrip(".")
        people += len(words) > 1 and (len(first) == 1 or first in _FIRST or words[-1] in _SURNAMES)
    return people * 2 > len(names)


def _batting(line: str) -> bool:
    """Whether ``line`` is a scorecard's batting line: a capitalised name first, then
    only capitalised names, particles and the words of how he was out (one of "b",
    "lbw", "st", or "run out", "not out"), and his runs last."""
    words = line.split()
    if len(words) < 3 or not words[0][:1].isupper() or not _RUNS.fullmatch(words[-1]):
        return False
    marked = False
    for w in words[1:-1]:
        if w in _OUT_WORDS:
            marked = marked or w in _OUT_MARKS or w == "out"
        elif not (w[:1].isupper() or w in _PARTICLES):
            return False
    return marked
