// PageLayout on litehtml 0.6. litehtml takes markup, so the DOM is serialised and handed to
// it after every batch of changes (about 2 ms for a small page, DESIGN.md §9); our DOM stays
// the source of truth.
#include <fontconfig/fontconfig.h>

#include <litehtml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "web/dom/html_parser.h"
#include "web/layout/cairo_container.h"
#include "web/layout/nexus_layout.h"
#include "web/layout/page_layout.h"
#include "web/layout/user_agent_stylesheet.h"
#include "web/style/document_style.h"
#include "web/style/resolved_style.h"

namespace nexus::web {
namespace {

// One parsed user-agent stylesheet for every page of the process.
litehtml::context& SharedContext() {
  static litehtml::context* context = [] {
    auto* created = new litehtml::context();
    created->load_master_stylesheet(kUserAgentStylesheet);
    return created;
  }();
  return *context;
}

// The border box, as getBoundingClientRect reports it; litehtml places content boxes. An
// inline element's is the union of its line boxes.
ElementBox BoxOf(const litehtml::element::ptr& element) {
  if (element->get_display() == litehtml::display_inline) {
    litehtml::position::vector boxes;
    element->get_inline_boxes(boxes);
    if (!boxes.empty()) {
      int left = boxes[0].left(), top = boxes[0].top(), right = boxes[0].right(),
          bottom = boxes[0].bottom();
      for (const litehtml::position& box : boxes) {
        left = std::min(left, box.left());
        top = std::min(top, box.top());
        right = std::max(right, box.right());
        bottom = std::max(bottom, box.bottom());
      }
      return {left, top, right - left, bottom - top};
    }
  }
  litehtml::position p = element->get_placement();
  litehtml::margins padding = element->get_paddings();
  litehtml::margins border = element->get_borders();
  int left = padding.left + border.left, top = padding.top + border.top;
  return {p.x - left, p.y - top, p.width + left + padding.right + border.right,
          p.height + top + padding.bottom + border.bottom};
}

bool Rendered(litehtml::element::ptr element) {
  for (; element; element = element->parent()) {
    if (element->get_display() == litehtml::display_none)
      return false;
  }
  return true;
}

class LitehtmlPageLayout : public PageLayout {
 public:
  LitehtmlPageLayout(const dom::Document& document, const Url& base, const PageResources& resources)
      : container_(base, resources), dom_document_(document), base_(base), resources_(resources) {
    std::string html = dom::SerializeForLayout(document, dom_elements_);
    document_ = litehtml::document::createFromString(html.c_str(), &container_, &SharedContext());
    IndexElements();
  }
  ~LitehtmlPageLayout() override {
    document_.reset();  // before the container it points to (DESIGN.md §9)
  }

  void Layout(int width, int height) override {
    if (width != viewport_width_ || height != viewport_height_)
      style_.reset();  // media queries and viewport units may answer differently now
    viewport_width_ = width;
    viewport_height_ = height;
    container_.set_viewport(width, height);
    document_->media_changed();
    document_->render(width);
  }
  int document_height() const override { return document_->height(); }

  void Paint(cairo_t* cr, int x, int y, int width, int height) override {
    cairo_save(cr);
    cairo_translate(cr, -x, -y);
    litehtml::position clip(x, y, width, height);
    document_->draw(reinterpret_cast<litehtml::uint_ptr>(cr), 0, 0, &clip);
    cairo_restore(cr);
  }

  std::optional<HitTestResult> HitTest(int x, int y) override {
    litehtml::element::ptr element = document_->root()->get_element_by_point(x, y, x, y);
    // Text runs and ::before/::after boxes are not elements of the DOM: report the element
    // that holds them.
    while (element && !DomElementOf(element))
      element = element->parent();
    if (!element)
      return std::nullopt;
    HitTestResult result;
    result.element = DomElementOf(element);
    result.tag = element->get_tagName();
    result.id = element->get_attr("id", "");
    result.box = web::BoxOf(element);
    for (auto up = element; up; up = up->parent()) {
      const char* href = up->get_tagName() && std::string(up->get_tagName()) == "a"
                             ? up->get_attr("href")
                             : nullptr;
      if (href) {
        result.link = container_.Resolve(href);
        break;
      }
    }
    return result;
  }

  std::optional<ElementBox> BoxOf(const dom::Element& element) override {
    litehtml::element::ptr laid_out = LaidOut(element);
    if (!laid_out || !Rendered(laid_out))
      return std::nullopt;
    return web::BoxOf(laid_out);
  }

