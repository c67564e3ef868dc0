// SqliteStore: the story layer's assignments and the story views (store.h).
#include <algorithm>
#include <set>

#include "store/sqlite_rows.h"
#include "store/sqlite_store.h"

namespace herald::store {
namespace {

using sqlite_rows::kShown;
using sqlite_rows::kSummarySelect;
using sqlite_rows::kVisible;
using sqlite_rows::ReadSummaries;

constexpr std::string_view kSortTime = "COALESCE(articles.published_utc, articles.fetched_utc)";

Status CheckStoryInput(const std::vector<StoryAssignment>& assignments, const std::vector<StoryMerge>& merges) {
  for (const StoryAssignment& a : assignments) {
    if (a.story_id <= 0)
      return MakeError(ErrorKind::kInvalidInput, "stories: article " + std::to_string(a.article_id) +
                                                     " was given story id " + std::to_string(a.story_id));
  }
  for (const StoryMerge& m : merges) {
    if (m.absorbed <= 0 || m.survivor <= 0 || m.absorbed == m.survivor)
      return MakeError(ErrorKind::kInvalidInput, "stories: cannot merge story " + std::to_string(m.absorbed) +
                                                     " into " + std::to_string(m.survivor));
  }
  return Status::Ok();
}

Status RunWith(Database& db, const char* sql, std::initializer_list<std::pair<const char*, int64_t>> values) {
  Result<Statement> stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  for (const auto& [name, value] : values) stmt->Bind(name, value);
  return stmt->Run();
}

}  // namespace

Result<std::vector<ArticleForRules>> SqliteStore::ArticlesForStoriesLocked(const std::string& where,
                                                                          int64_t since_utc, int64_t after_id,
                                                                          int limit) {
  if (limit < 0) return MakeError(ErrorKind::kInvalidInput, "articles: limit must not be negative");
  Result<Statement> stmt = db_->Prepare(
      "SELECT articles.id AS id, articles.source_id AS source_id, sources.name AS source_name, "
      "articles.url AS url, articles.title AS title, articles.text AS text, articles.language AS language, "
      "articles.word_count AS word_count, " + std::string(kSortTime) + " AS sort_utc, "
      "COALESCE(articles.story_id, 0) AS story_id, COALESCE(articles.duplicate_of, 0) AS duplicate_of, "
      "articles.out_of_focus AS out_of_focus FROM articles JOIN sources ON sources.id = articles.source_id "
      "WHERE articles.id > :after AND " + where + " ORDER BY articles.id LIMIT :limit");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":after", after_id).Bind(":limit", int64_t{limit});
  if (where.find(":since") != std::string::npos) stmt->Bind(":since", since_utc);
  return stmt->ReadAll<ArticleForRules>([](const Statement& row) {
    ArticleForRules a;
    a.id = row.Int("id");
    a.source_id = row.Int("source_id");
    a.source_name = row.Text("source_name");
    a.url = row.Text("url");
    a.title = row.Text("title");
    a.text = row.Text("text");
    a.language = row.Text("language");
    a.word_count = static_cast<int>(row.Int("word_count"));
    a.sort_utc = row.Int("sort_utc");
    a.story_id = row.Int("story_id");
    a.duplicate_of = row.Int("duplicate_of");
    a.out_of_focus = row.Int("out_of_focus") != 0;
    return a;
  });
}

Result<std::vector<ArticleForRules>> SqliteStore::ArticlesForRules(int64_t after_id, int limit) {
  std::lock_guard lock(mutex_);
  return ArticlesForStoriesLocked("1", 0, after_id, limit);
}

Result<std::vector<ArticleForRules>> SqliteStore::ArticlesWithoutStory(int64_t after_id, int limit) {
  std::lock_guard lock(mutex_);
  return ArticlesForStoriesLocked("articles.story_id IS NULL", 0, after_id, limit);
}

Result<std::vector<ArticleForRules>> SqliteStore::ArticlesWithStorySince(int64_t since_utc, int64_t after_id,
                                                                        int limit) {
  std::lock_guard lock(mutex_);
  return ArticlesForStoriesLocked(
      "articles.story_id IS NOT NULL AND " + std::string(kSortTime) + " >= :since", since_utc, after_id, limit);
}

Status SqliteStore::RecordStories(const std::vector<StoryAssignment>& assignments,
                                  const std::vector<StoryMerge>& merges) {
  if (Status valid = CheckStoryInput(assignments, merges); !valid.ok()) return valid;
  if (assignments.empty() && merges.empty()) return Status::Ok();
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin;
  for (const StoryMerge& m : merges) {
    std::initializer_list<std::pair<const char*, int64_t>> ids = {{":absorbed", m.absorbed},
                                                                  {":survivor", m.survivor}};
    for (const char* sql : {"UPDATE articles SET story_id = :survivor WHERE story_id = :absorbed",
                            "UPDATE story_merges SET survivor = :survivor WHERE survivor = :absorbed",
                            "INSERT OR REPLACE INTO story_merges (absorbed, survivor) VALUES (:absorbed, :survivor)"}) {
      if (Status done = RunWith(*db_, sql, ids); !done.ok()) return done;
    }
  }
  for (const StoryAssignment& a : assignments) {
    // A representative deleted meanwhile leaves the copy on its own (NULL),
    // as the foreign key's ON DELETE SET NULL would have.
    Status done = RunWith(*db_,
                          "UPDATE articles SET story_id = :story, "
                          "duplicate_of = (SELECT r.id FROM articles AS r WHERE r.id = :duplicate_of AND r.id != :id) "
                          "WHERE id = :id",
                          {{":story", a.story_id}, {":duplicate_of", a.duplicate_of}, {":id", a.article_id}});
    if (!done.ok()) return done;
  }
  return tx.Commit();
}

