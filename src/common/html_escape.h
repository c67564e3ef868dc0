// The one HTML escaper. Templates and handlers call it for every value that
// did not come out of the sanitizer.
#pragma once

#include <string>
#include <string_view>

namespace herald {

// Escapes & < > " ' for use in element text and quoted attribute values.
std::string EscapeHtml(std::string_view s);

}  // namespace herald
