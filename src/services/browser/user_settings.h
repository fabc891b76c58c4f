// The settings a user changes with `nexus settings` and keeps in the profile, each with its
// default and the check its value must pass, whoever wrote it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "services/browser/profile_database.h"

namespace nexus::browser {

struct UserSetting {
  const char* name;
  const char* default_value;
  Status (*check)(const std::string& value);
};

const std::vector<UserSetting>& UserSettings();
const UserSetting* FindUserSetting(std::string_view name);

// The value in effect: the profile's when it passes the check, else the default. A saved value
// that fails (a damaged row, another program, an older version) is dropped as damaged.
std::string SettingInEffect(ProfileDatabase& database, const UserSetting& setting);

}  // namespace nexus::browser
