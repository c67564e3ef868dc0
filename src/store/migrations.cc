#include "store/migrations.h"

#include <string>

namespace herald::store {
namespace {

// v1: sources, articles, views. Ids use AUTOINCREMENT so an id once shown in
// a URL (/a/42) never comes back as a different article after deletions.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE sources (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  name             TEXT    NOT NULL DEFAULT '',
  feed_url         TEXT    NOT NULL UNIQUE,
  site_url         TEXT    NOT NULL DEFAULT '',
  display          TEXT    NOT NULL DEFAULT 'full' CHECK (display IN ('full', 'excerpt')),
  etag             TEXT    NOT NULL DEFAULT '',
  last_modified    TEXT    NOT NULL DEFAULT '',
  last_fetched_utc INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT    NOT NULL DEFAULT '',
  error_count      INTEGER NOT NULL DEFAULT 0,
  created_utc      INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER))
);

CREATE TABLE articles (
  id                     INTEGER PRIMARY KEY AUTOINCREMENT,
  source_id              INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  url                    TEXT    NOT NULL,
  canonical_url          TEXT    NOT NULL UNIQUE,
  title                  TEXT    NOT NULL DEFAULT '',
  byline                 TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(byline)),
  published_utc          INTEGER,
  published_offset_min   INTEGER,
  published_offset_known INTEGER,
  modified_utc           INTEGER,
  modified_offset_min    INTEGER,
  modified_offset_known  INTEGER,
  site_name              TEXT    NOT NULL DEFAULT '',
  lead_image_url         TEXT    NOT NULL DEFAULT '',
  lead_image_caption     TEXT    NOT NULL DEFAULT '',
  lead_image_credit      TEXT    NOT NULL DEFAULT '',
  excerpt                TEXT    NOT NULL DEFAULT '',
  text                   TEXT    NOT NULL DEFAULT '',
  html                   TEXT    NOT NULL DEFAULT '',
  language               TEXT    NOT NULL DEFAULT '',
  paywalled              INTEGER NOT NULL DEFAULT 0,
  content_hash           TEXT    NOT NULL DEFAULT '',
  fetched_utc            INTEGER NOT NULL,
  word_count             INTEGER NOT NULL DEFAULT 0
);
-- The home page: newest first, undated articles placed by fetch time. The
-- query must spell the same expression for SQLite to use this index.
CREATE INDEX articles_latest ON articles (COALESCE(published_utc, fetched_utc) DESC, id DESC);
CREATE INDEX articles_content_hash ON articles (content_hash);
-- Makes the ON DELETE CASCADE from sources a lookup instead of a scan.
CREATE INDEX articles_source ON articles (source_id);

CREATE TABLE views (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  day        TEXT    NOT NULL,
  count      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, day)
) WITHOUT ROWID;
)sql";

// v2: full-text index over titles and bodies (search, related articles). An
// external-content table: the text lives once, in articles; triggers keep the
// index in step, and 'rebuild' indexes rows that predate this migration.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text,
  content = 'articles', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF title, text ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
)sql";

// v3: the index reads segmented copies of title and text (search_title,
// search_text, written by the store with ICU word breaks), because unicode61
// alone cannot find the words of Chinese or Japanese text, which has no
// spaces. Rows stored before v3 get their copies from the store's backfill at
// open (segmentation needs ICU, which SQL cannot call).
constexpr std::string_view kSchemaV3 = R"sql(
DROP TRIGGER articles_fts_after_insert;
DROP TRIGGER articles_fts_after_delete;
DROP TRIGGER articles_fts_after_update;
DROP TABLE articles_fts;
ALTER TABLE articles ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE articles_fts USING fts5(
  search_title, search_text,
  content = 'articles', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, search_title, search_text) VALUES (new.id, new.search_title, new.search_text);
END;
CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, search_title, search_text)
    VALUES ('delete', old.id, old.search_title, old.search_text);
END;
CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF search_title, search_text ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, search_title, search_text)
    VALUES ('delete', old.id, old.search_title, old.search_text);
  INSERT INTO articles_fts (rowid, search_title, search_text) VALUES (new.id, new.search_title, new.search_text);
END;
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
)sql";

// v4: editorial control. A hidden article (a takedown) leaves every list at
// once; featured ones lead the home page. The partial index keeps the home
// page's featured lookup from scanning every article.
constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN featured INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_featured ON articles (COALESCE(published_utc, fetched_utc) DESC, id DESC) WHERE featured != 0;
)sql";

