#include "web/page/page.h"

#include <cairo.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "web/dom/charset.h"
#include "web/dom/html_parser.h"
#include "web/layout/image_decoder.h"

namespace nexus::web {
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

Page::Page(Url url, std::unique_ptr<dom::Document> document)
    : url_(std::move(url)), document_(std::move(document)) {
  base_ = DocumentBaseUrl(*document_, url_);
}

Result<std::unique_ptr<Page>> Page::Create(const Url& url,
                                           std::string_view mime_type,
                                           std::string_view bytes) {
  if (mime_type.starts_with("image/")) {
    ASSIGN_OR_RETURN(CairoSurface image, DecodeImage(AsBytes(bytes)));
    dom::Element* img = nullptr;
    std::unique_ptr<Page> page(new Page(url, DocumentWith("img", img)));
    img->SetAttribute("src", url.spec);
    page->resources_.images[url.spec] = std::move(image);
    return page;
  }
  // Text in the encoding it says it is in (or looks it is in), as UTF-8.
  std::string text = dom::DecodeToUtf8(bytes, mime_type);
  if (mime_type.starts_with("text/plain")) {
    dom::Element* pre = nullptr;
    std::unique_ptr<Page> page(new Page(url, DocumentWith("pre", pre)));
    pre->SetAttribute("style", "margin:8px;white-space:pre-wrap");
    pre->AppendChild(page->document_->CreateText(std::move(text)));
    return page;
  }
  return std::unique_ptr<Page>(new Page(url, dom::ParseHtml(text)));
}

std::vector<Subresource> Page::RunScripts() {
  if (scripts_ran_)
    return {};
  scripts_ran_ = true;
  if (document_->scripts_created == 0)
    return {};  // no <script> was ever made for it: nothing to run
  std::vector<dom::Element*> elements = document_->GetElementsByTagName("script");
  ScriptEngine* engine = StartedScriptEngine();
  if (elements.empty() || !engine)
    return {};  // no scripts, or no engine in this process: the page shows as it is
  auto created = engine->ForDocument(*document_, url_.spec, *this);
  if (!created.ok()) {
    OnConsoleMessage({"error", created.error().message(), url_.spec, 0});
    return {};
  }
  scripts_ = std::move(created).value();
  // The parser-inserted scripts in document order, deferred ones after the rest (every
  // external one has arrived by now, so async ones keep their place too). Scripts that
  // scripts add are not run: that needs the DOM's insertion steps.
  std::vector<dom::Element*> in_order, deferred;
  for (dom::Element* script : elements) {
    if (!IsClassicScript(*script))
      continue;
    bool defer = script->HasAttribute("src") && script->HasAttribute("defer") &&
                 !script->HasAttribute("async");
    (defer ? deferred : in_order).push_back(script);
  }
  in_order.insert(in_order.end(), deferred.begin(), deferred.end());
  for (dom::Element* script : in_order) {
    auto src = script->GetAttribute("src");
    if (!src) {
      (void)scripts_->RunScript(script->TextContent(), url_.spec, 1);  // errors: the console
      continue;
    }
    auto url = web::ResolveUrl(base_, std::string(*src));
    auto source = url.ok() ? resources_.scripts.find(url->spec) : resources_.scripts.end();
    if (source == resources_.scripts.end()) {
      OnConsoleMessage({"error", "failed to load script " + std::string(*src), url_.spec, 0});
      continue;
    }
    (void)scripts_->RunScript(source->second, url->spec, 1);
  }
  scripts_->FireLoadEvents();
  // What the scripts added to the page (images, stylesheets) is loaded before it is shown.
  return NewSubresources();
}

std::vector<Subresource> Page::NewSubresources() {
  if (!subresources_stale_)
    return {};
  subresources_stale_ = false;
  std::vector<Subresource> added = CollectSubresources(*document_, base_);
  std::erase_if(added, [&](const Subresource& resource) {
    // Scripts that scripts insert are loaded by them (through Fetch).
    return resource.kind == ResourceKind::kScript || !requested_.insert(resource.url).second;
  });
  return added;
}

void Page::SetTimer(int id, int delay_ms) {
  if (client_)
    client_->ScheduleTimer(id, delay_ms);
}

void Page::FireTimer(int id) {
  if (scripts_)
    scripts_->FireTimer(id);
}

void Page::FetchDone(int id, const FetchResponse& response) {
  if (scripts_)
    scripts_->FetchDone(id, response);
}

void Page::StorageChanged(const StorageChange& change) {
  if (scripts_)
    scripts_->StorageChanged(change);
}

void Page::RestoreFormFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  for (const auto& [key, value] : fields) {
    dom::Element* element = nullptr;
    if (key.rfind('#', 0) == 0) {
      for (const dom::Node* node : dom::Descendants(*document_)) {
        const dom::Element* candidate = node->AsElement();
        if (candidate && candidate->GetAttribute("id") == key.substr(1)) {
          element = const_cast<dom::Element*>(candidate);
          break;
        }
      }
    } else {
      dom::Node* node = document_->document_element();
      size_t start = 0;
      while (node && start <= key.size() && !key.empty()) {
        size_t end = key.find('/', start);
        size_t wanted = std::strtoul(key.substr(start, end - start).c_str(), nullptr, 10);
        dom::Node* child = nullptr;
        for (const auto& candidate : node->children()) {
          if (candidate->AsElement() && wanted-- == 0) {
            child = candidate.get();
            break;
          }
        }
        node = child;
        if (end == std::string::npos)
          break;
        start = end + 1;
      }
      element = node ? node->AsElement() : nullptr;
    }
    if (element && (element->tag_name() == "input" || element->tag_name() == "textarea")) {
      element->SetValue(value);
      OnDocumentChanged();
    }
  }
}

