# The control socket of a running browser (services/browser/control_server.h): `nexus ps`,
# `nexus tabs`, a second instance handing over a URL, the tests. A client sends one
# ControlRequest and reads one ControlReply.
@0xb6d2a6c7cf34cb66;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::browser::schema");

using Envelope = import "/ipc/envelope.capnp";
using Inspector = import "/process/inspector.capnp";
using Renderer = import "/services/renderer/public/renderer.capnp";


struct ControlRequest {
  union {
    listProcesses @0 :Void;
    openUrl @1 :Text;
    navigate @2 :TabUrl;
    reload @3 :UInt32;
    listTabs @4 :Void;
    suspend @5 :UInt32;
    resume @6 :UInt32;
    crashCounts @7 :Bool;  # true: reset them
    quit @8 :Void;
    closeTab @9 :UInt32;
    releaseToPool @10 :UInt32;
    sandboxStatus @11 :Void;
    hitTest @12 :TabPoint;
    click @13 :TabPoint;
    goBack @14 :UInt32;
    goForward @15 :UInt32;
    documentCookie @16 :UInt32;  # what document.cookie shows in the tab
    addressBarInput @17 :TabText;  # what a user typed: opened as an address or searched for
    analyzeTab @18 :UInt32;       # the page a tab shows, analysed (the reply: JSON text)
    screenshot @19 :TabScreenshot;  # what a tab shows now, as PNG
    typeText @20 :TabText;  # typed into the focused element, key by key
    pressKey @21 :TabKey;
    history @22 :Text;                 # visits whose title or URL holds it ("": all)
    bookmarks @23 :BookmarkChange;
    settings @24 :SettingChange;
    clearSiteData @25 :Text;           # an origin: its storage, cookies and HTTP cache go
    evaluate @26 :TabText;             # a script's value in the tab's page, as JSON text
  }
}

# The reply to list is JSON text: {"bookmarks": [{"url", "title", "added_ms"}]}.
struct BookmarkChange {
  action @0 :BookmarkAction;
  url @1 :Text;
  title @2 :Text;
}

enum BookmarkAction {
  list @0;
  add @1;
  remove @2;
}

# Without `set`: the setting's value (or all of them, for an empty key) as JSON text.
struct SettingChange {
  key @0 :Text;
  value @1 :Text;
  set @2 :Bool;
}

struct TabScreenshot {
  tabId @0 :UInt32;    # 0: the window, as the GPU process composited it
  path @1 :Text;       # absolute; main writes the PNG there
  fullPage @2 :Bool;
}

struct TabPoint {
  tabId @0 :UInt32;
  x @1 :Int32;
  y @2 :Int32;
}

struct TabText {
  tabId @0 :UInt32;
  text @1 :Text;
}

struct TabKey {
  tabId @0 :UInt32;
  key @1 :Text;        # a key's name: Enter, Tab, Backspace, Escape...
}

struct TabUrl {
  tabId @0 :UInt32;
  url @1 :Text;
}


struct TabStats {
  tabId @0 :UInt32;
  url @1 :Text;
  title @2 :Text;
  state @3 :Text;
  rendererId @4 :UInt32;
  crashReason @5 :Text;
  textLength @6 :UInt64;
}

struct CrashCount {
  type @0 :Envelope.ProcessType;
  recentCrashes @1 :UInt32;
  disabled @2 :Bool;
}

struct ControlReply {
  union {
    error @0 :Text;
    ok @1 :Void;
    processes @2 :List(Inspector.ProcessStats);
    tabs @3 :List(TabStats);
    openedTab @4 :UInt32;
    crashCounts @5 :List(CrashCount);
    sandbox @6 :List(ProcessSandbox);
    hitTest @7 :Renderer.HitTestResult;
    text @8 :Text;
  }
}

# One child's sandbox as `nexus sandbox-status` shows it (sandbox/sandbox_status.h).
struct ProcessSandbox {
  processId @0 :UInt32;
  type @1 :Envelope.ProcessType;
  pid @2 :Int32;
  layers @3 :List(SandboxLayer);
  missing @4 :List(Text);  # layers the process could not enter, with the reason
}

struct SandboxLayer {
  name @0 :Text;
  active @1 :Bool;
  detail @2 :Text;
}
