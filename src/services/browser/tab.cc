#include "services/browser/tab.h"

namespace nexus::browser {

std::string_view TabStateName(TabState state) {
  switch (state) {
    case TabState::kLoading: return "loading";
    case TabState::kLoaded: return "loaded";
    case TabState::kCrashed: return "crashed";
    case TabState::kError: return "error";
  }
  return "unknown";
}

void NavigationController::Commit(const std::string& url) {
  if (!entries_.empty())
    entries_.resize(index_ + 1);
  entries_.push_back(url);
  index_ = entries_.size() - 1;
}

}  // namespace nexus::browser
