// robots.txt (RFC 9309): which paths of a site a crawler may fetch.
//
// Contract: the rules of every group whose user-agent line matches our
// product token (case-insensitively) apply, merged; without one, those of the
// "*" groups; without either, everything is allowed. The longest matching
// Allow/Disallow pattern decides (Allow wins a tie); '*' matches any run of
// characters and a final '$' anchors the end. /robots.txt itself is always
// allowed. Unknown lines and garbage are ignored, never an error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald::net {

class RobotsRules {
 public:
  static RobotsRules AllowAll() { return RobotsRules(); }
  static RobotsRules DisallowAll();
  static RobotsRules Parse(std::string_view robots_txt, std::string_view product_token);

  // `path` is the URL's path with its query ("/a/b?x=1").
  bool IsAllowed(std::string_view path) const;

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;
  };
  std::vector<Rule> rules_;
};

// The product token of a User-Agent string: "herald/0.1 (+https://...)" -> "herald".
std::string ProductToken(std::string_view user_agent);

}  // namespace herald::net
