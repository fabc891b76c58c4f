// The browser's own UI in a window (spec "Main Process": main owns tabs and navigation): a
// tab strip (titles, close buttons, a new-tab button), back / forward / reload, an address
// bar, a loading bar and a status line for links. Main paints it as the compositor's UI
// layer. Where things are (UiGeometry) is plain arithmetic in main; the painting, which needs
// pango and cairo, lives in a module main loads only when it shows a window
// (libnexus_browser_ui.so, ui_module/), so that no other process maps them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace nexus::browser {

struct UiRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
  bool Contains(int px, int py) const {
    return px >= x && px < x + width && py >= y && py < y + height;
  }
  bool operator==(const UiRect&) const = default;
};

struct UiTab {
  std::string title;
  bool loading = false;
  bool crashed = false;
};

struct UiState {
  int width = 0;
  int height = 0;
  std::vector<UiTab> tabs;
  int active = -1;  // index into tabs
  std::string address;
  bool address_focused = false;
  size_t caret = 0;  // byte offset into address
  bool address_selected = false;  // all of it, as focusing the bar does: typing replaces it
  bool can_go_back = false;
  bool can_go_forward = false;
  std::string status;   // a link's target under the pointer; empty: none
  std::string sad_tab;  // the active tab crashed: why; the content area says so
};

enum class UiTarget {
  kNone,
  kTab,
  kCloseTab,
  kNewTab,
  kBack,
  kForward,
  kReload,
  kAddressBar,
  kContent
};

struct UiHit {
  UiTarget target = UiTarget::kNone;
  int tab = -1;  // for kTab, kCloseTab
};

// Where everything is, for a window of `width` x `height`.
class UiGeometry {
 public:
  static constexpr int kTabStripHeight = 34;
  static constexpr int kToolbarHeight = 40;
  static constexpr int kLoadingBarHeight = 2;
  static constexpr int kStatusHeight = 22;
  static constexpr int kMaxTabWidth = 220;
  static constexpr int kNewTabButton = 30;
  static constexpr int kButton = 32;

  UiGeometry(int width, int height, size_t tab_count);

  UiRect content() const;
  UiRect tab(size_t index) const;
  UiRect close_button(size_t index) const;
  UiRect new_tab_button() const;
  UiRect back_button() const;
  UiRect forward_button() const;
  UiRect reload_button() const;
  UiRect address_bar() const;
  UiRect loading_bar() const;
  // The status line, over the page's bottom-left corner, sized for `text_width` pixels.
  UiRect status_line(int text_width) const;
  UiHit HitTest(int x, int y) const;

 private:
  int width_;
  int height_;
  size_t tab_count_;
  int tab_width_;
};

class UiPainter {
 public:
  virtual ~UiPainter() = default;
  // Paints `state` into `pixels` (premultiplied ARGB32, the state's size), only inside
  // `clip`; the content area stays transparent unless a sad tab is shown there.
  virtual void Paint(const UiState& state, uint8_t* pixels, int stride, const UiRect& clip) = 0;
  // The width `text` takes in the status line's font.
  virtual int StatusTextWidth(const std::string& text) = 0;
};

extern "C" using CreateUiPainterFunction = UiPainter * ();
inline constexpr char kCreateUiPainterSymbol[] = "NexusCreateUiPainter";

// Loads libnexus_browser_ui.so beside the executable (once).
Result<UiPainter*> LoadUiPainter();

}  // namespace nexus::browser