  // Computed values from the style engine (web/style); the used width, height, margins and
  // paddings of a rendered element from litehtml's layout, as CSSOM's resolved values say.
  std::vector<std::pair<std::string, std::string>> ComputedStyle(
      const dom::Element& element) override {
    if (!style_) {
      css::MediaEnvironment environment;
      environment.width = viewport_width_;
      environment.height = viewport_height_;
      style_ = std::make_unique<style::DocumentStyle>(dom_document_, base_, resources_.stylesheets,
                                                      environment);
    }
    const css::ComputedStyle* computed = style_->StyleOf(element);
    if (!computed)
      return {};
    style::ResolvedStyle resolved =
        style::ResolveStyle(*computed, viewport_width_, viewport_height_);
    litehtml::element::ptr e = LaidOut(element);
    if (!e || !Rendered(e) || computed->Keyword("display") == "none")
      return resolved;
    litehtml::position p = e->get_placement();
    std::map<std::string, int> used = {{"width", p.width}, {"height", p.height}};
    const char* sides[] = {"top", "right", "bottom", "left"};
    litehtml::margins margins = e->get_margins(), paddings = e->get_paddings();
    int margin[] = {margins.top, margins.right, margins.bottom, margins.left};
    int padding[] = {paddings.top, paddings.right, paddings.bottom, paddings.left};
    for (int i = 0; i < 4; ++i) {
      used[std::string("margin-") + sides[i]] = margin[i];
      used[std::string("padding-") + sides[i]] = padding[i];
    }
    for (auto& [name, value] : resolved) {
      if (auto it = used.find(name); it != used.end())
        value = style::SerializePixels(it->second);
    }
    return resolved;
  }

 private:
  // litehtml's element for each numbered DOM element (dom::SerializeForLayout).
  void IndexElements() {
    laid_out_.assign(dom_elements_.size(), nullptr);
    std::vector<litehtml::element::ptr> stack = {document_->root()};
    while (!stack.empty()) {
      litehtml::element::ptr element = stack.back();
      stack.pop_back();
      if (int index = NodeIndex(element); index >= 0)
        laid_out_[index] = element;
      for (size_t i = element->get_children_count(); i-- > 0;)
        stack.push_back(element->get_child(static_cast<int>(i)));
    }
    for (size_t i = 0; i < dom_elements_.size(); ++i)
      layout_index_[dom_elements_[i]] = i;
  }
  int NodeIndex(const litehtml::element::ptr& element) const {
    const char* number = element->get_attr(dom::kLayoutNodeAttribute);
    if (!number)
      return -1;
    char* end = nullptr;
    long index = std::strtol(number, &end, 10);
    return *end == 0 && index >= 0 && static_cast<size_t>(index) < dom_elements_.size()
               ? static_cast<int>(index)
               : -1;
  }
  const dom::Element* DomElementOf(const litehtml::element::ptr& element) const {
    int index = NodeIndex(element);
    return index >= 0 ? dom_elements_[index] : nullptr;
  }
  litehtml::element::ptr LaidOut(const dom::Element& element) const {
    auto it = layout_index_.find(&element);
    return it == layout_index_.end() ? nullptr : laid_out_[it->second];
  }

  CairoContainer container_;
  const dom::Document& dom_document_;
  Url base_;
  const PageResources& resources_;
  int viewport_width_ = 800, viewport_height_ = 600;
  std::unique_ptr<style::DocumentStyle> style_;  // made when a script first asks for it
  litehtml::document::ptr document_;
  std::vector<const dom::Element*> dom_elements_;  // by the number layout's markup gave them
  std::vector<litehtml::element::ptr> laid_out_;   // the same numbering
  std::unordered_map<const dom::Element*, size_t> layout_index_;
};

}  // namespace

std::unique_ptr<PageLayout> CreatePageLayout(const dom::Document& document,
                                             const Url& base,
                                             const PageResources& resources) {
  // Nexus's own engine; litehtml, until it leaves the build, for whoever asks
  // (NEXUS_LAYOUT=litehtml: benchmarks, side-by-side checks).
  static const bool use_litehtml = [] {
    const char* choice = std::getenv("NEXUS_LAYOUT");
    return choice && std::string(choice) == "litehtml";
  }();
  if (use_litehtml)
    return std::make_unique<LitehtmlPageLayout>(document, base, resources);
  return CreateNexusPageLayout(document, base, resources);
}

void WarmUpLayout() {
  FcInit();
  SharedContext();
  // Lay out and paint a page in the common faces, so fontconfig's cache, pango's font map
  // and the faces themselves are loaded once (in the zygote, shared by every renderer).
  PageResources none;
  auto document = dom::ParseHtml(
      "<p>warm <b>bold</b> <i>italic</i> <code>mono</code> <span style=\"font-family: "
      "sans-serif\">sans <b>bold</b></span></p><ol><li>one</li></ol>");
  auto base = ParseUrl("about://warm-up");
  auto layout = CreatePageLayout(*document, *base, none);
  layout->Layout(200, 100);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 100);
  cairo_t* cr = cairo_create(surface);
  layout->Paint(cr, 0, 0, 200, 100);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
}

}  // namespace nexus::web
