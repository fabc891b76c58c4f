# Main and a renderer (services/renderer): main hands a renderer its documents, frames to
# paint and input; a renderer asks main for everything else. Nothing a renderer says is taken
# as fact: main checks the tab is the renderer's and fills the URL, site and cookies itself.
@0xbb12d825e93b64dd;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::renderer::schema");

using Envelope = import "/ipc/envelope.capnp";
using Network = import "/services/network/public/network.capnp";
using Storage = import "/services/storage/public/storage.capnp";

struct BrowserToRenderer {
  union {
    navigate @0 :NavigateToUrl;
    renderFrame @1 :RenderFrame;
    inputEvent @2 :InputEvent;
    hitTest @3 :HitTest;
    getPageContent @4 :UInt32;    # the tab whose content the AI features want
    evaluateScript @5 :EvaluateScript;
    resourceLoaded @6 :ResourceLoaded;  # the answer to a loadResource
    connectCompositor @7 :ConnectCompositor;
    showTab @8 :ShowTab;
    storageOpened @9 :StorageOpened;    # the answer to an openStorage
    storageEvent @10 :StorageEvent;
    idbResult @11 :PageIdbResult;       # the answer to an indexedDb request
    storageEstimate @12 :StorageEstimate;  # the answer to estimateStorage
    # Another page of the origin upgraded or deleted an IndexedDB database: the page's open
    # connections to it hear "versionchange" (and usually close).
    idbVersionChange @13 :IdbVersionChange;
  }
}

struct IdbVersionChange {
  tabId @0 :UInt32;
  database @1 :Text;
  oldVersion @2 :UInt64;
  newVersion @3 :UInt64;   # 0: deleted
}

# A channel main brokered to the GPU process (its end in the message's one attachment), for
# the frames of the tabs main shows (services/gpu/public/gpu.capnp). A new one replaces the
# last (the GPU process restarted).
struct ConnectCompositor {
  gpuId @0 :UInt32;       # the process id the GPU process's messages carry
  attachment @1 :UInt8;
}

# The tab is the one a window shows (or no longer): its page is painted for the compositor,
# at this viewport, whenever it changes.
struct ShowTab {
  tabId @0 :UInt32;
  shown @1 :Bool;
  viewportWidth @2 :UInt32;
  viewportHeight @3 :UInt32;
}

struct RendererToBrowser {
  union {
    navigationComplete @0 :NavigationComplete;
    frameRendered @1 :FrameRendered;
    hitTestResult @2 :HitTestResult;
    openUrl @3 :OpenUrl;
    pageContent @4 :PageContent;
    scriptResult @5 :ScriptResult;
    consoleMessage @6 :ConsoleMessage;
    loadResource @7 :ResourceRequest;
    setDocumentCookie @8 :DocumentCookie;
    urlChanged @9 :UrlChanged;
    focusChanged @10 :FocusChanged;
    # Web storage: the page's first use of localStorage or sessionStorage waits for the
    # area's contents (the renderer blocks on the answer, as Chromium's sync IPC does);
    # changes go one by one without an answer. Main names the origin, from the tab.
    openStorage @11 :StorageOpen;
    writeStorage @12 :StorageWrite;
    # IndexedDB: main adds the origin and the page and passes the request to the storage
    # service; its answer comes back under the request's id.
    indexedDb @13 :PageIdbRequest;
    estimateStorage @14 :UInt32;    # navigator.storage.estimate() for the tab's page
    formEdited @15 :FormEdit;       # the user typed into a field: main keeps it in the session
  }
}

struct FormEdit {
  tabId @0 :UInt32;
  field @1 :Text;    # "#id", or the element's path from <html> ("1/0/3")
  value @2 :Text;
  documentId @3 :UInt64;   # NavigateToUrl.documentId of the page
}

struct PageIdbRequest {
  tabId @0 :UInt32;
  request @1 :Storage.IdbRequest;
  documentId @2 :UInt64;
}

struct PageIdbResult {
  tabId @0 :UInt32;
  result @1 :Storage.IdbResult;
}

struct StorageEstimate {
  tabId @0 :UInt32;
  usage @1 :UInt64;
  quota @2 :UInt64;
  error @3 :Text;
}

enum StorageArea {
  local @0;     # localStorage: the origin's, on disk in the storage service
  session @1;   # sessionStorage: the tab's for the origin, in main
}

struct StorageOpen {
  tabId @0 :UInt32;
  area @1 :StorageArea;
  documentId @2 :UInt64;
}

