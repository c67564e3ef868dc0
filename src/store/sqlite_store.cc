#include "store/sqlite_store.h"
#include "store/sqlite_rows.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <limits>
#include <set>
#include <system_error>
#include <tuple>

#include "common/segment.h"
#include "common/strings.h"
#include "store/migrations.h"
#include "store/fts_rank.h"
#include "store/search_words.h"

namespace herald::store {

namespace {

constexpr std::string_view kChooseAnother = "choose another --data directory";

bool IsPrimaryCode(int code, int primary) { return (code & 0xff) == primary; }

// Explains the paths SQLite would only call "unable to open database file".
Status CheckPath(const std::string& path, bool read_only) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return MakeError(ErrorKind::kInvalidInput, path + ": is a directory, not a database file; give a file path such as " +
                                         (fs::path(path) / "herald.db").string());
  }
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    return MakeError(ErrorKind::kIo, path + ": directory " + parent.string() + " does not exist; create it or " +
                                         std::string(kChooseAnother));
  }
  if (read_only && !fs::exists(path, ec)) {
    return MakeError(ErrorKind::kNotFound, path + ": no database to open read-only; run herald once without "
                                                  "read-only to create it");
  }
  return Status::Ok();
}

// Reads the header and schema while writing nothing, so a file that is not
// a database is refused byte-identical.
Status ProbeIsDatabase(Database& db) {
  Result<Statement> probe = db.Prepare("SELECT count(*) FROM sqlite_schema");
  Result<bool> row = probe.ok() ? probe->Step() : Result<bool>(probe.error());
  if (row.ok()) return Status::Ok();
  int code = probe.ok() ? probe->last_code() : sqlite3_extended_errcode(db.handle());
  if (IsPrimaryCode(code, SQLITE_NOTADB)) {
    return MakeError(ErrorKind::kInvalidInput,
                     db.path() + ": file is not a SQLite database; move it away or " + std::string(kChooseAnother));
  }
  if (IsPrimaryCode(code, SQLITE_CORRUPT)) {
    return MakeError(ErrorKind::kStorage, db.path() + ": database file is damaged (" + row.message() +
                                              "); restore a backup or " + std::string(kChooseAnother));
  }
  return row.status();
}

Status Configure(Database& db, const StoreOptions& options) {
  sqlite3_busy_timeout(db.handle(), options.busy_timeout_ms);
  if (!options.read_only) {
    // WAL: readers never block the writer. A read-only connection cannot
    // change the mode and uses whatever the file has.
    Result<Statement> wal = db.Prepare("PRAGMA journal_mode = WAL");
    if (!wal.ok()) return wal.error();
    Result<bool> row = wal->Step();
    if (!row.ok()) return row.status();
    if (!*row || wal->Text("journal_mode") != "wal") {
      return MakeError(ErrorKind::kStorage, db.path() + ": cannot switch to WAL journal mode; put the database "
                                                        "on a local file system or " + std::string(kChooseAnother));
    }
  }
  // NORMAL is durable across application crashes in WAL mode; only a power
  // loss can drop the last commits, never corrupt the file. A 32 MiB page
  // cache and a checkpoint every 32 MiB of WAL (not 4 MiB): an ingest
  // rewrites the same index pages in commit after commit, and each
  // checkpoint copies them to the database file again.
  return db.Exec(
      "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; "
      "PRAGMA wal_autocheckpoint = 8192;");
}

Result<int> CheckReadOnlyVersion(Database& db) {
  Result<int> version = ReadSchemaVersion(db);
  if (!version.ok()) return version;
  const int known = static_cast<int>(SchemaMigrations().size());
  if (*version != known) {
    return MakeError(ErrorKind::kStorage, db.path() + ": database schema version " + std::to_string(*version) +
                                              " but this herald needs " + std::to_string(known) +
                                              "; open it once without read-only so it can be migrated");
  }
  return version;
}

// ---- column lists, written once so INSERT, UPDATE and the change test agree ----

// Every stored article column but id, in Article's order. Bound as ":name".
constexpr std::array<const char*, 23> kArticleColumns = {
    "source_id",      "url",
    "canonical_url",  "title",
    "byline",         "published_utc",
    "published_offset_min", "published_offset_known",
    "modified_utc",   "modified_offset_min",
    "modified_offset_known", "site_name",
    "lead_image_url", "lead_image_caption",
    "lead_image_credit", "excerpt",
    "text",           "html",
    "language",       "paywalled",
    "content_hash",   "fetched_utc",
    "word_count",
};

// Not compared or overwritten on update: the key itself, and fetched_utc,
// which keeps the first fetch so refetching an undated article neither
// counts as a change nor moves it up the home page.
bool KeptOnUpdate(std::string_view column) { return column == "canonical_url" || column == "fetched_utc"; }

std::string JoinColumns(std::string_view prefix) {
  std::string out;
  for (const char* column : kArticleColumns) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += column;
  }
  return out;
}

// Derived columns written with every article: its title and text split into
// words (common/segment.h) for the full-text index, so that Chinese and
// Japanese words are searchable. Never read back; follow title and text.
constexpr std::array<const char*, 2> kSearchColumns = {"search_title", "search_text"};

const std::string& UpsertArticleSql() {
  static const std::string sql = [] {
    std::string set;
    std::string changed;
    for (const char* column : kArticleColumns) {
      if (KeptOnUpdate(column)) continue;
      std::string c(column);
      set += (set.empty() ? "" : ", ") + c + " = excluded." + c;
      changed += (changed.empty() ? "" : " OR ") + ("articles." + c) + " IS NOT excluded." + c;
    }
    std::string search_names, search_values;
    for (const char* column : kSearchColumns) {
      std::string c(column);
      set += ", " + c + " = excluded." + c;
      search_names += ", " + c;
      search_values += ", :" + c;
    }
    return "INSERT INTO articles (" + JoinColumns("") + search_names + ") VALUES (" + JoinColumns(":") +
           search_values + ") ON CONFLICT (canonical_url) DO UPDATE SET " + set + " WHERE " + changed +
           " RETURNING id";
  }();
  return sql;
}

const std::string& SelectArticleSql() {
  static const std::string sql = "SELECT id, hidden, featured, out_of_focus, COALESCE(story_id, 0) AS story_id, COALESCE(duplicate_of, 0) AS duplicate_of, " + JoinColumns("") + " FROM articles WHERE id = :id";
  return sql;
}

