// Cookies to and from their IPC form (CookieRecord in network.capnp).
#pragma once

#include "services/network/public/cookie.h"
#include "services/network/public/network.capnp.h"

namespace nexus::network {

void ToRecord(const Cookie& cookie, network::schema::CookieRecord::Builder record);
Cookie FromRecord(network::schema::CookieRecord::Reader record);

}  // namespace nexus::network
