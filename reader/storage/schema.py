"""The database schema: the current one, whole (:data:`SCHEMA`), and how a database gets it.

A new database is made from :data:`SCHEMA`, which is the schema of version
:data:`~reader.storage.version.SCHEMA_VERSION` table by table. A database from an older
program is brought up to it by the numbered migrations of :mod:`reader.storage.migrations`
instead, each applied once, in order, inside a transaction. Either way the migrations
count as applied (all of them, for a new database), and their count is mirrored into
``PRAGMA user_version`` so that opening an up-to-date database needs neither sqlite-utils
nor a table read. A database whose ``user_version`` is higher than ``SCHEMA_VERSION`` was
written by a newer program and is refused rather than guessed at.

A change of the schema is written twice: as a new migration, and here, as the schema then
is. ``tests/test_schema.py`` checks that a database made from :data:`SCHEMA` and one
brought up by every migration are the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

from reader.storage.migrations import MIGRATIONS

SCHEMA = """
-- Articles (reader.storage.articles; reader.storage.rows names the columns an import
-- writes). A file's article has the path it was read from; a feed's entry has its feed
-- (feeds.id, which never changes when the feed's URL does) and a saved page its URL.
CREATE TABLE articles (
    num INTEGER PRIMARY KEY,  -- the rowid: stable, what the full-text index points at
    id TEXT NOT NULL,  -- the stable public id, made from where the article came from
    path TEXT NOT NULL,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    parser_version INTEGER DEFAULT 0,
    title TEXT NOT NULL,
    dek TEXT,
    date TEXT,
    label TEXT,
    author TEXT,
    author_role TEXT,
    author_bio TEXT,
    caption TEXT,
    body TEXT NOT NULL,
    words INTEGER NOT NULL,
    imported_at TEXT,
    updated_at TEXT,
    url TEXT,  -- the web page it came from
    feed_id INTEGER,
    feed_body TEXT,  -- the feed's own text, when body is the full text of fulltext_url,
    fulltext_url TEXT,  -- extracted at fulltext_at by fulltext_extractor
    fulltext_at TEXT,
    fulltext_extractor TEXT,
    read INTEGER NOT NULL DEFAULT 0  -- mirrors reads, kept by its triggers
);
-- The list in its orders, kept to a source or a feed, and the unread articles alone (the
-- unread counts and is:unread read those partial indexes alone); a URL's article, and
-- the article an imported file is a copy of (files only: reader.storage.copies).
CREATE UNIQUE INDEX articles_id ON articles (id);
CREATE INDEX articles_by_date ON articles (date DESC, num DESC);
CREATE INDEX articles_unread ON articles (date DESC, num DESC, source) WHERE read = 0;
CREATE INDEX articles_by_source ON articles (source, feed_id, date DESC, num DESC);
CREATE INDEX articles_unread_by_source ON articles (source, feed_id) WHERE read = 0;
CREATE INDEX articles_by_feed ON articles (feed_id, date DESC, num DESC)
    WHERE feed_id IS NOT NULL;
CREATE INDEX articles_by_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_by_content ON articles (content_hash)
    WHERE feed_id IS NULL AND (url IS NULL OR url <> path);

-- The files of an article read from more than one (or whose one file is not the one its
-- id was made from), and the ids that name an article besides its own (reader.storage.copies).
CREATE TABLE article_paths (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    path TEXT NOT NULL,
    source TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_paths_by_article ON article_paths (article_id);
CREATE TABLE article_aliases (
    alias_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_aliases_by_article ON article_aliases (article_id);

-- The full-text index (reader.search reads it). Each column goes in with its
-- over-long words cut (reader_index_text: reader.terms, an SQL function every connection
-- of the store has). New articles are indexed a batch at a time by the store
-- (reader.storage.articles.upsert), not by a trigger; changed and deleted ones by these.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, dek, body, author,
    content='articles', content_rowid='num',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, dek, body, author)
    VALUES ('delete', old.num, reader_index_text(old.title), reader_index_text(old.dek),
            reader_index_text(old.body), reader_index_text(old.author));
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, dek, body, author ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, dek, body, author)
    VALUES ('delete', old.num, reader_index_text(old.title), reader_index_text(old.dek),
            reader_index_text(old.body), reader_index_text(old.author));
    INSERT INTO articles_fts (rowid, title, dek, body, author)
    VALUES (new.num, reader_index_text(new.title), reader_index_text(new.dek),
            reader_index_text(new.body), reader_index_text(new.author));
END;

-- The spelling index (reader.search.spelling says what each table holds): the articles
-- written since its last refresh are pending, and the dates and read state of matches
-- are read from a narrow index.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY,
    id INTEGER NOT NULL UNIQUE,
    docs INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE search_frequent (
    term TEXT PRIMARY KEY,
    docs INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE search_variants (
    key INTEGER NOT NULL,
    term_id INTEGER NOT NULL,
    PRIMARY KEY (key, term_id)
) WITHOUT ROWID;
CREATE TABLE search_pending (num INTEGER PRIMARY KEY);
CREATE TRIGGER search_pending_ai AFTER INSERT ON articles BEGIN
    INSERT INTO search_pending (num) SELECT new.num
    WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE num = new.num);
END;
CREATE TRIGGER search_pending_au AFTER UPDATE OF title, dek, body, author, date
ON articles BEGIN
    INSERT INTO search_pending (num) SELECT new.num
    WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE num = new.num);
