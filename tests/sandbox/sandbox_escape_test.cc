// The adversarial suite (issue 3, DESIGN.md §4): for each process type, a real child started
// the way main starts it (the launcher's user and PID namespaces, then the type's own
// EnterSandbox) tries one escape per process, since a blocked call kills it. Everything the
// policy forbids must fail; what the type legitimately needs must work; and the same
// attempts without the sandbox must work, or the suite would prove nothing.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ipc/channel.h"
#include "ipc/lifecycle.capnp.h"
#include "process/launcher.h"
#include "process/zygote.capnp.h"
#include "sandbox/escape_attempts_for_testing.h"
#include "sandbox/landlock.h"
#include "sandbox/seccomp_filter.h"
#include "services/routes/message_routes.h"
#include "temp_dir.h"

namespace nexus::sandbox {
namespace {

using process::ProcessType;
using process::ProcessTypeName;

struct Outcome {
  bool escaped = false;
  std::string how;  // "succeeded", "error", "killed by SIGSYS (ptrace)", ...
  bool understood = true;  // false: the probe did something no attempt should (a bug)
};

// A profile-like directory with a model file, storage and cache directories and a TCP
// listener.
class Fixture {
 public:
  Fixture() {
    root = testing::MakeTempDir("sandbox");
    outside = testing::MakeTempDir("outside");  // no sandbox grants it
    mkdir((root + "/mnt").c_str(), 0700);
    mkdir((root + "/models").c_str(), 0700);
    mkdir((root + "/storage").c_str(), 0700);
    mkdir((root + "/cache").c_str(), 0700);
    std::ofstream(root + "/models/model.bin") << "weights";
    std::ofstream(root + "/profile.db") << "main's database";
    listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    listen(listener, 16);
    socklen_t length = sizeof(address);
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    // A display server's socket to open a second connection to (the GPU process keeps only
    // the one it opened before its lock).
    display = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un display_address{};
    display_address.sun_family = AF_UNIX;
    std::snprintf(display_address.sun_path, sizeof(display_address.sun_path), "%s/X0",
                  root.c_str());
    bind(display, reinterpret_cast<sockaddr*>(&display_address), sizeof(display_address));
    listen(display, 16);
  }
  ~Fixture() {
    close(listener);
    close(display);
    std::string command = "rm -rf " + root;
    (void)!system(command.c_str());
  }
  std::string root;
  std::string outside;
  int listener = -1;
  int port = 0;
  int display = -1;
};

std::vector<std::string> ChildArgs(const Fixture& fixture, bool sandboxed) {
  std::vector<std::string> args = {"--sandbox-models-dir=" + fixture.root + "/models",
                                   "--sandbox-storage-dir=" + fixture.root + "/storage",
                                   "--cache-dir=" + fixture.root + "/cache",
                                   // the AI process as the browser runs it: libtorch loaded
                                   "--ai-torch"};
  // The memory limit is part of the sandbox (a hard rlimit): the control has none, so that
  // raising a limit can work there.
  if (sandboxed)
    args.push_back("--memory-limit-bytes=" + std::to_string(512u << 20));
  else
    args.push_back("--no-sandbox");
  return args;
}

// For the terminal probe: a pseudo-terminal as this process's stderr while a child starts,
// so the child inherits a real terminal to type into; it stays open until this goes.
class TerminalAsStderr {
 public:
  TerminalAsStderr() {
    master_ = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0)
      return;
    int terminal = open(ptsname(master_), O_RDWR | O_NOCTTY);
    saved_ = dup(STDERR_FILENO);
    dup2(terminal, STDERR_FILENO);
    close(terminal);
  }
  ~TerminalAsStderr() {
    RestoreStderr();
    if (master_ >= 0)
      close(master_);
  }

  // Once the child has started: this process writes to its own stderr again.
  void RestoreStderr() {
    if (saved_ >= 0) {
      dup2(saved_, STDERR_FILENO);
      close(saved_);
      saved_ = -1;
    }
  }

