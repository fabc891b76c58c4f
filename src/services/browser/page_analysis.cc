// MainProcess: page analysis, the spec's routing example "Main -> Renderer (get content) ->
// Main -> AI -> Main". The renderer gives the page's text and image URLs; the AI process gives
// language, topic, keywords, summary and reading time, and reads the images by OCR, which
// main fetches again under the page's own loading rules. `nexus analyze URL` runs one job on
// a page of its own; `nexus analyze-tab TAB` runs one on a tab of a running browser.
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "base/logging.h"
#include "services/browser/main_process.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

std::string FormatAnalysis(const nlohmann::json& analysis) {
  std::string out = "title: " + analysis["title"].get<std::string>() +
                    "\nlanguage: " + analysis["language"].get<std::string>() +
                    "\ntopic: " + analysis["topic"].get<std::string>() +
                    "\nwords: " + std::to_string(analysis["word_count"].get<int>()) +
                    ", reading time: " +
                    std::to_string((analysis["reading_seconds"].get<int>() + 59) / 60) +
                    " min\nkeywords:";
  for (const auto& keyword : analysis["keywords"])
    out += " " + keyword["name"].get<std::string>();
  out += "\nsummary:\n";
  for (const auto& sentence : analysis["summary"])
    out += "  " + sentence.get<std::string>() + "\n";
  for (const auto& image : analysis["images"]) {
    if (!image["text"].get<std::string>().empty())
      out += "text in " + image["url"].get<std::string>() + ": " +
             image["text"].get<std::string>() + "\n";
  }
  return out;
}

Status MainProcess::RequestPageContent(Tab& tab) {
  ProcessHost* renderer = manager_->Find(tab.renderer_id);
  if (!renderer || !renderer->alive())
    return Error("the renderer of tab " + std::to_string(tab.id) + " is gone");
  ipc::OutgoingMessage message;
  message.Init<renderer::schema::BrowserToRenderer>().setGetPageContent(tab.id);
  return renderer->Send(message);
}

void MainProcess::OnPageContent(ProcessHost& host, ipc::IncomingMessage& message) {
  auto content = message.Body<renderer::schema::RendererToBrowser>().getPageContent();
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
  std::vector<std::string> image_urls;
  for (auto url : content.getImageUrls()) {
    if (image_urls.size() < kMaxImagesRead)
      image_urls.push_back(url);
  }
  TakePageContentForAnalysis(*tab, content.getTitle(), *text, image_urls);
  if (options_.related) {
    if (!related_page_)
      related_page_ = PageText{tab->url, content.getTitle(), std::move(text).value()};
    return SendRelatedRequest();
  }
  if (!options_.one_shot())
    AddVisit(PageText{tab->url, content.getTitle(), std::move(text).value()});  // the history
}

void MainProcess::StartAnalysis(Tab& tab, AnalysisDone done) {
  if (disabled_types_.count(ProcessType::AI))
    return done(Error("unavailable: AI features are " + disabled_types_.at(ProcessType::AI)));
  if (auto status = EnsureService(ProcessType::AI); !status.ok())
    return done(status.error().Context("unavailable"));
  if (auto status = RequestPageContent(tab); !status.ok())
    return done(status.error());
  uint32_t id = next_analysis_id_++;
  AnalysisJob& job = analysis_jobs_[id];
  job.tab_id = tab.id;
  job.url = tab.url;
  job.done = std::move(done);
}

bool MainProcess::TakePageContentForAnalysis(const Tab& tab, const std::string& title,
                                             const std::string& text,
                                             const std::vector<std::string>& image_urls) {
  for (auto& [id, job] : analysis_jobs_) {
    if (job.tab_id != tab.id || job.content_ready || job.url != tab.url)
      continue;
    job.title = title;
    job.text = text;
    job.image_urls = image_urls;
    job.content_ready = true;
    SendAnalysisRequests(id);
    return true;
  }
  return false;
}

