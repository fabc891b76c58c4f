// MainProcess: what pages ask of main and what main asks of pages, through their renderer:
// subresources (main decides what a page may load), frames (`nexus shot`, `nexus screenshot`),
// hit tests and clicks on links (renderer-initiated navigations, checked like a browser
// checks them).
#include <iostream>

#include "base/logging.h"
#include "services/browser/cors.h"
#include "services/browser/frame_png.h"
#include "services/browser/main_process.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

namespace {

// How long main waits for a renderer to answer a hit test before telling the client so.
constexpr int64_t kHitTestTimeoutMs = 5000;

bool ShowsAPage(const Tab& tab) {
  return tab.state == TabState::kLoaded || tab.state == TabState::kError;  // or its error page
}

}  // namespace

void MainProcess::OnSubresourceRequest(ProcessHost& host, ipc::IncomingMessage& message) {
  auto request = message.Body<renderer::schema::RendererToBrowser>().getLoadResource();
  uint64_t request_id = message.envelope().getRequestId();
  uint32_t tab_id = request.getTabId();
  std::string url_text = request.getUrl();
  Tab* tab = TabOfRenderer(host, tab_id);
  if (!tab) {
    // A renderer swapped out of the tab may still ask for its old page: answer, load nothing.
    AnswerSubresource(host.id(), request_id, tab_id, url_text,
                      Error("tab " + std::to_string(tab_id) + " is not shown by this renderer"));
    return;
  }
  auto url = ParseUrl(url_text);
  auto document = ParseUrl(tab->url);
  Status allowed = !url.ok()        ? Status(url.error())
                   : !document.ok() ? Status(document.error())
                                    : CheckSubresourceAllowed(*document, *url);
  if (!allowed.ok()) {
    LOG(Info) << "tab " << tab_id << ": " << allowed.error().message();
    AnswerSubresource(host.id(), request_id, tab_id, url_text, allowed.error());
    return;
  }
  if (request.getKind() == network::schema::ResourceKind::FETCH)
    return OnFetchRequest(host, message, *tab, *url, *document);
  if (url->scheme == "file") {
    AnswerSubresource(host.id(), request_id, tab_id, url->spec, ReadFileDocument(*url));
    return;
  }
  if (disabled_types_.count(ProcessType::NETWORK) || !EnsureService(ProcessType::NETWORK).ok()) {
    AnswerSubresource(host.id(), request_id, tab_id, url->spec,
                      Error("network service unavailable"));
    return;
  }
  PendingLoad load;
  load.tab_id = tab_id;
  load.url = url->spec;
  load.for_renderer = host.id();
  load.renderer_request_id = request_id;
  load.kind = request.getKind() == network::schema::ResourceKind::DOCUMENT
                  ? network::schema::ResourceKind::IMAGE  // a renderer never loads documents
                  : request.getKind();
  load.site_for_cookies = SiteForUrl(*document);
  load.page_origin = OriginOf(*document);
  network_loads_[next_request_id_++] = std::move(load);
  SendPendingLoads();
}

void MainProcess::AnswerSubresource(uint32_t renderer_id, uint64_t request_id, uint32_t tab_id,
                                    const std::string& url, Result<Document> loaded,
                                    const FetchAnswer* fetch) {
  ProcessHost* renderer = manager_->Find(renderer_id);
  if (!renderer || !renderer->alive())
    return;
  ipc::OutgoingMessage message;
  auto reply = message.Init<renderer::schema::BrowserToRenderer>().initResourceLoaded();
  reply.setTabId(tab_id);
  reply.setUrl(url);
  if (!loaded.ok()) {
    reply.setStatus(404);
    reply.setError(loaded.error().message());
  } else {
    reply.setStatus(static_cast<uint16_t>(loaded->status));
    reply.setMimeType(loaded->mime_type);
    if (auto status = message.SetPayload(reply.initBody(), loaded->bytes); !status.ok()) {
      reply.setStatus(500);
      reply.setError(status.error().message());
    }
  }
  // Only a fetch's answer shows headers (filtered for the page) and document.cookie.
  if (fetch) {
    auto headers = reply.initHeaders(static_cast<unsigned>(fetch->headers.size()));
    for (size_t i = 0; i < fetch->headers.size(); ++i) {
      headers[i].setName(fetch->headers[i].first);
      headers[i].setValue(fetch->headers[i].second);
    }
    reply.setCookies(fetch->cookies);
  }
  if (auto status = renderer->Send(message, request_id); !status.ok())
    LOG(Error) << "answer " << url << ": " << status.error().message();
}

