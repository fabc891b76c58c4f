#include "process/inspector.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "base/time.h"
#include "process/proc_stats.h"

namespace nexus::process {
namespace {

int NiceOf(pid_t pid) {
  errno = 0;
  int value = getpriority(PRIO_PROCESS, pid);
  return errno == 0 ? value : 0;
}

std::string Megabytes(uint64_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1fM", static_cast<double>(bytes) / (1024 * 1024));
  return buffer;
}

std::string Duration(uint64_t ms) {
  char buffer[32];
  if (ms < 60000)
    std::snprintf(buffer, sizeof(buffer), "%.1fs", ms / 1000.0);
  else
    std::snprintf(buffer, sizeof(buffer), "%llum%02llus", static_cast<unsigned long long>(ms / 60000),
                  static_cast<unsigned long long>(ms / 1000 % 60));
  return buffer;
}

}  // namespace

std::vector<ProcessStatsRecord> CollectProcessStats(ProcessManager& manager,
                                                    const ResourceLimiter& limiter,
                                                    int64_t main_started_ms,
                                                    double main_cpu_percent) {
  int64_t now = MonotonicMillis();
  std::vector<ProcessStatsRecord> records;
  ProcessStatsRecord main_record;
  main_record.type = ProcessType::BROWSER;
  main_record.pid = getpid();
  main_record.state = "active";
  main_record.priority = std::string(ProcessPriorityName(ProcessPriority::kCritical));
  main_record.nice = NiceOf(main_record.pid);
  main_record.cpus = FormatCpuList(manager.scheduler().allowed_cpus());
  main_record.memory_limit_bytes = limiter.LimitFor(ProcessType::BROWSER);
  main_record.cpu_percent = main_cpu_percent;
  main_record.uptime_ms = static_cast<uint64_t>(now - main_started_ms);
  main_record.spawned_by = "user";
  main_record.messages_sent = manager.retired_counters().messages_sent;
  main_record.messages_received = manager.retired_counters().messages_received;
  if (auto usage = ReadMemoryUsage(main_record.pid); usage.ok()) {
    main_record.rss_bytes = usage->rss_bytes;
    main_record.pss_bytes = usage->pss_bytes;
  }

  uint32_t zygote_id = 0;
  for (ProcessHost* host : manager.Hosts()) {
    if (host->type() == ProcessType::ZYGOTE && host->alive())
      zygote_id = host->id();
  }
  for (ProcessHost* host : manager.Hosts()) {
    const ipc::ChannelCounters& counters = host->channel().counters();
    main_record.messages_sent += counters.messages_sent;
    main_record.messages_received += counters.messages_received;
    if (!host->alive())
      continue;
    ProcessStatsRecord record;
    record.process_id = host->id();
    record.type = host->type();
    record.pid = host->pid;
    record.parent_id = host->spawn_method() == SpawnMethod::kZygote ? static_cast<int>(zygote_id)
                                                                    : 0;
    record.state = std::string(ProcessStateName(host->state()));
    record.priority = std::string(ProcessPriorityName(host->priority));
    record.nice = host->pid ? NiceOf(host->pid) : 0;
    record.cpus = FormatCpuList(host->cpus);
    record.memory_limit_bytes = limiter.LimitFor(host->type());
    record.cpu_percent = host->cpu_percent;
    record.uptime_ms = static_cast<uint64_t>(now - host->created_ms);
    // The child's view is the mirror of main's end of the channel.
    record.messages_sent = counters.messages_received;
    record.messages_received = counters.messages_sent;
    record.site = host->site;
    record.spawned_by = std::string(SpawnMethodName(host->spawn_method()));
    if (host->pid) {
      if (auto usage = ReadMemoryUsage(host->pid); usage.ok()) {
        record.rss_bytes = usage->rss_bytes;
        record.pss_bytes = usage->pss_bytes;
      }
    }
    records.push_back(std::move(record));
  }
  records.insert(records.begin(), std::move(main_record));
  return records;
}

void ToCapnp(const ProcessStatsRecord& record, process::schema::ProcessStats::Builder out) {
  out.setProcessId(record.process_id);
  out.setType(record.type);
  out.setPid(record.pid);
  out.setParentId(record.parent_id);
  out.setState(record.state);
  out.setPriority(record.priority);
  out.setNice(record.nice);
  out.setCpus(record.cpus);
  out.setRssBytes(record.rss_bytes);
  out.setPssBytes(record.pss_bytes);
  out.setMemoryLimitBytes(record.memory_limit_bytes);
  out.setCpuPercent(static_cast<float>(record.cpu_percent));
  out.setUptimeMs(record.uptime_ms);
  out.setMessagesSent(record.messages_sent);
  out.setMessagesReceived(record.messages_received);
  out.setSite(record.site);
  out.setSpawnedBy(record.spawned_by);
  out.setDetail(record.detail);
}

ProcessStatsRecord FromCapnp(process::schema::ProcessStats::Reader in) {
  ProcessStatsRecord record;
  record.process_id = in.getProcessId();
  record.type = in.getType();
  record.pid = in.getPid();
  record.parent_id = in.getParentId();
  record.state = in.getState();
  record.priority = in.getPriority();
  record.nice = in.getNice();
  record.cpus = in.getCpus();
  record.rss_bytes = in.getRssBytes();
  record.pss_bytes = in.getPssBytes();
  record.memory_limit_bytes = in.getMemoryLimitBytes();
  record.cpu_percent = in.getCpuPercent();
  record.uptime_ms = in.getUptimeMs();
  record.messages_sent = in.getMessagesSent();
  record.messages_received = in.getMessagesReceived();
  record.site = in.getSite();
  record.spawned_by = in.getSpawnedBy();
  record.detail = in.getDetail();
  return record;
}

nlohmann::json ToJson(const std::vector<ProcessStatsRecord>& records) {
  nlohmann::json processes = nlohmann::json::array();
  for (const ProcessStatsRecord& r : records) {
    processes.push_back({{"id", r.process_id},
                         {"type", std::string(ProcessTypeName(r.type))},
                         {"pid", r.pid},
                         {"parent_id", r.parent_id},
                         {"state", r.state},
                         {"priority", r.priority},
                         {"nice", r.nice},
                         {"cpus", r.cpus},
                         {"rss_bytes", r.rss_bytes},
                         {"pss_bytes", r.pss_bytes},
                         {"memory_limit_bytes", r.memory_limit_bytes},
                         {"cpu_percent", r.cpu_percent},
                         {"uptime_ms", r.uptime_ms},
                         {"ipc_messages_sent", r.messages_sent},
                         {"ipc_messages_received", r.messages_received},
                         {"site", r.site},
                         {"spawned_by", r.spawned_by},
                         {"detail", r.detail}});
  }
  return {{"processes", processes}};
}

std::string FormatProcessTree(const std::vector<ProcessStatsRecord>& records) {
  std::map<int, std::vector<const ProcessStatsRecord*>> children;
  const ProcessStatsRecord* root = nullptr;
  for (const ProcessStatsRecord& record : records) {
    if (record.parent_id < 0)
      root = &record;
    else
      children[record.parent_id].push_back(&record);
  }
  std::string out;
  char line[512];
  std::snprintf(line, sizeof(line), "%-28s %8s %-10s %-10s %4s %5s %9s %9s %6s %9s %8s %8s  %s\n",
                "PROCESS", "PID", "STATE", "PRIORITY", "NICE", "CPUS", "RSS", "PSS", "CPU%",
                "UPTIME", "IPC-SENT", "IPC-RECV", "SITE / DETAIL");
  out += line;
  auto emit = [&](auto&& self, const ProcessStatsRecord& r, const std::string& indent,
                  bool last, bool is_root) -> void {
    std::string label = is_root ? "" : indent + (last ? "`- " : "|- ");
    label += ProcessTypeName(r.type);
    if (is_root || r.process_id != 0)  // a disabled type's row stands for no process
      label += " #" + std::to_string(r.process_id);
    std::snprintf(line, sizeof(line),
                  "%-28s %8d %-10s %-10s %4d %5s %9s %9s %6.1f %9s %8llu %8llu  %s\n",
                  label.c_str(), r.pid, r.state.c_str(), r.priority.c_str(), r.nice, r.cpus.c_str(),
                  Megabytes(r.rss_bytes).c_str(), Megabytes(r.pss_bytes).c_str(), r.cpu_percent,
                  Duration(r.uptime_ms).c_str(), static_cast<unsigned long long>(r.messages_sent),
                  static_cast<unsigned long long>(r.messages_received),
                  (r.site + (r.site.empty() || r.detail.empty() ? "" : "; ") + r.detail).c_str());
    out += line;
    // Only main is process 0; a row of no process (a disabled type) has no children.
    auto it = children.find(static_cast<int>(r.process_id));
    if (it == children.end() || (!is_root && r.process_id == 0))
      return;
    std::string child_indent = is_root ? "" : indent + (last ? "   " : "|  ");
    for (size_t i = 0; i < it->second.size(); ++i)
      self(self, *it->second[i], child_indent, i + 1 == it->second.size(), false);
  };
  if (root)
    emit(emit, *root, "", true, true);
  return out;
}

}  // namespace nexus::process
