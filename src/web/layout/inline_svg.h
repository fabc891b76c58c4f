// An <svg> element written in an HTML page, drawn as the SVG document it is (HTML §4.8.16):
// its subtree as XML for librsvg (image_decoder.h), with the SVG namespace, the camelCase
// element names HTML's parser lowered given back, and the colour `currentColor` means.
#pragma once

#include <string>
#include <utility>

#include "web/dom/node.h"

namespace nexus::web::layout {

// Its natural size (SVG 2 §8.2, as Chromium sizes an inline <svg>): the width and height
// attributes in px, what one of them and the viewBox's ratio give, else 300x150 (or 300 wide
// at the viewBox's ratio).
std::pair<double, double> InlineSvgSize(const dom::Element& svg);

// `color` is a CSS colour (the element's computed `color`); the root's width and height are
// written as `size`, the size the picture is drawn at.
std::string InlineSvgMarkup(const dom::Element& svg,
                            const std::string& color,
                            std::pair<double, double> size);

}  // namespace nexus::web::layout