 private:
  int master_ = -1;
  int saved_ = -1;
};

struct Child {
  pid_t pid = 0;
  std::unique_ptr<ipc::Channel> channel;
};

Child Launch(ProcessType type, std::vector<std::string> args, bool sandboxed) {
  auto pair = ipc::Channel::CreatePair();
  EXPECT_TRUE(pair.ok());
  process::LaunchOptions launch;
  launch.type = type;
  launch.id = 7;
  launch.executable = NEXUS_BINARY;
  launch.extra_args = std::move(args);
  launch.new_namespaces = sandboxed;
  pair->first->Accept(routes::MessageRoutes().Accepted(type, ProcessType::BROWSER));
  auto launched = process::LaunchProcess(launch, std::move(pair->second));
  EXPECT_TRUE(launched.ok()) << launched.error().message();
  EXPECT_TRUE(launched->namespaces_error.empty()) << launched->namespaces_error;
  return {launched->pid, std::move(pair->first)};
}

Outcome Interpret(int status, const std::string& blocked_syscall) {
  if (WIFEXITED(status) && WEXITSTATUS(status) == kEscapeSucceeded)
    return {true, "succeeded"};
  if (WIFEXITED(status) && WEXITSTATUS(status) == kEscapeDenied)
    return {false, "failed with an error"};
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
    return {false, "killed by SIGSYS (" + blocked_syscall + ")"};
  return {false, "unexpected end, status " + std::to_string(status), false};
}

Outcome Attempt(const Fixture& fixture, ProcessType type, const std::string& attempt,
                bool sandboxed = true) {
  std::vector<std::string> args = ChildArgs(fixture, sandboxed);
  args.push_back("--sandbox-escape-for-testing=" + attempt);
  std::optional<TerminalAsStderr> terminal;
  if (attempt.ends_with("ioctl_tiocsti"))
    terminal.emplace();
  Child child = Launch(type, args, sandboxed);
  if (terminal)
    terminal->RestoreStderr();
  int status = 0;
  waitpid(child.pid, &status, 0);
  std::string blocked = "no report";
  while (true) {
    auto in = child.channel->Receive();
    if (in.outcome != ipc::Channel::ReceiveOutcome::kMessage)
      break;
    if (in.message->Is<ipc::schema::ChildToBrowser>() &&
        in.message->Body<ipc::schema::ChildToBrowser>().isSandboxViolation())
      blocked = SyscallName(in.message->Body<ipc::schema::ChildToBrowser>().getSandboxViolation());
  }
  return Interpret(status, blocked);
}

// The path live renderers take: forked by a sandboxed zygote, then entering the renderer's own
// layers on top of the zygote's. This test plays main: it asks the zygote for the fork.
Outcome AttemptFromZygote(const Fixture& fixture, const std::string& attempt) {
  std::vector<std::string> args = ChildArgs(fixture, true);
  args.push_back("--sandbox-escape-for-testing=" + attempt);
  Child zygote = Launch(ProcessType::ZYGOTE, args, true);
  Outcome outcome{false, "no answer from the zygote", false};
  auto ready = zygote.channel->ReceiveBlocking(5000);
  EXPECT_EQ(ready.outcome, ipc::Channel::ReceiveOutcome::kMessage) << ready.error;
  auto pair = ipc::Channel::CreatePair();
  pair->first->Accept(
      routes::MessageRoutes().Accepted(ProcessType::RENDERER, ProcessType::BROWSER));
  ipc::OutgoingMessage request;
  request.envelope().setRecipientId(7);  // the zygote drops what is not addressed to it
  auto fork = request.Init<process::schema::BrowserToZygote>();
  fork.setChildId(8);
  fork.setType(ProcessType::RENDERER);
  fork.setMemoryLimitBytes(512u << 20);
  fork.setChannelAttachment(*request.Attach(std::move(pair->second)));
  EXPECT_TRUE(zygote.channel->Send(request).ok());
  int32_t child = -1;
  for (int i = 0; i < 8; ++i) {
    auto in = zygote.channel->ReceiveBlocking(5000);
    if (in.outcome != ipc::Channel::ReceiveOutcome::kMessage)
      break;
    if (!in.message->Is<process::schema::ZygoteToBrowser>())
      continue;
    auto body = in.message->Body<process::schema::ZygoteToBrowser>();
    if (body.isForked()) {
      child = body.getForked().getPid();
    } else if (body.isChildExited() && body.getChildExited().getPid() == child) {
      auto exited = body.getChildExited();
      std::string blocked = "no report";
      auto report = pair->first->Receive();
      if (report.outcome == ipc::Channel::ReceiveOutcome::kMessage &&
          report.message->Is<ipc::schema::ChildToBrowser>() &&
          report.message->Body<ipc::schema::ChildToBrowser>().isSandboxViolation()) {
        blocked =
            SyscallName(report.message->Body<ipc::schema::ChildToBrowser>().getSandboxViolation());
      }
      int status = exited.getSignal() ? exited.getSignal() : (exited.getExitCode() & 0xff) << 8;
      outcome = Interpret(status, blocked);
      break;
    }
  }
  kill(zygote.pid, SIGKILL);
  waitpid(zygote.pid, nullptr, 0);
  return outcome;
}

// A live sandboxed process of the same type to aim ptrace and process_vm_readv at.
class Victim {
 public:
  Victim(const Fixture& fixture, ProcessType type) {
    child_ = Launch(type, ChildArgs(fixture, true), true);
    auto ready = child_.channel->ReceiveBlocking(5000);
    EXPECT_EQ(ready.outcome, ipc::Channel::ReceiveOutcome::kMessage) << ready.error;
  }
  ~Victim() {
    kill(child_.pid, SIGKILL);
    waitpid(child_.pid, nullptr, 0);
  }
  pid_t pid() const { return child_.pid; }

