// PageLayout on Nexus's own engine: style from our DOM (web/style), the box tree, the
// formatting contexts (block, inline, table, flex, floats, positioning), painting.
#include "web/layout/page_layout.h"

#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>
#include <unordered_map>

#include "base/logging.h"
#include "web/dom/html_parser.h"
#include "web/layout/block_layout.h"
#include "web/layout/box_tree.h"
#include "web/layout/display.h"
#include "web/layout/effects_painter.h"
#include "web/layout/image_decoder.h"
#include "web/layout/inline_layout.h"
#include "web/layout/inline_svg.h"
#include "web/layout/layout_cache.h"
#include "web/layout/painter.h"
#include "web/layout/run_fonts.h"
#include "web/layout/web_fonts.h"
#include "web/style/document_style.h"
#include "web/style/resolved_style.h"

namespace nexus::web {
namespace {

// Inline layout through pango, keeping what is laid out for the painter.
class Lines : public layout::InlineFormatter {
 public:
  Lines(layout::LineMap& laid, const layout::ImageLookup& images) : laid_(laid), images_(images) {}

  layout::LineBoxes LayOutLines(const layout::Box& container,
                                double content_width,
                                const std::vector<layout::AtomicInline>& atomics,
                                const std::vector<layout::LineBand>& bands) override {
    layout::InlineContent content = layout::LayOutInline(
        container, content_width, layout::SharedPangoContext(), atomics, bands, &measured_);
    layout::LineBoxes lines{content.height, std::nullopt, std::nullopt, content.atomic_positions,
                            content.pieces};
    if (content.line_count > 0) {
      lines.first_baseline = content.first_baseline;
      lines.last_baseline = content.last_baseline;
    }
    laid_[&container] = std::move(content);
    return lines;
  }

  layout::IntrinsicWidths LineWidths(const layout::Box& container,
                                     const std::vector<layout::AtomicInline>& narrowest,
                                     const std::vector<layout::AtomicInline>& widest) override {
    return layout::InlineWidths(container, layout::SharedPangoContext(), narrowest, widest,
                                &measured_);
  }

  std::optional<std::pair<double, double>> NaturalSize(const layout::Box& replaced) override {
    cairo_surface_t* image = images_(replaced);
    if (image)
      return std::pair<double, double>(cairo_image_surface_get_width(image),
                                       cairo_image_surface_get_height(image));
    const dom::Element* element = replaced.node ? replaced.node->AsElement() : nullptr;
    if (element && element->tag_name() != "img")
      return std::pair<double, double>(300, 150);  // CSS 2.2 §10.3.2's default
    return std::nullopt;
  }

 private:
  layout::LineMap& laid_;
  const layout::ImageLookup& images_;
  layout::InlineCache measured_;
};

class NexusPageLayout : public PageLayout {
 public:
  NexusPageLayout(const dom::Document& document, const Url& base, const PageResources& resources)
      : document_(document), base_(base), resources_(resources) {
    css::ComputedStyle::SetFontUnitsMeasure([](const css::ComputedStyle& style) {
      const PangoFontDescription* font = layout::FontOf(style);
      const layout::FontMetrics& metrics = layout::MetricsOf(font);
      return std::pair<double, double>(metrics.x_height, metrics.zero_width);
    });
    images_ = [this](const layout::Box& replaced) -> cairo_surface_t* {
      const dom::Element* element = replaced.node ? replaced.node->AsElement() : nullptr;
      if (element && element->tag_name() == "svg" && replaced.style)
        return InlineSvg(*element, *replaced.style);
      return element ? FetchedImage(*element) : nullptr;
    };
  }

  void Layout(int width, int height) override { LayOutDocument(width, height, false); }

  // What a first frame needs: everything down to a viewport below its bottom, so that a
  // first scroll or a frame a little taller is still laid out.
  void LayoutFirstFrame(int width, int height) override { LayOutDocument(width, height, true); }

  bool cut() const override { return root_.cut; }

