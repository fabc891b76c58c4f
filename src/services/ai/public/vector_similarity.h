// How alike two page vectors of the AI process's embedder are: main ranks the history with it
// (`nexus related`), the AI process's tests check its model with it.
#pragma once

#include <cmath>
#include <vector>

namespace nexus::ai {

// Cosine of two vectors of one model (0 when their sizes differ or one is zero).
inline float Cosine(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size())
    return 0;
  double dot = 0, norm_a = 0, norm_b = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    dot += double(a[i]) * b[i];
    norm_a += double(a[i]) * a[i];
    norm_b += double(b[i]) * b[i];
  }
  if (norm_a == 0 || norm_b == 0)
    return 0;
  return static_cast<float>(dot / std::sqrt(norm_a * norm_b));
}

}  // namespace nexus::ai