 private:
  Child child_;
};

struct Case {
  std::string attempt;
  bool allowed;  // a need of the type: must work
  // Libraries the type runs try it in normal use and cope with an error: refused, not killed.
  bool refused_with_an_error = false;
};

std::vector<Case> CasesFor(ProcessType type, const Fixture& fixture, pid_t victim) {
  bool network = type == ProcessType::NETWORK;
  bool zygote = type == ProcessType::ZYGOTE;
  bool reads_fonts = type == ProcessType::RENDERER || zygote;
  std::string me = std::to_string(getpid());
  return {
      {"open_etc_passwd", false},
      {"open_directory:" + fixture.root, false},  // the profile (main's database, reports)
      {"read_file:" + fixture.root + "/profile.db", false},
      {"write_file:" + fixture.outside + "/escaped", false},
      {"write_file:" + fixture.root + "/planted", false},
      {"create_socket", network},
      {"connect_localhost:" + std::to_string(fixture.port), network},
      // The network service may open sockets of every kind, and Landlock does not cover
      // connecting to a socket file.
      {"connect_unix:" + fixture.root + "/X0", network},
      {"ioctl_tiocsti", false},  // typing into the terminal
      {"execve", false},
      {"fork", zygote},  // forking renderers is the zygote's job
      {"ptrace:" + std::to_string(victim), false},
      {"process_vm_readv:" + std::to_string(victim), false},
      {"kill:" + me, false},  // main (this test plays main)
      // The zygote's filter lets tgkill through (its forked renderers' VMs signal their
      // threads); its PID namespace still hides main from it.
      {"tgkill:" + me, false},
      // The zygote reads /proc for the VMs its renderers start; nothing else may, and a
      // renderer's own lock takes it away again.
      {"read_file:/proc/self/status", zygote},
      {"mount:" + fixture.root + "/mnt", false},
      {"raise_rlimit", false},
      {"setuid", false},
      // Mesa's llvmpipe pins the GPU process's threads under load.
      {"pin_threads", zygote, true},
      {"load_module", false},
      {"perf_event_open", false},
      {"bpf", false},
      // What each type needs.
      {"read_file:" + fixture.root + "/models/model.bin", type == ProcessType::AI},
      {"write_file:" + fixture.root + "/storage/data", type == ProcessType::STORAGE},
      {"write_file:" + fixture.root + "/cache/entry", network},  // its HTTP cache
      {"open_directory:/etc/ssl/certs", network},
      {"read_file:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", reads_fonts},
      {"write_file:/usr/share/fonts/planted", false},
      {"write_file:/var/cache/fontconfig/planted", false},
  };
}

void RunSuite(ProcessType type, bool from_zygote = false) {
  std::string type_name(ProcessTypeName(type));
  ASSERT_GT(LandlockAbi(), 0) << "this kernel has no Landlock: file attempts would escape";
  Fixture fixture;
  Victim victim(fixture, type);
  // From the zygote, the target is the zygote itself: pid 1 of the namespace its renderers
  // share, and the one other process they can see.
  pid_t target = from_zygote ? 1 : victim.pid();
  int attempted = 0, denied = 0, escaped = 0, needs = 0, needs_met = 0;
  for (const Case& test_case : CasesFor(type, fixture, target)) {
    Outcome outcome = from_zygote ? AttemptFromZygote(fixture, test_case.attempt)
                      : type == ProcessType::ZYGOTE
                          ? Attempt(fixture, type, "zygote/" + test_case.attempt)
                          : Attempt(fixture, type, test_case.attempt);
    EXPECT_TRUE(outcome.understood) << test_case.attempt << ": " << outcome.how;
    if (test_case.allowed) {
      ++needs;
      needs_met += outcome.escaped ? 1 : 0;
      EXPECT_TRUE(outcome.escaped) << ProcessTypeName(type) << " needs " << test_case.attempt
                                   << " but it " << outcome.how;
      continue;
    }
    ++attempted;
    (outcome.escaped ? escaped : denied)++;
    EXPECT_FALSE(outcome.escaped) << ProcessTypeName(type) << " escaped: " << test_case.attempt;
    if (test_case.refused_with_an_error) {
      EXPECT_EQ(outcome.how, "failed with an error") << test_case.attempt;
    }
    std::printf("  %-10s %-48s %s\n", type_name.c_str(), test_case.attempt.substr(0, 48).c_str(),
                outcome.how.c_str());
  }
  if (from_zygote)
    type_name += " (forked by the zygote)";
  std::printf("%s: %d attempted, %d denied, %d escaped; %d of %d needed accesses worked\n",
              type_name.c_str(), attempted, denied, escaped, needs_met, needs);
}

TEST(SandboxEscape, Renderer) { RunSuite(ProcessType::RENDERER); }
TEST(SandboxEscape, RendererForkedByTheZygote) { RunSuite(ProcessType::RENDERER, true); }
TEST(SandboxEscape, Zygote) { RunSuite(ProcessType::ZYGOTE); }
TEST(SandboxEscape, Gpu) { RunSuite(ProcessType::GPU); }
TEST(SandboxEscape, Ai) { RunSuite(ProcessType::AI); }
TEST(SandboxEscape, Network) { RunSuite(ProcessType::NETWORK); }
TEST(SandboxEscape, Storage) { RunSuite(ProcessType::STORAGE); }
TEST(SandboxEscape, Audio) { RunSuite(ProcessType::AUDIO); }

// The control: without the sandbox every probe gets out, so each denial above is the
// sandbox's doing and the suite can fail.
TEST(SandboxEscape, WithoutTheSandboxEveryAttemptSucceeds) {
  Fixture fixture;
  Victim victim(fixture, ProcessType::RENDERER);
  // A kernel built without loadable modules (no /proc/modules) refuses finit_module to
  // everyone: nothing there to show.
  bool kernel_loads_modules = access("/proc/modules", F_OK) == 0;
  int tried = 0;
  for (const Case& test_case : CasesFor(ProcessType::RENDERER, fixture, victim.pid())) {
    if (test_case.attempt == "load_module" && !kernel_loads_modules) {
      std::printf("  load_module: this kernel has no loadable modules; not tried\n");
      continue;
    }
    ++tried;
    Outcome outcome = Attempt(fixture, ProcessType::RENDERER, test_case.attempt,
                              /*sandboxed=*/false);
    EXPECT_TRUE(outcome.escaped) << test_case.attempt << ": " << outcome.how;
  }
  std::printf("without the sandbox: %d attempts tried, all must succeed\n", tried);
}

}  // namespace
}  // namespace nexus::sandbox
