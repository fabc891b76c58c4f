// Model manifests (manifest.json beside each model in the models directory): files anyone
// who can write there controls, read by the AI process before it trusts the model's file.
#include <cstdint>
#include <string>

#include "services/ai/model_manager.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)nexus::ai::ParseManifest(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
