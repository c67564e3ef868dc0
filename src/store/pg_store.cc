// PgStore: open, connections, sources, articles, editorial control, views,
// operations (pg_store.h). Queries mirror sqlite_store.cc's, so both
// backends order, tie-break and fail alike.
#include "store/pg_store.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <condition_variable>

#include "common/segment.h"
#include "common/strings.h"
#include "store/pg_migrations.h"
#include "store/pg_rows.h"
#include "store/pg_values.h"

namespace herald::store {

namespace pg_values {

std::string PgText(std::string_view s) {
  std::string valid = ToValidUtf8(s);
  if (valid.find('\0') == std::string::npos) return valid;
  std::string out;
  out.reserve(valid.size() + 8);
  for (char c : valid) {
    if (c == '\0') out += "\xEF\xBF\xBD";
    else out += c;
  }
  return out;
}

int64_t Int(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  return field.is_null() ? 0 : field.as<int64_t>();
}

std::string Text(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  return field.is_null() ? std::string() : std::string(field.c_str(), field.size());
}

const char* const kSourceColumns =
    "id, name, feed_url, site_url, display, etag, last_modified, last_fetched_utc, last_error, error_count, "
    "next_fetch_utc";

Source ReadSource(const pqxx::row& row) {
  Source s;
  s.id = Int(row, "id");
  s.name = Text(row, "name");
  s.feed_url = Text(row, "feed_url");
  s.site_url = Text(row, "site_url");
  s.display = Text(row, "display");
  s.etag = Text(row, "etag");
  s.last_modified = Text(row, "last_modified");
  s.last_fetched_utc = Int(row, "last_fetched_utc");
  s.last_error = Text(row, "last_error");
  s.error_count = static_cast<int>(Int(row, "error_count"));
  s.next_fetch_utc = Int(row, "next_fetch_utc");
  return s;
}

}  // namespace pg_values

namespace {

using pg_rows::kSummarySelect;
using pg_rows::kVisible;
using pg_rows::ReadSummaries;
using pg_values::Int;
using pg_values::PgText;
using pg_values::ReadSource;
using pg_values::Text;

// The URL without its password or query string (which may hold one), to
// name the server in messages and logs.
std::string ServerName(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "postgresql server";
  size_t rest = scheme + 3;
  size_t end = url.find_first_of("?#", rest);
  std::string authority_and_path = url.substr(rest, end == std::string::npos ? std::string::npos : end - rest);
  size_t at = authority_and_path.rfind('@', authority_and_path.find('/'));
  if (at != std::string::npos) {
    std::string user = authority_and_path.substr(0, at);
    user = user.substr(0, user.find(':'));
    authority_and_path = user + authority_and_path.substr(at);
  }
  return url.substr(0, rest) + authority_and_path;
}

// libpq's messages span lines ("ERROR:  ...\nDETAIL: ..."); herald's errors are one.
std::string OneLine(std::string_view message) {
  std::string out = CollapseWhitespace(message);
  for (std::string_view prefix : {"ERROR: ", "FATAL: "})
    if (out.rfind(prefix, 0) == 0) out = out.substr(prefix.size());
  return out;
}

Error Unavailable(const std::string& server, const std::exception& e) {
  return MakeError(ErrorKind::kStorage,
                   "database unavailable (" + server + "): " + OneLine(e.what()) + "; herald retries");
}

// SQLSTATE classes that mean the server went away (08: connection
// exception; 57P: admin shutdown, crash shutdown, cannot connect now).
bool ServerGone(const std::string& sqlstate) {
  return sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0;
}

// ---- articles: column lists written once so INSERT, UPDATE and the change test agree ----

// Every stored article column but id, in Article's order: parameter $i+1.
constexpr std::array<const char*, 23> kArticleColumns = {
    "source_id",         "url",           "canonical_url",         "title",
    "byline",            "published_utc", "published_offset_min",  "published_offset_known",
    "modified_utc",      "modified_offset_min", "modified_offset_known", "site_name",
    "lead_image_url",    "lead_image_caption",  "lead_image_credit",     "excerpt",
    "text",              "html",          "language",              "paywalled",
    "content_hash",      "fetched_utc",   "word_count",
};

// As on SQLite: the key, and fetched_utc, which keeps the first fetch.
bool KeptOnUpdate(std::string_view column) { return column == "canonical_url" || column == "fetched_utc"; }

constexpr const char* kUpsertArticle = "herald_upsert_article";
constexpr const char* kUpsertAlias = "herald_upsert_alias";

// One upsert that tells the three outcomes apart atomically: no row back
// means nothing differed (the WHERE kept the old row), xmax = 0 means the
// row is new (PostgreSQL's usual test for an upsert's insert).
std::string UpsertArticleSql() {
  std::string names, values, set, changed;
  int n = 0;
  for (const char* column : kArticleColumns) {
    std::string c(column);
    names += (names.empty() ? "" : ", ") + c;
    values += (values.empty() ? "$" : ", $") + std::to_string(++n);
    if (KeptOnUpdate(c)) continue;
    set += (set.empty() ? "" : ", ") + c + " = EXCLUDED." + c;
    changed += (changed.empty() ? "" : " OR ") + ("articles." + c) + " IS DISTINCT FROM EXCLUDED." + c;
  }
  for (const char* column : {"search_title", "search_text"}) {
    std::string c(column);
    names += ", " + c;
    values += ", $" + std::to_string(++n);
    set += ", " + c + " = EXCLUDED." + c;
  }
  return "INSERT INTO articles (" + names + ") VALUES (" + values + ") ON CONFLICT (canonical_url) DO UPDATE SET " +
         set + " WHERE " + changed + " RETURNING id, (xmax = 0) AS inserted";
}

std::string ArticleColumnList() {
  std::string out;
  for (const char* column : kArticleColumns) out += std::string(out.empty() ? "" : ", ") + column;
  return out;
}

// Prepared once per connection (pqxx prepares it on first use).
void PrepareStatements(pqxx::connection& conn) {
  static const std::string upsert = UpsertArticleSql();
  conn.prepare(kUpsertArticle, upsert);
  // The alias follows the article it was last seen for.
  conn.prepare(kUpsertAlias,
               "INSERT INTO article_aliases (url, article_id) VALUES ($1, $2) "
               "ON CONFLICT (url) DO UPDATE SET article_id = EXCLUDED.article_id");
}

std::string BylineToJson(const std::vector<std::string>& byline) {
  // replace: invalid UTF-8 becomes U+FFFD instead of throwing.
  return PgText(nlohmann::json(byline).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::vector<std::string> BylineFromJson(const std::string& text) {
  std::vector<std::string> byline;
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return byline;
  for (const auto& name : parsed)
    if (name.is_string()) byline.push_back(name.get<std::string>());
  return byline;
}

std::optional<int64_t> UtcOf(const std::optional<Timestamp>& t) {
  return t ? std::optional<int64_t>(t->utc_seconds) : std::nullopt;
}
std::optional<int64_t> OffsetOf(const std::optional<Timestamp>& t) {
  return t ? std::optional<int64_t>(t->offset_minutes) : std::nullopt;
}
std::optional<int64_t> KnownOf(const std::optional<Timestamp>& t) {
  return t ? std::optional<int64_t>(t->offset_known ? 1 : 0) : std::nullopt;
}

std::optional<Timestamp> ReadTimestamp(const pqxx::row& row, const std::string& prefix) {
  if (row[prefix + "_utc"].is_null()) return std::nullopt;
  Timestamp t;
  t.utc_seconds = row[prefix + "_utc"].as<int64_t>();
  t.offset_minutes = static_cast<int>(Int(row, (prefix + "_offset_min").c_str()));
  t.offset_known = Int(row, (prefix + "_offset_known").c_str()) != 0;
  return t;
}

Article ReadArticle(const pqxx::row& row) {
  Article a;
  a.id = Int(row, "id");
  a.source_id = Int(row, "source_id");
  a.url = Text(row, "url");
  a.canonical_url = Text(row, "canonical_url");
  a.title = Text(row, "title");
  a.byline = BylineFromJson(Text(row, "byline"));
  a.published = ReadTimestamp(row, "published");
  a.modified = ReadTimestamp(row, "modified");
  a.site_name = Text(row, "site_name");
  a.lead_image_url = Text(row, "lead_image_url");
  a.lead_image_caption = Text(row, "lead_image_caption");
  a.lead_image_credit = Text(row, "lead_image_credit");
  a.excerpt = Text(row, "excerpt");
  a.text = Text(row, "text");
  a.html = Text(row, "html");
  a.language = Text(row, "language");
  a.paywalled = Int(row, "paywalled") != 0;
  a.content_hash = Text(row, "content_hash");
  a.fetched_utc = Int(row, "fetched_utc");
  a.word_count = static_cast<int>(Int(row, "word_count"));
  a.hidden = Int(row, "hidden") != 0;
  a.featured = Int(row, "featured") != 0;
  a.out_of_focus = Int(row, "out_of_focus") != 0;
  a.story_id = Int(row, "story_id");
  a.duplicate_of = Int(row, "duplicate_of");
  return a;
}

// ---- list rows (pg_rows.h: the list SQL is shared with SQLite) ----

constexpr std::string_view kNewestFirst =
    "ORDER BY COALESCE(articles.published_utc, articles.fetched_utc) DESC, articles.id DESC ";

bool IsDay(const std::string& day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (day[i] < '0' || day[i] > '9') return false;
  return true;
}

Error NoSuchSource(int64_t id) { return MakeError(ErrorKind::kNotFound, "source " + std::to_string(id) + " not found"); }

}  // namespace

// ---- connections ----

struct PgStore::Pool {
  // Enough for a process's fetch workers and page views; the server's
  // max_connections is shared by every herald process.
  static constexpr int kMaxConnections = 8;

  Pool(std::string url_in, bool read_only_in)
      : url(std::move(url_in)), server(ServerName(url)), read_only(read_only_in) {}

  // A connection for one call: an idle one, else a new one while fewer than
  // kMaxConnections are open, else waits for one to be given back. Throws
  // what pqxx throws when the server cannot be reached.
  std::unique_ptr<pqxx::connection> Take() {
    std::unique_lock lock(mutex);
    freed.wait(lock, [&] { return !idle.empty() || open < kMaxConnections; });
    if (!idle.empty()) {
      auto conn = std::move(idle.back());
      idle.pop_back();
      return conn;
    }
    ++open;
    lock.unlock();
    try {
      return Connect();
    } catch (...) {
      Give(nullptr);
      throw;
    }
  }

  // Back to the pool, or nullptr for a connection that is gone.
  void Give(std::unique_ptr<pqxx::connection> conn) {
    std::lock_guard lock(mutex);
    if (conn) idle.push_back(std::move(conn));
    else --open;
    freed.notify_one();
  }

  std::unique_ptr<pqxx::connection> Connect() const {
    auto conn = std::make_unique<pqxx::connection>(url);
    if (read_only) pqxx::nontransaction(*conn).exec("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    PrepareStatements(*conn);
    return conn;
  }

  const std::string url;     // holds the password, if any: never shown
  const std::string server;  // the URL without it, for messages
  const bool read_only;
  std::mutex mutex;
  std::condition_variable freed;
  std::vector<std::unique_ptr<pqxx::connection>> idle;
  int open = 0;  // idle and in use
};

PgStore::PgStore(std::unique_ptr<Pool> pool, int schema_version, const StoreOptions& options)
    : pool_(std::move(pool)),
      schema_version_(schema_version),
      search_window_(options.search_window),
      related_window_(options.related_window) {}

PgStore::~PgStore() = default;

Status PgStore::Transact(const std::function<Status(pqxx::dbtransaction&)>& work) {
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = pool_->Take();
  } catch (const std::exception& e) {
    return Unavailable(pool_->server, e);
  }
  Status status;
  bool reusable = true;
  try {
    pqxx::work tx(*conn);
    status = work(tx);
    if (status.ok()) tx.commit();  // else tx's destructor rolls back
  } catch (const pqxx::broken_connection& e) {
    reusable = false;
    status = Unavailable(pool_->server, e);
  } catch (const pqxx::in_doubt_error& e) {
    reusable = false;
    status = MakeError(ErrorKind::kStorage, pool_->server + ": the connection was lost during commit; the write "
                                                            "may or may not have been stored: " + OneLine(e.what()));
  } catch (const pqxx::sql_error& e) {
    if (ServerGone(e.sqlstate())) {
      reusable = false;
      status = Unavailable(pool_->server, e);
    } else {
      status = MakeError(ErrorKind::kStorage, pool_->server + ": " + OneLine(e.what()));
    }
  } catch (const std::exception& e) {
    status = MakeError(ErrorKind::kStorage, pool_->server + ": " + OneLine(e.what()));
  }
  pool_->Give(reusable && conn->is_open() ? std::move(conn) : nullptr);
  return status;
}

Result<std::unique_ptr<PgStore>> PgStore::OpenPg(const StoreOptions& options) {
  auto pool = std::make_unique<Pool>(options.url, options.read_only);
  const std::string server = pool->server;
  auto store = std::unique_ptr<PgStore>(new PgStore(std::move(pool), 0, options));
  int version = 0;
  Status read = store->Transact([&](pqxx::dbtransaction& tx) {
    version = ReadPgSchemaVersion(tx);
    return Status::Ok();
  });
  if (!read.ok()) {
    return MakeError(read.error().kind, read.message() + "; check the URL, that the server runs and that the "
                                                         "database exists (createdb)");
  }
  const int known = PgKnownSchemaVersion();
  if (options.read_only && version != known) {
    return MakeError(ErrorKind::kStorage, server + ": database schema version " + std::to_string(version) +
                                              " but this herald needs " + std::to_string(known) +
                                              "; open it once without read-only so it can be migrated");
  }
  if (version != known) {
    for (const PgMigration& migration : PgSchemaMigrations()) {
      Status applied = store->Transact([&](pqxx::dbtransaction& tx) -> Status {
        Result<bool> ran = ApplyPgMigration(tx, migration, server);
        return ran.status();
      });
      if (!applied.ok()) {
        return MakeError(applied.error().kind, "schema migration " + std::to_string(migration.version) +
                                                   " failed, database left as it was: " + applied.message());
      }
    }
  }
  store->schema_version_ = known;
  if (!options.read_only) {
    if (Status refold = store->RefoldSearchColumns(); !refold.ok()) return refold.error();
  }
  return store;
}

Status PgStore::RefoldSearchColumns() {
  constexpr int kBatch = 256;  // rows segmented per transaction
  for (bool more = true; more;) {
    Status st = Transact([&](pqxx::dbtransaction& tx) -> Status {
      // SKIP LOCKED: processes opening at once share the queue out.
      pqxx::result rows = tx.exec_params(
          "SELECT q.article_id, COALESCE(a.title, '') AS title, COALESCE(a.text, '') AS text "
          "FROM (SELECT article_id FROM search_refold ORDER BY article_id LIMIT $1 FOR UPDATE SKIP LOCKED) AS q "
          "LEFT JOIN articles a ON a.id = q.article_id",
          kBatch);
      more = !rows.empty();
      for (const pqxx::row& row : rows) {
        int64_t id = row[0].as<int64_t>();
        tx.exec_params("UPDATE articles SET search_title = $1, search_text = $2 WHERE id = $3",
                       PgText(SegmentForIndex(Text(row, "title"))), PgText(SegmentForIndex(Text(row, "text"))), id);
        tx.exec_params("DELETE FROM search_refold WHERE article_id = $1", id);
      }
      return Status::Ok();
    });
    if (!st.ok()) return MakeError(st.error().kind, "rewriting the search index: " + st.message());
  }
  return Status::Ok();
}

int PgStore::SchemaVersion() { return schema_version_; }

Status PgStore::Ping() {
  return Transact([](pqxx::dbtransaction& tx) {
    tx.exec1("SELECT 1");
    return Status::Ok();
  });
}

// ---- sources ----

Result<int64_t> PgStore::AddSource(const Source& source) {
  if (source.feed_url.empty()) return MakeError(ErrorKind::kInvalidInput, "a source needs a feed URL");
  if (source.display != "full" && source.display != "excerpt") {
    return MakeError(ErrorKind::kInvalidInput, source.feed_url + ": display must be \"full\" or \"excerpt\", not \"" +
                                                   source.display + "\"");
  }
  int64_t id = 0;
  Status st = Transact([&](pqxx::dbtransaction& tx) -> Status {
    try {
      id = tx.exec_params1(
                 "INSERT INTO sources (name, feed_url, site_url, display, etag, last_modified, last_fetched_utc, "
                 "last_error, error_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                 PgText(source.name), PgText(source.feed_url), PgText(source.site_url), source.display,
                 PgText(source.etag), PgText(source.last_modified), source.last_fetched_utc,
                 PgText(source.last_error), source.error_count)[0]
               .as<int64_t>();
    } catch (const pqxx::unique_violation&) {
      return MakeError(ErrorKind::kInvalidInput, source.feed_url + ": already a source");
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return id;
}

Result<std::vector<Source>> PgStore::ListSources() {
  std::vector<Source> sources;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    for (const pqxx::row& row : tx.exec(std::string("SELECT ") + pg_values::kSourceColumns + " FROM sources ORDER BY id"))
      sources.push_back(ReadSource(row));
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return sources;
}

Result<std::optional<Source>> PgStore::GetSource(int64_t id) {
  std::optional<Source> source;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    pqxx::result rows =
        tx.exec_params(std::string("SELECT ") + pg_values::kSourceColumns + " FROM sources WHERE id = $1", id);
    if (!rows.empty()) source = ReadSource(rows[0]);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return source;
}

Status PgStore::RemoveSource(int64_t id) {
  // One statement: the cascade to articles, views, jobs and topics is atomic.
  return Transact([&](pqxx::dbtransaction& tx) -> Status {
    if (tx.exec_params("DELETE FROM sources WHERE id = $1", id).affected_rows() == 0) return NoSuchSource(id);
    return Status::Ok();
  });
}

Status PgStore::UpdateFetchState(int64_t source_id, const std::string& etag, const std::string& last_modified,
                                 int64_t fetched_utc, const std::string& error) {
  return Transact([&](pqxx::dbtransaction& tx) {
    return UpdateFetchStateIn(tx, source_id, etag, last_modified, fetched_utc, error);
  });
}

Status PgStore::UpdateFetchStateIn(pqxx::dbtransaction& tx, int64_t source_id, const std::string& etag,
                                   const std::string& last_modified, int64_t fetched_utc, const std::string& error) {
  // A failed fetch says nothing about the feed's validators, so they are
  // kept for the next conditional request. Recording the fetch ends the
  // source's claim (ClaimSources).
  pqxx::result done = tx.exec_params(
      "UPDATE sources SET "
      "etag = CASE WHEN $4 = '' THEN $1 ELSE etag END, "
      "last_modified = CASE WHEN $4 = '' THEN $2 ELSE last_modified END, "
      "last_fetched_utc = $3, last_error = $4, "
      "error_count = CASE WHEN $4 = '' THEN 0 ELSE error_count + 1 END, "
      "claimed_by = '', claim_expires_utc = 0 WHERE id = $5",
      PgText(etag), PgText(last_modified), fetched_utc, PgText(error), source_id);
  if (done.affected_rows() == 0) return NoSuchSource(source_id);
  return Status::Ok();
}

Status PgStore::ScheduleNextFetch(int64_t source_id, int64_t next_fetch_utc) {
  return Transact([&](pqxx::dbtransaction& tx) { return ScheduleNextFetchIn(tx, source_id, next_fetch_utc); });
}

Status PgStore::ScheduleNextFetchIn(pqxx::dbtransaction& tx, int64_t source_id, int64_t next_fetch_utc) {
  if (tx.exec_params("UPDATE sources SET next_fetch_utc = $1 WHERE id = $2", next_fetch_utc, source_id)
          .affected_rows() == 0)
    return NoSuchSource(source_id);
  return Status::Ok();
}

Status PgStore::UpdateFeedUrl(int64_t source_id, const std::string& feed_url) {
  if (feed_url.empty()) return MakeError(ErrorKind::kInvalidInput, "a source needs a feed URL");
  return Transact([&](pqxx::dbtransaction& tx) -> Status {
    try {
      if (tx.exec_params("UPDATE sources SET feed_url = $1 WHERE id = $2", PgText(feed_url), source_id)
              .affected_rows() == 0)
        return NoSuchSource(source_id);
    } catch (const pqxx::unique_violation&) {
      return MakeError(ErrorKind::kInvalidInput, feed_url + " is already another source's feed URL");
    }
    return Status::Ok();
  });
}

// ---- articles ----

Result<std::optional<int64_t>> PgStore::StoredRevisionTime(const std::string& canonical_url) {
  std::optional<int64_t> time;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    pqxx::result rows = tx.exec_params(
        "(SELECT COALESCE(modified_utc, published_utc, 0) FROM articles WHERE canonical_url = $1) "
        "UNION ALL (SELECT COALESCE(a.modified_utc, a.published_utc, 0) FROM article_aliases AS l "
        "JOIN articles AS a ON a.id = l.article_id WHERE l.url = $1) LIMIT 1",
        PgText(canonical_url));
    if (!rows.empty()) time = rows[0][0].as<int64_t>();
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return time;
}

std::vector<PgStore::SearchColumns> PgStore::SearchColumnsOf(std::span<const Article> articles) {
  std::vector<SearchColumns> search;
  search.reserve(articles.size());
  for (const Article& article : articles)
    search.push_back({PgText(SegmentForIndex(article.title)), PgText(SegmentForIndex(article.text))});
  return search;
}

Result<std::vector<PutOutcome>> PgStore::PutArticlesIn(pqxx::dbtransaction& tx, std::span<Article> articles,
                                                       const std::vector<SearchColumns>& search) {
  std::vector<PutOutcome> outcomes;
  outcomes.reserve(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    Article& a = articles[i];
    const std::string canonical_url = PgText(a.canonical_url);
    pqxx::result returned;
    try {
      returned = tx.exec_prepared(
          kUpsertArticle, a.source_id, PgText(a.url), canonical_url, PgText(a.title), BylineToJson(a.byline),
          UtcOf(a.published), OffsetOf(a.published), KnownOf(a.published), UtcOf(a.modified), OffsetOf(a.modified),
          KnownOf(a.modified), PgText(a.site_name), PgText(a.lead_image_url), PgText(a.lead_image_caption),
          PgText(a.lead_image_credit), PgText(a.excerpt), PgText(a.text), PgText(a.html), PgText(a.language),
          a.paywalled ? 1 : 0, PgText(a.content_hash), a.fetched_utc, a.word_count, search[i].title,
          search[i].text);
    } catch (const pqxx::foreign_key_violation&) {
      return MakeError(ErrorKind::kInvalidInput,
                       a.canonical_url + ": source " + std::to_string(a.source_id) + " does not exist");
    }
    if (returned.empty()) {
      a.id = tx.exec_params1("SELECT id FROM articles WHERE canonical_url = $1", canonical_url)[0].as<int64_t>();
      outcomes.push_back(PutOutcome::kUnchanged);
    } else {
      a.id = returned[0]["id"].as<int64_t>();
      outcomes.push_back(returned[0]["inserted"].as<bool>() ? PutOutcome::kInserted : PutOutcome::kUpdated);
    }
    if (!a.announced_url.empty() && a.announced_url != a.canonical_url)
      tx.exec_prepared(kUpsertAlias, PgText(a.announced_url), a.id);
  }
  return outcomes;
}

namespace {

Status CheckCanonicalUrls(std::span<const Article> articles) {
  for (const Article& article : articles) {
    if (article.canonical_url.empty())
      return MakeError(ErrorKind::kInvalidInput, "article " + article.url + ": no canonical URL to store it under");
  }
  return Status::Ok();
}

}  // namespace

Result<PutOutcome> PgStore::PutArticle(Article& article) {
  std::vector<Article> one;
  one.push_back(std::move(article));
  auto outcomes = PutArticles(one);
  article = std::move(one.front());
  if (!outcomes.ok()) return outcomes.error();
  return outcomes->front();
}

// As on SQLite, ids are set as rows are written; after a failure (nothing
// committed) they are meaningless.
Result<std::vector<PutOutcome>> PgStore::PutArticles(std::vector<Article>& articles) {
  if (Status urls = CheckCanonicalUrls(articles); !urls.ok()) return urls.error();
  const std::vector<SearchColumns> search = SearchColumnsOf(articles);
  std::vector<PutOutcome> outcomes;
  Status st = Transact([&](pqxx::dbtransaction& tx) -> Status {
    Result<std::vector<PutOutcome>> put = PutArticlesIn(tx, articles, search);
    if (!put.ok()) return put.error();
    outcomes = std::move(*put);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return outcomes;
}

Status PgStore::RecordFeeds(std::vector<FeedRecord>& records, int64_t now_utc) {
  std::vector<std::vector<SearchColumns>> search;
  search.reserve(records.size());
  for (const FeedRecord& record : records) {
    if (Status urls = CheckCanonicalUrls(record.articles); !urls.ok()) return urls;
    search.push_back(SearchColumnsOf(record.articles));
  }
  return Transact([&](pqxx::dbtransaction& tx) -> Status {
    for (size_t i = 0; i < records.size(); ++i) {
      FeedRecord& record = records[i];
      Result<std::vector<PutOutcome>> put = PutArticlesIn(tx, record.articles, search[i]);
      if (!put.ok()) return put.error();
      record.outcomes = std::move(*put);
      if (Status queued = EnqueueJobsIn(tx, record.jobs, now_utc); !queued.ok()) return queued;
      if (!record.fetch) continue;
      // A source removed while its feed was being fetched has no state to keep.
      const FeedRecord::Fetch& f = *record.fetch;
      Status fetched = UpdateFetchStateIn(tx, record.source_id, f.etag, f.last_modified, f.fetched_utc, f.error);
      if (fetched.ok()) fetched = ScheduleNextFetchIn(tx, record.source_id, f.next_fetch_utc);
      if (!fetched.ok() && fetched.error().kind != ErrorKind::kNotFound) return fetched;
    }
    return Status::Ok();
  });
}

Result<std::optional<Article>> PgStore::GetArticle(int64_t id) {
  static const std::string sql =
      "SELECT id, hidden, featured, out_of_focus, COALESCE(story_id, 0) AS story_id, "
      "COALESCE(duplicate_of, 0) AS duplicate_of, " + ArticleColumnList() + " FROM articles WHERE id = $1";
  std::optional<Article> article;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    pqxx::result rows = tx.exec_params(sql, id);
    if (!rows.empty()) article = ReadArticle(rows[0]);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return article;
}

Result<int64_t> PgStore::CountArticles() {
  int64_t count = 0;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    count = tx.exec1("SELECT count(*) FROM articles")[0].as<int64_t>();
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return count;
}

namespace {

// PostgreSQL refuses a negative LIMIT or OFFSET; the callers check first.
Error NegativeListBounds() {
  return MakeError(ErrorKind::kInvalidInput, "article list: limit and offset must not be negative");
}

}  // namespace

Result<std::vector<ArticleSummary>> PgStore::LatestArticles(int limit, int offset) {
  if (limit < 0 || offset < 0) return NegativeListBounds();
  std::vector<ArticleSummary> list;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    list = ReadSummaries(tx.exec_params(std::string(kSummarySelect) + "WHERE " + std::string(kVisible) +
                                            std::string(kNewestFirst) + "LIMIT $1 OFFSET $2",
                                        limit, offset));
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return list;
}

Result<std::vector<ArticleSummary>> PgStore::SourceArticles(int64_t source_id, int limit, int offset) {
  if (limit < 0 || offset < 0) return NegativeListBounds();
  std::vector<ArticleSummary> list;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    list = ReadSummaries(tx.exec_params(std::string(kSummarySelect) + "WHERE articles.source_id = $1 AND " +
                                            std::string(kVisible) + std::string(kNewestFirst) +
                                            "LIMIT $2 OFFSET $3",
                                        source_id, limit, offset));
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return list;
}

Result<std::vector<ArticleSummary>> PgStore::ListArticles(const ArticleFilter& filter, int limit) {
  if (limit < 0) return MakeError(ErrorKind::kInvalidInput, "article list: limit must not be negative");
  // Absent filters are neutral values ($n = 0, $n = ''): PostgreSQL plans
  // an unnamed statement with its parameters known, so they fold away.
  const std::string sql =
      std::string(kSummarySelect) +
      (filter.hidden ? "WHERE articles.hidden != 0 " : "WHERE " + std::string(kVisible)) +
      "AND ($1::bigint = 0 OR articles.source_id = $1) "
      "AND ($2::text = '' OR articles.language = $2) "
      "AND ($3::text = '' OR EXISTS (SELECT 1 FROM article_topics AS t WHERE t.article_id = articles.id "
      "AND t.topic = $3)) "
      "AND ($4::bigint = 0 OR COALESCE(articles.published_utc, articles.fetched_utc) < $5::bigint "
      "OR (COALESCE(articles.published_utc, articles.fetched_utc) = $5::bigint AND articles.id < $4)) " +
      std::string(kNewestFirst) + "LIMIT $6 OFFSET $7";
  std::vector<ArticleSummary> list;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    list = ReadSummaries(tx.exec_params(sql, filter.source_id, PgText(filter.language), PgText(filter.topic),
                                        filter.before_id, filter.before_sort_utc, limit,
                                        std::max(filter.offset, 0)));
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return list;
}

// ---- editorial control ----

Status PgStore::SetFlag(const char* column, int64_t article_id, bool value) {
  return Transact([&](pqxx::dbtransaction& tx) -> Status {
    pqxx::result done =
        tx.exec_params(std::string("UPDATE articles SET ") + column + " = $1 WHERE id = $2", value ? 1 : 0, article_id);
    // Counts matched rows, so setting the same value again is found.
    if (done.affected_rows() == 0)
      return MakeError(ErrorKind::kNotFound, "article " + std::to_string(article_id) + " not found");
    return Status::Ok();
  });
}

Status PgStore::SetHidden(int64_t article_id, bool hidden) { return SetFlag("hidden", article_id, hidden); }

Status PgStore::SetFeatured(int64_t article_id, bool featured) { return SetFlag("featured", article_id, featured); }

Result<std::vector<ArticleSummary>> PgStore::FeaturedArticles(int limit) {
  if (limit < 0) return MakeError(ErrorKind::kInvalidInput, "featured articles: limit must not be negative");
  std::vector<ArticleSummary> list;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    list = ReadSummaries(tx.exec_params(std::string(kSummarySelect) + "WHERE articles.featured != 0 AND " +
                                            std::string(kVisible) + std::string(kNewestFirst) + "LIMIT $1",
                                        limit));
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return list;
}

Result<int64_t> PgStore::ContentVersion() {
  int64_t version = 0;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    version = tx.exec1("SELECT version FROM content_version WHERE id = 1")[0].as<int64_t>();
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return version;
}

// ---- views ----

namespace {

Error NotADay(const std::string& day) {
  return MakeError(ErrorKind::kInvalidInput, "views: day \"" + day + "\" is not YYYY-MM-DD");
}

}  // namespace

Status PgStore::AddViews(int64_t article_id, const std::string& day, int64_t count) {
  if (!IsDay(day)) return NotADay(day);
  if (count < 0) return MakeError(ErrorKind::kInvalidInput, "views: count must not be negative");
  if (count == 0) return Status::Ok();
  return Transact([&](pqxx::dbtransaction& tx) -> Status {
    try {
      tx.exec_params(
          "INSERT INTO views (article_id, day, count) VALUES ($1, $2, $3) "
          "ON CONFLICT (article_id, day) DO UPDATE SET count = views.count + EXCLUDED.count",
          article_id, day, count);
    } catch (const pqxx::foreign_key_violation&) {
      return MakeError(ErrorKind::kNotFound, "views: article " + std::to_string(article_id) + " not found");
    }
    return Status::Ok();
  });
}

Result<Store::ViewCounts> PgStore::GetViews(int64_t article_id, const std::string& today) {
  ViewCounts counts;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    pqxx::row row = tx.exec_params1(
        "SELECT COALESCE(SUM(count), 0) AS total, COALESCE(SUM(CASE WHEN day = $1 THEN count END), 0) AS today "
        "FROM views WHERE article_id = $2",
        PgText(today), article_id);
    counts = ViewCounts{Int(row, "total"), Int(row, "today")};
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return counts;
}

Result<int64_t> PgStore::RecordVisits(const std::string& day, const std::vector<Visit>& visits) {
  if (!IsDay(day)) return NotADay(day);
  if (visits.empty()) return int64_t{0};
  int64_t counted = 0;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    counted = 0;
    // A visit counts only when its row is new: the primary key is the
    // dedup shared by every process (a concurrent insert of the same visit
    // waits for the other to commit, then does nothing). Visits of unknown
    // articles are skipped.
    for (const Visit& v : visits) {
      pqxx::result fresh = tx.exec_params(
          "INSERT INTO visits (day, article_id, visitor) SELECT $1, $2, $3 "
          "WHERE EXISTS (SELECT 1 FROM articles WHERE id = $2) ON CONFLICT DO NOTHING",
          day, v.article_id, PgText(v.visitor));
      if (fresh.affected_rows() == 0) continue;
      tx.exec_params(
          "INSERT INTO views (article_id, day, count) VALUES ($1, $2, 1) "
          "ON CONFLICT (article_id, day) DO UPDATE SET count = views.count + 1",
          v.article_id, day);
      ++counted;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return counted;
}

Result<std::string> PgStore::DailySalt(const std::string& day, const std::string& candidate) {
  if (!IsDay(day)) return NotADay(day);
  std::string salt;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    // The first process to store the day's salt wins; the others wait on
    // its row, then read it (read committed: each statement sees the
    // latest commits).
    pqxx::result stored = tx.exec_params(
        "INSERT INTO visitor_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING", day,
        PgText(candidate));
    if (stored.affected_rows() > 0) {
      tx.exec_params("DELETE FROM visitor_salts WHERE day < $1", day);
      tx.exec_params("DELETE FROM visits WHERE day < $1", day);
    }
    salt = Text(tx.exec_params1("SELECT salt FROM visitor_salts WHERE day = $1", day), "salt");
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return salt;
}

// ---- operations ----

Result<int64_t> PgStore::PurgeArticlesBefore(int64_t cutoff_utc, int limit) {
  int64_t purged = 0;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    // One statement: the cascades (views, visits, topics, aliases) run
    // inside it. A negative limit is no limit, as on SQLite.
    purged = tx.exec_params(
                   "DELETE FROM articles WHERE id IN (SELECT id FROM articles WHERE featured = 0 "
                   "AND COALESCE(published_utc, fetched_utc) < $1 ORDER BY COALESCE(published_utc, fetched_utc), id "
                   "LIMIT $2)",
                   cutoff_utc, limit < 0 ? std::nullopt : std::optional<int64_t>(limit))
                 .affected_rows();
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return purged;
}

}  // namespace herald::store