void Page::IndexedDbVersionChanged(const std::string& database,
                                   uint64_t old_version,
                                   uint64_t new_version) {
  if (scripts_)
    scripts_->IndexedDbVersionChanged(database, old_version, new_version);
}

void Page::StorageAnswered(int id, const StorageAnswer& answer) {
  if (scripts_)
    scripts_->StorageAnswered(id, answer);
}

DocumentScripts* Page::Scripts() {
  if (scripts_)
    return scripts_.get();
  ScriptEngine* engine = StartedScriptEngine();
  if (!engine)
    return nullptr;
  // A page without scripts gets its context now, loaded as it is.
  auto created = engine->ForDocument(*document_, url_.spec, *this);
  if (!created.ok()) {
    OnConsoleMessage({"error", created.error().message(), url_.spec, 0});
    return nullptr;
  }
  scripts_ = std::move(created).value();
  scripts_->FireLoadEvents();
  return scripts_.get();
}

void Page::DispatchInput(const UserInput& input) {
  bool mouse = input.kind == UserInput::Kind::kMouseDown || input.kind == UserInput::Kind::kMouseUp;
  std::optional<HitTestResult> hit;
  if (mouse)
    hit = HitTest(static_cast<int>(input.x), static_cast<int>(input.y));
  if (DocumentScripts* scripts = Scripts()) {
    scripts->DispatchInput(input, hit ? hit->element : nullptr);
    return;
  }
  // No engine: a press and a release on the same link still follow it.
  if (input.kind == UserInput::Kind::kMouseDown) {
    pressed_link_ = hit ? hit->link : "";
  } else if (input.kind == UserInput::Kind::kMouseUp) {
    if (hit && !hit->link.empty() && hit->link == pressed_link_ && client_) {
      NavigationRequest request;
      request.url = hit->link;
      client_->Navigate(request);
    }
    pressed_link_.clear();
  }
}

std::optional<ElementBox> Page::BoxOf(const dom::Element& element) {
  return CurrentLayout().BoxOf(element);
}

std::optional<std::string> Page::StylesheetText(const std::string& url) {
  auto sheet = resources_.stylesheets.find(url);
  if (sheet == resources_.stylesheets.end())
    return std::nullopt;
  return sheet->second;
}

const dom::Element* Page::OffsetParent(const dom::Element& element) {
  return CurrentLayout().OffsetParent(element);
}