std::string BylineToJson(const std::vector<std::string>& byline) {
  // replace: invalid UTF-8 becomes U+FFFD instead of throwing.
  return nlohmann::json(byline).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> BylineFromJson(const std::string& text) {
  std::vector<std::string> byline;
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return byline;
  for (const auto& name : parsed) {
    if (name.is_string()) byline.push_back(name.get<std::string>());
  }
  return byline;
}

void BindTimestamp(Statement& stmt, const std::string& prefix, const std::optional<Timestamp>& t) {
  std::string utc = ":" + prefix + "_utc";
  std::string offset = ":" + prefix + "_offset_min";
  std::string known = ":" + prefix + "_offset_known";
  if (!t) {
    stmt.BindNull(utc.c_str()).BindNull(offset.c_str()).BindNull(known.c_str());
    return;
  }
  stmt.Bind(utc.c_str(), t->utc_seconds)
      .Bind(offset.c_str(), int64_t{t->offset_minutes})
      .Bind(known.c_str(), int64_t{t->offset_known});
}

std::optional<Timestamp> ReadTimestamp(const Statement& row, const std::string& prefix) {
  std::string utc = prefix + "_utc";
  if (row.IsNull(utc.c_str())) return std::nullopt;
  Timestamp t;
  t.utc_seconds = row.Int(utc.c_str());
  t.offset_minutes = static_cast<int>(row.Int((prefix + "_offset_min").c_str()));
  t.offset_known = row.Int((prefix + "_offset_known").c_str()) != 0;
  return t;
}

void BindArticle(Statement& stmt, const Article& a, const std::string& search_title, const std::string& search_text) {
  stmt.Bind(":source_id", a.source_id)
      .Bind(":url", a.url)
      .Bind(":canonical_url", a.canonical_url)
      .Bind(":title", a.title)
      .Bind(":byline", BylineToJson(a.byline))
      .Bind(":site_name", a.site_name)
      .Bind(":lead_image_url", a.lead_image_url)
      .Bind(":lead_image_caption", a.lead_image_caption)
      .Bind(":lead_image_credit", a.lead_image_credit)
      .Bind(":excerpt", a.excerpt)
      .Bind(":text", a.text)
      .Bind(":html", a.html)
      .Bind(":language", a.language)
      .Bind(":paywalled", int64_t{a.paywalled})
      .Bind(":content_hash", a.content_hash)
      .Bind(":fetched_utc", a.fetched_utc)
      .Bind(":word_count", int64_t{a.word_count})
      .Bind(":search_title", search_title)
      .Bind(":search_text", search_text);
  BindTimestamp(stmt, "published", a.published);
  BindTimestamp(stmt, "modified", a.modified);
}

Article ReadArticle(const Statement& row) {
  Article a;
  a.id = row.Int("id");
  a.source_id = row.Int("source_id");
  a.url = row.Text("url");
  a.canonical_url = row.Text("canonical_url");
  a.title = row.Text("title");
  a.byline = BylineFromJson(row.Text("byline"));
  a.published = ReadTimestamp(row, "published");
  a.modified = ReadTimestamp(row, "modified");
  a.site_name = row.Text("site_name");
  a.lead_image_url = row.Text("lead_image_url");
  a.lead_image_caption = row.Text("lead_image_caption");
  a.lead_image_credit = row.Text("lead_image_credit");
  a.excerpt = row.Text("excerpt");
  a.text = row.Text("text");
  a.html = row.Text("html");
  a.language = row.Text("language");
  a.paywalled = row.Int("paywalled") != 0;
  a.content_hash = row.Text("content_hash");
  a.fetched_utc = row.Int("fetched_utc");
  a.word_count = static_cast<int>(row.Int("word_count"));
  a.hidden = row.Int("hidden") != 0;
  a.featured = row.Int("featured") != 0;
  a.out_of_focus = row.Int("out_of_focus") != 0;
  a.story_id = row.Int("story_id");
  a.duplicate_of = row.Int("duplicate_of");
  return a;
}

constexpr const char* kSourceColumns =
    "id, name, feed_url, site_url, display, etag, last_modified, last_fetched_utc, last_error, error_count, next_fetch_utc";

Source ReadSource(const Statement& row) {
  Source s;
  s.id = row.Int("id");
  s.name = row.Text("name");
  s.feed_url = row.Text("feed_url");
  s.site_url = row.Text("site_url");
  s.display = row.Text("display");
  s.etag = row.Text("etag");
  s.last_modified = row.Text("last_modified");
  s.last_fetched_utc = row.Int("last_fetched_utc");
  s.last_error = row.Text("last_error");
  s.error_count = static_cast<int>(row.Int("error_count"));
  s.next_fetch_utc = row.Int("next_fetch_utc");
  return s;
}

bool IsDay(const std::string& day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (day[i] < '0' || day[i] > '9') return false;
  }
  return true;
}

}  // namespace

namespace sqlite_rows {

// The columns of a list row (ArticleSummary), joined with the source name.
const std::string_view kSummarySelect =
    "SELECT articles.id AS id, articles.source_id AS source_id, sources.name AS source_name, "
    "articles.url AS url, articles.title AS title, articles.published_utc AS published_utc, "
    "articles.published_offset_min AS published_offset_min, "
    "articles.published_offset_known AS published_offset_known, articles.excerpt AS excerpt, "
    "articles.lead_image_url AS lead_image_url, articles.language AS language, "
    "articles.paywalled AS paywalled, COALESCE(articles.published_utc, articles.fetched_utc) AS sort_utc, "
    "articles.featured AS featured, COALESCE(articles.story_id, 0) AS story_id "
    "FROM articles JOIN sources ON sources.id = articles.source_id ";

// Every reader-facing list ANDs this in: a hidden article is nowhere, and a
// copy is shown as its representative's "Also published by", not as an item.
const std::string_view kShown = "articles.hidden = 0 AND articles.out_of_focus = 0 ";
const std::string_view kVisible = "articles.hidden = 0 AND articles.out_of_focus = 0 AND articles.duplicate_of IS NULL ";


Result<std::vector<ArticleSummary>> ReadSummaries(Statement& stmt, const std::vector<std::string>* snippet_words) {
  std::vector<ArticleSummary> list;
  for (;;) {
    Result<bool> row = stmt.Step();
    if (!row.ok()) return row.error();
    if (!*row) return list;
    ArticleSummary s;
    s.id = stmt.Int("id");
    s.source_id = stmt.Int("source_id");
    s.source_name = stmt.Text("source_name");
    s.url = stmt.Text("url");
    s.title = stmt.Text("title");
    s.published = ReadTimestamp(stmt, "published");
    s.excerpt = stmt.Text("excerpt");
    s.lead_image_url = stmt.Text("lead_image_url");
    s.language = stmt.Text("language");
    s.paywalled = stmt.Int("paywalled") != 0;
    s.sort_utc = stmt.Int("sort_utc");
    s.featured = stmt.Int("featured") != 0;
    s.story_id = stmt.Int("story_id");
    if (snippet_words) s.snippet = SnippetAround(stmt.Text("text"), *snippet_words);
    list.push_back(std::move(s));
  }
}

}  // namespace sqlite_rows

