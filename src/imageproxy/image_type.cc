#include "imageproxy/image_type.h"

#include <algorithm>
#include <string>

#include "common/strings.h"

namespace herald::imageproxy {
namespace {

bool HasPrefix(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

// ISO BMFF: "....ftyp" then the major brand and compatible brands, 4 bytes each.
bool IsAvif(std::string_view bytes) {
  if (bytes.size() < 16 || bytes.substr(4, 4) != "ftyp") return false;
  size_t box_size = (static_cast<unsigned char>(bytes[0]) << 24) | (static_cast<unsigned char>(bytes[1]) << 16) |
                    (static_cast<unsigned char>(bytes[2]) << 8) | static_cast<unsigned char>(bytes[3]);
  size_t end = std::min(box_size, bytes.size());
  for (size_t brand = 8; brand + 4 <= end; brand += 4) {
    if (brand == 12) continue;  // minor version, not a brand
    std::string_view name = bytes.substr(brand, 4);
    if (name == "avif" || name == "avis") return true;
  }
  return false;
}

}  // namespace

ImageType ImageTypeFromContentType(std::string_view content_type) {
  std::string type = ToLowerAscii(Trim(content_type.substr(0, content_type.find(';'))));
  if (type == "image/jpeg" || type == "image/jpg" || type == "image/pjpeg") return ImageType::kJpeg;
  if (type == "image/png") return ImageType::kPng;
  if (type == "image/gif") return ImageType::kGif;
  if (type == "image/webp") return ImageType::kWebp;
  if (type == "image/avif") return ImageType::kAvif;
  return ImageType::kUnknown;
}

ImageType SniffImageType(std::string_view bytes) {
  if (HasPrefix(bytes, "\xFF\xD8\xFF")) return ImageType::kJpeg;
  if (HasPrefix(bytes, "\x89PNG\r\n\x1A\n")) return ImageType::kPng;
  if (HasPrefix(bytes, "GIF87a") || HasPrefix(bytes, "GIF89a")) return ImageType::kGif;
  if (bytes.size() >= 12 && HasPrefix(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") return ImageType::kWebp;
  if (IsAvif(bytes)) return ImageType::kAvif;
  return ImageType::kUnknown;
}

std::string_view MimeType(ImageType type) {
  switch (type) {
    case ImageType::kJpeg: return "image/jpeg";
    case ImageType::kPng: return "image/png";
    case ImageType::kGif: return "image/gif";
    case ImageType::kWebp: return "image/webp";
    case ImageType::kAvif: return "image/avif";
    case ImageType::kUnknown: break;
  }
  return "";
}

}  // namespace herald::imageproxy