std::vector<ElementBox> Page::ClientRects(const dom::Element& element) {
  return CurrentLayout().ClientRects(element);
}

std::optional<std::pair<int, int>> Page::NaturalSize(const dom::Element& element) {
  auto src = element.GetAttribute("src");
  auto url = src ? ResolveUrl(std::string(*src)) : std::nullopt;
  if (!url)
    return std::nullopt;
  auto image = resources_.images.find(*url);
  if (image == resources_.images.end())
    return std::nullopt;
  return std::pair<int, int>(cairo_image_surface_get_width(image->second.get()),
                             cairo_image_surface_get_height(image->second.get()));
}

std::vector<std::pair<std::string, std::string>> Page::ComputedStyle(const dom::Element& element) {
  return CurrentLayout().ComputedStyle(element);
}

std::optional<std::string> Page::ResolveUrl(const std::string& relative) const {
  auto url = web::ResolveUrl(base_, relative);
  return url.ok() ? std::optional<std::string>(url->spec) : std::nullopt;
}

void Page::Navigate(const NavigationRequest& request) {
  if (client_)
    client_->Navigate(request);
}

void Page::Fetch(int id, const FetchRequest& request) {
  if (client_)
    client_->Fetch(id, request);
}

void Page::SetCookie(const std::string& cookie) {
  if (client_)
    client_->SetCookie(cookie);
}

void Page::UrlChanged(const std::string& url, bool replace) {
  auto parsed = ParseUrl(url);
  if (!parsed.ok())
    return;
  url_ = *parsed;
  base_ = DocumentBaseUrl(*document_, url_);
  if (client_)
    client_->UrlChanged(url_.spec, replace);
}

Result<StorageEntries> Page::OpenStorage(StorageArea area) {
  if (!client_)
    return Error("SecurityError: the page has no browser to keep its storage");
  return client_->OpenStorage(area);
}

void Page::WriteStorage(StorageArea area,
                        StorageOperation operation,
                        const std::string& key,
                        const std::string& value) {
  if (client_)
    client_->WriteStorage(area, operation, key, value);
}

void Page::OnConsoleMessage(const ConsoleMessage& message) {
  constexpr size_t kMaxKept = 1000;  // a script logging in a loop cannot fill the renderer
  if (console_.size() < kMaxKept)
    console_.push_back(message);
}

Result<std::string> Page::Evaluate(std::string_view expression) {
  DocumentScripts* scripts = Scripts();
  if (!scripts)
    return Error("this renderer has no JavaScript engine");
  return scripts->EvaluateAsJson(expression);
}

std::vector<std::string> Page::ImageUrls() const {
  std::vector<std::string> urls;
  for (const dom::Element* img : document_->GetElementsByTagName("img")) {
    auto src = img->GetAttribute("src");
    if (!src)
      continue;
    if (auto url = web::ResolveUrl(base_, std::string(*src)); url.ok())
      urls.push_back(url->spec);
  }
  return urls;
}

std::vector<Subresource> Page::InitialSubresources() {
  std::vector<Subresource> wanted = CollectSubresources(*document_, base_);
  std::erase_if(wanted, [&](const Subresource& resource) {
    // An image document's own image is here already.
    return resources_.images.count(resource.url) > 0 || !requested_.insert(resource.url).second;
  });
  return wanted;
}

