#include "services/browser/page_analysis.h"

#include <optional>
#include <vector>

namespace nexus::browser {

struct PageAnalyzer::Job {
  uint32_t tab_id = 0;
  PageText page;
  std::optional<nlohmann::json> analysis;
  std::vector<std::string> image_texts;
  size_t images_pending = 0;
  Done done;  // empty once called
};

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

void PageAnalyzer::Analyze(uint32_t tab_id, Done done) {
  // The AI process starts while the renderer collects the page.
  if (auto status = ai_.Prelaunch(); !status.ok())
    return done(status.error());
  auto job = std::make_shared<Job>();
  job->tab_id = tab_id;
  job->done = std::move(done);
  pages_.GetContent(tab_id, kMaxImagesRead, [this, job](Result<PageText> page) {
    if (!page.ok())
      return job->done(page.error());
    OnContent(job, std::move(page).value());
  });
}

void PageAnalyzer::OnContent(std::shared_ptr<Job> job, PageText page) {
  job->page = std::move(page);
  auto url = web::ParseUrl(job->page.url);
  std::string site = url.ok() ? web::SiteForUrl(*url) : "";
  AiQuestion question{ai::schema::AiTask::ANALYZE_CONTENT, job->page.text, 0, site, job->tab_id, 0};
  ai_.Ask(std::move(question), [this, job](AiAnswer answer) {
    if (!job->done)
      return;
    if (!answer.ok())
      return std::exchange(job->done, nullptr)(answer.error());
    if (answer->getError().size() > 0)
      return std::exchange(job->done, nullptr)(Error(answer->getError().cStr()));
    auto analysis = answer->getAnalysis();
    nlohmann::json keywords = nlohmann::json::array();
    for (auto keyword : analysis.getKeywords())
      keywords.push_back({{"name", keyword.getName().cStr()}, {"score", keyword.getScore()}});
    nlohmann::json summary = nlohmann::json::array();
    for (auto sentence : analysis.getSummary())
      summary.push_back(sentence.cStr());
    job->analysis = nlohmann::json{{"language", analysis.getLanguage().cStr()},
                                   {"language_score", analysis.getLanguageScore()},
                                   {"topic", analysis.getTopic().cStr()},
                                   {"topic_score", analysis.getTopicScore()},
                                   {"keywords", keywords},
                                   {"summary", summary},
                                   {"word_count", analysis.getWordCount()},
                                   {"reading_seconds", analysis.getReadingSeconds()}};
    FinishIfDone(job);
  });
  job->image_texts.resize(job->page.image_urls.size());
  job->images_pending = job->page.image_urls.size();
  for (size_t i = 0; i < job->page.image_urls.size() && job->done; ++i) {
    // The images are fetched again, by main, under the rules the page's own loads follow.
    auto image = web::ParseUrl(job->page.image_urls[i]);
    if (!image.ok() || !url.ok()) {
      ReadImage(job, i, Error("bad image URL"));
    } else if (auto allowed = web::CheckSubresourceAllowed(*url, *image); !allowed.ok()) {
      ReadImage(job, i, allowed.error());
    } else if (image->scheme == "file") {
      ReadImage(job, i, ReadFileDocument(*image));
    } else {
      NetworkLoad load;
      load.url = image->spec;
      load.kind = network::schema::ResourceKind::IMAGE;
      load.site_for_cookies = site;
      loader_.Load(std::move(load), [this, job, i](Result<Document> loaded, const std::string&) {
        ReadImage(job, i, std::move(loaded));
      });
    }
  }
}

void PageAnalyzer::ReadImage(std::shared_ptr<Job> job, size_t index, Result<Document> image) {
  if (!job->done)
    return;
  auto text_read = [this, job, index](std::string text) {
    job->image_texts[index] = std::move(text);
    --job->images_pending;
    FinishIfDone(job);
  };
  if (!image.ok())
    return text_read("");  // unreadable or not allowed: no text from it
  // After the text's analysis: the images come second.
  AiQuestion question{
      ai::schema::AiTask::RECOGNIZE_TEXT, std::move(image->bytes), 1, "", job->tab_id, 0};
  if (auto url = web::ParseUrl(job->page.url); url.ok())
    question.site = web::SiteForUrl(*url);
  ai_.Ask(std::move(question), [job, text_read](AiAnswer answer) {
    if (!answer.ok())  // the AI process is gone: the analysis fails with it
      return job->done ? std::exchange(job->done, nullptr)(answer.error()) : void();
    // An image OCR could not read has no text; the analysis stands without it.
    text_read(answer->getError().size() > 0 ? "" : answer->getText().cStr());
  });
}

void PageAnalyzer::FinishIfDone(const std::shared_ptr<Job>& job) {
  if (!job->done || !job->analysis || job->images_pending > 0)
    return;
  nlohmann::json images = nlohmann::json::array();
  for (size_t i = 0; i < job->page.image_urls.size(); ++i) {
    std::string text = job->image_texts[i];
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
      text.pop_back();
    images.push_back({{"url", job->page.image_urls[i]}, {"text", text}});
  }
  nlohmann::json out = *job->analysis;
  out["url"] = job->page.url;
  out["title"] = job->page.title;
  out["images"] = images;
  std::exchange(job->done, nullptr)(std::move(out));
}

}  // namespace nexus::browser
