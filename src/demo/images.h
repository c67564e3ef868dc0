// Image bytes for the newsroom's pictures: one small real PNG, so pages
// render and image proxies have something to decode.
#pragma once

#include <string_view>

namespace herald::demo {

// A 16x9 PNG (solid blue), served for every /<publisher>/images/*.png.
std::string_view PlaceholderPng();

}  // namespace herald::demo
