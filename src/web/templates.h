// The site's templates, compiled once at start-up (see template.h for the
// syntax). Every value is escaped unless the template says {{{raw}}}, which is
// used only for sanitized article HTML and for a page body rendered by another
// template.
#pragma once

#include "common/result.h"
#include "web/template.h"

namespace herald::web {

struct Templates {
  Template layout;     // page frame: head, header, footer; {{{body}}}
  Template teasers;    // a list of article teasers (home, search, source, related)
  Template home;       // a heading, teasers and pagination (home, search, source)
  Template article;    // one article
  Template message;    // 404 / 500 / empty states
  Template story;      // one story's full coverage
  Template stories;    // the top stories list

  static Result<Templates> Compile();
};

// The site stylesheet (served at /static/style.css).
extern const char kStyleCss[];

}  // namespace herald::web