namespace {

using sqlite_rows::kSummarySelect;
using sqlite_rows::kVisible;
using sqlite_rows::ReadSummaries;

// An FTS5 string literal: the word in double quotes, inner quotes doubled, so
// no word is read as query syntax (AND, NEAR, *, column filters).
std::string FtsQuote(const std::string& word) {
  std::string out = "\"";
  for (char c : word) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string FtsJoin(const std::vector<std::string>& words, const char* op) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : op) + FtsQuote(w);
  return out;
}

std::string FtsAllOf(const std::vector<std::string>& words) { return FtsJoin(words, " "); }
std::string FtsAnyOf(const std::vector<std::string>& words) { return FtsJoin(words, " OR "); }



}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::OpenSqlite(const StoreOptions& options) {
  if (options.path.empty()) {
    return MakeError(ErrorKind::kInvalidInput, "no database path given; set a --data directory");
  }
  if (Status path = CheckPath(options.path, options.read_only); !path.ok()) return path.error();
  Result<std::unique_ptr<Database>> db = Database::Open(options.path, options.read_only);
  if (!db.ok()) {
    return MakeError(db.error().kind, db.message() + "; check the path and its permissions, or " +
                                          std::string(kChooseAnother));
  }
  Database& database = **db;
  if (Status probe = ProbeIsDatabase(database); !probe.ok()) return probe.error();
  if (Status configured = Configure(database, options); !configured.ok()) return configured.error();
  if (Status ranking = fts_rank::RegisterPhraseHits(database.handle()); !ranking.ok()) return ranking.error();

  Result<int> version = options.read_only ? CheckReadOnlyVersion(database) : [&]() -> Result<int> {
    Result<int> applied = ApplyMigrations(database, SchemaMigrations());
    if (!applied.ok()) return applied.error();
    return static_cast<int>(SchemaMigrations().size());
  }();
  if (!version.ok()) return version.error();
  auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db).value(), *version, options));
  if (!options.read_only) {
    if (Status refold = store->RefoldSearchColumns(); !refold.ok()) return refold.error();
  }
  return store;
}

int SqliteStore::SchemaVersion() { return schema_version_; }

// ---- sources ----

Result<int64_t> SqliteStore::AddSource(const Source& source) {
  if (source.feed_url.empty()) return MakeError(ErrorKind::kInvalidInput, "a source needs a feed URL");
  if (source.display != "full" && source.display != "excerpt") {
    return MakeError(ErrorKind::kInvalidInput, source.feed_url + ": display must be \"full\" or \"excerpt\", not \"" +
                                                   source.display + "\"");
  }
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      "INSERT INTO sources (name, feed_url, site_url, display, etag, last_modified, last_fetched_utc, last_error, "
      "error_count) VALUES (:name, :feed_url, :site_url, :display, :etag, :last_modified, :last_fetched_utc, "
      ":last_error, :error_count) RETURNING id");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":name", source.name)
      .Bind(":feed_url", source.feed_url)
      .Bind(":site_url", source.site_url)
      .Bind(":display", source.display)
      .Bind(":etag", source.etag)
      .Bind(":last_modified", source.last_modified)
      .Bind(":last_fetched_utc", source.last_fetched_utc)
      .Bind(":last_error", source.last_error)
      .Bind(":error_count", int64_t{source.error_count});
  Result<bool> row = stmt->Step();
  if (!row.ok()) {
    if (stmt->last_code() == SQLITE_CONSTRAINT_UNIQUE) {
      return MakeError(ErrorKind::kInvalidInput, source.feed_url + ": already a source");
    }
    return row.error();
  }
  int64_t id = stmt->Int("id");
  // Finish the statement so its autocommit is checked here, not lost in reset.
  if (Status done = stmt->Run(); !done.ok()) return done.error();
  return id;
}

Result<std::vector<Source>> SqliteStore::ListSources() {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(std::string("SELECT ") + kSourceColumns + " FROM sources ORDER BY id");
  if (!stmt.ok()) return stmt.error();
  return stmt->ReadAll<Source>(ReadSource);
}

Result<std::vector<Source>> SqliteStore::ClaimSources(const std::string& worker, bool due_only, int64_t now_utc,
                                                      int lease_seconds, int limit) {
  std::lock_guard lock(mutex_);
  // BEGIN IMMEDIATE takes the write lock first: no other process claims
  // between our read and our update.
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin.error();
  Result<Statement> select = db_->Prepare(
      std::string("SELECT ") + kSourceColumns +
      " FROM sources WHERE (NOT :due_only OR next_fetch_utc <= :now) "
      "AND (claimed_by = '' OR claimed_by = :worker OR claim_expires_utc <= :now) ORDER BY id LIMIT :limit");
  if (!select.ok()) return select.error();
  select->Bind(":due_only", int64_t{due_only}).Bind(":now", now_utc).Bind(":worker", worker).Bind(":limit", int64_t{limit});
  Result<std::vector<Source>> sources = select->ReadAll<Source>(ReadSource);
  if (!sources.ok()) return sources.error();
  for (const Source& source : *sources) {
    Result<Statement> claim =
        db_->Prepare("UPDATE sources SET claimed_by = :worker, claim_expires_utc = :expires WHERE id = :id");
    if (!claim.ok()) return claim.error();
    Status done = claim->Bind(":worker", worker).Bind(":expires", now_utc + lease_seconds).Bind(":id", source.id).Run();
    if (!done.ok()) return done.error();
  }
  if (Status commit = tx.Commit(); !commit.ok()) return commit.error();
  return sources;
}

Result<int64_t> SqliteStore::ReleaseSources(const std::string& worker) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt =
      db_->Prepare("UPDATE sources SET claimed_by = '', claim_expires_utc = 0 WHERE claimed_by = :worker");
  if (!stmt.ok()) return stmt.error();
  if (Status done = stmt->Bind(":worker", worker).Run(); !done.ok()) return done.error();
  return int64_t{sqlite3_changes(db_->handle())};
}

Result<bool> SqliteStore::HoldLease(const std::string& name, const std::string& holder, int64_t now_utc,
                                    int lease_seconds) {
  std::lock_guard lock(mutex_);
  // Taken or renewed by one upsert; it changes no row while another holder's
  // lease runs.
  Result<Statement> stmt = db_->Prepare(
      "INSERT INTO leases (name, holder, expires_utc) VALUES (:name, :holder, :expires) "
      "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_utc = excluded.expires_utc "
      "WHERE leases.holder = excluded.holder OR leases.expires_utc <= :now");
  if (!stmt.ok()) return stmt.error();
  Status done =
      stmt->Bind(":name", name).Bind(":holder", holder).Bind(":expires", now_utc + lease_seconds).Bind(":now", now_utc).Run();
  if (!done.ok()) return done.error();
  return sqlite3_changes(db_->handle()) > 0;
}

