#include "services/renderer/page.h"

#include <cairo.h>

#include <algorithm>
#include <cstring>

#include "services/renderer/dom/html_parser.h"
#include "services/renderer/layout/image_decoder.h"

namespace nexus::renderer {
namespace {

std::span<const uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// An image or a text file is shown as a document whose body holds that one element.
std::unique_ptr<dom::Document> DocumentWith(const char* tag, dom::Element*& element) {
  auto document = dom::ParseHtml("<!doctype html><html><body style=\"margin:0\"></body></html>");
  element = document->body()->AppendChild(document->CreateElement(tag))->AsElement();
  return document;
}

}  // namespace

Page::Page(browser::Url url, std::unique_ptr<dom::Document> document)
    : url_(std::move(url)), document_(std::move(document)) {
  base_ = DocumentBaseUrl(*document_, url_);
}

Result<std::unique_ptr<Page>> Page::Create(const browser::Url& url, std::string_view mime_type,
                                           std::string_view bytes) {
  if (mime_type.starts_with("image/")) {
    ASSIGN_OR_RETURN(CairoSurface image, DecodeImage(AsBytes(bytes)));
    dom::Element* img = nullptr;
    std::unique_ptr<Page> page(new Page(url, DocumentWith("img", img)));
    img->SetAttribute("src", url.spec);
    page->resources_.images[url.spec] = std::move(image);
    return page;
  }
  if (mime_type == "text/plain") {
    dom::Element* pre = nullptr;
    std::unique_ptr<Page> page(new Page(url, DocumentWith("pre", pre)));
    pre->SetAttribute("style", "margin:8px;white-space:pre-wrap");
    pre->AppendChild(page->document_->CreateText(std::string(bytes)));
    return page;
  }
  std::unique_ptr<Page> page(new Page(url, dom::ParseHtml(bytes)));
  page->RunInlineScripts();
  return page;
}

namespace {

// <script> with no type, or a JavaScript MIME type: a classic script (modules and data
// blocks are not run as classic scripts).
bool IsClassicScript(const dom::Element& script) {
  auto type = script.GetAttribute("type");
  if (!type || type->empty())
    return true;
  std::string lowered(*type);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered == "text/javascript" || lowered == "application/javascript";
}

}  // namespace

void Page::RunInlineScripts() {
  std::vector<dom::Element*> scripts = document_->GetElementsByTagName("script");
  if (scripts.empty())
    return;
  ScriptEngine* engine = StartedScriptEngine();
  if (!engine)
    return;  // no engine in this process: the page shows as it is
  auto created = engine->ForDocument(*document_, url_.spec, *this);
  if (!created.ok()) {
    OnConsoleMessage({"error", created.error().message(), url_.spec, 0});
    return;
  }
  scripts_ = std::move(created).value();
  // A script may add or remove scripts; the ones parsed with the document run, once each.
  for (dom::Element* script : scripts) {
    if (script->HasAttribute("src") || !IsClassicScript(*script))
      continue;
    (void)scripts_->RunScript(script->TextContent(), url_.spec, 1);  // errors go to the console
  }
}

void Page::OnConsoleMessage(const ConsoleMessage& message) {
  constexpr size_t kMaxKept = 1000;  // a script logging in a loop cannot fill the renderer
  if (console_.size() < kMaxKept)
    console_.push_back(message);
}

Result<std::string> Page::Evaluate(std::string_view expression) {
  if (!scripts_) {
    ScriptEngine* engine = StartedScriptEngine();
    if (!engine)
      return Error("this renderer has no JavaScript engine");
    ASSIGN_OR_RETURN(scripts_, engine->ForDocument(*document_, url_.spec, *this));
  }
  return scripts_->EvaluateAsJson(expression);
}

std::vector<std::string> Page::ImageUrls() const {
  std::vector<std::string> urls;
  for (const dom::Element* img : document_->GetElementsByTagName("img")) {
    auto src = img->GetAttribute("src");
    if (!src)
      continue;
    if (auto url = browser::ResolveUrl(base_, std::string(*src)); url.ok())
      urls.push_back(url->spec);
  }
  return urls;
}

std::vector<Subresource> Page::InitialSubresources() const {
  std::vector<Subresource> wanted = CollectSubresources(*document_, base_);
  std::erase_if(wanted, [&](const Subresource& resource) {
    return resources_.images.count(resource.url) > 0;  // an image document's own image
  });
  return wanted;
}

Result<std::vector<Subresource>> Page::AddResource(const Subresource& resource,
                                                   std::string_view bytes) {
  layout_.reset();  // Styles or image sizes change: lay out again.
  if (resource.kind == ResourceKind::STYLESHEET) {
    resources_.stylesheets[resource.url] = std::string(bytes);
    auto stylesheet_url = browser::ParseUrl(resource.url);
    if (!stylesheet_url.ok())
      return std::vector<Subresource>{};
    return CssReferences(bytes, *stylesheet_url);
  }
  auto image = DecodeImage(AsBytes(bytes));
  if (!image.ok())
    return image.error().Context(resource.url);
  resources_.images[resource.url] = std::move(image).value();
  return std::vector<Subresource>{};
}

void Page::Layout(int viewport_width, int viewport_height) {
  if (!layout_ || document_changed_) {
    layout_ = CreatePageLayout(*document_, url_, resources_);
    document_changed_ = false;
    laid_out_width_ = laid_out_height_ = 0;
  }
  else if (viewport_width == laid_out_width_ && viewport_height == laid_out_height_)
    return;
  layout_->Layout(viewport_width, viewport_height);
  laid_out_width_ = viewport_width;
  laid_out_height_ = viewport_height;
}

Result<PaintedFrame> Page::Paint(int width, int height, bool full_page) {
  if (width <= 0 || height <= 0 || width > kMaxFrameSide || height > kMaxFrameSide)
    return Error("frame of " + std::to_string(width) + "x" + std::to_string(height) +
                 " pixels is outside 1.." + std::to_string(kMaxFrameSide));
  Layout(width, height);
  if (full_page)
    height = std::clamp(layout_->document_height(), height, kMaxFrameSide);
  PaintedFrame frame;
  frame.width = width;
  frame.height = height;
  frame.stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width);
  ASSIGN_OR_RETURN(WritableSharedMemory memory,
                   WritableSharedMemory::Create(static_cast<size_t>(frame.stride) * height,
                                                "nexus-frame"));
  cairo_surface_t* surface = cairo_image_surface_create_for_data(
      memory.bytes().data(), CAIRO_FORMAT_ARGB32, width, height, frame.stride);
  cairo_t* cr = cairo_create(surface);
  // The canvas is white where the page paints nothing, as in every browser.
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  layout_->Paint(cr, 0, 0, width, height);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  cairo_surface_destroy(surface);
  ASSIGN_OR_RETURN(frame.pixels, std::move(memory).Seal());
  return frame;
}

std::optional<HitTestResult> Page::HitTest(int x, int y) {
  if (!layout_)
    Layout(laid_out_width_ ? laid_out_width_ : 800, laid_out_height_ ? laid_out_height_ : 600);
  return layout_->HitTest(x, y);
}

}  // namespace nexus::renderer
