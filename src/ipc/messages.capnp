# Every message that crosses a process boundary in Nexus, declared once. C++ is generated
# from this file at build time (capnp_generate_cpp). The spec's IPCMessage header fields
# (type, sender, recipient, timestamp) live in Envelope; the type is the union's tag.
# Names of structs say what travels; DESIGN.md §3 and spec "Process Communication".
@0xcc511bb0091711a1;

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

# The first `size` bytes of a buffer announced by sharedBufferCreated. The receiver answers
# sharedBufferReleased once it no longer reads them, and only then may the sender reuse it.
struct SharedBufferSlice {
  buffer @0 :UInt32;
  size @1 :UInt64;
}

struct SharedMemory {
  attachment @0 :UInt8;
  size @1 :UInt64;
}

struct Envelope {
  senderId @0 :UInt32;     # 0 is the main (browser) process
  recipientId @1 :UInt32;
  requestId @2 :UInt64;    # pairs a reply with its request; 0 when none is expected
  timestampNs @3 :Int64;   # CLOCK_MONOTONIC at send; one clock for all processes on a machine

  body :union {
    # Navigation
    navigateToUrl @4 :NavigateToUrl;
    navigationComplete @5 :NavigationComplete;
    # Rendering
    renderFrame @6 :RenderFrame;
    frameRendered @7 :FrameRendered;
    # AI
    aiAnalyzeContent @8 :AiAnalyzeContent;
    aiResultReady @9 :AiResultReady;
    # Input
    inputEvent @10 :InputEvent;
    # Resources
    loadResource @11 :LoadResource;
    resourceLoaded @12 :ResourceLoaded;
    # Lifecycle
    processReady @13 :ProcessReady;
    processTerminated @14 :ProcessTerminated;
    heartbeat @15 :Heartbeat;
    heartbeatAck @16 :Heartbeat;
    memoryPressure @17 :MemoryPressure;
    shutdown @18 :Shutdown;
    resetState @19 :ResetState;
    debugAction @20 :DebugAction;
    # Zygote
    zygoteFork @21 :ZygoteFork;
    zygoteForked @22 :ZygoteForked;
    zygoteChildExited @23 :ZygoteChildExited;
    # Reusable shared buffers (frames painted in place)
    sharedBufferCreated @24 :SharedBufferCreated;
    sharedBufferReleased @25 :SharedBufferReleased;
    # Sandbox
    sandboxViolation @26 :SandboxViolation;
    # Hit testing and renderer-initiated navigation (a clicked link)
    hitTest @27 :HitTest;
    hitTestResult @28 :HitTestResult;
    openUrl @29 :OpenUrl;
    # Main no longer wants a load it sent (its tab navigated away)
    cancelLoad @30 :CancelLoad;
    # Cookies: the network service's jar, mirrored and persisted by main
    cookieChanged @31 :CookieChanged;
    restoreCookies @32 :RestoreCookies;
    # Large bodies arrive in pieces before their RESOURCE_LOADED
    resourceChunk @33 :ResourceChunk;
    # A page's content for the AI features (spec: Main -> Renderer (get content) -> Main -> AI)
    getPageContent @34 :GetPageContent;
    pageContent @35 :PageContent;
    aiCancelTab @36 :AiCancelTab;
    # Scripts: an expression evaluated in a tab's page (`nexus eval`), and its console
    evaluateScript @37 :EvaluateScript;
    scriptResult @38 :ScriptResult;
    consoleMessage @39 :ConsoleMessage;
    # document.cookie = ...: renderer to main, which names the URL and passes it to the network
    setDocumentCookie @40 :SetDocumentCookie;
    # history.pushState / replaceState: the page's URL changed without a navigation
    urlChanged @41 :UrlChanged;
  }
}

struct SetDocumentCookie {
  tabId @0 :UInt32;
  url @1 :Text;      # filled by main (the tab's URL), never taken from a renderer
  cookie @2 :Text;   # what the script assigned: a Set-Cookie header's value
}

struct UrlChanged {
  tabId @0 :UInt32;
  url @1 :Text;      # same origin as the page's, checked by main
  replace @2 :Bool;  # replaceState: no new history entry
}

struct EvaluateScript {
  tabId @0 :UInt32;
  expression @1 :Text;
}

struct ScriptResult {
  tabId @0 :UInt32;
  json @1 :Text;   # the value as JSON
  error @2 :Text;  # or why there is none ("Uncaught ...")
}

struct ConsoleMessage {
  tabId @0 :UInt32;
  level @1 :Text;   # log, info, warn, error
  text @2 :Text;
  source @3 :Text;  # the script's URL
  line @4 :UInt32;  # 0 when unknown
}

struct NavigateToUrl {
  tabId @0 :UInt32;
  url @1 :Text;
  mimeType @2 :Text;
  document @3 :Payload;   # fetched by main: renderers never open files or sockets
  viewportWidth @4 :UInt32;   # CSS pixels the page is laid out for
  viewportHeight @5 :UInt32;
  cookies @6 :Text;       # what document.cookie starts as (no HttpOnly cookies)
}

