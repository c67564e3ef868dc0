#include "extract/content.h"

#include <algorithm>
#include <unordered_map>

#include "common/html_escape.h"
#include "common/strings.h"
#include "common/url.h"
#include "extract/boilerplate.h"
#include "extract/figures.h"
#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

constexpr size_t kMinParagraphCodePoints = 25;

const GumboNode* FindBody(const GumboNode* root) {
  const GumboVector* children = Children(root);
  for (unsigned i = 0; children && i < children->length; ++i) {
    auto* child = static_cast<const GumboNode*>(children->data[i]);
    if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_BODY) return child;
  }
  return root;
}

bool IsElement(const GumboNode* node, GumboTag tag) {
  return node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

// Score a paragraph's text contributes: more text and more clauses, more likely prose.
double ParagraphScore(std::string_view text) {
  size_t length = CodePointCount(text);
  if (length < kMinParagraphCodePoints) return 0;
  double commas = 0;
  for (std::string_view comma : {",", "，", "、"}) {
    for (size_t at = text.find(comma); at != std::string_view::npos; at = text.find(comma, at + 1)) {
      ++commas;
    }
  }
  return 1 + std::min(commas, 10.0) + std::min(static_cast<double>(length) / 100.0, 3.0);
}

// Text directly inside an element (not in child elements): prose in <div>s.
std::string DirectText(const GumboNode* node) {
  std::string text;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT) text += child->v.text.text;
  }
  return CollapseWhitespace(text);
}

// One of several <article>s side by side that does not hold the headline:
// a card of a "more stories" list.
bool IsTeaserArticle(const GumboNode* node, const PageStats& stats) {
  if (!IsElement(node, GUMBO_TAG_ARTICLE) || stats.HoldsH1(node) || !node->parent ||
      node->parent->type != GUMBO_NODE_ELEMENT) {
    return false;
  }
  const GumboVector& siblings = node->parent->v.element.children;
  int articles = 0;
  for (unsigned i = 0; i < siblings.length; ++i) {
    articles += IsElement(static_cast<const GumboNode*>(siblings.data[i]), GUMBO_TAG_ARTICLE);
  }
  return articles >= 2;
}

bool IsParagraphTag(GumboTag tag) {
  return tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_BLOCKQUOTE;
}

}  // namespace

