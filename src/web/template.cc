#include "web/template.h"

#include "common/html_escape.h"
#include "common/strings.h"

namespace herald::web {

struct Template::Node {
  enum Kind { kText, kEscaped, kRaw, kSection, kInverted } kind;
  std::string text;              // literal text, or the name
  std::vector<Node> children;    // for sections
};

bool Value::Truthy() const {
  if (auto b = AsBool()) return *b;
  if (auto s = AsString()) return !s->empty();
  if (auto l = AsList()) return !l->empty();
  return AsObject() != nullptr;
}

namespace {

using Node = Template::Node;
using Stack = std::vector<const Value*>;

const Value* Lookup(const Stack& stack, const std::string& name) {
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    if (name == ".") return *it;
    if (const Object* obj = (*it)->AsObject()) {
      auto found = obj->find(name);
      if (found != obj->end()) return &found->second;
    }
  }
  return nullptr;
}

void RenderNodes(const std::vector<Node>& nodes, Stack& stack, std::string* out) {
  for (const Node& node : nodes) {
    switch (node.kind) {
      case Node::kText:
        out->append(node.text);
        break;
      case Node::kEscaped:
      case Node::kRaw: {
        const Value* v = Lookup(stack, node.text);
        const std::string* s = v ? v->AsString() : nullptr;
        if (s) out->append(node.kind == Node::kRaw ? *s : EscapeHtml(*s));
        break;
      }
      case Node::kSection: {
        const Value* v = Lookup(stack, node.text);
        if (!v || !v->Truthy()) break;
        if (const List* list = v->AsList()) {
          for (const Value& item : *list) {
            stack.push_back(&item);
            RenderNodes(node.children, stack, out);
            stack.pop_back();
          }
        } else {
          stack.push_back(v);
          RenderNodes(node.children, stack, out);
          stack.pop_back();
        }
        break;
      }
      case Node::kInverted: {
        const Value* v = Lookup(stack, node.text);
        if (!v || !v->Truthy()) RenderNodes(node.children, stack, out);
        break;
      }
    }
  }
}

// Parses until the closing tag of `open_name` (or end of input at top level).
Result<std::vector<Node>> Parse(std::string_view src, size_t* pos, const std::string& open_name,
                                const std::string& template_name) {
  std::vector<Node> nodes;
  auto error = [&](const std::string& what) {
    return MakeError(ErrorKind::kInternal, "template " + template_name + ": " + what);
  };
  while (*pos < src.size()) {
    size_t open = src.find("{{", *pos);
    if (open == std::string_view::npos) {
      nodes.push_back({Node::kText, std::string(src.substr(*pos)), {}});
      *pos = src.size();
      break;
    }
    if (open > *pos) nodes.push_back({Node::kText, std::string(src.substr(*pos, open - *pos)), {}});
    bool triple = src.substr(open, 3) == "{{{";
    size_t close = src.find(triple ? "}}}" : "}}", open);
    if (close == std::string_view::npos) return error("unclosed tag at offset " + std::to_string(open));
    std::string_view inner = src.substr(open + (triple ? 3 : 2), close - open - (triple ? 3 : 2));
    *pos = close + (triple ? 3 : 2);
    std::string tag(Trim(inner));
    if (tag.empty()) return error("empty tag at offset " + std::to_string(open));
    if (triple) {
      nodes.push_back({Node::kRaw, tag, {}});
      continue;
    }
    char sigil = tag[0];
    std::string name(Trim(std::string_view(tag).substr(1)));
    if (sigil == '!') continue;
    if (sigil == '#' || sigil == '^') {
      auto children = Parse(src, pos, name, template_name);
      if (!children.ok()) return children.error();
      nodes.push_back({sigil == '#' ? Node::kSection : Node::kInverted, name, std::move(*children)});
    } else if (sigil == '/') {
      if (name != open_name) return error("{{/" + name + "}} closes nothing open (open: '" + open_name + "')");
      return nodes;
    } else if (sigil == '&') {
      nodes.push_back({Node::kRaw, name, {}});
    } else {
      nodes.push_back({Node::kEscaped, tag, {}});
    }
  }
  if (!open_name.empty()) return error("section '" + open_name + "' is never closed");
  return nodes;
}

}  // namespace

Result<Template> Template::Compile(std::string_view source, const std::string& name) {
  size_t pos = 0;
  auto nodes = Parse(source, &pos, "", name);
  if (!nodes.ok()) return nodes.error();
  Template t;
  t.nodes_ = std::make_shared<const std::vector<Node>>(std::move(*nodes));
  return t;
}

std::string Template::Render(const Object& data) const {
  std::string out;
  Value root(data);
  Stack stack{&root};
  RenderNodes(*nodes_, stack, &out);
  return out;
}

}  // namespace herald::web