// v5: adaptive refresh. Each feed has its own next fetch time; a round
// fetches only the feeds that are due.
constexpr std::string_view kSchemaV5 = R"sql(
ALTER TABLE sources ADD COLUMN next_fetch_utc INTEGER NOT NULL DEFAULT 0;
)sql";

// v6: the durable job queue and WebSub subscriptions. A job is unfinished
// while it exists (state 'pending' or 'claimed') and kept as 'failed' when
// given up; done jobs are deleted. The partial index serves the claim query.
constexpr std::string_view kSchemaV6 = R"sql(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_after_utc INTEGER NOT NULL DEFAULT 0,
  claimed_by TEXT NOT NULL DEFAULT '',
  lease_expires_utc INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_utc INTEGER NOT NULL,
  UNIQUE (kind, key)
);
CREATE INDEX jobs_due ON jobs (run_after_utc, id) WHERE state != 'failed';
CREATE TABLE subscriptions (
  source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
  hub_url TEXT NOT NULL,
  topic_url TEXT NOT NULL,
  secret TEXT NOT NULL,
  state TEXT NOT NULL,
  requested_utc INTEGER NOT NULL DEFAULT 0,
  lease_expires_utc INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
)sql";

// v7: other URLs an article is known by. A feed may link a URL whose page
// names another canonical one on the same site (rel=canonical, og:url); the
// article is stored under the page's, and the feed's is kept here so the
// next announcement of it is recognised as already stored.
constexpr std::string_view kSchemaV7 = R"sql(
CREATE TABLE article_aliases (
  url TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX article_aliases_article ON article_aliases (article_id);
)sql";

// v8: topics. Membership of articles in the config's topic rules, written
// by whoever applies the rules (topics/apply.h), and a small key/value table
// for the store's own settings, such as the fingerprint of the rules the
// memberships were computed with.
constexpr std::string_view kSchemaV8 = R"sql(
CREATE TABLE article_topics (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  PRIMARY KEY (topic, article_id)
) WITHOUT ROWID;
CREATE INDEX article_topics_article ON article_topics (article_id);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// v9: a counter of changes readers can see, so a page cache can tell in one
// cheap read whether anything it rendered may be stale. Triggers bump it on
// every article write (PutArticle updates only changed rows; hide and feature
// are updates too), on topic membership and on the source fields pages
// show; fetch bookkeeping on sources (etag, next fetch) leaves it alone.
constexpr std::string_view kSchemaContentVersion = R"sql(
CREATE TABLE content_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);
CREATE TRIGGER content_version_article_insert AFTER INSERT ON articles
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_article_update AFTER UPDATE ON articles
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_article_delete AFTER DELETE ON articles
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_source_insert AFTER INSERT ON sources
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_source_update AFTER UPDATE OF name, site_url, display ON sources
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_source_delete AFTER DELETE ON sources
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_topic_insert AFTER INSERT ON article_topics
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_topic_delete AFTER DELETE ON article_topics
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
)sql";

// v10: new articles enter the full-text index once per write transaction
// (SqliteStore::PutArticlesLocked), not by a trigger per row. FTS5 flushes
// its pending terms to a new segment at every statement savepoint, and a
// row trigger gives every upsert one: a segment per article, merged again
// and again. Updates and deletes keep their triggers (they need the old
// values, and are rare).
constexpr std::string_view kSchemaIndexPerTransaction = R"sql(
DROP TRIGGER articles_fts_after_insert;
)sql";

// v11: the story layer's assignments. story_id is NULL until the story
// layer has seen the article; duplicate_of names the copy group's
// representative (ON DELETE SET NULL: a copy whose original is deleted is
// shown again). story_merges keeps absorbed ids answering as redirects.
constexpr std::string_view kSchemaStories = R"sql(
ALTER TABLE articles ADD COLUMN story_id INTEGER;
ALTER TABLE articles ADD COLUMN duplicate_of INTEGER REFERENCES articles (id) ON DELETE SET NULL;
CREATE INDEX articles_story ON articles (story_id) WHERE story_id IS NOT NULL;
CREATE INDEX articles_unassigned ON articles (id) WHERE story_id IS NULL;
CREATE INDEX articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE TABLE story_merges (
  absorbed INTEGER PRIMARY KEY,
  survivor INTEGER NOT NULL
);
)sql";

