#include "sandbox/escape_attempts_for_testing.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>

#include "base/scoped_fd.h"

namespace nexus::sandbox {
namespace {

// Each attempt returns 0 or a positive fd/pid on success, -1 with errno on failure.
using Attempt = std::function<long(const std::string& argument)>;

long OpenFor(const std::string& path, int flags) {
  int fd = open(path.c_str(), flags | O_CLOEXEC, 0600);
  if (fd >= 0)
    close(fd);
  return fd;
}

const std::map<std::string, Attempt>& Attempts() {
  static const std::map<std::string, Attempt> attempts = {
      {"open_etc_passwd", [](const std::string&) { return OpenFor("/etc/passwd", O_RDONLY); }},
      {"open_directory",
       [](const std::string& path) { return OpenFor(path, O_RDONLY | O_DIRECTORY); }},
      {"read_file", [](const std::string& path) { return OpenFor(path, O_RDONLY); }},
      // What it creates goes again at once: the unsandboxed control writes for real.
      {"write_file",
       [](const std::string& path) -> long {
         int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
         if (fd < 0)
           return -1;
         close(fd);
         unlink(path.c_str());
         return 0;
       }},
      {"create_socket",
       [](const std::string&) -> long {
         ScopedFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
         return fd.valid() ? 0 : -1;
       }},
      {"connect_localhost",
       [](const std::string& port) -> long {
         ScopedFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
         if (!fd.valid())
           return -1;
         sockaddr_in address{};
         address.sin_family = AF_INET;
         address.sin_port = htons(static_cast<uint16_t>(std::stoi(port)));
         address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
         return connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address));
       }},
      {"connect_unix",
       [](const std::string& path) -> long {
         ScopedFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
         if (!fd.valid())
           return -1;
         sockaddr_un address{};
         address.sun_family = AF_UNIX;
         std::snprintf(address.sun_path, sizeof(address.sun_path), "%s", path.c_str());
         return connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address));
       }},
      // Types into the terminal the process's stdio is on: keys the user's shell runs (the
      // test gives it a pseudo-terminal as stderr).
      {"ioctl_tiocsti",
       [](const std::string&) -> long {
         char key = 'x';
         return ioctl(STDERR_FILENO, TIOCSTI, &key);
       }},
      {"execve",
       [](const std::string&) -> long {
         char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
         return execve("/bin/true", argv, environ);
       }},
      {"fork",
       [](const std::string&) -> long {
         pid_t pid = fork();
         if (pid == 0)
           _exit(0);
         if (pid > 0)
           waitpid(pid, nullptr, 0);
         return pid;
       }},
      {"ptrace",
       [](const std::string& pid) -> long {
         long result = ptrace(PTRACE_ATTACH, std::stoi(pid), nullptr, nullptr);
         if (result == 0)
           ptrace(PTRACE_DETACH, std::stoi(pid), nullptr, nullptr);
         return result;
       }},
      {"process_vm_readv",
       [](const std::string& pid) -> long {
         // A sibling forked from the same zygote has this table at the same address; for
         // any other target EFAULT (past the permission check, at an address it does not
         // map) still shows that the call reached its memory.
         char buffer[16];
         iovec local{buffer, sizeof(buffer)};
         iovec remote{reinterpret_cast<void*>(&Attempts), sizeof(buffer)};
         long read = process_vm_readv(std::stoi(pid), &local, 1, &remote, 1, 0);
         return read < 0 && errno == EFAULT ? 0 : read;
       }},
      {"kill", [](const std::string& pid) -> long { return kill(std::stoi(pid), 0); }},
      // A thread-directed signal to another process (the zygote's filter allows tgkill to
      // any pid, for the JavaScript VM a forked renderer starts under it).
      {"tgkill",
       [](const std::string& pid) -> long {
         return syscall(SYS_tgkill, std::stoi(pid), std::stoi(pid), 0);
       }},
      // On an empty directory the test made, and taken off again at once: the unsandboxed
      // control mounts for real.
      {"mount",
       [](const std::string& path) -> long {
         if (mount("none", path.c_str(), "tmpfs", 0, "size=64k") != 0)
           return -1;
         umount2(path.c_str(), MNT_DETACH);
         return 0;
       }},
      {"raise_rlimit",
       [](const std::string&) -> long {
         rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
         return setrlimit(RLIMIT_DATA, &unlimited);
       }},
      {"setuid", [](const std::string&) -> long { return setuid(12345); }},
      // Moving its own threads to CPUs of its choosing (the ones it runs on already, so that
      // the unsandboxed control changes nothing).
      {"pin_threads",
       [](const std::string&) -> long {
         cpu_set_t cpus;
         if (sched_getaffinity(0, sizeof(cpus), &cpus) != 0)
           return -1;
         return sched_setaffinity(0, sizeof(cpus), &cpus);
       }},
      // Invalid flags: a kernel that lets the caller load modules refuses them with EINVAL
      // (after the permission check), so EINVAL means the call reached the module loader and
      // nothing is loaded. A kernel built without modules answers ENOSYS to everyone.
      {"load_module",
       [](const std::string&) -> long {
         ScopedFd fd(open("/dev/null", O_RDONLY | O_CLOEXEC));
         long result = syscall(SYS_finit_module, fd.get(), "", -1);
         return result != 0 && errno == EINVAL ? 0 : -1;
       }},
      {"perf_event_open",
       [](const std::string&) -> long {
         perf_event_attr attributes{};
         attributes.type = PERF_TYPE_SOFTWARE;
         attributes.size = sizeof(attributes);
         attributes.config = PERF_COUNT_SW_CPU_CLOCK;
         attributes.exclude_kernel = 1;
         long fd = syscall(SYS_perf_event_open, &attributes, 0, -1, -1, 0);
         if (fd >= 0)
           close(static_cast<int>(fd));
         return fd;
       }},
      {"bpf",
       [](const std::string&) -> long {
         bpf_attr attributes{};
         attributes.map_type = BPF_MAP_TYPE_ARRAY;
         attributes.key_size = 4;
         attributes.value_size = 4;
         attributes.max_entries = 1;
         long fd = syscall(SYS_bpf, BPF_MAP_CREATE, &attributes, sizeof(attributes));
         if (fd >= 0)
           close(static_cast<int>(fd));
         return fd;
       }},
  };
  return attempts;
}

}  // namespace

int RunEscapeAttemptForTesting(const std::string& spec) {
  std::string name = spec.substr(0, spec.find(':'));
  std::string argument = spec.find(':') == std::string::npos ? "" : spec.substr(spec.find(':') + 1);
  auto found = Attempts().find(name);
  if (found == Attempts().end()) {
    std::cerr << "escape attempt " << name << ": unknown\n";
    return kEscapeUnknown;
  }
  errno = 0;
  long result = found->second(argument);
  if (result < 0) {
    std::cerr << "escape attempt " << name << ": denied (" << strerrorname_np(errno) << ")\n";
    return kEscapeDenied;
  }
  std::cerr << "escape attempt " << name << ": succeeded\n";
  return kEscapeSucceeded;
}

}  // namespace nexus::sandbox
