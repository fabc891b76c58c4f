// A tab and its session history (spec "Tab and navigation controller").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "services/storage/public/storage_area.h"

namespace nexus::browser {

enum class TabState { kLoading, kLoaded, kCrashed, kError };
std::string_view TabStateName(TabState state);

class NavigationController {
 public:
  // A new navigation drops the forward entries, as in every browser.
  void Commit(const std::string& url);
  // The current entry becomes `url` (a redirect's end), without a new history entry.
  void ReplaceCurrent(const std::string& url) {
    if (!entries_.empty())
      entries_[index_] = url;
  }
  const std::string& current() const { return entries_[index_]; }
  bool empty() const { return entries_.empty(); }
  bool CanGoBack() const { return index_ > 0; }
  bool CanGoForward() const { return index_ + 1 < entries_.size(); }
  const std::string& GoBack() { return entries_[--index_]; }
  const std::string& GoForward() { return entries_[++index_]; }
  size_t size() const { return entries_.size(); }
  const std::vector<std::string>& entries() const { return entries_; }
  size_t index() const { return index_; }
  // A saved session's list, its current entry at `index` (checked: false when out of range).
  bool Restore(std::vector<std::string> entries, size_t index) {
    if (entries.empty() || index >= entries.size())
      return false;
    entries_ = std::move(entries);
    index_ = index;
    return true;
  }

 private:
  std::vector<std::string> entries_;
  size_t index_ = 0;
};

struct Tab {
  uint32_t id = 0;
  std::string url;        // the document shown or being loaded
  std::string title;
  TabState state = TabState::kLoading;
  uint32_t renderer_id = 0;
  std::string site;
  std::string error;      // crash reason or load error
  uint64_t text_length = 0;
  int viewport_width = 800;   // CSS pixels; Chromium's headless window is 800x600 too
  int viewport_height = 600;
  bool navigation_pending = false;  // waiting for its renderer to be ready
  std::string pending_document;     // fetched, not yet sent
  std::string pending_mime_type;
  NavigationController history;
  // The URL of the document its renderer was last sent (or moved to by pushState): what the
  // page's scripts speak for, while `url` may already be the next page loading.
  std::string document_url;
  uint64_t document_id = 0;  // main's id of that document (its IndexedDB transactions')
  // What the user typed into the fields of the document at `form_url` (the current entry's):
  // saved with the session, put back when that page loads again (a reload, a crash).
  std::map<std::string, std::string> form;
  std::string form_url;
  // sessionStorage, per origin: the tab's own, kept across reloads and renderer crashes.
  std::map<std::string, storage::StorageArea> session_storage;
};

}  // namespace nexus::browser
