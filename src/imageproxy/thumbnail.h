// Resizing with libvips, under a pixel-count limit.
//
// Contract: the image's header is read first and an image whose width times
// height exceeds max_pixels is refused before any pixel is decoded (a
// decompression bomb costs a header parse). The result is never wider than
// the source (no upscaling) nor than `width` (0 = kMaxOriginalWidth), keeps
// the aspect ratio, is turned upright by its EXIF orientation, and carries no
// metadata. Opaque images become JPEG; images with an alpha channel become
// WebP (transparency kept, a fraction of PNG's size, read by every current
// browser). Animated GIF/WebP keep their first frame only.
// Thread-safe; libvips is initialised on first use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "imageproxy/image_type.h"

namespace herald::imageproxy {

// "Original size" still bounds the width, so a 20000-pixel-wide photo does
// not reach readers at full size.
constexpr int kMaxOriginalWidth = 2560;

struct Thumbnail {
  std::string bytes;
  ImageType type = ImageType::kJpeg;  // kJpeg or kWebp
  int width = 0;
  int height = 0;
};

// Errors: kRefused for too many pixels, kInvalidInput when libvips cannot
// read or encode the image.
Result<Thumbnail> MakeThumbnail(std::string_view source, int width, int64_t max_pixels);

// The width and height an image's header declares, without decoding pixels.
Result<std::pair<int, int>> ReadImageSize(std::string_view source);

}  // namespace herald::imageproxy
