"""Tests for reader.parse: the layout rules, on the seeds and on made-up files."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import ParseError, ReaderError
from reader.parse import MAX_FIELD_CHARS, parse_article
from reader.types import ParsedArticle

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def read_seed(name: str) -> str:
    return (SEEDS / name).read_bytes().decode("utf-8")


def raw_blocks(text: str) -> list[str]:
    """The seed files' blocks are one line each: split them the plain way."""
    return [b.strip() for b in text.split("\n\n") if b.strip()]


# --- the seeds ----------------------------------------------------------------


def test_seed_003_header_date_label_and_dek() -> None:
    text = read_seed("003_d00e4518717b6532.txt")
    assert text.startswith(" date 2022-01-25 Exclusive\n")
    a = parse_article(text, filename="003_d00e4518717b6532.txt")
    assert a.date == "2022-01-25"
    assert a.label == "Exclusive"
    assert a.title == (
        "Kim Kardashian ‘Not Speaking’ To Kanye West After His Interview & Birthday Party Drama"
    )
    assert a.dek == (
        "Kim Kardashian’s feelings revealed amid Kanye West’s drama surrounding daughter "
        "Chicago’s birthday and his recent candid interview."
    )
    assert a.author is None
    assert a.author_role is None
    assert a.author_bio is None
    assert a.caption is None
    assert a.paragraphs == raw_blocks(text)[3:]
    assert len(a.paragraphs) == 7
    assert a.paragraphs[0].startswith("Kim Kardashian, 41, “isn’t on speaking terms”")
    assert a.body.endswith("my health for the longest and I’m just not playing.”")
    assert "\xa0" in a.body  # non-breaking spaces are kept ("boyfriend\xa0Pete")
    assert "boyfriend\xa0Pete Davidson" in a.body


def test_seed_000_caption_sign_off_and_bio() -> None:
    text = read_seed("000_98d193c1adb72bc8.txt")
    assert not text.endswith("\n")
    a = parse_article(text, filename="000_98d193c1adb72bc8.txt")
    assert a.date is None
    assert a.label is None
    assert a.title == "Looks Like Kim Kardashian And Kanye West Are Finally On Speaking Terms Again"
    assert a.caption == "Kanye West and Kim Kardashian"
    assert a.dek is None
    assert a.author == "Erik Swann"
    assert a.author_role == "Senior Content Producer"
    assert a.author_bio is not None
    assert a.author_bio.startswith("Erik Swann is a Senior Content Producer at CinemaBlend.")
    assert a.author_bio.endswith("He eats more pizza than the Teenage Mutant Ninja Turtles.")
    assert a.author_bio == raw_blocks(text)[-1]
    # Body: every block between the caption and the sign-off, nothing else.
    assert a.paragraphs == raw_blocks(text)[2:-2]
    assert len(a.paragraphs) == 7
    assert a.paragraphs[0].startswith("It’s safe to say")
    assert a.body.endswith("so maybe that’s also in the cards for Kardashian and West.")
    assert "Erik Swann" not in a.body


def test_seeds_return_parsed_articles_with_clean_bodies() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        a = parse_article(path.read_text(encoding="utf-8"), filename=path.name)
        assert isinstance(a, ParsedArticle)
        assert "\n\n\n" not in a.body
        assert all(p == p.strip() and "\n" not in p for p in a.paragraphs)


# --- plain text -------------------------------------------------------------------

BBC_STYLE = (
    "Ad sales boost Time Warner profit\n"
    "\n"
    "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m).\n"
    "\n"
    "The firm, which is now one of the biggest investors in Google, benefited from sales.\n"
    "\n"
    "Time Warner said on Friday that it now owns 8% of search-engine Google.\n"
)


def test_bbc_style_first_paragraph_is_body_not_dek() -> None:
    a = parse_article(BBC_STYLE, filename="001.txt")
    assert a.title == "Ad sales boost Time Warner profit"
    assert a.paragraphs == [
        "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m).",
        "The firm, which is now one of the biggest investors in Google, benefited from sales.",
        "Time Warner said on Friday that it now owns 8% of search-engine Google.",
    ]
    assert (a.dek, a.date, a.label, a.caption) == (None, None, None, None)
    assert (a.author, a.author_role, a.author_bio) == (None, None, None)


