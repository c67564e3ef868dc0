#include "extract/extract.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "common/strings.h"
#include "extract/boilerplate.h"
#include "extract/charset.h"
#include "extract/content.h"
#include "extract/excerpt.h"
#include "extract/figures.h"
#include "extract/language.h"
#include "extract/metadata.h"
#include "extract/page_stats.h"
#include "extract/selector.h"
#include "extract/text_util.h"
#include "sanitize/html_parse.h"
#include "sanitize/sanitizer.h"

namespace herald::extract {
namespace {

// Why the bytes are not an HTML document, or "" when they may be one.
std::string NotHtmlReason(std::string_view bytes) {
  if (Trim(bytes).empty()) return "empty input";
  std::string_view head = bytes.substr(0, 1024);
  bool utf16_bom = head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF");
  size_t controls = std::count_if(head.begin(), head.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u < 0x20 && u != '\n' && u != '\r' && u != '\t' && u != '\f';
  });
  if (!utf16_bom && controls * 10 > head.size()) {
    return "binary data (" + std::to_string(controls) + " control bytes in the first " +
           std::to_string(head.size()) + ")";
  }
  return "";
}

std::string JoinHtml(const std::vector<Block>& blocks) {
  std::string html;
  std::string open_list;
  for (const Block& block : blocks) {
    if (block.list != open_list) {
      if (!open_list.empty()) html += "</" + open_list + ">";
      if (!block.list.empty()) html += "<" + block.list + ">";
      open_list = block.list;
    }
    html += block.html;
  }
  if (!open_list.empty()) html += "</" + open_list + ">";
  return html;
}

std::string JoinText(const std::vector<Block>& blocks) {
  std::string text;
  for (const Block& block : blocks) {
    if (block.text.empty()) continue;  // figures: captions live in lead_image / html
    if (!text.empty()) text += "\n\n";
    text += block.text;
  }
  return text;
}

// The declared image, with caption and credit from the page's own figure
// of it; else the first figure of the content.
std::optional<Image> LeadImage(const std::optional<Image>& declared, const std::vector<Block>& blocks) {
  const Image* first_figure = nullptr;
  for (const Block& block : blocks) {
    if (!block.image) continue;
    if (!first_figure) first_figure = &*block.image;
    if (declared && block.image->url == declared->url) {
      Image merged = *declared;
      if (!block.image->caption.empty()) merged.caption = block.image->caption;
      if (!block.image->credit.empty()) merged.credit = block.image->credit;
      if (merged.width == 0) merged.width = block.image->width;
      if (merged.height == 0) merged.height = block.image->height;
      return merged;
    }
  }
  if (declared) {
    Image image = *declared;
    if (!image.caption.empty()) {
      CaptionParts parts = SplitCredit(image.caption);
      image.caption = parts.caption;
      if (image.credit.empty()) image.credit = parts.credit;
    }
    return image;
  }
  if (first_figure) return *first_figure;
  return std::nullopt;
}

}  // namespace

namespace {

struct Overrides {
  std::optional<Selector> body;
  std::vector<Selector> removed;
};

Result<Overrides> ParseOverrides(const Options& options) {
  Overrides overrides;
  if (!Trim(options.body_selector).empty()) {
    auto body = Selector::Parse(options.body_selector);
    if (!body.ok()) return body.error();
    overrides.body = std::move(*body);
  }
  for (const std::string& text : options.remove_selectors) {
    auto removed = Selector::Parse(text);
    if (!removed.ok()) return removed.error();
    overrides.removed.push_back(std::move(*removed));
  }
  return overrides;
}

// The elements of the body override, without those inside an earlier match.
std::vector<const GumboNode*> SelectBody(const Selector& selector, const GumboNode* root) {
  std::vector<const GumboNode*> kept;
  for (const GumboNode* node : selector.SelectAll(root)) {
    bool nested = false;
    for (const GumboNode* up = node->parent; up && !nested; up = up->parent) {
      nested = !kept.empty() && std::find(kept.begin(), kept.end(), up) != kept.end();
    }
    if (!nested) kept.push_back(node);
  }
  return kept;
}

}  // namespace

