// Image addresses on pages, pointed at the site's image proxy so readers'
// browsers never contact publishers' servers (imageproxy/imageproxy.h).
// web/ does not depend on the proxy: the caller hands in its ProxyPath.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace herald::web {

// The proxy's signed path for an image URL at a width, "" when it cannot be proxied.
using ImagePathFunction = std::function<std::string(std::string_view url, int width)>;

// Teaser thumbnails and article images, in the proxy's widths.
inline constexpr int kThumbnailWidth = 320;
inline constexpr int kArticleImageWidth = 1280;

// `url` through the proxy; `url` itself when there is no proxy, and "" (show
// no image) when the proxy cannot take it: a page never names a publisher's image.
std::string ProxiedImageUrl(const ImagePathFunction& image_path, std::string_view url, int width);

// Sanitized article HTML with every <img>'s src rewritten by ProxiedImageUrl;
// srcset attributes are dropped (their other URLs would bypass the proxy),
// and an <img> the proxy cannot take is removed. Unchanged when there is no proxy.
std::string ProxyImagesInHtml(const ImagePathFunction& image_path, std::string_view html, int width);

}  // namespace herald::web
