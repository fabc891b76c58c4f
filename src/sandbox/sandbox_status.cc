#include "sandbox/sandbox_status.h"

#include <unistd.h>

#include <climits>
#include <fstream>
#include <sstream>

namespace nexus::sandbox {
namespace {

std::string NamespaceLink(const std::string& proc_dir, const char* name) {
  char target[PATH_MAX];
  ssize_t length = readlink((proc_dir + "/ns/" + name).c_str(), target, sizeof(target) - 1);
  return length > 0 ? std::string(target, length) : std::string();
}

uint64_t ParseLimit(const std::string& text) {
  return text == "unlimited" ? UINT64_MAX : std::stoull(text);
}

std::string Bytes(uint64_t bytes) {
  if (bytes == UINT64_MAX)
    return "unlimited";
  return bytes % (1 << 20) == 0 ? std::to_string(bytes >> 20) + " MiB"
                                 : std::to_string(bytes) + " bytes";
}

}  // namespace

Result<LiveSandbox> ReadLiveSandbox(pid_t pid) {
  std::string dir = "/proc/" + std::to_string(pid);
  std::ifstream status(dir + "/status");
  if (!status)
    return Error("cannot read " + dir + "/status: the process is gone");
  LiveSandbox live;
  std::string line;
  while (std::getline(status, line)) {
    std::istringstream fields(line.substr(line.find(':') + 1));
    if (line.rfind("Seccomp:", 0) == 0)
      fields >> live.seccomp_mode;
    else if (line.rfind("Seccomp_filters:", 0) == 0)
      fields >> live.seccomp_filters;
    else if (line.rfind("NoNewPrivs:", 0) == 0)
      live.no_new_privs = line.find('1') != std::string::npos;
    else if (line.rfind("CapEff:", 0) == 0)
      fields >> std::hex >> live.cap_effective;
    else if (line.rfind("CapBnd:", 0) == 0)
      fields >> std::hex >> live.cap_bounding;
  }
  auto differs = [&](const char* name) {
    std::string theirs = NamespaceLink(dir, name);
    return !theirs.empty() && theirs != NamespaceLink("/proc/self", name);
  };
  live.new_user_ns = differs("user");
  live.new_pid_ns = differs("pid");
  live.new_net_ns = differs("net");
  live.new_mount_ns = differs("mnt");
  std::ifstream limits(dir + "/limits");
  while (std::getline(limits, line)) {
    // "Max data size             2147483648           2147483648           bytes"
    bool data = line.rfind("Max data size", 0) == 0;
    bool core = line.rfind("Max core file size", 0) == 0;
    if (!data && !core)
      continue;
    std::istringstream fields(line.substr(26));
    std::string soft;
    fields >> soft;
    (data ? live.data_limit : live.core_limit) = ParseLimit(soft);
  }
  return live;
}

std::vector<LayerState> DescribeLayers(const LiveSandbox& live, bool keeps_network,
                                       int landlock_abi, bool file_probe_denied) {
  std::vector<LayerState> layers;
  std::string namespaces;
  for (auto [is_new, name] : {std::pair{live.new_user_ns, "user"}, {live.new_pid_ns, "pid"},
                              {live.new_net_ns, "net"}, {live.new_mount_ns, "mnt"}}) {
    if (is_new)
      namespaces += std::string(namespaces.empty() ? "" : " ") + name;
  }
  bool all_namespaces = live.new_user_ns && live.new_pid_ns && live.new_mount_ns &&
                        (live.new_net_ns || keeps_network);
  layers.push_back({"namespaces", all_namespaces,
                    (namespaces.empty() ? std::string("none") : "own " + namespaces) +
                        (keeps_network ? " (keeps the network)" : "")});
  layers.push_back({"privileges", live.no_new_privs && live.core_limit == 0 &&
                                      live.data_limit != UINT64_MAX,
                    std::string("no_new_privs ") + (live.no_new_privs ? "1" : "0") +
                        ", RLIMIT_DATA " + Bytes(live.data_limit) + ", RLIMIT_CORE " +
                        Bytes(live.core_limit)});
  layers.push_back({"landlock", landlock_abi > 0,
                    landlock_abi > 0 ? "ABI " + std::to_string(landlock_abi) +
                                           (file_probe_denied ? ", /etc/passwd denied"
                                                              : ", /etc/passwd readable")
                                     : std::string("not in force")});
  std::ostringstream caps;
  caps << std::hex << "CapEff " << live.cap_effective << ", CapBnd " << live.cap_bounding;
  layers.push_back({"capabilities", live.cap_effective == 0 && live.cap_bounding == 0, caps.str()});
  layers.push_back({"seccomp", live.seccomp_mode == 2,
                    live.seccomp_mode == 2
                        ? "filter, " + std::to_string(live.seccomp_filters) + " program(s)"
                        : "mode " + std::to_string(live.seccomp_mode)});
  return layers;
}

}  // namespace nexus::sandbox
