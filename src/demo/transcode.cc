#include "demo/transcode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <memory>

namespace herald::demo {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter Open(const std::string& name, UErrorCode* status) {
  Converter c(ucnv_open(name.c_str(), status));
  if (U_SUCCESS(*status))
    ucnv_setFromUCallBack(c.get(), UCNV_FROM_U_CALLBACK_ESCAPE, UCNV_ESCAPE_XML_DEC, nullptr, nullptr, status);
  return c;
}

}  // namespace

Result<std::string> EncodeHtml(std::string_view utf8, const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  Converter source(ucnv_open("UTF-8", &status));
  Converter target = Open(charset, &status);
  if (U_FAILURE(status))
    return MakeError(ErrorKind::kInvalidInput, "unknown charset '" + charset + "': " + u_errorName(status));
  ucnv_setToUCallBack(source.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  // An escape such as "&#128512;" is at most 10 bytes for a 1-byte input char.
  std::string out(utf8.size() * 10 + 16, '\0');
  char* dest = out.data();
  const char* src = utf8.data();
  ucnv_convertEx(target.get(), source.get(), &dest, out.data() + out.size(), &src, utf8.data() + utf8.size(),
                 nullptr, nullptr, nullptr, nullptr, true, true, &status);
  if (U_FAILURE(status))
    return MakeError(ErrorKind::kInvalidInput, "page is not valid UTF-8 for " + charset + " (" + u_errorName(status) +
                                                   " at byte " + std::to_string(src - utf8.data()) + ")");
  out.resize(dest - out.data());
  return out;
}

}  // namespace herald::demo
