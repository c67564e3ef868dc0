// PgStore: full-text search and related articles (store.h), and the list
// rows every PgStore file reads (pg_rows.h).
//
// The index is a tsvector of the ICU-segmented title (weight A) and text
// (weight B) under the 'simple' configuration (pg_store.h). Queries are
// segmented the same way and read by plainto_tsquery, so user text is
// never query syntax and both sides cut the words alike. ts_rank stands in
// for SQLite's BM25: the same title weighting, length normalized.
#include <pqxx/pqxx>

#include <set>

#include "common/segment.h"
#include "store/pg_rows.h"
#include "store/pg_store.h"
#include "store/pg_values.h"
#include "store/search_words.h"

namespace herald::store {

namespace pg_rows {

using pg_values::Int;
using pg_values::Text;

std::vector<ArticleSummary> ReadSummaries(const pqxx::result& rows, const std::vector<std::string>* snippet_words) {
  std::vector<ArticleSummary> list;
  list.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    ArticleSummary s;
    s.id = Int(row, "id");
    s.source_id = Int(row, "source_id");
    s.source_name = Text(row, "source_name");
    s.url = Text(row, "url");
    s.title = Text(row, "title");
    if (!row["published_utc"].is_null()) {
      s.published = Timestamp{Int(row, "published_utc"), static_cast<int>(Int(row, "published_offset_min")),
                              Int(row, "published_offset_known") != 0};
    }
    s.excerpt = Text(row, "excerpt");
    s.lead_image_url = Text(row, "lead_image_url");
    s.language = Text(row, "language");
    s.paywalled = Int(row, "paywalled") != 0;
    s.sort_utc = Int(row, "sort_utc");
    s.featured = Int(row, "featured") != 0;
    s.story_id = Int(row, "story_id");
    if (snippet_words) s.snippet = SnippetAround(Text(row, "text"), *snippet_words);
    list.push_back(std::move(s));
  }
  return list;
}

std::string Params::Add(std::string value, const char* type) {
  values_.push_back(std::move(value));
  return "$" + std::to_string(values_.size()) + "::" + type;
}

std::string Params::Text(std::string value) { return Add(pg_values::PgText(value), "text"); }

std::string Params::Bigint(int64_t value) { return Add(std::to_string(value), "bigint"); }

std::string Params::BigintArray(const std::vector<int64_t>& values) {
  std::string literal = "{";
  for (int64_t v : values) literal += (literal.size() > 1 ? "," : "") + std::to_string(v);
  return Add(literal + "}", "bigint[]");
}

pqxx::result Params::Exec(pqxx::dbtransaction& tx, const std::string& sql) const {
  return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(values_));
}

}  // namespace pg_rows

namespace {

using pg_rows::kSortTime;
using pg_values::Int;
using pg_values::Text;
using pg_rows::kSummarySelect;
using pg_rows::kVisible;
using pg_rows::Params;
using pg_rows::ReadSummaries;

// ts_rank's weights, {D, C, B, A}: a title word counts four times a text
// word in search and twice in related articles, as SQLite's BM25 column
// weights say. Normalization 1 divides by 1 + log(length), so a long
// article does not win by its length alone (BM25 normalizes too).
constexpr std::string_view kSearchWeights = "'{0, 0, 0.25, 1}'::float4[]";
constexpr std::string_view kRelatedWeights = "'{0, 0, 0.5, 1}'::float4[]";

constexpr size_t kLongestIndexedWord = 2047;  // bytes (PostgreSQL's MAXSTRLEN)

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// A tsquery matching any of `words`: one plainto_tsquery per word (plain
// text, never syntax), OR-ed. "" when there are none.
std::string AnyOf(const std::vector<std::string>& words, Params& params) {
  std::string out;
  for (const std::string& w : words)
    out += (out.empty() ? "" : " || ") + ("plainto_tsquery('simple', " + params.Text(w) + ")");
  return out.empty() ? out : "(" + out + ")";
}

}  // namespace

Result<std::vector<ArticleSummary>> PgStore::Search(const SearchQuery& query) {
  if (query.limit < 0 || query.offset < 0) {
    return MakeError(ErrorKind::kInvalidInput, "search: limit and offset must not be negative");
  }
  // Matched folded as the index is (common/segment.h); snippets look for the words as typed.
  std::vector<std::string> words = SearchWords(query.text);
  const std::vector<std::string> snippet_words = WordTokens(query.text);
  if (words.empty()) return std::vector<ArticleSummary>();
  // PostgreSQL indexes no word over 2047 bytes and plainto_tsquery would
  // drop it from the query, matching on the other words alone.
  for (const std::string& w : words)
    if (w.size() > kLongestIndexedWord) return std::vector<ArticleSummary>();
  Params params;
  // Every word must match: plainto_tsquery ANDs the words it reads.
  const std::string tsquery = "plainto_tsquery('simple', " + params.Text(JoinWords(words)) + ")";
  std::string where = "WHERE articles.search_vector @@ " + tsquery + " AND " + std::string(kVisible);
  if (query.source_id) where += "AND articles.source_id = " + params.Bigint(query.source_id) + " ";
  if (!query.language.empty()) where += "AND articles.language = " + params.Text(query.language) + " ";
  if (!query.topic.empty()) {
    where += "AND articles.id IN (SELECT article_id FROM article_topics WHERE topic = " + params.Text(query.topic) +
             ") ";
  }
  if (query.from_utc) where += "AND " + std::string(kSortTime) + " >= " + params.Bigint(query.from_utc) + " ";
  if (query.to_utc) where += "AND " + std::string(kSortTime) + " < " + params.Bigint(query.to_utc) + " ";

  // As on SQLite, the ranking reads the search_window_ most recently stored
  // matches at most (ranking every article with a common word costs more
  // the larger the store grows); pages beyond the window rank every match.
  std::string matches = "SELECT articles.id, articles.search_vector FROM articles " + where;
  if (search_window_ > 0 && int64_t{query.offset} + query.limit <= search_window_) {
    matches += "ORDER BY articles.id DESC LIMIT " + params.Bigint(search_window_);
  }
  // Only the page's rows are read whole (their text makes the snippets).
  const std::string sql =
      "SELECT articles.text AS text, " + std::string(kSummarySelect.substr(7)) +
      "JOIN (SELECT hit.id, ts_rank(" + std::string(kSearchWeights) + ", hit.search_vector, " + tsquery +
      ", 1) AS score FROM (" + matches + ") AS hit ORDER BY score DESC, hit.id DESC LIMIT " +
      params.Bigint(query.limit) + " OFFSET " + params.Bigint(query.offset) +
      ") AS top ON top.id = articles.id ORDER BY top.score DESC, articles.id DESC";
  std::vector<ArticleSummary> found;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    found = ReadSummaries(params.Exec(tx, sql), &snippet_words);
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return found;
}

