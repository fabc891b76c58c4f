# Main and the storage service (services/storage): main names the origin of every request
# (from the tab it knows, never from what a renderer says), the service keeps each origin's
# data in a database of its own under <profile>/storage and answers under the request's id
# once the change is committed.
@0xa0dffc17147f7837;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::storage::schema");

using Envelope = import "/ipc/envelope.capnp";

struct BrowserToStorage {
  union {
    readArea @0 :Text;          # an origin's localStorage: every key and value
    writeArea @1 :AreaWrite;    # setItem, removeItem, clear
    clearOrigin @2 :Text;       # clear-site-data: all the origin's data goes
  }
}

struct StorageToBrowser {
  union {
    areaContents @0 :AreaContents;
    areaChanged @1 :AreaChange;
    cleared @2 :Cleared;
    # Said unprompted: an origin's database was damaged and set aside (what, and where).
    problem @3 :Text;
  }
}

enum AreaOperation {
  set @0;
  remove @1;
  clear @2;
}

struct AreaWrite {
  origin @0 :Text;
  operation @1 :AreaOperation;
  key @2 :Text;
  value @3 :Envelope.Payload;   # up to the quota: may be larger than a message
}

struct AreaContents {
  # Key and value pairs (ipc/string_pairs.h), in the order of their keys.
  entries @0 :Envelope.Payload;
  error @1 :Text;               # empty on success
}

# What a committed write changed, for the storage events of the origin's other tabs.
struct AreaChange {
  changed @0 :Bool;             # false: nothing did (the same value, a missing key)
  key @1 :Text;                 # empty with `clear`
  oldValue @2 :Envelope.Payload;
  hadOldValue @3 :Bool;
  error @4 :Text;               # empty on success; "QuotaExceededError: ..." over the quota
}

struct Cleared {
  error @0 :Text;
  bytes @1 :UInt64;             # what the origin's data took on disk
}
