// The renderer process's side of its channel to main: documents in (NAVIGATE_TO_URL), their
// subresources requested from main (LOAD_RESOURCE / RESOURCE_LOADED), frames out
// (RENDER_FRAME / FRAME_RENDERED), hit tests, clicks that become navigation requests, and
// scripts: expressions evaluated for main (EVALUATE_SCRIPT) and the console (CONSOLE_MESSAGE).
// A renderer serves every tab of its site, one Page each.
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "ipc/message.h"
#include "process/child_process.h"
#include "services/renderer/page.h"

namespace nexus::renderer {

// What one console message or one evaluated value may carry over IPC.
inline constexpr size_t kMaxConsoleText = 64 * 1024;
inline constexpr size_t kMaxScriptResult = 8u << 20;

class Renderer {
 public:
  explicit Renderer(process::ChildProcess& child) : child_(child) {}
  void OnMessage(ipc::IncomingMessage& message);
  void Reset() {
    tabs_.clear();
    requests_.clear();
  }

 private:
  struct TabPage {
    std::unique_ptr<Page> page;
    uint64_t navigation = 0;  // which navigation of the tab this is
    int viewport_width = 800;
    int viewport_height = 600;
    size_t requested = 0;     // subresources asked for (capped per page)
    size_t pending = 0;       // of those, not answered yet
    bool complete = false;
    int mouse_down_x = -1, mouse_down_y = -1;
  };
  struct Request {
    uint32_t tab_id;
    uint64_t navigation;
    Subresource resource;
  };

  void OnNavigate(ipc::IncomingMessage& message);
  void OnResourceLoaded(ipc::IncomingMessage& message);
  // Answered under the request's id: main may have several frames asked of one tab.
  void OnRenderFrame(ipc::schema::RenderFrame::Reader request, uint64_t request_id);
  void OnHitTest(ipc::schema::HitTest::Reader request, uint64_t request_id);
  void OnInput(ipc::schema::InputEvent::Reader event);
  void OnGetPageContent(uint32_t tab_id, uint64_t request_id);
  void OnEvaluateScript(ipc::schema::EvaluateScript::Reader request, uint64_t request_id);
  // What the tab's scripts wrote to the console, to main's log.
  void SendConsoleMessages(uint32_t tab_id, Page& page);
  void RequestSubresources(uint32_t tab_id, TabPage& tab, const std::vector<Subresource>& wanted);
  void FinishIfLoaded(uint32_t tab_id, TabPage& tab);
  void SendNavigationError(uint32_t tab_id, const std::string& url, const std::string& error);
  void Send(ipc::OutgoingMessage& message, uint64_t request_id = 0);

  process::ChildProcess& child_;
  std::map<uint32_t, TabPage> tabs_;
  std::map<uint64_t, Request> requests_;  // LOAD_RESOURCE in flight at main
  uint64_t next_request_id_ = 1;
  uint64_t next_navigation_ = 1;
};

}  // namespace nexus::renderer