Status SqliteStore::DropLease(const std::string& name, const std::string& holder) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare("DELETE FROM leases WHERE name = :name AND holder = :holder");
  if (!stmt.ok()) return stmt.error();
  return stmt->Bind(":name", name).Bind(":holder", holder).Run();
}

Result<int64_t> SqliteStore::ReserveHostSlot(const std::string& host, int64_t now_ms, int64_t min_interval_ms) {
  std::lock_guard lock(mutex_);
  // One statement: the upsert reads and advances the slot atomically.
  Result<Statement> stmt = db_->Prepare(
      "INSERT INTO host_slots (host, next_ms) VALUES (:host, :now + :interval) "
      "ON CONFLICT (host) DO UPDATE SET next_ms = MAX(next_ms, :now) + :interval "
      "RETURNING next_ms - :interval AS slot");
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt->Bind(":host", host).Bind(":now", now_ms).Bind(":interval", min_interval_ms).Step();
  if (!row.ok()) return row.error();
  int64_t slot = stmt->Int("slot");
  if (Status done = stmt->Run(); !done.ok()) return done.error();
  return slot;
}

Result<std::optional<Source>> SqliteStore::GetSource(int64_t id) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(std::string("SELECT ") + kSourceColumns + " FROM sources WHERE id = :id");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":id", id);
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<Source>();
  return std::optional<Source>(ReadSource(*stmt));
}

Status SqliteStore::RemoveSource(int64_t id) {
  std::lock_guard lock(mutex_);
  // One statement, so the cascade to articles, views and the search index is
  // atomic without an explicit transaction.
  Result<Statement> stmt = db_->Prepare("DELETE FROM sources WHERE id = :id");
  if (!stmt.ok()) return stmt.error();
  if (Status done = stmt->Bind(":id", id).Run(); !done.ok()) return done;
  if (sqlite3_changes(db_->handle()) == 0) {
    return MakeError(ErrorKind::kNotFound, "source " + std::to_string(id) + " not found");
  }
  return Status::Ok();
}

Status SqliteStore::UpdateFetchState(int64_t source_id, const std::string& etag, const std::string& last_modified,
                                     int64_t fetched_utc, const std::string& error) {
  std::lock_guard lock(mutex_);
  return UpdateFetchStateLocked(source_id, etag, last_modified, fetched_utc, error);
}

Status SqliteStore::UpdateFetchStateLocked(int64_t source_id, const std::string& etag,
                                           const std::string& last_modified, int64_t fetched_utc,
                                           const std::string& error) {
  // A failed fetch says nothing about the feed's validators, so they are
  // kept for the next conditional request.
  Result<Statement> stmt = db_->Prepare(
      "UPDATE sources SET "
      "etag = CASE WHEN :error = '' THEN :etag ELSE etag END, "
      "last_modified = CASE WHEN :error = '' THEN :last_modified ELSE last_modified END, "
      "last_fetched_utc = :fetched_utc, last_error = :error, "
      "error_count = CASE WHEN :error = '' THEN 0 ELSE error_count + 1 END, "
      "claimed_by = '', claim_expires_utc = 0 "
      "WHERE id = :id");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":etag", etag)
      .Bind(":last_modified", last_modified)
      .Bind(":fetched_utc", fetched_utc)
      .Bind(":error", error)
      .Bind(":id", source_id);
  if (Status done = stmt->Run(); !done.ok()) return done;
  if (sqlite3_changes(db_->handle()) == 0) {
    return MakeError(ErrorKind::kNotFound, "source " + std::to_string(source_id) + " not found");
  }
  return Status::Ok();
}

Status SqliteStore::ScheduleNextFetch(int64_t source_id, int64_t next_fetch_utc) {
  std::lock_guard lock(mutex_);
  return ScheduleNextFetchLocked(source_id, next_fetch_utc);
}

Status SqliteStore::ScheduleNextFetchLocked(int64_t source_id, int64_t next_fetch_utc) {
  Result<Statement> stmt = db_->Prepare("UPDATE sources SET next_fetch_utc = :next WHERE id = :id");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":next", next_fetch_utc).Bind(":id", source_id);
  if (Status done = stmt->Run(); !done.ok()) return done;
  if (sqlite3_changes(db_->handle()) == 0)
    return MakeError(ErrorKind::kNotFound, "source " + std::to_string(source_id) + " not found");
  return Status::Ok();
}

Status SqliteStore::UpdateFeedUrl(int64_t source_id, const std::string& feed_url) {
  if (feed_url.empty()) return MakeError(ErrorKind::kInvalidInput, "a source needs a feed URL");
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare("UPDATE sources SET feed_url = :url WHERE id = :id");
  if (!stmt.ok()) return stmt.error();
  Status done = stmt->Bind(":url", feed_url).Bind(":id", source_id).Run();
  if (!done.ok()) {
    if (stmt->last_code() == SQLITE_CONSTRAINT_UNIQUE)
      return MakeError(ErrorKind::kInvalidInput, feed_url + " is already another source's feed URL");
    return done;
  }
  if (sqlite3_changes(db_->handle()) == 0) {
    return MakeError(ErrorKind::kNotFound, "source " + std::to_string(source_id) + " not found");
  }
  return Status::Ok();
}

// ---- articles ----

Result<std::optional<int64_t>> SqliteStore::StoredRevisionTime(const std::string& canonical_url) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      "SELECT COALESCE(modified_utc, published_utc, 0) FROM articles WHERE canonical_url = :url "
      "UNION ALL SELECT COALESCE(a.modified_utc, a.published_utc, 0) FROM article_aliases AS l "
      "JOIN articles AS a ON a.id = l.article_id WHERE l.url = :url LIMIT 1");
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt->Bind(":url", canonical_url).Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<int64_t>{};
  return std::optional<int64_t>{stmt->IntAt(0)};
}

Result<PutOutcome> SqliteStore::PutArticle(Article& article) {
  std::vector<Article> one;
  one.push_back(std::move(article));
  auto outcomes = PutArticles(one);
  article = std::move(one.front());
  if (!outcomes.ok()) return outcomes.error();
  return outcomes->front();
}

Result<std::vector<PutOutcome>> SqliteStore::PutArticles(std::vector<Article>& articles) {
  for (const Article& article : articles) {
    if (article.canonical_url.empty())
      return MakeError(ErrorKind::kInvalidInput, "article " + article.url + ": no canonical URL to store it under");
  }
  const std::vector<SearchColumns> search = SearchColumnsOf(articles);
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin.error();
  auto pending = StartIndexLocked();
  if (!pending.ok()) return pending.error();
  auto outcomes = PutArticlesLocked(articles, search, *pending);
  if (!outcomes.ok()) return outcomes.error();
  if (Status indexed = FlushIndexLocked(*pending); !indexed.ok()) return indexed.error();
  if (Status commit = tx.Commit(); !commit.ok()) return commit.error();
  return outcomes;
}

