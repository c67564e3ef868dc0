// SqliteStore: topic membership and the store's meta settings (store.h).
#include "store/sqlite_store.h"

#include <set>

namespace herald::store {
namespace {

std::string TopicOf(const Statement& row) { return row.Text("topic"); }

}  // namespace

const char* SqliteStore::TopicCondition() {
  // The (topic, article_id) primary key answers this without a scan.
  return "AND articles.id IN (SELECT article_id FROM article_topics WHERE topic = :topic) ";
}

Status SqliteStore::SetArticleTopics(const std::vector<ArticleTopics>& memberships) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin;
  for (const ArticleTopics& m : memberships) {
    // Unchanged memberships (the usual case on refetch and re-application)
    // are not rewritten, so they move nothing that watches the table.
    std::set<std::string> wanted(m.topics.begin(), m.topics.end());
    Result<Statement> current = db_->Prepare("SELECT topic FROM article_topics WHERE article_id = :id");
    if (!current.ok()) return current.error();
    current->Bind(":id", m.article_id);
    auto stored = current->ReadAll<std::string>(TopicOf);
    if (!stored.ok()) return stored.error();
    if (std::set<std::string>(stored->begin(), stored->end()) == wanted) continue;
    Result<Statement> clear = db_->Prepare("DELETE FROM article_topics WHERE article_id = :id");
    if (!clear.ok()) return clear.error();
    if (Status done = clear->Bind(":id", m.article_id).Run(); !done.ok()) return done;
    for (const std::string& topic : wanted) {
      // INSERT ... SELECT skips an article deleted since it was read.
      Result<Statement> add = db_->Prepare(
          "INSERT OR IGNORE INTO article_topics (article_id, topic) SELECT id, :topic FROM articles WHERE id = :id");
      if (!add.ok()) return add.error();
      if (Status done = add->Bind(":id", m.article_id).Bind(":topic", topic).Run(); !done.ok()) return done;
    }
  }
  return tx.Commit();
}

Status SqliteStore::SetOutOfFocus(const std::vector<std::pair<int64_t, bool>>& articles) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin;
  for (const auto& [id, out_of_focus] : articles) {
    // The WHERE leaves unchanged rows (and unknown ids) untouched, so
    // re-applying the same rules moves no content version.
    Result<Statement> set = db_->Prepare(
        "UPDATE articles SET out_of_focus = :value WHERE id = :id AND out_of_focus != :value");
    if (!set.ok()) return set.error();
    if (Status done = set->Bind(":value", int64_t{out_of_focus}).Bind(":id", id).Run(); !done.ok()) return done;
  }
  return tx.Commit();
}

Result<std::vector<std::string>> SqliteStore::TopicsOfArticle(int64_t article_id) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt =
      db_->Prepare("SELECT topic FROM article_topics WHERE article_id = :id ORDER BY topic");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":id", article_id);
  return stmt->ReadAll<std::string>(TopicOf);
}

Result<std::vector<TopicCount>> SqliteStore::TopicCounts() {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      "SELECT t.topic AS topic, count(*) AS articles FROM article_topics AS t "
      "JOIN articles ON articles.id = t.article_id WHERE articles.hidden = 0 AND articles.out_of_focus = 0 "
      "GROUP BY t.topic ORDER BY t.topic");
  if (!stmt.ok()) return stmt.error();
  return stmt->ReadAll<TopicCount>(
      [](const Statement& row) { return TopicCount{row.Text("topic"), row.Int("articles")}; });
}

Result<std::string> SqliteStore::GetMeta(const std::string& key) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare("SELECT value FROM meta WHERE key = :key");
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt->Bind(":key", key).Step();
  if (!row.ok()) return row.error();
  return *row ? stmt->Text("value") : std::string();
}

Status SqliteStore::SetMeta(const std::string& key, const std::string& value) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      "INSERT INTO meta (key, value) VALUES (:key, :value) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!stmt.ok()) return stmt.error();
  return stmt->Bind(":key", key).Bind(":value", value).Run();
}

}  // namespace herald::store
