// A body being saved to a file as its chunks arrive (`nexus fetch`). The file is written
// under a temporary name and renamed into place when the body is complete, so a failed or
// interrupted download never leaves a partial file where the user asked for one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "base/scoped_fd.h"

namespace nexus::browser {

class FileDownload {
 public:
  static Result<FileDownload> Create(const std::string& path);
  FileDownload(FileDownload&& other) noexcept
      : path_(std::move(other.path_)),
        partial_path_(std::exchange(other.partial_path_, std::string())),
        fd_(std::move(other.fd_)),
        bytes_(other.bytes_),
        committed_(other.committed_) {}
  FileDownload& operator=(FileDownload&&) = delete;
  ~FileDownload();

  Status Append(std::string_view bytes);
  void Restart();   // a retried load sends the body again from its start
  Status Commit();  // complete: the file takes its name
  uint64_t bytes() const { return bytes_; }
  const std::string& path() const { return path_; }

 private:
  FileDownload(std::string path, std::string partial_path, ScopedFd fd)
      : path_(std::move(path)), partial_path_(std::move(partial_path)), fd_(std::move(fd)) {}
  std::string path_;
  std::string partial_path_;
  ScopedFd fd_;
  uint64_t bytes_ = 0;
  bool committed_ = false;
};

}  // namespace nexus::browser
