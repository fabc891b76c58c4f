#include "services/routes/message_routes.h"

#include <algorithm>

#include "ipc/lifecycle.capnp.h"
#include "process/process_type.h"
#include "process/zygote.capnp.h"
#include "services/ai/public/ai.capnp.h"
#include "services/gpu/public/gpu.capnp.h"
#include "services/network/public/network.capnp.h"
#include "services/renderer/public/renderer.capnp.h"
#include "services/storage/public/storage.capnp.h"

namespace nexus::routes {
namespace {

std::string JoinTypes(const std::vector<ipc::ProcessType>& types) {
  std::string joined;
  for (ipc::ProcessType type : types)
    joined += (joined.empty() ? "" : ", ") + std::string(process::ProcessTypeName(type));
  return joined;
}

}  // namespace

const ipc::MessagePolicy& MessageRoutes() {
  using ipc::InterfaceOf;
  using Type = ipc::ProcessType;
  const auto to_child = InterfaceOf<ipc::schema::BrowserToChild>();
  const auto from_child = InterfaceOf<ipc::schema::ChildToBrowser>();
  static const ipc::MessagePolicy policy({
      // Lifecycle: every child, both ways (heartbeats, memory pressure, readiness...).
      {Type::BROWSER, to_child, Type::RENDERER},
      {Type::RENDERER, from_child, Type::BROWSER},
      {Type::BROWSER, to_child, Type::ZYGOTE},
      {Type::ZYGOTE, from_child, Type::BROWSER},
      {Type::BROWSER, to_child, Type::GPU},
      {Type::GPU, from_child, Type::BROWSER},
      {Type::BROWSER, to_child, Type::AI},
      {Type::AI, from_child, Type::BROWSER},
      {Type::BROWSER, to_child, Type::NETWORK},
      {Type::NETWORK, from_child, Type::BROWSER},
      {Type::BROWSER, to_child, Type::STORAGE},
      {Type::STORAGE, from_child, Type::BROWSER},
      {Type::BROWSER, to_child, Type::AUDIO},
      {Type::AUDIO, from_child, Type::BROWSER},
      // Each type's own work.
      {Type::BROWSER, InterfaceOf<process::schema::BrowserToZygote>(), Type::ZYGOTE},
      {Type::ZYGOTE, InterfaceOf<process::schema::ZygoteToBrowser>(), Type::BROWSER},
      {Type::BROWSER, InterfaceOf<renderer::schema::BrowserToRenderer>(), Type::RENDERER},
      {Type::RENDERER, InterfaceOf<renderer::schema::RendererToBrowser>(), Type::BROWSER},
      {Type::BROWSER, InterfaceOf<network::schema::BrowserToNetwork>(), Type::NETWORK},
      {Type::NETWORK, InterfaceOf<network::schema::NetworkToBrowser>(), Type::BROWSER},
      {Type::BROWSER, InterfaceOf<ai::schema::BrowserToAi>(), Type::AI},
      {Type::AI, InterfaceOf<ai::schema::AiToBrowser>(), Type::BROWSER},
      {Type::BROWSER, InterfaceOf<storage::schema::BrowserToStorage>(), Type::STORAGE},
      {Type::STORAGE, InterfaceOf<storage::schema::StorageToBrowser>(), Type::BROWSER},
      {Type::BROWSER, InterfaceOf<gpu::schema::BrowserToGpu>(), Type::GPU},
      {Type::GPU, InterfaceOf<gpu::schema::GpuToBrowser>(), Type::BROWSER},
      // Main's UI layer: shared buffers it paints in place.
      {Type::BROWSER, InterfaceOf<ipc::schema::SharedBufferCreated>(), Type::GPU},
      {Type::GPU, InterfaceOf<ipc::schema::SharedBufferReleased>(), Type::BROWSER},
      // The channel main brokers between each renderer and the GPU process: frames.
      {Type::RENDERER, InterfaceOf<gpu::schema::RendererToGpu>(), Type::GPU},
      {Type::RENDERER, InterfaceOf<ipc::schema::SharedBufferCreated>(), Type::GPU},
      {Type::GPU, InterfaceOf<ipc::schema::SharedBufferReleased>(), Type::RENDERER},
      {Type::GPU, InterfaceOf<gpu::schema::GpuToRenderer>(), Type::RENDERER},
  });
  return policy;
}

std::string DescribeRoutes() {
  std::string table = "| from | interface | messages | to |\n| --- | --- | --- | --- |\n";
  const ipc::MessagePolicy& policy = MessageRoutes();
  for (const ipc::Interface& interface : policy.Interfaces()) {
    std::vector<ipc::ProcessType> senders, recipients;
    for (const ipc::Route& route : policy.routes()) {
      if (route.interface != interface)
        continue;
      if (std::find(senders.begin(), senders.end(), route.sender) == senders.end())
        senders.push_back(route.sender);
      if (std::find(recipients.begin(), recipients.end(), route.recipient) == recipients.end())
        recipients.push_back(route.recipient);
    }
    std::string messages;
    for (auto field : interface.getUnionFields())
      messages += (messages.empty() ? "" : ", ") + std::string(field.getProto().getName().cStr());
    if (messages.empty())
      messages = "(one message)";
    table += "| " + JoinTypes(senders) + " | " + ipc::InterfaceName(interface) + " | " + messages +
             " | " + JoinTypes(recipients) + " |\n";
  }
  return table;
}

}  // namespace nexus::routes
