"""The schema's first migrations, 0001 to 0006: the articles and their full-text index,
the spelling index, the user's notes, bookmarks and drafts, the people, and the two changes
to the full-text index that made imports faster.

A database at an older version is brought up by these and those of
:mod:`reader.storage.migrations.later`, in order (:mod:`reader.storage.migrations` holds
them as one set); a new database is made from :data:`reader.storage.schema.SCHEMA`. Each
migration stays as it was written: a database from that time is what it changes.
"""

from __future__ import annotations

from sqlite_utils import Database


def _m0001_articles(db: Database) -> None:
    db["articles"].create(  # type: ignore[union-attr]
        {
            "num": int,  # the rowid: stable, what the FTS index points at
            "id": str,  # stable public id: derived from the source path
            "path": str,
            "source": str,
            "content_hash": str,
            "parser_version": int,
            "title": str,
            "dek": str,
            "date": str,
            "label": str,
            "author": str,
            "author_role": str,
            "author_bio": str,
            "caption": str,
            "body": str,
            "words": int,
            "imported_at": str,
            "updated_at": str,
        },
        pk="num",
        not_null={"id", "path", "source", "content_hash", "title", "body", "words"},
        defaults={"parser_version": 0},
    )
    db["articles"].create_index(["id"], unique=True, index_name="articles_id")  # type: ignore[union-attr]
    db.execute('CREATE INDEX "articles_by_date" ON "articles" ("date" DESC, "num" DESC)')
    # enable_fts() cannot pass prefix=, so the index and its triggers are written out.
    db.executescript(
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, dek, body, author,
            content='articles', content_rowid='num',
            tokenize='unicode61 remove_diacritics 2',
            prefix='2 3'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, dek, body, author)
            VALUES (new.num, new.title, new.dek, new.body, new.author);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, dek, body, author)
            VALUES ('delete', old.num, old.title, old.dek, old.body, old.author);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, dek, body, author)
            VALUES ('delete', old.num, old.title, old.dek, old.body, old.author);
            INSERT INTO articles_fts(rowid, title, dek, body, author)
            VALUES (new.num, new.title, new.dek, new.body, new.author);
        END;
        """
    )
    db["settings"].create({"key": str, "value": str}, pk="key")  # type: ignore[union-attr]


_SPELLING_SQL = """
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
CREATE TRIGGER search_pending_au AFTER UPDATE ON articles BEGIN
    INSERT INTO search_pending (num) SELECT new.num
    WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE num = new.num);
END;
CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row');
CREATE INDEX search_article_dates ON articles (num, date);
INSERT INTO search_pending (num) SELECT num FROM articles;
"""
"""The spelling index's tables (:mod:`reader.search.spelling` says what each holds); every
article already there is marked pending, for the facade's refresh once migrated."""


def _m0002_search(db: Database) -> None:
    # The spelling index of reader.search, filled for the articles already stored by
    # the facade once the migrations are done (reader.core.base: _after_update).
    db.executescript(_SPELLING_SQL)


def _m0003_user_data(db: Database) -> None:
    # Bookmarks, notes and note drafts: the user's own data, keyed by the stable
    # article id (not num) and never touched by an import except to re-anchor quotes.
    # No foreign key to articles: a note outlives anything that happens to its article.
    db["bookmarks"].create(  # type: ignore[union-attr]
        {"article_id": str, "created": str}, pk="article_id", not_null={"created"}
    )
    db["notes"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "uid": str,  # stable across export and import
            "article_id": str,
            "text": str,
            "quote": str,
            "quote_start": int,
            "quote_end": int,
            "detached": int,
            "created": str,
            "edited": str,
            "deleted": str,  # set while a deletion can still be undone
        },
        pk="id",
        not_null={"uid", "article_id", "text", "detached", "created", "edited"},
        defaults={"detached": 0},
    )
    db["notes"].create_index(["uid"], unique=True, index_name="notes_uid")  # type: ignore[union-attr]
    db["notes"].create_index(["article_id"], index_name="notes_article")  # type: ignore[union-attr]
    db["drafts"].create(  # type: ignore[union-attr]
        {
            "key": str,
            "article_id": str,
            "note_id": int,
            "text": str,
            "quote": str,
            "quote_start": int,
            "quote_end": int,
            "updated": str,
        },
        pk="key",
        not_null={"article_id", "text", "updated"},
    )
    db.executescript(
        """
        CREATE VIRTUAL TABLE notes_fts USING fts5(
            text, quote, content='notes', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
            INSERT INTO notes_fts(rowid, text, quote) VALUES (new.id, new.text, new.quote);
        END;
        CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, text, quote)
            VALUES ('delete', old.id, old.text, old.quote);
        END;
        CREATE TRIGGER notes_au AFTER UPDATE OF text, quote ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, text, quote)
            VALUES ('delete', old.id, old.text, old.quote);
            INSERT INTO notes_fts(rowid, text, quote) VALUES (new.id, new.text, new.quote);
        END;
        """
    )


def _m0004_people(db: Database) -> None:
    # The people each article mentions, found at import (reader.storage.people_write says how),
    # and the user's edits of them.
    #
    # Written by imports: ``people`` (one row per canonical name key; ``name`` and
    # ``hidden`` carry the user's overrides, ``articles`` is a cached count) and
    # ``article_people`` (who an article mentions, how often, where first). Its key
    # starts with the person and the article's date ('' when undated), so one person's
    # articles come newest first straight off the index; the second index serves the
    # reverse (an article's people) and "also mentions" checks. ``people_todo`` holds
    # articles whose people are still to be found (those stored before this migration);
    # ``people_state`` notes when the cached counts must be recounted.
    #
    # The user's own data, keyed by name keys (never by ids), which imports read and
    # never write: ``person_aliases`` (a name key that means another person: merges and
    # aliases; ``scan``: also look for the alias's text in bodies) and
    # ``person_overrides`` (a new display name, hiding).
    db.executescript(
        """
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
        CREATE TRIGGER people_articles_ad AFTER DELETE ON articles BEGIN
            DELETE FROM article_people WHERE article_num = old.num;
            DELETE FROM people_todo WHERE num = old.num;
            INSERT OR REPLACE INTO people_state (name, value) VALUES ('counts', 'stale');
        END;
        INSERT INTO people_todo (num) SELECT num FROM articles;
        """
    )


def _m0005_batched_fts(db: Database) -> None:
    # A row-by-row trigger makes FTS5 flush a tiny index segment for every new
    # article (most of an import's time); the store now indexes each batch's new
    # rows in one statement (reader.storage.articles.upsert). Updates and deletes keep
    # their triggers.
    db.execute("DROP TRIGGER IF EXISTS articles_ai")


def _m0006_no_prefix_index(db: Database) -> None:
    # The prefix index (prefix='2 3') tripled the index's work at import: most of an
    # import's time. Search finds the word being typed through the spelling index's
    # completions instead (reader.search.choices), so the index is rebuilt without it.
    # The update and delete triggers name the table, not its options: they stay.
    db.executescript(
        """
        DROP TABLE articles_fts;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, dek, body, author,
            content='articles', content_rowid='num',
            tokenize='unicode61 remove_diacritics 2'
        );
        INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
        """
    )


#: These migrations, in order, by the names a database records them under.
STEPS = (
    ("0001_articles", _m0001_articles),
    ("0002_search", _m0002_search),
    ("0003_user_data", _m0003_user_data),
    ("0004_people", _m0004_people),
    ("0005_index_new_articles_per_batch", _m0005_batched_fts),
    ("0006_no_prefix_index", _m0006_no_prefix_index),
)
