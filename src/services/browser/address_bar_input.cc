// MainProcess: what a user types in the address bar (`nexus go TAB TEXT`). The AI process's
// intent model decides between opening an address and searching when it is running and
// answers within --intent-deadline-ms (300); otherwise the rule in address_bar.h does, and the AI
// process is started for the next time. Typing never waits on a model.
#include "base/logging.h"
#include "services/browser/main_process.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

void MainProcess::OnAddressBarInput(uint32_t tab_id, std::string text,
                                    ControlServer::Responder respond) {
  if (!tabs_.count(tab_id)) {
    respond([&](auto reply) { reply.setError("no tab " + std::to_string(tab_id)); });
    return;
  }
  if (!disabled_types_.count(ProcessType::AI)) {
    ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
    if (ai && ai->alive() && ai->state() != process::ProcessState::kCreated) {
      uint32_t deadline_ms = options_.intent_deadline_ms;
      auto sent = SendToAi(ai::schema::AiTask::CLASSIFY_INTENT, text, 0, "", deadline_ms);
      if (sent.ok()) {
        uint64_t request_id = *sent;
        typed_inputs_[request_id] = {tab_id, std::move(text), std::move(respond)};
        loop_->PostDelayed(deadline_ms, [this, request_id] {
          FinishAddressBarInput(request_id, std::nullopt);
        });
        return;
      }
    } else if (auto started = EnsureService(ProcessType::AI); !started.ok()) {
      LOG(Info) << "address bar without the intent model: " << started.error().message();
    }
  }
  ActOnAddressBarInput(tab_id, text, std::nullopt, respond);
}

void MainProcess::FinishAddressBarInput(uint64_t request_id,
                                        std::optional<AddressBarIntent> from_model) {
  auto it = typed_inputs_.find(request_id);
  if (it == typed_inputs_.end())
    return;  // decided already (the model answered, or its time ran out)
  TypedInput input = std::move(it->second);
  typed_inputs_.erase(it);
  ActOnAddressBarInput(input.tab_id, input.text, from_model, input.respond);
}

void MainProcess::ActOnAddressBarInput(uint32_t tab_id, const std::string& text,
                                       std::optional<AddressBarIntent> from_model,
                                       const ControlServer::Responder& respond) {
  AddressBarIntent intent = from_model.value_or(GuessIntent(text));
  std::string decided_by = from_model ? "model" : "rule";
  auto answer = [&](const std::string& what, const Status& status) {
    respond([&](auto reply) {
      if (status.ok())
        reply.setText(std::string(IntentName(intent)) + " (" + decided_by + "): " + what);
      else
        reply.setError(status.error().message());
    });
  };
  if (intent == AddressBarIntent::kCommand) {
    if (auto command = TypedCommandIn(text)) {
      Status status = *command == TypedCommand::kReload ? Reload(tab_id)
                      : *command == TypedCommand::kBack ? GoBack(tab_id)
                                                        : GoForward(tab_id);
      return answer(*command == TypedCommand::kReload ? "reload"
                    : *command == TypedCommand::kBack ? "back"
                                                      : "forward",
                    status);
    }
  }
  std::string url;
  if (intent == AddressBarIntent::kUrl) {
    auto address = AddressFromInput(text);
    if (address.ok())
      url = *address;
  }
  if (url.empty()) {
    // Searches, questions, sums and commands the browser does not have go to the search
    // engine (search engines answer sums), as do "addresses" that cannot be one.
    url = SearchUrl(database_->GetSetting("search_url").value_or(kDefaultSearchTemplate), text);
  }
  answer(url, Navigate(tab_id, url));
}

}  // namespace nexus::browser