def test_bbc_style_referee_line_is_not_a_sign_off() -> None:
    a = parse_article("Dundee Utd 4-1 Aberdeen\n\nDundee eased into the semi-final.\n\nK Clark\n")
    assert a.author is None
    assert a.paragraphs == ["Dundee eased into the semi-final.", "K Clark"]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Headline\n\nThis paragraph was\nwrapped at a narrow   width\n  by an editor.\n"
        "\nSecond one.\n"
    )
    a = parse_article(text)
    assert a.paragraphs == [
        "This paragraph was wrapped at a narrow width by an editor.",
        "Second one.",
    ]


def test_multi_line_first_block_gives_title_then_body() -> None:
    a = parse_article("Headline\nThe story starts right away.\n\nMore text.")
    assert a.title == "Headline"
    assert a.paragraphs == ["The story starts right away.", "More text."]


def test_whitespace_only_lines_separate_blocks() -> None:
    a = parse_article("Headline\n \t \nFirst para.\n\xa0\nSecond para.")
    assert a.paragraphs == ["First para.", "Second para."]


def test_crlf_file_reads_like_lf() -> None:
    lf = "Headline\n\nBy Jane Doe\n\nOne line\nwrapped.\n\nTwo.\n"
    crlf = lf.replace("\n", "\r\n")
    assert parse_article(crlf) == parse_article(lf)
    assert parse_article(crlf).paragraphs == ["One line wrapped.", "Two."]


def test_title_without_body_is_an_article() -> None:
    a = parse_article("Just a headline\n")
    assert a.title == "Just a headline"
    assert a.body == ""


def test_caption_after_title() -> None:
    a = parse_article("Headline\n\nA photo of the harbour\n\nThe body starts here.")
    assert a.caption == "A photo of the harbour"
    assert a.paragraphs == ["The body starts here."]


def test_a_first_paragraph_without_its_full_stop_is_text_not_a_caption() -> None:
    text = (
        "Screensaver takes on junk websites\n"
        "\n"
        "Web users are getting a way to hit back at junk websites\n"
        "\n"
        "A free screensaver sends requests to the sites while the computer is idle.\n"
        "\n"
        "Its makers say the traffic costs the senders money.\n"
    )
    a = parse_article(text, filename="189.txt")
    assert a.caption is None
    assert a.paragraphs[0] == "Web users are getting a way to hit back at junk websites"
    assert len(a.paragraphs) == 3


@pytest.mark.parametrize(
    "caption",
    [
        "Pictured: the screensaver running on a home computer in Leeds on a Monday morning",
        "The screensaver running on a home computer in Leeds last week (Photo: J Smith)",
        "Demonstrators outside the offices of the company in Leeds on Monday, Getty Images",
        "Image: the screensaver as it runs on a home computer in Leeds last week",
    ],
)
def test_a_longer_line_that_says_it_is_about_a_picture_is_a_caption(caption: str) -> None:
    assert len(caption.split()) > 12
    a = parse_article(f"Headline\n\n{caption}\n\nThe body starts here.\n")
    assert a.caption == caption
    assert a.paragraphs == ["The body starts here."]


def test_short_sentence_after_title_is_not_a_caption() -> None:
    a = parse_article("Headline\n\nIt rained.\n\nThe body goes on.")
    assert a.caption is None
    assert a.paragraphs == ["It rained.", "The body goes on."]


# --- header metadata -----------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "date", "label"),
    [
        (" date 2022-01-25 Exclusive", "2022-01-25", "Exclusive"),
        ("Date: January 25, 2022", "2022-01-25", None),
        ("Published: 25 January 2022", "2022-01-25", None),
        ("Updated: Jan. 25, 2022", "2022-01-25", None),
        ("Date: 2022/01/25", "2022-01-25", None),
        ("Published: 2022-01-25T10:30:00Z | Opinion", "2022-01-25", "Opinion"),
        ("date 2022-02-30", None, None),  # not a real day: no date
        ("Date: February 30, 2022 Exclusive", None, "Exclusive"),
    ],
)
def test_header_date_lines(header: str, date: str | None, label: str | None) -> None:
    a = parse_article(f"{header}\n\nHeadline\n\nStandfirst here.\n\nBody.\n")
    assert a.title == "Headline"
    assert a.date == date
    assert a.label == label
    assert a.dek == "Standfirst here."
    assert a.paragraphs == ["Body."]