Result<std::vector<ArticleSummary>> PgStore::RelatedArticles(int64_t article_id, int limit) {
  if (limit <= 0) return std::vector<ArticleSummary>();
  std::vector<ArticleSummary> related;
  Status done = Transact([&](pqxx::dbtransaction& tx) {
    related.clear();
    pqxx::result self = tx.exec_params(
        "SELECT title, text, content_hash, source_id, COALESCE(story_id, 0) AS story_id, "
        "COALESCE(duplicate_of, id) AS representative, COALESCE(published_utc, fetched_utc) AS sort_utc "
        "FROM articles WHERE id = $1",
        article_id);
    if (self.empty()) return Status::Ok();
    const int64_t story = Int(self[0], "story_id");
    Params params;
    // Never the article, its copy group, or a same-text article.
    const std::string not_itself =
        "AND articles.id != " + params.Bigint(article_id) + " AND articles.id != " +
        params.Bigint(Int(self[0], "representative")) + " AND (articles.content_hash = '' OR "
        "articles.content_hash != " + params.Text(Text(self[0], "content_hash")) + ") AND " +
        std::string(kVisible);

    // Other publishers' takes on the same story first (then the publisher's
    // own follow-ups), newest first, one per publisher.
    if (story != 0) {
      Params takes_params = params;
      auto takes = ReadSummaries(takes_params.Exec(
          tx, std::string(kSummarySelect) + "WHERE articles.story_id = " + takes_params.Bigint(story) + " " +
                  not_itself + "ORDER BY articles.source_id = " +
                  takes_params.Bigint(Int(self[0], "source_id")) + ", " + std::string(kSortTime) +
                  " DESC, articles.id DESC"));
      std::set<int64_t> publishers;
      for (ArticleSummary& row : takes) {
        if (static_cast<int>(related.size()) >= limit) return Status::Ok();
        if (publishers.insert(row.source_id).second) related.push_back(std::move(row));
      }
    }

    // Then other stories' articles on the same subject: ranked over the
    // salient words, worth less the further apart in time (halved at 30
    // days), one per story. Candidates are read a few times the room left.
    const std::string any_word =
        AnyOf(SalientWords(Text(self[0], "title"), Text(self[0], "text")), params);
    const int room = limit - static_cast<int>(related.size());
    if (any_word.empty() || room <= 0) return Status::Ok();
    std::string sql = std::string(kSummarySelect) + "WHERE articles.search_vector @@ " + any_word + " ";
    // As on SQLite, only the window of matches stored nearest the article
    // is ranked (half before, half after): the cost stays flat as the store grows.
    if (related_window_ > 1) {
      const std::string self_id = params.Bigint(article_id), half = params.Bigint(related_window_ / 2);
      sql += "AND articles.id IN ((SELECT id FROM articles WHERE search_vector @@ " + any_word + " AND id < " +
             self_id + " ORDER BY id DESC LIMIT " + half + ") UNION ALL (SELECT id FROM articles WHERE "
             "search_vector @@ " + any_word + " AND id > " + self_id + " ORDER BY id LIMIT " + half + ")) ";
    }
    if (story != 0) sql += "AND (articles.story_id IS NULL OR articles.story_id != " + params.Bigint(story) + ") ";
    sql += not_itself + "ORDER BY ts_rank(" + std::string(kRelatedWeights) + ", articles.search_vector, " + any_word +
           ", 1) / (1.0 + abs(" + std::string(kSortTime) + " - " +
           params.Bigint(Int(self[0], "sort_utc")) + ") / 2592000.0) DESC, articles.id DESC LIMIT " +
           params.Bigint(int64_t{room} * 4);
    std::set<int64_t> stories;
    for (ArticleSummary& row : ReadSummaries(params.Exec(tx, sql))) {
      if (static_cast<int>(related.size()) >= limit) break;
      if (row.story_id == 0 || stories.insert(row.story_id).second) related.push_back(std::move(row));
    }
    return Status::Ok();
  });
  if (!done.ok()) return done.error();
  return related;
}

}  // namespace herald::store
