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
    "Topics", "No articles in this topic yet."};

const Strings kChinese = {
    "zh-Hans", "最新新闻", "作者：", "、", "发布时间：", "图片来源：", "原文链接", "阅读全文：", "相关文章", "付费",
    "捐助", "搜索", "搜索新闻", "搜索结果：", "没有找到匹配的文章，请换用更少或不同的词语。", "← 较新", "较早 →",
    "暂无文章。herald 正在抓取新闻源，请稍后刷新。", "页面不存在", "此地址没有内容。", "出错了", "页面无法加载，请稍后再试。",
    "文章不存在", "文章可能已被删除，或链接有误。", "返回首页", "来自 ", "由 herald 驱动",
    "话题", "此话题暂无文章。"};

}  // namespace

std::string Strings::ViewCount(int64_t total, int64_t today) const {
  if (std::string(lang) == "zh-Hans")
    return "阅读 " + std::to_string(total) + " 次，今日 " + std::to_string(today) + " 次";
  return "Read " + std::to_string(total) + (total == 1 ? " time, " : " times, ") + std::to_string(today) + " today";
}

const Strings& StringsFor(const std::string& language) { return language == "zh" ? kChinese : kEnglish; }

}  // namespace herald::web
