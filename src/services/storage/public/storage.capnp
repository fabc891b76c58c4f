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
    indexedDb @3 :IdbCall;      # answered with idbResult
    # A page's document is gone (navigated, closed, its renderer died): its IndexedDB
    # transactions are aborted. The page's id is main's (IdbCall.page).
    pageGone @4 :UInt64;
    usage @5 :Text;             # navigator.storage.estimate(): the origin's bytes on disk
  }
}

struct StorageToBrowser {
  union {
    areaContents @0 :AreaContents;
    areaChanged @1 :AreaChange;
    cleared @2 :Cleared;
    # Said unprompted: an origin's database was damaged and set aside (what, and where).
    problem @3 :Text;
    idbResult @4 :IdbResult;
    usage @5 :UInt64;
  }
}

# IndexedDB (services/storage/indexed_db.h). The page's renderer computes keys (encoded so
# that byte order is IndexedDB's key order: web/js's key encoding), index keys and the
# structured clone of values; the storage service keeps them in the origin's database, each
# page's transactions run one at a time per origin, in the order they began, and a request is
# answered once done (a commit once committed).
struct IdbCall {
  origin @0 :Text;     # main's, from the tab
  page @1 :UInt64;     # main's id of the page's document
  request @2 :IdbRequest;
}

struct IdbRequest {
  database @0 :Text;         # the database's name
  transaction @1 :UInt64;    # the page's id of the transaction the request belongs to
  union {
    # Starts a transaction that opens the database at `version` (0: as it is, 1 if new):
    # answered with its version and schema; a higher version than it has upgrades it in
    # this transaction (the page's upgradeneeded), which the page then commits or aborts.
    open @2 :UInt64;
    deleteDatabase @3 :Void;
    listDatabases @4 :Void;
    begin @5 :IdbBegin;
    commit @6 :Void;
    abort @7 :Void;
    createStore @8 :IdbStoreSpec;
    deleteStore @9 :Text;
    createIndex @10 :IdbIndexSpec;
    deleteIndex @11 :IdbIndexSpec;    # store and name
    put @12 :IdbPut;
    read @13 :IdbRead;
    delete @14 :IdbRead;              # the records of the store in `range`
    clear @15 :Text;                  # a store
    rename @16 :IdbRename;            # an object store or an index gets another name
  }
}

struct IdbRename {
  store @0 :Text;
  index @1 :Text;      # empty: the store itself is renamed
  name @2 :Text;       # the new name
}

struct IdbBegin {
  readWrite @0 :Bool;          # the page's mode; the service runs each transaction alone anyway
  strictDurability @1 :Bool;   # durability: "strict": synced to disk before complete
}

struct IdbStoreSpec {
  name @0 :Text;
  keyPath @1 :Text;            # JSON: a string or a list of strings; empty: out-of-line keys
  autoIncrement @2 :Bool;
}

struct IdbIndexSpec {
  store @0 :Text;
  name @1 :Text;
  keyPath @2 :Text;            # JSON, as for stores
  unique @3 :Bool;
  multiEntry @4 :Bool;
}

struct IdbIndexKeys {
  index @0 :Text;
  keys @1 :List(Text);
}

struct IdbPut {
  store @0 :Text;
  key @1 :Text;                # encoded; empty: the store's key generator makes one
  value @2 :Envelope.Payload;  # the structured clone, as the page made it
  overwrite @3 :Bool;          # put; false: add (a key that exists is a ConstraintError)
  indexKeys @4 :List(IdbIndexKeys);  # every index of the store, each with its keys
}

struct IdbRange {
  lower @0 :Text;              # encoded; empty: unbounded
  upper @1 :Text;
  lowerOpen @2 :Bool;
  upperOpen @3 :Bool;
}

enum IdbReadKind {
  records @0;    # keys, primary keys and values
  keys @1;       # keys and primary keys
  count @2;
}

struct IdbRead {
  store @0 :Text;
  index @1 :Text;              # empty: the store itself
  range @2 :IdbRange;
  reverse @3 :Bool;
  unique @4 :Bool;             # nextunique / prevunique: one record per index key
  limit @5 :UInt32;            # 0: all
  kind @6 :IdbReadKind;
  # A cursor's position: only records after (key, primary key) in its direction.
  afterKey @7 :Text;
  afterPrimaryKey @8 :Text;
  afterInclusive @9 :Bool;     # continuePrimaryKey: that very record, if it is there, first
}

struct IdbResult {
  error @0 :Text;              # "ConstraintError: ...": the DOMException's name first
  version @1 :UInt64;
  oldVersion @2 :UInt64;
  upgrade @3 :Bool;            # open: the page's upgradeneeded runs in the open's transaction
  schema @4 :Text;             # open: JSON, the stores and their indexes
  key @5 :Text;                # put: the record's key
  count @6 :UInt64;
  # Reads: key, primary key and (for records) value, one after another (ipc/string_pairs.h's
  # string list); listDatabases: name and version.
  records @7 :Envelope.Payload;
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