Status ValidateOptions(const Options& options) { return ParseOverrides(options).status(); }

Result<Article> Extract(std::string_view bytes, const Options& options) {
  auto overrides = ParseOverrides(options);
  if (!overrides.ok()) return overrides.error();
  if (std::string reason = NotHtmlReason(bytes); !reason.empty()) {
    return MakeError(ErrorKind::kInvalidInput,
                     "page " + (options.url.empty() ? std::string("(no URL)") : options.url) +
                         ": not an HTML document (" + reason + ")");
  }
  // Beyond kMaxPageBytes nothing is read: time and memory stay bounded
  // whatever a server sends (no news page comes near it).
  if (bytes.size() > kMaxPageBytes) bytes = bytes.substr(0, kMaxPageBytes);
  // Script and style text is never read but would be most of the parse.
  std::string utf8 = EmptyScriptAndStyleBodies(ToUtf8(bytes, options.content_type));
  HtmlDocument document(utf8, HtmlDocument::Mode::kDocument);
  Metadata metadata = ReadMetadata(document.root(), options.url);

  PageStats stats(document.root(), overrides->removed);
  std::vector<const GumboNode*> body;
  if (overrides->body) body = SelectBody(*overrides->body, document.root());
  if (body.empty()) body = FindMainContent(document.root(), stats);
  std::vector<Block> blocks = RenderBlocks(body, options.url, stats);
  std::vector<std::string> labels = metadata.tags;
  labels.push_back(metadata.section);
  blocks = CleanBlocks(std::move(blocks), metadata.title, metadata.byline, labels);

  Article article;
  article.title = metadata.title;
  article.byline = metadata.byline;
  article.published = metadata.published;
  article.modified = metadata.modified;
  article.published_date_only = metadata.published_date_only;
  article.modified_date_only = metadata.modified_date_only;
  article.site_name = metadata.site_name;
  article.section = metadata.section;
  article.tags = metadata.tags;
  article.canonical_url = metadata.canonical_url;
  article.paywalled = metadata.paywalled;
  article.lead_image = LeadImage(metadata.image, blocks);
  article.text = JoinText(blocks);
  article.html = SanitizeHtml(JoinHtml(blocks), options.url);
  article.language = PrimaryLanguageTag(metadata.language);
  if (article.language.empty()) article.language = DetectLanguage(article.title + "\n" + article.text);
  std::string description = CollapseWhitespace(metadata.description);
  article.excerpt = MakeExcerpt(CodePointCount(description) >= 40 ? description : article.text);
  article.word_count = CountWords(article.text);
  article.reading_time_minutes = ReadingTimeMinutes(article.word_count);
  return article;
}

nlohmann::json ToJson(const Article& article) {
  using nlohmann::json;
  auto date = [](const std::optional<Timestamp>& t, bool date_only) {
    if (!t) return json();
    std::string iso = FormatIso8601(*t);
    return json(date_only ? iso.substr(0, 10) : iso);  // "2025-10-02": no time or zone was given
  };
  json lead_image;  // null unless present
  if (article.lead_image) {
    const Image& image = *article.lead_image;
    lead_image = {{"url", image.url},
                  {"caption", image.caption},
                  {"credit", image.credit},
                  {"width", image.width},
                  {"height", image.height}};
  }
  return json{{"title", article.title},
              {"byline", article.byline},
              {"published", date(article.published, article.published_date_only)},
              {"modified", date(article.modified, article.modified_date_only)},
              {"site_name", article.site_name},
              {"section", article.section},
              {"tags", article.tags},
              {"language", article.language},
              {"canonical_url", article.canonical_url},
              {"lead_image", lead_image},
              {"excerpt", article.excerpt},
              {"paywalled", article.paywalled},
              {"text", article.text},
              {"html", article.html},
              {"word_count", article.word_count},
              {"reading_time_minutes", article.reading_time_minutes}};
}

}  // namespace herald::extract
