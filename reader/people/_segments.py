"""The candidates of the person finder in one text: its chunks of capitalised words, cut
into segments as ``_plans`` says, each judged where it stands (the word before it, an
age after it, quotes around it) a person, a possible short form of one, nobody, or the
name of a work or a thing (which the whole article then never takes for a person).

The rules are told in ``extract.py``'s docstring ("Candidates", "Who is a person");
``find_people`` there joins what this module finds.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from reader.people._context import _OPENERS, _WRAPS
from reader.people._lists import (
    _propagate_lists,
    _with_list_items,
    _with_mononym_list,
    listed,
)
from reader.people._patterns import (
    _AGE,
    _CAST_AS,
    _CHUNK,
    _HELD_IN,
    _IN_A_WORK,
    _NOT_BEFORE,
    _PAREN,
    _PLAYED_BY,
    _PLAYS,
    _SAYS_AFTER,
    _THING_AFTER,
    _WHO_ONE,
    _WINDOW,
    _WORK_AFTER,
    _fold,
    _fold_word,
    _person_key,
    _strip_possessive,
    bylined,
    in_open_bracket,
    role_after,
    role_before,
)
from reader.people._plans import (
    _MAYBE,
    _MONONYM,
    _NAMED_PLANS,
    _NAMELIKE,
    _PART,
    _PERSON,
    _PLANS,
    _STOP_WORD,
    _WORDS,
    _WORK,
    NAMED_STOPS,
    _plan_chunk,
    _Seg,
    _SegPlan,
    _word_plan,
    rank_of,
)
from reader.people._sports import players
from reader.people._wordlists import (
    _DETERMINERS,
    _DONE_BY,
    _INITIALS_NOT_NAMES,
    _KIN_NOUNS,
    _NOT_PERSON_LAST,
    _PARTICLES,
    _PERSON_MAKING,
    _PLACES,
    _REGION_WORDS,
    _ROLE_NOUNS,
    _SPEECH_BEFORE,
    _STOP,
    _STOP_FAST,
    _THING_NOUNS,
    _TITLES,
    _WORK_NOUNS,
)


def _word_before(text: str, start: int) -> str:
    """The lower-case word right before ``start`` (one space between), or ""."""
    if start < 3 or text[start - 1] not in " \u00a0" or not text[start - 2].islower():
        return ""
    lo = start - _WINDOW if start > _WINDOW else 0
    return text[text.rfind(" ", lo, start - 1) + 1 : start - 1]


_CUE_NOUNS = _WORK_NOUNS | _THING_NOUNS


def _names_work(text: str, start: int, word: str) -> bool:
    """Whether ``word``, right before ``start``, says a work, a firm or a thing follows
    ("the film", "phone maker", "its brand"; not "documentary maker"; see ``_context``)."""
    word_start = start - len(word) - 1
    if word in _WORK_NOUNS:
        if word != "maker":
            return True
        before = _word_before(text, word_start).lower().split()  # "were.\n\nDocumentary"
        return not before or before[-1] not in _PERSON_MAKING
    return word in _THING_NOUNS and _word_before(text, word_start).lower() in _DETERMINERS


def _done_by(text: str, by: int) -> bool:
    """Whether the "by" at ``by`` follows what a person does ("directed by", "voiced by")."""
    before = _word_before(text, by).lower().split()  # the last word: "\n\nDirected"
    return bool(before) and before[-1] in _DONE_BY


def _wrapped(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands alone in double quotes or Markdown emphasis."""
    return (
        start > 0
        and text[start - 1] in _OPENERS
        and end < len(text)
        and (text[start - 1], text[end]) in _WRAPS
    )


def _spoken(text: str, start: int, end: int, full: bool = True) -> bool:
    """Whether the text treats ``text[start:end]`` as someone: it says, tells or is "who"
    right after ("Sania Mirza said", "Sania Mirza, who"), or "said", an age or (before a
    ``full`` name, not one word: "Belgium's Interbrew") a country's or a team's possessive
    comes right before ("..., said Sania Mirza", "18-year-old Sania Mirza", "Thailand's
    Paradorn Srichaphan", "Juventus 's Zinedine Zidane")."""
    if _SAYS_AFTER.match(text, end):
        return True
    word = _word_before(text, start)
    return (
        word in _SPEECH_BEFORE
        or word.endswith("-year-old")
        or (full and word.endswith(_POSSESSIVE) and (len(word) == 2 or word[0].isupper()))
    )


