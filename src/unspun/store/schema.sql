-- unspun store, schema version 1. Offsets are character offsets.
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per input file; a file is 'done' only once all its articles are committed.
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER,
    mtime REAL,
    status TEXT NOT NULL,          -- 'reading' | 'done'
    articles INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    path TEXT NOT NULL,
    locator TEXT NOT NULL,
    format TEXT NOT NULL,
    url TEXT,
    title TEXT,
    site TEXT,
    site_key TEXT NOT NULL,        -- the site whose furniture applies: URL host, site, or folder
    author TEXT,
    published TEXT,
    language TEXT,
    encoding TEXT,
    crawled TEXT,                  -- WARC-Date: when it was fetched, not when published
    raw_text TEXT NOT NULL,        -- the text as read
    text TEXT NOT NULL,            -- the cleaned text; all offsets but removals' refer to it
    chars INTEGER NOT NULL,
    removals TEXT NOT NULL,        -- JSON [[start, end, kind], ...] into raw_text
    furniture_stamp TEXT NOT NULL DEFAULT '',  -- the site furniture and clean version it was cleaned with
    seq INTEGER NOT NULL,          -- insertion order
    canonical TEXT,                -- the page it declares its original (canonical link to another site)
    source_link TEXT               -- the page its reposting plugin's "Source link" names, if another site's
);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site_key);
CREATE INDEX IF NOT EXISTS articles_seq ON articles(seq);

CREATE TABLE IF NOT EXISTS read_errors (
    path TEXT NOT NULL,
    locator TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (path, locator)
);

-- Lines a site repeats across unrelated pages, learned from the corpus.
CREATE TABLE IF NOT EXISTS site_furniture (
    site_key TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (site_key, line)
);

CREATE TABLE IF NOT EXISTS segments (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    paragraphs BLOB NOT NULL,      -- int32 pairs (start, end)
    sentences BLOB NOT NULL        -- int32 pairs (start, end)
);

CREATE TABLE IF NOT EXISTS schemes (
    name TEXT PRIMARY KEY,         -- versioned name with parameters
    params TEXT NOT NULL           -- JSON
);

CREATE TABLE IF NOT EXISTS fingerprints (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    scheme TEXT NOT NULL REFERENCES schemes(name),
    data BLOB NOT NULL,
    PRIMARY KEY (scheme, article_id)
);

CREATE TABLE IF NOT EXISTS candidates (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    jaccard REAL NOT NULL,
    containment_a REAL NOT NULL,
    containment_b REAL NOT NULL,
    immutables_jaccard REAL NOT NULL,
    shared_immutables TEXT NOT NULL,   -- JSON list
    embedding_cosine REAL,
    via TEXT NOT NULL,                 -- JSON list
    PRIMARY KEY (a, b)
);

-- One row per aligned candidate pair (a < b); kind NULL: no reuse (its passages, if any, are only weak ones: quotations, stock phrases, loose paraphrases).
CREATE TABLE IF NOT EXISTS relations (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    kind TEXT,                         -- duplicate | copy | partial | rewrite | NULL
    coverage_a REAL NOT NULL,
    coverage_b REAL NOT NULL,
    direction TEXT NOT NULL,           -- 'common' from wording drift; siblings of a third article are marked 'common' when read
    confidence REAL NOT NULL,
    evidence TEXT NOT NULL,            -- JSON list of strings
    passages TEXT NOT NULL,            -- JSON [[a_start, a_end, b_start, b_end, type, score, weak], ...]
    diff TEXT NOT NULL,                -- JSON [[old, new], ...]
    version TEXT NOT NULL,             -- the align/relate version that made it
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS relations_b ON relations(b);

-- The long sentences of each article (hashes of its sentence fingerprints whose long bit is set, stored signed), to
-- find the articles that carry one (``SQLiteStore.carriers``) without reading every fingerprint: a syndicator's
-- republication notice is carried by the unrelated articles of many sites.
CREATE TABLE IF NOT EXISTS long_sentences (
    scheme TEXT NOT NULL,
    key INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (scheme, key, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS long_sentences_article ON long_sentences(article_id);

-- Story of each article, and the story index's state so new articles join incrementally.
CREATE TABLE IF NOT EXISTS stories (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_story ON stories(story);

CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY,
    json TEXT NOT NULL,
    blob BLOB
);

-- Direct quotations of each article (offsets into the cleaned text); `quoted` says which
-- articles were scanned and by which extractor version, so an article without quotes is not rescanned.
CREATE TABLE IF NOT EXISTS quotes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,                -- order in the article
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    pieces TEXT NOT NULL,              -- JSON [[start, end], ...]
    speaker TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT,
    PRIMARY KEY (article_id, n)
);

-- The rarest words of each article's quotations, to find the articles that quote what another one quotes
-- without grouping the whole corpus's quotations (``SQLiteStore.quoting``).
CREATE TABLE IF NOT EXISTS quote_words (
    word TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,                -- the quotation (quotes.n)
    k INTEGER NOT NULL,                -- how many words that quotation has here
    PRIMARY KEY (word, article_id, n)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS quote_words_article ON quote_words(article_id);

CREATE TABLE IF NOT EXISTS quoted (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version TEXT NOT NULL
);

-- Spin signals of each article from its text alone (flags JSON [[kind, start, end, note], ...]).
CREATE TABLE IF NOT EXISTS spin (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    words INTEGER NOT NULL,
    flags TEXT NOT NULL,
    version TEXT NOT NULL
);

-- The spin verdict of each reuse relation (a < b), dropped with its relation: every rewrite, and
-- copies whose edited passages may hide swapped words ('none' for copies with nothing to judge).
CREATE TABLE IF NOT EXISTS rewrite_spin (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    verdict TEXT NOT NULL,
    score REAL NOT NULL,
    detail TEXT NOT NULL,              -- JSON: spans and replaced words
    version TEXT NOT NULL,
    PRIMARY KEY (a, b)
)
