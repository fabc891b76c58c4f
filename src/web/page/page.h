// One document shown in one tab of a renderer: its DOM, the subresources main fetched for
// it, its layout and its pixels (spec "Renderer Process": parse, style, layout, paint).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/shared_memory.h"
#include "web/dom/node.h"
#include "web/js/script_engine.h"
#include "web/layout/page_layout.h"
#include "web/loader/subresources.h"
#include "web/page/frame_limits.h"
#include "web/page/page_summary.h"
#include "web/url/url.h"

namespace nexus::web {

struct PaintedFrame {
  int width = 0;
  int height = 0;
  int stride = 0;
  ReadOnlySharedMemory pixels;  // premultiplied ARGB32, sealed
};

// What a page asks of the renderer around it, which asks main.
class PageClient {
 public:
  virtual ~PageClient() = default;
  // Call Page::FireTimer(id) in `delay_ms`.
  virtual void ScheduleTimer(int id, int delay_ms) = 0;
  virtual void Navigate(const NavigationRequest& request) = 0;
  // Answer with Page::FetchDone(id, ...).
  virtual void Fetch(int id, const FetchRequest& request) = 0;
  virtual void SetCookie(const std::string& cookie) = 0;
  virtual void UrlChanged(const std::string& url, bool replace) = 0;
  // Web storage (ScriptHost::OpenStorage / WriteStorage), through main.
  virtual Result<StorageEntries> OpenStorage(StorageArea area) = 0;
  virtual void WriteStorage(StorageArea area,
                            StorageOperation operation,
                            const std::string& key,
                            const std::string& value) = 0;
  // Answer with Page::StorageAnswered(id, ...).
  virtual void IndexedDb(int id, const std::string& request, const std::string& value) = 0;
  virtual void EstimateStorage(int id) = 0;
  virtual void FormEdited(const std::string& field, const std::string& value) = 0;
};

class Page : private ScriptHost {
 public:
  // HTML is parsed; an image (image/*) is shown on its own, as a browser shows an image
  // URL; text/plain is shown preformatted. Fails for an image that cannot be decoded.
  static Result<std::unique_ptr<Page>> Create(const Url& url,
                                              std::string_view mime_type,
                                              std::string_view bytes);

  const Url& url() const { return url_; }
  const dom::Document& document() const { return *document_; }
  // What the document itself references; fetched before the first layout.
  std::vector<Subresource> InitialSubresources();
  // Stores a fetched subresource and returns what it references in turn (a stylesheet's
  // @imports and url() images). An image that does not decode is left out, as a broken
  // image is in a browser; the error says why.
  Result<std::vector<Subresource>> AddResource(const Subresource& resource, std::string_view bytes);

  // Lays the page out for a viewport (again only when the size changed).
  void Layout(int viewport_width, int viewport_height);
  PageSummary Summary() const { return Summarize(*document_); }
  // The page's <img> sources as absolute URLs, in document order.
  std::vector<std::string> ImageUrls() const;

  // Paints the viewport at the top of the page (or all of it, up to kMaxFrameSide, with
  // `full_page`) into a sealed memfd. A page's first frame lays out only what it shows (and
  // a viewport more): FinishLayout, or anything that asks where something is, does the rest.
  Result<PaintedFrame> Paint(int width, int height, bool full_page);
  // Paints page rows `top` .. `top + height` for a viewport of `width` x `viewport_height`
  // into `pixels` (premultiplied ARGB32, `stride` bytes a row), in place: the compositor's
  // band of a page (a renderer's shared buffer). Returns the document's height. A
  // `first_frame` band of a page never laid out lays out only what a first frame needs: rows
  // 0 .. 2 * viewport_height are right, the rest waits for FinishLayout.
  Result<int> PaintBand(std::span<uint8_t> pixels,
                        int stride,
                        int width,
                        int top,
                        int height,
                        int viewport_height,
                        bool first_frame = false);
  // Where the compositor scrolled the page: window.scrollY, and a scroll event for the
  // page's scripts (none run for a page without them).
  void SetScrollPosition(int y);
  // Changes whenever what the page paints may have: its DOM changed, a resource arrived.
  // Input that changed nothing leaves it, and a frame painted before stays right.
  uint64_t version() const { return version_; }
  // Whether the page has a scripts' context (it had scripts, or input or eval made one).
  bool scripting() const { return scripts_ != nullptr; }
  // Whether the page was laid out yet (its first frame was not painted).
  bool laid_out() const { return last_width_ != 0; }
  // The document's height at the layout's current size (the whole layout).
  int DocumentHeight() { return CurrentLayout().document_height(); }
  // Lays out what the first frame left out, at the size it was painted at; whether there
  // was anything.
  bool FinishLayout();
  std::optional<HitTestResult> HitTest(int x, int y);

