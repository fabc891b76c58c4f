// The browser as a person uses it (spec "Main Process"): a window with a tab strip, back /
// forward / reload, an address bar, a loading bar and a status line. Main keeps the UI's
// state, paints it as the compositor's UI layer (browser_ui.h) into shared buffers it hands
// the GPU process, and says what the output shows (the scene: the active tab in the content
// area, or a sad tab). The window's input comes back from the GPU process: clicks and keys on
// the UI act here, the rest goes to the active tab's renderer; the wheel scrolled the page in
// the compositor already. Headless, the same happens on an off-screen output.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "ipc/shared_buffer_pool.h"
#include "services/browser/address_bar_input.h"
#include "services/browser/browser_ui.h"
#include "services/browser/gpu_client.h"
#include "services/browser/page_requests.h"
#include "services/browser/tabs.h"

namespace nexus::browser {

class BrowserWindow {
 public:
  struct Actions {
    std::function<void()> quit;
  };

  BrowserWindow(EventLoop& loop,
                Tabs& tabs,
                PageRequests& pages,
                AddressBarInput& address_bar,
                GpuClient& gpu,
                UiPainter& painter,
                int width,
                int height,
                Actions actions);

  void Activate(uint32_t tab_id);
  // Opens a tab with `url` (the new-tab page when empty) and shows it.
  Result<uint32_t> OpenTab(const std::string& url);
  // The viewport pages are laid out for: the content area.
  std::pair<int, int> viewport() const;

  // What happens around the window.
  void OnGpuReady(process::ProcessHost& gpu);
  void OnGpuGone();
  void OnInput(gpu::schema::WindowInput::Reader input);
  void OnUiBufferReleased(uint32_t buffer);
  // A tab started or stopped loading, changed title, crashed or was opened elsewhere.
  void OnTabChanged(uint32_t tab_id);
  void OnTabClosed(uint32_t tab_id);
  void BeforeNavigation(process::ProcessHost& renderer, uint32_t tab_id);
  // The tab's focused element takes typing (or no longer): keys that scroll go to it then.
  void OnFocusChanged(uint32_t tab_id, bool editable);

  // Each UI buffer holds a 4K window.
  static constexpr size_t kUiBufferBytes = size_t{3840} * 2160 * 4;

 private:
  void OnMouseDown(float x, float y, int button);
  void OnKeyDown(const std::string& key, uint32_t modifiers);
  void OnText(const std::string& text);
  // Browser shortcuts (Ctrl+T, Ctrl+W, ...); whether `key` was one.
  bool OnShortcut(const std::string& key, uint32_t modifiers);
  void EditAddress(const std::string& key);
  void FocusAddressBar();
  void Resize(int width, int height);
  void CloseTab(uint32_t tab_id);
  void CycleTabs(int direction);
  void ScrollActiveTab(const std::string& key);
  // The status line shows the target of the link under the pointer (a hit test of the page,
  // one at a time: the latest point is asked next).
  void HoverAt(float page_x, float page_y);
  void SetStatus(const std::string& text);
  void SendToPage(renderer::schema::InputKind kind,
                  float x,
                  float y,
                  const std::string& key,
                  uint32_t modifiers);
  // The active tab is told to paint for the compositor; the one before stops.
  void ShowActiveTab(uint32_t previous);
  void SendShowTab(process::ProcessHost& renderer, uint32_t tab_id, bool shown);

  // Brings ui_ up to date with the tabs; `full` repaints everything.
  void Refresh();
  void Invalidate(const UiRect& rect);
  void InvalidateAll() { Invalidate({0, 0, ui_.width, ui_.height}); }
  void SendScene();
  void PaintSoon();
  void PaintNow();

  EventLoop& loop_;
  Tabs& tabs_;
  PageRequests& pages_;
  AddressBarInput& address_bar_;
  GpuClient& gpu_;
  UiPainter& painter_;
  Actions actions_;
  UiState ui_;
  uint32_t active_tab_ = 0;
  uint32_t newest_tab_seen_ = 0;
  std::string window_title_;  // what the GPU process was told
  std::set<uint32_t> editing_tabs_;  // tabs whose focused element takes typing
  struct Hover {
    uint32_t tab = 0;
    int x = 0, y = 0;
  };
  std::optional<Hover> hover_wanted_;
  bool hover_in_flight_ = false;
  // When the GPU process read the input being handled (its frame's latency counts from it).
  int64_t input_ns_ = 0;

  std::optional<ipc::SharedBufferPool> buffers_;
  UiRect dirty_[2];  // per buffer: what changed since it was last painted
  UiRect damage_;    // what changed since the last UI frame was sent
  bool paint_posted_ = false;
  bool waiting_for_buffer_ = false;
};

}  // namespace nexus::browser
