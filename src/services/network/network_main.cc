// The network service process (spec "Network Service Process"). For now it serves data:
// URLs; HTTP(S), DNS, certificates, cookies and the cache come with the network issue.
#include "services/network/public/network_main.h"
#include "base/logging.h"
#include "process/child_process.h"
#include "services/network/data_url.h"

namespace nexus::network {

int NetworkMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(
      process::ProcessType::NETWORK, id, std::move(channel), [](process::ChildProcess& child) {
        child.set_message_handler([&child](ipc::IncomingMessage& message) {
          if (message.type() != ipc::MessageType::LOAD_RESOURCE)
            return;
          auto request = message.envelope().getBody().getLoadResource();
          ipc::OutgoingMessage reply;
          auto loaded = reply.envelope().getBody().initResourceLoaded();
          loaded.setTabId(request.getTabId());
          loaded.setUrl(request.getUrl());
          auto content = DecodeDataUrl(request.getUrl());
          if (!content.ok()) {
            loaded.setError("cannot load " + std::string(request.getUrl().cStr()).substr(0, 200) +
                            ": " + content.error().message());
          } else {
            loaded.setStatus(200);
            loaded.setMimeType(content->mime_type);
            if (auto status = reply.SetPayload(loaded.initBody(), content->bytes); !status.ok())
              loaded.setError(status.error().message());
          }
          if (auto status = child.Send(reply, message.envelope().getRequestId()); !status.ok())
            LOG(Error) << status.error().message();
        });
        return OkStatus();
      });
}

}  // namespace nexus::network