Result<std::vector<Subresource>> Page::AddResource(const Subresource& resource,
                                                   std::string_view bytes) {
  ++version_;       // an image or style sheet changes what is painted
  layout_.reset();  // Styles or image sizes change: lay out again.
  if (resource.kind == ResourceKind::kScript) {
    resources_.scripts[resource.url] = std::string(bytes);
    return std::vector<Subresource>{};
  }
  if (resource.kind == ResourceKind::kFont) {
    resources_.fonts[resource.url] = std::string(bytes);
    return std::vector<Subresource>{};
  }
  if (resource.kind == ResourceKind::kStylesheet) {
    resources_.stylesheets[resource.url] = std::string(bytes);
    auto stylesheet_url = ParseUrl(resource.url);
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

// Layout is lazy: a script's changes are laid out together, before the next frame or when a
// script asks where something is.
void Page::Layout(int viewport_width, int viewport_height) {
  LayOut(viewport_width, viewport_height, false);
}

void Page::LayOut(int viewport_width, int viewport_height, bool first_frame) {
  if (!layout_)
    layout_ = CreatePageLayout(*document_, url_, resources_);
  if (document_changed_) {
    // The layout keeps what the change did not touch (the DOM marks what it did).
    document_changed_ = false;
    laid_out_width_ = laid_out_height_ = 0;
  }
  if (viewport_width == laid_out_width_ && viewport_height == laid_out_height_ &&
      (first_frame || !layout_->cut()))
    return;
  bool resized =
      last_width_ != 0 && (viewport_width != last_width_ || viewport_height != last_height_);
  // Only a page never laid out before shows its first frame from its top alone: the rest
  // follows (FinishLayout, or whatever asks where something is).
  if (first_frame && last_width_ == 0)
    layout_->LayoutFirstFrame(viewport_width, viewport_height);
  else
    layout_->Layout(viewport_width, viewport_height);
  laid_out_width_ = last_width_ = viewport_width;
  laid_out_height_ = last_height_ = viewport_height;
  if (resized && scripts_) {
    // matchMedia's change events and the window's resize (errors go to the console).
    (void)scripts_->RunScript("__nexusViewportChanged()", url_.spec, 1);
  }
}

PageLayout& Page::CurrentLayout() {
  // At the size of the last frame, which is what the user sees.
  Layout(last_width_ ? last_width_ : viewport_width_,
         last_height_ ? last_height_ : viewport_height_);
  return *layout_;
}

Result<PaintedFrame> Page::Paint(int width, int height, bool full_page) {
  if (width <= 0 || height <= 0 || width > kMaxFrameSide || height > kMaxFrameSide)
    return Error("frame of " + std::to_string(width) + "x" + std::to_string(height) +
                 " pixels is outside 1.." + std::to_string(kMaxFrameSide));
  LayOut(width, height, !full_page);
  if (full_page)
    height = std::clamp(layout_->document_height(), height, kMaxFrameSide);
  PaintedFrame frame;
  frame.width = width;
  frame.height = height;
  frame.stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width);
  ASSIGN_OR_RETURN(
      WritableSharedMemory memory,
      WritableSharedMemory::Create(static_cast<size_t>(frame.stride) * height, "nexus-frame"));
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

Result<int> Page::PaintBand(std::span<uint8_t> pixels,
                            int stride,
                            int width,
                            int top,
                            int height,
                            int viewport_height,
                            bool first_frame) {
  if (width <= 0 || height <= 0 || width > kMaxFrameSide || height > kMaxFrameSide ||
      viewport_height <= 0 || viewport_height > kMaxFrameSide || top < 0)
    return Error("a band of " + std::to_string(width) + "x" + std::to_string(height) + " at " +
                 std::to_string(top) + " is outside 1.." + std::to_string(kMaxFrameSide));
  if (stride < width * 4 || pixels.size() < static_cast<size_t>(stride) * height)
    return Error("a band of " + std::to_string(width) + "x" + std::to_string(height) +
                 " does not fit " + std::to_string(pixels.size()) + " bytes");
  LayOut(width, viewport_height, first_frame);
  cairo_surface_t* surface = cairo_image_surface_create_for_data(pixels.data(), CAIRO_FORMAT_ARGB32,
                                                                 width, height, stride);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  layout_->Paint(cr, 0, top, width, height);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  cairo_surface_destroy(surface);
  return layout_->document_height();
}

void Page::SetScrollPosition(int y) {
  if (scripts_)
    (void)scripts_->RunScript("__nexusScrolled(" + std::to_string(y) + ")", url_.spec, 1);
}

bool Page::FinishLayout() {
  if (!layout_ || !layout_->cut())
    return false;
  CurrentLayout();
  return true;
}

std::optional<HitTestResult> Page::HitTest(int x, int y) {
  return CurrentLayout().HitTest(x, y);
}

}  // namespace nexus::web