Status SqliteStore::RecordFeeds(std::vector<FeedRecord>& records, int64_t now_utc) {
  std::vector<std::vector<SearchColumns>> search;
  search.reserve(records.size());
  for (const FeedRecord& record : records) {
    for (const Article& article : record.articles) {
      if (article.canonical_url.empty())
        return MakeError(ErrorKind::kInvalidInput, "article " + article.url + ": no canonical URL to store it under");
    }
    search.push_back(SearchColumnsOf(record.articles));
  }
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin;
  auto pending = StartIndexLocked();
  if (!pending.ok()) return pending.status();
  for (size_t i = 0; i < records.size(); ++i) {
    FeedRecord& record = records[i];
    auto outcomes = PutArticlesLocked(record.articles, search[i], *pending);
    if (!outcomes.ok()) return outcomes.status();
    record.outcomes = std::move(*outcomes);
    if (Status queued = EnqueueJobsLocked(record.jobs, now_utc); !queued.ok()) return queued;
    if (!record.fetch) continue;
    // A source removed while its feed was being fetched has no state to keep.
    const FeedRecord::Fetch& f = *record.fetch;
    Status st = UpdateFetchStateLocked(record.source_id, f.etag, f.last_modified, f.fetched_utc, f.error);
    if (st.ok()) st = ScheduleNextFetchLocked(record.source_id, f.next_fetch_utc);
    if (!st.ok() && st.error().kind != ErrorKind::kNotFound) return st;
  }
  if (Status indexed = FlushIndexLocked(*pending); !indexed.ok()) return indexed;
  return tx.Commit();
}

Result<SqliteStore::PendingIndex> SqliteStore::StartIndexLocked() {
  // Ids only grow, and this transaction is the only writer: the rows above
  // the largest id of before are the ones it inserts.
  Result<int64_t> last = db_->QueryInt("SELECT COALESCE(MAX(id), 0) FROM articles");
  if (!last.ok()) return last.error();
  return PendingIndex{*last, {}};
}

Status SqliteStore::FlushIndexLocked(PendingIndex& pending) {
  if (pending.canonical_urls.empty()) return Status::Ok();
  Result<Statement> index = db_->Prepare(
      "INSERT INTO articles_fts (rowid, search_title, search_text) "
      "SELECT id, search_title, search_text FROM articles WHERE id > :last");
  if (!index.ok()) return index.error();
  if (Status indexed = index->Bind(":last", pending.last_indexed_id).Run(); !indexed.ok()) return indexed;
  auto next = StartIndexLocked();
  if (!next.ok()) return next.error();
  pending = std::move(*next);
  return Status::Ok();
}

Result<std::vector<PutOutcome>> SqliteStore::PutArticlesLocked(std::span<Article> articles,
                                                               const std::vector<SearchColumns>& search,
                                                               PendingIndex& pending) {
  std::vector<PutOutcome> outcomes;
  for (size_t i = 0; i < articles.size(); ++i) {
    // The update trigger removes the old row from the index: it must be there.
    if (pending.canonical_urls.count(articles[i].canonical_url))
      if (Status indexed = FlushIndexLocked(pending); !indexed.ok()) return indexed.error();
    Result<PutOutcome> outcome = PutArticleLocked(articles[i], search[i]);
    if (!outcome.ok()) return outcome.error();
    if (*outcome == PutOutcome::kInserted) pending.canonical_urls.insert(articles[i].canonical_url);
    outcomes.push_back(*outcome);
  }
  return outcomes;
}

std::vector<SqliteStore::SearchColumns> SqliteStore::SearchColumnsOf(std::span<const Article> articles) {
  std::vector<SearchColumns> search;
  search.reserve(articles.size());
  for (const Article& article : articles) search.push_back({SegmentForIndex(article.title), SegmentForIndex(article.text)});
  return search;
}

// Inside the write transaction: whether the row existed before, plus whether
// the upsert returned a row, tells inserted / updated / unchanged apart.
Result<PutOutcome> SqliteStore::PutArticleLocked(Article& article, const SearchColumns& search) {
  std::optional<int64_t> existing;
  {
    Result<Statement> find = db_->Prepare("SELECT id FROM articles WHERE canonical_url = :url");
    if (!find.ok()) return find.error();
    Result<bool> row = find->Bind(":url", article.canonical_url).Step();
    if (!row.ok()) return row.error();
    if (*row) existing = find->Int("id");
  }
  Result<Statement> upsert = db_->Prepare(UpsertArticleSql());
  if (!upsert.ok()) return upsert.error();
  BindArticle(*upsert, article, search.title, search.text);
  Result<bool> returned = upsert->Step();
  if (!returned.ok()) {
    if (upsert->last_code() == SQLITE_CONSTRAINT_FOREIGNKEY) {
      return MakeError(ErrorKind::kInvalidInput, article.canonical_url + ": source " +
                                                     std::to_string(article.source_id) + " does not exist");
    }
    return returned.error();
  }
  PutOutcome outcome = PutOutcome::kInserted;
  if (existing) {
    article.id = *existing;
    outcome = *returned ? PutOutcome::kUpdated : PutOutcome::kUnchanged;
  } else {
    article.id = upsert->Int("id");
  }
  if (!article.announced_url.empty() && article.announced_url != article.canonical_url) {
    // The alias follows the article it was last seen for.
    Result<Statement> alias = db_->Prepare(
        "INSERT INTO article_aliases (url, article_id) VALUES (:url, :id) "
        "ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id");
    if (!alias.ok()) return alias.error();
    if (Status st = alias->Bind(":url", article.announced_url).Bind(":id", article.id).Run(); !st.ok())
      return st.error();
  }
  return outcome;
}

Result<std::optional<Article>> SqliteStore::GetArticle(int64_t id) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(SelectArticleSql());
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt->Bind(":id", id).Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<Article>();
  return std::optional<Article>(ReadArticle(*stmt));
}

Result<std::vector<ArticleSummary>> SqliteStore::LatestArticles(int limit, int offset) {
  if (limit < 0 || offset < 0) {
    return MakeError(ErrorKind::kInvalidInput, "article list: limit and offset must not be negative");
  }
  std::lock_guard lock(mutex_);
  // The ORDER BY spells the articles_latest index expression exactly.
  Result<Statement> stmt = db_->Prepare(std::string(kSummarySelect) + "WHERE " + std::string(kVisible) +
                                        "ORDER BY COALESCE(articles.published_utc, articles.fetched_utc) DESC, "
                                        "articles.id DESC LIMIT :limit OFFSET :offset");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":limit", int64_t{limit}).Bind(":offset", int64_t{offset});
  return ReadSummaries(*stmt);
}

