// The routing policy (DESIGN.md §3, spec "Message Routing"): which process type may send
// which interface to which process type, as explicit (sender, interface, recipient) rows.
// Interfaces are named by direction and every message belongs to exactly one, so a row
// stands for the (sender, message, recipient) triple of each of its messages. Children talk
// to main only and main relays nothing: main decides and sends messages of its own. A
// message outside the table is a bad message: main kills its sender, a child drops it.
#pragma once

#include <string>
#include <vector>

#include "ipc/message.h"

namespace nexus::ipc {

using schema::ProcessType;

struct Route {
  ProcessType sender;
  Interface interface;
  ProcessType recipient;
};

class MessagePolicy {
 public:
  explicit MessagePolicy(std::vector<Route> routes);

  bool Allows(ProcessType sender, const Interface& interface, ProcessType recipient) const;
  // What a process of type `recipient` reads from one of type `sender`: its channel's
  // accepted interfaces.
  std::vector<Interface> Accepted(ProcessType sender, ProcessType recipient) const;
  // Every interface any route names, each once.
  std::vector<Interface> Interfaces() const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace nexus::ipc