void MainProcess::OnOpenUrl(ProcessHost& host, ipc::IncomingMessage& message) {
  auto open = message.Body<renderer::schema::RendererToBrowser>().getOpenUrl();
  Tab* tab = TabOfRenderer(host, open.getTabId());
  if (!tab)
    return;  // Stale: the tab moved on.
  auto url = ParseUrl(open.getUrl());
  auto current = ParseUrl(tab->url);
  if (!url.ok() || !current.ok()) {
    LOG(Info) << "tab " << tab->id << ": link not followed: " << open.getUrl().cStr();
    return;
  }
  // Pages never reach main's own nexus: URLs, and only local pages open local files; a page
  // cannot navigate its tab to a data: URL (Chromium blocks those too: a phishing vector).
  bool allowed = url->scheme != "nexus" && url->scheme != "data" &&
                 (url->scheme != "file" || current->scheme == "file");
  if (!allowed) {
    LOG(Warning) << "tab " << tab->id << ": a " << current->scheme
                 << ": page may not open " << url->spec;
    return;
  }
  std::optional<FormPost> post;
  if (std::string_view(open.getMethod().cStr()) == "POST") {
    auto body = message.ReadPayload(open.getBody());
    if (!body.ok()) {
      manager_->ReceivedBadMessage(host, "form body: " + body.error().message());
      return;
    }
    if (url->scheme != "http" && url->scheme != "https") {
      LOG(Warning) << "tab " << tab->id << ": a form cannot be posted to " << url->spec;
      return;
    }
    post = FormPost{std::move(body).value(), open.getContentType()};
    if (Status headers = CheckRequestHeaders({{"Content-Type", post->content_type}}); !headers.ok()) {
      LOG(Warning) << "tab " << tab->id << ": " << headers.error().message();
      return;
    }
  }
  if (open.getReplace() && !tab->history.empty())
    tab->history.ReplaceCurrent(url->spec);
  Status status = open.getReplace() && !tab->history.empty()
                      ? StartLoad(*tab, *url, SiteForUrl(*current), post ? &*post : nullptr)
                      : Navigate(tab->id, url->spec, SiteForUrl(*current), post ? &*post : nullptr);
  if (!status.ok())
    LOG(Warning) << "tab " << tab->id << ": " << status.error().message();
}

// --- Scripts (`nexus eval`, the console) ----------------------------------------------------

void MainProcess::SendEvaluation(Tab& tab) {
  ProcessHost* renderer = manager_->Find(tab.renderer_id);
  if (!renderer || !renderer->alive())
    return FinishCommand(1, "the renderer of tab " + std::to_string(tab.id) + " is gone");
  ipc::OutgoingMessage message;
  auto evaluate = message.Init<renderer::schema::BrowserToRenderer>().initEvaluateScript();
  evaluate.setTabId(tab.id);
  evaluate.setExpression(options_.eval->expression);
  if (auto status = renderer->Send(message, next_request_id_++); !status.ok())
    FinishCommand(1, status.error().message());
}

void MainProcess::OnScriptResult(ProcessHost& host, ipc::IncomingMessage& message) {
  auto result = message.Body<renderer::schema::RendererToBrowser>().getScriptResult();
  Tab* tab = TabOfRenderer(host, result.getTabId());
  if (!tab || !options_.eval || !initial_tabs_.count(tab->id))
    return;  // Nobody asked.
  if (result.getError().size() > 0)
    return FinishCommand(1, result.getError());
  std::cout << result.getJson().cStr() << std::endl;
  FinishCommand(0, "");
}

void MainProcess::OnConsoleMessage(ProcessHost& host, renderer::schema::ConsoleMessage::Reader console) {
  Tab* tab = TabOfRenderer(host, console.getTabId());
  if (!tab)
    return;
  std::string level = console.getLevel();
  // The page's URL as main knows it, not as the renderer says; its script and line after.
  std::string where = tab->url + " (" + console.getSource().cStr() + ":" +
                      std::to_string(console.getLine()) + ")";
  if (level == "error" || level == "warn")
    LOG(Warning) << "console." << level << " " << where << ": " << console.getText().cStr();
  else
    LOG(Info) << "console." << level << " " << where << ": " << console.getText().cStr();
}

// --- Frames (`nexus shot`) ----------------------------------------------------------------

