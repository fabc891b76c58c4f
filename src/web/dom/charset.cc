#include "web/dom/charset.h"

#include <regex>

#include "base/ascii.h"

namespace nexus::web::dom {
namespace {

enum class Encoding { kUtf8, kUtf16Le, kUtf16Be, kWindows1252, kUnknown };

Encoding FromLabel(std::string label) {
  label = AsciiLowercase(label);
  if (label == "utf-8" || label == "utf8" || label == "unicode-1-1-utf-8")
    return Encoding::kUtf8;
  if (label == "iso-8859-1" || label == "latin1" || label == "l1" || label == "iso8859-1" ||
      label == "iso_8859-1" || label == "windows-1252" || label == "cp1252" ||
      label == "x-cp1252" || label == "us-ascii" || label == "ascii" || label == "cp819" ||
      label == "ibm819" || label == "iso-ir-100" || label == "csisolatin1")
    return Encoding::kWindows1252;
  if (label == "utf-16le" || label == "utf-16")
    return Encoding::kUtf16Le;
  if (label == "utf-16be")
    return Encoding::kUtf16Be;
  return Encoding::kUnknown;
}

std::string CharsetParameter(std::string_view text) {
  static const std::regex kCharset(R"(charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+))",
                                   std::regex::icase);
  std::match_results<std::string_view::const_iterator> found;
  if (std::regex_search(text.begin(), text.end(), found, kCharset))
    return found[1].str();
  return "";
}

// The charset a <meta> in the first 1024 bytes names ("" for none).
std::string MetaCharset(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 1024);
  static const std::regex kMeta(R"(<meta[^>]*>)", std::regex::icase);
  for (auto it =
           std::regex_iterator<std::string_view::const_iterator>(head.begin(), head.end(), kMeta);
       it != std::regex_iterator<std::string_view::const_iterator>(); ++it) {
    std::string tag = it->str();
    std::string lower = AsciiLowercase(tag);
    if (lower.find("charset") == std::string::npos)
      continue;
    if (std::string charset = CharsetParameter(tag); !charset.empty())
      return charset;
  }
  return "";
}

bool IsValidUtf8(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + length > bytes.size())
      return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80)
        return false;
    }
    i += length;
  }
  return true;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string FromWindows1252(std::string_view bytes) {
  // 0x80-0x9F are typographic characters in windows-1252 (the Encoding standard's index).
  static const char16_t kHigh[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char byte : bytes) {
    unsigned char c = static_cast<unsigned char>(byte);
    AppendUtf8(out, c >= 0x80 && c < 0xA0 ? kHigh[c - 0x80] : c);
  }
  return out;
}

std::string FromUtf16(std::string_view bytes, bool little_endian) {
  std::string out;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    auto unit = [&](size_t at) {
      unsigned char a = static_cast<unsigned char>(bytes[at]);
      unsigned char b = static_cast<unsigned char>(bytes[at + 1]);
      return static_cast<char32_t>(little_endian ? a | (b << 8) : (a << 8) | b);
    };
    char32_t c = unit(i);
    if (c >= 0xD800 && c < 0xDC00 && i + 3 < bytes.size()) {
      char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low < 0xE000) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    AppendUtf8(out, c);
  }
  return out;
}

}  // namespace

std::string DecodeToUtf8(std::string_view bytes, std::string_view content_type) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF")
    return std::string(bytes.substr(3));
  if (bytes.substr(0, 2) == "\xFF\xFE")
    return FromUtf16(bytes.substr(2), true);
  if (bytes.substr(0, 2) == "\xFE\xFF")
    return FromUtf16(bytes.substr(2), false);
  std::string label = CharsetParameter(content_type);
  if (label.empty())
    label = MetaCharset(bytes);
  Encoding encoding = label.empty() ? Encoding::kUnknown : FromLabel(label);
  // A <meta> saying UTF-16 in bytes that are not is read as UTF-8 (the standard's rule).
  if (encoding == Encoding::kUtf16Le || encoding == Encoding::kUtf16Be)
    encoding = Encoding::kUtf8;
  if (encoding == Encoding::kUnknown)
    encoding = IsValidUtf8(bytes) ? Encoding::kUtf8 : Encoding::kWindows1252;
  if (encoding == Encoding::kWindows1252)
    return FromWindows1252(bytes);
  return std::string(bytes);
}

}  // namespace nexus::web::dom