  void LayOutDocument(int width, int height, bool first_frame) {
    css::MediaEnvironment environment;
    environment.width = width;
    environment.height = height;
    if (style_)
      style_->Update(document_, environment);
    else
      style_ = std::make_unique<style::DocumentStyle>(document_, base_, resources_.stylesheets,
                                                      environment);
    // Before any text is measured: the faces the page's @font-face rules bring.
    for (const std::string& error : layout::UseWebFonts(style_->font_faces(), resources_.fonts))
      LOG(Warning) << error;
    // What the restyle did not touch keeps its boxes, and with them its lines and, where its
    // constraints are the same, its fragments (layout_cache.h).
    std::vector<const layout::Box*> discarded;
    boxes_ = layout::BuildBoxTree(document_, *style_, std::move(boxes_), &discarded,
                                  [this](const dom::Element& img) { return !FetchedImage(img); });
    for (const layout::Box* box : discarded) {
      lines_.erase(box);
      cache_.Forget(*box);
    }
    Lines lines(lines_, images_);
    layout::Fragment previous = std::move(root_);  // what the cache copies kept fragments from
    root_ = layout::LayOutBlocks(*boxes_, width, height, lines, &cache_,
                                 first_frame ? std::optional<double>(2.0 * height) : std::nullopt);
    placed_valid_ = false;
    viewport_width_ = width;
    viewport_height_ = height;
  }

  int document_height() const override { return static_cast<int>(root_.height + 0.5); }

  void Paint(cairo_t* cr, int x, int y, int width, int height) override {
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, width, height);
    cairo_clip(cr);
    cairo_translate(cr, -x, -y);
    layout::PaintFragments(
        cr, root_, lines_,
        [this](const std::string& url) {
          auto image = resources_.images.find(url);
          return image == resources_.images.end() ? nullptr : image->second.get();
        },
        images_);
    cairo_restore(cr);
  }

  std::optional<HitTestResult> HitTest(int x, int y) override {
    // The box painted last at the point: what is inside positioned boxes paints after the
    // flow (painter.h), so it is hit first; otherwise the last in tree order.
    const layout::Fragment* hit = nullptr;
    int hit_level = -1;
    std::function<void(const layout::Fragment&, int)> visit = [&](const layout::Fragment& fragment,
                                                                  int level) {
      level += layout::IsPositioned(fragment) ? 1 : 0;
      if (x >= fragment.x && x < fragment.x + fragment.width && y >= fragment.y &&
          y < fragment.y + fragment.height && fragment.box && fragment.box->node &&
          level >= hit_level) {
        hit = &fragment;
        hit_level = level;
      }
      for (const layout::Fragment& child : fragment.children)
        visit(child, level);
    };
    visit(root_, 0);
    if (!hit)
      return std::nullopt;
    HitTestResult result;
    result.element = hit->box->node->AsElement();
    if (result.element) {
      result.tag = result.element->tag_name();
      result.id = std::string(result.element->GetAttribute("id").value_or(""));
      for (const dom::Node* up = result.element; up; up = up->parent()) {
        const dom::Element* element = up->AsElement();
        if (element && element->tag_name() == "a" && element->HasAttribute("href")) {
          if (auto link = ResolveUrl(base_, std::string(*element->GetAttribute("href"))); link.ok())
            result.link = link->spec;
          break;
        }
      }
    }
    result.box = Box(*hit);
    return result;
  }

  // Where layout put the element, transforms aside (offsetTop and the like read this).
  std::optional<ElementBox> BoxOf(const dom::Element& element) override {
    const layout::Fragment* found = Find(element).fragment;
    if (!found)
      return std::nullopt;
    return Box(*found);
  }

  // Its boxes as the user sees them: each through the transforms of the boxes it is in and
  // its own, the box around the corners, as CSSOM View has it (getClientRects and
  // getBoundingClientRect).
  std::vector<ElementBox> ClientRects(const dom::Element& element) override {
    std::vector<ElementBox> rects;
    std::vector<const layout::Fragment*> path;
    std::function<void(const layout::Fragment&)> visit = [&](const layout::Fragment& fragment) {
      path.push_back(&fragment);
      if (fragment.box && fragment.box->node == &element && fragment.box->pseudo_element.empty())
        rects.push_back(Transformed(Box(fragment), path));
      for (const layout::Fragment& child : fragment.children)
        visit(child);
      path.pop_back();
    };
    visit(root_);
    return rects;
  }

  const dom::Element* OffsetParent(const dom::Element& element) override {
    const css::ComputedStyle* own = style_ ? style_->StyleOf(element) : nullptr;
    if (!own || !Find(element).fragment || own->Keyword("position") == "fixed" ||
        element.tag_name() == "body")
      return nullptr;
    bool positioned = own->Keyword("position") != "static";
    for (const dom::Node* up = element.parent(); up; up = up->parent()) {
      const dom::Element* ancestor = up->AsElement();
      if (!ancestor)
        break;
      const css::ComputedStyle* style = style_->StyleOf(*ancestor);
      const std::string& tag = ancestor->tag_name();
      if (tag == "body" ||
          (style &&
           (style->Keyword("position") != "static" || layout::ContainsFixedPositioned(*style))) ||
          (!positioned && (tag == "td" || tag == "th" || tag == "table")))
        return ancestor;
    }
    return nullptr;
  }

