#include "process/crash_recovery.h"

#include "base/logging.h"

namespace nexus::process {

std::string_view FallbackDescription(ProcessType type) {
  switch (type) {
    case ProcessType::GPU: return "software compositing";
    case ProcessType::AI: return "AI features unavailable";
    case ProcessType::NETWORK: return "network unavailable";
    case ProcessType::STORAGE: return "storage unavailable";
    case ProcessType::AUDIO: return "audio muted";
    case ProcessType::ZYGOTE: return "renderers started by exec";
    default: return "none";
  }
}

RecoveryPlan CrashRecovery::HandleProcessGone(const ProcessHost& host, int64_t now_monotonic_ms,
                                              int64_t now_wall_ms) {
  RecoveryPlan plan;
  // A requested exit is no crash, unless main had to kill it after the grace period.
  plan.crashed = !(host.shutdown_requested && host.termination_reason.empty());
  if (!plan.crashed)
    return plan;
  plan.report = MakeCrashReport(host, now_monotonic_ms, now_wall_ms);
  CrashDecision decision = policy_.RecordCrash(host.type(), now_wall_ms);
  plan.report.crashes_in_window = decision.crashes_in_window;
  if (host.type() == ProcessType::RENDERER) {
    plan.report.recovery = "sad tab; reload starts a new renderer";
  } else if (decision.disabled) {
    plan.disabled = true;
    plan.restart_delay_ms = decision.restart_delay_ms;  // for a type that runs degraded
    plan.report.recovery = "crash loop (" + std::to_string(decision.crashes_in_window) +
                           " crashes): disabled, " + std::string(FallbackDescription(host.type()));
  } else if (IsRestartedAfterCrash(host.type())) {
    plan.restart = true;
    plan.restart_delay_ms = decision.restart_delay_ms;
    plan.report.recovery = "restart in " + std::to_string(decision.restart_delay_ms) + " ms";
  }
  auto path = reporter_.Write(plan.report);
  if (path.ok())
    plan.report_path = *path;
  else
    LOG(Error) << path.error().message();
  return plan;
}

}  // namespace nexus::process
