// The routing policy: which process type may send which message to which process type
// (issue 2, DESIGN.md §3). Main consults it for every message a child sends; a message
// outside the table is a bad message and its sender is killed.
#pragma once

#include "ipc/message.h"

namespace nexus::ipc {

using schema::ProcessType;

// True if a process of type `sender` may send `type` to a process of type `recipient`.
bool IsMessageAllowed(ProcessType sender, MessageType type, ProcessType recipient);

}  // namespace nexus::ipc
