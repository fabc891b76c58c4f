#include "app/child_entry.h"

#include "base/logging.h"
#include "process/zygote.h"
#include "services/ai/public/ai_main.h"
#include "services/audio/public/audio_main.h"
#include "services/gpu/public/gpu_main.h"
#include "services/network/public/network_main.h"
#include "services/renderer/public/renderer_main.h"
#include "services/storage/public/storage_main.h"


namespace nexus::app {

int RunChild(process::ProcessType type, uint32_t id, ScopedFd channel) {
  using process::ProcessType;
  SetLogPrefix(std::string(process::ProcessTypeName(type)));
  switch (type) {
    case ProcessType::RENDERER: return renderer::RendererMain(id, std::move(channel));
    case ProcessType::ZYGOTE:
      return process::RunZygote(id, std::move(channel), renderer::PreloadForZygote, RunChild);
    case ProcessType::GPU: return gpu::GpuMain(id, std::move(channel));
    case ProcessType::AI: return ai::AiMain(id, std::move(channel));
    case ProcessType::NETWORK: return network::NetworkMain(id, std::move(channel));
    case ProcessType::STORAGE: return storage::StorageMain(id, std::move(channel));
    case ProcessType::AUDIO: return audio::AudioMain(id, std::move(channel));
    case ProcessType::BROWSER: break;
  }
  LOG(Error) << "no child entry point for type " << process::ProcessTypeName(type);
  return 2;
}

}  // namespace nexus::app
