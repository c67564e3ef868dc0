// Internal to sanitize/: numeric character references kept as written
// through the HTML parser (which would decode them). Before parsing, each
// "&#...;" in text becomes a Private Use Area marker; after serializing, the
// markers become the references again. A reference is digits between "&#"
// and ";", so what comes back is never markup. Markers already in the input
// are dropped, so every marker in the output is ours.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald {

struct ProtectedReferences {
  std::string html;                 // the input with references replaced by markers
  std::vector<std::string> refs;    // the k-th marker's reference, as it will be written
};

// Text outside tags and comments is protected; attribute values are left to
// the parser.
ProtectedReferences ProtectCharacterReferences(std::string_view html);

// `html` with the markers replaced by their references.
std::string RestoreCharacterReferences(std::string_view html, const std::vector<std::string>& refs);

}  // namespace herald
