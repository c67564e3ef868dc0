#include "imageproxy/image_type.h"

#include <gtest/gtest.h>

#include "imageproxy/test_images.h"

namespace herald::imageproxy {
namespace {

// The bytes of a literal, NULs included (without the terminating one).
template <size_t N>
std::string Bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

TEST(ImageType, ContentTypesOfAcceptedFormatsOnly) {
  EXPECT_EQ(ImageTypeFromContentType("image/jpeg"), ImageType::kJpeg);
  EXPECT_EQ(ImageTypeFromContentType(" Image/JPEG ; charset=binary"), ImageType::kJpeg);
  EXPECT_EQ(ImageTypeFromContentType("image/png"), ImageType::kPng);
  EXPECT_EQ(ImageTypeFromContentType("image/gif"), ImageType::kGif);
  EXPECT_EQ(ImageTypeFromContentType("image/webp"), ImageType::kWebp);
  EXPECT_EQ(ImageTypeFromContentType("image/avif"), ImageType::kAvif);
  EXPECT_EQ(ImageTypeFromContentType("image/svg+xml"), ImageType::kUnknown);
  EXPECT_EQ(ImageTypeFromContentType("text/html"), ImageType::kUnknown);
  EXPECT_EQ(ImageTypeFromContentType("application/octet-stream"), ImageType::kUnknown);
  EXPECT_EQ(ImageTypeFromContentType(""), ImageType::kUnknown);
}

TEST(ImageType, SniffsRealImages) {
  EXPECT_EQ(SniffImageType(testing::MakeJpeg(8, 8)), ImageType::kJpeg);
  EXPECT_EQ(SniffImageType(testing::MakePng(8, 8)), ImageType::kPng);
  EXPECT_EQ(SniffImageType(testing::MakeGif(8, 8)), ImageType::kGif);
  EXPECT_EQ(SniffImageType(Bytes("RIFF\x10\0\0\0WEBPVP8 ")), ImageType::kWebp);
  EXPECT_EQ(SniffImageType(Bytes("\0\0\0\x18" "ftypavif\0\0\0\0avifmif1")), ImageType::kAvif);
  EXPECT_EQ(SniffImageType(Bytes("\0\0\0\x18" "ftypmif1\0\0\0\0mif1avif")), ImageType::kAvif);
}

TEST(ImageType, RefusesLookalikes) {
  EXPECT_EQ(SniffImageType("<html><body>hi</body></html>"), ImageType::kUnknown);
  EXPECT_EQ(SniffImageType("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"), ImageType::kUnknown);
  EXPECT_EQ(SniffImageType("<svg onload=alert(1)>"), ImageType::kUnknown);
  EXPECT_EQ(SniffImageType(""), ImageType::kUnknown);
  EXPECT_EQ(SniffImageType("\xFF\xD8"), ImageType::kUnknown);                    // truncated JPEG magic
  EXPECT_EQ(SniffImageType(Bytes("RIFF\x10\0\0\0WAVE")), ImageType::kUnknown);          // RIFF, not WebP
  EXPECT_EQ(SniffImageType(Bytes("\0\0\0\x14" "ftypmp42\0\0\0\0isom")), ImageType::kUnknown);  // MP4
  // The minor version field is not a brand.
  EXPECT_EQ(SniffImageType(Bytes("\0\0\0\x14" "ftypmp42avifisom")), ImageType::kUnknown);
}

TEST(ImageType, MimeTypes) {
  EXPECT_EQ(MimeType(ImageType::kJpeg), "image/jpeg");
  EXPECT_EQ(MimeType(ImageType::kWebp), "image/webp");
  EXPECT_EQ(MimeType(ImageType::kUnknown), "");
}

}  // namespace
}  // namespace herald::imageproxy
