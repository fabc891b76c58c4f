// The IPC fuzz corpus is built from today's schema: each seed must be a message main's
// channel to a renderer accepts, or the fuzzer only ever tests the first check of the decoder
// (the seeds written before the envelope named interfaces by type id all failed there).
// NEXUS_WRITE_IPC_SEEDS=1 rewrites fuzz/corpus/ipc_envelope/ from the builders below.
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "../../fuzz/ipc_fuzz_input.h"
#include "ipc/lifecycle.capnp.h"
#include "ipc/message.h"
#include "services/browser/public/control_client.h"
#include "services/renderer/public/renderer.capnp.h"

namespace nexus {
namespace {

using ipc::OutgoingMessage;
using renderer::schema::RendererToBrowser;

const std::string kCorpus = std::string(NEXUS_SOURCE_DIR) + "/fuzz/corpus/ipc_envelope/";

struct Seed {
  std::string spec;  // the attachment word (fuzz/ipc_fuzz_input.h)
  std::string datagram;
};

std::string Flatten(OutgoingMessage& message) {
  auto words = capnp::messageToFlatArray(message.builder());
  auto bytes = words.asBytes();
  return std::string(bytes.begin(), bytes.end());
}

std::string Spec(std::initializer_list<uint8_t> bytes) {
  std::string spec(fuzz::kAttachmentSpecBytes, '\0');
  size_t i = 0;
  for (uint8_t byte : bytes)
    spec[i++] = static_cast<char>(byte);
  return spec;
}

std::string FrameWithSharedMemory() {
  OutgoingMessage message;
  auto frame = message.Init<RendererToBrowser>().initFrameRendered();
  frame.setTabId(1);
  frame.setWidth(512);
  frame.setHeight(512);
  frame.setStride(2048);
  auto shared = frame.initPixels().initSharedMemory();
  shared.setAttachment(0);
  shared.setSize(1 << 20);
  return Flatten(message);
}

std::map<std::string, Seed> BuildSeeds() {
  std::map<std::string, Seed> seeds;
  {
    OutgoingMessage message;
    auto done = message.Init<RendererToBrowser>().initNavigationComplete();
    done.setTabId(1);
    done.setUrl("https://a.test/");
    done.setTitle("Hello");
    done.setTextLength(5);
    done.setElementCount(3);
    seeds["navigation_complete"] = {Spec({}), Flatten(message)};
  }
  // 1 MiB of pixels in a memfd: sealed as it must be, unsealed, too small, a pipe.
  seeds["frame_rendered_memfd"] = {Spec({1, 0, 128}), FrameWithSharedMemory()};
  seeds["frame_rendered_unsealed_memfd"] = {Spec({1, 1, 128}), FrameWithSharedMemory()};
  seeds["frame_rendered_small_memfd"] = {Spec({1, 0, 4}), FrameWithSharedMemory()};
  seeds["frame_rendered_pipe"] = {Spec({1, 3, 0}), FrameWithSharedMemory()};
  {
    OutgoingMessage message;
    auto frame = message.Init<RendererToBrowser>().initFrameRendered();
    frame.setTabId(1);
    auto slice = frame.initPixels().initSharedBuffer();
    slice.setBuffer(1);
    slice.setSize(4096);
    seeds["frame_rendered_shared_buffer"] = {Spec({}), Flatten(message)};
  }
  {
    OutgoingMessage message;
    auto created = message.Init<ipc::schema::SharedBufferCreated>();
    created.setBuffer(1);
    created.setAttachment(0);
    created.setSize(8192);
    seeds["shared_buffer_created"] = {Spec({1, 0, 1}), Flatten(message)};
  }
  {
    OutgoingMessage message;
    auto request = message.Init<RendererToBrowser>().initLoadResource();
    request.setTabId(1);
    request.setUrl("https://a.test/api");
    request.setKind(network::schema::ResourceKind::FETCH);
    request.setMethod("POST");
    auto header = request.initHeaders(1)[0];
    header.setName("Content-Type");
    header.setValue("text/plain");
    EXPECT_TRUE(message.SetPayload(request.initBody(), std::string_view("a=b")).ok());
    seeds["load_resource"] = {Spec({}), Flatten(message)};
  }
  {
    OutgoingMessage message;
    auto write = message.Init<RendererToBrowser>().initWriteStorage();
    write.setTabId(1);
    write.setKey("k");
    EXPECT_TRUE(message.SetPayload(write.initValue(), std::string_view("v")).ok());
    seeds["write_storage"] = {Spec({}), Flatten(message)};
  }
  {
    OutgoingMessage message;
    auto idb = message.Init<RendererToBrowser>().initIndexedDb();
    idb.setTabId(1);
    auto request = idb.initRequest();
    request.setDatabase("db");
    request.setTransaction(7);
    auto put = request.initPut();
    put.setStore("books");
    put.setKey("\x01key");
    EXPECT_TRUE(message.SetPayload(put.initValue(), std::string_view("{\"a\":1}")).ok());
    auto index = put.initIndexKeys(1)[0];
    index.setIndex("by_title");
    index.initKeys(1).set(0, "\x01title");
    seeds["indexed_db_put"] = {Spec({}), Flatten(message)};
  }
  {
    OutgoingMessage message;
    auto edit = message.Init<RendererToBrowser>().initFormEdited();
    edit.setTabId(1);
    edit.setField("#name");
    edit.setValue("typed text");
    seeds["form_edited"] = {Spec({}), Flatten(message)};
  }
  {
    OutgoingMessage message;
    message.Init<ipc::schema::ChildToBrowser>().initHeartbeatAck().setSequence(42);
    seeds["heartbeat_ack"] = {Spec({}), Flatten(message)};
  }
  return seeds;
}

std::string ReadSeed(const std::string& name) {
  std::ifstream file(kCorpus + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

TEST(FuzzCorpus, EveryIpcSeedIsTodaysSchemaAndAMessageMainAccepts) {
  const bool write = std::getenv("NEXUS_WRITE_IPC_SEEDS") != nullptr;
  const auto accepted = fuzz::InterfacesMainAcceptsFromARenderer();
  for (const auto& [name, seed] : BuildSeeds()) {
    std::string bytes = seed.spec + seed.datagram;
    if (write)
      std::ofstream(kCorpus + name, std::ios::binary) << bytes;
    EXPECT_EQ(ReadSeed(name), bytes)
        << name << " differs from what the schema builds: rerun with NEXUS_WRITE_IPC_SEEDS=1";
    auto words = kj::heapArray<capnp::word>(seed.datagram.size() / sizeof(capnp::word));
    std::memcpy(words.begin(), seed.datagram.data(), seed.datagram.size());
    auto fds = fuzz::AttachmentsFor(reinterpret_cast<const uint8_t*>(seed.spec.data()));
    auto decoded = ipc::IncomingMessage::Decode(kj::mv(words), std::move(fds), accepted);
    ASSERT_TRUE(decoded.ok()) << name << ": " << decoded.error().message();
  }
}

// The attachments reach the checks of MapPayload: a sealed memfd of the claimed size maps,
// the others are refused for their own reason.
TEST(FuzzCorpus, FrameSeedsReachTheSharedMemoryChecks) {
  const auto accepted = fuzz::InterfacesMainAcceptsFromARenderer();
  auto map = [&](const std::string& name) -> Result<ReadOnlySharedMemory> {
    std::string bytes = ReadSeed(name);
    EXPECT_GT(bytes.size(), fuzz::kAttachmentSpecBytes) << name;
    auto words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word) - 1);
    std::memcpy(words.begin(), bytes.data() + fuzz::kAttachmentSpecBytes,
                words.size() * sizeof(capnp::word));
    auto decoded = ipc::IncomingMessage::Decode(
        kj::mv(words), fuzz::AttachmentsFor(reinterpret_cast<const uint8_t*>(bytes.data())),
        accepted);
    if (!decoded.ok())
      return decoded.error();
    return (*decoded)->MapPayload(
        (*decoded)->Body<RendererToBrowser>().getFrameRendered().getPixels());
  };
  auto sealed = map("frame_rendered_memfd");
  ASSERT_TRUE(sealed.ok()) << sealed.error().message();
  EXPECT_EQ(sealed->bytes().size(), 1u << 20);
  for (const char* refused :
       {"frame_rendered_unsealed_memfd", "frame_rendered_small_memfd", "frame_rendered_pipe"}) {
    auto mapped = map(refused);
    EXPECT_FALSE(mapped.ok()) << refused << " was mapped";
  }
}

TEST(FuzzCorpus, EveryControlSeedIsADatagramMainDecodes) {
  std::string directory = std::string(NEXUS_SOURCE_DIR) + "/fuzz/corpus/control_datagram/";
  for (const char* name : {"list_processes", "navigate", "open_url", "reply_error"}) {
    std::ifstream file(directory + name, std::ios::binary);
    std::string bytes(std::istreambuf_iterator<char>(file), {});
    auto decoded = browser::ControlDatagram::Decode(
        std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    EXPECT_TRUE(decoded.ok()) << name << ": " << decoded.error().message();
  }
}

}  // namespace
}  // namespace nexus
