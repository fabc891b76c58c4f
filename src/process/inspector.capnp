# One process as the inspector shows it (`nexus ps`, process/inspector.h).
@0xe1a1a5a0c1f0e7b3;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::process::schema");

using Envelope = import "/ipc/envelope.capnp";

struct ProcessStats {
  processId @0 :UInt32;
  type @1 :Envelope.ProcessType;
  pid @2 :Int32;
  parentId @3 :Int32;     # -1 for main
  state @4 :Text;
  priority @5 :Text;
  rssBytes @6 :UInt64;
  pssBytes @7 :UInt64;
  cpuPercent @8 :Float32;
  uptimeMs @9 :UInt64;
  messagesSent @10 :UInt64;
  messagesReceived @11 :UInt64;
  nice @12 :Int32;
  cpus @13 :Text;         # affinity as a list, e.g. "0-1"
  site @14 :Text;
  memoryLimitBytes @15 :UInt64;
  spawnedBy @16 :Text;    # exec, zygote
  detail @17 :Text;       # what the process does now (the GPU process: backend, frames)
}