struct StorageOpened {
  tabId @0 :UInt32;
  entries @1 :Envelope.Payload;   # key and value pairs (ipc/string_pairs.h)
  error @2 :Text;                 # "SecurityError: ..." when the page may have none
}

struct StorageWrite {
  tabId @0 :UInt32;
  area @1 :StorageArea;
  operation @2 :Storage.AreaOperation;
  key @3 :Text;
  value @4 :Envelope.Payload;
  documentId @5 :UInt64;
}

# Another tab of the page's origin changed localStorage (HTML's "storage" event).
struct StorageEvent {
  tabId @0 :UInt32;
  key @1 :Text;
  cleared @2 :Bool;               # clear(): key and values are null
  oldValue @3 :Envelope.Payload;
  hadOldValue @4 :Bool;
  newValue @5 :Envelope.Payload;
  hasNewValue @6 :Bool;
  url @7 :Text;                   # the document that made the change
}

# Whether the page's focused element takes typing (a text field, a textarea, contenteditable):
# then the browser leaves Space, the arrows, Home and End to it instead of scrolling.
struct FocusChanged {
  tabId @0 :UInt32;
  editable @1 :Bool;
}

# A stylesheet, image, script or fetch() a page wants. Main decides whether the page may have
# it and how it is loaded (same-origin rules, CORS, cookies).
struct ResourceRequest {
  tabId @0 :UInt32;
  url @1 :Text;
  kind @2 :Network.ResourceKind;   # never `document`: a renderer loads no documents
  # For fetch (and a form's POST navigation): the method ("" is GET), headers and body.
  # Main refuses forbidden names such as Cookie or Host.
  method @3 :Text;
  headers @4 :List(Network.HttpHeader);
  body @5 :Envelope.Payload;
  documentId @6 :UInt64;
}

struct ResourceLoaded {
  tabId @0 :UInt32;
  url @1 :Text;
  status @2 :UInt16;
  mimeType @3 :Text;
  body @4 :Envelope.Payload;
  error @5 :Text;
  finalUrl @6 :Text;      # where redirects ended; empty when there were none
  headers @7 :List(Network.HttpHeader);  # for fetch: what CORS lets the page see
  cookies @8 :Text;       # for fetch: document.cookie after the response
}

# document.cookie = ...: main sets it for the tab's URL, which it knows itself.
struct DocumentCookie {
  tabId @0 :UInt32;
  cookie @1 :Text;   # what the script assigned: a Set-Cookie header's value
  documentId @2 :UInt64;
}

struct NavigateToUrl {
  tabId @0 :UInt32;
  url @1 :Text;
  mimeType @2 :Text;
  document @3 :Envelope.Payload;   # fetched by main: renderers never open files or sockets
  viewportWidth @4 :UInt32;   # CSS pixels the page is laid out for
  viewportHeight @5 :UInt32;
  cookies @6 :Text;       # what document.cookie starts as (no HttpOnly cookies)
  # What the user had typed into the page's fields (a reload, a crashed tab or browser brought
  # back): put back before its scripts run.
  formFields @7 :List(FormEdit);
  # Main's id of this document: what the renderer sends about the page carries it back, so
  # that main can tell the page that asks from a page the tab has since left.
  documentId @8 :UInt64;
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
  pixels @4 :Envelope.Payload;     # premultiplied ARGB32, in a sealed memfd
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
  body @3 :Envelope.Payload;
  contentType @4 :Text;
  replace @5 :Bool;       # location.replace: the new page takes the current entry's place
}

struct InputEvent {
  tabId @0 :UInt32;
  kind @1 :InputKind;
  x @2 :Float32;
  y @3 :Float32;
  key @4 :Text;
  modifiers @5 :UInt32;
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

struct UrlChanged {
  tabId @0 :UInt32;
  url @1 :Text;      # same origin as the page's, checked by main
  replace @2 :Bool;  # replaceState: no new history entry
}

struct PageContent {
  tabId @0 :UInt32;
  url @1 :Text;
  title @2 :Text;
  text @3 :Envelope.Payload;            # visible text, one block (paragraph, heading, item) per line
  imageUrls @4 :List(Text);    # absolute URLs of the page's <img> elements, in order
}

enum InputKind {
  mouseMove @0;
  mouseDown @1;
  mouseUp @2;
  wheel @3;
  keyDown @4;
  keyUp @5;
}
