#include "sandbox/sandbox_config.h"

namespace nexus::sandbox {

using ipc::schema::ProcessType;

SandboxConfig GetSandboxConfig(ProcessType type, const SandboxPaths& paths) {
  SandboxConfig config;
  config.allowed_syscalls = {"basic_io", "memory", "ipc", "time", "exit"};
  switch (type) {
    case ProcessType::BROWSER:
      config.allow_file_read = config.allow_file_write = true;
      config.allow_network = config.allow_gpu = true;
      config.allowed_syscalls.clear();  // unrestricted
      break;
    case ProcessType::RENDERER:
    case ProcessType::ZYGOTE:
      // Most restrictive: everything it needs comes over IPC.
      if (type == ProcessType::ZYGOTE)
        config.allowed_syscalls.push_back("fork");
      break;
    case ProcessType::GPU:
      config.allow_gpu = true;
      config.allowed_syscalls.push_back("gpu_ioctl");
      break;
    case ProcessType::AI:
      config.allow_file_read = true;
      config.allowed_directories = {paths.models_directory};
      config.allowed_syscalls.push_back("threads");
      break;
    case ProcessType::NETWORK:
      config.allow_network = true;
      config.allow_file_read = true;
      config.allowed_directories = {paths.ca_certificates};
      config.allowed_syscalls.push_back("sockets");
      break;
    case ProcessType::STORAGE:
      config.allow_file_read = config.allow_file_write = true;
      config.allowed_directories = {paths.profile_directory};
      config.allowed_syscalls.push_back("file_write");
      break;
    case ProcessType::AUDIO:
      config.allowed_syscalls.push_back("audio_ioctl");
      break;
  }
  return config;
}

}  // namespace nexus::sandbox
