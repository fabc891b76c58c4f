#include "services/browser/user_settings.h"

#include "services/browser/address_bar.h"

namespace nexus::browser {

const std::vector<UserSetting>& UserSettings() {
  static const std::vector<UserSetting> settings = {
      {"search_url", kDefaultSearchTemplate, &CheckSearchTemplate},
  };
  return settings;
}

const UserSetting* FindUserSetting(std::string_view name) {
  for (const UserSetting& setting : UserSettings()) {
    if (name == setting.name)
      return &setting;
  }
  return nullptr;
}

std::string SettingInEffect(ProfileDatabase& database, const UserSetting& setting) {
  auto saved = database.GetSetting(setting.name);
  if (!saved)
    return setting.default_value;
  if (auto valid = setting.check(*saved); !valid.ok()) {
    database.DropDamaged("setting", std::string(setting.name) + ": " + valid.error().message());
    database.RemoveSetting(setting.name);
    return setting.default_value;
  }
  return *saved;
}

}  // namespace nexus::browser
