#include "services/browser/related_pages.h"

#include <algorithm>

#include "services/ai/public/vector_similarity.h"

namespace nexus::browser {

std::vector<RelatedPage> MostSimilarPages(const PageVector& page,
                                          const std::vector<PageVector>& history, size_t count) {
  std::vector<RelatedPage> ranked;
  for (const PageVector& visited : history) {
    if (visited.url == page.url || visited.model != page.model ||
        visited.vector.size() != page.vector.size())
      continue;
    ranked.push_back({visited.url, visited.title, ai::Cosine(page.vector, visited.vector)});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const RelatedPage& a, const RelatedPage& b) {
    return a.similarity > b.similarity;
  });
  if (ranked.size() > count)
    ranked.resize(count);
  return ranked;
}

}  // namespace nexus::browser
