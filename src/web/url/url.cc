#include "web/url/url.h"

#include <arpa/inet.h>
#include <libpsl.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <vector>

#include "base/ascii.h"

namespace nexus::web {
namespace {

bool IsSchemeChar(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) ||
         (!first &&
          (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'));
}

}  // namespace

std::string PercentDecode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::strtol(text.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string QueryValue(const std::string& query, const std::string& key) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos)
      end = query.size();
    std::string pair = query.substr(start, end - start);
    size_t equals = pair.find('=');
    if (pair.substr(0, equals) == key)
      return equals == std::string::npos ? "" : PercentDecode(pair.substr(equals + 1));
    start = end + 1;
  }
  return "";
}

Result<Url> ParseUrl(const std::string& text) {
  if (text.empty())
    return Error("empty URL");
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return Error("URL contains control characters");
  }
  size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0)
    return Error("'" + text + "' is not a URL (no scheme)");
  for (size_t i = 0; i < colon; ++i) {
    if (!IsSchemeChar(text[i], i == 0))
      return Error("'" + text + "' has an invalid scheme");
  }
  Url url;
  url.scheme = AsciiLowercase(text.substr(0, colon));
  std::string rest = text.substr(colon + 1);
  if (url.scheme == "data") {
    url.path = rest;
    url.spec = "data:" + rest;
    return url;
  }
  if (rest.rfind("//", 0) != 0)
    return Error("'" + text + "' lacks '//' after its scheme");
  rest = rest.substr(2);
  size_t path_start = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, path_start);
  std::string tail = path_start == std::string::npos ? "" : rest.substr(path_start);
  if (size_t hash = tail.find('#'); hash != std::string::npos)
    tail = tail.substr(0, hash);
  if (size_t question = tail.find('?'); question != std::string::npos) {
    url.query = tail.substr(question + 1);
    tail = tail.substr(0, question);
  }
  url.path = tail.empty() ? "/" : tail;
  if (size_t at = authority.rfind('@'); at != std::string::npos)
    authority = authority.substr(at + 1);  // user info never reaches a site decision
  url.host = AsciiLowercase(authority);
  if (url.scheme != "file" && url.host.empty())
    return Error("'" + text + "' has no host");
  url.spec = url.scheme + "://" + url.host + url.path + (url.query.empty() ? "" : "?" + url.query);
  return url;
}

Result<Url> UrlFromUserInput(const std::string& input) {
  size_t colon = input.find(':');
  bool looks_like_url = colon != std::string::npos && colon > 0 &&
                        std::all_of(input.begin(), input.begin() + colon,
                                    [](char c) { return IsSchemeChar(c, false); }) &&
                        input.find('/') > colon;
  if (looks_like_url)
    return ParseUrl(input);
  char resolved[PATH_MAX];
  if (!realpath(input.c_str(), resolved))
    return ErrnoError("'" + input + "' is neither a URL nor a readable file");
  struct stat st {};
  if (stat(resolved, &st) != 0 || !S_ISREG(st.st_mode))
    return Error("'" + input + "' is not a regular file");
  return ParseUrl(std::string("file://") + resolved);
}

bool IsLoadableScheme(const std::string& scheme) {
  return scheme == "http" || scheme == "https" || scheme == "file" || scheme == "data";
}

namespace {

// The host without its port: "[::1]" for "[::1]:8080", "a.test" for "a.test:80".
std::string HostWithoutPort(const std::string& host) {
  if (host.rfind('[', 0) == 0) {
    size_t close = host.find(']');
    return close == std::string::npos ? host : host.substr(0, close + 1);
  }
  return host.substr(0, host.rfind(':'));
}

// The URL Standard's "ends in a number checker" (section 3.5): a host whose last label is
// digits or 0x-hex is an IPv4 address, however spelt ("127.1", "0x7f.0.0.1").
bool EndsInANumber(std::string host) {
  if (!host.empty() && host.back() == '.')
    host.pop_back();
  std::string label = host.substr(host.rfind('.') + 1);
  if (label.rfind("0x", 0) == 0)
    return std::all_of(label.begin() + 2, label.end(),
                       [](unsigned char c) { return std::isxdigit(c); });
  return !label.empty() &&
         std::all_of(label.begin(), label.end(), [](unsigned char c) { return std::isdigit(c); });
}

// An IP address host as the URL Standard serialises it (section 3.6): dotted quad, or
// compressed IPv6 in brackets, so [0:0::1] and [::1] are one site. Empty if not an address.
std::string CanonicalAddress(const std::string& host) {
  char text[INET6_ADDRSTRLEN] = {};
  if (in_addr v4{}; inet_pton(AF_INET, host.c_str(), &v4) == 1)
    return inet_ntop(AF_INET, &v4, text, sizeof(text));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    if (in6_addr v6{}; inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6) == 1)
      return std::string("[") + inet_ntop(AF_INET6, &v6, text, sizeof(text)) + "]";
  }
  return "";
}

}  // namespace

