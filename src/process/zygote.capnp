# Main and the zygote (process/zygote.h): main asks for a forked child, the zygote answers
# with its pid and later reports how each of its children ended.
@0xa33496bafc893b0d;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::process::schema");

using Envelope = import "/ipc/envelope.capnp";

# One message: fork a child of `type` whose channel is attached.
struct BrowserToZygote {
  childId @0 :UInt32;
  type @1 :Envelope.ProcessType;
  channelAttachment @2 :UInt8;
  niceValue @3 :Int8;
  memoryLimitBytes @4 :UInt64;  # the child's sandbox sets RLIMIT_DATA from it
}

struct ZygoteToBrowser {
  union {
    forked @0 :ZygoteForked;
    childExited @1 :ZygoteChildExited;
  }
}

struct ZygoteForked {
  childId @0 :UInt32;
  pid @1 :Int32;
  error @2 :Text;
}

# Renderers are the zygote's children, so only the zygote can reap them and read how they
# ended; main learns of the death itself from a pidfd and of the cause from this message.
struct ZygoteChildExited {
  pid @0 :Int32;
  exitCode @1 :Int32;     # -1 when killed by a signal
  signal @2 :Int32;       # 0 when it exited
}
