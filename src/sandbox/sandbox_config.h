// What each process type may touch (spec "Security Considerations": SandboxConfig per
// type, and each type's "Resource Access"). This is the configuration object that
// ProcessManager::CreateProcess computes in step 2; enforcing it with namespaces, Landlock
// and seccomp is the sandbox module's job (DESIGN.md §4).
#pragma once

#include <string>
#include <vector>

#include "ipc/messages.capnp.h"

namespace nexus::sandbox {

struct SandboxConfig {
  bool allow_file_read = false;
  bool allow_file_write = false;
  bool allow_network = false;
  bool allow_gpu = false;
  std::vector<std::string> allowed_directories;
  std::vector<std::string> allowed_syscalls;  // named syscall sets, e.g. "basic_io"
};

struct SandboxPaths {
  std::string models_directory;   // AI: read-only
  std::string profile_directory;  // storage: read-write
  std::string ca_certificates = "/etc/ssl/certs";  // network: read-only
};

SandboxConfig GetSandboxConfig(ipc::schema::ProcessType type, const SandboxPaths& paths);

}  // namespace nexus::sandbox
