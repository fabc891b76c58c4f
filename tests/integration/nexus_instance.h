// Runs the real nexus binary on a fresh profile and talks to it over its control socket.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "services/browser/public/control.capnp.h"
#include "temp_dir.h"

namespace nexus::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `nexus args...` to completion (stdin closed), with a time limit.
CommandResult RunNexus(const std::vector<std::string>& args, int timeout_s = 30);

std::string PagePath(const std::string& name);  // tests/pages/<name>

class NexusInstance {
 public:
  // Starts `nexus --headless --profile <fresh dir> extra_args...` and waits for its control
  // socket. With a `display` (":99"), it runs with a window there instead of --headless.
  explicit NexusInstance(std::vector<std::string> extra_args = {},
                         std::string profile = "",
                         std::string display = "");
  ~NexusInstance();

  const std::string& profile() const { return profile_; }
  pid_t pid() const { return pid_; }
  bool alive() const;
  // `nexus <command> --profile P args...` as a user would type it.
  CommandResult Command(const std::vector<std::string>& args);
  nlohmann::json Processes();  // nexus ps --json
  nlohmann::json Tabs();       // nexus tabs --json
  nlohmann::json FindProcess(const std::string& type);  // first live one, or null
  // Polls `predicate` until true or `timeout_ms` passes; returns its last value.
  static bool WaitFor(const std::function<bool()>& predicate, int timeout_ms = 10000);
  nlohmann::json Tab(int id);
  std::vector<std::string> CrashReports();
  int Stop();  // SIGTERM, then the exit code
  std::string Stdout();
  std::string Stderr();  // main's log, as it wrote it

 private:
  std::string profile_;
  std::string stdout_path_;
  pid_t pid_ = -1;
};

bool TabInState(NexusInstance& nexus, int tab, const std::string& state);
// The child of `parent` started as --type=TYPE (for nexus commands with no control socket,
// such as fetch and analyze); 0 if none.
pid_t ChildOfType(pid_t parent, const std::string& type);
// The pid of the renderer showing `tab`, from `nexus ps`; 0 if none.
int RendererPidOfTab(NexusInstance& nexus, int tab);

}  // namespace nexus::testing
