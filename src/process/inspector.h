// The process inspector (spec "Monitoring and Debugging"): per-process statistics, the
// process tree as text (`nexus ps`) and as JSON (`nexus ps --json`).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "process/inspector.capnp.h"
#include "process/process_manager.h"
#include "process/resource_limiter.h"

namespace nexus::process {

struct ProcessStatsRecord {
  uint32_t process_id = 0;
  ProcessType type = ProcessType::BROWSER;
  pid_t pid = 0;
  int parent_id = -1;  // process id of the parent in the tree; -1 for main
  std::string state;
  std::string priority;
  int nice = 0;
  std::string cpus;
  uint64_t rss_bytes = 0;
  uint64_t pss_bytes = 0;
  uint64_t memory_limit_bytes = 0;
  double cpu_percent = 0;
  uint64_t uptime_ms = 0;
  uint64_t messages_sent = 0;
  uint64_t messages_received = 0;
  std::string site;
  std::string spawned_by;
  std::string detail;
};

// Main itself first, then every child (renderers under the zygote, the rest under main).
std::vector<ProcessStatsRecord> CollectProcessStats(ProcessManager& manager,
                                                    const ResourceLimiter& limiter,
                                                    int64_t main_started_ms,
                                                    double main_cpu_percent);

void ToCapnp(const ProcessStatsRecord& record, process::schema::ProcessStats::Builder out);
ProcessStatsRecord FromCapnp(process::schema::ProcessStats::Reader in);

nlohmann::json ToJson(const std::vector<ProcessStatsRecord>& records);
// An indented tree with one line per process, like the spec's DumpProcessTree.
std::string FormatProcessTree(const std::vector<ProcessStatsRecord>& records);

}  // namespace nexus::process
