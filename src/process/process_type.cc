#include "process/process_type.h"

namespace nexus::process {

std::string_view ProcessTypeName(ProcessType type) {
  switch (type) {
    case ProcessType::BROWSER: return "main";
    case ProcessType::RENDERER: return "renderer";
    case ProcessType::ZYGOTE: return "zygote";
    case ProcessType::GPU: return "gpu";
    case ProcessType::AI: return "ai";
    case ProcessType::NETWORK: return "network";
    case ProcessType::STORAGE: return "storage";
    case ProcessType::AUDIO: return "audio";
  }
  return "unknown";
}

std::optional<ProcessType> ParseProcessType(std::string_view name) {
  for (ProcessType type : kAllProcessTypes) {
    if (ProcessTypeName(type) == name)
      return type;
  }
  return std::nullopt;
}

uint64_t DefaultMemoryLimitBytes(ProcessType type) {
  constexpr uint64_t kMiB = 1024 * 1024;
  switch (type) {
    case ProcessType::BROWSER: return 1024 * kMiB;
    case ProcessType::GPU: return 1024 * kMiB;
    case ProcessType::AI: return 2048 * kMiB;
    default: return 512 * kMiB;
  }
}

bool IsRestartedAfterCrash(ProcessType type) {
  return type != ProcessType::RENDERER && type != ProcessType::BROWSER;
}

}  // namespace nexus::process
