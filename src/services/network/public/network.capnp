# Main and the network service (services/network): main asks for loads and owns every field
# that decides what a load may carry (the URL, the site for cookies, whether cookies go);
# the service answers with bodies and reports its cookie jar's changes for main to keep.
@0xb40e44cfe80cbde9;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::network::schema");

using Envelope = import "/ipc/envelope.capnp";

struct BrowserToNetwork {
  union {
    load @0 :Load;
    cancelLoad @1 :UInt64;          # the load's request id: its tab navigated away
    restoreCookies @2 :List(CookieRecord);  # to a (re)started service before any load
    setCookie @3 :ScriptCookie;     # document.cookie = ...: for main's URL, never HttpOnly
    clearSiteData @4 :SiteData;     # `nexus clear-site-data`: a site's cookies and cache
  }
}

struct NetworkToBrowser {
  union {
    loaded @0 :ResourceLoaded;
    # A piece of a response body, in order, under the load's request id; the `loaded` that
    # ends the response carries the rest.
    chunk @1 :Envelope.Payload;
    cookieChanged @2 :CookieChanged;
    # A cache entry that did not decode (a disk error, an older version) was dropped: why.
    # Main counts them where `nexus ps` shows them.
    damagedCacheEntry @3 :Text;
  }
}

enum ResourceKind {
  document @0;
  stylesheet @1;
  image @2;
  download @3;    # saved to a file by main, never shown
  script @4;      # a classic <script src>
  fetch @5;       # fetch() and XMLHttpRequest: any method, main applies same-origin and CORS
  font @6;        # an @font-face source: a CORS request, as browsers make it
}

struct HttpHeader {
  name @0 :Text;
  value @1 :Text;
}

struct Load {
  url @0 :Text;
  kind @1 :ResourceKind;
  # The site of the page that caused the load, for SameSite cookies; empty when the user did
  # (a typed URL is same-site by definition).
  siteForCookies @2 :Text;
  # For fetch (and a form's POST navigation): the method ("" is GET), headers and body.
  method @3 :Text;
  headers @4 :List(HttpHeader);
  body @5 :Envelope.Payload;
  omitCookies @6 :Bool;   # a cross-origin fetch: no cookies sent, none stored
}

struct SiteData {
  cookieDomain @0 :Text;   # the registrable domain: its cookies and its subdomains' go
  origin @1 :Text;         # the HTTP cache's entries of this origin go
}

struct ScriptCookie {
  url @0 :Text;      # the page's, as main knows it
  cookie @1 :Text;   # what the script assigned: a Set-Cookie header's value
}

struct ResourceLoaded {
  url @0 :Text;
  status @1 :UInt16;
  mimeType @2 :Text;
  body @3 :Envelope.Payload;
  error @4 :Text;
  finalUrl @5 :Text;      # where redirects ended; empty when there were none
  headers @6 :List(HttpHeader);
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
