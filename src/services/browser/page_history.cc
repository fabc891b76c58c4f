#include "services/browser/page_history.h"

#include <unistd.h>

#include "base/logging.h"
#include "base/time.h"

namespace nexus::browser {

std::string TextToEmbed(const std::string& title, const std::string& text) {
  return title + "\n" + text;
}

void PageHistory::RecordVisit(const Tab& tab) {
  auto url = web::ParseUrl(tab.url);
  if (!url.ok() || (url->scheme != "http" && url->scheme != "https" && url->scheme != "file"))
    return;
  pages_.GetContent(tab.id, 0, [this](Result<PageText> page) {
    if (!page.ok()) {
      LOG(Info) << "no vector for a visit: " << page.error().message();
      return;
    }
    waiting_.push_back(std::move(page).value());
    // Once loading has gone quiet for a moment: the AI process (started for this if need be)
    // does not compete with the pages being loaded.
    if (waiting_.size() == 1)
      loop_.PostDelayed(kQuietDelayMs, [this] { Embed(); });
  });
}

void PageHistory::Embed() {
  std::vector<PageText> visits = std::move(waiting_);
  waiting_.clear();
  for (PageText& visit : visits) {
    auto url = web::ParseUrl(visit.url);
    // Background priority: anything a user waits for goes first.
    AiQuestion question{ai::schema::AiTask::EMBED_TEXT,
                        TextToEmbed(visit.title, visit.text),
                        9,
                        url.ok() ? web::SiteForUrl(*url) : "",
                        0,
                        0};
    ai_.Ask(std::move(question), [this, url = visit.url, title = visit.title](AiAnswer answer) {
      if (!answer.ok() || answer->getError().size() > 0 || answer->getVector().size() == 0) {
        // No AI process means no vector: the page still loaded, `nexus related` just does not
        // find it.
        LOG(Info) << "no vector for " << url << ": "
                  << (answer.ok() ? answer->getError().cStr() : answer.error().message());
        return;
      }
      PageVector page{url, title, answer->getModel(), {}, WallClockMillis()};
      for (float value : answer->getVector())
        page.vector.push_back(value);
      if (auto status = database_.SavePageVector(page); !status.ok())
        LOG(Error) << status.error().message();
    });
  }
}

Result<std::vector<RelatedPage>> RelatedInHistory(const PageVector& page,
                                                  const std::string& database_path,
                                                  size_t count,
                                                  size_t* history_size) {
  std::vector<PageVector> history;
  if (access(database_path.c_str(), F_OK) == 0) {  // no database yet: no history yet
    ASSIGN_OR_RETURN(auto database, ProfileDatabase::Open(database_path));
    ASSIGN_OR_RETURN(history, database->LoadPageVectors(page.model));
  }
  *history_size = history.size();
  return MostSimilarPages(page, history, count);
}

}  // namespace nexus::browser
