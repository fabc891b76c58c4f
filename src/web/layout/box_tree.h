// Builds the box tree (web/layout/box.h) from a document and its computed styles.
#pragma once

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
std::unique_ptr<Box> BuildBoxTree(const dom::Document& document,
                                  const style::DocumentStyle& styles,
                                  std::unique_ptr<Box> previous = nullptr,
                                  std::vector<const Box*>* discarded = nullptr);

}  // namespace nexus::web::layout
