// PageLayout on litehtml 0.6. litehtml takes markup, so the DOM is serialised and handed to
// it after every batch of changes (about 2 ms for a small page, DESIGN.md §9); our DOM stays
// the source of truth.
#include <fontconfig/fontconfig.h>

#include <litehtml.h>

#include "services/renderer/dom/html_parser.h"
#include "services/renderer/layout/cairo_container.h"
#include "services/renderer/layout/page_layout.h"
#include "services/renderer/layout/user_agent_stylesheet.h"

namespace nexus::renderer {
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

// The border box, as getBoundingClientRect reports it; litehtml places content boxes.
ElementBox BoxOf(const litehtml::element::ptr& element) {
  litehtml::position p = element->get_placement();
  litehtml::margins padding = element->get_paddings();
  litehtml::margins border = element->get_borders();
  int left = padding.left + border.left, top = padding.top + border.top;
  return {p.x - left, p.y - top, p.width + left + padding.right + border.right,
          p.height + top + padding.bottom + border.bottom};
}

class LitehtmlPageLayout : public PageLayout {
 public:
  LitehtmlPageLayout(const dom::Document& document, const browser::Url& base,
                     const PageResources& resources)
      : container_(base, resources) {
    std::string html = dom::SerializeHtml(document);
    document_ = litehtml::document::createFromString(html.c_str(), &container_, &SharedContext());
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
    // Text runs are unnamed elements: report the element that holds them.
    while (element && (!element->get_tagName() || !*element->get_tagName()))
      element = element->parent();
    if (!element)
      return std::nullopt;
    HitTestResult result;
    result.tag = element->get_tagName();
    result.id = element->get_attr("id", "");
    result.box = BoxOf(element);
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

  std::optional<ElementBox> BoxOfElement(std::string_view css_selector) override {
    litehtml::element::ptr element = document_->root()->select_one(std::string(css_selector));
    if (!element)
      return std::nullopt;
    return BoxOf(element);
  }

 private:
  CairoContainer container_;
  litehtml::document::ptr document_;
};

}  // namespace

std::unique_ptr<PageLayout> CreatePageLayout(const dom::Document& document,
                                             const browser::Url& base,
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
  auto base = browser::ParseUrl("about://warm-up");
  auto layout = CreatePageLayout(*document, *base, none);
  layout->Layout(200, 100);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 100);
  cairo_t* cr = cairo_create(surface);
  layout->Paint(cr, 0, 0, 200, 100);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
}

}  // namespace nexus::renderer
