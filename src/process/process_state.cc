#include "process/process_state.h"

#include <string>

namespace nexus::process {

std::string_view ProcessStateName(ProcessState state) {
  switch (state) {
    case ProcessState::kCreated: return "created";
    case ProcessState::kReady: return "ready";
    case ProcessState::kActive: return "active";
    case ProcessState::kIdle: return "idle";
    case ProcessState::kSuspended: return "suspended";
    case ProcessState::kTerminated: return "terminated";
  }
  return "unknown";
}

bool IsTransitionAllowed(ProcessState from, ProcessState to) {
  using S = ProcessState;
  if (to == S::kTerminated)
    return from != S::kTerminated;
  switch (from) {
    case S::kCreated: return to == S::kReady;
    case S::kReady: return to == S::kActive;
    case S::kActive: return to == S::kSuspended || to == S::kIdle;
    case S::kIdle: return to == S::kActive;
    case S::kSuspended: return to == S::kActive;
    case S::kTerminated: return false;
  }
  return false;
}

Status ProcessStateMachine::TransitionTo(ProcessState next) {
  if (!IsTransitionAllowed(state_, next)) {
    return Error("illegal process state transition " + std::string(ProcessStateName(state_)) +
                 " -> " + std::string(ProcessStateName(next)));
  }
  state_ = next;
  return OkStatus();
}

}  // namespace nexus::process
