// Page analysis, the spec's routing example "Main -> Renderer (get content) -> Main -> AI ->
// Main": the renderer gives the page's text and image URLs; the AI process gives language,
// topic, keywords, summary and reading time, and reads the images by OCR, which main fetches
// again under the page's own loading rules. `nexus analyze-tab TAB` and `nexus analyze URL`.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "services/browser/ai_client.h"
#include "services/browser/page_requests.h"
#include "services/browser/resource_loader.h"

namespace nexus::browser {

class PageAnalyzer {
 public:
  PageAnalyzer(AiClient& ai, PageRequests& pages, ResourceLoader& loader)
      : ai_(ai), pages_(pages), loader_(loader) {}

  // The analysis as JSON (url, title, language, language_score, topic, topic_score, keywords,
  // summary, word_count, reading_seconds, images: [{url, text}]), or why there is none.
  using Done = std::function<void(Result<nlohmann::json>)>;
  void Analyze(uint32_t tab_id, Done done);

  static constexpr size_t kMaxImagesRead = 4;  // images read by OCR, in document order

 private:
  struct Job;
  void OnContent(std::shared_ptr<Job> job, PageText page);
  void ReadImage(std::shared_ptr<Job> job, size_t index, Result<Document> image);
  void FinishIfDone(const std::shared_ptr<Job>& job);

  AiClient& ai_;
  PageRequests& pages_;
  ResourceLoader& loader_;
};

// An analysis as `nexus analyze` prints it without --json.
std::string FormatAnalysis(const nlohmann::json& analysis);

}  // namespace nexus::browser