Result<std::vector<ArticleSummary>> SqliteStore::SourceArticles(int64_t source_id, int limit, int offset) {
  if (limit < 0 || offset < 0) {
    return MakeError(ErrorKind::kInvalidInput, "article list: limit and offset must not be negative");
  }
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(std::string(kSummarySelect) +
                                        "WHERE articles.source_id = :source_id AND " + std::string(kVisible) +
                                        "ORDER BY COALESCE(articles.published_utc, articles.fetched_utc) DESC, "
                                        "articles.id DESC LIMIT :limit OFFSET :offset");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":source_id", source_id).Bind(":limit", int64_t{limit}).Bind(":offset", int64_t{offset});
  return ReadSummaries(*stmt);
}

Result<std::vector<ArticleSummary>> SqliteStore::ListArticles(const ArticleFilter& filter, int limit) {
  if (limit < 0) return MakeError(ErrorKind::kInvalidInput, "article list: limit must not be negative");
  std::string sql = std::string(kSummarySelect) +
                    (filter.hidden ? "WHERE articles.hidden != 0 " : "WHERE " + std::string(kVisible));
  if (filter.source_id) sql += "AND articles.source_id = :source_id ";
  if (!filter.language.empty()) sql += "AND articles.language = :language ";
  if (!filter.topic.empty()) sql += TopicCondition();
  if (filter.before_id) {
    sql += "AND (COALESCE(articles.published_utc, articles.fetched_utc) < :before_sort "
           "OR (COALESCE(articles.published_utc, articles.fetched_utc) = :before_sort AND articles.id < :before_id)) ";
  }
  sql += "ORDER BY COALESCE(articles.published_utc, articles.fetched_utc) DESC, articles.id DESC LIMIT :limit";
  if (filter.offset > 0) sql += " OFFSET :offset";
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":limit", int64_t{limit});
  if (!filter.topic.empty()) stmt->Bind(":topic", filter.topic);
  if (filter.offset > 0) stmt->Bind(":offset", int64_t{filter.offset});
  if (filter.source_id) stmt->Bind(":source_id", filter.source_id);
  if (!filter.language.empty()) stmt->Bind(":language", filter.language);
  if (filter.before_id) stmt->Bind(":before_sort", filter.before_sort_utc).Bind(":before_id", filter.before_id);
  return ReadSummaries(*stmt);
}

Result<std::vector<ArticleSummary>> SqliteStore::Search(const SearchQuery& query) {
  if (query.limit < 0 || query.offset < 0) {
    return MakeError(ErrorKind::kInvalidInput, "search: limit and offset must not be negative");
  }
  // Matched folded as the index is (common/segment.h); snippets look for the words as typed.
  std::string match = FtsAllOf(SearchWords(query.text));
  const std::vector<std::string> snippet_words = WordTokens(query.text);
  if (match.empty()) return std::vector<ArticleSummary>();
  std::string where = "WHERE articles_fts MATCH :match AND " + std::string(kVisible);
  if (query.source_id) where += "AND articles.source_id = :source_id ";
  if (!query.language.empty()) where += "AND articles.language = :language ";
  if (!query.topic.empty()) where += TopicCondition();
  if (query.from_utc) where += "AND COALESCE(articles.published_utc, articles.fetched_utc) >= :from_utc ";
  if (query.to_utc) where += "AND COALESCE(articles.published_utc, articles.fetched_utc) < :to_utc ";
  auto bind_where = [&](Statement& stmt) {
    stmt.Bind(":match", match);
    if (query.source_id) stmt.Bind(":source_id", query.source_id);
    if (!query.language.empty()) stmt.Bind(":language", query.language);
    if (!query.topic.empty()) stmt.Bind(":topic", query.topic);
    if (query.from_utc) stmt.Bind(":from_utc", query.from_utc);
    if (query.to_utc) stmt.Bind(":to_utc", query.to_utc);
  };
  const std::string matches = "FROM articles_fts JOIN articles ON articles.id = articles_fts.rowid " + where;
  std::lock_guard lock(mutex_);

  // The ranking reads the search_window_ most recently stored matches at most
  // (BM25 over every article with a common word costs ~200 ms at 100,000
  // articles; FTS5 walks its matches newest first almost for free). Pages
  // beyond the window rank every match.
  std::optional<int64_t> oldest_ranked;
  if (search_window_ > 0 && int64_t{query.offset} + query.limit <= search_window_) {
    Result<Statement> bound = db_->Prepare("SELECT articles_fts.rowid AS hit " + matches +
                                           "ORDER BY articles_fts.rowid DESC LIMIT 1 OFFSET :window");
    if (!bound.ok()) return bound.error();
    bind_where(*bound);
    Result<bool> found = bound->Bind(":window", search_window_ - 1).Step();
    if (!found.ok()) return found.error();
    if (*found) oldest_ranked = bound->Int("hit");
  }
  // Title words weigh more than body words. Only the page's rows are read
  // whole: sorting every match's text would cost more than the ranking.
  Result<Statement> stmt = db_->Prepare(
      "SELECT articles.text AS text, " + std::string(kSummarySelect.substr(7)) +
      "JOIN (SELECT articles_fts.rowid AS hit, bm25(articles_fts, 4.0, 1.0) AS score " + matches +
      (oldest_ranked ? "AND articles_fts.rowid >= :oldest " : "") +
      "ORDER BY score, hit DESC LIMIT :limit OFFSET :offset) AS top ON top.hit = articles.id "
      "ORDER BY top.score, articles.id DESC");
  if (!stmt.ok()) return stmt.error();
  bind_where(*stmt);
  stmt->Bind(":limit", int64_t{query.limit}).Bind(":offset", int64_t{query.offset});
  if (oldest_ranked) stmt->Bind(":oldest", *oldest_ranked);
  return ReadSummaries(*stmt, &snippet_words);
}

Result<int64_t> SqliteStore::NearbyMatchBound(const std::string& match, int64_t article_id, bool before) {
  const int64_t half = related_window_ / 2;
  const int64_t unbounded = before ? 0 : std::numeric_limits<int64_t>::max();
  if (half <= 0) return unbounded;
  Result<Statement> bound = db_->Prepare(
      before ? "SELECT rowid AS hit FROM articles_fts WHERE articles_fts MATCH :match AND rowid < :id "
               "ORDER BY rowid DESC LIMIT 1 OFFSET :skip"
             : "SELECT rowid AS hit FROM articles_fts WHERE articles_fts MATCH :match AND rowid > :id "
               "ORDER BY rowid ASC LIMIT 1 OFFSET :skip");
  if (!bound.ok()) return bound.error();
  Result<bool> found = bound->Bind(":match", match).Bind(":id", article_id).Bind(":skip", half - 1).Step();
  if (!found.ok()) return found.error();
  return *found ? bound->Int("hit") : unbounded;
}

