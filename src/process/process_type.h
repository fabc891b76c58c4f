// The process types of the spec ("Process Types") and what is fixed per type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "ipc/envelope.capnp.h"

namespace nexus::process {

using ProcessType = ipc::schema::ProcessType;

inline constexpr ProcessType kAllProcessTypes[] = {
    ProcessType::BROWSER, ProcessType::RENDERER, ProcessType::ZYGOTE,  ProcessType::GPU,
    ProcessType::AI,      ProcessType::NETWORK,  ProcessType::STORAGE, ProcessType::AUDIO};

// "main" for the browser process, as on the command line (--type=main).
std::string_view ProcessTypeName(ProcessType type);
std::optional<ProcessType> ParseProcessType(std::string_view name);

// Spec "Memory Limits". Utility processes and the zygote are not named there; they get the
// renderer's limit, which is far above what they need.
uint64_t DefaultMemoryLimitBytes(ProcessType type);

// Whether main restarts the type after a crash (spec "Crash Recovery"): renderers are not
// restarted (the tab shows it crashed until reloaded); every service is.
bool IsRestartedAfterCrash(ProcessType type);

}  // namespace nexus::process
