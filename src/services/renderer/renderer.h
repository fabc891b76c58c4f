// The renderer process's side of its channel to main: documents in (NAVIGATE_TO_URL), their
// subresources requested from main (LOAD_RESOURCE / RESOURCE_LOADED), frames out
// (RENDER_FRAME / FRAME_RENDERED), hit tests, clicks that become navigation requests, and
// scripts: expressions evaluated for main (EVALUATE_SCRIPT) and the console (CONSOLE_MESSAGE).
// A renderer serves every tab of its site, one web::Page each.
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "ipc/message.h"
#include "process/child_process.h"
#include "services/renderer/compositor_frames.h"
#include "services/renderer/public/renderer.capnp.h"
#include "web/page/page.h"

namespace nexus::renderer {

// What one console message or one evaluated value may carry over IPC.
inline constexpr size_t kMaxConsoleText = 64 * 1024;
inline constexpr size_t kMaxScriptResult = 8u << 20;
// A page's fetch: its headers must fit a message; its body goes in shared memory.
inline constexpr size_t kMaxFetchHeaderBytes = 32 * 1024;
inline constexpr size_t kMaxFetchBodyBytes = 64u << 20;

class Renderer {
 public:
  explicit Renderer(process::ChildProcess& child);
  ~Renderer();
  void OnMessage(ipc::IncomingMessage& message);
  void Reset();
  // Main's id of the document `tab_id` shows (0: none), which the page's messages carry.
  uint64_t DocumentOf(uint32_t tab_id) const;

 private:
  class TabClient;
  struct TabPage {
    std::unique_ptr<web::PageClient> client;  // before the page, which points to it
    std::unique_ptr<web::Page> page;
    uint64_t navigation = 0;  // which navigation of the tab this is
    int viewport_width = 800;
    int viewport_height = 600;
    size_t requested = 0;     // subresources asked for (capped per page)
    size_t pending = 0;       // of those, not answered yet
    bool complete = false;
    int64_t quiet_since_ms = 0;  // when it loaded or last painted a frame
    bool editable_focus = false;  // what main was last told (FocusChanged)
  };
  struct Request {
    uint32_t tab_id;
    uint64_t navigation;
    web::Subresource resource;
    int fetch_id = -1;  // a script's load (fetch, XMLHttpRequest, inserted <script>)
  };

  // Lays out what a first frame left of the page once nothing was asked of it for a while.
  void LayOutWholePageWhenQuiet(uint32_t tab_id, uint64_t navigation, int64_t delay_ms);
  void OnNavigate(ipc::IncomingMessage& message);
  void OnResourceLoaded(ipc::IncomingMessage& message);
  void OnFetchAnswered(ipc::IncomingMessage& message, const Request& request);
  // Answered under the request's id: main may have several frames asked of one tab.
  void OnRenderFrame(schema::RenderFrame::Reader request, uint64_t request_id);
  void OnHitTest(schema::HitTest::Reader request, uint64_t request_id);
  void OnInput(schema::InputEvent::Reader event);
  void OnGetPageContent(uint32_t tab_id, uint64_t request_id);
  void OnConnectCompositor(ipc::IncomingMessage& message);
  // Web storage: an area's contents from main (the page's script waits), its changes to main,
  // and other tabs' changes to the tab's page.
  Result<web::StorageEntries> OpenStorage(uint32_t tab_id,
                                          uint64_t navigation,
                                          web::StorageArea area);
  void WriteStorage(uint32_t tab_id,
                    uint64_t navigation,
                    web::StorageArea area,
                    web::StorageOperation operation,
                    const std::string& key,
                    const std::string& value);
  void OnStorageEvent(ipc::IncomingMessage& message);
  // IndexedDB and navigator.storage.estimate(): sent to main, answered to the page that asked.
  void SendStorageRequest(uint32_t tab_id,
                          uint64_t navigation,
                          int id,
                          const std::string& request,
                          const std::string& value,
                          bool estimate);
  void OnStorageAnswer(ipc::IncomingMessage& message, uint64_t request_id);
  void OnEvaluateScript(schema::EvaluateScript::Reader request, uint64_t request_id);
  // What the tab's scripts wrote to the console, to main's log.
  void SendConsoleMessages(uint32_t tab_id, web::Page& page);
  // After scripts ran (a timer, input, a fetch's answer): their console, and what they made
  // the page reference.
  void AfterScripts(uint32_t tab_id);
  // Tells main when the focused element starts or stops taking typing.
  void ReportFocus(uint32_t tab_id, TabPage& tab);
  // The tab's page if it is still the navigation `navigation` made.
  TabPage* Current(uint32_t tab_id, uint64_t navigation);
  void StartFetch(uint32_t tab_id,
                  uint64_t navigation,
                  int fetch_id,
                  const web::FetchRequest& request);
  void SendNavigationRequest(uint32_t tab_id, const web::NavigationRequest& request);
  void RequestSubresources(uint32_t tab_id,
                           TabPage& tab,
                           const std::vector<web::Subresource>& wanted);
  void FinishIfLoaded(uint32_t tab_id, TabPage& tab);
  void SendNavigationError(uint32_t tab_id, const std::string& url, const std::string& error);
  void Send(ipc::OutgoingMessage& message, uint64_t request_id = 0);

  process::ChildProcess& child_;
  std::map<uint32_t, TabPage> tabs_;
  std::map<uint64_t, Request> requests_;  // LOAD_RESOURCE in flight at main
  struct StorageRequest {
    uint32_t tab_id;
    uint64_t navigation;
    int id;  // the page's
  };
  std::map<uint64_t, StorageRequest> storage_requests_;  // IndexedDB and estimates at main
  uint64_t next_request_id_ = 1;
  uint64_t next_navigation_ = 1;
  CompositorFrames frames_;
};

}  // namespace nexus::renderer
