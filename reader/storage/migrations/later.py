"""The schema's later migrations, 0007 on: index terms cut to a bounded length, feeds,
read state, copies of one article, sources, read state in search, drafts kept on
purpose, and the search box's history. A new migration
goes at the end of this module (and of :data:`STEPS`), and into
:data:`reader.storage.schema.SCHEMA`.

A database at an older version is brought up by those of
:mod:`reader.storage.migrations.early` and these, in order (:mod:`reader.storage.migrations`
holds them as one set). Each migration stays as it was written: a database from that time
is what it changes.
"""

from __future__ import annotations

from sqlite_utils import Database


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


def _m0012_read_state_in_search(db: Database) -> None:
    # ``is:unread`` (and ``is:read``) with words: the search looks up each match's
    # state in ``search_article_dates``, the narrow index it already reads the dates
    # of matches from (reader.search.rank), instead of listing every unread article
    # for each statement (30,000 of them at 100,000 articles: some 4 ms a statement).
    db.executescript(
        """
        DROP INDEX search_article_dates;
        CREATE INDEX search_article_dates ON articles (num, date, read);
        """
    )


def _m0013_kept_drafts(db: Database) -> None:
    # A draft kept with Esc was offered back at every start as "you were writing a note
    # when the reader stopped", and answering no deleted it. Drafts now say which they
    # are: kept on purpose (1), or saved as they were typed (0, as every older one).
    db.execute("ALTER TABLE drafts ADD COLUMN kept INTEGER NOT NULL DEFAULT 0")


def _m0014_search_history(db: Database) -> None:
    # The search box's history (reader.storage.searches): ↑ in the box brings back the
    # searches the user went to the results of.
    db.executescript(
        """
        CREATE TABLE searches (
            text TEXT PRIMARY KEY,
            used INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX searches_by_use ON searches (used);
        """
    )


def _m0015_people_placed(db: Database) -> None:
    # A surname alone ("Mr Blair") is counted to the full name its article's people stand
    # beside elsewhere (reader.storage.people_merge); each such article is noted, so that
    # the placement is undone and made again from the whole archive at every write of
    # people (what two imports at once make is what one makes). Deleting an article
    # forgets its placements.
    db.executescript(
        """
        CREATE TABLE people_placed (
            article_num INTEGER NOT NULL,
            person_id INTEGER NOT NULL,
            target_id INTEGER NOT NULL,
            PRIMARY KEY (article_num, person_id)
        ) WITHOUT ROWID;
        DROP TRIGGER people_articles_ad;
        CREATE TRIGGER people_articles_ad AFTER DELETE ON articles BEGIN
            DELETE FROM article_people WHERE article_num = old.num;
            DELETE FROM people_todo WHERE num = old.num;
            DELETE FROM people_placed WHERE article_num = old.num;
            INSERT OR REPLACE INTO people_state (name, value) VALUES ('counts', 'stale');
        END;
        """
    )


#: These migrations, in order, by the names a database records them under.
STEPS = (
    ("0007_bounded_index_terms", _m0007_bounded_terms),
    ("0008_feeds", _m0008_feeds),
    ("0009_read_state", _m0009_read_state),
    ("0010_copies", _m0010_copies),
    ("0011_sources", _m0011_sources),
    ("0012_read_state_in_search", _m0012_read_state_in_search),
    ("0013_kept_drafts", _m0013_kept_drafts),
    ("0014_search_history", _m0014_search_history),
    ("0015_people_placed", _m0015_people_placed),
)