END;
CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row');
CREATE INDEX search_article_dates ON articles (num, date, read);

-- Feeds (reader.storage.feeds says what each column holds).
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    user_title TEXT,
    site_url TEXT,
    folder TEXT,
    created TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_fetch TEXT,
    last_success TEXT,
    next_fetch TEXT,
    interval_minutes INTEGER,
    ttl_minutes INTEGER,
    retry_until TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    dead INTEGER NOT NULL DEFAULT 0,
    redirect_url TEXT,
    redirect_since TEXT,
    fulltext INTEGER NOT NULL DEFAULT 0
);

-- The user's own data, keyed by the stable article id (not num), with no foreign key to
-- articles: it outlives anything that happens to its article, and an import touches it
-- only to find a note's quote again. Bookmarks, the articles read (articles.read mirrors
-- reads), where the user was in a long article (a fraction of its length), notes (a
-- deleted one is kept while its deletion can be undone) and the drafts of notes.
CREATE TABLE bookmarks (
    article_id TEXT PRIMARY KEY,
    created TEXT NOT NULL
);
CREATE TABLE reads (
    article_id TEXT PRIMARY KEY,
    at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER reads_ai AFTER INSERT ON reads BEGIN
    UPDATE articles SET read = 1 WHERE id = new.article_id AND read = 0;
END;
CREATE TRIGGER reads_ad AFTER DELETE ON reads BEGIN
    UPDATE articles SET read = 0 WHERE id = old.article_id AND read = 1;
END;
CREATE TABLE places (
    article_id TEXT PRIMARY KEY,
    fraction REAL NOT NULL,
    updated TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL,  -- stable across export and import
    article_id TEXT NOT NULL,
    text TEXT NOT NULL,
    quote TEXT,
    quote_start INTEGER,
    quote_end INTEGER,
    detached INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    edited TEXT NOT NULL,
    deleted TEXT  -- set while a deletion can still be undone
);
CREATE UNIQUE INDEX notes_uid ON notes (uid);
CREATE INDEX notes_article ON notes (article_id);
CREATE VIRTUAL TABLE notes_fts USING fts5(
    text, quote, content='notes', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, text, quote) VALUES (new.id, new.text, new.quote);
END;
CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text, quote)
    VALUES ('delete', old.id, old.text, old.quote);
END;
CREATE TRIGGER notes_au AFTER UPDATE OF text, quote ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text, quote)
    VALUES ('delete', old.id, old.text, old.quote);
    INSERT INTO notes_fts (rowid, text, quote) VALUES (new.id, new.text, new.quote);