std::string SiteForUrl(const Url& url) {
  if (url.scheme == "file")
    return "file://";
  if (url.scheme == "data" || url.host.empty())
    return url.scheme + ":";
  std::string host = HostWithoutPort(url.host);
  // An IP address is a site of its own, whole: the public suffix list knows only domains and
  // would make 10.0.0.2 and 127.0.0.2 one site ("0.2"), sharing a renderer.
  if (std::string address = CanonicalAddress(host); !address.empty())
    return url.scheme + "://" + address;
  // Other spellings of addresses (127.1, 0x7f.0.0.1) and bracketed hosts that are not
  // addresses stay whole too, rather than have a "registrable domain" made of their tail.
  if (host.rfind('[', 0) == 0 || EndsInANumber(host))
    return url.scheme + "://" + host;
  const char* registrable = psl_registrable_domain(psl_builtin(), host.c_str());
  return url.scheme + "://" + (registrable ? registrable : host);
}

namespace {

// RFC 3986 5.2.4.
std::string RemoveDotSegments(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 1;  // paths here always start with '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos)
      end = path.size();
    std::string segment = path.substr(start, end - start);
    bool last = end == path.size();
    if (segment == "..") {
      if (!segments.empty())
        segments.pop_back();
      if (last)
        segments.emplace_back();
    } else if (segment == ".") {
      if (last)
        segments.emplace_back();
    } else {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& segment : segments)
    out += "/" + segment;
  return out.empty() ? "/" : out;
}

}  // namespace

Result<Url> ResolveUrl(const Url& base, const std::string& reference) {
  std::string trimmed = reference;
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n' ||
                              trimmed.back() == '\t' || trimmed.back() == '\r'))
    trimmed.pop_back();
  size_t first = trimmed.find_first_not_of(" \n\t\r");
  trimmed = first == std::string::npos ? "" : trimmed.substr(first);
  if (size_t hash = trimmed.find('#'); hash != std::string::npos)
    trimmed = trimmed.substr(0, hash);
  size_t colon = trimmed.find(':');
  bool has_scheme = colon != std::string::npos && colon > 0 && trimmed.find('/') > colon;
  for (size_t i = 0; has_scheme && i < colon; ++i)
    has_scheme = IsSchemeChar(trimmed[i], i == 0);
  if (has_scheme)
    return ParseUrl(trimmed);
  if (base.scheme == "data")
    return Error("'" + reference + "' is relative to a data: URL");
  std::string prefix = base.scheme + "://";
  if (trimmed.rfind("//", 0) == 0)
    return ParseUrl(base.scheme + ":" + trimmed);
  if (trimmed.empty())
    return ParseUrl(base.spec);
  std::string path, query;
  if (trimmed[0] == '?') {
    path = base.path;
    query = trimmed.substr(1);
  } else {
    std::string relative = trimmed;
    if (size_t question = relative.find('?'); question != std::string::npos) {
      query = relative.substr(question + 1);
      relative = relative.substr(0, question);
    }
    if (relative[0] == '/') {
      path = relative;
    } else {
      std::string directory = base.path.substr(0, base.path.rfind('/') + 1);
      path = directory + relative;
    }
  }
  return ParseUrl(prefix + base.host + RemoveDotSegments(path) +
                  (query.empty() ? "" : "?" + query));
}

// Which subresources a document may load. Any page may load http(s) and data: (images and
// stylesheets are not bound by the same-origin policy); a file: page may load the files
// beside and below it; no other page may read the machine's files.
Status CheckSubresourceAllowed(const Url& document, const Url& resource) {
  if (resource.scheme == "data" || resource.scheme == "http" || resource.scheme == "https")
    return OkStatus();
  if (resource.scheme == "file") {
    if (document.scheme != "file")
      return Error("a " + document.scheme + ": page may not load " + resource.spec);
    // The user opened this file: its directory and what is below it, nothing else (so a
    // page in ~/Downloads cannot read ~/.ssh). Documentation installed by packages may also
    // reach the rest of /usr/share (its manuals' pages load ../_static/, ../images/): what
    // is there is public, readable by every user, and the packages' own.
    std::string directory = PercentDecode(document.path.substr(0, document.path.rfind('/') + 1));
    std::string path = PercentDecode(resource.path);
    if (path.find("/../") != std::string::npos)
      return Error("a page may not load " + resource.spec + ": '..' after decoding");
    const std::string kSharedFiles = "/usr/share/";
    if (directory.starts_with(kSharedFiles) && path.starts_with(kSharedFiles))
      directory = kSharedFiles;
    if (path.rfind(directory, 0) == 0)
      return OkStatus();
    return Error("a page in " + directory + " may not load " + resource.spec);
  }
  return Error("cannot load " + resource.spec + ": scheme '" + resource.scheme +
               "' is not supported");
}

}  // namespace nexus::web
