// What a user types in a tab's address bar (`nexus go TAB TEXT`): the AI process's intent model
// decides between opening an address and searching when it is running and answers within the
// deadline (--intent-deadline-ms, 300); otherwise the rule in address_bar.h does, and the AI
// process is started for the next time. Typing never waits for a model to start.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "services/browser/address_bar.h"
#include "services/browser/ai_client.h"
#include "services/browser/profile_database.h"
#include "services/browser/tabs.h"

namespace nexus::browser {

class AddressBarInput {
 public:
  AddressBarInput(AiClient& ai, Tabs& tabs, ProfileDatabase& database, uint32_t deadline_ms)
      : ai_(ai), tabs_(tabs), database_(database), deadline_ms_(deadline_ms) {}

  // `done` gets what was done ("search (model): https://...") or why it failed.
  void Go(uint32_t tab_id, const std::string& text, std::function<void(Result<std::string>)> done);

 private:
  void Act(uint32_t tab_id,
           const std::string& text,
           std::optional<AddressBarIntent> from_model,
           const std::function<void(Result<std::string>)>& done);

  AiClient& ai_;
  Tabs& tabs_;
  ProfileDatabase& database_;
  uint32_t deadline_ms_;
};

}  // namespace nexus::browser