std::vector<const GumboNode*> FindMainContent(const GumboNode* root, const PageStats& stats) {
  const GumboNode* body = FindBody(root);
  std::unordered_map<const GumboNode*, double> scores;
  auto credit_ancestors = [&](const GumboNode* node, double score) {
    const GumboNode* ancestor = node;
    for (double share : {1.0, 0.5, 1.0 / 3}) {
      if (ancestor == body || !ancestor->parent) break;
      ancestor = ancestor->parent;
      scores[ancestor] += score * share;
      // An <article> is self-contained: a teaser's prose does not raise the
      // page around it.
      if (IsElement(ancestor, GUMBO_TAG_ARTICLE)) break;
    }
  };
  Walk(
      body,
      [&](const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT || stats.IsBoilerplate(node)) return false;
        GumboTag tag = node->v.element.tag;
        if (IsParagraphTag(tag)) {
          credit_ancestors(node, ParagraphScore(TextContent(node)));
          return false;
        }
        if (tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION || tag == GUMBO_TAG_ARTICLE) {
          double own = ParagraphScore(DirectText(node));
          if (own > 0) {
            scores[node] += own;
            credit_ancestors(node, own / 2);
          }
        }
        return true;
      },
      [](const GumboNode*) {});

  auto final_score = [&](const GumboNode* node) {
    auto it = scores.find(node);
    if (it == scores.end()) return 0.0;
    double score = it->second * (1.0 - stats.LinkDensity(node)) + ClassWeight(node);
    if (IsElement(node, GUMBO_TAG_ARTICLE)) score = IsTeaserArticle(node, stats) ? score * 0.3 : score + 10;
    return score;
  };
  const GumboNode* best = nullptr;
  double best_score = 0;
  for (const auto& [node, unused] : scores) {
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    double score = final_score(node);
    // Ties go to the earlier element so the choice does not depend on hashing.
    if (score > best_score ||
        (best && score == best_score && node->index_within_parent < best->index_within_parent)) {
      best = node;
      best_score = score;
    }
  }
  if (!best || best == body || !best->parent) return {body};
  // The page's own schema.org articleBody around the best block is the body
  // the publisher declared: it also holds the parts the scoring split off
  // (text around an embedded player, a second text component).
  for (const GumboNode* up = best->parent; up && up != body && up->type == GUMBO_NODE_ELEMENT;
       up = up->parent) {
    const char* itemprop = Attribute(up, "itemprop");
    if (itemprop && ToLowerAscii(Trim(itemprop)) == "articlebody") {
      if (stats.LinkDensity(up) < 0.25) return {up};
      break;
    }
  }

  // Siblings that continue the article (split containers, loose paragraphs).
  std::vector<const GumboNode*> content;
  double threshold = std::max(10.0, best_score * 0.2);
  const GumboVector& siblings = best->parent->v.element.children;
  for (unsigned i = 0; i < siblings.length; ++i) {
    auto* sibling = static_cast<const GumboNode*>(siblings.data[i]);
    if (sibling == best) {
      content.push_back(sibling);
      continue;
    }
    if (sibling->type != GUMBO_NODE_ELEMENT || stats.IsBoilerplate(sibling)) continue;
    // Another <article> beside the article, or a list of them, is a teaser
    // ("you may also like"), not a continuation.
    if ((IsElement(best, GUMBO_TAG_ARTICLE) && IsElement(sibling, GUMBO_TAG_ARTICLE)) ||
        stats.ArticleCount(sibling) >= 2) {
      continue;
    }
    bool strong = final_score(sibling) >= threshold;
    bool prose = IsElement(sibling, GUMBO_TAG_P) &&
                 CodePointCount(TextContent(sibling)) >= 80 && stats.LinkDensity(sibling) < 0.25;
    if (strong || prose) content.push_back(sibling);
  }
  return content;
}

namespace {

std::string SafeHref(const GumboNode* a, std::string_view base_url) {
  const char* href = Attribute(a, "href");
  if (!href) return "";
  std::string url = base_url.empty() ? std::string(Trim(href)) : ResolveUrl(base_url, Trim(href));
  return IsHttpUrl(url) ? url : "";
}

const char* KeptInlineTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_EM: return "em";
    case GUMBO_TAG_I: return "i";
    case GUMBO_TAG_STRONG: return "strong";
    case GUMBO_TAG_B: return "b";
    case GUMBO_TAG_CODE: return "code";
    case GUMBO_TAG_SUB: return "sub";
    case GUMBO_TAG_SUP: return "sup";
    case GUMBO_TAG_SMALL: return "small";
    case GUMBO_TAG_MARK: return "mark";
    case GUMBO_TAG_Q: return "q";
    case GUMBO_TAG_S: return "s";
    case GUMBO_TAG_U: return "u";
    case GUMBO_TAG_CITE: return "cite";
    default: return nullptr;
  }
}

// gumbo 0.10 has no tag enum for <picture>.
bool IsImageElement(const GumboNode* node) {
  GumboTag tag = node->v.element.tag;
  return tag == GUMBO_TAG_IMG || tag == GUMBO_TAG_FIGURE ||
         (tag == GUMBO_TAG_UNKNOWN && TagName(node) == "picture");
}

class Renderer {
 public:
  Renderer(std::string_view base_url, const PageStats& stats) : base_url_(base_url), stats_(stats) {}

  void RenderContainer(const GumboNode* node) {
    auto enter = [&](const GumboNode* n) { return Enter(n); };
    if (!enter(node)) {
      FlushLoose();
      return;
    }
    Walk(node, enter, [&](const GumboNode*) { FlushLoose(); });
    FlushLoose();
  }

