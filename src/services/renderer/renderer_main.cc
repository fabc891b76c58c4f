// The renderer process (spec "Renderer Process"). It gets documents from main over IPC,
// never from files or sockets, and reports what it parsed. Layout, paint and JavaScript
// arrive with the renderer issues.
#include <gumbo.h>

#include "base/logging.h"
#include "process/child_process.h"
#include "services/renderer/page_summary.h"
#include "services/renderer/public/renderer_main.h"

namespace nexus::renderer {

void PreloadForZygote() {
  // Faults gumbo's code and tables in once, so every forked renderer shares them.
  SummarizeHtml("<!doctype html><title>warm</title><p>zygote</p>");
}

int RendererMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(
      process::ProcessType::RENDERER, id, std::move(channel), [](process::ChildProcess& child) {
        child.set_message_handler([&child](ipc::IncomingMessage& message) {
          if (message.type() != ipc::MessageType::NAVIGATE_TO_URL) {
            LOG(Info) << "renderer ignores " << ipc::MessageTypeName(message.type());
            return;
          }
          auto navigate = message.envelope().getBody().getNavigateToUrl();
          ipc::OutgoingMessage reply;
          auto complete = reply.envelope().getBody().initNavigationComplete();
          complete.setTabId(navigate.getTabId());
          complete.setUrl(navigate.getUrl());
          auto document = message.MapPayload(navigate.getDocument());
          if (!document.ok()) {
            complete.setError("document: " + document.error().message());
          } else {
            PageSummary summary = SummarizeHtml(document->view());
            complete.setTitle(summary.title);
            complete.setTextLength(summary.text_length);
            complete.setElementCount(summary.element_count);
          }
          if (auto status = child.Send(reply); !status.ok())
            LOG(Error) << status.error().message();
        });
        return OkStatus();
      });
}

}  // namespace nexus::renderer
