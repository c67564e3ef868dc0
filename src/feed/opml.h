// OPML 1.0/2.0 subscription lists: read (nested outlines flattened, category
// kept from the parent outline) and write.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace herald::feed {

struct OpmlOutline {
  std::string title;     // text= or title=
  std::string xml_url;   // xmlUrl= (the feed), absolute
  std::string html_url;  // htmlUrl= (the site), may be ""
  std::string category;  // title of the enclosing outline, "" at top level
};

// Outlines with an xmlUrl. Error when the document is not OPML.
Result<std::vector<OpmlOutline>> ParseOpml(std::string_view bytes);

std::string WriteOpml(const std::string& title, const std::vector<OpmlOutline>& outlines);

}  // namespace herald::feed
