// PgStore: the story layer's assignments and the story views (store.h), as
// sqlite_stories.cc does them.
#include <pqxx/pqxx>

#include <map>

#include "store/pg_rows.h"
#include "store/pg_store.h"
#include "store/pg_values.h"

namespace herald::store {
namespace {

using pg_values::Int;
using pg_values::Text;

using pg_rows::kShown;
using pg_rows::kSortTime;
using pg_rows::kSummarySelect;
using pg_rows::Params;
using pg_rows::ReadSummaries;

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

void ApplyMerge(pqxx::dbtransaction& tx, const StoryMerge& m) {
  tx.exec_params("UPDATE articles SET story_id = $2 WHERE story_id = $1", m.absorbed, m.survivor);
  // Earlier merges into the absorbed story now lead to the survivor.
  tx.exec_params("UPDATE story_merges SET survivor = $2 WHERE survivor = $1", m.absorbed, m.survivor);
  tx.exec_params(
      "INSERT INTO story_merges (absorbed, survivor) VALUES ($1, $2) "
      "ON CONFLICT (absorbed) DO UPDATE SET survivor = excluded.survivor",
      m.absorbed, m.survivor);
}

// Every assignment in one statement (the story layer writes them in large
// batches); the last one for an article wins, as written one by one.
void ApplyAssignments(pqxx::dbtransaction& tx, const std::vector<StoryAssignment>& assignments) {
  std::map<int64_t, const StoryAssignment*> latest;
  for (const StoryAssignment& a : assignments) latest[a.article_id] = &a;
  std::vector<int64_t> ids, stories, originals;
  for (const auto& [id, a] : latest) {
    ids.push_back(id);
    stories.push_back(a->story_id);
    originals.push_back(a->duplicate_of);
  }
  Params params;
  // A representative deleted meanwhile (or the article itself) leaves the
  // copy on its own (NULL), as the foreign key's ON DELETE SET NULL would.
  params.Exec(tx, "UPDATE articles SET story_id = a.story_id, duplicate_of = r.id FROM unnest(" +
                      params.BigintArray(ids) + ", " + params.BigintArray(stories) + ", " +
                      params.BigintArray(originals) +
                      ") AS a (id, story_id, duplicate_of) "
                      "LEFT JOIN articles AS r ON r.id = a.duplicate_of AND r.id != a.id "
                      "WHERE articles.id = a.id");
}

// The story with its visible articles, or nullopt when it has none.
std::optional<StorySummary> ReadStory(pqxx::dbtransaction& tx, int64_t story_id) {
  const std::string sort(kSortTime), shown(kShown);
  pqxx::row totals = tx.exec_params1(
      "SELECT count(*) AS articles, count(DISTINCT source_id) AS sources, min(" + sort + ") AS first_utc, max(" +
          sort + ") AS last_utc FROM articles WHERE story_id = $1 AND " + shown,
      story_id);
  if (Int(totals, "articles") == 0) return std::nullopt;
  StorySummary story;
  story.id = story_id;
  story.articles = Int(totals, "articles");
  story.sources = Int(totals, "sources");
  story.first_utc = Int(totals, "first_utc");
  story.last_utc = Int(totals, "last_utc");

  // The headline: the most republished article (copies are the readers'
  // editors voting), an original before a copy, the earliest on a tie.
  pqxx::row head = tx.exec_params1(
      "SELECT articles.id AS id, articles.title AS title FROM articles WHERE story_id = $1 AND " + shown +
          "ORDER BY (duplicate_of IS NULL) DESC, "
          "(SELECT count(*) FROM articles AS c WHERE c.duplicate_of = articles.id AND c.hidden = 0 "
          "AND c.out_of_focus = 0) DESC, " + sort + ", articles.id LIMIT 1",
      story_id);
  story.headline_article_id = Int(head, "id");
  story.headline = Text(head, "title");

  for (const pqxx::row& row :
       tx.exec_params("SELECT DISTINCT language COLLATE \"C\" AS language FROM articles WHERE story_id = $1 AND " +
                          shown + "AND language != '' ORDER BY 1",
                      story_id))
    story.languages.push_back(Text(row, "language"));
  return story;
}

}  // namespace

namespace pg_rows {

Result<std::vector<ArticleForRules>> ReadArticlesForRules(pqxx::dbtransaction& tx, Params& params,
                                                          const std::string& condition, int64_t after_id,
                                                          int limit) {
  if (limit < 0) return MakeError(ErrorKind::kInvalidInput, "articles: limit must not be negative");
  pqxx::result rows = params.Exec(
      tx,
      "SELECT articles.id AS id, articles.source_id AS source_id, sources.name AS source_name, "
      "articles.url AS url, articles.title AS title, articles.text AS text, articles.language AS language, "
      "articles.word_count AS word_count, " + std::string(kSortTime) + " AS sort_utc, "
      "COALESCE(articles.story_id, 0) AS story_id, COALESCE(articles.duplicate_of, 0) AS duplicate_of, "
      "articles.out_of_focus AS out_of_focus FROM articles JOIN sources ON sources.id = articles.source_id "
      "WHERE articles.id > " + params.Bigint(after_id) + " AND " + condition + " ORDER BY articles.id LIMIT " +
          params.Bigint(limit));
  std::vector<ArticleForRules> articles;
  articles.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    ArticleForRules a;
    a.id = Int(row, "id");
    a.source_id = Int(row, "source_id");
    a.source_name = Text(row, "source_name");
    a.url = Text(row, "url");
    a.title = Text(row, "title");
    a.text = Text(row, "text");
    a.language = Text(row, "language");
    a.word_count = static_cast<int>(Int(row, "word_count"));
    a.sort_utc = Int(row, "sort_utc");
    a.story_id = Int(row, "story_id");
    a.duplicate_of = Int(row, "duplicate_of");
    a.out_of_focus = Int(row, "out_of_focus") != 0;
    articles.push_back(std::move(a));
  }
  return articles;
}

}  // namespace pg_rows

