// The site's own words, in English and Simplified Chinese ([site] language).
// Article text is never translated; only the interface around it.
#pragma once

#include <cstdint>
#include <string>

namespace herald::web {

struct Strings {
  const char* lang;              // BCP 47 tag for <html lang>
  const char* latest;            // home heading
  const char* by;                // "By {names}" prefix
  const char* and_word;          // joins the last two names
  const char* published;         // "Published: "
  const char* photo;             // credit prefix "Photo: "
  const char* source_link;       // "Source link"
  const char* read_full_at;      // "Read the full article at "
  const char* related;           // "Related articles"
  const char* premium;           // paywall badge
  const char* donate;
  const char* search;            // button and page title
  const char* search_placeholder;
  const char* results_for;       // "Results for "
  const char* no_results;
  const char* newer;
  const char* older;
  const char* empty_site;        // home page before the first ingest
  const char* not_found_title;
  const char* not_found_text;
  const char* error_title;
  const char* error_text;
  const char* article_not_found;
  const char* article_not_found_text;
  const char* back_home;
  const char* from_publisher;    // source page heading prefix
  const char* powered_by;
  const char* topics;            // the home page's topic list label
  const char* empty_topic;       // a topic page with no articles yet
  const char* also_published_by; // the article page's list of the other copies
  const char* full_coverage;     // the story page's kicker
  const char* by_publisher;      // the story page's coverage section heading
  const char* timeline;          // the story page's timeline heading
  const char* languages;         // "Languages: " prefix
  const char* top_stories;       // the stories list: heading and home page link
  const char* no_stories;        // the stories list before any story has two sources

  // "Read 12 times, 3 today" / "阅读 12 次，今日 3 次"
  std::string ViewCount(int64_t total, int64_t today) const;
  // "3 sources cover this story" / "3 家媒体报道了此事"
  std::string SourcesCoverStory(int64_t sources) const;
  // "5 articles from 3 sources" / "3 家媒体的 5 篇报道"
  std::string StoryCounts(int64_t articles, int64_t sources) const;
  // A language's name for readers ("zh" -> "Chinese" / "中文"); unknown codes as given.
  std::string LanguageName(const std::string& code) const;
};

// The strings for "en" or "zh"; anything else gets English.
const Strings& StringsFor(const std::string& language);

}  // namespace herald::web
