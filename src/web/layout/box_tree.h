// Builds the box tree (web/layout/box.h) from a document and its computed styles.
#pragma once

#include <memory>

#include "web/dom/node.h"
#include "web/layout/box.h"
#include "web/style/document_style.h"

namespace nexus::web::layout {

// The initial containing block: an anonymous block holding the root element's box (none
// when the root has display: none). Boxes point at the styles `styles` holds: the tree must
// not outlive it.
std::unique_ptr<Box> BuildBoxTree(const dom::Document& document,
                                  const style::DocumentStyle& styles);

}  // namespace nexus::web::layout
