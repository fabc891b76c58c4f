// A profile directory (issue 2 item 10): the database, crash reports, and the runtime
// directory with the control socket and the lock that makes one instance own the profile.
#pragma once

#include <string>

#include "base/result.h"
#include "base/scoped_fd.h"

namespace nexus::browser {

struct ProfileLayout {
  std::string root;
  std::string database_path() const { return root + "/profile.db"; }
  std::string crash_directory() const { return root + "/crash-reports"; }
  std::string runtime_directory() const { return root + "/run"; }
  std::string control_socket_path() const { return runtime_directory() + "/control.sock"; }
  std::string lock_path() const { return runtime_directory() + "/lock"; }
  std::string models_directory() const { return root + "/models"; }
  std::string storage_directory() const { return root + "/storage"; }  // the storage service's
  std::string cache_directory() const { return root + "/cache"; }  // the network service's HTTP cache
};

// --profile DIR, else $XDG_DATA_HOME/nexus, else ~/.local/share/nexus. Made absolute.
Result<ProfileLayout> ResolveProfile(const std::string& flag_value);
// Creates the directories (mode 0700) that do not exist yet.
Status CreateProfileDirectories(const ProfileLayout& profile);

// Takes the profile's instance lock without waiting. An empty ScopedFd means another
// instance holds it; the lock lasts as long as the fd.
Result<ScopedFd> TryLockProfile(const ProfileLayout& profile);

}  // namespace nexus::browser
