// Per-type memory limits (spec "Memory Limits"): above 90 % of the limit the process is asked
// to free memory, above 100 % it is terminated.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "base/result.h"
#include "process/process_type.h"

namespace nexus::process {

enum class MemoryVerdict { kWithinLimit, kApproachingLimit, kOverLimit };

class ResourceLimiter {
 public:
  ResourceLimiter();
  uint64_t LimitFor(ProcessType type) const;
  void SetLimit(ProcessType type, uint64_t bytes) { limits_[type] = bytes; }
  // Parses "renderer:64M" (suffixes K, M, G) and sets that limit.
  Status SetLimitFromFlag(const std::string& flag);
  MemoryVerdict Check(ProcessType type, uint64_t used_bytes) const;

 private:
  std::map<ProcessType, uint64_t> limits_;
};

// "64M" -> 67108864. Accepts K, M, G (powers of 1024) or plain bytes.
Result<uint64_t> ParseByteSize(const std::string& text);

}  // namespace nexus::process
