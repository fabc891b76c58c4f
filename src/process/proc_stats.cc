#include "process/proc_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace nexus::process {
namespace {

Result<std::string> ReadProcFile(pid_t pid, const char* name) {
  std::string path = "/proc/" + std::to_string(pid) + "/" + name;
  std::ifstream in(path);
  if (!in)
    return Error("read " + path + ": process gone or not readable");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and ')'.
Result<std::vector<std::string>> StatFieldsAfterName(pid_t pid) {
  ASSIGN_OR_RETURN(std::string stat, ReadProcFile(pid, "stat"));
  size_t close = stat.rfind(')');
  if (close == std::string::npos)
    return Error("malformed /proc/" + std::to_string(pid) + "/stat");
  std::istringstream fields(stat.substr(close + 2));
  std::vector<std::string> out;
  std::string field;
  while (fields >> field)
    out.push_back(field);
  return out;
}

}  // namespace

Result<uint64_t> ReadPrivateResidentBytes(pid_t pid) {
  ASSIGN_OR_RETURN(std::string statm, ReadProcFile(pid, "statm"));
  unsigned long long size = 0, resident = 0, shared = 0;
  if (std::sscanf(statm.c_str(), "%llu %llu %llu", &size, &resident, &shared) != 3)
    return Error("malformed /proc/" + std::to_string(pid) + "/statm");
  static const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return (resident > shared ? resident - shared : 0) * page;
}

Result<MemoryUsage> ReadMemoryUsage(pid_t pid) {
  ASSIGN_OR_RETURN(std::string rollup, ReadProcFile(pid, "smaps_rollup"));
  MemoryUsage usage;
  std::istringstream lines(rollup);
  std::string line;
  while (std::getline(lines, line)) {
    unsigned long long kib = 0;
    if (std::sscanf(line.c_str(), "Rss: %llu kB", &kib) == 1)
      usage.rss_bytes = kib * 1024;
    else if (std::sscanf(line.c_str(), "Pss: %llu kB", &kib) == 1)
      usage.pss_bytes = kib * 1024;
  }
  return usage;
}

Result<int64_t> ReadCpuTimeNanos(pid_t pid) {
  ASSIGN_OR_RETURN(auto fields, StatFieldsAfterName(pid));
  // After the name: state is field 3 (index 0), utime 14 (index 11), stime 15 (index 12).
  if (fields.size() < 13)
    return Error("short /proc/" + std::to_string(pid) + "/stat");
  static const int64_t ticks = sysconf(_SC_CLK_TCK);
  int64_t total = std::atoll(fields[11].c_str()) + std::atoll(fields[12].c_str());
  return total * (1000000000 / ticks);
}

Result<char> ReadSchedulerState(pid_t pid) {
  ASSIGN_OR_RETURN(auto fields, StatFieldsAfterName(pid));
  if (fields.empty() || fields[0].empty())
    return Error("short /proc/" + std::to_string(pid) + "/stat");
  return fields[0][0];
}

std::vector<pid_t> ListThreads(pid_t pid) {
  std::vector<pid_t> threads;
  std::string path = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = opendir(path.c_str());
  if (!dir)
    return threads;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9')
      threads.push_back(static_cast<pid_t>(std::atoi(entry->d_name)));
  }
  closedir(dir);
  return threads;
}

}  // namespace nexus::process
