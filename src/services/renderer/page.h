// One document shown in one tab of a renderer: its DOM, the subresources main fetched for
// it, its layout and its pixels (spec "Renderer Process": parse, style, layout, paint).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/shared_memory.h"
#include "services/browser/url.h"
#include "services/renderer/dom/node.h"
#include "services/renderer/js/script_engine.h"
#include "services/renderer/layout/page_layout.h"
#include "services/renderer/loader/subresources.h"
#include "services/renderer/page_summary.h"
#include "services/renderer/public/frame_limits.h"

namespace nexus::renderer {

struct PaintedFrame {
  int width = 0;
  int height = 0;
  int stride = 0;
  ReadOnlySharedMemory pixels;  // premultiplied ARGB32, sealed
};

class Page : private ScriptHost {
 public:
  // HTML is parsed; an image (image/*) is shown on its own, as a browser shows an image
  // URL; text/plain is shown preformatted. Fails for an image that cannot be decoded.
  static Result<std::unique_ptr<Page>> Create(const browser::Url& url, std::string_view mime_type,
                                              std::string_view bytes);

  const browser::Url& url() const { return url_; }
  const dom::Document& document() const { return *document_; }
  // What the document itself references; fetched before the first layout.
  std::vector<Subresource> InitialSubresources() const;
  // Stores a fetched subresource and returns what it references in turn (a stylesheet's
  // @imports and url() images). An image that does not decode is left out, as a broken
  // image is in a browser; the error says why.
  Result<std::vector<Subresource>> AddResource(const Subresource& resource,
                                               std::string_view bytes);

  // Lays the page out for a viewport (again only when the size changed).
  void Layout(int viewport_width, int viewport_height);
  PageSummary Summary() const { return Summarize(*document_); }
  // The page's <img> sources as absolute URLs, in document order.
  std::vector<std::string> ImageUrls() const;

  // Paints the viewport at the top of the page (or all of it, up to kMaxFrameSide, with
  // `full_page`) into a sealed memfd.
  Result<PaintedFrame> Paint(int width, int height, bool full_page);
  std::optional<HitTestResult> HitTest(int x, int y);

  // Runs the page's classic scripts (inline and external, in document order, deferred ones
  // last), once, when every subresource asked for so far has arrived; returns what the
  // scripts made the page need in turn.
  std::vector<Subresource> RunScripts();
  // What the page's scripts wrote to the console since the last call.
  std::vector<ConsoleMessage> TakeConsoleMessages() { return std::move(console_); }
  // The JSON of an expression evaluated in the page (`nexus eval`).
  Result<std::string> Evaluate(std::string_view expression);
  // Where the page's timers go to wait: the renderer's event loop, which calls FireTimer.
  void SetTimerScheduler(std::function<void(int id, int delay_ms)> scheduler) {
    timer_scheduler_ = std::move(scheduler);
  }
  void FireTimer(int id);
  // The tab's viewport, which main sends with the navigation (CSS pixels).
  void SetViewportSize(int width, int height) {
    viewport_width_ = width;
    viewport_height_ = height;
  }

 private:
  Page(browser::Url url, std::unique_ptr<dom::Document> document);

  // ScriptHost
  void OnConsoleMessage(const ConsoleMessage& message) override;
  void OnDocumentChanged() override { document_changed_ = true; }
  void SetTimer(int id, int delay_ms) override;
  int ViewportWidth() const override { return viewport_width_; }
  int ViewportHeight() const override { return viewport_height_; }

  browser::Url url_;
  browser::Url base_;
  std::unique_ptr<dom::Document> document_;
  PageResources resources_;
  std::unique_ptr<PageLayout> layout_;
  int laid_out_width_ = 0;
  int laid_out_height_ = 0;
  bool document_changed_ = false;  // by a script: lay out again from the DOM
  bool scripts_ran_ = false;
  std::vector<ConsoleMessage> console_;
  std::function<void(int id, int delay_ms)> timer_scheduler_;
  int viewport_width_ = 800;  // Chromium's headless window, until main says otherwise
  int viewport_height_ = 600;
  // Last: the scripts' wrappers point into the document, so they go first.
  std::unique_ptr<DocumentScripts> scripts_;
};

}  // namespace nexus::renderer
