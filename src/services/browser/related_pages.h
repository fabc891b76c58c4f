// `nexus related`: the pages of the profile's history most like a given page, by the cosine of
// the vectors the AI process's embedder gave them (recorded as they were visited).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nexus::browser {

struct PageVector {
  std::string url;
  std::string title;
  std::string model;  // the embedder that made the vector: only vectors of one model compare
  std::vector<float> vector;
  int64_t visited_ms = 0;
};

struct RelatedPage {
  std::string url;
  std::string title;
  float similarity = 0;  // cosine, -1 to 1
};

// The `count` most similar pages of `history`, best first; the page itself (`url`) and
// vectors of another model or size are left out.
std::vector<RelatedPage> MostSimilarPages(const PageVector& page,
                                          const std::vector<PageVector>& history, size_t count);

}  // namespace nexus::browser
