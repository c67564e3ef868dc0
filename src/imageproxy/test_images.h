// Test images made with libvips, and hostile ones made by hand.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "httpd/server.h"

namespace herald::imageproxy::testing {

// A gradient, so encoders have something to encode.
std::string MakeJpeg(int width, int height);
std::string MakePng(int width, int height, bool with_alpha = false);
std::string MakeGif(int width, int height);
// A valid PNG whose header claims width x height: decoding it would need
// width * height * 3 bytes, the header alone costs nothing.
std::string MakeBombPng(int width, int height);

// A publisher's server on loopback, counting requests per path:
//   /photo.jpg       1000x500 JPEG          /small.png    200x100 PNG
//   /alpha.png       64x64 PNG with alpha   /anim.gif     50x40 GIF
//   /bomb.png        PNG claiming 100000x100000
//   /html.jpg        HTML labelled image/jpeg
//   /image.svg       SVG as image/svg+xml   /svg.png      SVG labelled image/png
//   /png-as.jpg      PNG labelled image/jpeg
//   /huge.jpg        20 MiB labelled image/jpeg, starting with JPEG magic, streamed
//   /slow.jpg        the photo, after a pause (concurrent requests overlap)
//   /photo.jpg?...   any query: the photo (distinct URLs, same image)
//   anything else    404
class ImageSite {
 public:
  ImageSite();
  std::string Url(const std::string& path) const { return server_->base_url() + path; }
  int Requests(const std::string& path) const;

 private:
  httpd::Response Handle(const httpd::Request& request);
  std::map<std::string, std::pair<std::string, std::string>> files_;  // path -> type, body
  mutable std::mutex mutex_;
  std::map<std::string, int> requests_;
  std::unique_ptr<httpd::Server> server_;
};

}  // namespace herald::imageproxy::testing
