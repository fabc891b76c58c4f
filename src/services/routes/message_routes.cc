#include "services/routes/message_routes.h"

#include "ipc/lifecycle.capnp.h"
#include "process/zygote.capnp.h"
#include "services/ai/public/ai.capnp.h"
#include "services/network/public/network.capnp.h"
#include "services/renderer/public/renderer.capnp.h"

namespace nexus::routes {

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
  });
  return policy;
}

}  // namespace nexus::routes
