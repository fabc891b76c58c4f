# The envelope every message crosses a channel in (spec "Process Communication": the
# IPCMessage header fields sender, recipient and timestamp; the type is the pair (interface,
# message)). What travels inside is one message of one interface; interfaces are declared by
# the processes that speak them, named by direction (`RendererToBrowser`), each in its
# service's public/ folder (DESIGN.md §3). This file knows none of them.
@0xc89005ca5b876339;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::ipc::schema");

enum ProcessType {
  browser @0;
  renderer @1;
  zygote @2;
  gpu @3;
  ai @4;
  network @5;
  storage @6;
  audio @7;
}

struct Envelope {
  senderId @0 :UInt32;     # 0 is the main (browser) process
  recipientId @1 :UInt32;
  requestId @2 :UInt64;    # pairs a reply with its request; 0 when none is expected
  timestampNs @3 :Int64;   # CLOCK_MONOTONIC at send; one clock for all processes on a machine
  # The Cap'n Proto type id of the interface struct in `body`. A receiver reads `body` only as
  # an interface its channel accepts (ipc/message_policy.h); anything else is a bad message.
  interface @4 :UInt64;
  body @5 :AnyPointer;
}

# Bytes of any size. Up to 64 KiB travel inline; larger ones in a sealed memfd passed with
# the message (SCM_RIGHTS), named by its index among the message's attached fds; bytes
# produced over and over (frames) in a shared buffer the sender registered earlier.
struct Payload {
  union {
    inline @0 :Data;
    sharedMemory @1 :SharedMemory;
    sharedBuffer @2 :SharedBufferSlice;
  }
}

struct SharedMemory {
  attachment @0 :UInt8;
  size @1 :UInt64;
}

# The first `size` bytes of a buffer announced by SharedBufferCreated. The receiver answers
# SharedBufferReleased once it no longer reads them, and only then may the sender reuse it.
struct SharedBufferSlice {
  buffer @0 :UInt32;
  size @1 :UInt64;
}

# Reusable shared buffers (ipc/shared_buffer_pool.h): a small protocol of its own, each a
# one-message interface, spoken on whichever channel carries a producer's frames. A memfd
# sealed against resizing, not writing, is attached; ids are per channel, the sender's.
struct SharedBufferCreated {
  buffer @0 :UInt32;
  attachment @1 :UInt8;
  size @2 :UInt64;
}

struct SharedBufferReleased {
  buffer @0 :UInt32;
}
