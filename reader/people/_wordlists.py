"""The word lists the person finder reads by, loaded once at import.

The lists themselves are packaged text under ``data/`` (one entry per line, sorted,
UTF-8; ``data/README.md`` says where each comes from): the generated name lists, and
the hand-curated lists of words that are not names, places, titles and nouns for
people. The small lists tied to the patterns and plans (``_patterns.py``, ``_plans.py``)
stay here.
"""

from __future__ import annotations

from importlib import resources


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _data(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text("utf-8")


def _name_list(name: str) -> frozenset[str]:
    """One of the packaged lists (``data/*.txt``, one entry per line; their sources
    are in ``data/README.md``; ``make_names.py`` writes the name lists)."""
    return frozenset(_data(name).split())


_SURNAMES = _name_list("surnames.txt")

# Capitalised words that are not names: function words, sentence openers,
# headline words, time words. Compared case-folded.
_STOP = _name_list("stop.txt")

# Countries, nationalities and a few big places: breakers, never given names.
_PLACES = _name_list("places.txt")

# Honorifics and capitalised roles: the words right after them are a person.
_TITLES = _name_list("titles.txt")

# Titles a one-word name keeps (see ``_plan_segment``): a monarch's is part of the name
# ("King Charles"), a peer's or a doctor's ("Dr Dre", a stage name) is kept unless the
# word joins a fuller name (a doctor's, unless the word is a known surname).
_ROYAL_TITLES = _words("king queen prince princess pope emperor empress sultan tsar tsarina")
_PEER_TITLES = _words("lord lady baron baroness sir dame duke duchess earl countess viscount")
_HONORIFICS = _words("dr")

# Lower-case nouns for people that put the next capitalised word down as a person
# ("daughter Chicago", "model Irina Shayk", "rapper Ye").
_KIN_NOUNS = _name_list("kin_nouns.txt")

# Lower-case roles that put the next two or more capitalised words down as a person
# ("coach Mike Friday"); alone they also precede companies and teams.
_ROLE_NOUNS = _KIN_NOUNS | _name_list("role_nouns.txt")

# Last words that make a segment an organisation, a place or a work, not a person.
_NOT_PERSON_LAST = _name_list("not_person_last.txt")

# Firms and things named like people, as folded full names (one a line).
_NOT_PEOPLE = frozenset(_data("not_people.txt").splitlines())

# Performers and players known by one name ("Madonna", "Ronaldo"), as written.
_MONONYMS = _name_list("mononyms.txt")

# Lower-case words that say the capitalised words after them name a work, a firm or a
# band, not a person ("the film Tom Jones", "the band Franz Ferdinand", "phone maker Sony
# Ericsson", "investment bank Morgan Stanley"), and those that do so only after "the",
# "a" or a possessive ("the show Big Brother", "its brand Wolf Blass"). Not the nouns
# that also come before a person ("property developer Donald Trump", "newspaper
# publisher Rupert Murdoch", "veteran broadcaster David Dimbleby").
_WORK_NOUNS = _words(
    """
album band documentary film franchise movie musical novel opera programme series
sitcom single song soap
airline automaker bank carmaker chipmaker company conglomerate drugmaker firm giant
insurer lender maker manufacturer outfit retailer supermarket
carrier destroyer frigate submarine tanker warship
"""
)
# What comes before "maker" when a person follows ("documentary maker Michael Cockerell").
_PERSON_MAKING = _words("documentary film movie programme policy decision peace trouble")
# What a person does "by" ("directed by Ridley Scott", "voiced by Dan Castellaneta").
_DONE_BY = _words(
    "composed created directed founded hosted illustrated narrated played presented "
    "produced sung voiced written"
)
_THING_NOUNS = _words(
    """
book brand character doll game group horse hotel label magazine newspaper play
restaurant ship show track
"""
)
_DETERMINERS = _words("the a an its his her their")
# Words of the names of regions and places ("North East", "West Sussex", "Greater
# Manchester"), never of a name no list knows.
_REGION_WORDS = _words(
    "north south east west northern southern eastern western central greater upper lower "
    "new old great"
)
# A verb of speech right before a name: "..., said Sania Mirza" ("told" is left out:
# "told Reuters", "told Sky News").
_SPEECH_BEFORE = _words("said says added")

_INITIALS_NOT_NAMES = frozenset({"u.s.", "u.k.", "u.n.", "e.u.", "u.s", "d.c.", "l.a.", "st."})

# The name particles ("van", "de", "bin"; ``_PARTICLE`` of ``_patterns.py`` is made of them).
_PARTICLES = _words(
    """
van von de der den del della da di du dos das la le bin bint ibn ter ten arap wa
"""
)
_STOP_FAST = frozenset(
    {w.capitalize() for w in _STOP} | {w.upper() for w in _STOP} | {w for w in _STOP}
)
# The title words as they are written: "Mr", "Mr.", "MR", "Secretary".
_TITLES_FAST = frozenset(
    {f(w) + dot for w in _TITLES for f in (str, str.capitalize, str.upper) for dot in ("", ".")}
)
#: Words after a surname that are no part of it ("Edgar Bronfman Jr", "Davis Love III"),
#: folded; no name starts with one.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_ROMAN = _words(
    """
I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI
"""
)
# Words a place's name starts with ("San Francisco", "New Zealand"): a chunk is not
# split at a given name right after one.
_NO_SPLIT_AFTER = _name_list("no_split_after.txt")

# Given names, strong and weak (a weak one is also an English word, "Grace", and needs
# a known surname after it); never a place or a stop word.
_FIRST = frozenset(
    w
    for w in _name_list("given.txt")
    if w.casefold() not in _PLACES and w.casefold() not in _STOP and w not in _NO_SPLIT_AFTER
)
_WEAK_FIRST = frozenset(
    w
    for w in _name_list("weak_given.txt")
    if w.casefold() not in _PLACES and w.casefold() not in _STOP
)
