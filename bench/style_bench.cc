// The style engine on a large real page (issue 15): computed styles for every element of
// Node.js's fs.html (Debian's nodejs-doc) with its style sheets, and the box tree from them,
// against the HTML parse of the same page (the baseline, same run), and the whole of style
// and layout through PageLayout; heap per element from mallinfo2.
//   build/bench/style_bench [PAGE.html] [RUNS]
#include <cairo.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "web/dom/html_parser.h"
#include "web/layout/box_tree.h"
#include "web/layout/page_layout.h"
#include "web/loader/subresources.h"
#include "web/style/document_style.h"

namespace {

using nexus::web::PageResources;

template <typename F>
double MedianMilliseconds(int runs, F&& work) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The viewport at the top of the page as the layout paints it.
std::vector<uint8_t> Painted(nexus::web::PageLayout& layout) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 600);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  layout.Paint(cr, 0, 0, 800, 600);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  const uint8_t* data = cairo_image_surface_get_data(surface);
  std::vector<uint8_t> pixels(data, data + cairo_image_surface_get_stride(surface) * 600);
  cairo_surface_destroy(surface);
  return pixels;
}

size_t HeapInUse() {
  return mallinfo2().uordblks;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "/usr/share/doc/nodejs/api/fs.html";
  int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::string html = ReadFile(path);
  if (html.empty()) {
    std::fprintf(stderr, "style_bench: cannot read %s\n", path.c_str());
    return 1;
  }
  auto url = nexus::web::ParseUrl("file://" + path);
  auto document = nexus::web::dom::ParseHtml(html);
  PageResources resources;
  for (const auto& resource : nexus::web::CollectSubresources(*document, *url)) {
    if (resource.kind == nexus::web::ResourceKind::kStylesheet &&
        resource.url.rfind("file://", 0) == 0)
      resources.stylesheets[resource.url] = ReadFile(resource.url.substr(7));
  }
  nexus::web::css::MediaEnvironment environment;
  size_t elements = document->ElementCount();

  double parse_ms = MedianMilliseconds(runs, [&] { nexus::web::dom::ParseHtml(html); });
  double style_ms = MedianMilliseconds(runs, [&] {
    nexus::web::style::DocumentStyle style(*document, *url, resources.stylesheets, environment);
  });
  nexus::web::style::DocumentStyle styled(*document, *url, resources.stylesheets, environment);
  double boxes_ms =
      MedianMilliseconds(runs, [&] { nexus::web::layout::BuildBoxTree(*document, styled); });
  double layout_ms = MedianMilliseconds(runs, [&] {
    auto layout = nexus::web::CreatePageLayout(*document, *url, resources);
    layout->Layout(800, 600);
  });
  // A first frame: the same, down to a viewport below the first (what `nexus shot` waits
  // for), then the rest of the page as it follows.
  double first_frame_ms = 0, rest_ms = 0;
  for (int i = 0; i < runs; ++i) {
    auto layout = nexus::web::CreatePageLayout(*document, *url, resources);
    first_frame_ms += MedianMilliseconds(1, [&] { layout->LayoutFirstFrame(800, 600); });
    rest_ms += MedianMilliseconds(1, [&] { layout->Layout(800, 600); });
  }
  first_frame_ms /= runs;
  rest_ms /= runs;
  // Whether the first frame shows what the whole layout does (it must, pixel for pixel).
  auto first = nexus::web::CreatePageLayout(*document, *url, resources);
  first->LayoutFirstFrame(800, 600);
  bool first_cut = first->cut();
  std::vector<uint8_t> first_pixels = Painted(*first);
  first->Layout(800, 600);
  bool first_same = first_pixels == Painted(*first);
  size_t before_dom = HeapInUse();
  auto copy = nexus::web::dom::ParseHtml(html);
  size_t dom_heap = HeapInUse() - before_dom;
  size_t before = HeapInUse();
  auto style = std::make_unique<nexus::web::style::DocumentStyle>(
      *document, *url, resources.stylesheets, environment);
  size_t heap = HeapInUse() - before;
  size_t before_boxes = HeapInUse();
  auto boxes = nexus::web::layout::BuildBoxTree(*document, *style);
  size_t boxes_heap = HeapInUse() - before_boxes;
  size_t box_count = 0;
  std::function<void(const nexus::web::layout::Box&)> count =
      [&](const nexus::web::layout::Box& box) {
        ++box_count;
        for (const auto& child : box.children)
          count(*child);
      };
  count(*boxes);
  size_t before_layout = HeapInUse();
  auto laid_out = nexus::web::CreatePageLayout(*document, *url, resources);
  laid_out->Layout(800, 600);
  size_t layout_heap = HeapInUse() - before_layout;

  std::printf("page: %s (%zu elements, %zu author sheets)\n", path.c_str(), elements,
              style->author_sheet_count());
  std::printf("html parse (baseline)      %8.2f ms\n", parse_ms);
  std::printf("style, every element       %8.2f ms  %.2fx parse, %.2f us/element\n", style_ms,
              style_ms / parse_ms, style_ms * 1000 / static_cast<double>(elements));
  std::printf("box tree                  %8.2f ms  %.2fx parse\n", boxes_ms, boxes_ms / parse_ms);
  std::printf("style + box tree + layout  %8.2f ms  %.2fx parse\n", layout_ms,
              layout_ms / parse_ms);
  std::printf(
      "first frame (top of page)  %8.2f ms  %.2fx parse; the rest after it %.2f ms (%s, %s)\n",
      first_frame_ms, first_frame_ms / parse_ms, rest_ms, first_cut ? "cut" : "whole page",
      first_same ? "same pixels" : "PIXELS DIFFER");
  std::printf("computed styles' heap      %8.2f MiB  %.0f bytes/element\n",
              static_cast<double>(heap) / (1 << 20), static_cast<double>(heap) / elements);
  std::printf("DOM heap                   %8.2f MiB  %.0f bytes/element\n",
              static_cast<double>(dom_heap) / (1 << 20), static_cast<double>(dom_heap) / elements);
  std::printf("box tree heap              %8.2f MiB  %.0f bytes/box (%zu boxes)\n",
              static_cast<double>(boxes_heap) / (1 << 20),
              static_cast<double>(boxes_heap) / static_cast<double>(box_count), box_count);
  std::printf(
      "whole layout's heap        %8.2f MiB  %.0f bytes/box (style, boxes, fragments, lines)\n",
      static_cast<double>(layout_heap) / (1 << 20),
      static_cast<double>(layout_heap) / static_cast<double>(box_count));
  return 0;
}