_POSSESSIVE = ("'s", "’s")


#: Words after which a capitalised word names a place, a firm or a paper, not someone.
_NOT_ALONE_AFTER = frozenset({"of", "the"})


# The country and place initials as a bracket's text is read (folded: "( U.S. )" is "us").
_INITIALS_FOLDED = frozenset(map(_fold, _INITIALS_NOT_NAMES))


# What an age in commas starts with (``_AGE``), for one quick look before the pattern's.
_COMMAS = (",", " ,")
_WHICH = (", which ", " , which ")
_APOSTROPHES = ("'", "’")
#: Between a person and a name of theirs: a firm, a band, a work.
_OWNED = frozenset({" of ", "'s ", "’s "})
#: Who runs or speaks for a firm or a group, before "of" and its name.
_RUNS_A_FIRM = frozenset(
    {"director", "chairman", "chairwoman", "chairperson", "chief", "executive", "boss"}
    | {"founder", "co-founder", "president", "head", "spokesman", "spokeswoman", "owner"}
    | {"spokesperson", "editor", "member", "members", "ceo", "manager", "managers"}
)
_LOWER_WORD_NEXT = re.compile(r"[ \u00a0][a-z]")


def _in_brackets_of_someone(inside: str) -> bool:
    """Whether a bracket's folded text after a name says it is someone's: a place, a role
    or a country's initials ("( Trinidad )", "(captain)", "( U.S. )")."""
    return inside in _PLACES or inside in _ROLE_NOUNS or inside in _INITIALS_FOLDED


# " in " and a capitalised word after a character's name: "who plays Susan Mayer in
# Desperate Housewives" (not a place, a month or a day: "playing Switzerland in Dublin").
_IN_CAPITAL = re.compile(r"[ \u00a0]in[ \u00a0](?:The[ \u00a0])?([A-Z][\w'’-]+)")


def _in_a_title(text: str, end: int) -> bool:
    """Whether a title of a work, capitalised, follows the name ending at ``end``."""
    m = _IN_CAPITAL.match(text, end)
    if m is None:
        return False
    word = m.group(1).lower()
    return word not in _PLACES and word not in _STOP and word not in _REGION_WORDS


# A character's name a few words after its cue (``_character_before``): "stars as", "her
# role as" or "voices", or a game, a novel or a cartoon that "follows" them, and up to three
# lower-case words ("stars as Gregory House", "stars as the perfectionist Bree Van de
# Kamp", "voices corrupt police officer Frank Tenpenny", "The book follows Nick Guest";
# not a film, often of a real life).
#
# In a text about a performed work (``_STAGED``), also a part played: "will play Nisha
# Kapoor", "plays divorcee Susan Mayer", "will play his companion, Rose Tyler", "plays the
# Austrian fashion presenter Bruno" (not "plays opposite Martin Henderson"; in a report of
# a match, "will play Cyril Saulnier" is an opponent); an actor's name and "as" ("Martin
# Henderson as Will Darcy", "Billie Piper as his companion Rose Tyler"; not "portrays",
# said more of real people: "Aidan Quinn portrays Harry Boland"); "the role of" ("take the
# role of physicist Gordon Freeman"); a show's characters named ("whose characters include
# teenage delinquent Vicky Pollard and wheelchair user Andy").
#
# The cues' words, each found from the space before it: "as", "voices", "follows", a verb
# of playing, "role of", "character". Most names have none before them.
_ANY_CUE = re.compile(r" (?:as |voic|follows |play|role |charac)")
_VOICES = frozenset({"voices", "voicing"})
_PLAY_FORMS = frozenset({"play", "plays", "played", "playing"})
#: Right before a titled name, the cue words of a character, and their last letters (one
#: look at a character before the longer ones).
_TITLED_PART = tuple(f" {w} " for w in ("as", *sorted(_PLAY_FORMS)))
_TITLED_PART_LAST = frozenset(w[-2] for w in _TITLED_PART)
_CHARACTERS = frozenset({"character", "characters"})
#: What "follows" a character.
_FOLLOWED = frozenset({"game", "novel", "book", "sequel", "comic", "cartoon", "sitcom"})
_STAGED = (
    *(" actor", " actress", " film", " movie", " soap", " sitcom", " episode", " starring"),
    *("co-star", " comedy", " comedian", " musical", " screenplay", " cartoon", " theatre"),
    *(" theater", " novel"),
)
_RETURNS = frozenset({"returns", "returned", "returning"})
_IS_WAS = ("is ", "was ")
# Between the cue and the name: lower-case words; after a verb of playing, any words but
# these ("plays opposite", "played alongside", "played by", "played down").
_LOWER_WORDS = re.compile(r"(?:[a-z][\w'-]*[ \u00a0]){0,3}\Z")
_NOT_PART = (
    "with|alongside|opposite|against|for|in|at|on|to|under|and|or|beside|before|after|like"
    "|by|down|up|off|out|host|hosts|himself|herself|themselves"
)
# (A comma only before the name: "will play his companion, Rose Tyler", not "plays Lady
# Dedlock, while Anna Maxwell Martin".)
_PART_WORD = rf"(?!(?:{_NOT_PART})\b)[\w'-]+"
_PART_WORDS = re.compile(rf"(?:{_PART_WORD}[ \u00a0]){{0,3}}(?:{_PART_WORD},?[ \u00a0])?\Z")
_DESCRIBED = re.compile(r"(?:(?:the|his|her|their|a|an|[a-z][\w'-]*),?[ \u00a0]){0,3}\Z")
_NAMED_AFTER = re.compile(
    r"(?:include|includes|including|such[ \u00a0]as|like|called|named)[ \u00a0]"
    r"[^.!?;:\n]{0,45}\Z"
)
#: How far before a name the cues of a character are looked for.
_CUE_NEAR = 60
_LAST_STAGED: list[tuple[str, bool]] = [("", False)]


