// Builds the box tree (web/layout/box.h) from a document and its computed styles.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "web/dom/node.h"
#include "web/layout/box.h"
#include "web/style/document_style.h"

namespace nexus::web::layout {

// The initial containing block: an anonymous block holding the root element's box (none
// when the root has display: none). Boxes point at the styles `styles` holds: the tree must
// not outlive it.
// With the `previous` tree of the same document, the boxes of elements whose styles' last
// update did not touch them are moved over rather than built again (layout keeps what it
// knows of them); the rest of `previous` is destroyed, each of its boxes listed in
// `discarded` first, for whoever keeps something by box.
// `missing_image` says which <img> elements have no picture (not fetched, or not decodable):
// those with alt text show it, as an inline-block (HTML §15.4.2, as Chromium lays it out).
using MissingImage = std::function<bool(const dom::Element& img)>;
std::unique_ptr<Box> BuildBoxTree(const dom::Document& document,
                                  const style::DocumentStyle& styles,
                                  std::unique_ptr<Box> previous = nullptr,
                                  std::vector<const Box*>* discarded = nullptr,
                                  const MissingImage& missing_image = nullptr);

}  // namespace nexus::web::layout
