#include "sandbox/sandbox_policy.h"

namespace nexus::sandbox {

using ipc::schema::ProcessType;

SandboxPolicy PolicyFor(ProcessType type, const SandboxConfig& config,
                        uint64_t memory_limit_bytes) {
  SandboxPolicy policy;
  policy.type = type;
  policy.data_limit_bytes = memory_limit_bytes * 2 + config.data_headroom_for_children;
  policy.new_network_namespace = !config.allow_network;
  policy.deny_tcp = !config.allow_network;
  if (config.allow_file_read || config.allow_file_write) {
    for (const std::string& directory : config.allowed_directories) {
      if (!directory.empty())
        policy.landlock_rules.push_back({directory, config.allow_file_write});
    }
  }
  for (const std::string& directory : config.writable_directories) {
    if (!directory.empty())
      policy.landlock_rules.push_back({directory, true});
  }
  policy.syscalls = config.allowed_syscalls;
  return policy;
}

}  // namespace nexus::sandbox
