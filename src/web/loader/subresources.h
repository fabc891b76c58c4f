// Which subresources a page needs before it can be laid out (spec "Renderer Process":
// resource loading). The renderer asks main for each one (LOAD_RESOURCE); it never fetches
// anything itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "web/dom/node.h"
#include "web/url/url.h"

namespace nexus::web {

// What a page asks for beside its document.
enum class ResourceKind { kStylesheet, kImage, kScript, kFetch, kFont };

struct Subresource {
  std::string url;  // absolute
  ResourceKind kind;
  bool operator==(const Subresource&) const = default;
};

// The most subresources one page may ask for; the rest are not loaded (logged).
inline constexpr size_t kMaxSubresourcesPerPage = 256;

// The document's base URL: the first <base href>, resolved against the document's URL.
Url DocumentBaseUrl(const dom::Document& document, const Url& url);

// <link rel=stylesheet href>, <img src>, classic <script src>, and what inline <style>
// elements and style="" attributes reference, in document order, without duplicates.
std::vector<Subresource> CollectSubresources(const dom::Document& document, const Url& base);

// A <link> whose rel lists "stylesheet".
bool IsStylesheetLink(const dom::Element& link);

// A <script> the page runs as a classic script: no type, or a JavaScript MIME type (modules
// and data blocks are not).
bool IsClassicScript(const dom::Element& script);

// What a stylesheet references: @import rules (stylesheets), @font-face rules' fonts (the
// first source in a format this engine reads) and the other url() values (images),
// resolved against `base` (the stylesheet's own URL). Comments and strings are skipped.
std::vector<Subresource> CssReferences(std::string_view css, const Url& base);

}  // namespace nexus::web
