#pragma once

#include <cstdint>
#include <string>

#include <vector>

#include "base/result.h"
#include "base/scoped_fd.h"
#include "sandbox/sandbox_config.h"

namespace nexus::ai {

// The AI process's own switches: --models-dir DIR (the models' directories, manifest.json and
// file each; readable in its sandbox) and --ai-torch (also load libtorch's module, for
// TorchScript models, which costs ~0.6 s).
Status ReadSwitches(const std::vector<std::string>& args, sandbox::SandboxPaths& paths);
// Loads the inference backends module while the library directories can still be read.
void PrepareBeforeSandbox();
// Entry point of --type=ai; the channel to main is on fd 3.
int AiMain(uint32_t id, ScopedFd channel);

}  // namespace nexus::ai
