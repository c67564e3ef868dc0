#include "extract/boilerplate.h"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "common/html_escape.h"
#include "common/strings.h"
#include "extract/figures.h"
#include "extract/text_util.h"
#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

// Words of class/id values: "article-share_bar" -> {"article", "share", "bar"}.
std::vector<std::string> ClassWords(const GumboNode* node) {
  std::vector<std::string> words;
  for (const char* attr : {"class", "id", "role", "data-component", "itemprop"}) {
    const char* value = Attribute(node, attr);
    if (!value) continue;
    std::string word;
    for (char c : ToLowerAscii(value)) {
      bool separator = c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n' || c == ':';
      if (!separator) word += c;
      if (separator && !word.empty()) words.push_back(std::move(word)), word.clear();
    }
    if (!word.empty()) words.push_back(std::move(word));
  }
  return words;
}

constexpr auto kChromeWords = std::to_array<std::string_view>({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "footer", "sidebar",
    "share", "sharing", "social", "related", "recommended", "recommendations", "popular",
    "trending", "comment", "comments", "disqus", "promo", "newsletter", "subscribe",
    "subscription", "donate", "donation", "cookie", "cookies", "consent", "gdpr", "ad", "ads",
    "advert", "advertisement", "adslot", "sponsor", "sponsored", "outbrain", "taboola",
    "player", "audio", "listen", "podcast", "toolbar", "modal", "popup", "banner", "masthead",
    "readmore", "more", "teaser", "widget", "skip", "print", "signup", "paywall", "complementary",
    "contentinfo", "dialog", "tags", "byline", "author", "dateline", "timestamp", "meta",
    "kicker", "eyebrow", "overline", "rubric"});

// Chrome words whose text is never the article, however long.
constexpr auto kNeverArticleWords = std::to_array<std::string_view>({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "footer", "sidebar",
    "share", "sharing", "social", "related", "recommended", "recommendations", "comment",
    "comments", "disqus", "newsletter", "cookie", "cookies", "consent", "outbrain", "taboola"});

constexpr auto kArticleWords = std::to_array<std::string_view>({
    "article", "story", "content", "body", "entry", "post", "main", "text", "articlebody",
    "prose", "blog"});

template <size_t N>
bool IsOneOf(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool IsHidden(const GumboNode* node) {
  if (Attribute(node, "hidden")) return true;
  const char* aria = Attribute(node, "aria-hidden");
  if (aria && ToLowerAscii(Trim(aria)) == "true") return true;
  const char* style = Attribute(node, "style");
  if (!style) return false;
  std::string compact;
  for (char c : ToLowerAscii(style)) {
    if (c != ' ' && c != '\t' && c != '\n') compact += c;
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool IsChromeTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_LABEL: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_MENU:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_NOFRAMES:  // fallback text, not content
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_LINK: case GUMBO_TAG_META:
      return true;
    default:
      return false;
  }
}

bool IsRootish(GumboTag tag) {
  return tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_MAIN ||
         tag == GUMBO_TAG_ARTICLE;
}

// Parts of a table: their classes name data ("player-2020", "author"), not chrome.
bool IsTablePart(GumboTag tag) {
  return tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TFOOT ||
         tag == GUMBO_TAG_TR || tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH ||
         tag == GUMBO_TAG_CAPTION || tag == GUMBO_TAG_COLGROUP || tag == GUMBO_TAG_COL;
}

// Sentences (split after . ! ? 。！？) of `text`, each with its terminator.
std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    current += text[i];
    bool ascii_end = (text[i] == '.' || text[i] == '!' || text[i] == '?') &&
                     (i + 1 == text.size() || text[i + 1] == ' ');
    bool cjk_end = current.ends_with("。") || current.ends_with("！") || current.ends_with("？");
    if (ascii_end || cjk_end) out.push_back(std::move(current)), current.clear();
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// "does not support the audio element" in the languages newsrooms use.
bool IsUnsupportedMediaSentence(std::string_view sentence) {
  static constexpr auto kNegations = std::to_array<std::string_view>({
      "does not support", "doesn't support", "does not have support", "not supported",
      "不支持", "不支援", "未支持", "サポートしていません", "対応していません",
      "지원하지 않습니다", "unterstützt", "ne prend pas en charge", "ne supporte pas",
      "no soporta", "no admite", "não suporta", "non supporta", "не поддерживает"});
  static constexpr auto kMedia = std::to_array<std::string_view>({
      "audio", "video", "html5", "音频", "视频", "音訊", "影片", "オーディオ", "ビデオ",
      "오디오", "비디오", "аудио", "видео", "vídeo", "vidéo", "áudio", "動画", "音声"});
  auto contains = [&](const auto& list) {
    return std::any_of(list.begin(), list.end(),
                       [&](std::string_view w) { return ContainsIgnoreCase(sentence, w); });
  };
  return contains(kNegations) && contains(kMedia);
}

bool IsSpeedLabel(const std::string& word) {
  if (word.size() < 2 || (word.back() != 'x' && word.back() != 'X' && !word.ends_with("×"))) {
    return false;
  }
  std::string_view number(word.data(), word.ends_with("×") ? word.size() - 2 : word.size() - 1);
  return !number.empty() && std::all_of(number.begin(), number.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.';
  });
}

}  // namespace