Result<std::vector<ArticleSummary>> SqliteStore::RelatedArticles(int64_t article_id, int limit) {
  if (limit <= 0) return std::vector<ArticleSummary>();
  std::lock_guard lock(mutex_);
  Result<Statement> self = db_->Prepare(
      "SELECT title, text, content_hash, source_id, COALESCE(story_id, 0) AS story_id, "
      "COALESCE(duplicate_of, id) AS representative, COALESCE(published_utc, fetched_utc) AS sort_utc "
      "FROM articles WHERE id = :id");
  if (!self.ok()) return self.error();
  Result<bool> found = self->Bind(":id", article_id).Step();
  if (!found.ok()) return found.error();
  if (!*found) return std::vector<ArticleSummary>();
  const int64_t story = self->Int("story_id");
  const std::string hash = self->Text("content_hash");
  // Never the article, its copy group, or a same-text article.
  const std::string not_itself =
      "AND articles.id != :id AND articles.id != :representative "
      "AND (articles.content_hash = '' OR articles.content_hash != :hash) AND " + std::string(kVisible);
  auto bind_self = [&](Statement& stmt) {
    stmt.Bind(":id", article_id).Bind(":representative", self->Int("representative")).Bind(":hash", hash);
  };
  std::vector<ArticleSummary> related;

  // Other publishers' takes on the same story first (then the publisher's
  // own follow-ups), newest first, one per publisher.
  if (story != 0) {
    Result<Statement> takes = db_->Prepare(
        std::string(kSummarySelect) + "WHERE articles.story_id = :story " + not_itself +
        "ORDER BY articles.source_id = :source, COALESCE(articles.published_utc, articles.fetched_utc) DESC, "
        "articles.id DESC");
    if (!takes.ok()) return takes.error();
    bind_self(*takes);
    takes->Bind(":story", story).Bind(":source", self->Int("source_id"));
    auto rows = ReadSummaries(*takes);
    if (!rows.ok()) return rows.error();
    std::set<int64_t> publishers;
    for (ArticleSummary& row : *rows) {
      if (static_cast<int>(related.size()) >= limit) return related;
      if (publishers.insert(row.source_id).second) related.push_back(std::move(row));
    }
  }

  // Then other stories' articles on the same subject: BM25 over the salient
  // words, worth less the further apart in time (halved at 30 days), one per
  // story.
  std::string match = FtsAnyOf(SalientWords(self->Text("title"), self->Text("text")));
  const int room = limit - static_cast<int>(related.size());
  if (match.empty() || room <= 0) return related;
  // Only the window of matches stored nearest the article is ranked: a
  // common word matches most of a large store. FTS5 walks rowids in either
  // direction almost for free, and fts_rank scores the window's rows
  // without bm25()'s walk over every match of every word.
  Result<int64_t> low = NearbyMatchBound(match, article_id, /*before=*/true);
  if (!low.ok()) return low.error();
  Result<int64_t> high = NearbyMatchBound(match, article_id, /*before=*/false);
  if (!high.ok()) return high.error();
  Result<Statement> similar = db_->Prepare(
      "SELECT articles.id AS id, COALESCE(articles.story_id, 0) AS story_id, "
      "COALESCE(articles.published_utc, articles.fetched_utc) AS sort_utc, "
      "herald_phrase_hits(articles_fts) AS hits FROM articles_fts JOIN articles ON articles.id = articles_fts.rowid "
      "WHERE articles_fts MATCH :match AND articles_fts.rowid BETWEEN :low AND :high "
      "AND (:story = 0 OR articles.story_id IS NULL OR articles.story_id != :story) " + not_itself);
  if (!similar.ok()) return similar.error();
  bind_self(*similar);
  similar->Bind(":match", match).Bind(":story", story).Bind(":low", *low).Bind(":high", *high);
  std::vector<fts_rank::Candidate> candidates;
  std::vector<int64_t> candidate_story;
  for (;;) {
    Result<bool> row = similar->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    candidates.push_back({similar->Int("id"), similar->Int("sort_utc"),
                          fts_rank::ParsePhraseHits(similar->Text("hits"))});
    candidate_story.push_back(similar->Int("story_id"));
  }
  std::vector<int64_t> chosen;
  std::set<int64_t> stories;
  for (size_t i : fts_rank::RankCandidates(candidates, self->Int("sort_utc"))) {
    if (static_cast<int>(chosen.size()) >= room) break;
    if (candidate_story[i] == 0 || stories.insert(candidate_story[i]).second) chosen.push_back(candidates[i].id);
  }
  if (chosen.empty()) return related;
  std::string ids;
  for (int64_t id : chosen) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  Result<Statement> rows = db_->Prepare(std::string(kSummarySelect) + "WHERE articles.id IN (" + ids + ")");
  if (!rows.ok()) return rows.error();
  auto summaries = ReadSummaries(*rows);
  if (!summaries.ok()) return summaries.error();
  for (int64_t id : chosen) {  // in rank order
    auto it = std::find_if(summaries->begin(), summaries->end(), [&](const ArticleSummary& a) { return a.id == id; });
    if (it != summaries->end()) related.push_back(std::move(*it));
  }
  return related;
}

// ---- editorial control ----

Status SqliteStore::SetFlag(const char* column, int64_t article_id, bool value) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt =
      db_->Prepare(std::string("UPDATE articles SET ") + column + " = :value WHERE id = :id");
  if (!stmt.ok()) return stmt.error();
  if (Status done = stmt->Bind(":value", int64_t{value}).Bind(":id", article_id).Run(); !done.ok()) return done;
  // sqlite3_changes counts matched rows, so setting the same value again is found.
  if (sqlite3_changes(db_->handle()) == 0) {
    return MakeError(ErrorKind::kNotFound, "article " + std::to_string(article_id) + " not found");
  }
  return Status::Ok();
}

Status SqliteStore::SetHidden(int64_t article_id, bool hidden) { return SetFlag("hidden", article_id, hidden); }

Status SqliteStore::SetFeatured(int64_t article_id, bool featured) {
  return SetFlag("featured", article_id, featured);
}

Result<std::vector<ArticleSummary>> SqliteStore::FeaturedArticles(int limit) {
  if (limit < 0) return MakeError(ErrorKind::kInvalidInput, "featured articles: limit must not be negative");
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(std::string(kSummarySelect) + "WHERE articles.featured != 0 AND " +
                                        std::string(kVisible) +
                                        "ORDER BY COALESCE(articles.published_utc, articles.fetched_utc) DESC, "
                                        "articles.id DESC LIMIT :limit");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":limit", int64_t{limit});
  return ReadSummaries(*stmt);
}