def test_date_in_body_is_never_used() -> None:
    a = parse_article("Headline\n\nOn January 25, 2022 the talks began.\n\nDate: 2022-01-26\n")
    assert a.date is None
    assert "January 25, 2022" in a.body
    assert a.paragraphs[-1] == "Date: 2022-01-26"


def test_title_and_author_header_lines() -> None:
    text = (
        "Title: Markets rally\n"
        "Author: Jane Doe, Markets Editor\n"
        "Label: Analysis\n"
        "\n"
        "Markets rally\n"
        "\n"
        "Shares rose for a third day as fears eased.\n"
        "\n"
        "Body paragraph.\n"
    )
    a = parse_article(text)
    assert a.title == "Markets rally"
    assert (a.author, a.author_role, a.label) == ("Jane Doe", "Markets Editor", "Analysis")
    assert a.dek == "Shares rose for a third day as fears eased."
    assert a.paragraphs == ["Body paragraph."]


def test_the_first_header_of_each_kind_wins_and_a_later_one_adds_the_role() -> None:
    a = parse_article(
        "Title: First title\nTitle: Second title\nBy: Jane Doe\nBy: John Roe, Editor\n"
        "By: Jane Doe, Markets Editor\nLabel: Analysis\nLabel: Opinion\n\nBody.\n"
    )
    assert (a.title, a.label) == ("First title", "Analysis")
    assert (a.author, a.author_role) == ("Jane Doe", "Markets Editor")


def test_quotation_after_headers_is_not_a_dek() -> None:
    a = parse_article(" date 2022-01-25\n\nHeadline\n\n“We won,” she said.\n\nBody.\n")
    assert a.dek is None
    assert a.paragraphs == ["“We won,” she said.", "Body."]


def test_no_dek_when_nothing_follows() -> None:
    a = parse_article(" date 2022-01-25\n\nHeadline\n\nThe only paragraph.\n")
    assert a.dek is None
    assert a.body == "The only paragraph."


def test_headers_without_title_raise() -> None:
    with pytest.raises(ParseError):
        parse_article(" date 2022-01-25 Exclusive\n\n")


# --- bylines and sign-offs ---------------------------------------------------------


def test_byline_after_title() -> None:
    a = parse_article("Headline\n\nBy Jane Doe\n\nFirst paragraph.\n\nSecond.")
    assert (a.author, a.author_role) == ("Jane Doe", None)
    assert a.paragraphs == ["First paragraph.", "Second."]


def test_byline_with_role_after_caption() -> None:
    a = parse_article("Headline\n\nThe harbour at dawn\n\nBy Jane Doe, Science Reporter\n\nBody.")
    assert a.caption == "The harbour at dawn"
    assert (a.author, a.author_role) == ("Jane Doe", "Science Reporter")
    assert a.paragraphs == ["Body."]


@pytest.mark.parametrize("dash", ["—", "--"])
def test_dash_sign_off(dash: str) -> None:
    a = parse_article(f"Headline\n\nFirst paragraph.\n\nLast paragraph.\n\n{dash} Jane Doe\n")
    assert a.author == "Jane Doe"
    assert a.paragraphs == ["First paragraph.", "Last paragraph."]


def test_dash_sign_off_as_last_line_of_a_block() -> None:
    a = parse_article("Headline\n\nFirst paragraph.\n\nLast paragraph.\n— Jane Doe")
    assert a.author == "Jane Doe"
    assert a.paragraphs == ["First paragraph.", "Last paragraph."]


def test_sign_off_with_role_and_pronoun_bio() -> None:
    text = "Headline\n\nBody one.\n\nBody two.\n\nJane Doe\nStaff Writer\n\nShe covers science.\n"
    a = parse_article(text)
    assert (a.author, a.author_role) == ("Jane Doe", "Staff Writer")
    assert a.author_bio == "She covers science."
    assert a.paragraphs == ["Body one.", "Body two."]