def _staged(text: str) -> bool:
    """Whether ``text`` is about a performed work (``_STAGED``), read once for the last
    text asked about (the pair is replaced whole: a thread reading meanwhile sees one)."""
    last = _LAST_STAGED[0]
    if last[0] is text:
        return last[1]
    low = " " + text.lower()  # "Soap star to play Rose Tyler": a headline's first word too
    staged = any(word in low for word in _STAGED)
    _LAST_STAGED[0] = (text, staged)
    return staged


def _character_before(text: str, start: int, end: int) -> int | None:
    """What a cue a few words before the name at ``start:end`` (the cues are told above
    ``_ANY_CUE``) makes of it: a character, a work wherever the article names it, after
    "stars as", "voices", a game that "follows" them or "characters include"; a part
    played (``_PART``: unsure there) after "plays", an actor's "as" or "the role of", as
    a biopic plays real people too ("plays the writer Truman Capote"); else None."""
    near = start - _CUE_NEAR if start > _CUE_NEAR else 0
    return _cue_verdict(text, _ANY_CUE.search(text, near, start), near, start, end)


def _cue_verdict(
    text: str, cue: re.Match[str] | None, near: int, start: int, end: int
) -> int | None:
    """``_character_before`` from the first cue word found (``cue``, between ``near``
    and ``start``) on. Not a name in the possessive, whose part is what follows ("to play
    Ian Fleming's spy")."""
    if cue is None or text.startswith(_POSSESSIVE, end):
        return None
    while cue is not None:
        at = cue.start() + 1  # the cue's word
        space = text.find(" ", at, start)
        if space < 0:
            return None
        word, after = text[at:space], space + 1
        if word == "as":
            before = text.rfind(" ", near, at - 1) + 1 or near
            if before < at - 1 and text[before].isupper():
                # "Martin Henderson as Will Darcy": a capitalised word before "as"
                if _DESCRIBED.match(text, after, start) is not None and _staged(text):
                    return _PART
            elif (  # "stars as", "co-stars as"
                text[before : at - 1].rpartition("-")[2] in _CAST_AS
                and _LOWER_WORDS.match(text, after, start) is not None
            ):
                return _WORK
            elif (  # "Ewan McGregor returns as his mentor Obi-Wan Kenobi"
                text[before : at - 1] in _RETURNS
                and _DESCRIBED.match(text, after, start) is not None
                and _staged(text)
            ):
                return _PART
        elif word in _VOICES:
            if _LOWER_WORDS.match(text, after, start) is not None:
                return _WORK
        elif word == "follows":
            work = _word_before(text, at)
            if (
                work in _FOLLOWED or (work[-1:] == "s" and work[:-1] in _FOLLOWED)
            ) and _LOWER_WORDS.match(text, after, start) is not None:
                return _WORK
        elif word in _PLAY_FORMS:
            if _PART_WORDS.match(text, after, start) is not None and _staged(text):
                return _PART
        elif word == "role":
            if (
                text.startswith("of ", after)
                and _LOWER_WORDS.match(text, after + 3, start) is not None
                and _staged(text)
            ):
                return _PART
        elif (
            word in _CHARACTERS
            and _NAMED_AFTER.match(text, after, start) is not None
            and _staged(text)
        ):
            return _WORK
        elif (
            (word == "character," and after == start)
            or (word == "character" and text[after:start] in _IS_WAS)
        ) and _staged(text):
            # "The show's best-known character is Lauren Cooper", "its main character,
            # Carl Johnson": unsure there
            return _PART
        cue = _ANY_CUE.search(text, space, start)
    return None


