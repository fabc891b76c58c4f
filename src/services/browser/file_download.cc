#include "services/browser/file_download.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace nexus::browser {

Result<FileDownload> FileDownload::Create(const std::string& path) {
  std::string partial = path + ".part";
  ScopedFd fd(open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid())
    return ErrnoError("write " + path);
  return FileDownload(path, std::move(partial), std::move(fd));
}

FileDownload::~FileDownload() {
  if (!committed_ && !partial_path_.empty())
    unlink(partial_path_.c_str());
}

Status FileDownload::Append(std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd_.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0)
      return ErrnoError("write " + partial_path_);
    done += static_cast<size_t>(n);
  }
  bytes_ += bytes.size();
  return OkStatus();
}

void FileDownload::Restart() {
  if (ftruncate(fd_.get(), 0) == 0 && lseek(fd_.get(), 0, SEEK_SET) == 0)
    bytes_ = 0;
}

Status FileDownload::Commit() {
  // No fsync: the rename makes the name appear only for a complete body, which is the
  // promise; durability across a power cut is the file system's, as for any download.
  if (close(fd_.release()) != 0)
    return ErrnoError("write " + partial_path_);
  if (std::rename(partial_path_.c_str(), path_.c_str()) != 0)
    return ErrnoError("rename " + partial_path_ + " to " + path_);
  committed_ = true;
  return OkStatus();
}

}  // namespace nexus::browser
