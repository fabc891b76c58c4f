#include "ipc/string_pairs.h"

#include <cstdint>

namespace nexus::ipc {
namespace {

void AppendString(std::string& out, std::string_view text) {
  uint32_t size = static_cast<uint32_t>(text.size());
  for (int shift = 0; shift < 32; shift += 8)
    out.push_back(static_cast<char>((size >> shift) & 0xff));
  out.append(text);
}

Result<std::string> ReadString(std::string_view& bytes) {
  if (bytes.size() < 4)
    return Error("a string's length is cut off");
  uint32_t size = 0;
  for (int i = 0; i < 4; ++i)
    size |= uint32_t{static_cast<uint8_t>(bytes[i])} << (8 * i);
  bytes.remove_prefix(4);
  if (size > bytes.size())
    return Error("a string of " + std::to_string(size) + " bytes with " +
                 std::to_string(bytes.size()) + " left");
  std::string text(bytes.substr(0, size));
  bytes.remove_prefix(size);
  return text;
}

}  // namespace

std::string EncodeStringPairs(const StringPairs& pairs) {
  size_t total = 0;
  for (const auto& [first, second] : pairs)
    total += 8 + first.size() + second.size();
  std::string out;
  out.reserve(total);
  for (const auto& [first, second] : pairs) {
    AppendString(out, first);
    AppendString(out, second);
  }
  return out;
}

Result<StringPairs> DecodeStringPairs(std::string_view bytes) {
  StringPairs pairs;
  while (!bytes.empty()) {
    ASSIGN_OR_RETURN(std::string first, ReadString(bytes));
    ASSIGN_OR_RETURN(std::string second, ReadString(bytes));
    pairs.emplace_back(std::move(first), std::move(second));
  }
  return pairs;
}

std::string EncodeStringList(const std::vector<std::string>& strings) {
  size_t total = 0;
  for (const std::string& text : strings)
    total += 4 + text.size();
  std::string out;
  out.reserve(total);
  for (const std::string& text : strings)
    AppendString(out, text);
  return out;
}

Result<std::vector<std::string>> DecodeStringList(std::string_view bytes) {
  std::vector<std::string> strings;
  while (!bytes.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadString(bytes));
    strings.push_back(std::move(text));
  }
  return strings;
}

}  // namespace nexus::ipc
