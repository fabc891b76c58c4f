#include "process/process_scheduler.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>

#include "base/logging.h"
#include "process/proc_stats.h"

namespace nexus::process {
namespace {

constexpr ProcessPriority kAllPriorities[] = {ProcessPriority::kCritical, ProcessPriority::kHigh,
                                              ProcessPriority::kNormal, ProcessPriority::kLow,
                                              ProcessPriority::kBackground};

// cgroup v2 cpu.weight (1-10000, default 100) and v1 cpu.shares (default 1024).
int CgroupWeight(ProcessPriority priority, bool v2) {
  static constexpr int kWeights[] = {400, 200, 100, 50, 10};
  int weight = kWeights[static_cast<int>(priority)];
  return v2 ? weight : weight * 1024 / 100;
}

bool WriteFile(const std::string& path, const std::string& value) {
  std::ofstream out(path);
  out << value;
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

std::string_view ProcessPriorityName(ProcessPriority priority) {
  switch (priority) {
    case ProcessPriority::kCritical: return "critical";
    case ProcessPriority::kHigh: return "high";
    case ProcessPriority::kNormal: return "normal";
    case ProcessPriority::kLow: return "low";
    case ProcessPriority::kBackground: return "background";
  }
  return "unknown";
}

int NiceValueFor(ProcessPriority priority) {
  // Unprivileged processes may only raise nice values, so main (critical) stays at 0 and the
  // others are spaced out below it.
  switch (priority) {
    case ProcessPriority::kCritical: return 0;
    case ProcessPriority::kHigh: return 0;
    case ProcessPriority::kNormal: return 4;
    case ProcessPriority::kLow: return 10;
    case ProcessPriority::kBackground: return 19;
  }
  return 0;
}

namespace {
// linux/ioprio.h is not in Debian 12's userspace headers.
constexpr int kIoprioWhoProcess = 1;
constexpr int kIoprioClassBestEffort = 2;
constexpr int kIoprioClassIdle = 3;
constexpr int IoprioValue(int io_class, int level) {
  return (io_class << 13) | level;
}
}  // namespace

int IoPriorityFor(ProcessPriority priority) {
  switch (priority) {
    case ProcessPriority::kCritical: return IoprioValue(kIoprioClassBestEffort, 0);
    case ProcessPriority::kHigh: return IoprioValue(kIoprioClassBestEffort, 2);
    case ProcessPriority::kNormal: return IoprioValue(kIoprioClassBestEffort, 4);
    case ProcessPriority::kLow: return IoprioValue(kIoprioClassBestEffort, 6);
    case ProcessPriority::kBackground: return IoprioValue(kIoprioClassIdle, 0);
  }
  return IoprioValue(kIoprioClassBestEffort, 4);
}

int ReadIoPriority(pid_t tid) {
  return static_cast<int>(syscall(SYS_ioprio_get, kIoprioWhoProcess, tid));
}

ProcessPriority DefaultPriorityFor(ProcessType type) {
  switch (type) {
    case ProcessType::BROWSER: return ProcessPriority::kCritical;
    case ProcessType::GPU: return ProcessPriority::kHigh;
    case ProcessType::ZYGOTE: return ProcessPriority::kHigh;
    case ProcessType::RENDERER: return ProcessPriority::kNormal;
    case ProcessType::AI: return ProcessPriority::kBackground;
    default: return ProcessPriority::kLow;
  }
}

std::string FormatCpuList(const std::vector<int>& cpus) {
  std::string out;
  for (size_t i = 0; i < cpus.size();) {
    size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1)
      ++j;
    if (!out.empty())
      out += ",";
    out += std::to_string(cpus[i]);
    if (j > i)
      out += "-" + std::to_string(cpus[j]);
    i = j + 1;
  }
  return out;
}

ProcessScheduler::ProcessScheduler() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set))
        allowed_cpus_.push_back(cpu);
    }
  }
  if (allowed_cpus_.empty())
    allowed_cpus_.push_back(0);
  SetUpCgroups();
}

ProcessScheduler::~ProcessScheduler() {
  if (cgroup_root_.empty())
    return;
  // A cgroup can only be removed once empty; children have exited by now (main shuts them
  // down first), and the leftover of a crashed main is reused by pid next time.
  for (ProcessPriority priority : kAllPriorities)
    rmdir((cgroup_root_ + "/" + std::string(ProcessPriorityName(priority))).c_str());
  rmdir(cgroup_root_.c_str());
}