void MainProcess::RequestShotFrame(Tab& tab) {
  ProcessHost* renderer = manager_->Find(tab.renderer_id);
  if (!renderer || !renderer->alive())
    return FinishCommand(1, "the renderer of tab " + std::to_string(tab.id) + " is gone");
  ipc::OutgoingMessage message;
  auto request = message.Init<renderer::schema::BrowserToRenderer>().initRenderFrame();
  request.setTabId(tab.id);
  request.setWidth(options_.shot->width);
  request.setHeight(options_.shot->height);
  request.setFullPage(options_.shot->full_page);
  if (auto status = renderer->Send(message); !status.ok())
    FinishCommand(1, status.error().message());
}

void MainProcess::StartScreenshot(uint32_t tab_id, std::string path, bool full_page,
                                  ControlServer::Responder respond) {
  auto fail = [&](const std::string& why) {
    respond([&](browser::schema::ControlReply::Builder reply) { reply.setError(why); });
  };
  auto it = tabs_.find(tab_id);
  if (it == tabs_.end())
    return fail("no tab " + std::to_string(tab_id));
  Tab& tab = it->second;
  ProcessHost* renderer = manager_->Find(tab.renderer_id);
  if (!ShowsAPage(tab) || !renderer || !renderer->alive())
    return fail("tab " + std::to_string(tab_id) + " has no loaded page");
  if (path.empty() || path.front() != '/')
    return fail("screenshot needs an absolute path, not '" + path + "'");
  ipc::OutgoingMessage message;
  auto request = message.Init<renderer::schema::BrowserToRenderer>().initRenderFrame();
  request.setTabId(tab_id);
  request.setWidth(static_cast<uint32_t>(tab.viewport_width));
  request.setHeight(static_cast<uint32_t>(tab.viewport_height));
  request.setFullPage(full_page);
  uint64_t request_id = next_request_id_++;
  if (auto status = renderer->Send(message, request_id); !status.ok())
    return fail(status.error().message());
  screenshots_[request_id] = {tab.renderer_id, tab_id, std::move(path), std::move(respond)};
}

void MainProcess::OnFrameRendered(ProcessHost& host, ipc::IncomingMessage& message) {
  auto rendered = message.Body<renderer::schema::RendererToBrowser>().getFrameRendered();
  Tab* tab = TabOfRenderer(host, rendered.getTabId());
  if (!tab)
    return;
  auto screenshot = screenshots_.find(message.envelope().getRequestId());
  bool for_screenshot = screenshot != screenshots_.end() &&
                        screenshot->second.renderer_id == host.id() &&
                        screenshot->second.tab_id == tab->id;
  if (!for_screenshot && (!options_.shot || !initial_tabs_.count(tab->id)))
    return;  // Nobody asked for this frame.
  // Where the frame goes, and how the one who asked hears the outcome.
  std::string path = for_screenshot ? screenshot->second.path : options_.shot->output_path;
  std::function<void(const std::string&)> finish;
  if (for_screenshot) {
    finish = [respond = std::move(screenshot->second.respond)](const std::string& error) {
      respond([&](browser::schema::ControlReply::Builder reply) {
        error.empty() ? reply.setOk() : reply.setError(error);
      });
    };
    screenshots_.erase(screenshot);
  } else {
    finish = [this](const std::string& error) { FinishCommand(error.empty() ? 0 : 1, error); };
  }
  if (rendered.getError().size() > 0)
    return finish(std::string("paint ") + tab->url + ": " + rendered.getError().cStr());
  auto pixels = message.MapPayload(rendered.getPixels());
  if (!pixels.ok()) {
    finish("the renderer sent a bad frame");
    manager_->ReceivedBadMessage(host, "frame: " + pixels.error().message());
    return;
  }
  FrameView frame{pixels->bytes(), static_cast<int>(rendered.getWidth()),
                  static_cast<int>(rendered.getHeight()), static_cast<int>(rendered.getStride())};
  if (auto valid = ValidateFrame(frame); !valid.ok()) {
    finish("the renderer sent a bad frame");
    manager_->ReceivedBadMessage(host, "frame: " + valid.error().message());
    return;
  }
  auto written = WriteFramePng(frame, path);
  finish(written.ok() ? "" : written.error().message());
}

void MainProcess::FinishCommand(int exit_code, const std::string& error) {
  if (command_finished_)
    return;
  command_finished_ = true;
  if (!error.empty())
    std::cerr << "nexus: " << error << "\n";
  exit_code_ = exit_code;
  loop_->Quit();
}

// --- Hit testing and clicks ------------------------------------------------------------------


