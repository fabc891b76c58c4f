#include "sandbox/sandbox_config.h"

namespace nexus::sandbox {

using ipc::schema::ProcessType;

SandboxConfig GetSandboxConfig(ProcessType type, const SandboxPaths& paths) {
  SandboxConfig config;
  // Every child may try to open files; Landlock decides where (nowhere, for most).
  config.allowed_syscalls = {SyscallSet::kBaseline, SyscallSet::kFileAccess, SyscallSet::kThreads};
  switch (type) {
    case ProcessType::BROWSER:
      config.allow_file_read = config.allow_file_write = true;
      config.allow_network = config.allow_gpu = true;
      config.allowed_syscalls.clear();  // main is not sandboxed
      break;
    case ProcessType::RENDERER:
      // Most restrictive: everything it needs comes over IPC, but for the fonts.
      config.allow_file_read = true;
      config.allowed_directories = paths.font_files;
      break;
    case ProcessType::ZYGOTE:
      config.allowed_syscalls = {SyscallSet::kBaseline, SyscallSet::kFileAccess,
                                 SyscallSet::kFork};
      config.allow_file_read = true;
      config.allowed_directories = paths.font_files;
      // A forked renderer starts its JavaScript VM under this lock, before its own: the VM
      // reads /proc/self/maps (its stack) and /dev/urandom, and crashes without them. The
      // renderer's own lock, stacked on this one, takes both away again.
      config.allowed_directories.push_back("/proc");
      config.allowed_directories.push_back("/dev/urandom");
      // That VM reserves ~72 GB of address space for its caged heaps at once.
      config.data_headroom_for_children = 96ull << 30;
      break;
    case ProcessType::GPU:
      // No file is opened after the lock: the display connection and the GPU's device were
      // opened before it and stay open (sandbox_policy.h, kept_fds); only the driver's
      // ioctls on that device are added.
      config.allow_gpu = true;
      config.allowed_syscalls.push_back(SyscallSet::kGpuDevice);
      break;
    case ProcessType::AI:
      config.allow_file_read = true;
      config.allowed_directories = {paths.models_directory};
      break;
    case ProcessType::NETWORK:
      config.allow_network = true;
      config.allow_file_read = true;
      config.allowed_directories = paths.network_files;
      config.allowed_syscalls.push_back(SyscallSet::kSockets);
      if (!paths.cache_directory.empty()) {
        config.writable_directories = {paths.cache_directory};
        config.allowed_syscalls.push_back(SyscallSet::kFileWrites);
      }
      break;
    case ProcessType::STORAGE:
      config.allow_file_read = config.allow_file_write = true;
      config.allowed_directories = {paths.storage_directory};
      config.allowed_syscalls.push_back(SyscallSet::kFileWrites);
      break;
    case ProcessType::AUDIO:
      break;  // decodes bytes it is sent; output devices arrive with the audio issue
  }
  return config;
}

const char* SyscallSetName(SyscallSet set) {
  switch (set) {
    case SyscallSet::kBaseline: return "baseline";
    case SyscallSet::kFileAccess: return "file_access";
    case SyscallSet::kThreads: return "threads";
    case SyscallSet::kFork: return "fork";
    case SyscallSet::kSockets: return "sockets";
    case SyscallSet::kFileWrites: return "file_writes";
    case SyscallSet::kGpuDevice:
      return "gpu_device";
  }
  return "?";
}

}  // namespace nexus::sandbox
