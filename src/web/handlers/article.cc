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

std::string JoinByline(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += (i + 1 == names.size()) ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

Page ArticlePage(const HandlerContext& ctx, int64_t article_id) {
  auto found = ctx.store.GetArticle(article_id);
  if (!found.ok()) return MessagePage(ctx, 500, "Something went wrong", "This article could not be loaded. Try again shortly.");
  if (!found->has_value())
    return MessagePage(ctx, 404, "Article not found", "It may have been removed, or the link is mistyped.");
  const store::Article& a = **found;
  auto source = ctx.store.GetSource(a.source_id);
  std::optional<store::Source> src = source.ok() ? *source : std::nullopt;

  bool excerpt_only = ShowExcerptOnly(a, src);
  std::string body_html = excerpt_only ? ExcerptHtml(a) : a.html;
  // A lead image already inside the body is shown there, once.
  bool body_has_image = !excerpt_only && !a.lead_image_url.empty() &&
                        body_html.find(a.lead_image_url) != std::string::npos;

  Object data;
  data["title"] = a.title;
  data["lang"] = a.language;
  data["byline"] = JoinByline(a.byline);
  data["publisher"] = src ? src->name : a.site_name;
  data["source_url"] = a.url;
  data["body_html"] = body_html;
  data["excerpt_only"] = excerpt_only;
  data["lead_image"] = LeadImage(a, body_has_image);
  AddPublishedFields(a.published, &data);

  Page out;
  out.title = a.title;
  out.lang = a.language;
  out.body = ctx.templates.article.Render(data);
  out.head["canonical"] = a.url;
  out.head["description"] = a.excerpt;
  out.head["og"] = true;
  out.head["og_title"] = a.title;
  out.head["og_image"] = a.lead_image_url;
  return out;
}

}  // namespace herald::web
