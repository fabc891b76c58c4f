#include "ipc/policy.h"

#include <cstdint>

namespace nexus::ipc {
namespace {

using Mask = uint32_t;
constexpr Mask Bit(ProcessType type) {
  return Mask{1} << static_cast<unsigned>(type);
}
constexpr Mask kBrowser = Bit(ProcessType::BROWSER);
constexpr Mask kRenderer = Bit(ProcessType::RENDERER);
constexpr Mask kZygote = Bit(ProcessType::ZYGOTE);
constexpr Mask kGpu = Bit(ProcessType::GPU);
constexpr Mask kAi = Bit(ProcessType::AI);
constexpr Mask kNetwork = Bit(ProcessType::NETWORK);
constexpr Mask kStorage = Bit(ProcessType::STORAGE);
constexpr Mask kAudio = Bit(ProcessType::AUDIO);
constexpr Mask kChildren = kRenderer | kZygote | kGpu | kAi | kNetwork | kStorage | kAudio;

struct Rule {
  MessageType type;
  Mask senders;
  Mask recipients;
};

// One row per message type. Children talk to main; main relays what another process must see
// (renderer frames to the GPU process, page text to the AI process) after checking it.
constexpr Rule kRules[] = {
    {MessageType::NAVIGATE_TO_URL, kBrowser, kRenderer},
    {MessageType::NAVIGATION_COMPLETE, kRenderer, kBrowser},
    {MessageType::RENDER_FRAME, kBrowser, kRenderer},
    {MessageType::FRAME_RENDERED, kRenderer | kGpu, kBrowser | kGpu},
    {MessageType::AI_ANALYZE_CONTENT, kBrowser | kRenderer, kBrowser | kAi},
    {MessageType::AI_RESULT_READY, kBrowser | kAi, kBrowser | kRenderer},
    {MessageType::INPUT_EVENT, kBrowser, kRenderer},
    {MessageType::LOAD_RESOURCE, kBrowser | kRenderer, kBrowser | kNetwork | kStorage},
    {MessageType::RESOURCE_LOADED, kBrowser | kNetwork | kStorage, kBrowser | kRenderer},
    {MessageType::PROCESS_READY, kChildren, kBrowser},
    {MessageType::PROCESS_TERMINATED, kBrowser, kChildren},
    {MessageType::HEARTBEAT, kBrowser, kChildren},
    {MessageType::HEARTBEAT_ACK, kChildren, kBrowser},
    {MessageType::MEMORY_PRESSURE, kBrowser, kChildren},
    {MessageType::SHUTDOWN, kBrowser, kChildren},
    {MessageType::RESET_STATE, kBrowser, kRenderer},
    {MessageType::DEBUG_ACTION, kBrowser, kChildren},
    {MessageType::ZYGOTE_FORK, kBrowser, kZygote},
    {MessageType::ZYGOTE_FORKED, kZygote, kBrowser},
    {MessageType::ZYGOTE_CHILD_EXITED, kZygote, kBrowser},
    // Frame buffers: renderers paint into them, main or the GPU process reads them.
    {MessageType::SHARED_BUFFER_CREATED, kBrowser | kRenderer, kBrowser | kGpu},
    {MessageType::SHARED_BUFFER_RELEASED, kBrowser | kGpu, kBrowser | kRenderer},
    {MessageType::SANDBOX_VIOLATION, kChildren, kBrowser},
    {MessageType::HIT_TEST, kBrowser, kRenderer},
    {MessageType::HIT_TEST_RESULT, kRenderer, kBrowser},
    {MessageType::OPEN_URL, kRenderer, kBrowser},
    {MessageType::CANCEL_LOAD, kBrowser, kNetwork},
    {MessageType::COOKIE_CHANGED, kNetwork, kBrowser},
    {MessageType::RESTORE_COOKIES, kBrowser, kNetwork},
    {MessageType::RESOURCE_CHUNK, kNetwork, kBrowser},
    {MessageType::GET_PAGE_CONTENT, kBrowser, kRenderer},
    {MessageType::PAGE_CONTENT, kRenderer, kBrowser},
    {MessageType::EVALUATE_SCRIPT, kBrowser, kRenderer},
    {MessageType::SCRIPT_RESULT, kRenderer, kBrowser},
    {MessageType::CONSOLE_MESSAGE, kRenderer, kBrowser},
    {MessageType::AI_CANCEL_TAB, kBrowser, kAi},
    {MessageType::SET_DOCUMENT_COOKIE, kRenderer | kBrowser, kBrowser | kNetwork},
    {MessageType::URL_CHANGED, kRenderer, kBrowser},
};

static_assert(sizeof(kRules) / sizeof(kRules[0]) ==
                  static_cast<size_t>(MessageType::URL_CHANGED) + 1,
              "every message type needs exactly one policy row");

}  // namespace

bool IsMessageAllowed(ProcessType sender, MessageType type, ProcessType recipient) {
  for (const Rule& rule : kRules) {
    if (rule.type == type)
      return (rule.senders & Bit(sender)) && (rule.recipients & Bit(recipient));
  }
  return false;
}

}  // namespace nexus::ipc
