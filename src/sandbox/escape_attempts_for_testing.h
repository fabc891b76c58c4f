// What tests/sandbox/ tries from inside a sandboxed child (started with
// --sandbox-escape-for-testing=NAME[:ARGUMENT], after it entered its type's sandbox exactly as
// a live child does): one attempt per process, since a blocked call kills it.
#pragma once

#include <string>

namespace nexus::sandbox {

// Exit code of the probe: the attempt worked.
inline constexpr int kEscapeSucceeded = 0;
// Exit code of the probe: the attempt failed with an error (printed to stderr).
inline constexpr int kEscapeDenied = 1;
// Exit code of the probe: no attempt of that name.
inline constexpr int kEscapeUnknown = 2;

// Attempts, by name (ARGUMENT in brackets):
//   open_etc_passwd, open_directory[path], write_file[path], read_file[path], create_socket,
//   connect_localhost[port], execve, fork, ptrace[pid], process_vm_readv[pid], kill[pid],
//   mount[dir], raise_rlimit, setuid, load_module, perf_event_open, bpf
int RunEscapeAttemptForTesting(const std::string& spec);

}  // namespace nexus::sandbox
