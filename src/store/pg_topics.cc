// PgStore: topic membership, site focus and the store's meta settings
// (store.h), as sqlite_topics.cc does them. Names sort by byte value
// (COLLATE "C") as on SQLite, whatever the database's collation.
#include <pqxx/pqxx>

#include <map>
#include <set>

#include "store/pg_rows.h"
#include "store/pg_store.h"
#include "store/pg_values.h"

namespace herald::store {
namespace {

using pg_values::Int;
using pg_values::Text;

using pg_rows::Params;

// The last entry for each id, in first-appearance order: what writing the
// list one entry after another would leave.
template <typename Entry, typename IdOf>
std::vector<Entry> LastPerId(const std::vector<Entry>& entries, IdOf id_of) {
  std::map<int64_t, size_t> last;
  for (size_t i = 0; i < entries.size(); ++i) last[id_of(entries[i])] = i;
  std::vector<Entry> out;
  for (size_t i = 0; i < entries.size(); ++i)
    if (last[id_of(entries[i])] == i) out.push_back(entries[i]);
  return out;
}

}  // namespace

Status PgStore::SetArticleTopics(const std::vector<ArticleTopics>& memberships) {
  if (memberships.empty()) return Status::Ok();
  const std::vector<ArticleTopics> latest =
      LastPerId(memberships, [](const ArticleTopics& m) { return m.article_id; });
  std::vector<int64_t> ids;
  for (const ArticleTopics& m : latest) ids.push_back(m.article_id);
  return Transact([&](pqxx::dbtransaction& tx) {
    // The batch's current memberships in one read.
    Params params;
    pqxx::result rows = params.Exec(
        tx, "SELECT article_id, topic FROM article_topics WHERE article_id = ANY(" + params.BigintArray(ids) + ")");
    std::map<int64_t, std::set<std::string>> stored;
    for (const pqxx::row& row : rows) stored[Int(row, "article_id")].insert(Text(row, "topic"));
    for (const ArticleTopics& m : latest) {
      // Unchanged memberships (the usual case on refetch and re-application)
      // are not rewritten, so they move nothing that watches the table.
      std::set<std::string> wanted;
      for (const std::string& topic : m.topics) wanted.insert(pg_values::PgText(topic));
      const std::set<std::string>& current = stored[m.article_id];
      if (current == wanted) continue;
      if (!current.empty()) tx.exec_params("DELETE FROM article_topics WHERE article_id = $1", m.article_id);
      for (const std::string& topic : wanted) {
        // INSERT ... SELECT skips an article deleted since it was read.
        tx.exec_params(
            "INSERT INTO article_topics (article_id, topic) SELECT id, $2 FROM articles WHERE id = $1 "
            "ON CONFLICT DO NOTHING",
            m.article_id, topic);
      }
    }
    return Status::Ok();
  });
}

Status PgStore::SetOutOfFocus(const std::vector<std::pair<int64_t, bool>>& articles) {
  if (articles.empty()) return Status::Ok();
  std::vector<int64_t> ids, flags;
  for (const auto& [id, out_of_focus] : LastPerId(articles, [](const auto& entry) { return entry.first; })) {
    ids.push_back(id);
    flags.push_back(out_of_focus ? 1 : 0);
  }
  Params params;
  // One statement for the batch. The last condition leaves unchanged rows
  // (and unknown ids) untouched, so re-applying the same rules moves no
  // content version.
  const std::string sql = "UPDATE articles SET out_of_focus = changes.flag FROM unnest(" + params.BigintArray(ids) +
                          ", " + params.BigintArray(flags) +
                          ") AS changes (id, flag) "
                          "WHERE articles.id = changes.id AND articles.out_of_focus != changes.flag";
  return Transact([&](pqxx::dbtransaction& tx) {
    params.Exec(tx, sql);
    return Status::Ok();
  });
}

Result<std::vector<std::string>> PgStore::TopicsOfArticle(int64_t article_id) {
  std::vector<std::string> topics;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    topics.clear();
    for (const pqxx::row& row :
         tx.exec_params("SELECT topic FROM article_topics WHERE article_id = $1 ORDER BY topic COLLATE \"C\"",
                        article_id))
      topics.push_back(Text(row, "topic"));
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return topics;
}

Result<std::vector<TopicCount>> PgStore::TopicCounts() {
  std::vector<TopicCount> counts;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    counts.clear();
    for (const pqxx::row& row : tx.exec(
             "SELECT t.topic AS topic, count(*) AS articles FROM article_topics AS t "
             "JOIN articles ON articles.id = t.article_id WHERE " + std::string(pg_rows::kShown) +
             "GROUP BY t.topic ORDER BY t.topic COLLATE \"C\""))
      counts.push_back(TopicCount{Text(row, "topic"), Int(row, "articles")});
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return counts;
}

Result<std::vector<ArticleForRules>> PgStore::ArticlesForRules(int64_t after_id, int limit) {
  std::vector<ArticleForRules> articles;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    Params params;
    auto read = pg_rows::ReadArticlesForRules(tx, params, "TRUE", after_id, limit);
    if (!read.ok()) return read.status();
    articles = std::move(*read);
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return articles;
}

Result<std::string> PgStore::GetMeta(const std::string& key) {
  std::string value;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    pqxx::result row = tx.exec_params("SELECT value FROM meta WHERE key = $1", pg_values::PgText(key));
    value = row.empty() ? std::string() : row[0][0].as<std::string>();
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return value;
}

Status PgStore::SetMeta(const std::string& key, const std::string& value) {
  return Transact([&](pqxx::dbtransaction& tx) {
    tx.exec_params(
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        pg_values::PgText(key), pg_values::PgText(value));
    return Status::Ok();
  });
}

}  // namespace herald::store
