#include "services/browser/cookie_store.h"

#include <algorithm>

#include "base/logging.h"
#include "ipc/message.h"
#include "services/network/public/cookie_record.h"

namespace nexus::browser {
namespace {

// 8 cookies of at most 4 KiB each stay well inside a message.
constexpr size_t kCookiesPerMessage = 8;

}  // namespace

CookieStore::CookieStore(ProfileDatabase& database, int64_t now_ms) : database_(database) {
  for (network::Cookie& cookie : database_.LoadCookies()) {
    if (cookie.expiry_ms > now_ms)
      mirror_.Restore(cookie);
    else if (auto status = database_.DeleteCookie(cookie); !status.ok())
      LOG(Warning) << status.error().message();
  }
}

void CookieStore::OnChanged(const network::Cookie& cookie, bool removed) {
  if (removed)
    mirror_.Forget(cookie);
  else
    mirror_.Restore(cookie);
  Status status = removed || !cookie.persistent ? database_.DeleteCookie(cookie)
                                                : database_.SaveCookie(cookie);
  if (!status.ok())
    LOG(Warning) << status.error().message();
}

Status CookieStore::RestoreInto(process::ProcessHost& network, int64_t now_ms) const {
  std::vector<const network::Cookie*> live;
  for (const network::Cookie& cookie : mirror_.cookies()) {
    if (!cookie.persistent || cookie.expiry_ms > now_ms)
      live.push_back(&cookie);
  }
  for (size_t start = 0; start < live.size(); start += kCookiesPerMessage) {
    size_t count = std::min(kCookiesPerMessage, live.size() - start);
    ipc::OutgoingMessage message;
    auto list = message.Init<network::schema::BrowserToNetwork>().initRestoreCookies(
        static_cast<unsigned>(count));
    for (size_t i = 0; i < count; ++i)
      network::ToRecord(*live[start + i], list[static_cast<unsigned>(i)]);
    TRY_STATUS(network.Send(message));
  }
  return OkStatus();
}

size_t CookieStore::RemoveDomain(const std::string& domain) {
  network::CookieJar::Observer forget = [this](const network::Cookie& cookie, bool) {
    if (auto status = database_.DeleteCookie(cookie); !status.ok())
      LOG(Warning) << status.error().message();
  };
  mirror_.set_observer(forget);
  size_t removed = mirror_.RemoveDomain(domain);
  mirror_.set_observer(nullptr);
  return removed;
}

std::string CookieStore::DocumentCookie(const web::Url& url, int64_t now_ms) {
  return mirror_.HeaderFor(url, network::CookieRequestContext{true, true}, now_ms,
                           /*for_script=*/true);
}

}  // namespace nexus::browser
