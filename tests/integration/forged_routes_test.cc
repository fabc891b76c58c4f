// The routing table, tried as an attacker holding a child process would try it (DESIGN.md
// §3): for every process type as sender, every message of every interface the table knows and
// every process type as recipient, a real child of that type writes the message on its real
// channel to a real ProcessManager. What the table lists is delivered; anything else kills the
// sender and reaches no one. The combinations are generated from the table and the schemas, so
// a route added to either is tried here without anyone writing a test for it.
#include <sys/socket.h>

#include <capnp/dynamic.h>
#include <capnp/serialize.h>

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "base/event_loop.h"
#include "base/time.h"
#include "ipc/lifecycle.capnp.h"
#include "process/process_manager.h"
#include "services/gpu/public/gpu.capnp.h"
#include "services/routes/message_routes.h"

namespace nexus {
namespace {

using process::ProcessHost;
using process::ProcessType;

constexpr ProcessType kChildTypes[] = {
    ProcessType::RENDERER, ProcessType::ZYGOTE,  ProcessType::GPU,  ProcessType::AI,
    ProcessType::NETWORK,  ProcessType::STORAGE, ProcessType::AUDIO};

struct Attempt {
  ProcessType sender;
  ipc::Interface interface;
  uint16_t which;
  ProcessType recipient;
  bool allowed = false;

  std::string Describe() const {
    return std::string(process::ProcessTypeName(sender)) + " -> " +
           ipc::MessageName(interface, which) + " -> " +
           std::string(process::ProcessTypeName(recipient));
  }
};

// Every (sender type, message, recipient type): each message of each interface the table
// names, from each child type, to main and to each child type.
std::vector<Attempt> GenerateAttempts(const ipc::MessagePolicy& policy) {
  std::vector<Attempt> attempts;
  for (ProcessType sender : kChildTypes) {
    for (const ipc::Interface& interface : policy.Interfaces()) {
      for (uint16_t which = 0; which < ipc::MessageCount(interface); ++which) {
        // On the channel to main, nothing addressed to another child is taken: main relays
        // nothing. (The table's renderer <-> GPU rows are for the channel main brokers
        // between them, ipc/peer_channel.h, never for main's.)
        for (ProcessType recipient : kChildTypes)
          attempts.push_back({sender, interface, which, recipient, false});
        attempts.push_back({sender, interface, which, ProcessType::BROWSER, false});
        attempts.back().allowed = policy.Allows(sender, interface, ProcessType::BROWSER);
      }
    }
  }
  return attempts;
}

// The bytes of one message of `interface`, its union set to `which` with default fields.
std::vector<uint8_t> Datagram(ipc::Interface interface,
                              uint16_t which,
                              uint32_t sender,
                              uint32_t recipient) {
  ipc::OutgoingMessage message;
  auto envelope = message.envelope();
  envelope.setSenderId(sender);
  envelope.setRecipientId(recipient);
  envelope.setTimestampNs(MonotonicNanos());
  envelope.setInterface(interface.getProto().getId());
  auto body = envelope.getBody().initAs<capnp::DynamicStruct>(interface);
  for (auto field : interface.getUnionFields()) {
    if (field.getProto().getDiscriminantValue() == which)
      body.clear(field);  // sets the union to this member
  }
  auto words = capnp::messageToFlatArray(message.builder());
  auto bytes = words.asBytes();
  return {bytes.begin(), bytes.end()};
}

// What a test acting as main sees.
class Observer : public process::ProcessManager::Delegate {
 public:
  void OnProcessReady(ProcessHost& host) override { ++ready[host.id()]; }
  void OnMessageFromChild(ProcessHost& host, ipc::IncomingMessage& message) override {
    // The GPU process says on its own what it composites with (GpuToBrowser.outputStarted):
    // that is no forgery of anyone's.
    if (host.type() == ProcessType::GPU && message.Is<gpu::schema::GpuToBrowser>())
      return;
    ++delivered[host.id()];
  }
  void OnProcessGone(ProcessHost& host) override { gone[host.id()] = host.termination_reason; }

  std::map<uint32_t, int> ready;
  std::map<uint32_t, int> delivered;
  std::map<uint32_t, std::string> gone;
};

class ForgedRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loop = EventLoop::Create();
    ASSERT_TRUE(loop.ok());
    loop_ = std::move(loop).value();
    process::ProcessManager::Options options;
    options.policy = &routes::MessageRoutes();
    options.executable = NEXUS_BINARY;
    options.use_zygote = false;
    // The gate under test is main's; the children's own sandboxes have suites of their own.
    options.sandbox = false;
    options.child_args = {"--no-sandbox"};
    manager_ =
        std::make_unique<process::ProcessManager>(*loop_, observer_, scheduler_, nullptr, options);
  }

