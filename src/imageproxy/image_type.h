// Which raster formats the image proxy accepts, told apart by their first
// bytes. A publisher's Content-Type is only a claim: the proxy takes an image
// when the claim and the bytes name the same accepted format, so an HTML or
// SVG page labelled image/jpeg never reaches the decoder.
#pragma once

#include <string_view>

namespace herald::imageproxy {

enum class ImageType { kUnknown, kJpeg, kPng, kGif, kWebp, kAvif };

// The format named by a Content-Type value ("image/jpeg; charset=x" ->
// kJpeg); kUnknown for anything else, SVG included.
ImageType ImageTypeFromContentType(std::string_view content_type);

// The format the leading bytes ("magic") announce; kUnknown when none of ours.
ImageType SniffImageType(std::string_view bytes);

// "image/jpeg", ...; "" for kUnknown.
std::string_view MimeType(ImageType type);

}  // namespace herald::imageproxy
