// Strings packed into one payload (a storage area's keys and values, IndexedDB's records):
// each string as a 4-byte little-endian length and its bytes. Larger than a message may be, so it
// travels as a Payload, and it is decoded as untrusted bytes: every length is checked.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace nexus::ipc {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

std::string EncodeStringPairs(const StringPairs& pairs);
Result<StringPairs> DecodeStringPairs(std::string_view bytes);
std::string EncodeStringList(const std::vector<std::string>& strings);
Result<std::vector<std::string>> DecodeStringList(std::string_view bytes);

}  // namespace nexus::ipc
