// Fuzzes the template compiler and renderer: any source either fails to
// compile with an Error or renders without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "web/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view src(reinterpret_cast<const char*>(data), size);
  auto t = herald::web::Template::Compile(src, "fuzz");
  if (t.ok()) {
    using namespace herald::web;
    Object obj{{"a", "<x>"}, {"b", List{Object{{"c", "1"}}, Object{{"c", true}}}}, {"t", true}};
    (void)t->Render(obj);
  }
  return 0;
}