SubtreeFacts ReadSubtreeFacts(const GumboNode* node) {
  SubtreeFacts facts;
  Walk(
      node,
      [&](const GumboNode* n) {
        if (n->type != GUMBO_NODE_ELEMENT) return false;
        if (n->v.element.tag == GUMBO_TAG_H1) facts.holds_h1 = true;
        if (n->v.element.tag == GUMBO_TAG_P) {
          facts.prose_bytes += TextContent(n).size();
          return false;
        }
        return true;
      },
      [](const GumboNode*) {});
  return facts;
}

bool IsBoilerplateElement(const GumboNode* node) {
  return IsBoilerplateElement(node, ReadSubtreeFacts(node));
}

bool IsBoilerplateElement(const GumboNode* node, const SubtreeFacts& facts) {
  if (node->type != GUMBO_NODE_ELEMENT) return node->type == GUMBO_NODE_TEMPLATE;
  constexpr size_t kMuchProse = 1500;
  bool holds_most_prose = facts.prose_bytes >= kMuchProse ||
                          (facts.page_prose_bytes > 0 && facts.prose_bytes * 2 > facts.page_prose_bytes);
  GumboTag tag = node->v.element.tag;
  // Some frameworks wrap the whole page in one <form>.
  if (tag == GUMBO_TAG_FORM) return !facts.holds_h1 && !holds_most_prose;
  if (IsChromeTag(tag) || IsHidden(node)) return true;
  if (tag == GUMBO_TAG_UNKNOWN && TagName(node) == "dialog") return true;
  if (IsRootish(tag) || IsTablePart(tag) || ClassWeight(node) >= 0) return false;
  if (facts.holds_h1) return false;  // a layout wrapper ("container has-sidebar")
  // Wrappers named for ads or layout ("page-ad-margins") can hold the whole
  // page: a chrome word alone does not remove much prose, unless the word
  // says for sure the text is not the article (comments, related, ...).
  for (const std::string& word : ClassWords(node)) {
    if (IsOneOf(word, kNeverArticleWords)) return true;
  }
  return !holds_most_prose;
}

int ClassWeight(const GumboNode* node) {
  std::vector<std::string> words = ClassWords(node);
  bool chrome = false;
  bool article = false;
  for (const std::string& word : words) {
    chrome = chrome || IsOneOf(word, kChromeWords);
    article = article || IsOneOf(word, kArticleWords);
  }
  if (chrome && !article) return -25;
  if (article && !chrome) return 25;
  return 0;
}

