#include "services/browser/address_bar_input.h"

#include "services/browser/user_settings.h"

namespace nexus::browser {

void AddressBarInput::Go(uint32_t tab_id,
                         const std::string& text,
                         std::function<void(Result<std::string>)> done) {
  if (!tabs_.Find(tab_id))
    return done(Error("no tab " + std::to_string(tab_id)));
  if (IsExplicitAddress(text))
    return Act(tab_id, text, std::nullopt, done);  // no model needed
  AiQuestion question{ai::schema::AiTask::CLASSIFY_INTENT, text, 0, "", tab_id, deadline_ms_};
  bool asked = ai_.AskIfReady(std::move(question), [this, tab_id, text, done](AiAnswer answer) {
    std::optional<AddressBarIntent> intent;  // none: the rule decides (no answer in time)
    if (answer.ok() && answer->getError().size() == 0 && answer->getLabels().size() > 0)
      intent = IntentFromLabel(answer->getLabels()[0].getName().cStr());
    Act(tab_id, text, intent, done);
  });
  if (!asked)
    Act(tab_id, text, std::nullopt, done);
}

void AddressBarInput::Act(uint32_t tab_id,
                          const std::string& text,
                          std::optional<AddressBarIntent> from_model,
                          const std::function<void(Result<std::string>)>& done) {
  AddressBarIntent intent = from_model.value_or(GuessIntent(text));
  std::string decided =
      std::string(IntentName(intent)) + " (" + (from_model ? "model" : "rule") + "): ";
  auto answer = [&](const std::string& what, const Status& status) {
    status.ok() ? done(decided + what) : done(status.error());
  };
  if (intent == AddressBarIntent::kCommand) {
    if (auto command = TypedCommandIn(text)) {
      switch (*command) {
        case TypedCommand::kReload:
          return answer("reload", tabs_.Reload(tab_id));
        case TypedCommand::kBack:
          return answer("back", tabs_.GoBack(tab_id));
        case TypedCommand::kForward:
          return answer("forward", tabs_.GoForward(tab_id));
      }
    }
  }
  std::string url;
  if (intent == AddressBarIntent::kUrl) {
    if (auto address = AddressFromInput(text); address.ok())
      url = *address;
  }
  if (url.empty()) {
    // Searches, questions, sums and commands the browser does not have go to the search
    // engine (search engines answer sums), as do "addresses" that cannot be one.
    url = SearchUrl(SettingInEffect(database_, *FindUserSetting("search_url")), text);
  }
  answer(url, tabs_.Navigate(tab_id, url));
}

}  // namespace nexus::browser
