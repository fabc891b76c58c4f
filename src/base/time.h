// Monotonic and wall clocks in the units the rest of the code uses.
#pragma once

#include <cstdint>
#include <string>

namespace nexus {

int64_t MonotonicNanos();
inline int64_t MonotonicMillis() {
  return MonotonicNanos() / 1000000;
}
int64_t WallClockMillis();  // Unix epoch, for reports and persisted records.
std::string Iso8601(int64_t wall_clock_millis);

}  // namespace nexus