std::string RemovePlayerNoise(std::string_view text) {
  std::string kept;
  bool had_player = false;
  for (const std::string& sentence : Sentences(text)) {
    bool noise = IsUnsupportedMediaSentence(sentence);
    had_player = had_player || noise;
    if (!noise) kept += sentence;
  }
  for (std::string_view phrase : {"Listen to this article", "Listen to this story",
                                  "Listen to article", "收听本文", "Playback speed"}) {
    if (kept.find(phrase) == std::string::npos) continue;
    kept = ReplaceAll(kept, phrase, " ");
    had_player = true;
  }
  std::vector<std::string> words = Split(CollapseWhitespace(kept), ' ');
  // Speed labels go only beside a player, or when they are all there is:
  // "a 2x increase" stays.
  bool only_labels = std::all_of(words.begin(), words.end(), IsSpeedLabel);
  std::string out;
  for (const std::string& word : words) {
    if ((had_player || only_labels) && IsSpeedLabel(word)) continue;
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

bool IsBoilerplateText(std::string_view text) {
  std::string clean = CollapseWhitespace(text);
  if (clean.empty()) return true;
  if (CodePointCount(clean) > 100) return false;
  std::string lower = ToLowerAscii(clean);
  static constexpr auto kStarts = std::to_array<std::string_view>({
      "related article", "related stories", "related:", "read more", "read also", "see also",
      "more from", "more stories", "source link", "visited ", "advertisement", "sponsored",
      "subscribe", "sign up", "donate", "share this", "share on", "follow us", "click here",
      "we use cookies", "this site uses cookies", "accept cookies", "comments", "leave a comment",
      "you may also like", "recommended", "listen to this article", "skip to", "相关文章",
      "相关阅读", "延伸阅读", "广告"});
  return std::any_of(kStarts.begin(), kStarts.end(),
                     [&](std::string_view start) { return lower.starts_with(start); });
}

namespace {

// Lowercase letters and digits only, so "Photo: X." and "photo x" compare equal.
std::string Fingerprint(std::string_view text) {
  std::string out;
  for (char c : ToLowerAscii(text)) {
    if (static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  return out;
}

// A paragraph that reads as a sentence: long, or ending like one.
bool IsSentenceLike(std::string_view tag, std::string_view text) {
  if (tag != "p" && tag != "blockquote") return false;
  if (CodePointCount(text) >= 50) return true;
  for (std::string_view end : {".", "!", "?", "。", "！", "？", "\"", "”"}) {
    if (text.ends_with(end)) return true;
  }
  return false;
}

bool IsBylineOrDateline(std::string_view text, const std::vector<std::string>& byline) {
  if (CodePointCount(text) > 120) return false;
  std::string lower = ToLowerAscii(text);
  // What is left of a byline whose name was a link: "By", "Von", "作者".
  for (const char* word : {"by", "von", "por", "par", "door", "di", "作者", "文", "记者"}) {
    if (lower == word || lower == std::string(word) + ":" || lower == std::string(word) + "：") return true;
  }
  // "By Jane Doe" but not "By 2030, the plan ...".
  if (lower.starts_with("by ") && CodePointCount(text) <= 60 && text.find(',') == std::string_view::npos) {
    return true;
  }
  for (const char* start : {"published", "updated", "posted", "last updated", "发布时间", "更新时间",
                            "发布于"}) {
    if (lower.starts_with(start) && CodePointCount(text) <= 100) return true;
  }
  return false;
}

// A block naming an author: "Jane Doe, Staff Writer". Only checked above the
// first paragraph of prose: further down a name is part of the story.
bool NamesAuthor(std::string_view text, const std::vector<std::string>& byline) {
  for (const std::string& name : byline) {
    if (!name.empty() && ContainsIgnoreCase(text, name) && CodePointCount(text) <= CodePointCount(name) + 40) {
      return true;
    }
  }
  return false;
}

// "Related Article", "See also", "延伸阅读": a label whose following
// link-only blocks are other stories' headlines.
bool IsTeaserLabel(std::string_view text) {
  if (CodePointCount(text) > 40) return false;
  std::string lower = ToLowerAscii(text);
  for (std::string_view start : {"related", "read more", "read also", "also read", "see also", "more on",
                                 "more from", "recommended", "you may also like", "you might also like",
                                 "相关", "延伸阅读", "推荐阅读"}) {
    if (lower.starts_with(start)) return true;
  }
  return false;
}

// A block that is one link and nothing else: `<p><a href="...">Headline</a></p>`.
bool IsLinkOnly(const Block& block) {
  std::string_view html = block.html;
  std::string open = "<" + block.tag + ">";
  std::string close = "</" + block.tag + ">";
  if (!html.starts_with(open) || !html.ends_with(close)) return false;
  std::string_view inner = Trim(html.substr(open.size(), html.size() - open.size() - close.size()));
  return inner.starts_with("<a ") && inner.ends_with("</a>") && inner.find("<a ", 1) == std::string_view::npos;
}

}  // namespace

std::vector<Block> CleanBlocks(std::vector<Block> blocks, std::string_view title,
                               const std::vector<std::string>& byline,
                               const std::vector<std::string>& labels) {
  auto is_label = [&](const std::string& text) {
    for (const std::string& label : labels)
      if (!label.empty() && CodePointCount(text) <= 40 && ToLowerAscii(Trim(text)) == ToLowerAscii(Trim(label)))
        return true;
    return false;
  };
  bool seen_prose = false;  // labels only stand before the first real paragraph
  // Short blocks above the headline are kickers and breadcrumbs, not body.
  std::string headline_print = Fingerprint(title);
  size_t headline_at = 0;
  for (size_t i = 0; i < blocks.size() && !headline_print.empty(); ++i) {
    if (!blocks[i].image && Fingerprint(blocks[i].text) == headline_print) {
      headline_at = i;
      break;
    }
  }
  for (size_t i = 0; i < headline_at; ++i) {
    if (!blocks[i].image && CodePointCount(blocks[i].text) < 80) blocks[i].text.clear();
  }
  std::set<std::string> captions;
  for (const Block& block : blocks) {
    if (block.image) captions.insert(Fingerprint(block.image->caption));
  }
  captions.erase("");
  std::set<std::string> seen_text;
  std::set<std::string> seen_images;
  std::string title_print = Fingerprint(title);

  std::vector<Block> kept;
  bool after_teaser_label = false;  // link-only blocks here are teasers
  for (Block& block : blocks) {
    if (block.image) {
      if (seen_images.insert(block.image->url).second) kept.push_back(std::move(block));
      continue;
    }
    std::string text = RemovePlayerNoise(block.text);
    if (block.tag == "pre") text = block.text;  // code keeps its layout
    if (after_teaser_label && IsLinkOnly(block) && CodePointCount(text) <= 150) continue;
    after_teaser_label = IsTeaserLabel(text);
    if (text.empty() || IsBoilerplateText(text) || IsBylineOrDateline(text, byline)) continue;
    if (!seen_prose && (is_label(text) || NamesAuthor(text, byline))) continue;
    std::string print = Fingerprint(text);
    if (print.empty() && CodePointCount(text) < 3) continue;
    bool repeats_caption = captions.count(Fingerprint(SplitCredit(text).caption)) > 0;
    // Repeated sentences are pull quotes and copies; repeated headings, list
    // items and short labels are structure (the same subheading in every
    // section of a recipe or a guide).
    bool repeats = IsSentenceLike(block.tag, text) && !seen_text.insert(print).second;
    if (!print.empty() && (print == title_print || repeats_caption || repeats)) {
      continue;
    }
    if (text != block.text) {
      block.html = "<" + block.tag + ">" + EscapeHtml(text) + "</" + block.tag + ">";
      block.text = text;
    }
    seen_prose = seen_prose || CodePointCount(text) >= 60;
    kept.push_back(std::move(block));
  }
  return kept;
}

}  // namespace herald::extract