  std::vector<Block> Take() { return std::move(blocks_); }

 private:
  // Container-level handling; returns true to descend.
  bool Enter(const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
      loose_text_ += n->v.text.text;
      loose_html_ += EscapeHtml(n->v.text.text);
      return false;
    }
    if (n->type != GUMBO_NODE_ELEMENT || stats_.IsBoilerplate(n)) return false;
    GumboTag tag = n->v.element.tag;
    if (IsImageElement(n)) {
      FlushLoose();
      AddFigure(n);
      return false;
    }
    switch (tag) {
      case GUMBO_TAG_H1: case GUMBO_TAG_H2:
        FlushLoose();
        AddLeaf(n, "h2", "");
        return false;
      case GUMBO_TAG_H3:
        FlushLoose();
        AddLeaf(n, "h3", "");
        return false;
      case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
        FlushLoose();
        AddLeaf(n, "h4", "");
        return false;
      case GUMBO_TAG_P: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
        FlushLoose();
        AddLeaf(n, "p", "");
        return false;
      case GUMBO_TAG_PRE:
        FlushLoose();
        AddLeaf(n, "pre", "");
        return false;
      case GUMBO_TAG_BLOCKQUOTE:
        FlushLoose();
        AddLeaf(n, "blockquote", "");
        return false;
      case GUMBO_TAG_LI: {
        FlushLoose();
        bool ordered = n->parent && IsElement(n->parent, GUMBO_TAG_OL);
        AddLeaf(n, "li", ordered ? "ol" : "ul");
        return false;
      }
      case GUMBO_TAG_TABLE:
        FlushLoose();
        if (IsLayoutTable(n)) return true;
        AddTable(n);
        return false;
      case GUMBO_TAG_BR:
        FlushLoose();  // <br><br> paragraphs in bare containers
        return false;
      default:
        break;
    }
    if (IsInlineTag(tag)) {
      RenderInline(n, loose_text_, loose_html_, false);
      return false;
    }
    FlushLoose();
    return true;
  }

  // A table used for page layout holds paragraphs; a data table does not.
  static bool IsLayoutTable(const GumboNode* table) {
    bool has_block = false;
    Walk(
        table,
        [&](const GumboNode* n) {
          if (has_block || n->type != GUMBO_NODE_ELEMENT) return false;
          GumboTag tag = n->v.element.tag;
          has_block = tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_TABLE ||
                      tag == GUMBO_TAG_ARTICLE;
          return !has_block;
        },
        [](const GumboNode*) {});
    return has_block;
  }

  void FlushLoose() {
    std::string text = CollapseWhitespace(loose_text_);
    if (!text.empty()) {
      blocks_.push_back(Block{"p", "", text, "<p>" + std::string(Trim(loose_html_)) + "</p>", {}});
    }
    loose_text_.clear();
    loose_html_.clear();
    EmitPendingImages();
  }

  void AddLeaf(const GumboNode* node, const std::string& tag, const std::string& list) {
    std::string text;
    std::string html;
    RenderInline(node, text, html, tag == "pre");
    std::string clean = tag == "pre" ? std::string(Trim(text)) : CollapseWhitespace(text);
    if (!clean.empty()) {
      blocks_.push_back(Block{tag, list, clean, "<" + tag + ">" + std::string(Trim(html)) + "</" + tag + ">", {}});
    }
    EmitPendingImages();
  }

  void AddFigure(const GumboNode* node) {
    std::optional<Image> image = ReadFigure(node, base_url_);
    if (!image) return;
    std::string html = "<figure><img src=\"" + EscapeHtml(image->url) + "\"";
    if (image->width > 0) html += " width=\"" + std::to_string(image->width) + "\"";
    if (image->height > 0) html += " height=\"" + std::to_string(image->height) + "\"";
    html += ">";
    if (!image->caption.empty() || !image->credit.empty()) {
      html += "<figcaption>" + EscapeHtml(image->caption);
      if (!image->credit.empty()) html += " <small>" + EscapeHtml(image->credit) + "</small>";
      html += "</figcaption>";
    }
    html += "</figure>";
    blocks_.push_back(Block{"figure", "", "", html, image});
  }

  void AddTable(const GumboNode* table) {
    std::string text;
    std::string html = "<table><tbody>";
    Walk(
        table,
        [&](const GumboNode* n) {
          if (n->type != GUMBO_NODE_ELEMENT || stats_.IsBoilerplate(n)) return false;
          GumboTag tag = n->v.element.tag;
          if (tag == GUMBO_TAG_TR) {
            html += "<tr>";
            if (!text.empty()) text += '\n';
            return true;
          }
          if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
            std::string cell_text;
            std::string cell_html;
            RenderInline(n, cell_text, cell_html, false);
            const char* name = tag == GUMBO_TAG_TD ? "td" : "th";
            html += std::string("<") + name + ">" + cell_html + "</" + name + ">";
            if (!text.empty() && text.back() != '\n') text += " | ";
            text += CollapseWhitespace(cell_text);
            return false;
          }
          return tag != GUMBO_TAG_TABLE;  // nested tables flatten into cells above
        },
        [&](const GumboNode* n) {
          if (n->v.element.tag == GUMBO_TAG_TR) html += "</tr>";
        });
    html += "</tbody></table>";
    if (!CollapseWhitespace(text).empty()) blocks_.push_back(Block{"table", "", text, html, {}});
    EmitPendingImages();
  }

  // Children of `node` as inline text and HTML; images found are queued as
  // figures after the block.
  void RenderInline(const GumboNode* node, std::string& text, std::string& html, bool keep_newlines) {
    std::vector<const char*> closers;
    Walk(
        node,
        [&](const GumboNode* n) {
          if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
            text += n->v.text.text;
            html += EscapeHtml(n->v.text.text);
            return false;
          }
          if (n->type != GUMBO_NODE_ELEMENT || stats_.IsBoilerplate(n)) return false;
          GumboTag tag = n->v.element.tag;
          if (IsImageElement(n)) {
            pending_images_.push_back(n);
            return false;
          }
          if (tag == GUMBO_TAG_BR) {
            text += keep_newlines ? "\n" : " ";
            html += "<br>";
            return false;
          }
          const char* closer = "";
          if (tag == GUMBO_TAG_A) {
            std::string href = SafeHref(n, base_url_);
            if (!href.empty()) {
              html += "<a href=\"" + EscapeHtml(href) + "\">";
              closer = "</a>";
            }
          } else if (const char* kept = KeptInlineTag(tag)) {
            html += std::string("<") + kept + ">";
            closer = kept;
          } else if (!IsInlineTag(tag)) {
            text += ' ';
            html += ' ';
          }
          closers.push_back(closer);
          return true;
        },
        [&](const GumboNode* n) {
          const char* closer = closers.back();
          closers.pop_back();
          if (*closer == '<') {
            html += closer;
          } else if (*closer) {
            html += std::string("</") + closer + ">";
          }
          if (!IsInlineTag(n->v.element.tag)) {
            text += ' ';
            html += ' ';
          }
        });
  }

  void EmitPendingImages() {
    std::vector<const GumboNode*> images = std::move(pending_images_);
    pending_images_.clear();
    for (const GumboNode* image : images) AddFigure(image);
  }

  std::string base_url_;
  const PageStats& stats_;
  std::vector<Block> blocks_;
  std::string loose_text_;
  std::string loose_html_;
  std::vector<const GumboNode*> pending_images_;
};

}  // namespace

std::vector<Block> RenderBlocks(const std::vector<const GumboNode*>& nodes,
                                std::string_view base_url, const PageStats& stats) {
  Renderer renderer(base_url, stats);
  for (const GumboNode* node : nodes) renderer.RenderContainer(node);
  return renderer.Take();
}

}  // namespace herald::extract
