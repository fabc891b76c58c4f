#include "services/browser/profile.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace nexus::browser {
namespace {

Status MakeDirectories(const std::string& path) {
  std::string partial;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos)
      slash = path.size();
    partial = path.substr(0, slash);
    start = slash + 1;
    if (partial.empty())
      continue;
    if (mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
      return ErrnoError("create directory " + partial);
  }
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Error(path + " is not a directory");
  return OkStatus();
}

}  // namespace

Result<ProfileLayout> ResolveProfile(const std::string& flag_value) {
  std::string root = flag_value;
  if (root.empty()) {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
      root = std::string(xdg) + "/nexus";
    else if (const char* home = std::getenv("HOME"); home && *home)
      root = std::string(home) + "/.local/share/nexus";
    else
      return Error("no --profile given and neither XDG_DATA_HOME nor HOME is set");
  }
  if (root[0] != '/') {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd)))
      return ErrnoError("getcwd");
    root = std::string(cwd) + "/" + root;
  }
  while (root.size() > 1 && root.back() == '/')
    root.pop_back();
  ProfileLayout layout{root};
  // sockaddr_un holds 108 bytes including the terminator.
  if (layout.control_socket_path().size() >= 108)
    return Error("profile path " + root + " is too long for its control socket (max ~90 chars)");
  return layout;
}

Status CreateProfileDirectories(const ProfileLayout& profile) {
  for (const std::string& directory :
       {profile.root, profile.crash_directory(), profile.runtime_directory(),
        profile.models_directory(), profile.storage_directory(), profile.cache_directory()}) {
    auto status = MakeDirectories(directory);
    if (!status.ok())
      return status.error().Context("profile " + profile.root);
  }
  return OkStatus();
}

Result<ScopedFd> TryLockProfile(const ProfileLayout& profile) {
  ScopedFd fd(open(profile.lock_path().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd.valid())
    return ErrnoError("open " + profile.lock_path());
  if (flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK)
      return ScopedFd();
    return ErrnoError("lock " + profile.lock_path());
  }
  return fd;
}

}  // namespace nexus::browser
