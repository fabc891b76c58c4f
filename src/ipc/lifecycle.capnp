# What main and every child say to each other whatever the child's type (spec "Process
# States", "Process Monitoring"): readiness, heartbeats, memory pressure, shutdown, and the
# browser-initiated test actions. process/child_process.cc answers these for every child.
@0xa5bdab095a56114e;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::ipc::schema");

using Envelope = import "/ipc/envelope.capnp";

struct BrowserToChild {
  union {
    heartbeat @0 :Heartbeat;
    memoryPressure @1 :MemoryPressure;
    shutdown @2 :Void;
    resetState @3 :Void;        # a pooled renderer going back to the pool: forget the page
    debugAction @4 :DebugAction;
  }
}

struct ChildToBrowser {
  union {
    processReady @0 :ProcessReady;
    heartbeatAck @1 :Heartbeat;
    # Sent from the SIGSYS handler just before the process dies: the call the filter refused.
    sandboxViolation @2 :Int32;
  }
}

struct Heartbeat {
  sequence @0 :UInt64;
}

enum PressureLevel {
  moderate @0;            # over 90 % of the type's limit: free what can be freed
  critical @1;
}

struct MemoryPressure {
  level @0 :PressureLevel;
  currentBytes @1 :UInt64;
  limitBytes @2 :UInt64;
}

struct ProcessReady {
  type @0 :Envelope.ProcessType;
  pid @1 :Int32;          # as the child sees itself; main trusts its own pidfd instead
  sandbox @2 :SandboxSelfReport;
}

# What only the process itself can tell about its sandbox; everything else main reads from
# /proc (sandbox/sandbox_status.h).
struct SandboxSelfReport {
  landlockAbi @0 :Int32;          # 0: no Landlock domain in force
  fileProbeDenied @1 :Bool;       # opening /etc/passwd failed once the sandbox was closed
  missingLayers @2 :List(Text);   # "namespaces: unshare(CLONE_NEWNET): Operation not permitted"
  enterNanos @3 :Int64;           # how long entering the sandbox took in the process
}

# Browser-initiated test actions (the nexus://crash family, like chrome://crash); a page can
# never send these, only main can.
enum DebugActionKind {
  crash @0;
  hang @1;
  allocate @2;
  sendGarbage @3;
  sendForbiddenMessage @4;
  blockedSyscall @5;      # call something the sandbox forbids (a socket, for most types)
  forgeMessage @6;        # act as a compromised process: write `forgery` on the channel
  writeDatagrams @7;      # write `datagrams` on the channel as they are, in order
}

struct DebugAction {
  kind @0 :DebugActionKind;
  megabytes @1 :UInt32;
  # forgeMessage: what to forge (a name the process type knows, e.g. "cookie-to-network"),
  # for whom (a process id) and about what (a URL). The process builds the message itself,
  # as an attacker holding it would.
  forgery @2 :Text;
  forgeryRecipient @3 :UInt32;
  forgeryUrl @4 :Text;
  # writeDatagrams: whole messages built by a test acting as main, which the process writes
  # byte for byte as a compromised one could (tests/integration/forged_routes_test.cc).
  datagrams @5 :List(Data);
}
