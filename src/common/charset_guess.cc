#include "common/charset_guess.h"

#include <unicode/ucsdet.h>

#include <memory>

namespace herald {

std::string GuessCharset(std::string_view bytes, int min_confidence) {
  if (bytes.empty()) return "";
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status), &ucsdet_close);
  if (U_FAILURE(status)) return "";
  ucsdet_enableInputFilter(detector.get(), true);  // ignore markup when guessing
  std::string_view sample = bytes.substr(0, 64 * 1024);
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  for (int32_t i = 0; U_SUCCESS(status) && i < count; ++i) {
    const char* name = ucsdet_getName(matches[i], &status);
    if (U_FAILURE(status) || name == nullptr) break;
    std::string_view view(name);
    if (view.starts_with("UTF-16") || view.starts_with("UTF-32")) continue;
    if (ucsdet_getConfidence(matches[i], &status) < min_confidence) return "";
    return std::string(view);
  }
  return "";
}

}  // namespace herald
