#include "services/network/data_url.h"

#include <cctype>

namespace nexus::network {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

Result<std::string> Base64Decode(const std::string& text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t padding = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z')
      value = c - 'A';
    else if (c >= 'a' && c <= 'z')
      value = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      value = c - '0' + 52;
    else if (c == '+' || c == '-')
      value = 62;
    else if (c == '/' || c == '_')
      value = 63;
    else if (c == '=') {
      ++padding;
      continue;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      continue;
    } else {
      return Error(std::string("invalid base64 character '") + c + "'");
    }
    if (padding)
      return Error("base64 data continues after '=' padding");
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

}  // namespace

Result<DataUrlContent> DecodeDataUrl(const std::string& url) {
  if (url.compare(0, 5, "data:") != 0)
    return Error("not a data: URL");
  size_t comma = url.find(',', 5);
  if (comma == std::string::npos)
    return Error("data: URL has no ',' before its data");
  std::string header = url.substr(5, comma - 5);
  std::string data = url.substr(comma + 1);
  bool base64 = false;
  if (header.size() >= 7 && header.compare(header.size() - 7, 7, ";base64") == 0) {
    base64 = true;
    header.resize(header.size() - 7);
  }
  std::string decoded;
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '%' && i + 2 < data.size() && HexValue(data[i + 1]) >= 0 &&
        HexValue(data[i + 2]) >= 0) {
      decoded += static_cast<char>(HexValue(data[i + 1]) * 16 + HexValue(data[i + 2]));
      i += 2;
    } else {
      decoded += data[i];
    }
  }
  DataUrlContent content;
  content.mime_type = header.empty() ? "text/plain;charset=US-ASCII" : header;
  if (base64) {
    auto bytes = Base64Decode(decoded);
    if (!bytes.ok())
      return bytes.error().Context("data: URL");
    content.bytes = std::move(bytes).value();
  } else {
    content.bytes = std::move(decoded);
  }
  return content;
}

}  // namespace nexus::network