void ProcessScheduler::SetUpCgroups() {
  struct Candidate {
    std::string base;
    bool v2;
  };
  const Candidate candidates[] = {{"/sys/fs/cgroup", true},
                                  {"/sys/fs/cgroup/cpu,cpuacct", false},
                                  {"/sys/fs/cgroup/cpu", false}};
  for (const Candidate& candidate : candidates) {
    std::string weight_file = candidate.v2 ? "cpu.weight" : "cpu.shares";
    struct stat st {};
    if (candidate.v2 && stat((candidate.base + "/cgroup.controllers").c_str(), &st) != 0)
      continue;
    if (!candidate.v2 && stat((candidate.base + "/" + weight_file).c_str(), &st) != 0)
      continue;
    std::string root = candidate.base + "/nexus-" + std::to_string(getpid());
    if (mkdir(root.c_str(), 0755) != 0 && errno != EEXIST)
      continue;
    if (candidate.v2)
      WriteFile(root + "/cgroup.subtree_control", "+cpu");
    bool ok = true;
    for (ProcessPriority priority : kAllPriorities) {
      std::string group = root + "/" + std::string(ProcessPriorityName(priority));
      ok = ok && (mkdir(group.c_str(), 0755) == 0 || errno == EEXIST) &&
           WriteFile(group + "/" + weight_file,
                     std::to_string(CgroupWeight(priority, candidate.v2)));
    }
    if (ok) {
      cgroup_root_ = root;
      cgroup_v2_ = candidate.v2;
      return;
    }
    for (ProcessPriority priority : kAllPriorities)
      rmdir((root + "/" + std::string(ProcessPriorityName(priority))).c_str());
    rmdir(root.c_str());
  }
  LOG(Info) << "no writable CPU cgroup: priorities use nice values only";
}

Status ProcessScheduler::SetPriority(pid_t pid, ProcessPriority priority) {
  int nice_value = NiceValueFor(priority);
  // setpriority(PRIO_PROCESS) acts on one thread on Linux: apply it to each.
  for (pid_t tid : ListThreads(pid)) {
    if (setpriority(PRIO_PROCESS, tid, nice_value) != 0 && errno != ESRCH) {
      // Lowering nice needs CAP_SYS_NICE; keep what the thread has rather than fail.
      if (errno != EACCES && errno != EPERM)
        return ErrnoError("setpriority " + std::to_string(tid));
    }
    // I/O priority is per thread too; raising it above best-effort 4 needs privilege, so
    // like nice a refusal keeps what the thread has.
    if (syscall(SYS_ioprio_set, kIoprioWhoProcess, tid, IoPriorityFor(priority)) != 0 &&
        errno != ESRCH && errno != EPERM) {
      return ErrnoError("ioprio_set " + std::to_string(tid));
    }
  }
  if (!cgroup_root_.empty()) {
    std::string procs = cgroup_root_ + "/" + std::string(ProcessPriorityName(priority)) +
                        "/cgroup.procs";
    if (!WriteFile(procs, std::to_string(pid)))
      LOG(Info) << "could not move " << pid << " into " << procs;
  }
  return OkStatus();
}

std::vector<int> ProcessScheduler::PlacementFor(ProcessType type) {
  if (allowed_cpus_.size() == 1)
    return allowed_cpus_;
  switch (type) {
    case ProcessType::RENDERER: {
      int cpu = allowed_cpus_[next_renderer_cpu_ % allowed_cpus_.size()];
      ++next_renderer_cpu_;
      return {cpu};
    }
    case ProcessType::AI:
      return std::vector<int>(allowed_cpus_.begin() + 1, allowed_cpus_.end());
    case ProcessType::GPU: {
      // Pinned to the first half of the cores (spec "Process Affinity"), away from the AI
      // process's, where there are four or more. On two, pinning it to one core beside main
      // and renderers made frames slower (window_bench: key p50 9.7 ms pinned vs 7.5 free,
      // 21.5 vs 10.4 with the AI process busy): there it uses both.
      if (allowed_cpus_.size() < 4)
        return allowed_cpus_;
      return std::vector<int>(allowed_cpus_.begin(),
                              allowed_cpus_.begin() + allowed_cpus_.size() / 2);
    }
    default:
      return allowed_cpus_;
  }
}

Status ProcessScheduler::SetAffinity(pid_t pid, const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : cpus)
    CPU_SET(cpu, &set);
  for (pid_t tid : ListThreads(pid)) {
    if (sched_setaffinity(tid, sizeof(set), &set) != 0 && errno != ESRCH)
      return ErrnoError("sched_setaffinity " + std::to_string(tid));
  }
  return OkStatus();
}

}  // namespace nexus::process