END;
CREATE TABLE drafts (
    key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    note_id INTEGER,
    text TEXT NOT NULL,
    quote TEXT,
    quote_start INTEGER,
    quote_end INTEGER,
    updated TEXT NOT NULL,
    -- 1: kept on purpose (Esc in the editor), offered again only by its article's editor;
    -- 0: saved as it was typed, offered back at the next start (the reader stopped).
    kept INTEGER NOT NULL DEFAULT 0
);
-- The search box's history (reader.storage.searches): each search the user went to the
-- results of, once; ``used`` counts up, the most recent highest.
CREATE TABLE searches (
    text TEXT PRIMARY KEY,
    used INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX searches_by_use ON searches (used);

-- The user's settings (reader.storage.settings): one text value a key.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);

-- The people each article mentions, written by imports (reader.storage.people_write):
-- one row a canonical name key (name and hidden carry the user's overrides, articles is
-- a cached count, recounted while people_state has 'counts' 'stale'), and who an
-- article mentions, how often and where first, keyed so that one person's articles come
-- newest first ('' sorts an undated one last). people_todo: articles whose people are
-- still to be found.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE article_people (
    person_id INTEGER NOT NULL,
    sort_date TEXT NOT NULL,
    article_num INTEGER NOT NULL,
    count INTEGER NOT NULL,
    first INTEGER,
    PRIMARY KEY (person_id, sort_date, article_num)
) WITHOUT ROWID;
CREATE INDEX article_people_by_article ON article_people (article_num, person_id);
CREATE TABLE people_todo (num INTEGER PRIMARY KEY);
CREATE TABLE people_state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- people_placed: each article whose surname alone (person_id: "Blair") or initial and
-- surname ("D Humphreys") is counted to a full name (target_id: "Tony Blair") by
-- reader.storage.people_merge, so that it can be undone and made again from the whole
-- archive.
CREATE TABLE people_placed (
    article_num INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    target_id INTEGER NOT NULL,
    PRIMARY KEY (article_num, person_id)
) WITHOUT ROWID;
CREATE TRIGGER people_articles_ad AFTER DELETE ON articles BEGIN
    DELETE FROM article_people WHERE article_num = old.num;
    DELETE FROM people_todo WHERE num = old.num;
    DELETE FROM people_placed WHERE article_num = old.num;
    INSERT OR REPLACE INTO people_state (name, value) VALUES ('counts', 'stale');
END;
-- The user's edits of people, keyed by name keys (never by ids), which imports read and
-- never write: a name key that means another person (merges and aliases; scan: also look
-- for the alias's text in bodies), and a new display name or hiding.
CREATE TABLE person_aliases (
    alias_key TEXT PRIMARY KEY,
    target_key TEXT NOT NULL,
    alias TEXT NOT NULL,
    scan INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX person_aliases_by_target ON person_aliases (target_key);
CREATE TABLE person_overrides (
    key TEXT PRIMARY KEY,
    name TEXT,
    name_key TEXT,
    hidden INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX person_overrides_by_name ON person_overrides (name_key);
"""
"""The whole schema of version ``SCHEMA_VERSION``, as a new database is made."""


def migrate(db: Database, version: int | None = None) -> int:
    """Bring the database up to the current schema, or only to ``version``; return the
    schema version now in force.

    A new database is made from :data:`SCHEMA`; one from an older program is updated by
    the migrations it has not had. ``version`` builds, migration by migration, the database
    an older program left (for the tests of updating one).
    """
    if version is None and not MIGRATIONS.applied(db):
        _create(db)
    else:
        later = [migration.name for migration in MIGRATIONS._migrations][version:]
        MIGRATIONS.apply(db, stop_before=later[0] if version is not None and later else None)
    applied = len(MIGRATIONS.applied(db))
    db.execute(f"PRAGMA user_version = {applied:d}")
    return applied


def _create(db: Database) -> None:
    """Make :data:`SCHEMA` in a new database, every migration recorded as applied (so that
    a later program applies only its own), in one transaction."""
    with db.atomic():
        MIGRATIONS.ensure_migrations_table(db)
        for statement in _statements(SCHEMA):
            db.conn.execute(statement)
        for migration in MIGRATIONS.pending(db):
            MIGRATIONS._record_applied(db, migration.name)


def _statements(script: str) -> Iterator[str]:
    """The statements of ``script``, each ending a line. (sqlite-utils' ``executescript``
    splits a script in a transaction character by character: 20 ms for this one.)"""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""
    if statement.strip():
        raise ValueError(f"an unfinished statement: {statement.strip()[:60]}")
