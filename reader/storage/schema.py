"""The database schema as numbered migrations (sqlite-utils ``Migrations``).

Each migration is applied once, in order, inside a transaction; the count of
applied migrations is mirrored into ``PRAGMA user_version`` so that opening an
up-to-date database needs neither sqlite-utils nor a table read. A database whose
``user_version`` is higher than :data:`SCHEMA_VERSION` was written by a newer
program and is refused rather than guessed at.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from reader.storage.version import SCHEMA_VERSION

MIGRATIONS = Migrations("reader")


@MIGRATIONS(name="0001_articles")
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


@MIGRATIONS(name="0002_search")
def _m0002_search(db: Database) -> None:
    # The spelling index of reader.search, filled for the articles already stored by
    # the facade once the migrations are done (reader.core: Store._migrate).
    db.executescript(_SPELLING_SQL)


@MIGRATIONS(name="0003_user_data")
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


@MIGRATIONS(name="0004_people")
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


@MIGRATIONS(name="0005_index_new_articles_per_batch")
def _m0005_batched_fts(db: Database) -> None:
    # A row-by-row trigger makes FTS5 flush a tiny index segment for every new
    # article (most of an import's time); the store now indexes each batch's new
    # rows in one statement (Store._upsert). Updates and deletes keep their triggers.
    db.execute("DROP TRIGGER IF EXISTS articles_ai")


@MIGRATIONS(name="0006_no_prefix_index")
def _m0006_no_prefix_index(db: Database) -> None:
    # The prefix index (prefix='2 3') tripled the index's work at import: most of an
    # import's time. Search finds the word being typed through the spelling index's
    # completions instead (reader.search.plan), so the index is rebuilt without it.
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


@MIGRATIONS(name="0007_bounded_index_terms")
def _m0007_bounded_terms(db: Database) -> None:
    # FTS5 cuts a term at 32,768 bytes, which can land inside a character: the spelling
    # index then failed to read the vocabulary, at every import. The index is now given
    # each column with its over-long words cut (reader.terms.index_text, an SQL
    # function every connection of the store has); the triggers must give the same text
    # to take an article out as went in. Articles indexed in full before are re-indexed
    # (taken out with their text as it was indexed) and left to the spelling index's next
    # refresh.
    from reader.terms import register_index_text

    register_index_text(db.conn)
    columns = ("title", "dek", "body", "author")

    def cut(prefix: str) -> str:
        return ", ".join(f"reader_index_text({prefix}{c})" for c in columns)

    changed = " OR ".join(f"reader_index_text({c}) IS NOT {c}" for c in columns)
    db.executescript(
        f"""
        CREATE TEMP TABLE reindex AS SELECT num FROM articles WHERE {changed};
        INSERT INTO articles_fts (articles_fts, rowid, title, dek, body, author)
            SELECT 'delete', num, title, dek, body, author FROM articles
            WHERE num IN (SELECT num FROM temp.reindex);
        INSERT INTO articles_fts (rowid, title, dek, body, author)
            SELECT num, {cut("")} FROM articles WHERE num IN (SELECT num FROM temp.reindex);
        INSERT OR IGNORE INTO search_pending (num) SELECT num FROM temp.reindex;
        DROP TABLE temp.reindex;
        DROP TRIGGER articles_ad;
        DROP TRIGGER articles_au;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, dek, body, author)
            VALUES ('delete', old.num, {cut("old.")});
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, dek, body, author)
            VALUES ('delete', old.num, {cut("old.")});
            INSERT INTO articles_fts (rowid, title, dek, body, author)
            VALUES (new.num, {cut("new.")});
        END;
        """
    )


@MIGRATIONS(name="0008_feeds")
def _m0008_feeds(db: Database) -> None:
    # Feeds (reader.storage.feeds says what each column holds) and where an article came
    # from on the web. A feed's articles point at its row by ``feed_id``, which never
    # changes when the feed's URL does, so article ids (made from it) never do either.
    # The feed's own text of an article whose full text was fetched from its web page
    # is kept beside it (``feed_body``), with where, when and how the full text was had.
    db.executescript(
        """
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
        ALTER TABLE articles ADD COLUMN url TEXT;
        ALTER TABLE articles ADD COLUMN feed_id INTEGER;
        ALTER TABLE articles ADD COLUMN feed_body TEXT;
        ALTER TABLE articles ADD COLUMN fulltext_url TEXT;
        ALTER TABLE articles ADD COLUMN fulltext_at TEXT;
        ALTER TABLE articles ADD COLUMN fulltext_extractor TEXT;
        CREATE INDEX articles_by_feed ON articles (feed_id) WHERE feed_id IS NOT NULL;
        CREATE INDEX articles_by_url ON articles (url) WHERE url IS NOT NULL;
        """
    )


@MIGRATIONS(name="0009_read_state")
def _m0009_read_state(db: Database) -> None:
    # Read state, the user's own data like bookmarks: ``reads`` holds the articles read,
    # by their stable id (it outlives an article removed and imported again, and a moved
    # feed), and is what export, import and undo see. ``articles.read`` mirrors it for
    # the list's reads: the triggers keep it so whatever writes ``reads`` (a mark, an
    # undo, an import of an export), and each import's new rows take it from ``reads``
    # (reader.storage.articles.upsert). The partial index holds the unread articles in
    # list order, with their source: the unread counts and ``is:unread`` read it alone.
    # ``places`` keeps where the user was in a long article (a fraction of its length).
    #
    # The triggers that re-index an article (and mark it for the spelling index) now
    # fire only when its text or date changes, not when its read state does.
    from reader.terms import register_index_text

    register_index_text(db.conn)

    def cut(prefix: str) -> str:
        columns = ("title", "dek", "body", "author")
        return ", ".join(f"reader_index_text({prefix}{c})" for c in columns)

    db.executescript(
        f"""
        CREATE TABLE reads (
            article_id TEXT PRIMARY KEY,
            at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE places (
            article_id TEXT PRIMARY KEY,
            fraction REAL NOT NULL,
            updated TEXT NOT NULL
        ) WITHOUT ROWID;
        ALTER TABLE articles ADD COLUMN read INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX articles_unread ON articles (date DESC, num DESC, source) WHERE read = 0;
        CREATE TRIGGER reads_ai AFTER INSERT ON reads BEGIN
            UPDATE articles SET read = 1 WHERE id = new.article_id AND read = 0;
        END;
        CREATE TRIGGER reads_ad AFTER DELETE ON reads BEGIN
            UPDATE articles SET read = 0 WHERE id = old.article_id AND read = 1;
        END;
        DROP TRIGGER articles_au;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, dek, body, author ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, dek, body, author)
            VALUES ('delete', old.num, {cut("old.")});
            INSERT INTO articles_fts (rowid, title, dek, body, author)
            VALUES (new.num, {cut("new.")});
        END;
        DROP TRIGGER search_pending_au;
        CREATE TRIGGER search_pending_au AFTER UPDATE OF title, dek, body, author, date
        ON articles BEGIN
            INSERT INTO search_pending (num) SELECT new.num
            WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE num = new.num);
        END;
        """
    )


@MIGRATIONS(name="0010_copies")
def _m0010_copies(db: Database) -> None:
    # One article for the same bytes at several paths (reader.storage.copies says how):
    # ``article_paths`` lists the files of an article that has more than one, or whose
    # one file is not the one its id was made from; ``article_aliases`` the ids that name
    # an article besides its own (its copies', and those of copies gone since), so that
    # an id given for a copy finds its article. ``articles_by_content`` finds the article
    # an imported file is a copy of (files only: feed entries and saved pages are never
    # copies). Articles stored twice before are made one, and the user's data of both
    # folded into the one kept, by the facade once migrated (reader.core.base:
    # _after_update), with the code of the day.
    db.executescript(
        """
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
        CREATE INDEX articles_by_content ON articles (content_hash)
            WHERE feed_id IS NULL AND (url IS NULL OR url <> path);
        """
    )


@MIGRATIONS(name="0011_sources")
def _m0011_sources(db: Database) -> None:
    # The sources view and the list kept to a source or sorted by it
    # (reader.storage.sources, reader.storage.listing). ``articles_by_source`` holds every
    # article by source in list order (a folder's files have no feed: they come first
    # among articles of the same source name): a source's articles page straight off it,
    # newest or oldest first, as does the whole list sorted by source, and each source's
    # article count is a walk of it. ``articles_unread_by_source`` counts each source's
    # unread articles (those alone). A feed's articles are in list order in
    # ``articles_by_feed``, made again with their dates.
    db.executescript(
        """
        CREATE INDEX articles_by_source ON articles (source, feed_id, date DESC, num DESC);
        CREATE INDEX articles_unread_by_source ON articles (source, feed_id) WHERE read = 0;
        DROP INDEX articles_by_feed;
        CREATE INDEX articles_by_feed ON articles (feed_id, date DESC, num DESC)
        WHERE feed_id IS NOT NULL;
        """
    )


@MIGRATIONS(name="0012_read_state_in_search")
def _m0012_read_state_in_search(db: Database) -> None:
    # ``is:unread`` (and ``is:read``) with words: the search looks up each match's
    # state in ``search_article_dates``, the narrow index it already reads the dates
    # of matches from (reader.search.engine), instead of listing every unread article
    # for each statement (30,000 of them at 100,000 articles: some 4 ms a statement).
    db.executescript(
        """
        DROP INDEX search_article_dates;
        CREATE INDEX search_article_dates ON articles (num, date, read);
        """
    )


if len(MIGRATIONS._migrations) != SCHEMA_VERSION:  # a migration added: count it there too
    raise RuntimeError(
        f"reader.storage.version.SCHEMA_VERSION is {SCHEMA_VERSION}, "
        f"but there are {len(MIGRATIONS._migrations)} migrations"
    )


def migrate(db: Database, version: int | None = None) -> int:
    """Apply what is pending, or only up to ``version``; return the schema version now in force.

    ``version`` builds the database an older program left (for the tests of updating one).
    """
    later = [migration.name for migration in MIGRATIONS._migrations][version:]
    MIGRATIONS.apply(db, stop_before=later[0] if version is not None and later else None)
    applied = len(MIGRATIONS.applied(db))
    db.execute(f"PRAGMA user_version = {applied:d}")
    return applied
