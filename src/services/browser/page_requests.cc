#include "services/browser/page_requests.h"

#include "base/logging.h"
#include "services/browser/frame_png.h"

namespace nexus::browser {

using process::ProcessHost;
using renderer::schema::BrowserToRenderer;
using renderer::schema::RendererToBrowser;

namespace {

// How long main waits for a renderer to answer a hit test before saying so.
constexpr int64_t kHitTestTimeoutMs = 5000;

}  // namespace

PageRequests::PageRequests(EventLoop& loop,
                           process::ProcessManager& manager,
                           Tabs& tabs,
                           RequestIds& ids)
    : manager_(manager),
      tabs_(tabs),
      ids_(ids),
      frames_(loop, [](FrameWanted frame, const std::string& why) { frame.done(Error(why)); }),
      hit_tests_(loop, [](HitTestDone done, const std::string& why) { done(Error(why)); }),
      scripts_(loop, [](ScriptWanted script, const std::string& why) { script.done(Error(why)); }),
      contents_(loop,
                [](ContentWanted content, const std::string& why) { content.done(Error(why)); }) {}

Result<std::pair<uint64_t, uint32_t>> PageRequests::SendToPage(uint32_t tab_id,
                                                               ipc::OutgoingMessage& message) {
  ASSIGN_OR_RETURN(ProcessHost * renderer, tabs_.RendererShowing(tab_id));
  uint64_t request_id = ids_.Next();
  TRY_STATUS(renderer->Send(message, request_id));
  return std::make_pair(request_id, renderer->id());
}

void PageRequests::Screenshot(uint32_t tab_id,
                              const std::string& path,
                              bool full_page,
                              std::function<void(Status)> done) {
  Tab* tab = tabs_.Find(tab_id);
  if (!tab)
    return done(Error("no tab " + std::to_string(tab_id)));
  if (path.empty() || path.front() != '/')
    return done(Error("a screenshot needs an absolute path, not '" + path + "'"));
  ipc::OutgoingMessage message;
  auto request = message.Init<BrowserToRenderer>().initRenderFrame();
  request.setTabId(tab_id);
  request.setWidth(static_cast<uint32_t>(tab->viewport_width));
  request.setHeight(static_cast<uint32_t>(tab->viewport_height));
  request.setFullPage(full_page);
  auto sent = SendToPage(tab_id, message);
  if (!sent.ok())
    return done(sent.error());
  frames_.Add(sent->first, sent->second, {tab_id, path, std::move(done)});
}

void PageRequests::OnFrameRendered(ProcessHost& renderer, ipc::IncomingMessage& message) {
  auto wanted = frames_.Take(message.envelope().getRequestId(), renderer.id());
  if (!wanted)
    return;  // Nobody asked for this frame.
  auto rendered = message.Body<RendererToBrowser>().getFrameRendered();
  Tab* tab = tabs_.OfRenderer(renderer, rendered.getTabId());
  if (!tab || tab->id != wanted->tab_id)
    return wanted->done(Error("tab " + std::to_string(wanted->tab_id) + " moved on"));
  if (rendered.getError().size() > 0)
    return wanted->done(Error("paint " + tab->url + ": " + rendered.getError().cStr()));
  auto pixels = message.MapPayload(rendered.getPixels());
  Status valid = pixels.ok() ? OkStatus() : Status(pixels.error());
  FrameView frame;
  if (valid.ok()) {
    frame = {pixels->bytes(), static_cast<int>(rendered.getWidth()),
             static_cast<int>(rendered.getHeight()), static_cast<int>(rendered.getStride())};
    valid = ValidateFrame(frame);
  }
  if (!valid.ok()) {
    wanted->done(Error("the renderer sent a bad frame"));
    manager_.ReceivedBadMessage(renderer, "frame: " + valid.error().message());
    return;
  }
  wanted->done(WriteFramePng(frame, wanted->path));
}

void PageRequests::HitTest(uint32_t tab_id, int x, int y, HitTestDone done) {
  ipc::OutgoingMessage message;
  auto request = message.Init<BrowserToRenderer>().initHitTest();
  request.setTabId(tab_id);
  request.setX(x);
  request.setY(y);
  auto sent = SendToPage(tab_id, message);
  if (!sent.ok())
    return done(sent.error());
  hit_tests_.Add(sent->first, sent->second, std::move(done), kHitTestTimeoutMs,
                 "the renderer did not answer the hit test");
}

void PageRequests::OnHitTestResult(ProcessHost& renderer, ipc::IncomingMessage& message) {
  if (auto done = hit_tests_.Take(message.envelope().getRequestId(), renderer.id()))
    (*done)(message.Body<RendererToBrowser>().getHitTestResult());
}

void PageRequests::Evaluate(uint32_t tab_id,
                            const std::string& expression,
                            std::function<void(Result<std::string>)> done) {
  ipc::OutgoingMessage message;
  auto evaluate = message.Init<BrowserToRenderer>().initEvaluateScript();
  evaluate.setTabId(tab_id);
  evaluate.setExpression(expression);
  auto sent = SendToPage(tab_id, message);
  if (!sent.ok())
    return done(sent.error());
  scripts_.Add(sent->first, sent->second, {tab_id, std::move(done)});
}

void PageRequests::OnScriptResult(ProcessHost& renderer, ipc::IncomingMessage& message) {
  auto wanted = scripts_.Take(message.envelope().getRequestId(), renderer.id());
  if (!wanted)
    return;
  auto result = message.Body<RendererToBrowser>().getScriptResult();
  if (result.getError().size() > 0)
    return wanted->done(Error(result.getError().cStr()));
  wanted->done(std::string(result.getJson().cStr()));
}

void PageRequests::GetContent(uint32_t tab_id,
                              size_t max_images,
                              std::function<void(Result<PageText>)> done) {
  ipc::OutgoingMessage message;
  message.Init<BrowserToRenderer>().setGetPageContent(tab_id);
  auto sent = SendToPage(tab_id, message);
  if (!sent.ok())
    return done(sent.error());
  contents_.Add(sent->first, sent->second, {tab_id, max_images, std::move(done)});
}

void PageRequests::OnPageContent(ProcessHost& renderer, ipc::IncomingMessage& message) {
  auto wanted = contents_.Take(message.envelope().getRequestId(), renderer.id());
  if (!wanted)
    return;
  auto content = message.Body<RendererToBrowser>().getPageContent();
  Tab* tab = tabs_.OfRenderer(renderer, content.getTabId());
  // The renderer answers for the document it shows; main's record of the tab says which
  // page that is (a tab that moved on since asking is not answered for).
  if (!tab || tab->id != wanted->tab_id || tab->url != content.getUrl().cStr())
    return wanted->done(Error("tab " + std::to_string(wanted->tab_id) + " moved on"));
  auto text = message.ReadPayload(content.getText());
  if (!text.ok()) {
    wanted->done(Error("the renderer sent a bad page content"));
    manager_.ReceivedBadMessage(renderer, "page content: " + text.error().message());
    return;
  }
  PageText page{tab->url, content.getTitle(), std::move(text).value(), {}};
  for (auto url : content.getImageUrls()) {
    if (page.image_urls.size() < wanted->max_images)
      page.image_urls.push_back(url);
  }
  wanted->done(std::move(page));
}

void PageRequests::OnConsoleMessage(ProcessHost& renderer,
                                    renderer::schema::ConsoleMessage::Reader console) {
  Tab* tab = tabs_.OfRenderer(renderer, console.getTabId());
  if (!tab)
    return;
  std::string level = console.getLevel();
  // The page's URL as main knows it, not as the renderer says; its script and line after.
  std::string where =
      tab->url + " (" + console.getSource().cStr() + ":" + std::to_string(console.getLine()) + ")";
  if (level == "error" || level == "warn")
    LOG(Warning) << "console." << level << " " << where << ": " << console.getText().cStr();
  else
    LOG(Info) << "console." << level << " " << where << ": " << console.getText().cStr();
}

void PageRequests::OnRendererGone(uint32_t renderer_id, const std::string& why) {
  frames_.FailAllOf(renderer_id, why);
  hit_tests_.FailAllOf(renderer_id, why);
  scripts_.FailAllOf(renderer_id, why);
  contents_.FailAllOf(renderer_id, why);
}

Status PageRequests::SendInput(uint32_t tab_id,
                               renderer::schema::InputKind kind,
                               float x,
                               float y,
                               const std::string& key,
                               uint32_t modifiers) {
  ASSIGN_OR_RETURN(ProcessHost * renderer, tabs_.RendererShowing(tab_id));
  ipc::OutgoingMessage message;
  auto event = message.Init<BrowserToRenderer>().initInputEvent();
  event.setTabId(tab_id);
  event.setKind(kind);
  event.setX(x);
  event.setY(y);
  event.setKey(key);
  event.setModifiers(modifiers);
  return renderer->Send(message);
}

Status PageRequests::Click(uint32_t tab_id, int x, int y) {
  // A press and a release, as a mouse sends them; the renderer decides what was clicked.
  for (auto kind : {renderer::schema::InputKind::MOUSE_DOWN, renderer::schema::InputKind::MOUSE_UP})
    TRY_STATUS(SendInput(tab_id, kind, static_cast<float>(x), static_cast<float>(y), "", 0));
  return OkStatus();
}

Status PageRequests::PressKeys(uint32_t tab_id, const std::vector<std::string>& keys) {
  TRY_STATUS(tabs_.RendererShowing(tab_id));
  if (keys.size() > 4096)
    return Error("over 4096 keys at once");
  for (const std::string& key : keys) {
    if (key.empty() || key.size() > 32)
      return Error("'" + key.substr(0, 40) + "' is not a key");
    for (auto kind : {renderer::schema::InputKind::KEY_DOWN, renderer::schema::InputKind::KEY_UP})
      TRY_STATUS(SendInput(tab_id, kind, 0, 0, key, 0));
  }
  return OkStatus();
}

std::vector<std::string> SplitCharacters(const std::string& text) {
  std::vector<std::string> characters;
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;  // a UTF-8 sequence stays whole
    while (i + length < text.size() && (static_cast<unsigned char>(text[i + length]) & 0xC0) == 0x80)
      ++length;
    characters.push_back(text.substr(i, length));
    i += length;
  }
  return characters;
}

}  // namespace nexus::browser
