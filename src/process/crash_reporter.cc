#include "process/crash_reporter.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "base/time.h"

namespace nexus::process {

CrashReport MakeCrashReport(const ProcessHost& host, int64_t now_monotonic_ms,
                            int64_t now_wall_ms) {
  CrashReport report;
  report.type = host.type();
  report.process_id = host.id();
  report.pid = host.pid;
  report.exit = host.exit;
  report.reason = host.termination_reason.empty() ? "exited unexpectedly: " + host.exit.Describe()
                                                  : host.termination_reason;
  if (!host.blocked_syscall.empty()) {
    report.syscall = host.blocked_syscall;
    report.reason = "sandbox violation: blocked syscall " + host.blocked_syscall + " (" +
                    host.exit.Describe() + ")";
  }
  report.url = host.url;
  report.uptime_ms = now_monotonic_ms - host.created_ms;
  report.wall_clock_ms = now_wall_ms;
  return report;
}

Result<std::string> CrashReporter::Write(const CrashReport& report) const {
  nlohmann::json json = {
      {"type", std::string(ProcessTypeName(report.type))},
      {"process_id", report.process_id},
      {"pid", report.pid},
      {"exit_known", report.exit.known},
      {"exit_code", report.exit.exit_code},
      {"signal", report.exit.signal},
      {"signal_name", report.exit.signal ? std::string("SIG") + sigabbrev_np(report.exit.signal)
                                         : std::string()},
      {"reason", report.reason},
      {"syscall", report.syscall},
      {"url", report.url},
      {"uptime_ms", report.uptime_ms},
      {"time", Iso8601(report.wall_clock_ms)},
      {"crashes_in_window", report.crashes_in_window},
      {"recovery", report.recovery},
  };
  std::string name = std::to_string(report.wall_clock_ms) + "-" +
                     std::string(ProcessTypeName(report.type)) + "-" +
                     std::to_string(report.pid) + ".json";
  std::string path = directory_ + "/" + name;
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return ErrnoError("create crash report " + path);
  std::string text = json.dump(2) + "\n";
  ssize_t written = write(fd, text.data(), text.size());
  close(fd);
  if (written != static_cast<ssize_t>(text.size()))
    return Error("write crash report " + path + ": short write");
  return path;
}

}  // namespace nexus::process
