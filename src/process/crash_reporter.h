// Writes one JSON crash report per crash under <profile>/crash-reports/ (spec "Crash
// Recovery": GenerateCrashReport / SubmitCrashReport; issue 2 item 6).
#pragma once

#include <string>

#include "base/result.h"
#include "process/process_host.h"

namespace nexus::process {

struct CrashReport {
  ProcessType type;
  uint32_t process_id = 0;
  pid_t pid = 0;
  ExitInfo exit;
  std::string reason;  // "bad message: ...", "hang", "out of memory", or the exit itself
  std::string syscall;  // the call a sandbox violation was about; empty otherwise
  std::string url;
  int64_t uptime_ms = 0;
  int64_t wall_clock_ms = 0;
  int crashes_in_window = 0;
  std::string recovery;  // "sad tab", "restart in 200 ms", "disabled: software compositing"
};

CrashReport MakeCrashReport(const ProcessHost& host, int64_t now_monotonic_ms,
                            int64_t now_wall_ms);

class CrashReporter {
 public:
  explicit CrashReporter(std::string directory) : directory_(std::move(directory)) {}
  // Returns the path of the report written.
  Result<std::string> Write(const CrashReport& report) const;
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
};

}  // namespace nexus::process
