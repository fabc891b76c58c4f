// An <svg> element written in an HTML page, drawn as the SVG document it is (HTML §4.8.16):
// its subtree as XML for librsvg (image_decoder.h), with the SVG namespace, the camelCase
// element names HTML's parser lowered given back, and the colour `currentColor` means.
#pragma once

#include <string>

#include "web/dom/node.h"

namespace nexus::web::layout {

// `color` is a CSS colour (the element's computed `color`).
std::string InlineSvgMarkup(const dom::Element& svg, const std::string& color);

}  // namespace nexus::web::layout
