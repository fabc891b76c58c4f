// Fetches documents for main. Renderers never read files or open sockets: main reads file://
// itself and asks the network service for the rest (data: now; http(s) with the network
// service's HTTP support).
#pragma once

#include <string>

#include "base/result.h"
#include "services/browser/url.h"

namespace nexus::browser {

struct Document {
  std::string mime_type;
  std::string bytes;
};

// The largest document main hands to a renderer.
inline constexpr size_t kMaxDocumentBytes = 64 * 1024 * 1024;

Result<Document> ReadFileDocument(const Url& url);
// The page a tab shows when `url` could not be loaded: the cause, escaped.
std::string ErrorPageHtml(const std::string& url, const std::string& error);
std::string MimeTypeForPath(const std::string& path);

}  // namespace nexus::browser
