// Records process lifecycle and IPC as Chrome trace-event JSON (`nexus --trace FILE`), which
// Perfetto and chrome://tracing open. IPC shows as a slice on the sender at send time and on
// the receiver at receipt, joined by a flow arrow; both use CLOCK_MONOTONIC, shared by all
// processes on the machine.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace nexus::process {

class TraceRecorder {
 public:
  explicit TraceRecorder(std::string path) : path_(std::move(path)) {}

  void NameProcess(pid_t pid, const std::string& name);
  // A moment in a process's life ("launched", "ready", "crashed: signal 11").
  void Lifecycle(pid_t pid, const std::string& event, const std::string& detail);
  void Message(pid_t from, pid_t to, int64_t sent_ns, int64_t received_ns, const char* type,
               size_t bytes);
  // A frame the compositor drew: a slice from `start_ns` lasting `duration_us`.
  void Frame(pid_t pid,
             int64_t start_ns,
             uint32_t duration_us,
             uint32_t damaged_pixels,
             uint32_t input_latency_us);
  Status Write() const;

  // Keeps a long session from growing without bound; later events are counted, not kept.
  static constexpr size_t kMaxEvents = 500000;

 private:
  void Add(std::string event);
  std::string path_;
  std::vector<std::string> events_;
  uint64_t next_flow_id_ = 1;
  uint64_t dropped_ = 0;
};

}  // namespace nexus::process
