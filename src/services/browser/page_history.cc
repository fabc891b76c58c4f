// MainProcess: the history's page vectors (every page a browser shows, embedded by the AI
// process at background priority) and `nexus related`, which ranks them against a page.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "base/logging.h"
#include "base/time.h"
#include "services/browser/main_process.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

namespace {

// What the embedder reads of a page: its title, then its text.
std::string TextToEmbed(const std::string& title, const std::string& text) {
  return title + "\n" + text;
}

// Pages the user visited; not error pages, internal pages or data: documents.
bool BelongsInHistory(const std::string& spec) {
  auto url = ParseUrl(spec);
  return url.ok() && (url->scheme == "http" || url->scheme == "https" || url->scheme == "file");
}

}  // namespace

void MainProcess::RecordVisit(Tab& tab) {
  if (options_.one_shot() || disabled_types_.count(ProcessType::AI) || !BelongsInHistory(tab.url))
    return;
  if (auto status = RequestPageContent(tab); !status.ok())
    LOG(Warning) << "no vector for " << tab.url << ": " << status.error().message();
}

void MainProcess::AddVisit(PageText visit) {
  if (disabled_types_.count(ProcessType::AI) || !BelongsInHistory(visit.url))
    return;
  visits_to_embed_.push_back(std::move(visit));
  if (visits_to_embed_.size() == 1) {
    // Once loading has gone quiet for a moment: the AI process (started for this if need
    // be) does not compete with the pages being loaded.
    loop_->PostDelayed(kVisitEmbeddingDelayMs, [this] { SendVisitEmbeddings(); });
  }
}

void MainProcess::SendVisitEmbeddings() {
  if (visits_to_embed_.empty())
    return;
  ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
  if (!ai || !ai->alive() || ai->state() == process::ProcessState::kCreated) {
    // Started on demand; asked when it is ready (OnProcessReady). A disabled AI process means
    // no vectors: the pages still load, `nexus related` just does not find them.
    if (auto status = EnsureService(ProcessType::AI); !status.ok()) {
      LOG(Warning) << "the history's page vectors: " << status.error().message();
      visits_to_embed_.clear();
    }
    return;
  }
  for (PageText& visit : visits_to_embed_) {
    auto url = ParseUrl(visit.url);
    // Background priority: anything a user waits for goes first.
    auto sent = SendToAi(ai::schema::AiTask::EMBED_TEXT, TextToEmbed(visit.title, visit.text),
                         9, url.ok() ? SiteForUrl(*url) : "");
    if (!sent.ok()) {
      LOG(Warning) << "no vector for " << visit.url << ": " << sent.error().message();
      continue;
    }
    visit.text.clear();  // the AI process has it; the record needs only url and title
    visits_embedding_[*sent] = std::move(visit);
  }
  visits_to_embed_.clear();
}

void MainProcess::OnVisitEmbedded(uint64_t request_id, ai::schema::AiToBrowser::Reader result) {
  PageText visit = std::move(visits_embedding_.at(request_id));
  visits_embedding_.erase(request_id);
  if (result.getError().size() > 0 || result.getVector().size() == 0) {
    LOG(Warning) << "no vector for " << visit.url << ": " << result.getError().cStr();
    return;
  }
  PageVector page{visit.url, visit.title, result.getModel(), {}, WallClockMillis()};
  for (float value : result.getVector())
    page.vector.push_back(value);
  if (auto status = database_->SavePageVector(page); !status.ok())
    LOG(Error) << status.error().message();
}

void MainProcess::SendRelatedRequest() {
  ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
  if (!options_.related || !related_page_ || related_request_ || !ai || !ai->alive() ||
      ai->state() == process::ProcessState::kCreated)
    return;  // Waiting for the page or for the AI process.
  auto url = ParseUrl(related_page_->url);
  auto sent = SendToAi(ai::schema::AiTask::EMBED_TEXT,
                       TextToEmbed(related_page_->title, related_page_->text), 0,
                       url.ok() ? SiteForUrl(*url) : "");
  if (!sent.ok())
    return FinishCommand(1, sent.error().message());
  related_request_ = *sent;
}

void MainProcess::FinishRelated(ai::schema::AiToBrowser::Reader result) {
  if (result.getError().size() > 0)
    return FinishCommand(1, result.getError());
  PageVector page{related_page_->url, related_page_->title, result.getModel(), {}, 0};
  for (float value : result.getVector())
    page.vector.push_back(value);
  std::vector<PageVector> history;
  const std::string& path = options_.related->history_database;
  if (access(path.c_str(), F_OK) == 0) {  // no database yet: no history yet
    auto database = ProfileDatabase::Open(path);
    if (!database.ok())
      return FinishCommand(1, database.error().message());
    auto loaded = (*database)->LoadPageVectors(page.model);
    if (!loaded.ok())
      return FinishCommand(1, loaded.error().message());
    history = std::move(loaded).value();
  }
  std::vector<RelatedPage> related = MostSimilarPages(page, history, options_.related->count);
  if (options_.related->json) {
    nlohmann::json list = nlohmann::json::array();
    for (const RelatedPage& other : related)
      list.push_back({{"url", other.url}, {"title", other.title}, {"similarity", other.similarity}});
    std::cout << nlohmann::json{{"url", page.url},
                                {"model", page.model},
                                {"history_size", history.size()},
                                {"related", list}}
                     .dump(2)
              << std::endl;
  } else if (related.empty()) {
    std::cout << "no pages in the history to compare with (" << path << ")" << std::endl;
  } else {
    for (const RelatedPage& other : related) {
      char similarity[16];
      std::snprintf(similarity, sizeof(similarity), "%.3f", other.similarity);
      std::cout << similarity << "\t" << other.title << "\t" << other.url << "\n";
    }
    std::cout << std::flush;
  }
  FinishCommand(0, "");
}

}  // namespace nexus::browser
