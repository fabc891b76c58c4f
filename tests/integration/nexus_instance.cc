#include "nexus_instance.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

namespace nexus::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

pid_t Spawn(const std::vector<std::string>& args,
            const std::string& out,
            const std::string& err,
            const std::string& display = "") {
  pid_t pid = fork();
  if (pid == 0) {
    if (display.empty())
      unsetenv("DISPLAY");  // never a window on the desktop of whoever runs the tests
    else
      setenv("DISPLAY", display.c_str(), 1);
    int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, 0);
    int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    std::vector<char*> argv;
    std::string binary = NEXUS_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (std::string& arg : copy)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int WaitExit(pid_t pid, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return -1;
}

}  // namespace

std::string PagePath(const std::string& name) {
  return std::string(NEXUS_SOURCE_DIR) + "/tests/pages/" + name;
}

CommandResult RunNexus(const std::vector<std::string>& args, int timeout_s) {
  std::string dir = MakeTempDir("run");
  pid_t pid = Spawn(args, dir + "/out", dir + "/err");
  CommandResult result;
  result.exit_code = WaitExit(pid, timeout_s * 1000);
  result.out = ReadAll(dir + "/out");
  result.err = ReadAll(dir + "/err");
  return result;
}

NexusInstance::NexusInstance(std::vector<std::string> extra_args,
                             std::string profile,
                             std::string display)
    : profile_(profile.empty() ? MakeTempDir("profile") : profile) {
  std::vector<std::string> args = {"--profile", profile_};
  if (display.empty())
    args.insert(args.begin(), "--headless");
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  stdout_path_ = profile_ + "/stdout.txt";
  pid_ = Spawn(args, stdout_path_, profile_ + "/stderr.txt", display);
  std::string socket = profile_ + "/run/control.sock";
  WaitFor([&] {
    struct stat st {};
    return stat(socket.c_str(), &st) == 0 || !alive();
  });
}

NexusInstance::~NexusInstance() {
  if (alive())
    Stop();
}

bool NexusInstance::alive() const {
  return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0;
}

int NexusInstance::Stop() {
  kill(pid_, SIGTERM);
  int code = WaitExit(pid_, 15000);
  pid_ = -1;
  return code;
}

std::string NexusInstance::Stdout() {
  return ReadAll(stdout_path_);
}

std::string NexusInstance::Stderr() {
  return ReadAll(profile_ + "/stderr.txt");
}

CommandResult NexusInstance::Command(const std::vector<std::string>& args) {
  std::vector<std::string> full = {args[0], "--profile", profile_};
  full.insert(full.end(), args.begin() + 1, args.end());
  return RunNexus(full, 20);
}

nlohmann::json NexusInstance::Processes() {
  auto result = Command({"ps", "--json"});
  if (result.exit_code != 0)
    return nlohmann::json::array();
  return nlohmann::json::parse(result.out)["processes"];
}

nlohmann::json NexusInstance::Tabs() {
  auto result = Command({"tabs", "--json"});
  if (result.exit_code != 0)
    return nlohmann::json::array();
  return nlohmann::json::parse(result.out)["tabs"];
}

nlohmann::json NexusInstance::Tab(int id) {
  for (auto& tab : Tabs()) {
    if (tab["id"] == id)
      return tab;
  }
  return nullptr;
}

nlohmann::json NexusInstance::FindProcess(const std::string& type) {
  for (auto& process : Processes()) {
    if (process["type"] == type && process["pid"].get<int>() > 0)
      return process;
  }
  return nullptr;
}

bool NexusInstance::WaitFor(const std::function<bool()>& predicate, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return predicate();
}

std::vector<std::string> NexusInstance::CrashReports() {
  std::vector<std::string> reports;
  std::string directory = profile_ + "/crash-reports";
  if (DIR* dir = opendir(directory.c_str())) {
    while (dirent* entry = readdir(dir)) {
      if (entry->d_name[0] != '.')
        reports.push_back(ReadAll(directory + "/" + entry->d_name));
    }
    closedir(dir);
  }
  return reports;
}

bool TabInState(NexusInstance& nexus, int tab, const std::string& state) {
  auto json = nexus.Tab(tab);
  return !json.is_null() && json["state"] == state;
}

int RendererPidOfTab(NexusInstance& nexus, int tab) {
  auto json = nexus.Tab(tab);
  if (json.is_null())
    return 0;
  for (auto& process : nexus.Processes()) {
    if (process["id"] == json["renderer_id"])
      return process["pid"];
  }
  return 0;
}

pid_t ChildOfType(pid_t parent, const std::string& type) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    pid_t pid = std::atoi(entry.path().filename().c_str());
    if (pid <= 0)
      continue;
    std::ifstream cmdline_file(entry.path().string() + "/cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(cmdline_file)), {});
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    std::ifstream stat(entry.path().string() + "/stat");
    std::string line;
    std::getline(stat, line);
    size_t close = line.rfind(')');
    if (close == std::string::npos || cmdline.find("--type=" + type + " ") == std::string::npos)
      continue;
    if (std::atoi(line.substr(close + 4).c_str()) == parent)  // ") S PPID"
      return pid;
  }
  return 0;
}

}  // namespace nexus::testing