void MainProcess::SendAnalysisRequests(uint32_t job_id) {
  auto it = analysis_jobs_.find(job_id);
  if (it == analysis_jobs_.end())
    return;
  AnalysisJob& job = it->second;
  ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
  if (!job.content_ready || job.sent || !ai || !ai->alive() ||
      ai->state() == process::ProcessState::kCreated)
    return;  // Waiting for the page or for the AI process.
  job.sent = true;
  auto page = ParseUrl(job.url);
  std::string site = page.ok() ? SiteForUrl(*page) : "";
  auto sent = SendToAi(ai::schema::AiTask::ANALYZE_CONTENT, job.text, 0, site);
  if (!sent.ok())
    return FinishAnalysis(job_id, sent.error());
  job.analysis_request = *sent;
  job.image_texts.resize(job.image_urls.size());
  job.images_pending = job.image_urls.size();
  bool network_loads = false;
  std::vector<std::string> image_urls = job.image_urls;  // `job` may end on the way
  for (size_t i = 0; i < image_urls.size(); ++i) {
    // The images are fetched again, by main, under the rules the page's own loads follow.
    auto url = ParseUrl(image_urls[i]);
    std::optional<Result<Document>> now;  // answered without the network service
    if (!url.ok() || !page.ok())
      now = Error("bad image URL");
    else if (auto allowed = CheckSubresourceAllowed(*page, *url); !allowed.ok())
      now = allowed.error();
    else if (url->scheme == "file")
      now = ReadFileDocument(*url);
    if (now) {
      OnImageForOcr({job_id, i}, std::move(*now));
      if (!analysis_jobs_.count(job_id))
        return;  // it failed
      continue;
    }
    PendingLoad load;
    load.url = url->spec;
    load.kind = network::schema::ResourceKind::IMAGE;
    load.site_for_cookies = SiteForUrl(*page);
    load.ocr_image = OcrImage{job_id, i};
    network_loads_[next_request_id_++] = std::move(load);
    network_loads = true;
  }
  if (network_loads && EnsureService(ProcessType::NETWORK).ok())
    SendPendingLoads();
}

void MainProcess::SendAnalysisRequestsOfAllJobs() {
  std::vector<uint32_t> ids;  // a job may end while its requests are sent
  for (const auto& [id, job] : analysis_jobs_)
    ids.push_back(id);
  for (uint32_t id : ids)
    SendAnalysisRequests(id);
}

void MainProcess::OnImageForOcr(OcrImage image, Result<Document> loaded) {
  auto it = analysis_jobs_.find(image.job_id);
  if (it == analysis_jobs_.end() || image.index >= it->second.image_texts.size())
    return;  // the job ended (its AI process went away)
  AnalysisJob& job = it->second;
  if (!loaded.ok()) {
    job.image_texts[image.index] = "";  // unreadable or not allowed: no text from it
    --job.images_pending;
    return FinishAnalysisIfDone(image.job_id);
  }
  auto page = ParseUrl(job.url);
  // After the text's analysis: the images come second.
  auto request = SendToAi(ai::schema::AiTask::RECOGNIZE_TEXT, loaded->bytes, 1,
                          page.ok() ? SiteForUrl(*page) : "");
  if (!request.ok())
    return FinishAnalysis(image.job_id, request.error());
  job.ocr_requests[*request] = image.index;
}

bool MainProcess::OnAnalysisResult(uint64_t request_id, ai::schema::AiToBrowser::Reader result) {
  for (auto& [id, job] : analysis_jobs_) {
    uint32_t job_id = id;
    if (request_id == job.analysis_request) {
      if (result.getError().size() > 0) {
        FinishAnalysis(job_id, Error(result.getError()));
        return true;
      }
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
    } else {
      continue;
    }
    FinishAnalysisIfDone(job_id);
    return true;
  }
  return false;
}

void MainProcess::FinishAnalysisIfDone(uint32_t job_id) {
  auto it = analysis_jobs_.find(job_id);
  if (it == analysis_jobs_.end())
    return;
  AnalysisJob& job = it->second;
  if (!job.analysis || job.images_pending > 0)
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
  FinishAnalysis(job_id, std::move(out));
}

void MainProcess::FinishAnalysis(uint32_t job_id, Result<nlohmann::json> outcome) {
  auto it = analysis_jobs_.find(job_id);
  if (it == analysis_jobs_.end())
    return;
  AnalysisDone done = std::move(it->second.done);
  analysis_jobs_.erase(it);
  done(std::move(outcome));
}

void MainProcess::FailAnalyses(const std::string& why) {
  while (!analysis_jobs_.empty())
    FinishAnalysis(analysis_jobs_.begin()->first, Error(why));
}

}  // namespace nexus::browser
