#include <nlohmann/json.hpp>

#include "common/html_escape.h"
#include "common/url.h"
#include "web/handlers/handlers.h"
#include "web/page_cache.h"
#include "web/image_urls.h"

namespace herald::web {
namespace {

// Full text unless the source asks for excerpts or the article is paywalled:
// herald does not republish what the publisher sells.
bool ShowExcerptOnly(const store::Article& a, const std::optional<store::Source>& source) {
  return a.paywalled || (source && source->display == "excerpt");
}

std::string ExcerptHtml(const store::Article& a) { return "<p>" + EscapeHtml(a.excerpt) + "</p>"; }

// Every <img> needs an alt attribute (WCAG 1.1.1). The extractor rebuilds
// figures without the publisher's alt text and their <figcaption> already
// describes the image, so a missing alt becomes alt="": screen readers skip
// the file name and read the caption once. Tags come from the sanitizer, whose
// attribute values are escaped, so '>' ends a tag.
std::string WithAltOnEveryImage(std::string html) {
  for (size_t at = html.find("<img"); at != std::string::npos; at = html.find("<img", at + 4)) {
    size_t end = html.find('>', at);
    if (end == std::string::npos) break;
    char after = html[at + 4];
    if (after != ' ' && after != '>' && after != '/') continue;
    if (html.substr(at, end - at).find(" alt=") == std::string::npos) html.insert(at + 4, " alt=\"\"");
  }
  return html;
}

Value LeadImage(const HandlerContext& ctx, const store::Article& a, bool body_has_image) {
  if (a.lead_image_url.empty() || body_has_image) return Value();
  std::string url = ProxiedImageUrl(ctx.options.image_path, a.lead_image_url, kArticleImageWidth);
  if (url.empty()) return Value();
  Object img;
  img["url"] = url;
  img["alt"] = a.lead_image_caption.empty() ? a.title : a.lead_image_caption;
  img["caption"] = a.lead_image_caption;
  img["credit"] = a.lead_image_credit;
  img["has_caption"] = !a.lead_image_caption.empty() || !a.lead_image_credit.empty();
  return img;
}

std::string JoinByline(const std::vector<std::string>& names, const Strings& s) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += (i + 1 == names.size()) ? s.and_word : ", ";
    out += names[i];
  }
  return out;
}