  // Runs the loop until `done` or 30 s.
  bool RunUntil(const std::function<bool()>& done) {
    int64_t deadline = MonotonicMillis() + 30000;
    while (!done() && MonotonicMillis() < deadline)
      loop_->RunOnce(50);
    return done();
  }

  uint32_t Start(ProcessType type) {
    auto id = manager_->CreateProcess(type, {});
    EXPECT_TRUE(id.ok()) << id.error().message();
    return id.ok() ? *id : 0;
  }

  std::unique_ptr<EventLoop> loop_;
  Observer observer_;
  process::ProcessScheduler scheduler_;
  std::unique_ptr<process::ProcessManager> manager_;
};

TEST_F(ForgedRoutes, WhatTheTableDoesNotListKillsTheSenderAndReachesNoOne) {
  const ipc::MessagePolicy& policy = routes::MessageRoutes();
  std::vector<Attempt> attempts = GenerateAttempts(policy);
  ASSERT_GT(attempts.size(), 2000u);

  // One live process of each type to be the recipient of what is addressed to that type.
  std::map<ProcessType, uint32_t> recipients;
  for (ProcessType type : kChildTypes)
    recipients[type] = Start(type);
  ASSERT_TRUE(RunUntil([&] {
    return std::all_of(recipients.begin(), recipients.end(),
                       [&](auto& entry) { return observer_.ready.count(entry.second) > 0; });
  })) << "recipients did not start";
  std::map<uint32_t, uint64_t> sent_to_recipient;
  for (auto& [type, id] : recipients)
    sent_to_recipient[id] = manager_->Find(id)->channel().counters().messages_sent;

  // A few attempts at a time: each in a child of its own, since a refused one ends it.
  constexpr size_t kInFlight = 12;
  size_t refused = 0, delivered = 0;
  for (size_t first = 0; first < attempts.size(); first += kInFlight) {
    size_t last = std::min(first + kInFlight, attempts.size());
    std::map<uint32_t, const Attempt*> forgers;
    for (size_t i = first; i < last; ++i)
      forgers[Start(attempts[i].sender)] = &attempts[i];
    ASSERT_TRUE(RunUntil([&] {
      return std::all_of(forgers.begin(), forgers.end(),
                         [&](auto& entry) { return observer_.ready[entry.first] == 1; });
    }));
    for (auto& [id, attempt] : forgers) {
      // The forged message, then PROCESS_READY again as a marker: main reaches the marker
      // only if it took the message and let the child live.
      uint32_t to = attempt->recipient == ProcessType::BROWSER ? ipc::kBrowserProcessId
                                                               : recipients[attempt->recipient];
      ipc::OutgoingMessage action;
      auto debug = action.Init<ipc::schema::BrowserToChild>().initDebugAction();
      debug.setKind(ipc::schema::DebugActionKind::WRITE_DATAGRAMS);
      auto datagrams = debug.initDatagrams(2);
      auto forged = Datagram(attempt->interface, attempt->which, id, to);
      auto marker = Datagram(ipc::InterfaceOf<ipc::schema::ChildToBrowser>(),
                             ipc::schema::ChildToBrowser::PROCESS_READY, id, 0);
      datagrams.set(0, capnp::Data::Reader(forged.data(), forged.size()));
      datagrams.set(1, capnp::Data::Reader(marker.data(), marker.size()));
      ASSERT_TRUE(manager_->Find(id)->Send(action).ok());
    }
    ASSERT_TRUE(RunUntil([&] {
      return std::all_of(forgers.begin(), forgers.end(), [&](auto& entry) {
        return observer_.gone.count(entry.first) || observer_.ready[entry.first] >= 2;
      });
    }));
    for (auto& [id, attempt] : forgers) {
      bool killed = observer_.gone.count(id) > 0;
      if (attempt->allowed) {
        EXPECT_FALSE(killed) << attempt->Describe()
                             << " is in the table but killed its sender: " << observer_.gone[id];
        ++delivered;
      } else {
        EXPECT_TRUE(killed) << attempt->Describe() << " is not in the table but was taken";
        EXPECT_EQ(observer_.gone[id].rfind("bad message", 0), 0u)
            << attempt->Describe() << ": " << observer_.gone[id];
        EXPECT_EQ(observer_.delivered[id], 0) << attempt->Describe() << " reached main's handlers";
        ++refused;
      }
      if (!killed)
        manager_->Kill(id, "attempt done");
    }
  }
  EXPECT_GT(refused, 2000u);
  EXPECT_GT(delivered, 20u);
  // Nothing was passed on: main sent the recipients not one message more, and they live.
  for (auto& [type, id] : recipients) {
    ProcessHost* host = manager_->Find(id);
    ASSERT_TRUE(host && host->alive()) << process::ProcessTypeName(type);
    EXPECT_EQ(host->channel().counters().messages_sent, sent_to_recipient[id])
        << process::ProcessTypeName(type) << " was handed something";
  }
  manager_->ShutdownAll(2000);
}

}  // namespace
}  // namespace nexus