def _played_by(text: str, end: int) -> bool:
    """Whether an actor plays the name ending at ``end``: "Ken Barlow, played by William
    Roache", "Lord Voldemort (voiced by"."""
    return (
        text.startswith(_COMMA_OR_BRACKET, end)
        and text.find("ed by ", end, end + 20) > 0  # before the pattern: team sheets
        and _PLAYED_BY.match(text, end) is not None
    )


#: The words before "for" that make a work of the name after ("nominated for Vera Drake").
_NOMINATED = frozenset({"nominated", "nomination", "nominations", "shortlisted"})

_COMMA_OR_BRACKET = (",", " (", " ,", "(")
#: The end of a phrase right after a name: a stop, or a word that starts another phrase
#: ("the Santiago Bernabeu on Sunday"), not a noun the name qualifies ("the Blair
#: government").
_PHRASE_END = re.compile(
    r"[ \u00a0]?[.,;:!?)\n]|\Z|[ \u00a0](?:on|in|at|for|with|where|which|when|last|this|to|from)\b"
)
_TOLD = re.compile(
    r" (?:told|tells) (?:reporters|journalists|a news conference|a press conference)\b"
)
_BYLINE_LEADS = frozenset({"By ", "BY ", "by ", "-- "})


def _classify(plan: _SegPlan, start: int, end: int, text: str) -> int:
    """Whether the segment of ``plan`` at ``start:end`` in ``text`` is a person
    (``_PERSON``), may join one (``_MAYBE``), is nobody (-1), or names a work (``_WORK``)."""
    word = ""
    if start > 2 and text[start - 1] in " \u00a0" and text[start - 2].islower():
        # The lower-case word before, as ``_word_before`` reads it.
        lo = start - _WINDOW if start > _WINDOW else 0
        word = text[text.rfind(" ", lo, start - 1) + 1 : start - 1]
        if word in _CUE_NOUNS and _names_work(text, start, word):
            return _WORK
        # Most names have no cue's word before them: one quick look, the call only after.
        near = start - _CUE_NEAR if start > _CUE_NEAR else 0
        found = _ANY_CUE.search(text, near, start)
        cue = _cue_verdict(text, found, near, start, end) if found else None
        if cue == _WORK:
            return _WORK  # "her role as boxer Maggie Fitzgerald"
        if word in _PLAYS and (
            _IN_A_WORK.match(text, end)
            # "Teri Hatcher, who plays Susan Mayer in Desperate Housewives"
            or (text.endswith(" who ", 0, start - len(word) - 1) and _in_a_title(text, end))
        ):
            return _WORK  # a character: "plays Dot Ryle in the soap"
        if cue is not None:
            return cue  # unsure here: "will play Nisha Kapoor", "plays the writer Truman Capote"
        if word == "for" and _word_before(text, start - 4) in _NOMINATED:
            return _WORK  # "nominated for Vera Drake"
        if word.endswith("-year-old") and len(plan[1]) > 1:
            return _MAYBE if plan[8] else _PERSON  # "14-year-old Yuya Yagira"
        if word == "in" or word == "of":
            held = _word_before(text, start - 3).lower()
            if held in _HELD_IN:
                return _WORK  # a firm: "shares in William Hill", "a stake in George Wimpey"
            if word == "of" and held in _RUNS_A_FIRM and not text.startswith(_APOSTROPHES, end):
                return _MAYBE  # "director of Christian Voice", "chairman of John Lewis"
        nouns = _ROLE_NOUNS if len(plan[1]) > 1 else _KIN_NOUNS
        if word in nouns or word.lower() in nouns:
            on_role = plan[5]
            return _MAYBE if on_role == _PERSON and plan[8] else on_role
        if word == "by" and len(plan[1]) > 1 and _done_by(text, start - 3):
            return _MAYBE if plan[8] else _PERSON  # "directed by Ridley Scott"
    elif start and text[start - 1] in _OPENERS and _wrapped(text, start, end):
        return _WORK
    elif (
        start > 3
        and text[start - 2] == ","
        and text[start - 3].islower()
        and (cue := _character_before(text, start, end)) is not None
    ):
        return cue  # "will play his companion, Rose Tyler"
    if text.startswith(_COMMAS, end) and _AGE.match(text, end):  # an age: "Julia Fox, 31,"
        sure = _PERSON
    elif (
        plan[6]  # plural
        and text[start - 4 : start - 1] == "the"
        and (start == 4 or not text[start - 5].isalpha())
    ):
        sure = _MAYBE  # the Cleveland Indians, the Kardashians
    elif word == "the" and len(plan[1]) > 1 and _PHRASE_END.match(text, end) is not None:
        sure = _MAYBE  # a place named after someone: "played at the Santiago Bernabeu."
    elif plan[7] is not None:  # what the words alone say
        sure = plan[7]
    else:
        if not plan[12]:
            sure = _MAYBE
        elif (
            (
                text.startswith(_COMMAS, end)
                and (
                    role_after(text, end)
                    or (text.find("who", end, end + 6) > 0 and _WHO_ONE.match(text, end))
                )
            )
            or (start > 2 and text[start - 2] == "," and role_before(text, start))
            # "Mumadi Saidayev told reporters": a firm speaks through someone
            or _TOLD.match(text, end) is not None
            or (
                (not start or text[start - 1] == "\n" or text[start - 3 : start] in _BYLINE_LEADS)
                and bylined(text, start, end)
            )
        ):
            # "Hen Vipheak, former editor of", "his counterpart, Kang Young-hoon", "By
            # Mishi Saran"
            sure = _PERSON
        else:
            sure = _NAMELIKE
        if pm := _PAREN.match(text, end):
            # Family after the possessive ("Ozzy Osbourne's wife"), or a place or a role in
            # brackets ("Ato Boldon ( Trinidad )").
            inside = pm.group(1)
            if inside is None or _in_brackets_of_someone(_fold(inside)):
                sure = _PERSON
    if sure > _MAYBE:
        if text.startswith(_WHICH, end):
            # A firm or a thing named like someone: "Bernard Matthews, which makes"; here
            # only, as ", which" may also be said of a sentence ("said Tony Blair, which").
            return _MAYBE
        if _WORK_AFTER.match(text, end):
            # a show before its star, a film before its director, a place named after
            # someone: "Little Britain stars Matt Lucas", "Vera Drake director Mike
            # Leigh", "the Carlton Ritz hotel"
            return _WORK
        if plan[8]:
            return _MAYBE  # a firm named like a person
        if text.startswith(_COMMA_OR_BRACKET, end) and _played_by(text, end):
            return _WORK  # a character: "Ken Barlow, played by William Roache"
    return sure


