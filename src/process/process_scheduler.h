// Priorities and CPU placement (spec "Performance Optimization", DESIGN.md §5).
// Priorities become nice values on every thread and, where this process may create cgroups,
// a cgroup per priority whose CPU weight follows the same order. Affinity is computed from
// the cores this process may run on, never from fixed core numbers.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "process/process_type.h"

namespace nexus::process {

enum class ProcessPriority { kCritical, kHigh, kNormal, kLow, kBackground };

std::string_view ProcessPriorityName(ProcessPriority priority);
int NiceValueFor(ProcessPriority priority);
// The I/O priority (ioprio_set value: class and level) of a priority: best-effort levels
// 0-6 in order, background in the idle class (DESIGN.md §5).
int IoPriorityFor(ProcessPriority priority);
// The calling kernel's ioprio of thread `tid`, or -1.
int ReadIoPriority(pid_t tid);
ProcessPriority DefaultPriorityFor(ProcessType type);

// "0-3,6" for {0,1,2,3,6}.
std::string FormatCpuList(const std::vector<int>& cpus);

class ProcessScheduler {
 public:
  // Reads the allowed cores and looks for a writable CPU cgroup hierarchy (v2, then v1).
  ProcessScheduler();
  ~ProcessScheduler();  // Removes the cgroups it made.

  Status SetPriority(pid_t pid, ProcessPriority priority);
  // Where a new process of `type` should run. Renderers go round-robin over the cores, one
  // each; the AI process keeps off the first core when there is more than one, and the GPU
  // process keeps to the first half of them when there are four or more, so that inference
  // does not compete with compositing; the rest may use every core.
  std::vector<int> PlacementFor(ProcessType type);
  Status SetAffinity(pid_t pid, const std::vector<int>& cpus);

  const std::vector<int>& allowed_cpus() const { return allowed_cpus_; }

 private:
  void SetUpCgroups();
  std::vector<int> allowed_cpus_;
  size_t next_renderer_cpu_ = 0;
  std::string cgroup_root_;  // empty when cgroups are unavailable
  bool cgroup_v2_ = false;
};

}  // namespace nexus::process
