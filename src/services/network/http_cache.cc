#include "services/network/http_cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "base/logging.h"

#include "base/ascii.h"
#include "base/scoped_fd.h"

namespace nexus::network {
namespace {

// File layout: the JSON header's length as 8 hex digits, the JSON header, the body.
constexpr size_t kLengthDigits = 8;

std::string HashName(const std::string& url) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : url) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char name[32];
  std::snprintf(name, sizeof(name), "%016llx.entry", static_cast<unsigned long long>(hash));
  return name;
}

Result<std::string> ReadFile(const std::string& path) {
  ScopedFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid())
    return ErrnoError("open " + path);
  std::string content;
  char buffer[65536];
  ssize_t n;
  while ((n = read(fd.get(), buffer, sizeof(buffer))) > 0)
    content.append(buffer, static_cast<size_t>(n));
  if (n < 0)
    return ErrnoError("read " + path);
  return content;
}

HeaderMap VaryValues(const HeaderMap& response, const HeaderMap& request) {
  HeaderMap values;
  auto vary = response.find("vary");
  if (vary == response.end())
    return values;
  std::string list = vary->second;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = std::min(list.find(',', start), list.size());
    std::string name = list.substr(start, end - start);
    start = end + 1;
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    name = AsciiLowercase(name);
    if (name.empty())
      continue;
    auto value = request.find(name);
    values[name] = value == request.end() ? "" : value->second;
  }
  return values;
}

// An entry's header, every field checked for its type: nothing in it can throw later.
std::optional<CacheEntry> ReadEntryHeader(const nlohmann::json& header) {
  auto text_map = [](const nlohmann::json& object, HeaderMap& out) {
    if (!object.is_object())
      return false;
    for (const auto& [name, value] : object.items()) {
      if (!value.is_string())
        return false;
      out[name] = value.get<std::string>();
    }
    return true;
  };
  auto number = [&](const char* name, int64_t& out) {
    auto it = header.find(name);
    if (it == header.end() || !it->is_number_integer())
      return false;
    out = it->get<int64_t>();
    return true;
  };
  CacheEntry entry;
  int64_t status = 0;
  if (!header.is_object() || !header.contains("url") || !header["url"].is_string() ||
      !number("status", status) || !number("request_time_ms", entry.request_time_ms) ||
      !number("response_time_ms", entry.response_time_ms) ||
      (header.contains("headers") && !text_map(header["headers"], entry.response_headers)) ||
      (header.contains("vary") && !text_map(header["vary"], entry.vary_values)))
    return std::nullopt;
  // Times this cache wrote from the clock: never negative, never received before requested,
  // never past the year 10000 (what an HTTP date can say).
  constexpr int64_t kLatestMs = 253402300800000;
  if (entry.request_time_ms < 0 || entry.response_time_ms < entry.request_time_ms ||
      entry.response_time_ms > kLatestMs)
    return std::nullopt;
  entry.url = header["url"].get<std::string>();
  entry.status = static_cast<long>(status);
  return entry;
}

}  // namespace

std::optional<CacheEntry> DecodeCacheEntry(std::string_view content) {
  if (content.size() < kLengthDigits)
    return std::nullopt;
  size_t header_length = 0;
  for (char digit : content.substr(0, kLengthDigits)) {
    int value = std::isdigit(static_cast<unsigned char>(digit)) ? digit - '0'
                : digit >= 'a' && digit <= 'f'                  ? digit - 'a' + 10
                                                                : -1;
    if (value < 0)
      return std::nullopt;
    header_length = header_length * 16 + static_cast<size_t>(value);
  }
  if (header_length > content.size() - kLengthDigits)
    return std::nullopt;
  auto header = nlohmann::json::parse(content.substr(kLengthDigits, header_length), nullptr,
                                      /*allow_exceptions=*/false);
  std::optional<CacheEntry> entry = ReadEntryHeader(header);
  if (entry)
    entry->body = content.substr(kLengthDigits + header_length);
  return entry;
}

Result<std::unique_ptr<HttpCache>> HttpCache::Open(const std::string& directory,
                                                   uint64_t max_bytes) {
  if (mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST)
    return ErrnoError("create cache directory " + directory);
  std::unique_ptr<HttpCache> cache(new HttpCache(directory, max_bytes));
  DIR* dir = opendir(directory.c_str());
  if (!dir)
    return ErrnoError("open cache directory " + directory);
  std::vector<std::pair<int64_t, std::string>> by_age;
  while (dirent* entry = readdir(dir)) {
    std::string name = entry->d_name;
    if (name.size() < 6 || name.compare(name.size() - 6, 6, ".entry") != 0)
      continue;
    struct stat st {};
    if (stat((directory + "/" + name).c_str(), &st) != 0)
      continue;
    by_age.push_back({st.st_mtim.tv_sec * 1000000000ll + st.st_mtim.tv_nsec, name});
    cache->index_[name].bytes = static_cast<uint64_t>(st.st_size);
    cache->total_bytes_ += static_cast<uint64_t>(st.st_size);
  }
  closedir(dir);
  // Last use survives a restart through the files' modification times.
  std::sort(by_age.begin(), by_age.end());
  for (auto& [time, name] : by_age)
    cache->index_[name].last_used = ++cache->use_counter_;
  cache->Evict();
  return cache;
}

