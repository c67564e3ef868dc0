#include <nlohmann/json.hpp>

#include "common/html_escape.h"
#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

// Full text unless the source asks for excerpts or the article is paywalled:
// herald does not republish what the publisher sells.
bool ShowExcerptOnly(const store::Article& a, const std::optional<store::Source>& source) {
  return a.paywalled || (source && source->display == "excerpt");
}

std::string ExcerptHtml(const store::Article& a) { return "<p>" + EscapeHtml(a.excerpt) + "</p>"; }

Value LeadImage(const store::Article& a, bool body_has_image) {
  if (a.lead_image_url.empty() || body_has_image) return Value();
  Object img;
  img["url"] = a.lead_image_url;
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

// schema.org NewsArticle for our page, pointing at the original. "<" is
// escaped so no value can close the <script> element it sits in.
std::string JsonLd(const HandlerContext& ctx, const store::Article& a, const std::string& publisher) {
  nlohmann::json j = {{"@context", "https://schema.org"},
                      {"@type", "NewsArticle"},
                      {"headline", a.title},
                      {"url", a.url},
                      {"mainEntityOfPage", a.url},
                      {"isAccessibleForFree", !a.paywalled},
                      {"publisher", {{"@type", "Organization"}, {"name", publisher}}}};
  if (a.published) j["datePublished"] = FormatIso8601(*a.published);
  if (a.modified) j["dateModified"] = FormatIso8601(*a.modified);
  if (!a.lead_image_url.empty()) j["image"] = a.lead_image_url;
  nlohmann::json authors = nlohmann::json::array();
  for (const auto& name : a.byline) authors.push_back({{"@type", "Person"}, {"name", name}});
  if (!authors.empty()) j["author"] = authors;
  std::string out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string safe;
  for (char c : out) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return safe;
}

}  // namespace

Page ArticlePage(const HandlerContext& ctx, const httpd::Request& request, int64_t article_id) {
  auto found = ctx.store.GetArticle(article_id);
  if (!found.ok()) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
  // A hidden article (a takedown) reads exactly like one never stored.
  if (!found->has_value() || (*found)->hidden)
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
  store::Store::ViewCounts views = ctx.views.Record(article_id, request);
  auto related = ctx.store.RelatedArticles(article_id, ctx.options.related_articles);

  Object data = StringFields(ctx.strings);
  data["title"] = a.title;
  data["lang"] = a.language;
  data["byline"] = JoinByline(a.byline, ctx.strings);
  data["publisher"] = publisher;
  data["source_href"] = "/source/" + std::to_string(a.source_id);
  data["source_url"] = a.url;
  data["body_html"] = body_html;
  data["excerpt_only"] = excerpt_only;
  data["lead_image"] = LeadImage(a, body_has_image);
  data["views"] = ctx.strings.ViewCount(views.total, views.today);
  data["has_related"] = related.ok() && !related->empty();
  if (related.ok() && !related->empty()) data["related"] = RenderTeasers(ctx, *related);
  AddPublishedFields(ctx, a.published, &data);

  Page out;
  out.title = a.title;
  out.lang = a.language;
  out.body = ctx.templates.article.Render(data);
  out.head["canonical"] = a.url;
  out.head["description"] = a.excerpt;
  out.head["og"] = true;
  out.head["og_title"] = a.title;
  out.head["og_image"] = a.lead_image_url;
  out.head["json_ld"] = JsonLd(ctx, a, publisher);
  return out;
}

}  // namespace herald::web