Result<std::vector<StoryMerge>> SqliteStore::StoryMerges() {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare("SELECT absorbed, survivor FROM story_merges ORDER BY absorbed");
  if (!stmt.ok()) return stmt.error();
  return stmt->ReadAll<StoryMerge>(
      [](const Statement& row) { return StoryMerge{row.Int("absorbed"), row.Int("survivor")}; });
}

Result<int64_t> SqliteStore::ResolveStory(int64_t story_id) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare("SELECT survivor FROM story_merges WHERE absorbed = :id");
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt->Bind(":id", story_id).Step();
  if (!row.ok()) return row.error();
  return *row ? stmt->Int("survivor") : story_id;
}

Result<std::optional<StorySummary>> SqliteStore::GetStory(int64_t story_id) {
  std::lock_guard lock(mutex_);
  Result<Statement> totals = db_->Prepare(
      "SELECT count(*) AS articles, count(DISTINCT source_id) AS sources, min(" + std::string(kSortTime) +
      ") AS first_utc, max(" + std::string(kSortTime) + ") AS last_utc "
      "FROM articles WHERE story_id = :id AND " + std::string(kShown));
  if (!totals.ok()) return totals.error();
  if (Result<bool> row = totals->Bind(":id", story_id).Step(); !row.ok()) return row.error();
  if (totals->Int("articles") == 0) return std::optional<StorySummary>();
  StorySummary story;
  story.id = story_id;
  story.articles = totals->Int("articles");
  story.sources = totals->Int("sources");
  story.first_utc = totals->Int("first_utc");
  story.last_utc = totals->Int("last_utc");

  // The headline: the most republished article (copies are the readers'
  // editors voting), an original before a copy, the earliest on a tie.
  Result<Statement> head = db_->Prepare(
      "SELECT articles.id AS id, articles.title AS title FROM articles WHERE story_id = :id AND " +
      std::string(kShown) +
      "ORDER BY (duplicate_of IS NULL) DESC, "
      "(SELECT count(*) FROM articles AS c WHERE c.duplicate_of = articles.id AND c.hidden = 0 "
      "AND c.out_of_focus = 0) DESC, " +
      std::string(kSortTime) + ", articles.id LIMIT 1");
  if (!head.ok()) return head.error();
  if (Result<bool> row = head->Bind(":id", story_id).Step(); !row.ok()) return row.error();
  story.headline_article_id = head->Int("id");
  story.headline = head->Text("title");

  Result<Statement> languages = db_->Prepare(
      "SELECT DISTINCT language FROM articles WHERE story_id = :id AND " + std::string(kShown) +
      "AND language != '' "
      "ORDER BY language");
  if (!languages.ok()) return languages.error();
  languages->Bind(":id", story_id);
  auto list = languages->ReadAll<std::string>([](const Statement& row) { return row.Text("language"); });
  if (!list.ok()) return list.error();
  story.languages = std::move(*list);
  return std::optional<StorySummary>(std::move(story));
}

Result<std::vector<StorySummary>> SqliteStore::LatestStories(int min_sources, int64_t before_last_utc,
                                                             int64_t before_id, int limit) {
  if (limit < 0) return MakeError(ErrorKind::kInvalidInput, "stories: limit must not be negative");
  std::vector<int64_t> ids;
  {
    std::lock_guard lock(mutex_);
    Result<Statement> stmt = db_->Prepare(
        "SELECT story_id, max(" + std::string(kSortTime) + ") AS last_utc, count(DISTINCT source_id) AS sources "
        "FROM articles WHERE story_id IS NOT NULL AND " + std::string(kShown) + "GROUP BY story_id "
        "HAVING sources >= :min_sources AND (:before_id = 0 OR last_utc < :before_last "
        "OR (last_utc = :before_last AND story_id < :before_id)) "
        "ORDER BY last_utc DESC, story_id DESC LIMIT :limit");
    if (!stmt.ok()) return stmt.error();
    stmt->Bind(":min_sources", int64_t{min_sources})
        .Bind(":before_last", before_last_utc)
        .Bind(":before_id", before_id)
        .Bind(":limit", int64_t{limit});
    auto read = stmt->ReadAll<int64_t>([](const Statement& row) { return row.Int("story_id"); });
    if (!read.ok()) return read.error();
    ids = std::move(*read);
  }
  std::vector<StorySummary> stories;
  for (int64_t id : ids) {
    auto story = GetStory(id);
    if (!story.ok()) return story.error();
    if (*story) stories.push_back(std::move(**story));  // gone between the two reads: skipped
  }
  return stories;
}

Result<std::vector<ArticleSummary>> SqliteStore::StoryArticles(int64_t story_id) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(std::string(kSummarySelect) +
                                        "WHERE articles.story_id = :id AND " + std::string(kShown) + "ORDER BY " +
                                        std::string(kSortTime) + ", articles.id");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":id", story_id);
  return ReadSummaries(*stmt);
}

Result<std::vector<ArticleSummary>> SqliteStore::CopiesOf(int64_t article_id) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      std::string(kSummarySelect) +
      "JOIN (SELECT COALESCE(duplicate_of, id) AS representative FROM articles WHERE id = :id) AS self "
      "WHERE (articles.id = self.representative OR articles.duplicate_of = self.representative) "
      "AND articles.id != :id AND " + std::string(kShown) + "ORDER BY " +
      std::string(kSortTime) + ", articles.id");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":id", article_id);
  return ReadSummaries(*stmt);
}

}  // namespace herald::store
