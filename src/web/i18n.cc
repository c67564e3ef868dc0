#include "web/i18n.h"

namespace herald::web {
namespace {

const Strings kEnglish = {
    "en", "Latest news", "By ", " and ", "Published: ", "Photo: ", "Source link",
    "Read the full article at ", "Related articles", "PREMIUM", "Donate", "Search", "Search the news",
    "Results for ", "Nothing matches this search. Try fewer or different words.", "← Newer", "Older →",
    "No articles yet. herald is fetching its sources; reload in a moment.", "Page not found",
    "There is nothing at this address.", "Something went wrong",
    "The page could not be loaded. Try again shortly.", "Article not found",
    "It may have been removed, or the link is mistyped.", "Back to the front page", "From ", "Powered by herald",
    "Topics", "No articles in this topic yet.", "Also published by", "Full coverage", "Coverage by publisher",
    "Timeline", "Languages: ", "Top stories", "No story is covered by several sources yet."};

const Strings kChinese = {
    "zh-Hans", "最新新闻", "作者：", "、", "发布时间：", "图片来源：", "原文链接", "阅读全文：", "相关文章", "付费",
    "捐助", "搜索", "搜索新闻", "搜索结果：", "没有找到匹配的文章，请换用更少或不同的词语。", "← 较新", "较早 →",
    "暂无文章。herald 正在抓取新闻源，请稍后刷新。", "页面不存在", "此地址没有内容。", "出错了", "页面无法加载，请稍后再试。",
    "文章不存在", "文章可能已被删除，或链接有误。", "返回首页", "来自 ", "由 herald 驱动",
    "话题", "此话题暂无文章。", "另见于", "全面报道", "各媒体的报道", "时间线", "语言：", "热点新闻",
    "暂无多家媒体报道的新闻。"};

}  // namespace

std::string Strings::ViewCount(int64_t total, int64_t today) const {
  if (std::string(lang) == "zh-Hans")
    return "阅读 " + std::to_string(total) + " 次，今日 " + std::to_string(today) + " 次";
  return "Read " + std::to_string(total) + (total == 1 ? " time, " : " times, ") + std::to_string(today) + " today";
}

std::string Strings::SourcesCoverStory(int64_t sources) const {
  if (std::string(lang) == "zh-Hans") return std::to_string(sources) + " 家媒体报道了此事";
  return std::to_string(sources) + (sources == 1 ? " source covers" : " sources cover") + " this story";
}

std::string Strings::StoryCounts(int64_t articles, int64_t sources) const {
  if (std::string(lang) == "zh-Hans")
    return std::to_string(sources) + " 家媒体的 " + std::to_string(articles) + " 篇报道";
  return std::to_string(articles) + (articles == 1 ? " article from " : " articles from ") + std::to_string(sources) +
         (sources == 1 ? " source" : " sources");
}

std::string Strings::LanguageName(const std::string& code) const {
  struct Name {
    const char* code;
    const char* en;
    const char* zh;
  };
  static const Name kNames[] = {{"en", "English", "英文"},  {"zh", "Chinese", "中文"},   {"ja", "Japanese", "日文"},
                                {"ko", "Korean", "韩文"},   {"fr", "French", "法文"},    {"de", "German", "德文"},
                                {"es", "Spanish", "西班牙文"}, {"ru", "Russian", "俄文"}, {"ar", "Arabic", "阿拉伯文"}};
  // "zh-Hant" and "en-GB" are named by their language.
  std::string base = code.substr(0, code.find('-'));
  for (const Name& n : kNames)
    if (base == n.code) return std::string(lang) == "zh-Hans" ? n.zh : n.en;
  return code;
}

const Strings& StringsFor(const std::string& language) { return language == "zh" ? kChinese : kEnglish; }

}  // namespace herald::web
