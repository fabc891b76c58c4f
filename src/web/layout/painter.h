// Painting fragments onto cairo (CSS 2.2 Appendix E, for what block and inline layout make
// today): each box's background colour and image (repeated or not, from its position), its
// borders, then its lines of text, then its children, in tree order. To come: stacking
// contexts and z-index, background-size, gradients, rounded and styled borders, shadows,
// opacity, transforms, clipping.
#pragma once

#include <cairo.h>

#include <functional>
#include <map>
#include <string>

#include "web/layout/block_layout.h"
#include "web/layout/inline_layout.h"

namespace nexus::web::layout {

// A fetched image by absolute URL (null: not fetched, or it did not decode).
using ImageByUrl = std::function<cairo_surface_t*(const std::string& url)>;

// The picture a replaced box shows (null when there is none, or it did not load).
using ImageLookup = std::function<cairo_surface_t*(const Box& replaced)>;

// Whether the fragment's box is positioned, or a stacking context of its own: it paints
// after the flow it is in (CSS 2.2 Appendix E), and so is above it for hit testing too.
bool IsPositioned(const Fragment& fragment);

// Paints `root` with the document's (0, 0) at cr's origin. `lines` holds each block
// container's inline content, laid out; deferred lines (simple_text.h) that show are shaped
// here, and lines outside cr's clip are not drawn at all.
void PaintFragments(cairo_t* cr,
                    const Fragment& root,
                    LineMap& lines,
                    const ImageByUrl& images,
                    const ImageLookup& replaced = {});

}  // namespace nexus::web::layout
