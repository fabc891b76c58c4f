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
#include "web/layout/page_layout.h"
#include "web/layout/user_agent_stylesheet.h"

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

const char* DisplayName(litehtml::style_display display) {
  switch (display) {
    case litehtml::display_none:
      return "none";
    case litehtml::display_block:
      return "block";
    case litehtml::display_inline:
    case litehtml::display_inline_text:
      return "inline";
    case litehtml::display_inline_block:
      return "inline-block";
    case litehtml::display_inline_table:
      return "inline-table";
    case litehtml::display_list_item:
      return "list-item";
    case litehtml::display_table:
      return "table";
    case litehtml::display_table_caption:
      return "table-caption";
    case litehtml::display_table_cell:
      return "table-cell";
    case litehtml::display_table_column:
      return "table-column";
    case litehtml::display_table_column_group:
      return "table-column-group";
    case litehtml::display_table_footer_group:
      return "table-footer-group";
    case litehtml::display_table_header_group:
      return "table-header-group";
    case litehtml::display_table_row:
      return "table-row";
    case litehtml::display_table_row_group:
      return "table-row-group";
  }
  return "block";
}

std::string Rgb(const litehtml::web_color& color) {
  std::string channels = std::to_string(color.red) + ", " + std::to_string(color.green) + ", " +
                         std::to_string(color.blue);
  if (color.alpha == 255)
    return "rgb(" + channels + ")";
  char alpha[16];
  std::snprintf(alpha, sizeof alpha, "%g", color.alpha / 255.0);
  return "rgba(" + channels + ", " + alpha + ")";
}

std::string Px(int value) {
  return std::to_string(value) + "px";
}

class LitehtmlPageLayout : public PageLayout {
 public:
  LitehtmlPageLayout(const dom::Document& document, const Url& base, const PageResources& resources)
      : container_(base, resources) {
    std::string html = dom::SerializeForLayout(document, dom_elements_);
    document_ = litehtml::document::createFromString(html.c_str(), &container_, &SharedContext());
    IndexElements();
  }
  ~LitehtmlPageLayout() override {
    document_.reset();  // before the container it points to (DESIGN.md §9)
  }

  void Layout(int width, int height) override {
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

  std::vector<std::pair<std::string, std::string>> ComputedStyle(
      const dom::Element& element) override {
    litehtml::element::ptr e = LaidOut(element);
    if (!e)
      return {};
    auto declared = [&](const char* name, bool inherited, const char* initial) {
      const char* value = e->get_style_property(name, inherited, initial);
      return std::string(value ? value : initial);
    };
    litehtml::web_color background = litehtml::web_color::from_string(
        declared("background-color", false, "transparent").c_str(), &container_);
    if (declared("background-color", false, "transparent") == "transparent")
      background = litehtml::web_color(0, 0, 0, 0);
    std::vector<std::pair<std::string, std::string>> style = {
        {"display", DisplayName(e->get_display())},
        {"visibility", e->get_visibility() == litehtml::visibility_visible ? "visible" : "hidden"},
        {"color", Rgb(e->get_color("color", true, litehtml::web_color(0, 0, 0)))},
        {"background-color", Rgb(background)},
        {"font-size", Px(e->get_font_size())},
        {"font-family", declared("font-family", true, "serif")},
        {"font-weight", declared("font-weight", true, "normal")},
        {"font-style", declared("font-style", true, "normal")},
        {"text-align", declared("text-align", true, "start")},
        {"text-decoration", declared("text-decoration", false, "none")},
        {"white-space", declared("white-space", true, "normal")},
        {"position", declared("position", false, "static")},
        {"float", declared("float", false, "none")},
        {"overflow", declared("overflow", false, "visible")},
        {"opacity", declared("opacity", false, "1")},
    };
    bool rendered = Rendered(e);
    litehtml::position p = e->get_placement();
    style.emplace_back("width", rendered ? Px(p.width) : declared("width", false, "auto"));
    style.emplace_back("height", rendered ? Px(p.height) : declared("height", false, "auto"));
    const char* sides[] = {"top", "right", "bottom", "left"};
    auto add_sides = [&](const std::string& prefix, const std::string& suffix,
                         const litehtml::margins& m) {
      int values[] = {m.top, m.right, m.bottom, m.left};
      for (int i = 0; i < 4; ++i)
        style.emplace_back(prefix + sides[i] + suffix, Px(values[i]));
    };
    add_sides("margin-", "", e->get_margins());
    add_sides("padding-", "", e->get_paddings());
    add_sides("border-", "-width", e->get_borders());
    return style;
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
  litehtml::document::ptr document_;
  std::vector<const dom::Element*> dom_elements_;  // by the number layout's markup gave them
  std::vector<litehtml::element::ptr> laid_out_;   // the same numbering
  std::unordered_map<const dom::Element*, size_t> layout_index_;
};

}  // namespace

std::unique_ptr<PageLayout> CreatePageLayout(const dom::Document& document,
                                             const Url& base,
                                             const PageResources& resources) {
  return std::make_unique<LitehtmlPageLayout>(document, base, resources);
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
