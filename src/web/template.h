// A small Mustache-style renderer that escapes by default.
//
//   {{name}}        value, HTML-escaped
//   {{{name}}}      value, raw: only for HTML that came out of the sanitizer
//                   or out of another rendered template
//   {{#name}}..{{/name}}  list: once per item; object: once inside it;
//                   true or non-empty string: once; otherwise skipped
//   {{^name}}..{{/name}}  once when name is missing, false, "" or []
//   {{! comment}}
// Names are looked up from the innermost context outwards; "." is the current
// item. Templates are parsed once (Compile), so syntax errors surface at
// start-up, never while serving.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "common/result.h"

namespace herald::web {

class Value;
using Object = std::map<std::string, Value>;
using List = std::vector<Value>;

class Value {
 public:
  Value() = default;
  Value(bool b) : v_(b) {}                                 // NOLINT
  Value(const char* s) : v_(std::string(s)) {}             // NOLINT
  Value(std::string s) : v_(std::move(s)) {}               // NOLINT
  Value(int64_t n) : v_(std::to_string(n)) {}              // NOLINT
  Value(int n) : v_(std::to_string(n)) {}                  // NOLINT
  Value(List l) : v_(std::move(l)) {}                      // NOLINT
  Value(Object o) : v_(std::move(o)) {}                    // NOLINT

  bool Truthy() const;
  const std::string* AsString() const { return std::get_if<std::string>(&v_); }
  const List* AsList() const { return std::get_if<List>(&v_); }
  const Object* AsObject() const { return std::get_if<Object>(&v_); }
  const bool* AsBool() const { return std::get_if<bool>(&v_); }

 private:
  std::variant<std::monostate, bool, std::string, List, Object> v_;
};

class Template {
 public:
  static Result<Template> Compile(std::string_view source, const std::string& name);
  std::string Render(const Object& data) const;

  struct Node;

 private:
  std::shared_ptr<const std::vector<Node>> nodes_;
};

}  // namespace herald::web
