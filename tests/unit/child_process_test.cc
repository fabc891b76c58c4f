#include "process/child_process.h"

#include <thread>

#include <gtest/gtest.h>

#include "ipc/lifecycle.capnp.h"
#include "services/network/public/network.capnp.h"

namespace nexus::process {
namespace {

constexpr uint32_t kChildId = 9;

void FillHeartbeat(ipc::OutgoingMessage& message,
                   uint64_t sequence,
                   uint32_t sender,
                   uint32_t recipient) {
  message.envelope().setSenderId(sender);
  message.envelope().setRecipientId(recipient);
  message.Init<ipc::schema::BrowserToChild>().initHeartbeat().setSequence(sequence);
}

// A child's runtime on one end of a real channel, the test as main on the other.
TEST(ChildProcess, DropsWhatMainDidNotSendAndAnswersWhatItDid) {
  auto pair = ipc::Channel::CreatePair();
  ASSERT_TRUE(pair.ok());
  std::unique_ptr<ipc::Channel> main_end = std::move(pair->first);
  main_end->Accept({ipc::InterfaceOf<ipc::schema::ChildToBrowser>()});
  SetInterfacesFromMain({ipc::InterfaceOf<ipc::schema::BrowserToChild>()});
  uint64_t bad_messages = 0;
  std::thread child_thread([&, fd = std::move(pair->second)]() mutable {
    auto child = ChildProcess::Create(ProcessType::GPU, kChildId, std::move(fd));
    ASSERT_TRUE(child.ok());
    (*child)->Run();
    bad_messages = (*child)->bad_messages();
  });
  auto ready = main_end->ReceiveBlocking(5000);
  ASSERT_EQ(ready.outcome, ipc::Channel::ReceiveOutcome::kMessage) << ready.error;

  // Written on main's end but not by main (another sender id), or not to this child: a peer
  // that is not main, or a message misdelivered, is never acted on.
  ipc::OutgoingMessage forged_sender, other_recipient, genuine;
  FillHeartbeat(forged_sender, 1, 4, kChildId);
  FillHeartbeat(other_recipient, 2, ipc::kBrowserProcessId, kChildId + 1);
  ipc::OutgoingMessage other_interface;  // the network service's, not this type's
  other_interface.envelope().setRecipientId(kChildId);
  other_interface.Init<network::schema::BrowserToNetwork>().setCancelLoad(1);
  FillHeartbeat(genuine, 3, ipc::kBrowserProcessId, kChildId);
  for (auto* message : {&forged_sender, &other_recipient, &other_interface, &genuine})
    ASSERT_TRUE(main_end->Send(*message).ok());

  auto ack = main_end->ReceiveBlocking(5000);
  ASSERT_EQ(ack.outcome, ipc::Channel::ReceiveOutcome::kMessage) << ack.error;
  EXPECT_EQ(ack.message->Body<ipc::schema::ChildToBrowser>().getHeartbeatAck().getSequence(), 3u)
      << "only the genuine heartbeat is answered";

  ipc::OutgoingMessage shutdown;
  shutdown.envelope().setRecipientId(kChildId);
  shutdown.Init<ipc::schema::BrowserToChild>().setShutdown();
  ASSERT_TRUE(main_end->Send(shutdown).ok());
  child_thread.join();
  EXPECT_EQ(bad_messages, 3u);
}

}  // namespace
}  // namespace nexus::process
