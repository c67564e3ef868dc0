#include "web/template.h"

#include <gtest/gtest.h>

namespace herald::web {
namespace {

std::string Render(const char* src, const Object& data) {
  auto t = Template::Compile(src, "test");
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.message());
  return t.ok() ? t->Render(data) : "";
}

TEST(Template, EscapesByDefault) {
  EXPECT_EQ(Render("<h1>{{title}}</h1>", {{"title", "<script>alert(\"x\")</script> & 'y'"}}),
            "<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</h1>");
  EXPECT_EQ(Render("<a href=\"{{u}}\">", {{"u", "\" onmouseover=\"x"}}), "<a href=\"&quot; onmouseover=&quot;x\">");
}

TEST(Template, RawOnlyWhenAsked) {
  EXPECT_EQ(Render("{{{html}}}|{{&html}}", {{"html", "<p>ok</p>"}}), "<p>ok</p>|<p>ok</p>");
}

TEST(Template, SectionsIterateAndNest) {
  Object data{{"items", List{Object{{"n", "a"}}, Object{{"n", "b"}}}}, {"sep", ","}};
  EXPECT_EQ(Render("{{#items}}{{n}}{{sep}}{{/items}}", data), "a,b,");
  EXPECT_EQ(Render("{{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}", {{"flag", true}}), "yes");
  EXPECT_EQ(Render("{{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}", {{"flag", false}}), "no");
  EXPECT_EQ(Render("{{^items}}empty{{/items}}", {{"items", List{}}}), "empty");
  EXPECT_EQ(Render("{{#o}}{{x}}{{/o}}", {{"o", Object{{"x", "in"}}}}), "in");
  EXPECT_EQ(Render("{{#s}}[{{.}}]{{/s}}", {{"s", "str"}}), "[str]");
  EXPECT_EQ(Render("{{missing}}{{! comment }}.", {}), ".");
}

TEST(Template, SyntaxErrorsAreReportedAtCompileTime) {
  for (const char* bad : {"{{#a}}unclosed", "{{/a}}", "{{#a}}{{/b}}", "{{x", "{{}}", "{{{x}}"}) {
    auto t = Template::Compile(bad, "bad");
    EXPECT_FALSE(t.ok()) << bad;
    if (!t.ok()) { EXPECT_NE(t.message().find("template bad"), std::string::npos); }
  }
}

}  // namespace
}  // namespace herald::web