  // Runs the page's classic scripts (inline and external, in document order, deferred ones
  // last), once, when every subresource asked for so far has arrived; returns what the
  // scripts made the page need in turn.
  std::vector<Subresource> RunScripts();
  // What the page's scripts wrote to the console since the last call.
  std::vector<ConsoleMessage> TakeConsoleMessages() { return std::move(console_); }
  // The JSON of an expression evaluated in the page (`nexus eval`).
  Result<std::string> Evaluate(std::string_view expression);
  // `client` must outlive the page (or be replaced first).
  void SetClient(PageClient* client) { client_ = client; }
  // What document.cookie starts as (main sends it with the document).
  void SetInitialCookies(std::string cookies) { initial_cookies_ = std::move(cookies); }
  void FireTimer(int id);
  void FetchDone(int id, const FetchResponse& response);
  // A storage event for the page (none runs for a page without scripts: nothing listens).
  void StorageChanged(const StorageChange& change);
  void StorageAnswered(int id, const StorageAnswer& answer);
  // Another page upgraded (or, at 0, deleted) an IndexedDB database of the origin.
  void IndexedDbVersionChanged(const std::string& database,
                               uint64_t old_version,
                               uint64_t new_version);
  // Puts back what the user had typed into the page's fields (ScriptHost::FormEdited's keys),
  // before its scripts run, as a browser restores a form; fields that are gone are skipped.
  void RestoreFormFields(const std::vector<std::pair<std::string, std::string>>& fields);
  // The user's input: a mouse event goes to the element under it, a key to the focused one,
  // as DOM events with their default actions. Without a JavaScript engine a click on a link
  // still navigates.
  void DispatchInput(const UserInput& input);
  // Images and stylesheets the document references now that it did not before (scripts add
  // them): each URL once.
  std::vector<Subresource> NewSubresources();
  // The tab's viewport, which main sends with the navigation (CSS pixels).
  void SetViewportSize(int width, int height) {
    viewport_width_ = width;
    viewport_height_ = height;
  }

 private:
  Page(Url url, std::unique_ptr<dom::Document> document);

  // ScriptHost
  void OnConsoleMessage(const ConsoleMessage& message) override;
  void OnDocumentChanged() override {
    document_changed_ = subresources_stale_ = true;
    ++version_;
  }
  void SetTimer(int id, int delay_ms) override;
  // The size the page was last laid out at (what the user sees), else the tab's.
  int ViewportWidth() const override { return last_width_ ? last_width_ : viewport_width_; }
  int ViewportHeight() const override { return last_height_ ? last_height_ : viewport_height_; }
  std::optional<ElementBox> BoxOf(const dom::Element& element) override;
  const dom::Element* OffsetParent(const dom::Element& element) override;
  std::vector<ElementBox> ClientRects(const dom::Element& element) override;
  std::optional<std::pair<int, int>> NaturalSize(const dom::Element& element) override;
  std::optional<std::string> StylesheetText(const std::string& url) override;
  std::vector<std::pair<std::string, std::string>> ComputedStyle(
      const dom::Element& element) override;
  std::optional<std::string> ResolveUrl(const std::string& relative) const override;
  void Navigate(const NavigationRequest& request) override;
  void Fetch(int id, const FetchRequest& request) override;
  std::string InitialCookies() const override { return initial_cookies_; }
  void SetCookie(const std::string& cookie) override;
  void UrlChanged(const std::string& url, bool replace) override;
  Result<StorageEntries> OpenStorage(StorageArea area) override;
  void WriteStorage(StorageArea area,
                    StorageOperation operation,
                    const std::string& key,
                    const std::string& value) override;
  void IndexedDb(int id, const std::string& request, const std::string& value) override {
    if (client_)
      client_->IndexedDb(id, request, value);
  }
  void EstimateStorage(int id) override {
    if (client_)
      client_->EstimateStorage(id);
  }
  void FormEdited(const std::string& field, const std::string& value) override {
    if (client_)
      client_->FormEdited(field, value);
  }

  // Layout's work; a `first_frame` may stop below the viewport (PageLayout::LayoutFirstFrame).
  void LayOut(int viewport_width, int viewport_height, bool first_frame);
  // The layout, made again first when the DOM changed since it was made.
  PageLayout& CurrentLayout();
  // The scripts' context, made now for a page that had no scripts (eval, input).
  DocumentScripts* Scripts();

  Url url_;
  Url base_;
  std::unique_ptr<dom::Document> document_;
  PageResources resources_;
  std::unique_ptr<PageLayout> layout_;
  int laid_out_width_ = 0;
  int laid_out_height_ = 0;
  int last_width_ = 0;  // the size the page was last laid out for, kept across changes
  int last_height_ = 0;
  bool document_changed_ = false;    // by a script: lay out again from the DOM
  uint64_t version_ = 1;             // what is painted changed: version()
  bool subresources_stale_ = false;  // NewSubresources has something to look for
  bool scripts_ran_ = false;
  std::vector<ConsoleMessage> console_;
  PageClient* client_ = nullptr;
  std::string initial_cookies_;
  std::set<std::string> requested_;  // subresource URLs asked for (NewSubresources)
  std::string pressed_link_;         // without scripts: the link a mouse press was on
  int viewport_width_ = 800;         // Chromium's headless window, until main says otherwise
  int viewport_height_ = 600;
  // Last: the scripts' wrappers point into the document, so they go first.
  std::unique_ptr<DocumentScripts> scripts_;
};

}  // namespace nexus::web
