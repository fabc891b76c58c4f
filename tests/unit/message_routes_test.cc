#include "services/routes/message_routes.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "ipc/lifecycle.capnp.h"
#include "process/process_type.h"
#include "services/renderer/public/renderer.capnp.h"

namespace nexus::routes {
namespace {

using ipc::ProcessType;

// "Browser", "Renderer", "Ai": how an interface's name spells a process type.
std::string Capitalized(ProcessType type) {
  if (type == ProcessType::BROWSER)
    return "Browser";
  std::string name(process::ProcessTypeName(type));
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

bool IsBrokeredFramePath(const ipc::Route& route) {
  auto renderer = ProcessType::RENDERER, gpu = ProcessType::GPU;
  return (route.sender == renderer && route.recipient == gpu) ||
         (route.sender == gpu && route.recipient == renderer);
}

TEST(MessageRoutes, EveryRouteJoinsMainAndAChildOrABrokeredPairAndIsNamedByItsDirection) {
  for (const ipc::Route& route : MessageRoutes().routes()) {
    std::string name = ipc::InterfaceName(route.interface);
    bool from_main = route.sender == ProcessType::BROWSER;
    // The one exception: frames, on the channel main brokers between a renderer and the GPU.
    if (!IsBrokeredFramePath(route)) {
      ASSERT_NE(from_main, route.recipient == ProcessType::BROWSER)
          << name << ": children talk to main only, and main to children";
    }
    // The shared-buffer protocol travels with whatever carries a producer's frames.
    if (name == "SharedBufferCreated" || name == "SharedBufferReleased")
      continue;
    if (name == "BrowserToChild" || name == "ChildToBrowser") {
      EXPECT_EQ(name, from_main ? "BrowserToChild" : "ChildToBrowser");
      continue;
    }
    EXPECT_EQ(name, Capitalized(route.sender) + "To" + Capitalized(route.recipient));
  }
}

TEST(MessageRoutes, EveryChildTypeHasTheLifecycleBothWaysAndReadsOnlyWhatIsListedForIt) {
  const ipc::MessagePolicy& policy = MessageRoutes();
  for (ProcessType type :
       {ProcessType::RENDERER, ProcessType::ZYGOTE, ProcessType::GPU, ProcessType::AI,
        ProcessType::NETWORK, ProcessType::STORAGE, ProcessType::AUDIO}) {
    EXPECT_TRUE(
        policy.Allows(ProcessType::BROWSER, ipc::InterfaceOf<ipc::schema::BrowserToChild>(), type));
    EXPECT_TRUE(
        policy.Allows(type, ipc::InterfaceOf<ipc::schema::ChildToBrowser>(), ProcessType::BROWSER));
  }
  auto renderer_reads = policy.Accepted(ProcessType::BROWSER, ProcessType::RENDERER);
  ASSERT_EQ(renderer_reads.size(), 2u);
  EXPECT_EQ(renderer_reads[0], ipc::InterfaceOf<ipc::schema::BrowserToChild>());
  EXPECT_EQ(renderer_reads[1], ipc::InterfaceOf<renderer::schema::BrowserToRenderer>());
  EXPECT_FALSE(policy.Allows(ProcessType::RENDERER,
                             ipc::InterfaceOf<renderer::schema::RendererToBrowser>(),
                             ProcessType::GPU))
      << "a renderer speaks to the GPU process only in frames";
  for (ProcessType child : {ProcessType::NETWORK, ProcessType::AI, ProcessType::STORAGE})
    EXPECT_TRUE(policy.Accepted(ProcessType::RENDERER, child).empty())
        << "no route from a renderer to " << process::ProcessTypeName(child);
}

TEST(MessageRoutes, TheArchitectureDocumentShowsTheTableAsItIs) {
  std::ifstream in(std::string(NEXUS_SOURCE_DIR) + "/docs/architecture.md");
  ASSERT_TRUE(in) << "docs/architecture.md";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(DescribeRoutes()), std::string::npos)
      << "docs/architecture.md must hold the routing table as `nexus routes` prints it:\n"
      << DescribeRoutes();
}

}  // namespace
}  // namespace nexus::routes