# A verb after "I" that makes it the pronoun of a quote, not a monarch's number ("told
# John I will be around", not "Pedro I became Emperor", "Charles I was executed").
_PRONOUN_VERB = re.compile(
    r"[ \u00a0](?:will|would|want|wanted|have|had|am|think|thought|know|knew|can|could"
    r"|should|must|just|hope|feel|felt|believe|don't|didn't|do|did|told|said|say|mean"
    r"|need|like|love|really|also|never|always|still)\b"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
_SENTENCE_MAX = 400


def _named_first(text: str, start: int) -> bool:
    """Whether the chunk at ``start`` names someone by a first word that is also a stop
    word ("Will", "Per"): in the middle of a sentence, after a lower-case word or a comma
    ("centre Will Greenwood", "Wilkinson, Will Greenwood", "spokesman Per Zetterquist");
    "Will" at a sentence's start, unless the sentence asks ("Will Tory tax cuts lift
    spirits?")."""
    if start > 1 and text[start - 1] == " ":
        before = text[start - 2]
        if before.islower() or before in ",;":
            return True
    if not text.startswith("Will", start):
        return False
    # The sentence's end, looked for only so far (a text of one "?" at its end must not be
    # read again from each "Will"): a sentence longer than that asks nothing here.
    end = _SENTENCE_END.search(text, start, start + _SENTENCE_MAX)
    return end is None or end.group() != "?"


def _after_possessive(chunk: str) -> int:
    """Where the rest of ``chunk`` starts after its first word, if that word is a
    possessive ("Bay's Meg Whitman" of "eBay's Meg Whitman"), else 0."""
    space = chunk.find(" ")
    if space < 0:
        return 0
    return space + 1 if _strip_possessive(chunk[:space], space)[2] else 0


_NO_PLAYERS: tuple[set[int], list[tuple[int, int]], set[int]] = (set(), [], set())


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``at`` is inside one of ``spans`` (start, end), in order of their starts."""
    i = bisect_right(spans, (at, _AFTER_ALL)) - 1
    return i >= 0 and at < spans[i][1]


_AFTER_ALL = 1 << 62


def _seeded(text: str, s: int) -> bool:
    """Whether the word at ``s`` comes after a seed's number and its hyphen, at a line's
    start or after a space ("1-Martina Hingis", "16-Sergi Bruguera"), not inside a word
    ("F-16", "B-52")."""
    at = s - 2
    while at >= s - 4 and at >= 0 and text[at].isdigit():
        at -= 1
    return at < s - 2 and at >= s - 4 and (at < 0 or text[at] in " \n\t(")


def _no_player(folded: str) -> bool:
    """Whether a word alone can name no player: a place, a nationality or a region ("beat
    the Russian 6-3 6-2"), a title, a word no name ends with."""
    return (
        folded in _PLACES
        or folded in _REGION_WORDS
        or folded in _NOT_PERSON_LAST
        or folded in _TITLES
    )


def _player(text: str, chunk: str, s: int, out: list[_Seg], in_span: bool) -> None:
    """Add the chunk at ``s`` in ``text`` that a scorecard names as a player to ``out``, a
    person, each of its names if it has several, save words no name ends with. Particles
    before one word are the name's ("de Silva", "van der Walt"). A team or a place is no
    player: in brackets ("R Sidoli (Cardiff)") or after "of" or "the" ("Irakli Labadze of
    Georgia 6-7 6-2", "beat the American 6-3 6-2")."""
    e = s + len(chunk)
    if s > 1 and "(" in text[s - 2 : s] and ")" in text[e : e + 2]:
        return
    if in_span:
        if in_open_bracket(text, text.rfind("\n", 0, s) + 1, s):
            return  # in a squad's brackets: "(Woodford Green with Essex Ladies)"
        if chunk.startswith("A ") and chunk.count(" ") == 1:
            # In a list "A" is an initial: "A Scott (Shaftesbury Barnet Harriers)".
            surname = chunk[2:]
            key = ("a", _fold_word(surname))
            if not _no_player(key[1]):
                out.append(_Seg(("A", surname), key, s, e, _PERSON, "", rank_of(key)))
            return
    prev = _word_before(text, s)
    if prev in _NOT_ALONE_AFTER:
        return
    if " " not in chunk and "\u00a0" not in chunk:
        kind, w, n, fw = _WORDS.get(chunk) or _word_plan(chunk)
        if kind != _STOP_WORD and not _no_player(fw):
            start = s
            words: tuple[str, ...] = (w,)
            folded: tuple[str, ...] = (fw,)
            while prev in _PARTICLES and len(words) < 3:
                start -= len(prev) + 1
                words, folded = (prev, *words), (prev, *folded)
                prev = _word_before(text, start)
            out.append(_Seg(words, folded, start, s + n, _PERSON))
        return
    plan = _PLANS.get(chunk)
    if plan is None:
        plan = _plan_chunk(chunk)
    for step in plan:
        if len(step) == 3:
            fw = _fold_word(step[0])
            if not _no_player(fw):
                out.append(_Seg((step[0],), (fw,), s + step[1], s + step[2], _PERSON))
        elif not step[8]:  # not a firm named like a person
            words, folded, start = step[0], step[1], s + step[2]
            # "American Jan-Michael Gambill" is Jan-Michael Gambill; "Francisco Palencia" stays.
            k = 0
            while k < len(folded) - 2 and (folded[k] in _PLACES or folded[k] in _REGION_WORDS):
                start += len(words[k]) + 1
                k += 1
            if len(folded) == k + 1 and _no_player(folded[k]):
                continue  # "Sweden's" of "Sweden's Thomas Enqvist"
            if k:
                words, folded = words[k:], folded[k:]
                out.append(_Seg(words, folded, start, s + step[3], _PERSON, "", rank_of(folded)))
            else:
                out.append(_Seg(words, folded, start, s + step[3], _PERSON, step[9], step[11]))


def _segments(
    text: str,
    works: set[str],
    spoken: set[str],
    known: frozenset[str] = frozenset(),
    figures: bool = True,
) -> tuple[list[_Seg], list[tuple[str, int, int]]]:
    """The candidate segments of ``text``, and its lone words (folded, with the offsets of
    the words as written) that can only join a person found elsewhere. The names the text
    calls a work or a thing ("the film Tom Jones") go into ``works``, folded, and are
    neither. The last words of names of unknown words that speak, and that the text also
    names someone by alone ("Sania Mirza said", "Mirza said"), go into ``spoken``, folded.
    Such a name that is ``known`` (its key: someone the archive knows by it, found from
    context elsewhere) is a person wherever it stands. With ``figures`` (a body, not a
    headline), a scorecard's players are people (``_sports``)."""
    out: list[_Seg] = []
    lone: list[tuple[str, int, int]] = []
    not_before = _NOT_BEFORE
    plans = _PLANS
    known_get = _WORDS.get
    stop_fast = _STOP_FAST
    cue_nouns, kin_nouns = _CUE_NOUNS, _KIN_NOUNS
    after_sep = 0  # chunks right after ", " or "; ": a list of people is looked for at 4
    namelike: dict[str, list[tuple[int, int]]] = {}  # a name of unknown words, by last word
    mononyms = False  # whether a performer known by one name was found ("Madonna")
    # A scorecard's names (``_sports``); a headline or a standfirst has none.
    player_ends, player_spans, teams = players(text) if figures else _NO_PLAYERS
    scorecard = bool(player_ends or player_spans)
    for m in _CHUNK.finditer(text):
        chunk = m.group()
        if chunk in stop_fast:
            continue  # a sentence opener or another function word: a third of all chunks
        s = m.start()
        before = text[s - 1] if s else ""
        if before in not_before:
            if before == "-" and _seeded(text, s):
                before = " "  # a seed's number: "1-Martina Hingis (Switzerland) beat"
            else:
                # Inside a word ("iPhone", "al-Assad"): skipped, but a name after a
                # brand's possessive goes on ("eBay's Meg Whitman").
                cut = _after_possessive(chunk)
                if not cut:
                    continue
                chunk, s, before = chunk[cut:], s + cut, " "
        if scorecard:
            if m.end() in teams:
                works.add(" ".join(_fold_word(w) for w in chunk.split()))
                continue  # a team before its score: "Al Hilal 3 (Sami al-Jaber 11)"
            if m.end() in player_ends:
                _player(text, chunk, s, out, False)  # "Muralitharan 10-0-41-2", "Gomez 86th )"
                continue
            if _inside(s, player_spans):
                _player(text, chunk, s, out, True)  # "Moin Khan lbw b Mullally 0"
                continue
        one = known_get(chunk)
        if one is not None or (" " not in chunk and "\u00a0" not in chunk):
            # One word, by far the most common case (sentence openers, lone names): a
            # word read before is known at once.
            kind, w, n, fw = one or _word_plan(chunk)
            if kind == _STOP_WORD:
                continue  # "Mr's", "The's"
            e = s + n
            if kind == _MONONYM:  # "Madonna", "Ronaldo"
                out.append(_Seg((w,), (fw,), s, e, _PERSON))
                mononyms = True
                continue
            # The lower-case word before (as ``_word_before``, inlined: most chunks have none).
            prev = ""
            if s > 2 and before in " \u00a0":
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
            elif before in _OPENERS and _wrapped(text, s, e):
                works.add(fw)  # "*Ray*"
                continue
            if prev and prev in _PARTICLES:
                words = (prev, w)
                start = s - 1 - len(prev)
                folded = tuple(map(_fold_word, words))
                out.append(_Seg(words, folded, start, e, _MAYBE, "", rank_of(folded)))
            elif (
                (
                    # Not a thing's kin: "its sister Xiluodu", "the sister Xiluodu dam"; not a
                    # band: "Her boyfriend, Babyshambles singer Pete Doherty".
                    (
                        kin := prev in kin_nouns
                        and not text.endswith(" its ", 0, s - 1 - len(prev))
                        and not _WORK_AFTER.match(text, e)
                        # "plays ... presenter Bruno", "his daughter Sharon, played by"
                        and _character_before(text, s, e) is None
                        and not _played_by(text, e)
                    )
                    or text.startswith(_COMMAS, e)
                )
                and (kin or _AGE.match(text, e))
                and not (w.isupper() and len(w) > 1 and "." not in w)
                and fw not in _NOT_PERSON_LAST
                and fw not in _TITLES
                # "Her boyfriend, French actor Olivier Martinez" (not "daughter Chicago")
                and not (fw in _PLACES and _LOWER_WORD_NEXT.match(text, e))
            ):
                out.append(_Seg((w,), (fw,), s, e, _PERSON))
            else:
                lone.append((fw, s, e))
            continue
        if s > 1 and text[s - 2] in ",;":
            after_sep += 1
        if chunk[-2:] == " I" and _PRONOUN_VERB.match(text, m.end()):
            chunk = chunk[:-2]  # "I have told John I will be around": the pronoun
        named = chunk[0] in "WP" and chunk.startswith(NAMED_STOPS) and _named_first(text, s)
        plan = (_NAMED_PLANS if named else plans).get(chunk)
        if plan is None:
            plan = _plan_chunk(chunk, named)
        for step in plan:
            if len(step) == 3:
                lone.append((_fold_word(step[0]), s + step[1], s + step[2]))
                continue
            start, end = s + step[2], s + step[3]
            if step[10] and (text[start - 4 : start] == "the " or _THING_AFTER.match(text, end)):
                # "the Queen Mary", "the King George": a ship, a hotel, a pub; "King Cross
                # station", "the Prince Charles hospital"
                continue
            sure = step[4]
            if sure == _PERSON:
                if text.startswith(_COMMA_OR_BRACKET, end) and _played_by(text, end):
                    sure = _WORK  # "Lord Voldemort, played by Ralph Fiennes"
                elif (
                    s > 3
                    and text[s - 2] in _TITLED_PART_LAST
                    and text.endswith(_TITLED_PART, 0, s)
                    and (cue := _character_before(text, s, end)) is not None
                ):
                    sure = cue  # "his first appearance as Lord Voldemort", "plays Lady Dedlock"
            elif sure is None:
                sure = _classify(step, start, end, text)
                if sure == _NAMELIKE:
                    if known and _person_key(" ".join(step[1])) in known:
                        sure = _PERSON  # "Marat Safin", who spoke in another article
                    else:
                        namelike.setdefault(step[1][-1], []).append((start, end))
            if (
                sure >= 0
                and out
                and start - out[-1].end <= 4  # " of ", "'s "
                and out[-1].sure == _PERSON
                and text[out[-1].end : start] in _OWNED
            ):
                # Someone's firm, band or work: "Safa Rashtchy of Piper Jaffray", "Mike
                # Leigh's Vera Drake" (not here a person; elsewhere it may be one).
                continue
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
    if mononyms and lone:
        out, lone = _with_mononym_list(out, lone, text)  # "Madonna, Sting and Dido"
    if namelike:
        # The last word of a name of unknown words, where the text also names someone by
        # it alone, as it names a person after the first time (not a firm: "Time Warner
        # said"), and the name speaks, in full or alone ("Sania Mirza said", "Mirza said").
        # Alone: a lone word, or a segment of one word ("Later Zidane left").
        ones = [one for one in lone if one[0] in namelike]
        ones += [
            (sg.folded[0], sg.start, sg.end)
            for sg in out
            if sg.folded[0] in namelike and len(sg.folded) == 1
        ]
        for fw in {one[0] for one in ones}:
            # Not after "of" or "the": "Lord Roberts of Conwy, who", "the House of Lords",
            # "The Mail said".
            alone = [
                (s, e)
                for f, s, e in ones
                if f == fw and _word_before(text, s).lower() not in _NOT_ALONE_AFTER
            ]
            if alone and (
                any(_spoken(text, s, e) for s, e in namelike[fw])
                or any(_spoken(text, s, e, full=False) for s, e in alone)
            ):
                spoken.add(fw)
    return out, lone