AWARDS = (
    "Triple win for sketch show\n"
    "\n"
    "The sketch show took three prizes at the comedy awards in London on Wednesday.\n"
    "\n"
    "Its two stars shared the prize for best actor, as they did last year.\n"
    "\n"
)


@pytest.mark.parametrize(
    "winners",
    [
        "The full list of winners:\n\nBest comedy film\n\nSchool Of Rock\n",
        "Best actor\n\nJamie Foxx\n\nBest film\n\nVera Drake\n",
        "Best Actor\nJamie Foxx\n\nBest Film\nVera Drake\n",
        "Best actor: Jamie Foxx\n\nBest film: Vera Drake\n",
        "The winners were:\n\nVera Drake\n\nVera Drake is a film by Mike Leigh.\n",
        "Jamie Foxx\nBest actor: Ray\n",
        "School Of Rock\n",
    ],
)
def test_a_list_of_winners_at_the_end_is_not_a_sign_off(winners: str) -> None:
    a = parse_article(AWARDS + winners, filename="201.txt")
    assert (a.author, a.author_role, a.author_bio) == (None, None, None)
    # Every line stays in the body (a block's lines joined, as for any plain-text block).
    assert a.paragraphs == [b.replace("\n", " ") for b in raw_blocks(AWARDS + winners)[1:]]


def test_a_sign_off_after_a_markdown_heading_or_a_sentence_is_still_one() -> None:
    md = parse_article(
        "# Headline\n\nBody one.\n\n## About the author\n\nJane Doe\nStaff Writer\n\n"
        "She covers science.\n",
        filename="a.md",
    )
    assert (md.author, md.author_role, md.author_bio) == (
        "Jane Doe",
        "Staff Writer",
        "She covers science.",
    )
    assert md.paragraphs == ["Body one.", "About the author"]
    plain = parse_article(AWARDS + "Jane Doe\n")
    assert plain.author == "Jane Doe"


def test_bio_alone_at_the_end_when_byline_known() -> None:
    a = parse_article("Headline\n\nBy Jane Doe\n\nBody.\n\nJane Doe is a reporter at the Post.")
    assert a.author == "Jane Doe"
    assert a.author_bio == "Jane Doe is a reporter at the Post."
    assert a.paragraphs == ["Body."]


def test_sign_off_never_empties_the_body() -> None:
    a = parse_article("Headline\n\nJane Doe\n")
    assert a.author is None
    assert a.body == "Jane Doe"


# --- Markdown ----------------------------------------------------------------------

MARKDOWN = """\
---
title: "Rust 2.0: what changes"
date: 2022-01-25T09:00:00Z
author: Jane Doe
description: 'A look at what''s new.'
tags: [rust, news]
extra:
  nested: ignored
---
# Rust 2.0: what changes

The release is *big* and
hard-wrapped.

## What is new

- faster builds
- better errors

> a quoted line
> and another

The end.

---
"""


def test_markdown_front_matter() -> None:
    a = parse_article(MARKDOWN, filename="post.md")
    assert a.title == "Rust 2.0: what changes"
    assert a.date == "2022-01-25"
    assert a.author == "Jane Doe"
    assert a.dek == "A look at what's new."
    assert a.paragraphs == [
        "The release is *big* and hard-wrapped.",
        "What is new",
        "- faster builds\n- better errors",
        "> a quoted line\n> and another",
        "The end.",
    ]


def test_front_matter_makes_text_markdown_whatever_the_name() -> None:
    assert parse_article(MARKDOWN, filename="post.txt") == parse_article(MARKDOWN, filename="x.md")


def test_front_matter_authors_list_and_category() -> None:
    text = "---\ntitle: T\nauthors:\n  - Ann Lee\n  - Bo Kim\ncategory: Tech\n---\nBody.\n"
    a = parse_article(text)
    assert (a.title, a.author, a.label, a.body) == ("T", "Ann Lee", "Tech", "Body.")


