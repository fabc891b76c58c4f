// The history's page vectors: every page a browser shows is embedded by the AI process, at
// background priority once loading has been quiet a moment, and kept in the profile's
// database, where `nexus related` ranks them by cosine against a page.
#pragma once

#include <string>
#include <vector>

#include "services/browser/ai_client.h"
#include "services/browser/page_requests.h"
#include "services/browser/profile_database.h"
#include "services/browser/related_pages.h"

namespace nexus::browser {

class PageHistory {
 public:
  PageHistory(EventLoop& loop, AiClient& ai, PageRequests& pages, ProfileDatabase& database)
      : loop_(loop), ai_(ai), pages_(pages), database_(database) {}

  // A page a tab finished loading: its vector goes into the history (not error pages,
  // internal pages or data: documents).
  void RecordVisit(const Tab& tab);

 private:
  static constexpr int64_t kQuietDelayMs = 1000;
  void Embed();

  EventLoop& loop_;
  AiClient& ai_;
  PageRequests& pages_;
  ProfileDatabase& database_;
  std::vector<PageText> waiting_;  // for loading to go quiet
};

// What the embedder reads of a page: its title, then its text.
std::string TextToEmbed(const std::string& title, const std::string& text);

// The `count` pages of the history in `database_path` most like `page` (same embedder only);
// an empty history when the database does not exist yet.
Result<std::vector<RelatedPage>> RelatedInHistory(const PageVector& page,
                                                  const std::string& database_path,
                                                  size_t count,
                                                  size_t* history_size);

}  // namespace nexus::browser
