"""An imported file's web page (``URL:``/``Link:`` headers, front matter's ``url``) and
its Markdown links read as numbered footnotes; the import stores the URL, and a
re-import after the parser changed reads files again."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from reader.ingest import import_paths
from reader.links import footnotes
from reader.parse import parse_article

BODY = "The first paragraph of the story.\n\nA second paragraph, to follow it.\n"


@pytest.mark.parametrize(
    ("header", "filename"),
    [
        ("URL: https://www.bbc.co.uk/news/business-123", "a.txt"),
        ("Link: https://www.bbc.co.uk/news/business-123", "a.txt"),
        ("url:https://www.bbc.co.uk/news/business-123", "a.txt"),
        ("  LINK :  https://www.bbc.co.uk/news/business-123  ", "a.txt"),
        ("URL: <https://www.bbc.co.uk/news/business-123>", "a.md"),
    ],
)
def test_a_header_line_names_the_web_page(header: str, filename: str) -> None:
    article = parse_article(f"{header}\nTitle of it\n\n{BODY}", filename=filename)
    assert article.url == "https://www.bbc.co.uk/news/business-123"
    assert article.title == "Title of it"
    assert "bbc.co.uk" not in article.body


@pytest.mark.parametrize("key", ["url", "link", "URL", "Link"])
def test_front_matter_names_the_web_page(key: str) -> None:
    text = f'---\ntitle: A story\n{key}: "https://example.org/story?id=1&amp;p=2"\n---\n\n{BODY}'
    article = parse_article(text, filename="story.md")
    assert article.url == "https://example.org/story?id=1&p=2"
    assert article.title == "A story"


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "/news/relative/path",
        "www.example.org/no-scheme",
        "https://",
        "mailto:someone@example.org",
        "vbscript:msgbox(1)",
        "see below",
    ],
)
def test_only_an_http_or_https_address_counts(value: str) -> None:
    header = parse_article(f"URL: {value}\nTitle\n\n{BODY}", filename="a.txt")
    front = parse_article(f"---\ntitle: Title\nurl: {value}\n---\n\n{BODY}", filename="a.md")
    assert header.url is None and front.url is None
    # The header line is metadata all the same: it is neither the title nor the body.
    assert header.title == "Title" and value not in header.body


def test_the_url_is_cleaned() -> None:
    text = "URL: https://example.org/a b\x1b[31m/c\u202e\nTitle\n\n" + BODY
    article = parse_article(text, filename="a.txt")
    assert article.url == "https://example.org/a%20b/c"


def test_the_first_web_page_named_wins_and_a_bad_one_does_not_hide_a_good_one() -> None:
    text = "URL: javascript:void(0)\nLink: https://a.example/1\nURL: https://b.example/2\nT\n\n"
    assert parse_article(text + BODY, filename="a.txt").url == "https://a.example/1"


def test_a_file_naming_no_web_page_has_none() -> None:
    assert parse_article("Title\n\n" + BODY, filename="a.txt").url is None
    assert (
        parse_article("# Title\n\nSee https://example.org.\n\n" + BODY, filename="a.md").url is None
    )


def test_markdown_links_become_numbered_footnotes() -> None:
    text = (
        "---\ntitle: Budget\ndek: As [the Treasury](https://gov.uk/t) said\n---\n\n"
        'The [report](https://example.org/report "Title") was out, and '
        "[the same report](https://example.org/report) again.\n\n"
        "Write to [the desk](mailto:desk@example.org) or see <https://example.org/more>.\n\n"
        "Nothing for [a script](javascript:alert(1)), [a page](/relative) or "
        "`[code](https://example.org/code)`, nor ![a picture](https://example.org/p.png).\n"
    )
    article = parse_article(text, filename="budget.md")
    assert article.dek == "As the Treasury[1] said"
    paragraphs = article.paragraphs
    assert paragraphs[0] == "The report[2] was out, and the same report[2] again."
    assert paragraphs[1] == ("Write to the desk[3] or see https://example.org/more[4].")
    assert paragraphs[2] == (
        "Nothing for a script, a page or `[code](https://example.org/code)`, "
        "nor ![a picture](https://example.org/p.png)."
    )
    assert footnotes(article.body) == [
        (1, "https://gov.uk/t"),
        (2, "https://example.org/report"),
        (3, "mailto:desk@example.org"),
        (4, "https://example.org/more"),
    ]


def test_links_in_plain_text_files_are_left_as_written() -> None:
    article = parse_article("Title\n\nSee [this](https://example.org).\n", filename="a.txt")
    assert article.body == "See [this](https://example.org)."


def test_the_import_stores_the_url_and_reads_again_files_an_older_parser_stored(
    store, tmp_path: Path
) -> None:
    text = "---\ntitle: A story\nurl: https://example.org/s\n---\n\n" + BODY
    write(tmp_path / "story.md", text)
    import_paths(store, [tmp_path])
    article = store.article(store.page(0, 1)[0].id)
    assert article.url == "https://example.org/s"
    assert article.to_json()["url"] == "https://example.org/s"

    # As the parser before URLs were read stored it: the next import reads it again.
    with store._conn:
        store._conn.execute("UPDATE articles SET url = NULL, parser_version = 3")
    report = import_paths(store, [tmp_path])
    assert report.updated == 1
    assert store.article(article.id).url == "https://example.org/s"