// schema.org NewsArticle for our page, pointing at the original, safe
// inside its <script> element.
std::string JsonLd(const store::Article& a, const std::string& publisher, const std::string& image) {
  nlohmann::json j = {{"@context", "https://schema.org"},
                      {"@type", "NewsArticle"},
                      {"headline", a.title},
                      {"url", a.url},
                      {"mainEntityOfPage", a.url},
                      {"isAccessibleForFree", !a.paywalled},
                      {"publisher", {{"@type", "Organization"}, {"name", publisher}}}};
  if (a.published) j["datePublished"] = FormatIso8601(*a.published);
  if (a.modified) j["dateModified"] = FormatIso8601(*a.modified);
  if (!image.empty()) j["image"] = image;
  nlohmann::json authors = nlohmann::json::array();
  for (const auto& name : a.byline) authors.push_back({{"@type", "Person"}, {"name", name}});
  if (!authors.empty()) j["author"] = authors;
  return HtmlSafeJson(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// "N sources cover this story", linking to its full coverage: only for a
// story that more than one publisher covers.
Value StoryLine(const HandlerContext& ctx, const store::Article& a) {
  if (a.story_id <= 0) return Value();
  auto story = ctx.store.GetStory(a.story_id);
  if (!story.ok() || !story->has_value() || (*story)->sources < 2) return Value();
  return Object{{"href", "/stories/" + std::to_string((*story)->id)},
                {"text", ctx.strings.SourcesCoverStory((*story)->sources)}};
}

// The other publishers of the same text: our page of each copy and the
// original on the publisher's site (named by its host).
List AlsoPublishedBy(const HandlerContext& ctx, int64_t article_id) {
  auto copies = ctx.store.CopiesOf(article_id);
  List out;
  if (!copies.ok()) return out;
  for (const store::ArticleSummary& c : *copies) {
    auto parts = ParseHttpUrl(c.url);
    out.push_back(Object{{"href", "/article/" + std::to_string(c.id)},
                         {"publisher", c.source_name},
                         {"source_url", c.url},
                         {"source_host", parts.ok() ? parts->host : c.url}});
  }
  return out;
}

// The article's configured topics, each linking to its page.
List ArticleTopicLinks(const HandlerContext& ctx, int64_t article_id) {
  auto names = ctx.store.TopicsOfArticle(article_id);
  List out;
  if (!names.ok()) return out;
  for (const std::string& name : *names)
    if (const TopicLink* topic = FindTopic(ctx.options, name))
      out.push_back(Object{{"href", "/topic/" + topic->name}, {"title", topic->title}});
  return out;
}

}  // namespace

Page ArticlePage(const HandlerContext& ctx, const httpd::Request& request, int64_t article_id) {
  auto found = ctx.store.GetArticle(article_id);
  if (!found.ok()) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
  // A hidden article (a takedown) or one outside the site's focus reads
  // exactly like one never stored.
  if (!found->has_value() || !(*found)->shown())
    return MessagePage(ctx, 404, ctx.strings.article_not_found, ctx.strings.article_not_found_text);
  const store::Article& a = **found;
  auto source = ctx.store.GetSource(a.source_id);
  std::optional<store::Source> src = source.ok() ? *source : std::nullopt;
  std::string publisher = src ? src->name : a.site_name;

  bool excerpt_only = ShowExcerptOnly(a, src);
  std::string body_html = excerpt_only ? ExcerptHtml(a) : a.html;
  // A lead image already inside the body is shown there, once.
  bool body_has_image = !excerpt_only && !a.lead_image_url.empty() &&
                        body_html.find(a.lead_image_url) != std::string::npos;
  auto related = ctx.store.RelatedArticles(article_id, ctx.options.related_articles);

  Object data = StringFields(ctx.strings);
  data["title"] = a.title;
  data["lang"] = a.language;
  data["byline"] = JoinByline(a.byline, ctx.strings);
  data["publisher"] = publisher;
  data["source_href"] = "/source/" + std::to_string(a.source_id);
  data["source_url"] = a.url;
  data["body_html"] = WithAltOnEveryImage(ProxyImagesInHtml(ctx.options.image_path, body_html, kArticleImageWidth));
  data["excerpt_only"] = excerpt_only;
  data["lead_image"] = LeadImage(ctx, a, body_has_image);
  data["views"] = ViewsPlaceholder();  // filled per request: the page itself is cached (site.cc)
  data["has_related"] = related.ok() && !related->empty();
  if (related.ok() && !related->empty()) data["related"] = RenderTeasers(ctx, *related);
  data["story"] = StoryLine(ctx, a);
  List copies = AlsoPublishedBy(ctx, a.id);
  data["has_copies"] = !copies.empty();
  data["copies"] = std::move(copies);
  List topics = ArticleTopicLinks(ctx, a.id);
  data["has_article_topics"] = !topics.empty();
  data["article_topics"] = std::move(topics);
  AddPublishedFields(ctx, a.published, &data);
  // Link previews are fetched by other sites: an absolute URL, and only on
  // the configured base (a cached page must not keep a client's Host header).
  std::string image = PublicImageUrl(ctx, ctx.options.base_url, a.lead_image_url);

  Page out;
  out.title = a.title;
  out.lang = a.language;
  out.body = ctx.templates.article.Render(data);
  out.head["canonical"] = a.url;
  out.head["description"] = a.excerpt;
  out.head["og"] = true;
  out.head["og_title"] = a.title;
  out.head["og_image"] = image;
  out.head["json_ld"] = JsonLd(a, publisher, image);
  return out;
}

}  // namespace herald::web
