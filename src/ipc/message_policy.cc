#include "ipc/message_policy.h"

#include <algorithm>

namespace nexus::ipc {

MessagePolicy::MessagePolicy(std::vector<Route> routes) : routes_(std::move(routes)) {
  RegisterInterfaceNames(Interfaces());
}

bool MessagePolicy::Allows(ProcessType sender,
                           const Interface& interface,
                           ProcessType recipient) const {
  return std::any_of(routes_.begin(), routes_.end(), [&](const Route& route) {
    return route.sender == sender && route.recipient == recipient && route.interface == interface;
  });
}

std::vector<Interface> MessagePolicy::Accepted(ProcessType sender, ProcessType recipient) const {
  std::vector<Interface> accepted;
  for (const Route& route : routes_) {
    if (route.sender == sender && route.recipient == recipient)
      accepted.push_back(route.interface);
  }
  return accepted;
}

std::vector<Interface> MessagePolicy::Interfaces() const {
  std::vector<Interface> interfaces;
  for (const Route& route : routes_) {
    if (std::find(interfaces.begin(), interfaces.end(), route.interface) == interfaces.end())
      interfaces.push_back(route.interface);
  }
  return interfaces;
}

}  // namespace nexus::ipc
