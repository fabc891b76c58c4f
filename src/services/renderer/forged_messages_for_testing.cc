#include "services/renderer/forged_messages_for_testing.h"

#include <cstdlib>
#include <string>

#include "base/logging.h"
#include "services/ai/public/ai.capnp.h"
#include "services/network/public/network.capnp.h"
#include "services/renderer/public/renderer.capnp.h"
#include "services/storage/public/storage.capnp.h"

namespace nexus::renderer {

bool ForgeMessageForTesting(process::ChildProcess& child,
                            const Renderer& renderer,
                            ipc::schema::DebugAction::Reader action) {
  std::string forgery = action.getForgery();
  std::string url = action.getForgeryUrl();
  ipc::OutgoingMessage message;
  auto envelope = message.envelope();
  envelope.setSenderId(child.id());
  envelope.setRecipientId(action.getForgeryRecipient());
  if (forgery == "cookie-to-network") {
    auto set = message.Init<network::schema::BrowserToNetwork>().initSetCookie();
    set.setUrl(url);
    set.setCookie("forged=1; Max-Age=86400; Path=/");
  } else if (forgery == "load-to-network") {
    auto load = message.Init<network::schema::BrowserToNetwork>().initLoad();
    load.setUrl(url);
    load.setKind(network::schema::ResourceKind::FETCH);
    auto headers = load.initHeaders(1);
    headers[0].setName("Cookie");
    headers[0].setValue("session=stolen");
  } else if (forgery == "analysis-to-ai") {
    auto analyze = message.Init<ai::schema::BrowserToAi>().initAnalyze();
    analyze.setTask(ai::schema::AiTask::DETECT_LANGUAGE);
    analyze.setSite(url);
    if (!message.SetPayload(analyze.initInput(), std::string_view("forged by a renderer")).ok())
      return false;
  } else if (forgery == "cookie-changed") {
    auto cookie =
        message.Init<network::schema::NetworkToBrowser>().initCookieChanged().initCookie();
    cookie.setName("forged");
    cookie.setValue("1");
    cookie.setDomain(url);
    cookie.setPath("/");
    cookie.setHostOnly(true);
    cookie.setPersistent(true);
    cookie.setExpiryMs(int64_t{4102444800000});  // 2100
  } else if (forgery == "area-write-to-storage") {
    // Straight to the storage service, naming another origin.
    auto write = message.Init<storage::schema::BrowserToStorage>().initWriteArea();
    write.setOrigin(url);
    write.setKey("forged");
    if (!message.SetPayload(write.initValue(), std::string_view("1")).ok())
      return false;
  } else if (forgery == "storage-write-opaque") {
    // localStorage for the tab (its id in `url`) of a page that has no storage (data:).
    auto write = message.Init<schema::RendererToBrowser>().initWriteStorage();
    uint32_t tab_id = static_cast<uint32_t>(std::strtoul(url.c_str(), nullptr, 10));
    write.setTabId(tab_id);
    write.setDocumentId(renderer.DocumentOf(tab_id));
    write.setKey("forged");
    if (!message.SetPayload(write.initValue(), std::string_view("1")).ok())
      return false;
  } else if (forgery == "as-another-process") {
    envelope.setSenderId(child.id() + 1);
    message.Init<schema::RendererToBrowser>().initOpenUrl().setUrl(url);
  } else {
    return false;
  }
  if (auto status = child.SendForgedForTesting(message); !status.ok())
    LOG(Error) << "forge " << forgery << ": " << status.error().message();
  return true;
}

}  // namespace nexus::renderer
