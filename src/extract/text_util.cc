#include "extract/text_util.h"

namespace herald::extract {

std::string ReplaceAll(std::string_view text, std::string_view phrase, std::string_view with) {
  if (phrase.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t from = 0;
  for (size_t at = text.find(phrase); at != std::string_view::npos; at = text.find(phrase, from)) {
    out.append(text.substr(from, at - from));
    out.append(with);
    from = at + phrase.size();
  }
  out.append(text.substr(from));
  return out;
}

}  // namespace herald::extract
