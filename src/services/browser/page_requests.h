// What main asks of the page a tab shows, through its renderer, and the answers: frames
// (screenshots), hit tests, scripts evaluated in the page, the page's content (for the AI
// features), input events. Each answer is matched to its request (PendingReplies); a renderer
// that ends fails what it owed. Console messages pages write come here too.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "services/browser/pending_replies.h"
#include "services/browser/tabs.h"

namespace nexus::browser {

// A page's visible text and images, as its renderer gives them.
struct PageText {
  std::string url, title, text;
  std::vector<std::string> image_urls;  // absolute, in document order
};

class PageRequests {
 public:
  PageRequests(EventLoop& loop, process::ProcessManager& manager, Tabs& tabs, RequestIds& ids);

  // The tab's frame written to `path` as PNG: its viewport, or the whole page.
  void Screenshot(uint32_t tab_id,
                  const std::string& path,
                  bool full_page,
                  std::function<void(Status)> done);
  // The element and link at a point of the page (readable during the callback only).
  using HitTestDone = std::function<void(Result<renderer::schema::HitTestResult::Reader>)>;
  void HitTest(uint32_t tab_id, int x, int y, HitTestDone done);
  // The JSON of `expression`'s value in the page, or the script's error.
  void Evaluate(uint32_t tab_id,
                const std::string& expression,
                std::function<void(Result<std::string>)> done);
  // What the page shows now: at most `max_images` image URLs.
  void GetContent(uint32_t tab_id, size_t max_images, std::function<void(Result<PageText>)> done);
  // A press and release at a point; keys pressed and released in turn (characters, or names
  // such as Enter, Tab, Backspace).
  Status Click(uint32_t tab_id, int x, int y);
  // One input event, at a page point for the mouse.
  Status SendInput(uint32_t tab_id,
                   renderer::schema::InputKind kind,
                   float x,
                   float y,
                   const std::string& key,
                   uint32_t modifiers);
  Status PressKeys(uint32_t tab_id, const std::vector<std::string>& keys);

  void OnFrameRendered(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  void OnHitTestResult(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  void OnScriptResult(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  void OnPageContent(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  void OnConsoleMessage(process::ProcessHost& renderer,
                        renderer::schema::ConsoleMessage::Reader console);
  void OnRendererGone(uint32_t renderer_id, const std::string& why);

 private:
  struct FrameWanted {
    uint32_t tab_id;
    std::string path;
    std::function<void(Status)> done;
  };
  struct ContentWanted {
    uint32_t tab_id;
    size_t max_images;
    std::function<void(Result<PageText>)> done;
  };
  struct ScriptWanted {
    uint32_t tab_id;
    std::function<void(Result<std::string>)> done;
  };
  // Sends `message` to the renderer showing `tab_id` under a new request id; 0 and the
  // reason when there is none.
  Result<std::pair<uint64_t, uint32_t>> SendToPage(uint32_t tab_id, ipc::OutgoingMessage& message);

  process::ProcessManager& manager_;
  Tabs& tabs_;
  RequestIds& ids_;
  PendingReplies<FrameWanted> frames_;
  PendingReplies<HitTestDone> hit_tests_;
  PendingReplies<ScriptWanted> scripts_;
  PendingReplies<ContentWanted> contents_;
};

// The characters of UTF-8 text, each a string of its own (`nexus type`).
std::vector<std::string> SplitCharacters(const std::string& text);

}  // namespace nexus::browser
