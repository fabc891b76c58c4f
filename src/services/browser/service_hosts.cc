#include "services/browser/service_hosts.h"

#include "base/logging.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

Status ServiceHosts::Ensure(ProcessType type) {
  if (IsDisabled(type) && !degraded_.count(type))
    return Error(std::string(process::ProcessTypeName(type)) +
                 " is disabled: " + std::string(process::FallbackDescription(type)));
  if (Running(type))
    return OkStatus();
  process::ProcessConfig config;
  if (auto args = args_.find(type); args != args_.end())
    config.args = args->second();
  ASSIGN_OR_RETURN(uint32_t id, manager_.CreateProcess(type, config));
  running_[type] = id;
  return OkStatus();
}

ProcessHost* ServiceHosts::Running(ProcessType type) {
  ProcessHost* host = manager_.Find(IdOf(type));
  return host && host->alive() && !host->died ? host : nullptr;
}

ProcessHost* ServiceHosts::Ready(ProcessType type) {
  ProcessHost* host = Running(type);
  return host && host->state() != process::ProcessState::kCreated ? host : nullptr;
}

uint32_t ServiceHosts::IdOf(ProcessType type) const {
  auto it = running_.find(type);
  return it == running_.end() ? 0 : it->second;
}

void ServiceHosts::Shutdown(ProcessType type) {
  if (ProcessHost* host = Running(type))
    manager_.Shutdown(host->id());
}

std::string ServiceHosts::WhyDisabled(ProcessType type) const {
  auto it = disabled_.find(type);
  return it == disabled_.end() ? "" : it->second;
}

void ServiceHosts::EnableCrashedTypes() {
  std::erase_if(disabled_, [](const auto& entry) { return entry.second == kAfterCrashes; });
}

bool ServiceHosts::OnGone(const ProcessHost& host, const process::RecoveryPlan& plan) {
  ProcessType type = host.type();
  if (IdOf(type) != host.id())
    return false;
  running_.erase(type);
  if (plan.disabled) {
    disabled_[type] = kAfterCrashes;
    LOG(Warning) << process::ProcessTypeName(type)
                 << " is disabled after repeated crashes: " << process::FallbackDescription(type);
  }
  if (plan.restart || (plan.disabled && degraded_.count(type))) {
    loop_.PostDelayed(plan.restart_delay_ms, [this, type] {
      if (auto status = Ensure(type); !status.ok())
        LOG(Error) << "restart " << process::ProcessTypeName(type) << ": "
                   << status.error().message();
    });
  }
  return true;
}

}  // namespace nexus::browser
