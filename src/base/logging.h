// Minimal logging to stderr, prefixed with the process type and pid so interleaved output
// from many processes stays readable. CHECK() guards invariants: a broken one aborts.
#pragma once

#include <sstream>
#include <string>

namespace nexus {

enum class LogLevel { kVerbose = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogPrefix(const std::string& prefix);
void SetMinLogLevel(LogLevel level);
LogLevel MinLogLevel();
void EmitLog(LogLevel level, const char* file, int line, const std::string& message);
[[noreturn]] void FailCheck(const char* file, int line, const char* condition,
                            const std::string& message);

class LogMessage {
 public:
  LogMessage(LogLevel level, const char* file, int line) : level_(level), file_(file), line_(line) {}
  ~LogMessage() { EmitLog(level_, file_, line_, stream_.str()); }
  std::ostringstream& stream() { return stream_; }

 private:
  LogLevel level_;
  const char* file_;
  int line_;
  std::ostringstream stream_;
};

// Lets LOG() be one expression (no dangling else): `cond ? (void)0 : Voidify() & stream`.
struct LogVoidify {
  void operator&(std::ostream&) {}
};

}  // namespace nexus

#define LOG(level)                                                  \
  (::nexus::LogLevel::k##level < ::nexus::MinLogLevel())            \
      ? (void)0                                                     \
      : ::nexus::LogVoidify() &                                     \
            ::nexus::LogMessage(::nexus::LogLevel::k##level, __FILE__, __LINE__).stream()

#define CHECK(condition)                                     \
  do {                                                       \
    if (!(condition))                                        \
      ::nexus::FailCheck(__FILE__, __LINE__, #condition, ""); \
  } while (0)