def test_markdown_heading_title_and_emphasised_dek() -> None:
    a = parse_article("# The *Title* #\n\n_A standfirst in italics._\n\nBody.\n", filename="a.md")
    assert a.title == "The *Title*"
    assert a.dek == "A standfirst in italics."
    assert a.paragraphs == ["Body."]


def test_markdown_handling_only_for_markdown_files() -> None:
    text = "# Title\n\n- one\n- two\n\nBody."
    assert parse_article(text, filename="a.txt").title == "# Title"
    assert parse_article(text, filename="a.txt").paragraphs[0] == "- one - two"
    md = parse_article(text, filename="a.markdown")
    assert md.title == "Title"
    assert md.paragraphs == ["- one\n- two", "Body."]


def test_front_matter_without_title_or_body_raises() -> None:
    with pytest.raises(ParseError):
        parse_article("---\ndate: 2022-01-25\nauthor: Jane Doe\n---\n", filename="a.md")


def test_front_matter_with_title_only_is_an_article() -> None:
    a = parse_article("---\ntitle: Only a title\n---\n", filename="a.md")
    assert (a.title, a.body) == ("Only a title", "")


@pytest.mark.parametrize(
    ("front", "title", "author"),
    [
        # A list under a nested key is not the parent's value.
        ("title:\n  nested: Mapping\n  deeper:\n    - a\nauthor: Jane Doe", None, "Jane Doe"),
        ("title: T\nauthor: [a, [b, c]]", "T", "a"),
        ("title: T\nauthor: [[b, c], a]", "T", "a"),
        ("title: T\nauthor: {name: Jane Doe}", "T", None),
        # A Hugo-style author map: its links are not the author.
        ("title: T\nauthor:\n  name: Jane Doe\n  links:\n    - https://x.example/jd", "T", None),
        (
            "title: T\nauthors:\n  - name: Jane Doe\n    links:\n      - https://x.example\n"
            "  - Bo Kim",
            "T",
            "Bo Kim",
        ),
        (
            "title: >\n  Folded: over\n  two lines\nauthor: Ann Lee",
            "Folded: over two lines",
            "Ann Lee",
        ),
    ],
)
def test_front_matter_nested_values_never_give_a_nested_item(front, title, author) -> None:
    a = parse_article(f"---\n{front}\n---\nThe body.\n", filename="a.md")
    assert a.title == (title or "The body.")
    assert a.author == author


# Shapes of file that made the parser's time grow with the square of their size, each
# at a size that took it 8 s or more; read in linear time, each takes well under 1 s.
SLOW_SHAPES = {
    "header lines": "By: a\n" * 120_000 + "\nTitle\n\nBody.\n",
    "lines with no word": ".\n" * 150_000 + "Title\n\nBody.\n",
    "one-line blocks with no word": ".\n\n" * 300_000 + "Title\n\nBody.\n",
    "spaces in a Markdown heading": "# a" + " " * 40_000 + "b\n\nBody.\n",
    "spaces in a front-matter value": "---\ntitle: a" + " " * 50_000 + "b\n---\nBody.\n",
    "a long block scalar": "---\ntitle: |\n" + "  line\n" * 300_000 + "---\nBody.\n",
    "spaces after a header date": "Date: 2022-01-25" + " " * 30_000 + "x\n\nT\n\nBody.\n",
}


