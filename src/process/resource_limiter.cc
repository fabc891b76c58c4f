#include "process/resource_limiter.h"

#include <cctype>

namespace nexus::process {

ResourceLimiter::ResourceLimiter() {
  for (ProcessType type : kAllProcessTypes)
    limits_[type] = DefaultMemoryLimitBytes(type);
}

uint64_t ResourceLimiter::LimitFor(ProcessType type) const {
  return limits_.at(type);
}

Result<uint64_t> ParseByteSize(const std::string& text) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])))
    return Error("size '" + text + "' is not a number");
  size_t end = 0;
  unsigned long long value = std::stoull(text, &end);
  std::string suffix = text.substr(end);
  uint64_t scale = 1;
  if (suffix == "K" || suffix == "KiB" || suffix == "k")
    scale = 1024;
  else if (suffix == "M" || suffix == "MiB")
    scale = 1024 * 1024;
  else if (suffix == "G" || suffix == "GiB")
    scale = 1024ull * 1024 * 1024;
  else if (!suffix.empty())
    return Error("size '" + text + "' has an unknown unit '" + suffix + "' (use K, M or G)");
  if (value == 0)
    return Error("size '" + text + "' must be above zero");
  return static_cast<uint64_t>(value) * scale;
}

Status ResourceLimiter::SetLimitFromFlag(const std::string& flag) {
  size_t colon = flag.find(':');
  if (colon == std::string::npos)
    return Error("memory limit '" + flag + "' is not TYPE:SIZE (e.g. renderer:256M)");
  auto type = ParseProcessType(flag.substr(0, colon));
  if (!type)
    return Error("memory limit '" + flag + "' names no process type");
  auto bytes = ParseByteSize(flag.substr(colon + 1));
  if (!bytes.ok())
    return bytes.error().Context("memory limit '" + flag + "'");
  limits_[*type] = *bytes;
  return OkStatus();
}

MemoryVerdict ResourceLimiter::Check(ProcessType type, uint64_t used_bytes) const {
  uint64_t limit = LimitFor(type);
  if (used_bytes > limit)
    return MemoryVerdict::kOverLimit;
  if (used_bytes > limit / 10 * 9)
    return MemoryVerdict::kApproachingLimit;
  return MemoryVerdict::kWithinLimit;
}

}  // namespace nexus::process
