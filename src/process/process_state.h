// Process lifecycle states (spec "Process States"):
//   Created --Initialize--> Ready --Activate--> Active --Suspend--> Suspended
//   Suspended --Resume--> Active;  Active <-> Idle (released to the pool, no work)
//   any live state --Terminate--> Terminated (a process can die at any time).
#pragma once

#include <string_view>

#include "base/result.h"

namespace nexus::process {

enum class ProcessState { kCreated, kReady, kActive, kIdle, kSuspended, kTerminated };

std::string_view ProcessStateName(ProcessState state);
bool IsTransitionAllowed(ProcessState from, ProcessState to);

// Holds a state and refuses illegal transitions with an error naming both ends.
class ProcessStateMachine {
 public:
  ProcessState state() const { return state_; }
  Status TransitionTo(ProcessState next);

 private:
  ProcessState state_ = ProcessState::kCreated;
};

}  // namespace nexus::process
