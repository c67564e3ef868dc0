#include "imageproxy/thumbnail.h"

#include <gtest/gtest.h>

#include <vector>

#include "imageproxy/test_images.h"

namespace herald::imageproxy {
namespace {

TEST(Thumbnail, ShrinksToTheWidthKeepingTheAspectRatio) {
  auto thumbnail = MakeThumbnail(testing::MakeJpeg(1000, 500), 320, 40'000'000);
  ASSERT_TRUE(thumbnail.ok()) << thumbnail.message();
  EXPECT_EQ(thumbnail->type, ImageType::kJpeg);
  EXPECT_EQ(SniffImageType(thumbnail->bytes), ImageType::kJpeg);
  EXPECT_EQ(thumbnail->width, 320);
  EXPECT_EQ(thumbnail->height, 160);
  auto size = ReadImageSize(thumbnail->bytes);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, std::make_pair(320, 160));
}

TEST(Thumbnail, NeverUpscales) {
  auto thumbnail = MakeThumbnail(testing::MakePng(200, 100), 1280, 40'000'000);
  ASSERT_TRUE(thumbnail.ok()) << thumbnail.message();
  EXPECT_EQ(thumbnail->width, 200);
  EXPECT_EQ(thumbnail->height, 100);
  EXPECT_EQ(thumbnail->type, ImageType::kJpeg);  // opaque PNG -> JPEG
}

TEST(Thumbnail, TallImagesAreBoundByWidthOnly) {
  auto thumbnail = MakeThumbnail(testing::MakeJpeg(400, 2000), 320, 40'000'000);
  ASSERT_TRUE(thumbnail.ok()) << thumbnail.message();
  EXPECT_EQ(thumbnail->width, 320);
  EXPECT_EQ(thumbnail->height, 1600);
}

TEST(Thumbnail, OriginalWidthIsCapped) {
  auto thumbnail = MakeThumbnail(testing::MakeJpeg(kMaxOriginalWidth + 200, 10), 0, 40'000'000);
  ASSERT_TRUE(thumbnail.ok()) << thumbnail.message();
  EXPECT_EQ(thumbnail->width, kMaxOriginalWidth);
}

TEST(Thumbnail, AlphaBecomesWebp) {
  auto thumbnail = MakeThumbnail(testing::MakePng(64, 64, true), 320, 40'000'000);
  ASSERT_TRUE(thumbnail.ok()) << thumbnail.message();
  EXPECT_EQ(thumbnail->type, ImageType::kWebp);
  EXPECT_EQ(SniffImageType(thumbnail->bytes), ImageType::kWebp);
}

TEST(Thumbnail, GifBecomesJpeg) {
  auto thumbnail = MakeThumbnail(testing::MakeGif(50, 40), 320, 40'000'000);
  ASSERT_TRUE(thumbnail.ok()) << thumbnail.message();
  EXPECT_EQ(thumbnail->width, 50);
}

TEST(Thumbnail, DecompressionBombIsRefusedFromTheHeader) {
  std::string bomb = testing::MakeBombPng(100000, 100000);
  auto size = ReadImageSize(bomb);
  ASSERT_TRUE(size.ok()) << size.message();
  EXPECT_EQ(*size, std::make_pair(100000, 100000));
  auto thumbnail = MakeThumbnail(bomb, 320, 40'000'000);
  ASSERT_FALSE(thumbnail.ok());
  EXPECT_EQ(thumbnail.error().kind, ErrorKind::kRefused);
  EXPECT_NE(thumbnail.message().find("100000x100000"), std::string::npos) << thumbnail.message();
}

TEST(Thumbnail, PixelLimitIsExact) {
  std::string image = testing::MakeJpeg(100, 100);
  EXPECT_TRUE(MakeThumbnail(image, 320, 10'000).ok());
  EXPECT_FALSE(MakeThumbnail(image, 320, 9'999).ok());
}

TEST(Thumbnail, RefusesWhatIsNotOurRaster) {
  for (const std::string& input : std::vector<std::string>{"", std::string("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"),
                            std::string("<html></html>"), std::string("\xFF\xD8\xFF\xE0 truncated jpeg"),
                            testing::MakePng(20, 20).substr(0, 40)}) {
    auto thumbnail = MakeThumbnail(input, 320, 40'000'000);
    ASSERT_FALSE(thumbnail.ok()) << input.size();
    EXPECT_EQ(thumbnail.error().kind, ErrorKind::kInvalidInput);
  }
}

}  // namespace
}  // namespace herald::imageproxy
