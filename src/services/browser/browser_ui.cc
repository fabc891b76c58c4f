#include "services/browser/browser_ui.h"

#include <algorithm>

#include "base/module_loader.h"

namespace nexus::browser {

UiGeometry::UiGeometry(int width, int height, size_t tab_count)
    : width_(width), height_(height), tab_count_(tab_count) {
  int room = std::max(0, width_ - kNewTabButton - 8);
  tab_width_ = tab_count_ ? std::min(kMaxTabWidth, room / static_cast<int>(tab_count_)) : 0;
}

UiRect UiGeometry::content() const {
  int top = kTabStripHeight + kToolbarHeight;
  return {0, top, width_, std::max(0, height_ - top)};
}

UiRect UiGeometry::tab(size_t index) const {
  return {4 + static_cast<int>(index) * tab_width_, 4, tab_width_ - 2, kTabStripHeight - 4};
}

UiRect UiGeometry::close_button(size_t index) const {
  UiRect box = tab(index);
  return {box.x + box.width - 22, box.y + (box.height - 16) / 2, 16, 16};
}

UiRect UiGeometry::new_tab_button() const {
  int x = 4 + static_cast<int>(tab_count_) * tab_width_ + 2;
  return {x, 6, kNewTabButton - 4, kTabStripHeight - 10};
}

UiRect UiGeometry::back_button() const {
  return {6, kTabStripHeight + 4, kButton, kButton};
}

UiRect UiGeometry::forward_button() const {
  return {6 + kButton + 2, kTabStripHeight + 4, kButton, kButton};
}

UiRect UiGeometry::reload_button() const {
  return {6 + 2 * (kButton + 2), kTabStripHeight + 4, kButton, kButton};
}

UiRect UiGeometry::address_bar() const {
  int x = 6 + 3 * (kButton + 2) + 6;
  return {x, kTabStripHeight + 5, std::max(0, width_ - x - 10), kButton - 2};
}

UiRect UiGeometry::loading_bar() const {
  return {0, kTabStripHeight + kToolbarHeight - kLoadingBarHeight, width_, kLoadingBarHeight};
}

UiRect UiGeometry::status_line(int text_width) const {
  UiRect area = content();
  int width = std::min(area.width, text_width + 16);
  return {area.x, area.y + area.height - kStatusHeight, width, kStatusHeight};
}

UiHit UiGeometry::HitTest(int x, int y) const {
  for (size_t i = 0; i < tab_count_; ++i) {
    if (close_button(i).Contains(x, y))
      return {UiTarget::kCloseTab, static_cast<int>(i)};
    if (tab(i).Contains(x, y))
      return {UiTarget::kTab, static_cast<int>(i)};
  }
  if (new_tab_button().Contains(x, y))
    return {UiTarget::kNewTab};
  if (back_button().Contains(x, y))
    return {UiTarget::kBack};
  if (forward_button().Contains(x, y))
    return {UiTarget::kForward};
  if (reload_button().Contains(x, y))
    return {UiTarget::kReload};
  if (address_bar().Contains(x, y))
    return {UiTarget::kAddressBar};
  if (content().Contains(x, y))
    return {UiTarget::kContent};
  return {};
}

Result<UiPainter*> LoadUiPainter() {
  static Result<UiPainter*> loaded = []() -> Result<UiPainter*> {
    ASSIGN_OR_RETURN(void* create,
                     OpenModuleBesideExecutable("libnexus_browser_ui.so", kCreateUiPainterSymbol));
    return reinterpret_cast<CreateUiPainterFunction*>(create)();
  }();
  return loaded;
}

}  // namespace nexus::browser