struct NavigationComplete {
  tabId @0 :UInt32;
  url @1 :Text;
  title @2 :Text;
  textLength @3 :UInt64;  # characters of visible text, whitespace collapsed
  elementCount @4 :UInt32;
  error @5 :Text;         # empty on success
}

struct RenderFrame {
  tabId @0 :UInt32;
  width @1 :UInt32;
  height @2 :UInt32;
  fullPage @3 :Bool;      # height grows to the document's (up to kMaxFrameHeight)
}

struct FrameRendered {
  tabId @0 :UInt32;
  width @1 :UInt32;
  height @2 :UInt32;
  stride @3 :UInt32;
  pixels @4 :Payload;     # premultiplied ARGB32, in a sealed memfd
  error @5 :Text;         # empty on success
}

# Page coordinates (CSS pixels from the document's top left).
struct HitTest {
  tabId @0 :UInt32;
  x @1 :Int32;
  y @2 :Int32;
}

struct HitTestResult {
  tabId @0 :UInt32;
  found @1 :Bool;
  tag @2 :Text;           # innermost element at the point
  elementId @3 :Text;
  link @4 :Text;          # absolute URL of the enclosing <a href>; empty if none
  x @5 :Int32;            # the element's border box
  y @6 :Int32;
  width @7 :Int32;
  height @8 :Int32;
}

# The renderer asks main to navigate its tab (a link was clicked). Main decides: it checks
# the tab, the URL and where the page may go, as for any renderer-initiated navigation.
struct OpenUrl {
  tabId @0 :UInt32;
  url @1 :Text;
  # A form's POST (method "POST", the encoded body and its type); empty method: GET.
  method @2 :Text;
  body @3 :Payload;
  contentType @4 :Text;
  replace @5 :Bool;       # location.replace: the new page takes the current entry's place
}

enum AiTask {
  analyzeContent @0;
  detectLanguage @1;
  classifyTopic @2;
  classifyIntent @3;
  embedText @4;          # a unit vector for the text (recommendations: nexus related)
  recognizeText @5;
}

struct AiAnalyzeContent {
  tabId @0 :UInt32;
  task @1 :AiTask;
  input @2 :Payload;
  priority @3 :UInt8;     # 0: a user is waiting; larger: later
  deadlineMs @4 :UInt32;  # answer within this, or fail; 0: no deadline
  site @5 :Text;          # the requesting tab's site, filled by main: batches never mix sites
}

# A tab closed or navigated away: its queued AI requests are dropped.
struct AiCancelTab {
  tabId @0 :UInt32;
}

struct GetPageContent {
  tabId @0 :UInt32;
}

struct PageContent {
  tabId @0 :UInt32;
  url @1 :Text;
  title @2 :Text;
  text @3 :Payload;            # visible text, one block (paragraph, heading, item) per line
  imageUrls @4 :List(Text);    # absolute URLs of the page's <img> elements, in order
}

struct ContentAnalysis {
  language @0 :Text;           # ISO 639-1, "und" when undetermined
  languageScore @1 :Float32;
  keywords @2 :List(AiLabel);
  summary @3 :List(Text);
  wordCount @4 :UInt32;
  readingSeconds @5 :UInt32;
  topic @6 :Text;              # technology, sports, food, travel, finance, health, science,
  topicScore @7 :Float32;      # entertainment; "" when the topic model is unavailable
}

struct AiLabel {
  name @0 :Text;
  score @1 :Float32;
}

struct AiResultReady {
  tabId @0 :UInt32;
  task @1 :AiTask;
  labels @2 :List(AiLabel);
  text @3 :Text;
  error @4 :Text;
  analysis @5 :ContentAnalysis;  # for analyzeContent
  vector @6 :List(Float32);      # for embedText
  model @7 :Text;                # which model answered: vectors of two models do not compare
}

enum InputKind {
  mouseMove @0;
  mouseDown @1;
  mouseUp @2;
  wheel @3;
  keyDown @4;
  keyUp @5;
}

struct InputEvent {
  tabId @0 :UInt32;
  kind @1 :InputKind;
  x @2 :Float32;
  y @3 :Float32;
  key @4 :Text;
  modifiers @5 :UInt32;
}

enum ResourceKind {
  document @0;
  stylesheet @1;
  image @2;
  download @3;    # saved to a file by main, never shown
  script @4;      # a classic <script src>
  fetch @5;       # fetch() and XMLHttpRequest: any method, main applies same-origin and CORS
}

struct HttpHeader {
  name @0 :Text;
  value @1 :Text;
}

# A piece of a response body, in order, under the LOAD_RESOURCE's request id; the
# RESOURCE_LOADED that ends the response carries the rest.
struct ResourceChunk {
  data @0 :Payload;
}

struct CancelLoad {
  requestId @0 :UInt64;   # the LOAD_RESOURCE's request id
}

