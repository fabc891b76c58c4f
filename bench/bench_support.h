// What several benchmarks share: a command's output and the median of their runs.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

// A shell command's standard output (its stderr goes to /dev/null).
inline std::string CommandOutput(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r")) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
      out.append(buffer, n);
    pclose(pipe);
  }
  return out;
}

inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}