  std::vector<std::pair<std::string, std::string>> ComputedStyle(
      const dom::Element& element) override {
    const dom::Node* top = &element;
    while (top->parent())
      top = top->parent();
    // A removed element keeps its last style in style_ for a while: it has none now.
    const css::ComputedStyle* computed =
        style_ && top == &document_ ? style_->StyleOf(element) : nullptr;
    if (!computed)
      return {};
    auto resolved = style::ResolveStyle(*computed, viewport_width_, viewport_height_);
    UseLaidOutSizes(element, *computed, resolved);
    return resolved;
  }

  // CSSOM §9's resolved values: a rendered box's width and height as laid out (its content
  // box, or border box under box-sizing: border-box), and its horizontal margins where they
  // were auto or a percentage, as Chromium answers getComputedStyle.
  void UseLaidOutSizes(const dom::Element& element,
                       const css::ComputedStyle& style,
                       std::vector<std::pair<std::string, std::string>>& resolved) const {
    auto [found, parent] = Find(element);
    if (!found || found->inline_box || found->box->kind == layout::BoxKind::kText)
      return;
    auto px = [&](const char* property) {
      auto length = style.LengthOf(property);
      return length ? length->ToPixels(style.Context()) : 0.0;
    };
    auto number = [](double value) {
      std::ostringstream out;
      out << std::round(value * 64) / 64 << "px";
      return out.str();
    };
    bool border_box = style.Keyword("box-sizing") == "border-box";
    double width = found->width, height = found->height;
    if (!border_box) {
      width -= px("border-left-width") + px("border-right-width") + px("padding-left") +
               px("padding-right");
      height -= px("border-top-width") + px("border-bottom-width") + px("padding-top") +
                px("padding-bottom");
    }
    std::map<std::string, std::string> used = {{"width", number(std::max(0.0, width))},
                                               {"height", number(std::max(0.0, height))}};
    // Horizontal margins of a block in flow, from where it sits in its parent's content box.
    const css::ComputedStyle* parent_style =
        parent && parent->box ? parent->box->style.get() : nullptr;
    std::string position = style.Keyword("position");
    if (parent_style && parent->box->kind != layout::BoxKind::kText &&
        found->box->display.outer == layout::Outer::kBlock && position != "absolute" &&
        position != "fixed" && style.Keyword("float") == "none") {
      auto parent_px = [&](const char* property) {
        auto length = parent_style->LengthOf(property);
        return length ? length->ToPixels(parent_style->Context()) : 0.0;
      };
      double content_right =
          parent->x + parent->width - parent_px("border-right-width") - parent_px("padding-right");
      used["margin-left"] = number(found->x - parent->content_x);
      used["margin-right"] = number(content_right - (found->x + found->width));
    }
    for (auto& [name, value] : resolved) {
      auto it = used.find(name);
      if (it == used.end())
        continue;
      bool relative = value == "auto" || value.find('%') != std::string::npos;
      if (name == "width" || name == "height" || relative)
        value = it->second;
    }
  }

 private:
  static ElementBox Box(const layout::Fragment& fragment) {
    // Chromium's layout units: 1/64 px, lengths truncated to them.
    auto units = [](double px) { return std::floor(px * 64 + 1e-6) / 64; };
    ElementBox box{units(fragment.x), units(fragment.y), units(fragment.width),
                   units(fragment.height)};
    const css::ComputedStyle* style = fragment.box ? fragment.box->style.get() : nullptr;
    if (style && fragment.box->kind != layout::BoxKind::kText) {
      const char* sides[] = {"border-top-width", "border-right-width", "border-bottom-width",
                             "border-left-width"};
      for (int i = 0; i < 4; ++i) {
        auto width = style->LengthOf(sides[i]);
        box.borders[i] = width ? width->ToPixels(style->Context()) : 0;
      }
    }
    return box;
  }