Status SqliteStore::RefoldSearchColumns() {
  constexpr int64_t kBatch = 256;  // rows segmented per transaction
  for (;;) {
    Result<Statement> queued = db_->Prepare(
        "SELECT search_refold.article_id AS id, articles.title AS title, articles.text AS text "
        "FROM search_refold LEFT JOIN articles ON articles.id = search_refold.article_id "
        "ORDER BY search_refold.article_id LIMIT :batch");
    if (!queued.ok()) return queued.error();
    using Refolded = std::tuple<int64_t, std::string, std::string>;
    auto rows = queued->Bind(":batch", kBatch).ReadAll<Refolded>([](const Statement& row) {
      return Refolded{row.Int("id"), SegmentForIndex(row.Text("title")), SegmentForIndex(row.Text("text"))};
    });
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return Status::Ok();
    Transaction tx(*db_);
    if (Status begin = tx.Begin(); !begin.ok()) return begin;
    for (const auto& [id, title, text] : *rows) {
      Result<Statement> update =
          db_->Prepare("UPDATE articles SET search_title = :title, search_text = :text WHERE id = :id");
      if (!update.ok()) return update.error();
      if (Status st = update->Bind(":title", title).Bind(":text", text).Bind(":id", id).Run(); !st.ok()) return st;
      Result<Statement> done = db_->Prepare("DELETE FROM search_refold WHERE article_id = :id");
      if (!done.ok()) return done.error();
      if (Status st = done->Bind(":id", id).Run(); !st.ok()) return st;
    }
    if (Status committed = tx.Commit(); !committed.ok()) return committed;
  }
}

Result<int64_t> SqliteStore::CountArticles() {
  std::lock_guard lock(mutex_);
  return db_->QueryInt("SELECT count(*) FROM articles");
}

// ---- views ----

Status SqliteStore::AddViews(int64_t article_id, const std::string& day, int64_t count) {
  if (!IsDay(day)) return MakeError(ErrorKind::kInvalidInput, "views: day \"" + day + "\" is not YYYY-MM-DD");
  if (count < 0) return MakeError(ErrorKind::kInvalidInput, "views: count must not be negative");
  if (count == 0) return Status::Ok();
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      "INSERT INTO views (article_id, day, count) VALUES (:article_id, :day, :count) "
      "ON CONFLICT (article_id, day) DO UPDATE SET count = count + excluded.count");
  if (!stmt.ok()) return stmt.error();
  Status done = stmt->Bind(":article_id", article_id).Bind(":day", day).Bind(":count", count).Run();
  if (!done.ok() && stmt->last_code() == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return MakeError(ErrorKind::kNotFound, "views: article " + std::to_string(article_id) + " not found");
  }
  return done;
}

Result<int64_t> SqliteStore::RecordVisits(const std::string& day, const std::vector<Visit>& visits) {
  if (!IsDay(day)) return MakeError(ErrorKind::kInvalidInput, "views: day \"" + day + "\" is not YYYY-MM-DD");
  if (visits.empty()) return int64_t{0};
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin.error();
  // A visit counts only when its row is new: the primary key is the dedup
  // shared by every process. Visits of unknown articles are skipped.
  int64_t counted = 0;
  for (const Visit& v : visits) {
    Result<Statement> visit = db_->Prepare(
        "INSERT INTO visits (day, article_id, visitor) SELECT :day, :article_id, :visitor "
        "WHERE EXISTS (SELECT 1 FROM articles WHERE id = :article_id) ON CONFLICT DO NOTHING");
    if (!visit.ok()) return visit.error();
    Status done = visit->Bind(":day", day).Bind(":article_id", v.article_id).Bind(":visitor", v.visitor).Run();
    if (!done.ok()) return done.error();
    if (sqlite3_changes(db_->handle()) == 0) continue;
    Result<Statement> count = db_->Prepare(
        "INSERT INTO views (article_id, day, count) VALUES (:article_id, :day, 1) "
        "ON CONFLICT (article_id, day) DO UPDATE SET count = count + 1");
    if (!count.ok()) return count.error();
    if (Status added = count->Bind(":article_id", v.article_id).Bind(":day", day).Run(); !added.ok())
      return added.error();
    ++counted;
  }
  if (Status commit = tx.Commit(); !commit.ok()) return commit.error();
  return counted;
}

Result<std::string> SqliteStore::DailySalt(const std::string& day, const std::string& candidate) {
  if (!IsDay(day)) return MakeError(ErrorKind::kInvalidInput, "views: day \"" + day + "\" is not YYYY-MM-DD");
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin.error();
  Result<Statement> read = db_->Prepare("SELECT salt FROM visitor_salts WHERE day = :day");
  if (!read.ok()) return read.error();
  Result<bool> row = read->Bind(":day", day).Step();
  if (!row.ok()) return row.error();
  if (*row) return read->Text("salt");  // the transaction rolls back: nothing written
  for (const char* sql : {"DELETE FROM visitor_salts WHERE day < :day", "DELETE FROM visits WHERE day < :day",
                          "INSERT INTO visitor_salts (day, salt) VALUES (:day, :salt)"}) {
    Result<Statement> stmt = db_->Prepare(sql);
    if (!stmt.ok()) return stmt.error();
    stmt->Bind(":day", day);
    if (std::string_view(sql).find(":salt") != std::string_view::npos) stmt->Bind(":salt", candidate);
    if (Status done = stmt->Run(); !done.ok()) return done.error();
  }
  if (Status commit = tx.Commit(); !commit.ok()) return commit.error();
  return candidate;
}

Result<int64_t> SqliteStore::PurgeArticlesBefore(int64_t cutoff_utc, int limit) {
  std::lock_guard lock(mutex_);
  // One statement: the cascades (views, visits, topics, aliases) and the
  // full-text delete trigger run inside it, so it is atomic.
  Result<Statement> stmt = db_->Prepare(
      "DELETE FROM articles WHERE id IN (SELECT id FROM articles WHERE featured = 0 "
      "AND COALESCE(published_utc, fetched_utc) < :cutoff ORDER BY COALESCE(published_utc, fetched_utc), id "
      "LIMIT :limit)");
  if (!stmt.ok()) return stmt.error();
  if (Status done = stmt->Bind(":cutoff", cutoff_utc).Bind(":limit", int64_t{limit}).Run(); !done.ok())
    return done.error();
  return int64_t{sqlite3_changes(db_->handle())};
}

Status SqliteStore::Ping() {
  std::lock_guard lock(mutex_);
  Result<int64_t> one = db_->QueryInt("SELECT 1");
  if (!one.ok()) return one.error();
  return Status::Ok();
}

Result<Store::ViewCounts> SqliteStore::GetViews(int64_t article_id, const std::string& today) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      "SELECT COALESCE(SUM(count), 0) AS total, COALESCE(SUM(CASE WHEN day = :today THEN count END), 0) AS today "
      "FROM views WHERE article_id = :article_id");
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt->Bind(":today", today).Bind(":article_id", article_id).Step();
  if (!row.ok()) return row.error();
  return ViewCounts{stmt->Int("total"), stmt->Int("today")};
}

}  // namespace herald::store
