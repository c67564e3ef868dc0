#include "imageproxy/test_images.h"

#include <vips/vips.h>
#include <zlib.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

namespace herald::imageproxy::testing {
namespace {

VipsImage* Gradient(int width, int height, bool with_alpha) {
  // Idempotent: the proxy may have initialised libvips already.
  if (VIPS_INIT("herald-test")) throw std::runtime_error("vips init failed");
  VipsImage* x = nullptr;
  if (vips_xyz(&x, width, height, nullptr)) throw std::runtime_error(vips_error_buffer());
  // Three bands from x, y and x+y, scaled into 0..255.
  VipsImage* bands[2] = {nullptr, nullptr};
  vips_extract_band(x, &bands[0], 0, nullptr);
  vips_extract_band(x, &bands[1], 1, nullptr);
  VipsImage* sum = nullptr;
  vips_add(bands[0], bands[1], &sum, nullptr);
  VipsImage* all[4] = {bands[0], bands[1], sum, bands[0]};
  VipsImage* joined = nullptr;
  vips_bandjoin(all, &joined, with_alpha ? 4 : 3, nullptr);
  VipsImage* scaled = nullptr;
  vips_linear1(joined, &scaled, 255.0 / (width + height), 0.0, "uchar", TRUE, nullptr);
  for (VipsImage* image : {x, bands[0], bands[1], sum, joined}) g_object_unref(image);
  if (!scaled) throw std::runtime_error(vips_error_buffer());
  scaled->Type = VIPS_INTERPRETATION_sRGB;
  return scaled;
}

std::string Take(void* buffer, size_t length) {
  std::string bytes(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return bytes;
}

void PutBigEndian(std::string& bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (24 - 8 * i)) & 0xFF);
}

// 20 MiB after JPEG magic, streamed without a Content-Length, so only a cap
// enforced while reading can stop it.
httpd::Response HugeJpeg() {
  static const std::string kMebibyte(1 << 20, 'x');
  httpd::Response response{200, "image/jpeg", {}, ""};
  auto sent = std::make_shared<int>(0);
  response.stream = [sent](std::string& chunk) {
    if (*sent == 20) return false;
    chunk = *sent == 0 ? "\xFF\xD8\xFF\xE0" + kMebibyte.substr(4) : kMebibyte;
    ++*sent;
    return true;
  };
  return response;
}

}  // namespace

std::string MakeJpeg(int width, int height) {
  VipsImage* image = Gradient(width, height, false);
  void* buffer = nullptr;
  size_t length = 0;
  int failed = vips_jpegsave_buffer(image, &buffer, &length, nullptr);
  g_object_unref(image);
  if (failed) throw std::runtime_error(vips_error_buffer());
  return Take(buffer, length);
}

std::string MakePng(int width, int height, bool with_alpha) {
  VipsImage* image = Gradient(width, height, with_alpha);
  void* buffer = nullptr;
  size_t length = 0;
  int failed = vips_pngsave_buffer(image, &buffer, &length, nullptr);
  g_object_unref(image);
  if (failed) throw std::runtime_error(vips_error_buffer());
  return Take(buffer, length);
}

std::string MakeGif(int width, int height) {
  VipsImage* image = Gradient(width, height, false);
  void* buffer = nullptr;
  size_t length = 0;
  int failed = vips_gifsave_buffer(image, &buffer, &length, nullptr);
  g_object_unref(image);
  if (failed) throw std::runtime_error(vips_error_buffer());
  return Take(buffer, length);
}

// A real 1x1 PNG whose IHDR (bytes 16..23 width/height, CRC at 29) is rewritten.
std::string MakeBombPng(int width, int height) {
  std::string png = MakePng(1, 1);
  PutBigEndian(png, 16, static_cast<uint32_t>(width));
  PutBigEndian(png, 20, static_cast<uint32_t>(height));
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(png.data() + 12), 17);  // "IHDR" + 13 data bytes
  PutBigEndian(png, 29, static_cast<uint32_t>(crc));
  return png;
}

ImageSite::ImageSite() {
  const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>";
  files_ = {{"/photo.jpg", {"image/jpeg", MakeJpeg(1000, 500)}},
            {"/small.png", {"image/png", MakePng(200, 100)}},
            {"/alpha.png", {"image/png", MakePng(64, 64, true)}},
            {"/anim.gif", {"image/gif", MakeGif(50, 40)}},
            {"/bomb.png", {"image/png", MakeBombPng(100000, 100000)}},
            {"/html.jpg", {"image/jpeg", "<!doctype html><html><script>alert(1)</script></html>"}},
            {"/image.svg", {"image/svg+xml", svg}},
            {"/svg.png", {"image/png", svg}},
            {"/png-as.jpg", {"image/jpeg", MakePng(20, 20)}},
            {"/slow.jpg", {"image/jpeg", MakeJpeg(300, 200)}}};
  httpd::ServerOptions options;
  options.threads = 4;
  auto server = httpd::Server::Start(options, [this](const httpd::Request& r) { return Handle(r); });
  if (!server.ok()) throw std::runtime_error(server.message());
  server_ = std::move(*server);
}

int ImageSite::Requests(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = requests_.find(path);
  return it == requests_.end() ? 0 : it->second;
}

httpd::Response ImageSite::Handle(const httpd::Request& request) {
  {
    std::lock_guard lock(mutex_);
    ++requests_[request.target];
  }
  if (request.path == "/huge.jpg") return HugeJpeg();
  auto it = files_.find(request.path);
  if (it == files_.end()) return {404, "text/plain", {}, "not found"};
  if (request.path == "/slow.jpg") std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return {200, it->second.first, {}, it->second.second};
}

}  // namespace herald::imageproxy::testing
