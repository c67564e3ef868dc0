#include "extract/page_stats.h"

#include <algorithm>
#include <vector>

#include "extract/boilerplate.h"
#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

bool IsText(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
         node->type == GUMBO_NODE_CDATA;
}

bool HoldsNoText(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE;
}

}  // namespace

PageStats::PageStats(const GumboNode* root, const std::vector<Selector>& removed) {
  facts_.reserve(4096);
  // Pass 1, bottom-up over every element: prose and headline below.
  {
    std::vector<Facts*> open{&facts_[root]};
    bool in_paragraph = false;
    Walk(
        root,
        [&](const GumboNode* n) {
          if (IsText(n)) {
            if (in_paragraph) open.back()->prose += std::char_traits<char>::length(n->v.text.text);
            return false;
          }
          if (n->type != GUMBO_NODE_ELEMENT || HoldsNoText(n->v.element.tag)) return false;
          Facts* facts = &facts_[n];
          facts->holds_h1 = n->v.element.tag == GUMBO_TAG_H1;
          facts->articles = n->v.element.tag == GUMBO_TAG_ARTICLE ? 1 : 0;
          if (n->v.element.tag == GUMBO_TAG_P) in_paragraph = true;
          open.push_back(facts);
          return true;
        },
        [&](const GumboNode* n) {
          Facts* done = open.back();
          open.pop_back();
          if (n->v.element.tag == GUMBO_TAG_P) in_paragraph = false;
          open.back()->prose += done->prose;
          open.back()->holds_h1 = open.back()->holds_h1 || done->holds_h1;
          open.back()->articles += done->articles;
        });
  }
  // Pass 2, top-down: which elements are chrome (needs pass 1's facts);
  // bottom-up: visible text and link text outside chrome.
  size_t page_prose = facts_[root].prose;
  std::vector<Facts*> open{&facts_[root]};
  int link_depth = 0;
  Walk(
      root,
      [&](const GumboNode* n) {
        if (IsText(n)) {
          size_t length = std::char_traits<char>::length(n->v.text.text);
          open.back()->text += length;
          if (link_depth > 0) open.back()->link_text += length;
          return false;
        }
        if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return false;
        auto it = facts_.find(n);
        if (it == facts_.end()) it = facts_.emplace(n, Facts{}).first;  // script, style
        Facts& facts = it->second;
        SubtreeFacts subtree{facts.prose, facts.holds_h1, page_prose};
        auto matches = [n](const Selector& selector) { return selector.Matches(n); };
        if (IsBoilerplateElement(n, subtree) || std::any_of(removed.begin(), removed.end(), matches)) {
          facts.boilerplate = true;
          return false;
        }
        if (n->v.element.tag == GUMBO_TAG_A) ++link_depth;
        open.push_back(&facts);
        return true;
      },
      [&](const GumboNode* n) {
        Facts* done = open.back();
        open.pop_back();
        if (n->v.element.tag == GUMBO_TAG_A) --link_depth;
        open.back()->text += done->text;
        open.back()->link_text += done->link_text;
      });
}

const PageStats::Facts* PageStats::Find(const GumboNode* node) const {
  auto it = facts_.find(node);
  return it == facts_.end() ? nullptr : &it->second;
}

bool PageStats::IsBoilerplate(const GumboNode* node) const {
  if (node->type != GUMBO_NODE_ELEMENT) return node->type == GUMBO_NODE_TEMPLATE;
  const Facts* facts = Find(node);
  return facts ? facts->boilerplate : IsBoilerplateElement(node);
}

size_t PageStats::TextBytes(const GumboNode* node) const {
  const Facts* facts = Find(node);
  return facts ? facts->text : 0;
}

bool PageStats::HoldsH1(const GumboNode* node) const {
  const Facts* facts = Find(node);
  return facts && facts->holds_h1;
}

size_t PageStats::ArticleCount(const GumboNode* node) const {
  const Facts* facts = Find(node);
  return facts ? facts->articles : 0;
}

double PageStats::LinkDensity(const GumboNode* node) const {
  const Facts* facts = Find(node);
  if (!facts || facts->text == 0) return 0.0;
  return static_cast<double>(facts->link_text) / static_cast<double>(facts->text);
}

}  // namespace herald::extract