std::string HttpCache::PathFor(const std::string& url) const {
  return directory_ + "/" + HashName(url);
}

std::optional<CacheEntry> HttpCache::Find(const std::string& url, const HeaderMap& request) {
  std::string name = HashName(url);
  auto indexed = index_.find(name);
  if (indexed == index_.end())
    return std::nullopt;
  auto content = ReadFile(directory_ + "/" + name);
  if (!content.ok())
    return std::nullopt;
  // A damaged entry (a disk error, an older version) is a miss, and goes; another URL with
  // the same hash is only a miss.
  std::optional<CacheEntry> read = DecodeCacheEntry(*content);
  if (!read) {
    std::string why = "cache entry " + name + " (" + url.substr(0, 200) + ") did not decode";
    LOG(Warning) << why << ": dropped";
    Remove(url);
    if (damage_observer_)
      damage_observer_(why);
    return std::nullopt;
  }
  if (read->url != url)
    return std::nullopt;
  CacheEntry entry = std::move(read).value();
  for (const auto& [name, value] : entry.vary_values) {
    auto now = request.find(name);
    if ((now == request.end() ? "" : now->second) != value)
      return std::nullopt;  // stored for other request headers
  }
  indexed->second.last_used = ++use_counter_;
  utimensat(AT_FDCWD, (directory_ + "/" + name).c_str(), nullptr, 0);  // last use, on disk
  return entry;
}

Status HttpCache::Store(const CacheEntry& entry, const HeaderMap& request) {
  nlohmann::json header = {{"url", entry.url},
                           {"status", entry.status},
                           {"request_time_ms", entry.request_time_ms},
                           {"response_time_ms", entry.response_time_ms},
                           {"headers", entry.response_headers},
                           {"vary", VaryValues(entry.response_headers, request)}};
  std::string text = header.dump();
  char length[kLengthDigits + 1];
  std::snprintf(length, sizeof(length), "%08zx", text.size());
  std::string name = HashName(entry.url);
  std::string path = directory_ + "/" + name;
  std::string partial = path + ".tmp";
  {
    ScopedFd fd(open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd.valid())
      return ErrnoError("write cache entry " + partial);
    const std::string prefix(length);
    const std::string* pieces[] = {&prefix, &text, &entry.body};
    for (const std::string* piece : pieces) {
      size_t done = 0;
      while (done < piece->size()) {
        ssize_t n = write(fd.get(), piece->data() + done, piece->size() - done);
        if (n < 0) {
          unlink(partial.c_str());
          return ErrnoError("write cache entry " + partial);
        }
        done += static_cast<size_t>(n);
      }
    }
  }
  if (rename(partial.c_str(), path.c_str()) != 0) {
    unlink(partial.c_str());
    return ErrnoError("rename cache entry " + partial);
  }
  uint64_t bytes = kLengthDigits + text.size() + entry.body.size();
  IndexEntry& indexed = index_[name];
  total_bytes_ = total_bytes_ - indexed.bytes + bytes;
  indexed.bytes = bytes;
  indexed.last_used = ++use_counter_;
  Evict();
  return OkStatus();
}

void HttpCache::Remove(const std::string& url) {
  std::string name = HashName(url);
  auto indexed = index_.find(name);
  if (indexed == index_.end())
    return;
  unlink((directory_ + "/" + name).c_str());
  total_bytes_ -= indexed->second.bytes;
  index_.erase(indexed);
}

size_t HttpCache::RemoveWhere(const std::function<bool(const std::string& url)>& matches) {
  size_t removed = 0;
  for (auto it = index_.begin(); it != index_.end();) {
    std::string path = directory_ + "/" + it->first;
    ScopedFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    char length[kLengthDigits + 1] = {};
    bool match = false;
    if (fd.valid() && read(fd.get(), length, kLengthDigits) == kLengthDigits) {
      size_t header_length = std::min<size_t>(std::strtoul(length, nullptr, 16), 1 << 20);
      std::string text(header_length, '\0');
      if (read(fd.get(), text.data(), header_length) == static_cast<ssize_t>(header_length)) {
        auto header = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        match = header.is_object() && header.contains("url") && header["url"].is_string() &&
                matches(header["url"].get<std::string>());
      }
    }
    if (!match) {
      ++it;
      continue;
    }
    unlink(path.c_str());
    total_bytes_ -= it->second.bytes;
    it = index_.erase(it);
    ++removed;
  }
  return removed;
}

void HttpCache::Evict() {
  while (total_bytes_ > max_bytes_ && !index_.empty()) {
    auto oldest = std::min_element(index_.begin(), index_.end(), [](const auto& a, const auto& b) {
      return a.second.last_used < b.second.last_used;
    });
    unlink((directory_ + "/" + oldest->first).c_str());
    total_bytes_ -= oldest->second.bytes;
    index_.erase(oldest);
  }
}

}  // namespace nexus::network