Result<std::vector<ArticleForRules>> PgStore::ArticlesWithoutStory(int64_t after_id, int limit) {
  std::vector<ArticleForRules> articles;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    Params params;
    auto read = pg_rows::ReadArticlesForRules(tx, params, "articles.story_id IS NULL", after_id, limit);
    if (!read.ok()) return read.status();
    articles = std::move(*read);
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return articles;
}

Result<std::vector<ArticleForRules>> PgStore::ArticlesWithStorySince(int64_t since_utc, int64_t after_id,
                                                                      int limit) {
  std::vector<ArticleForRules> articles;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    Params params;
    const std::string condition =
        "articles.story_id IS NOT NULL AND " + std::string(kSortTime) + " >= " + params.Bigint(since_utc);
    auto read = pg_rows::ReadArticlesForRules(tx, params, condition, after_id, limit);
    if (!read.ok()) return read.status();
    articles = std::move(*read);
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return articles;
}

Status PgStore::RecordStories(const std::vector<StoryAssignment>& assignments,
                              const std::vector<StoryMerge>& merges) {
  if (Status valid = CheckStoryInput(assignments, merges); !valid.ok()) return valid;
  if (assignments.empty() && merges.empty()) return Status::Ok();
  return Transact([&](pqxx::dbtransaction& tx) {
    for (const StoryMerge& m : merges) ApplyMerge(tx, m);
    if (!assignments.empty()) ApplyAssignments(tx, assignments);
    return Status::Ok();
  });
}

Result<std::vector<StoryMerge>> PgStore::StoryMerges() {
  std::vector<StoryMerge> merges;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    merges.clear();
    for (const pqxx::row& row : tx.exec("SELECT absorbed, survivor FROM story_merges ORDER BY absorbed"))
      merges.push_back(StoryMerge{Int(row, "absorbed"), Int(row, "survivor")});
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return merges;
}

Result<int64_t> PgStore::ResolveStory(int64_t story_id) {
  int64_t survivor = story_id;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    pqxx::result row = tx.exec_params("SELECT survivor FROM story_merges WHERE absorbed = $1", story_id);
    survivor = row.empty() ? story_id : row[0][0].as<int64_t>();
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return survivor;
}

Result<std::optional<StorySummary>> PgStore::GetStory(int64_t story_id) {
  std::optional<StorySummary> story;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    story = ReadStory(tx, story_id);
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return story;
}

Result<std::vector<StorySummary>> PgStore::LatestStories(int min_sources, int64_t before_last_utc,
                                                         int64_t before_id, int limit) {
  if (limit < 0) return MakeError(ErrorKind::kInvalidInput, "stories: limit must not be negative");
  Params params;
  std::string sql =
      "SELECT story_id FROM (SELECT story_id, max(" + std::string(kSortTime) +
      ") AS last_utc, count(DISTINCT source_id) AS sources FROM articles WHERE story_id IS NOT NULL AND " +
      std::string(kShown) + "GROUP BY story_id) AS s WHERE sources >= " + params.Bigint(min_sources) + " ";
  if (before_id != 0) {
    const std::string before_last = params.Bigint(before_last_utc);
    sql += "AND (last_utc < " + before_last + " OR (last_utc = " + before_last +
           " AND story_id < " + params.Bigint(before_id) + ")) ";
  }
  sql += "ORDER BY last_utc DESC, story_id DESC LIMIT " + params.Bigint(limit);
  std::vector<StorySummary> stories;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    stories.clear();
    for (const pqxx::row& row : params.Exec(tx, sql)) {
      // Read in the same transaction, but each statement sees the latest
      // commits: a story gone meanwhile is skipped.
      if (auto story = ReadStory(tx, Int(row, "story_id"))) stories.push_back(std::move(*story));
    }
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return stories;
}

Result<std::vector<ArticleSummary>> PgStore::StoryArticles(int64_t story_id) {
  std::vector<ArticleSummary> articles;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    articles = ReadSummaries(tx.exec_params(std::string(kSummarySelect) + "WHERE articles.story_id = $1 AND " +
                                                std::string(kShown) + "ORDER BY " + std::string(kSortTime) +
                                                ", articles.id",
                                            story_id));
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return articles;
}

Result<std::vector<ArticleSummary>> PgStore::CopiesOf(int64_t article_id) {
  std::vector<ArticleSummary> articles;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    articles = ReadSummaries(tx.exec_params(
        std::string(kSummarySelect) +
            "CROSS JOIN (SELECT COALESCE(duplicate_of, id) AS representative FROM articles WHERE id = $1) AS self "
            "WHERE (articles.id = self.representative OR articles.duplicate_of = self.representative) "
            "AND articles.id != $1 AND " + std::string(kShown) + "ORDER BY " + std::string(kSortTime) +
            ", articles.id",
        article_id));
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return articles;
}

}  // namespace herald::store
