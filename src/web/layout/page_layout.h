// What the renderer needs from a layout engine (style, layout, paint, hit testing): one
// document laid out by Nexus's own engine (page_layout.cc), behind CreatePageLayout.
#pragma once

#include <cairo.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/dom/node.h"
#include "web/layout/element_box.h"
#include "web/layout/image_decoder.h"
#include "web/url/url.h"

namespace nexus::web {

// Subresources main fetched for the page, by absolute URL.
struct PageResources {
  std::map<std::string, std::string> stylesheets;
  std::map<std::string, CairoSurface> images;
  std::map<std::string, std::string> scripts;  // sources, run by the page, not laid out
  std::map<std::string, std::string> fonts;    // as fetched: web_fonts.h unpacks them
};

struct HitTestResult {
  const dom::Element* element = nullptr;  // innermost element at the point
  std::string tag;
  std::string id;
  std::string link;  // absolute URL of the enclosing <a href>, if any
  ElementBox box;
};

class PageLayout {
 public:
  virtual ~PageLayout() = default;
  // Lays the page out for a viewport of `width` x `height` CSS pixels.
  virtual void Layout(int width, int height) = 0;
  // The same for a first frame at the top of the page: what is below the viewport may be
  // left out where it cannot change what the viewport shows (LayOutBlocks' stop_below).
  // Until Layout, only Paint of that viewport may be asked.
  virtual void LayoutFirstFrame(int width, int height) = 0;
  // Whether the last layout left something out (LayoutFirstFrame).
  virtual bool cut() const = 0;
  virtual int document_height() const = 0;
  // Paints the page's region at (x, y), `width` x `height`, with that corner at cr's origin.
  virtual void Paint(cairo_t* cr, int x, int y, int width, int height) = 0;
  virtual std::optional<HitTestResult> HitTest(int x, int y) = 0;
  // An element's border box (getBoundingClientRect); none when it has no box (display: none,
  // or not in the document laid out).
  virtual std::optional<ElementBox> BoxOf(const dom::Element& element) = 0;
  // Every box of the element: one per line for an inline element (getClientRects).
  virtual std::vector<ElementBox> ClientRects(const dom::Element& element) = 0;
  // CSSOM View's offsetParent: the nearest positioned ancestor, or table part when the element
  // is not positioned, or the body; none for the root, the body, a fixed or a boxless one.
  virtual const dom::Element* OffsetParent(const dom::Element& element) = 0;
  // Its computed style as getComputedStyle reports it: colors as rgb(), lengths in px.
  virtual std::vector<std::pair<std::string, std::string>> ComputedStyle(
      const dom::Element& element) = 0;
};

// `resources` must outlive the layout.
std::unique_ptr<PageLayout> CreatePageLayout(const dom::Document& document,
                                             const Url& base,
                                             const PageResources& resources);

// Loads fontconfig's configuration and the user-agent stylesheet once, before the sandbox
// closes (the zygote calls it).
void WarmUpLayout();

}  // namespace nexus::web
