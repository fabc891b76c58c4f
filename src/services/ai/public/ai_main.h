#pragma once

#include <cstdint>
#include <string>

#include "base/scoped_fd.h"

namespace nexus::ai {

// --models-dir: where the models' directories (manifest.json + file) are.
void SetModelsDirectory(std::string directory);
// --ai-torch: also load libtorch's module (TorchScript models), which costs ~0.6 s.
void SetTorchWanted(bool wanted);
// Loads the inference backends module while the library directories can still be read.
void PrepareBeforeSandbox();
// Entry point of --type=ai; the channel to main is on fd 3.
int AiMain(uint32_t id, ScopedFd channel);

}  // namespace nexus::ai
