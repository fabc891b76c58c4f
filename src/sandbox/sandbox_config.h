// What each process type may touch (spec "Security Considerations": SandboxConfig per type,
// and each type's "Resource Access"). ProcessManager::CreateProcess computes it in step 2;
// sandbox_policy.h turns it into the layers a child enters (DESIGN.md §4).
#pragma once

#include <string>
#include <vector>

#include "ipc/envelope.capnp.h"

namespace nexus::sandbox {

// Named syscall sets, each with one reason (seccomp_filter.cc lists the calls).
enum class SyscallSet {
  kBaseline,    // every child: memory, time, signals to itself, IPC on inherited fds
  kFileAccess,  // open/stat/readdir: which paths is Landlock's decision, not seccomp's
  kThreads,     // clone with CLONE_THREAD only: threads, never processes
  kFork,        // the zygote: clone without CLONE_THREAD, wait, process groups, and the
                // calls its children need to enter their own sandbox
  kSockets,     // network service: create, connect and configure sockets
  kFileWrites,  // storage: rename, unlink, mkdir, fsync
  kGpuDevice,   // the GPU process: the driver's ioctls (DRM, NVIDIA) on the device it opened
                // before the lock, and nothing else: no terminal ioctl (TIOCSTI)
};
const char* SyscallSetName(SyscallSet set);

struct SandboxConfig {
  bool allow_file_read = false;
  bool allow_file_write = false;
  bool allow_network = false;
  bool allow_gpu = false;
  std::vector<std::string> allowed_directories;
  std::vector<std::string> writable_directories;  // read and write, whatever allow_file_write says
  std::vector<SyscallSet> allowed_syscalls;
  // Address space the process's children map before they lock themselves in (a forked
  // renderer's JavaScript VM): added to the RLIMIT_DATA ceiling they inherit.
  uint64_t data_headroom_for_children = 0;
};

struct SandboxPaths {
  std::string models_directory;   // AI: read-only
  std::string storage_directory;  // storage: read-write (inside the profile, not all of it)
  std::string cache_directory;    // network: read-write, its HTTP cache (empty: no cache)
  std::vector<std::string> network_files = {
      "/etc/ssl/certs", "/usr/share/ca-certificates",  // the CA store
      "/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/gai.conf"};  // DNS
  // Renderers (and the zygote) read fonts, fontconfig's configuration and its cache: public
  // files, opened lazily by pango as a page needs a face (Firefox's content sandbox does the
  // same). Nothing else on the disk.
  std::vector<std::string> font_files = {"/usr/share/fonts", "/usr/local/share/fonts",
                                         "/etc/fonts", "/usr/share/fontconfig",
                                         "/var/cache/fontconfig"};
};

SandboxConfig GetSandboxConfig(ipc::schema::ProcessType type, const SandboxPaths& paths);

}  // namespace nexus::sandbox