// v12: site focus (config [focus], per-source sections). An article outside
// the focus stays stored, so changing the rules can bring it back, but is
// left out of every list, feed and search like a hidden one. Setting it is an
// update of articles, so the content_version trigger moves caches on.
constexpr std::string_view kSchemaFocus = R"sql(
ALTER TABLE articles ADD COLUMN out_of_focus INTEGER NOT NULL DEFAULT 0;
)sql";

// v13: several worker and web processes on one store. A source claimed by
// a worker is not fetched by another until the claim ends or its lease runs
// out; host_slots spaces requests to one host across every process; visits
// and visitor_salts let web processes count a visitor once per article per
// day between them (only salted hashes, only for the current day); leases
// let one worker at a time run the story layer.
constexpr std::string_view kSchemaWorkers = R"sql(
ALTER TABLE sources ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN claim_expires_utc INTEGER NOT NULL DEFAULT 0;
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_utc INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE host_slots (
  host TEXT PRIMARY KEY,
  next_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE visitor_salts (
  day TEXT PRIMARY KEY,
  salt TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE visits (
  day TEXT NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  visitor TEXT NOT NULL,
  PRIMARY KEY (day, article_id, visitor)
) WITHOUT ROWID;
CREATE INDEX visits_article ON visits (article_id);
)sql";

// v14: a queue of articles whose segmented search copies are to be written
// again (SqliteStore::RefoldSearchColumns works it off when the store opens),
// so that no open scans the whole table looking for them. Here the rows from
// before v3 that still have none; FTS5 removes diacritics itself, so no
// other row needs the v14 folding (common/segment.h SearchWords) again.
constexpr std::string_view kSchemaSearchRefold = R"sql(
CREATE TABLE search_refold (article_id INTEGER PRIMARY KEY);
INSERT INTO search_refold (article_id)
  SELECT id FROM articles WHERE search_title = '' AND search_text = '' AND (title != '' OR text != '');
)sql";

Status CheckNumbering(std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return MakeError(ErrorKind::kInternal, "schema migrations must be numbered 1..N in order; entry " +
                                                 std::to_string(i) + " has version " +
                                                 std::to_string(migrations[i].version));
    }
  }
  return Status::Ok();
}

Error TooNew(const Database& db, int found, int known) {
  return MakeError(ErrorKind::kStorage,
                   db.path() + ": database schema version " + std::to_string(found) +
                       " is newer than this herald knows (" + std::to_string(known) +
                       "); upgrade herald, or choose another --data directory");
}

}  // namespace

const std::vector<Migration>& SchemaMigrations() {
  static const std::vector<Migration> migrations = {{1, kSchemaV1}, {2, kSchemaV2}, {3, kSchemaV3}, {4, kSchemaV4}, {5, kSchemaV5}, {6, kSchemaV6}, {7, kSchemaV7}, {8, kSchemaV8}, {9, kSchemaContentVersion},
                                                     {10, kSchemaIndexPerTransaction}, {11, kSchemaStories}, {12, kSchemaFocus}, {13, kSchemaWorkers}, {14, kSchemaSearchRefold}};
  return migrations;
}

Result<int> ReadSchemaVersion(Database& db) {
  Result<int64_t> version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.error();
  return static_cast<int>(*version);
}

Result<int> ApplyMigrations(Database& db, std::span<const Migration> migrations) {
  if (Status numbering = CheckNumbering(migrations); !numbering.ok()) return numbering.error();
  const int known = static_cast<int>(migrations.size());

  // Cheap check outside a transaction: a current database (the usual case)
  // takes no write lock, and a too-new one is refused without being touched.
  Result<int> current = ReadSchemaVersion(db);
  if (!current.ok()) return current.error();
  if (*current > known) return TooNew(db, *current, known);

  int applied = 0;
  for (const Migration& migration : migrations) {
    if (migration.version <= *current) continue;
    Transaction tx(db);
    if (Status begin = tx.Begin(); !begin.ok()) return begin.error();
    // Another process may have migrated while we waited for the lock.
    Result<int> now = ReadSchemaVersion(db);
    if (!now.ok()) return now.error();
    if (*now > known) return TooNew(db, *now, known);
    if (*now >= migration.version) continue;

    Status status = db.Exec(migration.sql);
    if (status.ok()) status = db.Exec("PRAGMA user_version = " + std::to_string(migration.version));
    if (status.ok()) status = tx.Commit();
    if (!status.ok()) {
      return MakeError(status.error().kind, "schema migration " + std::to_string(migration.version) +
                                                " failed, database left at version " + std::to_string(*now) +
                                                ": " + status.message());
    }
    ++applied;
  }
  return applied;
}

}  // namespace herald::store
