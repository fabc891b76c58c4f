// MainProcess: the AI orchestrator's side of main (spec "AI Process"): which models the AI
// process reads, the one-question modes (`nexus intent`, `nexus analyze --lang-only`), page
// analysis (`nexus analyze`), and the history's page vectors behind `nexus related`.
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <iostream>

#include <nlohmann/json.hpp>

#include "base/logging.h"
#include "base/time.h"
#include "services/browser/main_process.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

std::string MainProcess::ResolveModelsDirectory() const {
  if (!options_.models_directory.empty())
    return options_.models_directory;
  // The models the build trains sit beside the executable (build/models).
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) {
    std::string beside = std::string(exe, static_cast<size_t>(n));
    beside = beside.substr(0, beside.rfind('/') + 1) + "models";
    struct stat st {};
    if (stat(beside.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      return beside;
  }
  return profile_.models_directory();
}

void MainProcess::SendAiQuery() {
  if (!options_.ai_query || ai_query_sent_)
    return;
  // Priority 0: a user is waiting at the command line. A failure ends the command.
  auto sent = SendToAi(options_.ai_query->task, options_.ai_query->text, 0, "");
  ai_query_sent_ = true;
  if (!sent.ok())
    FinishCommand(1, sent.error().message());
}

void MainProcess::OnAiResult(ProcessHost& host, ipc::IncomingMessage& message) {
  if (host.type() != ProcessType::AI || command_finished_)
    return;  // A finished command prints nothing more.
  auto result = message.envelope().getBody().getAiResultReady();
  uint64_t request_id = message.envelope().getRequestId();
  if (visits_embedding_.count(request_id))
    return OnVisitEmbedded(request_id, result);
  if (typed_inputs_.count(request_id)) {
    std::optional<AddressBarIntent> intent;
    if (result.getError().size() == 0 && result.getLabels().size() > 0)
      intent = IntentFromLabel(result.getLabels()[0].getName().cStr());
    return FinishAddressBarInput(request_id, intent);
  }
  if (options_.related) {
    if (request_id == related_request_)
      FinishRelated(result);
    return;
  }
  if (options_.analyze) {
    AnalyzeJob& job = analyze_job_;
    if (result.getError().size() > 0 && request_id == job.analysis_request)
      return FinishCommand(1, result.getError());
    if (request_id == job.analysis_request) {
      auto analysis = result.getAnalysis();
      nlohmann::json keywords = nlohmann::json::array();
      for (auto keyword : analysis.getKeywords())
        keywords.push_back({{"name", keyword.getName().cStr()}, {"score", keyword.getScore()}});
      nlohmann::json summary = nlohmann::json::array();
      for (auto sentence : analysis.getSummary())
        summary.push_back(sentence.cStr());
      job.analysis = nlohmann::json{{"language", analysis.getLanguage().cStr()},
                                    {"language_score", analysis.getLanguageScore()},
                                    {"topic", analysis.getTopic().cStr()},
                                    {"topic_score", analysis.getTopicScore()},
                                    {"keywords", keywords},
                                    {"summary", summary},
                                    {"word_count", analysis.getWordCount()},
                                    {"reading_seconds", analysis.getReadingSeconds()}};
    } else if (auto ocr = job.ocr_requests.find(request_id); ocr != job.ocr_requests.end()) {
      // An image OCR could not read has no text; the analysis stands without it.
      job.image_texts[ocr->second] = result.getError().size() > 0 ? "" : result.getText().cStr();
      job.ocr_requests.erase(ocr);
      --job.images_pending;
    }
    return FinishAnalysisIfDone();
  }
  if (!options_.ai_query)
    return;
  if (result.getError().size() > 0)
    return FinishCommand(1, result.getError());
  if (options_.ai_query->task == ipc::schema::AiTask::RECOGNIZE_TEXT) {
    std::string text = result.getText();
    if (options_.ai_query->json)
      std::cout << nlohmann::json{{"text", text}}.dump(2) << std::endl;
    else
      std::cout << text << std::flush;  // Tesseract ends its text with a newline
    return FinishCommand(0, "");
  }
  bool intent = options_.ai_query->task == ipc::schema::AiTask::CLASSIFY_INTENT;
  nlohmann::json labels = nlohmann::json::array();
  for (auto label : result.getLabels())
    labels.push_back({{"name", label.getName().cStr()}, {"score", label.getScore()}});
  std::string best = labels.empty() ? (intent ? "unknown" : "und")  // ISO 639: undetermined
                                    : labels[0]["name"].get<std::string>();
  double score = labels.empty() ? 0.0 : labels[0]["score"].get<double>();
  if (options_.ai_query->json) {
    std::cout << nlohmann::json{{intent ? "intent" : "language", best},
                                {"score", score},
                                {"labels", labels}}
                     .dump(2)
              << std::endl;
  } else {
    std::cout << best << std::endl;
  }
  FinishCommand(0, "");
}

void MainProcess::ScheduleAiIdleCheck() {
  loop_->PostDelayed(options_.ai_idle_timeout_ms, [this] {
    ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
    if (!ai || !ai->alive() || shutting_down_)
      return;
    int64_t idle_ms = MonotonicMillis() - ai_last_used_ms_;
    if (idle_ms < options_.ai_idle_timeout_ms || !analyze_job_.ocr_requests.empty()) {
      ScheduleAiIdleCheck();
      return;
    }
    // Unused for the timeout: its memory goes back; the next feature starts it again.
    LOG(Info) << "the AI process was idle for " << idle_ms << " ms: shutting it down";
    manager_->Shutdown(ai->id());
  });
}

Result<uint64_t> MainProcess::SendToAi(ipc::schema::AiTask task, std::string_view input,
                                       uint8_t priority, const std::string& site,
                                       uint32_t deadline_ms) {
  ai_last_used_ms_ = MonotonicMillis();
  ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
  if (!ai || !ai->alive())
    return Error("unavailable: no AI process");
  ipc::OutgoingMessage message;
  auto request = message.envelope().getBody().initAiAnalyzeContent();
  request.setTask(task);
  request.setPriority(priority);
  request.setSite(site);
  request.setDeadlineMs(deadline_ms);
  uint64_t request_id = next_request_id_++;
  Status status = message.SetPayload(request.initInput(), input);
  if (status.ok())
    status = ai->Send(message, request_id);
  if (!status.ok())
    return status.error().Context("unavailable");
  return request_id;
}

// --- nexus analyze ---------------------------------------------------------------------------

Status MainProcess::RequestPageContent(Tab& tab) {
  ProcessHost* renderer = manager_->Find(tab.renderer_id);
  if (!renderer || !renderer->alive())
    return Error("the renderer of tab " + std::to_string(tab.id) + " is gone");
  ipc::OutgoingMessage message;
  message.envelope().getBody().initGetPageContent().setTabId(tab.id);
  return renderer->Send(message);
}

void MainProcess::OnPageContent(ProcessHost& host, ipc::IncomingMessage& message) {
  auto content = message.envelope().getBody().getPageContent();
  Tab* tab = TabOfRenderer(host, content.getTabId());
  // The renderer answers for the document it shows; main's record of the tab says which
  // page that is (a tab that moved on since asking is not answered for).
  if (!tab || tab->url != content.getUrl().cStr())
    return;
  auto text = message.ReadPayload(content.getText());
  if (!text.ok()) {
    manager_->ReceivedBadMessage(host, "page content: " + text.error().message());
    return;
  }
  if (options_.related) {
    if (!related_page_)
      related_page_ = PageText{tab->url, content.getTitle(), std::move(text).value()};
    return SendRelatedRequest();
  }
  if (!options_.analyze) {
    visits_to_embed_.push_back({tab->url, content.getTitle(), std::move(text).value()});
    if (visits_to_embed_.size() == 1) {
      // Once loading has gone quiet for a moment: the AI process (started for this if need
      // be) does not compete with the pages being loaded.
      loop_->PostDelayed(kVisitEmbeddingDelayMs, [this] { SendVisitEmbeddings(); });
    }
    return;
  }
  if (analyze_job_.content_ready)
    return;
  analyze_job_.url = tab->url;
  analyze_job_.title = content.getTitle();
  analyze_job_.text = std::move(text).value();
  for (auto url : content.getImageUrls()) {
    if (analyze_job_.image_urls.size() < options_.analyze->max_images)
      analyze_job_.image_urls.push_back(url);
  }
  analyze_job_.content_ready = true;
  SendAnalysisRequests();
}

void MainProcess::SendAnalysisRequests() {
  AnalyzeJob& job = analyze_job_;
  ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
  if (!options_.analyze || !job.content_ready || job.sent || !ai || !ai->alive() ||
      ai->state() == process::ProcessState::kCreated)
    return;  // Waiting for the page or for the AI process.
  job.sent = true;
  std::string site = ParseUrl(job.url).ok() ? SiteForUrl(*ParseUrl(job.url)) : "";
  auto sent = SendToAi(ipc::schema::AiTask::ANALYZE_CONTENT, job.text, 0, site);
  if (!sent.ok())
    return FinishCommand(1, sent.error().message());
  job.analysis_request = *sent;
  job.image_texts.resize(job.image_urls.size());
  job.images_pending = job.image_urls.size();
  auto page = ParseUrl(job.url);
  for (size_t i = 0; i < job.image_urls.size(); ++i) {
    // The images are fetched again, by main, under the rules the page's own loads follow.
    auto url = ParseUrl(job.image_urls[i]);
    if (!url.ok() || !page.ok()) {
      OnImageForOcr(i, Error("bad image URL"));
      continue;
    }
    if (auto allowed = CheckSubresourceAllowed(*page, *url); !allowed.ok()) {
      OnImageForOcr(i, allowed.error());
      continue;
    }
    if (url->scheme == "file") {
      OnImageForOcr(i, ReadFileDocument(*url));
      continue;
    }
    PendingLoad load;
    load.url = url->spec;
    load.kind = ipc::schema::ResourceKind::IMAGE;
    load.site_for_cookies = SiteForUrl(*page);
    load.ocr_image = i;
    network_loads_[next_request_id_++] = std::move(load);
  }
  if (!network_loads_.empty() && EnsureService(ProcessType::NETWORK).ok())
    SendPendingLoads();
  FinishAnalysisIfDone();
}

void MainProcess::OnImageForOcr(size_t index, Result<Document> image) {
  AnalyzeJob& job = analyze_job_;
  if (index >= job.image_texts.size())
    return;
  if (!image.ok()) {
    job.image_texts[index] = "";  // unreadable or not allowed: no text from it
    --job.images_pending;
    return FinishAnalysisIfDone();
  }
  auto page = ParseUrl(job.url);
  // After the text's analysis: the images come second.
  auto request = SendToAi(ipc::schema::AiTask::RECOGNIZE_TEXT, image->bytes, 1,
                          page.ok() ? SiteForUrl(*page) : "");
  if (!request.ok())
    return FinishCommand(1, request.error().message());
  job.ocr_requests[*request] = index;
}

void MainProcess::FinishAnalysisIfDone() {
  AnalyzeJob& job = analyze_job_;
  if (!options_.analyze || !job.analysis || job.images_pending > 0)
    return;
  nlohmann::json images = nlohmann::json::array();
  for (size_t i = 0; i < job.image_urls.size(); ++i) {
    std::string text = job.image_texts[i].value_or("");
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
      text.pop_back();
    images.push_back({{"url", job.image_urls[i]}, {"text", text}});
  }
  nlohmann::json out = *job.analysis;
  out["url"] = job.url;
  out["title"] = job.title;
  out["images"] = images;
  if (options_.analyze->json) {
    std::cout << out.dump(2) << std::endl;
  } else {
    std::cout << "title: " << job.title << "\nlanguage: " << out["language"].get<std::string>()
              << "\ntopic: " << out["topic"].get<std::string>()
              << "\nwords: " << out["word_count"] << ", reading time: "
              << (out["reading_seconds"].get<int>() + 59) / 60 << " min\nkeywords:";
    for (const auto& keyword : out["keywords"])
      std::cout << " " << keyword["name"].get<std::string>();
    std::cout << "\nsummary:\n";
    for (const auto& sentence : out["summary"])
      std::cout << "  " << sentence.get<std::string>() << "\n";
    for (const auto& image : images) {
      if (!image["text"].get<std::string>().empty())
        std::cout << "text in " << image["url"].get<std::string>() << ": "
                  << image["text"].get<std::string>() << "\n";
    }
    std::cout << std::flush;
  }
  FinishCommand(0, "");
}

// --- The history's page vectors and `nexus related` -----------------------------------------

namespace {

// What the embedder reads of a page: its title, then its text.
std::string TextToEmbed(const std::string& title, const std::string& text) {
  return title + "\n" + text;
}

// Pages the user visited; not error pages, internal pages or data: documents.
bool BelongsInHistory(const Tab& tab) {
  auto url = ParseUrl(tab.url);
  return url.ok() && (url->scheme == "http" || url->scheme == "https" || url->scheme == "file");
}

}  // namespace

void MainProcess::RecordVisit(Tab& tab) {
  if (options_.one_shot() || disabled_types_.count(ProcessType::AI) || !BelongsInHistory(tab))
    return;
  if (auto status = RequestPageContent(tab); !status.ok())
    LOG(Warning) << "no vector for " << tab.url << ": " << status.error().message();
}

void MainProcess::SendVisitEmbeddings() {
  if (visits_to_embed_.empty())
    return;
  ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
  if (!ai || !ai->alive() || ai->state() == process::ProcessState::kCreated) {
    // Started on demand; asked when it is ready (OnProcessReady). A disabled AI process means
    // no vectors: the pages still load, `nexus related` says unavailable.
    if (auto status = EnsureService(ProcessType::AI); !status.ok()) {
      LOG(Warning) << "the history's page vectors: " << status.error().message();
      visits_to_embed_.clear();
    }
    return;
  }
  for (PageText& visit : visits_to_embed_) {
    auto url = ParseUrl(visit.url);
    // Background priority: anything a user waits for goes first.
    auto sent = SendToAi(ipc::schema::AiTask::EMBED_TEXT, TextToEmbed(visit.title, visit.text),
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

void MainProcess::OnVisitEmbedded(uint64_t request_id, ipc::schema::AiResultReady::Reader result) {
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
  auto sent = SendToAi(ipc::schema::AiTask::EMBED_TEXT,
                       TextToEmbed(related_page_->title, related_page_->text), 0,
                       url.ok() ? SiteForUrl(*url) : "");
  if (!sent.ok())
    return FinishCommand(1, sent.error().message());
  related_request_ = *sent;
}

void MainProcess::FinishRelated(ipc::schema::AiResultReady::Reader result) {
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