@pytest.mark.parametrize("shape", SLOW_SHAPES)
def test_hostile_shapes_are_read_in_linear_time(shape: str) -> None:
    started = time.perf_counter()
    article = parse_article(SLOW_SHAPES[shape], filename="a.md" if "Markdown" in shape else "")
    assert article.title
    assert time.perf_counter() - started < 5


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\n\t\n", "\x1b[31m\x1b[0m", "\ufeff\u202e", "---\n"]
)
def test_no_article_raises_parse_error(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_article(text)
    assert isinstance(info.value, ReaderError)
    assert "\n" not in str(info.value)


# --- untrusted text ---------------------------------------------------------------------


def test_escapes_removed_and_markup_like_text_kept() -> None:
    text = (
        "Quit now [@click=app.quit]\n"
        "\n"
        "A \x1b]8;;http://x\x07link\x1b]8;;\x07 and \x1b[31mred text\x1b[0m [bold]here[/bold].\n"
        "\n"
        "More.\n"
    )
    a = parse_article(text)
    assert a.title == "Quit now [@click=app.quit]"
    assert a.paragraphs == ["A link and red text [bold]here[/bold].", "More."]
    assert "\x1b" not in a.body + a.title


def test_a_one_line_paragraph_is_not_a_5_mb_title() -> None:
    line = "The council met late on Tuesday and voted on the budget. " * 90_000
    a = parse_article(line.strip())
    assert len(a.title) <= MAX_FIELD_CHARS and a.title.endswith(" late on…")
    assert line.startswith(a.title[:-1] + " ")  # cut after a word
    assert a.body == line.strip()  # nothing of the line is lost


def test_a_long_first_line_stays_in_the_body_under_a_cut_title() -> None:
    first = "word " * 60 + "end"
    a = parse_article(f"{first}\n\nSecond paragraph.\n")
    assert a.title == ("word " * 40).strip() + "…"
    assert a.paragraphs == [first, "Second paragraph."]


def test_long_header_fields_are_cut_after_a_word() -> None:
    text = (
        f"Title: {'Big ' * 100}\nAuthor: Jane {'Doe' * 100}\nLabel: {'x' * 500}\n\n"
        "Headline\n\nBody text here.\n"
    )
    a = parse_article(text)
    assert a.title == ("Big " * 50).strip() + "…"
    assert a.author == ("Jane " + "Doe" * 100)[: MAX_FIELD_CHARS - 1] + "…"  # no space near
    assert a.label == "x" * (MAX_FIELD_CHARS - 1) + "…"


def test_a_cut_never_separates_a_letter_from_its_marks() -> None:
    title = "\u00e0\u0301" * 150  # no space, and no precomposed form for both marks
    cut = parse_article(f"Title: {title}\n\nHeadline\n\nBody.\n").title
    assert cut.endswith("\u0301…") and title.startswith(cut[:-1])


# --- character references -----------------------------------------------------------------


def test_character_references_read_as_the_characters_they_name() -> None:
    text = (
        "Caf&eacute; prices &amp; the &#163;5 sandwich\n"
        "\n"
        "Jos&#233; paid &#x20AC;4 at the caf&eacute; &lt;on the corner&gt;"
        " on &#8220;Monday&#8221;.\n"
        "\n"
        "A person&#191;s health.\n"
    )
    a = parse_article(text, filename="001.txt")
    assert a.title == "Café prices & the £5 sandwich"
    assert a.paragraphs == [
        "José paid €4 at the café <on the corner> on “Monday”.",
        "A person¿s health.",  # decoded as written, even where the writer meant "’"
    ]


def test_what_only_looks_like_a_reference_stays_as_written() -> None:
    text = "Q&A\n\nAT&T and R&D, &madeup; and &notit; stay, so does &not without its end.\n"
    a = parse_article(text)
    assert a.title == "Q&A"
    assert a.body == "AT&T and R&D, &madeup; and &notit; stay, so does &not without its end."


def test_a_reference_is_decoded_once() -> None:
    a = parse_article("Title\n\nWrite &amp;#233; to get &#233;.\n")
    assert a.body == "Write &#233; to get é."


def test_references_cannot_bring_back_a_control_or_split_a_paragraph() -> None:
    text = (
        "Red &#27;[31malert&#x1b;[0m &#x9b;31m\n"
        "\n"
        "One&#10;&#10;paragraph&#13;&#x2028;still&#x202e; &#x0;&#xFFFF;here&#11;.\n"
    )
    a = parse_article(text)
    fields = a.title + a.body
    for control in ("\x1b", "\x9b", "\u202e", "\r", "\x0b", "\uffff"):
        assert control not in fields
    assert a.title == "Red [31malert[0m ›31m"  # U+009B in HTML is cp1252's "›"
    assert a.paragraphs == ["One paragraph still \ufffdhere."]


def test_references_in_header_and_front_matter_fields_are_decoded() -> None:
    plain = parse_article(
        "Title: Caf&eacute; society\nAuthor: Jos&#233; Garc&iacute;a\n"
        "\nCaf&eacute; society\n\nBody.\n"
    )
    assert (plain.title, plain.author) == ("Café society", "José García")
    assert plain.body == "Body."  # the first line repeats the title once decoded
    md = parse_article(
        "---\n"
        'title: "Caf&eacute; &quot;society&quot;"\n'
        "author: Jos&#233; Garc&iacute;a\n"
        "description: Prices &amp; people\n"
        "---\n"
        "Body &amp; more.\n",
        filename="a.md",
    )
    assert (md.title, md.author, md.dek) == ('Café "society"', "José García", "Prices & people")
    assert md.body == "Body & more."


def test_markdown_code_keeps_its_references_as_written() -> None:
    text = (
        "# Escaping &amp; in HTML\n"
        "\n"
        "Write `&amp;` for &amp; and ``a ` &lt;`` for a &lt;.\n"
        "\n"
        "```html\n"
        "<p>&copy; &#233;</p>\n"
        "```\n"
        "\n"
        "After the fence: &copy;. An open `&amp; span stays open: &amp;\n"
    )
    a = parse_article(text, filename="a.md")
    assert a.title == "Escaping & in HTML"
    assert a.paragraphs == [
        "Write `&amp;` for & and ``a ` &lt;`` for a <.",
        "```html <p>&copy; &#233;</p> ```",
        "After the fence: ©. An open `& span stays open: &",
    ]
    plain = parse_article(text.replace("# ", ""), filename="a.txt")
    assert plain.paragraphs[0] == "Write `&` for & and ``a ` <`` for a <."


def test_markdown_code_spans_are_found_in_linear_time() -> None:
    # Runs of 1, 2, 3 … backticks, none closed: each opening run must not be matched
    # against every later run (about 4.5 MB, 3,000 runs).
    line = "&amp; " + "".join("`" * k + "a" for k in range(1, 3000))
    started = time.perf_counter()
    article = parse_article(f"Title\n\n{line}\n", filename="a.md")
    assert time.perf_counter() - started < 5
    assert article.body == "& " + line[6:]


# --- properties --------------------------------------------------------------------------

LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "", " ", "---", "# T", "## H", "title: x", "date: 2022-01-25", "authors:",
                "  - A", "description: >", "  folded", " date 2022-02-30 Exclusive",
                "Date: January 25, 2022", "By Jane Doe", "— Jane Doe", "Jane Doe",
                "Senior Editor", "Jane Doe is a writer.", "He writes.", "*emph*", "- item",
                "> q", "![a](b)", "Body text.", "short cap", "\x1b]8;;x", "'", '"',
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=12,
).map("\n".join)  # fmt: skip
FILENAMES = st.sampled_from(["", "a.txt", "a.md"])


def check_result(text: str, filename: str) -> None:
    try:
        a = parse_article(text, filename=filename)
    except ParseError:
        return
    assert a.title
    assert "\n" not in a.title
    assert "\x1b" not in a.title + a.body
    assert all(p and p == p.strip() for p in a.paragraphs)
    assert "\n\n".join(a.paragraphs) == a.body


@settings(max_examples=300, deadline=None)
@given(st.text(), FILENAMES)
def test_any_text_gives_article_or_parse_error(text: str, filename: str) -> None:
    check_result(text, filename)


@settings(max_examples=300, deadline=None)
@given(LINES, FILENAMES)
def test_article_like_text_gives_article_or_parse_error(text: str, filename: str) -> None:
    check_result(text, filename)


# --- the benchmark ---------------------------------------------------------------------


def test_the_shapes_benchmark_runs_at_a_tiny_size(capsys) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import parse_shapes
    finally:
        sys.path.remove(str(REPO / "bench"))
    assert parse_shapes.main(["--size", "20000", "--repeat", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "parse_article on 0.0 MB inputs, best of 1"
    assert lines[1].startswith("  prose (floor)")
    shapes = lines[2:-1]
    assert len(shapes) == len(parse_shapes.SHAPES)
    for (name, _, _), line in zip(parse_shapes.SHAPES, shapes, strict=True):
        assert line.startswith(f"  {name}") and line.endswith("[< 2 s: ok]"), line
    assert lines[-1] == "every target met"
