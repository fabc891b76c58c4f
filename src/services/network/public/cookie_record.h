// Cookies to and from their IPC form (CookieRecord in messages.capnp).
#pragma once

#include "ipc/messages.capnp.h"
#include "services/network/public/cookie.h"

namespace nexus::network {

void ToRecord(const Cookie& cookie, ipc::schema::CookieRecord::Builder record);
Cookie FromRecord(ipc::schema::CookieRecord::Reader record);

}  // namespace nexus::network