struct LoadResource {
  tabId @0 :UInt32;
  url @1 :Text;
  kind @2 :ResourceKind;
  # The site of the page that caused the load, for SameSite cookies; empty when the user did
  # (a typed URL is same-site by definition). Main fills it, never a renderer.
  siteForCookies @3 :Text;
  # For fetch (and a form's POST navigation): the method ("" is GET), headers and body.
  # A renderer's headers are checked by main (no forbidden names such as Cookie or Host).
  method @4 :Text;
  headers @5 :List(HttpHeader);
  body @6 :Payload;
  omitCookies @7 :Bool;   # a cross-origin fetch: no cookies sent, none stored (credentials "same-origin")
}

# services/network/public/cookie.h
struct CookieRecord {
  name @0 :Text;
  value @1 :Text;
  domain @2 :Text;
  path @3 :Text;
  hostOnly @4 :Bool;
  secure @5 :Bool;
  httpOnly @6 :Bool;
  persistent @7 :Bool;
  expiryMs @8 :Int64;
  creationMs @9 :Int64;
  lastAccessMs @10 :Int64;
  sameSite @11 :UInt8;
}

struct CookieChanged {
  cookie @0 :CookieRecord;
  removed @1 :Bool;
}

# Sent to a (re)started network service before any load, in batches.
struct RestoreCookies {
  cookies @0 :List(CookieRecord);
}

struct ResourceLoaded {
  tabId @0 :UInt32;
  url @1 :Text;
  status @2 :UInt16;
  mimeType @3 :Text;
  body @4 :Payload;
  error @5 :Text;
  finalUrl @6 :Text;      # where redirects ended; empty when there were none
  headers @7 :List(HttpHeader);  # the response's (for fetch; CORS filters them for pages)
  cookies @8 :Text;       # to a renderer's fetch: document.cookie after the response
}

struct ProcessReady {
  type @0 :ProcessType;
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

# Sent from the SIGSYS handler just before the process dies: the call the filter refused.
struct SandboxViolation {
  syscall @0 :Int32;
}

struct ProcessTerminated {
  processId @0 :UInt32;
  reason @1 :Text;
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

struct Shutdown {}

struct ResetState {}

# Browser-initiated test actions (the nexus://crash family, like chrome://crash); a page can
# never send these, only main can.
enum DebugActionKind {
  crash @0;
  hang @1;
  allocate @2;
  sendGarbage @3;
  sendForbiddenMessage @4;
  blockedSyscall @5;      # call something the sandbox forbids (a socket, for most types)
  sendThroughMain @6;     # renderer: address AI_ANALYZE_CONTENT to process relayTo via main
}

struct DebugAction {
  kind @0 :DebugActionKind;
  megabytes @1 :UInt32;
  relayTo @2 :UInt32;     # sendThroughMain: the process id to address
}

struct ZygoteFork {
  childId @0 :UInt32;
  type @1 :ProcessType;
  channelAttachment @2 :UInt8;
  niceValue @3 :Int8;
  memoryLimitBytes @4 :UInt64;  # the child's sandbox sets RLIMIT_DATA from it
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

# --- Control socket: `nexus ps`, a second instance handing over a URL, tests. ---

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
    addressBarInput @17 :TabUrl;  # what a user typed: opened as an address or searched for
    analyzeTab @18 :UInt32;       # the page a tab shows, analysed (the reply: JSON text)
    screenshot @19 :TabScreenshot;  # what a tab shows now, as PNG
    typeText @20 :TabUrl;   # `url` holds text typed into the focused element, key by key
    pressKey @21 :TabUrl;   # `url` holds one key's name: Enter, Tab, Backspace, Escape...
  }
}

struct TabScreenshot {
  tabId @0 :UInt32;
  path @1 :Text;       # absolute; main writes the PNG there
  fullPage @2 :Bool;
}

struct TabPoint {
  tabId @0 :UInt32;
  x @1 :Int32;
  y @2 :Int32;
}

struct TabUrl {
  tabId @0 :UInt32;
  url @1 :Text;
}

struct ProcessStats {
  processId @0 :UInt32;
  type @1 :ProcessType;
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
  type @0 :ProcessType;
  recentCrashes @1 :UInt32;
  disabled @2 :Bool;
}

struct ControlReply {
  union {
    error @0 :Text;
    ok @1 :Void;
    processes @2 :List(ProcessStats);
    tabs @3 :List(TabStats);
    openedTab @4 :UInt32;
    crashCounts @5 :List(CrashCount);
    sandbox @6 :List(ProcessSandbox);
    hitTest @7 :HitTestResult;
    text @8 :Text;
  }
}

# A memfd sealed against resizing, not writing (base/shared_memory.h SharedBuffer), attached
# to this message. Its ids are per channel and chosen by the sender.
struct SharedBufferCreated {
  buffer @0 :UInt32;
  attachment @1 :UInt8;
  size @2 :UInt64;
}

struct SharedBufferReleased {
  buffer @0 :UInt32;
}

# One child's sandbox as `nexus sandbox-status` shows it (sandbox/sandbox_status.h).
struct ProcessSandbox {
  processId @0 :UInt32;
  type @1 :ProcessType;
  pid @2 :Int32;
  layers @3 :List(SandboxLayer);
  missing @4 :List(Text);  # layers the process could not enter, with the reason
}

struct SandboxLayer {
  name @0 :Text;
  active @1 :Bool;
  detail @2 :Text;
}
