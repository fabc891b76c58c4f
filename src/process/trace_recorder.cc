#include "process/trace_recorder.h"

#include <algorithm>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

namespace nexus::process {
namespace {

double Micros(int64_t ns) {
  return static_cast<double>(ns) / 1000.0;
}

}  // namespace

void TraceRecorder::Add(std::string event) {
  if (events_.size() >= kMaxEvents) {
    ++dropped_;
    return;
  }
  events_.push_back(std::move(event));
}

void TraceRecorder::NameProcess(pid_t pid, const std::string& name) {
  nlohmann::json event = {{"ph", "M"}, {"name", "process_name"}, {"pid", pid}, {"tid", pid},
                          {"args", {{"name", name}}}};
  Add(event.dump());
}

void TraceRecorder::Lifecycle(pid_t pid, const std::string& name, const std::string& detail) {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  int64_t now = static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
  nlohmann::json event = {{"ph", "i"},  {"s", "p"},         {"cat", "lifecycle"},
                          {"name", name}, {"pid", pid},      {"tid", pid},
                          {"ts", Micros(now)}, {"args", {{"detail", detail}}}};
  Add(event.dump());
}

void TraceRecorder::Frame(pid_t pid,
                          int64_t start_ns,
                          uint32_t duration_us,
                          uint32_t damaged_pixels,
                          uint32_t input_latency_us) {
  Add(nlohmann::json(
          {{"ph", "X"},
           {"cat", "gpu"},
           {"name", "frame"},
           {"pid", pid},
           {"tid", pid},
           {"ts", Micros(start_ns)},
           {"dur", std::max<uint32_t>(duration_us, 1)},
           {"args", {{"damaged_pixels", damaged_pixels}, {"input_latency_us", input_latency_us}}}})
          .dump());
}

void TraceRecorder::Message(pid_t from, pid_t to, int64_t sent_ns, int64_t received_ns,
                            const char* type, size_t bytes) {
  uint64_t flow = next_flow_id_++;
  nlohmann::json args = {{"bytes", bytes}, {"to_pid", to}, {"from_pid", from}};
  // 1 us slices: wide enough to click in Perfetto, flows bind to them.
  Add(nlohmann::json({{"ph", "X"}, {"cat", "ipc"}, {"name", std::string("send ") + type},
                      {"pid", from}, {"tid", from}, {"ts", Micros(sent_ns)}, {"dur", 1},
                      {"args", args}})
          .dump());
  Add(nlohmann::json({{"ph", "s"}, {"cat", "ipc"}, {"name", type}, {"id", flow},
                      {"pid", from}, {"tid", from}, {"ts", Micros(sent_ns)}})
          .dump());
  Add(nlohmann::json({{"ph", "X"}, {"cat", "ipc"}, {"name", std::string("receive ") + type},
                      {"pid", to}, {"tid", to}, {"ts", Micros(received_ns)}, {"dur", 1},
                      {"args", args}})
          .dump());
  Add(nlohmann::json({{"ph", "f"}, {"bp", "e"}, {"cat", "ipc"}, {"name", type}, {"id", flow},
                      {"pid", to}, {"tid", to}, {"ts", Micros(received_ns)}})
          .dump());
}

Status TraceRecorder::Write() const {
  std::string temporary = path_ + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out)
      return Error("write trace " + path_ + ": cannot open");
    out << "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"dropped_events\":" << dropped_
        << "},\"traceEvents\":[\n";
    for (size_t i = 0; i < events_.size(); ++i)
      out << events_[i] << (i + 1 < events_.size() ? ",\n" : "\n");
    out << "]}\n";
    if (!out)
      return Error("write trace " + path_ + ": disk full or I/O error");
  }
  if (std::rename(temporary.c_str(), path_.c_str()) != 0)
    return ErrnoError("rename trace into " + path_);
  return OkStatus();
}

}  // namespace nexus::process