void MainProcess::StartHitTest(uint32_t tab_id, int x, int y, ControlServer::Responder respond) {
  auto fail = [&](const std::string& why) {
    respond([&](browser::schema::ControlReply::Builder reply) { reply.setError(why); });
  };
  auto it = tabs_.find(tab_id);
  if (it == tabs_.end())
    return fail("no tab " + std::to_string(tab_id));
  ProcessHost* renderer = manager_->Find(it->second.renderer_id);
  if (!ShowsAPage(it->second) || !renderer || !renderer->alive())
    return fail("tab " + std::to_string(tab_id) + " has no loaded page");
  ipc::OutgoingMessage message;
  auto request = message.Init<renderer::schema::BrowserToRenderer>().initHitTest();
  request.setTabId(tab_id);
  request.setX(x);
  request.setY(y);
  uint64_t request_id = next_request_id_++;
  if (auto status = renderer->Send(message, request_id); !status.ok())
    return fail(status.error().message());
  hit_tests_[request_id] = PendingHitTest{renderer->id(), std::move(respond)};
  loop_->PostDelayed(kHitTestTimeoutMs, [this, request_id] {
    auto pending = hit_tests_.find(request_id);
    if (pending == hit_tests_.end())
      return;
    auto respond_later = std::move(pending->second.respond);
    hit_tests_.erase(pending);
    respond_later([](browser::schema::ControlReply::Builder reply) {
      reply.setError("the renderer did not answer the hit test");
    });
  });
}

void MainProcess::OnHitTestResult(ProcessHost& host, ipc::IncomingMessage& message) {
  auto pending = hit_tests_.find(message.envelope().getRequestId());
  if (pending == hit_tests_.end() || pending->second.renderer_id != host.id())
    return;  // Timed out already, or not asked of this renderer.
  auto respond = std::move(pending->second.respond);
  hit_tests_.erase(pending);
  auto result = message.Body<renderer::schema::RendererToBrowser>().getHitTestResult();
  respond([&](browser::schema::ControlReply::Builder reply) { reply.setHitTest(result); });
}

void MainProcess::FailRequestsOf(uint32_t renderer_id, const std::string& why) {
  auto fail_all = [&](auto& pending) {
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->second.renderer_id != renderer_id) {
        ++it;
        continue;
      }
      auto respond = std::move(it->second.respond);
      it = pending.erase(it);
      respond([&](browser::schema::ControlReply::Builder reply) { reply.setError(why); });
    }
  };
  fail_all(hit_tests_);
  fail_all(screenshots_);
}

Result<ProcessHost*> MainProcess::RendererShowing(uint32_t tab_id) {
  auto it = tabs_.find(tab_id);
  if (it == tabs_.end())
    return Error("no tab " + std::to_string(tab_id));
  ProcessHost* renderer = manager_->Find(it->second.renderer_id);
  if (!ShowsAPage(it->second) || !renderer || !renderer->alive())
    return Error("tab " + std::to_string(tab_id) + " has no loaded page");
  return renderer;
}

Status MainProcess::Click(uint32_t tab_id, int x, int y) {
  ASSIGN_OR_RETURN(ProcessHost* renderer, RendererShowing(tab_id));
  // A press and a release, as a mouse sends them; the renderer decides what was clicked.
  for (auto kind : {renderer::schema::InputKind::MOUSE_DOWN, renderer::schema::InputKind::MOUSE_UP}) {
    ipc::OutgoingMessage message;
    auto event = message.Init<renderer::schema::BrowserToRenderer>().initInputEvent();
    event.setTabId(tab_id);
    event.setKind(kind);
    event.setX(static_cast<float>(x));
    event.setY(static_cast<float>(y));
    TRY_STATUS(renderer->Send(message));
  }
  return OkStatus();
}

Status MainProcess::PressKeys(uint32_t tab_id, const std::vector<std::string>& keys) {
  ASSIGN_OR_RETURN(ProcessHost* renderer, RendererShowing(tab_id));
  if (keys.size() > 4096)
    return Error("over 4096 keys at once");
  for (const std::string& key : keys) {
    if (key.empty() || key.size() > 32)
      return Error("'" + key.substr(0, 40) + "' is not a key");
    for (auto kind : {renderer::schema::InputKind::KEY_DOWN, renderer::schema::InputKind::KEY_UP}) {
      ipc::OutgoingMessage message;
      auto event = message.Init<renderer::schema::BrowserToRenderer>().initInputEvent();
      event.setTabId(tab_id);
      event.setKind(kind);
      event.setKey(key);
      TRY_STATUS(renderer->Send(message));
    }
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
