"""Players in a match's figures: cricket scorecards and football substitutions.

A scorecard names its players with nothing a sentence would give ("S. Waugh b
Muralitharan 22", "Bowling : Vaas 7-0-29-0 , Dharmasena 9-0-49-1"), often by the
surname alone and in spellings no list knows. What stands right after or around such a
name says it is a player, and so a person, wherever it comes in the text:

* a bowler's figures, overs-maidens-runs-wickets ("Muralitharan 10-0-41-2");
* a batting line: the batsman, how he was out and by whom, his runs ("Moin Khan lbw b
  Mullally 0", "R. Ponting not out 46"); every run of capitalised words in it is a
  player;
* "Did not bat :" and the names up to the full stop after it;
* a substitute's minute in brackets ("( 16 - Gomez 86th )", "( Becerril 46th )").

A team's score ("Sussex 363", "Lancashire 197-8") is none of these. Prose pays two quick
looks at the whole text (``players``).
"""

from __future__ import annotations

import re

from reader.people._wordlists import _PARTICLES

# Marks that a text has a bowler's figures or a substitute's minute somewhere, each
# found from a character prose seldom has ("-", ")"), for a quick look at a whole text.
_HAS_FIGURES = re.compile(r"-\d{1,2}-\d{1,3}-\d")
_HAS_MINUTE = re.compile(r"\)(?:(?<=\d(?:st|nd|rd|th) \))|(?<=\d(?:st|nd|rd|th)\)))")
# A bowler's overs (a ball count after a dot), maidens, runs and wickets after a space or
# a line break ("10-0-41-2", "9.5-0-44-1"), and a minute before a closing bracket or
# "minute" ("Gomez 86th )", "Joakim Persson 81st minute"): the name before is a player's.
_FIGURES = re.compile(r"(?<=\s)\d{1,2}(?:\.\d)?-\d{1,2}-\d{1,3}-\d{1,2}(?![\d-])")
_MINUTE = re.compile(r"(?<=[^\W\d_]) \d{1,3}(?:st|nd|rd|th)(?= ?\)| minute)")
# How a batsman was out, between capitalised names; the line ends with his runs.
_OUT_WORDS = frozenset({"c", "b", "st", "lbw", "run", "out", "not", "retired", "hurt", "&", "and"})
_OUT_MARKS = frozenset({"b", "lbw", "st"})
_RUNS = re.compile(r"\d{1,3}\*?")
_DID_NOT_BAT = re.compile(r"Did [Nn]ot [Bb]at ?:([^.\n]*)")


def players(text: str) -> tuple[set[int], list[tuple[int, int]]]:
    """Where ``text`` names players: the ends of the names right before a bowler's
    figures or a minute, and the spans (start, end) in which every capitalised name is a
    player (a scorecard's batting lines and "Did not bat" lists, looked for only beside
    a bowler's figures). Both empty for prose, at the cost of two quick looks."""
    ends: set[int] = set()
    spans: list[tuple[int, int]] = []
    if _HAS_FIGURES.search(text):
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
        spans += [m.span(1) for m in _DID_NOT_BAT.finditer(text)]
    if ")" in text and _HAS_MINUTE.search(text):
        ends.update(m.start() for m in _MINUTE.finditer(text))
    return ends, spans


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
