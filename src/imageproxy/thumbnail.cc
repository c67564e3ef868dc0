#include "imageproxy/thumbnail.h"

#include <vips/vips.h>

#include <mutex>

namespace herald::imageproxy {
namespace {

constexpr int kJpegQuality = 82;
constexpr int kWebpQuality = 80;

void InitVips() {
  static std::once_flag once;
  std::call_once(once, [] {
    VIPS_INIT("herald");
    vips_concurrency_set(1);
    // Results are cached on disk by the proxy; libvips' own operation cache
    // would only hold source buffers in memory.
    vips_cache_set_max(0);
    // Loaders libvips marks untrusted (ImageMagick, PDF, MATLAB, ...) never run.
    vips_block_untrusted_set(TRUE);
  });
}

// Owns one VipsImage reference.
struct ImageRef {
  VipsImage* image = nullptr;
  ImageRef() = default;
  ImageRef(const ImageRef&) = delete;
  ImageRef& operator=(const ImageRef&) = delete;
  ~ImageRef() {
    if (image) g_object_unref(image);
  }
};

Error VipsError(ErrorKind kind, const std::string& what) {
  std::string detail = vips_error_buffer();
  vips_error_clear();
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  if (auto newline = detail.find('\n'); newline != std::string::npos) detail.resize(newline);
  return MakeError(kind, what + (detail.empty() ? "" : ": " + detail));
}

// A lazy image: only the header has been parsed when this returns.
Status OpenHeader(std::string_view source, ImageRef* out) {
  out->image = vips_image_new_from_buffer(source.data(), source.size(), "", "access", VIPS_ACCESS_SEQUENTIAL,
                                          nullptr);
  if (!out->image) return VipsError(ErrorKind::kInvalidInput, "image cannot be read");
  return Status::Ok();
}

Result<std::string> Encode(VipsImage* image, bool with_alpha) {
  void* buffer = nullptr;
  size_t length = 0;
  int failed = with_alpha ? vips_webpsave_buffer(image, &buffer, &length, "Q", kWebpQuality, "strip", TRUE, nullptr)
                          : vips_jpegsave_buffer(image, &buffer, &length, "Q", kJpegQuality, "strip", TRUE,
                                                 "optimize_coding", TRUE, "interlace", TRUE, nullptr);
  if (failed) return VipsError(ErrorKind::kInvalidInput, "image cannot be encoded");
  std::string bytes(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return bytes;
}

}  // namespace

Result<std::pair<int, int>> ReadImageSize(std::string_view source) {
  // libvips would also read SVG, PDF, TIFF...: only our raster formats go in.
  if (SniffImageType(source) == ImageType::kUnknown)
    return MakeError(ErrorKind::kInvalidInput, "not a JPEG, PNG, GIF, WebP or AVIF image");
  InitVips();
  ImageRef header;
  if (Status opened = OpenHeader(source, &header); !opened.ok()) return opened.error();
  return std::pair<int, int>(vips_image_get_width(header.image), vips_image_get_height(header.image));
}

Result<Thumbnail> MakeThumbnail(std::string_view source, int width, int64_t max_pixels) {
  auto size = ReadImageSize(source);
  if (!size.ok()) return size.error();
  auto [source_width, source_height] = *size;
  int64_t pixels = int64_t{source_width} * source_height;
  if (pixels > max_pixels)
    return MakeError(ErrorKind::kRefused, "image of " + std::to_string(source_width) + "x" +
                                              std::to_string(source_height) + " pixels exceeds the limit of " +
                                              std::to_string(max_pixels) + " pixels");

  int target = width > 0 ? width : kMaxOriginalWidth;
  ImageRef resized;
  // Height is left unbounded so only the width constrains; VIPS_SIZE_DOWN
  // never enlarges. thumbnail_buffer shrinks JPEGs while decoding them.
  if (vips_thumbnail_buffer(const_cast<char*>(source.data()), source.size(), &resized.image, target, "height",
                            VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, nullptr))
    return VipsError(ErrorKind::kInvalidInput, "image cannot be resized");

  bool with_alpha = vips_image_hasalpha(resized.image);
  auto bytes = Encode(resized.image, with_alpha);
  if (!bytes.ok()) return bytes.error();
  Thumbnail out;
  out.bytes = std::move(*bytes);
  out.type = with_alpha ? ImageType::kWebp : ImageType::kJpeg;
  out.width = vips_image_get_width(resized.image);
  out.height = vips_image_get_height(resized.image);
  return out;
}

}  // namespace herald::imageproxy
