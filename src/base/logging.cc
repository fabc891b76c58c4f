#include "base/logging.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace nexus {
namespace {

std::string& Prefix() {
  static std::string prefix = "nexus";
  return prefix;
}

LogLevel g_min_level = [] {
  const char* env = std::getenv("NEXUS_LOG");
  if (env && std::strcmp(env, "verbose") == 0)
    return LogLevel::kVerbose;
  if (env && std::strcmp(env, "info") == 0)
    return LogLevel::kInfo;
  if (env && std::strcmp(env, "error") == 0)
    return LogLevel::kError;
  return LogLevel::kWarning;
}();

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kVerbose:
      return "VERBOSE";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARNING";
    case LogLevel::kError:
      return "ERROR";
  }
  return "?";
}

}  // namespace

void SetLogPrefix(const std::string& prefix) {
  Prefix() = prefix;
}

void SetMinLogLevel(LogLevel level) {
  g_min_level = level;
}

LogLevel MinLogLevel() {
  return g_min_level;
}

void EmitLog(LogLevel level, const char* file, int line, const std::string& message) {
  const char* base = std::strrchr(file, '/');
  // One write() per line keeps lines from different processes whole.
  char buffer[2048];
  int n = std::snprintf(buffer, sizeof(buffer), "[%s:%d %s %s:%d] %s\n", Prefix().c_str(),
                        static_cast<int>(getpid()), LevelName(level), base ? base + 1 : file,
                        line, message.c_str());
  if (n > 0) {
    size_t length = static_cast<size_t>(n) < sizeof(buffer) ? n : sizeof(buffer) - 1;
    [[maybe_unused]] ssize_t written = write(STDERR_FILENO, buffer, length);
  }
}

void FailCheck(const char* file, int line, const char* condition, const std::string& message) {
  EmitLog(LogLevel::kError, file, line, std::string("CHECK failed: ") + condition + " " + message);
  std::abort();
}

}  // namespace nexus
