#include "temp_dir.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace nexus::testing {

namespace {

class ProcessTempRoot {
 public:
  ProcessTempRoot() : owner_(getpid()) {
    const char* tmpdir = getenv("TMPDIR");
    std::string pattern = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/nexus-test-XXXXXX";
    if (!mkdtemp(pattern.data())) {
      std::perror(("mkdtemp " + pattern).c_str());
      std::abort();
    }
    path_ = pattern;
  }
  ~ProcessTempRoot() {
    // A forked child that exits through exit() runs this too: only the creator removes.
    if (getpid() != owner_)
      return;
    namespace fs = std::filesystem;
    std::error_code error;
    if (fs::remove_all(path_, error) != static_cast<std::uintmax_t>(-1) && !error)
      return;
    // A test made something read-only (a profile it must not write): open it up and retry.
    for (auto it = fs::recursive_directory_iterator(path_, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      std::error_code ignored;
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
    fs::remove_all(path_, error);
  }
  const std::string& path() const { return path_; }

 private:
  pid_t owner_;
  std::string path_;
};

}  // namespace

std::string MakeTempDir(const std::string& purpose) {
  static ProcessTempRoot root;
  std::string pattern = root.path() + "/" + purpose + "-XXXXXX";
  if (!mkdtemp(pattern.data())) {
    std::perror(("mkdtemp " + pattern).c_str());
    std::abort();
  }
  return pattern;
}

}  // namespace nexus::testing
