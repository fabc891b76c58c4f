// The runtime every child process shares: its channel to main, the event loop, and the
// messages every type answers the same way (heartbeat, memory pressure, shutdown, browser-
// initiated debug actions). A process type adds a handler for the messages it owns.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "base/event_loop.h"
#include "ipc/channel.h"
#include "ipc/lifecycle.capnp.h"
#include "process/process_type.h"
#include "sandbox/sandbox.h"

namespace nexus::process {

class ChildProcess {
 public:
  using MessageHandler = std::function<void(ipc::IncomingMessage& message)>;

  static Result<std::unique_ptr<ChildProcess>> Create(ProcessType type, uint32_t id,
                                                      ScopedFd channel_fd);
  ~ChildProcess();

  ProcessType type() const { return type_; }
  uint32_t id() const { return id_; }
  EventLoop& loop() { return *loop_; }

  // Messages of the type's own interface from main (lifecycle ones are answered here).
  void set_message_handler(MessageHandler handler) { handler_ = std::move(handler); }
  // Builds and sends the forged message a nexus://forge-ipc page asks for, as a compromised
  // process of this type would; the adversarial tests use it. Returns false for a forgery
  // the type does not know.
  using ForgeryHandler = std::function<bool(ipc::schema::DebugAction::Reader action)>;
  void set_forgery_handler_for_testing(ForgeryHandler handler) {
    forgery_handler_ = std::move(handler);
  }
  // Sends `message` exactly as built: sender, recipient and all, as a forger would.
  Status SendForgedForTesting(ipc::OutgoingMessage& message) { return channel_->Send(message); }
  uint64_t bad_messages() const { return bad_messages_; }
  // Called on MEMORY_PRESSURE after the runtime has returned free heap to the system.
  void set_memory_pressure_handler(std::function<void()> handler) {
    memory_pressure_handler_ = std::move(handler);
  }
  // Called on RESET_STATE (a pooled renderer going back to the pool); must drop all
  // per-page state. The runtime answers PROCESS_READY afterwards.
  void set_reset_handler(std::function<void()> handler) { reset_handler_ = std::move(handler); }

  // Once served, the process ends at once, without taking down what it built (a renderer's
  // pages: hundreds of megabytes freed object by object for nothing, as Chromium's fast
  // shutdown of renderers knows). For processes that keep nothing to write out.
  void set_exit_without_teardown() { exit_without_teardown_ = true; }
  bool exit_without_teardown() const { return exit_without_teardown_; }

  // Sends to main (recipient 0) with this process as sender.
  Status Send(ipc::OutgoingMessage& message, uint64_t request_id = 0);

  // Sends a request to main and waits up to `timeout_ms` for the message under its request
  // id that `is_answer` recognises; whatever else main sends meanwhile is handled afterwards,
  // in order. For the rare answer a page's script cannot go on without (the first use of
  // localStorage), as Chromium's synchronous IPC; main never waits on a child, so the wait
  // ends.
  Result<std::unique_ptr<ipc::IncomingMessage>> SendAndWait(
      ipc::OutgoingMessage& message,
      uint64_t request_id,
      const std::function<bool(const ipc::IncomingMessage&)>& is_answer,
      int timeout_ms);

  // Announces PROCESS_READY and serves until SHUTDOWN or until main goes away.
  int Run();

 private:
  ChildProcess(ProcessType type, uint32_t id, std::unique_ptr<EventLoop> loop,
               std::unique_ptr<ipc::Channel> channel);
  void OnMessage(std::unique_ptr<ipc::IncomingMessage> message);
  // Handles what arrived while SendAndWait waited, oldest first.
  void DispatchDeferred();
  void OnDebugAction(ipc::schema::DebugAction::Reader action);
  // Drops a message main would never send and says why (DESIGN.md §3: a child drops and
  // reports what it must not take).
  void DropBadMessage(const std::string& why);
  void AllocateGradually(uint64_t remaining_bytes);
  void SendReady();

  ProcessType type_;
  uint32_t id_;
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<ipc::Channel> channel_;
  MessageHandler handler_;
  std::function<void()> memory_pressure_handler_;
  std::function<void()> reset_handler_;
  ForgeryHandler forgery_handler_;
  uint64_t bad_messages_ = 0;
  bool exit_without_teardown_ = false;
  std::vector<std::unique_ptr<char[]>> debug_allocations_;
  std::deque<std::unique_ptr<ipc::IncomingMessage>> deferred_;
};

// What a child reads from main: the interfaces the routing table lists from main to its type
// (set by the entry point, which knows the table; a child accepts nothing before).
void SetInterfacesFromMain(std::vector<ipc::Interface> interfaces);

// The body of every child's entry point: creates the runtime, lets the type install its
// handlers (`configure` may be empty: GPU, AI, storage and audio have only the shared
// lifecycle until their own issues), and serves until shutdown. Returns the exit code.
// What this process's sandbox said when it went in; sent to main with PROCESS_READY.
void SetSandboxReport(sandbox::SandboxReport report);

int RunChildProcess(ProcessType type, uint32_t id, ScopedFd channel,
                    const std::function<Status(ChildProcess&)>& configure);

}  // namespace nexus::process