  static ElementBox Transformed(ElementBox box, const std::vector<const layout::Fragment*>& path) {
    bool any = std::any_of(path.begin(), path.end(), [](const layout::Fragment* f) {
      return f->box && f->box->style && f->box->kind != layout::BoxKind::kText &&
             f->box->style->Keyword("transform") != "none" &&
             !f->box->style->Value("transform").empty();
    });
    if (!any)
      return box;
    // A cairo context only to compose the matrices as the painter does.
    static cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    cairo_t* cr = cairo_create(surface);
    for (const layout::Fragment* f : path) {
      if (f->box && f->box->style && f->box->kind != layout::BoxKind::kText)
        layout::ApplyTransform(cr, {f->x, f->y, f->width, f->height}, *f->box->style);
    }
    cairo_matrix_t matrix;
    cairo_get_matrix(cr, &matrix);
    cairo_destroy(cr);
    double left = INFINITY, top = INFINITY, right = -INFINITY, bottom = -INFINITY;
    for (auto [x, y] : {std::pair{box.x, box.y},
                        {box.x + box.width, box.y},
                        {box.x, box.y + box.height},
                        {box.x + box.width, box.y + box.height}}) {
      cairo_matrix_transform_point(&matrix, &x, &y);
      left = std::min(left, x);
      top = std::min(top, y);
      right = std::max(right, x);
      bottom = std::max(bottom, y);
    }
    box.x = left;
    box.y = top;
    box.width = right - left;
    box.height = bottom - top;
    return box;
  }

  // The picture main fetched for an element's src, if it came and decoded.
  cairo_surface_t* FetchedImage(const dom::Element& element) const {
    auto src = element.GetAttribute("src");
    auto url = ResolveUrl(base_, std::string(src.value_or("")));
    if (!src || !url.ok())
      return nullptr;
    auto image = resources_.images.find(url->spec);
    return image == resources_.images.end() ? nullptr : image->second.get();
  }

  // An <svg> in the page drawn by librsvg, again only when its markup (or colour) changed.
  cairo_surface_t* InlineSvg(const dom::Element& svg, const css::ComputedStyle& style) {
    css::Color c = style.ColorOf("color");
    std::string color = "rgba(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," +
                        std::to_string(c.b) + "," + std::to_string(c.alpha) + ")";
    std::string markup = layout::InlineSvgMarkup(svg, color, layout::InlineSvgSize(svg));
    auto& [drawn_from, surface] = inline_svgs_[&svg];
    if (drawn_from != markup) {
      auto decoded = DecodeImage({reinterpret_cast<const uint8_t*>(markup.data()), markup.size()});
      if (!decoded.ok())
        LOG(Info) << "inline <svg>: " << decoded.error().message();
      surface = decoded.ok() ? std::move(decoded).value() : CairoSurface();
      drawn_from = std::move(markup);
    }
    return surface.get();
  }

  // Where the element's first fragment is, and the fragment it is in: from an index made
  // once per layout (scripts ask for many elements between two layouts).
  struct Placed {
    const layout::Fragment* fragment = nullptr;
    const layout::Fragment* parent = nullptr;
  };
  Placed Find(const dom::Element& element) const {
    if (!placed_valid_) {
      placed_.clear();
      std::function<void(const layout::Fragment&)> visit = [&](const layout::Fragment& fragment) {
        for (const layout::Fragment& child : fragment.children) {
          const dom::Element* owner =
              child.box && child.box->node && child.box->pseudo_element.empty()
                  ? child.box->node->AsElement()
                  : nullptr;
          if (owner)
            placed_.try_emplace(owner, Placed{&child, &fragment});
          visit(child);
        }
      };
      visit(root_);
      placed_valid_ = true;
    }
    auto it = placed_.find(&element);
    return it == placed_.end() ? Placed{} : it->second;
  }

  const dom::Document& document_;
  Url base_;
  const PageResources& resources_;
  layout::ImageLookup images_;  // a replaced box's picture, by its src
  std::unique_ptr<style::DocumentStyle> style_;
  std::unordered_map<const dom::Element*, std::pair<std::string, CairoSurface>> inline_svgs_;
  std::unique_ptr<layout::Box> boxes_;
  layout::LineMap lines_;
  layout::LayoutCache cache_;
  layout::Fragment root_;
  mutable std::unordered_map<const dom::Element*, Placed> placed_;  // Find's index of root_
  mutable bool placed_valid_ = false;
  int viewport_width_ = 800, viewport_height_ = 600;
};

}  // namespace

std::unique_ptr<PageLayout> CreatePageLayout(const dom::Document& document,
                                             const Url& base,
                                             const PageResources& resources) {
  return std::make_unique<NexusPageLayout>(document, base, resources);
}

void WarmUpLayout() {
  FcInit();
  // Lay out and paint a page in the common faces, so fontconfig's cache, pango's font map
  // and the faces themselves are loaded once (in the zygote, shared by every renderer).
  PageResources none;
  auto document = dom::ParseHtml(
      "<p>warm <b>bold</b> <i>italic</i> <code>mono</code> <span style=\"font-family: "
      "sans-serif\">sans <b>bold</b></span> <span style=\"font-family: system-ui\">ui</span></p>"
      "<ol><li>one</li></ol><table><tr><td>cell");
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
