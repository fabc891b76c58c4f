// Nexus's routing table: every (sender type, interface, recipient type) a channel carries
// (ipc/message_policy.h). Main gates each child's messages with it and each child reads only
// what it lists from main. The one place that knows every service's interface.
#pragma once

#include "ipc/message_policy.h"

namespace nexus::routes {

const ipc::MessagePolicy& MessageRoutes();

// The table as Markdown, one row per interface: who sends it, its messages, who reads it.
// docs/architecture.md holds this text (a unit test keeps them equal); `nexus routes`
// prints it.
std::string DescribeRoutes();

}  // namespace nexus::routes
